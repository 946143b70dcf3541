"""`workstation`: start (or connect to) the platform server, sign in, and open the seat's window.

The async `run()` owns the whole life of the program (STYLE.md, qasync traps 1–6): it starts the
embedded server, opens the session, shows the window, waits for the seat to quit, then closes the
session and the server before the event loop ends.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import logging.handlers
import os
import sys
import time
from pathlib import Path

import platformdirs

from workstation.app.embedded import EmbeddedServer
from workstation.app.session import LoginFailed, Session, SessionError

log = logging.getLogger(__name__)

DEMO_SEAT = "seat01"
DEMO_PASSWORD = "demo"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="workstation", description="数字城管坐席工作台")
    parser.add_argument(
        "--server", help="platform server URL, e.g. http://127.0.0.1:8000 (default: embedded server)"
    )
    parser.add_argument("--user", help=f"sign in as this user (embedded server: {DEMO_SEAT})")
    parser.add_argument(
        "--password",
        default=os.environ.get("WORKSTATION_PASSWORD"),
        help="password (or the WORKSTATION_PASSWORD environment variable)",
    )
    parser.add_argument(
        "--simulate", action="store_true", help="embedded server: feed a live stream of demo cases"
    )
    parser.add_argument(
        "--data-dir", type=Path, help="embedded server's data folder (default: the user data folder)"
    )
    parser.add_argument("--settings", type=Path, help="settings file (default: the platform's config folder)")
    parser.add_argument(
        "--lang", choices=["zh_CN", "en"], help="interface language (default: the saved setting)"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start offscreen, wait for the queue, print timings as JSON, exit",
    )
    parser.add_argument(
        "--screenshot", type=Path, metavar="FILE.png", help="like --smoke-test, and save the window"
    )
    return parser.parse_args(argv)


def seconds_since_process_start() -> float:
    """Wall time since the kernel started this process (so interpreter and import time count too)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started_ticks = int(fields[19])
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime")
        )
        return time.time() - (boot + started_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, StopIteration):
        return time.perf_counter()


def configure_logging() -> None:
    folder = Path(platformdirs.user_log_dir("workstation"))
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        folder / "workstation.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.smoke_test or args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    configure_logging()
    import qasync  # Qt is imported only now, after the platform is chosen
    from PySide6.QtWidgets import QApplication

    from workstation.ui.i18n import install_translators
    from workstation.ui.map_panel import prepare_web_engine
    from workstation.ui.settings import Settings

    prepare_web_engine()  # before the QApplication: the map's web engine is created later, when first shown
    app = QApplication([sys.argv[0]])
    app.setApplicationName("workstation")
    settings = Settings(args.settings)
    translators = install_translators(app, args.lang or settings.language)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        code = runner.run(run(args, settings))
    del translators
    return code


async def sign_in(args: argparse.Namespace, url: str, embedded: bool, outbox_folder: Path) -> Session | None:
    """Sign in with the given or demo credentials; on a shared server ask in a dialog until it works.
    The seat's outbox (commands made while the server is unreachable) is kept in `outbox_folder`."""
    from workstation.ui.login_dialog import LoginDialog

    user = args.user or (DEMO_SEAT if embedded else "")
    password = args.password or (DEMO_PASSWORD if embedded else None)
    error = ""
    dialog: LoginDialog | None = None
    while True:
        if password is None or error:
            if args.smoke_test or args.screenshot:
                raise LoginFailed(error or "需要 --user 和 --password")
            dialog = dialog or LoginDialog(url, user)
            answer = await dialog.ask(error)
            if answer is None:
                return None
            user, password = answer
        try:
            return await Session.open(url, user, password, outbox_folder=outbox_folder)
        except LoginFailed as failure:
            error = failure.message


async def run(args: argparse.Namespace, settings) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from workstation.ui.main_window import MainWindow

    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(False)
    headless = bool(args.smoke_test or args.screenshot)
    embedded = None if args.server else EmbeddedServer(args.data_dir, simulate=args.simulate)
    session: Session | None = None
    window: MainWindow | None = None
    try:
        url = args.server or await embedded.start()
        session = await sign_in(args, url, embedded is not None, settings.folder / "outbox")
        if session is None:
            return 1
        await session.start()
        suffix = "" if args.server else " · " + app.translate("main", "local demo server")
        window = MainWindow(session, settings, suffix)
        window.show()
        shown = seconds_since_process_start()
        if headless:
            return await report_start(window, shown, args.screenshot)
        closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        window.close_requested.connect(lambda: closed.done() or closed.set_result(None))
        await closed
        return 0
    except SessionError as error:
        log.error("start failed: %s", error.message)
        print(error.message, file=sys.stderr)
        if not headless:
            box = QMessageBox(QMessageBox.Icon.Critical, "坐席工作台", error.message)
            finished: asyncio.Future[int] = asyncio.get_running_loop().create_future()
            box.finished.connect(lambda result: finished.done() or finished.set_result(result))
            box.open()
            await finished
        return 1
    finally:
        if window is not None:
            await window.operations.cancel_all()
        if session is not None:
            await session.close()
        if window is not None:
            window.shut()
        if embedded is not None:
            await embedded.stop()


async def report_start(window, shown: float, screenshot: Path | None) -> int:
    """Wait until the queue is loaded and painted, print the timings, save the screenshot."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + 60
    while window.queue.proxy.rowCount() == 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    window.queue.view.viewport().repaint()
    filled = seconds_since_process_start()
    rows = window.queue.proxy.rowCount()
    if screenshot is not None:
        window.queue.step(1)  # open the oldest case so the picture shows a case too
        deadline = time.monotonic() + 10
        while not window.case_view.history and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # photos and the lease banner
        QApplication.processEvents()
        window.grab().save(str(screenshot))
    print(
        json.dumps(
            {
                "window_shown_s": round(shown, 3),
                "queue_filled_s": round(filled, 3),
                "cases_in_queue": rows,
                "screenshot": str(screenshot) if screenshot else None,
            }
        )
    )
    return 0 if rows > 0 else 2


if __name__ == "__main__":
    sys.exit(main())
