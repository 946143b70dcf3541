"""The case view (案卷详情): what the seat reads and does with the selected case.

It owns the case actions (立案, 不予受理/作废, 派遣); the main window puts the same QActions in its
menus, so shortcuts and tooltips are defined once. Opening a case claims it (a lease that lapses
without activity), so the other seats see who holds it.
"""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.app.session import Session
from workstation.domain import workflow
from workstation.domain.models import Case, CaseDetail, RejectKind
from workstation.ui import labels
from workstation.ui.actions import make_action
from workstation.ui.operation import Operations
from workstation.ui.reject_dialog import RejectDialog

#: Renew the lease when less than this share of it is left and the seat was active meanwhile.
RENEW_SHARE = 0.5


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseView(QScrollArea):
    """Shows one case and carries out the seat's actions on it."""

    case_shown = Signal(object)  # case id or None

    def __init__(self, session: Session, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.session = session
        self.operations = operations
        self._zone = ZoneInfo(session.reference.timezone)
        self.case_id: str | None = None
        self.history: tuple = ()
        self.last_activity = time.monotonic()
        self.setWidgetResizable(True)
        body = QWidget(self)
        self.setWidget(body)

        self.file_action = make_action(self, self.tr("&File case"), ("F2",), self.file_case)
        self.reject_action = make_action(self, self.tr("&Reject…"), ("F3",), self.reject_case)
        self.dispatch_action = make_action(
            self, self.tr("&Dispatch to suggestion"), ("F4", "Ctrl+Return"), self.dispatch_case
        )

        self.title = _label(body, "caseTitle")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.lease_banner = _label(body, "leaseBanner")
        self.lease_banner.hide()
        self.description = _label(body, "caseDescription")
        self.photos = QHBoxLayout()
        self.photos.addStretch(1)
        self.reporter = _label(body, "caseReporter")
        self.channel_details = _label(body, "caseChannelDetails")
        self.address = _label(body, "caseAddress")
        self.grid = _label(body, "caseGrid")
        self.coordinates = _label(body, "caseCoordinates")

        self.category = QComboBox(body)
        self.category.setObjectName("categoryPicker")
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for category in session.catalogue.categories:
            kind = self.tr("Component") if category.kind.value == "component" else self.tr("Event")
            self.category.addItem(
                f"{category.small_name} · {category.big_name} · {kind} {category.id}", category.id
            )
        completer = QCompleter(self.category.model(), self.category)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.category.setCompleter(completer)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.condition = QComboBox(body)
        self.condition.setObjectName("conditionPicker")
        self.condition.currentIndexChanged.connect(self._condition_changed)
        self.limit = _label(body, "conditionLimit")
        self.close_condition = _label(body, "closeCondition")

        self.department = QComboBox(body)
        self.department.setObjectName("departmentPicker")
        for department in session.reference.departments:
            self.department.addItem(department.name, department.id)
        self.suggestion = _label(body, "routingSuggestion")

        self.timeline = QTreeWidget(body)
        self.timeline.setObjectName("caseHistory")
        self.timeline.setHeaderLabels([self.tr("Time"), self.tr("Step"), self.tr("By"), self.tr("Note")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setMinimumHeight(140)
        self.timeline.setColumnWidth(0, 110)

        report_box = QGroupBox(self.tr("Report"), body)
        report = QFormLayout(report_box)
        self._report_form = report  # rows without content (no photos, no channel fields) are hidden
        report.addRow(self.tr("Description"), self.description)
        report.addRow(self.tr("Photos"), self.photos)
        report.addRow(self.tr("Reporter"), self.reporter)
        report.addRow(self.tr("Channel details"), self.channel_details)
        place_box = QGroupBox(self.tr("Location"), body)
        place = QFormLayout(place_box)
        place.addRow(self.tr("Address"), self.address)
        place.addRow(self.tr("Grid"), self.grid)
        place.addRow(self.tr("Coordinates"), self.coordinates)
        filing_box = QGroupBox(self.tr("Filing"), body)
        filing = QFormLayout(filing_box)
        filing.addRow(self.tr("Category"), self.category)
        filing.addRow(self.tr("Filing condition"), self.condition)
        filing.addRow(self.tr("Handling limit"), self.limit)
        filing.addRow(self.tr("Closing condition"), self.close_condition)
        filing.addRow(self._buttons(body, self.file_action, self.reject_action))
        dispatch_box = QGroupBox(self.tr("Dispatch"), body)
        dispatch = QFormLayout(dispatch_box)
        dispatch.addRow(self.tr("Suggested"), self.suggestion)
        dispatch.addRow(self.tr("Department"), self.department)
        dispatch.addRow(self._buttons(body, self.dispatch_action))
        history_box = QGroupBox(self.tr("History"), body)
        QVBoxLayout(history_box).addWidget(self.timeline)

        layout = QVBoxLayout(body)
        for widget in (
            self.title,
            self.lease_banner,
            report_box,
            place_box,
            filing_box,
            dispatch_box,
            history_box,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

        self.placeholder = self.tr("Select a case in the queue (Alt+Down opens the next one).")
        session.store.subscribe(self)
        self._renew = QTimer(self)
        self._renew.setInterval(15_000)
        self._renew.timeout.connect(self._renew_lease)
        self._renew.start()
        self.show_case(None)

    # --- building blocks ---------------------------------------------------------------------

    def _buttons(self, parent: QWidget, *actions: QAction) -> QHBoxLayout:
        row = QHBoxLayout()
        for action in actions:
            button = QToolButton(parent)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumWidth(120)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _time(self, moment: datetime) -> str:
        return moment.astimezone(self._zone).strftime("%m-%d %H:%M:%S")

    @property
    def case(self) -> Case | None:
        return self.session.store.get(self.case_id) if self.case_id else None

    # --- showing a case ----------------------------------------------------------------------

    def show_case(self, case_id: str | None) -> None:
        """Open `case_id` (claiming it when the seat may act on it) or clear the view."""
        previous = self.case
        if previous is not None and case_id != previous.id and self._mine(previous):
            self.operations.run(self.session.release(previous.id), quiet=True)
        self.case_id = case_id
        self.history = ()
        self.timeline.clear()
        self._render()
        self.case_shown.emit(case_id)
        case = self.case
        if case is None:
            return
        self.last_activity = time.monotonic()
        if self._may_claim(case):
            self.operations.run(self.session.claim(case.id), quiet=True, key="claim")
        self._load_history()

    def _load_history(self) -> None:
        if self.case_id is not None:
            self.operations.run(
                self.session.case_detail(self.case_id), self._history_loaded, key="detail", quiet=True
            )

    def _history_loaded(self, detail: CaseDetail) -> None:
        if detail.case.id != self.case_id:
            return
        self.history = detail.history
        self.timeline.clear()
        for entry in detail.history:
            item = QTreeWidgetItem(
                [self._time(entry.at), labels.action_name(entry.action), entry.actor_name, entry.note]
            )
            self.timeline.addTopLevelItem(item)
        self.timeline.scrollToBottom()

    def _render(self) -> None:
        case = self.case
        self.widget().setEnabled(case is not None)
        if case is None:
            self.title.setText(self.placeholder)
            for label in (
                self.description,
                self.reporter,
                self.channel_details,
                self.address,
                self.grid,
                self.coordinates,
                self.suggestion,
                self.limit,
                self.close_condition,
            ):
                label.clear()
            self.lease_banner.hide()
            self._clear_photos()
            self.update_actions()
            return
        urgent = self.tr("URGENT") + " · " if case.urgent else ""
        self.title.setText(
            f"{urgent}{case.id} · {labels.channel_name(case.channel)} · {labels.state_name(case.state)}"
        )
        self.description.setText(case.description)
        reporter = case.reporter
        parts = [reporter.name, reporter.phone, reporter.collector_id or ""]
        self.reporter.setText(
            " · ".join(p for p in parts if p)
            + "　"
            + self.tr("reported at %1").replace("%1", self._time(case.reported_at))
        )
        self.channel_details.setText(labels.channel_details(case.details))
        self._report_form.setRowVisible(self.channel_details, bool(self.channel_details.text()))
        self.address.setText(case.address)
        grid = case.grid
        self.grid.setText(
            f"{grid.district} › {grid.street} › {grid.community} › {grid.code}"
            if grid
            else self.tr("Outside the grid: locate the case before filing")
        )
        self.coordinates.setText(f"{case.location.lon:.6f}, {case.location.lat:.6f}" if case.location else "")
        self._set_category(case.category_id, case.condition_id)
        self._set_department(case)
        self._render_lease(case)
        self._render_photos(case)
        self.update_actions()

    def _set_category(self, category_id: str | None, condition_id: str | None) -> None:
        self.category.blockSignals(True)
        self.category.setCurrentIndex(self.category.findData(category_id) if category_id else -1)
        self.category.blockSignals(False)
        self._category_changed(condition_id=condition_id)

    def _category_changed(self, *_args: object, condition_id: str | None = None) -> None:
        self.condition.blockSignals(True)
        self.condition.clear()
        category_id = self.category.currentData()
        if category_id:
            for condition in self.session.catalogue.category(category_id).conditions:
                self.condition.addItem(f"{condition.text}（{condition.limit_text}）", condition.id)
            if condition_id:
                self.condition.setCurrentIndex(max(self.condition.findData(condition_id), 0))
        self.condition.blockSignals(False)
        self._condition_changed()
        self.last_activity = time.monotonic()

    def _condition_changed(self, *_args: object) -> None:
        condition_id = self.condition.currentData()
        if condition_id:
            condition = self.session.catalogue.condition(condition_id)[1]
            self.limit.setText(condition.limit_text)
            self.close_condition.setText(condition.close_condition)
        else:
            self.limit.clear()
            self.close_condition.clear()
        self.update_actions()

    def _set_department(self, case: Case) -> None:
        chosen = case.department_id or case.suggested_department_id
        self.department.setCurrentIndex(self.department.findData(chosen) if chosen else -1)
        if case.suggested_department_id:
            name = self.department.itemText(self.department.findData(case.suggested_department_id))
            self.suggestion.setText(f"{name}　（{case.suggestion_rule or ''}）")
        else:
            self.suggestion.setText(self.tr("No suggestion: choose the department"))

    def _mine(self, case: Case) -> bool:
        lease = case.lease
        return (
            lease is not None
            and lease.user_id == self.session.user.id
            and lease.expires_at > self.session.server_now()
        )

    def held_by_other(self, case: Case) -> bool:
        lease = case.lease
        return (
            lease is not None
            and lease.user_id != self.session.user.id
            and lease.expires_at > self.session.server_now()
        )

    def _may_claim(self, case: Case) -> bool:
        roles = workflow.CLAIM_ROLES.get(case.state, frozenset())
        return bool(roles.intersection(self.session.user.roles)) and not self.held_by_other(case)

    def _render_lease(self, case: Case) -> None:
        lease = case.lease
        if lease is None or lease.expires_at <= self.session.server_now():
            self.lease_banner.hide()
            return
        until = lease.expires_at.astimezone(self._zone).strftime("%H:%M")
        if lease.user_id == self.session.user.id:
            text = self.tr("You hold this case (until %1).").replace("%1", until)
            style = "background: #e3eefb; padding: 4px;"
        else:
            text = (
                self.tr("%1 is working on this case (held until %2).")
                .replace("%1", lease.user_name)
                .replace("%2", until)
            )
            style = "background: #fbecb5; padding: 4px;"
        self.lease_banner.setText(text)
        self.lease_banner.setStyleSheet(style)
        self.lease_banner.show()

    def _clear_photos(self) -> None:
        while self.photos.count() > 1:
            item = self.photos.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def _render_photos(self, case: Case) -> None:
        self._clear_photos()
        images = [a for a in case.attachments if a.content_type.startswith("image/")]
        self._report_form.setRowVisible(self.photos, bool(images))
        for attachment in case.attachments:
            if not attachment.content_type.startswith("image/"):
                continue
            thumb = QLabel(self.tr("Loading…"), self.widget())
            thumb.setObjectName("casePhoto")
            thumb.setFixedSize(128, 96)
            thumb.setToolTip(attachment.name)
            self.photos.insertWidget(self.photos.count() - 1, thumb)
            self.operations.run(
                self.session.attachment(attachment.id),
                lambda data, label=thumb: self._photo_loaded(label, data),
                quiet=True,
            )

    def _photo_loaded(self, label: QLabel, data: bytes) -> None:
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            label.setPixmap(
                pixmap.scaled(
                    label.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            label.setText(self.tr("Unreadable image"))

    def update_actions(self) -> None:
        case = self.case
        allowed = workflow.allowed_actions(case.state, self.session.user.roles) if case else []
        free = case is not None and not self.held_by_other(case)
        self.file_action.setEnabled(free and "file" in allowed and bool(self.condition.currentData()))
        self.reject_action.setEnabled(free and ("not_accept" in allowed or "cancel" in allowed))
        self.dispatch_action.setEnabled(
            free and "dispatch" in allowed and self.department.currentIndex() >= 0
        )
        editable = case is not None and "file" in allowed
        self.category.setEnabled(editable)
        self.condition.setEnabled(editable)
        self.department.setEnabled(free and "dispatch" in allowed)

    # --- StoreListener: the shown case changes under the seat's eyes ------------------------

    def case_added(self, case: Case) -> None:
        pass

    def case_changed(self, old: Case, new: Case) -> None:
        if new.id != self.case_id:
            return
        if (
            old.state != new.state
            or old.category_id != new.category_id
            or old.department_id != new.department_id
        ):
            self._render()
        else:  # a lease or clock change: keep the seat's unsaved choices in the pickers
            self._render_lease(new)
            self.update_actions()
        self._load_history()

    def case_removed(self, case_id: str) -> None:
        if case_id == self.case_id:
            self.show_case(None)

    def cases_reset(self) -> None:
        if self.case_id is not None and self.case is None:
            self.show_case(None)
        else:
            self._render()

    # --- actions -----------------------------------------------------------------------------

    def _renew_lease(self) -> None:
        case = self.case
        if case is None or not self._mine(case) or case.lease is None:
            return
        lease_seconds = (case.lease.expires_at - case.updated_at).total_seconds() or 180
        left = (case.lease.expires_at - self.session.server_now()).total_seconds()
        if left < lease_seconds * RENEW_SHARE and time.monotonic() - self.last_activity < lease_seconds:
            self.operations.run(self.session.claim(case.id), quiet=True, key="claim")

    def file_case(self) -> None:
        case, condition_id = self.case, self.condition.currentData()
        if case is None or not self.file_action.isEnabled() or not condition_id:
            return
        self.last_activity = time.monotonic()
        category_id = self.session.catalogue.condition(condition_id)[0].id
        self.operations.run(self.session.file(case.id, category_id, condition_id), key="command")

    def reject_case(self) -> None:
        case = self.case
        if case is None or not self.reject_action.isEnabled():
            return
        self.last_activity = time.monotonic()
        allowed = workflow.allowed_actions(case.state, self.session.user.roles)
        kinds = [kind for kind in RejectKind if workflow.reject_action(kind) in allowed]
        self.reject_dialog = RejectDialog(self.session.reference.reject_reasons, kinds, self)
        self.operations.run(self._reject(case.id, self.reject_dialog), key="command")

    async def _reject(self, case_id: str, dialog: RejectDialog) -> None:
        rejection = await dialog.ask()
        if rejection is not None:
            await self.session.reject(case_id, rejection.kind, rejection.reason, rejection.note)

    def dispatch_case(self) -> None:
        case = self.case
        if case is None or not self.dispatch_action.isEnabled():
            return
        self.last_activity = time.monotonic()
        self.operations.run(self.session.dispatch(case.id, self.department.currentData()), key="command")
