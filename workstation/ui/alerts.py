"""Queue alerts (超时预警): a case whose current step is about to run out is raised once, with a sound
and a tray notification (a click on it opens the case), unless the seat muted the alerts. Only the cases
the seat follows in their current state raise (workflow.FOLLOW_ROLES: the 受理员 its acceptances and
field tasks, the 派遣员 the dispatch and the departments, the 值班长 everything); the queue marks every
case about to run out, whoever follows it.

"About to run out" is the lower of two marks: 10 % of the step's limit left, or 15 minutes left — so a
15-minute 受理 step warns at its last 90 seconds instead of the moment it arrives, and a two-day 处置
step 15 minutes before its deadline. A case already overdue when first seen is red in the queue and
not raised again. Each step of a case raises at most once (a new step, or a moved deadline, may raise
again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from workstation.app.store import CaseStore
from workstation.domain.models import Case, CaseState, Role
from workstation.domain.workflow import FOLLOW_ROLES, OPEN_STATES

log = logging.getLogger(__name__)

SHARE_LEFT = 0.10  # of the step's limit
MINUTES_LEFT = 15
CHECK_EVERY_MS = 10_000


def about_to_run_out(case: Case, now: datetime) -> bool:
    """The case's current step has little time left but has not run out yet."""
    step = case.step
    if step is None or case.state not in OPEN_STATES or case.state is CaseState.SUSPENDED:
        return False
    left = step.deadline - now
    mark = min((step.deadline - step.started_at) * SHARE_LEFT, timedelta(minutes=MINUTES_LEFT))
    return timedelta(0) < left <= mark


def follows(case: Case, roles: Iterable[Role]) -> bool:
    """Whether a seat of `roles` follows the case's clock in its current state."""
    return bool(FOLLOW_ROLES.get(case.state, frozenset()).intersection(roles))


class QueueAlerts(QObject):
    """Watches the seat's cases; `alerted(case_id, text)` fires once per step about to run out of a case
    the seat follows, while not muted, with a beep and a tray message; `open_requested(case_id)` when the
    seat clicks that message. `mute_action` is the checkable menu entry."""

    alerted = Signal(str, str)
    open_requested = Signal(str)
    muted_changed = Signal(bool)

    def __init__(self, store: CaseStore, now: Callable[[], datetime], roles: Iterable[Role], *,
                 muted: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.now = now
        self.roles = frozenset(roles)
        self.last_case_id: str | None = None  # of the last tray message, opened when it is clicked
        self._muted = muted
        self._seen: set[tuple[str, str, datetime]] = set()  # (case, step, deadline) already raised
        self._tray: QSystemTrayIcon | None = None
        self.mute_action = QAction(self.tr("&Mute deadline alerts"), self)
        self.mute_action.setCheckable(True)
        self.mute_action.setChecked(muted)
        self.mute_action.toggled.connect(self.set_muted)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        if muted == self._muted:
            return
        self._muted = muted
        self.mute_action.setChecked(muted)
        self.muted_changed.emit(muted)

    def check(self) -> None:
        """Raise the cases that came close to their deadline since the last check."""
        now = self.now()
        for case in self.store.all():
            if case.step is None or not follows(case, self.roles) or not about_to_run_out(case, now):
                continue
            key = (case.id, case.step.step, case.step.deadline)
            if key in self._seen:
                continue
            self._seen.add(key)
            if not self._muted:
                self._raise(case, now)

    def _raise(self, case: Case, now: datetime) -> None:
        assert case.step is not None
        minutes = max(1, round((case.step.deadline - now).total_seconds() / 60))
        text = self.tr("Case %1: %2 min left in this step").replace("%1", case.id).replace("%2", str(minutes))
        log.info("deadline alert: %s", text)
        QApplication.beep()
        self.last_case_id = case.id
        tray = self._tray_icon()
        if tray is not None:
            tray.showMessage(self.tr("Deadline alert"), text, QSystemTrayIcon.MessageIcon.Warning, 10_000)
        self.alerted.emit(case.id, text)

    def _tray_icon(self) -> QSystemTrayIcon | None:
        if self._tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            self._tray.messageClicked.connect(self._message_clicked)
            self._tray.show()
        return self._tray

    def _message_clicked(self) -> None:
        if self.last_case_id is not None:
            self.open_requested.emit(self.last_case_id)
