"""The map panel (地图) in the seat's window against the real server, QtWebEngine offscreen: F10 opens it;
selecting a case moves the marker without reloading the page (read back from the page); a click while
picking sets the location and fills grid and community into the form; on a case being accepted the
picked point is saved as a correction and the similar-case check runs again, its candidate drawn on
the map; layers switch from Python and from the page's own control; the page asks for nothing outside
the machine (a request interceptor on the profile records every request); a GCJ-02 tile server gets
shifted points and its clicks come back in WGS-84. What the seat sees is read back from the page: markers
filled and clusters coloured by the most urgent timer, a similar case beside the pin, the legend, zoom to
case, the scale bar, the department, a click on a case opening it; a page whose render
process ends is loaded again once."""

from __future__ import annotations

import json
import os
import signal
import uuid
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor
from PySide6.QtWidgets import QLabel

from tests.helpers.reports import report
from tests.ui.conftest import post_intake
from workstation.domain import geo
from workstation.domain.city import City
from workstation.domain.deadline import Light
from workstation.domain.models import CaseState, Channel, GeoPoint
from workstation.domain.workflow import OPEN_STATES
from workstation.ui import map_page
from workstation.ui.map_panel import COLOURS, MapPanel
from workstation.ui.queue_model import timer_light
from workstation.ui.settings import Settings

#: Schemes that never leave the machine: our page's own, Qt's resources, inline data.
LOCAL_SCHEMES = {"wsmap", "qrc", "data", "file", "blob", "about"}
# About 300 m north: far enough for the similar-case check (50 m for 暴露垃圾) to see two problems.
FAR = 0.0027


class Recorder(QWebEngineUrlRequestInterceptor):
    """Every request the map page makes (qutebrowser's interceptor pattern); anything not local is blocked."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt's name
        url = info.requestUrl()
        self.urls.append(url)
        if url.scheme() not in LOCAL_SCHEMES:
            info.block(True)

    def outside(self) -> list[str]:
        return [url.toString() for url in self.urls if url.scheme() not in LOCAL_SCHEMES]


@pytest.fixture
def recorder(qapp):
    profile = map_page.profile()
    recording = Recorder()
    profile.setUrlRequestInterceptor(recording)
    yield recording
    profile.setUrlRequestInterceptor(None)


def evaluate(qtbot, panel: MapPanel, script: str) -> Any:
    answers: list[Any] = []
    panel.evaluate(script, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    return answers[0]


def map_state(qtbot, panel: MapPanel) -> dict[str, Any]:
    return json.loads(evaluate(qtbot, panel, "JSON.stringify(wsmap.state())"))


def open_map(seat, qtbot) -> MapPanel:
    panel = seat.window.map
    assert panel.view is None  # nothing of the web engine before the map is first shown
    with qtbot.waitSignal(panel.ready, timeout=30000):
        qtbot.keyClick(seat.window, Qt.Key.Key_F10)
    assert seat.window.map_dock.isVisible()
    return panel


def pixel(qtbot, panel: MapPanel, lon: float, lat: float) -> QPoint:
    """Where (lon, lat) of the tiles' datum is drawn in the map view."""
    found = json.loads(evaluate(qtbot, panel, f"JSON.stringify(wsmap.pixelOf({lat}, {lon}))"))
    target = panel.view.focusProxy()
    assert 0 < found["x"] < target.width() and 0 < found["y"] < target.height(), found
    return QPoint(round(found["x"]), round(found["y"]))


def click_map(qtbot, panel: MapPanel, lon: float, lat: float) -> None:
    """Click the map where (lon, lat) is drawn, as a seat's mouse does."""
    QTest.mouseClick(panel.view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     pixel(qtbot, panel, lon, lat))


def drag_map(qtbot, panel: MapPanel, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Take the case's marker standing on `start` by its head and drag it to `end`, in small steps."""
    head = QPoint(0, -12)  # the pin stands on its point
    first, last = pixel(qtbot, panel, *start) + head, pixel(qtbot, panel, *end) + head
    target = panel.view.focusProxy()
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, first)
    for step in range(1, 11):
        QTest.mouseMove(target, first + (last - first) * step / 10)
        qtbot.wait(16)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, last)


