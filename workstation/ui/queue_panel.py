"""The queue panel: state tabs with counts, a channel filter, a text filter and the case table."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.models import Case, CaseState, Channel
from workstation.ui import labels
from workstation.ui.icons import channel_icon
from workstation.ui.queue_model import CASE_ROLE, SORT_ROLE, Column, QueueModel


class Tab(Enum):
    """The seat's work lists: what to accept (and what a collector is verifying), which video-AI
    detections to confirm, what to dispatch, what the departments have in hand (挂账 and 核查 on
    site included), what waits for the centre after the departments' feedback (待核查 for the seat
    to send a 核查, 待结案 for the 值班长), which closed hotline cases wait for their 回访 (satisfaction
    callback), what has ended (已结案 included)."""

    TO_ACCEPT = (CaseState.REPORTED, CaseState.VERIFYING)
    TO_CONFIRM = (CaseState.DETECTED,)  # low-confidence video-AI detections
    TO_DISPATCH = (CaseState.FILED,)
    IN_PROGRESS = (CaseState.DISPATCHED, CaseState.HANDLING, CaseState.SUSPENDED, CaseState.CHECKING)
    TO_CHECK = (CaseState.FED_BACK, CaseState.TO_CLOSE)  # 待核查 / 待结案: the centre's turn again
    TO_REVISIT = ()  # 待回访: not a state but a closed case's flag (`revisit_pending`)
    ENDED = (CaseState.CLOSED, CaseState.NOT_ACCEPTED, CaseState.CANCELLED)

    def holds(self, case: Case) -> bool:
        """Each case is in exactly one list: a closed case waiting for its 回访 under 待回访 only."""
        if case.revisit_pending:
            return self is Tab.TO_REVISIT
        return case.state in self.value


class QueueFilter(QSortFilterProxyModel):
    """Shows the cases of one tab, optionally of one channel, whose text contains the filter text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tab = Tab.TO_ACCEPT
        self._channel: Channel | None = None
        self._text = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_tab(self, tab: Tab) -> None:
        self.beginFilterChange()
        self._tab = tab
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_channel(self, channel: Channel | None) -> None:
        self.beginFilterChange()
        self._channel = channel
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def matches(self, case: Case, tab: Tab) -> bool:
        if not tab.holds(case):
            return False
        if self._channel is not None and case.channel != self._channel:
            return False
        if not self._text:
            return True
        source = self.sourceModel()
        row = source.row_of(case.id) if isinstance(source, QueueModel) else None
        cells = [case.id, case.description]
        if row is not None:
            cells += [str(source.index(row, column).data() or "") for column in Column]
        return any(self._text in cell.casefold() for cell in cells)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        case = self.sourceModel().index(source_row, 0, source_parent).data(CASE_ROLE)
        return isinstance(case, Case) and self.matches(case, self._tab)


class QueuePanel(QWidget):
    """Emits `case_selected` with the case id (or None) when the selection changes."""

    case_selected = Signal(object)

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QueueFilter(self)
        self.proxy.setSourceModel(model)

        self.tabs = QTabBar(self)
        self.tabs.setObjectName("queueTabs")
        for _tab in Tab:
            self.tabs.addTab("")
        self.tabs.currentChanged.connect(self._tab_changed)

        self.channel = QComboBox(self)
        self.channel.setObjectName("channelFilter")
        self.channel.addItem(self.tr("All channels"), None)
        for channel in Channel:
            self.channel.addItem(channel_icon(channel), labels.channel_name(channel), channel)
        self.channel.currentIndexChanged.connect(lambda _: self.proxy.set_channel(self.channel.currentData()))

        self.search = QLineEdit(self)
        self.search.setObjectName("queueSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Filter: case no., address, category, description…"))
        self.search.textChanged.connect(self.proxy.set_text)

        # When the shown case leaves the list (filed, or taken by another seat), keep showing it
        # instead of letting Qt jump to a neighbour, which would open (and claim) a case the seat
        # did not choose. Connected before setModel so it runs before the selection model moves.
        self._current_leaving = False
        self.proxy.rowsAboutToBeRemoved.connect(self._rows_leaving)
        self.proxy.rowsRemoved.connect(self._rows_left)
        self.view = QTableView(self)
        self.view.setObjectName("queueView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(Column.WAITING, Qt.SortOrder.AscendingOrder)  # oldest first
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.ADDRESS, QHeaderView.ResizeMode.Stretch)  # takes what is left
        header.setMinimumSectionSize(40)
        for column, width in {
            Column.ID: 126,
            Column.CHANNEL: 104,
            Column.STATE: 64,
            Column.CATEGORY: 104,
            Column.GRID: 104,
            Column.WAITING: 68,
            Column.TIMER: 92,
            Column.HOLDER: 56,
        }.items():
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        filters = QHBoxLayout()
        filters.addWidget(self.channel)
        filters.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)

        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.update_counts)
        model.dataChanged.connect(self._data_changed)
        self.update_counts()

    @property
    def tab(self) -> Tab:
        return list(Tab)[self.tabs.currentIndex()]

    def select_tab(self, tab: Tab) -> None:
        self.tabs.setCurrentIndex(list(Tab).index(tab))

    def update_counts(self) -> None:
        names = {
            Tab.TO_ACCEPT: self.tr("To accept"),
            Tab.TO_CONFIRM: self.tr("To confirm"),
            Tab.TO_DISPATCH: self.tr("To dispatch"),
            Tab.IN_PROGRESS: self.tr("In progress"),
            Tab.TO_CHECK: self.tr("To check / close"),
            Tab.TO_REVISIT: self.tr("To call back"),
            Tab.ENDED: self.tr("Ended"),
        }
        cases = [self.model.case_at(row) for row in range(self.model.rowCount())]
        for position, tab in enumerate(Tab):
            count = sum(1 for case in cases if case is not None and tab.holds(case))
            self.tabs.setTabText(position, f"{names[tab]} ({count})")

    def current_case(self) -> Case | None:
        case = self.view.currentIndex().data(CASE_ROLE)
        return case if isinstance(case, Case) and self.view.selectionModel().hasSelection() else None

    def select_case(self, case_id: str) -> bool:
        row = self.model.row_of(case_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index)
        return True

    def step(self, delta: int) -> None:
        """Move the selection to the next (+1) or previous (-1) case of the visible list."""
        count = self.proxy.rowCount()
        if count == 0:
            return
        current = self.view.currentIndex().row() if self.view.selectionModel().hasSelection() else -1
        row = min(max(current + delta, 0), count - 1) if current >= 0 else (0 if delta > 0 else count - 1)
        self.view.selectionModel().setCurrentIndex(
            self.proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(self.proxy.index(row, 0))

    def _tab_changed(self, _index: int) -> None:
        self.proxy.set_tab(self.tab)
        self.case_selected.emit(None)
        self.view.clearSelection()

    def _data_changed(self, top_left: QModelIndex, _bottom_right: QModelIndex, roles: list[int] = ()) -> None:  # noqa: B006
        if top_left.column() == 0:  # a case changed (not just the clocks): its state may have moved tabs
            self.update_counts()

    def _rows_leaving(self, _parent: QModelIndex, first: int, last: int) -> None:
        current = self.view.currentIndex()
        self._current_leaving = current.isValid() and first <= current.row() <= last

    def _rows_left(self) -> None:
        if self._current_leaving:
            self.view.selectionModel().clear()
            self._current_leaving = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._current_leaving:
            return
        case = current.data(CASE_ROLE)
        self.case_selected.emit(case.id if isinstance(case, Case) else None)
