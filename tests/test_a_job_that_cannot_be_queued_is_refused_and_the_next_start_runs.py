"""Starting a job while the job queue (Redis) is down: the API answers 503 with a JSON reason and the page form
says why, no job is left waiting for a task that was never sent, and once Redis is back the next start runs."""
import requests
from rest_framework.authtoken.models import Token

from streams_app.models import Job
from tests.celery_worker import new_worker, wait_for_job
from tests.job_helpers import read_all
from tests.live_helpers import session_cookie
from tests.own_redis import OwnRedis, server_on
from tests.topics import create_topic

REFUSAL = "The job queue cannot be reached, so the job was not started"


def test_a_job_started_while_redis_is_down_is_refused_with_503_and_one_started_after_it_returns_runs(
        transactional_db, jobs_queue, cluster, personas, unique_name, tmp_path, monkeypatch):
    topic = create_topic(unique_name("gen"))
    own_redis = OwnRedis(tmp_path).start()
    try:
        with server_on(own_redis, jobs_queue, monkeypatch) as url:
            api = requests.Session()
            api.headers["Authorization"] = f"Token {Token.objects.create(user=personas['operator']).key}"
            pages = requests.Session()
            pages.cookies.set("sessionid", session_cookie(personas["operator"]))
            pages.get(f"{url}/jobs/new/generate/", timeout=30).raise_for_status()
            request = {"cluster": cluster.name, "topic": topic, "count": 20}
            assert api.get(f"{url}/api/v1/jobs/", timeout=30).status_code == 200
            own_redis.stop()

            refused = api.post(f"{url}/api/v1/jobs/generate/", json=request, timeout=60)
            assert refused.status_code == 503, refused.text
            assert refused.json()["error"] == "QueueUnavailable"
            assert refused.json()["detail"].startswith(REFUSAL)

            form = pages.post(f"{url}/jobs/new/generate/", timeout=60,
                              data={**request, "csrfmiddlewaretoken": pages.cookies["csrftoken"]})
            assert form.status_code == 503
            assert REFUSAL in form.text and 'name="topic"' in form.text
            assert not Job.objects.exists()
            assert api.get(f"{url}/api/v1/jobs/", timeout=30).json() == []

            own_redis.start()
            started = api.post(f"{url}/api/v1/jobs/generate/", json=request, timeout=60)
            assert started.status_code == 201, started.text
            worker = new_worker(jobs_queue).start()
            try:
                job = wait_for_job(started.json()["id"], timeout_s=90)
            finally:
                worker.stop()
    finally:
        own_redis.stop()

    assert job.state == Job.State.SUCCEEDED, job.error
    assert len(read_all(topic)[0]) == 20
    assert Job.objects.count() == 1
