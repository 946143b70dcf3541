"""Real server processes for the session tests, and small helpers to run and wait in asyncio."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from tests.helpers.server import ServerProcess, start_server

T = TypeVar("T")


def run(work: Coroutine[Any, Any, T], timeout: float = 90) -> T:
    """Run one test's async body on a fresh loop (no pytest-asyncio)."""
    return asyncio.run(asyncio.wait_for(work, timeout))


async def until(predicate: Callable[[], object], timeout: float = 15, what: str = "condition") -> None:
    """Wait for `predicate()` to hold, checking often; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


def assert_clean_log(server: ServerProcess) -> None:
    log = server.log()
    assert "Traceback" not in log, log[-4000:]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The demo server on a SQLite file, shared by the tests of a module."""
    folder = tmp_path_factory.mktemp("server")
    process = start_server(f"sqlite:///{folder / 'platform.db'}", folder)
    yield process
    process.stop()
    assert_clean_log(process)


def restart(server: ServerProcess, db_url: str | None = None, timeout: float = 60) -> ServerProcess:
    """Start the server again with the same arguments (same port), optionally on another database."""
    args = list(server.args)
    if db_url is not None:
        args[args.index("--db") + 1] = db_url
    log_path = server.log_path.with_name(server.log_path.stem + f"-{time.monotonic_ns()}.log")
    process = subprocess.Popen(args, stdout=log_path.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            if httpx.get(f"{server.url}/api/v1/health", timeout=1).status_code == 200:
                return ServerProcess(server.url, db_url or server.db_url, process, log_path, args)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not answer within {timeout}s:\n{log_path.read_text()}")


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[list[ServerProcess]]:
    """A server only this test uses (it will kill and restart it); all its processes are stopped."""
    started: list[ServerProcess] = [start_server(f"sqlite:///{tmp_path / 'platform.db'}", tmp_path)]
    yield started
    for process in started:
        process.stop()
