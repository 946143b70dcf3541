"""The demo 信息采集员: they answer the 核实 tasks the seats send them.

A stand-in for the collectors' 城管通 app in the demo: it follows the event stream over the real
REST API and, a little while after a task reaches a collector, answers it with that collector's
account ("collector-<id>"): 属实 or not, a note from resources/simulator/verification.json, and a
small photo drawn here (a PNG made with zlib; no imaging library needed).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import random
import struct
import zlib
from collections.abc import Callable

import httpx

from workstation.domain.city import City
from workstation.domain.models import AttachmentUpload, Case, CaseState, VerificationReport
from workstation.domain.verification import collector_account
from workstation.resources import resource_path
from workstation.server.departments import StreamActor, run_actor

log = logging.getLogger(__name__)

_RETRIES = 3
PHOTO_SIZE = (160, 120)


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


class _Collectors(StreamActor):
    def __init__(self, base_url: str, delay: float) -> None:
        super().__init__(base_url, delay, collector_account(City.load().collectors[0].id))
        document = json.loads(resource_path("simulator", "verification.json").read_text(encoding="utf-8"))
        self.confirmed_share: float = document["confirmed_share"]
        self.notes: dict[bool, list[str]] = {True: document["confirmed"], False: document["not_confirmed"]}

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
