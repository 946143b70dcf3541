"""问题来源 (intake channels): what each channel itself sends in `IntakeReport.details`, checked at
intake, and the city's tables that turn an IoT alarm (物联网感知告警) or a video-AI detection
(视频智能识别) into a case: its 小类, urgency, the seat's confirmation and repeated alarms.

`prepare` is what the server calls on every report: it checks the report against its channel (every
problem field by field, in Chinese, in one `ChannelError`) and completes it from the city (the
device's or camera's place, the collector as reporter, the 小类 from the tables). `repeat_update`
merges a repeated alarm into the open case; `edited_details` checks a seat's corrections.
Pure: no IO beyond reading `resources/channels/` once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, StringConstraints, ValidationError

from workstation.domain.catalogue import Catalogue
from workstation.domain.city import Camera, City, Collector, Device
from workstation.domain.models import Channel, IntakeReport, Reporter, WireModel
from workstation.domain.privacy import normalise_phone
from workstation.domain.validation import field_errors
from workstation.resources import resource_path

_Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
_Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
_Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
_Optional = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


# --- what each channel sends -------------------------------------------------------------------------


class CollectorDetails(WireModel):
    """城管通: the 信息采集员 (collector) who reported from the field."""

    collector_id: _Code  # 采集员编号
    source: _Name = "城管通"  # 上报系统


class HotlineDetails(WireModel):
    """12345 / 12319 热线: the line and the call; the caller is the report's `reporter`."""

    hotline: Literal["12345", "12319"]  # 热线号码
    call_id: str = Field(default="", max_length=64)  # 来电编号 (话务系统的工单号)
    callback: bool  # 需要回访: the caller wants a call back once the case is closed


class IotDetails(WireModel):
    """物联网感知告警: which sensor, what alarm, what it measured."""

    device_id: _Code  # 设备编号
    alarm_type: _Code  # 告警类型
    reading: float = Field(allow_inf_nan=False)  # 读数, in the alarm type's unit


class VideoDetails(WireModel):
    """视频智能识别: which camera, what the AI recognised, and how sure it is."""

    camera_id: _Code  # 摄像头编号
    label: _Code  # 识别类型
    confidence: float = Field(ge=0, le=1)  # 置信度


class PublicDetails(WireModel):
    """公众上报: the platform a citizen used (one of `ChannelRules.platforms`)."""

    platform: _Name  # 上报平台
    nickname: _Optional = ""  # 网民昵称


class LeaderDetails(WireModel):
    """领导交办: who instructed, what, and by when."""

    leader: _Name  # 交办领导
    instruction: _Text  # 批示内容
    due: AwareDatetime | None = None  # 要求办结时间


class MediaDetails(WireModel):
    """媒体曝光: the outlet and the piece that exposed the problem."""

    outlet: _Name  # 媒体名称
    title: _Title  # 报道标题
    url: str = Field(default="", max_length=500, pattern=r"^(https?://\S+)?$")  # 报道链接
    published_on: date | None = None  # 报道日期


class TransferDetails(WireModel):
    """部门转办: the department that passed the case on, and its document."""

    from_department: _Name  # 转办单位
    document_no: _Code  # 转办单号
    contact: _Optional = ""  # 联系人


DETAILS: dict[Channel, type[WireModel]] = {
    Channel.COLLECTOR: CollectorDetails,
    Channel.HOTLINE: HotlineDetails,
    Channel.IOT: IotDetails,
    Channel.VIDEO_AI: VideoDetails,
    Channel.PUBLIC: PublicDetails,
    Channel.LEADER: LeaderDetails,
    Channel.MEDIA: MediaDetails,
    Channel.TRANSFER: TransferDetails,
}

#: Details the server adds from the city's tables at intake (and on repeats); nobody edits them.
DERIVED: dict[Channel, frozenset[str]] = {
    Channel.COLLECTOR: frozenset({"collector_name"}),
    Channel.IOT: frozenset({"device_name", "device_kind", "unit", "threshold", "alarm_count", "last_reading",
                            "last_alarm_at", "max_reading"}),
    Channel.VIDEO_AI: frozenset({"camera_name", "alarm_count", "last_alarm_at", "last_confidence"}),
}

