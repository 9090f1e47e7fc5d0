"""Jobs that create the topic they write to: an ingest's create_topic, a replay's create_target.

Creating a topic needs the role the topic pages and API need (roles.TOPIC_CREATOR), so a job
started by someone without it may only write to a topic that exists. The rule is checked when the
job is asked for (a refusal leaves no job row behind) and again when the job creates the topic, in
case the topic went away in between; the creation is audited as the one who started the job.
"""
from topics_app import errors, kafka_clients
from topics_app.errors import AccessDenied
from topics_app.models import Cluster
from topics_app.roles import TOPIC_CREATOR, has_role
from topics_app.services import topics as topic_service

# kind: (the parameter asking to create the topic, the parameter naming the topic)
FLAGS = {"ingest": ("create_topic", "topic"), "replay": ("create_target", "target_topic")}


def _refusal(flag, topic):
    return AccessDenied(f"{flag}: creating a topic needs the {TOPIC_CREATOR} role, and topic {topic!r} does not "
                        "exist; an operator's job writes only to an existing topic.", field=flag)


def _home(kind, cluster, params):
    """The cluster that holds the job's topic: a replay may write to another cluster."""
    if kind == "replay" and params.get("target_cluster"):
        return Cluster.objects.filter(name=params["target_cluster"]).first() or cluster
    return cluster


def check(user, kind, cluster, params):
    """Refuse a job (`params` as cleaned) that would create a topic `user` may not create."""
    flag, topic_param = FLAGS.get(kind, (None, None))
    if flag is None or not params.get(flag) or has_role(user, TOPIC_CREATOR):
        return
    topic = params[topic_param]
    try:
        kafka_clients.topic_partitions(_home(kind, cluster, params), topic)
    except errors.NotFound:
        raise _refusal(flag, topic) from None


def create(job, cluster, topic, partitions, replication_factor):
    """Create the job's topic as the one who started it (audited); a topic that appeared meanwhile is fine."""
    flag = FLAGS[job.kind][0]
    if not has_role(job.created_by, TOPIC_CREATOR):
        raise _refusal(flag, topic)
    try:
        topic_service.create_topic(cluster, topic, partitions, replication_factor, actor=job.created_by,
                                   details={"job": job.pk, "by": f"{job.kind} job {job.pk} ({flag})"})
    except errors.AlreadyExists:
        pass
