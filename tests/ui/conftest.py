"""Fixtures for driving the real seat window against the real server (STYLE.md, qasync traps 1–2)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import qasync

from tests.helpers.server import ServerProcess, start_server
from tests.server.seat import Accounts
from workstation.app.session import Session
from workstation.ui.i18n import install_translators
from workstation.ui.main_window import MainWindow
from workstation.ui.map_panel import prepare_web_engine
from workstation.ui.settings import Settings

T = TypeVar("T")

prepare_web_engine()  # before pytest-qt creates the QApplication (the map tests start QtWebEngine)


@pytest.fixture(scope="session", autouse=True)
def chinese(qapp):
    """The seats' language: tests assert the Chinese the seat reads."""
    translators = install_translators(qapp, "zh_CN")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


@pytest.fixture
def loop(qapp, qtbot) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop inside pytest-qt's event processing; `qtbot.wait*` drives its tasks."""
    event_loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(event_loop)
    yield event_loop
    pending = [task for task in asyncio.all_tasks(event_loop) if not task.done()]
    for task in pending:
        task.cancel()
    qtbot.waitUntil(lambda: all(task.done() for task in pending), timeout=5000)
    exit_app = qapp.exit
    qapp.exit = lambda *args: None  # loop.stop() would end Qt's loop for every later test
    try:
        event_loop.stop()
        event_loop.close()
    finally:
        qapp.exit = exit_app
        asyncio.set_event_loop(None)


def run(qtbot, work: Coroutine[Any, Any, T], timeout: float = 15) -> T:
    """Run a coroutine on the qasync loop from the synchronous test body and return its result."""
    task = asyncio.ensure_future(work)
    qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
    return task.result()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("server")
    process = start_server(f"sqlite:///{folder / 'platform.db'}", folder, "--department-delay", "1",
                           "--collector-delay", "1", "--no-department-failures")
    yield process
    process.stop()


@pytest.fixture(scope="module")
def quiet_server(tmp_path_factory) -> Iterator[ServerProcess]:
    """A server without its demo departments and collectors: a module whose tests act for them through
    `api` overrides `server` with this one."""
    folder = tmp_path_factory.mktemp("quiet-server")
    process = start_server(f"sqlite:///{folder / 'platform.db'}", folder, "--no-departments", "--no-collectors")
    yield process
    process.stop()


@pytest.fixture
def api(server) -> Iterator[Accounts]:
    """Accounts speaking to the API (departments, collectors, channels, seats), signed in on first use."""
    accounts = Accounts(server)
    yield accounts
    accounts.close_all()


class Seat:
    """One seat: a signed-in session and its main window."""

    def __init__(self, qtbot, server: ServerProcess, user: str, settings_path: Path) -> None:
        self.qtbot = qtbot
        self.session = run(qtbot, Session.open(server.url, user, "demo"))
        run(qtbot, self.session.start())
        self.window = MainWindow(self.session, Settings(settings_path))
        self.window.show()
        self.focus()

    def focus(self) -> None:
        """Bring the window to the front, as the seat's working window is: its shortcuts are live."""
        self.window.activateWindow()
        self.qtbot.waitUntil(self.window.isActiveWindow, timeout=2000)

    def close(self) -> None:
        """What main() does on quit; not qtbot.addWidget, which would delete the window first."""
        run(self.qtbot, self.window.operations.cancel_all())
        run(self.qtbot, self.session.close())
        self.window.shut()


@pytest.fixture
def open_seat(loop, qtbot, server, tmp_path):
    seats: list[Seat] = []

    def open_(user: str = "seat01") -> Seat:
        seat = Seat(qtbot, server, user, tmp_path / f"{user}.ini")
        seats.append(seat)
        return seat

    yield open_
    for seat in seats:
        seat.close()


def post_intake(
    server: ServerProcess, report: dict[str, Any], account: str = "channel-hotline"
) -> dict[str, Any]:
    """What a real channel does: POST the report to the intake API with its own account."""
    token = server.login(account)
    answer = httpx.post(
        f"{server.url}/api/v1/intake", json=report, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def type_text(qtbot, widget, text: str) -> None:
    """Type `text` as a seat does: ASCII key by key, Chinese committed by the input method (as an IME
    does; QTest cannot press keys for characters outside ASCII)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
