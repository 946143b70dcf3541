"""The demo departments (处置部门): they sign for (签收, acknowledge) what the seats dispatch to them.

A stand-in for the departments' own systems in the demo: it follows the event stream over the
real REST API and, a little while after a case is dispatched to a department, acknowledges it
with that department's account ("dept-<department id>").
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import httpx

from workstation.domain.city import City
from workstation.domain.models import (
    AcknowledgeCommand,
    Case,
    CaseList,
    CaseState,
    Event,
    EventType,
    WorkOrderState,
)

log = logging.getLogger(__name__)

DEMO_PASSWORD = "demo"
_JITTER = 0.3  # the delay varies by ±30 %
_RETRIES = 3


async def run_departments(base_url: str, delay: float, stop: asyncio.Event) -> None:
    """Acknowledge each case about `delay` seconds after its dispatch, until `stop` is set.

    Follows `GET /api/v1/events` (resuming from the last event id after a drop); cases already
    waiting for a signature when it starts (or after a `reset`) are found through `GET /cases`.
    """
    await run_actor(_Departments(base_url, delay), stop)


async def run_actor(actor: StreamActor, stop: asyncio.Event) -> None:
    """Follow the stream with `actor` until `stop` is set."""
    follower = asyncio.create_task(actor.follow())
    try:
        await stop.wait()
    finally:
        follower.cancel()
        await actor.close()


def account_for(department_id: str) -> str:
    return f"dept-{department_id}"


class StreamActor:
    """A demo actor: follows the event stream as `reader` and acts on cases through the REST API
    with its accounts' tokens. Subclasses decide in `_schedule` what to do with a case."""

    def __init__(self, base_url: str, delay: float, reader: str) -> None:
        self.client = httpx.AsyncClient(base_url=base_url.rstrip("/") + "/api/v1",
                                        timeout=httpx.Timeout(10, read=60))
        self.delay = delay
        self.rng = random.Random()
        self.tokens: dict[str, str] = {}
        self.pending: dict[tuple[str, str], asyncio.Task[None]] = {}  # (case, key) -> its scheduled action
        self.last_id: int | None = None
        self.reader = reader

    async def close(self) -> None:
        tasks = list(self.pending.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.client.aclose()

    async def _token(self, account: str, *, fresh: bool = False) -> str:
        if fresh or account not in self.tokens:
            login = {"username": account, "password": DEMO_PASSWORD}
            answer = await self.client.post("/auth/login", json=login)
            answer.raise_for_status()
            self.tokens[account] = answer.json()["token"]
        return self.tokens[account]

    async def _request(self, account: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request as `account`, logging in again once if the token has expired."""
        extra = kwargs.pop("headers", {})
        for attempt in range(2):
            token = await self._token(account, fresh=attempt > 0)
            answer = await self.client.request(
                method, path, headers={**extra, "Authorization": f"Bearer {token}"}, **kwargs
            )
            if answer.status_code != 401:
                break
        return answer

    # --- following the stream ----------------------------------------------------------------------

    async def follow(self) -> None:
        backoff = 0.5
        while True:
            try:
                if self.last_id is None:
                    await self._catch_up()
                async for event in self._events():
                    backoff = 0.5
                    self._on_event(event)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 — the demo actor must outlive any server trouble
                log.warning("demo %s: event stream interrupted (%s); reconnecting", self.reader, error)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 5)

    async def _catch_up(self) -> None:
        """Schedule every case waiting for a signature, and resume the stream from that read."""
        answer = await self._request(self.reader, "GET", "/cases")
        answer.raise_for_status()
        cases = CaseList.model_validate(answer.json())
        for case in cases.cases:
            self._schedule(case)
        self.last_id = cases.last_seq

    async def _events(self) -> AsyncIterator[Event]:
        token = await self._token(self.reader)
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if self.last_id is not None:
            headers["Last-Event-ID"] = str(self.last_id)
        async with self.client.stream("GET", "/events", headers=headers) as answer:
            if answer.status_code == 401:
                self.tokens.pop(self.reader, None)
            answer.raise_for_status()
            async for frame in _frames(answer.aiter_lines()):
                event_id, data = frame
                if not data:
                    continue
                event = Event.model_validate_json(data)
                if event_id is not None:
                    self.last_id = int(event_id)
                if event.type == EventType.RESET:
                    await self._catch_up()
                    continue
                yield event

    def _on_event(self, event: Event) -> None:
        if event.case is not None:
            self._schedule(event.case)

    def _schedule(self, case: Case) -> None:
        raise NotImplementedError

    async def _current(self, account: str, case_id: str) -> Case | None:
        answer = await self._request(account, "GET", f"/cases/{case_id}")
        if answer.status_code >= 400:
            return None
        return Case.model_validate(answer.json()["case"])

    def _later(self, key: tuple[str, str], action: Callable[[float], Coroutine[Any, Any, None]]) -> None:
        """Run `action(wait)` once per key, `wait` being about `delay` seconds (±30 %)."""
        if key in self.pending:
            return
        wait = max(0.0, self.delay * self.rng.uniform(1 - _JITTER, 1 + _JITTER))
        task = asyncio.create_task(action(wait))
        self.pending[key] = task
        task.add_done_callback(lambda _: self.pending.pop(key, None))


class _Departments(StreamActor):
    def __init__(self, base_url: str, delay: float) -> None:
        # the stream is read with the first department's account
        super().__init__(base_url, delay, account_for(min(d.id for d in City.load().departments)))

    def _schedule(self, case: Case) -> None:
        if case.state not in (CaseState.DISPATCHED, CaseState.HANDLING):
            return
        for order in case.work_orders:
            if order.state is WorkOrderState.SENT:
                self._later((case.id, order.id),
                            lambda wait, order_id=order.id, department_id=order.department_id:
                            self._acknowledge(case, order_id, department_id, wait))

    async def _acknowledge(self, case: Case, order_id: str, department_id: str, wait: float) -> None:
        await asyncio.sleep(wait)
        account = account_for(department_id)
        version = case.version
        try:
            for _ in range(_RETRIES):
                command = AcknowledgeCommand(version=version, work_order_id=order_id, note="已签收，安排人员处置")
                answer = await self._request(
                    account, "POST", f"/cases/{case.id}/acknowledge",
                    json=command.model_dump(mode="json"),
                    headers={"Idempotency-Key": f"demo-ack-{order_id}-v{version}"},
                )
                if answer.status_code < 400:
                    log.info("demo departments: %s acknowledged work order %s", account, order_id)
                    return
                if answer.status_code != 409:
                    log.warning("demo departments: %s could not acknowledge %s: %s %s",
                                account, order_id, answer.status_code, answer.text[:300])
                    return
                current = await self._current(account, case.id)
                order = None if current is None else next(
                    (o for o in current.work_orders if o.id == order_id), None)
                if current is None or order is None or order.state is not WorkOrderState.SENT:
                    return
                version = current.version
                await asyncio.sleep(0.5)
        except httpx.HTTPError as error:
            log.warning("demo departments: acknowledging %s failed: %s", order_id, error)


async def _frames(lines: AsyncIterator[str]) -> AsyncIterator[tuple[str | None, str]]:
    """Server-Sent Events frames as (id, data); comments (": ping") are skipped."""
    event_id: str | None = None
    data: list[str] = []
    async for line in lines:
        if not line:
            if data:
                yield event_id, "\n".join(data)
            event_id, data = None, []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "id":
            event_id = value
        elif field == "data":
            data.append(value)
