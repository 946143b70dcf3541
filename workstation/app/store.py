"""The live case store (案卷缓存): the seat's copy of the cases, kept current by events and answers.

Pure and synchronous, so it is tested without a server or a window. Listeners (the Qt queue
model, the case view) hear exactly which case was added, changed or removed; a whole reset is
only announced when the list was reloaded.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from workstation.domain.models import Case, Event, EventType
from workstation.domain.workflow import OPEN_STATES

log = logging.getLogger(__name__)


class StoreListener(Protocol):
    def case_added(self, case: Case) -> None: ...

    def case_changed(self, old: Case, new: Case) -> None: ...

    def case_removed(self, case_id: str) -> None: ...

    def cases_reset(self) -> None: ...


class CaseStore:
    """Cases by id in insertion order, and the sequence of the last event they reflect."""

    def __init__(self) -> None:
        self._cases: dict[str, Case] = {}
        self._listeners: list[StoreListener] = []
        self.last_seq = 0

    # --- reading ---------------------------------------------------------------------------------

    def get(self, case_id: str) -> Case | None:
        return self._cases.get(case_id)

    def all(self) -> list[Case]:
        return list(self._cases.values())

    def __len__(self) -> int:
        return len(self._cases)

    def __contains__(self, case_id: object) -> bool:
        return case_id in self._cases

    # --- changing --------------------------------------------------------------------------------

    def reset(self, cases: Iterable[Case], last_seq: int) -> None:
        """Replace everything with a freshly loaded list (`GET /cases`) and its `last_seq`."""
        self._cases = {case.id: case for case in cases}
        self.last_seq = last_seq
        self._notify("cases_reset")

    def apply(self, event: Event) -> bool:
        """Apply one stream event; False when it was already seen or carried nothing newer.

        A `reset` event is the session's to handle (it reloads); here it only moves `last_seq`.
        """
        if event.seq <= self.last_seq:
            return False
        self.last_seq = event.seq
        if event.type is EventType.RESET or event.case is None:
            return False
        return self.update(event.case)

    def update(self, case: Case) -> bool:
        """Take `case` (from an event or a command answer) unless the store already knows a version
        as new or newer. True when something changed."""
        old = self._cases.get(case.id)
        if old is None:
            self._cases[case.id] = case
            self._notify("case_added", case)
            return True
        if case.version <= old.version:
            return False
        self._cases[case.id] = case
        self._notify("case_changed", old, case)
        return True

    def remove(self, case_id: str) -> bool:
        if self._cases.pop(case_id, None) is None:
            return False
        self._notify("case_removed", case_id)
        return True

    def prune_ended(self, before: datetime) -> list[str]:
        """Drop cases that ended (不予受理, 作废 …) and have not changed since `before`; a closed case
        waiting for 回访 stays."""
        stale = [
            case.id
            for case in self._cases.values()
            if case.state not in OPEN_STATES and not case.revisit_pending and case.updated_at < before
        ]
        for case_id in stale:
            self.remove(case_id)
        return stale

    # --- listeners -------------------------------------------------------------------------------

    def subscribe(self, listener: StoreListener) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def unsubscribe(self, listener: StoreListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, method: str, *args: object) -> None:
        for listener in list(self._listeners):
            try:
                getattr(listener, method)(*args)
            except Exception:  # one broken view must not stop the others or the event stream
                log.exception("store listener %r failed in %s", listener, method)
