"""The seat's command line: typed commands become ParsedCommands, wrong ones get a calm hint, the popup
completes verbs and the window's items, and the history survives a restart."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from workstation.ui.command_line import HISTORY_LIMIT, VERBS, CommandLine, ParsedCommand, ParseError, parse
from workstation.ui.settings import Settings

CATEGORIES = [
    ("bljl", "暴露生活垃圾 · 市容环境"),
    ("bljz", "暴露建筑垃圾 · 市容环境"),
    ("blyj", "暴露油烟 · 宣传广告"),
]


def categories(verb: str, partial: str) -> list[tuple[str, str]]:
    """What the window's provider does for 立案: category initials that start with what was typed."""
    return [item for item in CATEGORIES if verb == "la" and item[0].startswith(partial)]


@pytest.fixture
def line(qtbot) -> CommandLine:
    widget = CommandLine()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def type_in(qtbot, line: CommandLine, text: str) -> None:
    """Latin keys are typed; Chinese arrives as a Chinese IME delivers it: a committed input-method string."""
    for part in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if part.isascii():
            qtbot.keyClicks(line, part)
        else:
            event = QInputMethodEvent()
            event.setCommitString(part)
            QApplication.sendEvent(line, event)


def enter(qtbot, line: CommandLine, text: str) -> ParsedCommand:
    type_in(qtbot, line, text)
    with qtbot.waitSignal(line.submitted, timeout=1000) as blocker:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    return blocker.args[0]


def popup_rows(line: CommandLine) -> list[tuple[str, str]]:
    popup = line.popup
    return [(popup.topLevelItem(i).text(0), popup.topLevelItem(i).text(1)) for i in range(popup.topLevelItemCount())]


@pytest.mark.parametrize(
    ("typed", "verb", "argument"),
    [
        ("la bljl", "la", "bljl"),
        ("LA  bljl ", "la", "bljl"),
        ("立案 bljl", "la", "bljl"),
        ("立案暴露垃圾", "la", "暴露垃圾"),
        ("pq", "pq", ""),
        ("派遣 区环卫", "pq", "区环卫"),
        ("不予受理重复", "bsl", "重复"),
        ("zf cf", "zf", "cf"),
        ("hs", "hs", ""),
        ("qr", "qr", ""),
        ("xj", "xj", ""),
        ("n", "n", ""),
        ("p", "p", ""),
        ("?", "bz", ""),
        ("？", "bz", ""),
        ("帮助", "bz", ""),
        ("#1234", "#", "1234"),
        ("＃１２３４", "#", "1234"),
    ],
)
def test_lines_read_as_commands(typed, verb, argument):
    assert parse(typed) == ParsedCommand(verb, argument)


def test_a_mistyped_verb_names_it_and_suggests_the_closest():
    for typed, closest in (("lq bljl", "la"), ("bls cf", "bsl"), ("pai", "pq"), ("nn", "n")):
        error = parse(typed)
        assert isinstance(error, ParseError)
        assert error.suggestion == closest
        assert f"“{typed.split()[0]}”" in error.message and f"“{closest}”" in error.message


def test_wrong_arguments_are_explained():
    assert isinstance(parse("#12a"), ParseError)
    error = parse("n 5")
    assert isinstance(error, ParseError) and "“n”" in error.message


def test_every_verb_has_help_and_an_example_that_runs_it():
    for verb in VERBS:
        assert verb.help() and verb.usage_text()
        assert parse(verb.example) == ParsedCommand(verb.name, parse(verb.example).argument)


def test_typing_a_command_and_enter_submits_it_and_clears_the_line(qtbot, line):
    assert enter(qtbot, line, "la bljl") == ParsedCommand("la", "bljl")
    assert line.text() == ""
    assert enter(qtbot, line, "派遣") == ParsedCommand("pq", "")
    assert enter(qtbot, line, "#1234") == ParsedCommand("#", "1234")


def test_an_unknown_verb_is_shown_in_red_with_the_suggestion_and_nothing_is_submitted(qtbot, line):
    qtbot.keyClicks(line, "lq bljl")
    with qtbot.assertNotEmitted(line.submitted), qtbot.waitSignal(line.message, timeout=1000) as blocker:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    message = blocker.args[0]
    assert "“lq”" in message and "“la”" in message
    assert line.toolTip() == message
    assert "#c62828" in line.styleSheet()
    assert line.text() == "lq bljl" and line.selectedText() == "lq"  # retyping replaces the wrong verb

    qtbot.keyClicks(line, "la")  # typing over the selection fixes it and clears the hint
    assert line.text() == "la bljl"
    assert line.styleSheet() == "" and line.toolTip() != message
    with qtbot.waitSignal(line.submitted, timeout=1000) as done:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert done.args[0] == ParsedCommand("la", "bljl")


