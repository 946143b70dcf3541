"""The live case store: events and command answers in any order, listeners told row by row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from workstation.app.store import CaseStore
from workstation.domain.models import Case, CaseState, Channel, Event, EventType, Reporter

T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def make_case(
    case_id: str, version: int = 1, state: CaseState = CaseState.REPORTED, minutes: int = 0
) -> Case:
    return Case(
        id=case_id,
        version=version,
        state=state,
        channel=Channel.HOTLINE,
        reported_at=T0,
        updated_at=T0 + timedelta(minutes=minutes),
        description=f"案卷 {case_id} 第 {version} 版",
        address="盐湖区河东街道",
        location=None,
        grid=None,
        reporter=Reporter(),
        urgent=False,
        category_id=None,
        condition_id=None,
        suggested_department_id=None,
        suggestion_rule=None,
        department_id=None,
        step=None,
        handling_deadline=None,
        lease=None,
    )


def event(seq: int, case: Case | None, kind: EventType = EventType.CASE_CHANGED) -> Event:
    return Event(seq=seq, at=T0, type=kind, action="filed", actor_name="李强", case=case)


class Recorder:
    """A listener that writes down what it heard, like the Qt queue model would act on it."""

    def __init__(self) -> None:
        self.heard: list[tuple[str, ...]] = []

    def case_added(self, case: Case) -> None:
        self.heard.append(("added", case.id, str(case.version)))

    def case_changed(self, old: Case, new: Case) -> None:
        self.heard.append(("changed", new.id, f"{old.version}->{new.version}"))

    def case_removed(self, case_id: str) -> None:
        self.heard.append(("removed", case_id))

    def cases_reset(self) -> None:
        self.heard.append(("reset",))


def store_with(*cases: Case, last_seq: int = 10) -> tuple[CaseStore, Recorder]:
    store = CaseStore()
    store.reset(cases, last_seq)
    recorder = Recorder()
    store.subscribe(recorder)
    return store, recorder


def test_reset_replaces_the_cases_and_tells_listeners_once() -> None:
    store = CaseStore()
    recorder = Recorder()
    store.subscribe(recorder)
    store.reset([make_case("A"), make_case("B")], last_seq=7)
    assert [case.id for case in store.all()] == ["A", "B"]
    assert store.last_seq == 7
    assert recorder.heard == [("reset",)]


def test_created_event_adds_a_row_at_the_end() -> None:
    store, recorder = store_with(make_case("A"))
    assert store.apply(event(11, make_case("B"), EventType.CASE_CREATED))
    assert [case.id for case in store.all()] == ["A", "B"]
    assert recorder.heard == [("added", "B", "1")]
    assert store.last_seq == 11


def test_changed_event_keeps_the_row_position() -> None:
    store, recorder = store_with(make_case("A"), make_case("B"), make_case("C"))
    store.apply(event(11, make_case("B", version=2, state=CaseState.FILED)))
    assert [case.id for case in store.all()] == ["A", "B", "C"]
    assert store.get("B") is not None and store.get("B").state is CaseState.FILED  # type: ignore[union-attr]
    assert recorder.heard == [("changed", "B", "1->2")]


def test_events_already_seen_are_ignored() -> None:
    store, recorder = store_with(make_case("A"), last_seq=10)
    assert not store.apply(event(10, make_case("A", version=5)))
    assert not store.apply(event(3, make_case("A", version=6)))
    assert store.get("A").version == 1  # type: ignore[union-attr]
    assert recorder.heard == []
    assert store.last_seq == 10


def test_an_event_older_than_a_command_answer_does_not_undo_it() -> None:
    store, recorder = store_with(make_case("A"))
    assert store.update(make_case("A", version=3))  # the answer to this seat's dispatch
    assert not store.apply(event(11, make_case("A", version=2)))  # the filing event arrives late
    assert store.apply(event(12, make_case("A", version=3))) is False  # its own event: nothing new
    assert store.get("A").version == 3  # type: ignore[union-attr]
    assert store.last_seq == 12  # but the stream position still moves on
    assert recorder.heard == [("changed", "A", "1->3")]


def test_update_with_an_unknown_case_adds_it() -> None:
    store, recorder = store_with()
    assert store.update(make_case("N"))
    assert recorder.heard == [("added", "N", "1")]


def test_reset_event_only_moves_the_position() -> None:
    store, recorder = store_with(make_case("A"), last_seq=4)
    assert not store.apply(Event(seq=9, at=T0, type=EventType.RESET, action="reset"))
    assert store.last_seq == 9
    assert store.all() == [make_case("A")]
    assert recorder.heard == []


def test_remove_and_prune_ended_cases() -> None:
    store, recorder = store_with(
        make_case("open"),
        make_case("old-ended", state=CaseState.CANCELLED, minutes=0),
        make_case("new-ended", state=CaseState.NOT_ACCEPTED, minutes=90),
    )
    assert store.prune_ended(T0 + timedelta(minutes=60)) == ["old-ended"]
    assert [case.id for case in store.all()] == ["open", "new-ended"]
    assert recorder.heard == [("removed", "old-ended")]
    assert not store.remove("old-ended")


def test_a_failing_listener_does_not_stop_the_others() -> None:
    class Broken(Recorder):
        def case_added(self, case: Case) -> None:
            raise RuntimeError("broken view")

    store = CaseStore()
    broken, recorder = Broken(), Recorder()
    store.subscribe(broken)
    store.subscribe(recorder)
    store.update(make_case("A"))
    assert recorder.heard == [("added", "A", "1")]
    assert "A" in store


def test_unsubscribed_listeners_hear_nothing() -> None:
    store, recorder = store_with()
    store.unsubscribe(recorder)
    store.unsubscribe(recorder)
    store.update(make_case("A"))
    assert recorder.heard == []