def located_open_cases(seat) -> list:
    return [case for case in seat.session.store.all()
            if case.state in OPEN_STATES and case.location is not None and case.grid is not None]


def test_selecting_a_case_moves_the_marker_without_reloading_the_page(open_seat, qtbot):
    seat = open_seat()
    panel = open_map(seat, qtbot)
    first = map_state(qtbot, panel)
    cases = located_open_cases(seat)
    assert len(cases) >= 3 and first["cases"] >= 3  # the open cases are on the map, coloured by their timers

    for case in cases[:3]:
        with qtbot.waitSignal(panel.case_moved, timeout=3000, check_params_cb=lambda shown, c=case: shown == c.id):
            seat.window.open_case(case.id)
        state = map_state(qtbot, panel)
        assert state["caseId"] == case.id and state["grid"] == case.grid.code
        assert state["marker"] == pytest.approx({"lat": case.location.lat, "lon": case.location.lon}, abs=1e-6)
        assert state["centre"] == pytest.approx(state["marker"], abs=1e-4)  # the map moved to it
        assert case.grid.community in state["info"] and case.grid.street in state["info"]
        summary = panel.summary.text()
        assert f"单元网格 {case.grid.code}" in summary and case.grid.community in summary
        assert "500 米内" in summary
    video = next(case for case in cases if case.channel is Channel.VIDEO_AI)
    with qtbot.waitSignal(panel.case_moved, timeout=3000, check_params_cb=lambda shown: shown == video.id):
        seat.window.open_case(video.id)
    state = map_state(qtbot, panel)
    assert video.details["camera_id"] in state["things"]  # the camera that saw it, and what else is near
    assert "摄像头 " in panel.summary.toolTip()  # the whole summary; the label cuts its lines to the width
    assert state["loadId"] == first["loadId"] and panel.loads == 1  # JavaScript calls only, no reload
    assert state["collectors"]  # the demo collectors on duty report their positions


def test_a_click_while_picking_fills_the_new_case_with_grid_community_and_address(open_seat, qtbot, city: City):
    seat = open_seat()
    dialog = seat.window.open_intake()
    editor = dialog.form.location
    assert editor.grid is None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = seat.window.map
    qtbot.waitUntil(lambda: panel.is_ready, timeout=30000)
    qtbot.waitUntil(lambda: map_state(qtbot, panel)["picking"], timeout=3000)
    assert "在地图上单击" in map_state(qtbot, panel)["banner"]

    centre = map_state(qtbot, panel)["centre"]
    cell = city.locate(GeoPoint(lon=round(centre["lon"], 6), lat=round(centre["lat"], 6)))
    assert cell is not None
    target = city.grid(cell.code).centre
    click_map(qtbot, panel, target.lon, target.lat)

    qtbot.waitUntil(lambda: editor.grid is not None, timeout=5000)
    assert editor.grid.code == cell.code and editor.grid.community == cell.community
    assert cell.community in editor.grid_label.text() and cell.street in editor.grid_label.text()
    assert editor.address.text()  # the nearest address
    assert geo.distance_m(editor.location.lon, editor.location.lat, target.lon, target.lat) < 10
    assert not map_state(qtbot, panel)["picking"]  # one pick per Ctrl+Shift+D
    state = dialog.form.state()
    assert state["grid"]["code"] == cell.code  # in the draft too

    # a second Ctrl+Shift+D, and the seat drags the marker two cells east to correct it
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: map_state(qtbot, panel)["draggable"], timeout=3000)
    east = city.locate(GeoPoint(lon=round(target.lon + 0.0055, 6), lat=target.lat))
    assert east is not None and east.code != cell.code
    drag_map(qtbot, panel, (target.lon, target.lat), (target.lon + 0.0055, target.lat))
    qtbot.waitUntil(lambda: editor.grid.code == east.code, timeout=5000)
    assert east.community in editor.grid_label.text()


