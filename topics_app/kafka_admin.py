"""Admin requests on a client `kafka_clients.run_admin` hands out, in the shapes Strom's services use: a topic
that must exist, the ELR, a broker's configs and the cluster-wide default, elections, reassignments, replica sizes.

kafka_clients owns the clients; this module only asks through one it is given.
"""
import logging
import time
from collections import defaultdict

import kafka.errors as kafka_errors
from django.conf import settings
from kafka import KafkaAdminClient
from kafka.admin import AlterConfigOp, ConfigResource, ConfigResourceType, OffsetSpec
from kafka.protocol.admin import DescribeConfigsRequest, DescribeLogDirsRequest, IncrementalAlterConfigsRequest
from kafka.protocol.consumer import ListOffsetsRequest
from kafka.protocol.consumer.fetch import FetchRequest
from kafka.protocol.metadata import MetadataRequest
from kafka.record.memory_records import MemoryRecords
from kafka.structs import TopicPartition

from topics_app.errors import InvalidRequest, NotFound
from topics_app.kafka_clients import UNREACHABLE_ERRORS, broker_message, config_named_in
from topics_app.kafka_fixes import BatchFrom

log = logging.getLogger(__name__)


def existing_topic(admin, name):
    """The topic's metadata; NotFound when there is none."""
    topics = admin.describe_topics([name])
    if not topics or topics[0].get("error_code"):
        raise NotFound(f"There is no topic named {name!r}.")
    return topics[0]


# A topic just created (or changed), or a node just restarted, reaches each broker's metadata a moment later, and
# each request may go to another broker: one that has not caught up answers "no such topic", "no leader yet" or
# "no such broker". Ask again this long.
SETTLE_S = 2


