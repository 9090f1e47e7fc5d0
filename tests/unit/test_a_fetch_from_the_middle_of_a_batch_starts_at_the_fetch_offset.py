"""A fetch returns whole record batches; the consumer steps over the records before the fetch offset by their
length instead of decoding them. What it hands out must be exactly the records from the fetch offset on, with
their content, in batches compressed or not and with offsets compaction left gaps in."""
import pytest
from kafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder

from topics_app.kafka_fixes import BatchFrom

# A batch as written (offsets 0 to 59, none missing), and one compaction left gaps in (offsets 100 to 159 with 120
# to 124 compacted away): the first is stepped over by index, the second by each record's offset.
LAYOUTS = {
    "whole": list(range(0, 60)),
    "compacted": [offset for offset in range(100, 160) if not 120 <= offset < 125],
}


def record(offset):
    key = None if offset % 7 == 0 else f"key-{offset}".encode()
    value = None if offset % 11 == 0 else bytes([offset % 256]) * (offset % 50)
    headers = [("n", str(offset).encode()), ("empty", None)] if offset % 3 == 0 else []
    return offset, 1_700_000_000_000 + offset, key, value, headers


def batch(compression, offsets):
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=compression, is_transactional=False,
                                        producer_id=-1, producer_epoch=-1, base_sequence=-1, batch_size=1 << 20)
    for offset in offsets:
        builder.append(*record(offset))
    return DefaultRecordBatch(bytes(builder.build()))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("compression", [DefaultRecordBatch.CODEC_NONE, DefaultRecordBatch.CODEC_GZIP])
@pytest.mark.parametrize("fetch_offset", [0, 1, 19, 20, 23, 25, 58, 59, 60, 100, 101, 119, 120, 123, 125, 158, 159,
                                          160, 500])
def test_the_records_handed_out_start_at_the_fetch_offset_with_their_content(layout, compression, fetch_offset):
    offsets = LAYOUTS[layout]
    found = BatchFrom(batch(compression, offsets), fetch_offset)
    assert found.validate_crc()  # checked before the records are read, on the bytes as they came

    handed_out = [(r.offset, r.timestamp, r.key, r.value, r.headers) for r in found]

    assert handed_out == [record(offset) for offset in offsets if offset >= fetch_offset]
