"""Intake and acceptance in the seat's window against the real server: a hotline call pops the form
with the caller's history, an IoT repeat updates its case instead of duplicating it, a low-confidence
video detection waits for confirmation, a point in a non-collection area is flagged, a 核实 task
round-trips, a crash leaves the seat's draft intact, and the keyboard and command line do it all."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from PySide6.QtCore import Qt

from tests.app.conftest import restart
from tests.helpers.reports import area_centre, report
from tests.helpers.server import start_server
from tests.ui.conftest import Seat, post_intake, type_text
from workstation.domain import channels
from workstation.domain.city import City
from workstation.domain.controls import Controls
from workstation.domain.models import Channel
from workstation.ui import labels
from workstation.ui.queue_model import CASE_ROLE, Column
from workstation.ui.queue_panel import Tab


def _row(panel, needle: str) -> int | None:
    for row in range(panel.proxy.rowCount()):
        case = panel.proxy.index(row, 0).data(CASE_ROLE)
        if needle in case.description:
            return row
    return None


def _open(seat, needle: str, tab: Tab = Tab.TO_ACCEPT) -> str:
    panel = seat.window.queue
    panel.select_tab(tab)
    seat.qtbot.waitUntil(lambda: _row(panel, needle) is not None, timeout=8000)
    case_id = panel.proxy.index(_row(panel, needle), 0).data(CASE_ROLE).id
    panel.select_case(case_id)
    seat.qtbot.waitUntil(lambda: seat.window.case_view.case is not None and seat.window.case_view._mine(
        seat.window.case_view.case), timeout=5000)
    return case_id


def _announce_call(server, phone: str, seat: str | None = None) -> None:
    token = server.login("channel-hotline")
    body = {"call_id": f"12345-{uuid.uuid4().hex[:8]}", "caller_phone": phone, "line": "12345"}
    if seat:
        body["seat"] = seat
    answer = httpx.post(f"{server.url}/api/v1/calls", json=body, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 201, answer.text


def test_a_hotline_call_pops_the_form_with_the_callers_history_and_is_filed_from_it(open_seat, qtbot, server):
    seat = open_seat()
    phone = "139" + "".join(random.choice("0123456789") for _ in range(8))
    earlier = post_intake(server, report("hotline", "上周反映的：楼下饭店门口占道经营", reporter={"name": "孙女士",
                                                                                   "phone": phone}))
    _announce_call(server, phone, seat="seat01")

    qtbot.waitUntil(lambda: bool(seat.window.intake_dialogs), timeout=8000)
    dialog = seat.window.intake_dialogs[-1]
    assert dialog.isVisible() and "12345" in dialog.windowTitle()
    history = [dialog.history.topLevelItem(i) for i in range(dialog.history.topLevelItemCount())]
    assert [item.text(2) for item in history] == ["待受理"]  # the earlier case and how it stands
    assert "占道经营" in history[0].text(3) or "占道经营" in history[0].toolTip(3)
    form = dialog.form
    assert form.reporter_phone.text() == phone
    assert form._details["hotline"].value() == "12345"

    marker = uuid.uuid4().hex[:6]
    type_text(qtbot, form.description, f"来电：经十路上垃圾桶满溢，垃圾散落一地（{marker}）")
    type_text(qtbot, form.reporter_name, "孙女士")
    city = City.load()
    address = city.nearest_address(city.grid("37010200500301").centre)
    type_text(qtbot, form.location.search, address)
    qtbot.keyClick(form.location.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.location.results.isVisible() and form.location.results.count() > 0, timeout=5000)
    qtbot.keyClick(form.location.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.location.grid is not None)
    assert form.location.grid_label.text().startswith("历下区 › 解放路街道 › ")
    type_text(qtbot, form.category.search, "ljmy")
    qtbot.keyClick(form.category.search, Qt.Key.Key_Return)
    assert form.selection() == ("SJ0192", "SJ0192-01")
    qtbot.keyClick(dialog, Qt.Key.Key_F2)  # 登记并立案

    panel = seat.window.queue
    qtbot.waitUntil(lambda: dialog not in seat.window.intake_dialogs, timeout=8000)  # registered and closed
    qtbot.waitUntil(lambda: panel.tab is Tab.TO_DISPATCH and _row(panel, marker) is not None, timeout=8000)
    case = seat.window.case_view.case
    assert case.state.value == "filed" and case.category_id == "SJ0192"
    assert case.reporter.phone == phone and case.grid.street == "解放路街道"
    assert earlier["id"] != case.id
    assert seat.window.drafts.new_cases() == []


def test_a_call_for_another_seat_does_not_pop_up_here(open_seat, qtbot, server):
    seat = open_seat()
    _announce_call(server, "13800009999", seat="seat02")
    marker = uuid.uuid4().hex[:6]
    post_intake(server, report("hotline", f"之后的案卷 {marker}"))
    qtbot.waitUntil(lambda: _row(seat.window.queue, marker) is not None, timeout=8000)
    assert seat.window.intake_dialogs == []


def test_an_iot_repeat_updates_its_case_instead_of_duplicating_it(open_seat, qtbot, server):
    seat = open_seat()
    panel = seat.window.queue
    device = City.load().devices[11]
    alarm = {"manhole": "井盖倾斜", "water_level": "积水水位超限", "bin": "垃圾满溢"}[device.kind]
    marker = uuid.uuid4().hex[:6]
    details = {"device_id": device.id, "alarm_type": alarm, "reading": 95}
    first = post_intake(server, report("iot", f"设备告警（{marker}）", details=details,
                                       reported_at=(datetime.now(UTC) - timedelta(minutes=3)).isoformat()),
                        account="channel-iot")
    qtbot.waitUntil(lambda: _row(panel, marker) is not None, timeout=8000)
    rows = panel.proxy.rowCount()
    token = server.login("channel-iot")
    again = httpx.post(f"{server.url}/api/v1/intake", headers={"Authorization": f"Bearer {token}"},
                       json=report("iot", "同一设备再次告警", details={**details, "reading": 99},
                                   reported_at=datetime.now(UTC).isoformat()))
    assert again.status_code == 200 and again.json()["id"] == first["id"]

    row = _row(panel, marker)
    qtbot.waitUntil(lambda: panel.proxy.index(row, Column.CHANNEL).data().endswith("×2"), timeout=8000)
    assert panel.proxy.rowCount() == rows  # no second row
    _open(seat, marker)
    assert "告警次数：2" in seat.window.case_view.form.details_text.text()


def test_a_low_confidence_detection_waits_in_to_confirm_until_the_seat_confirms_it(open_seat, qtbot, server):
    seat = open_seat()
    panel, view = seat.window.queue, seat.window.case_view
    marker = uuid.uuid4().hex[:6]
    camera = City.load().cameras[9]
    post_intake(server, report("video_ai", f"视频识别：疑似乱堆物料（{marker}）",
                               details={"camera_id": camera.id, "label": "乱堆物料", "confidence": 0.52}),
                account="channel-video")
    qtbot.waitUntil(lambda: "待确认 (" in panel.tabs.tabText(list(Tab).index(Tab.TO_CONFIRM)))
    qtbot.wait(300)
    assert _row(panel, marker) is None  # not among the cases to accept
    _open(seat, marker, Tab.TO_CONFIRM)
    assert view.confirm_action.isEnabled() and not view.file_action.isEnabled()

    qtbot.keyClick(seat.window, Qt.Key.Key_F7)  # 确认识别
    qtbot.waitUntil(lambda: view.case.state.value == "reported", timeout=5000)
    panel.select_tab(Tab.TO_ACCEPT)
    qtbot.waitUntil(lambda: _row(panel, marker) is not None)


def test_a_point_in_a_non_collection_area_is_flagged_and_moving_it_out_clears_the_flag(open_seat, qtbot, server):
    seat = open_seat()
    panel, view = seat.window.queue, seat.window.case_view
    city, controls = City.load(), Controls.load()
    inside = area_centre(controls.areas[0])
    flag = controls.place_flags(city, inside, city.locate(inside))[0]
    marker = uuid.uuid4().hex[:6]
    post_intake(server, report("public", f"院子里堆满了垃圾（{marker}）", location=inside.model_dump()),
                account="channel-public")
    qtbot.waitUntil(lambda: _row(panel, marker) is not None, timeout=8000)
    row = _row(panel, marker)
    assert flag.message in panel.proxy.index(row, Column.ADDRESS).data(Qt.ItemDataRole.ToolTipRole)
    assert panel.proxy.index(row, Column.ADDRESS).data(Qt.ItemDataRole.DecorationRole) is not None
    _open(seat, marker)
    form = view.form
    assert flag.message in form.flags_label.text() and form.flags_label.isVisible()

    outside = city.grid("37010200500301").centre
    type_text(qtbot, form.location.search, f"{outside.lon}, {outside.lat}")
    qtbot.keyClick(form.location.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.location.results.isVisible() and form.location.results.count() > 0, timeout=5000)
    qtbot.keyClick(form.location.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flag.message not in form.flags_label.text())
    qtbot.keyClick(seat.window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 保存修改
    qtbot.waitUntil(lambda: view.case.grid is not None and view.case.grid.code == "37010200500301", timeout=5000)
    assert all(f.code != "outside_collection_area" for f in view.case.flags)


def test_a_verification_task_goes_to_the_collector_and_the_answer_comes_back(open_seat, qtbot, server):
    seat = open_seat()
    view = seat.window.case_view
    marker = uuid.uuid4().hex[:6]
    post_intake(server, report("public", f"小区门口有人倾倒建筑垃圾（{marker}）"), account="channel-public")
    case_id = _open(seat, marker)

    qtbot.keyClick(seat.window, Qt.Key.Key_F6)  # 发送核实
    qtbot.waitUntil(lambda: view.case.state.value == "verifying", timeout=5000)
    assert view.verification_box.isVisible() and "等待" in view.verification.text()
    panel = seat.window.queue
    assert panel.proxy.index(_row(panel, marker), Column.STATE).data() == "核实中"

    qtbot.waitUntil(lambda: view.case_id == case_id and view.case.state.value == "reported", timeout=15000)
    task = view.case.verification
    assert task.answered_at is not None and task.photo_ids
    verdict = "属实" if task.confirmed else "不属实"
    qtbot.waitUntil(lambda: verdict in view.verification.text())
    assert any(a.id in task.photo_ids for a in view.case.attachments)


def test_the_seats_draft_survives_a_crash(open_seat, qtbot, server, tmp_path):
    seat = open_seat()
    window = seat.window
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # 新建案卷
    qtbot.waitUntil(lambda: bool(window.intake_dialogs))
    form = window.intake_dialogs[-1].form
    form.channel_picker.setCurrentIndex(form.channel_picker.findText("领导交办"))
    type_text(qtbot, form.description, "区领导交办：泉城路沿线夜间施工噪音扰民，请连夜处置")
    type_text(qtbot, form._details["leader"].widget, "王副区长")
    type_text(qtbot, form._details["instruction"].widget, "今晚处置到位，明早报结果")
    form.urgent.setChecked(True)
    draft_key = window.intake_dialogs[-1].key
    qtbot.waitUntil(lambda: window.drafts.get(draft_key) is not None
                    and "明早报结果" in str(window.drafts.get(draft_key).state))

    # a case being corrected, too
    marker = uuid.uuid4().hex[:6]
    post_intake(server, report("hotline", f"纠正测试（{marker}）"))
    case_id = _open(seat, marker)
    search = window.case_view.form.category.search
    type_text(qtbot, search, "bljl")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.drafts.get(case_id) is not None, timeout=3000)

    # the crash: no orderly shutdown, the process is gone; the next start reads the same folder
    crashed = seat.window
    crashed.hide()
    restarted = Seat(qtbot, server, "seat01", tmp_path / "seat01.ini")
    try:
        qtbot.waitUntil(lambda: bool(restarted.window.intake_dialogs))
        again = restarted.window.intake_dialogs[-1].form
        assert again.channel.value == "leader"
        assert again.description.toPlainText() == "区领导交办：泉城路沿线夜间施工噪音扰民，请连夜处置"
        assert again._details["leader"].value() == "王副区长"
        assert again._details["instruction"].value() == "今晚处置到位，明早报结果"
        assert again.urgent.isChecked()
        restarted.window.open_case(case_id)
        view = restarted.window.case_view
        qtbot.waitUntil(lambda: view.case_id == case_id and view.draft_banner.isVisible(), timeout=5000)
        assert view.form.selection()[0] == "SJ0110"
    finally:
        restarted.close()


def test_the_command_line_files_dispatches_and_opens_cases(open_seat, qtbot, server):
    seat = open_seat()
    window, view = seat.window, seat.window.case_view
    marker = uuid.uuid4().hex[:6]
    case = post_intake(server, report("hotline", f"命令行测试：路边有一堆生活垃圾没人管（{marker}）"))
    _open(seat, marker)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.command_line.hasFocus()
    type_text(qtbot, window.command_line, "la bljl")
    qtbot.keyClick(window.command_line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.case.state.value == "filed", timeout=5000)
    assert view.case.category_id == "SJ0110"
    type_text(qtbot, window.command_line, "pq")
    qtbot.keyClick(window.command_line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.case.state.value in ("dispatched", "handling"), timeout=5000)

    window.queue.select_tab(Tab.TO_ACCEPT)
    type_text(qtbot, window.command_line, f"#{case['id'][-4:]}")
    qtbot.keyClick(window.command_line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.case_id == case["id"])
    assert window.queue.tab is Tab.IN_PROGRESS


def test_f1_lists_the_keys(open_seat, qtbot):
    seat = open_seat()
    qtbot.keyClick(seat.window, Qt.Key.Key_F1)
    qtbot.waitUntil(seat.window.help.isVisible)
    text = " ".join(label.text() for label in seat.window.help.findChildren(type(seat.window.connection)))
    for words in ("立案", "F2", "派遣", "F4", "Ctrl+L", "la bljl"):
        assert words in text
    qtbot.keyClick(seat.window.help, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not seat.window.help.isVisible())


def test_a_leader_instruction_without_its_text_is_refused_field_by_field(open_seat, qtbot):
    seat = open_seat()
    dialog = seat.window.open_intake()
    form = dialog.form
    form.channel_picker.setCurrentIndex(form.channel_picker.findText("领导交办"))
    type_text(qtbot, form.description, "领导交办：解放路积水")
    type_text(qtbot, form._details["leader"].widget, "李主任")
    dialog.submit(file=False)
    qtbot.waitUntil(lambda: form.errors.isVisible(), timeout=5000)
    assert "批示内容：不能为空" in form.errors.text()
    assert dialog.isVisible()  # nothing lost: the seat fixes it and registers again


SEAT_CHANNEL_FIELDS = {
    "hotline": {},
    "public": {},
    "leader": {"leader": "王副区长", "instruction": "请今日内处理并回复"},
    "media": {"outlet": "济南日报", "title": "人行道护栏倒了没人扶"},
    "transfer": {"from_department": "历下区住房和城乡建设局", "document_no": "ZB-2026-0815"},
}


@pytest.mark.parametrize("channel", list(SEAT_CHANNEL_FIELDS))
def test_every_channel_a_seat_registers_goes_through_the_one_form(open_seat, qtbot, channel):
    seat = open_seat()
    dialog = seat.window.open_intake()
    qtbot.waitUntil(dialog.isActiveWindow)
    form = dialog.form
    form.channel_picker.setCurrentIndex(form.channel_picker.findData(channel))
    assert set(form._details) == set(channels.DETAILS[Channel(channel)].model_fields)  # the channel's own rows
    marker = uuid.uuid4().hex[:6]
    type_text(qtbot, form.description, f"人行道护栏倒伏，挡住行人（{marker}）")
    type_text(qtbot, form.reporter_phone, "13905316666")
    for key, value in SEAT_CHANNEL_FIELDS[channel].items():
        type_text(qtbot, form._details[key].widget, value)
    city = City.load()
    type_text(qtbot, form.location.search, city.nearest_address(city.grid("37010200300201").centre))
    qtbot.keyClick(form.location.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.location.results.isVisible() and form.location.results.count() > 0, timeout=5000)
    qtbot.keyClick(form.location.search, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 登记

    qtbot.waitUntil(lambda: dialog not in seat.window.intake_dialogs, timeout=8000)
    view = seat.window.case_view
    qtbot.waitUntil(lambda: view.case is not None and marker in view.case.description, timeout=5000)
    assert view.case.channel.value == channel and view.case.state.value == "reported"
    assert view.case.grid is not None and view.case.grid.street == "燕山街道"
    for key, value in SEAT_CHANNEL_FIELDS[channel].items():
        assert view.case.details[key] == value
    row = _row(seat.window.queue, marker)
    assert seat.window.queue.proxy.index(row, Column.CHANNEL).data() == labels.channel_name(Channel(channel))


def test_a_lost_connection_while_registering_loses_nothing(loop, qtbot, tmp_path):
    server = start_server(f"sqlite:///{tmp_path / 'own.db'}", tmp_path)
    servers = [server]
    seat = Seat(qtbot, server, "seat01", tmp_path / "seat01.ini")
    try:
        dialog = seat.window.open_intake()
        qtbot.waitUntil(dialog.isActiveWindow)
        form = dialog.form
        marker = uuid.uuid4().hex[:6]
        type_text(qtbot, form.description, f"断网测试：解放路井盖缺失（{marker}）")
        type_text(qtbot, form.reporter_phone, "13905317777")
        server.process.kill()
        server.process.wait(timeout=10)

        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: "服务器连接中断" in " ".join(seat.window.operations.open_messages()), timeout=15000)
        assert dialog.isVisible() and dialog.register_button.isEnabled()  # the seat can try again
        assert marker in str(seat.window.drafts.get(dialog.key).state)  # and what was typed is on disk

        servers.append(restart(server))
        qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)  # once the server is back
        qtbot.waitUntil(lambda: dialog not in seat.window.intake_dialogs, timeout=15000)
        token = server.login("seat01")
        cases = httpx.get(f"{server.url}/api/v1/cases", headers={"Authorization": f"Bearer {token}"}).json()
        assert len([c for c in cases["cases"] if marker in c["description"]]) == 1
        assert seat.window.drafts.new_cases() == []
    finally:
        seat.close()
        for process in servers:
            process.stop()
