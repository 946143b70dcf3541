"""The map's static layers of a city: its 单元网格 (unit grid) as GeoJSON and its offline base map
(`resources/city/<city>/basemap.geojson`), sent as one `MapBase` answer with an ETag."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from workstation.domain.city import City
from workstation.domain.models import GeoPoint, MapBase
from workstation.resources import resource_path


@dataclass(frozen=True)
class Rendered:
    body: bytes  # the MapBase as JSON
    etag: str


class MapLayers:
    """Rendered once per process on first use (a few hundred kB); safe to use from the endpoints' threads."""

    def __init__(self, city: City, folder: str) -> None:
        self.city = city
        self.base_path = resource_path("city", folder, "basemap.geojson")
        self._lock = threading.Lock()
        self._rendered: Rendered | None = None
        self._has_base = False

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """West, south, east, north of the grid: positions outside it are not in the city."""
        corners = [cell.bounds for cell in self.city.cells]
        return (min(c[0] for c in corners), min(c[1] for c in corners),
                max(c[2] for c in corners), max(c[3] for c in corners))

    def contains(self, point: GeoPoint) -> bool:
        west, south, east, north = self.bounds
        return west <= point.lon <= east and south <= point.lat <= north

    def rendered(self) -> Rendered:
        """The answer to `GET /map/base`. While the city has no base map file, each call looks for it
        again, so a file added later is served without a restart (under a new ETag)."""
        with self._lock:
            if self._rendered is None or (not self._has_base and self.base_path.is_file()):
                self._has_base = self.base_path.is_file()
                self._rendered = self._render()
            return self._rendered

    def _render(self) -> Rendered:
        west, south, east, north = self.bounds
        base: dict[str, Any] = {"type": "FeatureCollection", "features": []}
        if self._has_base:
            base = json.loads(self.base_path.read_text(encoding="utf-8"))
        answer = MapBase(city=self.city.name, bounds=self.bounds, grid=self._grid(), base=base,
                         centre=GeoPoint(lon=round((west + east) / 2, 6), lat=round((south + north) / 2, 6)))
        body = answer.model_dump_json().encode()
        return Rendered(body=body, etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"')

    def _grid(self) -> dict[str, Any]:
        features = [{
            "type": "Feature", "id": cell.code,
            "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in (*cell.ring, cell.ring[0])]]},
            "properties": {"code": cell.code, "community": cell.community, "street": cell.street,
                           "district": cell.district},
        } for cell in self.city.cells]
        return {"type": "FeatureCollection", "features": features}
