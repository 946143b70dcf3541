"""SIGTERM ends the server within a few seconds, open event streams included."""

from __future__ import annotations

import time
from pathlib import Path

from tests.helpers.server import ServerProcess, start_server
from tests.server.seat import Seat, event_stream


def test_sigterm_ends_streams_and_the_process_quickly(tmp_path: Path, servers: list[ServerProcess]) -> None:
    server = start_server(f"sqlite:///{tmp_path / 'stop.db'}", tmp_path, "--simulate",
                          "--simulate-interval", "0.5")
    servers.append(server)
    seat = Seat(server, "seat01")
    try:
        with event_stream(server, seat.token) as events:
            started = time.monotonic()
            server.process.terminate()
            remaining = list(events.lines)  # returns when the server closes the stream
            server.process.wait(timeout=10)
            elapsed = time.monotonic() - started
        assert all(line.startswith((":", "id:", "event:", "data:")) or line == "" for line in remaining)
        assert elapsed < 5
        assert "Application shutdown complete" in server.log()
    finally:
        seat.close()
