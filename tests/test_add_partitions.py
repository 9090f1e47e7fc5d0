"""Adding partitions: only increases, with the warning about keys moving."""
from tests.topics import kafka_describe, make_topic


def test_the_api_raises_the_partition_count(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=2)

    response = as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/partitions/", {"count": 5},
                             content_type="application/json")

    assert response.status_code == 200
    assert len(kafka_describe(topic)) == 5


def test_the_page_warns_that_keys_move_and_needs_the_warning_acknowledged(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=2)
    url = f"/clusters/{cluster.name}/topics/{topic}/partitions/"

    page = as_admin.get(url).content.decode()
    unacknowledged = as_admin.post(url, {"count": 4})
    acknowledged = as_admin.post(url, {"count": 4, "understood": "on"})

    assert "same key will go to a different partition" in page
    assert '<strong id="current-count">2</strong>' in page
    assert "understood" in unacknowledged.context["form"].errors
    assert acknowledged.status_code == 302
    assert len(kafka_describe(topic)) == 4


def test_decreasing_or_keeping_the_count_is_refused_with_the_current_count(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=3)
    url = f"/api/v1/clusters/{cluster.name}/topics/{topic}/partitions/"

    for count in (2, 3):
        response = as_admin.post(url, {"count": count}, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["field"] == "count"
        assert "has 3 partitions" in response.json()["detail"]
    page = as_admin.post(f"/clusters/{cluster.name}/topics/{topic}/partitions/", {"count": 1, "understood": "on"})
    assert "has 3 partitions" in " ".join(page.context["form"].errors["count"])
    assert len(kafka_describe(topic)) == 3


def test_only_admins_add_partitions(cluster, as_operator, as_viewer, unique_name):
    topic = make_topic(unique_name(), partitions=1)
    for client in (as_operator, as_viewer):
        assert client.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/partitions/", {"count": 2},
                           content_type="application/json").status_code == 403
        assert client.post(f"/clusters/{cluster.name}/topics/{topic}/partitions/",
                           {"count": 2, "understood": "on"}).status_code == 403
    assert len(kafka_describe(topic)) == 1
