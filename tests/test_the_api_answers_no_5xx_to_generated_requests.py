"""Schemathesis sends generated requests, valid and not, to every operation of the OpenAPI document that
/api/schema/ serves, as an admin on the real broker: none may answer a 5xx.

The paths name the default cluster, a topic, a group and a connector of the test's own, so requests reach past
the URL into the services. Bounded: a few examples per operation, so the whole file takes a couple of minutes.
"""
import pytest
import redis
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from kafka import KafkaAdminClient
from kafka.errors import UnknownTopicOrPartitionError
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from tests.conftest import BOOTSTRAP
from tests.connect_helpers import SOURCE, connect_rest
from tests.kafka_groups import commit
from tests.topics import create_topic, numbered, produce_records
from topics_app.topic_rules import MAX_PARTITIONS, TOPIC_NAME

EXAMPLES_PER_OPERATION = 6
# Listing or describing every topic and group of the shared broker (thousands of topics after a test run)
# takes seconds a call: these get few generated examples and no boundary-value phase.
WHOLE_CLUSTER_READS = r"^GET /api/v1/clusters/\{cluster\}/((topics|consumer-groups)/)?$"
# Enough to grow the test's topic once; a valid request for thousands of partitions would keep the shared
# broker busy for minutes, so the test asks for few instead (more than MAX_PARTITIONS is still sent).
FEW_PARTITIONS = 3

# The document /api/schema/ serves (SpectacularAPIView renders this generator's answer), read at collection
# time, when no request can reach the database yet; the requests go to Strom's WSGI application in-process.
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True),
    config=SchemathesisConfig.from_dict({
        "generation": {"max-examples": EXAMPLES_PER_OPERATION},
        "operations": [{"include-name-regex": WHOLE_CLUSTER_READS,
                        "generation": {"max-examples": 2}, "phases": {"coverage": {"enabled": False}}}],
    }))
schema.app = get_wsgi_application()


@pytest.fixture
def in_process_requests():
    """As Django's test client does: the WSGI app runs inside the test's transaction, which the start and
    end of each request must not close."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def targets(cluster, connect, connector_names, unique_name, jobs_queue, settings, tmp_path):
    """The path parameters: the default cluster, a topic with records, a group with committed offsets, the local
    Connect cluster and a connector of the test's own. Jobs the fuzzer starts wait on a queue no worker reads;
    their uploads go to a folder of the test's own."""
    settings.JOB_FILES_DIR = tmp_path
    topic = create_topic(unique_name("fuzz"), partitions=2)
    produce_records(topic, numbered({0: 5, 1: 5}))
    group = unique_name("fuzz-g")
    commit(group, topic, {0: 1, 1: 1})
    connector = connector_names("fuzz-c")
    assert connect_rest("POST", "/connectors", {"name": connector, "config": {
        "connector.class": SOURCE, "file": str(tmp_path / "connector-input.txt"), "topic": topic}})[0] == 201
    yield {"cluster": cluster.name, "topic": topic, "group": group, "connect": connect.name, "name": connector,
           "task": 0}
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(jobs_queue)


@pytest.fixture
def admin_headers(personas):
    return {"Authorization": f"Token {Token.objects.create(user=personas['admin']).key}"}


@pytest.fixture
def new_topic_name(unique_name):
    """Names for the topics the fuzzer creates; they are deleted afterwards."""
    prefix = unique_name("fuzz-made")
    count = iter(range(1_000_000))
    handed_out = []

    def new_name():
        handed_out.append(f"{prefix}-{next(count)}")
        return handed_out[-1]

    yield new_name
    if not handed_out:
        return
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        for name in handed_out:
            try:
                admin.delete_topics([name])
            except UnknownTopicOrPartitionError:
                pass  # the request that named it was refused
    finally:
        admin.close()


def spare_the_broker(case, new_topic_name):
    """Valid requests for many partitions ask for few; a valid new topic's name is one of the test's own."""
    body = case.body
    if not isinstance(body, dict):
        return
    for field in ("partitions", "count"):
        number = body.get(field)
        if type(number) is int and FEW_PARTITIONS < number <= MAX_PARTITIONS:
            body[field] = FEW_PARTITIONS
    if case.method == "POST" and case.path.endswith("/topics/") and TOPIC_NAME.match(str(body.get("name", ""))):
        body["name"] = new_topic_name()


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_no_5xx_to_generated_requests(case, in_process_requests, targets, admin_headers,
                                                      new_topic_name):
    case.path_parameters = {**(case.path_parameters or {}),
                            **{name: value for name, value in targets.items() if name in case.path}}
    spare_the_broker(case, new_topic_name)

    case.call_and_validate(headers=admin_headers, checks=[not_a_server_error])
