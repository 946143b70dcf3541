"""The 派遣员's requests queue (待审批申请): the departments' 回退 (return), 延期 (extension) and 挂账
(suspension) requests waiting for a decision, oldest first, approved or refused with a note.

The list is the server's (`GET /requests`); it is read again whenever a case's requests change on
the event stream, a moment later so a burst of events costs one read."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.app.session import Session
from workstation.domain.models import Case, DepartmentRequest, RequestKind
from workstation.ui import labels
from workstation.ui.actions import make_action
from workstation.ui.operation import Operations

#: Read the list again this long after the last change of a case's requests.
REFRESH_DELAY_MS = 200


class RequestsPanel(QWidget):
    """Emits `open_case_requested` with the case id when the seat opens a request's case."""

    open_case_requested = Signal(str)
    #: How many requests wait, after each read.
    count_changed = Signal(int)

    def __init__(self, session: Session, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestsPanel")
        self.session = session
        self.operations = operations
        self._zone = ZoneInfo(session.reference.timezone)
        self._names = {department.id: department.short_name for department in session.reference.departments}
        self.requests: tuple[DepartmentRequest, ...] = ()
        self.list = QTreeWidget(self)
        self.list.setObjectName("requestList")
        self.list.setHeaderLabels([self.tr("Case no."), self.tr("Department"), self.tr("Request"),
                                   self.tr("Asked for"), self.tr("Reason"), self.tr("Asked at")])
        self.list.setRootIsDecorated(False)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column, width in enumerate((126, 110, 60, 130, 0, 100)):
            if width:
                self.list.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the reason takes what is left
        self.list.itemActivated.connect(lambda item, _column: self.open_case_requested.emit(item.text(0)))
        self.list.currentItemChanged.connect(lambda *_: self._update_actions())
        self.note = QLineEdit(self)
        self.note.setObjectName("decisionNote")
        self.note.setPlaceholderText(self.tr("Note for the department (optional)"))
        self.approve_action = make_action(self, self.tr("&Approve"), ("Ctrl+Shift+A",), lambda: self.decide(True))
        self.refuse_action = make_action(self, self.tr("Re&fuse"), ("Ctrl+Shift+R",), lambda: self.decide(False))
        self.empty = QLabel(self.tr("No request is waiting."), self)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        for action in (self.approve_action, self.refuse_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_DELAY_MS)
        self._refresh.timeout.connect(self.reload)
        session.store.subscribe(self)
        self._update_actions()

    def detach(self) -> None:
        self._refresh.stop()
        self.session.store.unsubscribe(self)

    # --- StoreListener -----------------------------------------------------------------------

    def case_added(self, case: Case) -> None:
        if case.requests:
            self._refresh.start()

    def case_changed(self, old: Case, new: Case) -> None:
        if old.requests != new.requests:
            self._refresh.start()

    def case_removed(self, case_id: str) -> None:
        if any(request.case_id == case_id for request in self.requests):
            self._refresh.start()

    def cases_reset(self) -> None:
        self._refresh.start()

    # --- the list ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.operations.run(self.session.pending_requests(), self._loaded, key="requests", quiet=True)

    def _loaded(self, requests: tuple[DepartmentRequest, ...]) -> None:
        chosen = self.selected()
        self.requests = requests
        self.list.clear()
        for request in requests:
            item = QTreeWidgetItem([
                request.case_id, self._names.get(request.department_id, request.department_id),
                labels.request_kind_name(request.kind), self._asked_for(request), request.reason,
                request.requested_at.astimezone(self._zone).strftime("%m-%d %H:%M"),
            ])
            item.setData(0, Qt.ItemDataRole.UserRole, request.id)
            item.setToolTip(4, request.reason)
            self.list.addTopLevelItem(item)
            if chosen is not None and request.id == chosen.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and requests:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.empty.setVisible(not requests)
        self.count_changed.emit(len(requests))
        self._update_actions()

    def _asked_for(self, request: DepartmentRequest) -> str:
        if request.kind is RequestKind.EXTEND:
            if request.new_deadline is not None:
                return self.tr("until %1").replace(
                    "%1", request.new_deadline.astimezone(self._zone).strftime("%m-%d %H:%M"))
            if request.extra is not None:
                return self.tr("%1 more").replace("%1", f"{request.extra.value} {labels.unit_name(request.extra.unit)}")
            return self.tr("one more limit")
        if request.kind is RequestKind.SUSPEND and request.suspend_until is not None:
            return self.tr("until %1").replace("%1", request.suspend_until.astimezone(self._zone).strftime("%m-%d"))
        return ""

    def selected(self) -> DepartmentRequest | None:
        item = self.list.currentItem()
        request_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return next((request for request in self.requests if request.id == request_id), None)

    def select(self, request_id: str) -> bool:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.data(0, Qt.ItemDataRole.UserRole) == request_id:
                self.list.setCurrentItem(item)
                return True
        return False

    def _update_actions(self) -> None:
        chosen = self.selected() is not None
        self.approve_action.setEnabled(chosen)
        self.refuse_action.setEnabled(chosen)

    def decide(self, approve: bool) -> None:
        """批准 / 驳回 the chosen request with the note typed beside it; the list is read again after."""
        request = self.selected()
        if request is None:
            return
        note = self.note.text().strip()
        self.note.clear()
        self.operations.run(self.session.decide(request.case_id, request.id, approve, note),
                            lambda _case: self.reload(), key="command")
