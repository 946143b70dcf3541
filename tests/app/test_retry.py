"""A command whose answer is lost on the way back is retried with the same key and acts once."""

from __future__ import annotations

import asyncio
import contextlib

from tests.app.conftest import run
from tests.helpers.reports import report
from tests.helpers.server import ServerProcess
from workstation.app.session import Session
from workstation.domain.models import CaseState, IntakeReport


class LossyProxy:
    """A TCP relay to the server that can swallow the next answer and hang up instead."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.drop_next_answer = False
        self.dropped = 0
        self.server: asyncio.Server | None = None

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)

        async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, answers: bool) -> None:
            with contextlib.suppress(ConnectionError):
                while chunk := await reader.read(65536):
                    if answers and self.drop_next_answer:
                        self.drop_next_answer = False
                        self.dropped += 1
                        break  # the server has acted; the seat never hears about it
                    writer.write(chunk)
                    await writer.drain()
            for end in (client_writer, upstream_writer):
                end.close()

        await asyncio.gather(
            pump(client_reader, upstream_writer, answers=False),
            pump(upstream_reader, client_writer, answers=True),
        )


def test_lost_answer_is_retried_with_the_same_key_and_files_once(server: ServerProcess) -> None:
    async def body() -> None:
        port = int(server.url.rsplit(":", 1)[1])
        proxy = LossyProxy(port)
        url = await proxy.start()
        channel = await Session.open(server.url, "channel-collector", "demo")
        seat = await Session.open(url, "seat01", "demo")
        try:
            case = await channel.intake(IntakeReport.model_validate(report("collector", "解放路人行道暴露垃圾")))
            assert case.category_id and case.condition_id
            await seat.case_detail(case.id)
            proxy.drop_next_answer = True
            filed = await seat.file(case.id, case.category_id, case.condition_id)
            assert proxy.dropped == 1
            assert filed.state is CaseState.FILED
            history = (await seat.case_detail(case.id)).history
            assert [entry.action for entry in history].count("file") == 1
        finally:
            await channel.close()
            await seat.close()
            await proxy.close()

    run(body())
