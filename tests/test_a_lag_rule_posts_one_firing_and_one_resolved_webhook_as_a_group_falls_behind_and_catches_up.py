"""A group_lag rule with a webhook: a real HTTP receiver gets exactly one `firing` POST when the group falls behind
(however many samples see it behind) and one `resolved` POST when it catches up. The first evaluation runs in the
real Celery worker as the beat's task; the others call the same service directly."""
from celery import current_app

from alerts_app.models import AlertRule, Delivery, Firing
from alerts_app.services.evaluation import evaluate
from tests.kafka_groups import commit
from tests.topics import create_topic, numbered, produce_records
from tests.waiting import wait_until
from topics_app.services import lag_history


def delivered(rule, count):
    deliveries = list(Delivery.objects.filter(firing__rule=rule))
    return len(deliveries) == count and all(d.state == Delivery.State.DELIVERED for d in deliveries)


def test_one_firing_and_one_resolved_post_reach_the_receiver(worker, jobs_queue, cluster, receiver, unique_name):
    hook = receiver()
    topic, group = unique_name("alert-lag"), unique_name("alert-group")
    create_topic(topic, 2)
    produce_records(topic, numbered({0: 15, 1: 15}))
    commit(group, topic, {0: 15, 1: 15})
    rule = AlertRule.objects.create(name=unique_name("lag-rule"), kind="group_lag", cluster=cluster, target=group,
                                    threshold=10, for_s=0, channels=[{"type": "webhook", "url": hook.url}])

    lag_history.sample_all_clusters()
    evaluate()
    assert not Firing.objects.filter(rule=rule).exists()

    produce_records(topic, numbered({0: 8, 1: 12}))  # 20 behind
    current_app.send_task("alerts_app.sample_and_evaluate", queue=jobs_queue)
    firing = wait_until(lambda: Firing.objects.filter(rule=rule, state="firing").first(), 60, what="the rule to fire")
    assert (firing.subject, firing.value) == (group, 20)
    for _ in range(2):  # still behind at the next samples: no second notification
        lag_history.sample_all_clusters()
        evaluate()
    wait_until(lambda: delivered(rule, 1), 60, what="the firing POST")
    assert [(b["state"], b["subject"], b["value"]) for b in hook.bodies] == [("firing", group, 20)]

    commit(group, topic, {0: 23, 1: 27})  # caught up
    for _ in range(2):
        lag_history.sample_all_clusters()
        evaluate()
    wait_until(lambda: delivered(rule, 2), 60, what="the resolved POST")

    assert [b["state"] for b in hook.bodies] == ["firing", "resolved"]
    fired, resolved = hook.bodies
    assert {k: fired[k] for k in ("rule", "kind", "subject", "threshold")} == {
        "rule": rule.name, "kind": "group_lag", "subject": group, "threshold": 10}
    assert fired["since"] == resolved["since"] == Firing.objects.get(rule=rule).since.isoformat()
    assert fired["text"].startswith(f"[FIRING] {rule.name}") and group in fired["text"]
    assert resolved["text"].startswith(f"[RESOLVED] {rule.name}")
    assert Firing.objects.get(rule=rule).state == "resolved"
