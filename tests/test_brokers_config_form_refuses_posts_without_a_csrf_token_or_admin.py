"""The broker config form changes nothing for a post without the form's CSRF token, and is an admin's only:
viewers and operators get 403 for the form and the post alike."""
import pytest
from django.test import Client

from tests.conftest import BOOTSTRAP, run_tool

CONFIG = "log.cleaner.threads"


def broker_two_overrides():
    return run_tool("kafka-configs", "--bootstrap-server", BOOTSTRAP, "--entity-type", "brokers", "--entity-name", "2",
                    "--describe")


def test_a_post_without_the_csrf_token_is_refused(cluster, personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["admin"])
    url = f"/clusters/{cluster.name}/brokers/2/configs/"
    assert client.get(url).status_code == 200

    answer = client.post(url, {f"set:{CONFIG}": "2", "confirm": "yes"})

    assert answer.status_code == 403
    assert f"  {CONFIG}=" not in broker_two_overrides()


@pytest.mark.parametrize("role", ["viewer", "operator"])
@pytest.mark.parametrize("broker", ["2", "default"])
def test_only_an_admin_gets_the_config_form(request, cluster, role, broker):
    client = request.getfixturevalue(f"as_{role}")
    url = f"/clusters/{cluster.name}/brokers/{broker}/configs/"

    assert client.get(url).status_code == 403
    assert client.post(url, {f"set:{CONFIG}": "2", "confirm": "yes"}).status_code == 403
    assert client.get(f"/clusters/{cluster.name}/brokers/{broker}/").status_code == 200
