"""Sign-in dialog for a shared platform server (the embedded server signs in as the demo seat)."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget


class LoginDialog(QDialog):
    def __init__(self, server: str, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Sign in"))
        self.username = QLineEdit(username, self)
        self.username.setObjectName("loginUser")
        self.password = QLineEdit(self)
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Server"), QLabel(server, self))
        form.addRow(self.tr("User"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.error)
        form.addRow(buttons)
        (self.password if username else self.username).setFocus()

    async def ask(self, error: str = "") -> tuple[str, str] | None:
        """Show without a nested event loop; (username, password), or None when cancelled."""
        self.error.setText(error)
        self.error.setVisible(bool(error))
        answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def done(result: int) -> None:
            if not answer.done():
                answer.set_result(result)

        self.finished.connect(done)
        self.open()
        try:
            result = await answer
        finally:
            self.finished.disconnect(done)
        if result != QDialog.DialogCode.Accepted:
            return None
        return self.username.text().strip(), self.password.text()
