"""In-process wake-up for event streams: a command thread says "new event", every SSE stream wakes."""

from __future__ import annotations

import asyncio


class Notifier:
    """A generation counter with an asyncio.Event per generation; safe to poke from worker threads."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Wake every waiter (call on the event loop)."""
        if self._event is not None:
            self._event.set()
            self._event = asyncio.Event()

    def notify_threadsafe(self) -> None:
        """Wake every waiter from any thread (a sync endpoint after its commit)."""
        if self._loop is not None and not self._loop.is_closed():
            try:
                self._loop.call_soon_threadsafe(self.notify)
            except RuntimeError:  # loop closing during shutdown
                pass

    def current(self) -> asyncio.Event:
        """The event the next `notify` sets; grab it before checking the database, then wait on it."""
        if self._event is None:
            self._event = asyncio.Event()
        return self._event
