"""What each kind of rule measures: {subject: value} for one cluster, read once per evaluation and shared by every
rule that needs it.

Group lags come from the lag samples the beat task has just stored, so 200 rules over 200 groups cost two
queries, not 200 calls to Kafka. Partition health, brokers, group time lag and connectors are asked of Kafka and
Connect, only when a rule needs them.
"""
from collections import defaultdict

from django.db.models import Q

from connect_app import services as connect_services
from connect_app.models import ConnectCluster
from streams_app.models import Job
from topics_app.errors import ServiceError
from topics_app.models import LagSample
from topics_app.services import brokers, groups, rate_history, topics

HEALTH_OF_KIND = {"under_replicated": "under_replicated", "under_min_isr": "under_min_isr",
                  "offline_partitions": "offline"}
# The kinds that fire while the value is below the threshold; every other kind fires above it.
BELOW = {"topic_rate_below"}


class Unmeasured(Exception):
    """The rule's input cannot be read this time (a cluster or Connect that does not answer): its firings stay as
    they are rather than resolving."""


class Readings:
    """One evaluation's inputs, each read at most once per cluster."""

    def __init__(self, now):
        self.now = now
        self._cache = {}

    def _once(self, key, read):
        if key not in self._cache:
            try:
                self._cache[key] = read()
            except ServiceError as error:
                self._cache[key] = Unmeasured(error.message)
        found = self._cache[key]
        if isinstance(found, Unmeasured):
            raise found
        return found

    def lag_samples(self, cluster):
        """({group: total lag}, {group: total committed}) at the cluster's last sample, and the same at the one
        before (None when there is only one)."""
        return self._once(("lag", cluster.pk), lambda: _last_two_samples(cluster))

    def topic_health(self, cluster):
        return self._once(("topics", cluster.pk), lambda: {
            t.name: t.health for t in topics.list_topics(cluster, include_internal=True)})

    def brokers(self, cluster):
        return self._once(("brokers", cluster.pk), lambda: brokers.list_brokers(cluster))

    def rates(self, cluster):
        return self._once(("rates", cluster.pk), lambda: rate_history.current_rates(cluster))

    def time_lag_s(self, cluster, group_id):
        def read():
            detail = groups.describe_group(cluster, group_id)
            return (detail.max_time_lag_ms or 0) / 1000
        return self._once(("time_lag", cluster.pk, group_id), read)

    def connectors(self, cluster):
        def read():
            found = {}
            for connect in ConnectCluster.objects.filter(kafka_cluster=cluster):
                for connector in connect_services.list_connectors(connect):
                    failed = int(connector.state == "FAILED") + connector.tasks_failed
                    found[connector.name] = max(failed, found.get(connector.name, 0))
            return found
        return self._once(("connectors", cluster.pk), read)


def _last_two_samples(cluster):
    times = list(LagSample.objects.filter(cluster=cluster).order_by("-at").values_list("at", flat=True).distinct()[:2])
    if not times:
        return {}, {}, None
    lags = {at: defaultdict(int) for at in times}
    committed = {at: defaultdict(int) for at in times}
    for at, group_id, lag, offset in (LagSample.objects.filter(cluster=cluster, at__in=times)
                                      .values_list("at", "group_id", "lag", "committed")):
        lags[at][group_id] += lag
        committed[at][group_id] += offset or 0
    latest = times[0]
    before = (lags[times[1]], committed[times[1]]) if len(times) > 1 else None
    return lags[latest], committed[latest], before


def _stuck(readings, cluster):
    """Lag of each group that consumed nothing since the sample before and whose lag did not shrink."""
    lags, committed, before = readings.lag_samples(cluster)
    if before is None:
        return {}
    lags_before, committed_before = before
    return {group: lag for group, lag in lags.items()
            if lag > 0 and group in lags_before and lag >= lags_before[group]
            and committed.get(group) == committed_before.get(group)}


def _failed_jobs(rule, readings):
    """Each job that failed since the rule was made and was not run again with success: {"job <id> <topic>": 1}."""
    failed = (Job.objects.filter(cluster=rule.cluster, state=Job.State.FAILED, finished_at__gte=rule.created_at)
              .exclude(Q(reruns__state=Job.State.SUCCEEDED)).values_list("pk", "kind", "params"))
    found = {}
    for pk, kind, params in failed:
        topic = params.get("topic") or params.get("target_topic") or params.get("source_topic") or ""
        found[f"{kind} job {pk}" + (f" ({topic})" if topic else "")] = (1, topic)
    return found


def measure(rule, readings, pattern, matches):
    """{subject: value} of the rule's kind over the subjects its target pattern matches."""
    cluster, kind = rule.cluster, rule.kind

    def over(values):
        return {subject: value for subject, value in values.items() if matches(pattern, subject)}

    if kind == "group_lag":
        return over(readings.lag_samples(cluster)[0])
    if kind == "group_stuck":
        return over(_stuck(readings, cluster))
    if kind == "group_time_lag":
        lagging = over({g: lag for g, lag in readings.lag_samples(cluster)[0].items() if lag > 0})
        return {group: readings.time_lag_s(cluster, group) for group in lagging}
    if kind in HEALTH_OF_KIND:
        field = HEALTH_OF_KIND[kind]
        return over({topic: getattr(health, field) for topic, health in readings.topic_health(cluster).items()})
    if kind == "broker_down":
        return over({f"broker {b.id}": 0 if b.up else 1 for b in readings.brokers(cluster)})
    if kind in ("topic_rate_below", "topic_rate_above"):
        return over(readings.rates(cluster))
    if kind == "job_failed":
        return {subject: value for subject, (value, topic) in _failed_jobs(rule, readings).items()
                if matches(pattern, topic) or matches(pattern, subject)}
    if kind == "connector_failed":
        return over(readings.connectors(cluster))
    raise Unmeasured(f"Unknown kind {kind!r}.")


def breaches(kind, value, threshold):
    return value < threshold if kind in BELOW else value > threshold
