"""The attachment viewer as the seat uses it: a photo loads without blocking and opens fitted, zooms and
pans, ← → go through the attachments, and a recording is handed to the system player from a private
folder that is gone once the viewer closes."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QObject, QPoint, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolButton

from workstation.app.session import SessionError
from workstation.domain.models import AttachmentRef
from workstation.ui.attachment_viewer import AttachmentViewer, format_size

AUDIO = b"#!AMR\n" + bytes(range(256)) * 40


def png(width: int, height: int, colour: str) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


class Attachments:
    """What the session's `attachment(id)` returns, from memory; `hold()` keeps loads waiting like a slow line."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.asked: list[str] = []
        self.gate = asyncio.Event()
        self.gate.set()

    def hold(self) -> None:
        self.gate.clear()

    def release(self) -> None:
        self.gate.set()

    async def load(self, attachment_id: str) -> bytes:
        self.asked.append(attachment_id)
        await self.gate.wait()
        if attachment_id not in self.files:
            raise SessionError("附件不存在或已删除")
        return self.files[attachment_id]


class Player(QObject):
    """Stands in for the desktop's player through Qt's own URL handler mechanism."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def play(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def files() -> dict[str, bytes]:
    return {"road": png(2400, 1800, "#8a6d3b"), "bin": png(1600, 1200, "#2e8b57"), "call": AUDIO}


@pytest.fixture
def refs(files) -> list[AttachmentRef]:
    return [
        AttachmentRef(id="road", name="路面破损.png", content_type="image/png", size=len(files["road"])),
        AttachmentRef(id="bin", name="垃圾桶满溢.png", content_type="image/png", size=len(files["bin"])),
        AttachmentRef(id="call", name="市民来电录音", content_type="audio/amr", size=len(files["call"])),
    ]


@pytest.fixture
def open_viewer(qtbot, loop):
    viewers: list[AttachmentViewer] = []

    def open_(refs: list[AttachmentRef], store: Attachments, current: str | None = None) -> AttachmentViewer:
        viewer = AttachmentViewer(refs, store.load, current)
        qtbot.addWidget(viewer)
        viewer.open()
        qtbot.waitExposed(viewer)
        viewer.activateWindow()
        qtbot.waitActive(viewer)
        viewers.append(viewer)
        return viewer

    yield open_
    for viewer in viewers:
        viewer.reject()


def shown_photo(qtbot, viewer: AttachmentViewer) -> None:
    qtbot.waitUntil(lambda: viewer.pages.currentWidget() is viewer.image, timeout=3000)


def test_a_photo_shows_a_placeholder_while_loading_then_opens_fitted(qtbot, open_viewer, refs, files):
    store = Attachments(files)
    store.hold()
    viewer = open_viewer(refs, store, current="bin")

    assert viewer.pages.currentWidget() is viewer.placeholder  # the window is there at once
    assert "垃圾桶满溢.png" in viewer.placeholder.text()
    assert viewer.name.text().startswith(f"垃圾桶满溢.png · {format_size(len(files['bin']))}")
    assert viewer.position.text() == "2 / 3"

    store.release()
    shown_photo(qtbot, viewer)
    assert "1600 × 1200" in viewer.name.text()
    assert 0.2 < viewer.zoom < 1  # the whole photo is in view
    assert viewer.image.transform().m11() == pytest.approx(viewer.zoom)
    assert viewer.zoom_level.text() == f"{round(viewer.zoom * 100)}%"


def test_keys_and_ctrl_wheel_change_the_displayed_scale(qtbot, open_viewer, refs, files):
    viewer = open_viewer(refs, Attachments(files))
    shown_photo(qtbot, viewer)
    fitted = viewer.zoom

    qtbot.keyClick(viewer.image, Qt.Key.Key_1)
    assert viewer.zoom == 1.0 and viewer.zoom_level.text() == "100%"
    assert viewer.image.transform().m11() == 1.0
    qtbot.keyClick(viewer.image, Qt.Key.Key_Plus)
    assert viewer.zoom_level.text() == "125%"
    qtbot.keyClick(viewer.image, Qt.Key.Key_Minus)
    qtbot.keyClick(viewer.image, Qt.Key.Key_Minus)
    assert viewer.zoom_level.text() == "80%"
    qtbot.keyClick(viewer.image, Qt.Key.Key_0)
    assert viewer.zoom == pytest.approx(fitted)

    viewport = viewer.image.viewport()
    centre = QPointF(viewport.rect().center())
    wheel = QWheelEvent(
        centre, QPointF(viewport.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert viewer.zoom == pytest.approx(fitted * 1.25)
    assert viewer.image.transform().m11() == pytest.approx(fitted * 1.25)


def test_dragging_pans_the_enlarged_photo(qtbot, open_viewer, refs, files):
    viewer = open_viewer(refs, Attachments(files))
    shown_photo(qtbot, viewer)
    qtbot.keyClick(viewer.image, Qt.Key.Key_1)
    bars = viewer.image.horizontalScrollBar(), viewer.image.verticalScrollBar()
    before = [bar.value() for bar in bars]

    viewport = viewer.image.viewport()
    start = QPointF(viewport.rect().center())
    end = start - QPointF(200, 150)

    def mouse(kind, at: QPointF, buttons) -> None:
        event = QMouseEvent(
            kind, at, QPointF(viewport.mapToGlobal(at.toPoint())), Qt.MouseButton.LeftButton, buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)

    mouse(QMouseEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    for step in range(1, 6):
        mouse(QMouseEvent.Type.MouseMove, start + (end - start) * step / 5, Qt.MouseButton.LeftButton)
    mouse(QMouseEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)

    after = [bar.value() for bar in bars]
    assert after[0] == pytest.approx(before[0] + 200, abs=2)
    assert after[1] == pytest.approx(before[1] + 150, abs=2)


def test_arrows_and_buttons_go_through_the_attachments(qtbot, open_viewer, refs, files):
    viewer = open_viewer(refs, Attachments(files))
    shown_photo(qtbot, viewer)
    assert not viewer.previous_action.isEnabled()

    qtbot.keyClick(viewer.image, Qt.Key.Key_Right)
    assert viewer.name.text().startswith("垃圾桶满溢.png")
    qtbot.waitUntil(lambda: "1600 × 1200" in viewer.name.text())  # loaded ahead while the first was shown

    next_button = next(b for b in viewer.findChildren(QToolButton) if b.defaultAction() is viewer.next_action)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert viewer.position.text() == "3 / 3"
    assert viewer.pages.currentWidget() is viewer.media
    assert "市民来电录音" in viewer.media_description.text()
    assert not viewer.next_action.isEnabled() and not viewer.zoom_in_action.isEnabled()

    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    assert viewer.position.text() == "1 / 3"
    assert viewer.pages.currentWidget() is viewer.image


def test_a_recording_opens_in_the_system_player_from_a_private_folder_removed_on_close(
    qtbot, open_viewer, refs, files
):
    player = Player()
    QDesktopServices.setUrlHandler("file", player, "play")
    try:
        store = Attachments(files)
        viewer = open_viewer(refs, store, current="call")
        assert viewer.pages.currentWidget() is viewer.media
        qtbot.mouseClick(viewer.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(player.urls), timeout=3000)
    finally:
        QDesktopServices.unsetUrlHandler("file")

    path = Path(player.urls[0].toLocalFile())
    assert path.read_bytes() == AUDIO
    assert path.name == "市民来电录音.amr"  # the player knows the format by the extension
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700  # only this seat's account can read it
    assert viewer.external_status.text()

    viewer.reject()
    qtbot.waitUntil(lambda: not path.parent.exists())


@pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") != "offscreen", reason="a desktop may have a player")
def test_without_a_player_the_seat_is_told_calmly_where_the_file_is(qtbot, open_viewer, refs, files):
    viewer = open_viewer(refs, Attachments(files), current="call")
    qtbot.mouseClick(viewer.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "市民来电录音.amr" in viewer.external_status.text(), timeout=3000)
    assert viewer.isVisible()
    written = next(Path(part) for part in viewer.external_status.text().split() if part.endswith(".amr"))
    assert written.read_bytes() == AUDIO


def test_a_failed_load_is_shown_in_the_viewer(qtbot, open_viewer, refs, files):
    del files["bin"]
    viewer = open_viewer(refs, Attachments(files), current="bin")
    qtbot.waitUntil(lambda: "附件不存在或已删除" in viewer.placeholder.text(), timeout=3000)
    assert viewer.pages.currentWidget() is viewer.placeholder
    qtbot.keyClick(viewer, Qt.Key.Key_Left)  # the other photos still open
    shown_photo(qtbot, viewer)
