"""Job pages: no empty error box once a job runs or succeeded, parameters as a list without server paths for
non-admins, schedules with their next run, and a message for every start, schedule and delete."""
from streams_app.models import Job, JobSchedule


def shown_messages(response):
    return {str(m) for m in response.context["messages"]}


def test_a_succeeded_job_has_no_error_box_and_its_parameters_read_as_a_list(as_viewer, as_admin, cluster):
    job = Job.objects.create(kind="ingest", cluster=cluster, state="succeeded", done=1500, total=1500,
                             params={"topic": "pizza", "format": "jsonl", "path": "/srv/files/ab-orders.jsonl",
                                     "file_name": "orders.jsonl", "on_bad_line": "fail", "rate": None},
                             result={"produced": 1500, "bad_line_count": 0, "bad_lines": []})

    viewer_page = as_viewer.get(f"/jobs/{job.pk}/").content.decode()
    admin_page = as_admin.get(f"/jobs/{job.pk}/").content.decode()

    assert 'id="job-error"' not in viewer_page and 'class="errornote"' not in viewer_page
    assert "<dt>File</dt><dd>orders.jsonl</dd>" in viewer_page and "1,500 / 1,500" in viewer_page
    assert "/srv/files" not in viewer_page
    assert "<dt>Server path</dt><dd>/srv/files/ab-orders.jsonl</dd>" in admin_page


def test_scheduling_and_deleting_a_schedule_say_so_and_the_schedule_shows_its_next_run(as_operator, cluster):
    job = Job.objects.create(kind="generate", cluster=cluster, state="succeeded", params={"topic": "pizza",
                                                                                          "count": 10})

    scheduled = as_operator.post(f"/jobs/{job.pk}/schedules/", {"every_s": "3600"}, follow=True)
    schedule = JobSchedule.objects.get(job=job)
    listing = as_operator.get("/jobs/").content.decode()
    deleted = as_operator.post(f"/jobs/schedules/{schedule.pk}/delete/", follow=True)

    assert f"Job {job.pk} scheduled: every 3600 s." in shown_messages(scheduled)
    assert "next run <time" in scheduled.content.decode() and "<th>Next run</th>" in listing
    assert f"Schedule of job {job.pk} (every 3600 s) deleted." in shown_messages(deleted)
    assert not JobSchedule.objects.filter(job=job).exists()
