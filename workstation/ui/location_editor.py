"""定位 (locating a case): search by address, crossing, community, grid code or coordinates, or pick the
point on the map; the chosen place resolves to 区 → 街道 → 社区 → 单元网格 and shows its 非采集区域 flags."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workstation.app.session import Session
from workstation.domain.models import ControlFlag, GeoPoint, GridRef, Place, PlaceList
from workstation.ui.operation import Operations

#: Wait this long after the last key before asking the server (typing stays smooth).
SEARCH_DELAY_MS = 250
#: The key that arms picking the point on the map (the case view's action and the intake form's).
PICK_KEY = "Ctrl+Shift+D"


def grid_path(grid: GridRef | None) -> str:
    return f"{grid.district} › {grid.street} › {grid.community} › {grid.code}" if grid else ""


class LocationEditor(QWidget):
    """Where the case is. `changed` fires when the seat picks a place or edits the address;
    `pick_requested` when the seat wants to pick the point on the map (the window's map answers)."""

    changed = Signal()
    pick_requested = Signal()

    def __init__(self, session: Session, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.operations = operations
        self.location: GeoPoint | None = None
        self.grid: GridRef | None = None
        self.flags: tuple[ControlFlag, ...] = ()
        self.editable = True

        self.search = QLineEdit(self)
        self.search.setObjectName("locationSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Find: address, crossing, community, grid code or lon, lat"))
        self.search.textEdited.connect(self._typed)
        self.search.installEventFilter(self)
        self.results = QListWidget(self)
        self.results.setObjectName("locationResults")
        self.results.setMaximumHeight(150)
        self.results.hide()
        self.results.itemActivated.connect(self._picked)
        self.results.itemClicked.connect(self._picked)
        self.results.installEventFilter(self)
        self.map_button = QToolButton(self)
        self.map_button.setObjectName("pickOnMap")
        self.map_button.setText(self.tr("Pick on the map"))
        self.map_button.setToolTip(self.tr("Click the map or drag the case's marker to set the location (%1)")
                                   .replace("%1", PICK_KEY))
        self.map_button.clicked.connect(self.request_pick)
        self.address = QLineEdit(self)
        self.address.setObjectName("caseAddress")
        self.address.textEdited.connect(lambda _text: self.changed.emit())
        self.grid_label = QLabel(self)
        self.grid_label.setObjectName("caseGrid")
        self.grid_label.setWordWrap(True)
        self.coordinates = QLabel(self)
        self.coordinates.setObjectName("caseCoordinates")
        self.coordinates.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        find_row = QHBoxLayout()
        find_row.addWidget(self.search, 1)
        find_row.addWidget(self.map_button)
        form.addRow(self.tr("Find"), find_row)
        form.addRow("", self.results)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Grid"), self.grid_label)
        form.addRow(self.tr("Coordinates"), self.coordinates)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._ask)
        self._render()

    # --- showing -----------------------------------------------------------------------------------

    def set_place(self, location: GeoPoint | None, grid: GridRef | None, address: str,
                  flags: tuple[ControlFlag, ...] = ()) -> None:
        """Show a case's place (no `changed`)."""
        self.location, self.grid, self.flags = location, grid, flags
        self.address.setText(address)
        self.search.clear()
        self.results.hide()
        self._render()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.search.setVisible(editable)
        self.map_button.setVisible(editable)
        self.address.setReadOnly(not editable)
        if not editable:
            self.results.hide()

    def _render(self) -> None:
        self.grid_label.setText(grid_path(self.grid) or self.tr("Outside the grid: locate the case before filing"))
        point = self.location
        self.coordinates.setText(f"{point.lon:.6f}, {point.lat:.6f}" if point else "")

    def request_pick(self) -> None:
        """Ask the window's map for a point (only while the place may be changed)."""
        if self.editable:
            self.pick_requested.emit()

    # --- searching ---------------------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def _ask(self) -> None:
        query = self.search.text().strip()
        if not query:
            self.results.hide()
            return
        self.operations.run(self.session.places(query), self._found, key=f"places-{id(self)}", quiet=True)

    def _found(self, found: PlaceList) -> None:
        if found.query != self.search.text().strip():
            return  # the seat typed on meanwhile
        self.results.clear()
        for place in found.places:
            item = QListWidgetItem(("⚠ " if place.flags else "") + place.label)
            item.setData(Qt.ItemDataRole.UserRole, place)
            if place.flags:
                item.setToolTip("\n".join(flag.message for flag in place.flags))
            self.results.addItem(item)
        if not found.places:
            item = QListWidgetItem(self.tr("No place found: try a road and door number, a community or a grid code"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self.results.setCurrentRow(0)
        self.results.show()

    def _picked(self, item: QListWidgetItem) -> None:
        place = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(place, Place):
            self.choose(place)

    def choose(self, place: Place) -> None:
        """Take a place (from the result list, or from the map later) as the case's location."""
        self.location, self.grid, self.flags = place.point, place.grid, place.flags
        self.address.setText(place.address)
        self.search.clear()
        self.results.hide()
        self._render()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down from the search line enters the results; Enter picks; Esc closes the list."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.search and self.results.isVisible():
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():  # Enter before the answer came: ask now
                    self._timer.stop()
                    self._ask()
                elif (item := self.results.currentItem()) is not None:
                    self._picked(item)
                return True
            if key == Qt.Key.Key_Escape:
                self.results.hide()
                return True
        elif watched is self.search and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.search.text().strip():
            self._timer.stop()
            self._ask()
            return True
        if watched is self.results and key == Qt.Key.Key_Escape:
            self.results.hide()
            self.search.setFocus()
            return True
        return False
