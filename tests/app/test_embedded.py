"""The embedded server: a child process on a free port with its data and log in the data folder."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.app.conftest import run
from workstation.app.embedded import EmbeddedServer, ServerStartFailed
from workstation.app.session import Session


def test_embedded_server_starts_serves_a_seat_and_stops(tmp_path: Path) -> None:
    async def body() -> None:
        embedded = EmbeddedServer(tmp_path / "data")
        url = await embedded.start()
        try:
            assert url.startswith("http://127.0.0.1:")
            session = await Session.open(url, "seat01", "demo")
            await session.start()
            assert session.store.all()
            await session.close()
        finally:
            await embedded.stop()
            await embedded.stop()
        assert (tmp_path / "data" / "workstation.db").exists()
        assert (tmp_path / "data" / "server.log").read_text(encoding="utf-8", errors="replace")
        try:
            httpx.get(f"{url}/api/v1/health", timeout=1)
        except httpx.TransportError:
            pass
        else:
            raise AssertionError("the server still answers after stop()")

    run(body())


def test_a_server_that_cannot_start_is_explained_with_its_log(tmp_path: Path) -> None:
    async def body() -> None:
        data = tmp_path / "data"
        (data / "workstation.db").mkdir(parents=True)  # a folder where the database file should be
        embedded = EmbeddedServer(data)
        try:
            with pytest.raises(ServerStartFailed) as failure:
                await embedded.start()
        finally:
            await embedded.stop()
        assert failure.value.message.startswith("本地服务启动失败")
        assert str(data / "server.log") in failure.value.message
        assert failure.value.message.count("\n") >= 2  # the end of the log follows

    run(body())
