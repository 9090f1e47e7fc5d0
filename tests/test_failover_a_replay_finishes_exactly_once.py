"""A replay job runs from a topic of three partitions replicated three times into another when kill -9 takes
the node leading partition 0 of the source: the job still finishes, and the target read with read_committed
holds the source's records per partition, the same and in the same order, each once. The cluster is one of
the test's own; the shared one is never stopped."""

from streams_app.models import Job
from tests.celery_worker import wait_for_job
from tests.failover_helpers import create_replicated_topic, leader_of, own_three_nodes, produce_numbered
from tests.job_helpers import payloads, read_all, start
from topics_app.models import Cluster

PER_PARTITION = 1500


own = own_three_nodes("failover-replay")


def test_a_replay_across_a_leader_kill_finishes_with_each_record_once(own, worker, as_operator, unique_name):
    source = create_replicated_topic(own.bootstrap, unique_name("src"))
    target = create_replicated_topic(own.bootstrap, unique_name("dst"))
    produce_numbered(own.bootstrap, source, 3, PER_PARTITION)
    cluster = Cluster.objects.create(name="own-replay", bootstrap_servers=own.bootstrap)
    victim = leader_of(own.bootstrap, source, 0)

    job = start(as_operator, "replay", {"cluster": cluster.name, "source_topic": source, "target_topic": target,
                                        "rate": 600})
    running = wait_for_job(job["id"], check=lambda j: j.done >= 900, timeout_s=120)
    assert running.state == Job.State.RUNNING
    own.node(victim).kill()

    finished = wait_for_job(job["id"], timeout_s=300)

    assert finished.state == Job.State.SUCCEEDED, finished.error
    assert (finished.done, finished.total) == (3 * PER_PARTITION, 3 * PER_PARTITION)
    copied = read_all(target, "read_committed", bootstrap=own.bootstrap)
    assert payloads(copied) == payloads(read_all(source, bootstrap=own.bootstrap))
