"""相似案卷 in the seat's window against the real server: a planted duplicate (same 小类, about 20 m
away, reported later in other words) is marked in the queue and shown beside the original; 合并 closes
it as 重复案卷 and the original lists its caller; 不是重复 is recorded and the mark goes; the keys, the
command line and the 值班长's statistics work."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QToolButton

from tests.helpers.reports import report
from tests.ui.conftest import post_intake, type_text
from workstation.domain import places
from workstation.domain.city import City
from workstation.ui.case_view import HISTORY_NOTE
from workstation.ui.queue_model import Column
from workstation.ui.queue_panel import Tab

# About 20 m north: 0.00018° of latitude.
NEARBY = 0.00018


def plant(server, city: City, collector_index: int) -> tuple[str, str, str]:
    """A collector's report with a photo, then a caller's report of the same 暴露垃圾 20 m away in
    other words. Each test plants at its own collector's grid, so the pairs do not meet."""
    marker = uuid.uuid4().hex[:6]
    collector = city.collectors[collector_index]
    centre = city.grid(collector.grid_codes[0]).centre
    original = report("collector", f"路边有一堆生活垃圾无人清理，已经散发异味（{marker}）", category_id="SJ0110",
                      location=centre.model_dump(), details={"collector_id": collector.id})
    later = report("hotline", f"市民来电：路边垃圾堆了好几天没人收，气味很大（{marker}）", category_id="SJ0110",
                   location={"lon": centre.lon, "lat": round(centre.lat + NEARBY, 6)},
                   reporter={"name": "赵女士", "phone": "13905318888"})
    first = post_intake(server, original, account="channel-collector")
    second = post_intake(server, later)
    return str(first["id"]), str(second["id"]), marker


def address_cell(seat, case_id: str, role: int = Qt.ItemDataRole.DisplayRole) -> str:
    model = seat.window.queue.model
    row = model.row_of(case_id)
    return "" if row is None else str(model.index(row, Column.ADDRESS).data(role) or "")


def history(view) -> list[tuple[str, str]]:
    return [(view.timeline.topLevelItem(i).text(1), view.timeline.topLevelItem(i).text(HISTORY_NOTE))
            for i in range(view.timeline.topLevelItemCount())]


def open_duplicate(seat, qtbot, original: str, duplicate: str) -> None:
    """Wait for the mark, open the duplicate, and wait until the seat holds it and the original loaded."""
    qtbot.waitUntil(lambda: address_cell(seat, duplicate).startswith("疑似重复 · "), timeout=10000)
    view = seat.window.case_view
    seat.window.open_case(duplicate)
    qtbot.waitUntil(lambda: "您已认领此案卷" in view.lease_banner.text(), timeout=5000)
    qtbot.waitUntil(lambda: view.similar.candidate_case(original) is not None, timeout=5000)


