"""The seat's session on similar cases: a duplicate arrives with its warning, the seat merges it or
says it is none, the original shows the linked report, and the 值班长 reads the counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.app.conftest import run, until
from tests.app.test_session import started
from tests.helpers import reports
from tests.helpers.server import ServerProcess
from workstation.app.session import SessionError
from workstation.domain.models import CaseState, GeoPoint, IntakeReport, SimilarDecision


def garbage(point: GeoPoint, description: str, hours_ago: float = 0) -> IntakeReport:
    """A public report of 暴露垃圾 at `point`."""
    at = datetime.now(UTC) - timedelta(hours=hours_ago)
    return IntakeReport.model_validate(reports.report(
        "public", description, location=point.model_dump(), category_id="SJ0110", reported_at=at.isoformat()))


def test_a_seat_merges_a_duplicate_or_says_it_is_none_and_the_leader_sees_the_counts(server: ServerProcess) -> None:
    async def body() -> None:
        seat = await started(server, "seat01")
        leader = await started(server, "leader01")
        try:
            point = reports.quiet_point(case.location for case in seat.store.all() if case.location)
            original = await seat.intake(garbage(point, "解放路人行道上有一堆生活垃圾，已经发臭", hours_ago=1))
            duplicate = await seat.intake(garbage(reports.moved(point, 20), "人行道上生活垃圾堆着没人清理"))
            assert duplicate.similar is not None and duplicate.similar.warn
            assert duplicate.similar.candidates[0].case_id == original.id

            merged = await seat.merge(duplicate.id, original.id, note="同一堆垃圾")
            assert merged.state is CaseState.CANCELLED and merged.duplicate_of == original.id
            assert seat.store.get(duplicate.id) == merged
            await until(lambda: leader.store.get(original.id).linked, what="the original with its duplicate")
            assert leader.store.get(original.id).linked[0].case_id == duplicate.id  # type: ignore[union-attr]

            another = await seat.intake(garbage(reports.moved(point, -15), "这里又有人扔了几袋垃圾"))
            kept = await seat.not_duplicate(another.id, note="另一处新扔的垃圾")
            assert kept.similar is not None and kept.similar.decision is SimilarDecision.NOT_DUPLICATE

            stats = await leader.similarity_stats()
            assert stats.by_seat["张敏"]["merged"] >= 1 and stats.by_seat["张敏"]["not_duplicate"] >= 1
            with pytest.raises(SessionError) as refused:
                await seat.similarity_stats()
            assert refused.value.message == "您的岗位无权查看相似案卷统计"
        finally:
            await seat.close()
            await leader.close()

    run(body())
