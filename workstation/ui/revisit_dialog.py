"""回访 (satisfaction callback): the seat calls the hotline caller back after 结案 and records what the
caller said (满意 / 基本满意 / 不满意) or that nobody answered (未接通: the case stays 待回访 until the third
call). The dialog shows whom to call and what was done, so the seat can say it on the phone."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.models import Case, RevisitResult, WorkOrderRole
from workstation.ui import labels


class RevisitDialog(QDialog):
    def __init__(self, case: Case, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisitDialog")
        self.setWindowTitle(self.tr("Call back about case %1").replace("%1", case.id))
        self.setMinimumWidth(480)
        self.summary = QLabel(self._summary(case, zone), self)
        self.summary.setObjectName("revisitSummary")
        self.summary.setWordWrap(True)
        self.results = QButtonGroup(self)
        row = QHBoxLayout()
        self.buttons_by_result: dict[RevisitResult, QRadioButton] = {}
        for number, result in enumerate(RevisitResult, start=1):
            button = QRadioButton(f"&{number} {labels.revisit_result_name(result)}", self)
            self.results.addButton(button)
            self.buttons_by_result[result] = button
            row.addWidget(button)
        row.addStretch(1)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("What the caller said (optional)"))
        self.note.setFixedHeight(70)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record the call back"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.results.buttonToggled.connect(lambda *_: self._update())
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._update()

    def _summary(self, case: Case, zone: ZoneInfo) -> str:
        caller = " ".join(part for part in (case.reporter.name, case.reporter.phone) if part)
        lead = next((order for order in case.work_orders if order.role is WorkOrderRole.LEAD), None)
        lines = [self.tr("Caller: %1").replace("%1", caller or self.tr("(unknown)")),
                 self.tr("Problem: %1").replace("%1", case.description)]
        if lead is not None:
            lines.append(self.tr("Handled by %1: %2").replace("%1", lead.department_name)
                         .replace("%2", lead.feedback_note or "—"))
        if case.revisit is not None:
            lines.append(self.tr("Earlier calls: %1, the last at %2 (%3)").replace("%1", str(case.revisit.attempts))
                         .replace("%2", case.revisit.at.astimezone(zone).strftime("%m-%d %H:%M"))
                         .replace("%3", labels.revisit_result_name(case.revisit.result)))
        return "<br>".join(lines)

    def choose(self, result: RevisitResult) -> None:
        self.buttons_by_result[result].setChecked(True)

    @property
    def result(self) -> RevisitResult | None:
        return next((result for result, button in self.buttons_by_result.items() if button.isChecked()), None)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.result is not None)

    async def ask(self) -> tuple[RevisitResult, str] | None:
        """The result and the note; None when the seat cancels."""
        answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.finished.connect(lambda code: answer.done() or answer.set_result(code))
        self.open()
        code = await answer
        result = self.result
        if code != QDialog.DialogCode.Accepted or result is None:
            return None
        return result, self.note.toPlainText().strip()
