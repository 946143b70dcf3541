"""The event stream: live delivery, resume from Last-Event-ID, reset, and several server processes."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.helpers.server import ServerProcess, start_server
from tests.server.seat import Seat, event_stream
from workstation.server import db, store


def _report(seat: Seat, text: str = "小区门口井盖破损，存在安全隐患") -> dict:
    return seat.report("hotline", text)


def test_events_arrive_live(server: ServerProcess, seats: dict[str, Seat]) -> None:
    seat = seats["seat01"]
    with event_stream(server, seat.token, seat.cases()["last_seq"]) as events:
        case = _report(seats["channel-hotline"])
        posted = time.monotonic()
        created = events.until(lambda frame: frame["data"]["case"]["id"] == case["id"])
        assert time.monotonic() - posted < 0.5
        claimed = seat.ok(case["id"], "claim", version=case["version"])
        changed = events.next()
    assert created["event"] == "case.created"
    assert changed["event"] == "case.changed"
    assert changed["data"]["action"] == "claimed" and changed["data"]["actor_name"] == "张敏"
    assert changed["data"]["case"] == claimed
    assert int(changed["id"]) > int(created["id"])


def test_resume_sends_exactly_the_missed_events(server: ServerProcess, seats: dict[str, Seat]) -> None:
    seat = seats["seat02"]
    start = seat.cases()["last_seq"]
    cases = [_report(seats["channel-hotline"], f"道路积水第{index}处，车辆无法通行") for index in range(3)]
    end = seat.cases()["last_seq"]
    with event_stream(server, seat.token, start) as events:
        missed = [events.next() for _ in range(end - start)]
    assert [int(frame["id"]) for frame in missed] == list(range(start + 1, end + 1))
    mine = [frame["data"]["case"]["id"] for frame in missed if frame["data"]["case"]["id"] in
            {case["id"] for case in cases}]
    assert mine == [case["id"] for case in cases]
    with event_stream(server, seat.token, end) as events:
        later = _report(seats["channel-hotline"])
        assert events.next()["data"]["case"]["id"] == later["id"]  # nothing before it was repeated


def test_unknown_last_event_id_gets_a_reset_first(server: ServerProcess, seats: dict[str, Seat]) -> None:
    seat = seats["seat01"]
    last = seat.cases()["last_seq"]
    with event_stream(server, seat.token, last + 1000) as events:
        reset = events.next()
        assert reset["event"] == "reset"
        assert reset["data"]["case"] is None
        assert int(reset["id"]) == reset["data"]["seq"] >= last
        case = _report(seats["channel-hotline"])
        following = events.until(lambda frame: frame["data"]["case"]["id"] == case["id"])
    assert int(following["id"]) > int(reset["id"])


def test_query_parameter_resume_for_clients_without_headers(server: ServerProcess,
                                                            seats: dict[str, Seat]) -> None:
    seat = seats["seat01"]
    last = seat.cases()["last_seq"]
    headers = {"Authorization": f"Bearer {seat.token}"}
    with httpx.stream("GET", f"{server.url}/api/v1/events", params={"last_event_id": last - 1},
                      headers=headers, timeout=httpx.Timeout(30, read=20)) as response:
        lines = response.iter_lines()
        assert next(lines).startswith("retry:")
        assert next(lines) == ""
        assert next(lines) == f"id: {last}"


@pytest.mark.postgres
def test_event_made_on_one_process_reaches_the_other(pg_url: str, tmp_path: Path,
                                                     servers: list[ServerProcess]) -> None:
    first = start_server(pg_url, tmp_path, "--no-departments")
    servers.append(first)
    second = start_server(pg_url, tmp_path, "--no-departments")
    servers.append(second)
    channel, seat = Seat(first, "channel-iot"), Seat(second, "seat01")
    try:
        alarm = {"device_id": seat.quiet_device("water_level").id, "alarm_type": "积水水位超限", "reading": 32}
        with event_stream(second, seat.token, seat.cases()["last_seq"]) as events:
            case = channel.report("iot", "窨井水位超限告警", details=alarm)
            posted = time.monotonic()
            arrived = events.until(lambda frame: frame["data"]["case"]["id"] == case["id"])
            assert time.monotonic() - posted < 0.9  # NOTIFY, not the 1 s poll
        assert arrived["data"]["case"] == case
        claimed = seat.ok(case["id"], "claim", version=case["version"])
        assert channel.case(case["id"])["case"]["lease"] == claimed["lease"]
    finally:
        channel.close()
        seat.close()


def test_pruned_history_of_the_log_gives_an_old_resume_a_reset_and_keeps_the_newest(
        tmp_path: Path, servers: list[ServerProcess]) -> None:
    """The hourly prune forgets events older than a week and idempotency keys older than a day; a seat
    resuming from before the oldest kept event reloads (reset) instead of missing changes."""
    server = start_server(f"sqlite:///{tmp_path / 'pruned.db'}", tmp_path, "--no-departments", "--no-collectors")
    servers.append(server)
    seat, channel = Seat(server, "seat01"), Seat(server, "channel-hotline")
    try:
        case = _report(channel)
        seat.ok(case["id"], "claim", version=case["version"])
        before = seat.cases()["last_seq"]
        database = db.Database(server.db_url)
        try:
            with database.write() as connection:  # what the sweep does a week later
                keys, pruned = store.prune(connection, datetime.now(UTC) + timedelta(days=8))
            with database.read() as connection:
                first, last = db.first_seq(connection), db.last_seq(connection)
        finally:
            database.dispose()
        assert keys >= 1 and pruned >= 1 and first == last == before  # the newest event stays
        with event_stream(server, seat.token, 1) as events:
            assert events.next()["event"] == "reset"
            later = _report(channel, "小区门口井盖又被撬开了，存在安全隐患")
            following = events.until(lambda frame: frame["data"]["case"]["id"] == later["id"])
        assert int(following["id"]) > last
        assert any(candidate["case_id"] == case["id"] for candidate in later["similar"]["candidates"])
    finally:
        seat.close()
        channel.close()
