"""The consumer-group list: search and sort real groups; a replay job's group is hidden until asked for,
then shown linked to its job."""
import uuid

from tests.kafka_groups import commit
from tests.topics import create_topic, numbered, produce_records


def test_the_list_finds_sorts_and_links_a_replay_group_to_its_job(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("grp"), 1)
    produce_records(topic, numbered({0: 10}))
    marker = unique_name("m").lower()
    small, large = f"{marker}-small", f"{marker}-large"
    commit(small, topic, {0: 8})
    commit(large, topic, {0: 1})
    job = 1_000_000 + uuid.uuid4().int % 1_000_000
    job_group = f"strom-replay-{job}"
    commit(job_group, topic, {0: 10})
    url = f"/clusters/{cluster.name}/consumer-groups/"

    by_lag = as_viewer.get(url, {"q": marker.upper(), "sort": "-lag"})
    default = as_viewer.get(url)
    with_own = as_viewer.get(url, {"own": "on", "q": job_group})

    assert [g.group_id for g in by_lag.context["groups"]] == [large, small]
    assert job_group not in [g.group_id for g in default.context["groups"]]
    assert 'id="hidden-own"' in default.content.decode()
    assert [g.group_id for g in with_own.context["groups"]] == [job_group]
    assert f'<a href="/jobs/{job}/">replay job {job}</a>' in with_own.content.decode()
