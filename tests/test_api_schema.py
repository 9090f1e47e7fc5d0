"""The API is described by an OpenAPI document."""


def test_the_openapi_document_lists_the_cluster_endpoints(as_viewer):
    response = as_viewer.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/clusters/", "/api/v1/clusters/{cluster}/"} <= set(schema["paths"])
