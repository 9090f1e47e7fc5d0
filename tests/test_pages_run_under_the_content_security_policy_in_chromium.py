"""Every kind of page works in a real Chromium under Strom's Content-Security-Policy, and Chromium reports no
violation: Strom's pages, the live viewer, a job's progress, the lag chart, Swagger UI and the Django admin.
A script slipped into a page without the page's nonce does not run.

Playwright's sync API runs an event loop in the test's thread, where Django refuses ORM calls: every database
row is made by fixtures listed before `browser_page`."""
from datetime import timedelta

import pytest
from django.utils import timezone

from streams_app.models import Job
from tests.browser import with_server_password
from tests.kafka_groups import commit
from tests.topics import T0, create_topic, numbered, produce_records
from topics_app.models import LagSample

PASSWORD = "csp-password"
# Chromium tells the page of every refusal; the test keeps them where it can read them.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (event) => window.__violations.push(event.violatedDirective + " " + event.blockedURI));
"""


@pytest.fixture
def scene(transactional_db, django_user_model, cluster, unique_name):
    """A superuser (who sees every admin page), a topic with records, a group with lag history, a pending job."""
    with_server_password(django_user_model.objects.create_superuser("csp-root"), PASSWORD)
    topic, group = create_topic(unique_name("csp")), unique_name("csp-group")
    produce_records(topic, numbered({0: 3}, {0: [T0, T0 + 1, T0 + 2]}))
    commit(group, topic, {0: 1})
    now = timezone.now()
    LagSample.objects.bulk_create([LagSample(cluster=cluster, group_id=group, topic=topic,
                                             at=now - timedelta(minutes=minutes), lag=lag)
                                   for minutes, lag in ((20, 5), (10, 3), (1, 2))])
    job = Job.objects.create(kind=Job.Kind.GENERATE, cluster=cluster, params={"topic": topic, "count": 10})
    user_id = django_user_model.objects.get(username="csp-root").pk
    return {"topic": topic, "group": group, "job": job.pk, "user": user_id}


def watched(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.add_init_script(WATCH_VIOLATIONS)
    return errors


def script_sources(policy):
    """What a Content-Security-Policy header allows scripts from."""
    directives = dict(directive.strip().split(" ", 1) for directive in policy.split(";") if directive.strip())
    return directives["script-src"].split()


def violations(page):
    return page.evaluate("window.__violations")


@pytest.mark.browser
def test_every_kind_of_page_works_with_no_violation_reported(server_url, cluster, scene, browser_page):
    page = browser_page
    errors = watched(page)
    base, c, t = server_url, cluster.name, scene["topic"]
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "csp-root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-name")

    # Each page, and what shows that its scripts ran.
    pages = [
        ("/", "#user-name"),
        (f"/clusters/{c}/topics/{t}/", "#topic-tabs"),
        (f"/clusters/{c}/topics/{t}/messages/", "tr.message"),
        (f"/clusters/{c}/topics/{t}/live/", "#live-status:text('Live')"),
        (f"/clusters/{c}/consumer-groups/{scene['group']}/", "svg.strom-chart"),
        (f"/jobs/{scene['job']}/", "#job-progress"),
        ("/api/docs/", ".swagger-ui .info .title"),
        ("/admin/", "#content-main"),
        (f"/admin/auth/user/{scene['user']}/change/", "#id_groups_from"),
        ("/accounts/password/", "#id_old_password"),
    ]
    seen, scripts_allowed = {}, {}
    for path, ready in pages:
        response = page.goto(base + path)
        page.wait_for_selector(ready)
        seen[path] = violations(page)
        scripts_allowed[path] = script_sources(response.headers["content-security-policy"])

    assert seen == {path: [] for path, _ in pages}
    assert [error for error in errors if "Content Security Policy" in error] == []
    assert all(sources[0] == "'self'" and "'unsafe-inline'" not in sources for sources in scripts_allowed.values())
    # The job page's inline script runs by its nonce.
    assert scripts_allowed[f"/jobs/{scene['job']}/"][1].startswith("'nonce-")


@pytest.mark.browser
def test_a_script_without_the_pages_nonce_does_not_run(server_url, scene, browser_page):
    page = browser_page
    watched(page)
    page.goto(f"{server_url}/accounts/login/")

    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__ran = true";
        document.body.appendChild(script);
    }""")

    assert page.evaluate("window.__ran === undefined")
    assert page.wait_for_function("window.__violations.length").json_value() == 1
    assert violations(page)[0].startswith("script-src")
