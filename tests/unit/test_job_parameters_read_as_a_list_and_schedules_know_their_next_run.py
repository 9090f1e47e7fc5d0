"""A job's parameters as a person reads them (no server path unless allowed), and a schedule's next run."""
from datetime import UTC, datetime

from streams_app.jobs.display import next_run, readable_params

NOW = datetime(2024, 5, 1, 10, 30, tzinfo=UTC)


def test_ingest_parameters_read_as_labels_and_hide_the_server_path():
    params = {"topic": "pizza", "format": "csv", "path": "/srv/strom/job-files/abc-orders.csv",
              "file_name": "orders.csv", "key_field": "", "header_fields": ["trace", "shop"], "on_bad_line": "skip",
              "rate": 2500, "create_topic": True}

    shown = readable_params(params)

    assert shown == [("Topic", "pizza"), ("Format", "csv"), ("File", "orders.csv"),
                     ("Header fields", "trace, shop"), ("A bad line", "is skipped and listed"),
                     ("Rate", "2,500 records/s"), ("Create the topic", "yes")]
    assert ("Server path", "/srv/strom/job-files/abc-orders.csv") in readable_params(params, show_paths=True)


def test_replay_bounds_and_all_partitions_read_in_words():
    params = {"source_topic": "raw", "partitions": None, "start": {"type": "offset", "value": {"0": 5, "1": 7}},
              "end": {"type": "latest"}, "filter": {"key": "k1"}, "rate": None}

    assert readable_params(params) == [
        ("Source topic", "raw"), ("Partitions", "all"), ("Start", "offset partition 0: 5, partition 1: 7"),
        ("End", "latest"), ("Filter", "key = k1"), ("Rate", "as fast as it goes")]


def test_an_interval_runs_next_one_period_after_its_last_run_or_from_now():
    assert next_run(60, "", datetime(2024, 5, 1, 10, 29, 30, tzinfo=UTC), NOW) == datetime(
        2024, 5, 1, 10, 30, 30, tzinfo=UTC)
    assert next_run(60, "", None, NOW) == datetime(2024, 5, 1, 10, 31, tzinfo=UTC)


def test_a_crontab_runs_next_at_its_next_matching_minute():
    assert next_run(None, "0 2 * * *", None, NOW) == datetime(2024, 5, 2, 2, 0, tzinfo=UTC)
