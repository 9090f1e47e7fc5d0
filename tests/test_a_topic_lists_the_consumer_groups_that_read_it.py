"""A topic's "Consumer groups" tab lists the groups with committed offsets on it and their lag on it, as
kafka-consumer-groups computes it; groups reading only other topics are not listed."""
from tests.kafka_groups import commit, kafka_describe
from tests.topics import make_topic
from topics_app.services.groups import groups_of_topic


def test_the_groups_reading_a_topic_are_listed_with_their_lag_on_it(cluster, unique_name):
    topic = make_topic(unique_name("read"), partitions=3, messages_per_partition=5)
    other = make_topic(unique_name("other"), partitions=1, messages_per_partition=5)
    food, both, elsewhere = unique_name("food"), unique_name("both"), unique_name("elsewhere")
    commit(food, topic, {0: 5, 1: 2})
    commit(both, topic, {2: 1})
    commit(both, other, {0: 0})
    commit(elsewhere, other, {0: 3})

    readers = {r.group_id: r for r in groups_of_topic(cluster, topic)}

    assert set(readers) == {food, both}
    kafka_lag = {group: sum(lag for (t, _), (_, _, lag) in kafka_describe(group).items() if t == topic)
                 for group in (food, both)}
    assert {g: readers[g].lag for g in readers} == kafka_lag == {food: 3, both: 4}
    assert (readers[food].partitions, readers[both].partitions) == (2, 1)
    assert readers[food].state == "Empty"


def test_the_topic_tab_links_each_group_and_the_group_page_links_back(cluster, unique_name, as_viewer):
    topic = make_topic(unique_name("tab"), partitions=1, messages_per_partition=4)
    group = unique_name("tab-group")
    commit(group, topic, {0: 1})

    tab = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/consumer-groups/").content.decode()
    group_page = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()

    assert f'href="/clusters/{cluster.name}/consumer-groups/{group}/">{group}</a>' in tab
    assert '<td class="strom-num lag">3</td>' in tab
    assert f'href="/clusters/{cluster.name}/topics/{topic}/">{topic}</a>' in group_page


def test_a_topic_no_group_reads_says_so(cluster, unique_name, as_viewer):
    topic = make_topic(unique_name("unread"), partitions=1)

    tab = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/consumer-groups/").content.decode()

    assert "No consumer group has committed offsets on this topic." in tab


def test_the_tab_of_a_missing_topic_is_a_404(cluster, unique_name, as_viewer):
    assert as_viewer.get(f"/clusters/{cluster.name}/topics/{unique_name('gone')}/consumer-groups/").status_code == 404
