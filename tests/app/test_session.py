"""The seat session against the real server: sign-in, live store, commands, conflicts, reconnects."""

from __future__ import annotations

import asyncio

import pytest

from tests.app.conftest import run, until
from tests.helpers import reports
from tests.helpers.server import ServerProcess
from workstation.app.session import CommandRejected, LoginFailed, Session
from workstation.domain.models import Case, CaseState, IntakeReport
from workstation.domain.privacy import mask_phone
from workstation.domain.workflow import OPEN_STATES

DESCRIPTION = "解放路人行道上有暴露垃圾，堆放多日无人清理"


def report(description: str = DESCRIPTION) -> IntakeReport:
    """A 城管通 report its channel accepts (collector, GPS, 小类, photo) saying `description`."""
    return IntakeReport.model_validate(reports.report("collector", description))


def assert_same_case(seen: Case | None, reported: Case) -> None:
    """`seen` (a seat's copy) is the case the channel was answered with, except that the channel's
    account sees the collector's number masked and the seat (受理员) sees it in full."""
    assert seen is not None and seen.reporter.phone
    assert reported.reporter.phone == mask_phone(seen.reporter.phone)
    assert seen == reported.model_copy(update={"reporter": seen.reporter})


async def started(server: ServerProcess, username: str) -> Session:
    session = await Session.open(server.url, username, "demo")
    await session.start()
    return session


def test_wrong_password_is_refused_in_chinese(server: ServerProcess) -> None:
    with pytest.raises(LoginFailed) as failure:
        run(Session.open(server.url, "seat01", "wrong"))
    assert failure.value.message == "用户名或密码错误"


def test_session_knows_the_user_and_the_city(server: ServerProcess) -> None:
    async def body() -> None:
        session = await Session.open(server.url, "seat01", "demo")
        try:
            assert session.user.name == "张敏"
            assert session.reference.departments
            category = session.reference.categories[0]
            assert session.catalogue.category(category.id) == category
            assert session.calendar.holidays
            assert abs((session.server_now() - session.server_now()).total_seconds()) < 1
        finally:
            await session.close()
            await session.close()  # closing twice is harmless

    run(body())


def test_start_loads_the_seeded_cases_and_goes_online(server: ServerProcess) -> None:
    async def body() -> None:
        session = await started(server, "seat01")
        try:
            cases = session.store.all()
            assert cases, "the demo seed has cases"
            assert any(case.state in OPEN_STATES for case in cases)
            assert session.store.last_seq > 0
            assert session.online and session.status_text == "已连接"
        finally:
            await session.close()

    run(body())


def test_a_report_from_a_channel_reaches_the_seat_through_the_stream(server: ServerProcess) -> None:
    async def body() -> None:
        seat = await started(server, "seat01")
        channel = await Session.open(server.url, "channel-collector", "demo")
        added: list[str] = []

        class Listener:
            def case_added(self, case: Case) -> None:
                added.append(case.id)

            def case_changed(self, old: Case, new: Case) -> None: ...

            def case_removed(self, case_id: str) -> None: ...

            def cases_reset(self) -> None: ...

        seat.store.subscribe(Listener())
        try:
            case = await channel.intake(report("新建路口井盖缺失，存在安全隐患"))
            await until(lambda: seat.store.get(case.id) is not None, what="the new case in the seat's store")
            assert_same_case(seat.store.get(case.id), case)
            assert added == [case.id]
            assert seat.store.last_seq >= 1
        finally:
            await channel.close()
            await seat.close()

    run(body())


