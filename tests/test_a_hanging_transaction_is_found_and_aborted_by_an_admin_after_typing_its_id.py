"""A transaction left open past its timeout by a producer that was killed is found hanging, as kafka-transactions
describe-producers shows it (what it holds back from read_committed consumers shows on its group's page); in a real
Chromium, by links from the home page, a viewer sees it flagged with no way to abort, and an admin aborts it after
typing its transactional id.

The broker is the test's own: Kafka's coordinator aborts a timed-out transaction within
transaction.abort.timed.out.transaction.cleanup.interval.ms (10 s by default), so this node checks once an hour and
the transaction stays hanging, as it does when a coordinator has lost track of one."""
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from kafka import KafkaConsumer
from kafka.structs import OffsetAndMetadata, TopicPartition

from tests.conftest import run_tool
from tests.own_broker import OwnBroker
from tests.test_the_kafka_lecture_walked_through_the_pages_in_chromium import people, sign_in, sign_out  # noqa: F401
from tests.topics import create_topic
from topics_app import kafka_clients
from topics_app.models import AuditEntry, Cluster

OPEN_AND_WAIT = """
import sys, time
from kafka import KafkaProducer
producer = KafkaProducer(bootstrap_servers=sys.argv[1], transactional_id=sys.argv[2], transaction_timeout_ms=2000)
producer.init_transactions()
producer.begin_transaction()
for value in (b"held-1", b"held-2"):
    producer.send(sys.argv[3], value, partition=0)
producer.flush()
print("open", flush=True)
time.sleep(600)
"""


@pytest.fixture
def own_broker(tmp_path):
    broker = OwnBroker(tmp_path, properties={"transaction.abort.timed.out.transaction.cleanup.interval.ms": 3600000})
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def hanging_cluster(own_broker, db):
    row = Cluster.objects.create(name="own-transactions", bootstrap_servers=own_broker.bootstrap)
    yield row
    kafka_clients.forget(row)


def commit_offset(bootstrap, group, topic, offset):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        consumer.commit({TopicPartition(topic, 0): OffsetAndMetadata(offset, "", -1)})
    finally:
        consumer.close()


