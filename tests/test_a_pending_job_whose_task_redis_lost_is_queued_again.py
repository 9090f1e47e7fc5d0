"""A job whose queued task Redis lost (restarted without its data, as platform/redis runs it) does not stay
pending for good: the recovery task queues it again once it waited past the grace period, and it runs."""
import json

import redis
import requests
from rest_framework.authtoken.models import Token

from streams_app.models import Job
from tests.celery_worker import new_worker, wait_for_job
from tests.job_helpers import read_all
from tests.own_redis import OwnRedis, server_on
from tests.topics import create_topic


def queued_tasks(own_redis, queue):
    """The names of the tasks waiting in `queue` (Celery keeps a queue as a Redis list of JSON messages)."""
    waiting = redis.Redis.from_url(own_redis.url).lrange(queue, 0, -1)
    return [json.loads(message)["headers"]["task"] for message in waiting]


def test_a_job_whose_task_was_lost_with_a_restarted_redis_is_queued_again_and_runs(
        transactional_db, jobs_queue, cluster, personas, unique_name, tmp_path, monkeypatch):
    topic = create_topic(unique_name("gen"))
    own_redis = OwnRedis(tmp_path).start()
    try:
        with server_on(own_redis, jobs_queue, monkeypatch, JOB_PENDING_GRACE_S="3") as url:
            api = requests.Session()
            api.headers["Authorization"] = f"Token {Token.objects.create(user=personas['operator']).key}"
            started = api.post(f"{url}/api/v1/jobs/generate/", json={"cluster": cluster.name, "topic": topic,
                                                                     "count": 20}, timeout=60)
            assert started.status_code == 201, started.text
            assert "streams_app.run_job" in queued_tasks(own_redis, jobs_queue)

            own_redis.stop()
            own_redis.start()
            assert queued_tasks(own_redis, jobs_queue) == []
            assert Job.objects.get(pk=started.json()["id"]).state == Job.State.PENDING

            worker = new_worker(jobs_queue).start()
            try:
                job = wait_for_job(started.json()["id"], timeout_s=90)
            finally:
                worker.stop()
    finally:
        own_redis.stop()

    assert job.state == Job.State.SUCCEEDED, job.error
    assert len(read_all(topic)[0]) == 20
