"""The demo 信息采集员: they answer the 核实 tasks the seats send them and walk their 责任网格.

A stand-in for the collectors' 城管通 app in the demo: it follows the event stream over the real
REST API and, a little while after a task reaches a collector, answers it with that collector's
account ("collector-<id>"): 属实 or not, a note from resources/simulator/verification.json, and a
small photo drawn here (a PNG made with zlib; no imaging library needed). Every collector on duty
reports his position about every 30 s, so the seats' map shows them on their rounds.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import math
import random
import struct
import zlib
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from workstation.domain.city import METRES_PER_DEGREE_LAT, City, Collector
from workstation.domain.models import AttachmentUpload, Case, CaseState, GeoPoint, PositionReport, VerificationReport
from workstation.domain.verification import DutyRoster, collector_account
from workstation.resources import resource_path
from workstation.server.departments import StreamActor, run_actor

log = logging.getLogger(__name__)

_RETRIES = 3
PHOTO_SIZE = (160, 120)
POSITION_EVERY = 30.0  # seconds between two positions of one collector
STEP_METRES = 35.0  # how far he walks in that time


async def run_collectors(base_url: str, delay: float, stop: asyncio.Event) -> None:
    """Answer each 核实 task about `delay` seconds after it was sent, until `stop` is set."""
    await run_actor(_Collectors(base_url, delay), stop)


def png(width: int, height: int, pixel: Callable[[int, int], tuple[int, int, int]]) -> bytes:
    """An 8-bit RGB PNG whose colour at (x, y) is `pixel(x, y)`."""
    rows = b"".join(b"\x00" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def site_photo(rng: random.Random) -> bytes:
    """A street scene in broad strokes: sky, pavement, and a coloured thing where the problem is."""
    width, height = PHOTO_SIZE
    left, top = rng.randrange(20, width - 60), rng.randrange(height // 2, height - 30)
    colour = rng.choice([(200, 60, 40), (60, 140, 60), (90, 90, 180), (220, 170, 40)])

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        if left <= x < left + 40 and top <= y < top + 20:
            return colour
        if y < height // 2:
            return (150 + y, 190 + y // 2, 235)
        shade = 120 + (x // 8 + y // 8) % 2 * 15  # paving slabs
        return (shade, shade, shade - 10)

    return png(width, height, pixel)


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
    def __init__(self, base_url: str, delay: float) -> None:
        city = City.load()
        super().__init__(base_url, delay, collector_account(city.collectors[0].id))
        document = json.loads(resource_path("simulator", "verification.json").read_text(encoding="utf-8"))
        self.confirmed_share: float = document["confirmed_share"]
        self.notes: dict[bool, list[str]] = {True: document["confirmed"], False: document["not_confirmed"]}
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
        if case.state != CaseState.VERIFYING or task is None or task.answered_at is not None:
            return
        self._later((case.id, task.requested_at.isoformat()), lambda wait: self._answer(case, wait))

    async def _answer(self, case: Case, wait: float) -> None:
        await asyncio.sleep(wait)
        task = case.verification
        assert task is not None
        account = collector_account(task.collector_id)
        confirmed = self.rng.random() < self.confirmed_share
        photo = AttachmentUpload(name=f"核实照片-{case.id}.png", content_type="image/png",
                                 data_base64=base64.b64encode(site_photo(self.rng)).decode())
        version = case.version
        try:
            for _ in range(_RETRIES):
                report = VerificationReport(version=version, confirmed=confirmed,
                                            note=self.rng.choice(self.notes[confirmed]), photos=(photo,))
                answer = await self._request(
                    account, "POST", f"/cases/{case.id}/verify_result", json=report.model_dump(mode="json"),
                    headers={"Idempotency-Key": f"demo-verify-{case.id}-v{version}"})
                if answer.status_code < 400:
                    log.info("demo collectors: %s answered the task on case %s", account, case.id)
                    return
                if answer.status_code != 409:
                    log.warning("demo collectors: %s could not answer %s: %s %s",
                                account, case.id, answer.status_code, answer.text[:300])
                    return
                current = await self._current(account, case.id)
                if current is None or current.state != CaseState.VERIFYING or current.verification != task:
                    return
                version = current.version
                await asyncio.sleep(0.5)
        except httpx.HTTPError as error:
            log.warning("demo collectors: answering %s failed: %s", case.id, error)
