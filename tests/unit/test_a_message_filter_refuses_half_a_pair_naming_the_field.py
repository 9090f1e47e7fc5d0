"""A filter that cannot mean anything is refused up front, naming the field to fix."""
import pytest

from streams_app.services.filters import MessageFilter
from topics_app.errors import InvalidRequest


@pytest.mark.parametrize("fields, field_at_fault", [
    ({"header_value": "abc"}, "header_key"),
    ({"json_value": "42"}, "json_path"),
    ({"json_path": "user..id"}, "json_path"),
    ({"json_path": ".id"}, "json_path"),
    ({"json_path": "user."}, "json_path"),
])
def test_an_incomplete_filter_is_refused(fields, field_at_fault):
    with pytest.raises(InvalidRequest) as refused:
        MessageFilter(**fields)

    assert refused.value.field == field_at_fault
    assert refused.value.status == 400
