"""The map page (地图页面) and the web engine under it, imported only when the map panel first shows.

folium builds the page once from the city's `MapBase`: the offline base (blocks, water, parks, roads and
their names), the tile layer when a tile server is set, the 单元网格 with their names on hover, and the
layer control; our `resources/map/map.js` does the rest. Everything the page loads comes from
`wsmap://map/`, a scheme served here from memory and from installed files — the page itself, Leaflet and
MarkerCluster from their XStatic packages, map.js and map.css from resources/map — plus qwebchannel.js
from inside QtWebEngine (qrc:). Only tiles of a configured tile server are fetched from the network.

All pages share one off-the-record profile (nothing written to disk), created on first use after the
scheme is registered, as QtWebEngine requires.
"""

from __future__ import annotations

import json
import logging
import math
import mimetypes
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from branca.element import MacroElement
from jinja2 import Template
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QWidget

from workstation.domain.geo import Datum, to_datum
from workstation.domain.models import MapBase
from workstation.resources import resource_path

log = logging.getLogger(__name__)

SCHEME = b"wsmap"
HOST = "map"
#: Where the files of the page come from: the installed packages and our own resources/map.
ASSET_ROOTS: dict[str, Path] = {
    "leaflet": Path(xstatic.pkg.leaflet.BASE_DIR),
    "markercluster": Path(xstatic.pkg.leaflet_markercluster.BASE_DIR),
    "app": resource_path("map"),
}
SCRIPTS = [
    ("leaflet", "/leaflet/leaflet.js"),
    ("markercluster", "/markercluster/leaflet.markercluster.js"),
    ("qwebchannel", "qrc:///qtwebchannel/qwebchannel.js"),
    ("wsmap", "/app/map.js"),
]
STYLES = [
    ("leaflet_css", "/leaflet/leaflet.css"),
    ("markercluster_css", "/markercluster/MarkerCluster.css"),
    ("markercluster_default_css", "/markercluster/MarkerCluster.Default.css"),
    ("wsmap_css", "/app/map.css"),
]
START_ZOOM = 15
MAX_ZOOM = 19
MIN_ZOOM = 11

# The offline base as a printed city plan: pale blocks, green parks, blue water, white roads with a rim.
BASE_FILL = {
    "block": {"fillColor": "#e9e5dc", "color": "#d9d2c5", "weight": 0.5, "fillOpacity": 1},
    "park": {"fillColor": "#d5e8cf", "color": "#bcd8b3", "weight": 0.5, "fillOpacity": 1},
    "water": {"fillColor": "#c5dbee", "color": "#a6c4df", "weight": 0.8, "fillOpacity": 1},
}
ROAD_WIDTH = {1: 7, 2: 5, 3: 3}  # pixels by rank: main road, road, lane
ROAD_COLOUR, ROAD_RIM = "#ffffff", "#cdc5b6"
GRID_STYLE = {"color": "#6b7b93", "weight": 1, "dashArray": "3 3", "fillColor": "#ffffff", "fillOpacity": 0}
LINES = {"LineString", "MultiLineString"}


@dataclass(frozen=True)
class Tiles:
    """The tile server of the base map (empty `url`: none, the offline base only)."""

    url: str = ""
    datum: Datum = Datum.WGS84
    attribution: str = ""


def register_scheme() -> None:
    """`wsmap:` must be known before the first profile exists; later calls do nothing."""
    if QWebEngineUrlScheme.schemeByName(QByteArray(SCHEME)).name().isEmpty():
        scheme = QWebEngineUrlScheme(QByteArray(SCHEME))
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
        scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.LocalAccessAllowed)
        QWebEngineUrlScheme.registerScheme(scheme)


