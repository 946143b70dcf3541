"""不予受理 / 作废 (reject) dialog: a kind, a reason from the centre's list (required), a free note."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.models import RejectKind
from workstation.ui import labels


@dataclass(frozen=True)
class Rejection:
    kind: RejectKind
    reason: str
    note: str


class RejectDialog(QDialog):
    def __init__(
        self, reasons: dict[str, tuple[str, ...]], kinds: list[RejectKind], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("rejectDialog")
        self.setWindowTitle(self.tr("Reject case"))
        self._reasons = reasons
        self.kind_buttons: dict[RejectKind, QRadioButton] = {}
        kinds_box = QVBoxLayout()
        for kind in kinds:
            button = QRadioButton(labels.reject_kind_name(kind), self)
            button.toggled.connect(self._kind_changed)
            self.kind_buttons[kind] = button
            kinds_box.addWidget(button)
        self.reason = QComboBox(self)
        self.reason.setObjectName("rejectReason")
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("Optional explanation for the record"))
        self.note.setFixedHeight(70)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Kind"), kinds_box)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.buttons)
        next(iter(self.kind_buttons.values())).setChecked(True)

    @property
    def kind(self) -> RejectKind:
        return next(kind for kind, button in self.kind_buttons.items() if button.isChecked())

    def _kind_changed(self) -> None:
        self.reason.clear()
        self.reason.addItems(list(self._reasons.get(self.kind.value, ())))

    def rejection(self) -> Rejection:
        return Rejection(self.kind, self.reason.currentText(), self.note.toPlainText().strip())

    async def ask(self) -> Rejection | None:
        """Show the dialog without a nested event loop; None when the seat cancels."""
        answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.finished.connect(lambda result: answer.done() or answer.set_result(result))
        self.open()
        result = await answer
        return (
            self.rejection() if result == QDialog.DialogCode.Accepted and self.reason.currentText() else None
        )
