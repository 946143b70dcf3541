"""The case state machine: who may move a case from which state, and the Chinese reason when not."""

from __future__ import annotations

import pytest

from workstation.domain import workflow
from workstation.domain.models import CaseState, RejectKind, Role


def test_an_acceptor_files_a_reported_case_and_its_dispatch_clock_starts():
    transition = workflow.check("file", CaseState.REPORTED, (Role.ACCEPTOR,))
    assert transition.target is CaseState.FILED
    assert transition.step == "dispatch"


def test_a_filed_case_cannot_be_filed_again_and_the_seat_is_told_why():
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.check("file", CaseState.FILED, (Role.ACCEPTOR,))
    assert refused.value.reason == "案卷当前为“待派遣”，不能立案"


def test_a_department_cannot_dispatch():
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.check("dispatch", CaseState.FILED, (Role.DEPARTMENT,))
    assert refused.value.reason == "您的岗位无权派遣"


def test_only_the_department_signs_a_dispatched_case():
    assert (
        workflow.check("acknowledge", CaseState.DISPATCHED, (Role.DEPARTMENT,)).target is CaseState.HANDLING
    )
    with pytest.raises(workflow.TransitionError):
        workflow.check("acknowledge", CaseState.DISPATCHED, (Role.DISPATCHER, Role.ACCEPTOR))


def test_the_demo_seat_holding_two_positions_may_file_reject_and_dispatch():
    seat = (Role.ACCEPTOR, Role.DISPATCHER)
    assert workflow.allowed_actions(CaseState.REPORTED, seat) == ["file", "not_accept", "cancel", "verify", "merged"]
    assert workflow.allowed_actions(CaseState.FILED, seat) == ["cancel", "dispatch"]
    # what a 派遣员 does to a case in 处置中 comes from deciding a department's request
    assert workflow.allowed_actions(CaseState.HANDLING, seat) == ["approve_return", "approve_suspend"]


def test_ended_states_are_not_open_and_every_state_has_a_chinese_name():
    assert workflow.OPEN_STATES == {
        CaseState.DETECTED,
        CaseState.REPORTED,
        CaseState.VERIFYING,
        CaseState.FILED,
        CaseState.DISPATCHED,
        CaseState.HANDLING,
        CaseState.SUSPENDED,
        CaseState.FED_BACK,
        CaseState.CHECKING,
        CaseState.TO_CLOSE,
    }
    assert set(workflow.STATE_NAMES_ZH) == set(CaseState)
    assert {workflow.reject_action(kind) for kind in RejectKind} == {"not_accept", "cancel"}
    for transition in workflow.TRANSITIONS.values():
        assert transition.action in workflow.ACTION_NAMES_ZH


def test_only_a_collector_answers_a_verification_and_the_case_goes_back_to_acceptance():
    assert workflow.check("verify", CaseState.REPORTED, (Role.ACCEPTOR,)).target is CaseState.VERIFYING
    answer = workflow.check("verify_result", CaseState.VERIFYING, (Role.COLLECTOR,))
    assert (answer.target, answer.step) == (CaseState.REPORTED, workflow.INITIAL_STEP)
    with pytest.raises(workflow.TransitionError, match="您的岗位无权核实反馈"):
        workflow.check("verify_result", CaseState.VERIFYING, (Role.ACCEPTOR, Role.SHIFT_LEADER))
    with pytest.raises(workflow.TransitionError, match="案卷当前为“核实中”，不能立案"):
        workflow.check("file", CaseState.VERIFYING, (Role.ACCEPTOR,))
    assert workflow.allowed_actions(CaseState.VERIFYING, (Role.ACCEPTOR, Role.DISPATCHER)) == ["merged"]


def test_a_low_confidence_detection_is_confirmed_or_dismissed_by_a_seat():
    seat = (Role.ACCEPTOR,)
    assert workflow.allowed_actions(CaseState.DETECTED, seat) == ["cancel", "confirm", "merged"]
    confirmed = workflow.check("confirm", CaseState.DETECTED, seat)
    assert (confirmed.target, confirmed.step) == (CaseState.REPORTED, workflow.INITIAL_STEP)
    with pytest.raises(workflow.TransitionError, match="案卷当前为“待确认”，不能立案"):
        workflow.check("file", CaseState.DETECTED, seat)
    with pytest.raises(workflow.TransitionError, match="您的岗位无权确认识别"):
        workflow.check("confirm", CaseState.DETECTED, (Role.DISPATCHER,))


def test_departments_sign_and_feed_back_work_orders_and_the_dispatcher_answers_their_requests():
    department = (Role.DEPARTMENT,)
    assert workflow.check("acknowledge", CaseState.HANDLING, department).target is CaseState.HANDLING
    fed_back = workflow.check("feedback", CaseState.HANDLING, department)
    assert (fed_back.target, fed_back.step) == (CaseState.FED_BACK, "check")
    assert workflow.STATE_NAMES_ZH[CaseState.FED_BACK] == "待核查"
    with pytest.raises(workflow.TransitionError, match="案卷当前为“已派遣”，不能处置反馈"):
        workflow.check("feedback", CaseState.DISPATCHED, department)
    with pytest.raises(workflow.TransitionError, match="您的岗位无权批准回退"):
        workflow.check("approve_return", CaseState.HANDLING, department)
    returned = workflow.check("approve_return", CaseState.HANDLING, (Role.DISPATCHER,))
    assert (returned.target, returned.step) == (CaseState.FILED, "dispatch")
    assert workflow.check("approve_suspend", CaseState.HANDLING, (Role.DISPATCHER,)).target is CaseState.SUSPENDED
    assert workflow.check("resume", CaseState.SUSPENDED, (Role.DISPATCHER,)).target is CaseState.HANDLING
    assert set(workflow.REQUEST_ROLES) == {CaseState.DISPATCHED, CaseState.HANDLING}


def test_a_check_passes_to_closing_by_the_shift_leader_or_fails_back_to_the_departments():
    assert workflow.check("check", CaseState.FED_BACK, (Role.ACCEPTOR,)).target is CaseState.CHECKING
    passed = workflow.check("check_result", CaseState.CHECKING, (Role.COLLECTOR,))
    assert (passed.target, passed.step) == (CaseState.TO_CLOSE, "close")
    failed = workflow.check("rework", CaseState.CHECKING, (Role.COLLECTOR,))
    assert (failed.target, failed.step) == (CaseState.DISPATCHED, "sign")
    with pytest.raises(workflow.TransitionError, match="您的岗位无权结案"):
        workflow.check("close", CaseState.TO_CLOSE, (Role.ACCEPTOR, Role.DISPATCHER))
    closed = workflow.check("close", CaseState.TO_CLOSE, (Role.SHIFT_LEADER,))
    assert (closed.target, closed.step) == (CaseState.CLOSED, None)
    assert CaseState.CLOSED not in workflow.OPEN_STATES
