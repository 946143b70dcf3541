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
    assert workflow.allowed_actions(CaseState.HANDLING, seat) == []


def test_ended_states_are_not_open_and_every_state_has_a_chinese_name():
    assert workflow.OPEN_STATES == {
        CaseState.DETECTED,
        CaseState.REPORTED,
        CaseState.VERIFYING,
        CaseState.FILED,
        CaseState.DISPATCHED,
        CaseState.HANDLING,
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
