"""The attachment viewer (附件查看): a case's photos at full size, and its recordings and videos handed to
the system player.

Photos open fitted to the window; Ctrl+wheel, + and − zoom, 0 fits, 1 shows 100 %, dragging pans, ← and
→ go through the attachments. Loading never blocks: a placeholder shows until the bytes arrive (and
are decoded off the UI thread). Audio, video and anything else is written to a private temporary
folder, removed when the viewer closes, and opened with the system's player. Open it with `open()`.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import re
import shutil
import tempfile
import weakref
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap, QResizeEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workstation.app.session import SessionError
from workstation.domain.models import AttachmentRef
from workstation.ui.actions import make_action

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

# The session's `attachment(id)`: the attachment's bytes.
Loader = Callable[[str], Awaitable[bytes]]
# Extensions for what phones and 城管通 send, where the system's MIME list may not know them.
EXTENSIONS = {
    "audio/amr": ".amr", "audio/mpeg": ".mp3", "audio/mp4": ".m4a", "audio/aac": ".aac", "audio/wav": ".wav",
    "audio/x-wav": ".wav", "audio/ogg": ".ogg", "video/mp4": ".mp4", "video/quicktime": ".mov", "video/3gpp": ".3gp",
    "image/jpeg": ".jpg", "image/png": ".png", "image/heic": ".heic", "image/webp": ".webp",
}
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.05, 16.0


def format_size(size: int) -> str:
    """'820 B', '34 KB', '1.2 MB': how big the attachment is to download."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def show_thumbnail(button: QToolButton, pixmap: QPixmap) -> None:
    """Put a photo on a thumbnail button, scaled to fit (a text-only tool button draws no icon)."""
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    button.setText("")
    size = button.size() - QSize(6, 6)
    button.setIcon(pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
    button.setIconSize(size)


def is_image(attachment: AttachmentRef) -> bool:
    return attachment.content_type.startswith("image/")


def file_name(attachment: AttachmentRef) -> str:
    """A safe local file name that keeps the attachment's name and gives the player the right extension."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", Path(attachment.name).name).strip(" .") or "attachment"
    content_type = attachment.content_type.partition(";")[0].strip().lower()
    extension = EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type)
    if not Path(name).suffix and extension:
        name += extension
    return name


class ImageView(QGraphicsView):
    """A photo that pans by dragging and zooms around the cursor with Ctrl+wheel. `fitted` refits on resize."""

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentImage")
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setBackgroundBrush(Qt.GlobalColor.darkGray)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.fitted = True
        self.scale_factor = 1.0

    def set_image(self, pixmap: QPixmap) -> None:
        self.item.setPixmap(pixmap)
        self.scene().setSceneRect(self.item.boundingRect())
        self.fit()

    def fit_scale(self) -> float:
        """The scale that shows the whole photo; small photos stay at 100 % rather than blur."""
        size = self.item.pixmap().size()
        if size.isEmpty():
            return 1.0
        area = self.viewport().size()
        return min((area.width() - 8) / size.width(), (area.height() - 8) / size.height(), 1.0)

    def fit(self) -> None:
        self.fitted = True
        self._apply(self.fit_scale())

    def set_zoom(self, factor: float, under_mouse: bool = False) -> None:
        self.fitted = False
        anchors = QGraphicsView.ViewportAnchor
        self.setTransformationAnchor(anchors.AnchorUnderMouse if under_mouse else anchors.AnchorViewCenter)
        self._apply(min(MAX_ZOOM, max(MIN_ZOOM, factor)))
        self.setTransformationAnchor(anchors.AnchorViewCenter)

    def _apply(self, factor: float) -> None:
        self.scale_factor = factor
        self.setTransform(QTransform.fromScale(factor, factor))
        self.zoom_changed.emit(factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.scale_factor * ZOOM_STEP**steps, under_mouse=True)
            event.accept()
        else:
            super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self._apply(self.fit_scale())


class AttachmentViewer(QDialog):
    """Shows `attachments` one at a time, starting at `current` (an attachment id), loading with `load`."""

    def __init__(
        self,
        attachments: Sequence[AttachmentRef],
        load: Loader,
        current: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentViewer")
        self.setWindowTitle(self.tr("Attachments"))
        self.resize(960, 720)
        self.attachments = list(attachments)
        self._load = load
        self._data: dict[str, bytes] = {}
        self._images: dict[str, QImage] = {}
        self._errors: dict[str, str] = {}
        self._undecodable: set[str] = set()  # image types Qt cannot show (HEIC…): offered to the system viewer
        self._tasks: dict[str, asyncio.Task[Any]] = {}  # loads in flight, by attachment id
        self._work: set[asyncio.Task[Any]] = set()  # writing files for the player
        self._open_when_loaded: str | None = None
        self._folder: Path | None = None
        self._written: dict[str, Path] = {}
        self.index = 0

        self.name = QLabel(self)
        self.name.setObjectName("attachmentName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.position = QLabel(self)
        self.position.setObjectName("attachmentPosition")
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("attachmentPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #52606d; font-size: 14px;")
        self.image = ImageView(self)
        self.media = self._media_page()
        self.pages = QStackedWidget(self)
        for page in (self.placeholder, self.image, self.media):
            self.pages.addWidget(page)
        self.zoom_level = QLabel(self)
        self.zoom_level.setObjectName("zoomLevel")
        self.zoom_level.setMinimumWidth(56)
        self.zoom_level.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.zoom_changed.connect(self._zoom_changed)

        self.previous_action = make_action(self, self.tr("&Previous"), ("Left", "PgUp"), self.previous)
        self.next_action = make_action(self, self.tr("&Next"), ("Right", "PgDown"), self.next)
        self.zoom_out_action = make_action(self, self.tr("Zoom &out"), ("-", "Ctrl+-"), self.zoom_out)
        self.fit_action = make_action(self, self.tr("&Fit"), ("0", "Ctrl+0"), self.fit)
        self.actual_action = make_action(self, self.tr("&100 %"), ("1",), self.actual_size)
        self.zoom_in_action = make_action(self, self.tr("Zoom &in"), ("+", "=", "Ctrl++", "Ctrl+="), self.zoom_in)
        self.zoom_actions = (self.zoom_out_action, self.fit_action, self.actual_action, self.zoom_in_action)

        header = QHBoxLayout()
        header.addWidget(self.name, 1)
        header.addWidget(self.position)
        bar = QHBoxLayout()
        for action in (self.previous_action, self.next_action, None, *self.zoom_actions):
            if action is None:
                bar.addSpacing(24)
                continue
            self.addAction(action)
            bar.addWidget(self._button(action))
            if action is self.fit_action:
                bar.addWidget(self.zoom_level)
        bar.addStretch(1)
        close = QPushButton(self.tr("Close"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bar)

        self.finished.connect(self._cleanup)
        ids = [attachment.id for attachment in self.attachments]
        self.show_attachment(ids.index(current) if current in ids else 0)

    # --- building ------------------------------------------------------------------------------

    def _button(self, action: Any) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows stay with the viewer, not a focused button
        return button

    def _media_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.media_description = QLabel(page)
        self.media_description.setObjectName("mediaDescription")
        self.media_description.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.media_description.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open in the system player"), page)
        self.open_button.setObjectName("openExternal")
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_external)
        self.external_status = QLabel(page)
        self.external_status.setObjectName("externalStatus")
        self.external_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.external_status.setWordWrap(True)
        self.external_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.media_description)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.external_status)
        layout.addStretch(1)
        return page

    # --- showing -------------------------------------------------------------------------------

    @property
    def attachment(self) -> AttachmentRef:
        return self.attachments[self.index]

    def show_attachment(self, index: int) -> None:
        if not self.attachments:
            self.name.setText(self.tr("This case has no attachments."))
            self._show_page(self.placeholder)
            return
        self.index = max(0, min(index, len(self.attachments) - 1))
        attachment = self.attachment
        self.position.setText(f"{self.index + 1} / {len(self.attachments)}")
        self.previous_action.setEnabled(self.index > 0)
        self.next_action.setEnabled(self.index < len(self.attachments) - 1)
        self._describe()
        if not is_image(attachment) or attachment.id in self._undecodable:
            self.media_description.setText(self._media_text(attachment))
            self.external_status.setText(
                self.tr("This image cannot be shown here.") if attachment.id in self._undecodable else ""
            )
            self._show_page(self.media)
        elif (image := self._images.get(attachment.id)) is not None:
            self.image.set_image(QPixmap.fromImage(image))
            self._show_page(self.image)
            self._prefetch()
        elif (error := self._errors.get(attachment.id)) is not None:
            self.placeholder.setText(error)
            self._show_page(self.placeholder)
        else:
            self.placeholder.setText(self.tr("Loading %1…").replace("%1", attachment.name))
            self._show_page(self.placeholder)
            self._fetch(attachment)

    def _describe(self) -> None:
        attachment = self.attachment
        parts = [attachment.name, format_size(attachment.size)]
        if (image := self._images.get(attachment.id)) is not None:
            parts.append(f"{image.width()} × {image.height()}")
        self.name.setText(" · ".join(parts))

    def _media_text(self, attachment: AttachmentRef) -> str:
        kind = attachment.content_type.partition("/")[0]
        kinds = {"audio": self.tr("Audio recording"), "video": self.tr("Video"), "image": self.tr("Image")}
        template = self.tr("%1: %2 (%3)")  # the translation brings its own punctuation (：and （）)
        values = {"%1": kinds.get(kind, self.tr("File")), "%2": attachment.name, "%3": format_size(attachment.size)}
        return re.sub(r"%[123]", lambda match: values[match.group()], template)

    def _show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        on_image = page is self.image
        for action in self.zoom_actions:
            action.setEnabled(on_image)
        if on_image:
            self.image.setFocus()
            self._zoom_changed(self.image.scale_factor)
        else:
            self.zoom_level.clear()

    def _zoom_changed(self, factor: float) -> None:
        self.zoom_level.setText(f"{round(factor * 100)}%")

    # --- loading -------------------------------------------------------------------------------

    def _fetch(self, attachment: AttachmentRef) -> None:
        if attachment.id in self._tasks or attachment.id in self._data or attachment.id in self._errors:
            return
        task = asyncio.ensure_future(self._read(attachment))
        self._tasks[attachment.id] = task
        task.add_done_callback(lambda done, ref=attachment: self._fetched(ref, done))

    async def _read(self, attachment: AttachmentRef) -> tuple[bytes, QImage | None]:
        data = await self._load(attachment.id)
        image = await asyncio.to_thread(QImage.fromData, data) if is_image(attachment) else None
        return data, image

    def _fetched(self, attachment: AttachmentRef, task: asyncio.Task[tuple[bytes, QImage | None]]) -> None:
        self._tasks.pop(attachment.id, None)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            if not isinstance(error, SessionError):
                log.error("loading attachment %s failed", attachment.id, exc_info=error)
            reason = error.message if isinstance(error, SessionError) else str(error) or type(error).__name__
            self._errors[attachment.id] = (
                self.tr("%1 could not be loaded: %2").replace("%1", attachment.name).replace("%2", reason)
            )
        else:
            data, image = task.result()
            self._data[attachment.id] = data
            if image is not None:
                if image.isNull():
                    self._undecodable.add(attachment.id)
                else:
                    self._images[attachment.id] = image
        if self._open_when_loaded == attachment.id:
            self._open_when_loaded = None
            if attachment.id in self._errors:
                self.external_status.setText(self._errors[attachment.id])
            else:
                self._start_open(attachment)
        if self.attachments and self.attachment.id == attachment.id and is_image(attachment):
            self.show_attachment(self.index)

    def _prefetch(self) -> None:
        """Load the neighbouring photos while the seat looks at this one, so ← and → are instant."""
        for index in (self.index + 1, self.index - 1):
            if 0 <= index < len(self.attachments) and is_image(self.attachments[index]):
                self._fetch(self.attachments[index])

    # --- the seat's commands ------------------------------------------------------------------

    def next(self) -> None:
        if self.index < len(self.attachments) - 1:
            self.show_attachment(self.index + 1)

    def previous(self) -> None:
        if self.index > 0:
            self.show_attachment(self.index - 1)

    def zoom_in(self) -> None:
        self.image.set_zoom(self.image.scale_factor * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.image.set_zoom(self.image.scale_factor / ZOOM_STEP)

    def fit(self) -> None:
        self.image.fit()

    def actual_size(self) -> None:
        self.image.set_zoom(1.0)

    @property
    def zoom(self) -> float:
        """The photo's displayed scale (1.0 = 100 %)."""
        return self.image.scale_factor

    def open_external(self) -> None:
        """Write the attachment to the private folder and hand it to the system's player."""
        attachment = self.attachment
        if attachment.id in self._data:
            self._start_open(attachment)
        else:
            self._open_when_loaded = attachment.id
            self.external_status.setText(self.tr("Loading %1…").replace("%1", attachment.name))
            self._fetch(attachment)

    def _start_open(self, attachment: AttachmentRef) -> None:
        task = asyncio.ensure_future(self._write_and_open(attachment))
        self._work.add(task)
        task.add_done_callback(self._opened)

    async def _write_and_open(self, attachment: AttachmentRef) -> None:
        path = self._written.get(attachment.id)
        if path is None:
            if self._folder is None:
                self._folder = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="workstation-attachments-"))
                weakref.finalize(self, shutil.rmtree, self._folder, True)  # also if the viewer is never closed
            path = self._folder / file_name(attachment)
            if path.exists():
                path = self._folder / f"{len(self._written)}-{path.name}"
            await asyncio.to_thread(path.write_bytes, self._data[attachment.id])
            self._written[attachment.id] = path
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.external_status.setText(self.tr("Opened in the system player."))
        else:
            self.external_status.setText(
                self.tr("No program on this computer plays %1. The file is at %2 until the viewer closes.")
                .replace("%1", attachment.name)
                .replace("%2", str(path))
            )

    def _opened(self, task: asyncio.Task[None]) -> None:
        self._work.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error("opening an attachment failed", exc_info=error)
            self.external_status.setText(self.tr("The file could not be written: %1").replace("%1", str(error)))

    # --- closing -------------------------------------------------------------------------------

    def _cleanup(self, _result: int = 0) -> None:
        """Stop loading and remove the private folder with every file written for the player."""
        for task in [*self._tasks.values(), *self._work]:
            task.cancel()
        self._tasks.clear()
        self._work.clear()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
            self._written.clear()
