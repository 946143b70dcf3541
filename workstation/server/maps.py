"""The data behind the seats' map panel: the grid and offline base map, cameras and IoT devices, where
the 信息采集员 (collectors) are, and how many cases each 单元网格 had lately (热力)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Query, Response
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from workstation.domain.city import Collector
from workstation.domain.models import CollectorPosition, GeoPoint, HeatCell, MapBase, MapThing, PositionReport, Role
from workstation.domain.verification import collector_account
from workstation.server import db
from workstation.server.auth import CurrentUser, require_roles
from workstation.server.context import ServerContext, get_context
from workstation.server.errors import forbidden, invalid

router = APIRouter(tags=["map"])
Context = Annotated[ServerContext, Depends(get_context)]


def _matches(if_none_match: str | None, etag: str) -> bool:
    if if_none_match is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


@router.get("/map/base", response_model=MapBase,
            responses={304: {"description": "底图未变（If-None-Match 与 ETag 相同），沿用已有的"}})
def get_map_base(context: Context, _user: CurrentUser, if_none_match: Annotated[
        str | None, Header(alias="If-None-Match", description="上次应答的 ETag")] = None) -> Response:
    """单元网格 and the offline base map as GeoJSON (static per city: ask again with its ETag)."""
    rendered = context.map_layers.rendered()
    headers = {"ETag": rendered.etag, "Cache-Control": "no-cache"}
    if _matches(if_none_match, rendered.etag):
        return Response(status_code=304, headers=headers)
    return Response(content=rendered.body, media_type="application/json", headers=headers)


@router.get("/map/things", response_model=list[MapThing])
def get_map_things(context: Context, _user: CurrentUser) -> list[MapThing]:
    """The city's cameras and IoT devices (智能井盖, 水位计 …) with their places."""
    city = context.city
    return [MapThing(id=c.id, kind="camera", name=c.name, location=c.location) for c in city.cameras] + [
        MapThing(id=d.id, kind=d.kind, name=d.name, location=d.location, category_id=d.category_id)
        for d in city.devices]


def _collector_of(context: ServerContext, user_id: str) -> Collector:
    for collector in context.city.collectors:
        if collector_account(collector.id) == user_id:
            return collector
    raise forbidden("该账号不是本市的信息采集员")


def _position(context: ServerContext, collector: Collector, row: Any, now: datetime) -> CollectorPosition:
    return CollectorPosition(
        collector_id=collector.id, name=collector.name, on_duty=context.roster.on_duty(collector.id, now),
        grid_codes=collector.grid_codes, location=GeoPoint(lon=row.lon, lat=row.lat) if row else None,
        at=row.at if row else None)


def _store_position(connection: Connection, collector_id: str, point: GeoPoint, at: datetime) -> None:
    """Keep the newer of the stored position and this one (reports may arrive out of order)."""
    table = db.collector_positions
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(table).values(collector_id=collector_id, lon=point.lon, lat=point.lat, at=at)
    connection.execute(insert.on_conflict_do_update(
        index_elements=[table.c.collector_id], where=table.c.at < insert.excluded.at,
        set_={"lon": insert.excluded.lon, "lat": insert.excluded.lat, "at": insert.excluded.at}))


@router.post("/collectors/position", response_model=CollectorPosition, tags=["collectors"])
def post_collector_position(body: PositionReport, context: Context, user: CurrentUser) -> CollectorPosition:
    """A collector's 城管通 reports where he is; a report older than the stored one changes nothing.
    Answers with the position now on record."""
    require_roles(user, (Role.COLLECTOR,), "只有信息采集员可以上报位置")
    collector = _collector_of(context, user.id)
    if not context.map_layers.contains(body.location):
        raise invalid({"body.location": "位置不在本市范围内"}, "上报的位置不在本市范围内")
    if body.at is not None and body.at.tzinfo is None:
        raise invalid({"body.at": "日期时间需带时区"})
    now = datetime.now(UTC)
    at = min(body.at or now, now)  # a device clock running ahead must not hide the reports after it
    table = db.collector_positions
    with context.database.write() as connection:
        _store_position(connection, collector.id, body.location, at)
        row = connection.execute(sa.select(table).where(table.c.collector_id == collector.id)).one()
    return _position(context, collector, row, now)


@router.get("/map/collectors", response_model=list[CollectorPosition])
def get_map_collectors(context: Context, _user: CurrentUser) -> list[CollectorPosition]:
    """Every collector of the city: on duty now (值班表), his 责任网格, and his last reported position."""
    with context.database.read() as connection:
        rows = {row.collector_id: row for row in connection.execute(sa.select(db.collector_positions))}
    now = datetime.now(UTC)
    return [_position(context, c, rows.get(c.id), now) for c in context.city.collectors]


@router.get("/map/heat", response_model=list[HeatCell])
def get_map_heat(context: Context, _user: CurrentUser,
                 days: Annotated[int, Query(ge=1, le=90, description="统计最近几天上报的案卷")] = 7) -> list[HeatCell]:
    """How many cases (in any state) were reported in each 单元网格 in the last `days` days; cells
    without any are left out."""
    table = db.cases
    query = (sa.select(table.c.grid_code, sa.func.count())
             .where(table.c.reported_at >= datetime.now(UTC) - timedelta(days=days), table.c.grid_code.is_not(None))
             .group_by(table.c.grid_code).order_by(table.c.grid_code))
    with context.database.read() as connection:
        return [HeatCell(grid_code=code, count=count) for code, count in connection.execute(query)]
