"""Deleting a topic: confirmed by typing its name; internal topics refused."""
from tests.kafka_groups import commit
from tests.topics import kafka_topic_names, make_topic


def test_the_page_deletes_only_after_the_name_is_typed(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1)
    url = f"/clusters/{cluster.name}/topics/{topic}/delete/"

    wrong = as_admin.post(url, {"confirm_name": topic + "x"})
    assert "confirm_name" in wrong.context["form"].errors
    assert topic in kafka_topic_names()

    right = as_admin.post(url, {"confirm_name": topic})
    assert right.status_code == 302
    assert topic not in kafka_topic_names()


def test_the_api_deletes_a_topic(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1)

    response = as_admin.delete(f"/api/v1/clusters/{cluster.name}/topics/{topic}/")

    assert response.status_code == 204
    assert topic not in kafka_topic_names()


def test_internal_topics_are_refused(cluster, as_admin, unique_name):
    # A first committed offset makes Kafka create its internal __consumer_offsets topic.
    topic = make_topic(unique_name(), partitions=1)
    commit(unique_name("group"), topic, {0: 0})

    page = as_admin.post(f"/clusters/{cluster.name}/topics/__consumer_offsets/delete/",
                         {"confirm_name": "__consumer_offsets"})
    api = as_admin.delete(f"/api/v1/clusters/{cluster.name}/topics/__consumer_offsets/")

    assert "internal topic" in page.content.decode()
    assert api.status_code == 400
    assert "internal topic" in api.json()["detail"]
    assert "__consumer_offsets" in kafka_topic_names()


def test_deleting_a_missing_topic_is_a_404(cluster, as_admin):
    assert as_admin.delete(f"/api/v1/clusters/{cluster.name}/topics/never-was-here/").status_code == 404


def test_only_admins_delete(cluster, as_operator, as_viewer, unique_name):
    topic = make_topic(unique_name(), partitions=1)
    for client in (as_operator, as_viewer):
        assert client.delete(f"/api/v1/clusters/{cluster.name}/topics/{topic}/").status_code == 403
        assert client.post(f"/clusters/{cluster.name}/topics/{topic}/delete/",
                           {"confirm_name": topic}).status_code == 403
    assert topic in kafka_topic_names()
