"""Records that a producer compressed, with any codec Kafka offers, are browsed as they were written: Strom reads
with kafka-python, which needs a library for each codec but gzip."""
import pytest

from tests.conftest import BOOTSTRAP, run_tool
from tests.message_helpers import get_page
from tests.topics import create_topic


@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_records_compressed_by_kafkas_console_producer_are_browsed_as_written(cluster, as_viewer, unique_name, codec):
    topic = create_topic(unique_name(codec), partitions=1)
    lines = [f"{codec} record {n}" for n in range(3)]

    run_tool("kafka-console-producer", "--bootstrap-server", BOOTSTRAP, "--topic", topic, "--compression-codec",
             codec, input="".join(f"{line}\n" for line in lines))

    body = get_page(as_viewer, cluster, topic, order="oldest", limit=10)
    assert [m["value"] for m in body["messages"]] == lines
