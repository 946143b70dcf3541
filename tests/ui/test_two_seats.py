"""Two seats on one server: leases show who holds a case, a filed case leaves the other queue, and
when both act at once exactly one succeeds and the other is told, in Chinese, who got there first."""

from __future__ import annotations

import uuid

from tests.ui.conftest import post_intake, run
from tests.ui.test_seat_window import hotline_report, row_with
from workstation.ui.actions import plain_text
from workstation.ui.queue_model import Column
from workstation.ui.queue_panel import Tab


def arrive(qtbot, server, *seats) -> str:
    """Post a new hotline report and wait until every seat's queue shows it; returns its case id."""
    marker = uuid.uuid4().hex[:6]
    case = post_intake(server, hotline_report(f"山大路人行道上有人占道经营（{marker}）"))
    for seat in seats:
        qtbot.waitUntil(lambda seat=seat: row_with(seat.window.queue, marker) is not None, timeout=5000)
    return str(case["id"])


def holder_cell(seat, case_id: str) -> str:
    panel = seat.window.queue
    row = panel.model.row_of(case_id)
    return str(panel.model.index(row, Column.HOLDER).data() or "")


def test_the_other_seat_sees_who_holds_a_case_and_cannot_act_on_it(open_seat, qtbot, server):
    zhang, li = open_seat("seat01"), open_seat("seat02")
    case_id = arrive(qtbot, server, zhang, li)

    zhang.window.queue.select_case(case_id)
    qtbot.waitUntil(lambda: holder_cell(li, case_id) == "张敏", timeout=5000)
    li.window.queue.select_case(case_id)

    banner = li.window.case_view.lease_banner
    assert banner.isVisibleTo(li.window) and banner.text().startswith("张敏 正在处理此案卷")
    assert not li.window.case_view.file_action.isEnabled()
    assert not li.window.case_view.reject_action.isEnabled()


def test_a_case_filed_by_one_seat_leaves_the_other_seats_queue(open_seat, qtbot, server):
    zhang, li = open_seat("seat01"), open_seat("seat02")
    case_id = arrive(qtbot, server, zhang, li)
    li_rows = li.window.queue.proxy.rowCount()

    zhang.window.queue.select_case(case_id)
    qtbot.waitUntil(lambda: zhang.window.case_view.file_action.isEnabled())
    zhang.window.case_view.file_action.trigger()

    qtbot.waitUntil(lambda: li.window.queue.proxy.rowCount() == li_rows - 1, timeout=5000)
    assert li.session.store.get(case_id).state.value == "filed"
    assert li.window.queue.tabs.tabText(list(Tab).index(Tab.TO_DISPATCH)).startswith("待派遣 (")


def test_when_both_seats_file_at_once_one_wins_and_the_other_is_told_who(open_seat, qtbot, server):
    zhang, li = open_seat("seat01"), open_seat("seat02")
    case_id = arrive(qtbot, server, zhang, li)

    for seat in (zhang, li):  # both open the case in the same instant, before either claim is answered
        seat.window.queue.select_case(case_id)
    for seat in (zhang, li):
        assert seat.window.case_view.file_action.isEnabled()
        seat.window.case_view.file_action.trigger()

    def settled() -> bool:
        return all(s.window.operations.pending() == 0 for s in (zhang, li)) and all(
            s.session.store.get(case_id).state.value == "filed" for s in (zhang, li)
        )

    qtbot.waitUntil(settled, timeout=10000)
    told = {seat.session.user.name: seat.window.operations.open_messages() for seat in (zhang, li)}
    losers = [name for name, messages in told.items() if messages]
    assert len(losers) == 1, told
    winner = ({"张敏", "李强"} - set(losers)).pop()
    assert winner in told[losers[0]][-1]

    detail = zhang.session.store.get(case_id)
    assert detail.state.value == "filed"
    history = run(qtbot, zhang.session.case_detail(case_id)).history
    assert [entry.action for entry in history].count("file") == 1
    assert next(entry.actor_name for entry in history if entry.action == "file") == winner


def test_every_case_action_is_in_the_menu_with_its_shortcut_and_tooltip(open_seat):
    seat = open_seat()
    shortcuts = {
        plain_text(action.text()): action.shortcut().toString()
        for menu_action in seat.window.menuBar().actions()
        for action in menu_action.menu().actions()
        if action.text()
    }
    assert shortcuts["立案"] == "F2"
    assert shortcuts["不予受理/作废"] == "F3"
    assert shortcuts["派遣"] == "F4"
    assert shortcuts["下一个案卷"] == "Alt+Down"
    assert shortcuts["刷新"] == "F5"
    assert seat.window.case_view.file_action.toolTip() == "立案 (F2)"
