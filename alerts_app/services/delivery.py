"""Sending a notification: a webhook's JSON POST or an e-mail through Django's mail settings, each attempt's
outcome recorded on the delivery (shown on the rule's page). The Celery task `alerts_app.deliver` calls
`attempt` and retries with backoff; evaluation never waits for a receiver.
"""
import json
import urllib.error
import urllib.request
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from alerts_app.models import Delivery, masked_url

TIMEOUT_S = 10


class DeliveryFailed(Exception):
    pass


def queue(delivery_id, countdown=0):
    """Hand the delivery to the sending task (by name: the task module imports this one)."""
    current_app.send_task("alerts_app.deliver", args=[delivery_id], queue=settings.JOBS_QUEUE, countdown=countdown)


def send_later(delivery_id, countdown=0):
    Delivery.objects.filter(pk=delivery_id).update(next_attempt_at=timezone.now() + timedelta(seconds=countdown))
    queue(delivery_id, countdown)


def send_overdue(now=None):
    """Queue again each delivery whose task is long overdue: its message was lost (Redis restarted empty, say).
    A message that was only late finds the delivery claimed or done (see attempt) and sends nothing twice."""
    overdue = (now or timezone.now()) - timedelta(seconds=settings.ALERT_DELIVERY_OVERDUE_S)
    found = list(Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lt=overdue)
                 .values_list("pk", flat=True))
    for pk in found:
        send_later(pk)
    return len(found)


def backoff_s(attempts):
    """Seconds before the next attempt after `attempts` failed ones: doubling, up to ALERT_RETRY_MAX_DELAY_S."""
    return min(settings.ALERT_RETRY_BASE_DELAY_S * 2 ** (attempts - 1), settings.ALERT_RETRY_MAX_DELAY_S)


def _post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": "Strom alerts"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            response.read(65536)
    # The error is shown to every role on the rule's page: it names the webhook by its host only.
    except urllib.error.HTTPError as error:
        raise DeliveryFailed(f"{masked_url(url)} answered HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError) as error:
        raise DeliveryFailed(f"{masked_url(url)} could not be reached: {getattr(error, 'reason', error)}") from error


def _mail(to, body):
    subject = body["text"].split(":")[0] + f": {body['subject']}"
    try:
        send_mail(subject[:200], body["text"] + "\n\n" + json.dumps(body, indent=2), None,
                  [address.strip() for address in to.split(",")], fail_silently=False)
    except Exception as error:  # smtplib and socket errors alike: the attempt failed, the next may not
        raise DeliveryFailed(f"mail to {to} failed: {error}") from error


def attempt(delivery_id):
    """One try; returns the delivery, its state delivered, pending (to retry) or failed (no attempts left)."""
    delivery = Delivery.objects.get(pk=delivery_id)
    if delivery.state != Delivery.State.PENDING:
        return delivery
    # Claimed by a conditional update: a second message for the same attempt (one queued again by send_overdue
    # while the first was only late) finds the count moved on and sends nothing.
    claimed = Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.PENDING,
                                      attempts=delivery.attempts).update(attempts=delivery.attempts + 1)
    if not claimed:
        delivery.refresh_from_db()
        return delivery
    delivery.attempts += 1
    try:
        if delivery.channel["type"] == "webhook":
            _post(delivery.channel["url"], delivery.payload)
        else:
            _mail(delivery.channel["to"], delivery.payload)
    except DeliveryFailed as error:
        delivery.last_error = str(error)
        if delivery.attempts >= settings.ALERT_DELIVERY_ATTEMPTS:
            delivery.state = Delivery.State.FAILED
    else:
        delivery.state, delivery.delivered_at = Delivery.State.DELIVERED, timezone.now()
    delivery.save(update_fields=["attempts", "last_error", "state", "delivered_at"])
    return delivery
