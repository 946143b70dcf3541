"""The help overlay lists the window's actions with their keys and the command-line verbs, and gets out
of the way with Esc, F1, a click, or the next shortcut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow

from workstation.ui.actions import make_action
from workstation.ui.command_line import VERBS
from workstation.ui.help_overlay import HelpOverlay


class Window(QMainWindow):
    """A window with menus' worth of actions, as the seat's main window has."""

    def __init__(self) -> None:
        super().__init__()
        self.triggered: list[str] = []
        self.editor = QLineEdit(self)
        self.setCentralWidget(self.editor)
        self.overlay = HelpOverlay(self)

        def act(text: str, *keys: str):
            action = make_action(self, text, keys, lambda: self.triggered.append(text))
            self.addAction(action)
            return action

        self.case_actions = [act("&Next case", "Alt+Down", "Ctrl+J"), act("&File case", "F2")]
        self.view_actions = [act("&Refresh", "F5")]
        self.help_action = make_action(self, "&Help", ("F1",), self.show_help)
        self.addAction(self.help_action)

    def show_help(self) -> None:
        self.triggered.append("help")
        self.overlay.show_for([("&Case", self.case_actions), ("&View", [*self.view_actions, self.help_action])])


@pytest.fixture
def window(qtbot) -> Window:
    window = Window()
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitActive(window)
    window.editor.setFocus()
    return window


def texts(overlay: HelpOverlay) -> list[str]:
    return [label.text() for label in overlay.findChildren(QLabel) if label.isVisibleTo(overlay)]


def native(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def test_f1_shows_the_actions_with_their_keys_and_the_commands(qtbot, window):
    qtbot.keyClick(window.editor, Qt.Key.Key_F1)
    overlay = window.overlay
    assert overlay.isVisible() and overlay.hasFocus()
    assert overlay.geometry() == window.rect()
    shown = texts(overlay)
    for expected in ("Case", "View", "Next case", "File case", "Refresh", "Help"):
        assert expected in shown
    for key in ("Alt+Down", "Ctrl+J", "F2", "F5", "F1"):
        assert native(key) in shown
    for verb in VERBS:
        assert " ".join(verb.words) in shown
        assert verb.help() in shown
        assert verb.example in shown
    assert "la 立案" in shown and "la bljl" in shown


def test_escape_closes_it_and_the_focus_goes_back(qtbot, window):
    window.show_help()
    with qtbot.waitSignal(window.overlay.closed, timeout=1000):
        qtbot.keyClick(window.overlay, Qt.Key.Key_Escape)
    assert not window.overlay.isVisible()
    assert window.editor.hasFocus()


def test_f1_again_closes_it_rather_than_opening_it_anew(qtbot, window):
    window.show_help()
    window.triggered.clear()
    qtbot.keyClick(window.overlay, Qt.Key.Key_F1)
    assert not window.overlay.isVisible()
    assert window.triggered == []


def test_a_click_closes_it(qtbot, window):
    window.show_help()
    qtbot.mouseClick(window.overlay, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert not window.overlay.isVisible()


def test_another_shortcut_closes_it_and_does_its_work(qtbot, window):
    window.show_help()
    qtbot.keyClick(window.overlay, Qt.Key.Key_F5)
    assert not window.overlay.isVisible()
    assert window.triggered[-1] == "&Refresh"


def test_it_follows_the_windows_size_with_the_card_in_the_middle(qtbot, window):
    window.show_help()
    window.resize(1300, 820)
    qtbot.waitUntil(lambda: window.overlay.geometry() == window.rect())
    card = window.overlay.card.geometry()
    assert abs(card.center().x() - window.overlay.rect().center().x()) <= 1
    assert window.overlay.rect().contains(card)
