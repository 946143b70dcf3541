"""The case queue (案卷队列) as a Qt table model, fed row by row from the session's live case store."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFont

from workstation.app.session import Session
from workstation.domain.deadline import Deadline, Light, WorkCalendar, light
from workstation.domain.models import Case, StepClock
from workstation.ui import labels
from workstation.ui.alerts import about_to_run_out
from workstation.ui.icons import channel_icon, flag_icon, similar_icon

AnyIndex = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate

#: Role under which every cell returns its whole `Case` (for the case view and the filter).
CASE_ROLE = Qt.ItemDataRole.UserRole + 1
#: Role returning a sortable key (times as numbers, text as text).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

LIGHT_COLOURS = {
    Light.GREEN: QColor("#d8efd9"),
    Light.YELLOW: QColor("#fbecb5"),
    Light.RED: QColor("#f6c6c0"),
}


def step_light(step: StepClock, now: datetime, calendar: WorkCalendar) -> Light:
    """The traffic light of a step clock at `now` (for a step that ended: at its end), measured against the
    step's deadline on its limit's clock, so an approved 延期 or a 挂账 that moved the deadline counts."""
    unit = step.limit.unit
    allowed = calendar.measure(unit, step.started_at, step.deadline)
    if allowed <= 0:
        return light(Deadline(step.started_at, step.limit).fraction(now, calendar))
    return light(calendar.measure(unit, step.started_at, now) / allowed)


def timer_light(case: Case, now: datetime, calendar: WorkCalendar) -> Light | None:
    """The traffic light of the case's step timer (None once the case has ended): the colour of its timer
    cell here and of its marker on the map."""
    return None if case.step is None else step_light(case.step, now, calendar)


def timer_text(case: Case, now: datetime) -> str:
    """'剩余12分' / '超时3分' for the case's step ('' once it has ended)."""
    if case.step is None:
        return ""
    left = (case.step.deadline - now).total_seconds() / 60
    template = translate("QueueModel", "%1 left") if left >= 0 else translate("QueueModel", "%1 over")
    return template.replace("%1", labels.format_duration(left))


_ALERT_FONT = QFont()
_ALERT_FONT.setBold(True)
_ALERT_BRUSH = QBrush(QColor("#8e1b10"))


class Column(IntEnum):
    ID = 0
    CHANNEL = 1
    STATE = 2
    CATEGORY = 3
    ADDRESS = 4
    GRID = 5
    WAITING = 6
    TIMER = 7
    HOLDER = 8


