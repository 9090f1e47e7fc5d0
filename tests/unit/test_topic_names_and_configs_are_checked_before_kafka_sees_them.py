"""Kafka's rules for topic names, and the topic configs cleaned into what Kafka should get."""
import pytest
from django.core.exceptions import ValidationError

from topics_app.topic_rules import LONG_MAX, clean_config, validate_topic_name


@pytest.mark.parametrize("name", ["orders", "a", "orders.v2_eu-west", "x" * 249, "__internal"])
def test_names_kafka_accepts_pass(name):
    validate_topic_name(name)


@pytest.mark.parametrize("name", ["", ".", "..", "x" * 250, "has space", "ümlaut", "a/b", "a:b", None])
def test_names_kafka_refuses_are_refused(name):
    with pytest.raises(ValidationError):
        validate_topic_name(name)


def test_cleanup_policy_takes_its_spellings_and_gives_kafkas():
    assert clean_config("cleanup.policy", "delete") == "delete"
    assert clean_config("cleanup.policy", " compact ") == "compact"
    assert clean_config("cleanup.policy", "delete,compact") == "compact,delete"
    assert clean_config("cleanup.policy", "both") == "compact,delete"
    with pytest.raises(ValidationError):
        clean_config("cleanup.policy", "archive")


def test_integer_configs_are_whole_numbers_within_kafkas_range():
    assert clean_config("retention.ms", " 3600000 ") == "3600000"
    assert clean_config("retention.ms", -1) == "-1"
    assert clean_config("retention.ms", str(LONG_MAX)) == str(LONG_MAX)
    assert clean_config("segment.bytes", 1024 * 1024) == str(1024 * 1024)
    for name, value in [("retention.ms", "-2"), ("retention.ms", str(LONG_MAX + 1)), ("retention.ms", "1h"),
                        ("segment.bytes", "1023"), ("min.insync.replicas", "0")]:
        with pytest.raises(ValidationError):
            clean_config(name, value)


def test_other_configs_pass_as_typed_and_only_config_names_are_accepted():
    assert clean_config("compression.type", "zstd") == "zstd"
    for name in ["Retention.ms", "retention..ms", "retention ms", "", ".retention"]:
        with pytest.raises(ValidationError):
            clean_config(name, "1")
