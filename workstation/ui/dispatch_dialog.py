"""派遣 (dispatch) dialog, Shift+F4: the department, the 派遣机制 (dispatch mechanism) and the other
units of the dispatch, with the routing rule that chose the suggestion shown. F4 alone still sends the
case to the suggestion in one key; this is for when the seat changes it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from workstation.domain.models import Case, Department, DispatchMechanism, DispatchTarget, WorkOrderRole
from workstation.ui import labels

#: Mechanisms whose other units assist the lead (协办); the rest send each unit an order of its own.
ASSISTED = (DispatchMechanism.LEAD_ASSIST, DispatchMechanism.CROSS_REGION)


@dataclass(frozen=True)
class Dispatch:
    """What the seat chose: the lead (or first) department, the mechanism and the other units."""

    mechanism: DispatchMechanism
    department_id: str
    others: tuple[str, ...]
    note: str

    @property
    def assist_ids(self) -> tuple[str, ...]:
        return self.others if self.mechanism in ASSISTED else ()

    @property
    def targets(self) -> tuple[DispatchTarget, ...]:
        """多部门, 同时段, 双流程: one lead order per unit; the others send `department_id` alone."""
        if self.mechanism in ASSISTED or self.mechanism is DispatchMechanism.FLAT:
            return ()
        return tuple(DispatchTarget(department_id=unit, role=WorkOrderRole.LEAD)
                     for unit in (self.department_id, *self.others))


class DispatchDialog(QDialog):
    def __init__(self, case: Case, departments: tuple[Department, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dispatchDialog")
        self.setWindowTitle(self.tr("Dispatch case %1").replace("%1", case.id))
        self._case = case
        names = {department.id: department.name for department in departments}
        self.suggestion = QLabel(self)
        self.suggestion.setObjectName("dispatchSuggestion")
        self.suggestion.setWordWrap(True)
        if case.suggested_department_id:
            assists = "、".join(names.get(unit, unit) for unit in case.suggested_assist_ids)
            text = names.get(case.suggested_department_id, case.suggested_department_id)
            if assists:
                text += "　" + self.tr("assisted by %1").replace("%1", assists)
            self.suggestion.setText(f"{text}　（{case.suggestion_rule or ''}）")
        else:
            self.suggestion.setText(self.tr("No suggestion: choose the department"))
        self.mechanism = QComboBox(self)
        self.mechanism.setObjectName("dispatchMechanism")
        for mechanism in DispatchMechanism:
            self.mechanism.addItem(labels.mechanism_name(mechanism), mechanism)
        self.department = QComboBox(self)
        self.department.setObjectName("dispatchDepartment")
        for department in departments:
            self.department.addItem(department.name, department.id)
        chosen = case.department_id or case.suggested_department_id
        self.department.setCurrentIndex(self.department.findData(chosen) if chosen else -1)
        self.others_label = QLabel(self)
        self.others = QListWidget(self)
        self.others.setObjectName("dispatchOthers")
        self.others.setMinimumHeight(140)
        for department in departments:
            item = QListWidgetItem(department.name, self.others)
            item.setData(Qt.ItemDataRole.UserRole, department.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("Optional note for the departments"))
        self.note.setFixedHeight(60)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Dispatch"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Suggested"), self.suggestion)
        form.addRow(self.tr("Mechanism"), self.mechanism)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.others_label, self.others)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.buttons)
        self.mechanism.currentIndexChanged.connect(self._mechanism_changed)
        self.set_mechanism(DispatchMechanism.LEAD_ASSIST if case.suggested_assist_ids else DispatchMechanism.FLAT)
        self._mechanism_changed()

    def set_mechanism(self, mechanism: DispatchMechanism) -> None:
        self.mechanism.setCurrentIndex(self.mechanism.findData(mechanism))

    def _mechanism_changed(self) -> None:
        """主协办 preselects the 协办 units the routing matrix suggests; 扁平化 has no other units."""
        mechanism: DispatchMechanism = self.mechanism.currentData()
        self.others.setEnabled(mechanism is not DispatchMechanism.FLAT)
        self.others_label.setText(self.tr("Assisting units") if mechanism in ASSISTED else self.tr("Other units"))
        preselect = set(self._case.suggested_assist_ids) if mechanism in ASSISTED else set()
        for row in range(self.others.count()):
            item = self.others.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in preselect
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked(self) -> tuple[str, ...]:
        lead = self.department.currentData()
        items = (self.others.item(row) for row in range(self.others.count()))
        return tuple(item.data(Qt.ItemDataRole.UserRole) for item in items
                     if item.checkState() == Qt.CheckState.Checked and item.data(Qt.ItemDataRole.UserRole) != lead)

    def dispatch(self) -> Dispatch | None:
        mechanism: DispatchMechanism = self.mechanism.currentData()
        lead = self.department.currentData()
        if not lead:
            return None
        others = () if mechanism is DispatchMechanism.FLAT else self.checked()
        return Dispatch(mechanism, lead, others, self.note.toPlainText().strip())

    async def ask(self) -> Dispatch | None:
        """Show the dialog without a nested event loop; None when the seat cancels."""
        answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.finished.connect(lambda result: answer.done() or answer.set_result(result))
        self.open()
        result = await answer
        return self.dispatch() if result == QDialog.DialogCode.Accepted else None
