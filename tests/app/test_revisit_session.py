"""回访 from the seat session: a closed hotline case waiting for the callback is loaded with the open
cases, and `Session.revisit` records the caller's satisfaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.app.conftest import assert_clean_log, run
from tests.app.test_store import make_case
from tests.helpers.server import ServerProcess, start_server
from tests.server.seat import Seat
from tests.server.test_revisit import closed
from workstation.app.session import Session
from workstation.app.store import CaseStore
from workstation.domain.models import CaseState, RevisitResult


@pytest.fixture
def quiet_server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = start_server(f"sqlite:///{tmp_path / 'platform.db'}", tmp_path, "--no-departments")
    yield process
    process.stop()
    assert_clean_log(process)


def test_the_seat_loads_a_case_waiting_for_its_callback_and_records_it(quiet_server: ServerProcess) -> None:
    class Seats(dict[str, Seat]):
        def __missing__(self, username: str) -> Seat:
            self[username] = Seat(quiet_server, username)
            return self[username]

    seats = Seats()
    try:
        case_id = closed(seats)["id"]
    finally:
        for seat in seats.values():
            seat.close()

    async def body() -> None:
        session = await Session.open(quiet_server.url, "seat02", "demo")
        await session.start()
        try:
            waiting = session.store.get(case_id)
            assert waiting is not None and waiting.state is CaseState.CLOSED and waiting.revisit_pending
            done = await session.revisit(case_id, RevisitResult.SATISFIED, note="群众满意")
            assert done.revisit is not None and done.revisit.result is RevisitResult.SATISFIED
            assert not done.revisit_pending and session.store.get(case_id) == done
        finally:
            await session.close()

    run(body())


def test_a_case_waiting_for_its_callback_is_not_pruned_with_the_ended_cases() -> None:
    store = CaseStore()
    waiting = make_case("1", state=CaseState.CLOSED).model_copy(update={"revisit_pending": True})
    store.update(waiting)
    store.update(make_case("2", state=CaseState.CLOSED))
    assert store.prune_ended(datetime.now(UTC)) == ["2"]
    assert store.get("1") == waiting