#: Channel fields sent by a machine or naming who reported: a seat may not change them.
_FIXED: dict[Channel, tuple[frozenset[str], str]] = {
    Channel.COLLECTOR: (frozenset({"collector_id"}), "由城管通上报，不能修改"),
    Channel.IOT: (frozenset(IotDetails.model_fields), "由感知设备上报，不能修改"),
    Channel.VIDEO_AI: (frozenset(VideoDetails.model_fields), "由视频识别平台上报，不能修改"),
}
_DERIVED_MESSAGE = "由系统生成，不能修改"


def editable_fields(channel: Channel) -> tuple[str, ...]:
    """The channel fields a seat may correct (in the model's order), for the intake/edit form."""
    fixed = _FIXED.get(channel, (frozenset(), ""))[0]
    return tuple(name for name in DETAILS[channel].model_fields if name not in fixed)


# --- the city's tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlarmType:
    """One row of the IoT alarm table (resources/channels/iot_alarms.json)."""

    name: str  # 告警类型, e.g. 井盖倾斜
    device_kinds: tuple[str, ...]  # the kinds of sensor that raise it
    unit: str
    threshold: float
    category_id: str | None  # default 小类; a device's own category_id wins
    condition: str | None  # 立案条件: a full id or a suffix ("01") added to the 小类 in use
    urgent: bool
    repeat_window: timedelta

    def classify(self, device: Device) -> tuple[str | None, str | None]:
        """The 小类 and 立案条件 of an alarm of this type raised by `device`."""
        category_id = device.category_id or self.category_id
        if category_id is None or not self.condition:
            return category_id, None
        return category_id, f"{category_id}-{self.condition.rsplit('-', 1)[-1]}"


@dataclass(frozen=True)
class VideoLabel:
    """One row of the video-AI label table (resources/channels/video_ai.json)."""

    name: str  # 识别类型, e.g. 占道经营
    category_id: str | None  # None: the seat chooses
    condition_id: str | None
    confirm_below: float  # lower confidence waits in 待确认 for a seat
    repeat_window: timedelta


@dataclass(frozen=True, eq=False)
class ChannelRules:
    """The tables a city edits in `resources/channels/`: IoT alarm types, video-AI labels, and the
    platforms of public reports."""

    alarm_types: Mapping[str, AlarmType]
    device_kinds: Mapping[str, str]  # kind → the seat's name for it (manhole → 智能井盖)
    labels: Mapping[str, VideoLabel]
    platforms: tuple[str, ...]

    @classmethod
    def load(cls, folder: Path | None = None) -> ChannelRules:
        """Read the tables (default: the packaged `resources/channels/`)."""
        return _load_rules(folder or resource_path("channels"))

    def kind_name(self, kind: str) -> str:
        return self.device_kinds.get(kind, kind)

    def alarms_for(self, kind: str) -> tuple[str, ...]:
        """The alarm types a sensor of this kind may raise."""
        return tuple(name for name, alarm in self.alarm_types.items() if kind in alarm.device_kinds)


@cache
def _load_rules(folder: Path) -> ChannelRules:
    def read(name: str) -> dict[str, Any]:
        document: dict[str, Any] = json.loads((folder / name).read_text(encoding="utf-8"))
        return document

    iot, video, public = read("iot_alarms.json"), read("video_ai.json"), read("public.json")

    def window(row: Mapping[str, Any], defaults: Mapping[str, Any]) -> timedelta:
        return timedelta(minutes=float(row.get("repeat_window_minutes", defaults["repeat_window_minutes"])))

    alarm_types = {
        name: AlarmType(name=name, device_kinds=tuple(row["device_kinds"]), unit=row["unit"],
                        threshold=row["threshold"], category_id=row.get("category_id"),
                        condition=row.get("condition"), urgent=bool(row.get("urgent", False)),
                        repeat_window=window(row, iot))
        for name, row in iot["alarm_types"].items()}
    labels = {
        name: VideoLabel(name=name, category_id=row.get("category_id"), condition_id=row.get("condition_id"),
                         confirm_below=float(row.get("confirm_below", video["confirm_below"])),
                         repeat_window=window(row, video))
        for name, row in video["labels"].items()}
    return ChannelRules(alarm_types=alarm_types, device_kinds=dict(iot["device_kinds"]), labels=labels,
                        platforms=tuple(public["platforms"]))


@dataclass(frozen=True)
class _Things:
    collectors: dict[str, Collector]
    devices: dict[str, Device]
    cameras: dict[str, Camera]