def killed_mid_transaction(bootstrap, transactional_id, topic):
    """A real producer process that opens a transaction, writes two records and is killed (kill -9)."""
    process = subprocess.Popen([sys.executable, "-c", OPEN_AND_WAIT, bootstrap, transactional_id, topic],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "open"
    finally:
        process.kill()
        process.wait(timeout=30)


def hanging_rows(client, cluster, timeout_s=60):
    """The hanging rows, asked again until the transaction is past its 2 s timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        rows = client.get(f"/api/v1/clusters/{cluster.name}/transactions/hanging/").json()
        if rows or time.monotonic() > deadline:
            return rows
        time.sleep(0.5)


def tool_producers(bootstrap, topic):
    lines = [line for line in run_tool("kafka-transactions", "--bootstrap-server", bootstrap, "describe-producers",
                                       "--topic", topic, "--partition", "0").splitlines() if line.strip()]
    header = lines[0].split()
    return [dict(zip(header, line.split())) for line in lines[1:]]


def apart(function, *args):
    """function(*args) on a thread of its own: Playwright's sync API runs an event loop on this one, where Django
    refuses database calls."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(function, *args).result()


def open_transactions(page, cluster):
    """From the home page: the cluster, then Transactions in its navigation."""
    page.click(f"a:text-is('{cluster.name}')")
    page.click("nav.strom-nav >> text=Transactions")
    page.wait_for_selector("#transactions")


def uncommitted(client, cluster, group):
    offsets = client.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/").json()["offsets"]
    return {row["partition"]: row["uncommitted"] for row in offsets}


@pytest.mark.browser
@pytest.mark.usefixtures("people")
def test_a_hanging_transaction_is_found_and_aborted_after_its_id_is_typed(own_broker, hanging_cluster, as_viewer,
                                                                           server_url, browser_page, unique_name):
    topic, group, transactional_id = unique_name("hang"), unique_name("g"), unique_name("txid")
    create_topic(topic, 1, bootstrap=own_broker.bootstrap)
    commit_offset(own_broker.bootstrap, group, topic, 0)
    killed_mid_transaction(own_broker.bootstrap, transactional_id, topic)

    hanging = apart(hanging_rows, as_viewer, hanging_cluster)
    listed = {row["transactional_id"]: row for row in apart(lambda: as_viewer.get(
        f"/api/v1/clusters/{hanging_cluster.name}/transactions/").json())}[transactional_id]
    kafka = tool_producers(own_broker.bootstrap, topic)

    assert len(hanging) == 1 and len(kafka) == 1
    row = hanging[0]
    assert (row["topic"], row["partition"], row["transactional_id"]) == (topic, 0, transactional_id)
    assert row["producer_id"] == int(kafka[0]["ProducerId"]) == listed["producer_id"]
    assert row["producer_epoch"] == int(kafka[0]["ProducerEpoch"])
    assert row["coordinator_epoch"] == int(kafka[0]["LatestCoordinatorEpoch"])
    assert row["open_transaction_offset"] == int(kafka[0]["CurrentTransactionStartOffset"]) == 0
    assert row["timeout_ms"] == 2000 and row["open_ms"] > 2000
    assert listed["state"] == "Ongoing" and listed["hanging"] is True
    assert apart(uncommitted, as_viewer, hanging_cluster, group) == {0: 2}

    sign_in(browser_page, f"{server_url}/", "viewer")
    open_transactions(browser_page, hanging_cluster)
    hanging_row = browser_page.locator(f"#hanging tr[data-topic='{topic}']")
    assert transactional_id in hanging_row.inner_text()
    assert browser_page.locator("#hanging a:text-is('Abort…')").count() == 0
    assert "hanging" in browser_page.inner_text(f"#transactions tr[data-transactional-id='{transactional_id}']")
    hanging_row.locator(f"a:text-is('{topic}-0')").click()
    browser_page.wait_for_selector("#producers")
    assert "hanging" in browser_page.inner_text("#partition-0")
    sign_out(browser_page)

    sign_in(browser_page, f"{server_url}/", "admin")
    open_transactions(browser_page, hanging_cluster)
    browser_page.locator(f"#hanging tr[data-topic='{topic}'] a:text-is('Abort…')").click()
    browser_page.wait_for_selector("#abort-target")
    assert f"Type {transactional_id} to confirm" in browser_page.inner_text("#abort-form")
    browser_page.fill("[name='confirm_name']", f"{transactional_id}x")
    browser_page.click("input[value='Abort the transaction']")
    assert browser_page.inner_text(".field-confirm_name .errorlist") == f"This is not {transactional_id}."
    assert tool_producers(own_broker.bootstrap, topic)[0]["CurrentTransactionStartOffset"] == "0"
    browser_page.fill("[name='confirm_name']", transactional_id)
    browser_page.click("input[value='Abort the transaction']")
    browser_page.wait_for_selector(f"text=Transaction of producer {row['producer_id']} aborted on {topic}-0.")

    assert browser_page.locator("#hanging").count() == 0
    assert tool_producers(own_broker.bootstrap, topic)[0]["CurrentTransactionStartOffset"] == "None"
    assert apart(lambda: as_viewer.get(f"/api/v1/clusters/{hanging_cluster.name}/transactions/hanging/").json()) == []
    assert apart(uncommitted, as_viewer, hanging_cluster, group) == {0: 0}
    entry = apart(lambda: AuditEntry.objects.filter(action="abort_transaction", target=f"{topic}-0").get())
    assert entry.username == "lecture-admin" and entry.result == AuditEntry.Result.OK
    assert entry.details["transactional_id"] == transactional_id
