"""A shift over all partitions, where one partition has no committed offset: the others are reset, the
answer and the page name the partition left out and why."""
from tests.kafka_groups import commit, committed_offsets
from tests.topics import create_topic, numbered, produce_records
from topics_app.models import AuditEntry


def a_group_with_a_partition_never_committed(unique_name):
    topic, group = unique_name("reset"), unique_name("g")
    create_topic(topic, 3)
    produce_records(topic, numbered({p: 10 for p in range(3)}))
    commit(group, topic, {0: 5, 2: 6})
    return topic, group


def test_the_api_shifts_the_others_and_lists_the_partition_left_out(cluster, as_operator, unique_name):
    topic, group = a_group_with_a_partition_never_committed(unique_name)

    response = as_operator.post(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/",
                                {"topic": topic, "to": "shift", "value": -2, "dry_run": False},
                                content_type="application/json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert [(r["partition"], r["current"], r["new"]) for r in body["partitions"]] == [(0, 5, 3), (2, 6, 4)]
    assert body["skipped"] == [{"partition": 1, "reason": "no committed offset to shift from"}]
    assert committed_offsets(group, topic, [0, 1, 2]) == {0: 3, 2: 4}
    assert AuditEntry.objects.get(action="reset_offsets", target=group).details["skipped"] == {
        "1": "no committed offset to shift from"}


def test_the_page_shows_the_partition_left_out_and_applies_to_the_others(cluster, as_operator, unique_name):
    topic, group = a_group_with_a_partition_never_committed(unique_name)
    url = f"/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/"
    form = {"topic": topic, "partitions": "", "to": "shift", "shift": "-2"}

    preview = as_operator.post(url, form)
    applied = as_operator.post(url, {**form, "confirm": "apply"}, follow=True)

    html = preview.content.decode()
    assert 'id="reset-skipped"' in html and "partition 1: no committed offset to shift from" in html
    assert "Apply reset to 2 partitions" in html
    assert committed_offsets(group, topic, [0, 1, 2]) == {0: 3, 2: 4}
    assert "Left out: partition 1 (no committed offset to shift from)." in {str(m) for m in applied.context["messages"]}
