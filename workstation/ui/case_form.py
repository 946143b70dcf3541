"""The intake / acceptance form (受理表单): one form for every channel.

It shows a case as the seat accepts it — channel and the channel's own fields, reporter,
description, place, urgency, 分类 (部件/事件 → 大类 → 小类 → 立案条件) and attachments — and lets the
seat correct what may be corrected. For a new case (a hotline call, a leader's instruction …) the
same form is filled from scratch. Its `state()` is what the drafts keep; `changes()` is what the
filing carries to the server. The rows of a channel's own fields come from that channel's model
(`domain.channels.DETAILS`), so there is one form, not one per channel.
"""

from __future__ import annotations

import asyncio
import base64
import mimetypes
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import NoneType, UnionType
from typing import Any, Literal, Union, get_args, get_origin
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workstation.app.session import Session
from workstation.domain import channels, controls
from workstation.domain.models import (
    AttachmentRef,
    AttachmentUpload,
    Case,
    CaseEdit,
    Channel,
    ControlFlag,
    GeoPoint,
    GridRef,
    IntakeReport,
    Reporter,
)
from workstation.ui import labels
from workstation.ui.attachment_viewer import AttachmentViewer, show_thumbnail
from workstation.ui.category_picker import CategoryPicker
from workstation.ui.location_editor import LocationEditor
from workstation.ui.operation import Operations

#: The place flags a new location replaces (the others follow from the reporter or the category).
PLACE_FLAGS = frozenset({controls.OUTSIDE_COLLECTION_AREA})
THUMB_SIZE = (112, 84)


def _plain_type(annotation: Any) -> tuple[Any, bool]:
    """(the type without None, whether None is allowed)."""
    if get_origin(annotation) in (Union, UnionType):
        args = [arg for arg in get_args(annotation) if arg is not NoneType]
        return (args[0] if len(args) == 1 else str), True
    return annotation, False


class DetailField:
    """One of a channel's own fields as an editable widget (check box, choice or text)."""

    def __init__(self, key: str, annotation: Any, parent: QWidget, on_change: Callable[[], None],
                 choices: tuple[str, ...] = ()) -> None:
        self.key = key
        self.kind, self.optional = _plain_type(annotation)
        if choices:
            self.kind = Literal[choices]  # a list the server keeps (e.g. the public platforms)
        self.widget: QWidget
        if self.kind is bool:
            box = QCheckBox(parent)
            box.toggled.connect(on_change)
            self.widget = box
        elif get_origin(self.kind) is Literal:
            combo = QComboBox(parent)
            combo.addItems([str(choice) for choice in get_args(self.kind)])
            combo.currentIndexChanged.connect(on_change)
            self.widget = combo
        else:
            line = QLineEdit(parent)
            if self.kind is datetime:
                line.setPlaceholderText("2026-11-30 18:00")
            elif self.kind is date:
                line.setPlaceholderText("2026-11-30")
            line.textEdited.connect(on_change)
            self.widget = line
        self.widget.setObjectName(f"detail_{key}")

    def value(self) -> Any:
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        text = widget.text().strip() if isinstance(widget, QLineEdit) else ""
        if not text and self.optional:
            return None
        if self.kind in (int, float):
            try:
                return self.kind(text)
            except ValueError:
                return text  # the server names the field
        return text

    def set_value(self, value: Any) -> None:
        widget = self.widget
        widget.blockSignals(True)
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findText(str(value)), 0) if value is not None else 0)
        elif isinstance(widget, QLineEdit):
            text = "" if value is None else str(value)
            if self.kind is datetime:
                text = text.replace("T", " ")[:16]  # "2026-11-30 18:00", as the seat types it
            widget.setText(text)
        widget.blockSignals(False)


