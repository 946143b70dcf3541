"""The seat's window against the real server: the queue fills live, a case is filed, rejected and
dispatched from the keyboard, and the department's signing shows in the case history."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.helpers.reports import report
from tests.ui.conftest import post_intake
from workstation.domain.city import City
from workstation.domain.deadline import Light
from workstation.ui.queue_model import LIGHT_COLOURS, Column
from workstation.ui.queue_panel import Tab

CHANNEL_NAMES = {"信息采集员", "12345热线", "物联网告警", "视频智能识别", "公众上报"}


def rows(panel) -> list[dict[Column, object]]:
    """What the seat reads in the visible queue, cell by cell."""
    return [
        {column: panel.proxy.index(row, column).data() for column in Column}
        for row in range(panel.proxy.rowCount())
    ]


def row_with(panel, needle: str) -> int | None:
    for row in range(panel.proxy.rowCount()):
        case = panel.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole + 1)
        if needle in case.description:
            return row
    return None


def hotline_report(description: str) -> dict:
    city = City.load("demo")
    point = city.cells[len(city.cells) // 2].centre
    return report("hotline", description, location=point.model_dump(),
                  reporter={"name": "王先生", "phone": "13905311234"})


def test_queue_shows_each_case_with_channel_category_grid_and_a_coloured_timer(open_seat, qtbot):
    seat = open_seat()
    panel = seat.window.queue
    qtbot.waitUntil(lambda: panel.proxy.rowCount() > 0)

    assert panel.tabs.tabText(0) == f"待受理 ({panel.proxy.rowCount()})"
    for cells in rows(panel):
        assert cells[Column.CHANNEL] in CHANNEL_NAMES
        assert cells[Column.STATE] == "待受理"
        assert cells[Column.CATEGORY]
        assert cells[Column.ADDRESS]
        assert str(cells[Column.TIMER]).startswith(("剩", "超"))
    colours = {
        panel.proxy.index(row, Column.TIMER).data(Qt.ItemDataRole.BackgroundRole).color().name()
        for row in range(panel.proxy.rowCount())
    }
    assert colours <= {QColor(colour).name() for colour in LIGHT_COLOURS.values()}
    overdue = [
        row
        for row in range(panel.proxy.rowCount())
        if str(panel.proxy.index(row, Column.TIMER).data())[0] == "超"
    ]
    for row in overdue:  # past the 受理 limit: red, by DOMAIN.md §2.6
        assert (
            panel.proxy.index(row, Column.TIMER).data(Qt.ItemDataRole.BackgroundRole).color()
            == LIGHT_COLOURS[Light.RED]
        )


def test_a_new_report_appears_in_the_queue_without_refresh(open_seat, qtbot, server):
    seat = open_seat()
    panel = seat.window.queue
    qtbot.waitUntil(lambda: panel.proxy.rowCount() > 0)
    before = panel.proxy.rowCount()
    marker = uuid.uuid4().hex[:6]

    post_intake(server, hotline_report(f"历山路路口有人占道经营卖水果，影响通行（{marker}）"))

    qtbot.waitUntil(lambda: row_with(panel, marker) is not None, timeout=5000)
    row = row_with(panel, marker)
    assert panel.proxy.rowCount() == before + 1
    assert panel.proxy.index(row, Column.CHANNEL).data() == "12345热线"
    assert panel.proxy.index(row, Column.CATEGORY).data() == "占道经营"
    assert panel.proxy.index(row, Column.GRID).data() != "网格外"
    assert panel.tabs.tabText(0) == f"待受理 ({before + 1})"


def test_seat_files_and_dispatches_with_two_keys_and_sees_the_department_sign(open_seat, qtbot, server):
    seat = open_seat()
    window, panel, view = seat.window, seat.window.queue, seat.window.case_view
    marker = uuid.uuid4().hex[:6]
    post_intake(server, hotline_report(f"文化东路有人占道经营，摊位堵住人行道（{marker}）"))
    qtbot.waitUntil(lambda: row_with(panel, marker) is not None, timeout=5000)

    panel.select_case(panel.proxy.index(row_with(panel, marker), 0).data(Qt.ItemDataRole.UserRole + 1).id)
    case_id = view.case_id
    assert marker in view.form.description.toPlainText()
    assert view.form.category.search.text().startswith("占道经营")
    assert view.form.category.limit.text() and view.form.category.close_condition.text()
    assert view.suggestion.text()  # the suggested department and the rule that chose it
    qtbot.waitUntil(lambda: "您已认领此案卷" in view.lease_banner.text())

    qtbot.keyClick(window, Qt.Key.Key_F2)  # 立案
    qtbot.waitUntil(lambda: view.case.state.value == "filed", timeout=5000)
    assert row_with(panel, marker) is None  # it left 待受理 …
    panel.select_tab(Tab.TO_DISPATCH)
    qtbot.waitUntil(lambda: row_with(panel, marker) is not None)  # … and waits in 待派遣
    panel.select_case(case_id)
    suggested = view.case.suggested_department_id

    qtbot.keyClick(window, Qt.Key.Key_F4)  # 派遣 to the suggestion
    qtbot.waitUntil(lambda: view.case.state.value in ("dispatched", "handling"), timeout=5000)
    assert view.case.department_id == suggested
    qtbot.waitUntil(lambda: view.case.state.value == "handling", timeout=10000)  # the demo department signs
    steps = lambda: [view.timeline.topLevelItem(i).text(1) for i in range(view.timeline.topLevelItemCount())]  # noqa: E731
    qtbot.waitUntil(lambda: steps()[-1:] == ["部门签收"], timeout=5000)
    assert steps()[0] == "上报"
    assert "立案" in steps() and "派遣" in steps()


def test_rejecting_needs_a_reason_from_the_list(open_seat, qtbot, server):
    seat = open_seat()
    panel, view = seat.window.queue, seat.window.case_view
    marker = uuid.uuid4().hex[:6]
    post_intake(server, hotline_report(f"测试来电，无具体问题（{marker}）"))
    qtbot.waitUntil(lambda: row_with(panel, marker) is not None, timeout=5000)
    panel.select_case(panel.proxy.index(row_with(panel, marker), 0).data(Qt.ItemDataRole.UserRole + 1).id)

    qtbot.keyClick(seat.window, Qt.Key.Key_F3)
    qtbot.waitUntil(
        lambda: getattr(view, "reject_dialog", None) is not None and view.reject_dialog.isVisible()
    )
    dialog = view.reject_dialog
    assert set(dialog.kind_buttons) == {"not_accepted", "cancelled"}
    dialog.kind_buttons["cancelled"].setChecked(True)
    assert dialog.reason.count() > 0
    reason = dialog.reason.itemText(dialog.reason.count() - 1)
    dialog.reason.setCurrentText(reason)
    dialog.note.setPlainText("来电人表示是测试")
    dialog.accept()

    qtbot.waitUntil(lambda: view.case.state.value == "cancelled", timeout=5000)
    qtbot.waitUntil(
        lambda: any(
            view.timeline.topLevelItem(i).text(1) == "作废" for i in range(view.timeline.topLevelItemCount())
        ),
        timeout=5000,
    )
    panel.select_tab(Tab.ENDED)
    qtbot.waitUntil(lambda: row_with(panel, marker) is not None)
    assert panel.proxy.index(row_with(panel, marker), Column.STATE).data() == "已作废"


def test_an_iot_alarm_shows_its_device_and_reading_in_chinese(open_seat, qtbot, server):
    seat = open_seat()
    panel, view = seat.window.queue, seat.window.case_view
    city = City.load("demo")
    device = [d for d in city.devices if d.kind == "manhole"][-1]
    marker = uuid.uuid4().hex[:6]
    alarm = report("iot", f"井盖倾斜告警，倾角23.5°（{marker}）", reported_at=datetime.now(UTC).isoformat(),
                   details={"device_id": device.id, "alarm_type": "井盖倾斜", "reading": 23.5})
    post_intake(server, alarm, account="channel-iot")
    qtbot.waitUntil(lambda: row_with(panel, marker) is not None, timeout=5000)
    panel.select_case(panel.proxy.index(row_with(panel, marker), 0).data(Qt.ItemDataRole.UserRole + 1).id)

    details = view.form.details_text.text()
    assert f"设备：{device.id}" in details
    assert "设备类型：智能井盖" in details and "读数：23.5°" in details and "阈值：10°" in details
    assert "device_kind" not in details and "unit" not in details
    assert panel.proxy.index(row_with(panel, marker), Column.CHANNEL).data() == "物联网告警"
    assert view.form.location.address.text() == city.nearest_address(device.location)
    assert view.case.urgent and view.case.category_id == (device.category_id or "BJ0103")  # from the alarm table
