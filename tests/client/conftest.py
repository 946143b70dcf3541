"""A real demo server for the client tests, and a runner for their async bodies."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from tests.helpers.server import ServerProcess, start_server

T = TypeVar("T")


def run(work: Coroutine[Any, Any, T], timeout: float = 60) -> T:
    return asyncio.run(asyncio.wait_for(work, timeout))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("server")
    process = start_server(f"sqlite:///{folder / 'platform.db'}", folder)
    yield process
    process.stop()
    log = process.log()
    assert "Traceback" not in log, log[-4000:]