class QueueModel(QAbstractTableModel):
    """One row per case in the store, in arrival order. Listens to the store (StoreListener) and
    announces exactly the rows that changed; a one-second tick repaints only the two time columns."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        store = session.store
        self._store = store
        self._catalogue = session.catalogue
        self._calendar = session.calendar
        self._zone = ZoneInfo(session.reference.timezone)
        self._now = session.server_now
        self._ids: list[str] = [case.id for case in store.all()]
        self._rows: dict[str, int] = {case_id: row for row, case_id in enumerate(self._ids)}
        store.subscribe(self)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._repaint_clocks)
        self._tick.start()

    def detach(self) -> None:
        self._tick.stop()
        self._store.unsubscribe(self)

    # --- StoreListener ---------------------------------------------------------------------------

    def case_added(self, case: Case) -> None:
        row = len(self._ids)
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.append(case.id)
        self._rows[case.id] = row
        self.endInsertRows()

    def case_changed(self, old: Case, new: Case) -> None:
        row = self._rows.get(new.id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def case_removed(self, case_id: str) -> None:
        row = self._rows.get(case_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[row]
        self._rows = {cid: r for r, cid in enumerate(self._ids)}
        self.endRemoveRows()

    def cases_reset(self) -> None:
        self.beginResetModel()
        self._ids = [case.id for case in self._store.all()]
        self._rows = {case_id: row for row, case_id in enumerate(self._ids)}
        self.endResetModel()

    # --- Qt model --------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Case no."),
            self.tr("Channel"),
            self.tr("State"),
            self.tr("Category"),
            self.tr("Address"),
            self.tr("Grid / community"),
            self.tr("Waiting"),
            self.tr("Step timer"),
            self.tr("Held by"),
        ][section]

    def case_at(self, row: int) -> Case | None:
        return self._store.get(self._ids[row]) if 0 <= row < len(self._ids) else None

    def row_of(self, case_id: str) -> int | None:
        return self._rows.get(case_id)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        case = self.case_at(index.row()) if index.isValid() else None
        if case is None:
            return None
        column = Column(index.column())
        if role == CASE_ROLE:
            return case
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(case, column)
        if role == SORT_ROLE:
            return self._sort_key(case, column)
        if role == Qt.ItemDataRole.BackgroundRole and column is Column.TIMER:
            colour = timer_light(case, self._now(), self._calendar)
            return None if colour is None else QBrush(LIGHT_COLOURS[colour])
        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole) and column is Column.TIMER \
                and about_to_run_out(case, self._now()):  # 超时预警: raised in the queue
            return _ALERT_FONT if role == Qt.ItemDataRole.FontRole else _ALERT_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.CHANNEL:
            return QBrush(labels.CHANNEL_COLOURS[case.channel])
        if role == Qt.ItemDataRole.DecorationRole and column is Column.CHANNEL:
            return channel_icon(case.channel)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.ADDRESS:
            if case.flags:
                return flag_icon()
            return similar_icon() if labels.warns_similar(case) or case.duplicate_of else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, column)
        return None

    # --- cell contents ---------------------------------------------------------------------------

    def _text(self, case: Case, column: Column) -> str:
        match column:
            case Column.ID:
                return ("⚡ " if case.urgent else "") + case.id
            case Column.CHANNEL:
                repeats = case.details.get("alarm_count")
                count = f" ×{repeats}" if isinstance(repeats, int) and repeats > 1 else ""
                return labels.channel_name(case.channel) + count
            case Column.STATE:  # under 待回访 the tab says the rest: the narrow cell keeps to 已结案
                return labels.state_name(case.state) if case.revisit_pending else labels.case_state_name(case)
            case Column.CATEGORY:
                return self._category_name(case)
            case Column.ADDRESS:
                return self._mark(case) + case.address
            case Column.GRID:
                return (
                    f"{case.grid.community} · {case.grid.code[-2:]}"
                    if case.grid
                    else self.tr("Outside the grid")
                )
            case Column.WAITING:
                return labels.format_duration(self._minutes_since(case.reported_at))
            case Column.TIMER:
                return self._timer_text(case)
            case Column.HOLDER:
                return case.lease.user_name if case.lease and case.lease.expires_at > self._now() else ""

    def _sort_key(self, case: Case, column: Column) -> Any:
        if column is Column.WAITING:
            return case.reported_at.timestamp()
        if column is Column.TIMER:
            return case.step.deadline.timestamp() if case.step else float("inf")
        return self._text(case, column)

    def _tooltip(self, case: Case, column: Column) -> str | None:
        if column is Column.TIMER and case.step:
            text = (
                self.tr("%1 step, due %2")
                .replace("%1", labels.step_name(case.step.step))
                .replace("%2", case.step.deadline.astimezone(self._zone).strftime("%m-%d %H:%M"))
            )
            return text + ("\n" + self.tr("About to run out") if about_to_run_out(case, self._now()) else "")
        if column is Column.ADDRESS and (case.flags or labels.warns_similar(case) or case.duplicate_of):
            lines = [flag.message for flag in case.flags]
            if case.duplicate_of:
                lines.insert(0, self.tr("Duplicate, merged into %1").replace("%1", case.duplicate_of))
            if labels.warns_similar(case) and case.similar is not None:
                best = case.similar.candidates[0]
                lines.insert(0, self.tr("Probably the same problem as %1: %2")
                             .replace("%1", best.case_id).replace("%2", best.explanation))
            return "\n".join(lines)
        if column is Column.GRID and case.grid:
            return f"{case.grid.district} {case.grid.street} {case.grid.community} {case.grid.code}"
        if column is Column.CATEGORY and case.condition_id:
            try:
                return self._catalogue.condition(case.condition_id)[1].text
            except KeyError:
                return None
        return None

    def _mark(self, case: Case) -> str:
        """The similar-case mark before the address: '疑似重复 · ' while a seat must decide; once merged
        (the state cell then reads 重复案卷) '→ #000123 · ', the original's number as seats type it after
        '#', so it shows in a narrow column. Plain text, so the queue filter finds these cases too."""
        if case.duplicate_of:
            return f"→ #{case.duplicate_of[-6:]} · "
        if labels.warns_similar(case):
            return self.tr("Probable duplicate") + " · "
        return ""

    def _category_name(self, case: Case) -> str:
        return labels.category_name(self._catalogue, case.category_id)

    def _minutes_since(self, moment: datetime) -> float:
        return (self._now() - moment).total_seconds() / 60

    def _timer_text(self, case: Case) -> str:
        return timer_text(case, self._now())

    def _repaint_clocks(self) -> None:
        if self._ids:
            last = len(self._ids) - 1
            self.dataChanged.emit(
                self.index(0, Column.WAITING),
                self.index(last, Column.HOLDER),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole,
                 Qt.ItemDataRole.ForegroundRole],
            )
