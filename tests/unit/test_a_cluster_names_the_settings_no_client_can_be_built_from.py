"""A cluster whose settings cannot make a Kafka client says which setting and why, before Kafka is asked."""
import pytest
from django.core.exceptions import ValidationError

from tests.certificates import self_signed_certificate
from topics_app.errors import ClusterMisconfigured
from topics_app.models import Cluster

NOT_PEM = "this is not a certificate"
BROKEN_PEM = "-----BEGIN CERTIFICATE-----\nMIIBnotbase64atall\n-----END CERTIFICATE-----\n"


def ssl_cluster(ca_certificate):
    return Cluster(name="secure", bootstrap_servers="127.0.0.1:9093", security_protocol="SSL",
                   ca_certificate=ca_certificate)


@pytest.mark.parametrize("pem", [NOT_PEM, BROKEN_PEM, "é"])
def test_a_certificate_that_does_not_parse_is_named_as_the_problem(pem):
    cluster = ssl_cluster(pem)

    assert list(cluster.configuration_problems()) == ["ca_certificate"]
    assert "The CA certificate does not parse" in cluster.configuration_error
    with pytest.raises(ValidationError) as refused:
        cluster.clean()
    assert list(refused.value.message_dict) == ["ca_certificate"]


def test_building_a_client_for_such_a_cluster_says_why_it_cannot_be_used():
    with pytest.raises(ClusterMisconfigured) as refused:
        ssl_cluster(NOT_PEM).client_config()

    assert refused.value.status == 503
    assert "Cluster secure cannot be used" in refused.value.message
    assert "The CA certificate does not parse" in refused.value.message


def test_a_real_certificate_makes_an_ssl_context():
    cluster = ssl_cluster(self_signed_certificate())

    assert cluster.configuration_problems() == {}
    assert cluster.client_config()["ssl_context"].get_ca_certs()[0]["subject"] == ((("commonName", "strom-test-ca"),),)


def test_sasl_without_a_username_or_password_names_both_fields():
    cluster = Cluster(name="sasl", bootstrap_servers="127.0.0.1:9093", security_protocol="SASL_PLAINTEXT",
                      sasl_mechanism="PLAIN")

    assert set(cluster.configuration_problems()) == {"username", "password"}


def test_a_plaintext_cluster_has_no_problem():
    assert Cluster(name="local", bootstrap_servers="127.0.0.1:9092").configuration_error == ""
