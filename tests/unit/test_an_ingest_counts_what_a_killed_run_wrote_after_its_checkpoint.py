"""What a resumed ingest counts as written by the run before it: the records its topic gained after
the last checkpoint, partition by partition."""
from streams_app.services.jobs.ingest import written_since


def test_the_records_gained_on_every_partition_since_the_checkpoint_are_added_up():
    assert written_since({"0": 100, "1": 40}, {"0": 130, "1": 52}) == 42


def test_nothing_written_since_the_checkpoint_counts_nothing():
    assert written_since({"0": 100, "1": 40}, {"0": 100, "1": 40}) == 0


def test_a_partition_added_after_the_checkpoint_counts_from_its_start():
    assert written_since({"0": 100}, {"0": 110, "1": 7}) == 17
