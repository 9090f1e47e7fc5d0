"""From the home page, following links only, each role reaches every feature it may use and is offered no
link to one it may not. The link graph is walked with Django's test client, one page per path."""
import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest

from alerts_app.models import AlertRule
from streams_app.models import Job
from tests.connect_helpers import SOURCE, connect_rest
from tests.kafka_groups import commit
from tests.topics import make_topic

HREF = re.compile(r'<a\s[^>]*href="([^"]+)"')


@pytest.fixture
def scene(cluster, connect, connector_names, unique_name, personas):
    """A topic with messages, a group that committed offsets on it, a replay job from it to a second topic, and a
    connector on the local Connect cluster."""
    topic = make_topic(unique_name("reach"), partitions=2, messages_per_partition=3)
    target = make_topic(unique_name("reach-copy"), partitions=2)
    group = unique_name("reach-group")
    commit(group, topic, {0: 1, 1: 2})
    job = Job.objects.create(kind="replay", cluster=cluster, created_by=personas["operator"],
                             params={"source_topic": topic, "target_topic": target})
    connector = connector_names("reach-c")
    assert connect_rest("POST", "/connectors", {"name": connector, "config": {
        "connector.class": SOURCE, "file": "/dev/null", "topic": topic}})[0] == 201
    rule = AlertRule.objects.create(name=unique_name("reach-rule"), kind="group_lag", cluster=cluster, target=group)
    return {"topic": topic, "target": target, "group": group, "job": job.pk, "connect": connect.name,
            "connector": connector, "rule": rule.pk}


def link_target(href):
    """The path a link leads to; a new connector's form keeps its query, which names the plugin."""
    parts = urlsplit(urldefrag(unescape(href))[0])
    return f"{parts.path}?{parts.query}" if parts.path.endswith("/connectors/+new/") else parts.path


def walk(client, scene, cluster):
    """Every path reachable from "/" within this test's topics, group and job; {path: status}."""
    base, connect = f"/clusters/{cluster.name}", f"/connect/{scene['connect']}"
    own = (f"{base}/topics/{scene['topic']}/", f"{base}/consumer-groups/{scene['group']}/",
           f"/jobs/{scene['job']}/", "/jobs/new/", f"{connect}/connectors/{scene['connector']}/",
           f"/alerts/rules/{scene['rule']}/")
    shared = {"/", f"{base}/", f"{base}/topics/", f"{base}/topics/+new/", f"{base}/consumer-groups/", "/jobs/",
              f"{base}/topics/{scene['target']}/", "/accounts/password/", "/api/docs/", "/admin/", "/connect/",
              f"{connect}/", f"{connect}/plugins/", f"{connect}/connectors/+new/?plugin={SOURCE}", "/alerts/",
              "/alerts/rules/+new/", f"{base}/transactions/"}
    seen, statuses = {"/"}, {}
    queue = deque(["/"])
    while queue:
        path = queue.popleft()
        response = client.get(path)
        statuses[path] = response.status_code
        if path.startswith(("/admin/", "/api/")) or response.status_code != 200:
            continue
        for href in HREF.findall(response.content.decode()):
            target = link_target(href)
            if target in seen or "/export/" in target:
                continue
            if target in shared or target.startswith(own):
                seen.add(target)
                queue.append(target)
    return statuses


def features(cluster, scene):
    base, connect = f"/clusters/{cluster.name}", f"/connect/{scene['connect']}"
    topic, group = f"{base}/topics/{scene['topic']}", f"{base}/consumer-groups/{scene['group']}"
    connector = f"{connect}/connectors/{scene['connector']}"
    read = {
        "cluster overview": f"{base}/", "topic list": f"{base}/topics/", "topic": f"{topic}/",
        "messages": f"{topic}/messages/", "one message": f"{topic}/messages/1/2/", "live": f"{topic}/live/",
        "topic's consumer groups": f"{topic}/consumer-groups/", "group list": f"{base}/consumer-groups/",
        "group": f"{group}/", "jobs": "/jobs/", "job": f"/jobs/{scene['job']}/",
        "job's target topic": f"{base}/topics/{scene['target']}/",
        "change password": "/accounts/password/", "API docs": "/api/docs/",
        "Connect clusters": "/connect/", "connectors": f"{connect}/", "plugins": f"{connect}/plugins/",
        "connector": f"{connector}/", "alerts": "/alerts/", "alert rule": f"/alerts/rules/{scene['rule']}/",
        "transactions": f"{base}/transactions/", "topic's producers": f"{topic}/producers/",
    }
    operate = {"produce": f"{topic}/produce/", "reset offsets": f"{group}/reset-offsets/",
               "start a replay": "/jobs/new/replay/", "start an ingest": "/jobs/new/ingest/",
               "silence an alert rule": f"/alerts/rules/{scene['rule']}/silence/"}
    administer = {"create topic": f"{base}/topics/+new/", "edit configs": f"{topic}/configs/",
                  "add partitions": f"{topic}/partitions/", "purge": f"{topic}/purge/",
                  "delete topic": f"{topic}/delete/", "delete group": f"{group}/delete/",
                  "Django admin": "/admin/", "create a connector": f"{connect}/connectors/+new/?plugin={SOURCE}",
                  "edit a connector": f"{connector}/config/",
                  "reset a connector's offsets": f"{connector}/reset-offsets/",
                  "delete a connector": f"{connector}/delete/", "create an alert rule": "/alerts/rules/+new/",
                  "edit an alert rule": f"/alerts/rules/{scene['rule']}/edit/",
                  "delete an alert rule": f"/alerts/rules/{scene['rule']}/delete/"}
    return read, operate, administer


def reached(statuses, wanted):
    return {name for name, path in wanted.items() if statuses.get(path) == 200}


def test_a_viewer_reaches_every_page_to_read_and_no_link_to_change_anything(cluster, scene, as_viewer):
    statuses = walk(as_viewer, scene, cluster)
    read, operate, administer = features(cluster, scene)

    assert reached(statuses, read) == set(read)
    assert not set(operate.values()) & set(statuses)
    assert not set(administer.values()) & set(statuses)
    assert {path: status for path, status in statuses.items() if status != 200} == {}


def test_an_operator_also_reaches_produce_reset_offsets_and_jobs_but_no_admin_action(cluster, scene, as_operator):
    statuses = walk(as_operator, scene, cluster)
    read, operate, administer = features(cluster, scene)

    assert reached(statuses, read) == set(read)
    assert reached(statuses, operate) == set(operate)
    assert not set(administer.values()) & set(statuses)
    assert {path: status for path, status in statuses.items() if status != 200} == {}


def test_an_admin_reaches_every_feature(cluster, scene, as_admin):
    statuses = walk(as_admin, scene, cluster)
    read, operate, administer = features(cluster, scene)

    assert reached(statuses, read) == set(read)
    assert reached(statuses, operate) == set(operate)
    assert reached(statuses, administer) == set(administer)
    assert {path: status for path, status in statuses.items() if status != 200} == {}