def settled(read):
    """`read()`, asked again for up to SETTLE_S while the brokers' metadata disagree about a topic."""
    deadline = time.monotonic() + SETTLE_S
    while True:
        try:
            return read()
        except (NotFound, kafka_errors.UnknownTopicOrPartitionError, kafka_errors.LeaderNotAvailableError,
                kafka_errors.NotLeaderForPartitionError, kafka_errors.UnknownBrokerIdError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def eligible_leader_replicas(admin, topic):
    """{partition: (eligible leader replicas, last known ELR)} of a topic (KIP-966); {} from a cluster older
    than Kafka 3.7, which has no DescribeTopicPartitions."""
    try:
        answer = admin.describe_topic_partitions([topic])
    except (kafka_errors.IncompatibleBrokerVersion, kafka_errors.UnsupportedVersionError):
        return {}
    # kafka-python turns an empty list into None; a cluster that answers this request always reports both
    # lists (empty when there are none), as kafka-topics --describe prints them.
    return {p["partition_index"]: (p["eligible_leader_replicas"] or [], p["last_known_elr"] or [])
            for found in answer["topics"] for p in found["partitions"]}


# --- Brokers: a broker's configs, the cluster-wide dynamic default, and the metadata quorum ---
# kafka-python's describe_configs and alter_configs route a broker resource to the broker whose id is its name,
# so they cannot address the cluster-wide default (the empty name), and they ask for no documentation: these
# build the same requests themselves and send them through the admin client's connections.

def _send(admin, request, node_id=None):
    """Send one protocol request to broker `node_id` (or any broker) and return the response."""

    async def call():
        return await admin._manager.send(request, node_id=node_id)

    return admin._manager.run(call)


def _broker_node(broker):
    """The node to ask about broker resource `broker` ("" is the cluster-wide default: any broker answers)."""
    return int(broker) if broker else None


def describe_broker_configs(admin, broker):
    """{name: {value, read_only, config_source, is_sensitive, synonyms, config_type, documentation}} of broker
    `broker` (its id as text), or of the cluster-wide default when `broker` is ""."""
    request = DescribeConfigsRequest(resources=[(ConfigResourceType.BROKER, broker, None)], include_synonyms=True,
                                     include_documentation=True)
    response = _send(admin, request, _broker_node(broker))
    for result in response.results:
        if result.error_code:
            raise kafka_errors.for_code(result.error_code)(result.error_message or "")
    return KafkaAdminClient._describe_configs_process_responses([response], "all").get("broker", {}).get(broker, {})


def alter_broker_configs(admin, broker, changes, validate_only=False):
    """Set (a value) or delete (None) dynamic configs of broker `broker` ("" = the cluster-wide default) in one
    IncrementalAlterConfigs request, which Kafka applies whole or not at all. Returns "OK" or Kafka's refusal."""
    entries = [(name, AlterConfigOp.DELETE.value, None) if value is None else (name, AlterConfigOp.SET.value, value)
               for name, value in changes.items()]
    request = IncrementalAlterConfigsRequest(resources=[(ConfigResourceType.BROKER, broker, entries)],
                                             validate_only=validate_only)
    response = _send(admin, request, _broker_node(broker))
    return KafkaAdminClient._alter_configs_process_responses(response.responses)["broker"][broker]


# Leader election and partition reassignment (topics_app.services.leader_election and .reassignment).
# Each takes the admin client inside run_admin and answers plain data keyed by (topic, partition).
ELECTION_TYPES = {"preferred": 0, "unclean": 1}
ElectionNotNeededError = kafka_errors.ElectionNotNeededError
NoReassignmentInProgressError = kafka_errors.NoReassignmentInProgressError


def elect_leaders(admin, election_type, partitions):
    """Run a preferred or unclean election on {topic: [partition]}; {(topic, partition): None when a leader
    was elected, else the error class Kafka answered for that partition}."""
    response = admin.elect_leaders(ELECTION_TYPES[election_type], partitions, raise_errors=False)
    if getattr(response, "error_code", 0):
        raise kafka_errors.for_code(response.error_code)()
    return {(result.topic, partition.partition_id):
            None if partition.error_code == 0 else kafka_errors.for_code(partition.error_code)
            for result in response.replica_election_results for partition in result.partition_result}


def alter_reassignments(admin, targets):
    """Start (a replica list) or cancel (None) reassignments: {(topic, partition): replicas | None} ->
    {(topic, partition): None when accepted, else the error class}."""
    results = admin.alter_partition_reassignments(
        {TopicPartition(topic, partition): replicas for (topic, partition), replicas in targets.items()},
        timeout_ms=settings.KAFKA_REQUEST_TIMEOUT_MS)
    return {(tp.topic, tp.partition): error for tp, error in results.items()}


def list_reassignments(admin):
    """{(topic, partition): {replicas, adding_replicas, removing_replicas}} for every reassignment in progress."""
    found = admin.list_partition_reassignments(timeout_ms=settings.KAFKA_REQUEST_TIMEOUT_MS)
    return {(tp.topic, tp.partition): state for tp, state in found.items()}


def replica_sizes(admin, topics, brokers):
    """{(broker, topic, partition): bytes} of `topics` ({topic: [partition]}) on the live `brokers`."""
    sizes = {}
    if not topics or not brokers:
        return sizes
    answers = []
    for broker in sorted(brokers):
        try:
            answers += admin.describe_log_dirs(topics, brokers=[broker])
        except (kafka_errors.UnknownBrokerIdError, *UNREACHABLE_ERRORS):
            continue  # a broker just stopped: it has nothing to tell, the others still answer
    for answer in answers:
        for log_dir in answer["log_dirs"]:
            for topic in log_dir["topics"]:
                for partition in topic["partitions"]:
                    if not partition.get("is_future_key"):
                        sizes[(answer["broker"], topic["name"], partition["partition_index"])] = \
                            partition["partition_size"]
    return sizes


def entity_configs(admin, resource_type, names):
    """{name: {config: value}} of brokers (ids as strings) or topics, every config."""
    kind = {ConfigResourceType.BROKER: "broker", ConfigResourceType.TOPIC: "topic"}[resource_type]
    found = admin.describe_configs([ConfigResource(resource_type, str(name)) for name in names],
                                   config_filter="all").get(kind, {})
    return {name: {key: entry.get("value") for key, entry in configs.items()} for name, configs in found.items()}


def alter_entity_configs(admin, resource_type, name, changes):
    """Set (a value) or delete (None) configs of one broker or topic in one incremental request."""
    ops = {key: (AlterConfigOp.DELETE, None) if value is None else (AlterConfigOp.SET, str(value))
           for key, value in changes.items()}
    kind = {ConfigResourceType.BROKER: "broker", ConfigResourceType.TOPIC: "topic"}[resource_type]
    result = admin.alter_configs([ConfigResource(resource_type, str(name), configs=ops)],
                                 raise_on_unknown=False, incremental=True)[kind][str(name)]
    if result != "OK":
        raise InvalidRequest(broker_message(result), field=config_named_in(str(result)))


def group_offsets(admin, group_ids):
    """{group: {TopicPartition: OffsetAndMetadata}} of every group, in one request per coordinator. A group whose
    offsets Kafka refuses (its coordinator moving, say) is left out, not the whole answer: each is asked alone."""
    try:
        return admin.list_group_offsets({group: None for group in group_ids})
    except UNREACHABLE_ERRORS:
        raise
    except kafka_errors.KafkaError:
        pass
    found = {}
    for group in group_ids:
        try:
            found.update(admin.list_group_offsets({group: None}))
        except UNREACHABLE_ERRORS:
            raise
        except kafka_errors.KafkaError as error:
            log.warning("The committed offsets of group %r could not be read: %r", group, error)
    return found


# --- Several requests at once: the topic list asks every leader and broker, and waits for the slowest only ---
# kafka-python's admin calls each wait for their answer, and its offset lookup asks for the metadata of every
# topic again first. These start requests on the admin client's own event loop and wait for them together.

def concurrently(admin, steps):
    """Run `steps` (coroutine functions without arguments) on the admin client's event loop at the same time;
    their results, in order. A step that raises makes the call raise once all have been started."""

    async def all_steps():
        futures = [admin._manager.call_soon(step) for step in steps]
        return [await future for future in futures]

    return admin._manager.run(all_steps)


def broker_ids(admin):
    return [broker.node_id for broker in admin._manager.cluster.brokers()]


class Stale(Exception):
    """A leader answered that it no longer leads a partition (or knows no such topic): ask again the slow way."""


def offsets_step(admin, leader, specs):
    """A step: {TopicPartition: offset} from `leader` for {TopicPartition: OffsetSpec}; None when the leader
    cannot be reached; Stale when its metadata moved on."""

    request = _offsets_request(specs)

    async def step():
        try:
            response = await admin._manager.send(request, node_id=leader)
        except UNREACHABLE_ERRORS:
            return None
        offsets = {}
        for topic in response.topics:
            for found in topic.partitions:
                if found.error_code in _STALE_LEADER_CODES:
                    return Stale()
                if found.error_code:
                    raise kafka_errors.for_code(found.error_code)(f"{topic.name}-{found.partition_index}")
                offsets[TopicPartition(topic.name, found.partition_index)] = found.offset
        return offsets

    return step


def _offsets_request(specs):
    """kafka-python's ListOffsets request for {TopicPartition: EARLIEST or LATEST}, with each partition's fields all
    given: a field left to its default is looked up at every encoding, which doubled a 1,000-partition request's."""
    by_topic = defaultdict(list)
    for tp, spec in specs.items():
        if spec not in (OffsetSpec.EARLIEST, OffsetSpec.LATEST):
            raise ValueError(f"Only EARLIEST and LATEST are asked this way, not {spec!r}")
        by_topic[tp.topic].append(_OffsetsPartition(partition_index=tp.partition, timestamp=int(spec),
                                                    current_leader_epoch=-1))
    return ListOffsetsRequest(replica_id=-1, isolation_level=0,
                              topics=[_OffsetsTopic(name=name, partitions=found) for name, found in by_topic.items()])


_OffsetsTopic = ListOffsetsRequest.ListOffsetsTopic
_OffsetsPartition = _OffsetsTopic.ListOffsetsPartition
_STALE_LEADER_CODES = {error.errno for error in (kafka_errors.NotLeaderForPartitionError,
                                                  kafka_errors.UnknownTopicOrPartitionError,
                                                  kafka_errors.LeaderNotAvailableError)}


# The topic list, the overview and the samplers read every topic's metadata, sizes and configs; kafka-python's
# admin calls turn each answer into dicts field by field (with every field's version checked), which took a
# quarter of a 1,000-topic list's time. These read the answers' own objects for the fields Strom uses.

def all_topics(admin):
    """describe_topics() of every topic, with the keys Strom reads: name, is_internal, error_code and partitions
    (partition_index, leader_id, leader_epoch, replica_nodes, isr_nodes, offline_replicas)."""
    request = MetadataRequest(topics=None, allow_auto_topic_creation=False,
                              include_cluster_authorized_operations=False, include_topic_authorized_operations=False)
    return [
        {"name": topic.name, "is_internal": topic.is_internal, "error_code": topic.error_code,
         "partitions": [{"partition_index": p.partition_index, "leader_id": p.leader_id,
                         "leader_epoch": p.leader_epoch, "replica_nodes": list(p.replica_nodes),
                         "isr_nodes": list(p.isr_nodes), "offline_replicas": list(p.offline_replicas or ())}
                        for p in topic.partitions]}
        for topic in _send(admin, request).topics
    ]


def sizes_steps(admin, topic_partitions):
    """Steps, one per broker: {(topic, partition): bytes} that the broker holds of [(topic, [partition])] (of every
    topic when None) in all its log dirs; {} from a broker that cannot be reached."""
    request = DescribeLogDirsRequest(topics=None if topic_partitions is None else [
        DescribeLogDirsRequest.DescribableLogDirTopic(topic=name, partitions=partitions)
        for name, partitions in topic_partitions])

    def step_of(broker):
        async def step():
            try:
                response = await admin._manager.send(request, node_id=broker)
            except (kafka_errors.UnknownBrokerIdError, *UNREACHABLE_ERRORS):
                return {}  # a broker just stopped: it has nothing to tell, the others still answer
            sizes = {}
            for result in response.results:
                for topic in result.topics:
                    for p in topic.partitions:
                        key = (topic.name, p.partition_index)
                        sizes[key] = sizes.get(key, 0) + p.partition_size
            return sizes

        return step

    return [step_of(broker) for broker in broker_ids(admin)]


def config_values_step(admin, resources):
    """A step: {resource name: {config: value}} of `resources` (ConfigResources of one type), every config the
    broker reports for the keys each names (all of them when it names none)."""
    request = KafkaAdminClient._describe_configs_request(resources, False)

    async def step():
        response = await admin._manager.send(request)
        return {result.resource_name: {config.name: config.value for config in result.configs}
                for result in response.results}

    return step


def config_values(admin, resources):
    """config_values_step's answer, asked alone."""
    return admin._manager.run(config_values_step(admin, resources))


# Bytes asked for per partition when only its first record is wanted; a broker sends at least one whole batch.
FIRST_RECORD_BYTES = 4096


def first_record_timestamps(admin, offsets):
    """{TopicPartition: timestamp ms} of the first record at or after each offset ({TopicPartition: offset}):
    one fetch per leader over the admin client's open connections, waiting for nothing. A partition without
    such a record (none yet, removed by retention, a leader that moved or cannot be reached) is left out."""
    leaders = {}
    for topic in admin.describe_topics(sorted({tp.topic for tp in offsets})):
        for partition in topic["partitions"]:
            leaders[TopicPartition(topic["name"], partition["partition_index"])] = partition["leader_id"]
    by_leader = defaultdict(dict)
    for tp, offset in offsets.items():
        if leaders.get(tp, -1) >= 0:
            by_leader[leaders[tp]][tp] = offset
    found = {}
    for answer in concurrently(admin, [_first_records_step(admin, leader, led) for leader, led in by_leader.items()]):
        found.update(answer)
    return found


def _first_records_step(admin, leader, offsets):
    async def step():
        wanted = defaultdict(list)
        for tp, offset in offsets.items():
            wanted[tp.topic].append(FetchRequest.FetchTopic.FetchPartition(
                partition=tp.partition, current_leader_epoch=-1, fetch_offset=offset, last_fetched_epoch=-1,
                log_start_offset=-1, partition_max_bytes=FIRST_RECORD_BYTES))
        request = FetchRequest(
            max_wait_ms=0, min_bytes=0, max_bytes=FIRST_RECORD_BYTES * len(offsets), isolation_level=0,
            session_id=0, session_epoch=-1, forgotten_topics_data=[], rack_id="", max_version=12,
            topics=[FetchRequest.FetchTopic(topic=topic, partitions=parts) for topic, parts in wanted.items()])
        try:
            response = await admin._manager.send(request, node_id=leader)
        except UNREACHABLE_ERRORS:
            return {}
        found = {}
        for topic in response.responses:
            for partition in topic.partitions:
                tp = TopicPartition(topic.topic, partition.partition_index)
                if tp in offsets and not partition.error_code and partition.records:
                    timestamp = _first_timestamp(partition.records, offsets[tp])
                    if timestamp is not None:
                        found[tp] = timestamp
        return found

    return step


def _first_timestamp(raw, offset):
    """The timestamp of the first data record at or after `offset` in a fetch's record batches."""
    records = MemoryRecords(bytes(raw))
    while (batch := records.next_batch()) is not None:
        if batch.magic >= 2 and batch.is_control_batch:  # a transaction's marker, not a record
            continue
        for record in BatchFrom(batch, offset) if batch.magic >= 2 else batch:
            if record.offset >= offset:
                return record.timestamp
    return None
