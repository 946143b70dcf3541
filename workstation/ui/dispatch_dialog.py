"""派遣 (dispatch) dialog, Shift+F4: the department, the 派遣机制 (dispatch mechanism) and the other
units of the dispatch, with the routing rule that chose the suggestion shown. F4 alone still sends the
case to the suggestion in one key; this is for when the seat changes it.

For 多部门, 同时段 and 双流程 every unit gets an order of its own: a table lets the seat give each one
its 分工 (part of the problem) and its own 处置时限 (handling limit), shown at the 立案条件's limit."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from workstation.domain.catalogue import Catalogue
from workstation.domain.dispatch import flow_of, returned_by
from workstation.domain.models import (
    Case,
    Department,
    DispatchMechanism,
    DispatchTarget,
    FilingCondition,
    Flow,
    TimeLimit,
    TimeUnit,
    WorkOrderRole,
)
from workstation.ui import labels

#: Mechanisms whose other units assist the lead (协办); the rest send each unit an order of its own.
ASSISTED = (DispatchMechanism.LEAD_ASSIST, DispatchMechanism.CROSS_REGION)
# Mechanisms that send every unit a lead order with its own part and limit.
PER_UNIT = (DispatchMechanism.MULTI, DispatchMechanism.SIMULTANEOUS, DispatchMechanism.DUAL_FLOW)
# The units a 处置时限 is written in, in the order the seat picks from.
LIMIT_UNITS = (TimeUnit.MINUTE, TimeUnit.URGENT_HOUR, TimeUnit.URGENT_DAY, TimeUnit.WORK_HOUR, TimeUnit.WORK_DAY)
PART_MAX = 200  # DispatchTarget.part

translate = QCoreApplication.translate  # the table's strings are the dialog's (context DispatchDialog)


@dataclass(frozen=True)
class Terms:
    """One unit's 分工 (its part of the problem, "" for all of it) and its own 处置时限 (None: the
    立案条件's limit applies)."""

    part: str = ""
    limit: TimeLimit | None = None


@dataclass(frozen=True)
class Dispatch:
    """What the seat chose: the lead (or first) department, the mechanism, the other units and, for
    多部门/同时段/双流程, each unit's terms by department id."""

    mechanism: DispatchMechanism
    department_id: str
    others: tuple[str, ...]
    note: str
    terms: Mapping[str, Terms] = field(default_factory=dict)

    @property
    def assist_ids(self) -> tuple[str, ...]:
        return self.others if self.mechanism in ASSISTED else ()

    @property
    def targets(self) -> tuple[DispatchTarget, ...]:
        """多部门, 同时段, 双流程: one lead order per unit with its part and limit; the others send
        `department_id` alone."""
        if self.mechanism not in PER_UNIT:
            return ()
        units = (self.department_id, *self.others)
        chosen = {unit: self.terms.get(unit, Terms()) for unit in units}
        return tuple(DispatchTarget(department_id=unit, role=WorkOrderRole.LEAD, part=chosen[unit].part.strip(),
                                    limit=chosen[unit].limit) for unit in units)


