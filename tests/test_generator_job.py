"""The generator produces N tweet-like records keyed by user."""
import json

from streams_app.models import Job
from tests.celery_worker import wait_for_job
from tests.job_helpers import read_all, start
from tests.topics import create_topic


def test_the_generator_produces_n_tweet_like_records_keyed_by_user(worker, cluster, as_operator, unique_name):
    topic = create_topic(unique_name("gen"), 3)
    job = wait_for_job(start(as_operator, "generate", {"cluster": cluster.name, "topic": topic, "count": 2345})["id"])

    assert job.state == Job.State.SUCCEEDED, job.error
    assert (job.done, job.total) == (2345, 2345)
    records = [r for rs in read_all(topic).values() for r in rs]
    assert len(records) == 2345
    event = json.loads(records[0][2])
    assert set(event) >= {"user", "text", "hashtags", "language", "geo", "created_at"}
    assert all(json.loads(r[2])["user"].encode() == r[1] for r in records)
