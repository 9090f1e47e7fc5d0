"""The configs page: choices, switches and amounts in units; unchanged widgets send nothing; the only-overrides
filter; a bad amount is shown at its config."""
from tests.topics import kafka_topic_configs, make_topic


def configs_url(cluster, topic):
    return f"/clusters/{cluster.name}/topics/{topic}/configs/"


def as_drawn(response):
    """What a browser would post back untouched: every input as the page drew it."""
    form = {}
    for name, drawn in response.context["inputs"].items():
        if drawn.kind in ("duration", "size"):
            form[f"amount:{name}"], form[f"unit:{name}"] = drawn.amount, drawn.unit
        elif drawn.kind == "boolean":
            form[f"config:{name}"] = drawn.value or "false"
        else:
            form[f"config:{name}"] = drawn.value
    return form


def test_the_page_draws_a_choice_a_switch_and_an_amount_in_units(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1, configs={"retention.ms": "259200000"})

    html = as_admin.get(configs_url(cluster, topic)).content.decode()

    assert '<select id="config-cleanup.policy" name="config:cleanup.policy">' in html
    assert '<option value="zstd">' in html
    assert 'role="switch" id="config-unclean.leader.election.enable"' in html
    assert 'name="amount:retention.ms" value="3"' in html
    assert '<option value="days" selected>' in html


def test_posting_the_page_untouched_changes_nothing(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1, configs={"retention.ms": "259200000", "cleanup.policy": "compact"})
    form = as_drawn(as_admin.get(configs_url(cluster, topic)))

    response = as_admin.post(configs_url(cluster, topic), form, follow=True)

    assert {str(m) for m in response.context["messages"]} == {"Nothing changed."}
    assert kafka_topic_configs(topic) == {"retention.ms": "259200000", "cleanup.policy": "compact"}


def test_an_amount_a_choice_and_a_switch_are_sent_together(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1)
    form = as_drawn(as_admin.get(configs_url(cluster, topic)))
    form.update({"amount:retention.ms": "12", "unit:retention.ms": "hours", "config:compression.type": "lz4",
                 "config:unclean.leader.election.enable": ["false", "true"]})

    as_admin.post(configs_url(cluster, topic), form)

    assert kafka_topic_configs(topic) == {"retention.ms": "43200000", "compression.type": "lz4",
                                          "unclean.leader.election.enable": "true"}


def test_only_overrides_lists_just_the_topics_own_values(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1, configs={"retention.ms": "1000"})

    response = as_admin.get(configs_url(cluster, topic) + "?overrides=1")

    assert [c.name for c in response.context["shown"]] == ["retention.ms"]


def test_a_bad_amount_is_shown_at_its_config_and_nothing_changes(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1)
    form = as_drawn(as_admin.get(configs_url(cluster, topic)))
    form.update({"amount:segment.ms": "soon", "config:compression.type": "gzip"})

    response = as_admin.post(configs_url(cluster, topic), form)

    html = response.content.decode()
    assert response.context["errors"] == {"segment.ms": "Give a whole number."}
    assert '<ul class="errorlist" id="error-segment.ms"><li>Give a whole number.</li></ul>' in html
    assert 'name="amount:segment.ms" value="soon"' in html
    assert kafka_topic_configs(topic) == {}
