"""`--simulate`: the demo channels keep reporting through the intake API, from every kind of channel."""

from __future__ import annotations

import time
from pathlib import Path

from tests.helpers.server import ServerProcess, start_server
from tests.server.seat import Seat


def test_simulated_channels_report_from_at_least_four_channels(tmp_path: Path,
                                                               servers: list[ServerProcess]) -> None:
    server = start_server(f"sqlite:///{tmp_path / 'sim.db'}", tmp_path, "--simulate",
                          "--simulate-interval", "0.1", "--no-departments")
    servers.append(server)
    seat = Seat(server, "seat01")
    try:
        seeded = {case["id"] for case in seat.cases()["cases"]}
        channels: set[str] = set()
        deadline = time.monotonic() + 60
        # Every 20 consecutive reports cover every channel, so waiting for both conditions ends.
        while (len(channels) < 4 or not {"collector", "hotline"} <= channels) \
                and time.monotonic() < deadline:
            time.sleep(0.5)
            fresh = [case for case in seat.cases()["cases"] if case["id"] not in seeded]
            channels = {case["channel"] for case in fresh}
        assert len(channels) >= 4, channels
        assert {"collector", "hotline"} <= channels
    finally:
        seat.close()
