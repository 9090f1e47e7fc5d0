from celery import shared_task

from alerts_app.models import Delivery
from alerts_app.services import delivery
from alerts_app.services.evaluation import evaluate
from topics_app.services import lag_history


@shared_task(name="alerts_app.sample_and_evaluate", ignore_result=True)
def sample_and_evaluate():
    """The beat's lag sample, then every rule evaluated on it."""
    sampled = lag_history.sample_all_clusters()
    evaluated = evaluate()
    return {**sampled, "rules": evaluated.rules, "notifications": evaluated.notifications}


@shared_task(name="alerts_app.deliver", ignore_result=True)
def deliver(delivery_id):
    """One attempt; a failed one is queued again after a doubling delay until its attempts run out."""
    sent = delivery.attempt(delivery_id)
    if sent.state == Delivery.State.PENDING:
        delivery.send_later(delivery_id, countdown=delivery.backoff_s(sent.attempts))
