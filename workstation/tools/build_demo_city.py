"""Build the demo city's data (resources/city/demo/{grid,things,routing}.json) from its layout.json.

The layout names roads, 街道 and 社区; this splits the blocks between roads into unit grid cells of
about `cell_metres`, numbers them by the 14-digit rule, places collectors (one 责任网格 of two
社区 each), IoT devices and cameras with a fixed seed, and maps every 小类 of the catalogue to its
lead department through the layout's keyword table. The output is committed as data; run again
after editing the layout:

    python -m workstation.tools.build_demo_city
"""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path
from typing import Any

from workstation.domain.catalogue import Catalogue
from workstation.domain.city import METRES_PER_DEGREE_LAT
from workstation.resources import resource_path

SEED = 370102


def build(layout: dict[str, Any], catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    rng = random.Random(SEED)
    grid = _grid(layout)
    return {"grid.json": grid, "things.json": _things(layout, grid, rng),
            "routing.json": _routing(layout, catalogue)}


def _grid(layout: dict[str, Any]) -> dict[str, Any]:
    lats = [road["lat"] for road in sorted(layout["roads_ew"], key=lambda r: r["lat"])]
    lons = [road["lon"] for road in sorted(layout["roads_ns"], key=lambda r: r["lon"])]
    metres_lon = METRES_PER_DEGREE_LAT * math.cos(math.radians(sum(lats) / len(lats)))
    size = layout["cell_metres"]
    cells = []
    for street in layout["streets"]:
        for community_no, ((column, row), community) in enumerate(
                zip(street["blocks"], street["communities"], strict=True), start=1):
            west, east, south, north = lons[column], lons[column + 1], lats[row], lats[row + 1]
            across = max(1, round((east - west) * metres_lon / size))
            up = max(1, round((north - south) * METRES_PER_DEGREE_LAT / size))
            sequence = 0
            for j in range(up):
                for i in range(across):
                    sequence += 1
                    x0, x1 = west + (east - west) * i / across, west + (east - west) * (i + 1) / across
                    y0, y1 = south + (north - south) * j / up, south + (north - south) * (j + 1) / up
                    cells.append({
                        "code": f"{layout['district_code']}{street['code']}{community_no:03d}{sequence:02d}",
                        "street": street["name"], "community": community,
                        "ring": [[round(x, 6), round(y, 6)] for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]})
    roads = [{"name": r["name"], "start": [lons[0], r["lat"]], "end": [lons[-1], r["lat"]]}
             for r in layout["roads_ew"]]
    roads += [{"name": r["name"], "start": [r["lon"], lats[0]], "end": [r["lon"], lats[-1]]}
              for r in layout["roads_ns"]]
    return {"cells": cells, "roads": roads}


def _things(layout: dict[str, Any], grid: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    cells = grid["cells"]
    inner_ew = [r for r in layout["roads_ew"] if not r.get("boundary")]
    inner_ns = [r for r in layout["roads_ns"] if not r.get("boundary")]

    def inside(cell: dict[str, Any]) -> dict[str, float]:
        (x0, y0), _, (x1, y1), _ = cell["ring"]
        return {"lon": round(rng.uniform(x0, x1), 6), "lat": round(rng.uniform(y0, y1), 6)}

    communities: dict[str, list[str]] = {}
    for cell in cells:
        communities.setdefault(cell["code"][:12], []).append(cell["code"])
    keys = sorted(communities)
    collectors = [{"id": f"C{n + 1:02d}", "name": name, "phone": f"1395310{n + 1:04d}",
                   "grid_codes": communities[keys[2 * n]] + communities[keys[2 * n + 1]]}
                  for n, name in enumerate(layout["collector_names"][:len(keys) // 2])]

    devices = []
    for n in range(48):  # 智能井盖: in a cell next to a road, so addresses read like the real ones
        devices.append({"id": f"MH-{n + 1:04d}", "kind": "manhole", "name": f"智能井盖{n + 1:04d}",
                        "location": inside(rng.choice(cells)),
                        "category_id": rng.choice(layout["manhole_categories"])})
    crossings = [(ns, ew) for ew in inner_ew for ns in inner_ns]
    for n, (ns, ew) in enumerate(rng.sample(crossings, 8)):  # 积水监测: low points at crossings
        devices.append({"id": f"WL-{n + 1:03d}", "kind": "water_level", "name": f"{ns['name']}{ew['name']}积水监测点",
                        "location": {"lon": round(ns["lon"] + 0.0004, 6), "lat": round(ew["lat"] - 0.0003, 6)}})
    for n in range(30):
        devices.append({"id": f"BIN-{n + 1:04d}", "kind": "bin", "name": f"智能垃圾桶{n + 1:04d}",
                        "location": inside(rng.choice(cells))})
    cameras = [{"id": f"CAM-{n + 1:03d}", "name": f"{ns['name']}与{ew['name']}路口",
                "location": {"lon": round(ns["lon"] + 0.0002, 6), "lat": round(ew["lat"] + 0.0002, 6)}}
               for n, (ns, ew) in enumerate(crossings)]
    return {"collectors": collectors, "devices": devices, "cameras": cameras}


def _routing(layout: dict[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    keywords = layout["routing_keywords"]
    routes = {}
    for category in catalogue.categories:
        for unit in re.split(r"[、，,]|及|和", category.handling_unit):
            lead = next((target for keyword, target in keywords if keyword in unit), None)
            if lead is not None:
                routes[category.id] = {"lead": lead, "basis": unit.strip()}
                break
    return {"about": "小类 → lead department ('street' = 属地街道办事处); built by tools/build_demo_city.py "
                     "from the catalogue's 处置单位 and layout.json's routing_keywords.",
            "fallback": layout["routing_fallback"], "routes": routes}


def main() -> None:
    folder: Path = resource_path("city", "demo")
    layout = json.loads((folder / "layout.json").read_text(encoding="utf-8"))
    for name, document in build(layout, Catalogue.load()).items():
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        (folder / name).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {folder / name} ({len(text) // 1024} KB)")


if __name__ == "__main__":
    main()