def test_picking_an_existing_case_saves_the_correction_and_the_similar_check_runs_again(open_seat, qtbot, server,
                                                                                       city: City):
    seat = open_seat()
    window, view = seat.window, seat.window.case_view
    marker = uuid.uuid4().hex[:6]
    collector = city.collectors[15]
    centre = city.grid(collector.grid_codes[0]).centre
    original = post_intake(server, report(
        "collector", f"路边有一堆生活垃圾无人清理（{marker}）", category_id="SJ0110", location=centre.model_dump(),
        details={"collector_id": collector.id}), account="channel-collector")
    misplaced = post_intake(server, report(
        "hotline", f"市民来电：路边垃圾堆了好几天没人收（{marker}）", category_id="SJ0110",
        location={"lon": centre.lon, "lat": round(centre.lat + FAR, 6)}))
    original_id, case_id = str(original["id"]), str(misplaced["id"])
    qtbot.waitUntil(lambda: seat.session.store.get(case_id) is not None, timeout=5000)
    panel = open_map(seat, qtbot)
    with qtbot.waitSignal(panel.case_moved, timeout=5000, check_params_cb=lambda shown: shown == case_id):
        window.open_case(case_id)
    qtbot.waitUntil(lambda: "您已认领此案卷" in view.lease_banner.text(), timeout=5000)
    assert not map_state(qtbot, panel)["similar"]  # 300 m apart: not the same problem

    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: map_state(qtbot, panel)["draggable"], timeout=3000)  # the marker can be dragged now
    assert "保存为位置更正" in map_state(qtbot, panel)["banner"]
    click_map(qtbot, panel, centre.lon, centre.lat)  # where the original is: the caller misplaced it

    qtbot.waitUntil(lambda: seat.session.store.get(case_id).location is not None and geo.distance_m(
        seat.session.store.get(case_id).location.lon, seat.session.store.get(case_id).location.lat,
        centre.lon, centre.lat) < 10, timeout=10000)  # saved on the server as a correction
    assert "已保存" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: original_id in map_state(qtbot, panel)["similar"], timeout=10000)
    case = seat.session.store.get(case_id)
    assert case.similar is not None and case.similar.warn and case.state is CaseState.REPORTED
    assert view.similar.isVisibleTo(window)
    assert map_state(qtbot, panel)["marker"] == pytest.approx({"lat": case.location.lat, "lon": case.location.lon},
                                                              abs=1e-6)


def test_layers_switch_from_the_window_and_from_the_page_and_the_distance_is_measured(open_seat, qtbot):
    seat = open_seat()
    panel = open_map(seat, qtbot)
    assert map_state(qtbot, panel)["layers"] == {"grid": True, "cases": True, "collectors": True, "things": True,
                                                 "heat": False}
    panel.set_layer("heat", True)
    qtbot.waitUntil(lambda: map_state(qtbot, panel)["heatCells"] > 0, timeout=5000)  # cases of the last 7 days
    panel.set_layer("grid", False)
    assert map_state(qtbot, panel)["layers"]["grid"] is False

    names = evaluate(qtbot, panel, "JSON.stringify(Array.from(document.querySelectorAll("
                                   "'.leaflet-control-layers-overlays label')).map(l => l.textContent.trim()))")
    assert json.loads(names) == ["单元网格", "未结案卷", "采集员", "摄像头和设备", "近7天案卷"]
    evaluate(qtbot, panel, "document.querySelectorAll('.leaflet-control-layers-overlays input')[1].click(); true")
    qtbot.waitUntil(lambda: panel.layers["cases"] is False, timeout=3000)  # the page told the window

    evaluate(qtbot, panel, "wsmap.measure(true)")
    centre = map_state(qtbot, panel)["centre"]
    click_map(qtbot, panel, centre["lon"], centre["lat"])
    click_map(qtbot, panel, centre["lon"] + 0.002, centre["lat"])
    qtbot.waitUntil(lambda: map_state(qtbot, panel)["measured"] > 0, timeout=3000)
    measured = map_state(qtbot, panel)
    expected = geo.distance_m(centre["lon"], centre["lat"], centre["lon"] + 0.002, centre["lat"])
    assert measured["measured"] == pytest.approx(expected, rel=0.03)
    assert "测距" in measured["banner"] and "米" in measured["banner"]


