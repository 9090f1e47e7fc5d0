import logging

import redis
from celery import shared_task
from django.conf import settings

from alerts_app.models import Delivery
from alerts_app.services import delivery
from alerts_app.services.evaluation import evaluate
from topics_app.services import lag_history

log = logging.getLogger(__name__)


# Two workers may each run a tick when one ran longer than the interval; two evaluations at once would each open
# the same firing. The later one leaves the evaluation to the one still running. One lock per database: test runs
# and several Stroms may share a Redis.
def evaluation_lock():
    return f"strom:alerts:evaluating:{settings.DATABASES['default']['NAME']}"


@shared_task(name="alerts_app.sample_and_evaluate", ignore_result=True)
def sample_and_evaluate():
    """The beat's lag sample, then every rule evaluated on it."""
    sampled = lag_history.sample_all_clusters()
    lock = redis.Redis.from_url(settings.REDIS_URL).lock(evaluation_lock(), timeout=600, blocking_timeout=0)
    if not lock.acquire():
        log.warning("alert rules not evaluated on this sample: the evaluation of an earlier one is still running")
        return sampled
    try:
        evaluated = evaluate()
        requeued = delivery.send_overdue()
    finally:
        lock.release()
    return {**sampled, "rules": evaluated.rules, "notifications": evaluated.notifications, "requeued": requeued}


@shared_task(name="alerts_app.deliver", ignore_result=True)
def deliver(delivery_id):
    """One attempt; a failed one is queued again after a doubling delay until its attempts run out."""
    sent = delivery.attempt(delivery_id)
    if sent.state == Delivery.State.PENDING:
        delivery.send_later(delivery_id, countdown=delivery.backoff_s(sent.attempts))
