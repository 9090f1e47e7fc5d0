"""A cluster's connection settings reach kafka-python (administration, browsing) and confluent-kafka (the jobs'
bulk data) alike: the same servers, protocol, SASL mechanism and credentials, and the same CA; a cluster no
client can be built from is refused for both."""
import pytest

from tests.certificates import self_signed_certificate
from topics_app.errors import ClusterMisconfigured
from topics_app.models import Cluster

SERVERS = "k1.example:9092,k2.example:9094"


def cluster(**settings):
    return Cluster(name="secure", bootstrap_servers=SERVERS, **settings)


def test_plaintext_names_the_same_servers_and_nothing_else():
    python, rdkafka = cluster().client_config(), cluster().librdkafka_config()

    assert python == {"bootstrap_servers": SERVERS.split(","), "security_protocol": "PLAINTEXT"}
    assert rdkafka == {"bootstrap.servers": SERVERS, "security.protocol": "PLAINTEXT"}


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_over_tls_gives_both_the_mechanism_the_credentials_and_the_ca(mechanism):
    pem = self_signed_certificate()
    secure = cluster(security_protocol="SASL_SSL", sasl_mechanism=mechanism, username="strom", password="s3cret",
                     ca_certificate=pem)

    python, rdkafka = secure.client_config(), secure.librdkafka_config()

    assert (python["security_protocol"], python["sasl_mechanism"], python["sasl_plain_username"],
            python["sasl_plain_password"]) == ("SASL_SSL", mechanism, "strom", "s3cret")
    assert (rdkafka["security.protocol"], rdkafka["sasl.mechanism"], rdkafka["sasl.username"],
            rdkafka["sasl.password"]) == ("SASL_SSL", mechanism, "strom", "s3cret")
    assert python["ssl_context"].check_hostname and rdkafka["ssl.endpoint.identification.algorithm"] == "https"
    assert rdkafka["ssl.ca.pem"] == pem.strip()
    assert len(python["ssl_context"].get_ca_certs()) == 1


def test_tls_without_a_ca_trusts_the_systems_cas_in_both():
    rdkafka = cluster(security_protocol="SSL").librdkafka_config()

    assert rdkafka["ssl.ca.location"] == "probe" and "ssl.ca.pem" not in rdkafka


def test_a_sasl_cluster_without_a_password_is_refused_for_both_clients():
    broken = cluster(security_protocol="SASL_PLAINTEXT", sasl_mechanism="PLAIN", username="strom")

    for build in (broken.client_config, broken.librdkafka_config):
        with pytest.raises(ClusterMisconfigured, match="SASL needs a password"):
            build()
