"""Reset offsets: a dry run first, then the change Kafka itself would make, refused while the group is live."""
import time

from kafka import KafkaConsumer, TopicPartition

from tests.conftest import BOOTSTRAP
from tests.kafka_groups import commit, committed_offsets, join, kafka_describe
from tests.topics import create_topic, numbered, produce_records
from topics_app.models import AuditEntry


def reset(client, cluster, group, **body):
    return client.post(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/", body,
                       content_type="application/json")


def a_group(unique_name, partitions=3, records=10, committed=None):
    topic, group = unique_name("reset"), unique_name("g")
    create_topic(topic, partitions)
    produce_records(topic, numbered({p: records for p in range(partitions)}))
    commit(group, topic, committed or {p: 5 for p in range(partitions)})
    return topic, group


def test_a_dry_run_shows_the_plan_and_changes_nothing(cluster, as_operator, unique_name):
    topic, group = a_group(unique_name)
    before = kafka_describe(group)

    response = reset(as_operator, cluster, group, topic=topic, to="earliest", dry_run=True)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True and body["applied"] is False
    assert [(r["partition"], r["current"], r["new"]) for r in body["partitions"]] == [(0, 5, 0), (1, 5, 0), (2, 5, 0)]
    assert kafka_describe(group) == before
    assert not AuditEntry.objects.filter(target=group).exists()


def test_dry_run_is_the_default_when_the_request_does_not_say(cluster, as_operator, unique_name):
    topic, group = a_group(unique_name)

    body = reset(as_operator, cluster, group, topic=topic, to="latest").json()

    assert body["dry_run"] is True
    assert committed_offsets(group, topic, [0, 1, 2]) == {0: 5, 1: 5, 2: 5}


def test_applying_moves_the_chosen_partitions_only_and_is_audited(cluster, as_operator, unique_name):
    topic, group = a_group(unique_name)

    response = reset(as_operator, cluster, group, topic=topic, partitions=[0, 2], to="offset", value=8,
                     dry_run=False)

    assert response.status_code == 200, response.content
    assert response.json()["applied"] is True
    assert committed_offsets(group, topic, [0, 1, 2]) == {0: 8, 1: 5, 2: 8}
    assert {k[1]: v[0] for k, v in kafka_describe(group).items()} == {0: 8, 1: 5, 2: 8}
    entry = AuditEntry.objects.get(action="reset_offsets", target=group)
    assert entry.result == "ok" and entry.username == "operator-persona"
    assert entry.details["offsets"] == {"0": [5, 8], "2": [5, 8]}


def test_a_reset_to_a_timestamp_lands_where_offsets_for_times_says(cluster, as_operator, unique_name):
    topic, group = unique_name("reset"), unique_name("g")
    create_topic(topic, 2)
    base = int(time.time() * 1000) - 3_600_000
    produce_records(topic, numbered({0: 10, 1: 10}, timestamps={0: [base + i * 1000 for i in range(10)],
                                                1: [base + i * 2000 for i in range(10)]}))
    commit(group, topic, {0: 0, 1: 0})
    target = base + 6500
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP)
    expected = {tp.partition: found.offset for tp, found in consumer.offsets_for_times(
        {TopicPartition(topic, 0): target, TopicPartition(topic, 1): target}).items()}
    consumer.close()

    response = reset(as_operator, cluster, group, topic=topic, to="timestamp", value=target, dry_run=False)

    assert response.status_code == 200, response.content
    assert expected == {0: 7, 1: 4}
    assert committed_offsets(group, topic, [0, 1]) == expected


def test_a_timestamp_after_the_last_record_lands_on_the_log_end(cluster, as_operator, unique_name):
    topic, group = a_group(unique_name, partitions=1)

    body = reset(as_operator, cluster, group, topic=topic, to="timestamp", value="2999-01-01T00:00:00Z").json()

    assert [(r["current"], r["new"]) for r in body["partitions"]] == [(5, 10)]


