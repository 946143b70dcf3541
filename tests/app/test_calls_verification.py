"""The seat session and hotline calls (a ringing call reaches subscribed seats with the caller's
history) and 核实 (send the task, the collector answers, the case comes back)."""

from __future__ import annotations

import base64
import random

import pytest

from tests.app.conftest import run, until
from tests.helpers.reports import report
from tests.helpers.server import ServerProcess
from workstation.app.session import Session, SessionError
from workstation.client.api import ApiClient
from workstation.domain.city import City
from workstation.domain.models import (
    AttachmentUpload,
    CallAnnouncement,
    CaseState,
    IncomingCall,
    IntakeReport,
)
from workstation.server.demo_photos import site_photo


def _phone() -> str:
    return "135" + "".join(random.choice("0123456789") for _ in range(8))


async def _started(server: ServerProcess, username: str) -> Session:
    session = await Session.open(server.url, username, "demo")
    await session.start()
    return session


def test_a_ringing_call_reaches_subscribed_seats_with_the_callers_history(server: ServerProcess) -> None:
    phone = _phone()

    async def body() -> None:
        gateway = ApiClient(server.url)
        await gateway.login("channel-hotline", "demo")
        seat, department = await _started(server, "seat01"), await _started(server, "dept-D-HW")
        heard: dict[str, list[IncomingCall]] = {"seat": [], "department": [], "gone": []}
        seat.subscribe_calls(heard["seat"].append)
        department.subscribe_calls(heard["department"].append)
        seat.subscribe_calls(heard["gone"].append)
        seat.unsubscribe_calls(heard["gone"].append)
        try:
            earlier = await gateway.intake(IntakeReport.model_validate(report(
                "hotline", "楼下饭店油烟直排，熏得没法开窗", reporter={"name": "赵女士", "phone": phone},
                details={"hotline": "12319"})))
            await gateway.announce_call(CallAnnouncement(call_id="app-call", caller_phone=phone, line="12319"))
            await until(lambda: heard["seat"] and heard["department"], what="the call on both sessions")
            [call] = heard["seat"]
            assert (call.call_id, call.line, call.caller_phone) == ("app-call", "12319", phone)
            assert [case.id for case in call.earlier_cases] == [earlier.id]
            assert call.earlier_cases[0].outcome == "待受理"
            assert heard["department"][0].caller_phone == phone[:3] + "****" + phone[-4:]
            assert heard["gone"] == []
            history = await seat.caller_cases(phone)
            assert history.cases == call.earlier_cases
            with pytest.raises(SessionError) as refused:
                await department.caller_cases(phone)
            assert refused.value.message == "您的岗位无权按电话号码查询来电人"
        finally:
            await seat.close()
            await department.close()
            await gateway.aclose()

    run(body())


def test_verify_goes_to_the_collector_and_the_answer_comes_back(server: ServerProcess) -> None:
    async def body() -> None:
        seat = await _started(server, "seat02")
        channel = await Session.open(server.url, "channel-public", "demo")
        try:
            grid = City.load().grid("37010200100301")
            case = await channel.intake(IntakeReport.model_validate(report(
                "public", "路边有人私搭乱建彩钢棚", grid_code=grid.code, location=grid.centre.model_dump())))
            await until(lambda: seat.store.get(case.id) is not None, what="the report in the seat's store")
            sent = await seat.verify(case.id, note="请拍照确认")
            assert sent.state is CaseState.VERIFYING and sent.verification is not None
            assert seat.store.get(case.id) == sent
            collector = await Session.open(server.url, f"collector-{sent.verification.collector_id}", "demo")
            try:
                photo = AttachmentUpload(name="棚子.png", content_type="image/png",
                                         data_base64=base64.b64encode(site_photo(random.Random(3))).decode())
                await collector.report_verification(case.id, confirmed=True, note="确有彩钢棚约20平方米",
                                                    photos=(photo,))
            finally:
                await collector.close()

            def back() -> bool:
                current = seat.store.get(case.id)
                return current is not None and current.state is CaseState.REPORTED

            await until(back, what="the answered case in the seat's store")
            answered = seat.store.get(case.id)
            assert answered is not None and answered.verification is not None
            assert answered.verification.confirmed is True and answered.verification.note == "确有彩钢棚约20平方米"
            assert [a.name for a in answered.attachments] == ["棚子.png"]
            assert await seat.attachment(answered.attachments[0].id) == site_photo(random.Random(3))
        finally:
            await seat.close()
            await channel.close()

    run(body())


def test_a_call_that_stopped_ringing_before_its_event_arrived_is_not_announced(
        server: ServerProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    # every call is over already, even with the estimate of the server's clock a second or two off
    monkeypatch.setattr("workstation.app.session.CALL_RINGING_SECONDS", -3600.0)

    async def body() -> None:
        gateway = ApiClient(server.url)
        await gateway.login("channel-hotline", "demo")
        seat = await _started(server, "seat03")
        heard: list[IncomingCall] = []
        seat.subscribe_calls(heard.append)
        try:
            await gateway.announce_call(CallAnnouncement(call_id="late", caller_phone=_phone(), line="12345"))
            after = await gateway.intake(IntakeReport.model_validate(report("hotline", "来电之后的案卷")))
            await until(lambda: seat.store.get(after.id) is not None, what="the case reported after the call")
            assert heard == []
        finally:
            await seat.close()
            await gateway.aclose()

    run(body())
