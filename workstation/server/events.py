"""The event stream (`GET /api/v1/events`, Server-Sent Events) and the wake-ups that feed it.

Every change is already in the `events` table when a stream sends it; the stream reads the table
after the last seq it sent. It wakes on the in-process notifier (commands in this process), on
PostgreSQL NOTIFY (other server processes), and otherwise polls once a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse

from workstation.domain.models import Event, EventType, User
from workstation.server import db, store
from workstation.server.auth import CurrentUser
from workstation.server.context import ServerContext, get_context
from workstation.server.notifier import Notifier

log = logging.getLogger(__name__)

PING_SECONDS = 15.0
POLL_SECONDS = 1.0

router = APIRouter(tags=["events"])


def _frame(event: Event) -> str:
    return f"id: {event.seq}\nevent: {event.type.value}\ndata: {event.model_dump_json()}\n\n"


def _start_point(context: ServerContext, requested: int | None) -> tuple[int, Event | None]:
    """Where to continue from, and a `reset` event first when `requested` is unknown to the log."""
    with context.database.read() as connection:
        last = db.last_seq(connection)
        if requested is None:
            return last, None
        first = db.first_seq(connection)
    too_old = first is not None and requested < first - 1
    if requested > last or too_old:
        return last, Event(seq=last, at=datetime.now(UTC), type=EventType.RESET, action="reset")
    return requested, None


def _parse_id(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return max(int(value.strip()), 0)
    except ValueError:
        return None


async def stream(context: ServerContext, request: Request, stopping: asyncio.Event,
                 requested: int | None, user: User) -> AsyncIterator[str]:
    seq, reset = await anyio.to_thread.run_sync(_start_point, context, requested)
    yield "retry: 2000\n\n"
    if reset is not None:
        yield _frame(reset)
    last_sent = time.monotonic()
    notifier: Notifier = context.notifier
    while not stopping.is_set():
        wake = notifier.current()
        batch = await anyio.to_thread.run_sync(_read_after, context, seq)
        for event in batch:
            yield _frame(context.phones.event(event, user.roles))  # masked for this subscriber
            seq = event.seq
        if batch:
            last_sent = time.monotonic()
            if len(batch) >= 500:
                continue  # more waiting
        if await request.is_disconnected():
            return
        if time.monotonic() - last_sent >= PING_SECONDS:
            yield ": ping\n\n"
            last_sent = time.monotonic()
        await _wait_any(wake, stopping, POLL_SECONDS)


def _read_after(context: ServerContext, seq: int) -> list[Event]:
    with context.database.read() as connection:
        return store.events_after(connection, seq)


async def _wait_any(wake: asyncio.Event, stopping: asyncio.Event, timeout: float) -> None:
    waits = [asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stopping.wait())]
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()


@router.get("/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}},
                             "description": "Server-Sent Events：`id: seq`、`event: type`、`data: Event`"}})
async def get_events(
    request: Request,
    context: Annotated[ServerContext, Depends(get_context)],
    user: CurrentUser,
    last_event_id_header: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    last_event_id: Annotated[str | None, Query(description="无法设置请求头时的续传起点")] = None,
) -> StreamingResponse:
    """变更事件流: resumes after `Last-Event-ID`; `reset` when that id is unknown."""
    requested = _parse_id(last_event_id_header if last_event_id_header is not None else last_event_id)
    stopping: asyncio.Event = request.app.state.stopping
    return StreamingResponse(stream(context, request, stopping, requested, user), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


# --- wake-ups from other processes and the lease sweeper -----------------------------------------


async def listen_postgres(context: ServerContext, stopping: asyncio.Event) -> None:
    """LISTEN for other processes' events and wake this process's streams; reconnects on failure."""
    import psycopg

    url = context.database.url.replace("postgresql+psycopg://", "postgresql://")
    while not stopping.is_set():
        try:
            async with await psycopg.AsyncConnection.connect(url, autocommit=True) as connection:
                await connection.execute(f"LISTEN {db.NOTIFY_CHANNEL}")
                log.info("listening for events of other server processes")
                while not stopping.is_set():
                    async for _notice in connection.notifies(timeout=1.0):
                        context.notifier.notify()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - any connection failure: retry after a pause
            log.warning("event listener lost its database connection (%s); retrying", error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=2)


async def sweep(context: ServerContext, stopping: asyncio.Event, every: float = 2.0,
                prune_every: float = 3600.0) -> None:
    """Release leases that ran out (every few seconds), so other seats see the case free again, resume
    挂账 that reached its end date, and (hourly) prune the event log and the idempotency keys."""
    from workstation.server.commands import expire_leases
    from workstation.server.dispatching import resume_due

    pruned_at = -prune_every
    while not stopping.is_set():
        try:
            if time.monotonic() - pruned_at >= prune_every:
                pruned_at = time.monotonic()
                keys, old = await anyio.to_thread.run_sync(_prune, context)
                if keys or old:
                    log.info("pruned %d idempotency key(s) and %d event(s)", keys, old)
            count = await anyio.to_thread.run_sync(expire_leases, context)
            if count:
                log.info("released %d expired lease(s)", count)
            resumed = await anyio.to_thread.run_sync(resume_due, context)
            if resumed:
                log.info("resumed %d case(s) whose 挂账 ran out", resumed)
        except Exception:  # noqa: BLE001 - a failed sweep is retried on the next round
            log.exception("sweep failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=every)


def _prune(context: ServerContext) -> tuple[int, int]:
    with context.database.write() as connection:
        return store.prune(connection, datetime.now(UTC))
