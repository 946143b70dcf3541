"""Phone numbers are masked for roles the centre does not allow to see them."""

from __future__ import annotations

from datetime import UTC, datetime

from workstation.domain.models import (
    Case,
    CaseState,
    Channel,
    Event,
    EventType,
    IncomingCall,
    LinkedReport,
    Reporter,
    Role,
)
from workstation.domain.privacy import PhonePolicy, mask_phone, normalise_phone

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def case() -> Case:
    return Case(id="20261124000001", version=1, state=CaseState.REPORTED, channel=Channel.HOTLINE, reported_at=NOW,
                updated_at=NOW, description="噪音扰民", address="", location=None, grid=None,
                reporter=Reporter(name="王先生", phone="13912345678"), urgent=False, category_id=None,
                condition_id=None, suggested_department_id=None, suggestion_rule=None, department_id=None,
                step=None, handling_deadline=None, lease=None,
                details={"caller_phone": "13912345678", "callback_phone": "053188001234", "line": "12345"})


def test_mask_and_normalise() -> None:
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("0531-88001234") == "053****1234"
    assert mask_phone("12345") == "****45"
    assert mask_phone("") == ""
    assert normalise_phone("+86 139-1234-5678") == "13912345678"
    assert normalise_phone("0531 8800 1234") == "053188001234"


def test_the_resource_lets_acceptors_and_shift_leaders_see_numbers() -> None:
    policy = PhonePolicy.load()
    assert policy.full_number_roles == {Role.ACCEPTOR, Role.SHIFT_LEADER}
    assert policy.sees_full((Role.DISPATCHER, Role.ACCEPTOR))
    for role in (Role.DISPATCHER, Role.DEPARTMENT, Role.TRAINER, Role.COLLECTOR, Role.CHANNEL):
        assert not policy.sees_full((role,))


def test_a_case_and_its_events_are_masked_per_role() -> None:
    policy = PhonePolicy.load()
    masked = policy.case(case(), (Role.DEPARTMENT,))
    assert masked.reporter.phone == "139****5678"
    assert masked.details == {"caller_phone": "139****5678", "callback_phone": "053****1234", "line": "12345"}
    assert policy.case(case(), (Role.ACCEPTOR,)) == case()
    call = IncomingCall(call_id="c1", line="12345", caller_phone="13912345678", at=NOW, earlier_cases=())
    event = Event(seq=3, at=NOW, type=EventType.CALL_INCOMING, action="call", call=call)
    assert policy.event(event, (Role.TRAINER,)).call.caller_phone == "139****5678"  # type: ignore[union-attr]
    assert policy.event(event, (Role.SHIFT_LEADER,)) == event


def test_the_reporters_of_merged_duplicates_are_masked_too() -> None:
    duplicate = LinkedReport(case_id="20261124000002", reported_at=NOW, channel=Channel.HOTLINE,
                             reporter=Reporter(name="赵女士", phone="13800001111"), summary="噪音", merged_by="张敏",
                             merged_at=NOW)
    original = case().model_copy(update={"linked": (duplicate,)})
    assert PhonePolicy.load().case(original, (Role.DISPATCHER,)).linked[0].reporter.phone == "138****1111"
    assert PhonePolicy.load().case(original, (Role.ACCEPTOR,)).linked == (duplicate,)
