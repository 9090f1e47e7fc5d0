"""Schemathesis sends generated requests, valid and not, to every operation in /api/schema/ as an admin,
on the real broker: none may answer a 5xx.

The path names the default cluster, a topic and a group of the test's own, so requests reach past the
URL into the services. Bounded: a few examples per operation, so the test takes a couple of minutes.
"""
import pytest
import redis
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from kafka import KafkaAdminClient
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from tests.conftest import BOOTSTRAP
from tests.kafka_groups import commit
from tests.topics import create_topic, numbered, produce_records
from topics_app.topic_rules import MAX_PARTITIONS, TOPIC_NAME

EXAMPLES_PER_OPERATION = 10
# Enough to grow the test's topic once; a valid request for thousands of partitions would keep the shared
# broker busy for minutes, so the test asks for few instead (more than MAX_PARTITIONS is still sent).
FEW_PARTITIONS = 3


@pytest.fixture
def api_schema(cluster, personas, unique_name, jobs_queue, settings, tmp_path):
    # Jobs the fuzzer starts wait on a queue no worker reads; their uploads go to a folder of the test's own.
    settings.JOB_FILES_DIR = tmp_path
    topic = create_topic(unique_name("fuzz"), partitions=2)
    produce_records(topic, numbered({0: 5, 1: 5}))
    group = unique_name("fuzz-g")
    commit(group, topic, {0: 1, 1: 1})
    token = Token.objects.create(user=personas["admin"])
    config = SchemathesisConfig.from_dict({
        "headers": {"Authorization": f"Token {token.key}"},
        "parameters": {"path.cluster": cluster.name, "path.topic": topic, "path.group": group},
    })
    yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=config,
                                         headers={"Authorization": f"Token {token.key}"})
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(jobs_queue)


@pytest.fixture
def new_topic_name(unique_name):
    """Names for the topics the fuzzer creates; they are deleted afterwards."""
    prefix = unique_name("fuzz-made")
    count = iter(range(1_000_000))
    yield lambda: f"{prefix}-{next(count)}"
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        made = [name for name in admin.list_topics() if name.startswith(prefix)]
        if made:
            admin.delete_topics(made)
    finally:
        admin.close()


schema = schemathesis.pytest.from_fixture("api_schema")


def spare_the_broker(case, name_topic):
    """Valid requests for many partitions ask for few; a valid new topic's name is one of the test's own."""
    body = case.body
    if not isinstance(body, dict):
        return
    for field in ("partitions", "count"):
        number = body.get(field)
        if type(number) is int and FEW_PARTITIONS < number <= MAX_PARTITIONS:
            body[field] = FEW_PARTITIONS
    if case.method == "POST" and case.path.endswith("/topics/") and TOPIC_NAME.match(str(body.get("name", ""))):
        body["name"] = name_topic()


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_no_5xx_to_generated_requests(case, new_topic_name):
    spare_the_broker(case, new_topic_name)

    case.call_and_validate(checks=[not_a_server_error])
