"""A change made in a page and the same change made through the API leave the same audit entry."""
from streams_app.models import Job, JobSchedule
from tests import kafka_groups
from tests.topics import make_topic
from topics_app.models import AuditEntry


def audited(action, **match):
    entry = AuditEntry.objects.get(action=action, **match)
    return entry.username, entry.result, entry.details


def test_creating_a_topic_leaves_the_same_entry(cluster, as_admin, unique_name):
    in_page, in_api = unique_name(), unique_name()

    as_admin.post(f"/clusters/{cluster.name}/topics/+new/", {
        "name": in_page, "partitions": 2, "replication_factor": 1, "retention_amount": 3, "retention_unit": "days"})
    as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/", {
        "name": in_api, "partitions": 2, "replication_factor": 1, "configs": {"retention.ms": "259200000"}},
        content_type="application/json")

    expected = ("admin-persona", "ok",
                {"partitions": 2, "replication_factor": 1, "configs": {"retention.ms": "259200000"}})
    assert audited("create_topic", target=in_page) == audited("create_topic", target=in_api) == expected


def test_changing_configs_leaves_the_same_entry(cluster, as_admin, unique_name):
    in_page, in_api = make_topic(unique_name(), 1), make_topic(unique_name(), 1)
    url = f"/clusters/{cluster.name}/topics/{in_page}/configs/"
    form = {f"config:{c.name}": c.value or "" for c in as_admin.get(url).context["topic"].configs
            if not c.read_only and not c.sensitive}

    as_admin.post(url, {**form, "config:retention.ms": "1000"})
    as_admin.patch(f"/api/v1/clusters/{cluster.name}/topics/{in_api}/configs/", {"configs": {"retention.ms": "1000"}},
                   content_type="application/json")

    expected = ("admin-persona", "ok", {"changes": {"retention.ms": "1000"}})
    assert audited("alter_topic_configs", target=in_page) == audited("alter_topic_configs", target=in_api) == expected


def test_adding_partitions_leaves_the_same_entry_with_the_count_before_and_after(cluster, as_admin, unique_name):
    in_page, in_api = make_topic(unique_name(), 1), make_topic(unique_name(), 1)

    as_admin.post(f"/clusters/{cluster.name}/topics/{in_page}/partitions/", {"count": 3, "understood": "on"})
    as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/{in_api}/partitions/", {"count": 3},
                  content_type="application/json")

    expected = ("admin-persona", "ok", {"from": 1, "to": 3})
    assert audited("add_partitions", target=in_page) == audited("add_partitions", target=in_api) == expected


def test_purging_and_deleting_a_topic_leave_the_same_entries(cluster, as_admin, unique_name):
    in_page = make_topic(unique_name(), partitions=2, messages_per_partition=3)
    in_api = make_topic(unique_name(), partitions=2, messages_per_partition=3)

    as_admin.post(f"/clusters/{cluster.name}/topics/{in_page}/purge/",
                  {"partition": "", "before_offset": "", "confirm": "yes"})
    as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/{in_api}/purge/", {}, content_type="application/json")
    as_admin.post(f"/clusters/{cluster.name}/topics/{in_page}/delete/", {"confirm_name": in_page})
    as_admin.delete(f"/api/v1/clusters/{cluster.name}/topics/{in_api}/")

    purged = ("admin-persona", "ok", {"before_offsets": {"0": 3, "1": 3}})
    assert audited("purge_topic", target=in_page) == audited("purge_topic", target=in_api) == purged
    assert audited("delete_topic", target=in_page) == audited("delete_topic", target=in_api) == \
        ("admin-persona", "ok", {})


def test_producing_a_record_leaves_the_same_entry_with_sizes_and_where_it_landed(cluster, as_operator, unique_name):
    in_page, in_api = make_topic(unique_name(), 2), make_topic(unique_name(), 2)

    as_operator.post(f"/clusters/{cluster.name}/topics/{in_page}/produce/", {
        "topic": in_page, "partition": "1", "key": "k", "key_encoding": "utf-8", "value": "value",
        "value_encoding": "utf-8", "headers": '{"trace": "t1"}', "headers_encoding": "utf-8"})
    as_operator.post(f"/api/v1/clusters/{cluster.name}/topics/{in_api}/messages/", {
        "key": "k", "value": "value", "partition": 1, "headers": [["trace", "t1"]]}, content_type="application/json")

    expected = ("operator-persona", "ok",
                {"partition": 1, "acks": "all", "offset": 0, "key_bytes": 1, "value_bytes": 5, "headers": 1})
    assert audited("produce", target=in_page) == audited("produce", target=in_api) == expected


def test_resetting_offsets_and_deleting_a_group_leave_the_same_entries(cluster, as_admin, unique_name):
    topic, in_page, in_api = unique_name("audit"), unique_name("g"), unique_name("g")
    make_topic(topic, partitions=2, messages_per_partition=4)
    kafka_groups.commit(in_page, topic, {0: 3, 1: 3})
    kafka_groups.commit(in_api, topic, {0: 3, 1: 3})

    as_admin.post(f"/clusters/{cluster.name}/consumer-groups/{in_page}/reset-offsets/",
                  {"topic": topic, "partitions": "0", "to": "offset", "offset": "1", "confirm": "apply"})
    as_admin.post(f"/api/v1/clusters/{cluster.name}/consumer-groups/{in_api}/reset-offsets/",
                  {"topic": topic, "partitions": [0], "to": "offset", "value": 1, "dry_run": False},
                  content_type="application/json")
    as_admin.post(f"/clusters/{cluster.name}/consumer-groups/{in_page}/delete/")
    as_admin.delete(f"/api/v1/clusters/{cluster.name}/consumer-groups/{in_api}/")

    reset = ("admin-persona", "ok",
             {"topic": topic, "partitions": [0], "to": "offset", "value": 1, "offsets": {"0": [3, 1]}})
    assert audited("reset_offsets", target=in_page) == audited("reset_offsets", target=in_api) == reset
    assert audited("delete_consumer_group", target=in_page) == audited("delete_consumer_group", target=in_api) == \
        ("admin-persona", "ok", {})


def test_scheduling_a_job_and_removing_the_schedule_leave_the_same_entries(cluster, as_operator, unique_name):
    topic = make_topic(unique_name(), 1)
    in_page, in_api = (Job.objects.create(kind="generate", cluster=cluster, params={"topic": topic, "count": 1})
                       for _ in range(2))

    as_operator.post(f"/jobs/{in_page.pk}/schedules/", {"every_s": "60", "crontab": ""})
    as_operator.post(f"/api/v1/jobs/{in_api.pk}/schedules/", {"every_s": 60}, content_type="application/json")
    page_schedule, api_schedule = (JobSchedule.objects.get(job=job) for job in (in_page, in_api))
    as_operator.post(f"/jobs/schedules/{page_schedule.pk}/delete/")
    as_operator.delete(f"/api/v1/jobs/schedules/{api_schedule.pk}/")

    for job, schedule in ((in_page, page_schedule), (in_api, api_schedule)):
        assert audited("schedule_job", details__job=job.pk) == \
            ("operator-persona", "ok", {"job": job.pk, "every_s": 60, "crontab": ""})
        assert audited("unschedule_job", details__job=job.pk) == \
            ("operator-persona", "ok", {"job": job.pk, "schedule": schedule.pk})
