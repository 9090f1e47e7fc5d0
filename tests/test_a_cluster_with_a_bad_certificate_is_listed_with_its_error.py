"""A cluster that no Kafka client can be built for (a CA certificate that does not parse, saved before the
admin form checked it or from the shell) is listed with its error; its pages and API say why with a 503,
never a 500, and every other cluster keeps working."""
import pytest

from topics_app.models import Cluster

PAGES = ["", "topics/", "consumer-groups/", "topics/orders/", "topics/orders/messages/", "topics/orders/live/"]
API = ["", "topics/", "consumer-groups/", "topics/orders/", "topics/orders/messages/"]


@pytest.fixture
def broken(cluster):
    # objects.create skips the model's clean(), as a row saved from the shell or before the check would.
    return Cluster.objects.create(name="broken-tls", bootstrap_servers="127.0.0.1:9093", security_protocol="SSL",
                                  ca_certificate="not a certificate")


def test_the_cluster_list_api_shows_the_error_and_the_other_clusters(cluster, broken, as_viewer):
    response = as_viewer.get("/api/v1/clusters/")

    assert response.status_code == 200, response.content
    listed = {c["name"]: c for c in response.json()}
    assert listed[broken.name]["reachable"] is False
    assert "The CA certificate does not parse" in listed[broken.name]["error"]
    assert listed[cluster.name]["reachable"] is True
    assert "error" not in listed[cluster.name]


def test_the_home_page_lists_the_cluster_with_its_error(cluster, broken, as_viewer):
    response = as_viewer.get("/")

    assert response.status_code == 200
    assert "The CA certificate does not parse" in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_its_pages_say_why_in_the_site_layout(broken, as_viewer, path):
    response = as_viewer.get(f"/clusters/{broken.name}/{path}")

    assert response.status_code == 503
    text = response.content.decode()
    assert "Cluster broken-tls cannot be used until an admin corrects its settings" in text
    assert "The CA certificate does not parse" in text
    assert "reload this page once the cluster is back" not in text
    assert 'id="header"' in text


@pytest.mark.parametrize("path", API)
def test_its_api_answers_json_saying_why(broken, as_viewer, path):
    response = as_viewer.get(f"/api/v1/clusters/{broken.name}/{path}")

    assert response.status_code == 503, response.content
    assert response.json()["error"] == "ClusterMisconfigured"
    assert "The CA certificate does not parse" in response.json()["detail"]


def test_producing_to_it_says_why(broken, as_operator):
    response = as_operator.post(f"/api/v1/clusters/{broken.name}/topics/orders/messages/", {"value": "x"},
                                content_type="application/json")

    assert response.status_code == 503, response.content
    assert response.json()["error"] == "ClusterMisconfigured"


def test_the_other_cluster_keeps_working(cluster, broken, as_viewer):
    assert as_viewer.get(f"/clusters/{cluster.name}/").status_code == 200
    assert as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/").status_code == 200
