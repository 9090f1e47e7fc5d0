"""Purging deletes records before an offset; the confirm page says how many offsets will go."""
from tests.topics import kafka_earliest_offsets, make_topic


def test_the_confirm_page_counts_the_offsets_before_anything_is_deleted(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=3, messages_per_partition=10)
    url = f"/clusters/{cluster.name}/topics/{topic}/purge/"

    preview = as_admin.post(url, {"partition": "", "before_offset": ""})

    assert 'This deletes <strong id="purge-total">30</strong> offsets' in preview.content.decode()
    assert kafka_earliest_offsets(topic) == {0: 0, 1: 0, 2: 0}


def test_confirming_purges_every_partition(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=3, messages_per_partition=10)
    url = f"/clusters/{cluster.name}/topics/{topic}/purge/"

    response = as_admin.post(url, {"partition": "", "before_offset": "", "confirm": "yes"}, follow=True)

    assert kafka_earliest_offsets(topic) == {0: 10, 1: 10, 2: 10}
    assert "Purged 30 offsets" in response.content.decode()


def test_one_partition_is_purged_up_to_an_offset(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=2, messages_per_partition=10)
    url = f"/clusters/{cluster.name}/topics/{topic}/purge/"

    preview = as_admin.post(url, {"partition": "1", "before_offset": "4"})
    as_admin.post(url, {"partition": "1", "before_offset": "4", "confirm": "yes"})

    assert preview.context["plan"].total == 4
    assert kafka_earliest_offsets(topic) == {0: 0, 1: 4}


def test_the_api_purges_chosen_partitions_and_reports_the_counts(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=3, messages_per_partition=10)

    response = as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/purge/",
                             {"partitions": {"0": 3, "2": 10}}, content_type="application/json")

    assert response.json() == {"deleted": {"0": 3, "2": 10}, "total": 13}
    assert kafka_earliest_offsets(topic) == {0: 3, 1: 0, 2: 10}


def test_the_api_purges_everything_when_no_partitions_are_given(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=2, messages_per_partition=5)

    response = as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/purge/", {"partitions": None},
                             content_type="application/json")

    assert response.json()["total"] == 10
    assert kafka_earliest_offsets(topic) == {0: 5, 1: 5}


def test_an_offset_past_the_end_or_a_missing_partition_is_refused_and_nothing_is_purged(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=2, messages_per_partition=5)
    url = f"/api/v1/clusters/{cluster.name}/topics/{topic}/purge/"

    past_end = as_admin.post(url, {"partitions": {"0": 2, "1": 6}}, content_type="application/json")
    missing = as_admin.post(url, {"partitions": {"7": 1}}, content_type="application/json")

    assert past_end.status_code == missing.status_code == 400
    assert past_end.json()["field"] == "partitions"
    assert "latest offset 5" in past_end.json()["detail"]
    assert kafka_earliest_offsets(topic) == {0: 0, 1: 0}


def test_only_admins_purge(cluster, as_operator, as_viewer, unique_name):
    topic = make_topic(unique_name(), partitions=1, messages_per_partition=3)
    for client in (as_operator, as_viewer):
        assert client.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/purge/", {},
                           content_type="application/json").status_code == 403
        assert client.post(f"/clusters/{cluster.name}/topics/{topic}/purge/",
                           {"confirm": "yes"}).status_code == 403
    assert kafka_earliest_offsets(topic) == {0: 0}
