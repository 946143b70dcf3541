"""The embedded platform server (内置服务): the reference server as a child process on 127.0.0.1.

`workstation` with no server address runs one on a free port with a SQLite file in the user's
data folder, so a fresh machine has the whole system with one command.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import sys
import time
from pathlib import Path
from typing import IO

import httpx
import platformdirs

from workstation.app.session import SessionError

log = logging.getLogger(__name__)

START_TIMEOUT = 60.0
STOP_TIMEOUT = 5.0
LOG_TAIL_LINES = 20


class ServerStartFailed(SessionError):
    """The embedded server did not come up; the message carries the end of its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedServer:
    """Start and stop `workstation.server.cli` as a child process with its log in `data_dir`."""

    def __init__(self, data_dir: Path | None = None, simulate: bool = False) -> None:
        self.data_dir = (
            Path(data_dir) if data_dir is not None else Path(platformdirs.user_data_dir("workstation"))
        )
        self.simulate = simulate
        self.url: str | None = None
        self.process: asyncio.subprocess.Process | None = None
        self._log: IO[bytes] | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / "workstation.db"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server.log"

    async def start(self, timeout: float = START_TIMEOUT) -> str:
        """Run the server and wait until `/api/v1/health` answers; returns its base URL."""
        if self.url is not None and self.process is not None and self.process.returncode is None:
            return self.url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        args = [
            "-m",
            "workstation.server.cli",
            "--db",
            f"sqlite:///{self.db_path}",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--seed",
            "demo",
        ]
        if self.simulate:
            args.append("--simulate")
        self._log = self.log_path.open("ab")
        self._log.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} start on port {port}\n".encode())
        self._log.flush()
        log.info("starting the embedded server on port %d (data in %s)", port, self.data_dir)
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            *args,
            stdout=self._log,
            stderr=asyncio.subprocess.STDOUT,
            stdin=asyncio.subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            await self._wait_healthy(url, timeout)
        except BaseException:
            await self.stop()
            raise
        self.url = url
        return url

    async def _wait_healthy(self, url: str, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=1.0) as http:
            while time.monotonic() < deadline:
                if self.process.returncode is not None:
                    raise ServerStartFailed(
                        f"本地服务启动失败（退出码 {self.process.returncode}）。日志 {self.log_path} 末尾：\n"
                        + self.log_tail()
                    )
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(f"{url}/api/v1/health")).status_code == 200:
                        return
                await asyncio.sleep(0.1)
        raise ServerStartFailed(
            f"本地服务 {timeout:.0f} 秒内未能启动。日志 {self.log_path} 末尾：\n" + self.log_tail()
        )

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    async def stop(self) -> None:
        """Terminate the server (it ends its streams and tasks), killing it after 5 s; idempotent."""
        process, self.process, self.url = self.process, None, None
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                log.warning("embedded server did not stop in %.0f s; killing it", STOP_TIMEOUT)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
