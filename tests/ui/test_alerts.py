"""Queue alerts: a case whose step is about to run out is raised once (sound, tray, signal); a muted
seat is not disturbed."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.app.test_store import T0, make_case
from tests.helpers.reports import report
from tests.ui.conftest import post_intake
from workstation.app.store import CaseStore
from workstation.domain.deadline import Light, WorkCalendar
from workstation.domain.models import Case, CaseState, Role, StepClock, TimeLimit, TimeUnit
from workstation.ui.alerts import QueueAlerts, about_to_run_out, follows
from workstation.ui.queue_model import Column as TimerColumn
from workstation.ui.queue_model import step_light
from workstation.ui.settings import Settings


def _with_step(case_id: str, minutes: int, state: CaseState = CaseState.REPORTED) -> Case:
    step = StepClock(step="accept", started_at=T0, limit=TimeLimit(value=minutes, unit=TimeUnit.MINUTE),
                     deadline=T0 + timedelta(minutes=minutes))
    return make_case(case_id, state=state).model_copy(update={"step": step})


def test_the_mark_is_the_lower_of_a_tenth_of_the_limit_and_fifteen_minutes() -> None:
    accept, handle = _with_step("1", 15), _with_step("2", 48 * 60)
    assert not about_to_run_out(accept, T0 + timedelta(minutes=13))
    assert about_to_run_out(accept, T0 + timedelta(minutes=14))
    assert not about_to_run_out(accept, T0 + timedelta(minutes=15))  # overdue: red in the queue already
    assert not about_to_run_out(handle, T0 + timedelta(hours=47, minutes=44))
    assert about_to_run_out(handle, T0 + timedelta(hours=47, minutes=46))
    assert not about_to_run_out(_with_step("3", 15, CaseState.SUSPENDED), T0 + timedelta(minutes=14))


def test_a_case_about_to_run_out_raises_one_alert_once_and_muting_stops_it(qtbot, monkeypatch) -> None:
    beeps: list[bool] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(True)))
    store = CaseStore()
    store.update(_with_step("1", 15))
    store.update(_with_step("2", 60))
    clock = {"now": T0 + timedelta(minutes=10)}

    def now() -> datetime:
        return clock["now"]

    alerts = QueueAlerts(store, now, (Role.ACCEPTOR,))
    raised: list[tuple[str, str]] = []
    alerts.alerted.connect(lambda case_id, text: raised.append((case_id, text)))
    alerts.check()
    assert raised == []
    clock["now"] = T0 + timedelta(minutes=14)
    alerts.check()
    alerts.check()
    assert [case_id for case_id, _text in raised] == ["1"] and len(beeps) == 1
    assert "1" in raised[0][1]

    alerts.mute_action.trigger()
    assert alerts.muted
    clock["now"] = T0 + timedelta(minutes=55)
    alerts.check()
    assert [case_id for case_id, _text in raised] == ["1"] and len(beeps) == 1
    alerts.timer.stop()


def test_only_the_seats_that_follow_the_step_are_alerted() -> None:
    reported, filed, to_close = (_with_step("1", 15), _with_step("2", 15, CaseState.FILED),
                                 _with_step("3", 15, CaseState.TO_CLOSE))
    assert follows(reported, (Role.ACCEPTOR,)) and not follows(reported, (Role.DISPATCHER,))
    assert follows(filed, (Role.DISPATCHER,)) and not follows(filed, (Role.ACCEPTOR,))
    assert not follows(to_close, (Role.ACCEPTOR, Role.DISPATCHER)) and follows(to_close, (Role.SHIFT_LEADER,))
    assert follows(_with_step("4", 15, CaseState.CHECKING), (Role.ACCEPTOR,))  # who sent the 核查 follows it
    assert follows(_with_step("5", 15, CaseState.HANDLING), (Role.DISPATCHER,))  # the 派遣员 follows departments
    assert not follows(reported, (Role.DEPARTMENT, Role.COLLECTOR))


def test_a_dispatcher_is_not_beeped_at_for_a_case_waiting_for_acceptance(qtbot, monkeypatch) -> None:
    beeps: list[bool] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(True)))
    store = CaseStore()
    store.update(_with_step("1", 15))
    store.update(_with_step("2", 15, CaseState.FILED))
    alerts = QueueAlerts(store, lambda: T0 + timedelta(minutes=14), (Role.DISPATCHER,))
    raised: list[str] = []
    alerts.alerted.connect(lambda case_id, _text: raised.append(case_id))
    alerts.check()
    assert raised == ["2"] and len(beeps) == 1
    alerts.timer.stop()


def test_the_window_marks_raises_and_opens_an_alerted_case_and_keeps_the_mute(open_seat, server, qtbot,
                                                                                monkeypatch, tmp_path) -> None:
    beeps: list[bool] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(True)))
    seat = open_seat()
    window = seat.window
    case = post_intake(server, report("hotline", "历山路路口窨井盖缺失，行人容易踩空（超时预警测试）"))
    qtbot.waitUntil(lambda: seat.session.store.get(case["id"]) is not None, timeout=5000)
    stored = seat.session.store.get(case["id"])
    assert stored is not None and stored.step is not None
    almost = stored.step.deadline - timedelta(seconds=60)  # the server's clock, a minute before the deadline
    monkeypatch.setattr(window.queue_model, "_now", lambda: almost)
    monkeypatch.setattr(window.alerts, "now", lambda: almost)

    row = window.queue_model.row_of(case["id"])
    assert row is not None
    timer = window.queue_model.index(row, TimerColumn.TIMER)
    assert timer.data(Qt.ItemDataRole.FontRole).bold()  # raised in the queue
    assert "即将超时" in timer.data(Qt.ItemDataRole.ToolTipRole)
    raised: list[str] = []
    window.alerts.alerted.connect(lambda case_id, _text: raised.append(case_id))
    window.alerts.check()
    window.alerts.check()
    assert raised.count(case["id"]) == 1 and len(beeps) == len(raised)  # once, with its beep
    assert raised[-1] in window.statusBar().currentMessage() and "分钟" in window.statusBar().currentMessage()
    window.open_case(min(c.id for c in seat.session.store.all() if c.id != case["id"]))
    window.alerts.open_requested.emit(case["id"])  # what a click on the tray message sends
    qtbot.waitUntil(lambda: window.case_view.case_id == case["id"])

    window.alerts.mute_action.trigger()  # View ▸ 超时预警静音
    assert Settings(tmp_path / "seat01.ini").alerts_muted
    again = open_seat()  # the seat's next start reads the same settings
    assert again.window.alerts.muted and again.window.alerts.mute_action.isChecked()


def test_a_step_whose_deadline_was_moved_is_coloured_against_the_new_deadline() -> None:
    """An approved 延期 moves the 处置 step's deadline but not its limit: the light follows the deadline."""
    calendar = WorkCalendar()
    step = StepClock(step="handle", started_at=T0, limit=TimeLimit(value=60, unit=TimeUnit.MINUTE),
                     deadline=T0 + timedelta(minutes=60))
    extended = step.model_copy(update={"deadline": T0 + timedelta(minutes=180)})
    assert step_light(step, T0 + timedelta(minutes=90), calendar) is Light.RED
    assert step_light(extended, T0 + timedelta(minutes=90), calendar) is Light.GREEN
    assert step_light(extended, T0 + timedelta(minutes=170), calendar) is Light.YELLOW
