"""The seat files a case while the server is away: the window says the command waits (待发送), and
once the server is back the case is filed without the seat pressing anything again."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt

from tests.app.conftest import restart
from tests.helpers.reports import report
from tests.helpers.server import start_server
from tests.ui.conftest import post_intake, run
from workstation.app.session import Session
from workstation.domain.city import City
from workstation.ui import labels
from workstation.ui.main_window import MainWindow
from workstation.ui.settings import Settings


def test_a_case_filed_while_the_server_is_away_is_filed_when_it_comes_back(loop, qtbot, tmp_path):
    servers = [start_server(f"sqlite:///{tmp_path / 'platform.db'}", tmp_path, "--no-departments",
                            "--no-collectors")]
    session = run(qtbot, Session.open(servers[0].url, "seat01", "demo", outbox_folder=tmp_path / "outbox"))
    window = None
    try:
        run(qtbot, session.start())
        window = MainWindow(session, Settings(tmp_path / "seat01.ini"))
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        view, status, waiting = window.case_view, window.statusBar(), window.outbox_waiting
        assert not waiting.isVisible()

        marker = uuid.uuid4().hex[:6]
        point = City.load("demo").cells[0].centre.model_dump()
        case_id = post_intake(servers[0], report("hotline", f"文化东路有人占道经营，摊位堵住人行道（{marker}）",
                                                 location=point))["id"]
        qtbot.waitUntil(lambda: session.store.get(case_id) is not None, timeout=5000)
        window.open_case(case_id)
        qtbot.waitUntil(lambda: "您已认领此案卷" in view.lease_banner.text(), timeout=5000)
        assert view.file_action.isEnabled()

        servers[0].process.kill()  # the server goes away
        servers[0].process.wait(timeout=10)
        qtbot.waitUntil(lambda: not session.online, timeout=10_000)
        qtbot.keyClick(window, Qt.Key.Key_F2)  # 立案

        qtbot.waitUntil(lambda: waiting.isVisible() and waiting.text() == "待发送 1", timeout=10_000)
        qtbot.waitUntil(lambda: status.currentMessage() == "服务器连接中断，操作已保存，连接恢复后自动发送",
                        timeout=5000)
        assert window.operations.open_messages() == []  # calm: no "not done" box
        assert view.case.state.value == "reported"

        servers.append(restart(servers[0]))  # it comes back on the same port and database
        qtbot.waitUntil(lambda: view.case.state.value == "filed", timeout=30_000)
        assert view.title.text().endswith(f"· {labels.case_state_name(view.case)}")
        assert labels.case_state_name(view.case) == "待派遣"
        qtbot.waitUntil(lambda: not waiting.isVisible(), timeout=5000)
        assert session.outbox_count() == 0
    finally:
        if window is not None:
            run(qtbot, window.operations.cancel_all())
        run(qtbot, session.close())
        if window is not None:
            window.shut()
        for server in servers:
            server.stop()