def test_file_and_dispatch_show_at_once_without_waiting_for_the_event(server: ServerProcess) -> None:
    async def body() -> None:
        channel = await Session.open(server.url, "channel-collector", "demo")
        seat = await Session.open(server.url, "seat01", "demo")  # not started: no event stream at all
        try:
            case = await channel.intake(report())
            assert case.category_id and case.condition_id
            filed = await seat.file(case.id, case.category_id, case.condition_id)
            assert filed.state is CaseState.FILED
            assert seat.store.get(case.id) == filed
            dispatched = await seat.dispatch(case.id)  # the suggested department
            assert dispatched.state is CaseState.DISPATCHED
            assert dispatched.department_id == case.suggested_department_id
            assert seat.store.get(case.id) == dispatched
            detail = await seat.case_detail(case.id)
            assert [entry.action for entry in detail.history][-2:] == ["file", "dispatch"]
            assert detail.history[-1].actor_name == "张敏"
        finally:
            await channel.close()
            await seat.close()

    run(body())


def test_claim_and_release_move_the_lease(server: ServerProcess) -> None:
    async def body() -> None:
        channel = await Session.open(server.url, "channel-collector", "demo")
        seat = await started(server, "seat02")
        try:
            case = await channel.intake(report("河东街垃圾桶满溢"))
            claimed = await seat.claim(case.id)
            assert claimed.lease is not None and claimed.lease.user_name == "李强"
            assert claimed.lease.expires_at > seat.server_now()
            await seat.release(case.id)
            current = seat.store.get(case.id)
            assert current is not None and current.lease is None
        finally:
            await channel.close()
            await seat.close()

    run(body())


def test_second_seat_is_told_who_filed_first(server: ServerProcess) -> None:
    async def body() -> None:
        channel = await Session.open(server.url, "channel-collector", "demo")
        first, second = await started(server, "seat01"), await started(server, "seat02")
        try:
            case = await channel.intake(report("盐湖区中银大道路灯不亮"))
            for seat in (first, second):
                await until(
                    lambda seat=seat: seat.store.get(case.id) is not None, what="the case at both seats"
                )
            assert case.category_id and case.condition_id
            answers = await asyncio.gather(
                first.file(case.id, case.category_id, case.condition_id),
                second.file(case.id, case.category_id, case.condition_id),
                return_exceptions=True,
            )
            wins = [answer for answer in answers if isinstance(answer, Case)]
            losses = [answer for answer in answers if isinstance(answer, CommandRejected)]
            assert len(wins) == 1 and len(losses) == 1, answers
            winner_name = "张敏" if isinstance(answers[0], Case) else "李强"
            loser = second if isinstance(answers[0], Case) else first
            assert winner_name in losses[0].message
            assert "立案" in losses[0].message
            # the loser's store was refreshed, so its screen already shows the filed case
            shown = loser.store.get(case.id)
            assert shown is not None and shown.state is CaseState.FILED
        finally:
            await channel.close()
            await first.close()
            await second.close()

    run(body())


def test_an_unknown_condition_is_rejected_with_the_servers_words(server: ServerProcess) -> None:
    async def body() -> None:
        channel = await Session.open(server.url, "channel-collector", "demo")
        seat = await Session.open(server.url, "seat01", "demo")
        try:
            case = await channel.intake(report("东城街道广告牌破损"))
            with pytest.raises(CommandRejected) as failure:
                await seat.file(case.id, "SJ9999", "SJ9999-01")
            assert failure.value.error.code == "invalid"
            assert failure.value.message
            assert_same_case(seat.store.get(case.id), case)  # nothing changed
        finally:
            await channel.close()
            await seat.close()

    run(body())


def test_closing_a_seat_hands_back_the_case_it_held(server: ServerProcess) -> None:
    async def body() -> None:
        first, second = await started(server, "seat01"), await started(server, "seat02")
        try:
            case = await first.intake(report("历山路与解放路口有人乱扔建筑垃圾"))
            claimed = await first.claim(case.id)
            assert claimed.lease is not None and claimed.lease.user_name == "张敏"
            await until(lambda: (seen := second.store.get(case.id)) is not None and seen.lease is not None,
                        what="the other seat to see the claim")
            await first.close()  # the seat quits; the lease would otherwise stay for minutes
            await until(lambda: second.store.get(case.id).lease is None, timeout=5,
                        what="the other seat to see the case free")
        finally:
            await first.close()
            await second.close()

    run(body())
