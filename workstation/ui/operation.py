"""One way to run the window's async work: keep the task, report failure calmly, in the seat's language.

Widgets never await directly in slots; they hand a coroutine to `Operations.run`, which keeps a
reference (so the task is not collected), cancels an older run with the same key, and turns
`SessionError`s into a status-bar message and, unless the work is quiet (background loads), a
non-modal message box. A command kept in the outbox (`Queued`) is not a failure: only the status bar
says so.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from workstation.app.session import Queued, SessionError

log = logging.getLogger(__name__)
T = TypeVar("T")


class Operations(QObject):
    """Runs coroutines for one window. `failed` carries the message shown to the seat; `queued` the
    calm one for a command that waits in the outbox."""

    failed = Signal(str)
    queued = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._tasks: set[asyncio.Task[Any]] = set()
        self._keyed: dict[str, asyncio.Task[Any]] = {}
        self._boxes: list[QMessageBox] = []

    def run(
        self,
        work: Coroutine[Any, Any, T],
        on_success: Callable[[T], None] | None = None,
        *,
        key: str | None = None,
        quiet: bool = False,
    ) -> asyncio.Task[T]:
        """Start `work`; call `on_success` with its result. `quiet` reports failure only in the status bar."""
        if key is not None and (older := self._keyed.get(key)) is not None:
            older.cancel()
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        if key is not None:
            self._keyed[key] = task
        self.busy_changed.emit(True)
        task.add_done_callback(lambda done: self._finished(done, on_success, key, quiet))
        return task

    def pending(self) -> int:
        return len(self._tasks)

    async def cancel_all(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _finished(
        self, task: asyncio.Task[Any], on_success: Callable[[Any], None] | None, key: str | None, quiet: bool
    ) -> None:
        self._tasks.discard(task)
        if not isValid(self):  # the window closed while the work was finishing: nobody to tell
            return
        if key is not None and self._keyed.get(key) is task:
            del self._keyed[key]
        self.busy_changed.emit(bool(self._tasks))
        if task.cancelled():
            return
        error = task.exception()
        if error is None:
            if on_success is not None:
                on_success(task.result())
            return
        if isinstance(error, Queued):
            self.queued.emit(error.message)
            return
        if isinstance(error, SessionError):
            message = error.message
        else:
            log.error("operation failed", exc_info=error)
            message = self.tr("Something went wrong: %1").replace("%1", str(error) or type(error).__name__)
        self.report(message, quiet)

    def report(self, message: str, quiet: bool = False) -> None:
        """Tell the seat something did not happen (also what no operation of this window started)."""
        self.failed.emit(message)
        if not quiet:
            self._show(message)

    def _show(self, message: str) -> None:
        """A non-modal box: `exec()` would start a nested loop inside the qasync loop."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Not done"), message, parent=self._window)
        box.setObjectName("operationMessage")
        box.finished.connect(lambda _result: self._boxes.remove(box))
        self._boxes.append(box)
        box.open()

    def open_messages(self) -> list[str]:
        """Texts of the message boxes the seat has not closed yet (newest last)."""
        return [box.text() for box in self._boxes]
