"""The lag chart: the total line is painted last (over the per-topic lines), the lag axis has round values
and the peak with separators, and the time axis has several labels."""
import re
from datetime import UTC, datetime, timedelta

from topics_app.services.lag_history import LagHistory, LagPoint
from topics_app.views.charts import lag_chart, nice_ticks

START = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def history():
    points = [LagPoint(START + timedelta(minutes=m), total=1200 + m, topics={"orders": 1200 + m})
              for m in range(0, 60, 10)]
    return LagHistory("food", "1h", START, START + timedelta(hours=1), ["orders"], points)


def test_lag_axis_values_are_round_steps_topped_by_the_peak():
    assert nice_ticks(1250) == [0, 500, 1000, 1250]
    assert nice_ticks(70) == [0, 20, 40, 60, 70]
    assert nice_ticks(1010) == [0, 500, 1010]
    assert nice_ticks(0) == [0, 1]


def test_the_total_is_painted_after_every_topic_line_and_is_the_widest():
    svg = str(lag_chart(history()))

    order = re.findall(r'stroke-width="([\d.]+)" points="[^"]*" data-series="([^"]+)"', svg)
    assert [name for _, name in order] == ["orders", "total"]
    assert float(order[-1][0]) > float(order[0][0])


def test_the_axes_carry_thousands_separators_times_and_titles():
    svg = str(lag_chart(history()))

    assert ">1,000</text>" in svg and ">1,250</text>" in svg
    assert len(re.findall(r">\d\d:\d\d</text>", svg)) == 6
    assert "Lag (offsets)" in svg and "Time (" in svg
