"""Evaluating every rule: each subject's breach is pending until it held for_s, then firing (notified once, or
again every renotify_s), then resolved (notified once). A silenced rule records its transitions without
notifying. A rule whose input cannot be read keeps its firings as they are and says why on its page.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from alerts_app.models import AlertRule, Delivery, Firing, Kind
from alerts_app.services import delivery
from alerts_app.services.observations import Readings, Unmeasured, breaches, measure
from alerts_app.services.rules import compiled, matches

log = logging.getLogger(__name__)
OPEN = (Firing.State.PENDING, Firing.State.FIRING)


@dataclass
class Evaluated:
    rules: int
    firing: int
    notifications: int


def _number(value):
    return int(value) if float(value).is_integer() else round(value, 3)


def payload(rule, firing, state):
    label = Kind(rule.kind).label
    verb = "FIRING" if state == Firing.State.FIRING else "RESOLVED"
    text = (f"[{verb}] {rule.name} on cluster {rule.cluster.name}: {firing.subject} is {_number(firing.value)} "
            f"({label}; threshold {_number(rule.threshold)})")
    return {"rule": rule.name, "kind": rule.kind, "state": state, "subject": firing.subject,
            "value": firing.value, "threshold": rule.threshold, "cluster": rule.cluster.name,
            "since": firing.since.isoformat() if firing.since else None, "text": text}


def notify(rule, firing, state, now, queued):
    """Deliveries for the transition, one per channel; none while the rule is silenced."""
    firing.notified_at = now
    if rule.silenced_until and rule.silenced_until > now:
        firing.silenced = True
        return
    firing.silenced = False
    body = payload(rule, firing, state)
    for channel in rule.channels:
        queued.append(Delivery(firing=firing, channel=channel, payload=body, next_attempt_at=now))


def _transitions(rule, measured, open_firings, now, queued):
    """Apply one rule's measurement; returns the firings to save, the pending ones to drop and (value, id) of those
    whose value alone changed."""
    changed, dropped, new_values = [], [], []
    for subject, value in measured.items():
        if not breaches(rule.kind, value, rule.threshold):
            continue
        firing = open_firings.pop(subject, None) or Firing(rule=rule, subject=subject, state=Firing.State.PENDING,
                                                          value=value, breached_at=now)
        unchanged = firing.pk is not None and firing.value == value
        firing.value = value
        if firing.state == Firing.State.PENDING and now - firing.breached_at >= timedelta(seconds=rule.for_s):
            firing.state, firing.since = Firing.State.FIRING, now
            notify(rule, firing, Firing.State.FIRING, now, queued)
        elif (firing.state == Firing.State.FIRING and rule.renotify_s and firing.notified_at
              and now - firing.notified_at >= timedelta(seconds=rule.renotify_s)):
            notify(rule, firing, Firing.State.FIRING, now, queued)
        elif unchanged:
            continue  # nothing to write: most firings at most ticks
        elif firing.pk is not None:
            new_values.append((value, firing.pk))
            continue
        changed.append(firing)
    for firing in open_firings.values():
        if firing.state == Firing.State.PENDING:
            dropped.append(firing.pk)
            continue
        firing.state, firing.resolved_at = Firing.State.RESOLVED, now
        notify(rule, firing, Firing.State.RESOLVED, now, queued)
        changed.append(firing)
    return changed, dropped, new_values


def _write_values(new_values):
    """Each open firing's latest value, in one statement: bulk_update's CASE expression cost 3 ms a row to build
    (bench/bench_alerts.py), and most ticks change only values."""
    if not new_values:
        return
    table, quote = Firing._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(table)} SET {quote('value')} = %s WHERE {quote('id')} = %s", new_values)


def evaluate(now=None, rules=None):
    """Evaluate every rule (or `rules`) at `now`; deliveries are handed to the sending task once committed."""
    now = now or timezone.now()
    rules = list(rules if rules is not None else AlertRule.objects.select_related("cluster"))
    readings = Readings(now)
    open_by_rule = {}
    for firing in Firing.objects.filter(rule__in=rules, state__in=OPEN):
        open_by_rule.setdefault(firing.rule_id, {})[firing.subject] = firing
    queued, changed, dropped, new_values, errors = [], [], [], [], {}
    for rule in rules:
        try:
            measured = measure(rule, readings, compiled(rule.target, rule.pattern_type), matches)
        except Unmeasured as problem:
            errors[rule.pk] = str(problem)
            continue
        errors[rule.pk] = ""
        rule_changed, rule_dropped, rule_values = _transitions(rule, measured, open_by_rule.get(rule.pk, {}), now,
                                                               queued)
        changed += rule_changed
        dropped += rule_dropped
        new_values += rule_values
    with transaction.atomic():
        Firing.objects.filter(pk__in=dropped).delete()
        for firing in changed:
            firing.save()
        _write_values(new_values)
        Delivery.objects.bulk_create(queued)
        for rule in rules:
            if rule.pk in errors and errors[rule.pk] != rule.evaluation_error:
                AlertRule.objects.filter(pk=rule.pk).update(evaluation_error=errors[rule.pk])
        ids = [delivery.pk for delivery in queued]
        transaction.on_commit(lambda: [delivery.queue(pk) for pk in ids])
    firing_now = sum(f.state == Firing.State.FIRING for f in changed)
    return Evaluated(rules=len(rules), firing=firing_now, notifications=len(queued))
