"""Bad input to Connect, from the API, the pages and the Django admin: refused with the field named and, where
Connect gave one, Connect's own reason; nothing is made half-way."""
import pytest

from connect_app.models import ConnectCluster
from tests.connect_helpers import SOURCE, connect_rest, wait_for_states
from tests.topics import create_topic


def post_connector(client, connect, name, config):
    return client.post(f"/api/v1/connect/{connect.name}/connectors/", {"name": name, "config": config},
                       content_type="application/json")


def exists_in_connect(name):
    return connect_rest("GET", f"/connectors/{name}")[0] == 200


def test_an_unknown_plugin_class_is_refused_naming_connector_class(as_admin, connect, connector_names):
    name = connector_names("unknown-plugin")
    response = post_connector(as_admin, connect, name, {"connector.class": "com.example.NoSuchConnector"})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "connector.class"
    assert "Failed to find any class that implements Connector" in body["detail"]
    assert "com.example.NoSuchConnector" in body["detail"]
    assert not exists_in_connect(name)


def test_a_missing_required_config_is_refused_with_connects_message_for_that_config(as_admin, connect,
                                                                                    connector_names):
    name = connector_names("no-topic")
    response = post_connector(as_admin, connect, name, {"connector.class": SOURCE, "file": "/dev/null"})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "topic"
    assert body["fields"] == {"topic": ['Missing required configuration "topic" which has no default value.']}
    assert not exists_in_connect(name)


@pytest.mark.parametrize("bad_name, reason", [
    ("control\x01char", "may not contain control sequences"),
    ("with/slash", "may not contain '/'"),
])
def test_a_name_connect_refuses_is_refused_naming_name(as_admin, connect, unique_name, bad_name, reason):
    response = post_connector(as_admin, connect, bad_name, {"connector.class": SOURCE, "topic": unique_name("t")})
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "name"
    assert reason in response.json()["detail"]


def test_a_blank_name_is_refused_naming_name(as_admin, connect, unique_name):
    response = post_connector(as_admin, connect, "   ", {"connector.class": SOURCE, "topic": unique_name("t")})
    assert response.status_code == 400
    assert response.json()["detail"] == {"name": ["This field may not be blank."]}


def test_a_second_connector_of_the_same_name_is_refused_and_the_first_is_kept(as_admin, connect, connector_names,
                                                                               unique_name):
    name, topic = connector_names("twice"), unique_name("t")
    assert post_connector(as_admin, connect, name, {"connector.class": SOURCE, "topic": topic}).status_code == 201
    again = post_connector(as_admin, connect, name, {"connector.class": SOURCE, "topic": unique_name("other")})
    assert again.status_code == 409 and again.json()["field"] == "name"
    assert connect_rest("GET", f"/connectors/{name}/config")[1]["topic"] == topic


def test_resetting_the_offsets_of_a_running_connector_is_refused_with_connects_reason(as_admin, connect,
                                                                                     connector_names, tmp_path,
                                                                                     unique_name):
    name = connector_names("running")
    (tmp_path / "in.txt").write_text("one\n")
    topic = create_topic(unique_name("t"), partitions=1)
    assert connect_rest("POST", "/connectors", {"name": name, "config": {
        "connector.class": SOURCE, "file": str(tmp_path / "in.txt"), "topic": topic}})[0] == 201
    wait_for_states(name, "RUNNING", ["RUNNING"])

    response = as_admin.delete(f"/api/v1/connect/{connect.name}/connectors/{name}/offsets/")
    assert response.status_code == 400
    assert response.json()["field"] == "state"
    assert "Connectors must be in the STOPPED state" in response.json()["detail"]

    page = as_admin.post(f"/connect/{connect.name}/connectors/{name}/reset-offsets/", {"confirm_name": name})
    assert page.status_code == 400
    assert "Connectors must be in the STOPPED state" in page.content.decode()


def test_the_create_page_shows_connects_objection_next_to_its_field_and_keeps_what_was_typed(as_admin, connect,
                                                                                            connector_names):
    name = connector_names("form")
    page = f"/connect/{connect.name}/connectors/+new/?plugin={SOURCE}"
    response = as_admin.post(page, {"name": name, "file": "/tmp/kept-value.txt", "topic": ""})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"topic": ['Missing required configuration "topic" which has no default value.']}
    assert 'value="/tmp/kept-value.txt"' in response.content.decode()
    assert not exists_in_connect(name)


@pytest.mark.parametrize("url", ["not a url", "ftp://127.0.0.1:8083", "http://"])
def test_the_admin_refuses_a_malformed_connect_url_naming_it(as_admin, url):
    response = as_admin.post("/admin/connect_app/connectcluster/add/", {
        "name": "bad-url", "url": url, "kafka_cluster": "", "username": "", "password": "", "ca_certificate": ""})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["url"]
    assert "REST URL as http(s)://host:port" in errors["url"][0]
    assert not ConnectCluster.objects.filter(name="bad-url").exists()


def test_an_action_connectors_do_not_have_answers_404_and_changes_nothing(as_operator, connect, connector_names,
                                                                          unique_name):
    name = connector_names("no-such-action")
    assert connect_rest("POST", "/connectors", {"name": name, "config": {
        "connector.class": SOURCE, "file": "/dev/null", "topic": unique_name("t")}})[0] == 201
    wait_for_states(name, "RUNNING", ["RUNNING"])
    assert as_operator.post(f"/connect/{connect.name}/connectors/{name}/explode/").status_code == 404
    assert connect_rest("GET", f"/connectors/{name}/status")[1]["connector"]["state"] == "RUNNING"