def test_a_planted_duplicate_is_marked_in_the_queue_and_shown_beside_the_original(open_seat, qtbot, server, city):
    seat = open_seat()
    view = seat.window.case_view
    original, duplicate, marker = plant(server, city, 10)

    qtbot.waitUntil(lambda: address_cell(seat, duplicate).startswith("疑似重复 · "), timeout=10000)
    tooltip = address_cell(seat, duplicate, Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith(f"疑似与 {original} 重复：") and "米" in tooltip
    assert not address_cell(seat, original).startswith("疑似重复")  # the first report is not the duplicate

    with qtbot.waitSignal(view.similar_shown, timeout=2000) as shown:
        seat.window.open_case(duplicate)
    assert original in shown.args[0]
    panel = view.similar
    assert panel.isVisibleTo(seat.window) and panel.title().startswith("相似案卷（")
    first = panel.candidates.topLevelItem(0)
    assert first.text(0) == original and first.text(1).endswith("%") and first.text(2) == "待受理"
    assert "同一小类" in first.text(3)
    summary = panel.findChild(QLabel, "similarSummary").text()
    assert summary.startswith(f"本案卷疑似与 {original} 重复（相似度 {first.text(1)}）")

    def cell(name: str) -> str:
        return panel.findChild(QLabel, name).text()

    qtbot.waitUntil(lambda: marker in cell("similarOther_description"), timeout=5000)
    assert cell("similarThis_case") == f"本案卷 {duplicate}" and cell("similarOther_case") == f"相似案卷 {original}"
    assert cell("similarThis_channel") == "12345热线" and cell("similarOther_channel") == "信息采集员"
    assert cell("similarThis_reporter").startswith("赵女士")
    assert cell("similarOther_reporter").startswith(city.collectors[10].name)
    assert "垃圾堆了好几天" in cell("similarThis_description")
    assert cell("similarOther_distance").startswith("相距 ") and "米" in cell("similarOther_distance")
    assert cell("similarOther_state") == "待受理"
    assert cell("similarThis_reported") and cell("similarOther_reported")
    assert cell("similarThis_address") and cell("similarOther_address")
    photo = lambda: panel.comparison.findChildren(QToolButton, "similarPhoto")  # noqa: E731
    qtbot.waitUntil(lambda: any(not button.icon().isNull() for button in photo()), timeout=5000)  # the collector's

    qtbot.keyClick(seat.window, Qt.Key.Key_F8)  # to the candidates, to go through them with the arrows
    qtbot.waitUntil(panel.candidates.hasFocus)


def test_merge_with_ctrl_m_closes_it_as_a_duplicate_and_the_original_lists_the_caller(open_seat, qtbot, server,
                                                                                         city):
    seat = open_seat()
    window, view = seat.window, seat.window.case_view
    original, duplicate, _marker = plant(server, city, 11)
    open_duplicate(seat, qtbot, original, duplicate)
    qtbot.waitUntil(view.merge_action.isEnabled)
    assert view.buttons[view.merge_action].text() == "合并到相似案卷  Ctrl+M"

    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(view, "merge_dialog", None) is not None and view.merge_dialog.isVisible())
    dialog = view.merge_dialog
    assert dialog.windowTitle() == "合并为重复案卷"
    assert dialog.findChild(QLabel, "mergeTarget").text().startswith(f"<b>{original}</b>")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: view.case.duplicate_of == original, timeout=5000)
    assert view.title.text().endswith("重复案卷")
    assert view.duplicate_banner.isVisibleTo(window)
    assert view.duplicate_banner.text().startswith(f"重复案卷：已合并到 {original}")
    qtbot.waitUntil(lambda: "合并为重复案卷" in [step for step, _note in history(view)], timeout=5000)
    assert not view.merge_action.isEnabled() and not view.not_duplicate_action.isEnabled()
    assert view.similar.findChild(QLabel, "similarDecision").text() == "已判定：合并为重复案卷（张敏）"
    window.queue.select_tab(Tab.ENDED)
    qtbot.waitUntil(lambda: window.queue.select_case(duplicate))
    row = window.queue.view.currentIndex().row()
    assert window.queue.proxy.index(row, Column.STATE).data() == "重复案卷"
    assert address_cell(seat, duplicate).startswith(f"→ #{original[-6:]} · ")
    assert address_cell(seat, duplicate, Qt.ItemDataRole.ToolTipRole).startswith(f"重复案卷，已合并到 {original}")

    window.open_case(original)
    qtbot.waitUntil(lambda: view.linked.isVisibleTo(window), timeout=5000)
    assert view.linked.title() == "关联上报（1）"
    row = view.linked.list.topLevelItem(0)
    linked = view.case.linked[0]
    assert row.text(1) == "12345热线" and row.text(2) == "赵女士"
    assert row.text(3) == linked.reporter.phone and row.text(3).endswith("8888")
    assert "垃圾堆了好几天" in row.text(4) and row.text(5) == "张敏"
    qtbot.waitUntil(lambda: "关联重复上报" in [step for step, _note in history(view)], timeout=5000)


def test_not_a_duplicate_with_ctrl_shift_m_is_recorded_and_the_mark_goes(open_seat, qtbot, server, city):
    seat = open_seat()
    window, view = seat.window, seat.window.case_view
    original, duplicate, _marker = plant(server, city, 12)
    open_duplicate(seat, qtbot, original, duplicate)
    qtbot.waitUntil(view.not_duplicate_action.isEnabled)

    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    decision = view.similar.findChild(QLabel, "similarDecision")
    qtbot.waitUntil(lambda: decision.text() == "已判定：不是重复（张敏）", timeout=5000)
    assert decision.isVisibleTo(window)
    assert view.case.state.value == "reported"  # it stays in 待受理, to be filed as its own case
    assert not address_cell(seat, duplicate).startswith("疑似重复")
    assert not view.not_duplicate_action.isEnabled()
    qtbot.waitUntil(lambda: "判定不是重复" in [step for step, _note in history(view)], timeout=5000)
    assert view.file_action.isEnabled()  # 立案 (F2) is the way on


