"""The frame of the supervisors' statistics windows (相似案卷统计, 派遣统计): a small non-modal window
with a "since" line, 刷新 (F5) and 关闭, that loads its numbers afresh each time it opens."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from workstation.app.session import Session
from workstation.ui.actions import make_action
from workstation.ui.operation import Operations

translate = QCoreApplication.translate


class StatsWindow(QDialog):
    """Subclasses build their content around `since` and `buttons`, and load in `refresh()`."""

    def __init__(self, session: Session, operations: Operations, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.session = session
        self.operations = operations
        self._zone = ZoneInfo(session.reference.timezone)
        self.since = QLabel(self)
        self.since.setObjectName("statsSince")
        self.since.setStyleSheet("color: #52606d;")
        self.refresh_action = make_action(self, translate("StatsWindow", "&Refresh"), ("F5",), self.refresh)
        self.addAction(self.refresh_action)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        self.buttons.rejected.connect(self.reject)
        refresh = self.buttons.addButton(self.refresh_action.iconText(), QDialogButtonBox.ButtonRole.ActionRole)
        refresh.clicked.connect(self.refresh)

    def open_view(self) -> None:
        """Show (or raise) the window and load the numbers now."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError
