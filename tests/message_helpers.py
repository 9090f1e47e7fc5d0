"""Helpers for the message tests: read a page of messages through the API."""


def get_page(client, cluster, topic, **params):
    response = client.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", params)
    assert response.status_code == 200, response.content
    return response.json()


def spots(body):
    return [(m["partition"], m["offset"]) for m in body["messages"]]
