"""Transitions over time, evaluated at chosen moments: a breach is pending until it held for_s, fires once, is
notified again only every renotify_s, and while the rule is silenced its firings are recorded but nothing is
sent."""
from datetime import timedelta

from django.utils import timezone

from alerts_app.models import AlertRule, Delivery, Firing
from alerts_app.services import rules
from alerts_app.services.evaluation import evaluate
from topics_app.models import LagSample

HOOK = [{"type": "webhook", "url": "http://127.0.0.1:9/hook"}]


def lag_at(cluster, group, at, lag):
    LagSample.objects.create(cluster=cluster, group_id=group, topic="t", at=at, lag=lag, committed=0)


def sent(rule):
    return [d.payload["state"] for d in Delivery.objects.filter(firing__rule=rule).order_by("created_at", "pk")]


def test_a_breach_fires_only_once_it_held_for_s_and_is_notified_once(cluster, unique_name):
    group, start = unique_name("g"), timezone.now()
    rule = AlertRule.objects.create(name=unique_name("hold"), kind="group_lag", cluster=cluster, target=group,
                                    threshold=10, for_s=60, channels=HOOK)
    lag_at(cluster, group, start, 50)

    evaluate(now=start, rules=[rule])
    evaluate(now=start + timedelta(seconds=30), rules=[rule])
    assert Firing.objects.get(rule=rule).state == "pending"
    assert sent(rule) == []
    for seconds in (61, 90, 120, 600):
        evaluate(now=start + timedelta(seconds=seconds), rules=[rule])
    assert Firing.objects.get(rule=rule).state == "firing"
    lag_at(cluster, group, start + timedelta(seconds=601), 70)
    evaluate(now=start + timedelta(seconds=630), rules=[rule])
    assert (Firing.objects.get(rule=rule).state, Firing.objects.get(rule=rule).value) == ("firing", 70)
    assert sent(rule) == ["firing"]


def test_a_breach_that_ends_before_for_s_leaves_no_history(cluster, unique_name):
    group, start = unique_name("g"), timezone.now()
    rule = AlertRule.objects.create(name=unique_name("blip"), kind="group_lag", cluster=cluster, target=group,
                                    threshold=10, for_s=60, channels=HOOK)
    lag_at(cluster, group, start, 50)
    evaluate(now=start, rules=[rule])
    lag_at(cluster, group, start + timedelta(seconds=30), 0)
    evaluate(now=start + timedelta(seconds=30), rules=[rule])

    assert not Firing.objects.filter(rule=rule).exists()
    assert sent(rule) == []


def test_renotify_repeats_the_firing_notification_at_its_interval_only(cluster, unique_name):
    group, start = unique_name("g"), timezone.now()
    rule = AlertRule.objects.create(name=unique_name("again"), kind="group_lag", cluster=cluster, target=group,
                                    threshold=10, renotify_s=300, channels=HOOK)
    lag_at(cluster, group, start, 50)
    for seconds in (0, 30, 299, 300, 330, 599, 600):
        evaluate(now=start + timedelta(seconds=seconds), rules=[rule])
    assert sent(rule) == ["firing", "firing", "firing"]
    assert Firing.objects.filter(rule=rule).count() == 1


def test_a_silenced_rule_records_its_firings_and_sends_nothing_until_the_silence_ends(cluster, unique_name, personas,
                                                                                       as_viewer):
    group, start = unique_name("g"), timezone.now()
    rule = AlertRule.objects.create(name=unique_name("quiet"), kind="group_lag", cluster=cluster, target=group,
                                    threshold=10, channels=HOOK)
    rules.silence_rule(rule, (start + timedelta(hours=1)).isoformat(), actor=personas["operator"])
    lag_at(cluster, group, start, 50)

    evaluate(now=start + timedelta(seconds=1), rules=[rule])
    firing = Firing.objects.get(rule=rule)
    assert (firing.state, firing.silenced) == ("firing", True)
    assert sent(rule) == []
    page = as_viewer.get(f"/alerts/rules/{rule.pk}/").content.decode()
    assert "silenced" in page and group in page

    lag_at(cluster, group, start + timedelta(seconds=2), 0)
    evaluate(now=start + timedelta(hours=2), rules=[rule])  # resolved after the silence ended: that one is sent
    assert sent(rule) == ["resolved"]