def test_the_page_loads_nothing_from_outside(open_seat, qtbot, recorder):
    seat = open_seat()
    panel = open_map(seat, qtbot)
    cases = located_open_cases(seat)
    for case in cases[:2]:
        with qtbot.waitSignal(panel.case_moved, timeout=3000):
            seat.window.open_case(case.id)
    panel.set_layer("heat", True)
    qtbot.waitUntil(lambda: map_state(qtbot, panel)["heatCells"] > 0, timeout=5000)
    evaluate(qtbot, panel, "wsmap.zoomToCase()")
    qtbot.wait(300)  # let marker images and anything lazy be asked for

    requested = [url.toString() for url in recorder.urls]
    assert any(url.endswith("/leaflet/leaflet.js") for url in requested), requested  # the recorder sees them
    assert any(url.endswith("/markercluster/leaflet.markercluster.js") for url in requested)
    assert "qrc:///qtwebchannel/qwebchannel.js" in requested
    assert recorder.outside() == []


def test_a_gcj02_tile_server_gets_shifted_points_and_its_clicks_come_back_in_wgs84(open_seat, qtbot, tmp_path,
                                                                                   recorder, city: City):
    settings = Settings(tmp_path / "seat01.ini")  # the file the seat below opens with
    settings.map_tile_url = "http://tiles.city.example/vec/{z}/{x}/{y}.png"
    settings.map_tile_datum = geo.Datum.GCJ02
    seat = open_seat()
    panel = open_map(seat, qtbot)
    case = located_open_cases(seat)[0]
    with qtbot.waitSignal(panel.case_moved, timeout=3000):
        seat.window.open_case(case.id)
    lon, lat = geo.wgs84_to_gcj02(case.location.lon, case.location.lat)
    assert map_state(qtbot, panel)["marker"] == pytest.approx({"lat": lat, "lon": lon}, abs=1e-6)
    qtbot.waitUntil(lambda: any(url.host() == "tiles.city.example" for url in recorder.urls), timeout=5000)
    assert {url.host() for url in recorder.urls if url.scheme() not in LOCAL_SCHEMES} == {"tiles.city.example"}

    dialog = seat.window.open_intake()  # a new case, picked beside the case shown (whose marker stays)
    seat.window.map.pick(dialog.form.location)
    qtbot.waitUntil(lambda: map_state(qtbot, panel)["picking"], timeout=3000)
    target = GeoPoint(lon=round(case.location.lon + 0.0015, 6), lat=round(case.location.lat - 0.0008, 6))
    click_map(qtbot, panel, *geo.wgs84_to_gcj02(target.lon, target.lat))
    qtbot.waitUntil(lambda: dialog.form.location.location is not None, timeout=5000)
    picked = dialog.form.location.location
    assert geo.distance_m(picked.lon, picked.lat, target.lon, target.lat) < 10  # not 500 m off
    assert dialog.form.location.grid == city.locate(target)
    state = map_state(qtbot, panel)
    assert state["marker"] == pytest.approx({"lat": lat, "lon": lon}, abs=1e-6) and not state["picking"]


def test_f1_lists_the_map_keys(open_seat, qtbot):
    seat = open_seat()
    qtbot.keyClick(seat.window, Qt.Key.Key_F1)
    qtbot.waitUntil(seat.window.help.isVisible)
    texts = [label.text() for label in seat.window.help.findChildren(QLabel)]
    for text in ("地图", "F10", "在地图上选点", "Ctrl+Shift+D", "地图定位到案卷", "Ctrl+F10"):
        assert text in texts, text
    assert seat.window.map.view is None  # the help did not start the web engine