class PageServer(QWebEngineUrlSchemeHandler):
    """Answers `wsmap://map/…`: built pages from memory, assets from `ASSET_ROOTS` (read once)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pages: dict[str, bytes] = {}
        self._files: dict[str, bytes] = {}

    def add_page(self, html: str) -> QUrl:
        name = uuid.uuid4().hex
        self.pages[name] = html.encode()
        return QUrl(f"{SCHEME.decode()}://{HOST}/page/{name}.html")

    def forget_page(self, url: QUrl) -> None:
        self.pages.pop(Path(url.path()).stem, None)

    def _asset(self, path: str) -> bytes | None:
        if path in self._files:
            return self._files[path]
        root_name, _, rest = path.partition("/")
        root = ASSET_ROOTS.get(root_name)
        if root is None or not rest:
            return None
        file = (root / rest).resolve()
        if not file.is_relative_to(root.resolve()) or not file.is_file():
            return None
        self._files[path] = file.read_bytes()
        return self._files[path]

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 - Qt's name
        url = job.requestUrl()
        path = url.path().lstrip("/")
        if url.host() != HOST:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        if path.startswith("page/"):
            data = self.pages.get(Path(path).stem)
            kind = "text/html"
        else:
            data = self._asset(path)
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(kind.encode()), buffer)


_profile: QWebEngineProfile | None = None
_server: PageServer | None = None


def profile() -> QWebEngineProfile:
    """The one profile of the map pages (off the record), with `wsmap:` served. Tests install their request
    interceptor on it."""
    global _profile, _server
    if _profile is None:
        register_scheme()
        _profile = QWebEngineProfile(QApplication.instance())
        _server = PageServer(_profile)
        _profile.installUrlSchemeHandler(QByteArray(SCHEME), _server)
    return _profile


def server() -> PageServer:
    profile()
    assert _server is not None
    return _server


class MapBridge(QObject):
    """The object the page reaches as `bridge` through QWebChannel: what the seat did on the map."""

    loaded = Signal(str)  # the page's load id: a new one means the page was loaded again
    shown = Signal(int)  # the frame showing the case of this call number has been painted
    point_picked = Signal(float, float)  # lon, lat in the tiles' datum
    case_clicked = Signal(str)
    pick_cancelled = Signal()
    layer_toggled = Signal(str, bool)

    @Slot(str)
    def ready(self, load_id: str) -> None:
        self.loaded.emit(load_id)

    @Slot(int)
    def painted(self, sequence: int) -> None:
        self.shown.emit(sequence)

    @Slot(float, float)
    def picked(self, lon: float, lat: float) -> None:
        self.point_picked.emit(lon, lat)

    @Slot(str)
    def caseClicked(self, case_id: str) -> None:  # noqa: N802 - the page's name
        self.case_clicked.emit(case_id)

    @Slot()
    def pickCancelled(self) -> None:  # noqa: N802
        self.pick_cancelled.emit()

    @Slot(str, bool)
    def layerToggled(self, key: str, visible: bool) -> None:  # noqa: N802
        self.layer_toggled.emit(key, visible)


class MapPage(QWebEnginePage):
    """The page on the shared profile; what its scripts write to the console goes to our log."""

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str,  # noqa: N802
                                 line: int, source: str) -> None:
        error = level is QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel
        log.log(logging.WARNING if error else logging.INFO, "map page: %s (%s:%d)", message, source, line)


class MapView(QWebEngineView):
    """The web view with its page on the shared profile and the bridge on its channel."""

    def __init__(self, bridge: MapBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapView")
        self.map_page = MapPage(profile(), self)
        self.setPage(self.map_page)
        self.channel = QWebChannel(self.map_page)
        self.channel.registerObject("bridge", bridge)
        self.map_page.setWebChannel(self.channel)
        self.url_shown: QUrl | None = None
        self.page_bytes = 0

    def show_page(self, html: str) -> None:
        if self.url_shown is not None:
            server().forget_page(self.url_shown)
        self.page_bytes = len(html.encode())
        self.url_shown = server().add_page(html)
        self.load(self.url_shown)

    def reload_page(self) -> None:
        """Load the page shown again (after its render process ended)."""
        if self.url_shown is not None:
            self.load(self.url_shown)

    def run(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        if callback is None:
            self.map_page.runJavaScript(script, 0)
        else:
            self.map_page.runJavaScript(script, 0, callback)

    def close_page(self) -> None:
        if self.url_shown is not None:
            server().forget_page(self.url_shown)
            self.url_shown = None


# --- building the page ---------------------------------------------------------------------------------


def _moved(coordinates: Any, datum: Datum) -> Any:
    """GeoJSON coordinates (nested lists ending in [lon, lat]) in the tiles' datum."""
    if coordinates and isinstance(coordinates[0], int | float):
        lon, lat = to_datum(coordinates[0], coordinates[1], datum)
        return [round(lon, 7), round(lat, 7)]
    return [_moved(part, datum) for part in coordinates]