@lru_cache(maxsize=8)
def _things(city: City) -> _Things:
    return _Things(collectors={c.id: c for c in city.collectors}, devices={d.id: d for d in city.devices},
                   cameras={c.id: c for c in city.cameras})


# --- intake ---------------------------------------------------------------------------------------------


class ChannelError(Exception):
    """A report (or a seat's correction) its channel does not accept.

    `fields` maps paths relative to the report ("details.device_id", "location", "attachments",
    "reporter.phone", "reported_at") to Chinese messages, one per field, every problem at once."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("；".join(f"{path}：{message}" for path, message in fields.items()))
        self.fields = fields


@dataclass(frozen=True)
class Prepared:
    """A report its channel accepts, completed from the city's tables, and how intake treats it."""

    report: IntakeReport
    source_key: str | None = None  # "iot:<device>:<alarm>" / "video:<camera>:<label>": repeats match on it
    repeat_window: timedelta | None = None
    needs_confirmation: bool = False  # a video detection below its label's confirm_below: 待确认
    note: str = ""  # for the case history, in Chinese; "" when there is nothing to say


@dataclass
class _Check:
    """The problems of one report, field by field, and what the city's tables add to it."""

    report: IntakeReport
    city: City
    catalogue: Catalogue
    rules: ChannelRules
    model: Any = None  # the channel's details model, None when the details are invalid
    errors: dict[str, str] = field(default_factory=dict)
    update: dict[str, Any] = field(default_factory=dict)  # report fields completed from the tables
    derived: dict[str, Any] = field(default_factory=dict)
    source_key: str | None = None
    repeat_window: timedelta | None = None
    needs_confirmation: bool = False
    notes: list[str] = field(default_factory=list)

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def raw(self, name: str) -> str | None:
        """A details field as sent, when it is a usable string (even if another field is wrong)."""
        value = self.report.details.get(name)
        if f"details.{name}" in self.errors or not isinstance(value, str) or not value.strip():
            return None
        return value.strip()

    @property
    def things(self) -> _Things:
        return _things(self.city)

    def require_place(self) -> None:
        if self.report.location is None and not self.report.address.strip():
            self.fail("location", "请在地图上选点或填写地址")

    def require_image(self, message: str) -> None:
        if not any(upload.content_type.startswith("image/") for upload in self.report.attachments):
            self.fail("attachments", message)

    def classify(self, category_id: str | None, condition_id: str | None, source: str) -> None:
        """Fill in the 小类 from a table unless the report names one; a code the catalogue lacks is
        left to the seat, with a note."""
        if self.report.category_id or self.report.condition_id or category_id is None:
            return
        try:
            self.catalogue.category(category_id)
        except KeyError:
            self.notes.append(f"{source}对应的小类{category_id}不在案件分类标准中，请坐席选择小类")
            return
        self.update["category_id"] = category_id
        if condition_id is not None:
            try:
                category, _ = self.catalogue.condition(condition_id)
            except KeyError:
                return
            if category.id == category_id:
                self.update["condition_id"] = condition_id


def prepare(report: IntakeReport, city: City, catalogue: Catalogue, rules: ChannelRules) -> Prepared:
    """Check `report` against its channel and complete it from the city's tables.

    Raises ChannelError naming every field at fault. The completed report carries the device's or
    camera's place, the collector as reporter, the 小类 and urgency from the tables (when the
    report names no 小类 itself), and the derived details (device name, unit, alarm count …)."""
    check = _Check(report, city, catalogue, rules)
    try:
        check.model = DETAILS[report.channel].model_validate(report.details)
    except ValidationError as error:
        check.errors.update(field_errors(error, "details."))
    if report.reported_at is not None and report.reported_at.utcoffset() is None:
        check.fail("reported_at", "日期时间需带时区")
    _check_category(check)
    _CHANNEL_CHECKS[report.channel](check)
    if check.errors:
        raise ChannelError(check.errors)
    details = check.model.model_dump(mode="json") | check.derived
    return Prepared(report=report.model_copy(update=check.update | {"details": details}),
                    source_key=check.source_key, repeat_window=check.repeat_window,
                    needs_confirmation=check.needs_confirmation, note="；".join(check.notes))


