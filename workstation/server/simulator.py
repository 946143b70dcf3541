"""The demo channels (渠道模拟): a realistic stream of reports from 城管通, 12345/12319, IoT and video AI.

`generate_reports` writes `IntakeReport`s from the templates in `resources/simulator/` (pure: the
same seed gives the same reports); `run_channels` posts them through the real intake API, each
with its channel's service account, as a real channel would.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import random
import string
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from workstation.domain.catalogue import Catalogue
from workstation.domain.city import City
from workstation.domain.models import Category, Channel, GeoPoint, IntakeReport, Reporter
from workstation.resources import resource_path

log = logging.getLogger(__name__)

DEMO_PASSWORD = "demo"
CHANNEL_ACCOUNTS: Mapping[Channel, str] = {
    Channel.COLLECTOR: "channel-collector",
    Channel.HOTLINE: "channel-hotline",
    Channel.IOT: "channel-iot",
    Channel.VIDEO_AI: "channel-video",
    Channel.PUBLIC: "channel-public",
}
# One block of 20 reports: 城管通 40 %, hotline 25 %, IoT 15 %, video AI 15 %, public 5 %. Reports
# are drawn block by block (shuffled), so every 20 consecutive reports cover every channel.
_BLOCK: tuple[Channel, ...] = (
    (Channel.COLLECTOR,) * 8 + (Channel.HOTLINE,) * 5 + (Channel.IOT,) * 3
    + (Channel.VIDEO_AI,) * 3 + (Channel.PUBLIC,) * 1
)
# How long before the post a channel saw the problem (seconds): a collector types the report in
# the field, a sensor posts at once.
_LAG = {Channel.COLLECTOR: (60, 600), Channel.HOTLINE: (30, 300), Channel.IOT: (0, 20),
        Channel.VIDEO_AI: (0, 60), Channel.PUBLIC: (60, 1800)}


@functools.cache
def load_templates() -> dict[Channel, dict[str, Any]]:
    """The template file of each simulated channel (`resources/simulator/<channel>.json`)."""
    documents = {}
    for channel in _BLOCK:
        if channel not in documents:
            path = resource_path("simulator", f"{channel.value}.json")
            documents[channel] = json.loads(path.read_text(encoding="utf-8"))
    return documents


def generate_reports(
    rng: random.Random,
    count: int,
    city: City | None = None,
    catalogue: Catalogue | None = None,
    *,
    now: datetime | None = None,
) -> list[IntakeReport]:
    """`count` reports of mixed channels, drawn only from `rng` (deterministic for a seed).

    Locations come from the city (a random point, or the device's / camera's own point). The
    小类/立案条件 is set where the channel knows it: the collector chose it, IoT from the device,
    video AI from the label; hotline and public reports leave it to the server's suggestion.
    Templates whose category is missing from `catalogue` are skipped. With `now`, `reported_at`
    is set a little before it (how long depends on the channel); without, the server stamps it.
    """
    city = city or City.load()
    catalogue = catalogue or Catalogue.load()
    writer = _Writer(rng, city, catalogue)
    reports = []
    for channel in _channel_sequence(rng, count):
        report = writer.write(channel)
        if now is not None:
            low, high = _LAG[channel]
            seen = now - timedelta(seconds=rng.uniform(low, high))
            report = report.model_copy(update={"reported_at": seen})
        reports.append(report)
    return reports


def _channel_sequence(rng: random.Random, count: int) -> list[Channel]:
    channels: list[Channel] = []
    while len(channels) < count:
        block = list(_BLOCK)
        rng.shuffle(block)
        channels.extend(block)
    return channels[:count]


class _Writer:
    """Fills one channel's templates with places, people, devices and readings of the city."""

    def __init__(self, rng: random.Random, city: City, catalogue: Catalogue) -> None:
        self.rng = rng
        self.city = city
        self.catalogue = catalogue
        self.templates = load_templates()

    def write(self, channel: Channel) -> IntakeReport:
        method = {
            Channel.COLLECTOR: self._collector,
            Channel.HOTLINE: self._hotline,
            Channel.IOT: self._iot,
            Channel.VIDEO_AI: self._video,
            Channel.PUBLIC: self._public,
        }[channel]
        return method(self.templates[channel])

    # --- shared pieces ---------------------------------------------------------------------------

    def _known(self, category_id: str | None, condition_id: str | None) -> bool:
        try:
            if category_id is not None:
                self.catalogue.category(category_id)
            if condition_id is not None:
                category, _ = self.catalogue.condition(condition_id)
                return category_id is None or category.id == category_id
        except KeyError:
            return False
        return True

    def _pick(self, items: Sequence[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def _fill(self, text: str, values: dict[str, Any], template: Mapping[str, Any]) -> str:
        for name, choices in template.get("vars", {}).items():
            values[name] = self._pick(choices)
        return text.format_map(values)

    def _address(self, point: GeoPoint) -> str:
        return self.city.nearest_address(point)

    def _phone(self, prefixes: Sequence[str]) -> str:
        return self._pick(prefixes) + "".join(self.rng.choice(string.digits) for _ in range(8))

    # --- channels --------------------------------------------------------------------------------

    def _collector(self, document: Mapping[str, Any]) -> IntakeReport:
        templates = [t for t in document["templates"] if self._known(t["category_id"], t["condition_id"])]
        template = self._pick(templates)
        point = self.city.random_point(self.rng)
        collector = self._collector_for(point)
        values = {"address": self._address(point), "position": self._pick(document["positions"])}
        details: dict[str, Any] = {"source": "城管通"}
        reporter = Reporter()
        if collector is not None:
            details |= {"collector_id": collector.id, "collector_name": collector.name}
            phone = getattr(collector, "phone", "")
            reporter = Reporter(name=collector.name, phone=phone, collector_id=collector.id)
        return IntakeReport(
            channel=Channel.COLLECTOR,
            description=self._fill(template["text"], values, template),
            address=values["address"],
            location=point,
            reporter=reporter,
            urgent=bool(template.get("urgent", False)),
            category_id=template["category_id"],
            condition_id=template["condition_id"],
            details=details,
        )

    def _collector_for(self, point: GeoPoint) -> Any:
        """The collector whose 责任网格 holds the point, else any collector of the city."""
        collectors = tuple(self.city.collectors)
        if not collectors:
            return None
        grid = self.city.locate(point)
        if grid is not None:
            own = [c for c in collectors if grid.code in _grid_codes(c)]
            if own:
                return self._pick(own)
        return self._pick(collectors)

    def _hotline(self, document: Mapping[str, Any]) -> IntakeReport:
        template = self._pick(document["templates"])
        point = self.city.random_point(self.rng)
        address = self._address(point)
        caller = self._pick(document["surnames"]) + self._pick(document["titles"])
        phone = self._phone(document["phone_prefixes"])
        line = self._pick(document["lines"])
        callback = self.rng.random() < float(document["callback_share"])
        values = {"address": address, "time": self._pick(document["times"])}
        return IntakeReport(
            channel=Channel.HOTLINE,
            description=self._fill(template["text"], values, template),
            address=address,
            location=point,
            reporter=Reporter(name=caller, phone=phone),
            details={
                "hotline": line,
                "call_id": f"{line}-{self.rng.randrange(10**8):08d}",
                "caller_name": caller,
                "caller_phone": phone,
                "callback": callback,
            },
        )

    def _iot(self, document: Mapping[str, Any]) -> IntakeReport:
        devices = tuple(self.city.devices)
        choices = []
        for template in document["templates"]:
            alarm = document["alarm_types"][template["alarm_type"]]
            kinds = set(alarm["device_kinds"])
            for device in devices:
                if _device_kind(device) in kinds:
                    choices.append((template, alarm, device))
        choices = [c for c in choices if self._known(*_iot_category(c[1], c[2]))]
        if not choices:
            raise ValueError(f"city {self.city.name} has no device for any IoT alarm type")
        template, alarm, device = self._pick(choices)
        point = _point_of(device)
        low, high = alarm["reading"]
        reading = round(self.rng.uniform(low, high), int(alarm["decimals"]))
        if alarm["decimals"] == 0:
            reading = int(reading)
        category_id, condition_id = _iot_category(alarm, device)
        address = self._address(point)
        device_name = getattr(device, "name", device.id)
        values = {"address": address, "device_id": device.id, "device_name": device_name,
                  "reading": reading, "unit": alarm["unit"], "threshold": alarm["threshold"]}
        return IntakeReport(
            channel=Channel.IOT,
            description=self._fill(template["text"], values, template),
            address=address,
            location=point,
            reporter=Reporter(name="物联网感知平台"),
            urgent=bool(alarm.get("urgent", False)),
            category_id=category_id,
            condition_id=condition_id,
            details={
                "device_id": device.id,
                "device_kind": _device_kind(device),
                "alarm_type": template["alarm_type"],
                "reading": reading,
                "unit": alarm["unit"],
                "threshold": alarm["threshold"],
            },
        )

    def _video(self, document: Mapping[str, Any]) -> IntakeReport:
        cameras = tuple(self.city.cameras)
        if not cameras:
            raise ValueError(f"city {self.city.name} has no cameras")
        labels = document["labels"]
        templates = [t for t in document["templates"]
                     if self._known(labels[t["label"]]["category_id"], labels[t["label"]]["condition_id"])]
        template = self._pick(templates)
        camera = self._pick(cameras)
        point = _point_of(camera)
        low, high = document["confidence"]
        confidence = round(self.rng.uniform(low, high), 2)
        address = self._address(point)
        camera_name = getattr(camera, "name", camera.id)
        values = {"address": address, "camera_id": camera.id, "camera_name": camera_name,
                  "confidence": f"{confidence:.2f}"}
        mapping = labels[template["label"]]
        return IntakeReport(
            channel=Channel.VIDEO_AI,
            description=self._fill(template["text"], values, template),
            address=address,
            location=point,
            reporter=Reporter(name="视频智能识别平台"),
            category_id=mapping["category_id"],
            condition_id=mapping["condition_id"],
            details={"camera_id": camera.id, "camera_name": camera_name, "label": template["label"],
                     "confidence": confidence},
        )

    def _public(self, document: Mapping[str, Any]) -> IntakeReport:
        template = self._pick(document["templates"])
        point = self.city.random_point(self.rng)
        address = self._address(point)
        nickname = self._pick(document["nicknames"])
        platform = self._pick(document["platforms"])
        return IntakeReport(
            channel=Channel.PUBLIC,
            description=self._fill(template["text"], {"address": address}, template),
            address=address,
            location=point,
            reporter=Reporter(name=nickname),
            details={"platform": platform, "nickname": nickname},
        )


# --- tolerant access to the city's small dataclasses ----------------------------------------------


def _grid_codes(collector: Any) -> tuple[str, ...]:
    for name in ("grid_codes", "cells", "grids"):
        value = getattr(collector, name, None)
        if value:
            return tuple(value)
    return ()


def _device_kind(device: Any) -> str:
    return str(getattr(device, "kind", ""))


def _point_of(thing: Any) -> GeoPoint:
    point = getattr(thing, "location", None) or getattr(thing, "point", None)
    if not isinstance(point, GeoPoint):
        raise ValueError(f"{thing!r} has no GeoPoint location")
    return point


def _iot_category(alarm: Mapping[str, Any], device: Any) -> tuple[str, str]:
    """The 小类 the device watches (its own category_id, e.g. which 井盖) or the alarm's default."""
    category_id = getattr(device, "category_id", None) or alarm["category_id"]
    return category_id, f"{category_id}-{alarm['condition_suffix']}"


# --- posting to the server ------------------------------------------------------------------------


async def run_channels(base_url: str, interval: float, stop: asyncio.Event, seed: int | None = None) -> None:
    """Post generated reports to `POST /api/v1/intake` until `stop` is set.

    Each report goes out under its channel's account; the wait between posts is exponentially
    distributed with mean `interval` seconds. Server errors and a server that is down are
    logged and the stream goes on.
    """
    rng = random.Random(seed)
    channels = _ChannelPoster(base_url)
    try:
        catalogue = await channels.catalogue(stop)
        if catalogue is None:
            return
        city = City.load()
        while not stop.is_set():
            for report in generate_reports(rng, len(_BLOCK), city, catalogue):
                if await _sleep_until_stop(stop, rng.expovariate(1 / interval) if interval > 0 else 0):
                    return
                low, high = _LAG[report.channel]
                seen = datetime.now(UTC) - timedelta(seconds=rng.uniform(low, high))
                await channels.post(report.model_copy(update={"reported_at": seen}))
    finally:
        await channels.close()


async def _sleep_until_stop(stop: asyncio.Event, seconds: float) -> bool:
    """Wait `seconds` or until `stop` is set; True when stopped."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        return stop.is_set()
    return True


class _ChannelPoster:
    """One HTTP client and a token per channel account, logged in when first needed."""

    def __init__(self, base_url: str) -> None:
        self.client = httpx.AsyncClient(base_url=base_url.rstrip("/") + "/api/v1", timeout=10)
        self.tokens: dict[str, str] = {}

    async def close(self) -> None:
        await self.client.aclose()

    async def _token(self, account: str, *, fresh: bool = False) -> str:
        if fresh or account not in self.tokens:
            login = {"username": account, "password": DEMO_PASSWORD}
            answer = await self.client.post("/auth/login", json=login)
            answer.raise_for_status()
            self.tokens[account] = answer.json()["token"]
        return self.tokens[account]

    async def catalogue(self, stop: asyncio.Event) -> Catalogue | None:
        """The server's own catalogue (so every category id posted is one it knows); waits for it."""
        account = CHANNEL_ACCOUNTS[Channel.COLLECTOR]
        while not stop.is_set():
            try:
                token = await self._token(account, fresh=True)
                answer = await self.client.get("/reference", headers={"Authorization": f"Bearer {token}"})
                answer.raise_for_status()
                reference = answer.json()
                return Catalogue.from_categories(reference["catalogue_name"], _categories(reference))
            except (httpx.HTTPError, KeyError, ValueError) as error:
                log.warning("channel simulator: reference data not available yet (%s)", error)
                if await _sleep_until_stop(stop, 2):
                    break
        return None

    async def post(self, report: IntakeReport) -> None:
        account = CHANNEL_ACCOUNTS[report.channel]
        body = report.model_dump(mode="json", exclude_none=True)
        try:
            for attempt in range(2):
                token = await self._token(account, fresh=attempt > 0)
                headers = {"Authorization": f"Bearer {token}"}
                answer = await self.client.post("/intake", json=body, headers=headers)
                if answer.status_code == 401 and attempt == 0:
                    continue
                if answer.status_code >= 400:
                    log.warning("channel simulator: intake from %s refused: %s %s",
                                account, answer.status_code, answer.text[:300])
                else:
                    log.info("channel simulator: %s reported case %s", account, answer.json().get("id"))
                return
        except httpx.HTTPError as error:
            log.warning("channel simulator: intake from %s failed: %s", account, error)


def _categories(reference: Mapping[str, Any]) -> list[Category]:
    return [Category.model_validate(item) for item in reference["categories"]]
