"""A real ASGI server serving Strom on a free port, over the test database (for browser and websocket tests):
uvicorn, as platform/Procfile runs it."""
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.database_url import shared_database_url

REPO = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start listening")


@contextmanager
def serving(**stderr):
    """uvicorn serving Strom on a free port with the test database (and the environment as it is now); yields its
    base URL."""
    port = free_port()
    env = {**os.environ, "STROM_DEV": "1", "DATABASE_URL": shared_database_url()}
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
                                "--port", str(port), "--loop", "uvloop", "--http", "httptools", "--ws", "websockets",
                                "--lifespan", "off", "--log-level", "warning"],
                               cwd=REPO, env=env, stdout=subprocess.DEVNULL, **stderr)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def server_url(transactional_db):
    """The base URL of a server that sees the rows this test commits."""
    with serving(stderr=subprocess.PIPE) as url:
        yield url