def _check_category(check: _Check) -> None:
    """The report's own 小类 / 立案条件 must be in the catalogue (the messages of intake)."""
    report, catalogue = check.report, check.catalogue
    if report.condition_id:
        try:
            category, _ = catalogue.condition(report.condition_id)
        except KeyError:
            check.fail("condition_id", "立案条件不在案件分类标准中")
        else:
            if report.category_id and report.category_id != category.id:
                check.fail("condition_id", "立案条件不属于所选小类")
            elif not report.category_id:
                check.update["category_id"] = category.id
    if report.category_id:
        try:
            catalogue.category(report.category_id)
        except KeyError:
            check.fail("category_id", "小类不在案件分类标准中")


def _collector(check: _Check) -> None:
    report = check.report
    if report.location is None:
        check.fail("location", "请上报GPS定位")
    if not report.category_id and not report.condition_id:
        check.fail("category_id", "请选择小类")
    check.require_image("请附上至少一张现场照片")
    collector_id = check.raw("collector_id")
    if collector_id is None:
        return
    collector = check.things.collectors.get(collector_id)
    if collector is None:
        check.fail("details.collector_id", "本市没有这个信息采集员")
        return
    if report.reporter.collector_id not in (None, "", collector.id):
        check.fail("reporter.collector_id", "与渠道信息中的采集员编号不一致")
    check.update["reporter"] = Reporter(name=collector.name, phone=collector.phone, collector_id=collector.id)
    check.derived["collector_name"] = collector.name


def _hotline(check: _Check) -> None:
    phone = check.report.reporter.phone.strip()
    if not phone:
        check.fail("reporter.phone", "请填写来电号码")
    elif not 5 <= len(normalise_phone(phone)) <= 20:
        check.fail("reporter.phone", "来电号码应为5至20位数字")


def _iot(check: _Check) -> None:
    report, rules = check.report, check.rules
    if report.reported_at is None:
        check.fail("reported_at", "请填写告警时间")
    device, alarm = None, None
    if (device_id := check.raw("device_id")) is not None:
        device = check.things.devices.get(device_id)
        if device is None:
            check.fail("details.device_id", "本市没有这个感知设备")
    if (alarm_name := check.raw("alarm_type")) is not None:
        alarm = rules.alarm_types.get(alarm_name)
        if alarm is None:
            check.fail("details.alarm_type", f"告警类型不在物联网告警对照表中，可选：{'、'.join(rules.alarm_types)}")
    if device is not None and alarm is not None and device.kind not in alarm.device_kinds:
        options = "、".join(rules.alarms_for(device.kind)) or "无"
        check.fail("details.alarm_type", f"“{alarm.name}”不适用于{rules.kind_name(device.kind)}，可选：{options}")
        return
    if device is None or alarm is None or check.model is None or report.reported_at is None:
        return
    reading: float = check.model.reading
    check.update |= {"location": device.location, "urgent": report.urgent or alarm.urgent}
    if not report.address.strip():
        check.update["address"] = check.city.nearest_address(device.location)
    check.classify(*alarm.classify(device), source=f"告警类型“{alarm.name}”")
    check.derived |= {"device_name": device.name, "device_kind": device.kind, "unit": alarm.unit,
                      "threshold": alarm.threshold, "alarm_count": 1, "last_reading": reading,
                      "last_alarm_at": _iso(report.reported_at), "max_reading": reading}
    check.source_key, check.repeat_window = f"iot:{device.id}:{alarm.name}", alarm.repeat_window
    if reading <= alarm.threshold:
        check.notes.append(f"读数{_number(reading)}{alarm.unit}未超过阈值{_number(alarm.threshold)}{alarm.unit}")


def _video(check: _Check) -> None:
    report, rules = check.report, check.rules
    check.require_image("请附上抓拍图片")
    camera, label = None, None
    if (camera_id := check.raw("camera_id")) is not None:
        camera = check.things.cameras.get(camera_id)
        if camera is None:
            check.fail("details.camera_id", "本市没有这个摄像头")
    if (label_name := check.raw("label")) is not None:
        label = rules.labels.get(label_name)
        if label is None:
            check.fail("details.label", "识别类型不在视频识别对照表中")
    if camera is None or label is None or check.model is None:
        return
    confidence: float = check.model.confidence
    check.update["location"] = camera.location
    if not report.address.strip():
        check.update["address"] = check.city.nearest_address(camera.location)
    check.classify(label.category_id, label.condition_id, source=f"识别类型“{label.name}”")
    check.derived |= {"camera_name": camera.name, "alarm_count": 1, "last_confidence": confidence}
    if report.reported_at is not None:
        check.derived["last_alarm_at"] = _iso(report.reported_at)
    check.source_key, check.repeat_window = f"video:{camera.id}:{label.name}", label.repeat_window
    if confidence < label.confirm_below:
        check.needs_confirmation = True
        check.notes.append(f"视频识别置信度{confidence:.2f}，低于{label.confirm_below:.2f}，待坐席确认")


