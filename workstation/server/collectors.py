"""The demo 信息采集员: they answer the 核实 and 核查 tasks the seats send them and walk their 责任网格.

A stand-in for the collectors' 城管通 app in the demo: it follows the event stream over the real
REST API and, a little while after a task reaches a collector, answers it with that collector's
account ("collector-<id>"): 属实 or not (核实), passed or 返工 (核查, drawn from the demo seed), a note
from resources/simulator/verification.json and a small photo (`demo_photos`). Every collector on
duty reports his position about every 30 s, so the seats' map shows them on their rounds.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import math
import random
from datetime import UTC, datetime

import httpx

from workstation.domain.city import METRES_PER_DEGREE_LAT, City, Collector
from workstation.domain.models import (
    AttachmentUpload,
    Case,
    CaseState,
    GeoPoint,
    PositionReport,
    Verification,
    VerificationReport,
)
from workstation.domain.verification import DutyRoster, collector_account, task_labels
from workstation.resources import resource_path
from workstation.server.demo_photos import site_photo
from workstation.server.departments import StreamActor, run_actor

log = logging.getLogger(__name__)

POSITION_EVERY = 30.0  # seconds between two positions of one collector
STEP_METRES = 35.0  # how far he walks in that time


async def run_collectors(base_url: str, delay: float, stop: asyncio.Event, seed: int | None = None) -> None:
    """Answer each 核实 and 核查 task about `delay` seconds after it was sent, until `stop` is set."""
    await run_actor(_Collectors(base_url, delay, seed), stop)


def check_passes(seed: int, case_id: str, round_: int, share: float) -> bool:
    """Whether the demo 核查 of a case passes (its `round_`-th, counting 返工): the same for the same seed."""
    return random.Random(f"{seed}:check:{case_id}:{round_}").random() < share


class Walk:
    """A collector's round through his 责任网格: a heading that drifts a little at each step and turns
    elsewhere at the edge of his cells. Seeded by his id, so every run walks the same way."""

    def __init__(self, city: City, collector: Collector) -> None:
        self.cells = tuple(city.grid(code) for code in collector.grid_codes)
        self.rng = random.Random(collector.id)
        self.point = self.cells[self.rng.randrange(len(self.cells))].centre
        self.heading = self.rng.uniform(0, 2 * math.pi)

    def step(self) -> GeoPoint:
        """The next position, STEP_METRES on (where he stands if every way out leaves his grid)."""
        for _ in range(8):
            lat = round(self.point.lat + STEP_METRES * math.sin(self.heading) / METRES_PER_DEGREE_LAT, 6)
            lon = round(self.point.lon + STEP_METRES * math.cos(self.heading) / (
                METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))), 6)
            if any(cell.contains(lon, lat) for cell in self.cells):
                self.point = GeoPoint(lon=lon, lat=lat)
                self.heading += self.rng.gauss(0, 0.5)
                return self.point
            self.heading = self.rng.uniform(0, 2 * math.pi)
        return self.point


class _Collectors(StreamActor):
    def __init__(self, base_url: str, delay: float, seed: int | None = None) -> None:
        city = City.load()
        super().__init__(base_url, delay, collector_account(city.collectors[0].id), seed)
        document = json.loads(resource_path("simulator", "verification.json").read_text(encoding="utf-8"))
        self.confirmed_share: float = document["confirmed_share"]
        self.notes: dict[bool, list[str]] = {True: document["confirmed"], False: document["not_confirmed"]}
        self.check_share: float = document["check_passed_share"]
        self.check_notes: dict[bool, list[str]] = {True: document["check_passed"], False: document["check_failed"]}
        self.roster = DutyRoster.load()
        self.walks = {c.id: Walk(city, c) for c in city.collectors if c.grid_codes}

    async def follow(self) -> None:
        await asyncio.gather(super().follow(), self._walk())

    async def _walk(self) -> None:
        """One collector after the other, spread over POSITION_EVERY so the server sees a trickle; the
        first round at once, so the map shows everyone on duty from the start."""
        if not self.walks:
            return
        pause = 0.0
        while True:
            for collector_id, walk in self.walks.items():
                if self.roster.on_duty(collector_id, datetime.now(UTC)):
                    await self._report_position(collector_id, walk.step())
                await asyncio.sleep(pause)
            pause = POSITION_EVERY / len(self.walks)

    async def _report_position(self, collector_id: str, point: GeoPoint) -> None:
        account = collector_account(collector_id)
        try:
            answer = await self._request(account, "POST", "/collectors/position",
                                         json=PositionReport(location=point).model_dump(mode="json"))
        except httpx.HTTPError as error:
            log.warning("demo collectors: %s could not report his position: %s", account, error)
            return
        if answer.status_code >= 400:
            log.warning("demo collectors: %s could not report his position: %s %s",
                        account, answer.status_code, answer.text[:300])

    def _schedule(self, case: Case) -> None:
        task = case.verification
        if case.state is CaseState.VERIFYING and task is not None and task.answered_at is None:
            self._later((case.id, task.requested_at.isoformat()), lambda wait: self._answer(case, task, wait))
        task = case.inspection
        if case.state is CaseState.CHECKING and task is not None and task.answered_at is None:
            self._later((case.id, f"check-{task.requested_at.isoformat()}"),
                        lambda wait: self._answer(case, task, wait, check=True))

    async def _answer(self, case: Case, task: Verification, wait: float, *, check: bool = False) -> None:
        """核实反馈 (属实 or not) or, with `check`, 核查反馈 (passed, or 返工), with a note and a photo."""
        await asyncio.sleep(wait)
        if check:
            confirmed = check_passes(self.seed, case.id, max((o.rework for o in case.work_orders), default=0),
                                     self.check_share)
        else:
            confirmed = self.rng.random() < self.confirmed_share
        label = task_labels()["check" if check else "verify"]
        photo = AttachmentUpload(name=f"{label}照片-{case.id}.png", content_type="image/png",
                                 data_base64=base64.b64encode(site_photo(self.rng)).decode())
        note = self.rng.choice((self.check_notes if check else self.notes)[confirmed])
        state = CaseState.CHECKING if check else CaseState.VERIFYING

        def still(current: Case) -> bool:
            return current.state is state and (current.inspection if check else current.verification) == task
        await self._command(
            collector_account(task.collector_id), case, "check_result" if check else "verify_result",
            lambda version: VerificationReport(version=version, confirmed=confirmed, note=note, photos=(photo,)),
            still, case.id)
