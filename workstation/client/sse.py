"""The event stream (`GET /api/v1/events`, Server-Sent Events) read as `Event` models.

One call is one connection. Resuming after a drop, and what to do on a `reset` event, is the
session's business; this module only parses `id:` / `event:` / `data:` frames.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

from workstation.client.api import ApiClient, ServerUnreachable
from workstation.domain.models import Event

log = logging.getLogger(__name__)


class SseParser:
    """Feeds lines, returns the `data` of each finished frame (comments and `retry:` ignored)."""

    def __init__(self) -> None:
        self._data: list[str] = []

    def feed(self, line: str) -> str | None:
        if line == "":
            if not self._data:
                return None
            data = "\n".join(self._data)
            self._data = []
            return data
        if line.startswith(":"):
            return None  # comment, e.g. the `: ping` heartbeat
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        # `id` and `event` are repeated inside the Event JSON; `retry` is ours to decide.
        return None


async def stream_events(
    client: ApiClient, last_seq: int, on_open: Callable[[], None] | None = None
) -> AsyncIterator[Event]:
    """Events after `last_seq` over one connection; `on_open` is called once it is established.

    Raises `ServerUnreachable` when the connection drops or the server ends the stream, and
    `ApiFailure` when the server refuses it (e.g. 401).
    """
    parser = SseParser()
    headers = {"Last-Event-ID": str(last_seq), "Accept": "text/event-stream"}
    async with client.open_stream("/events", headers) as response:  # transport errors -> unreachable
        if on_open is not None:
            on_open()
        async for line in response.aiter_lines():
            data = parser.feed(line.rstrip("\r\n"))
            if data is not None:
                yield Event.model_validate_json(data)
    raise ServerUnreachable("服务器结束了事件流")
