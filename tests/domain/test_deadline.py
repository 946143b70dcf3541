"""The deadline clock: continuous and working-time limits, holidays, 挂账 pauses and 延期 extensions."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from workstation.domain.deadline import (
    Deadline,
    Light,
    WorkCalendar,
    due,
    light,
    load_reject_reasons,
    load_step_limits,
)
from workstation.domain.models import Holiday, RejectKind, TimeLimit, TimeUnit

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def limit(value: int, unit: str) -> TimeLimit:
    return TimeLimit(value=value, unit=TimeUnit(unit))


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar.default()


# --- the calendar -----------------------------------------------------------------------------


def test_the_default_calendar_knows_the_2026_spring_festival_and_its_make_up_saturdays(
    calendar: WorkCalendar,
) -> None:
    assert calendar.timezone == "Asia/Shanghai"
    assert calendar.is_working_day(date(2026, 2, 13))  # Friday
    assert calendar.is_working_day(date(2026, 2, 14))  # Saturday, 调休上班
    assert not any(calendar.is_working_day(date(2026, 2, d)) for d in range(15, 24))  # 春节 15–23
    assert calendar.is_working_day(date(2026, 2, 24))
    assert calendar.is_working_day(date(2026, 2, 28))  # Saturday, 调休上班
    assert not calendar.is_working_day(date(2026, 3, 1))  # an ordinary Sunday
    assert calendar.is_working_day(date(2026, 1, 4))  # Sunday after 元旦, 调休上班
    assert not calendar.is_working_day(date(2026, 10, 5))  # 国庆
    assert calendar.is_working_day(date(2026, 10, 10))  # Saturday, 调休上班


def test_every_calendar_override_changes_the_plain_week(calendar: WorkCalendar) -> None:
    for holiday in calendar.holidays:
        weekday = date.fromisoformat(holiday.day).weekday()
        if holiday.working:
            assert weekday >= 5, holiday
    assert {h.day[:4] for h in calendar.holidays} == {"2025", "2026"}


def test_an_empty_calendar_works_monday_to_friday() -> None:
    plain = WorkCalendar()
    assert [plain.is_working_day(date(2026, 2, d)) for d in range(16, 23)] == [True] * 5 + [False] * 2


# --- continuous limits ------------------------------------------------------------------------


def test_urgent_hours_run_through_the_night(calendar: WorkCalendar) -> None:
    assert due(at(3, 10, 23, 30), limit(2, "urgent_hour"), calendar) == at(3, 11, 1, 30)


def test_urgent_days_and_minutes_run_through_weekends_and_holidays(calendar: WorkCalendar) -> None:
    assert due(at(2, 14, 10), limit(2, "urgent_day"), calendar) == at(2, 16, 10)
    assert due(at(2, 15, 23, 50), limit(15, "minute"), calendar) == at(2, 16, 0, 5)


# --- working-time limits ----------------------------------------------------------------------


def test_work_hours_skip_the_lunch_break(calendar: WorkCalendar) -> None:
    assert due(at(3, 10, 11), limit(2, "work_hour"), calendar) == at(3, 10, 15)


def test_work_hours_skip_the_night(calendar: WorkCalendar) -> None:
    assert due(at(3, 10, 17), limit(4, "work_hour"), calendar) == at(3, 11, 11)


def test_work_hours_reported_at_night_start_next_morning(calendar: WorkCalendar) -> None:
    assert due(at(3, 10, 22), limit(2, "work_hour"), calendar) == at(3, 11, 10)
    assert due(at(3, 11, 12, 30), limit(1, "work_hour"), calendar) == at(3, 11, 15)


def test_work_hours_skip_the_weekend(calendar: WorkCalendar) -> None:
    # Friday 2026-03-13 17:00 + 2 工作时 → Monday 09:00.
    assert due(at(3, 13, 17), limit(2, "work_hour"), calendar) == at(3, 16, 9)


def test_time_running_out_at_noon_is_noon_not_the_afternoon(calendar: WorkCalendar) -> None:
    assert due(at(3, 10, 10), limit(2, "work_hour"), calendar) == at(3, 10, 12)
    assert due(at(3, 10, 16), limit(2, "work_hour"), calendar) == at(3, 10, 18)


def test_work_days_skip_the_spring_festival_but_count_the_make_up_saturday(calendar: WorkCalendar) -> None:
    # Friday 2026-02-13 17:00: 1 h left on Friday, Saturday 14th is a working day (8 h), the festival
    # runs 15th–23rd, so 2 工作日 (16 h) end on Tuesday 24th at 17:00.
    assert due(at(2, 13, 17), limit(2, "work_hour"), calendar) == at(2, 14, 9)
    assert due(at(2, 13, 17), limit(2, "work_day"), calendar) == at(2, 24, 17)


def test_one_work_day_is_eight_work_hours(calendar: WorkCalendar) -> None:
    start = at(3, 10, 9, 15)
    assert due(start, limit(1, "work_day"), calendar) == due(start, limit(8, "work_hour"), calendar)
    assert due(start, limit(1, "work_day"), calendar) == at(3, 11, 9, 15)
    assert due(start, limit(5, "work_day"), calendar) == at(3, 17, 9, 15)  # across a weekend


def test_results_keep_the_start_time_zone(calendar: WorkCalendar) -> None:
    start = at(3, 10, 11).astimezone(UTC)
    result = due(start, limit(2, "work_hour"), calendar)
    assert result.tzinfo is UTC
    assert result == at(3, 10, 15)


def test_naive_datetimes_are_refused(calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        calendar.add_working_minutes(datetime(2026, 3, 10, 9), 60)


def test_working_minutes_between(calendar: WorkCalendar) -> None:
    assert calendar.working_minutes_between(at(3, 10, 7), at(3, 10, 20)) == 480
    assert calendar.working_minutes_between(at(3, 10, 11, 30), at(3, 10, 14, 30)) == 60
    assert calendar.working_minutes_between(at(3, 13, 17), at(3, 16, 9)) == 120
    assert calendar.working_minutes_between(at(3, 16, 9), at(3, 13, 17)) == -120
    assert calendar.working_minutes_between(at(2, 14, 18), at(2, 24, 8)) == 0


def test_working_minutes_between_undoes_add_working_minutes(calendar: WorkCalendar) -> None:
    rng = random.Random(20260214)
    origin = at(1, 1, 0, year=2025)
    for _ in range(400):
        start = origin + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60 - 30 * 24 * 60))
        minutes = rng.choice([1, 15, 59.5, 60, 240, 480, 2400, 7200, rng.uniform(0, 5000)])
        end = calendar.add_working_minutes(start, minutes)
        assert end >= start
        assert calendar.working_minutes_between(start, end) == pytest.approx(minutes, abs=1e-6)
        # The end is the earliest such moment: a minute earlier, less working time has passed.
        assert calendar.working_minutes_between(start, end - timedelta(minutes=1)) < minutes


# --- 挂账 pauses and 延期 extensions -------------------------------------------------------------


def test_a_deadline_without_pauses_matches_due(calendar: WorkCalendar) -> None:
    deadline = Deadline(at(3, 10, 9), limit(4, "work_hour"))
    assert deadline.due(calendar) == at(3, 10, 15)
    assert deadline.allowed_minutes(calendar) == 240
    assert deadline.used_minutes(at(3, 10, 12), calendar) == 180
    assert deadline.fraction(at(3, 10, 12), calendar) == pytest.approx(0.75)
    assert deadline.used_minutes(at(3, 10, 8), calendar) == 0


def test_a_suspension_pauses_the_working_clock(calendar: WorkCalendar) -> None:
    # 4 工作时 from Tuesday 09:00, 挂账 from 10:00 to Wednesday 10:00 (8 working hours paused).
    deadline = Deadline(at(3, 10, 9), limit(4, "work_hour"), pauses=((at(3, 10, 10), at(3, 11, 10)),))
    assert deadline.due(calendar) == at(3, 11, 15)
    assert deadline.used_minutes(at(3, 11, 10), calendar) == 60
    assert deadline.used_minutes(at(3, 11, 11), calendar) == 120


def test_a_suspension_still_running_stops_the_clock(calendar: WorkCalendar) -> None:
    deadline = Deadline(at(3, 10, 23), limit(2, "urgent_hour"), pauses=((at(3, 10, 23, 30), None),))
    later = at(3, 12, 9)
    assert deadline.used_minutes(later, calendar) == 30
    assert deadline.fraction(later, calendar) == pytest.approx(0.25)
    assert deadline.due(calendar, now=later) == at(3, 12, 10, 30)


def test_a_suspension_after_the_deadline_does_not_move_it(calendar: WorkCalendar) -> None:
    deadline = Deadline(at(3, 10, 9), limit(1, "work_hour"), pauses=((at(3, 10, 16), at(3, 11, 9)),))
    assert deadline.due(calendar) == at(3, 10, 10)


def test_overlapping_suspensions_count_once(calendar: WorkCalendar) -> None:
    pauses = ((at(3, 10, 1), at(3, 10, 3)), (at(3, 10, 2), at(3, 10, 4)))
    deadline = Deadline(at(3, 10, 0), limit(4, "urgent_hour"), pauses=pauses)
    assert deadline.due(calendar) == at(3, 10, 7)
    assert deadline.used_minutes(at(3, 10, 5), calendar) == 120


def test_an_extension_adds_its_time_to_the_limit(calendar: WorkCalendar) -> None:
    # 1 工作日 from Friday 2026-02-13 09:00 (due Saturday 14th 09:00, a 调休 working day), extended
    # twice by 1 工作日: Saturday to 18:00, Tuesday 24th after the festival, Wednesday 08:00–09:00.
    deadline = Deadline(at(2, 13, 9), limit(1, "work_day"), extensions=(limit(1, "work_day"),) * 2)
    assert Deadline(at(2, 13, 9), limit(1, "work_day")).due(calendar) == at(2, 14, 9)
    assert deadline.allowed_minutes(calendar) == 3 * 480
    assert deadline.due(calendar) == at(2, 25, 9)
    assert deadline.fraction(at(2, 14, 9), calendar) == pytest.approx(1 / 3)


def test_extension_and_suspension_together(calendar: WorkCalendar) -> None:
    deadline = Deadline(
        at(3, 10, 9),
        limit(2, "work_hour"),
        pauses=((at(3, 10, 10), at(3, 10, 15)),),  # 3 working hours paused
        extensions=(limit(2, "work_hour"),),
    )
    # 4 working hours in all: 09–10 before the pause, 15–18 after it.
    assert deadline.due(calendar) == at(3, 10, 18)
    assert deadline.fraction(at(3, 10, 16), calendar) == pytest.approx(0.5)


# --- the traffic light --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [(0.0, Light.GREEN), (0.8, Light.GREEN), (0.81, Light.YELLOW), (1.0, Light.YELLOW), (1.01, Light.RED)],
)
def test_light_thresholds(fraction: float, expected: Light) -> None:
    assert light(fraction) is expected


def test_a_work_hour_timer_turns_yellow_then_red(calendar: WorkCalendar) -> None:
    deadline = Deadline(at(3, 10, 11), limit(1, "work_hour"))  # runs out at 14:00 after lunch
    assert light(deadline.fraction(at(3, 10, 11, 48), calendar)) is Light.GREEN
    assert light(deadline.fraction(at(3, 10, 13, 30), calendar)) is Light.YELLOW  # lunch does not count
    assert light(deadline.fraction(at(3, 10, 14), calendar)) is Light.YELLOW
    assert light(deadline.fraction(at(3, 10, 14, 1), calendar)) is Light.RED


# --- data files -----------------------------------------------------------------------------------


def test_step_limits_follow_domain_defaults() -> None:
    limits = load_step_limits()
    assert limits["accept"] == limit(15, "minute")
    assert limits["dispatch"] == limit(15, "minute")
    assert limits["sign"] == limit(1, "work_hour")
    assert {"verify", "check"} <= limits.keys()


def test_reject_reasons_exist_for_every_kind() -> None:
    reasons = load_reject_reasons()
    assert set(reasons) == {kind.value for kind in RejectKind}
    assert "不属于城管受理范围" in reasons["not_accepted"]
    assert "测试案卷" in reasons["cancelled"]
    assert all(len(set(values)) == len(values) > 0 for values in reasons.values())


def test_a_custom_calendar_uses_its_overrides() -> None:
    custom = WorkCalendar([Holiday(day="2026-03-11", working=False, name="地方假日")])
    assert due(at(3, 10, 17), limit(2, "work_hour"), custom) == at(3, 12, 9)
