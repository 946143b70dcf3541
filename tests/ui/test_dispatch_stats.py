"""派遣统计 as the 值班长 reads it: a 回退 the 派遣员 approved, counted under the routing rule that chose the
department, and a 返工 after a failed 核查, counted for the department with its rate. The departments and
the collector answer through the API with their own accounts (the server runs without its demo
departments and collectors, so nothing answers in their place)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.helpers.server import ServerProcess
from tests.server.test_closing import checked, fed_back
from tests.server.test_dispatch import act, filed_case
from workstation.ui.dispatch_stats import DispatchStatsView


@pytest.fixture(scope="module")
def server(quiet_server: ServerProcess) -> ServerProcess:
    return quiet_server  # the departments and collectors answer through `api`, nobody in their place


def rows(tree) -> list[list[str]]:
    """A table as the seat reads it, cell by cell."""
    return [[tree.topLevelItem(row).text(column) for column in range(tree.columnCount())]
            for row in range(tree.topLevelItemCount())]


def opened(seat, qtbot) -> DispatchStatsView:
    """Shift+F9 (View ▸ 派遣统计): the view, opened and loaded."""
    qtbot.keyClick(seat.window, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: seat.window.dispatch_stats is not None and seat.window.dispatch_stats.isVisible())
    qtbot.waitUntil(lambda: seat.window.operations.pending() == 0, timeout=10000)
    return seat.window.dispatch_stats


def reload(view: DispatchStatsView, seat, qtbot) -> None:
    view.refresh_action.trigger()
    qtbot.waitUntil(lambda: seat.window.operations.pending() == 0, timeout=10000)


def test_the_shift_leader_sees_returns_per_rule_and_rework_per_department(open_seat, api, qtbot) -> None:
    leader = open_seat("leader01")
    view = opened(leader, qtbot)
    assert view.period.currentText() == "近30天"
    assert view.returns_table.isHidden() and view.rework_table.isHidden()
    assert view.returns_empty.text() == "这段时间没有部门申请回退。"
    assert view.rework_empty.text() == "这段时间没有派遣单。"

    case = filed_case(api)
    assert (case["suggested_department_id"], case["suggested_assist_ids"]) == ("D-HW", ["D-ZF"])
    case = api["seat01"].ok(case["id"], "dispatch", version=case["version"], department_id="D-HW")
    asked = act(api, "D-HW", case["id"], "request", kind="return", reason="非本单位职责")
    api["dispatcher01"].ok(case["id"], "decide", version=asked["version"], request_id=asked["requests"][0]["id"],
                           approve=True)
    checked(api, fed_back(api), passed=False)  # 主办区环卫中心 sent back as 返工; 协办区执法局 not

    reload(view, leader, qtbot)
    assert not view.returns_empty.isVisibleTo(view) and view.returns_table.isVisibleTo(view)
    assert view.returns_table.headerItem().text(0) == "小类"
    assert rows(view.returns_table) == [["暴露生活垃圾", case["suggestion_rule"], "区环卫中心", "1", "1"]]
    first = view.returns_table.topLevelItem(0)
    assert first.toolTip(0).startswith(case["category_id"])
    assert first.toolTip(2) == "历下区环境卫生服务中心（D-HW）"
    assert [view.rework_table.headerItem().text(column) for column in range(6)] == [
        "部门", "派遣单", "返工单", "返工次数", "返工率", "超时反馈"]
    assert rows(view.rework_table) == [["区环卫中心", "2", "1", "1", "50%", "0"],
                                       ["区执法局", "1", "0", "0", "0%", "0"]]

    view.period.setCurrentIndex(view.period.findText("全部"))
    qtbot.waitUntil(lambda: leader.window.operations.pending() == 0, timeout=10000)
    assert view.since.text() == "全部记录"
    assert rows(view.rework_table)[0] == ["区环卫中心", "2", "1", "1", "50%", "0"]
    view.close()


def test_an_acceptor_is_told_calmly_that_the_statistics_are_not_for_the_post(open_seat, qtbot) -> None:
    acceptor = open_seat("seat03")
    qtbot.keyClick(acceptor.window, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert acceptor.window.dispatch_stats is None  # not in a 受理员's menus
    view = DispatchStatsView(acceptor.session, acceptor.window.operations, acceptor.window)  # nor in the API:
    view.open_view()
    qtbot.waitUntil(lambda: acceptor.window.operations.pending() == 0, timeout=10000)
    assert acceptor.window.operations.open_messages()[-1] in ("您的岗位无权查看回退统计", "您的岗位无权查看返工统计")
