"""A synthetic social-media feed for demos: tweet-like JSON events keyed by user."""
import json
import random
import time
from datetime import datetime, timezone as dt_timezone

from django.conf import settings

from streams_app.services.jobs.common import Pace, check_cancel, optional_int, rate_param, topic_param
from topics_app import kafka_bulk, kafka_clients
from topics_app.errors import InvalidRequest

MAX_COUNT = 100_000_000
MAX_DURATION_S = 7 * 24 * 3600

USERS = [f"{first}{suffix}" for first in ("ada", "bo", "chen", "dara", "emeka", "fatima", "goran", "hana", "ines",
                                          "jonas", "kofi", "lena", "mateo", "nadia", "oskar", "priya", "quinn",
                                          "rosa", "sven", "tariq", "uma", "viktor", "wen", "yusuf", "zoe")
         for suffix in ("", "_dev", "42", "_eu")]
LANGUAGES = [("en", 0.55), ("es", 0.12), ("de", 0.08), ("fr", 0.08), ("pt", 0.07), ("ja", 0.05), ("nl", 0.05)]
HASHTAGS = ["kafka", "streaming", "dataengineering", "python", "django", "realtime", "kappa", "eventsourcing",
            "opensource", "devops", "cloud", "ai", "music", "football", "coffee", "travel"]
WORDS = ("just shipped a new pipeline today the replay finished in minutes love how the log keeps everything "
         "anyone else debugging consumer lag this morning coffee first then partitions great talk about "
         "exactly once semantics at the meetup weekend plans include hiking and zero deploys").split()
# (lat, lon) of a few cities; points are scattered around them.
CITIES = [(52.52, 13.40), (40.71, -74.01), (51.51, -0.13), (35.68, 139.69), (-23.55, -46.63), (48.86, 2.35),
          (19.43, -99.13), (52.37, 4.90), (6.52, 3.38), (28.61, 77.21)]


def clean_params(cluster, params):
    count = optional_int(params, "count", minimum=1, maximum=MAX_COUNT)
    duration = optional_int(params, "duration_s", minimum=1, maximum=MAX_DURATION_S)
    if (count is None) == (duration is None):
        raise InvalidRequest("Give either count (records) or duration_s (seconds), not both.", field="count")
    rate = rate_param(params)
    if duration is not None and rate is None:
        raise InvalidRequest("A run for a duration needs a rate (records per second).", field="rate")
    topic = topic_param(params, "topic")
    kafka_clients.topic_partitions(cluster, topic)
    return {"topic": topic, "count": count, "duration_s": duration, "rate": rate}


def tweet(rng, number, now_ms):
    user = rng.choice(USERS)
    language = rng.choices([code for code, _ in LANGUAGES], [weight for _, weight in LANGUAGES])[0]
    tags = rng.sample(HASHTAGS, rng.choice((0, 1, 1, 2, 3)))
    text = " ".join(rng.choices(WORDS, k=rng.randint(6, 18))).capitalize()
    lat, lon = rng.choice(CITIES)
    return {
        "id": number,
        "user": user,
        "text": text + "".join(f" #{tag}" for tag in tags),
        "hashtags": tags,
        "language": language,
        "geo": {"lat": round(lat + rng.uniform(-0.3, 0.3), 5), "lon": round(lon + rng.uniform(-0.3, 0.3), 5)},
        "created_at": datetime.fromtimestamp(now_ms / 1000, tz=dt_timezone.utc).isoformat(timespec="milliseconds"),
    }


# Composing each event afresh costs about 30 µs of Python; the job's target is 100,000 records/s. So events are
# drawn from a pool of bodies composed once, and only the id and time are written per record.
POOL_BITS = 12


class TweetFeed:
    """(key, value) of tweet-like events: the same JSON as `tweet`, drawn from 4,096 pre-composed bodies."""

    def __init__(self, rng):
        self.rng = rng
        self.pool = []
        for _ in range(1 << POOL_BITS):
            event = tweet(rng, 0, 0)
            del event["id"], event["created_at"]
            self.pool.append((event["user"].encode(), json.dumps(event)[1:-1]))
        self._stamp_ms, self._stamp = None, ""

    def event(self, number, now_ms):
        if now_ms != self._stamp_ms:
            self._stamp_ms = now_ms
            self._stamp = datetime.fromtimestamp(now_ms / 1000, tz=dt_timezone.utc).isoformat(timespec="milliseconds")
        key, body = self.pool[self.rng.getrandbits(POOL_BITS)]
        return key, f'{{"id": {number}, {body}, "created_at": "{self._stamp}"}}'.encode()


def run(cluster, job):
    params = job.params
    count, duration, rate = params.get("count"), params.get("duration_s"), params.get("rate")
    total = count if count is not None else duration * rate
    done = (job.checkpoint or {}).get("done", 0)
    job.report(done, total, force=True)
    feed = TweetFeed(random.Random())
    producer = kafka_bulk.BulkProducer(cluster)
    pace = Pace(rate, already_done=done)
    deadline = time.monotonic() + duration if duration else None
    topic = params["topic"]
    next_checkpoint = time.monotonic() + settings.JOB_CHECKPOINT_INTERVAL_S
    try:
        while done < total and (deadline is None or time.monotonic() < deadline):
            now_ms = int(time.time() * 1000)
            key, value = feed.event(done + 1, now_ms)
            producer.send(topic, key=key, value=value, timestamp_ms=now_ms)
            done += 1
            if done % 500 == 0 or rate:
                producer.check()
                job.report(done)
                if done % 500 == 0:
                    check_cancel(job)
                    if time.monotonic() >= next_checkpoint:
                        next_checkpoint = time.monotonic() + settings.JOB_CHECKPOINT_INTERVAL_S
                        producer.flush(timeout_s=60)
                        job.save_checkpoint({"done": done})
                pace.wait(done, job)
        producer.flush(timeout_s=60)
    finally:
        producer.close()
    job.report(done, total, force=True)
    return {"produced": done}
