"""Broker rows, the quorum and broker configs are read from Kafka's answers: a node the quorum knows but
whose registration is fenced or missing is listed as down; lag is the leader's log end minus a replica's; a
config's override and fallback depend on the level edited; sensitive values never show."""
from topics_app.services.brokers import DEFAULT, broker_rows, configs_from, quorum_from


def replica(node, log_end):
    return {"replica_id": node, "log_end_offset": log_end, "last_fetch_timestamp": 5, "last_caught_up_timestamp": -1}


QUORUM = {"topics": [{"partitions": [{"leader_id": 2, "leader_epoch": 7, "high_watermark": 100,
                                      "current_voters": [replica(1, 90), replica(2, 104), replica(3, 104)],
                                      "observers": [replica(4, 101)]}]}]}


def registration(node, fenced=False):
    return {"broker_id": node, "host": "127.0.0.1", "port": 9090 + 2 * node, "rack": None, "is_fenced": fenced}


def partition(leader, replicas, isr):
    return {"leader_id": leader, "replica_nodes": replicas, "isr_nodes": isr}


def test_the_quorum_lag_is_the_leaders_log_end_minus_each_replicas():
    quorum = quorum_from(QUORUM)

    assert (quorum.leader_id, quorum.epoch, quorum.high_watermark) == (2, 7, 100)
    assert [(v.id, v.lag) for v in quorum.voters] == [(1, 14), (2, 0), (3, 0)]
    assert [(o.id, o.lag) for o in quorum.observers] == [(4, 3)]
    assert quorum.max_follower_lag == 14
    assert quorum.voters[0].last_caught_up is None and quorum.voters[0].last_fetch.year == 1970


def test_a_fenced_or_unregistered_node_is_listed_as_down_with_what_it_holds():
    info = {"brokers": [registration(1, fenced=True), registration(2), registration(4)]}
    topics = [{"partitions": [partition(2, [1, 2, 3], [2]), partition(4, [2, 4], [2, 4])]}]

    rows = {row.id: row for row in broker_rows(info, quorum_from(QUORUM), topics, {})}

    assert set(rows) == {1, 2, 3, 4}
    assert [(row.up, row.voter, row.observer, row.is_controller) for row in rows.values()] == [
        (False, True, False, False), (True, True, False, True), (False, True, False, False), (True, False, True, False)]
    assert (rows[3].host, rows[3].port, rows[3].partitions) == (None, None, 1)
    assert (rows[2].partitions, rows[2].leaders, rows[2].under_replicated) == (2, 1, 1)
    assert (rows[4].leaders, rows[4].under_replicated, rows[4].quorum_lag) == (1, 0, 3)


def config(value, source, synonyms, read_only=False, sensitive=False):
    return {"value": value, "read_only": read_only, "config_source": source, "is_sensitive": sensitive,
            "synonyms": [{"name": "x", "value": v, "source": s} for s, v in synonyms], "config_type": "INT"}


RAW = {
    "log.cleaner.threads": config("3", "DYNAMIC_BROKER_CONFIG", [("DYNAMIC_BROKER_CONFIG", "3"),
                                                                 ("DYNAMIC_DEFAULT_BROKER_CONFIG", "2"),
                                                                 ("DEFAULT_CONFIG", "1")]),
    "num.partitions": config("1", "STATIC_BROKER_CONFIG", [("STATIC_BROKER_CONFIG", "1"), ("DEFAULT_CONFIG", "1")],
                             read_only=True),
    "ssl.key.password": config("secret", "DYNAMIC_BROKER_CONFIG", [("DYNAMIC_BROKER_CONFIG", "secret")],
                               sensitive=True),
}


def test_a_brokers_override_falls_back_to_the_cluster_wide_default():
    configs = {c.name: c for c in configs_from(RAW, "broker")}

    threads = configs["log.cleaner.threads"]
    assert (threads.value, threads.source, threads.overridden, threads.override, threads.fallback) == (
        "3", "broker", True, "3", "2")
    assert (configs["num.partitions"].read_only, configs["num.partitions"].dynamic) == (True, False)
    assert configs["num.partitions"].source == "broker_static"


def test_the_cluster_wide_default_falls_back_to_what_lies_below_it():
    threads = next(c for c in configs_from(RAW, DEFAULT) if c.name == "log.cleaner.threads")

    assert (threads.overridden, threads.override, threads.fallback, threads.current) == (True, "2", "1", "2")


def test_a_sensitive_value_is_never_shown():
    password = next(c for c in configs_from(RAW, "broker") if c.name == "ssl.key.password")

    assert (password.value, password.override, password.fallback, password.overridden) == (None, None, None, True)
