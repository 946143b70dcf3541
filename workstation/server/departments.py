"""The demo departments (处置部门): they sign for (签收) what the seats dispatch to them and feed
back (处置反馈) with a note and a photo; some ask for 回退, 延期 or 挂账 instead, or answer late; each
督办 addressed to them is answered (督办回复).

A stand-in for the departments' own systems in the demo: it follows the event stream over the
real REST API and acts with each department's account ("dept-<department id>") at a pace scaled
by `delay` (resources/simulator/departments.json). What a work order gets is drawn from the demo
seed and the order's id (`DepartmentPlay.outcome`), so the same seed plays the same way.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import random
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import httpx

from workstation.domain.city import City
from workstation.domain.models import (
    AcknowledgeCommand,
    AttachmentUpload,
    Case,
    CaseCommand,
    CaseList,
    CaseState,
    Event,
    EventType,
    FeedbackCommand,
    RequestCommand,
    RequestKind,
    RequestState,
    SupervisionReplyCommand,
    TimeLimit,
    WorkOrder,
    WorkOrderState,
)
from workstation.resources import resource_path
from workstation.server.demo_photos import site_photo

log = logging.getLogger(__name__)

DEMO_PASSWORD = "demo"
_JITTER = 0.3  # the delay varies by ±30 %
_RETRIES = 3


async def run_departments(base_url: str, delay: float, stop: asyncio.Event, seed: int | None = None,
                          failures: bool = True) -> None:
    """Acknowledge each work order about `delay` seconds after its dispatch and play it out, until
    `stop` is set.

    Follows `GET /api/v1/events` (resuming from the last event id after a drop); cases already
    waiting for the departments when it starts (or after a `reset`) are found through `GET /cases`.
    Without `failures` every order is signed and fed back in time (no 回退/延期/挂账, none late).
    """
    await run_actor(_Departments(base_url, delay, seed, failures), stop)


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

    def __init__(self, base_url: str, delay: float, reader: str, seed: int | None = None) -> None:
        self.client = httpx.AsyncClient(base_url=base_url.rstrip("/") + "/api/v1",
                                        timeout=httpx.Timeout(10, read=60))
        self.delay = delay
        self.seed = seed if seed is not None else random.randrange(2**32)
        self.rng = random.Random(self.seed)
        self.tokens: dict[str, str] = {}
        self.pending: dict[tuple[str, str], asyncio.Task[None]] = {}  # (case, key) -> its scheduled action
        self.done: set[tuple[str, str]] = set()  # actions that ran: a late event does not repeat them
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

    def _later(self, key: tuple[str, str], action: Callable[[float], Coroutine[Any, Any, None]],
               factor: float = 1.0) -> None:
        """Run `action(wait)` once per key, `wait` being about `factor` × `delay` seconds (±30 %)."""
        if key in self.pending or key in self.done:
            return
        wait = max(0.0, self.delay * factor * self.rng.uniform(1 - _JITTER, 1 + _JITTER))
        task = asyncio.create_task(action(wait))
        self.pending[key] = task

        def finished(task: asyncio.Task[None]) -> None:
            self.pending.pop(key, None)
            if not task.cancelled():
                self.done.add(key)
        task.add_done_callback(finished)

    async def _command(self, account: str, case: Case, name: str, body: Callable[[int], CaseCommand],
                       still: Callable[[Case], bool], key: str) -> bool:
        """POST `/cases/{id}/{name}` as `account`; on a conflict read the case again and retry while
        `still(current)` says the action still makes sense. True when the server took it."""
        version = case.version
        try:
            for _ in range(_RETRIES):
                answer = await self._request(
                    account, "POST", f"/cases/{case.id}/{name}", json=body(version).model_dump(mode="json"),
                    headers={"Idempotency-Key": f"demo-{name}-{key}-v{version}"})
                if answer.status_code < 400:
                    log.info("demo %s: %s did %s on case %s", self.reader, account, name, case.id)
                    return True
                if answer.status_code != 409:
                    log.warning("demo %s: %s could not %s case %s: %s %s", self.reader, account, name, case.id,
                                answer.status_code, answer.text[:300])
                    return False
                current = await self._current(account, case.id)
                if current is None or not still(current):
                    return False
                version = current.version
                await asyncio.sleep(0.5)
        except httpx.HTTPError as error:
            log.warning("demo %s: %s on case %s failed: %s", self.reader, name, case.id, error)
        return False


class Outcome(StrEnum):
    """How a demo department plays one work order."""

    FEEDBACK = "feedback"  # signs and feeds back in time
    RETURN = "return"  # asks for 回退 instead of signing
    EXTEND = "extend"  # signs, asks for 延期, then feeds back
    SUSPEND = "suspend"  # signs, asks for 挂账, feeds back after 挂账恢复
    LATE = "late"  # signs and feeds back after the deadline


_REQUESTED = {Outcome.RETURN: RequestKind.RETURN, Outcome.EXTEND: RequestKind.EXTEND,
              Outcome.SUSPEND: RequestKind.SUSPEND}


@dataclass(frozen=True)
class DepartmentPlay:
    """resources/simulator/departments.json: pace (multiples of the delay), shares and texts."""

    work: tuple[float, float]
    request: tuple[float, float]
    late_by: float
    shares: dict[Outcome, float]
    extend_by: tuple[TimeLimit, ...]
    suspend_days: tuple[int, ...]
    texts: dict[str, tuple[str, ...]]  # "feedback", "return", "extend", "suspend", "supervision_reply"

    @classmethod
    def load(cls) -> DepartmentPlay:
        document = json.loads(resource_path("simulator", "departments.json").read_text(encoding="utf-8"))
        pace = document["pace"]
        return cls(work=tuple(pace["work"]), request=tuple(pace["request"]), late_by=pace["late_by"],
                   shares={Outcome(kind): share for kind, share in document["shares"].items()},
                   extend_by=tuple(TimeLimit.model_validate(limit) for limit in document["extend_by"]),
                   suspend_days=tuple(document["suspend_days"]),
                   texts={kind: tuple(document[kind])
                          for kind in ("feedback", "return", "extend", "suspend", "supervision_reply")})

    def outcome(self, seed: int, order_id: str, rework: int = 0) -> Outcome:
        """The outcome of a work order (and of each 返工 of it), the same for the same seed."""
        draw = random.Random(f"{seed}:{order_id}:{rework}").random()
        for outcome, share in self.shares.items():
            if draw < share:
                return outcome
            draw -= share
        return Outcome.FEEDBACK


class _Departments(StreamActor):
    def __init__(self, base_url: str, delay: float, seed: int | None = None, failures: bool = True) -> None:
        # the stream is read with the first department's account
        super().__init__(base_url, delay, account_for(min(d.id for d in City.load().departments)), seed)
        play = DepartmentPlay.load()
        self.play = play if failures else replace(play, shares={})

    def _schedule(self, case: Case) -> None:
        for index, record in enumerate(case.supervisions):
            if record.replied_at is None and record.department_id is not None:
                self._later((case.id, f"supervision:{index}"), self._replying(case, index, record.department_id),
                            self.rng.uniform(*self.play.request))
        if case.state not in (CaseState.DISPATCHED, CaseState.HANDLING):
            return
        for order in case.work_orders:
            asked = [r for r in case.requests if r.work_order_id == order.id and r.requested_at >= order.sent_at]
            if any(r.state is RequestState.PENDING for r in asked):
                continue  # the 派遣员 decides first
            outcome = self.play.outcome(self.seed, order.id, order.rework)
            wanted = _REQUESTED.get(outcome)
            if wanted is not None and wanted in {r.kind for r in asked}:
                wanted = None  # asked and decided: go on with the work
            key = f"{order.id}:{order.rework}"
            if order.state is WorkOrderState.SENT:
                if wanted is RequestKind.RETURN:
                    self._later((case.id, f"{key}:return"), self._asking(case, order, wanted),
                                self.rng.uniform(*self.play.request))
                else:
                    self._later((case.id, f"{key}:ack"), lambda wait, order=order: self._acknowledge(case, order, wait))
            elif order.state is WorkOrderState.ACKNOWLEDGED and case.state is CaseState.HANDLING:
                if wanted in (RequestKind.EXTEND, RequestKind.SUSPEND):
                    self._later((case.id, f"{key}:{wanted.value}"), self._asking(case, order, wanted),
                                self.rng.uniform(*self.play.request))
                else:
                    self._later((case.id, f"{key}:feedback"), self._feeding_back(case, order, outcome),
                                self.rng.uniform(*self.play.work))

    async def _acknowledge(self, case: Case, order: WorkOrder, wait: float) -> None:
        await asyncio.sleep(wait)
        await self._command(
            account_for(order.department_id), case, "acknowledge",
            lambda version: AcknowledgeCommand(version=version, work_order_id=order.id, note="已签收，安排人员处置"),
            lambda current: _order_in(current, order.id, WorkOrderState.SENT), f"{order.id}-{order.rework}")

    def _asking(self, case: Case, order: WorkOrder, kind: RequestKind) -> Callable[[float], Coroutine[Any, Any, None]]:
        async def ask(wait: float) -> None:
            await asyncio.sleep(wait)
            extra = self.rng.choice(self.play.extend_by) if kind is RequestKind.EXTEND else None
            until = None
            if kind is RequestKind.SUSPEND:
                until = datetime.now(UTC) + timedelta(days=self.rng.choice(self.play.suspend_days))
            reason = self.rng.choice(self.play.texts[kind.value])
            states = {WorkOrderState.SENT} if kind is RequestKind.RETURN else {WorkOrderState.ACKNOWLEDGED}
            done = await self._command(
                account_for(order.department_id), case, "request",
                lambda version: RequestCommand(version=version, kind=kind, work_order_id=order.id, reason=reason,
                                               extra=extra, suspend_until=until),
                lambda current: _order_in(current, order.id, *states), f"{order.id}-{order.rework}-{kind.value}")
            if not done and kind is not RequestKind.RETURN:  # e.g. 延期 refused as overdue: just do the work
                await self._feeding_back(case, order, Outcome.FEEDBACK)(0.0)
        return ask

    def _replying(self, case: Case, index: int, department_id: str) -> Callable[[float], Coroutine[Any, Any, None]]:
        async def reply(wait: float) -> None:
            await asyncio.sleep(wait)
            text = self.rng.choice(self.play.texts["supervision_reply"])
            await self._command(
                account_for(department_id), case, "supervision_reply",
                lambda version: SupervisionReplyCommand(version=version, index=index, reply=text),
                lambda current: index < len(current.supervisions) and current.supervisions[index].replied_at is None,
                f"supervision-{index}")
        return reply

    def _feeding_back(self, case: Case, order: WorkOrder,
                      outcome: Outcome) -> Callable[[float], Coroutine[Any, Any, None]]:
        async def feed_back(wait: float) -> None:
            if outcome is Outcome.LATE:
                overdue_in = (order.deadline - datetime.now(UTC)).total_seconds()
                wait = max(wait, overdue_in + self.play.late_by * self.delay)
            await asyncio.sleep(wait)
            note = self.rng.choice(self.play.texts["feedback"])
            photo = AttachmentUpload(name=f"处置照片-{order.id}.png", content_type="image/png",
                                     data_base64=base64.b64encode(site_photo(self.rng)).decode())
            await self._command(
                account_for(order.department_id), case, "feedback",
                lambda version: FeedbackCommand(version=version, work_order_id=order.id, note=note, photos=(photo,)),
                lambda current: current.state is CaseState.HANDLING
                and _order_in(current, order.id, WorkOrderState.ACKNOWLEDGED), f"{order.id}-{order.rework}")
        return feed_back


def _order_in(case: Case, order_id: str, *states: WorkOrderState) -> bool:
    order = next((o for o in case.work_orders if o.id == order_id), None)
    return order is not None and order.state in states


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
