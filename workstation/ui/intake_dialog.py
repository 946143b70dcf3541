"""登记新案卷 (registering a case by hand): the acceptance form on an empty case, as the seat takes a
hotline call, a leader's instruction, a media report or a department's transfer.

When a call rings the dialog pops with the caller's number and earlier cases (and how they ended),
so the seat can say "your report of Tuesday was dispatched to the 环卫中心". What the seat types is a
draft on disk until the case is registered; closing the dialog keeps the draft.
"""

from __future__ import annotations

import asyncio
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.app.drafts import DraftStore, new_key
from workstation.app.session import CommandRejected, Session
from workstation.domain import workflow
from workstation.domain.models import CallerCase, Case, Channel, IncomingCall, SimilarCheck, SimilarQuery
from workstation.ui import labels
from workstation.ui.case_form import CaseForm
from workstation.ui.location_editor import PICK_KEY
from workstation.ui.operation import Operations

DRAFT_DELAY_MS = 300
SIMILAR_DELAY_MS = 600  # the 相似案卷 check waits until the seat pauses typing
SIMILAR_SHOWN = 3


class IntakeDialog(QDialog):
    """A new case in the making. `registered` carries the new case's id."""

    registered = Signal(str)

    def __init__(self, session: Session, operations: Operations, drafts: DraftStore, *,
                 call: IncomingCall | None = None, draft_key: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeDialog")
        self.session = session
        self.operations = operations
        self.drafts = drafts
        self.key = draft_key or new_key()
        self.call = call
        self._zone = ZoneInfo(session.reference.timezone)
        self.resize(760, 860)

        self.form = CaseForm(session, operations, self)
        self.form.changed.connect(self._changed)
        self.history = QTreeWidget(self)
        self.history.setObjectName("callerHistory")
        self.history.setHeaderLabels([self.tr("Reported"), self.tr("Category"), self.tr("Outcome"),
                                      self.tr("Summary")])
        self.history.setRootIsDecorated(False)
        self.history.setMaximumHeight(150)
        self.history_box = QGroupBox(self.tr("The caller's earlier cases"), self)
        QVBoxLayout(self.history_box).addWidget(self.history)
        self.history_box.hide()

        # 相似案卷 while the call is taken: "this problem is already known" (merged after registering).
        self.similar_notice = QLabel(self)
        self.similar_notice.setObjectName("similarNotice")
        self.similar_notice.setWordWrap(True)
        self.similar_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.similar_notice.setStyleSheet("background: #e8eef7; border-left: 3px solid #4a6fa5; padding: 6px;")
        self.similar_notice.hide()
        self._similar_query: SimilarQuery | None = None

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.register_button = QPushButton(self.tr("Register (Ctrl+S)"), self)
        self.register_button.setObjectName("registerCase")
        self.register_button.clicked.connect(lambda: self.submit(file=False))
        self.file_button = QPushButton(self.tr("Register and file (F2)"), self)
        self.file_button.setObjectName("registerAndFile")
        self.file_button.clicked.connect(lambda: self.submit(file=True))
        self.discard_button = QPushButton(self.tr("Discard"), self)
        self.discard_button.clicked.connect(self.discard)
        later = QPushButton(self.tr("Keep as draft"), self)
        later.clicked.connect(self.close)
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.submit(file=False))
        QShortcut(QKeySequence("F2"), self, lambda: self.submit(file=True))
        QShortcut(QKeySequence(PICK_KEY), self, self.form.location.request_pick)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(later)
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.file_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.history_box)
        layout.addWidget(self.similar_notice)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.save_draft)
        self._similar_timer = QTimer(self)
        self._similar_timer.setSingleShot(True)
        self._similar_timer.setInterval(SIMILAR_DELAY_MS)
        self._similar_timer.timeout.connect(self.check_similar)

        draft = drafts.get(self.key)
        state = draft.state if draft is not None else None
        self.form.start_new(Channel.HOTLINE, state.get("form") if state else None)
        if state and state.get("call"):
            self.call = IncomingCall.model_validate(state["call"])
        elif call is not None:
            self.form.set_caller(call.caller_phone, call.line, call.call_id)
        self._show_call()
        self._similar_timer.start()  # a restored draft may already name a place

    def _show_call(self) -> None:
        call = self.call
        if call is None:
            self.setWindowTitle(self.tr("New case"))
            return
        self.setWindowTitle(self.tr("Incoming call %1 · %2").replace("%1", call.line).replace("%2", call.caller_phone))
        self.history_box.setTitle(
            self.tr("The caller's earlier cases (%1)").replace("%1", str(len(call.earlier_cases))))
        self.history_box.show()
        self.history.clear()
        if not call.earlier_cases:
            self.history.addTopLevelItem(QTreeWidgetItem(["", "", self.tr("First call from this number"), ""]))
        for earlier in call.earlier_cases:
            self.history.addTopLevelItem(self._history_row(earlier))
        for column, width in enumerate((96, 110, 260)):
            self.history.setColumnWidth(column, width)

    def _history_row(self, earlier: CallerCase) -> QTreeWidgetItem:
        when = earlier.reported_at.astimezone(self._zone).strftime("%m-%d %H:%M")
        item = QTreeWidgetItem([when, earlier.category_name or self.tr("(unclassified)"), earlier.outcome,
                                earlier.summary])
        item.setToolTip(3, f"{earlier.id}\n{earlier.summary}")
        item.setToolTip(2, earlier.outcome)
        return item

    # --- drafts ------------------------------------------------------------------------------------

    def _changed(self) -> None:
        self._timer.start()
        self._similar_timer.start()

    # --- 相似案卷 -------------------------------------------------------------------------------------

    def check_similar(self) -> None:
        """Compare the case as written so far with the cases there are, once it has a 小类 or a place."""
        self._similar_timer.stop()
        form = self.form
        location = form.location.location
        query = SimilarQuery(
            category_id=form.selection()[0], location=location,
            grid_code=form.location.grid.code if form.location.grid and location is None else None,
            address=form.location.address.text().strip(), description=form.description.toPlainText().strip(),
            phone=form.reporter_phone.text().strip())
        if query == self._similar_query:
            return
        self._similar_query = query
        if query.category_id is None and query.location is None and not query.grid_code and not query.address:
            self._show_similar(None)
            return
        self.operations.run(self.session.similar_preview(query), self._show_similar, key=f"similar-{self.key}",
                            quiet=True)

    def _show_similar(self, check: SimilarCheck | None) -> None:
        if check is None or not check.warn:  # listed look-alikes without a warning are no news for a caller
            self.similar_notice.hide()
            return
        lines = [self.tr("Possibly a known problem: tell the caller; after registering, merge it (Ctrl+M)")]
        for candidate in check.candidates[:SIMILAR_SHOWN]:
            lines.append(f"#{candidate.case_id} · {labels.state_name(candidate.state)} · {candidate.explanation}")
        self.similar_notice.setText("\n".join(lines))
        self.similar_notice.show()

    def save_draft(self) -> None:
        self._timer.stop()
        state: dict[str, Any] = {"form": self.form.state()}
        if self.call is not None:
            state["call"] = self.call.model_dump(mode="json")
        self.drafts.save(self.key, state)

    def discard(self) -> None:
        self._timer.stop()
        self.drafts.discard(self.key)
        self.hide()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing keeps the draft (reopened from 案卷 › 新建案卷 or at the next start)."""
        self.save_draft()
        super().closeEvent(event)

    # --- registering --------------------------------------------------------------------------------

    def submit(self, *, file: bool) -> None:
        """登记 (the case waits in 待受理), or 登记并立案 in one go when a 小类 and 立案条件 are chosen."""
        category_id, condition_id = self.form.selection()
        if file and not condition_id:
            self.form.show_errors({"category_id": self.tr("choose the category and filing condition to file")})
            return
        self.save_draft()
        self.register_button.setEnabled(False)
        self.file_button.setEnabled(False)
        task = self.operations.run(self._register(file, category_id, condition_id), self._done,
                                   key=f"intake-{self.key}")
        task.add_done_callback(self._failed)

    def _failed(self, task: asyncio.Task[Case]) -> None:
        """After a refusal or a lost connection the seat corrects and tries again; nothing is lost."""
        if task.cancelled() or task.exception() is not None:
            self.register_button.setEnabled(True)
            self.file_button.setEnabled(True)

    def _done(self, case: Case) -> None:
        self.registered.emit(case.id)
        self.hide()
        self.deleteLater()

    async def _register(self, file: bool, category_id: str | None, condition_id: str | None) -> Case:
        report = await self.form.report()
        try:
            case = await self.session.intake(report, key=self.key)  # the draft's key: sent twice, made once
        except CommandRejected as rejected:
            self.form.show_errors(rejected.error.fields)
            raise
        self.drafts.discard(self.key)
        allowed = workflow.allowed_actions(case.state, self.session.user.roles)
        if file and category_id and condition_id and "file" in allowed:
            case = await self.session.file(case.id, category_id, condition_id)
        return case


def call_is_for(call: IncomingCall, user_id: str, roles: tuple[Any, ...]) -> bool:
    """Does this seat answer the call: put through to it, or to nobody in particular while it takes calls?"""
    takes_calls = bool(workflow.TRANSITIONS["file"].roles.intersection(roles))
    return takes_calls and call.seat in (None, user_id)

