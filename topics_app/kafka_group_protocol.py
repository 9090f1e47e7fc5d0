"""Groups of the new consumer protocol (KIP-848), described with ConsumerGroupDescribe (api key 69).

kafka-python 3.0.12 knows the api key but declares no request for it, and its describe_groups sends
DescribeGroups, which Kafka answers for such a group with "not a classic group" and no members. The request and
response classes here are kafka-python message classes built from Kafka's own JSON definitions
(topics_app/kafka_messages/); `describe_groups` asks DescribeGroups first and ConsumerGroupDescribe for the
groups that are not classic, and answers both in the shape of kafka-python's describe_groups, so the services
read one kind of description.

kafka_clients owns the clients; this module only asks through one it is given.
"""
from collections import defaultdict

import kafka.errors as kafka_errors
from kafka.protocol.api_message import ApiMessage
from kafka.protocol.metadata.find_coordinator import CoordinatorType


class ConsumerGroupDescribeRequest(ApiMessage, load_json="topics_app.kafka_messages"):
    pass


class ConsumerGroupDescribeResponse(ApiMessage, load_json="topics_app.kafka_messages"):
    pass


# ConsumerGroupDescribeResponse v1's MemberType (KIP-1099): a classic member is a client of the old protocol
# that joined a consumer-protocol group (during an upgrade).
MEMBER_TYPES = {0: "classic", 1: "consumer"}

# Errors that say the group lives on another coordinator now: asked again after finding it anew.
MOVED = (kafka_errors.NotCoordinatorError, kafka_errors.CoordinatorNotAvailableError,
         kafka_errors.CoordinatorLoadInProgressError)


def describe_groups(admin, group_ids):
    """{group_id: description} of classic and consumer-protocol groups alike: kafka-python's describe_groups
    entries ("group_type": "classic"), and for the groups DescribeGroups does not know, ConsumerGroupDescribe's
    answer in the same shape plus group_type "consumer", group_epoch, assignment_epoch and per member
    member_epoch, member_type, subscribed_topics and target_assignment. A group neither knows keeps
    DescribeGroups' error (and no group_type)."""
    described = admin.describe_groups(list(group_ids))
    not_classic = []
    for group_id, description in described.items():
        if not description.get("error"):
            description["group_type"] = "classic"
        elif "GroupIdNotFoundError" in description["error"]:
            not_classic.append(group_id)
    if not_classic:
        for group_id, description in consumer_group_descriptions(admin, not_classic).items():
            if not description["error"]:
                described[group_id] = description
    return described


def consumer_group_descriptions(admin, group_ids):
    """{group_id: description} from ConsumerGroupDescribe, one request per coordinator; {} from a cluster
    older than Kafka 3.7, which has no such request (and no such groups)."""
    try:
        answers = admin._manager.run(_ask_coordinators, admin, list(group_ids))
        moved = [group_id for group_id, group in answers.items() if kafka_errors.for_code(group.error_code) in MOVED]
        if moved:
            for group_id in moved:
                admin._manager.cluster._coordinators.pop((CoordinatorType.GROUP, group_id), None)
            answers.update(admin._manager.run(_ask_coordinators, admin, moved))
    except (kafka_errors.IncompatibleBrokerVersion, kafka_errors.UnsupportedVersionError):
        return {}
    return {group_id: _description(group) for group_id, group in answers.items()}


async def _ask_coordinators(admin, group_ids):
    by_coordinator = defaultdict(list)
    for group_id, node_id in (await admin._find_coordinator_ids(group_ids)).items():
        by_coordinator[node_id].append(group_id)
    answers = {}
    for node_id, asked in by_coordinator.items():
        request = ConsumerGroupDescribeRequest(group_ids=asked, include_authorized_operations=False)
        response = await admin._manager.send(request, node_id=node_id)
        answers.update({group.group_id: group for group in response.groups})
    return answers


def _partitions(assignment):
    """An Assignment as kafka-python decodes a classic member's: {"assigned_partitions": [{topic, partitions}]}."""
    topics = (assignment.topic_partitions or []) if assignment is not None else []
    return {"assigned_partitions": [{"topic": t.topic_name, "partitions": sorted(t.partitions or [])}
                                    for t in topics]}


def _description(group):
    error = None
    if group.error_code:
        error = str(kafka_errors.for_code(group.error_code)(group.error_message or ""))
    return {
        "group_id": group.group_id,
        "group_state": group.group_state,
        "protocol_type": "consumer",
        "protocol_data": group.assignor_name,
        "group_type": "consumer",
        "group_epoch": group.group_epoch,
        "assignment_epoch": group.assignment_epoch,
        "authorized_operations": None,
        "error": error,
        "members": [{
            "member_id": member.member_id,
            "group_instance_id": member.instance_id,
            "client_id": member.client_id,
            "client_host": member.client_host,
            "rack_id": member.rack_id,
            "member_epoch": member.member_epoch,
            "member_type": MEMBER_TYPES.get(getattr(member, "member_type", -1)),
            "subscribed_topics": sorted(member.subscribed_topic_names or []),
            "subscribed_topic_regex": member.subscribed_topic_regex,
            "member_assignment": _partitions(member.assignment),
            "target_assignment": _partitions(member.target_assignment),
        } for member in group.members or []],
    }
