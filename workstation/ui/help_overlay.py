"""The help overlay (快捷键帮助): every key of the window and every command-line verb on one calm card.

It lies over the whole window on a dimmed backdrop, so the seat keeps the context while reading; Esc,
F1 or a click close it. Another shortcut key closes it and does its work, so the key the seat just
looked up can be pressed at once. It reads the window's QActions, so what it lists is always what the
menus do.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workstation.ui.actions import plain_text
from workstation.ui.command_line import VERBS

BACKDROP = QColor(16, 24, 32, 150)
CARD_STYLE = """
QFrame#helpCard { background: #ffffff; border-radius: 12px; }
QLabel#helpTitle { font-size: 17px; font-weight: 600; color: #1f2933; }
QLabel#helpSection { font-size: 13px; font-weight: 600; color: #3e4c59; padding: 12px 0px 4px 0px; }
QWidget#helpBody, QScrollArea, QWidget#qt_scrollarea_viewport { background: transparent; }
QLabel#helpKey, QLabel#helpVerb {
    background: #eef1f5; color: #1f2933; border: 1px solid #c8ced6; border-bottom-width: 2px;
    border-radius: 4px; padding: 1px 6px;
}
QLabel#helpVerb { font-weight: 600; }
QLabel#helpExample { color: #52606d; font-family: monospace; }
QLabel#helpFooter { color: #7b8794; }
"""
# Keys the overlay keeps for itself: they close it or scroll it.
_CLOSING = (Qt.Key.Key_Escape, Qt.Key.Key_F1)
_SCROLLING = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End)
_MODIFIERS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr)


def key_texts(action: QAction) -> list[str]:
    """The action's shortcuts as the platform writes them ('Alt+Down', 'Ctrl+J')."""
    return [key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts() if not key.isEmpty()]


def _label(text: str, name: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setIndent(0)
    return label


class HelpOverlay(QWidget):
    """Covers `parent` (the main window) and follows its size. `show_for` fills and shows it."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._previous_focus: QWidget | None = None  # given the focus back on closing, if it still exists

        self.card = QFrame(self)
        self.card.setObjectName("helpCard")
        self.card.setStyleSheet(CARD_STYLE)
        card = QVBoxLayout(self.card)
        card.setContentsMargins(28, 22, 28, 18)
        card.addWidget(_label(self.tr("Keys and commands"), "helpTitle", self.card))
        self.scroll = QScrollArea(self.card)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        card.addWidget(self.scroll, 1)
        card.addWidget(_label(self.tr("Esc, F1 or a click closes this help."), "helpFooter", self.card))
        parent.installEventFilter(self)
        self.hide()

    # --- content -------------------------------------------------------------------------------

    def show_for(self, groups: list[tuple[str, list[QAction]]]) -> None:
        """Lists `groups` (section title, actions) with their keys, and the command-line verbs; shows it."""
        body = QWidget()
        body.setObjectName("helpBody")
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(36)
        columns.addLayout(self._keys(body, groups), 2)
        columns.addLayout(self._commands(body), 3)
        self.scroll.setWidget(body)  # the previous body is deleted by the scroll area

        focus = QApplication.focusWidget()
        if focus is not None and focus is not self and not self.isAncestorOf(focus):
            self._previous_focus = focus
        self._fit()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    def _keys(self, body: QWidget, groups: list[tuple[str, list[QAction]]]) -> QVBoxLayout:
        """One grid for all sections, so the keys line up in one column."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        row = 0
        for title, actions in groups:
            grid.addWidget(_label(plain_text(title), "helpSection", body), row, 0, 1, 2)
            row += 1
            for action in actions:
                if not action.isVisible():
                    continue
                grid.addWidget(_label(plain_text(action.text()), "helpAction", body), row, 0)
                keys = QHBoxLayout()
                keys.setSpacing(4)
                for text in key_texts(action):
                    keys.addWidget(_label(text, "helpKey", body))
                keys.addStretch(1)
                grid.addLayout(keys, row, 1)
                row += 1
        column = QVBoxLayout()
        column.addLayout(grid)
        column.addStretch(1)
        return column

    def _commands(self, body: QWidget) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(_label(self.tr("Command line"), "helpSection", body))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        for row, verb in enumerate(VERBS):
            grid.addWidget(_label(" ".join(verb.words), "helpVerb", body), row, 0, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(_label(verb.help(), "helpCommand", body), row, 1)
            grid.addWidget(_label(verb.example, "helpExample", body), row, 2)
        column.addLayout(grid)
        column.addStretch(1)
        return column

    # --- geometry ------------------------------------------------------------------------------

    def _fit(self) -> None:
        """Cover the parent; the card takes the middle, at most 1100 px wide and as tall as its content."""
        parent = self.parentWidget()
        self.setGeometry(parent.rect())
        width = min(1100, max(320, self.width() - 80))
        body = self.scroll.widget()
        content = body.sizeHint().height() if body is not None else 0
        chrome = self.card.layout().sizeHint().height() - self.scroll.sizeHint().height()
        height = min(self.height() - 60, max(200, content + chrome + 8))
        self.card.setGeometry(QRect((self.width() - width) // 2, (self.height() - height) // 2, width, height))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        painter.end()

    # --- closing -------------------------------------------------------------------------------

    def close_overlay(self) -> None:
        """Hide and give the focus back to where it was."""
        if not self.isVisible():
            return
        self.hide()
        previous = self._previous_focus
        if previous is not None and isValid(previous) and previous.isVisible():
            previous.setFocus(Qt.FocusReason.PopupFocusReason)
        self._previous_focus = None
        self.closed.emit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            key = event.key()
            if key in _CLOSING or key in _SCROLLING:
                event.accept()  # ours: the window's F1 would reopen the help
                return True
            if key not in _MODIFIERS:
                self.close_overlay()  # another shortcut: let it act, with the help out of the way
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _CLOSING:
            self.close_overlay()
        elif key in _SCROLLING:
            bar = self.scroll.verticalScrollBar()
            step = {
                Qt.Key.Key_Up: -bar.singleStep(), Qt.Key.Key_Down: bar.singleStep(),
                Qt.Key.Key_PageUp: -bar.pageStep(), Qt.Key.Key_PageDown: bar.pageStep(),
                Qt.Key.Key_Home: -bar.maximum(), Qt.Key.Key_End: bar.maximum(),
            }[Qt.Key(key)]
            bar.setValue(bar.value() + step)
        elif key not in _MODIFIERS:
            self.close_overlay()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.close_overlay()
        event.accept()
