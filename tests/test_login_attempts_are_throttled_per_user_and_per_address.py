"""Password guessing is cut short: after LOGIN_FAILURE_LIMIT wrong passwords for one username, or from one
address, logins for it are refused for a while, even with the right password; everyone else logs in."""
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import AsyncClient, Client

PASSWORD = "persona-password"


def from_address(address):
    return Client(REMOTE_ADDR=address)


def log_in(client, username, password, path="/accounts/login/"):
    return client.post(path, {"username": username, "password": password})


def signed_in(client):
    return client.get("/accounts/password/").status_code == 200


def refused(response):
    return response.status_code == 429 and "Too many failed logins" in response.content.decode()


def test_wrong_passwords_for_a_user_lock_that_user_out_even_with_the_right_password(personas):
    guesser = from_address("203.0.113.1")
    answers = [log_in(guesser, "viewer-persona", f"guess-{n}") for n in range(settings.AXES_FAILURE_LIMIT)]

    from_elsewhere = from_address("203.0.113.2")
    right_password = log_in(from_elsewhere, "viewer-persona", PASSWORD)

    assert all(answer.status_code == 200 for answer in answers[:-1])
    assert refused(answers[-1])
    assert refused(right_password)
    assert "wrong passwords for this" in right_password.content.decode()
    assert not signed_in(from_elsewhere)


def test_another_user_from_another_address_is_not_affected(personas):
    guesser = from_address("203.0.113.3")
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(guesser, "viewer-persona", f"guess-{n}")

    operator = from_address("198.51.100.7")

    assert log_in(operator, "operator-persona", PASSWORD).status_code == 302
    assert signed_in(operator)


def test_wrong_passwords_from_one_address_lock_out_that_address_for_every_user(personas):
    guesser = from_address("203.0.113.4")
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(guesser, f"nobody-{n}", "guess")

    same_address, other_address = from_address("203.0.113.4"), from_address("198.51.100.8")

    assert refused(log_in(same_address, "operator-persona", PASSWORD))
    assert refused(log_in(same_address, "admin-persona", PASSWORD, path="/admin/login/"))
    assert not signed_in(same_address)
    assert log_in(other_address, "operator-persona", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures_before_it(personas):
    client = from_address("203.0.113.5")
    almost = settings.AXES_FAILURE_LIMIT - 1
    for n in range(almost):
        log_in(client, "operator-persona", f"typo-{n}")
    assert log_in(client, "operator-persona", PASSWORD).status_code == 302

    retry = from_address("203.0.113.5")
    for n in range(almost):
        log_in(retry, "operator-persona", f"typo-again-{n}")

    assert log_in(retry, "operator-persona", PASSWORD).status_code == 302
    assert signed_in(retry)


def test_the_asgi_server_refuses_a_locked_out_login_the_same_way(personas):
    """The ASGI server serves Strom through Django's asynchronous request path, where the lockout is made separately."""
    guesser = AsyncClient(REMOTE_ADDR="203.0.113.6")
    post = async_to_sync(guesser.post)
    for n in range(settings.AXES_FAILURE_LIMIT):
        post("/accounts/login/", {"username": "viewer-persona", "password": f"guess-{n}"})

    assert refused(post("/accounts/login/", {"username": "viewer-persona", "password": PASSWORD}))
