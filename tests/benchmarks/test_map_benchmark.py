"""Map benchmark (issue 5): how fast the map follows the seat from case to case, and what its first
show costs.

Not part of the normal test run (pyproject deselects the `benchmark` marker). Run it with:

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_map_benchmark.py -q -s

The real server (SQLite, demo seed) gets `CASES` more open cases spread over the grid, so the map's
open-case layer is as full as a busy shift's. A seat's real window opens the map (F10) offscreen;
then `SELECTIONS` times a case is selected in the queue and the time until the page acknowledges
having moved (`MapPanel.case_moved`, the answer of the JavaScript call) is taken — the whole path a
seat's selection takes: queue, case view, map panel, page. The map's own share (the panel's call to
the page and back, without the case view) is measured the same way. The first show is split into
fetching the map data, building the page with folium and loading it in QtWebEngine.

A table is printed and the figures, with machine info, go to `WORKSTATION_BENCH_RESULTS`
(default tests/benchmarks/results/map.json, kept out of git).
Environment: WORKSTATION_BENCH_SELECTIONS (default 100), WORKSTATION_BENCH_MAP_CASES (default 300).
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import Qt, qVersion

from tests.helpers.reports import report
from tests.helpers.server import ServerProcess, start_server
from tests.ui.conftest import Seat, loop, post_intake  # noqa: F401 - `loop` is the qasync fixture used below
from workstation.domain.city import City
from workstation.ui.map_panel import MapPanel, prepare_web_engine
from workstation.ui.queue_model import CASE_ROLE

pytestmark = pytest.mark.benchmark
prepare_web_engine()

SELECTIONS = int(os.environ.get("WORKSTATION_BENCH_SELECTIONS", "100"))
CASES = int(os.environ.get("WORKSTATION_BENCH_MAP_CASES", "300"))
RESULTS = Path(os.environ.get("WORKSTATION_BENCH_RESULTS", Path(__file__).parent / "results" / "map.json"))


def spread_cases(server: ServerProcess, count: int) -> None:
    """`count` hotline reports at random points of the grid (different 小类, so no similar warnings)."""
    city = City.load()
    rng = random.Random(5)
    categories = ("SJ0110", "SJ0113", "BJ0137", "SJ0406", "BJ0102")
    for number in range(count):
        cell = rng.choice(city.cells)
        west, south, east, north = cell.bounds
        point = {"lon": round(rng.uniform(west, east), 6), "lat": round(rng.uniform(south, north), 6)}
        post_intake(server, report("hotline", f"基准测试案卷 {number}", location=point,
                                   category_id=rng.choice(categories),
                                   details={"call_id": f"12345-{number:08d}"}))


def figures_of(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered) * 1000, 2),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
            "max_ms": round(ordered[-1] * 1000, 2), "samples": len(ordered)}


def machine() -> dict[str, object]:
    info: dict[str, object] = {"cpu_count": os.cpu_count(), "python": platform.python_version(),
                               "platform": platform.platform(), "pyside6": PySide6.__version__, "qt": qVersion(),
                               "qpa": os.environ.get("QT_QPA_PLATFORM", "")}
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                  if line.startswith("model name")]
        info["cpu"] = models[0] if models else ""
    return info


def timed(qtbot, panel: MapPanel, case_id: str, action) -> tuple[float, float]:
    """Seconds from `action()` to the page's acknowledgement of `case_id`, and to its painting it."""
    stamps: dict[str, float] = {}

    def stamp(name: str) -> Callable[[str], None]:
        def record(shown: str) -> None:
            if shown == case_id and name not in stamps:
                stamps[name] = time.perf_counter()
        return record

    moved, painted = stamp("moved"), stamp("painted")
    panel.case_moved.connect(moved)
    panel.case_painted.connect(painted)
    try:
        start = time.perf_counter()
        action()
        qtbot.waitUntil(lambda: len(stamps) == 2, timeout=5000)
    finally:
        panel.case_moved.disconnect(moved)
        panel.case_painted.disconnect(painted)
    return stamps["moved"] - start, stamps["painted"] - start


def table(figures: dict[str, object]) -> str:
    page = figures["first_show"]
    lines = [f"map benchmark — {figures['selections']} selections, {figures['cases_on_map']} open cases on the map",
             f"{'run':<34}{'median':>9}{'p95':>9}{'max':>9}  (ms)"]
    for name in ("select_in_queue_to_map_moved", "select_in_queue_to_map_painted", "map_call_to_page_moved",
                 "map_call_to_page_painted"):
        row = figures[name]
        lines.append(f"{name:<34}{row['median_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}")
    lines.append("first show: " + ", ".join(f"{key} {value * 1000:.0f} ms" for key, value in page.items()
                                            if key.endswith("_s")) + f", page {page['page_kb']} kB")
    return "\n".join(lines)


def test_map_benchmark(loop, qtbot, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    server = start_server(f"sqlite:///{tmp_path / 'platform.db'}", tmp_path)
    seat: Seat | None = None
    try:
        spread_cases(server, CASES)
        seat = Seat(qtbot, server, "seat01", tmp_path / "seat01.ini")
        window, panel = seat.window, seat.window.map
        with qtbot.waitSignal(panel.ready, timeout=60000):
            qtbot.keyClick(window, Qt.Key.Key_F10)
        first_show: dict[str, float] = {key: round(value, 4) for key, value in panel.build_seconds().items()}
        page = panel.view.url_shown
        first_show["page_kb"] = round(panel.view.page_bytes / 1024)
        proxy = window.queue.proxy  # the cases of the queue's tab, as the seat goes through them
        shown = [proxy.index(row, 0).data(CASE_ROLE) for row in range(proxy.rowCount())]
        queued = [case.id for case in shown if case.location is not None]
        assert len(queued) >= 20, "the queue shows too few located cases"
        qtbot.wait(500)  # the first positions of the collectors and the open cases are drawn

        selections = []
        for number in range(SELECTIONS):
            case_id = queued[number % len(queued)]
            if case_id == window.case_view.case_id:
                case_id = queued[(number + 1) % len(queued)]
            selections.append(timed(qtbot, panel, case_id, lambda case_id=case_id: window.queue.select_case(case_id)))
        calls = []
        for number in range(SELECTIONS):
            case_id = queued[(number * 7) % len(queued)]
            if case_id == panel.case_id:
                case_id = queued[(number * 7 + 1) % len(queued)]
            calls.append(timed(qtbot, panel, case_id, lambda case_id=case_id: panel.show_case(case_id)))
        assert panel.loads == 1 and panel.view.url_shown == page  # every move was a JavaScript call

        figures: dict[str, object] = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(),
            "selections": SELECTIONS, "cases_on_map": len(panel.open_cases()),
            "select_in_queue_to_map_moved": figures_of([moved for moved, _painted in selections]),
            "select_in_queue_to_map_painted": figures_of([painted for _moved, painted in selections]),
            "map_call_to_page_moved": figures_of([moved for moved, _painted in calls]),
            "map_call_to_page_painted": figures_of([painted for _moved, painted in calls]),
            "first_show": first_show,
        }
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        with capsys.disabled():
            print("\n" + table(figures) + f"\nresults: {RESULTS}")  # noqa: T201 - the benchmark's report
        assert figures["select_in_queue_to_map_painted"]["median_ms"] < 100  # type: ignore[index]
    finally:
        if seat is not None:
            seat.close()
        server.stop()
