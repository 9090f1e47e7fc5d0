"""Replay copies exactly the asked range, keeping keys, values, headers and timestamps, in order per partition."""
from streams_app.models import Job
from tests.celery_worker import wait_for_job
from tests.job_helpers import payloads, read_all, start
from tests.topics import T0, create_topic, produce_records


def test_replay_copies_exactly_the_offset_range_into_a_new_topic(worker, cluster, as_admin, unique_name):
    source, target = create_topic(unique_name("src"), 3), unique_name("dst")
    records = [(p, f"key-{p}-{i}".encode(), f"value-{p}-{i}".encode(), T0 + i * 1000 + p,
                [("origin", f"h{i}".encode()), ("empty", b"")]) for i in range(10) for p in range(3)]
    produce_records(source, records)

    job = start(as_admin, "replay", {
        "cluster": cluster.name, "source_topic": source, "partitions": [0, 2],
        "start": {"type": "offset", "value": 2}, "end": {"type": "offset", "value": {"0": 8, "2": 5}},
        "target_topic": target, "create_target": True})
    job = wait_for_job(job["id"])

    assert job.state == Job.State.SUCCEEDED, job.error
    assert (job.done, job.total) == (9, 9)
    copied = payloads(read_all(target))
    expected = payloads(read_all(source))
    assert copied == {0: expected[0][2:8], 1: [], 2: expected[2][2:5]}
    assert job.result["written"] == 9


def test_replay_to_latest_uses_the_end_captured_at_start_and_filters(worker, cluster, as_operator, unique_name):
    source = create_topic(unique_name("src"), 2)
    target = create_topic(unique_name("dst"), 1)
    produce_records(source, [(i % 2, f"u{i % 3}".encode(), f'{{"n": {i}}}'.encode(), T0 + i) for i in range(40)])

    job = start(as_operator, "replay", {
        "cluster": cluster.name, "source_topic": source, "target_topic": target,
        "start": {"type": "timestamp", "value": T0 + 10}, "end": {"type": "latest"}, "filter": {"key": "u1"}})
    job = wait_for_job(job["id"])

    assert job.state == Job.State.SUCCEEDED, job.error
    wanted = [f'{{"n": {i}}}'.encode() for i in range(10, 40) if i % 3 == 1]
    # One target partition: records land by key, all of them in partition 0; order holds per source partition.
    got = [r[2] for r in read_all(target)[0]]
    assert sorted(got) == sorted(wanted)
    for source_partition in (0, 1):
        mine = [v for v in got if int(v[6:-1]) % 2 == source_partition]
        assert mine == [v for v in wanted if int(v[6:-1]) % 2 == source_partition]
    assert job.result["written"] == len(wanted)
    assert job.total == 30
