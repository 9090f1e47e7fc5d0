"""The topic list API writes its rows without DRF's work per field; each row must still be what
TopicSummarySerializer (the schema's description of a row) writes, field for field and in the same order."""
import json

from topics_app.api.serializers import TopicSummarySerializer
from topics_app.services.health import Health
from topics_app.services.topics import TopicSummary

SUMMARIES = [
    TopicSummary("orders.v1", 12, 3, False, False, 1234567, 9876543210, Health(), None),
    TopicSummary("__consumer_offsets", 50, 3, True, True, 0, 0, Health(2, 1, 0, 3), 12.5),
    TopicSummary("<b>&amp;</b>", 1, 1, False, False, 10**20, 1, Health(offline=1), 2.5e-07),
    TopicSummary("zero-rate", 3, 2, False, True, 7, 0, Health(under_min_isr=3), 0.0),
]


def test_each_row_has_the_serializers_fields_values_and_order():
    for summary in SUMMARIES:
        written = summary.as_dict()
        assert written == TopicSummarySerializer(summary).data
        assert json.dumps(written) == json.dumps(TopicSummarySerializer(summary).data)


def test_a_row_does_not_share_its_health_with_the_summary_it_came_from():
    summary = SUMMARIES[1]
    summary.as_dict()["health"]["offline"] = 99
    assert summary.health.offline == 0
