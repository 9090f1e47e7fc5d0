"""Schedules have a floor: an interval under 10 s is refused at creation, naming every_s, in the API and the page."""
from streams_app.models import Job, JobSchedule


def test_an_interval_under_ten_seconds_is_refused_naming_every_s(as_operator, cluster):
    job = Job.objects.create(kind="generate", cluster=cluster, params={"topic": "pizza", "count": 1})

    api = as_operator.post(f"/api/v1/jobs/{job.pk}/schedules/", {"every_s": 1}, content_type="application/json")
    page = as_operator.post(f"/jobs/{job.pk}/schedules/", {"every_s": "9"})

    assert api.status_code == 400 and api.json()["field"] == "every_s"
    assert "at least 10" in api.json()["detail"]
    assert page.status_code == 400 and "every_s: Ensure this value is greater than or equal to 10." in \
        page.content.decode()
    assert not JobSchedule.objects.exists()

    accepted = as_operator.post(f"/api/v1/jobs/{job.pk}/schedules/", {"every_s": 10}, content_type="application/json")
    assert accepted.status_code == 201 and accepted.json()["enabled"] is True
