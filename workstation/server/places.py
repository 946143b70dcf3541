"""地理编码 for the seats: find a place by address, crossing, community, grid code or coordinates, and
what is at a point — each resolved to 区 → 街道 → 社区 → 单元网格 with its 非采集区域 flags."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from workstation.domain import places
from workstation.domain.models import GeoPoint, Place, PlaceList
from workstation.server.auth import CurrentUser
from workstation.server.context import ServerContext, get_context

router = APIRouter(tags=["places"])
Context = Annotated[ServerContext, Depends(get_context)]


def _flagged(context: ServerContext, place: Place) -> Place:
    return place.model_copy(update={"flags": context.controls.place_flags(context.city, place.point, place.grid)})


@router.get("/places", response_model=PlaceList)
def get_places(context: Context, _user: CurrentUser,
               q: Annotated[str, Query(min_length=1, max_length=100, description="地址、路口、社区、网格编码或经纬度")],
               limit: Annotated[int, Query(ge=1, le=50)] = 10) -> PlaceList:
    """Places matching what the seat typed, best first (partial input gives suggestions)."""
    found = places.search(context.city, q, limit)
    return PlaceList(query=q, places=tuple(_flagged(context, place) for place in found))


@router.get("/places/at", response_model=Place)
def get_place_at(context: Context, _user: CurrentUser, lon: Annotated[float, Query(ge=-180, le=180)],
                 lat: Annotated[float, Query(ge=-90, le=90)]) -> Place:
    """What is at a point: nearest address and unit grid (for coordinates typed or clicked on the map)."""
    return _flagged(context, places.place_at(context.city, GeoPoint(lon=lon, lat=lat)))
