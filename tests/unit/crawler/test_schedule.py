"""Source schedules: intervals and cron expressions are checked when the file is loaded."""

import pytest

from crawler.sources.schedule import check_schedule, interval_seconds


@pytest.mark.parametrize("text,seconds", [("every 10m", 600), ("@every 90s", 90), ("2h", 7200)])
def test_intervals_are_accepted(text, seconds):
    assert check_schedule(text) == text
    assert interval_seconds(text) == seconds


def test_cron_expressions_are_accepted():
    assert check_schedule("*/30 * * * *") == "*/30 * * * *"
    assert interval_seconds("*/30 * * * *") is None


@pytest.mark.parametrize("text,why", [
    ("61 * * * *", "61"),            # minute out of range
    ("0 0 31 2 *", "never fires"),   # 31 February
    ("every 30 minutes", "got 'every 30 minutes'"),
    ("every 0s", "at least 1 second"),
])
def test_bad_schedules_say_what_was_expected(text, why):
    with pytest.raises(ValueError) as err:
        check_schedule(text)
    assert "expected an interval like 'every 10m' or a 5-field cron expression" in str(err.value)
    assert why in str(err.value)
