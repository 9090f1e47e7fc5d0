"""A Redis of a test's own, for tests that stop the job queue: the real redis-server on a free port, without
persistence (as platform/redis runs it), so a restart loses what was queued. The shared Redis is never stopped."""
import subprocess
import time
from contextlib import contextmanager

import redis

from tests.asgi_server import serving
from tests.own_broker import free_port


class OwnRedis:
    def __init__(self, data_dir):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.data_dir = data_dir
        self.process = None

    def start(self, timeout_s=30):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.data_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_s
        while not self.answers():
            assert self.process.poll() is None, "the test's redis-server exited"
            assert time.monotonic() < deadline, "the test's redis-server did not answer"
            time.sleep(0.1)
        return self

    def answers(self):
        try:
            return redis.Redis.from_url(self.url, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        self.process.wait(timeout=15)


@contextmanager
def server_on(own_redis, queue, monkeypatch, **env):
    """A server whose job queue is `own_redis`; yields its base URL. Workers started while it runs
    (`new_worker(queue)`) use the same queue and `env`. The test process itself keeps the shared Redis."""
    for name, value in {"CELERY_BROKER_URL": own_redis.url, "JOBS_QUEUE": queue, **env}.items():
        monkeypatch.setenv(name, value)
    with serving(stderr=subprocess.DEVNULL) as url:
        yield url
