"""The similar-case section of the case view (相似案卷): the candidates the server's check found, this
case and the chosen candidate side by side, and the seat's decision; and the 关联上报 (linked reports)
merged into a case, so a seat taking a caller's follow-up sees who else reported it.

The candidates' details (photos, description, reporter …) are fetched through the session when a
candidate is chosen, never on the UI thread; photos are thumbnails that open the attachment viewer.
The case view owns the actions (合并, 不是重复); this widget shows and chooses.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.app.session import Session, SessionError
from workstation.domain.models import AttachmentRef, Case, SimilarCase
from workstation.domain.workflow import OPEN_STATES
from workstation.ui import labels
from workstation.ui.attachment_viewer import AttachmentViewer, show_thumbnail
from workstation.ui.icons import channel_icon
from workstation.ui.operation import Operations

translate = QCoreApplication.translate

# Thumbnails in the comparison are smaller than the form's: two cases share the width.
THUMB_SIZE = (96, 72)
# At most this many photos of one case in the comparison; the viewer shows them all.
THUMBS_SHOWN = 4
# Rows of the comparison, top to bottom: what the seat compares to decide.
ROWS = ("case", "channel", "reporter", "reported", "address", "distance", "state", "description", "photos")
WARN_STYLE = "background: #e8eef7; border-left: 3px solid #4a6fa5; padding: 4px;"
CALM_STYLE = "background: #f3f5f7; border-left: 3px solid #9aa5b1; padding: 4px;"


def _cell(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseColumn:
    """One side of the comparison: a case's facts in the grid's column `column`, with its photos."""

    def __init__(self, panel: SimilarPanel, grid: QGridLayout, column: int, side: str) -> None:
        self.panel = panel
        parent = grid.parentWidget()
        self.cells = {key: _cell(parent, f"{side}_{key}") for key in ROWS if key not in ("channel", "photos")}
        self.cells["case"].setStyleSheet("font-weight: 600;")
        self.channel_icon = QLabel(parent)
        self.channel = _cell(parent, f"{side}_channel")
        channel_row = QHBoxLayout()
        channel_row.setSpacing(4)
        channel_row.addWidget(self.channel_icon)
        channel_row.addWidget(self.channel, 1)
        self.photos = QHBoxLayout()
        self.photos.setSpacing(4)
        self.photos.addStretch(1)
        for row, key in enumerate(ROWS):
            if key == "channel":
                grid.addLayout(channel_row, row, column)
            elif key == "photos":
                grid.addLayout(self.photos, row, column, Qt.AlignmentFlag.AlignTop)
            else:
                grid.addWidget(self.cells[key], row, column)
        self.case: Case | None = None

    def text(self, key: str) -> str:
        return self.channel.text() if key == "channel" else self.cells[key].text()

    def show(self, heading: str, case: Case | None, candidate: SimilarCase | None = None,
             failed: str = "") -> None:
        """`case` in full (None while it loads, or when it could not be loaded: `failed` says why)."""
        self.case = case
        self.cells["case"].setText(heading)
        if candidate is not None:
            self.cells["distance"].setText(
                translate("SimilarPanel", "%1 away, reported %2")
                .replace("%1", labels.format_distance(candidate.distance_m))
                .replace("%2", labels.format_hours_before(candidate.hours_before)))
        else:
            self.cells["distance"].clear()
        if case is None:
            self.channel_icon.clear()
            self.channel.clear()
            for key in ("reporter", "reported", "address", "description"):
                self.cells[key].clear()
            self.cells["description"].setText(failed or translate("SimilarPanel", "Loading…"))
            self.cells["state"].setText(labels.state_name(candidate.state) if candidate else "")
            self._photos(())
            return
        self.channel_icon.setPixmap(channel_icon(case.channel).pixmap(16))
        self.channel.setText(labels.channel_name(case.channel))
        reporter = " ".join(part for part in (case.reporter.name, case.reporter.phone) if part)
        self.cells["reporter"].setText(reporter or "—")
        self.cells["reported"].setText(self.panel.time(case.reported_at))
        self.cells["address"].setText(case.address or "—")
        self.cells["state"].setText(labels.case_state_name(case))
        self.cells["description"].setText(case.description)
        self._photos(case.attachments)

    def _photos(self, attachments: tuple[AttachmentRef, ...]) -> None:
        while self.photos.count() > 1:
            item = self.photos.takeAt(0)
            if (widget := item.widget()) is not None:
                self.panel.forget_thumb(widget)
                widget.deleteLater()
        photos = [a for a in attachments if a.content_type.startswith("image/")]
        parent = self.photos.parentWidget()
        for attachment in photos[:THUMBS_SHOWN]:
            thumb = QToolButton(parent)
            thumb.setObjectName("similarPhoto")
            thumb.setFixedSize(*THUMB_SIZE)
            thumb.setToolTip(attachment.name)
            thumb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            thumb.clicked.connect(lambda _checked=False, a=attachment: self.panel.open_photo(self.case, a))
            self.photos.insertWidget(self.photos.count() - 1, thumb)
            self.panel.thumb(thumb, attachment)
        if not photos:
            none = QLabel(translate("SimilarPanel", "No photos"), parent)
            none.setStyleSheet("color: #7b8794;")
            self.photos.insertWidget(0, none)
        elif len(photos) > THUMBS_SHOWN:
            more = QLabel(f"+{len(photos) - THUMBS_SHOWN}", parent)
            self.photos.insertWidget(self.photos.count() - 1, more)


class SimilarPanel(QGroupBox):
    """相似案卷 of one case. `shown` carries the candidates' ids (for the map) whenever they change;
    `candidate_changed` fires when the seat chooses another candidate or its details arrive."""

    shown = Signal(list)
    candidate_changed = Signal()

    def __init__(self, session: Session, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Similar cases"), parent)
        self.setObjectName("similarPanel")
        self.session = session
        self.operations = operations
        self._zone = ZoneInfo(session.reference.timezone)
        self.case: Case | None = None
        self._loaded: dict[str, Case] = {}  # candidates fetched with GET /cases/{id}
        self._pixmaps: dict[str, QPixmap] = {}  # thumbnails by attachment id
        self._thumbs: dict[str, list[QToolButton]] = {}  # buttons waiting for (or showing) a thumbnail
        self._requested_cases: set[str] = set()
        self._failed: dict[str, str] = {}  # candidates that could not be loaded, and why
        self._requested_photos: set[str] = set()
        self._announced: tuple[str | None, tuple[str, ...]] | None = None
        self.viewer: AttachmentViewer | None = None

        self.summary = _cell(self, "similarSummary")
        self.decision = _cell(self, "similarDecision")
        self.decision.setStyleSheet("font-weight: 600; color: #2f4d7a;")
        self.candidates = QTreeWidget(self)
        self.candidates.setObjectName("similarCandidates")
        self.candidates.setHeaderLabels([self.tr("Case no."), self.tr("Similarity"), self.tr("State"),
                                         self.tr("Why")])
        self.candidates.setRootIsDecorated(False)
        self.candidates.setUniformRowHeights(True)
        self.candidates.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.candidates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.candidates.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.candidates.currentItemChanged.connect(lambda *_: self._candidate_chosen())

        self.comparison = QFrame(self)
        self.comparison.setObjectName("similarComparison")
        self.comparison.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self.comparison)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        names = {
            "case": "", "channel": self.tr("Channel"), "reporter": self.tr("Reporter"),
            "reported": self.tr("Reported"), "address": self.tr("Address"), "distance": self.tr("Apart"),
            "state": self.tr("State"), "description": self.tr("Description"), "photos": self.tr("Photos"),
        }
        for row, key in enumerate(ROWS):
            name = QLabel(names[key], self.comparison)
            name.setStyleSheet("color: #52606d;")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(name, row, 0)
        self.this = CaseColumn(self, grid, 1, "similarThis")
        self.other = CaseColumn(self, grid, 2, "similarOther")

        self.actions = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.decision)
        layout.addWidget(self.candidates)
        layout.addWidget(self.comparison)
        layout.addLayout(self.actions)
        self.hide()

    # --- what is shown ---------------------------------------------------------------------------

    def time(self, moment: datetime) -> str:
        return moment.astimezone(self._zone).strftime("%m-%d %H:%M")

    def show_case(self, case: Case | None) -> None:
        """Show `case`'s candidates (hidden when it has none), keeping the chosen candidate if it is still listed."""
        previous = self.selected()
        same_case = case is not None and self.case is not None and case.id == self.case.id
        self.case = case
        check = case.similar if case is not None else None
        candidates = check.candidates if check is not None else ()
        self._announce(case, candidates)
        self.setVisible(bool(candidates))
        if case is None or check is None or not candidates:
            self.candidates.clear()
            return
        self.setTitle(self.tr("Similar cases (%1)").replace("%1", str(len(candidates))))
        best = candidates[0]
        if check.warn and check.decision is not None:
            self.summary.setText(self.tr("The check took it for the same problem as %1 (%2 similar).")
                                 .replace("%1", best.case_id).replace("%2", f"{round(best.score * 100)}%"))
            self.summary.setStyleSheet(CALM_STYLE)
        elif check.warn:
            self.summary.setText(
                self.tr("Probably the same problem as %1 (%2 similar). Compare them, then merge, mark it "
                        "not a duplicate, or file it anyway (F2).")
                .replace("%1", best.case_id).replace("%2", f"{round(best.score * 100)}%"))
            self.summary.setStyleSheet(WARN_STYLE)
        else:
            self.summary.setText(self.tr("Similar earlier cases, not close enough to warn."))
            self.summary.setStyleSheet(CALM_STYLE)
        decided = check.decision is not None
        self.decision.setVisible(decided)
        if check.decision is not None:
            self.decision.setText(
                self.tr("Decided: %1 (%2)").replace("%1", labels.decision_name(check.decision))
                .replace("%2", check.decided_by or "—"))
        self.candidates.blockSignals(True)
        self.candidates.clear()
        for candidate in candidates:
            item = QTreeWidgetItem([candidate.case_id, f"{round(candidate.score * 100)}%",
                                    self._state_text(candidate), candidate.explanation])
            item.setData(0, Qt.ItemDataRole.UserRole, candidate.case_id)
            item.setToolTip(3, candidate.explanation)
            self.candidates.addTopLevelItem(item)
        ids = [candidate.case_id for candidate in candidates]
        keep = previous.case_id if same_case and previous is not None and previous.case_id in ids else ids[0]
        self.candidates.setCurrentItem(self.candidates.topLevelItem(ids.index(keep)))
        self.candidates.blockSignals(False)
        rows = len(candidates)
        row_height = self.candidates.sizeHintForRow(0) or 22
        self.candidates.setFixedHeight(self.candidates.header().sizeHint().height() + rows * row_height + 6)
        for case_id in ids:  # all of them: the list shows their state now, and 合并 needs the target open
            if case_id not in self._requested_cases:
                self._requested_cases.add(case_id)
                self.operations.run(self._fetch(case_id), self._loaded_detail, quiet=True)
        self._candidate_chosen()

    def _state_text(self, candidate: SimilarCase) -> str:
        case = self.candidate_case(candidate.case_id)
        return labels.case_state_name(case) if case is not None else labels.state_name(candidate.state)

    def _announce(self, case: Case | None, candidates: tuple[SimilarCase, ...]) -> None:
        shown = (case.id if case else None, tuple(candidate.case_id for candidate in candidates))
        if shown != self._announced:
            self._announced = shown
            self.shown.emit(list(shown[1]))

    def selected(self) -> SimilarCase | None:
        """The candidate the seat is comparing with."""
        check = self.case.similar if self.case is not None else None
        item = self.candidates.currentItem()
        if check is None or item is None:
            return None
        chosen = item.data(0, Qt.ItemDataRole.UserRole)
        return next((candidate for candidate in check.candidates if candidate.case_id == chosen), None)

    def select(self, case_id: str) -> bool:
        """Choose the candidate `case_id` (or the one whose number ends in it, as the seat types it)."""
        for row in range(self.candidates.topLevelItemCount()):
            item = self.candidates.topLevelItem(row)
            if item.text(0) == case_id or item.text(0).endswith(case_id):
                self.candidates.setCurrentItem(item)
                return True
        return False

    def candidate_ids(self) -> list[str]:
        check = self.case.similar if self.case is not None else None
        return [candidate.case_id for candidate in check.candidates] if check is not None else []

    def candidate_case(self, case_id: str) -> Case | None:
        """The candidate as last seen: from the live store or from its loaded details, whichever is newer."""
        known = [case for case in (self.session.store.get(case_id), self._loaded.get(case_id)) if case is not None]
        return max(known, key=lambda case: case.version) if known else None

    def target_open(self) -> bool:
        """Is the chosen candidate an open case (one this case can be merged into)?"""
        candidate = self.selected()
        if candidate is None or self.case is None or candidate.case_id == self.case.id:
            return False
        case = self.candidate_case(candidate.case_id)
        return case is not None and case.state in OPEN_STATES and not case.duplicate_of

    def _candidate_chosen(self) -> None:
        case, candidate = self.case, self.selected()
        if case is None:
            return
        self.this.show(self.tr("This case %1").replace("%1", case.id), case)
        if candidate is None:
            self.other.show("", None)
        else:
            other = self.candidate_case(candidate.case_id)
            self.other.show(self.tr("Similar case %1").replace("%1", candidate.case_id), other, candidate,
                            self._failed.get(candidate.case_id, ""))
        self.candidate_changed.emit()

    async def _fetch(self, case_id: str) -> tuple[str, Case | None, str]:
        """A candidate's details; a refusal (or no connection) is shown in its column, not as a box."""
        try:
            return case_id, (await self.session.case_detail(case_id)).case, ""
        except SessionError as error:
            return case_id, None, error.message

    def _loaded_detail(self, loaded: tuple[str, Case | None, str]) -> None:
        case_id, case, failure = loaded
        if case is None:
            self._failed[case_id] = self.tr("Could not load the case: %1").replace("%1", failure)
            self._requested_cases.discard(case_id)  # tried again when the seat opens the case again
        else:
            self._failed.pop(case_id, None)
            self._loaded[case_id] = case
        self.candidate_updated(case_id)

    def candidate_updated(self, case_id: str) -> None:
        """A candidate changed (its details arrived, or it moved on): refresh its row and the comparison."""
        for row in range(self.candidates.topLevelItemCount()):
            item = self.candidates.topLevelItem(row)
            if item.text(0) == case_id and (candidate := self._candidate(case_id)) is not None:
                item.setText(2, self._state_text(candidate))
        selected = self.selected()
        if selected is not None and selected.case_id == case_id:
            self._candidate_chosen()

    def _candidate(self, case_id: str) -> SimilarCase | None:
        check = self.case.similar if self.case is not None else None
        return next((c for c in check.candidates if c.case_id == case_id), None) if check is not None else None

    def forget_candidates(self) -> None:
        """Load the candidates' details afresh next time (the seat opened another case)."""
        self._requested_cases.clear()
        self._loaded.clear()
        self._failed.clear()

    # --- photos ----------------------------------------------------------------------------------

    def thumb(self, button: QToolButton, attachment: AttachmentRef) -> None:
        """Show `attachment`'s thumbnail on `button`, loading it once."""
        self._thumbs.setdefault(attachment.id, []).append(button)
        if (pixmap := self._pixmaps.get(attachment.id)) is not None:
            show_thumbnail(button, pixmap)
            return
        button.setText(self.tr("Loading…"))
        if attachment.id not in self._requested_photos:
            self._requested_photos.add(attachment.id)
            self.operations.run(self.session.attachment(attachment.id),
                                lambda data, ref=attachment: self._photo_loaded(ref, data), quiet=True)

    def forget_thumb(self, button: QWidget) -> None:
        for buttons in self._thumbs.values():
            if button in buttons:
                buttons.remove(button)

    def _photo_loaded(self, attachment: AttachmentRef, data: bytes) -> None:
        pixmap = QPixmap()
        readable = pixmap.loadFromData(data)
        if readable:
            self._pixmaps[attachment.id] = pixmap
        for button in self._thumbs.get(attachment.id, []):
            if readable:
                show_thumbnail(button, pixmap)
            else:
                button.setText(self.tr("Unreadable image"))

    def open_photo(self, case: Case | None, attachment: AttachmentRef) -> None:
        if case is None:
            return
        self.viewer = AttachmentViewer(case.attachments, self.session.attachment, attachment.id, self)
        self.viewer.open()


