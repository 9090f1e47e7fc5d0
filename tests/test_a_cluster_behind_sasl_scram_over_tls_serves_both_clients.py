"""A cluster whose brokers take clients only over SASL/SCRAM-SHA-512 on TLS works for both of Strom's Kafka
clients from the one place that maps its settings: kafka-python (`Cluster.client_config`: topics, produce,
browse) and confluent-kafka (`Cluster.librdkafka_config`: the jobs' bulk data). A wrong password is refused in
words, at once, and the right cluster answers the next request.

The broker is one node of the test's own, with a CA and a certificate for localhost and 127.0.0.1 made here;
its PLAINTEXT listener only serves the broker itself and the start-up probe: Strom is given the SASL_SSL one,
and the metadata it gets back names only that listener's address."""
import secrets
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.conf import settings

from streams_app.models import Job
from streams_app.services.jobs import replay, runner
from tests.certificates import ca_and_server_keystore
from tests.job_helpers import payloads, read_all
from tests.message_helpers import get_page
from tests.own_broker import OwnBroker, free_port
from topics_app import kafka_clients
from topics_app.models import Cluster
from topics_app.services import topics

USER = "strom"
# Strom's own Kafka bounds answer in seconds; this only turns a hang into a failure instead of a stuck run.
ANSWER_BOUND_S = 5 * (settings.KAFKA_CONNECT_TIMEOUT_MS + settings.KAFKA_REQUEST_TIMEOUT_MS) / 1000


@pytest.fixture(scope="module")
def scram_broker(tmp_path_factory):
    """One node whose client listener is SASL_SSL with SCRAM-SHA-512 only, and its CA and password."""
    directory = tmp_path_factory.mktemp("sasl-scram-tls")
    ca_pem, keystore = ca_and_server_keystore(directory)
    port, password = free_port(), secrets.token_hex(16)
    broker = OwnBroker(directory, properties={
        "listeners": f"PLAINTEXT://127.0.0.1:@PORT@,SASL_SSL://127.0.0.1:{port},CONTROLLER://127.0.0.1:@CONTROLLER_PORT@",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:@PORT@,SASL_SSL://127.0.0.1:{port}",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
        "sasl.enabled.mechanisms": "SCRAM-SHA-512",
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config":
            "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "ssl.keystore.type": "PEM",
        "ssl.keystore.location": keystore,
    }, format_args=["--add-scram", f"SCRAM-SHA-512=[name={USER},password={password}]"])
    broker.start()
    try:
        yield SimpleNamespace(bootstrap=f"127.0.0.1:{port}", ca=ca_pem, password=password)
    finally:
        broker.stop()


def register(name, broker, password):
    row = Cluster(name=name, bootstrap_servers=broker.bootstrap, security_protocol="SASL_SSL",
                  sasl_mechanism="SCRAM-SHA-512", username=USER, password=password, ca_certificate=broker.ca)
    row.full_clean()  # what the admin form accepts
    row.save()
    return row


@pytest.fixture
def secure_cluster(scram_broker, db):
    row = register("scram-tls", scram_broker, scram_broker.password)
    yield row
    kafka_clients.forget(row)


def api(cluster, path=""):
    return f"/api/v1/clusters/{cluster.name}/{path}"


def run_job(cluster, owner, kind, params):
    """Run a job to its end in this process, as a worker does."""
    job = Job.objects.create(kind=kind, cluster=cluster, created_by=owner,
                             params=runner.KINDS[kind].clean_params(cluster, params))
    runner.run(job.pk)
    job.refresh_from_db()
    return job


