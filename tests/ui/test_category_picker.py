"""分类 on the acceptance form: the seat finds, browses and picks the 小类 and 立案条件 by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QListWidget, QTreeWidget

from workstation.domain.catalogue import Catalogue
from workstation.ui.category_picker import CategoryPicker


@pytest.fixture
def picker(qtbot, catalogue: Catalogue) -> CategoryPicker:
    widget = CategoryPicker(catalogue)
    qtbot.addWidget(widget)
    widget.resize(560, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


class Parts:
    def __init__(self, picker: CategoryPicker) -> None:
        self.search = picker.findChild(QLineEdit, "categorySearch")
        self.results = picker.findChild(QListWidget, "categoryResults")
        self.tree = picker.findChild(QTreeWidget, "categoryTree")
        self.conditions = picker.findChild(QComboBox, "conditionPicker")
        self.limit = picker.findChild(QLabel, "conditionLimit")
        self.close = picker.findChild(QLabel, "closeCondition")


def record(picker: CategoryPicker) -> list[tuple[str, str]]:
    emitted: list[tuple[str, str]] = []
    picker.chosen.connect(lambda category, condition: emitted.append((category, condition)))
    return emitted


def type_query(qtbot, parts: Parts, text: str) -> None:
    """Type into the search line: letters as key presses, Chinese as an input method commits it."""
    parts.search.setFocus()
    parts.search.selectAll()
    if text.isascii():
        qtbot.keyClicks(parts.search, text)
    else:
        commit = QInputMethodEvent()
        commit.setCommitString(text)
        QApplication.sendEvent(parts.search, commit)
    qtbot.waitUntil(parts.results.isVisible)


def test_initials_then_enter_pick_the_category_and_its_first_condition(qtbot, picker: CategoryPicker) -> None:
    parts = Parts(picker)
    emitted = record(picker)
    assert "bllj" in parts.search.placeholderText()
    type_query(qtbot, parts, "bljl")
    first = parts.results.item(0).text()
    assert first.startswith("暴露生活垃圾 · 市容环境 · ") and "0110" in first
    qtbot.keyClick(parts.search, Qt.Key.Key_Return)
    assert picker.selection() == ("SJ0110", "SJ0110-01")
    assert emitted == [("SJ0110", "SJ0110-01")]
    assert not parts.results.isVisible()
    assert parts.search.text().startswith("暴露生活垃圾")
    assert parts.limit.text() == "4小时"
    assert parts.close.text() == "清理"


def test_down_then_enter_picks_the_second_result(qtbot, picker: CategoryPicker) -> None:
    parts = Parts(picker)
    emitted = record(picker)
    type_query(qtbot, parts, "0110")  # 部件 热力井盖 and 事件 暴露生活垃圾 share the code
    rows = [parts.results.item(row).text() for row in range(parts.results.count())]
    assert rows[0].startswith("热力井盖") and rows[1].startswith("暴露生活垃圾")
    qtbot.keyClick(parts.search, Qt.Key.Key_Down)
    qtbot.keyClick(parts.search, Qt.Key.Key_Return)
    assert picker.selection() == ("SJ0110", "SJ0110-01")
    assert emitted == [("SJ0110", "SJ0110-01")]


def test_a_matched_condition_is_shown_and_taken(qtbot, picker: CategoryPicker) -> None:
    parts = Parts(picker)
    type_query(qtbot, parts, "路灯不亮")
    assert parts.results.item(0).text().splitlines()[1].strip().startswith("单盏不亮")
    qtbot.keyClick(parts.search, Qt.Key.Key_Enter)
    category_id, condition_id = picker.selection()
    assert category_id == "BJ0137"
    assert parts.conditions.currentText().startswith("单盏不亮")
    assert condition_id == parts.conditions.currentData()


def test_the_condition_selector_lists_conditions_with_limits_and_switching_shows_them(
    qtbot, picker: CategoryPicker, catalogue: Catalogue
) -> None:
    parts = Parts(picker)
    emitted = record(picker)
    type_query(qtbot, parts, "上水井盖")
    qtbot.keyClick(parts.search, Qt.Key.Key_Return)
    conditions = catalogue.category("BJ0101").conditions
    assert [parts.conditions.itemText(row) for row in range(parts.conditions.count())] == [
        f"{condition.text} · {condition.limit_text}" for condition in conditions
    ]
    assert (parts.limit.text(), parts.close.text()) == ("2紧急工作时", "恢复")
    parts.conditions.setFocus()
    qtbot.keyClick(parts.conditions, Qt.Key.Key_Down)
    assert picker.selection() == ("BJ0101", "BJ0101-02")
    assert (parts.limit.text(), parts.close.text()) == ("4小时", "更换或修复")
    assert emitted == [("BJ0101", "BJ0101-01"), ("BJ0101", "BJ0101-02")]


def test_escape_closes_the_list_and_restores_the_choice(qtbot, picker: CategoryPicker) -> None:
    parts = Parts(picker)
    emitted = record(picker)
    picker.set_selection("BJ0402", "BJ0402-01")
    shown = parts.search.text()
    assert shown.startswith("行道树")
    type_query(qtbot, parts, "jgqs")
    qtbot.keyClick(parts.search, Qt.Key.Key_Down)
    qtbot.keyClick(parts.search, Qt.Key.Key_Escape)
    assert not parts.results.isVisible()
    assert parts.search.text() == shown
    assert picker.selection() == ("BJ0402", "BJ0402-01")
    assert emitted == []


def test_set_selection_shows_the_choice_without_emitting(qtbot, picker: CategoryPicker) -> None:
    parts = Parts(picker)
    emitted = record(picker)
    picker.set_selection("SJ0110", "SJ0110-01")
    assert picker.selection() == ("SJ0110", "SJ0110-01")
    assert parts.search.text().startswith("暴露生活垃圾")
    assert (parts.limit.text(), parts.close.text()) == ("4小时", "清理")
    picker.set_selection("SJ0503", None)  # a suggested 小类 without a condition yet
    assert picker.selection() == ("SJ0503", None)
    assert parts.conditions.currentIndex() == -1 and parts.conditions.count() == 2
    assert parts.limit.text() == ""
    picker.set_selection(None, None)
    assert picker.selection() == (None, None)
    assert parts.search.text() == "" and parts.conditions.count() == 0
    picker.set_selection("SJ9999", None)  # not in this catalogue
    assert picker.selection() == (None, None)
    assert emitted == []


def test_browsing_the_tree_by_keyboard_picks_a_category(qtbot, picker: CategoryPicker) -> None:
    parts = Parts(picker)
    emitted = record(picker)
    picker.set_selection("BJ0402", "BJ0402-01")
    parts.search.setFocus()
    qtbot.keyClick(parts.search, Qt.Key.Key_Down)  # Down on an unchanged line opens the tree
    qtbot.waitUntil(parts.tree.isVisible)
    assert parts.tree.currentItem().text(0) == "0402 行道树"
    qtbot.keyClick(parts.tree, Qt.Key.Key_Down)
    assert parts.tree.currentItem().text(0) == "0404 护树设施"
    qtbot.keyClick(parts.tree, Qt.Key.Key_Return)
    assert not parts.tree.isVisible()
    assert picker.selection() == ("BJ0404", "BJ0404-01")
    assert emitted == [("BJ0404", "BJ0404-01")]


def test_a_disabled_picker_shows_the_choice_and_cannot_be_changed(qtbot, picker: CategoryPicker) -> None:
    parts = Parts(picker)
    emitted = record(picker)
    picker.set_selection("BJ0101", "BJ0101-01")
    picker.setEnabled(False)
    assert parts.search.text().startswith("上水井盖")
    assert parts.limit.text() == "2紧急工作时"
    qtbot.keyClicks(parts.search, "bllj")
    qtbot.keyClick(parts.search, Qt.Key.Key_Return)
    qtbot.keyClick(parts.conditions, Qt.Key.Key_Down)
    assert not parts.results.isVisible()
    assert picker.selection() == ("BJ0101", "BJ0101-01")
    assert emitted == []
    assert not (parts.search.isEnabled() or parts.conditions.isEnabled())


def test_no_match_says_so_and_enter_does_nothing(qtbot, picker: CategoryPicker) -> None:
    parts = Parts(picker)
    emitted = record(picker)
    type_query(qtbot, parts, "qwxz")
    assert parts.results.count() == 1
    assert not parts.results.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    qtbot.keyClick(parts.search, Qt.Key.Key_Return)
    assert picker.selection() == (None, None)
    assert emitted == []


def test_clicking_into_the_shown_choice_starts_a_new_query(qtbot, picker: CategoryPicker) -> None:
    parts = Parts(picker)
    picker.set_selection("BJ0101", "BJ0101-01")
    parts.search.clearFocus()
    qtbot.mouseClick(parts.search, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: parts.search.selectedText() == parts.search.text())
    qtbot.keyClicks(parts.search, "xds")
    qtbot.waitUntil(parts.results.isVisible)
    assert parts.search.text() == "xds"
    assert parts.results.item(0).text().startswith("行道树")
