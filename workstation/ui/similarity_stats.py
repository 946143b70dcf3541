"""相似案卷统计 (similar-case statistics) for the 值班长 (shift leader): how many reports the check looked
at, how often it warned, and what the seats decided, in total and per seat. Fetched afresh each time
the view opens (and with F5 while it is open); never blocks the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.app.session import Session
from workstation.domain.models import SimilarityStats
from workstation.ui.operation import Operations
from workstation.ui.stats_window import StatsWindow

# The per-seat counts, in the order of the table's columns after the seat's name.
DECISIONS = ("merged", "not_duplicate", "filed_anyway")


def _share(part: int, whole: int) -> str:
    return f"{part}（{round(100 * part / whole)}%）" if whole else str(part)


class SimilarityStatsView(StatsWindow):
    def __init__(self, session: Session, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(session, operations, "similarityStats", parent)
        self.setWindowTitle(self.tr("Similar-case statistics"))
        self.stats: SimilarityStats | None = None
        self.numbers: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, name in (
            ("checked", self.tr("Reports checked")),
            ("warned", self.tr("Warned as probable duplicates")),
            ("merged", self.tr("Merged as duplicates")),
            ("not_duplicate", self.tr("Marked not a duplicate")),
            ("filed_anyway", self.tr("Filed with the warning standing")),
            ("undecided", self.tr("Warned, still undecided")),
        ):
            label = QLabel("…", self)
            label.setObjectName(f"stats_{key}")
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.numbers[key] = label
            form.addRow(name, label)
        self.by_seat = QTreeWidget(self)
        self.by_seat.setObjectName("statsBySeat")
        self.by_seat.setHeaderLabels([self.tr("Seat"), self.tr("Merged"), self.tr("Not a duplicate"),
                                      self.tr("Filed anyway")])
        self.by_seat.setRootIsDecorated(False)
        header = self.by_seat.header()
        header.setMinimumSectionSize(72)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.by_seat.setMinimumHeight(140)

        layout = QVBoxLayout(self)
        layout.addWidget(self.since)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Decisions per seat"), self))
        layout.addWidget(self.by_seat, 1)
        layout.addWidget(self.buttons)
        self.resize(460, 440)

    def refresh(self) -> None:
        self.since.setText(self.tr("Loading…"))
        self.operations.run(self.session.similarity_stats(), self.show_stats, key="similarity_stats")

    def show_stats(self, stats: SimilarityStats) -> None:
        self.stats = stats
        self.since.setText(self.tr("Since %1").replace(
            "%1", stats.since.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")))
        self.numbers["checked"].setText(str(stats.checked))
        self.numbers["warned"].setText(_share(stats.warned, stats.checked))
        for key in ("merged", "not_duplicate", "filed_anyway", "undecided"):
            self.numbers[key].setText(_share(getattr(stats, key), stats.warned))
        self.by_seat.clear()
        for seat, counts in sorted(stats.by_seat.items()):
            item = QTreeWidgetItem([seat, *(str(counts.get(key, 0)) for key in DECISIONS)])
            for column in range(1, 4):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.by_seat.addTopLevelItem(item)
