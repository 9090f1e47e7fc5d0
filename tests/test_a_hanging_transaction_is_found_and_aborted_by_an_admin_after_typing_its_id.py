"""A transaction left open past its timeout by a producer that was killed is found hanging (what it holds back from
read_committed consumers shows on its group's page), and an admin aborts it from the page after typing its id.

The broker is the test's own: Kafka's coordinator aborts a timed-out transaction within
transaction.abort.timed.out.transaction.cleanup.interval.ms (10 s by default), so this node checks once an hour and
the transaction stays hanging, as it does when a coordinator has lost track of one."""
import html
import subprocess
import sys
import time

import pytest
from kafka import KafkaConsumer
from kafka.structs import OffsetAndMetadata, TopicPartition

from tests.conftest import run_tool
from tests.own_broker import OwnBroker
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
def own_cluster(own_broker, db):
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


def uncommitted(client, cluster, group):
    offsets = client.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/").json()["offsets"]
    return {row["partition"]: row["uncommitted"] for row in offsets}


def test_a_hanging_transaction_is_found_and_aborted_after_its_id_is_typed(own_broker, own_cluster, as_admin,
                                                                           as_viewer, unique_name):
    topic, group, transactional_id = unique_name("hang"), unique_name("g"), unique_name("txid")
    create_topic(topic, 1, bootstrap=own_broker.bootstrap)
    commit_offset(own_broker.bootstrap, group, topic, 0)
    killed_mid_transaction(own_broker.bootstrap, transactional_id, topic)

    hanging = hanging_rows(as_viewer, own_cluster)
    listed = {row["transactional_id"]: row for row in as_viewer.get(
        f"/api/v1/clusters/{own_cluster.name}/transactions/").json()}[transactional_id]
    kafka = tool_producers(own_broker.bootstrap, topic)
    page = as_viewer.get(f"/clusters/{own_cluster.name}/transactions/").content.decode()
    admin_page = as_admin.get(f"/clusters/{own_cluster.name}/transactions/").content.decode()

    assert len(hanging) == 1 and len(kafka) == 1
    row = hanging[0]
    assert (row["topic"], row["partition"], row["transactional_id"]) == (topic, 0, transactional_id)
    assert row["producer_id"] == int(kafka[0]["ProducerId"]) == listed["producer_id"]
    assert row["producer_epoch"] == int(kafka[0]["ProducerEpoch"])
    assert row["coordinator_epoch"] == int(kafka[0]["LatestCoordinatorEpoch"])
    assert row["open_transaction_offset"] == int(kafka[0]["CurrentTransactionStartOffset"]) == 0
    assert row["timeout_ms"] == 2000 and row["open_ms"] > 2000
    assert listed["state"] == "Ongoing" and listed["hanging"] is True
    assert uncommitted(as_viewer, own_cluster, group) == {0: 2}
    assert 'id="hanging"' in page and "Abort…" not in page
    assert "Abort…" in admin_page

    abort_url = (f"/clusters/{own_cluster.name}/transactions/abort/?topic={topic}&partition=0"
                 f"&producer_id={row['producer_id']}&producer_epoch={row['producer_epoch']}"
                 f"&coordinator_epoch={row['coordinator_epoch']}")
    assert html.escape(abort_url) in admin_page
    form = as_admin.get(abort_url)
    fields = {name: row[name] for name in ("topic", "partition", "producer_id", "producer_epoch",
                                           "coordinator_epoch")}
    mistyped = as_admin.post(abort_url, {**fields, "confirm_name": f"{transactional_id}x"})
    assert form.status_code == 200 and f"Type {transactional_id} to confirm" in form.content.decode()
    assert mistyped.status_code == 400 and f"This is not {transactional_id}." in mistyped.content.decode()
    assert tool_producers(own_broker.bootstrap, topic)[0]["CurrentTransactionStartOffset"] == "0"

    done = as_admin.post(abort_url, {**fields, "confirm_name": transactional_id})

    assert done.status_code == 302 and done["Location"] == f"/clusters/{own_cluster.name}/transactions/"
    assert tool_producers(own_broker.bootstrap, topic)[0]["CurrentTransactionStartOffset"] == "None"
    assert as_viewer.get(f"/api/v1/clusters/{own_cluster.name}/transactions/hanging/").json() == []
    assert uncommitted(as_viewer, own_cluster, group) == {0: 0}
    entry = AuditEntry.objects.filter(action="abort_transaction", target=f"{topic}-0").get()
    assert entry.username == "admin-persona" and entry.result == AuditEntry.Result.OK
    assert entry.details["transactional_id"] == transactional_id