class LinkedReports(QGroupBox):
    """关联上报: the reports merged into this case as its duplicates, with who reported them and when."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Linked reports"), parent)
        self.setObjectName("linkedReports")
        self._zone = ZoneInfo(session.reference.timezone)
        self.list = QTreeWidget(self)
        self.list.setObjectName("linkedReportList")
        self.list.setHeaderLabels([self.tr("Reported"), self.tr("Channel"), self.tr("Reporter"), self.tr("Phone"),
                                   self.tr("Report"), self.tr("Merged by")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        header = self.list.header()
        for column in (0, 1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        QVBoxLayout(self).addWidget(self.list)
        self.hide()

    def show_case(self, case: Case | None) -> None:
        linked = case.linked if case is not None else ()
        self.setVisible(bool(linked))
        self.list.clear()
        if not linked:
            return
        self.setTitle(self.tr("Linked reports (%1)").replace("%1", str(len(linked))))
        for report in linked:
            merged = report.merged_at.astimezone(self._zone).strftime("%m-%d %H:%M")
            item = QTreeWidgetItem([
                report.reported_at.astimezone(self._zone).strftime("%m-%d %H:%M"),
                labels.channel_name(report.channel), report.reporter.name or "—", report.reporter.phone or "—",
                report.summary, report.merged_by,
            ])
            item.setIcon(1, channel_icon(report.channel))
            item.setToolTip(4, self.tr("%1, merged at %2: %3").replace("%1", report.case_id)
                            .replace("%2", merged).replace("%3", report.summary))
            self.list.addTopLevelItem(item)
        row_height = self.list.sizeHintForRow(0) or 22
        self.list.setFixedHeight(self.list.header().sizeHint().height() + min(len(linked), 6) * row_height + 6)
