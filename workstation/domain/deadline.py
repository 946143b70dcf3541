"""The deadline clock (计时): 环节时限 (step limits) and 处置时限 (handling limits), DOMAIN.md §2.6.

紧急工作时/紧急工作日 and 分钟 run continuously (nights, weekends and holidays count). 工作时 and
工作日 count only working time: 08:00–12:00 and 14:00–18:00 local time on working days, i.e. Monday
to Friday except statutory holidays, plus 调休 (make-up) weekend days; 1 工作日 = 8 工作时.
挂账 (suspension) pauses the clock; 延期 (extension) adds to the limit. A case is green up to 80 %
of its limit, yellow up to 100 % and red beyond.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from workstation.domain.models import Holiday, TimeLimit, TimeUnit
from workstation.resources import resource_path

#: Working periods of a working day, local time (DOMAIN.md §2.6, implementation B's default).
WORK_PERIODS: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(14), time(18)))
WORK_DAY_MINUTES = 8 * 60  # 1 工作日 = 8 工作时

_CONTINUOUS_MINUTES = {TimeUnit.MINUTE: 1, TimeUnit.URGENT_HOUR: 60, TimeUnit.URGENT_DAY: 24 * 60}
_WORKING_MINUTES = {TimeUnit.WORK_HOUR: 60, TimeUnit.WORK_DAY: WORK_DAY_MINUTES}
_MINUTE = timedelta(minutes=1)


def is_continuous(unit: TimeUnit) -> bool:
    """Whether the clock of this unit runs day and night (紧急工作时/日, 分钟)."""
    return unit in _CONTINUOUS_MINUTES


def limit_minutes(limit: TimeLimit) -> int:
    """The limit in minutes of its own clock: real minutes if continuous, working minutes otherwise."""
    return limit.value * (_CONTINUOUS_MINUTES.get(limit.unit) or _WORKING_MINUTES[limit.unit])


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"timezone-aware datetime required, got {moment!r}")
    return moment


class WorkCalendar:
    """Working days and hours of one city: weekends and holidays off, 调休 weekend days on.

    `holidays` are dated overrides: `working=False` takes a weekday off, `working=True` makes a
    Saturday or Sunday a working day. All arithmetic happens in the calendar's local time zone.
    """

    def __init__(self, holidays: Iterable[Holiday] = (), timezone: str = "Asia/Shanghai") -> None:
        self.holidays: tuple[Holiday, ...] = tuple(sorted(holidays, key=lambda holiday: holiday.day))
        self.timezone = timezone
        self.zone = ZoneInfo(timezone)
        self._overrides = {date.fromisoformat(holiday.day): holiday.working for holiday in self.holidays}

    @classmethod
    def default(cls) -> WorkCalendar:
        """China's statutory holidays and 调休 days from resources/calendar/cn_holidays.json."""
        document = json.loads(resource_path("calendar", "cn_holidays.json").read_text(encoding="utf-8"))
        holidays = [Holiday.model_validate(item) for item in document["days"]]
        return cls(holidays, document.get("timezone", "Asia/Shanghai"))

    def is_working_day(self, day: date) -> bool:
        override = self._overrides.get(day)
        return override if override is not None else day.weekday() < 5

    def _periods_from(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """Working periods (UTC) of `day` and every later day, in order, without end."""
        while True:
            if self.is_working_day(day):
                for begin, end in WORK_PERIODS:
                    yield (
                        datetime.combine(day, begin, self.zone).astimezone(UTC),
                        datetime.combine(day, end, self.zone).astimezone(UTC),
                    )
            day += timedelta(days=1)

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """The moment when `minutes` of working time have passed after `start`.

        The result is in `start`'s time zone; it is the end of a working period rather than the
        start of the next one when the time runs out exactly at 12:00 or 18:00.
        """
        cursor = _aware(start).astimezone(UTC)
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        remaining = timedelta(minutes=minutes)
        if not remaining:
            return start
        for begin, end in self._periods_from(cursor.astimezone(self.zone).date()):
            if end <= cursor:
                continue
            cursor = max(cursor, begin)
            if cursor + remaining <= end:
                return (cursor + remaining).astimezone(start.tzinfo)
            remaining -= end - cursor
            cursor = end
        raise AssertionError("unreachable: the calendar has no end")

    def working_minutes_between(self, start: datetime, end: datetime) -> float:
        """Working minutes from `start` to `end` (negative if `end` is earlier)."""
        start, end = _aware(start).astimezone(UTC), _aware(end).astimezone(UTC)
        if end < start:
            return -self.working_minutes_between(end, start)
        total = timedelta()
        for begin, finish in self._periods_from(start.astimezone(self.zone).date()):
            if begin >= end:
                break
            overlap = min(finish, end) - max(begin, start)
            if overlap > timedelta():
                total += overlap
        return total / _MINUTE

    def measure(self, unit: TimeUnit, start: datetime, end: datetime) -> float:
        """Minutes from `start` to `end` on the clock of `unit` (real or working minutes)."""
        if is_continuous(unit):
            return (_aware(end) - _aware(start)) / _MINUTE
        return self.working_minutes_between(start, end)

    def advance(self, unit: TimeUnit, start: datetime, minutes: float) -> datetime:
        """`start` moved on by `minutes` of the clock of `unit`."""
        if is_continuous(unit):
            return _aware(start) + timedelta(minutes=minutes)
        return self.add_working_minutes(start, minutes)


def due(start: datetime, limit: TimeLimit, calendar: WorkCalendar) -> datetime:
    """When a limit that starts running at `start` runs out (no pauses, no extensions)."""
    return calendar.advance(limit.unit, start, limit_minutes(limit))


@dataclass(frozen=True)
class Deadline:
    """A running limit with its 挂账 pauses (start, end or None while still paused) and 延期 extensions.

    Time is counted on the clock of the limit's unit; an extension adds its value in minutes of
    that clock (extensions are normally granted in the limit's own unit, DOMAIN.md §2.5).
    """

    start: datetime
    limit: TimeLimit
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()
    extensions: tuple[TimeLimit, ...] = ()

    def allowed_minutes(self, calendar: WorkCalendar) -> float:
        """The limit plus its extensions, in minutes of the limit's clock."""
        return float(sum(limit_minutes(limit) for limit in (self.limit, *self.extensions)))

    def _paused(self, now: datetime) -> list[tuple[datetime, datetime]]:
        """The pauses clipped to [start, now], merged where they overlap, in order."""
        merged: list[tuple[datetime, datetime]] = []
        spans = sorted((begin, end if end is not None else now) for begin, end in self.pauses)
        for begin, end in spans:
            begin, end = max(begin, self.start), min(end, now)
            if end <= begin:
                continue
            if merged and begin <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((begin, end))
        return merged

    def used_minutes(self, now: datetime, calendar: WorkCalendar) -> float:
        """Minutes of the limit's clock used by `now`, not counting time spent 挂账."""
        unit = self.limit.unit
        used = calendar.measure(unit, self.start, now) if now > self.start else 0.0
        return used - sum(calendar.measure(unit, begin, end) for begin, end in self._paused(now))

    def due(self, calendar: WorkCalendar, now: datetime | None = None) -> datetime:
        """When the limit runs out. A pause still open counts as lasting until `now` (default: now)."""
        now = now or datetime.now(UTC)
        unit = self.limit.unit
        remaining = self.allowed_minutes(calendar)
        cursor = self.start
        for begin, end in self._paused(max(now, self.start)):
            candidate = calendar.advance(unit, cursor, remaining)
            if candidate <= begin:
                return candidate
            remaining -= calendar.measure(unit, cursor, begin)
            cursor = end
        return calendar.advance(unit, cursor, remaining)

    def fraction(self, now: datetime, calendar: WorkCalendar) -> float:
        """Share of the allowed time used by `now` (1.0 = the deadline)."""
        return self.used_minutes(now, calendar) / self.allowed_minutes(calendar)


class Light(StrEnum):
    """The traffic light of a timer (DOMAIN.md §2.6)."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


def light(fraction: float) -> Light:
    """≤ 80 % of the limit used: green; up to 100 %: yellow; beyond: red."""
    if fraction <= 0.8:
        return Light.GREEN
    if fraction <= 1.0:
        return Light.YELLOW
    return Light.RED


def load_step_limits() -> dict[str, TimeLimit]:
    """环节时限 per workflow step ("accept", "dispatch", "sign", …) from resources/workflow/."""
    document = json.loads(resource_path("workflow", "step_limits.json").read_text(encoding="utf-8"))
    return {step: TimeLimit.model_validate(limit) for step, limit in document["limits"].items()}


def load_reject_reasons() -> dict[str, tuple[str, ...]]:
    """Reason lists for 不予受理 ("not_accepted") and 作废 ("cancelled") from resources/workflow/."""
    document = json.loads(resource_path("workflow", "reject_reasons.json").read_text(encoding="utf-8"))
    return {kind: tuple(reasons) for kind, reasons in document["reasons"].items()}
