"""A websocket opens from the origins Django's CSRF check trusts for a form post: the page's own origin
(scheme, host and port) or one in CSRF_TRUSTED_ORIGINS. Another port of an allowed host is another origin."""
import pytest

from config.websocket_origins import origin_trusted


def scope(origin=None, host=None, scheme="ws"):
    headers = [(b"origin", origin.encode())] if origin else []
    headers += [(b"host", host.encode())] if host else []
    return {"type": "websocket", "path": "/ws/jobs/1/", "scheme": scheme, "headers": headers}


@pytest.fixture(autouse=True)
def hosts(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1:8000", "https://*.example.org"]


@pytest.mark.parametrize("origin, host", [
    ("http://127.0.0.1:31337", "127.0.0.1:8000"),
    ("http://localhost:1", "127.0.0.1:8000"),
    ("http://localhost:1", None),
    ("http://127.0.0.1:8001", "127.0.0.1:8000"),
    ("https://127.0.0.1:9000", "127.0.0.1:9000"),
    ("http://evil.example", "evil.example"),
    ("http://example.org", "127.0.0.1:8000"),
    ("null", "127.0.0.1:8000"),
])
def test_an_origin_on_another_port_scheme_or_host_is_refused(origin, host):
    assert not origin_trusted(scope(origin, host))


def test_a_socket_without_an_origin_is_refused():
    assert not origin_trusted(scope(None, "127.0.0.1:8000"))


@pytest.mark.parametrize("origin, host", [
    ("http://127.0.0.1:45678", "127.0.0.1:45678"),
    ("http://localhost:8000", "localhost:8000"),
    ("http://127.0.0.1:8000", None),
    ("https://strom.example.org", "127.0.0.1:8000"),
])
def test_the_pages_own_origin_or_a_trusted_one_is_accepted(origin, host):
    assert origin_trusted(scope(origin, host))


def test_a_secure_socket_belongs_to_the_https_page():
    assert origin_trusted(scope("https://127.0.0.1:9000", "127.0.0.1:9000", scheme="wss"))
    assert not origin_trusted(scope("http://127.0.0.1:9000", "127.0.0.1:9000", scheme="wss"))
