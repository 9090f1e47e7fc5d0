"""Rules of the other kinds, on the real cluster: a stuck group, a topic's rate above and below a threshold, a
failed job until a rerun succeeds, and partition health and brokers measured as Kafka reports them (the shared
cluster is healthy, so those rules stay quiet)."""
from django.utils import timezone

from alerts_app.models import AlertRule, Firing
from alerts_app.services.evaluation import evaluate
from alerts_app.services.observations import Readings, measure
from alerts_app.services.rules import compiled, matches
from streams_app.models import Job
from tests.kafka_groups import commit
from tests.topics import create_topic, numbered, produce_records
from topics_app.services import lag_history


def states(rule):
    return {f.subject: f.state for f in Firing.objects.filter(rule=rule)}


def rule_of(cluster, name, kind, target, threshold=0):
    return AlertRule.objects.create(name=name, kind=kind, cluster=cluster, target=target, threshold=threshold)


def test_a_group_that_consumes_nothing_while_its_lag_grows_is_stuck_until_it_commits(cluster, unique_name):
    topic, group = create_topic(unique_name("stuck")), unique_name("stuck-group")
    produce_records(topic, numbered({0: 5}))
    commit(group, topic, {0: 0})
    rule = rule_of(cluster, unique_name("stuck-rule"), "group_stuck", group, threshold=3)
    lag_history.sample_cluster(cluster)
    evaluate(rules=[rule])
    assert states(rule) == {}  # one sample says nothing about progress

    produce_records(topic, numbered({0: 5}))
    lag_history.sample_cluster(cluster)
    evaluate(rules=[rule])
    assert states(rule) == {group: "firing"}

    commit(group, topic, {0: 10})
    lag_history.sample_cluster(cluster)
    evaluate(rules=[rule])
    assert states(rule) == {group: "resolved"}


def test_a_topics_rate_fires_the_above_and_the_below_rules(cluster, unique_name):
    topic = create_topic(unique_name("rate"))
    above = rule_of(cluster, unique_name("above"), "topic_rate_above", topic, threshold=0)
    below = rule_of(cluster, unique_name("below"), "topic_rate_below", topic, threshold=1e9)
    lag_history.sample_cluster(cluster)
    produce_records(topic, numbered({0: 50}))
    lag_history.sample_cluster(cluster)

    evaluate(rules=[above, below])

    assert states(above) == {topic: "firing"} and states(below) == {topic: "firing"}
    assert Firing.objects.get(rule=above).value > 0


def test_a_failed_job_fires_until_a_rerun_succeeds(cluster, unique_name):
    topic = unique_name("job-topic")
    rule = rule_of(cluster, unique_name("jobs"), "job_failed", topic)
    failed = Job.objects.create(kind="replay", cluster=cluster, state="failed", finished_at=timezone.now(),
                                params={"source_topic": "x", "target_topic": topic}, error="boom")
    Job.objects.create(kind="replay", cluster=cluster, state="failed", finished_at=timezone.now(),
                       params={"source_topic": "x", "target_topic": unique_name("other")})
    evaluate(rules=[rule])
    subject = f"replay job {failed.pk} ({topic})"
    assert states(rule) == {subject: "firing"}

    Job.objects.create(kind="replay", cluster=cluster, state="succeeded", rerun_of=failed, params=failed.params)
    evaluate(rules=[rule])
    assert states(rule) == {subject: "resolved"}


def test_health_and_broker_rules_measure_what_the_cluster_reports(cluster, unique_name):
    topic = create_topic(unique_name("healthy"), partitions=2, replication_factor=3)
    readings = Readings(timezone.now())
    for kind in ("under_replicated", "under_min_isr", "offline_partitions"):
        rule = rule_of(cluster, unique_name(kind), kind, topic)
        assert measure(rule, readings, compiled(topic, "glob"), matches) == {topic: 0}
    brokers = rule_of(cluster, unique_name("brokers"), "broker_down", "broker *")
    assert measure(brokers, readings, compiled("broker *", "glob"), matches) == {
        "broker 1": 0, "broker 2": 0, "broker 3": 0}

    evaluate(rules=list(AlertRule.objects.all()))
    assert not Firing.objects.exists()


def test_a_groups_time_lag_is_the_age_of_its_oldest_unconsumed_record(cluster, unique_name):
    topic, group = create_topic(unique_name("aged")), unique_name("aged-group")
    hour_ago = int(timezone.now().timestamp() * 1000) - 3600 * 1000
    produce_records(topic, [(0, None, b"old", hour_ago), (0, None, b"older still unread", hour_ago)])
    commit(group, topic, {0: 0})
    rule = rule_of(cluster, unique_name("time-lag"), "group_time_lag", group, threshold=1800)
    lag_history.sample_cluster(cluster)

    evaluate(rules=[rule])

    firing = Firing.objects.get(rule=rule)
    assert (firing.subject, firing.state) == (group, "firing")
    assert 3600 <= firing.value < 3600 + 600