def open_on_map(seat, qtbot, panel: MapPanel, case_id: str) -> dict[str, Any]:
    with qtbot.waitSignal(panel.case_moved, timeout=5000, check_params_cb=lambda shown: shown == case_id):
        seat.window.open_case(case_id)
    return map_state(qtbot, panel)


def test_clusters_take_the_colour_of_their_most_urgent_case_and_markers_are_filled(open_seat, qtbot):
    seat = open_seat()
    panel = open_map(seat, qtbot)
    now = seat.session.server_now()
    lights = {case.id: (timer_light(case, now, seat.session.calendar) or Light.GREEN).value
              for case in located_open_cases(seat)}
    styles = map_state(qtbot, panel)["caseStyles"]
    for case_id, style in styles.items():  # each marker filled in its queue light's colour, with a deep rim
        assert style == {"light": lights[case_id], "fill": COLOURS[lights[case_id]],
                         "rim": COLOURS[lights[case_id] + "Rim"], "opacity": 1}
    assert "#1f4e79" not in {style["fill"] for style in styles.values()}  # the selected case's pin colour

    centre = map_state(qtbot, panel)["centre"]
    evaluate(qtbot, panel, f"wsmap.setView({centre['lat']}, {centre['lon']}, 12)")
    clusters = map_state(qtbot, panel)["clusters"]
    assert clusters
    urgency = ["green", "yellow", "red"]
    for cluster in clusters:
        worst = max((lights[case_id] for case_id in cluster["ids"]), key=urgency.index)
        assert cluster["light"] == worst and cluster["count"] == len(cluster["ids"])
        red, green, blue = QColor(COLOURS[worst]).getRgb()[:3]
        assert cluster["colour"] == f"rgb({red}, {green}, {blue})"  # the bubble the seat sees
    assert any(len({lights[case_id] for case_id in cluster["ids"]}) > 1 for cluster in clusters)  # mixed ones


def test_a_similar_case_a_few_metres_off_shows_beside_the_pin_with_its_line(open_seat, qtbot, server, city: City):
    seat = open_seat()
    marker = uuid.uuid4().hex[:6]
    collector = city.collectors[12]
    centre = city.grid(collector.grid_codes[0]).centre
    original = post_intake(server, report(
        "collector", f"人行道上有一堆建筑垃圾（{marker}）", category_id="SJ0110", location=centre.model_dump(),
        details={"collector_id": collector.id}), account="channel-collector")
    repeated = post_intake(server, report(
        "hotline", f"市民来电：人行道上堆着建筑垃圾（{marker}）", category_id="SJ0110",
        location={"lon": round(centre.lon + 0.00002, 6), "lat": round(centre.lat + 0.00002, 6)}))  # ~3 m away
    original_id, case_id = str(original["id"]), str(repeated["id"])
    qtbot.waitUntil(lambda: seat.session.store.get(case_id) is not None, timeout=5000)
    panel = open_map(seat, qtbot)
    open_on_map(seat, qtbot, panel, case_id)
    qtbot.waitUntil(lambda: original_id in map_state(qtbot, panel)["similar"], timeout=10000)

    shown = map_state(qtbot, panel)["similarShown"]
    pin = shown["pin"]
    size = panel.view.focusProxy().size()
    in_view = [badge for badge in shown["badges"] if badge["box"]["left"] >= 0 and badge["box"]["top"] >= 0
               and badge["box"]["right"] <= size.width() and badge["box"]["bottom"] <= size.height()]
    assert original_id in [badge["id"] for badge in in_view]
    for badge in in_view:  # each candidate beside the pin, not under it, and nothing covers it
        box = badge["box"]
        assert badge["text"] == "似" and badge["onTop"], badge
        assert box["left"] >= pin["right"] or box["right"] <= pin["left"] or box["top"] >= pin["bottom"] \
            or box["bottom"] <= pin["top"], (box, pin)
    badge = next(badge["box"] for badge in shown["badges"] if badge["id"] == original_id)
    assert badge["left"] - pin["right"] < 10 or pin["left"] - badge["right"] < 10  # close by
    assert shown["lines"] == len(shown["badges"]) and shown["linesAbovePins"]


