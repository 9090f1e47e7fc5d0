"""The pages: a topic offers Elect leaders and Reassign partitions to admins; each shows its plan first and acts only
from the form on the plan; an unclean election warns of data loss and needs its box ticked; the cluster's
Reassignments page is linked from its navigation, and viewers see it without its buttons."""
from tests.reassign_helpers import wait_until_done
from tests.topics import create_topic, kafka_describe


def test_a_topic_offers_both_actions_to_admins_only(cluster, as_admin, as_viewer, unique_name):
    topic = create_topic(unique_name("pages"), partitions=1)
    url = f"/clusters/{cluster.name}/topics/{topic}/"

    admin_page, viewer_page = as_admin.get(url).content.decode(), as_viewer.get(url).content.decode()

    assert f'href="{url}elect-leaders/"' in admin_page and f'href="{url}reassign/"' in admin_page
    assert "elect-leaders/" not in viewer_page and "reassign/" not in viewer_page
    assert f'href="/clusters/{cluster.name}/reassignments/"' in viewer_page


def test_an_unclean_election_warns_of_data_loss_and_is_refused_without_the_confirm(cluster, as_admin, unique_name):
    topic = create_topic(unique_name("pages"), partitions=1)
    url = f"/clusters/{cluster.name}/topics/{topic}/elect-leaders/"

    preview = as_admin.post(url, {"type": "unclean", "partitions": ""})
    unconfirmed = as_admin.post(url, {"type": "unclean", "partitions": "", "confirm": "apply"})

    text = preview.content.decode()
    assert preview.status_code == 200 and 'id="unclean-warning"' in text and "can lose data" in text
    assert 'name="confirm_unclean"' in text and "Dry run: nothing has changed yet" in text
    assert unconfirmed.status_code == 400 and "tick the box" in unconfirmed.content.decode()
    assert "Dry run" in unconfirmed.content.decode()


def test_the_reassign_page_shows_the_plan_then_applies_it(cluster, as_admin, unique_name):
    topic = create_topic(unique_name("pages"), partitions=1)
    url = f"/clusters/{cluster.name}/topics/{topic}/reassign/"
    before = kafka_describe(topic)[0][1]
    wanted = ",".join(map(str, [before[0]] + [b for b in (1, 2, 3) if b != before[0]][:1]))

    preview = as_admin.post(url, {"replicas_0": wanted, "replication_factor": "", "throttle": ""})
    refused = as_admin.post(url, {"replicas_0": "1,1", "replication_factor": "", "throttle": "", "confirm": "apply"})
    applied = as_admin.post(url, {"replicas_0": wanted, "replication_factor": "", "throttle": "", "confirm": "apply"})

    assert preview.status_code == 200
    text = preview.content.decode()
    assert 'id="reassign-plan"' in text and f"{before[0]}</td><td>&rarr;</td><td class=\"after\">" \
        f"{wanted.replace(',', ', ')}" in text
    assert refused.status_code == 400 and "named more than once" in refused.content.decode()
    assert applied.status_code == 302 and applied.url == f"/clusters/{cluster.name}/reassignments/"
    wait_until_done(as_admin, cluster, topic)
    assert kafka_describe(topic)[0][1] == [int(b) for b in wanted.split(",")]


def test_the_reassignments_page_offers_cancel_and_drain_to_admins_only(cluster, as_admin, as_viewer):
    url = f"/clusters/{cluster.name}/reassignments/"

    admin_page, viewer_page = as_admin.get(url).content.decode(), as_viewer.get(url).content.decode()

    assert 'id="in-progress"' in viewer_page and 'id="drain-form"' not in viewer_page
    assert 'id="drain-form"' in admin_page and "broker 1" in admin_page and "broker 3" in admin_page
