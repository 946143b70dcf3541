"""Queue alerts: a case whose step is about to run out is raised once (sound, tray, signal); a muted
seat is not disturbed."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtWidgets import QApplication

from tests.app.test_store import T0, make_case
from workstation.app.store import CaseStore
from workstation.domain.models import Case, CaseState, StepClock, TimeLimit, TimeUnit
from workstation.ui.alerts import QueueAlerts, about_to_run_out


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

    alerts = QueueAlerts(store, now)
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
