"""地图 (the map panel): where the case is, which 单元网格 and department, what else is open nearby, which
collector is closest, whether a camera looks at it — and where the seat clicks to locate a case.

The web engine and the page (map_page.py) are created the first time the panel shows, never at import
or start. The page is built once; from then on every change is a small JavaScript call (map.js), so
selecting another case moves the map without loading anything. Clicks come back through QWebChannel:
a click or a dragged marker while picking resolves through the server's `places/at` into the location
editor that asked, exactly as a place the seat searched; a click on a case opens it.

Every point drawn and every click is converted between the platform's WGS-84 and the tiles' datum
here, in `_to_map` and `_from_map` (domain/geo.py).
"""

from __future__ import annotations

import html
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from shiboken6 import delete, isValid

from workstation.app.session import Session, SessionError
from workstation.domain import geo
from workstation.domain.deadline import Light
from workstation.domain.models import Case, Channel, CollectorPosition, GeoPoint, HeatCell, MapBase, MapThing, Place
from workstation.domain.workflow import OPEN_STATES
from workstation.ui import labels
from workstation.ui.location_editor import LocationEditor
from workstation.ui.operation import Operations
from workstation.ui.queue_model import timer_light, timer_text
from workstation.ui.settings import Settings

if TYPE_CHECKING:
    from workstation.ui.map_page import MapBridge, MapView

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: Cameras, devices, collectors and open cases within this distance of the case count as "nearby".
NEAR_METRES = 500
HEAT_DAYS = 7
#: Collectors' positions and the timers' colours are refreshed this often while the map shows.
REFRESH_MS = 30_000
HEAT_REFRESH_MS = 300_000
#: Changes of the case store are gathered this long before the open cases are drawn again.
CASES_DELAY_MS = 300
LAYERS = ("grid", "cases", "collectors", "things", "heat")
SUMMARY_LINES = 2
#: The open cases' markers and clusters by timer light: the queue's hues, strong enough to read on the map
#: (the queue's pale cell colours look like empty rings there), with a deep rim.
LIGHT_FILLS = {Light.GREEN: QColor("#2e9e4a"), Light.YELLOW: QColor("#f0b400"), Light.RED: QColor("#d93a2b")}
#: Calm colours of what the map draws.
COLOURS = {
    **{light.value: fill.name() for light, fill in LIGHT_FILLS.items()},
    **{f"{light.value}Rim": fill.darker(160).name() for light, fill in LIGHT_FILLS.items()},
    "grid": "#1f4e79",
    "similar": "#a2387f",  # not the collectors' blue: 似 and 采 tell apart at a glance
    "collector": labels.CHANNEL_COLOURS[Channel.COLLECTOR].name(),
    "camera": labels.CHANNEL_COLOURS[Channel.VIDEO_AI].name(),
    "device": labels.CHANNEL_COLOURS[Channel.IOT].name(),
    "measure": "#b03a2e",
    "ended": "#c3c9d1",
}
HEAT_RAMP = ("#fde9d9", "#fbc9a6", "#f5a06e", "#e8703f", "#c8491b")


def prepare_web_engine() -> None:
    """Call before the QApplication exists. QtWebEngine shares OpenGL contexts with the widgets; and as
    root (containers, kiosk set-ups) Chromium starts only without its sandbox."""
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags.split():
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --no-sandbox".strip()


def _drawn(case: Case) -> tuple[Any, ...]:
    """What the open-case layer shows of a case."""
    return case.state, case.location, case.category_id, case.step, case.duplicate_of


def _described(case: Case) -> tuple[Any, ...]:
    """What the shown case's marker, cell and summary say."""
    return (case.state, case.location, case.grid, case.address, case.category_id, case.department_id,
            case.suggested_department_id)


@dataclass
class PickRequest:
    """A location editor waiting for a point from the map; `case_id` is None for a new case."""

    editor: LocationEditor
    case_id: str | None
    on_place: Callable[[Place], None] | None
    hint: str


