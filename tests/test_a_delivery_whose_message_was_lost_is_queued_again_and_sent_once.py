"""A delivery whose Celery message never arrived (Redis lost it) is found overdue at the next tick, queued again
and sent once; one that is not yet overdue is left to its own message."""
from datetime import timedelta

from django.utils import timezone

from alerts_app.models import AlertRule, Delivery, Firing
from alerts_app.services import delivery
from tests.waiting import wait_until


def pending_delivery(rule, url, due):
    now = timezone.now()
    firing = Firing.objects.create(rule=rule, subject="orders", state="firing", value=5, breached_at=now, since=now)
    return Delivery.objects.create(firing=firing, channel={"type": "webhook", "url": url}, next_attempt_at=due,
                                   payload={"rule": rule.name, "state": "firing", "subject": "orders", "text": "x"})


def test_an_overdue_delivery_is_sent_once_and_a_fresh_one_is_left_alone(worker, cluster, receiver, unique_name):
    hook = receiver()
    rule = AlertRule.objects.create(name=unique_name("lost"), kind="group_lag", cluster=cluster)
    lost = pending_delivery(rule, hook.url, timezone.now() - timedelta(hours=1))
    fresh = pending_delivery(rule, hook.url, timezone.now())

    assert delivery.send_overdue() == 1
    wait_until(lambda: Delivery.objects.get(pk=lost.pk).state == "delivered", 60, what="the lost delivery")
    assert delivery.send_overdue() == 0

    assert len(hook.bodies) == 1
    assert (Delivery.objects.get(pk=lost.pk).attempts, Delivery.objects.get(pk=fresh.pk).attempts) == (1, 0)
    assert delivery.attempt(lost.pk).attempts == 1  # a late duplicate message sends nothing
    assert len(hook.bodies) == 1
