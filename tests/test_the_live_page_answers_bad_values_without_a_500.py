"""The live page reads its ring size and start from the query string; values it cannot use fall back to
the default ring or are said next to the start input, never a 500."""
import pytest

from tests.topics import create_topic


@pytest.mark.parametrize("ring", ["9" * 5000, "²", "99", "100001"])
def test_a_ring_size_it_cannot_use_falls_back_to_the_default(as_viewer, cluster, unique_name, ring):
    topic = create_topic(unique_name("live"))

    response = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/live/", {"ring": ring})

    assert response.status_code == 200
    assert response.context["ring"] == 5000


@pytest.mark.parametrize("start", ["100000000000000000000", "²"])
def test_a_start_no_date_can_show_is_said_at_the_input(as_viewer, cluster, unique_name, start):
    topic = create_topic(unique_name("live"))

    response = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/live/", {"from": start})

    assert response.status_code == 200
    assert "Give a date and time to start from." in response.content.decode()