def _public(check: _Check) -> None:
    check.require_place()
    _check_platform(check, check.raw("platform"))


def _check_platform(check: _Check, platform: str | None) -> None:
    if platform is not None and platform not in check.rules.platforms:
        check.fail("details.platform", f"上报平台无效，可选：{'、'.join(check.rules.platforms)}")


_CHANNEL_CHECKS: dict[Channel, Callable[[_Check], None]] = {
    Channel.COLLECTOR: _collector,
    Channel.HOTLINE: _hotline,
    Channel.IOT: _iot,
    Channel.VIDEO_AI: _video,
    Channel.PUBLIC: _public,
    Channel.LEADER: _Check.require_place,
    Channel.MEDIA: _Check.require_place,
    Channel.TRANSFER: _Check.require_place,
}


# --- repeats and seat corrections ---------------------------------------------------------------------


def repeat_update(details: dict[str, Any], report: IntakeReport) -> tuple[dict[str, Any], str]:
    """The details of an open case after a repeated alarm (`report`, as `prepare` returned it) of
    the same device and type, or camera and label, and a Chinese note for its history.

    The first reading stays as it was; the count, the latest and highest reading (or the latest
    confidence) and the time of the last alarm follow the repeat."""
    merged = dict(details)
    count = _count(details.get("alarm_count")) + 1
    merged["alarm_count"] = count
    if report.reported_at is not None:
        merged["last_alarm_at"] = _iso(report.reported_at)
    if report.channel is Channel.IOT:
        reading = float(report.details["reading"])
        unit = str(details.get("unit", report.details.get("unit", "")))
        highest = details.get("max_reading", details.get("reading"))
        merged["last_reading"] = reading
        merged["max_reading"] = max(reading, float(highest)) if isinstance(highest, int | float) else reading
        return merged, f"第{count}次告警，读数{_number(reading)}{unit}"
    if report.channel is Channel.VIDEO_AI:
        confidence = float(report.details["confidence"])
        merged["last_confidence"] = confidence
        return merged, f"第{count}次识别，置信度{confidence:.2f}"
    raise ValueError(f"reports of channel {report.channel} do not repeat")


def edited_details(channel: Channel, current: dict[str, Any], changes: dict[str, Any],
                   rules: ChannelRules | None = None) -> dict[str, Any]:
    """A case's channel fields after a seat's corrections, checked as at intake.

    A field sent back unchanged is fine (a form may send them all); changing a derived field, or a
    field a device, camera or collector sent, is a ChannelError, as is any invalid value."""
    errors: dict[str, str] = {}
    fixed, fixed_message = _FIXED.get(channel, (frozenset(), ""))
    wanted: dict[str, Any] = {}
    for key, value in changes.items():
        if key in current and current[key] == value:
            continue
        if key in DERIVED.get(channel, frozenset()):
            errors[f"details.{key}"] = _DERIVED_MESSAGE
        elif key in fixed:
            errors[f"details.{key}"] = fixed_message
        else:
            wanted[key] = value
    model_class = DETAILS[channel]
    base = {key: value for key, value in current.items() if key in model_class.model_fields}
    model = None
    try:
        model = model_class.model_validate(base | wanted)
    except ValidationError as error:
        errors.update({path: message for path, message in field_errors(error, "details.").items()
                       if path not in errors})
    if channel is Channel.PUBLIC and isinstance(model, PublicDetails):
        platforms = (rules or ChannelRules.load()).platforms
        if model.platform not in platforms and "platform" in wanted:
            errors["details.platform"] = f"上报平台无效，可选：{'、'.join(platforms)}"
    if errors or model is None:
        raise ChannelError(errors)
    return dict(current) | model.model_dump(mode="json")


# --- small helpers -----------------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _number(value: float) -> str:
    """25.1 → "25.1", 30.0 → "30": a reading as a person writes it."""
    return f"{value:g}"


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 1
