"""合并 (merge) confirmation: which case this report goes into, and an optional note for the record.

Small and non-blocking (`ask()` awaits it without a nested event loop). The merge button has the
focus, so Enter confirms and Esc cancels, as the seat expects from the keyboard.
"""

from __future__ import annotations

import asyncio
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from workstation.domain.models import Case
from workstation.ui import labels


class MergeDialog(QDialog):
    """Asks to merge `case` into `target` (`target` may still be loading: then only its number is known)."""

    def __init__(self, case: Case, target_id: str, target: Case | None, explanation: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Merge as a duplicate"))
        self.target_id = target_id
        intro = QLabel(
            self.tr("Case %1 closes as a duplicate and its reporter is linked to:").replace("%1", case.id), self)
        intro.setWordWrap(True)
        lines = [f"<b>{escape(target_id)}</b>"]
        if target is not None:
            lines.append(escape(f"{labels.case_state_name(target)} · {target.address}"))
            lines.append(escape(target.description[:120]))
        lines.append(f"<span style='color:#52606d'>{escape(explanation)}</span>")
        self.target = QLabel("<br>".join(lines), self)
        self.target.setObjectName("mergeTarget")
        self.target.setWordWrap(True)
        self.target.setTextFormat(Qt.TextFormat.RichText)
        self.target.setStyleSheet("background: #e8eef7; border-left: 3px solid #4a6fa5; padding: 6px;")
        self.note = QLineEdit(self)
        self.note.setObjectName("mergeNote")
        self.note.setPlaceholderText(self.tr("Note for the record (optional)"))
        self.buttons = QDialogButtonBox(parent=self)
        self.merge_button = self.buttons.addButton(self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("mergeConfirm")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.target)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.merge_button.setDefault(True)

    async def ask(self) -> str | None:
        """The seat's note when it confirms, None when it cancels."""
        answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.finished.connect(lambda result: answer.done() or answer.set_result(result))
        self.open()
        self.merge_button.setFocus()
        result = await answer
        return self.note.text().strip() if result == QDialog.DialogCode.Accepted else None
