"""Reference data a seat loads once at sign-in."""

from __future__ import annotations

from tests.server.seat import Seat
from workstation.domain.city import City


def test_reference_carries_the_whole_catalogue_and_the_city(seats: dict[str, Seat]) -> None:
    reference = seats["seat01"].get("/reference").json()
    conditions = [condition for category in reference["categories"] for condition in category["conditions"]]
    assert len(conditions) == 519
    assert {department["id"] for department in reference["departments"]} == {
        department.id for department in City.load().departments}
    assert reference["step_limits"]["accept"] == {"value": 15, "unit": "minute"}
    assert "不符合立案条件" in reference["reject_reasons"]["not_accepted"]
    assert "测试案卷" in reference["reject_reasons"]["cancelled"]
    assert reference["timezone"] == "Asia/Shanghai"
    assert any(day["working"] for day in reference["calendar"])  # 调休 days are there too
