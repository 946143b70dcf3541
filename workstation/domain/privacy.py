"""Phone numbers of callers and reporters, shown in full only to the roles a centre allows
(resources/workflow/phone_visibility.json); everyone else sees them masked, e.g. 139****5678."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from workstation.domain.models import CallerHistory, Case, Event, IncomingCall, Reporter, Role
from workstation.resources import resource_path

MASK = "****"


def normalise_phone(phone: str) -> str:
    """The digits of a number, without a +86/86 country prefix: the key callers are looked up by."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def mask_phone(phone: str) -> str:
    """139****5678: the first three and last four characters stay, the rest is hidden."""
    phone = phone.strip()
    if not phone:
        return ""
    if len(phone) < 8:
        return MASK + phone[-2:] if len(phone) > 4 else MASK
    return phone[:3] + MASK + phone[-4:]


def _is_phone_field(key: str) -> bool:
    return key == "phone" or key.endswith("_phone")


def _masked(reporter: Reporter) -> Reporter:
    return reporter.model_copy(update={"phone": mask_phone(reporter.phone)})


def _mask_details(details: dict[str, Any]) -> dict[str, Any]:
    return {key: mask_phone(value) if _is_phone_field(key) and isinstance(value, str) else value
            for key, value in details.items()}


@dataclass(frozen=True)
class PhonePolicy:
    """Which roles see full numbers; `for_roles` picks the masking to apply to one subscriber."""

    full_number_roles: frozenset[Role]

    @classmethod
    def load(cls) -> PhonePolicy:
        document = json.loads(resource_path("workflow", "phone_visibility.json").read_text(encoding="utf-8"))
        return cls(frozenset(Role(role) for role in document["full_number_roles"]))

    def sees_full(self, roles: tuple[Role, ...] | frozenset[Role]) -> bool:
        return bool(self.full_number_roles.intersection(roles))

    def case(self, case: Case, roles: tuple[Role, ...] | frozenset[Role]) -> Case:
        if self.sees_full(roles):
            return case
        linked = tuple(report.model_copy(update={"reporter": _masked(report.reporter)}) for report in case.linked)
        return case.model_copy(update={"reporter": _masked(case.reporter), "details": _mask_details(case.details),
                                       "linked": linked})

    def call(self, call: IncomingCall, roles: tuple[Role, ...] | frozenset[Role]) -> IncomingCall:
        if self.sees_full(roles):
            return call
        return call.model_copy(update={"caller_phone": mask_phone(call.caller_phone)})

    def history(self, history: CallerHistory, roles: tuple[Role, ...] | frozenset[Role]) -> CallerHistory:
        if self.sees_full(roles):
            return history
        return history.model_copy(update={"phone": mask_phone(history.phone)})

    def event(self, event: Event, roles: tuple[Role, ...] | frozenset[Role]) -> Event:
        if self.sees_full(roles) or (event.case is None and event.call is None):
            return event
        return event.model_copy(update={
            "case": self.case(event.case, roles) if event.case is not None else None,
            "call": self.call(event.call, roles) if event.call is not None else None})