def in_datum(collection: dict[str, Any], datum: Datum) -> dict[str, Any]:
    """A FeatureCollection drawn on tiles of `datum` (a copy; WGS-84 and CGCS2000 keep it as it is)."""
    if datum is not Datum.GCJ02:
        return collection
    features = [{**feature, "geometry": {**feature["geometry"],
                                         "coordinates": _moved(feature["geometry"]["coordinates"], datum)}}
                for feature in collection.get("features", ()) if feature.get("geometry")]
    return {**collection, "features": features}


def _base_style(feature: dict[str, Any]) -> dict[str, Any]:
    properties = feature.get("properties") or {}
    kind = properties.get("kind")
    if kind in BASE_FILL:
        return BASE_FILL[kind]
    width = ROAD_WIDTH.get(int(properties.get("rank") or 3), 3)
    return {"color": ROAD_COLOUR, "weight": width, "opacity": 1, "lineCap": "round"}


def _rim_style(feature: dict[str, Any]) -> dict[str, Any]:
    width = ROAD_WIDTH.get(int((feature.get("properties") or {}).get("rank") or 3), 3)
    return {"color": ROAD_RIM, "weight": width + 2, "opacity": 1, "lineCap": "round"}


def _grid_style(_feature: dict[str, Any]) -> dict[str, Any]:
    return GRID_STYLE


#: The zooms at which the base's names show: (first, last) by what they name. Districts and 街道 from afar
#: (the grid's own label names them close up), then roads, communities, places, lanes.
LABEL_ZOOMS = {"district": (11, 15), "community": (15, MAX_ZOOM), "place": (16, MAX_ZOOM),
               "road": (14, MAX_ZOOM), "minor_road": (15, MAX_ZOOM), "lane": (17, MAX_ZOOM)}
LABEL_KINDS = {1: "district", 2: "community", 3: "place"}  # a name point's rank says what it names
ROAD_KINDS = {1: "road", 2: "minor_road", 3: "lane"}
ROAD_LABEL_EVERY_M = 1200.0  # a long road is named again this far along


def _metres(a: list[float], b: list[float]) -> tuple[float, float]:
    """East and north metres from a to b (small distances, equirectangular)."""
    east = (b[0] - a[0]) * 111_320.0 * math.cos(math.radians((a[1] + b[1]) / 2))
    return east, (b[1] - a[1]) * 111_320.0


def _along(line: list[list[float]], share: float) -> tuple[list[float], float]:
    """The point `share` of the way along a line, and the line's angle there in screen degrees, turned so
    that the text reads left to right."""
    steps = [_metres(a, b) for a, b in zip(line, line[1:], strict=False)]
    lengths = [math.hypot(*step) for step in steps]
    goal, walked = share * sum(lengths), 0.0
    for (a, b), (east, north), length in zip(zip(line, line[1:], strict=False), steps, lengths, strict=True):
        if length and walked + length >= goal:
            t = (goal - walked) / length
            angle = -math.degrees(math.atan2(north, east))
            angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
            return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], round(angle, 1)
        walked += length
    return line[-1], 0.0