def test_the_legend_unfolds_and_names_the_colours_and_letters(open_seat, qtbot):
    seat = open_seat()
    panel = open_map(seat, qtbot)
    legend = map_state(qtbot, panel)["legend"]
    assert legend["folded"] and legend["title"] == panel.tr("Legend")  # out of the way until asked for
    evaluate(qtbot, panel, "document.querySelector('.wsmap-legend-title').click(); true")
    legend = map_state(qtbot, panel)["legend"]
    assert not legend["folded"]
    assert [row["label"] for row in legend["rows"]] == [row["label"] for row in panel._legend()]  # from tr()
    marks = {row["mark"] for row in legend["rows"]}
    assert {"采", "摄", "井", "水", "箱", "似"} <= marks
    assert "摄像头" in [row["label"] for row in legend["rows"]]


def test_zoom_to_case_scale_bar_department_and_a_click_on_a_case_opens_it(open_seat, qtbot, city: City):
    seat = open_seat()
    panel = open_map(seat, qtbot)
    assert "米" in map_state(qtbot, panel)["scale"] or "公里" in map_state(qtbot, panel)["scale"]
    cases = located_open_cases(seat)
    shown = next(case for case in cases if case.suggested_department_id)
    state = open_on_map(seat, qtbot, panel, shown.id)
    category = seat.session.catalogue.category(shown.category_id)
    department_id, _rule = city.suggest_department(category, shown.grid)
    assert f"责任部门：{city.department(department_id).name}" in state["info"]  # the grid's, for the 小类
    assert city.department(department_id).name in panel.summary.toolTip()  # the whole summary

    evaluate(qtbot, panel, f"wsmap.setView({shown.location.lat + 0.01}, {shown.location.lon + 0.01}, 15)")
    assert map_state(qtbot, panel)["centre"] != pytest.approx(state["marker"], abs=1e-3)  # the seat panned away
    qtbot.keyClick(seat.window, Qt.Key.Key_F10, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: map_state(qtbot, panel)["centre"] == pytest.approx(state["marker"], abs=1e-5),
                    timeout=3000)
    assert map_state(qtbot, panel)["zoom"] >= 17

    def alone(case) -> bool:  # no other marker within 30 m to take the click
        points = [c.location for c in cases if c.id != case.id] + [c.location for c in panel.collectors if c.location]
        return all(geo.distance_m(case.location.lon, case.location.lat, p.lon, p.lat) > 30 for p in points)

    other = next(case for case in cases if case.id != shown.id and alone(case))
    evaluate(qtbot, panel, f"wsmap.setView({other.location.lat}, {other.location.lon}, 18)")
    with qtbot.waitSignal(panel.open_case_requested, timeout=3000, check_params_cb=lambda case_id: case_id == other.id):
        click_map(qtbot, panel, other.location.lon, other.location.lat)
    qtbot.waitUntil(lambda: seat.window.case_view.case_id == other.id, timeout=5000)  # that case opens


def test_a_map_whose_render_process_ends_is_loaded_again_once(open_seat, qtbot):
    seat = open_seat()
    panel = open_map(seat, qtbot)
    case = located_open_cases(seat)[0]
    open_on_map(seat, qtbot, panel, case.id)
    with qtbot.waitSignal(panel.ready, timeout=30000), qtbot.waitSignal(panel.message, timeout=5000) as said:
        os.kill(panel.view.page().renderProcessPid(), signal.SIGKILL)
    assert said.args == [panel.tr("The map stopped and is being loaded again.")]
    assert seat.window.statusBar().currentMessage() == said.args[0]
    state = map_state(qtbot, panel)
    assert state["caseId"] == case.id and state["centre"] == pytest.approx(state["marker"], abs=1e-4)
    assert panel.loads == 2 and panel.view.isVisible()

    with qtbot.waitSignal(panel.message, timeout=5000) as said:
        os.kill(panel.view.page().renderProcessPid(), signal.SIGKILL)
    assert panel.placeholder.isVisible() and panel.placeholder.text() == said.args[0]  # calm words, no loop
