"""A real daphne serving Strom on a free port, over the test database (for browser tests)."""
import os
import socket
import subprocess
import sys
import time
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
            raise AssertionError(f"daphne exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("daphne did not start listening")


@pytest.fixture
def daphne_url(transactional_db):
    """The base URL of a daphne that sees the rows this test commits."""
    port = free_port()
    env = {**os.environ, "STROM_DEV": "1", "DATABASE_URL": shared_database_url()}
    process = subprocess.Popen([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                                "config.asgi:application"], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)
