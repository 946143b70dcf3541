"""The server goes away and comes back: the seat is told, reconnects, and loses no event."""

from __future__ import annotations

import pytest

from tests.app.conftest import restart, run, until
from tests.helpers import reports
from tests.helpers.server import ServerProcess
from workstation.app.session import Offline, Session
from workstation.domain.models import IntakeReport


def report(description: str) -> IntakeReport:
    """A 12345 call its channel accepts (caller's number, line, callback) saying `description`."""
    return IntakeReport.model_validate(reports.report("hotline", description))


def test_seat_reconnects_after_a_server_crash_and_gets_every_event(own_server: list[ServerProcess]) -> None:
    server = own_server[0]

    async def body() -> None:
        seat = await Session.open(server.url, "seat01", "demo")
        statuses: list[tuple[bool, str]] = []
        seat.subscribe_status(lambda online, text: statuses.append((online, text)))
        await seat.start()
        try:
            server.process.kill()  # a crash: no goodbye on the stream
            server.process.wait(timeout=10)
            await until(lambda: not seat.online, what="the seat to notice the drop")
            assert statuses[-1][1].startswith("连接中断，正在重连（第")
            some_case = seat.store.all()[0]
            with pytest.raises(Offline) as failure:
                await seat.claim(some_case.id)
            assert failure.value.message == "服务器连接中断，请稍后重试"

            own_server.append(restart(server))
            # made before the seat has reconnected, and after: both must arrive
            channel = await Session.open(server.url, "channel-hotline", "demo")
            early = await channel.intake(report("重启后第一件：凤凰路污水冒溢"))
            await until(lambda: seat.online, timeout=30, what="the seat to reconnect")
            late = await channel.intake(report("重启后第二件：红旗街占道经营"))
            await channel.close()
            await until(
                lambda: seat.store.get(early.id) is not None and seat.store.get(late.id) is not None,
                what="both reports made after the restart",
            )
            assert [online for online, _text in statuses][0] is True
            assert False in [online for online, _text in statuses]
            assert statuses[-1] == (True, "已连接")
        finally:
            await seat.close()

    run(body())


def test_seat_reloads_when_the_server_comes_back_with_a_new_database(
    own_server: list[ServerProcess], tmp_path
) -> None:
    server = own_server[0]

    async def body() -> None:
        seat = await Session.open(server.url, "seat01", "demo")
        channel = await Session.open(server.url, "channel-hotline", "demo")
        await seat.start()
        try:
            old = [await channel.intake(report(f"旧库案卷 {n}：解放路垃圾堆放")) for n in range(3)]
            await until(lambda: all(seat.store.get(case.id) for case in old), what="the old cases")
            await channel.close()
            seq_before = seat.store.last_seq
            server.stop()
            await until(lambda: not seat.online, what="the drop")
            own_server.append(restart(server, f"sqlite:///{tmp_path / 'fresh.db'}"))
            # the fresh database's log ends before the seat's position: the server says `reset`
            await until(
                lambda: seat.online and seat.store.last_seq < seq_before, timeout=30, what="the reload"
            )
            assert seat.store.get(old[-1].id) is None
            assert seat.store.all(), "the fresh demo seed is shown"
        finally:
            await seat.close()

    run(body())
