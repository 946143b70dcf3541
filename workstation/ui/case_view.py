"""The case view (案卷详情): the selected case in the acceptance form, and what the seat does with it.

It owns the case actions (确认识别, 立案, 不予受理/作废, 核实, 保存修改, 派遣, and for a probable duplicate
合并 and 不是重复); the main window puts the same QActions in its menus, so shortcuts and tooltips are
defined once. A case the similar-case check (相似案卷判断) flagged shows its candidates side by side
with it; a case others were merged into lists them (关联上报). Opening a case claims it
(a lease that lapses without activity), so the other seats see who holds it. What the seat types
is kept as a draft on disk until the server has it.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush
from PySide6.QtWidgets import (
    QComboBox,
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

from workstation.app.drafts import DraftStore
from workstation.app.session import CommandRejected, Session
from workstation.domain import workflow
from workstation.domain.dispatch import one_key, returned_by
from workstation.domain.models import Case, CaseDetail, CaseState, RejectKind
from workstation.ui import labels
from workstation.ui.actions import make_action
from workstation.ui.case_form import CaseForm
from workstation.ui.dispatch_dialog import DispatchDialog
from workstation.ui.lifecycle_actions import LifecycleActions
from workstation.ui.location_editor import PICK_KEY
from workstation.ui.merge_dialog import MergeDialog
from workstation.ui.operation import Operations
from workstation.ui.queue_model import LIGHT_COLOURS, step_light
from workstation.ui.reject_dialog import RejectDialog
from workstation.ui.similar_panel import LinkedReports, SimilarPanel
from workstation.ui.work_orders import WorkOrdersBox

T = TypeVar("T")

#: Renew the lease when less than this share of it is left and the seat was active meanwhile.
RENEW_SHARE = 0.5
#: Save the draft this long after the last keystroke.
DRAFT_DELAY_MS = 300
#: Columns of the history (timeline) holding the step's deadline and the note.
HISTORY_DEADLINE, HISTORY_NOTE = 3, 4


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseView(QScrollArea):
    """Shows one case and carries out the seat's actions on it."""

    #: The case being opened (its id, or None), announced before the form is filled.
    case_shown = Signal(object)
    #: The similar cases (ids) of the shown case, whenever they change: for the map to show them.
    similar_shown = Signal(list)

    def __init__(self, session: Session, operations: Operations, drafts: DraftStore,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.session = session
        self.operations = operations
        self.drafts = drafts
        self._zone = ZoneInfo(session.reference.timezone)
        self.case_id: str | None = None
        self.history: tuple = ()
        self.last_activity = time.monotonic()
        self.buttons: dict[QAction, QToolButton] = {}
        self.setWidgetResizable(True)
        body = QWidget(self)
        self.setWidget(body)
        verify_word = session.reference.task_labels.get("verify", "核实")

        self.confirm_action = make_action(self, self.tr("C&onfirm detection"), ("F7",), self.confirm_case)
        self.file_action = make_action(self, self.tr("&File case"), ("F2",), self.file_case)
        self.reject_action = make_action(self, self.tr("&Reject…"), ("F3",), self.reject_case)
        self.verify_action = make_action(self, self.tr("Send %1 task").replace("%1", verify_word), ("F6",),
                                         self.verify_case)
        self.save_action = make_action(self, self.tr("&Save corrections"), ("Ctrl+S",), self.save_case)
        self.dispatch_action = make_action(
            self, self.tr("&Dispatch to suggestion"), ("F4", "Ctrl+Return"), self.dispatch_case
        )
        self.dispatch_dialog_action = make_action(self, self.tr("Dispatch &with options…"), ("Shift+F4",),
                                                  self.dispatch_with_options)
        self.merge_action = make_action(self, self.tr("&Merge into the similar case…"), ("Ctrl+M",),
                                        self.merge_case)
        self.not_duplicate_action = make_action(self, self.tr("Not a d&uplicate"), ("Ctrl+Shift+M",),
                                                self.mark_not_duplicate)

        self.title = _label(body, "caseTitle")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.lease_banner = _label(body, "leaseBanner")
        self.lease_banner.hide()
        self.draft_banner = _label(body, "draftBanner")
        self.draft_banner.setStyleSheet("background: #e8f3e8; padding: 4px;")
        self.draft_banner.hide()
        self.duplicate_banner = _label(body, "duplicateBanner")
        self.duplicate_banner.setStyleSheet("background: #e8eef7; border-left: 3px solid #4a6fa5; padding: 4px;")
        self.duplicate_banner.hide()
        self.similar = SimilarPanel(session, operations, body)
        self.similar.shown.connect(self.similar_shown)
        self.similar.candidate_changed.connect(self.update_actions)
        self.similar.actions.addLayout(self._buttons(body, self.merge_action, self.not_duplicate_action))
        self.linked = LinkedReports(session, body)
        self.form = CaseForm(session, operations, body)
        self.form.changed.connect(self._form_changed)
        self.pick_action = make_action(self, self.tr("Pic&k the location on the map"), (PICK_KEY,),
                                       self.form.location.request_pick)
        self.verification = _label(body, "verificationState")
        self.verification_box = QGroupBox(verify_word, body)
        QVBoxLayout(self.verification_box).addWidget(self.verification)
        self.verification_box.hide()

        self.department = QComboBox(body)
        self.department.setObjectName("departmentPicker")
        for department in session.reference.departments:
            self.department.addItem(department.name, department.id)
        self.department.currentIndexChanged.connect(self._department_changed)
        self.suggestion = _label(body, "routingSuggestion")

        self.timeline = QTreeWidget(body)
        self.timeline.setObjectName("caseHistory")
        self.timeline.setHeaderLabels([self.tr("Time"), self.tr("Step"), self.tr("By"), self.tr("Step deadline"),
                                       self.tr("Note")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setMinimumHeight(140)
        self.timeline.setColumnWidth(0, 110)
        self.timeline.setColumnWidth(HISTORY_DEADLINE, 150)

        actions = self._buttons(body, self.confirm_action, self.file_action, self.reject_action,
                                self.verify_action, self.save_action)
        dispatch_box = QGroupBox(self.tr("Dispatch"), body)
        dispatch = QFormLayout(dispatch_box)
        dispatch.addRow(self.tr("Suggested"), self.suggestion)
        dispatch.addRow(self.tr("Department"), self.department)
        dispatch.addRow(self._buttons(body, self.dispatch_action, self.dispatch_dialog_action))
        self.work_orders = WorkOrdersBox(session, body)
        self.lifecycle = LifecycleActions(session, operations, lambda: self.case, self)
        self.work_orders.layout().addLayout(self._buttons(body, *self.lifecycle.actions))
        history_box = QGroupBox(self.tr("History"), body)
        QVBoxLayout(history_box).addWidget(self.timeline)

        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.lease_banner)
        layout.addWidget(self.draft_banner)
        layout.addWidget(self.duplicate_banner)
        layout.addWidget(self.similar)
        layout.addWidget(self.linked)
        layout.addWidget(self.verification_box)
        layout.addWidget(self.form)
        layout.addLayout(actions)
        layout.addWidget(dispatch_box)
        layout.addWidget(self.work_orders)
        layout.addWidget(history_box)
        layout.addStretch(1)

        self.placeholder = self.tr("Select a case in the queue (Alt+Down opens the next one).")
        session.store.subscribe(self)
        self._renew = QTimer(self)
        self._renew.setInterval(15_000)
        self._renew.timeout.connect(self._renew_lease)
        self._renew.start()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.show_case(None)

    # --- building blocks ---------------------------------------------------------------------

    def _buttons(self, parent: QWidget, *actions: QAction) -> QHBoxLayout:
        row = QHBoxLayout()
        for action in actions:
            button = QToolButton(parent)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumWidth(96)
            self.buttons[action] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _time(self, moment: datetime) -> str:
        return moment.astimezone(self._zone).strftime("%m-%d %H:%M:%S")

    @property
    def case(self) -> Case | None:
        return self.session.store.get(self.case_id) if self.case_id else None

    def editable(self, case: Case | None) -> bool:
        """May this seat correct the case now (its state, its roles, nobody else holding it)?"""
        if case is None or self.held_by_other(case):
            return False
        roles = workflow.EDIT_ROLES.get(case.state, frozenset())
        return bool(roles.intersection(self.session.user.roles))

    # --- showing a case ----------------------------------------------------------------------

    def show_case(self, case_id: str | None) -> None:
        """Open `case_id` (claiming it when the seat may act on it) or clear the view."""
        self.save_draft()
        previous = self.case
        if previous is not None and case_id != previous.id and self._mine(previous):
            self.operations.run(self.session.release(previous.id), quiet=True)
        if case_id != self.case_id:
            self.similar.forget_candidates()
        self.case_id = case_id
        self.case_shown.emit(case_id)  # before the form is filled: the map moves meanwhile, in its own process
        self.history = ()
        self.timeline.clear()
        self._render(restore_draft=True)
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
                [self._time(entry.at), labels.action_name(entry.action), entry.actor_name, "", entry.note]
            )
            item.setToolTip(HISTORY_NOTE, entry.note)
            self.timeline.addTopLevelItem(item)
        self._paint_steps()
        self.timeline.scrollToBottom()

    def _paint_steps(self) -> None:
        """Each line that started (or moved) a step clock shows the step's deadline in its traffic-light
        colour: an ended step as it stood when the next one began, the current one as it stands now."""
        case = self.case
        clocked = [(row, entry) for row, entry in enumerate(self.history) if entry.step is not None]
        for position, (row, entry) in enumerate(clocked):
            step, item = entry.step, self.timeline.topLevelItem(row)
            if step is None or item is None:
                continue
            later = clocked[position + 1][1].at if position + 1 < len(clocked) else None
            if later is None and (case is None or case.step is None):  # the case ended: the step with it
                later = next((e.at for e in self.history[row + 1:] if e.to_state != e.from_state), None)
            live = later is None
            end = self.session.server_now() if live else later
            colour = step_light(step, end, self.session.calendar)
            item.setText(HISTORY_DEADLINE, self.tr("%1 by %2").replace("%1", labels.step_name(step.step))
                         .replace("%2", step.deadline.astimezone(self._zone).strftime("%m-%d %H:%M")))
            item.setBackground(HISTORY_DEADLINE, QBrush(LIGHT_COLOURS[colour]))
            took = labels.format_duration((end - step.started_at).total_seconds() / 60)
            template = self.tr("Running for %1") if live else self.tr("Took %1")
            item.setToolTip(HISTORY_DEADLINE, template.replace("%1", took))

    def _render(self, restore_draft: bool = False) -> None:
        case = self.case
        self.widget().setEnabled(case is not None)
        self.draft_banner.hide()
        self.form.show_case(case, self.editable(case))
        if case is None:
            self.title.setText(self.placeholder)
            self.suggestion.clear()
            self.lease_banner.hide()
            self.verification_box.hide()
            self.work_orders.show_case(None)
            self._render_similar(None)
            self.update_actions()
            return
        urgent = self.tr("URGENT") + " · " if case.urgent else ""
        self.title.setText(
            f"{urgent}{case.id} · {labels.channel_name(case.channel)} · {labels.case_state_name(case)}"
        )
        if restore_draft:
            self._restore_draft(case)
        self._set_department(case)
        self._render_lease(case)
        self._render_verification(case)
        self._render_similar(case)
        self.work_orders.show_case(case)
        self.update_actions()

    def _restore_draft(self, case: Case) -> None:
        draft = self.drafts.get(case.id)
        if draft is None or not self.form.editable:
            return
        self.form.restore(draft.state)
        if self.form.changes() is None:
            self.drafts.discard(case.id)
            return
        saved = draft.saved_at.astimezone(self._zone).strftime("%H:%M")
        self.draft_banner.setText(self.tr("Your unsaved corrections from %1 are restored.").replace("%1", saved))
        self.draft_banner.show()

    def _set_department(self, case: Case) -> None:
        """The department F4 sends to: the one dispatched, else the suggestion — unless the suggested unit
        already returned the case (回退 approved): then none, and the seat chooses (Shift+F4, `pq`)."""
        returned = returned_by(case)
        chosen = case.department_id or case.suggested_department_id
        if chosen in returned:
            chosen = None
        self.department.blockSignals(True)
        self.department.setCurrentIndex(self.department.findData(chosen) if chosen else -1)
        self.department.blockSignals(False)
        self._render_suggestion(case)

    def _department_changed(self) -> None:
        if self.case is not None:
            self._render_suggestion(self.case)
        self.update_actions()

    def _render_suggestion(self, case: Case) -> None:
        """The suggested department and the rule that chose it; while the case waits for dispatch, what F4
        sends to the department shown: 主协办 with the routing matrix's 协办, or 扁平化."""
        returned = returned_by(case)
        if case.suggested_department_id:
            name = self._department_name(case.suggested_department_id)
            lines = [f"{name}　（{case.suggestion_rule or ''}）"]
            if case.suggested_department_id in returned:
                lines.append("<b>" + self.tr("%1 returned this case: %2. Choose another department.").replace(
                    "%1", name).replace("%2", returned[case.suggested_department_id]) + "</b>")
        else:
            lines = [self.tr("No suggestion: choose the department")]
        chosen = self.department.currentData()
        if chosen and case.state is CaseState.FILED:
            mechanism, assists = one_key(case, chosen)
            if assists:
                lines.append(self.tr("F4: %1, lead %2, assisted by %3").replace(
                    "%1", labels.mechanism_name(mechanism)).replace("%2", self._department_name(chosen)).replace(
                    "%3", "、".join(self._department_name(unit) for unit in assists)))
            else:
                lines.append(self.tr("F4: %1 to %2").replace("%1", labels.mechanism_name(mechanism))
                             .replace("%2", self._department_name(chosen)))
        self.suggestion.setText("<br>".join(lines))

    def _department_name(self, department_id: str) -> str:
        index = self.department.findData(department_id)
        return self.department.itemText(index) if index >= 0 else department_id

    def _render_verification(self, case: Case) -> None:
        task = case.verification
        self.verification_box.setVisible(task is not None)
        if task is None:
            return
        word = self.session.reference.task_labels.get("verify", "核实")
        lines = [
            self.tr("Sent to collector %1 (%2) at %3 by %4, due %5.")
            .replace("%1", task.collector_name).replace("%2", task.reason)
            .replace("%3", task.requested_at.astimezone(self._zone).strftime("%H:%M"))
            .replace("%4", task.requested_by)
            .replace("%5", task.deadline.astimezone(self._zone).strftime("%H:%M"))
        ]
        if task.answered_at is None:
            left = (task.deadline - self.session.server_now()).total_seconds() / 60
            template = self.tr("Waiting for the answer: %1 left") if left >= 0 else self.tr(
                "Waiting for the answer: %1 overdue")
            lines.append(template.replace("%1", labels.format_duration(left)))
        else:
            verdict = self.tr("Confirmed on site") if task.confirmed else self.tr("Not found on site")
            answered = task.answered_at.astimezone(self._zone).strftime("%H:%M")
            photos = self.tr("%1 photo(s) added to the attachments").replace("%1", str(len(task.photo_ids)))
            lines.append(f"<b>{word}：{verdict}</b>（{answered}）{task.note}　{photos if task.photo_ids else ''}")
        self.verification.setText("<br>".join(lines))

    def _render_similar(self, case: Case | None) -> None:
        """The 相似案卷 section, the 关联上报 list and, for a merged case, where it went."""
        self.similar.show_case(case)
        self.linked.show_case(case)
        duplicate_of = case.duplicate_of if case is not None else None
        self.duplicate_banner.setVisible(bool(duplicate_of))
        if duplicate_of:
            self.duplicate_banner.setText(
                self.tr("Duplicate: merged into %1; its reporter is listed there.").replace("%1", duplicate_of))

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

    def update_actions(self) -> None:
        case = self.case
        allowed = workflow.allowed_actions(case.state, self.session.user.roles) if case else []
        free = case is not None and not self.held_by_other(case)
        self.confirm_action.setEnabled(free and "confirm" in allowed)
        self.file_action.setEnabled(free and "file" in allowed and bool(self.form.selection()[1]))
        self.reject_action.setEnabled(free and ("not_accept" in allowed or "cancel" in allowed))
        self.verify_action.setEnabled(free and "verify" in allowed)
        self.save_action.setEnabled(free and self.form.editable and self.form.changes() is not None)
        self.pick_action.setEnabled(free and self.form.editable)
        self.dispatch_action.setEnabled(free and "dispatch" in allowed and self.department.currentIndex() >= 0)
        self.department.setEnabled(free and "dispatch" in allowed)
        self.dispatch_dialog_action.setEnabled(free and "dispatch" in allowed)
        self.lifecycle.update(case, free)
        decidable = free and self._decidable(case)
        self.merge_action.setEnabled(decidable and "merged" in allowed and self.similar.target_open())
        self.not_duplicate_action.setEnabled(
            decidable and case is not None and case.similar is not None and case.similar.decision is None)
        # only the buttons of what can be done in this state; the menus keep every action (greyed)
        state = case.state if case is not None else None
        shown = {self.confirm_action: state is CaseState.DETECTED,
                 self.file_action: state in (CaseState.REPORTED, CaseState.VERIFYING),
                 self.reject_action: "not_accept" in allowed or "cancel" in allowed,
                 self.verify_action: state in (CaseState.REPORTED, CaseState.VERIFYING),
                 self.save_action: self.form.editable,
                 self.merge_action: self._decidable(case),
                 self.not_duplicate_action: self._decidable(case)}
        for action, visible in shown.items():
            self.buttons[action].setVisible(visible)

    def _decidable(self, case: Case | None) -> bool:
        """May this seat decide about the case's similar cases: it has candidates and waits to be
        accepted (ended, filed and merged cases are decided), and the seat may accept cases."""
        if case is None or case.similar is None or not case.similar.candidates or case.duplicate_of:
            return False
        roles = workflow.NOT_DUPLICATE_ROLES.get(case.state, frozenset())
        return bool(roles.intersection(self.session.user.roles))

    # --- drafts ------------------------------------------------------------------------------

    def _form_changed(self) -> None:
        self.last_activity = time.monotonic()
        self.draft_banner.hide()
        self._draft_timer.start()
        self.update_actions()

    def save_draft(self) -> None:
        """Keep what the seat typed on disk (nothing when there is nothing unsaved)."""
        self._draft_timer.stop()
        case = self.case
        if case is None or not self.form.editable or self.form.case is None or self.form.case.id != case.id:
            return
        if self.form.changes() is None:
            self.drafts.discard(case.id)
        else:
            self.drafts.save(case.id, self.form.state(), version=case.version)

    # --- StoreListener: the shown case changes under the seat's eyes ------------------------

    def case_added(self, case: Case) -> None:
        pass

    def case_changed(self, old: Case, new: Case) -> None:
        if new.id in self.similar.candidate_ids():  # a candidate moved on (or its details arrived)
            self.similar.candidate_updated(new.id)
            self.update_actions()
        if new.id != self.case_id:
            return
        if self.form.changes() is None or old.state != new.state:
            self._render()  # nothing unsaved (or it moved on): show the server's case
        else:  # keep the seat's unsaved corrections in the form
            self._render_lease(new)
            self._render_verification(new)
            self._render_similar(new)
            self.work_orders.show_case(new)
            self.update_actions()
        self._load_history()

    def case_removed(self, case_id: str) -> None:
        if case_id == self.case_id:
            self.show_case(None)

    def cases_reset(self) -> None:
        if self.case_id is not None and self.case is None:
            self.show_case(None)
        else:
            self._render(restore_draft=True)

    # --- actions -----------------------------------------------------------------------------

    def _renew_lease(self) -> None:
        case = self.case
        if case is not None and case.verification is not None and case.verification.answered_at is None:
            self._render_verification(case)  # the task's countdown
        self.work_orders.repaint_lights(case)
        self._paint_steps()
        if case is None or not self._mine(case) or case.lease is None:
            return
        lease_seconds = (case.lease.expires_at - case.updated_at).total_seconds() or 180
        left = (case.lease.expires_at - self.session.server_now()).total_seconds()
        if left < lease_seconds * RENEW_SHARE and time.monotonic() - self.last_activity < lease_seconds:
            self.operations.run(self.session.claim(case.id), quiet=True, key="claim")

    async def _sent(self, case_id: str, work: Awaitable[T]) -> T:
        """Await a command on the shown case; its draft goes once the server has it, and fields the
        server refused are marked in the form."""
        try:
            result = await work
        except CommandRejected as rejected:
            if rejected.error.fields and case_id == self.case_id:
                self.form.show_errors(rejected.error.fields)
            raise
        self.drafts.discard(case_id)
        if case_id == self.case_id:
            self.draft_banner.hide()
        return result

    def _run(self, case_id: str, work: Awaitable[Any]) -> None:
        self.last_activity = time.monotonic()
        self._draft_timer.stop()
        self.save_draft()  # a crash while the command is under way loses nothing
        self.operations.run(self._sent(case_id, work), key="command")

    def file_case(self) -> None:
        case = self.case
        category_id, condition_id = self.form.selection()
        if case is None or not self.file_action.isEnabled() or not category_id or not condition_id:
            return
        self._run(case.id, self.session.file(case.id, category_id, condition_id, changes=self.form.changes()))

    def save_case(self) -> None:
        case, changes = self.case, self.form.changes()
        if case is None or changes is None or not self.save_action.isEnabled():
            return
        self._run(case.id, self.session.edit(case.id, changes))

    def confirm_case(self) -> None:
        case = self.case
        if case is None or not self.confirm_action.isEnabled():
            return
        self._run(case.id, self.session.confirm(case.id, self.form.changes()))

    def verify_case(self) -> None:
        case = self.case
        if case is None or not self.verify_action.isEnabled():
            return
        self._run(case.id, self._verify(case.id, self.form.changes()))

    async def _verify(self, case_id: str, changes: Any) -> Case:
        if changes is not None:  # the collector goes where the seat located the case
            await self.session.edit(case_id, changes)
        return await self.session.verify(case_id)

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
            await self._sent(case_id, self.session.reject(case_id, rejection.kind, rejection.reason, rejection.note))

    def dispatch_case(self) -> None:
        case = self.case
        if case is None or not self.dispatch_action.isEnabled():
            return
        self.last_activity = time.monotonic()
        self.operations.run(self.session.dispatch_one_key(case.id, self.department.currentData()), key="command")

    def dispatch_with_options(self) -> None:
        """Shift+F4: another department, another 派遣机制, 协办 or further units, a note."""
        case = self.case
        if case is None or not self.dispatch_dialog_action.isEnabled():
            return
        self.last_activity = time.monotonic()
        self.dispatch_dialog = DispatchDialog(case, self.session.reference.departments, self,
                                              catalogue=self.session.catalogue)
        self.operations.run(self._dispatch(case.id, self.dispatch_dialog), key="command")

    async def _dispatch(self, case_id: str, dialog: DispatchDialog) -> None:
        choice = await dialog.ask()
        if choice is not None:
            await self.session.dispatch(
                case_id, None if choice.targets else choice.department_id, choice.note,
                mechanism=choice.mechanism, assist_ids=choice.assist_ids, targets=choice.targets)

    def merge_case(self) -> None:
        """合并 into the chosen similar case, after the seat confirmed which case it goes into."""
        case, candidate = self.case, self.similar.selected()
        if case is None or candidate is None or not self.merge_action.isEnabled():
            return
        self.last_activity = time.monotonic()
        self.merge_dialog = MergeDialog(case, candidate.case_id, self.similar.candidate_case(candidate.case_id),
                                        candidate.explanation, self)
        self.operations.run(self._merge(case.id, self.merge_dialog), key="command")

    async def _merge(self, case_id: str, dialog: MergeDialog) -> None:
        note = await dialog.ask()
        if note is not None:
            await self._sent(case_id, self.session.merge(case_id, dialog.target_id, note))

    def mark_not_duplicate(self) -> None:
        """不是重复: the seat compared the cases and this report is a problem of its own."""
        self.not_duplicate_with("")

    def not_duplicate_with(self, note: str) -> None:
        case = self.case
        if case is None or not self.not_duplicate_action.isEnabled():
            return
        self._run(case.id, self.session.not_duplicate(case.id, note))
