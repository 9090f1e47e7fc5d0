"""The generator's events, drawn from pre-composed bodies, are the JSON `tweet` makes: numbered as asked,
stamped with the time given, keyed by their user, and varied."""
import json
import random

from streams_app.services.jobs.generate import TweetFeed, tweet

T0 = 1_795_756_000_123


def test_each_event_is_a_tweet_with_its_number_time_and_user_as_key():
    feed = TweetFeed(random.Random(7))
    events = [feed.event(number, T0 + number // 10) for number in range(1, 1001)]

    for number, (key, value) in enumerate(events, start=1):
        event = json.loads(value)
        made_afresh = tweet(random.Random(), number, T0 + number // 10)
        assert list(event) == list(made_afresh)
        assert (event["id"], event["created_at"]) == (number, made_afresh["created_at"])
        assert key == event["user"].encode()
    assert len({json.loads(value)["text"] for _, value in events}) > 500
