"""An open transaction of a real transactional producer is listed (page and API) with its state, producer, partitions
and timeout as `kafka-transactions` prints them; its partition's producers as `describe-producers` prints them; a
group's page and API show the records it holds back from read_committed consumers; after the commit it is done."""
import re
import time

from kafka import KafkaProducer

from tests.conftest import BOOTSTRAP, run_tool
from tests.kafka_groups import commit
from tests.topics import create_topic


def kafka_transactions(*args):
    """Rows of a kafka-transactions table as {column: value} dicts."""
    lines = [line for line in run_tool("kafka-transactions", "--bootstrap-server", BOOTSTRAP, *args).splitlines()
             if line.strip()]
    header = lines[0].split()
    return [dict(zip(header, [field.strip() for field in line.split("\t")])) for line in lines[1:]]


def described(transactional_id):
    return kafka_transactions("describe", "--transactional-id", transactional_id)[0]


def listed(client, cluster, transactional_id):
    rows = client.get(f"/api/v1/clusters/{cluster.name}/transactions/").json()
    return next((row for row in rows if row["transactional_id"] == transactional_id), None)


def wait_for(read, done, timeout_s=30):
    """read() again until done(its value): a coordinator writes a commit's markers a moment after answering."""
    deadline = time.monotonic() + timeout_s
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.2)
        value = read()
    return value


def uncommitted_in_api(client, cluster, group):
    offsets = client.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/").json()["offsets"]
    return {row["partition"]: row["uncommitted"] for row in offsets}


def uncommitted_on_page(client, cluster, group):
    html = client.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()
    return {int(partition): int(value) for partition, value in re.findall(
        r'data-partition="(\d+)">.*?<td class="strom-num uncommitted">(\d+)</td>', html, re.S)}


def test_an_open_transaction_is_listed_and_holds_back_read_committed_readers_until_committed(
        cluster, as_viewer, unique_name):
    topic, group, transactional_id = unique_name("txn"), unique_name("g"), unique_name("txid")
    create_topic(topic, 2, replication_factor=3)
    commit(group, topic, {0: 0, 1: 0})
    producer = KafkaProducer(**cluster.client_config(), transactional_id=transactional_id,
                             transaction_timeout_ms=45000)
    try:
        producer.init_transactions()
        producer.begin_transaction()
        for value in (b"a", b"b", b"c"):
            producer.send(topic, value, partition=1)
        producer.flush()

        row = listed(as_viewer, cluster, transactional_id)
        kafka = described(transactional_id)
        tool_list = {r["TransactionalId"]: r for r in kafka_transactions("list")}[transactional_id]
        tool_producers = kafka_transactions("describe-producers", "--topic", topic, "--partition", "1")
        page = as_viewer.get(f"/clusters/{cluster.name}/transactions/").content.decode()
        producers_page = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/producers/").content.decode()
        api_producers = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/producers/").json()
        held_in_api = uncommitted_in_api(as_viewer, cluster, group)
        held_on_page = uncommitted_on_page(as_viewer, cluster, group)

        assert row["state"] == "Ongoing" == kafka["TransactionState"] == tool_list["TransactionState"]
        assert row["producer_id"] == int(kafka["ProducerId"]) == int(tool_list["ProducerId"])
        assert row["producer_epoch"] == int(kafka["ProducerEpoch"])
        assert row["timeout_ms"] == int(kafka["TransactionTimeoutMs"]) == 45000
        assert row["started_ms"] == int(kafka["CurrentTransactionStartTimeMs"])
        assert row["partitions"] == [{"topic": topic, "partition": 1}]
        assert kafka["TopicPartitions"] == f"{topic}-1"
        assert row["hanging"] is False and row["replay_job_id"] is None
        assert f'data-transactional-id="{transactional_id}"' in page and "Ongoing" in page
        assert f"/clusters/{cluster.name}/topics/{topic}/producers/#partition-1" in page

        assert len(tool_producers) == 1 and len(api_producers) == 1
        assert api_producers[0]["producer_id"] == int(tool_producers[0]["ProducerId"]) == row["producer_id"]
        assert api_producers[0]["partition"] == 1
        opened_at = int(tool_producers[0]["CurrentTransactionStartOffset"])
        assert api_producers[0]["open_transaction_offset"] == opened_at == 0
        assert api_producers[0]["coordinator_epoch"] == int(tool_producers[0]["LatestCoordinatorEpoch"])
        assert api_producers[0]["transactional_id"] == transactional_id
        assert 'id="partition-1"' in producers_page and transactional_id in producers_page

        assert held_in_api == {0: 0, 1: 3} == held_on_page

        producer.commit_transaction()
        after = wait_for(lambda: listed(as_viewer, cluster, transactional_id),
                         lambda found: found["state"] == "CompleteCommit")
        held_after = wait_for(lambda: uncommitted_in_api(as_viewer, cluster, group), lambda found: found[1] == 0)
        kafka_after = described(transactional_id)

        assert after["state"] == kafka_after["TransactionState"] == "CompleteCommit"
        assert after["partitions"] == [] and kafka_after["TopicPartitions"] == ""
        assert held_after == {0: 0, 1: 0} == uncommitted_on_page(as_viewer, cluster, group)
        assert all(p["open_transaction_offset"] is None for p in as_viewer.get(
            f"/api/v1/clusters/{cluster.name}/topics/{topic}/producers/").json())
    finally:
        producer.close()


def test_a_replay_jobs_transaction_links_to_its_job(cluster, as_viewer, unique_name):
    topic = unique_name("txn")
    create_topic(topic, 1, replication_factor=3)
    transactional_id = "strom-replay-987654-0"
    producer = KafkaProducer(**cluster.client_config(), transactional_id=transactional_id)
    try:
        producer.init_transactions()
        producer.begin_transaction()
        producer.send(topic, b"x", partition=0).get(timeout=30)

        row = listed(as_viewer, cluster, transactional_id)
        page = as_viewer.get(f"/clusters/{cluster.name}/transactions/").content.decode()

        assert row["replay_job_id"] == 987654
        assert 'href="/jobs/987654/"' in page
        producer.abort_transaction()
    finally:
        producer.close()
