"""SVG charts escape their labels and draw something for empty data."""

import datetime as dt

from trustwatch.web import charts


def test_bar_chart_escapes_labels():
    svg = str(charts.bar_chart([("<script>x</script>", 3), ("海丰县", 1)], "t"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.startswith("<svg")


def test_empty_charts_say_so():
    assert "暂无数据" in str(charts.bar_chart([], "t"))
    assert "暂无" in str(charts.stacked_bars([], ["<1天"], "t"))


def test_daily_columns_stack_each_domain_per_day():
    days = [dt.date(2025, 1, d) for d in range(1, 8)]
    svg = str(charts.daily_columns(days, {"food": [1] * 7, "safety": [0] * 6 + [2]}, {"food": "食品"}, "t"))
    assert svg.count("<rect") == 8 + 2 and "食品（7）" in svg and "01-07" in svg
