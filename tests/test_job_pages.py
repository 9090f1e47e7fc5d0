"""The jobs pages: the list with progress bars, a job page, and the forms that start jobs."""
from streams_app.models import Job
from tests.topics import create_topic


def test_the_jobs_list_and_a_job_page_show_progress_and_bad_lines(as_viewer, cluster):
    job = Job.objects.create(kind="ingest", cluster=cluster, params={"topic": "t"}, state="succeeded", done=7,
                             total=9, result={"produced": 5, "bad_line_count": 2,
                                              "bad_lines": [{"line": 3, "reason": "<b>not JSON</b>"},
                                                            {"line": 8, "reason": "empty line"}]})
    listing = as_viewer.get("/jobs/").content.decode()
    assert '<progress max="9" value="7"' in listing and f'href="/jobs/{job.pk}/"' in listing
    page = as_viewer.get(f"/jobs/{job.pk}/").content.decode()
    assert "&lt;b&gt;not JSON&lt;/b&gt;" in page and "<td class=\"strom-num\">8</td>" in page
    assert "Run again" not in page


def test_an_operator_starts_a_replay_from_the_form_and_errors_land_on_the_field(as_operator, cluster, unique_name):
    source, target = create_topic(unique_name("src"), 2), create_topic(unique_name("dst"), 1)
    form = {"cluster": cluster.name, "source_topic": source, "start_type": "offset", "start_value": "0:1,1:x",
            "end_type": "latest", "target_topic": target}
    response = as_operator.post("/jobs/new/replay/", form)
    assert response.status_code == 200
    assert "start.value must be an offset" in response.content.decode()

    response = as_operator.post("/jobs/new/replay/", {**form, "start_value": "0:1,1:0", "filter_key": "k"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.params["start"] == {"type": "offset", "value": {"0": 1, "1": 0}}
    assert job.params["filter"] == {"key": "k"} and job.params["partitions"] == [0, 1]
    page = as_operator.get(f"/jobs/{job.pk}/").content.decode()
    assert "Run again" in page and 'id="job-cancel"' in page

    for kind in ("ingest", "generate", "replay"):
        assert as_operator.get(f"/jobs/new/{kind}/").status_code == 200