def _labels(base: dict[str, Any]) -> list[dict[str, Any]]:
    """The base's names for map.js, which shows each between its zooms: name points as they are, road names
    along their roads (turned with them, repeated on long roads)."""
    labels = []
    for feature in base.get("features", ()):
        geometry, properties = feature.get("geometry") or {}, feature.get("properties") or {}
        name, rank = properties.get("name"), int(properties.get("rank") or 2)
        if not name:
            continue
        if geometry.get("type") == "Point":
            kind = LABEL_KINDS.get(rank, "place")
            places = [(geometry["coordinates"][:2], 0.0)]
        elif geometry.get("type") == "LineString" and properties.get("kind") in ("street", "lane"):
            kind = ROAD_KINDS.get(rank, "lane") if properties["kind"] == "street" else "lane"
            line = geometry["coordinates"]
            length = sum(math.hypot(*_metres(a, b)) for a, b in zip(line, line[1:], strict=False))
            count = max(1, int(length // ROAD_LABEL_EVERY_M))
            places = [_along(line, (number + 0.5) / count) for number in range(count)]
        else:
            continue
        first, last = LABEL_ZOOMS[kind]
        for (lon, lat), angle in places:
            vertical = abs(angle) >= 45  # a steep road's name is written top to bottom, as Chinese maps do
            turn = (angle - 90 if angle > 0 else angle + 90) if vertical else angle
            labels.append({"lat": round(lat, 7), "lon": round(lon, 7), "name": name, "kind": kind,
                           "angle": round(turn, 1), "vertical": vertical, "minZoom": first, "maxZoom": last})
    return labels


def _plain(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Base features with only what their style needs (the page stays small; names go as labels)."""
    return [{"type": "Feature", "geometry": f["geometry"],
             "properties": {"kind": (f.get("properties") or {}).get("kind"),
                            "rank": (f.get("properties") or {}).get("rank")}} for f in features]


class _Attach(MacroElement):
    """The last script of the page: hands folium's objects to map.js."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        wsmap.attach({{ this.map.get_name() }}, Object.assign({{ this.config|tojson }}, {
            grid: {{ this.grid.get_name() }},
            base: {{ this.base.get_name() if this.base else "null" }},
            control: {{ this.control.get_name() }}
        }));
        {% endmacro %}
    """)

    def __init__(self, map_: folium.Map, grid: Any, base: Any, control: Any, config: dict[str, Any]) -> None:
        super().__init__()
        self._name = "WsmapAttach"
        self.map, self.grid, self.base, self.control, self.config = map_, grid, base, control, config


def build_page(base: MapBase, tiles: Tiles, texts: dict[str, str], colours: dict[str, str],
               legend: list[dict[str, str]]) -> str:
    """The whole page as HTML (built once per panel; everything after is JavaScript calls)."""
    datum = tiles.datum
    centre_lon, centre_lat = to_datum(base.centre.lon, base.centre.lat, datum)
    west, south, east, north = base.bounds
    (west, south), (east, north) = to_datum(west, south, datum), to_datum(east, north, datum)
    page = folium.Map(location=[centre_lat, centre_lon], zoom_start=START_ZOOM, tiles=None, control_scale=False,
                      prefer_canvas=True, maxZoom=MAX_ZOOM, minZoom=MIN_ZOOM,  # no tile layer may say it
                      # no zoom animation: a seat's next case must never wait for (or be undone by) one
                      zoomAnimation=False, fadeAnimation=False, markerZoomAnimation=False)
    page.default_js = list(SCRIPTS)
    page.default_css = list(STYLES)

    if tiles.url:
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution or texts["tilesAttribution"],
                         name=texts["layerTiles"], max_zoom=MAX_ZOOM, max_native_zoom=18, overlay=False,
                         control=True).add_to(page)
    city_base = in_datum(base.base, datum)
    areas = [f for f in city_base.get("features", ()) if (f.get("properties") or {}).get("kind") in BASE_FILL]
    roads = [f for f in city_base.get("features", ())
             if (f.get("geometry") or {}).get("type") in LINES and (f.get("properties") or {}).get("kind") != "label"]
    roads.sort(key=lambda f: -int((f.get("properties") or {}).get("rank") or 3))  # main roads drawn last
    offline: folium.FeatureGroup | None = None
    if areas or roads:
        offline = folium.FeatureGroup(name=texts["layerBase"], overlay=False, control=bool(tiles.url),
                                      show=not tiles.url)
        for features, style in ((areas, _base_style), (roads, _rim_style), (roads, _base_style)):
            if features:
                folium.GeoJson({"type": "FeatureCollection", "features": _plain(features)}, style_function=style,
                               interactive=False, control=False).add_to(offline)
        offline.add_to(page)
    grid = folium.GeoJson(
        in_datum(base.grid, datum), name=texts["layerGrid"], style_function=_grid_style, overlay=True,
        tooltip=folium.GeoJsonTooltip(fields=["code", "community", "street"], sticky=True,
                                      aliases=[texts["gridCode"], texts["community"], texts["street"]]))
    grid.add_to(page)
    control = folium.LayerControl(position="topright", collapsed=False)
    control.add_to(page)
    config = {"texts": texts, "colours": colours, "legend": legend, "labels": _labels(city_base),
              "bounds": [[south, west], [north, east]]}
    page.add_child(_Attach(page, grid, offline, control, config))
    return str(page.get_root().render())


def as_script(name: str, *arguments: Any) -> str:
    """`wsmap.name(arg, …)` with the arguments as JSON."""
    return f"wsmap.{name}({', '.join(json.dumps(a, ensure_ascii=False) for a in arguments)})"
