"""The Django admin's cluster form refuses a CA certificate that does not parse, naming the field,
and saves one that does."""
from tests.certificates import self_signed_certificate
from topics_app.models import Cluster

ADD = "/admin/topics_app/cluster/add/"


def form(name, ca_certificate):
    return {"name": name, "bootstrap_servers": "127.0.0.1:9093", "security_protocol": "SSL", "sasl_mechanism": "",
            "username": "", "password": "", "ca_certificate": ca_certificate}


def test_a_certificate_that_does_not_parse_is_refused_next_to_its_field(as_admin):
    response = as_admin.post(ADD, form("tls-bad", "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["ca_certificate"]
    assert "The CA certificate does not parse" in errors["ca_certificate"][0]
    assert not Cluster.objects.filter(name="tls-bad").exists()


def test_a_certificate_that_parses_is_saved(as_admin):
    response = as_admin.post(ADD, form("tls-good", self_signed_certificate()))

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Cluster.objects.get(name="tls-good").configuration_error == ""
