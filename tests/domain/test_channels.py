"""Each intake channel's own fields: what it must send, what the city's tables add, repeats and seat edits."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import BaseModel, Field, ValidationError

from tests.helpers.reports import PHOTO, report
from workstation.domain.catalogue import Catalogue
from workstation.domain.channels import (
    DETAILS,
    ChannelError,
    ChannelRules,
    Prepared,
    editable_fields,
    edited_details,
    prepare,
    repeat_update,
)
from workstation.domain.city import City, Device
from workstation.domain.models import Channel, IntakeReport
from workstation.domain.validation import field_errors
from workstation.server.simulator import generate_reports

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)




@pytest.fixture(scope="module")
def rules() -> ChannelRules:
    return ChannelRules.load()


@pytest.fixture
def check(city: City, catalogue: Catalogue, rules: ChannelRules) -> Any:
    """prepare() on an intake body, as the server will call it."""

    def run(body: dict[str, Any]) -> Prepared:
        return prepare(IntakeReport.model_validate(body), city, catalogue, rules)

    return run


@pytest.fixture
def problems(check: Any) -> Any:
    """The field → message map of the ChannelError a body raises."""

    def run(body: dict[str, Any]) -> dict[str, str]:
        with pytest.raises(ChannelError) as raised:
            check(body)
        return raised.value.fields

    return run


def _device(city: City, kind: str) -> Device:
    return next(device for device in city.devices if device.kind == kind)


# --- every channel ---------------------------------------------------------------------------------


@pytest.mark.parametrize("channel", list(Channel))
def test_the_helper_report_of_every_channel_is_accepted(check: Any, channel: Channel) -> None:
    body = report(channel, "测试上报")
    prepared = check(body)
    assert prepared.report.description == "测试上报"
    for key, value in body["details"].items():
        assert prepared.report.details[key] == value


def test_every_channel_has_a_details_model() -> None:
    assert set(DETAILS) == set(Channel)


@pytest.mark.parametrize("channel", list(Channel))
def test_a_field_the_channel_does_not_have_is_refused(problems: Any, channel: Channel) -> None:
    assert problems(report(channel, "测试", details={"colour": "红"})) == {"details.colour": "不允许的字段"}


def test_a_category_or_condition_the_catalogue_lacks_is_refused(problems: Any) -> None:
    assert problems(report("hotline", "路灯不亮", category_id="SJ9999")) == {"category_id": "小类不在案件分类标准中"}
    assert problems(report("public", "路灯不亮", condition_id="SJ9999-01")) == {
        "condition_id": "立案条件不在案件分类标准中"}
    assert problems(report("collector", "暴露垃圾", category_id="SJ0110", condition_id="SJ0192-01")) == {
        "condition_id": "立案条件不属于所选小类"}


def test_a_time_without_timezone_is_refused(problems: Any) -> None:
    assert problems(report("hotline", "噪音扰民", reported_at="2026-11-24T09:30:00")) == {
        "reported_at": "日期时间需带时区"}


# --- 城管通 collectors --------------------------------------------------------------------------------


def test_a_collector_report_names_the_collector_as_reporter(check: Any, city: City) -> None:
    collector = city.collectors[0]
    prepared = check(report("collector", "人行道暴露垃圾", reporter={"name": "别人", "phone": "1"}))
    assert prepared.report.reporter.model_dump() == {
        "name": collector.name, "phone": collector.phone, "collector_id": collector.id}
    assert prepared.report.details == {"collector_id": collector.id, "source": "城管通",
                                       "collector_name": collector.name}
    assert prepared.report.category_id == "SJ0110"
    assert prepared.source_key is None and not prepared.needs_confirmation and prepared.note == ""


def test_a_collector_report_without_gps_category_or_photo_names_each(problems: Any) -> None:
    body = report("collector", "暴露垃圾", details={"collector_id": None}, category_id=None, location=None,
                  attachments=[{"name": "录音.m4a", "content_type": "audio/mp4", "data_base64": "AAAA"}])
    assert problems(body) == {
        "details.collector_id": "不能为空",
        "location": "请上报GPS定位",
        "category_id": "请选择小类",
        "attachments": "请附上至少一张现场照片",
    }


def test_a_collector_may_give_the_condition_alone(check: Any) -> None:
    prepared = check(report("collector", "暴露垃圾", category_id=None, condition_id="SJ0110-01"))
    assert (prepared.report.category_id, prepared.report.condition_id) == ("SJ0110", "SJ0110-01")


def test_an_unknown_collector_is_refused(problems: Any) -> None:
    assert problems(report("collector", "暴露垃圾", details={"collector_id": "C99"})) == {
        "details.collector_id": "本市没有这个信息采集员"}


def test_a_reporter_who_is_another_collector_is_refused(problems: Any, city: City) -> None:
    other = city.collectors[1].id
    assert problems(report("collector", "暴露垃圾", reporter={"collector_id": other})) == {
        "reporter.collector_id": "与渠道信息中的采集员编号不一致"}


# --- 12345 / 12319 hotline -----------------------------------------------------------------------------


def test_a_hotline_report_needs_the_callers_number(problems: Any) -> None:
    assert problems(report("hotline", "噪音扰民", reporter={"name": "王先生"})) == {"reporter.phone": "请填写来电号码"}
    assert problems(report("hotline", "噪音扰民", reporter={"phone": "12-3"})) == {
        "reporter.phone": "来电号码应为5至20位数字"}


def test_a_hotline_caller_may_stay_anonymous_and_call_from_a_landline(check: Any) -> None:
    prepared = check(report("hotline", "噪音扰民", reporter={"phone": "+86 531-8612 3456"}))
    assert prepared.report.reporter.name == ""
    assert prepared.report.details == {"hotline": "12345", "call_id": "12345-00000001", "callback": True}


def test_hotline_fields_are_checked_one_by_one(problems: Any) -> None:
    body = report("hotline", "噪音扰民", details={"hotline": "110", "call_id": "x" * 65, "callback": None},
                  reporter={})
    assert problems(body) == {
        "details.hotline": "取值无效，可选：12345、12319",
        "details.call_id": "内容过长（最多 64 个字）",
        "details.callback": "不能为空",
        "reporter.phone": "请填写来电号码",
    }


# --- IoT ------------------------------------------------------------------------------------------------


def test_an_iot_alarm_is_placed_and_classified_from_the_device(check: Any, city: City) -> None:
    device = _device(city, "manhole")
    at = NOW.isoformat()
    prepared = check(report("iot", "井盖倾斜告警", reported_at=at, location=None, address=""))
    case = prepared.report
    assert case.location == device.location
    assert case.address == city.nearest_address(device.location)
    assert (case.category_id, case.condition_id) == (device.category_id, f"{device.category_id}-01")
    assert case.urgent is True
    assert case.details == {
        "device_id": device.id, "alarm_type": "井盖倾斜", "reading": 23.5,
        "device_name": device.name, "device_kind": "manhole", "unit": "°", "threshold": 10,
        "alarm_count": 1, "last_reading": 23.5, "last_alarm_at": NOW.isoformat(), "max_reading": 23.5,
    }
    assert prepared.source_key == f"iot:{device.id}:井盖倾斜"
    assert prepared.repeat_window == timedelta(hours=4)
    assert prepared.note == "" and not prepared.needs_confirmation


def test_a_device_without_its_own_category_takes_the_alarms(check: Any, city: City) -> None:
    bin_ = _device(city, "bin")
    prepared = check(report("iot", "垃圾满溢告警", details={"device_id": bin_.id, "alarm_type": "垃圾满溢",
                                                         "reading": 95}))
    assert (prepared.report.category_id, prepared.report.condition_id) == ("SJ0192", "SJ0192-01")
    assert prepared.report.urgent is False
    assert prepared.report.details["unit"] == "%" and prepared.report.details["threshold"] == 90


def test_a_reading_under_the_threshold_is_noted(check: Any) -> None:
    prepared = check(report("iot", "井盖倾斜告警", details={"reading": 8}))
    assert prepared.note == "读数8°未超过阈值10°"


def test_an_iot_alarm_needs_a_known_device_alarm_type_reading_and_time(problems: Any, rules: ChannelRules) -> None:
    body = report("iot", "告警", reported_at=None,
                  details={"device_id": "MH-9999", "alarm_type": "井盖被盗", "reading": "很高"})
    assert problems(body) == {
        "details.device_id": "本市没有这个感知设备",
        "details.alarm_type": "告警类型不在物联网告警对照表中，可选：" + "、".join(rules.alarm_types),
        "details.reading": "应为数字",
        "reported_at": "请填写告警时间",
    }


def test_an_alarm_type_the_device_cannot_raise_is_refused(problems: Any) -> None:
    assert problems(report("iot", "告警", details={"alarm_type": "垃圾满溢"})) == {
        "details.alarm_type": "“垃圾满溢”不适用于智能井盖，可选：井盖倾斜、井盖位移"}


def test_repeated_alarms_count_and_keep_the_highest_reading(check: Any) -> None:
    first = check(report("iot", "井盖倾斜", reported_at=NOW.isoformat()))
    details = first.report.details
    notes = []
    for minutes, reading in ((5, 30.0), (9, 25.1)):
        again = check(report("iot", "井盖倾斜", reported_at=(NOW + timedelta(minutes=minutes)).isoformat(),
                             details={"reading": reading}))
        assert again.source_key == first.source_key
        details, note = repeat_update(details, again.report)
        notes.append(note)
    assert notes == ["第2次告警，读数30°", "第3次告警，读数25.1°"]
    assert details["alarm_count"] == 3
    assert details["reading"] == 23.5  # the first alarm's reading stays
    assert details["last_reading"] == 25.1 and details["max_reading"] == 30.0
    assert details["last_alarm_at"] == (NOW + timedelta(minutes=9)).isoformat()


# --- video AI ---------------------------------------------------------------------------------------


def test_a_confident_detection_is_placed_at_the_camera_and_classified_by_label(check: Any, city: City) -> None:
    camera = city.cameras[0]
    prepared = check(report("video_ai", "占道经营", reported_at=NOW.isoformat(), address=""))
    case = prepared.report
    assert case.location == camera.location and case.address == city.nearest_address(camera.location)
    assert (case.category_id, case.condition_id) == ("SJ0406", "SJ0406-01")
    assert case.details == {"camera_id": camera.id, "label": "占道经营", "confidence": 0.93,
                            "camera_name": camera.name, "alarm_count": 1, "last_confidence": 0.93,
                            "last_alarm_at": NOW.isoformat()}
    assert prepared.source_key == f"video:{camera.id}:占道经营" and prepared.repeat_window == timedelta(hours=1)
    assert not prepared.needs_confirmation and prepared.note == ""


def test_a_low_confidence_detection_waits_for_a_seat(check: Any) -> None:
    prepared = check(report("video_ai", "疑似占道经营", details={"confidence": 0.62}))
    assert prepared.needs_confirmation
    assert prepared.note == "视频识别置信度0.62，低于0.80，待坐席确认"


def test_a_label_may_set_its_own_confirm_threshold(check: Any) -> None:
    parked = check(report("video_ai", "机动车违停", details={"label": "机动车违停", "confidence": 0.85}))
    assert parked.needs_confirmation and parked.note == "视频识别置信度0.85，低于0.90，待坐席确认"
    assert parked.report.category_id is None  # no 小类 for that label: the seat chooses


def test_a_detection_needs_a_known_camera_label_confidence_and_snapshot(problems: Any) -> None:
    body = report("video_ai", "识别", attachments=[],
                  details={"camera_id": "CAM-999", "label": "外星人", "confidence": 1.5})
    assert problems(body) == {
        "details.camera_id": "本市没有这个摄像头",
        "details.label": "识别类型不在视频识别对照表中",
        "details.confidence": "应不大于 1",
        "attachments": "请附上抓拍图片",
    }
    assert problems(report("video_ai", "识别", details={"confidence": -0.1})) == {
        "details.confidence": "应不小于 0"}


def test_a_repeated_detection_counts_and_keeps_the_latest_confidence(check: Any) -> None:
    first = check(report("video_ai", "占道经营", reported_at=NOW.isoformat()))
    again = check(report("video_ai", "占道经营", reported_at=(NOW + timedelta(minutes=3)).isoformat(),
                         details={"confidence": 0.88}))
    details, note = repeat_update(first.report.details, again.report)
    assert note == "第2次识别，置信度0.88"
    assert details["alarm_count"] == 2 and details["last_confidence"] == 0.88 and details["confidence"] == 0.93
    assert details["last_alarm_at"] == (NOW + timedelta(minutes=3)).isoformat()


# --- public, leader, media, transfer ----------------------------------------------------------------


def test_a_public_report_names_a_platform_of_the_city(problems: Any, rules: ChannelRules) -> None:
    assert rules.platforms == ("微信公众号", "微信小程序", "城市管理APP", "政府网站")
    assert problems(report("public", "乱贴小广告", details={"platform": "抖音"})) == {
        "details.platform": "上报平台无效，可选：微信公众号、微信小程序、城市管理APP、政府网站"}


@pytest.mark.parametrize("channel", ["public", "leader", "media", "transfer"])
def test_reports_from_people_need_a_place(check: Any, problems: Any, channel: str) -> None:
    assert problems(report(channel, "问题", location=None, address="  ")) == {"location": "请在地图上选点或填写地址"}
    assert check(report(channel, "问题", location=None, address="解放路126号附近")).report.address == "解放路126号附近"


def test_a_leaders_instruction_needs_leader_and_text_and_a_zoned_deadline(problems: Any, check: Any) -> None:
    body = report("leader", "交办", details={"leader": "  ", "instruction": None, "due": "2026-11-30T18:00:00"})
    assert problems(body) == {"details.leader": "不能为空", "details.instruction": "不能为空",
                              "details.due": "日期时间需带时区"}
    prepared = check(report("leader", "交办", details={"due": "2026-11-30T18:00:00+08:00"}))
    assert prepared.report.details["due"] == "2026-11-30T18:00:00+08:00"


def test_a_media_report_needs_outlet_and_title_and_a_web_link(problems: Any, check: Any) -> None:
    body = report("media", "曝光",
                  details={"outlet": None, "title": "", "url": "济南日报网", "published_on": "2026-13-01"})
    assert problems(body) == {"details.outlet": "不能为空", "details.title": "不能为空",
                              "details.url": "格式不正确", "details.published_on": "日期格式无效"}
    link = {"url": "https://www.jnnews.tv/a/1", "published_on": "2026-11-23"}
    prepared = check(report("media", "曝光", details=link))
    assert prepared.report.details["published_on"] == "2026-11-23"


def test_a_transfer_needs_the_department_and_its_document_number(problems: Any) -> None:
    assert problems(report("transfer", "转办", details={"from_department": None, "document_no": " "})) == {
        "details.from_department": "不能为空", "details.document_no": "不能为空"}


# --- seat corrections --------------------------------------------------------------------------------


def test_a_seat_may_correct_the_callback_wish(check: Any) -> None:
    current = check(report("hotline", "噪音扰民")).report.details
    assert edited_details(Channel.HOTLINE, current, {"callback": False}) == current | {"callback": False}
    with pytest.raises(ChannelError) as raised:
        edited_details(Channel.HOTLINE, current, {"hotline": "110", "line": "x"})
    assert raised.value.fields == {"details.hotline": "取值无效，可选：12345、12319", "details.line": "不允许的字段"}


def test_a_seat_may_not_change_what_a_device_sent_or_the_server_derived(check: Any) -> None:
    current = check(report("iot", "井盖倾斜")).report.details
    assert edited_details(Channel.IOT, current, dict(current)) == current  # the whole form sent back unchanged
    with pytest.raises(ChannelError) as raised:
        edited_details(Channel.IOT, current, {"device_id": "MH-0002", "reading": 1, "alarm_count": 9})
    assert raised.value.fields == {"details.device_id": "由感知设备上报，不能修改",
                                   "details.reading": "由感知设备上报，不能修改",
                                   "details.alarm_count": "由系统生成，不能修改"}
    video = check(report("video_ai", "占道经营")).report.details
    with pytest.raises(ChannelError) as raised:
        edited_details(Channel.VIDEO_AI, video, {"label": "暴露垃圾", "camera_name": "别处"})
    assert raised.value.fields == {"details.label": "由视频识别平台上报，不能修改",
                                   "details.camera_name": "由系统生成，不能修改"}


def test_seat_corrections_are_checked_as_at_intake(check: Any, rules: ChannelRules) -> None:
    public = check(report("public", "乱贴小广告")).report.details
    assert edited_details(Channel.PUBLIC, public, {"platform": "政府网站"}, rules)["platform"] == "政府网站"
    with pytest.raises(ChannelError) as raised:
        edited_details(Channel.PUBLIC, public, {"platform": "抖音"}, rules)
    assert raised.value.fields == {
        "details.platform": "上报平台无效，可选：微信公众号、微信小程序、城市管理APP、政府网站"}
    leader = check(report("leader", "交办")).report.details
    assert edited_details(Channel.LEADER, leader, {"due": "2026-11-30T10:00:00Z"})["due"] == "2026-11-30T10:00:00Z"


def test_the_form_knows_which_fields_a_seat_may_edit() -> None:
    assert editable_fields(Channel.HOTLINE) == ("hotline", "call_id", "callback")
    assert editable_fields(Channel.COLLECTOR) == ("source",)
    assert editable_fields(Channel.IOT) == ()


# --- the tables and the demo channels ---------------------------------------------------------------


def test_every_table_row_names_real_categories_and_sensors(catalogue: Catalogue, rules: ChannelRules,
                                                           city: City) -> None:
    for alarm in rules.alarm_types.values():
        assert set(alarm.device_kinds) <= set(rules.device_kinds), alarm.name
        for device in city.devices:
            if device.kind in alarm.device_kinds:
                category_id, condition_id = alarm.classify(device)
                assert category_id is not None and condition_id is not None
                assert catalogue.condition(condition_id)[0].id == category_id, (alarm.name, device.id)
    for label in rules.labels.values():
        assert 0 < label.confirm_below <= 1 and label.repeat_window > timedelta(0)
        if label.condition_id is not None:
            assert catalogue.condition(label.condition_id)[0].id == label.category_id, label.name
    assert {device.kind for device in city.devices} <= set(rules.device_kinds)


def test_every_simulated_report_is_accepted(city: City, catalogue: Catalogue, rules: ChannelRules) -> None:
    reports = generate_reports(random.Random(7), 200, city, catalogue, now=NOW)
    prepared = [prepare(item, city, catalogue, rules) for item in reports]
    keys = Counter(p.source_key for p in prepared if p.source_key and p.source_key.startswith("iot:"))
    assert max(keys.values()) > 1  # some sensors alarm again, so the demo shows repeats
    video = [p for p in prepared if p.report.channel is Channel.VIDEO_AI]
    waiting = [p for p in video if p.needs_confirmation]
    assert 0 < len(waiting) < len(video)
    assert all(p.note.startswith("视频识别置信度") for p in waiting)


# --- Chinese messages for any model ------------------------------------------------------------------


def test_field_errors_give_dotted_paths_and_the_first_message() -> None:
    class Inner(BaseModel):
        name: str = Field(min_length=2)

    class Outer(BaseModel):
        items: list[Inner]
        count: int

    with pytest.raises(ValidationError) as raised:
        Outer.model_validate({"items": [{"name": "ok"}, {"name": "x"}], "count": "many"})
    assert field_errors(raised.value, "body.") == {"body.items.1.name": "至少 2 个字", "body.count": "应为整数"}


def test_a_snapshot_may_be_any_image(check: Any) -> None:
    jpeg = {**PHOTO, "name": "抓拍.jpg", "content_type": "image/jpeg"}
    assert check(report("video_ai", "占道经营", attachments=[jpeg])).report.attachments[0].name == "抓拍.jpg"