def test_the_command_line_merges_into_a_candidate_by_number_and_records_not_duplicate_with_a_note(
        open_seat, qtbot, server, city):
    seat = open_seat()
    window, view = seat.window, seat.window.case_view
    original, duplicate, _marker = plant(server, city, 13)
    open_duplicate(seat, qtbot, original, duplicate)
    qtbot.waitUntil(view.merge_action.isEnabled)

    type_text(qtbot, window.command_line, f"hb {original[-4:]}")
    qtbot.keyClick(window.command_line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(view, "merge_dialog", None) is not None and view.merge_dialog.isVisible())
    assert view.merge_dialog.target_id == original
    qtbot.keyClick(view.merge_dialog, Qt.Key.Key_Escape)  # the seat changes its mind: nothing happens
    qtbot.waitUntil(lambda: not view.merge_dialog.isVisible())
    assert view.case.duplicate_of is None

    type_text(qtbot, window.command_line, "不是重复")
    type_text(qtbot, window.command_line, " 位置相近但是两处垃圾")
    qtbot.keyClick(window.command_line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(step == "判定不是重复" and note.endswith("位置相近但是两处垃圾")
                                for step, note in history(view)), timeout=5000)
    assert not address_cell(seat, duplicate).startswith("疑似重复")


def test_f1_lists_the_similar_case_keys_and_commands(open_seat, qtbot):
    seat = open_seat()
    qtbot.keyClick(seat.window, Qt.Key.Key_F1)
    qtbot.waitUntil(seat.window.help.isVisible)
    texts = [label.text() for label in seat.window.help.findChildren(QLabel)]
    for text in ("合并到相似案卷", "Ctrl+M", "不是重复", "Ctrl+Shift+M", "相似案卷", "F8", "hb 合并", "bscf 不是重复"):
        assert text in texts, text
    assert "相似案卷统计" not in texts  # the statistics are the 值班长's


def test_the_shift_leader_opens_the_similar_case_statistics_with_f9(open_seat, qtbot, server, city):
    leader = open_seat("leader01")
    plant(server, city, 14)
    qtbot.keyClick(leader.window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: leader.window.stats_view is not None and leader.window.stats_view.isVisible())
    stats = leader.window.stats_view
    qtbot.waitUntil(lambda: stats.since.text().startswith("统计自 "), timeout=5000)
    assert stats.windowTitle() == "相似案卷统计"
    assert int(stats.numbers["checked"].text()) >= 2
    assert int(stats.numbers["warned"].text().split("（")[0]) >= 1
    assert int(stats.numbers["undecided"].text().split("（")[0]) >= 1
    stats.close()


def test_a_call_about_a_known_problem_is_warned_while_the_seat_writes_it(open_seat, qtbot, server, city):
    """The seat taking a call sees, before registering, that the problem is already reported, and by
    whom it stands; the registered case then arrives with the warning, ready to merge."""
    collector = city.collectors[16]
    address = city.nearest_address(city.grid(collector.grid_codes[0]).centre)
    door = places.search(city, address, 1)[0].point  # the collector stood at the door the caller names
    marker = uuid.uuid4().hex[:6]
    known = post_intake(server, report("collector", f"路边有一堆生活垃圾无人清理（{marker}）", category_id="SJ0110",
                                       location=door.model_dump(), details={"collector_id": collector.id}),
                        account="channel-collector")
    seat = open_seat()
    dialog = seat.window.open_intake()
    form = dialog.form
    type_text(qtbot, form.description, f"市民来电：路边垃圾好几天没人收（{marker}）")
    type_text(qtbot, form.reporter_phone, "13905317777")
    type_text(qtbot, form.location.search, address)
    qtbot.keyClick(form.location.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.location.results.isVisible() and form.location.results.count() > 0, timeout=5000)
    qtbot.keyClick(form.location.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.location.grid is not None)
    type_text(qtbot, form.category.search, "bllj")
    qtbot.keyClick(form.category.search, Qt.Key.Key_Return)
    assert form.selection()[0] == "SJ0110"

    notice = dialog.similar_notice
    qtbot.waitUntil(lambda: notice.isVisible() and f"#{known['id']}" in notice.text(), timeout=5000)
    first, line = notice.text().split("\n")[:2]
    assert first.startswith("疑似已有相同问题")
    assert line.startswith(f"#{known['id']} · 待受理 · 同一小类，")

    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 登记
    qtbot.waitUntil(lambda: dialog not in seat.window.intake_dialogs, timeout=8000)
    view = seat.window.case_view
    qtbot.waitUntil(lambda: view.case is not None and marker in view.case.description, timeout=5000)
    assert view.case.similar is not None and view.case.similar.warn
    assert view.case.similar.candidates[0].case_id == known["id"]

