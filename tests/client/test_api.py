"""The REST client against the real server: models in, models out, two kinds of failure."""

from __future__ import annotations

import base64
import uuid

import pytest

from tests.client.conftest import run
from tests.helpers.reports import report
from tests.helpers.server import ServerProcess, free_port
from workstation.client.api import ApiClient, ApiFailure, ServerUnreachable
from workstation.client.sse import stream_events
from workstation.domain.models import (
    AttachmentUpload,
    CaseState,
    ClaimCommand,
    DispatchCommand,
    DispatchMechanism,
    ErrorCode,
    EventType,
    FileCommand,
    IntakeReport,
    RequestCommand,
    RequestKind,
)

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


async def signed_in(server: ServerProcess, username: str) -> ApiClient:
    client = ApiClient(server.url)
    await client.login(username, "demo")
    return client


def test_wrong_password_is_an_api_failure_in_chinese(server: ServerProcess) -> None:
    async def body() -> None:
        client = ApiClient(server.url)
        try:
            with pytest.raises(ApiFailure) as failure:
                await client.login("seat01", "nope")
            assert failure.value.status == 401
            assert failure.value.error.code is ErrorCode.UNAUTHORIZED
            assert failure.value.message == "用户名或密码错误"
            with pytest.raises(ApiFailure) as failure:
                await client.me()  # no token
            assert failure.value.message == "登录已过期，请重新登录"
        finally:
            await client.aclose()

    run(body())


def test_nobody_listening_is_unreachable_in_chinese() -> None:
    async def body() -> None:
        client = ApiClient(f"http://127.0.0.1:{free_port()}", timeout=2)
        try:
            with pytest.raises(ServerUnreachable) as failure:
                await client.login("seat01", "demo")
            assert failure.value.message.startswith("无法连接服务器：")
        finally:
            await client.aclose()

    run(body())


def test_reads_parse_into_the_wire_models(server: ServerProcess) -> None:
    async def body() -> None:
        client = await signed_in(server, "seat01")
        try:
            assert (await client.me()).name == "张敏"
            reference = await client.reference()
            assert reference.timezone == "Asia/Shanghai" and reference.categories
            listing = await client.cases()
            assert listing.cases and listing.last_seq > 0
            detail = await client.case_detail(listing.cases[0].id)
            assert detail.case.id == listing.cases[0].id and detail.history[0].action == "reported"
            assert abs(client.server_time_offset) < 2  # same machine: the clocks agree
        finally:
            await client.aclose()

    run(body())


def test_intake_command_conflict_and_attachment(server: ServerProcess) -> None:
    async def body() -> None:
        channel, seat = await signed_in(server, "channel-public"), await signed_in(server, "seat02")
        try:
            photo = AttachmentUpload(
                name="现场.png", content_type="image/png", data_base64=base64.b64encode(PNG).decode()
            )
            case = await channel.intake(IntakeReport.model_validate(report(
                "public", "小区门口人行道上有暴露垃圾，堆放多日无人清理", attachments=[photo.model_dump()])))
            assert case.state is CaseState.REPORTED
            assert await seat.attachment(case.attachments[0].id) == PNG
            key = str(uuid.uuid4())
            claimed = await seat.command(case.id, "claim", ClaimCommand(version=case.version), key)
            again = await seat.command(case.id, "claim", ClaimCommand(version=case.version), key)
            assert again == claimed  # the same key: the stored answer, not a second claim
            assert claimed.lease is not None and claimed.lease.user_name == "李强"
            assert case.category_id and case.condition_id
            stale = FileCommand(
                version=case.version, category_id=case.category_id, condition_id=case.condition_id
            )
            with pytest.raises(ApiFailure) as failure:
                await seat.command(case.id, "file", stale, str(uuid.uuid4()))
            assert failure.value.status == 409
            assert failure.value.error.code is ErrorCode.STALE_VERSION
            assert "李强" in failure.value.message
            with pytest.raises(ApiFailure) as failure:
                await seat.case_detail("20000101000000")
            assert failure.value.status == 404 and failure.value.message
        finally:
            await channel.aclose()
            await seat.aclose()

    run(body())


def test_event_stream_resumes_after_a_given_sequence(server: ServerProcess) -> None:
    async def body() -> None:
        channel, seat = await signed_in(server, "channel-hotline"), await signed_in(server, "seat01")
        try:
            start = (await seat.cases()).last_seq
            made = [
                await channel.intake(IntakeReport.model_validate(report("hotline", f"来电反映噪音扰民 {n}")))
                for n in range(3)
            ]
            opened: list[bool] = []
            seen = []
            async for event in stream_events(seat, start, on_open=lambda: opened.append(True)):
                seen.append(event)
                if len(seen) == 3:
                    break
            assert opened == [True]
            assert [event.case.id for event in seen if event.case] == [case.id for case in made]
            assert [event.type for event in seen] == [EventType.CASE_CREATED] * 3
            assert [event.seq for event in seen] == sorted(event.seq for event in seen)
            assert seen[0].seq > start
        finally:
            await channel.aclose()
            await seat.aclose()

    run(body())


def test_an_unknown_position_starts_with_a_reset(server: ServerProcess) -> None:
    async def body() -> None:
        seat = await signed_in(server, "seat01")
        try:
            async for event in stream_events(seat, 10**9):
                assert event.type is EventType.RESET
                assert event.case is None and event.seq < 10**9
                break
        finally:
            await seat.aclose()

    run(body())


def test_a_dispatcher_reads_the_departments_requests_and_the_return_counts(server: ServerProcess) -> None:
    """主协办派遣 through the generic command call; the assisting unit asks for 回退; the 派遣员's lists."""
    async def body() -> None:
        channel, seat, department = [await signed_in(server, name) for name in (
            "channel-collector", "seat01", "dept-D-ZF")]
        try:
            case = await channel.intake(IntakeReport.model_validate(report("collector", "路边暴露垃圾成堆")))
            assert case.category_id is not None and case.condition_id is not None
            case = await seat.command(case.id, "file", FileCommand(
                version=case.version, category_id=case.category_id, condition_id=case.condition_id), uuid.uuid4().hex)
            case = await seat.command(case.id, "dispatch", DispatchCommand(
                version=case.version, mechanism=DispatchMechanism.LEAD_ASSIST, department_id="D-HW",
                assist_ids=("D-ZF",)), uuid.uuid4().hex)
            assert [order.role.value for order in case.work_orders] == ["lead", "assist"]
            case = await department.command(case.id, "request", RequestCommand(
                version=case.version, kind=RequestKind.RETURN, reason="协办不属本单位职责"), uuid.uuid4().hex)
            (asked,) = case.requests
            pending = await seat.pending_requests()
            assert asked.id in [item.id for item in pending.requests]
            returns = await seat.dispatch_returns()
            assert any(row.department_id == "D-ZF" and row.requested >= 1 for row in returns)
            with pytest.raises(ApiFailure) as failure:
                await department.pending_requests()
            assert failure.value.status == 403 and failure.value.message == "您的岗位无权审批部门申请"
        finally:
            for client in (channel, seat, department):
                await client.aclose()

    run(body())