def test_shift_clamps_at_the_earliest_and_at_the_log_end(cluster, as_operator, unique_name):
    topic, group = a_group(unique_name, partitions=2, committed={0: 2, 1: 8})

    back = reset(as_operator, cluster, group, topic=topic, to="shift", value=-5).json()["partitions"]
    ahead = reset(as_operator, cluster, group, topic=topic, to="shift", value=5).json()["partitions"]
    applied = reset(as_operator, cluster, group, topic=topic, to="shift", value=-5, dry_run=False)

    assert [(r["current"], r["new"], r["clamped"]) for r in back] == [(2, 0, True), (8, 3, False)]
    assert [(r["current"], r["new"], r["clamped"]) for r in ahead] == [(2, 7, False), (8, 10, True)]
    assert applied.status_code == 200
    assert committed_offsets(group, topic, [0, 1]) == {0: 0, 1: 3}


def test_an_active_group_is_refused_with_the_reason(cluster, as_operator, unique_name):
    topic, group = a_group(unique_name, partitions=1)
    consumer = join(group, topic)
    try:
        response = reset(as_operator, cluster, group, topic=topic, to="earliest", dry_run=False)
        page = as_operator.get(f"/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/")
        posted = as_operator.post(f"/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/",
                                  {"topic": topic, "to": "earliest", "confirm": "apply"})
    finally:
        consumer.close()

    assert response.status_code == 409
    assert "active member" in response.json()["detail"] and "stop its consumers" in response.json()["detail"]
    assert "1 active member" in page.content.decode()
    assert posted.status_code == 409 and "active member" in posted.content.decode()
    assert committed_offsets(group, topic, [0]) == {0: 5}
    assert set(AuditEntry.objects.filter(action="reset_offsets", target=group).values_list("result", flat=True)) \
        == {"failed"}


def test_bad_input_names_the_field_and_changes_nothing(cluster, as_operator, unique_name):
    topic, group = a_group(unique_name, partitions=2, committed={0: 5})
    cases = [
        (dict(topic=topic, to="yesterday"), "to"),
        (dict(topic=topic, to="offset"), "value"),
        (dict(topic=topic, to="offset", value="ten"), "value"),
        (dict(topic=topic, to="timestamp", value="not a date"), "value"),
        (dict(topic=topic, to="earliest", partitions=[0, 7]), "partitions"),
        (dict(topic=unique_name("missing"), to="earliest"), "topic"),
        (dict(topic=topic, to="shift", value=1, partitions=[0, 1]), "partitions"),
    ]
    for body, field in cases:
        response = reset(as_operator, cluster, group, **body, dry_run=False)
        assert response.status_code == 400, (body, response.content)
        error = response.json()
        assert field in (error.get("field"), *(error["detail"] if isinstance(error["detail"], dict) else ())), \
            (body, error)

    assert committed_offsets(group, topic, [0, 1]) == {0: 5}


def test_the_page_previews_first_and_applies_only_on_confirmation(cluster, as_operator, unique_name):
    topic, group = a_group(unique_name, partitions=2)
    url = f"/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/"

    preview = as_operator.post(url, {"topic": topic, "partitions": "1", "to": "shift", "shift": "-2"})

    html = preview.content.decode()
    assert preview.status_code == 200
    assert 'id="reset-plan"' in html and "Dry run" in html and 'name="confirm" value="apply"' in html
    assert committed_offsets(group, topic, [0, 1]) == {0: 5, 1: 5}

    applied = as_operator.post(url, {"topic": topic, "partitions": "1", "to": "shift", "shift": "-2",
                                     "confirm": "apply"})

    assert applied.status_code == 302
    assert committed_offsets(group, topic, [0, 1]) == {0: 5, 1: 3}


def test_the_page_form_shows_the_error_on_the_field(cluster, as_operator, unique_name):
    topic, group = a_group(unique_name, partitions=1)
    url = f"/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/"

    missing_value = as_operator.post(url, {"topic": topic, "to": "offset"})
    bad_partition = as_operator.post(url, {"topic": topic, "to": "earliest", "partitions": "4"})

    assert missing_value.status_code == 400
    assert missing_value.context["form"].errors == {"offset": ["Required for this kind of reset."]}
    assert bad_partition.status_code == 400
    assert list(bad_partition.context["form"].errors) == ["partitions"]
    assert committed_offsets(group, topic, [0]) == {0: 5}
