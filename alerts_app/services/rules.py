"""Alert rules: checked (a clear error naming the field), created, changed, deleted and silenced; audited.

Creating, changing and deleting need the admin role, since a webhook URL is a request Strom makes; silencing
needs an operator.
"""
import fnmatch
import math
import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from alerts_app.models import AlertRule, Kind
from topics_app.errors import AccessDenied, InvalidRequest, NotFound
from topics_app.models import AuditEntry, Cluster
from topics_app.roles import ADMIN, OPERATOR, has_role

CHANNEL_TYPES = ("webhook", "email")
http_url = URLValidator(schemes=["http", "https"])
MAX_SECONDS = 10 * 365 * 24 * 3600


def refuse(field, message):
    raise InvalidRequest(message, field=field, fields={field: [message]})


def require(actor, role):
    if not has_role(actor, role):
        raise AccessDenied(f"This needs the {role} role.")


def compiled(target, pattern_type):
    """The target as a regular expression matched against whole subject names; empty or * matches everything."""
    target = (target or "").strip()
    if pattern_type == AlertRule.PatternType.REGEX:
        try:
            return re.compile(target)
        except re.error as error:
            refuse("target", f"The regular expression does not compile: {error}.")
    return re.compile(fnmatch.translate(target or "*"))


def matches(pattern, subject):
    return pattern.fullmatch(subject) is not None


def _number(value, field, integer=False, optional=False):
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        refuse(field, f"{field} is required.")
    if isinstance(value, bool):
        refuse(field, f"{field} must be a number, not {value!r}.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        refuse(field, f"{field} must be a number, not {value!r}.")
    if not math.isfinite(number):
        refuse(field, f"{field} must be a finite number.")
    if integer:
        if number != int(number) or not 0 <= number <= MAX_SECONDS:
            refuse(field, f"{field} must be a whole number of seconds from 0 to {MAX_SECONDS:,} (ten years).")
        return int(number)
    return number


def _channels(raw):
    if raw is None:
        return []
    if not isinstance(raw, list):
        refuse("channels", "channels must be a list of {type: webhook, url} or {type: email, to}.")
    checked = []
    for number, channel in enumerate(raw, 1):
        kind = channel.get("type") if isinstance(channel, dict) else None
        if kind not in CHANNEL_TYPES:
            refuse("channels", f"Channel {number}: type must be webhook or email.")
        if kind == "webhook":
            url = str(channel.get("url") or "").strip()
            try:
                http_url(url)
            except ValidationError:
                refuse("channels", f"Channel {number}: the webhook URL must be http:// or https://, not {url!r}.")
            checked.append({"type": "webhook", "url": url})
        else:
            to = [address.strip() for address in str(channel.get("to") or "").split(",") if address.strip()]
            if not to:
                refuse("channels", f"Channel {number}: the e-mail channel needs an address in to.")
            for address in to:
                try:
                    validate_email(address)
                except ValidationError:
                    refuse("channels", f"Channel {number}: {address!r} is not an e-mail address.")
            checked.append({"type": "email", "to": ", ".join(to)})
    return checked


def checked_fields(data):
    """The rule's fields from a form or an API body, each checked; InvalidRequest naming the first bad field, with
    every bad field's message in `fields`."""
    checked, problems = {}, {}

    def check(name, read):
        try:
            checked[name] = read()
        except InvalidRequest as error:
            problems.update(error.fields or {name: [error.message]})

    check("name", lambda: _name(data.get("name")))
    check("kind", lambda: _choice(data.get("kind"), "kind", Kind.values))
    check("pattern_type", lambda: _choice(data.get("pattern_type") or AlertRule.PatternType.GLOB, "pattern_type",
                                          AlertRule.PatternType.values))
    check("target", lambda: _target(data.get("target"), checked.get("pattern_type")))
    check("threshold", lambda: _number(data.get("threshold", 0), "threshold"))
    check("for_s", lambda: _number(data.get("for_s", 0), "for_s", integer=True))
    check("renotify_s", lambda: _number(data.get("renotify_s"), "renotify_s", integer=True, optional=True) or None)
    check("channels", lambda: _channels(data.get("channels")))
    if problems:
        field, messages = next(iter(problems.items()))
        raise InvalidRequest(messages[0], field=field, fields=problems)
    return checked


def _name(value):
    name = str(value or "").strip()
    if not name:
        refuse("name", "name is required.")
    if len(name) > 200:
        refuse("name", "name is at most 200 characters.")
    return name


def _choice(value, field, choices):
    if value not in choices:
        refuse(field, f"{field} must be one of {', '.join(choices)}.")
    return value


def _target(value, pattern_type):
    target = str(value or "").strip()
    if len(target) > 500:
        refuse("target", "target is at most 500 characters.")
    compiled(target, pattern_type)
    return target


def cluster_named(name):
    cluster = Cluster.objects.filter(name=str(name or "")).first()
    if cluster is None:
        refuse("cluster", f"No cluster named {name!r}.")
    return cluster


def _audit_details(fields):
    # The URL is kept out: a webhook URL (Slack's, for one) is often its own secret.
    return {k: v for k, v in fields.items() if k != "channels"} | {
        "channels": [c["type"] for c in fields.get("channels", [])]}


def _saved(rule):
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        refuse("name", f"A rule named {rule.name!r} exists already.")
    return rule


def create_rule(cluster, data, *, actor):
    fields = checked_fields(data)
    with AuditEntry.track(actor, "create_alert_rule", cluster=cluster, target=fields["name"],
                          details=_audit_details(fields)):
        require(actor, ADMIN)
        return _saved(AlertRule(cluster=cluster, created_by=actor if actor and actor.is_authenticated else None,
                                **fields))


def update_rule(cluster, rule, data, *, actor):
    fields = checked_fields(data)
    details = _audit_details(fields) | ({"renamed_from": rule.name} if rule.name != fields["name"] else {})
    with AuditEntry.track(actor, "change_alert_rule", cluster=cluster, target=fields["name"], details=details):
        require(actor, ADMIN)
        rule.cluster = cluster
        for name, value in fields.items():
            setattr(rule, name, value)
        return _saved(rule)


def delete_rule(rule, *, actor):
    with AuditEntry.track(actor, "delete_alert_rule", cluster=rule.cluster, target=rule.name):
        require(actor, ADMIN)
        rule.delete()


def parse_until(value):
    """A moment from an ISO date and time (a naive one is in the server's time zone); None for empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    moment = value if isinstance(value, datetime) else None
    if moment is None:
        try:
            moment = parse_datetime(str(value).strip())
        except ValueError:
            moment = None
    if moment is None:
        refuse("until", f"until must be a date and time like 2026-01-31T18:00:00Z, not {value!r}.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def silence_rule(rule, until, *, actor):
    """No notification until `until` (None: notify again now). Firings are still recorded meanwhile."""
    moment = parse_until(until)
    with AuditEntry.track(actor, "silence_alert_rule", cluster=rule.cluster, target=rule.name,
                          details={"until": moment.isoformat() if moment else None}):
        require(actor, OPERATOR)
        rule.silenced_until = moment
        rule.save(update_fields=["silenced_until", "updated_at"])
    return rule


def get_rule(rule_id):
    rule = AlertRule.objects.select_related("cluster").filter(pk=rule_id).first()
    if rule is None:
        raise NotFound(f"No alert rule {rule_id}.")
    return rule
