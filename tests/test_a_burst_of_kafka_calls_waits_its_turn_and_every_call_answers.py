"""More calls to one cluster at once than Strom runs side by side (a hundred live viewers opening together): the
ones that wait for a free thread are not timed out for the wait, and none of them drops the client the others
are using, nor finds a node "not ready" because other calls wait on its connection. Before, the last calls of such
a burst timed out in the queue, and more than five calls to one node at once failed at once as if it were down;
either way Strom dropped the shared admin client and the calls still running on it failed too."""
import time
from concurrent.futures import ThreadPoolExecutor

from topics_app import kafka_clients
from topics_app.errors import ServiceError
from topics_app.services import topics


def burst(cluster, calls, operation, deadline_s=None):
    def one_call(_):
        try:
            return kafka_clients.run_admin(cluster, operation, timeout_s=deadline_s)
        except ServiceError as error:
            return error

    with ThreadPoolExecutor(max_workers=calls) as pool:
        return list(pool.map(one_call, range(calls)))


def test_every_call_of_a_burst_longer_than_one_deadline_answers_and_the_next_request_works(cluster, unique_name):
    name = unique_name("burst")
    topics.create_topic(cluster, name, 1, 1)
    deadline_s = 3
    slow_s = 1.0
    # Four waves of calls, each call well inside its own deadline; together longer than one deadline.
    calls = kafka_clients.CALLS_PER_CLUSTER * 4

    def slow_call(admin):
        time.sleep(slow_s)
        return [t["name"] for t in admin.describe_topics([name])]

    started = time.monotonic()
    answers = burst(cluster, calls, slow_call, deadline_s)
    took_s = time.monotonic() - started
    listed = [t.name for t in topics.list_topics(cluster, search=name)]

    assert took_s > deadline_s  # the burst did outlast one call's deadline
    assert [a for a in answers if not isinstance(a, list)] == []
    assert answers == [[name]] * calls
    assert listed == [name]


def test_a_hundred_calls_to_one_node_at_once_all_answer_and_the_next_request_works(cluster, unique_name):
    name = unique_name("burst")
    topics.create_topic(cluster, name, 3, 1)
    leader = kafka_clients.run_admin(cluster, lambda admin: admin.describe_topics([name]))[0]["partitions"][0][
        "leader_id"]

    def ask_the_leader(admin):
        # Several requests to one node per call, as the topic list sends them.
        return [admin.describe_log_dirs([(name, [0])], brokers=[leader])[0]["broker"] for _ in range(3)]

    answers = burst(cluster, 100, ask_the_leader)
    listed = [t.name for t in topics.list_topics(cluster, search=name)]

    assert [a for a in answers if not isinstance(a, list)] == []
    assert answers == [[leader] * 3] * 100
    assert listed == [name]
