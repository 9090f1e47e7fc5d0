"""What the pages and the API show: each rule's state, what fires now, a rule's deliveries."""
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from alerts_app.models import AlertRule, Delivery, Firing
from topics_app.roles import ADMIN, has_role


@dataclass
class RuleState:
    rule: AlertRule
    firing: int
    pending: int
    failed_deliveries: int

    @property
    def silenced(self):
        return bool(self.rule.silenced_until and self.rule.silenced_until > timezone.now())

    @property
    def state(self):
        return "firing" if self.firing else "pending" if self.pending else "ok"


def rule_states():
    found = AlertRule.objects.select_related("cluster").annotate(
        firing_count=Count("firings", filter=Q(firings__state=Firing.State.FIRING), distinct=True),
        pending_count=Count("firings", filter=Q(firings__state=Firing.State.PENDING), distinct=True),
        failed_count=Count("firings__deliveries", filter=Q(firings__deliveries__state__in=[
            Delivery.State.FAILED, Delivery.State.PENDING], firings__deliveries__attempts__gt=0), distinct=True),
    )
    return [RuleState(r, r.firing_count, r.pending_count, r.failed_count) for r in found]


def firing_now(cluster=None):
    found = Firing.objects.filter(state=Firing.State.FIRING).select_related("rule", "rule__cluster")
    if cluster is not None:
        found = found.filter(rule__cluster=cluster)
    return list(found.order_by("since"))


def alerts(state=None, limit=500):
    """Firings and resolved ones, newest first, as the API lists them (pending ones have not fired)."""
    found = Firing.objects.exclude(state=Firing.State.PENDING).select_related("rule")
    if state:
        found = found.filter(state=state)
    return list(found.order_by("-since")[:limit])


def deliveries_of(rule, limit=50):
    return list(Delivery.objects.filter(firing__rule=rule).select_related("firing")[:limit])


def channels_seen_by(user, rule):
    """Viewers and operators read every rule but not its secrets: a webhook's URL is one, and only admins, who
    may set it, see it whole."""
    return rule.channels_shown(reveal_secrets=has_role(user, ADMIN))
