"""A short dialog asking for one text (a 结案 note, a 督办 opinion), with what the seat must know above
it; shown without a nested event loop."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class NoteDialog(QDialog):
    def __init__(self, title: str, text: str, placeholder: str, *, required: bool = False, answer: str = "",
                 ok_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteDialog")
        self.setWindowTitle(title)
        self.required = required
        self.text = QLabel(text, self)
        self.text.setObjectName("noteDialogText")
        self.text.setWordWrap(True)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(placeholder)
        self.note.setFixedHeight(80)
        self.note.setPlainText(answer)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        if ok_text:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.note.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._update()
        self.note.setFocus()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self.required or bool(self.note.toPlainText().strip()))

    async def ask(self) -> str | None:
        """The text typed (stripped); None when the seat cancels."""
        answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.finished.connect(lambda result: answer.done() or answer.set_result(result))
        self.open()
        result = await answer
        return self.note.toPlainText().strip() if result == QDialog.DialogCode.Accepted else None