class CaseForm(QWidget):
    """See the module docstring. `changed` fires on every edit by the seat (not when a case is shown)."""

    changed = Signal()

    def __init__(self, session: Session, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseForm")
        self.session = session
        self.operations = operations
        self._zone = ZoneInfo(session.reference.timezone)
        self.case: Case | None = None
        self.channel: Channel = Channel.HOTLINE
        self.editable = False
        self.new = False
        self.new_files: list[Path] = []
        self._details: dict[str, DetailField] = {}
        self._loading = False
        self.viewer: AttachmentViewer | None = None

        self.channel_picker = QComboBox(self)
        self.channel_picker.setObjectName("channelPicker")
        for channel in labels.SEAT_CHANNELS:
            self.channel_picker.addItem(labels.channel_name(channel), channel)
        self.channel_picker.currentIndexChanged.connect(self._channel_picked)
        self.channel_label = QLabel(self)
        self.channel_label.setObjectName("caseChannel")
        self.details_box = QWidget(self)
        self.details_form = QFormLayout(self.details_box)
        self.details_form.setContentsMargins(0, 0, 0, 0)
        self.details_text = QLabel(self)
        self.details_text.setObjectName("caseChannelDetails")
        self.details_text.setWordWrap(True)
        self.reporter_name = QLineEdit(self)
        self.reporter_name.setObjectName("reporterName")
        self.reporter_name.setPlaceholderText(self.tr("Name"))
        self.reporter_phone = QLineEdit(self)
        self.reporter_phone.setObjectName("reporterPhone")
        self.reporter_phone.setPlaceholderText(self.tr("Phone"))
        self.reported_at = QLabel(self)
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("caseDescription")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(72)
        self.urgent = QCheckBox(self.tr("Urgent"), self)
        self.urgent.setObjectName("caseUrgent")
        self.location = LocationEditor(session, operations, self)
        self.category = CategoryPicker(session.catalogue, self)
        self.category.setObjectName("categoryPicker")
        self.flags_label = QLabel(self)
        self.flags_label.setObjectName("caseFlags")
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet("background: #fdf0d5; border-left: 3px solid #d98e04; padding: 4px;")
        self.flags_label.hide()
        self.errors = QLabel(self)
        self.errors.setObjectName("formErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b3261e;")
        self.errors.hide()
        self.photos = QHBoxLayout()
        self.photos.addStretch(1)
        self.add_files = QPushButton(self.tr("Add photo, audio or video…"), self)
        self.add_files.setObjectName("addAttachment")
        self.add_files.clicked.connect(self._choose_files)

        for signal in (self.reporter_name.textEdited, self.reporter_phone.textEdited,
                       self.description.textChanged, self.urgent.toggled, self.location.changed):
            signal.connect(self._edited)
        self.category.chosen.connect(lambda *_: self._edited())

        report_box = QGroupBox(self.tr("Report"), self)
        report = QFormLayout(report_box)
        self._report_form = report
        channel_row = QHBoxLayout()
        channel_row.addWidget(self.channel_picker)
        channel_row.addWidget(self.channel_label, 1)
        report.addRow(self.tr("Channel"), channel_row)
        report.addRow(self.tr("Channel details"), self.details_text)
        report.addRow(self.details_box)
        reporter_row = QHBoxLayout()
        reporter_row.addWidget(self.reporter_name, 2)
        reporter_row.addWidget(self.reporter_phone, 3)
        reporter_row.addWidget(self.reported_at, 3)
        report.addRow(self.tr("Reporter"), reporter_row)
        report.addRow(self.tr("Description"), self.description)
        report.addRow("", self.urgent)
        report.addRow(self.tr("Attachments"), self.photos)
        report.addRow("", self.add_files)
        place_box = QGroupBox(self.tr("Location"), self)
        QVBoxLayout(place_box).addWidget(self.location)
        filing_box = QGroupBox(self.tr("Classification"), self)
        QVBoxLayout(filing_box).addWidget(self.category)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.errors, self.flags_label, report_box, place_box, filing_box):
            layout.addWidget(widget)
        self.show_case(None, editable=False)

    # --- an existing case --------------------------------------------------------------------------

    def show_case(self, case: Case | None, editable: bool) -> None:
        """Show `case` as the server has it (unsaved corrections are restored with `restore`)."""
        self._loading = True
        self.case, self.new, self.editable = case, False, editable and case is not None
        self.new_files = []
        self.channel_picker.hide()
        self.add_files.hide()
        self.errors.hide()
        if case is None:
            for line in (self.reporter_name, self.reporter_phone):
                line.clear()
            self.description.clear()
            self.urgent.setChecked(False)
            self.channel_label.clear()
            self.details_text.clear()
            self.reported_at.clear()
            self.location.set_place(None, None, "")
            self.category.set_selection(None, None)
            self._build_details(None)
        else:
            self.channel = case.channel
            self.channel_label.setText(labels.channel_name(case.channel))
            reported = case.reported_at.astimezone(self._zone).strftime("%m-%d %H:%M:%S")
            self.reported_at.setText(self.tr("reported at %1").replace("%1", reported))
            self.reporter_name.setText(case.reporter.name)
            self.reporter_phone.setText(case.reporter.phone)
            self.description.setPlainText(case.description)
            self.urgent.setChecked(case.urgent)
            self.location.set_place(case.location, case.grid, case.address, case.flags)
            self.category.set_selection(case.category_id, case.condition_id)
            self._build_details(case)
        self._render_photos(case.attachments if case else ())
        self._apply_editable()
        self._loading = False
        self._render_flags()

    def _apply_editable(self) -> None:
        editable = self.editable or self.new
        for line in (self.reporter_name, self.reporter_phone):
            line.setReadOnly(not editable or self.channel in (Channel.COLLECTOR, Channel.IOT, Channel.VIDEO_AI))
        self.description.setReadOnly(not editable)
        self.urgent.setEnabled(editable)
        self.location.set_editable(editable)
        self.category.setEnabled(editable)

    def _build_details(self, case: Case | None) -> None:
        """Editable rows for a seat-registered channel's own fields; plain text for the others."""
        while self.details_form.rowCount():
            self.details_form.removeRow(0)
        self._details = {}
        entered_by_seat = self.channel in labels.SEAT_CHANNELS and (self.new or self.editable)
        values = dict(case.details) if case is not None else {}
        self.details_text.setText(labels.channel_details(values, self._zone) if not entered_by_seat else "")
        self._report_form.setRowVisible(self.details_text, bool(self.details_text.text()))
        if entered_by_seat:
            model = channels.DETAILS[self.channel]
            for key, info in model.model_fields.items():
                choices = self.session.reference.field_choices.get(f"{self.channel.value}.{key}", ())
                field = DetailField(key, info.annotation, self.details_box, self._edited, choices)
                if key in values:
                    field.set_value(values[key])
                elif info.default is not None and not info.is_required():
                    field.set_value(info.default)
                self._details[key] = field
                self.details_form.addRow(labels.detail_name(key), field.widget)
        self.details_box.setVisible(bool(self._details))

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self._render_flags()
        self.changed.emit()

    # --- what the seat changed ----------------------------------------------------------------------

    def _details_values(self) -> dict[str, Any]:
        return {key: field.value() for key, field in self._details.items()}

    def changes(self) -> CaseEdit | None:
        """What differs from the shown case (None when nothing does)."""
        case = self.case
        if case is None or not self.editable:
            return None
        values: dict[str, Any] = {}
        description = self.description.toPlainText().strip()
        if description != case.description:
            values["description"] = description
        if self.urgent.isChecked() != case.urgent:
            values["urgent"] = self.urgent.isChecked()
        if self.location.location != case.location and self.location.location is not None:
            values["location"] = self.location.location
        if self.location.address.text().strip() != case.address:
            values["address"] = self.location.address.text().strip()
        category_id, condition_id = self.category.selection()
        if condition_id and (category_id, condition_id) != (case.category_id, case.condition_id):
            values |= {"category_id": category_id, "condition_id": condition_id}
        reporter = self._reporter()
        if (reporter.name, reporter.phone) != (case.reporter.name, case.reporter.phone):
            values["reporter"] = reporter.model_copy(update={"collector_id": case.reporter.collector_id})
        details = {key: value for key, value in self._details_values().items() if case.details.get(key) != value}
        if details:
            values["details"] = details
        return CaseEdit(**values) if values else None

    def _reporter(self) -> Reporter:
        return Reporter(name=self.reporter_name.text().strip(), phone=self.reporter_phone.text().strip())

    def selection(self) -> tuple[str | None, str | None]:
        return self.category.selection()

    # --- flags ----------------------------------------------------------------------------------------

    def current_flags(self) -> tuple[ControlFlag, ...]:
        """The 管控 flags as the case would be now: the place's flags of a newly chosen location, the
        filing-hours flag of the chosen category, the rest as the server said."""
        kept = self.case.flags if self.case is not None else ()
        place = tuple(self.location.flags)
        moment = self.case.reported_at if self.case is not None else self.session.server_now()
        window = controls.window_flag(self.session.reference.filing_windows, self.category.selection()[0], moment,
                                      self._zone, self.session.catalogue)
        others = [flag for flag in kept if flag.code not in PLACE_FLAGS and flag.code != controls.OUTSIDE_TIME_WINDOW]
        return place + tuple(others) + ((window,) if window is not None else ())

    def _render_flags(self) -> None:
        flags = self.current_flags() if (self.case is not None or self.new) else ()
        self.flags_label.setVisible(bool(flags))
        self.flags_label.setText("<br>".join(f"⚠ {flag.message}" for flag in flags))

    # --- a new case ------------------------------------------------------------------------------------

    def start_new(self, channel: Channel = Channel.HOTLINE, state: dict[str, Any] | None = None) -> None:
        """An empty form for a case the seat registers (or the draft `state` restored)."""
        self.show_case(None, editable=False)
        self._loading = True
        self.new = True
        self.channel_picker.show()
        self.add_files.show()
        self.channel_picker.setCurrentIndex(max(self.channel_picker.findData(channel), 0))
        self.channel = channel
        self.channel_label.clear()
        self._build_details(None)
        self._apply_editable()
        self._loading = False
        if state is not None:
            self.restore(state)
        self._render_flags()

    def _channel_picked(self) -> None:
        data = self.channel_picker.currentData()
        if not self.new or data is None or Channel(data) == self.channel:
            return
        channel = Channel(data)
        kept = self._details_values()
        self.channel = channel
        self._build_details(None)
        for key, value in kept.items():  # fields the channels share keep what was typed
            if key in self._details:
                self._details[key].set_value(value)
        self._apply_editable()
        self._edited()

    def set_caller(self, phone: str, line: str, call_id: str) -> None:
        """Fill in what the switchboard knows about a ringing call."""
        self._loading = True
        self.reporter_phone.setText(phone)
        for key, value in (("hotline", line), ("call_id", call_id)):
            if key in self._details:
                self._details[key].set_value(value)
        self._loading = False
        self.changed.emit()

    async def report(self) -> IntakeReport:
        """The new case as the intake API takes it (attachments read off the UI thread)."""
        uploads = []
        for path in self.new_files:
            data = await asyncio.to_thread(path.read_bytes)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            uploads.append(AttachmentUpload(name=path.name, content_type=kind,
                                            data_base64=base64.b64encode(data).decode()))
        category_id, condition_id = self.category.selection()
        return IntakeReport.model_construct(
            channel=self.channel, reported_at=None, description=self.description.toPlainText().strip(),
            address=self.location.address.text().strip(), location=self.location.location,
            grid_code=self.location.grid.code if self.location.grid and not self.location.location else None,
            reporter=self._reporter(), urgent=self.urgent.isChecked(), category_id=category_id,
            condition_id=condition_id, attachments=tuple(uploads), details=self._details_values())

    def add_file(self, path: Path) -> None:
        """Attach a file to the new case (a photo, a recording or a video)."""
        self.new_files.append(path)
        self._render_new_files()
        self._edited()

    def _choose_files(self) -> None:
        dialog = QFileDialog(self, self.tr("Attach files"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(
            self.tr("Photos, audio and video (*.png *.jpg *.jpeg *.mp3 *.m4a *.wav *.amr *.mp4 *.mov)"))
        dialog.filesSelected.connect(lambda files: [self.add_file(Path(file)) for file in files])
        dialog.open()

    def _render_new_files(self) -> None:
        self._clear_photos()
        for path in self.new_files:
            chip = QLabel(path.name, self)
            chip.setObjectName("newAttachment")
            self.photos.insertWidget(self.photos.count() - 1, chip)
        self._report_form.setRowVisible(self.photos, bool(self.new_files))

    # --- drafts ----------------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Everything the seat typed, as JSON (for the drafts)."""
        location = self.location.location
        return {
            "channel": self.channel.value,
            "description": self.description.toPlainText(),
            "reporter": {"name": self.reporter_name.text(), "phone": self.reporter_phone.text()},
            "urgent": self.urgent.isChecked(),
            "address": self.location.address.text(),
            "location": location.model_dump() if location else None,
            "grid": self.location.grid.model_dump() if self.location.grid else None,
            "place_flags": [flag.model_dump() for flag in self.location.flags],
            "category": list(self.category.selection()),
            "details": {key: _jsonable(value) for key, value in self._details_values().items()},
            "files": [str(path) for path in self.new_files],
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Put a draft's `state` back into the form (no `changed`)."""
        self._loading = True
        if self.new and state.get("channel"):
            channel = Channel(state["channel"])
            self.channel_picker.setCurrentIndex(max(self.channel_picker.findData(channel), 0))
            self.channel = channel
            self._build_details(None)
        self.description.setPlainText(state.get("description", ""))
        reporter = state.get("reporter") or {}
        self.reporter_name.setText(reporter.get("name", ""))
        self.reporter_phone.setText(reporter.get("phone", ""))
        self.urgent.setChecked(bool(state.get("urgent")))
        location = GeoPoint(**state["location"]) if state.get("location") else None
        grid = GridRef(**state["grid"]) if state.get("grid") else None
        flags = tuple(ControlFlag(**flag) for flag in state.get("place_flags", ()))
        self.location.set_place(location, grid, state.get("address", ""), flags)
        category_id, condition_id = (state.get("category") or [None, None])[:2]
        self.category.set_selection(category_id, condition_id)
        for key, value in (state.get("details") or {}).items():
            if key in self._details:
                self._details[key].set_value(value)
        if self.new:
            self.new_files = [Path(path) for path in state.get("files", ())]
            self._render_new_files()
        self._loading = False
        self._render_flags()

    # --- errors from the server ---------------------------------------------------------------------

    def show_errors(self, fields: dict[str, str]) -> None:
        """Mark the fields the server refused and list them in words at the top of the form."""
        lines = []
        for path, message in fields.items():
            key = path.removeprefix("body.").removeprefix("changes.")
            lines.append(f"{self._field_name(key)}：{message}")
        self.errors.setText("\n".join(lines))
        self.errors.setVisible(bool(lines))

    def _field_name(self, key: str) -> str:
        names = {"description": self.tr("Description"), "reporter.phone": self.tr("Reporter's phone"),
                 "reporter.name": self.tr("Reporter"), "location": self.tr("Location"),
                 "address": self.tr("Address"), "grid_code": self.tr("Grid"),
                 "category_id": self.tr("Category"), "condition_id": self.tr("Filing condition"),
                 "attachments": self.tr("Attachments")}
        if key.startswith("details."):
            return labels.detail_name(key.split(".")[1])
        return names.get(key, names.get(key.split(".")[0], key))

    # --- attachments ---------------------------------------------------------------------------------

    def _clear_photos(self) -> None:
        while self.photos.count() > 1:
            item = self.photos.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def _render_photos(self, attachments: tuple[AttachmentRef, ...]) -> None:
        self._clear_photos()
        self._report_form.setRowVisible(self.photos, bool(attachments))
        for attachment in attachments:
            thumb = QToolButton(self)
            thumb.setObjectName("casePhoto")
            thumb.setFixedSize(*THUMB_SIZE)
            thumb.setToolTip(attachment.name)
            thumb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            thumb.clicked.connect(lambda _checked=False, a=attachment: self.open_attachment(a))
            self.photos.insertWidget(self.photos.count() - 1, thumb)
            if attachment.content_type.startswith("image/"):
                thumb.setText(self.tr("Loading…"))
                self.operations.run(self.session.attachment(attachment.id),
                                    lambda data, button=thumb: self._photo_loaded(button, data), quiet=True)
            else:
                kind = self.tr("Audio") if attachment.content_type.startswith("audio/") else self.tr("Video")
                thumb.setText(f"▶ {kind}\n{attachment.name}")

    def _photo_loaded(self, button: QToolButton, data: bytes) -> None:
        if not isValid(button):  # the seat went on to another case while the photo loaded
            return
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            show_thumbnail(button, pixmap)
        else:
            button.setText(self.tr("Unreadable image"))

    def open_attachment(self, attachment: AttachmentRef) -> None:
        """The viewer: photos zoomable, audio and video opened in the system's player."""
        if self.case is None:
            return
        self.viewer = AttachmentViewer(self.case.attachments, self.session.attachment, attachment.id, self)
        self.viewer.open()


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value

