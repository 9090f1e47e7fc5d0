"""A webhook that answers 500 twice: the real worker tries again after a backoff, the rule's page shows the failed
attempts meanwhile, and the third attempt delivers the notification (nothing is lost silently)."""
import pytest
from django.utils import timezone

from alerts_app.models import AlertRule, Delivery
from alerts_app.services.evaluation import evaluate
from tests.celery_worker import new_worker
from tests.waiting import wait_until
from topics_app.models import LagSample


@pytest.fixture
def quick_retry_worker(monkeypatch, transactional_db, jobs_queue, kafka_broker, redis_server):
    """A worker whose retries wait a fraction of a second instead of ten."""
    monkeypatch.setenv("ALERT_RETRY_BASE_DELAY_S", "0.3")
    process = new_worker(jobs_queue).start()
    yield process
    process.stop()


def the_delivery(rule):
    return Delivery.objects.get(firing__rule=rule)


def test_the_third_attempt_delivers_after_two_refusals(quick_retry_worker, cluster, receiver, as_viewer,
                                                       unique_name):
    hook = receiver(refusals=2)
    hook.hold.clear()  # the attempt after the refusals waits until the test has seen the rule's page
    group = unique_name("alert-group")
    rule = AlertRule.objects.create(name=unique_name("retry-rule"), kind="group_lag", cluster=cluster, target=group,
                                    threshold=10, channels=[{"type": "webhook", "url": hook.url}])
    LagSample.objects.create(cluster=cluster, group_id=group, topic="t", at=timezone.now(), lag=500, committed=0)

    evaluate(rules=[rule])

    wait_until(lambda: the_delivery(rule).attempts == 2 and len(hook.refused) == 2, 60, what="two refused attempts")
    meanwhile = the_delivery(rule)
    assert meanwhile.state == "pending" and "HTTP 500" in meanwhile.last_error
    page = as_viewer.get(f"/alerts/rules/{rule.pk}/").content.decode()
    assert "retrying" in page and "HTTP 500" in page
    assert hook.url not in page  # the webhook is named by its host only: its path may be its secret
    listing = as_viewer.get("/alerts/").content.decode()
    assert "1 failing" in listing

    hook.hold.set()
    wait_until(lambda: the_delivery(rule).state == "delivered", 60, what="the third attempt")
    done = the_delivery(rule)
    assert done.attempts == 3
    assert [b["state"] for b in hook.refused + hook.bodies] == ["firing"] * 3
    assert [b["state"] for b in hook.bodies] == ["firing"]
    page = as_viewer.get(f"/alerts/rules/{rule.pk}/").content.decode()
    assert "delivered" in page