def answer(client, method, url, **extra):
    """The response, waited for no longer than the bound (in another thread: tests using it are transactional)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(getattr(client, method), url, **extra).result(timeout=ANSWER_BOUND_S)


def test_an_admin_creates_a_topic_produces_a_record_and_browses_it_back(secure_cluster, as_admin):
    created = as_admin.post(api(secure_cluster, "topics/"), {"name": "orders", "partitions": 3,
                                                             "replication_factor": 1}, content_type="application/json")
    assert created.status_code == 201, created.content

    listed = as_admin.get(api(secure_cluster, "topics/"))
    described = as_admin.get(api(secure_cluster, "topics/orders/"))
    produced = as_admin.post(api(secure_cluster, "topics/orders/messages/"),
                             {"key": "order-7", "value": "paid over SCRAM and TLS", "partition": 2},
                             content_type="application/json")

    assert listed.status_code == 200, listed.content
    assert "orders" in {topic["name"] for topic in listed.json()}
    assert [p["partition"] for p in described.json()["partitions"]] == [0, 1, 2]
    assert produced.status_code == 201, produced.content
    assert (produced.json()["partition"], produced.json()["offset"]) == (2, 0)
    [message] = get_page(as_admin, secure_cluster, "orders", partition=2)["messages"]
    assert (message["key"], message["value"]) == ("order-7", "paid over SCRAM and TLS")


def test_a_generator_job_writes_through_librdkafka_and_a_replay_copies_it(secure_cluster, personas, transactional_db,
                                                                          redis_server):
    admin = personas["admin"]
    topics.create_topic(secure_cluster, "tweets", 3, 1, actor=admin)

    generated = run_job(secure_cluster, admin, Job.Kind.GENERATE, {"topic": "tweets", "count": 3000})
    replayed = run_job(secure_cluster, admin, Job.Kind.REPLAY,
                       {"source_topic": "tweets", "target_topic": "tweets-copy", "create_target": True})

    assert generated.state == Job.State.SUCCEEDED, generated.error
    assert generated.result == {"produced": 3000}
    assert replayed.state == Job.State.SUCCEEDED, replayed.error
    assert replayed.result["written"] == 3000
    # Read back with kafka-python over the same SASL_SSL listener: what librdkafka wrote, Strom's other client sees.
    connection = secure_cluster.client_config()
    source = read_all("tweets", connection=connection)
    assert sum(len(records) for records in source.values()) == 3000
    assert payloads(read_all("tweets-copy", connection=connection)) == payloads(source)


def test_a_wrong_password_is_refused_in_words_and_the_right_cluster_answers_next(scram_broker, secure_cluster,
                                                                                 transactional_db, as_admin):
    wrong = register("scram-tls-wrong-password", scram_broker, f"not-{scram_broker.password}")

    refused = answer(as_admin, "get", api(wrong, "topics/"))
    job_refused = answer(as_admin, "post", "/api/v1/jobs/generate/",
                         data={"cluster": wrong.name, "topic": "tweets", "count": 10},
                         content_type="application/json")
    listed = answer(as_admin, "get", "/api/v1/clusters/")
    after = answer(as_admin, "get", api(secure_cluster, "topics/"))

    assert refused.status_code == 403, refused.content
    assert refused.json()["error"] == "AccessDenied"
    assert refused.json()["detail"].startswith("The cluster refused Strom's credentials")
    assert "invalid credentials with SASL mechanism SCRAM-SHA-512" in refused.json()["detail"]
    assert job_refused.status_code == 403, job_refused.content
    assert job_refused.json()["detail"] == refused.json()["detail"]
    clusters = {c["name"]: c for c in listed.json()}
    assert clusters[wrong.name]["reachable"] is False
    assert clusters[wrong.name]["error"] == refused.json()["detail"]
    assert clusters[secure_cluster.name]["reachable"] is True
    assert after.status_code == 200, after.content
    kafka_clients.forget(wrong)


def run_bounded(job):
    """runner.run, as a worker runs it, waited for no longer than the bound."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(runner.run, job.pk).result(timeout=ANSWER_BOUND_S)
    job.refresh_from_db()
    return job


def test_jobs_queued_before_the_password_changed_fail_with_the_refusal_and_the_next_run_works(
        scram_broker, secure_cluster, personas, transactional_db, redis_server):
    admin = personas["admin"]
    topics.create_topic(secure_cluster, "clicks", 3, 1, actor=admin)
    cleaned = {kind: runner.KINDS[kind].clean_params(secure_cluster, params) for kind, params in (
        (Job.Kind.GENERATE, {"topic": "clicks", "count": 10}),
        (Job.Kind.REPLAY, {"source_topic": "clicks", "target_topic": "clicks-copy", "create_target": True}))}
    queued = {kind: Job.objects.create(kind=kind, cluster=secure_cluster, created_by=admin, params=params)
              for kind, params in cleaned.items()}
    # The replay planned its range, as a first run does before its worker dies: resumed, it starts in librdkafka.
    replay_job = queued[Job.Kind.REPLAY]
    replay_job.save_checkpoint(replay._plan(secure_cluster, secure_cluster, replay_job))

    # librdkafka, which carries the jobs' data, is the client that meets the new password.
    secure_cluster.password = f"not-{scram_broker.password}"
    secure_cluster.save()
    failed = {kind: run_bounded(job) for kind, job in queued.items()}
    secure_cluster.password = scram_broker.password
    secure_cluster.save()
    again = run_bounded(Job.objects.create(kind=Job.Kind.GENERATE, cluster=secure_cluster, created_by=admin,
                                           params=cleaned[Job.Kind.GENERATE]))

    for job in failed.values():
        assert job.state == Job.State.FAILED
        assert job.error.startswith("The cluster refused Strom's credentials"), job.error
    assert again.state == Job.State.SUCCEEDED, again.error
    assert again.result == {"produced": 10}