class LimitEdit(QWidget):
    """A 处置时限: a number and its unit. It starts at the default (the 立案条件's limit); left there,
    or set to 0 (shown as "default"), it means no limit of the unit's own."""

    def __init__(self, default: TimeLimit | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default = default
        self.value = QSpinBox(self)
        self.value.setRange(0, 999)
        self.value.setSpecialValueText(translate("DispatchDialog", "default"))
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.unit = QComboBox(self)
        for unit in LIMIT_UNITS:
            self.unit.addItem(labels.unit_name(unit), unit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(4)
        layout.addWidget(self.value)
        layout.addWidget(self.unit, 1)
        self.value.valueChanged.connect(lambda value: self.unit.setEnabled(value > 0))
        self.set_limit(default)

    def set_limit(self, limit: TimeLimit | None) -> None:
        """Show `limit`; None shows the default."""
        shown = limit or self.default
        self.value.setValue(shown.value if shown else 0)
        self.unit.setCurrentIndex(self.unit.findData(shown.unit if shown else TimeUnit.WORK_HOUR))
        self.unit.setEnabled(shown is not None)

    def limit(self) -> TimeLimit | None:
        """The unit's own limit, or None when it is the default."""
        if self.value.value() == 0:
            return None
        limit = TimeLimit(value=self.value.value(), unit=TimeUnit(self.unit.currentData()))
        return None if limit == self.default else limit


class UnitTermsTable(QTableWidget):
    """One row per unit of a 多部门/同时段/双流程 dispatch: the unit, its 分工, its 处置时限 and, for
    双流程, the flow it works in (市级流程 for city departments and enterprises, 区级流程 for district
    and street units). What the seat typed stays with the unit while the units change."""

    UNIT, PART, LIMIT, FLOW = range(4)

    def __init__(self, departments: tuple[Department, ...], default: TimeLimit | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("dispatchTerms")
        self._departments = {department.id: department for department in departments}
        self._default = default
        self._kept: dict[str, Terms] = {}
        self.units: tuple[str, ...] = ()
        self.setHorizontalHeaderLabels([translate("DispatchDialog", "Unit"), translate("DispatchDialog", "Part"),
                                        translate("DispatchDialog", "Time limit"), translate("DispatchDialog", "Flow")])
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(self.PART, QHeaderView.ResizeMode.Stretch)
        self.setMinimumWidth(560)

    def show_units(self, units: tuple[str, ...], flows: bool) -> None:
        """Rows for these units (the first is the chosen department), with the flow column for 双流程."""
        self._kept.update(self.terms())
        self.units = units
        self.setRowCount(0)
        self.setRowCount(len(units))
        for row, unit in enumerate(units):
            department = self._departments.get(unit)
            name = QTableWidgetItem(department.short_name if department else unit)
            name.setToolTip(department.name if department else unit)
            self.setItem(row, self.UNIT, name)
            kept = self._kept.get(unit, Terms())
            part = QLineEdit(kept.part, self)
            part.setMaxLength(PART_MAX)
            part.setPlaceholderText(translate("DispatchDialog", "optional"))
            self.setCellWidget(row, self.PART, part)
            limit = LimitEdit(self._default, self)
            limit.set_limit(kept.limit)
            self.setCellWidget(row, self.LIMIT, limit)
            self.verticalHeader().setDefaultSectionSize(max(30, limit.sizeHint().height() + 4))
            flow = flow_of(department.level) if department else Flow.CITY
            self.setItem(row, self.FLOW, QTableWidgetItem(
                translate("DispatchDialog", "City flow") if flow is Flow.CITY
                else translate("DispatchDialog", "District flow")))
        for column in (self.UNIT, self.LIMIT, self.FLOW):
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, self.columnWidth(column) + (0 if column == self.LIMIT else 12))
        self.setColumnHidden(self.FLOW, not flows)
        shown = max(1, min(len(units), 6))
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + shown * self.verticalHeader()
                            .defaultSectionSize() + 2 * self.frameWidth())

    def part_edit(self, unit: str) -> QLineEdit:
        widget = self.cellWidget(self.units.index(unit), self.PART)
        assert isinstance(widget, QLineEdit)
        return widget

    def limit_edit(self, unit: str) -> LimitEdit:
        widget = self.cellWidget(self.units.index(unit), self.LIMIT)
        assert isinstance(widget, LimitEdit)
        return widget

    def terms(self) -> dict[str, Terms]:
        return {unit: Terms(self.part_edit(unit).text().strip(), self.limit_edit(unit).limit()) for unit in self.units}


class DispatchDialog(QDialog):
    def __init__(self, case: Case, departments: tuple[Department, ...], parent: QWidget | None = None, *,
                 catalogue: Catalogue | None = None):
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
        if chosen in returned_by(case):  # it refused the case (回退 approved): the seat chooses again
            chosen = None
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
        condition = self._condition(case, catalogue)
        self.terms = UnitTermsTable(departments, condition.limit if condition else None, self)
        self.terms_hint = QLabel(self)
        self.terms_hint.setObjectName("dispatchTermsHint")
        self.terms_hint.setWordWrap(True)
        if condition is not None:
            hint = self.tr("Each unit gets its own work order and timer; default limit %1 (filing condition).")
            hint = hint.replace("%1", condition.limit_text)
        else:
            hint = self.tr("Each unit gets its own work order and timer; default limit: the filing condition's.")
        self.terms_hint.setText(hint)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("Optional note for the departments"))
        self.note.setFixedHeight(60)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Dispatch"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = form = QFormLayout(self)
        form.addRow(self.tr("Suggested"), self.suggestion)
        form.addRow(self.tr("Mechanism"), self.mechanism)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.others_label, self.others)
        form.addRow(self.tr("Parts and limits"), self.terms)
        form.addRow("", self.terms_hint)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.buttons)
        self.mechanism.currentIndexChanged.connect(self._mechanism_changed)
        self.department.currentIndexChanged.connect(self._units_changed)
        self.others.itemChanged.connect(self._units_changed)
        self.set_mechanism(DispatchMechanism.LEAD_ASSIST if case.suggested_assist_ids else DispatchMechanism.FLAT)
        self._mechanism_changed()

    @staticmethod
    def _condition(case: Case, catalogue: Catalogue | None) -> FilingCondition | None:
        if catalogue is None or case.condition_id is None:
            return None
        try:
            return catalogue.condition(case.condition_id)[1]
        except KeyError:
            return None

    def set_mechanism(self, mechanism: DispatchMechanism) -> None:
        self.mechanism.setCurrentIndex(self.mechanism.findData(mechanism))

    def chosen_mechanism(self) -> DispatchMechanism:
        """The combo box gives its data back as a plain str; the enum makes `is` comparisons hold."""
        return DispatchMechanism(self.mechanism.currentData())

    def _mechanism_changed(self) -> None:
        """主协办 preselects the 协办 units the routing matrix suggests; 扁平化 has no other units."""
        mechanism = self.chosen_mechanism()
        self.others.setEnabled(mechanism is not DispatchMechanism.FLAT)
        self.others_label.setText(self.tr("Assisting units") if mechanism in ASSISTED else self.tr("Other units"))
        preselect = set(self._case.suggested_assist_ids) if mechanism in ASSISTED else set()
        self.others.blockSignals(True)
        for row in range(self.others.count()):
            item = self.others.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in preselect
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.others.blockSignals(False)
        per_unit = mechanism in PER_UNIT
        self.form.setRowVisible(self.terms, per_unit)
        self.form.setRowVisible(self.terms_hint, per_unit)
        self._units_changed()
        self.resize(self.sizeHint().expandedTo(self.size()))  # grows for the table, never jumps back

    def _units_changed(self) -> None:
        """The table follows the department and the checked units (the department first)."""
        mechanism = self.chosen_mechanism()
        if mechanism in PER_UNIT:
            lead = self.department.currentData()
            units = ((lead,) if lead else ()) + self.checked()
            self.terms.show_units(units, flows=mechanism is DispatchMechanism.DUAL_FLOW)

    def checked(self) -> tuple[str, ...]:
        lead = self.department.currentData()
        items = (self.others.item(row) for row in range(self.others.count()))
        return tuple(item.data(Qt.ItemDataRole.UserRole) for item in items
                     if item.checkState() == Qt.CheckState.Checked and item.data(Qt.ItemDataRole.UserRole) != lead)

    def dispatch(self) -> Dispatch | None:
        mechanism = self.chosen_mechanism()
        lead = self.department.currentData()
        if not lead:
            return None
        others = () if mechanism is DispatchMechanism.FLAT else self.checked()
        terms = self.terms.terms() if mechanism in PER_UNIT else {}
        return Dispatch(mechanism, lead, others, self.note.toPlainText().strip(), terms)

    async def ask(self) -> Dispatch | None:
        """Show the dialog without a nested event loop; None when the seat cancels."""
        answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.finished.connect(lambda result: answer.done() or answer.set_result(result))
        self.open()
        result = await answer
        return self.dispatch() if result == QDialog.DialogCode.Accepted else None

