"""Business calendars: the deadlines of the issue, DST, and errors."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

import clf

AMS = ZoneInfo("Europe/Amsterdam")
NINE_TO_FIVE = {
    "time_zone": "Europe/Amsterdam",
    "hours": {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
}


@pytest.mark.parametrize(
    "start, duration, due",
    [
        (datetime(2026, 11, 20, 16, 30, tzinfo=AMS), "1h", datetime(2026, 11, 23, 9, 30, tzinfo=AMS)),  # Friday → Monday
        (datetime(2026, 11, 18, 10, 0, tzinfo=AMS), "2h", datetime(2026, 11, 18, 12, 0, tzinfo=AMS)),  # Wednesday
        (datetime(2026, 11, 18, 7, 0, tzinfo=AMS), "2h", datetime(2026, 11, 18, 11, 0, tzinfo=AMS)),  # before opening
        (datetime(2026, 11, 18, 16, 0, tzinfo=AMS), "2h", datetime(2026, 11, 19, 10, 0, tzinfo=AMS)),  # next working day
        (datetime(2026, 3, 27, 16, 30, tzinfo=AMS), "1h", datetime(2026, 3, 30, 9, 30, tzinfo=AMS)),  # over the DST change
    ],
)
def test_deadlines(start, duration, due):
    got = clf.Calendar(NINE_TO_FIVE).deadline(start, duration)
    assert got == due
    assert got.utcoffset() == due.utcoffset()  # in the calendar's zone


def test_strings_in_and_elapsed_out():
    cal = clf.Calendar(NINE_TO_FIVE)
    assert cal.deadline("2026-11-20T16:30:00+01:00", "1h") == datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc)
    assert cal.elapsed("2026-11-20T16:30:00+01:00", "2026-11-23T09:30:00+01:00") == timedelta(hours=1)
    assert cal.is_open("2026-11-20T16:30:00+01:00")
    assert not cal.is_open("2026-11-21T12:00:00+01:00")


def test_reference_office_and_always_open(acme_dict):
    office = clf.Calendar(acme_dict["calendars"]["office"])
    # Phone's 4h from Friday 15:00: one hour on Friday, three on Saturday.
    assert office.deadline(datetime(2026, 11, 20, 15, 0, tzinfo=AMS), "4h") == datetime(2026, 11, 21, 13, 0, tzinfo=AMS)
    always = clf.Calendar({"time_zone": "UTC", "hours": "24/7"})
    assert always.deadline("2026-11-20T16:30:00Z", "2d") == datetime(2026, 11, 22, 16, 30, tzinfo=timezone.utc)


def test_errors():
    with pytest.raises(clf.ConfigError) as e:
        clf.Calendar({"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "08:00"]]}})
    assert e.value.path == "hours.mon[0]"
    cal = clf.Calendar(NINE_TO_FIVE)
    with pytest.raises(clf.ValidationError) as e:
        cal.deadline(datetime(2026, 11, 20, 16, 30), "1h")  # naive
    assert e.value.path == "start"
    with pytest.raises(clf.ValidationError) as e:
        cal.deadline("2026-11-20T16:30:00Z", "1 hour")
    assert e.value.path == "duration"
