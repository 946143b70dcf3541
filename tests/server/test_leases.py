"""A claim lapses: after --lease-seconds without activity the case is free again, and seats are told."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.server import ServerProcess, start_server
from tests.server.seat import Seat, event_stream


def test_expired_lease_is_released_with_an_event(db_url: str, tmp_path: Path,
                                                 servers: list[ServerProcess]) -> None:
    server = start_server(db_url, tmp_path, "--lease-seconds", "2", "--no-departments")
    servers.append(server)
    channel, seat, other = Seat(server, "channel-public"), Seat(server, "seat01"), Seat(server, "seat02")
    try:
        case = channel.report("public", "公园里的垃圾桶满溢")
        start = other.cases()["last_seq"]
        claimed = seat.ok(case["id"], "claim", version=case["version"])
        with event_stream(server, other.token, start) as events:
            expired = events.until(lambda frame: frame["data"]["case"]["id"] == case["id"]
                                   and frame["data"]["action"] == "lease_expired", timeout=15)
        assert expired["event"] == "case.changed"
        assert expired["data"]["case"]["lease"] is None
        assert expired["data"]["case"]["version"] == claimed["version"] + 1
        taken = other.ok(case["id"], "claim", version=expired["data"]["case"]["version"])
        assert taken["lease"]["user_name"] == "李强"
        assert [entry["action"] for entry in other.case(case["id"])["history"]] == [
            "reported", "claimed", "lease_expired", "claimed"]
    finally:
        for account in (channel, seat, other):
            account.close()
