"""QActions with shortcuts whose tooltips name the key, so menus, buttons and tooltips agree."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


def plain_text(text: str) -> str:
    """'立案(&F)' → '立案', '&Reject…' → 'Reject': the action's name without mnemonic or ellipsis."""
    return re.sub(r"\(&\w\)|&", "", text).rstrip("…").strip()


def make_action(parent: QObject, text: str, keys: tuple[str, ...], slot: Callable[[], object]) -> QAction:
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(key) for key in keys])
    shown = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{plain_text(text)} ({shown})")
    action.setIconText(f"{plain_text(text)}  {shown}")  # what buttons show: the key, not the mnemonic
    action.triggered.connect(slot)
    return action
