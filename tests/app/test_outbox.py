"""Commands made while the server is away wait in the outbox (待发送) and go out in order once it is back."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest

from tests.app.conftest import restart, run, until
from tests.helpers.reports import report
from tests.helpers.server import ServerProcess, free_port
from workstation.app.outbox import Outbox
from workstation.app.session import QUEUED_BEHIND_MESSAGE, QUEUED_MESSAGE, Queued, Session
from workstation.domain.models import Case, CaseEdit, CaseState, IntakeReport


async def collector_case(server: ServerProcess, description: str) -> Case:
    """A collector's report (category and 立案条件 already chosen), as the channel posts it."""
    channel = await Session.open(server.url, "channel-collector", "demo")
    try:
        return await channel.intake(IntakeReport.model_validate(report("collector", description)))
    finally:
        await channel.close()


def entries_on_disk(session: Session) -> list[tuple[str, str, int]]:
    """What a fresh reader of the seat's outbox file finds: (case, action, version) in order."""
    assert session.outbox is not None
    reader = Outbox(session.outbox.path)
    try:
        return [(entry.case_id, entry.action, entry.version) for entry in reader.entries()]
    finally:
        reader.close()


def kill(server: ServerProcess) -> None:
    server.process.kill()  # a crash: no goodbye on the stream
    server.process.wait(timeout=10)


def test_file_and_dispatch_made_offline_are_sent_in_order_when_the_server_is_back(
    own_server: list[ServerProcess], tmp_path: Path
) -> None:
    server = own_server[0]

    async def body() -> None:
        case = await collector_case(server, "离线立案：解放路人行道暴露垃圾")
        assert case.category_id and case.condition_id and case.suggested_department_id
        seat = await Session.open(server.url, "seat01", "demo", outbox_folder=tmp_path / "outbox")
        counts: list[int] = []
        refusals: list[str] = []
        seat.subscribe_outbox(counts.append)
        seat.subscribe_refusals(refusals.append)
        await seat.start()
        try:
            await until(lambda: seat.store.get(case.id) is not None, what="the case in the seat's store")
            kill(server)
            await until(lambda: not seat.online, what="the seat to notice the drop")

            with pytest.raises(Queued) as queued:
                await seat.file(case.id, case.category_id, case.condition_id)
            assert queued.value.message == QUEUED_MESSAGE == "服务器连接中断，操作已保存，连接恢复后自动发送"
            assert seat.outbox_count() == 1
            assert entries_on_disk(seat) == [(case.id, "file", case.version)]
            with pytest.raises(Queued) as behind:
                await seat.dispatch(case.id)
            assert behind.value.message == QUEUED_BEHIND_MESSAGE
            assert entries_on_disk(seat) == [(case.id, "file", case.version), (case.id, "dispatch", case.version)]
            assert seat.store.get(case.id).state is CaseState.REPORTED  # nothing pretends to be done

            own_server.append(restart(server))
            await until(lambda: seat.outbox_count() == 0, timeout=30, what="the outbox to empty")
            sent = seat.store.get(case.id)
            assert sent.state is CaseState.DISPATCHED
            assert sent.department_id == case.suggested_department_id
            history = (await seat.case_detail(case.id)).history
            assert [entry.action for entry in history][-2:] == ["file", "dispatch"]
            assert entries_on_disk(seat) == []
            assert counts[:2] == [1, 2] and counts[-1] == 0
            assert refusals == []
        finally:
            await seat.close()

    run(body())


class Relay:
    """A TCP relay to the server that can be cut (the seat's network goes away) and restored on the
    same port, while the server and the other seats go on working."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def open(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.close()
        await self._server.wait_closed()
        self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._writers.update((writer, upstream_writer))

        async def pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError):
                while chunk := await source.read(65536):
                    sink.write(chunk)
                    await sink.drain()
            for end in (writer, upstream_writer):
                end.close()
                self._writers.discard(end)

        await asyncio.gather(pump(reader, upstream_writer), pump(upstream_reader, writer))


def test_a_queued_command_another_seat_overtook_is_reported_and_the_rest_is_sent(
    own_server: list[ServerProcess], tmp_path: Path
) -> None:
    server = own_server[0]

    async def body() -> None:
        overtaken = await collector_case(server, "被抢先：红旗街井盖缺失")
        other = await collector_case(server, "照常发送：凤凰路暴露垃圾")
        relay = Relay(int(server.url.rsplit(":", 1)[1]))
        await relay.open()
        seat = await Session.open(relay.url, "seat01", "demo", outbox_folder=tmp_path / "outbox")
        colleague = await Session.open(server.url, "seat02", "demo")
        refusals: list[str] = []
        seat.subscribe_refusals(refusals.append)
        await seat.start()
        try:
            await until(lambda: seat.store.get(other.id) is not None, what="both cases in the seat's store")
            await relay.cut()
            await until(lambda: not seat.online, what="the seat to notice the drop")
            for case in (overtaken, other):
                with pytest.raises(Queued):
                    await seat.file(case.id, case.category_id, case.condition_id)
            assert seat.outbox_count() == 2
            # meanwhile another seat, still connected, corrects the first case
            await colleague.edit(overtaken.id, CaseEdit(address="红旗街12号门前"))

            await relay.open()
            await until(lambda: seat.outbox_count() == 0, timeout=30, what="the outbox to empty")
            assert len(refusals) == 1
            assert refusals[0].startswith(f"立案（案卷 {overtaken.id}）未能完成：案卷已被{colleague.user.name}于 ")
            assert refusals[0].endswith("修改，请查看最新状态")
            assert seat.store.get(other.id).state is CaseState.FILED
            await until(lambda: seat.store.get(overtaken.id).address == "红旗街12号门前",
                        what="the seat to see the colleague's version")
            assert seat.store.get(overtaken.id).state is CaseState.REPORTED
            assert entries_on_disk(seat) == []
        finally:
            await seat.close()
            await colleague.close()
            with contextlib.suppress(AssertionError):
                await relay.cut()

    run(body())


def test_commands_left_by_a_previous_session_are_sent_when_the_next_one_starts(
    own_server: list[ServerProcess], tmp_path: Path
) -> None:
    server = own_server[0]
    folder = tmp_path / "outbox"

    async def body() -> None:
        case = await collector_case(server, "上次留下：和平路垃圾满溢")
        first = await Session.open(server.url, "seat01", "demo", outbox_folder=folder)
        await first.start()
        try:
            await until(lambda: first.store.get(case.id) is not None, what="the case in the seat's store")
            kill(server)
            with pytest.raises(Queued):
                await first.file(case.id, case.category_id, case.condition_id)
        finally:
            await first.close()  # the program ends (or crashes) with the command still waiting

        own_server.append(restart(server))
        second = await Session.open(server.url, "seat01", "demo", outbox_folder=folder)
        try:
            assert second.outbox_count() == 1
            await second.start()
            await until(lambda: second.outbox_count() == 0, timeout=30, what="the outbox to empty")
            assert second.store.get(case.id).state is CaseState.FILED
            history = (await second.case_detail(case.id)).history
            assert [entry.action for entry in history].count("file") == 1
        finally:
            await second.close()

    run(body())
