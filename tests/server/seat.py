"""Small HTTP helpers for server tests: a signed-in account and a reader of the SSE stream."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from tests.helpers.reports import report
from tests.helpers.server import ServerProcess
from workstation.domain.city import City, Device


class Seat:
    """One signed-in account talking to `/api/v1` (a seat, a channel or a department)."""

    def __init__(self, server: ServerProcess, username: str) -> None:
        self.username = username
        self.token = server.login(username)
        self.client = httpx.Client(base_url=f"{server.url}/api/v1", timeout=30,
                                   headers={"Authorization": f"Bearer {self.token}"})

    def close(self) -> None:
        self.client.close()

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(path, **kwargs)

    def intake(self, **body: Any) -> dict[str, Any]:
        """POST `body` to the intake as it is; it must make a new case (201)."""
        answer = self.client.post("/intake", json=body)
        assert answer.status_code == 201, answer.text
        return dict(answer.json())

    def report(self, channel: str, description: str, **overrides: Any) -> dict[str, Any]:
        """A valid report of `channel` (`tests.helpers.reports.report`, changed by `overrides`) made
        into a new case."""
        return self.intake(**report(channel, description, **overrides))

    def quiet_device(self, kind: str) -> Device:
        """A sensor of `kind` of the demo city with no case this account sees, so its alarm opens a
        new case instead of repeating an open one (200)."""
        busy = {case["details"].get("device_id") for case in self.cases()["cases"] if case["channel"] == "iot"}
        return next(device for device in City.load().devices if device.kind == kind and device.id not in busy)

    def command(self, case_id: str, name: str, key: str | None = None, **body: Any) -> httpx.Response:
        headers = {"Idempotency-Key": key or uuid.uuid4().hex}
        return self.client.post(f"/cases/{case_id}/{name}", json=body, headers=headers)

    def ok(self, case_id: str, name: str, **body: Any) -> dict[str, Any]:
        answer = self.command(case_id, name, **body)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def case(self, case_id: str) -> dict[str, Any]:
        answer = self.client.get(f"/cases/{case_id}")
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def cases(self, **params: Any) -> dict[str, Any]:
        answer = self.client.get("/cases", params=params)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())


class EventStream:
    """Frames of one open `GET /events` response, read in the test's own thread."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.lines = response.iter_lines()

    def next(self) -> dict[str, Any]:
        """The next event frame (comments and the `retry:` hint are skipped)."""
        frame: dict[str, Any] = {}
        for line in self.lines:
            if line == "":
                if "event" in frame:
                    frame["data"] = json.loads(frame["data"])
                    return frame
                frame = {}
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            frame[name] = value[1:] if value.startswith(" ") else value
        raise EOFError("event stream ended")

    def until(self, predicate: Any, timeout: float = 15) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            frame = self.next()
            if predicate(frame):
                return frame
        raise TimeoutError("no matching event")



class Accounts(dict[str, Seat]):
    """Signed-in accounts by username (seats, channels, departments, collectors), created on first use;
    `close_all()` signs them out."""

    def __init__(self, server: ServerProcess) -> None:
        super().__init__()
        self.server = server

    def __missing__(self, username: str) -> Seat:
        seat = self[username] = Seat(self.server, username)
        return seat

    def close_all(self) -> None:
        for seat in self.values():
            seat.close()


@contextmanager
def event_stream(server: ServerProcess, token: str, last_event_id: int | str | None = None,
                 ) -> Iterator[EventStream]:
    """Open the stream and wait until the server has fixed its start point (the `retry:` line)."""
    headers = {"Authorization": f"Bearer {token}"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    timeout = httpx.Timeout(30, read=20)
    with httpx.Client(timeout=timeout) as client, \
            client.stream("GET", f"{server.url}/api/v1/events", headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = EventStream(response)
        first = next(stream.lines)
        assert first.startswith("retry:")
        yield stream
