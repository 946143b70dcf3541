"""The demo channels (渠道模拟): a realistic stream of reports from 城管通, 12345/12319, IoT, video AI
and the public.

`generate_reports` writes `IntakeReport`s from the templates in `resources/simulator/` and the
city's channel tables (`resources/channels/`, via `ChannelRules`), so every report is one its
channel's checks (`domain.channels.prepare`) accept. It is pure: the same seed gives the same
reports. `run_channels` posts them through the real intake API, each with its channel's service
account, as a real channel would.
"""

from __future__ import annotations

import asyncio
import base64
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
from workstation.domain.channels import AlarmType, ChannelRules
from workstation.domain.city import City, Collector, Device
from workstation.domain.models import AttachmentUpload, Category, Channel, GeoPoint, IntakeReport, Reporter
from workstation.resources import resource_path
from workstation.server.demo_photos import site_photo

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
_PHOTOS = 8  # distinct demo photos; each report picks one (drawing one per report is slow in bulk)
_RECENT_ALARMS = 4  # a repeated IoT alarm comes from one of the last few sensors that alarmed


@functools.cache
def load_templates() -> dict[Channel, dict[str, Any]]:
    """The template file of each simulated channel (`resources/simulator/<channel>.json`)."""
    documents = {}
    for channel in _BLOCK:
        if channel not in documents:
            path = resource_path("simulator", f"{channel.value}.json")
            documents[channel] = json.loads(path.read_text(encoding="utf-8"))
    return documents


@functools.cache
def _photo(index: int) -> str:
    """Demo photo number `index`, Base64: the same picture for the same number."""
    return base64.b64encode(site_photo(random.Random(index))).decode("ascii")


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
    collector chose the 小类/立案条件 (templates whose category is missing from `catalogue` are
    skipped); IoT and video AI send only their device or camera, alarm or label and reading, and
    the city's tables give the 小类; hotline and public reports leave it to the server's suggestion.
    With `now`, `reported_at` is set a little before it (how long depends on the channel); without,
    it is left for the caller to stamp (IoT alarms must carry their time before they are posted).
    """
    city = city or City.load()
    catalogue = catalogue or Catalogue.load()
    writer = _Writer(rng, city, catalogue, ChannelRules.load())
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

    def __init__(self, rng: random.Random, city: City, catalogue: Catalogue, rules: ChannelRules) -> None:
        self.rng = rng
        self.city = city
        self.catalogue = catalogue
        self.rules = rules
        self.templates = load_templates()
        self.recent_alarms: list[tuple[Device, AlarmType]] = []

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

    def _photo(self, name: str) -> AttachmentUpload:
        return AttachmentUpload(name=name, content_type="image/png", data_base64=_photo(self.rng.randrange(_PHOTOS)))

    # --- channels --------------------------------------------------------------------------------

    def _collector(self, document: Mapping[str, Any]) -> IntakeReport:
        templates = [t for t in document["templates"] if self._known(t["category_id"], t["condition_id"])]
        template = self._pick(templates)
        point = self.city.random_point(self.rng)
        collector = self._collector_for(point)
        values = {"address": self._address(point), "position": self._pick(document["positions"])}
        return IntakeReport(
            channel=Channel.COLLECTOR,
            description=self._fill(template["text"], values, template),
            address=values["address"],
            location=point,
            reporter=Reporter(name=collector.name, phone=collector.phone, collector_id=collector.id),
            urgent=bool(template.get("urgent", False)),
            category_id=template["category_id"],
            condition_id=template["condition_id"],
            attachments=(self._photo("现场照片.png"),),
            details={"collector_id": collector.id, "source": "城管通"},
        )

    def _collector_for(self, point: GeoPoint) -> Collector:
        """The collector whose 责任网格 holds the point, else any collector of the city."""
        collectors = self.city.collectors
        if not collectors:
            raise ValueError(f"city {self.city.name} has no collectors")
        grid = self.city.locate(point)
        if grid is not None:
            own = [c for c in collectors if grid.code in c.grid_codes]
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
            details={"hotline": line, "call_id": f"{line}-{self.rng.randrange(10**8):08d}", "callback": callback},
        )

    def _iot(self, document: Mapping[str, Any]) -> IntakeReport:
        """An alarm of a sensor of the city; now and then the same sensor and alarm as a few
        reports earlier, so the demo shows a repeat updating its open case."""
        if self.recent_alarms and self.rng.random() < float(document["repeat_share"]):
            device, alarm = self._pick(self.recent_alarms)
        else:
            device, alarm = self._pick(self._alarm_choices(document))
            self.recent_alarms = (self.recent_alarms + [(device, alarm)])[-_RECENT_ALARMS:]
        template = self._pick([t for t in document["templates"] if t["alarm_type"] == alarm.name])
        measure = document["readings"][alarm.name]
        low, high = measure["range"]
        reading: float = round(self.rng.uniform(low, high), int(measure["decimals"]))
        if measure["decimals"] == 0:
            reading = int(reading)
        address = self._address(device.location)
        values = {"address": address, "device_id": device.id, "device_name": device.name,
                  "reading": reading, "unit": alarm.unit, "threshold": _plain(alarm.threshold)}
        return IntakeReport(
            channel=Channel.IOT,
            description=self._fill(template["text"], values, template),
            address=address,
            location=device.location,
            reporter=Reporter(name="物联网感知平台"),
            details={"device_id": device.id, "alarm_type": alarm.name, "reading": reading},
        )

    def _alarm_choices(self, document: Mapping[str, Any]) -> list[tuple[Device, AlarmType]]:
        texts = {template["alarm_type"] for template in document["templates"]}
        choices = [(device, alarm) for alarm in self.rules.alarm_types.values()
                   if alarm.name in texts and alarm.name in document["readings"]
                   for device in self.city.devices if device.kind in alarm.device_kinds]
        if not choices:
            raise ValueError(f"city {self.city.name} has no device for any IoT alarm type")
        return choices

    def _video(self, document: Mapping[str, Any]) -> IntakeReport:
        cameras = self.city.cameras
        if not cameras:
            raise ValueError(f"city {self.city.name} has no cameras")
        template = self._pick([t for t in document["templates"] if t["label"] in self.rules.labels])
        camera = self._pick(cameras)
        spread = document["confidence"]
        confidence = round(self.rng.triangular(spread["low"], spread["high"], spread["mode"]), 2)
        address = self._address(camera.location)
        values = {"address": address, "camera_id": camera.id, "camera_name": camera.name,
                  "confidence": f"{confidence:.2f}"}
        return IntakeReport(
            channel=Channel.VIDEO_AI,
            description=self._fill(template["text"], values, template),
            address=address,
            location=camera.location,
            reporter=Reporter(name="视频智能识别平台"),
            attachments=(self._photo("抓拍图片.png"),),
            details={"camera_id": camera.id, "label": template["label"], "confidence": confidence},
        )

    def _public(self, document: Mapping[str, Any]) -> IntakeReport:
        template = self._pick(document["templates"])
        point = self.city.random_point(self.rng)
        address = self._address(point)
        nickname = self._pick(document["nicknames"])
        platform = self._pick(self.rules.platforms)
        return IntakeReport(
            channel=Channel.PUBLIC,
            description=self._fill(template["text"], {"address": address}, template),
            address=address,
            location=point,
            reporter=Reporter(name=nickname),
            details={"platform": platform, "nickname": nickname},
        )


def _plain(value: float) -> str:
    """10.0 → "10": a threshold as a sensor's text writes it."""
    return f"{value:g}"


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
