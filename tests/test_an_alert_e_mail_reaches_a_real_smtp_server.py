"""An e-mail channel sends through Django's mail settings to a real SMTP server (aiosmtpd on localhost)."""
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from alerts_app.models import AlertRule, Delivery
from alerts_app.services import delivery
from alerts_app.services.evaluation import evaluate
from topics_app.models import LagSample


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    # pytest-django swaps in the in-memory backend; this test wants the real SMTP one.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()


def test_the_firing_e_mail_reaches_the_smtp_server(smtp_server, cluster, unique_name):
    group = unique_name("mail-group")
    to = "ops@example.com, dev@example.com"
    rule = AlertRule.objects.create(name=unique_name("mail-rule"), kind="group_lag", cluster=cluster, target=group,
                                    threshold=10, channels=[{"type": "email", "to": to}])
    LagSample.objects.create(cluster=cluster, group_id=group, topic="t", at=timezone.now(), lag=42, committed=0)

    evaluate(rules=[rule])
    sent = [delivery.attempt(d.pk) for d in Delivery.objects.filter(firing__rule=rule)]

    assert [(d.state, d.attempts) for d in sent] == [("delivered", 1)]
    [envelope] = smtp_server.envelopes
    assert sorted(envelope.rcpt_tos) == ["dev@example.com", "ops@example.com"]
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == f"[FIRING] {rule.name} on cluster {cluster.name}: {group}"
    assert f"{group} is 42" in mail.get_content()


def test_an_smtp_server_that_is_not_there_is_an_error_on_the_delivery(settings, cluster, unique_name):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    group = unique_name("mail-group")
    rule = AlertRule.objects.create(name=unique_name("mail-rule"), kind="group_lag", cluster=cluster, target=group,
                                    threshold=10, channels=[{"type": "email", "to": "ops@example.com"}])
    LagSample.objects.create(cluster=cluster, group_id=group, topic="t", at=timezone.now(), lag=42, committed=0)

    evaluate(rules=[rule])
    [sent] = [delivery.attempt(d.pk) for d in Delivery.objects.filter(firing__rule=rule)]

    assert sent.state == "pending" and sent.attempts == 1
    assert "mail to ops@example.com failed" in sent.last_error