def test_the_popup_offers_verbs_with_their_help_while_the_first_word_is_typed(qtbot, line):
    qtbot.keyClicks(line, "p")
    assert line.popup.isVisible()
    rows = popup_rows(line)
    assert [text for text, _ in rows] == ["pq", "p"]
    assert rows[0][1].startswith("派遣 · ")
    assert rows[1][1] == next(verb.help() for verb in VERBS if verb.name == "p")

    qtbot.keyClicks(line, "x")
    assert not line.popup.isVisible()


def test_the_popup_offers_the_providers_items_and_tab_accepts_one(qtbot, line):
    asked = []

    def provider(verb: str, partial: str) -> list[tuple[str, str]]:
        asked.append((verb, partial))
        return categories(verb, partial)

    line.set_completion_provider(provider)
    qtbot.keyClicks(line, "la bl")
    assert asked[-1] == ("la", "bl")
    assert line.popup.isVisible()
    assert popup_rows(line) == CATEGORIES

    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert line.text() == "la bljl"
    assert not line.popup.isVisible()
    assert line.hasFocus()  # Tab completed instead of moving the focus on
    with qtbot.waitSignal(line.submitted, timeout=1000) as blocker:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert blocker.args[0] == ParsedCommand("la", "bljl")


def test_down_and_enter_choose_a_completion_and_tab_on_a_verb_goes_on_to_its_argument(qtbot, line):
    line.set_completion_provider(categories)
    type_in(qtbot, line, "立")
    assert popup_rows(line)[0][0] == "la"
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert line.text() == "la "
    assert popup_rows(line) == CATEGORIES  # the argument's completions follow at once

    qtbot.keyClick(line, Qt.Key.Key_Down)
    qtbot.keyClick(line, Qt.Key.Key_Down)
    qtbot.keyClick(line, Qt.Key.Key_Return)  # accepts the highlighted row, does not submit yet
    assert line.text() == "la bljz"
    assert not line.popup.isVisible()
    with qtbot.waitSignal(line.submitted, timeout=1000) as blocker:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert blocker.args[0] == ParsedCommand("la", "bljz")


def test_a_failing_provider_does_not_stop_the_seat_typing(qtbot, line):
    def broken(verb: str, partial: str) -> list[tuple[str, str]]:
        raise RuntimeError("catalogue not loaded")

    line.set_completion_provider(broken)
    assert enter(qtbot, line, "la bl") == ParsedCommand("la", "bl")


def test_escape_clears_the_line_and_hands_the_focus_back(qtbot, line):
    qtbot.keyClicks(line, "pq hw")
    with qtbot.waitSignal(line.escaped, timeout=1000):
        qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert line.text() == ""
    assert not line.popup.isVisible()


def test_history_is_walked_with_up_and_down_and_kept_across_restarts(qtbot, tmp_path):
    path = tmp_path / "seat.ini"
    first = CommandLine(Settings(path))
    qtbot.addWidget(first)
    first.show()
    for command in ("la bljl", "pq", "pq", "#1234"):
        enter(qtbot, first, command)
    assert first.history == ["la bljl", "pq", "#1234"]  # no consecutive duplicates

    second = CommandLine(Settings(path))  # the next shift, after a restart
    qtbot.addWidget(second)
    second.show()
    qtbot.keyClicks(second, "zf cf")
    assert not second.popup.isVisible()
    seen = []
    for _ in range(4):
        qtbot.keyClick(second, Qt.Key.Key_Up)
        seen.append(second.text())
    assert seen == ["#1234", "pq", "la bljl", "la bljl"]
    qtbot.keyClick(second, Qt.Key.Key_Down)
    assert second.text() == "pq"
    qtbot.keyClick(second, Qt.Key.Key_Down)
    qtbot.keyClick(second, Qt.Key.Key_Down)
    assert second.text() == "zf cf"  # back to what was being typed
    assert enter(qtbot, second, "") == ParsedCommand("zf", "cf")


def test_history_keeps_the_last_hundred_and_wrong_lines_are_not_kept(qtbot, tmp_path):
    path = tmp_path / "seat.ini"
    Settings(path).command_history = [f"#{number}" for number in range(HISTORY_LIMIT)]  # a full history
    line = CommandLine(Settings(path))
    qtbot.addWidget(line)
    line.show()
    enter(qtbot, line, "pq")
    qtbot.keyClicks(line, "lq")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    kept = Settings(path).command_history
    assert len(kept) == HISTORY_LIMIT
    assert kept[0] == "#1" and kept[-1] == "pq"
