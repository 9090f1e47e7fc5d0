"""Paging forward and back, across partitions, neither skips nor repeats a record."""
import pytest

from tests.message_helpers import get_page, spots
from tests.topics import T0, create_topic, fill, produce_records


@pytest.fixture
def topic(unique_name, cluster):
    name = create_topic(unique_name("paging"), partitions=3)
    fill(name, partitions=3, per_partition=9)  # 27 records
    return name


def walk(client, cluster, topic, first_params, direction, **params):
    """Every page from the first one, following `direction` ('next' or 'prev'), as lists of spots."""
    body = get_page(client, cluster, topic, **first_params, **params)
    pages = [spots(body)]
    while body[direction]:
        body = get_page(client, cluster, topic, cursor=body[direction]["cursor"], **params)
        pages.append(spots(body))
    return pages, body


def flat(pages):
    return [spot for page in pages for spot in page]


ALL = {(p, o) for p in range(3) for o in range(9)}


def test_paging_forward_from_oldest_sees_every_record_once(cluster, as_viewer, topic):
    pages, _ = walk(as_viewer, cluster, topic, {"order": "oldest"}, "next", limit=4)

    seen = flat(pages)
    assert len(seen) == len(set(seen)) == 27
    assert set(seen) == ALL
    assert all(len(page) == 4 for page in pages[:-1])


def test_paging_through_newest_sees_every_record_once_newest_first(cluster, as_viewer, topic):
    pages, _ = walk(as_viewer, cluster, topic, {"order": "newest"}, "next", limit=5)

    seen = flat(pages)
    assert len(seen) == len(set(seen)) == 27
    assert seen == [(t % 3, t // 3) for t in range(26, -1, -1)]


def test_paging_back_from_the_last_page_returns_to_the_first_without_gaps(cluster, as_viewer, topic):
    forward, last = walk(as_viewer, cluster, topic, {"order": "oldest"}, "next", limit=4)
    backward = [spots(last)]
    body = last
    while body["prev"]:
        body = get_page(as_viewer, cluster, topic, cursor=body["prev"]["cursor"], limit=4)
        backward.append(spots(body))

    seen_back = flat(backward)
    assert len(seen_back) == len(set(seen_back)) == 27
    assert backward[-1] == forward[0]
    # each page back is shown oldest first, like the pages going forward
    assert all(page == sorted(page, key=lambda s: s[1] * 3 + s[0]) for page in backward)


def test_next_then_prev_returns_the_same_page(cluster, as_viewer, topic):
    first = get_page(as_viewer, cluster, topic, order="newest", limit=6)
    second = get_page(as_viewer, cluster, topic, cursor=first["next"]["cursor"], limit=6)
    back = get_page(as_viewer, cluster, topic, cursor=second["prev"]["cursor"], limit=6)

    assert spots(back) == spots(first)
    assert not set(spots(second)) & set(spots(first))


def test_the_first_newest_page_has_no_newer_page_until_records_arrive(cluster, as_viewer, topic):
    first = get_page(as_viewer, cluster, topic, order="newest", limit=3)
    assert first["prev"] is None
    assert first["next"]["positions"] == {"0": 8, "1": 8, "2": 8}

    produce_records(topic, [(1, b"late", b"late", T0 + 100_000)])
    second = get_page(as_viewer, cluster, topic, cursor=first["next"]["cursor"], limit=3)
    newer = get_page(as_viewer, cluster, topic, cursor=second["prev"]["cursor"], limit=10)

    assert (1, 9) in spots(newer)
    assert set(spots(newer)) == set(spots(first)) | {(1, 9)}


def test_a_cursor_strom_did_not_give_out_is_refused(cluster, as_viewer, topic):
    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", {"cursor": "nonsense"})

    assert response.status_code == 400
    assert response.json()["field"] == "cursor"
