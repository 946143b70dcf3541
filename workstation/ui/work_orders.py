"""The 派遣单 (work orders) of the shown case: department, 主办/协办, state, deadline with its traffic
light, 返工 (rework) count and the department's feedback; below them the last 核查 (check) task and
the 督办 (supervision) records."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from workstation.app.session import Session
from workstation.domain.deadline import Deadline, light
from workstation.domain.dispatch import ACTIVE_ORDER_STATES
from workstation.domain.models import Case, RequestState, Supervision, WorkOrder
from workstation.ui import labels
from workstation.ui.queue_model import LIGHT_COLOURS


class Column:
    DEPARTMENT = 0
    ROLE = 1
    STATE = 2
    DEADLINE = 3
    REWORK = 4
    FEEDBACK = 5


class WorkOrdersBox(QGroupBox):
    """Hidden until the case was dispatched."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workOrders")
        self.setTitle(self.tr("Work orders"))
        self.session = session
        self._zone = ZoneInfo(session.reference.timezone)
        self.orders = QTreeWidget(self)
        self.orders.setObjectName("workOrderList")
        self.orders.setHeaderLabels([self.tr("Department"), self.tr("Role"), self.tr("State"), self.tr("Deadline"),
                                     self.tr("Rework"), self.tr("Feedback")])
        self.orders.setRootIsDecorated(False)
        self.orders.header().setSectionResizeMode(Column.DEPARTMENT, QHeaderView.ResizeMode.ResizeToContents)
        self.inspection = QLabel(self)
        self.inspection.setObjectName("inspectionState")
        self.inspection.setWordWrap(True)
        self.pending = QLabel(self)
        self.pending.setObjectName("pendingRequests")
        self.pending.setWordWrap(True)
        self.pending.setStyleSheet("background: #fbecb5; padding: 4px;")
        self.supervisions = QLabel(self)
        self.supervisions.setObjectName("supervisions")
        self.supervisions.setWordWrap(True)
        self.revisit = QLabel(self)
        self.revisit.setObjectName("revisitState")
        self.revisit.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.orders)
        layout.addWidget(self.pending)
        layout.addWidget(self.inspection)
        layout.addWidget(self.supervisions)
        layout.addWidget(self.revisit)
        self.hide()

    def show_case(self, case: Case | None) -> None:
        self.setVisible(case is not None and bool(case.work_orders))
        self.orders.clear()
        if case is None:
            return
        for order in case.work_orders:
            self.orders.addTopLevelItem(self._item(order))
        self._fit_rows()
        self._render_inspection(case)
        waiting = [request for request in case.requests if request.state is RequestState.PENDING]
        names = {order.id: order.department_name for order in case.work_orders}
        self.pending.setVisible(bool(waiting))
        self.pending.setText("<br>".join(
            self.tr("%1 asks for %2: %3 (waiting for the dispatcher, F11)")
            .replace("%1", names.get(request.work_order_id, request.department_id))
            .replace("%2", labels.request_kind_name(request.kind)).replace("%3", request.reason)
            for request in waiting))
        self.supervisions.setVisible(bool(case.supervisions))
        self.supervisions.setText("<br>".join(self._supervision(record) for record in case.supervisions))
        self._render_revisit(case)

    def _supervision(self, record: Supervision) -> str:
        """督办 and, once it came, the department's answer (督办回复); the answer still waited for is said so."""
        text = (self.tr("Supervised by %1 at %2: %3").replace("%1", record.by)
                .replace("%2", self._time(record.at)).replace("%3", record.opinion))
        if record.replied_at is not None:
            return text + "<br>　" + (self.tr("%1 answered at %2: %3").replace("%1", record.replied_by or "")
                                      .replace("%2", self._time(record.replied_at)).replace("%3", record.reply))
        if record.department_id is not None:
            return text + "<br>　" + self.tr("Waiting for the department's answer.")
        return text

    def _render_revisit(self, case: Case) -> None:
        """回访: waiting (with the unanswered calls so far), or what the caller said."""
        done = case.revisit
        self.revisit.setVisible(case.revisit_pending or done is not None)
        if case.revisit_pending:
            text = self.tr("Call back: waiting (Ctrl+Shift+V).")
            if done is not None:
                text += " " + self.tr("%1 call(s) not answered.").replace("%1", str(done.attempts))
        elif done is not None:
            text = (self.tr("Call back by %1 at %2: %3").replace("%1", done.by).replace("%2", self._time(done.at))
                    .replace("%3", labels.revisit_result_name(done.result)))
            text += f" {done.note}" if done.note else ""
        else:
            return
        self.revisit.setText(text)

    def _fit_rows(self) -> None:
        """As tall as its orders (a case has one to six), so the actions and the history stay in view."""
        rows = max(1, self.orders.topLevelItemCount())
        row = self.orders.sizeHintForRow(0) if self.orders.topLevelItemCount() else 22
        scroll = self.orders.horizontalScrollBar().sizeHint().height()
        self.orders.setFixedHeight(self.orders.header().sizeHint().height() + rows * row + scroll + 4)

    def repaint_lights(self, case: Case | None) -> None:
        """The deadlines' colours move on with the clock."""
        if case is None:
            return
        for row, order in enumerate(case.work_orders[:self.orders.topLevelItemCount()]):
            self._colour(self.orders.topLevelItem(row), order)

    def _item(self, order: WorkOrder) -> QTreeWidgetItem:
        deadline = order.deadline.astimezone(self._zone).strftime("%m-%d %H:%M")
        item = QTreeWidgetItem([
            order.department_name + (f"（{order.part}）" if order.part else ""),
            labels.order_role_name(order.role),
            labels.order_state_name(order.state),
            deadline,
            str(order.rework) if order.rework else "",
            order.feedback_note,
        ])
        item.setToolTip(Column.FEEDBACK, order.feedback_note)
        if order.rework:
            item.setToolTip(Column.REWORK, self.tr("Sent back %1 time(s) after a failed check")
                            .replace("%1", str(order.rework)))
        self._colour(item, order)
        return item

    def _colour(self, item: QTreeWidgetItem, order: WorkOrder) -> None:
        if order.state not in ACTIVE_ORDER_STATES:
            item.setBackground(Column.DEADLINE, QBrush())
            return
        clock = Deadline(start=order.sent_at, limit=order.limit,
                         pauses=tuple((pause.start, pause.end) for pause in order.pauses),
                         extensions=order.extensions)
        fraction = clock.fraction(self.session.server_now(), self.session.calendar)
        item.setBackground(Column.DEADLINE, QBrush(LIGHT_COLOURS[light(fraction)]))

    def _render_inspection(self, case: Case) -> None:
        task = case.inspection
        self.inspection.setVisible(task is not None)
        if task is None:
            return
        word = self.session.reference.task_labels.get("check", "核查")
        text = (self.tr("%1: collector %2, due %3.").replace("%1", word).replace("%2", task.collector_name)
                .replace("%3", task.deadline.astimezone(self._zone).strftime("%m-%d %H:%M")))
        if task.answered_at is not None:
            verdict = self.tr("passed") if task.confirmed else self.tr("not passed, sent back for rework")
            text += f" <b>{verdict}</b> {task.note}"
        self.inspection.setText(text)

    def _time(self, moment: datetime) -> str:
        return moment.astimezone(self._zone).strftime("%m-%d %H:%M")
