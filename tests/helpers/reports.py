"""Valid intake bodies (`POST /api/v1/intake`) for every channel, from the demo city, for tests.

`report("iot", "井盖倾斜告警")` gives a body its channel accepts as it is; keyword arguments replace
top-level fields, except `details`, which is merged into the channel's own fields (a detail set to
None is left out).
"""

from __future__ import annotations

import base64
import math
import random
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from workstation.domain.city import City
from workstation.domain.controls import ControlArea
from workstation.domain.models import Channel, GeoPoint
from workstation.server.demo_photos import png

#: A 2×2 red PNG: the smallest photo a channel that requires one can send.
PHOTO = {"name": "现场照片.png", "content_type": "image/png",
         "data_base64": base64.b64encode(png(2, 2, lambda _x, _y: (200, 60, 40))).decode("ascii")}


def report(channel: Channel | str, description: str, **overrides: Any) -> dict[str, Any]:
    """A valid intake body of `channel` with `description`, changed by `overrides`."""
    channel = Channel(channel)
    city = City.load()
    collector = city.collectors[0]
    device = next(device for device in city.devices if device.kind == "manhole")
    camera = city.cameras[0]
    point = city.grid(collector.grid_codes[0]).centre.model_dump()
    bodies: dict[Channel, dict[str, Any]] = {
        Channel.COLLECTOR: {"location": point, "category_id": "SJ0110", "attachments": [PHOTO],
                            "details": {"collector_id": collector.id}},
        Channel.HOTLINE: {"location": point, "reporter": {"name": "王先生", "phone": "13905310000"},
                          "details": {"hotline": "12345", "call_id": "12345-00000001", "callback": True}},
        Channel.IOT: {"reported_at": datetime.now(UTC).isoformat(),
                      "details": {"device_id": device.id, "alarm_type": "井盖倾斜", "reading": 23.5}},
        Channel.VIDEO_AI: {"attachments": [{**PHOTO, "name": "抓拍图片.png"}],
                           "details": {"camera_id": camera.id, "label": "占道经营", "confidence": 0.93}},
        Channel.PUBLIC: {"location": point, "details": {"platform": "微信公众号", "nickname": "路过的市民"}},
        Channel.LEADER: {"address": "泉城路与舜井街交叉口",
                         "details": {"leader": "王副区长", "instruction": "请城管部门今日内处理并回复"}},
        Channel.MEDIA: {"address": "解放路126号附近",
                        "details": {"outlet": "济南日报", "title": "解放路人行道被占，行人只能走机动车道"}},
        Channel.TRANSFER: {"address": "历山路88号附近",
                           "details": {"from_department": "历下区住房和城乡建设局", "document_no": "ZB-2026-0001"}},
    }
    body: dict[str, Any] = {"channel": channel.value, "description": description, **bodies[channel]}
    details = {**body["details"], **overrides.pop("details", {})}
    body |= overrides
    body["details"] = {key: value for key, value in details.items() if value is not None}
    return body


def moved(point: GeoPoint, east_m: float) -> GeoPoint:
    """The point `east_m` metres east of `point`."""
    return GeoPoint(lon=round(point.lon + east_m / (111_320 * math.cos(math.radians(point.lat))), 6), lat=point.lat)


def quiet_point(taken: Iterable[GeoPoint], clear_m: float = 400) -> GeoPoint:
    """A random point of the demo city at least `clear_m` from every point of `taken` (the cases other
    tests made on a shared server), so a similar-case check there sees only what the test put there."""
    points, city, rng = list(taken), City.load(), random.Random(uuid.uuid4().int)
    while True:
        point = city.random_point(rng)
        if all(math.hypot((point.lon - other.lon) * 111_320 * math.cos(math.radians(point.lat)),
                          (point.lat - other.lat) * 111_320) >= clear_m for other in points):
            return point


def area_centre(area: ControlArea) -> GeoPoint:
    """A point inside a 非采集区域 (the mean of its corners: the demo areas are convex)."""
    lons, lats = [p[0] for p in area.ring], [p[1] for p in area.ring]
    return GeoPoint(lon=round(sum(lons) / len(lons), 6), lat=round(sum(lats) / len(lats), 6))
