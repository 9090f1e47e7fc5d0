"""Topic pages count offsets (latest − earliest), never claim a number of records, and use thousands separators."""
from tests.topics import make_topic


def test_the_list_detail_purge_and_delete_pages_say_offsets_with_separators(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1, messages_per_partition=1200)
    base = f"/clusters/{cluster.name}/topics"

    listed = as_admin.get(f"{base}/?q={topic}").content.decode()
    detail = as_admin.get(f"{base}/{topic}/").content.decode()
    purge = as_admin.post(f"{base}/{topic}/purge/", {"partition": "", "before_offset": ""}).content.decode()
    delete = as_admin.get(f"{base}/{topic}/delete/").content.decode()

    assert "Offsets (latest − earliest)" in listed and ">1,200<" in listed
    assert "Offsets (latest − earliest)" in detail and ">1,200<" in detail
    assert '<strong id="purge-total">1,200</strong> offsets' in purge
    assert f'value="Purge 1,200 offsets from {topic}"' in purge
    assert "1,200 offsets (latest − earliest)" in delete and f'value="Delete topic {topic}"' in delete
