"""The seat's session for the map panel: the grid and base map fetched once and kept (also when the
server goes away), cameras and devices, the demo collectors on their rounds, and the heat of cases."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest

from tests.app.conftest import run
from tests.helpers import reports
from tests.helpers.server import ServerProcess
from workstation.app.session import Offline, Session, SessionError
from workstation.domain.city import City
from workstation.domain.models import IntakeReport
from workstation.domain.verification import DutyRoster


def test_the_base_map_is_fetched_once_and_kept_when_the_server_goes_away(
        own_server: list[ServerProcess]) -> None:
    server, city = own_server[0], City.load()

    async def body() -> None:
        seat = await Session.open(server.url, "seat01", "demo")
        try:
            base = await seat.map_base()
            assert base.city == city.name and len(base.grid["features"]) == len(city.cells)
            assert {f["properties"]["code"] for f in base.grid["features"]} == {c.code for c in city.cells}
            assert await seat.map_base() is base  # the server said 304: the copy in hand is current
            server.process.kill()
            server.process.wait(timeout=10)
            assert await seat.map_base() is base
            with pytest.raises(Offline):
                await seat.map_things()
        finally:
            await seat.close()

    run(body())


def test_cameras_devices_and_the_demo_collectors_on_their_rounds(server: ServerProcess) -> None:
    city, roster = City.load(), DutyRoster.load()

    async def body() -> None:
        seat = await Session.open(server.url, "seat01", "demo")
        try:
            things = await seat.map_things()
            assert [t.id for t in things] == [c.id for c in city.cameras] + [d.id for d in city.devices]
            camera = next(t for t in things if t.id == city.cameras[0].id)
            assert (camera.kind, camera.name, camera.location) == ("camera", city.cameras[0].name,
                                                                   city.cameras[0].location)

            deadline = time.monotonic() + 40
            def rostered() -> set[str]:
                return {c.id for c in city.collectors if roster.on_duty(c.id, datetime.now(UTC))}

            while True:  # the demo collectors on duty report their positions as the server starts
                before = rostered()
                collectors = await seat.map_collectors()
                after = rostered()  # a shift change between the two reads: either roster is right
                on_duty = [c for c in collectors if c.on_duty]
                if all(c.location is not None for c in on_duty) or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.5)
            assert [c.collector_id for c in collectors] == [c.id for c in city.collectors]
            assert {c.collector_id for c in on_duty} in (before, after)
            for position in on_duty:
                assert position.location is not None and position.at is not None, position
                assert city.locate(position.location).code in position.grid_codes  # type: ignore[union-attr]
        finally:
            await seat.close()

    run(body())


def test_the_heat_counts_a_new_case_in_its_cell(server: ServerProcess) -> None:
    cell = City.load().cells[123]

    async def body() -> None:
        seat = await Session.open(server.url, "seat01", "demo")
        try:
            before = {heat.grid_code: heat.count for heat in await seat.map_heat()}
            await seat.intake(IntakeReport.model_validate(reports.report(
                "hotline", "路口的交通护栏被撞倒了，横在人行道上", location=cell.centre.model_dump())))
            after = {heat.grid_code: heat.count for heat in await seat.map_heat()}
            assert after[cell.code] == before.get(cell.code, 0) + 1
            with pytest.raises(SessionError):
                await seat.map_heat(days=91)
        finally:
            await seat.close()

    run(body())
