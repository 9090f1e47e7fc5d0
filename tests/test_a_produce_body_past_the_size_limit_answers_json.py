"""A produce request larger than Django's DATA_UPLOAD_MAX_MEMORY_SIZE answers JSON naming the limit,
not Django's HTML "Bad Request (400)"; one within it is produced."""
import json

import pytest
from django.conf import settings

from tests.topics import create_topic


@pytest.mark.parametrize("megabytes", [3, 50])
def test_a_body_past_the_limit_is_refused_as_json_saying_the_limit(cluster, as_operator, unique_name, megabytes):
    topic = create_topic(unique_name("big"))
    body = json.dumps({"value": "x" * (megabytes * 1024 * 1024)})

    response = as_operator.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", body,
                                content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "RequestTooLarge"
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes" in response.json()["detail"]


def test_a_body_within_the_limit_is_produced(cluster, as_operator, unique_name):
    topic = create_topic(unique_name("fits"))
    body = json.dumps({"value": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 4)})

    response = as_operator.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", body,
                                content_type="application/json")

    assert response.status_code == 201, response.content
