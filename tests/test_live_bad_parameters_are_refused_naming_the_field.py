"""Every query parameter is checked; a bad one gets an error frame naming it, and the socket closes."""
import pytest
from asgiref.sync import async_to_sync

from tests.live_helpers import live_path
from tests.test_live_refuses_anonymous_and_roleless_sockets import refusal
from tests.topics import create_topic


@pytest.mark.parametrize("params, field", [
    ({"from": "yesterday"}, "from"),
    ({"from": "-5"}, "from"),
    ({"partition": "one"}, "partition"),
    ({"partition": "7"}, "partition"),
    ({"contains": "x" * 201}, "contains"),
    ({"resume": "0-41"}, "resume"),
    ({"resume": "0:-2"}, "resume"),
    ({"resume": "5:10"}, "resume"),
    ({"offset": "3"}, "offset"),
])
def test_a_bad_parameter_is_refused_naming_it(cluster, viewer_cookie, unique_name, params, field):
    topic = create_topic(unique_name("live"), partitions=2)
    frame, closed = async_to_sync(refusal)(live_path(cluster, topic, **params), viewer_cookie)
    assert frame["type"] == "error"
    assert frame["detail"]["field"] == field, frame
    assert field in frame["detail"]["message"]
    assert closed["code"] == 4400


def test_a_missing_topic_is_refused(cluster, viewer_cookie, unique_name):
    frame, closed = async_to_sync(refusal)(live_path(cluster, unique_name("missing")), viewer_cookie)
    assert frame["type"] == "error" and "No topic named" in frame["detail"]["message"]
    assert closed["code"] == 4404


def test_a_missing_cluster_is_refused(cluster, viewer_cookie):
    frame, closed = async_to_sync(refusal)("/ws/clusters/nowhere/topics/t/live/", viewer_cookie)
    assert frame == {"type": "error", "detail": "No cluster named 'nowhere'."}
    assert closed["code"] == 4404