class MapPanel(QWidget):
    """See the module docstring. `case_moved` carries the id of the case the page acknowledged showing (its
    JavaScript call returned), `case_painted` the same once the page has drawn it ('' for no case)."""

    ready = Signal()
    case_moved = Signal(str)
    case_painted = Signal(str)
    open_case_requested = Signal(str)
    message = Signal(str)
    picking_changed = Signal(bool)
    place_picked = Signal(object)  # the Place a click resolved to

    def __init__(self, session: Session, operations: Operations, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapPanel")
        self.session = session
        self.operations = operations
        self.settings = settings
        self.datum = settings.map_tile_datum
        self._zone = ZoneInfo(session.reference.timezone)
        self._departments = {d.id: d.name for d in session.reference.departments}
        self.view: MapView | None = None
        self.bridge: MapBridge | None = None
        self.started = False
        self.is_ready = False
        self.load_id = ""
        self.loads = 0
        self.revived = False  # the page was loaded again after its render process ended
        self.timings: dict[str, float] = {}
        self.base: MapBase | None = None
        self.things: list[MapThing] = []
        self.collectors: list[CollectorPosition] = []
        self.heat: list[HeatCell] = []
        self.layers = {key: key != "heat" for key in LAYERS}
        self.case_id: str | None = None
        self.similar: tuple[str | None, list[str]] = (None, [])
        self.pick_request: PickRequest | None = None
        self._seq = 0
        self._centred: tuple[str, float | None, float | None] | None = None
        self._fetching: set[str] = set()
        self._summary_lines: list[str] = []

        self.summary = QLabel(self)
        self.summary.setObjectName("mapSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setStyleSheet("background: #f3f5f7; border-bottom: 1px solid #d5dbe1; padding: 3px 6px;")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Always SUMMARY_LINES high, each line cut to the width (the whole text in the tooltip): a summary that
        # wrapped differently would resize the map under the seat's mouse (every point would move).
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * SUMMARY_LINES + 16)  # padding, border
        self.placeholder = QLabel(self.tr("The map loads when it is first shown."), self)
        self.placeholder.setObjectName("mapPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #52606d;")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.summary)
        self._layout.addWidget(self.placeholder, 1)
        self.setMinimumSize(320, 280)

        self._cases_timer = self._timer(CASES_DELAY_MS, self._send_cases, single=True)
        self._refresh_timer = self._timer(REFRESH_MS, self._refresh)
        self._heat_timer = self._timer(HEAT_REFRESH_MS, self._load_heat)
        self._render_summary(None)

    def _timer(self, interval: int, slot: Callable[[], None], single: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer

    # --- starting: the first time the panel shows ---------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.start()
        if self.is_ready:
            self._refresh()

    def start(self) -> None:
        """Fetch the city's map data and build the page (once; again after a failed fetch)."""
        if self.started:
            return
        self.started = True
        self.placeholder.setText(self.tr("Loading the map…"))
        self.timings["started"] = time.perf_counter()
        self.session.store.subscribe(self)
        self.operations.run(self._fetch_base(), self._build, key=f"map-base-{id(self)}", quiet=True)

    async def _fetch_base(self) -> tuple[MapBase, list[MapThing]] | None:
        try:
            base = await self.session.map_base()
            things = list(await self.session.map_things())
        except SessionError as error:
            self.started = False
            self.session.store.unsubscribe(self)
            self.placeholder.setText(self.tr("The map could not be loaded: %1. It is tried again when the map "
                                             "is shown again.").replace("%1", error.message))
            return None
        return base, things

    def _build(self, fetched: tuple[MapBase, list[MapThing]] | None) -> None:
        if fetched is None or not isValid(self):
            return
        from workstation.ui import map_page  # the web engine only now, when the map is first shown

        self.base, self.things = fetched
        self.timings["fetched"] = time.perf_counter()
        tiles = map_page.Tiles(self.settings.map_tile_url, self.datum, self.settings.map_tile_attribution)
        page = map_page.build_page(self.base, tiles, self._texts(), COLOURS, self._legend())
        self.timings["built"] = time.perf_counter()
        self.bridge = map_page.MapBridge(self)
        self.bridge.loaded.connect(self._page_ready)
        self.bridge.shown.connect(self._painted)
        self.bridge.point_picked.connect(self._clicked)
        self.bridge.case_clicked.connect(self.open_case_requested)
        self.bridge.pick_cancelled.connect(self.cancel_pick)
        self.bridge.layer_toggled.connect(self._layer_toggled)
        self.view = map_page.MapView(self.bridge, self)
        self.view.map_page.renderProcessTerminated.connect(self._page_ended)
        self._layout.replaceWidget(self.placeholder, self.view)
        self.placeholder.hide()
        self.view.show_page(page)

    def _page_ended(self, status: Any, exit_code: int) -> None:
        """The web engine's render process ended (crashed, ran out of memory, was killed): the page is loaded
        again, once, and draws everything again when it answers; if that one ends too, the panel says so."""
        log.warning("the map's render process ended (%s, exit code %d)", getattr(status, "name", status), exit_code)
        self.is_ready, self.load_id, self._centred = False, "", None  # the new page centres on the case again
        if self.view is None:
            return
        if self.revived:
            text = self.tr("The map stopped again. It comes back when the workstation is started again.")
            self.placeholder.setText(text)
            self._layout.replaceWidget(self.view, self.placeholder)
            self.view.hide()
            self.placeholder.show()
            self.message.emit(text)
            return
        self.revived = True
        self.message.emit(self.tr("The map stopped and is being loaded again."))
        self.view.reload_page()

    def _texts(self) -> dict[str, str]:
        """Everything the page writes, in the seat's language."""
        return {
            "layerBase": self.tr("Offline base map"), "layerTiles": self.tr("Tile map"),
            "tilesAttribution": self.tr("Tile server"), "layerGrid": self.tr("Unit grid"),
            "layerCases": self.tr("Open cases"), "layerCollectors": self.tr("Collectors"),
            "layerThings": self.tr("Cameras and devices"),
            "layerHeat": self.tr("Cases of the last %1 days").replace("%1", str(HEAT_DAYS)),
            "gridCode": self.tr("Grid"), "community": self.tr("Community"), "street": self.tr("Street"),
            "zoomToCaseButton": self.tr("Case"), "zoomToCase": self.tr("Zoom to the case (Ctrl+F10)"),
            "measureButton": self.tr("Measure"), "measure": self.tr("Measure a distance"),
            "measureTitle": self.tr("Measuring"), "measureStart": self.tr("Start"),
            "measureHint": self.tr("Click the points to measure; double click or Esc ends."),
            "pickTitle": self.tr("Click the map or drag the marker to set the location"),
            "pickCancel": self.tr("Esc cancels."),
            "metres": translate("Labels", "%1 m"), "kilometres": translate("Labels", "%1 km"),
            "similarBadge": self.tr("S", "similar case badge"),
            "collectorBadge": self.tr("C", "collector badge"),
            "legend": self.tr("Legend"),
        }

    def _legend(self) -> list[dict[str, str]]:
        """The legend's rows (图例), each drawn by map.js as the map draws it: the timers' colours, the selected
        case, the grid, and what the badges' letters stand for."""
        things = [{"kind": "thing", "letter": self._thing_letter(kind), "colour": "camera" if kind == "camera" else
                   "device", "label": labels.device_kind_name(kind)} for kind in ("camera", "manhole", "water_level",
                                                                                  "bin")]
        return [
            {"kind": "case", "light": Light.GREEN.value, "label": self.tr("Open case, in time")},
            {"kind": "case", "light": Light.YELLOW.value, "label": self.tr("Open case, time nearly used up")},
            {"kind": "case", "light": Light.RED.value, "label": self.tr("Open case, overdue")},
            {"kind": "cluster", "light": Light.RED.value, "letter": "3",
             "label": self.tr("Several cases (in the most urgent one's colour)")},
            {"kind": "pin", "label": self.tr("The selected case")},
            {"kind": "grid", "label": self.tr("Unit grid (the case's in bold)")},
            {"kind": "similar", "letter": self.tr("S", "similar case badge"), "colour": "similar",
             "label": self.tr("Similar case, dashed line to it")},
            {"kind": "badge", "letter": self.tr("C", "collector badge"), "colour": "collector",
             "label": self.tr("Collector on duty")},
            *things,
        ]

    def _page_ready(self, load_id: str) -> None:
        """The page answers through the channel: draw everything it should show."""
        self.loads += 1
        if self.load_id and load_id != self.load_id:
            log.warning("the map page was loaded again")
        self.load_id = load_id
        self.is_ready = True
        self.timings["ready"] = time.perf_counter()
        for key, visible in self.layers.items():
            if visible != (key != "heat"):
                self._js("setLayer", key, visible)
        self._send_cases()
        self._send_collectors()
        self.show_case(self.case_id)
        if self.pick_request is not None:
            self._arm(self.pick_request)
        self._refresh()
        self._refresh_timer.start()
        if self.layers["heat"]:
            self._load_heat()
        self.ready.emit()

    def build_seconds(self) -> dict[str, float]:
        """How long the first show took: fetching the map data, building the page, loading it."""
        t = self.timings
        if "ready" not in t:
            return {}
        return {"fetch_s": t["fetched"] - t["started"], "build_s": t["built"] - t["fetched"],
                "load_s": t["ready"] - t["built"], "total_s": t["ready"] - t["started"]}

    # --- talking to the page ------------------------------------------------------------------------

    def _js(self, name: str, *arguments: Any, callback: Callable[[Any], None] | None = None) -> bool:
        if self.view is None or not self.is_ready:
            return False
        from workstation.ui.map_page import as_script

        self.view.run(as_script(name, *arguments), callback)
        return True

    def evaluate(self, script: str, callback: Callable[[Any], None]) -> None:
        """Run `script` in the page and hand its value to `callback` (tests read the map's state so)."""
        if self.view is not None:
            self.view.run(script, callback)

    def _to_map(self, point: GeoPoint) -> dict[str, float]:
        lon, lat = geo.to_datum(point.lon, point.lat, self.datum)
        return {"lat": round(lat, 7), "lon": round(lon, 7)}

    def _from_map(self, lon: float, lat: float) -> GeoPoint:
        lon, lat = geo.from_datum(lon, lat, self.datum)
        return GeoPoint(lon=round(lon, 6), lat=round(lat, 6))

    # --- the shown case -------------------------------------------------------------------------------

    def show_case(self, case_id: str | None) -> None:
        """Move the map to `case_id` (or clear it); `case_moved` says when the page has done it."""
        if case_id != self.case_id and self.pick_request is not None and self.pick_request.case_id is not None:
            self.cancel_pick()  # the seat went on to another case
        self.case_id = case_id
        self._seq += 1
        case = self.session.store.get(case_id) if case_id else None
        self._render_summary(case)
        if not self.is_ready:
            return
        seq = self._seq
        if case is None:
            self._centred = None
            self._js("clearCase", seq, callback=lambda answer: self._acknowledged(answer, ""))
            self._js("setThings", [])
            return
        shown = (case.id, case.location.lon, case.location.lat) if case.location else (case.id, None, None)
        centre, self._centred = shown != self._centred, shown  # a case shown again stays where the seat panned
        self._js("showCase", self._case_payload(case, seq, centre),
                 callback=lambda answer: self._acknowledged(answer, case.id))

    def _acknowledged(self, answer: Any, case_id: str) -> None:
        if answer == self._seq and isValid(self):
            self.case_moved.emit(case_id)

    def _painted(self, sequence: int) -> None:
        if sequence == self._seq:
            self.case_painted.emit(self.case_id or "")

    def _case_payload(self, case: Case, seq: int, centre: bool) -> dict[str, Any]:
        point = self._to_map(case.location) if case.location else {"lat": None, "lon": None}
        grid = case.grid
        category = labels.category_name(self.session.catalogue, case.category_id)
        tooltip = (f"<b>{html.escape(case.id)}</b><br>{html.escape(category)} · "
                   f"{html.escape(labels.case_state_name(case))}<br>{html.escape(case.address)}")
        department = self._department(case)
        info = ""
        if grid is not None:
            info = (f"<b>{html.escape(self.tr('Grid'))} {grid.code}</b><br>"
                    f"{html.escape(grid.community)} · {html.escape(grid.street)} · {html.escape(grid.district)}")
        if department:
            info += ("<br>" if info else "") + html.escape(department)
        return {
            "seq": seq, "id": case.id, **point, "grid": grid.code if grid else None,
            "gridLabel": f"{grid.community} · {grid.street} · {grid.district}" if grid else "",
            "tooltip": tooltip, "info": info, "centre": centre, "zoom": 16,
            "similar": self._similar_payload(case), "things": self._things_payload(case),
        }

    def _department(self, case: Case) -> str:
        """'责任部门：区环卫中心' — the department dispatched to, or the one the responsibility table suggests
        for the case's 小类 in its grid."""
        if case.department_id:
            name = self._departments.get(case.department_id, case.department_id)
            return self.tr("Department: %1").replace("%1", name)
        if case.suggested_department_id:
            name = self._departments.get(case.suggested_department_id, case.suggested_department_id)
            return self.tr("Department: %1 (suggested)").replace("%1", name)
        return ""

    def _near(self, case: Case, point: GeoPoint | None) -> float | None:
        if case.location is None or point is None:
            return None
        return geo.distance_m(case.location.lon, case.location.lat, point.lon, point.lat)

    def _things_payload(self, case: Case) -> list[dict[str, Any]]:
        """Cameras and IoT devices within NEAR_METRES of the case."""
        things = []
        for thing in self.things:
            distance = self._near(case, thing.location)
            if distance is None or distance > NEAR_METRES:
                continue
            camera = thing.kind == "camera"
            things.append({"id": thing.id, **self._to_map(thing.location),
                           "letter": self._thing_letter(thing.kind),
                           "colour": COLOURS["camera" if camera else "device"],
                           "label": f"{labels.device_kind_name(thing.kind)} · {thing.name} · "
                                    f"{labels.format_distance(distance)}"})
        return things

    def _thing_letter(self, kind: str) -> str:
        letters = {"camera": self.tr("C", "camera badge"), "manhole": self.tr("M", "manhole cover badge"),
                   "water_level": self.tr("W", "water level badge"), "bin": self.tr("B", "litter bin badge")}
        return letters.get(kind, self.tr("D", "device badge"))

    def _similar_payload(self, case: Case) -> list[dict[str, Any]]:
        case_id, ids = self.similar
        if case_id != case.id:
            return []
        scores = {c.case_id: c for c in (case.similar.candidates if case.similar else ())}
        drawn = []
        for other_id in ids:
            other = self.session.store.get(other_id)
            if other is None:
                self._fetch_candidate(other_id)
                continue
            if other.location is None:
                continue
            candidate = scores.get(other_id)
            score = f" · {round(candidate.score * 100)}%" if candidate else ""
            drawn.append({"id": other_id, **self._to_map(other.location),
                          "label": self.tr("Similar case %1").replace("%1", other_id) + score
                          + f" · {labels.case_state_name(other)}"})
        return drawn

    def _fetch_candidate(self, case_id: str) -> None:
        """A candidate the store does not hold (ended long ago): its details come into the store."""
        if case_id not in self._fetching:
            self._fetching.add(case_id)
            task = self.operations.run(self.session.case_detail(case_id), key=f"map-candidate-{case_id}", quiet=True)
            task.add_done_callback(lambda _task: self._fetching.discard(case_id))

    def show_similar(self, case_id: str | None, ids: list[str]) -> None:
        """The similar-case candidates of `case_id` (the case view's `similar_shown`): lines to each."""
        self.similar = (case_id, list(ids))
        case = self.session.store.get(case_id) if case_id else None
        if case is not None and case_id == self.case_id:
            self._js("showSimilar", self._seq, self._similar_payload(case))

    # --- the summary above the map ------------------------------------------------------------------

    def _render_summary(self, case: Case | None) -> None:
        """Two lines a seat reads at a glance: where (grid, 社区, 街道, 区, department), and what is near."""
        if case is None:
            self._show_summary([self.tr("No case selected: the map shows the open cases and the collectors.")])
            return
        grid = case.grid
        where = (self.tr("Grid %1 · %2 · %3 · %4").replace("%1", grid.code).replace("%2", grid.community)
                 .replace("%3", grid.street).replace("%4", grid.district)) if grid else self.tr("Outside the grid")
        department = self._department(case)
        lines = [where + (f" · {department}" if department else "")]
        if case.location is None:
            lines.append(self.tr("The case has no point yet: Ctrl+Shift+D picks it on the map."))
        else:
            lines.append(self._nearby(case))
        self._show_summary(lines)

    def _show_summary(self, lines: list[str]) -> None:
        self._summary_lines = lines
        self.summary.setToolTip("\n".join(lines) if len(lines) > 1 else "")
        self._fit_summary()

    def _fit_summary(self) -> None:
        """Each line of the summary cut with … to the panel's width."""
        width = max(40, self.summary.contentsRect().width() - 14)  # the style sheet's padding
        metrics = self.summary.fontMetrics()
        self.summary.setText("<br>".join(html.escape(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
                                         for line in self._summary_lines))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_summary()

    def _nearby(self, case: Case) -> str:
        open_near = sum(1 for other in self.session.store.all()
                        if other.id != case.id and other.state in OPEN_STATES
                        and (d := self._near(case, other.location)) is not None and d <= NEAR_METRES)
        parts = [self.tr("%1 open case(s)").replace("%1", str(open_near))]
        on_duty = [(self._near(case, c.location), c) for c in self.collectors if c.on_duty and c.location]
        if on_duty:
            distance, nearest = min(on_duty, key=lambda pair: pair[0] or 0.0)
            seen = nearest.at.astimezone(self._zone).strftime("%H:%M") if nearest.at else ""
            parts.append(self.tr("nearest collector %1, %2 away (at %3)").replace("%1", nearest.name)
                         .replace("%2", labels.format_distance(distance)).replace("%3", seen))
        cameras = [self._near(case, t.location) for t in self.things if t.kind == "camera"]
        cameras = [d for d in cameras if d is not None and d <= NEAR_METRES]
        devices = [t for t in self.things if t.kind != "camera"
                   and (d := self._near(case, t.location)) is not None and d <= NEAR_METRES]
        if cameras:
            parts.append(self.tr("%1 camera(s), nearest %2").replace("%1", str(len(cameras)))
                         .replace("%2", labels.format_distance(min(cameras))))
        else:
            parts.append(self.tr("no camera"))
        parts.append(self.tr("%1 IoT device(s)").replace("%1", str(len(devices))))
        return (self.tr("Within %1: %2").replace("%1", labels.format_distance(NEAR_METRES))
                .replace("%2", " · ".join(parts)))

    # --- the other layers ---------------------------------------------------------------------------

    def open_cases(self) -> list[Case]:
        return [case for case in self.session.store.all() if case.state in OPEN_STATES and case.location]

    def _send_cases(self) -> None:
        if not self.is_ready:
            return
        now = self.session.server_now()
        cases = []
        for case in self.open_cases():
            assert case.location is not None
            light = timer_light(case, now, self.session.calendar) or Light.GREEN
            label = " · ".join(part for part in (
                case.id, labels.category_name(self.session.catalogue, case.category_id),
                labels.case_state_name(case), timer_text(case, now)) if part)
            cases.append({"id": case.id, **self._to_map(case.location), "light": light.value, "label": label})
        self._js("setCases", cases)

    def _refresh(self) -> None:
        """Collectors' positions and the timers' colours, while the map is on screen."""
        if not self.is_ready or not self.isVisible():
            return
        self._send_cases()
        self.operations.run(self.session.map_collectors(), self._collectors_loaded, key=f"map-collectors-{id(self)}",
                            quiet=True)

    def _collectors_loaded(self, collectors: list[CollectorPosition]) -> None:
        self.collectors = list(collectors)
        self._send_collectors()
        self._render_summary(self.session.store.get(self.case_id) if self.case_id else None)

    def _send_collectors(self) -> None:
        shown = []
        for collector in self.collectors:
            if not collector.on_duty or collector.location is None:
                continue
            seen = collector.at.astimezone(self._zone).strftime("%H:%M") if collector.at else ""
            shown.append({"id": collector.collector_id, **self._to_map(collector.location),
                          "label": self.tr("Collector %1 (%2), position at %3").replace("%1", collector.name)
                          .replace("%2", collector.collector_id).replace("%3", seen)})
        self._js("setCollectors", shown)

    def _load_heat(self) -> None:
        if self.is_ready and self.layers["heat"]:
            self.operations.run(self.session.map_heat(days=HEAT_DAYS), self._heat_loaded, key=f"map-heat-{id(self)}",
                                quiet=True)

    def _heat_loaded(self, cells: list[HeatCell]) -> None:
        self.heat = list(cells)
        top = max((cell.count for cell in self.heat), default=1)
        shaded = [{"code": cell.grid_code, "count": cell.count,
                   "colour": HEAT_RAMP[min(len(HEAT_RAMP) - 1, (cell.count - 1) * len(HEAT_RAMP) // max(top, 1))],
                   "label": self.tr("%1: %2 case(s) in the last %3 days").replace("%1", cell.grid_code)
                   .replace("%2", str(cell.count)).replace("%3", str(HEAT_DAYS))} for cell in self.heat]
        self._js("setHeat", shaded)

    def set_layer(self, key: str, visible: bool) -> None:
        """Show or hide one of LAYERS (the page's layer control does the same)."""
        self._layer_toggled(key, visible)
        self._js("setLayer", key, visible)

    def _layer_toggled(self, key: str, visible: bool) -> None:
        if key not in self.layers:
            return
        self.layers[key] = visible
        if key == "heat":
            if visible:
                self._load_heat()
                self._heat_timer.start()
            else:
                self._heat_timer.stop()

    def zoom_to_case(self) -> None:
        self._js("zoomToCase")

    # --- StoreListener: the cases change under the map ----------------------------------------------

    def case_added(self, case: Case) -> None:
        self._cases_timer.start()
        if case.id in self.similar[1]:
            self.show_similar(*self.similar)

    def case_changed(self, old: Case, new: Case) -> None:
        if _drawn(old) != _drawn(new):  # not for a claim or a release: a seat opening a case changes nothing here
            self._cases_timer.start()
        if new.id == self.case_id and _described(old) != _described(new):
            self.show_case(new.id)
        elif new.id in self.similar[1] and old.location != new.location:
            self.show_similar(*self.similar)

    def case_removed(self, case_id: str) -> None:
        self._cases_timer.start()

    def cases_reset(self) -> None:
        self._cases_timer.start()

    # --- picking a point ------------------------------------------------------------------------------

    def pick(self, editor: LocationEditor, case_id: str | None = None,
             on_place: Callable[[Place], None] | None = None, hint: str = "") -> None:
        """Arm picking for `editor`: the next click (or the dragged marker) becomes its place."""
        self.pick_request = PickRequest(editor, case_id, on_place, hint)
        self.picking_changed.emit(True)
        self.start()
        if self.is_ready:
            self._arm(self.pick_request)

    def _arm(self, request: PickRequest) -> None:
        start = self._to_map(request.editor.location) if request.editor.location else None
        own = request.case_id is not None and request.case_id == self.case_id  # its marker is dragged
        self._js("pick", True, start, request.hint, own)

    def cancel_pick(self) -> None:
        if self.pick_request is None:
            return
        self.pick_request = None
        self._js("pick", False, None, "", False)
        self.picking_changed.emit(False)

    def _clicked(self, lon: float, lat: float) -> None:
        request = self.pick_request
        if request is None:
            return
        point = self._from_map(lon, lat)
        self.operations.run(self.session.place_at(point), lambda place: self._resolved(request, place),
                            key=f"map-pick-{id(self)}", quiet=True)

    def _resolved(self, request: PickRequest, place: Place) -> None:
        if request is not self.pick_request or not isValid(request.editor):
            return
        self.pick_request = None
        self._js("pick", False, None, "", False)
        self.picking_changed.emit(False)
        request.editor.choose(place)  # the form updates as when the seat picks a searched place
        self.place_picked.emit(place)
        if request.on_place is not None:
            request.on_place(place)

    def detach(self) -> None:
        """The window closes: stop listening and timing."""
        for timer in (self._cases_timer, self._refresh_timer, self._heat_timer):
            timer.stop()
        if self.started:
            self.session.store.unsubscribe(self)
        if self.view is not None:
            view, self.view, self.is_ready = self.view, None, False
            view.close_page()
            delete(view)  # now, not later: the shared profile must outlive every page, even at the program's end
