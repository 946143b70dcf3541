"""What the centre does once the departments have fed back, and on any open case: 发送核查 (send the
check task to the grid's collector), 结案 (close, by the 值班长 (shift leader), with the 立案条件's
结案条件 (closing condition) shown), 督办 (supervise, with an opinion), and after 结案 the 回访 (call the
hotline caller back and record the answer). The case view shows their buttons; the main window puts the
same QActions in its menus and the command line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from workstation.app.session import Session
from workstation.domain import workflow
from workstation.domain.models import Case, RevisitResult
from workstation.ui.actions import make_action
from workstation.ui.note_dialog import NoteDialog
from workstation.ui.operation import Operations
from workstation.ui.revisit_dialog import RevisitDialog

#: What the seat may type after `hf` on the command line: pinyin initials or the Chinese word.
REVISIT_WORDS = {"my": RevisitResult.SATISFIED, "满意": RevisitResult.SATISFIED,
                 "jbmy": RevisitResult.FAIRLY_SATISFIED, "基本满意": RevisitResult.FAIRLY_SATISFIED,
                 "bmy": RevisitResult.UNSATISFIED, "不满意": RevisitResult.UNSATISFIED,
                 "wjt": RevisitResult.UNREACHABLE, "未接通": RevisitResult.UNREACHABLE}


class LifecycleActions(QObject):
    def __init__(self, session: Session, operations: Operations, current: Callable[[], Case | None],
                 window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.operations = operations
        self._current = current
        self._window = window
        self.dialog: NoteDialog | RevisitDialog | None = None
        check_word = session.reference.task_labels.get("check", "核查")
        self.check_action = make_action(self, self.tr("Send %1 task").replace("%1", check_word), ("Shift+F6",),
                                        lambda: self.check_case())
        self.close_action = make_action(self, self.tr("C&lose the case…"), ("F12",), lambda: self.close_case())
        self.resume_action = make_action(self, self.tr("&Resume after suspension"), ("Ctrl+Shift+H",),
                                         lambda: self.resume())
        self.supervise_action = make_action(self, self.tr("Su&pervise…"), ("Ctrl+Shift+U",),
                                            lambda: self.supervise())
        self.revisit_action = make_action(self, self.tr("Call &back…"), ("Ctrl+Shift+V",), lambda: self.revisit())

    @property
    def actions(self) -> tuple[Any, ...]:
        return (self.check_action, self.close_action, self.resume_action, self.supervise_action,
                self.revisit_action)

    def update(self, case: Case | None, free: bool) -> None:
        roles = self.session.user.roles
        allowed = workflow.allowed_actions(case.state, roles) if case is not None else []
        self.check_action.setEnabled(free and "check" in allowed)
        self.close_action.setEnabled(free and "close" in allowed)
        self.resume_action.setEnabled(free and "resume" in allowed)
        self.supervise_action.setEnabled(
            case is not None and case.state in workflow.OPEN_STATES
            and bool(workflow.SUPERVISE_ROLES.intersection(roles)))
        self.revisit_action.setEnabled(free and case is not None and case.revisit_pending
                                       and bool(workflow.REVISIT_ROLES.intersection(roles)))

    def check_case(self, note: str = "") -> None:
        """发送核查: the server picks the on-duty collector of the case's grid."""
        case = self._current()
        if case is None or not self.check_action.isEnabled():
            return
        self.operations.run(self.session.check(case.id, note), key="command")

    def close_case(self, note: str = "") -> None:
        """结案 after the seat read the 结案条件 the disposal is held against."""
        case = self._current()
        if case is None or not self.close_action.isEnabled():
            return
        condition = self.tr("(no filing condition)")
        if case.condition_id:
            try:
                condition = self.session.catalogue.condition(case.condition_id)[1].close_condition
            except KeyError:
                pass
        self.dialog = NoteDialog(
            self.tr("Close case %1").replace("%1", case.id),
            self.tr("Closing condition: %1").replace("%1", condition),
            self.tr("Note for the record (optional)"), answer=note, ok_text=self.tr("Close the case"),
            parent=self._window)
        self.operations.run(self._close(case.id, self.dialog), key="command")

    async def _close(self, case_id: str, dialog: NoteDialog) -> None:
        note = await dialog.ask()
        if note is not None:
            await self.session.close_case(case_id, note)

    def resume(self) -> None:
        """挂账恢复 (派遣员): the suspended work order's clock runs again before its end date."""
        case = self._current()
        if case is None or not self.resume_action.isEnabled():
            return
        self.operations.run(self.session.resume(case.id), key="command")

    def supervise(self, opinion: str = "") -> None:
        """督办 with an opinion: typed on the command line it is sent at once, otherwise asked for."""
        case = self._current()
        if case is None or not self.supervise_action.isEnabled():
            return
        if opinion.strip():
            self.operations.run(self.session.supervise(case.id, opinion.strip()), key="command")
            return
        self.dialog = NoteDialog(
            self.tr("Supervise case %1").replace("%1", case.id),
            self.tr("The opinion goes to the handling department and into the case history."),
            self.tr("Supervision opinion (required)"), required=True, ok_text=self.tr("Supervise"),
            parent=self._window)
        self.operations.run(self._supervise(case.id, self.dialog), key="command")

    async def _supervise(self, case_id: str, dialog: NoteDialog) -> None:
        opinion = await dialog.ask()
        if opinion:
            await self.session.supervise(case_id, opinion)

    def revisit(self, answer: str = "") -> None:
        """回访: the dialog shows whom to call and what was done; `hf 满意` / `hf my` preselects the answer."""
        case = self._current()
        if case is None or not self.revisit_action.isEnabled():
            return
        dialog = RevisitDialog(case, ZoneInfo(self.session.reference.timezone), parent=self._window)
        if (chosen := REVISIT_WORDS.get(answer.strip())) is not None:
            dialog.choose(chosen)
        self.dialog = dialog
        self.operations.run(self._revisit(case.id, dialog), key="command")

    async def _revisit(self, case_id: str, dialog: RevisitDialog) -> None:
        answer = await dialog.ask()
        if answer is not None:
            await self.session.revisit(case_id, *answer)
