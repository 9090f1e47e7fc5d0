"""/api/docs/ works on a machine without internet: Swagger UI's files come from Strom, not from a CDN."""
import re


def test_the_docs_page_loads_swagger_ui_only_from_strom(as_viewer):
    body = as_viewer.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', body)

    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets
    assert "://" not in " ".join(re.findall(r'<(?:script|link)[^>]*>', body))


def test_swagger_ui_files_are_served(as_viewer):
    body = as_viewer.get("/api/docs/").content.decode()
    bundle = re.search(r'src="(/static/[^"]+swagger-ui-bundle\.js)"', body)[1]

    response = as_viewer.get(bundle)

    assert response.status_code == 200
    assert b"SwaggerUIBundle" in b"".join(response.streaming_content)
