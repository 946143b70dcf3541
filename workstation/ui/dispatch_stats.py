"""派遣统计 (dispatch statistics) for the 值班长 (shift leader) and the 派遣员 (dispatcher): the 回退
(returns) departments asked for, per routing rule of the 责任分解表 (responsibility matrix), so wrong
rules can be fixed; and the 返工 (rework after a failed 核查) and late feedback per department.
Fetched afresh each time the view opens, when the period changes and with F5; never blocks the window.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.app.session import Session
from workstation.domain.models import ReturnStat, ReworkStat
from workstation.ui.operation import Operations
from workstation.ui.stats_window import StatsWindow

# The period chooser's days back from today's midnight (0 = today only; None = everything).
PERIOD_DAYS: tuple[int | None, ...] = (0, 6, 29, None)
DEFAULT_PERIOD = 2  # 近30天: enough 回退 to see which rule is wrong
NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


async def _load(session: Session, since: datetime | None) -> tuple[tuple[ReturnStat, ...], tuple[ReworkStat, ...]]:
    """Both statistics of the period, read together."""
    returns, rework = await asyncio.gather(session.dispatch_returns(since), session.dispatch_rework(since))
    return returns, rework


def _table(parent: QWidget, name: str, headers: list[str]) -> QTreeWidget:
    table = QTreeWidget(parent)
    table.setObjectName(name)
    table.setHeaderLabels(headers)
    table.setRootIsDecorated(False)
    table.setUniformRowHeights(True)
    header = table.header()
    header.setMinimumSectionSize(64)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setMinimumHeight(120)
    return table


def _empty_line(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet("color: #52606d; padding: 12px;")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.hide()
    return label


class DispatchStatsView(StatsWindow):
    def __init__(self, session: Session, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(session, operations, "dispatchStats", parent)
        self.setWindowTitle(self.tr("Dispatch statistics"))
        # Short names, as the work orders and the rules name the units; the full name in the tooltip.
        self._departments = {department.id: department for department in session.reference.departments}
        self.returns: tuple[ReturnStat, ...] | None = None
        self.rework: tuple[ReworkStat, ...] | None = None

        self.period = QComboBox(self)
        self.period.setObjectName("statsPeriod")
        names = (self.tr("Today"), self.tr("Last 7 days"), self.tr("Last 30 days"), self.tr("All"))
        for name, days in zip(names, PERIOD_DAYS, strict=True):
            self.period.addItem(name, days)
        self.period.setCurrentIndex(DEFAULT_PERIOD)
        self.period.currentIndexChanged.connect(lambda _index: self.refresh())
        period_label = QLabel(self.tr("&Period:"), self)
        period_label.setBuddy(self.period)
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.since)

        self.returns_table = _table(self, "returnsTable", [
            self.tr("Category"), self.tr("Rule"), self.tr("Department"), self.tr("Return requests"),
            self.tr("Approved")])
        self.returns_table.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.returns_empty = _empty_line(self, "returnsEmpty")
        self.rework_table = _table(self, "reworkTable", [
            self.tr("Department"), self.tr("Work orders"), self.tr("Reworked orders"), self.tr("Reworks"),
            self.tr("Rework rate"), self.tr("Late feedback")])
        self.rework_table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header = self.rework_table.headerItem()
        header.setToolTip(2, self.tr("Work orders sent back at least once after a failed check"))
        header.setToolTip(5, self.tr("Work orders fed back after their deadline"))
        self.rework_empty = _empty_line(self, "reworkEmpty")


        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("Returns by routing rule"), self))
        layout.addWidget(self.returns_table, 1)
        layout.addWidget(self.returns_empty)
        layout.addWidget(QLabel(self.tr("Rework by department"), self))
        layout.addWidget(self.rework_table, 1)
        layout.addWidget(self.rework_empty)
        layout.addWidget(self.buttons)
        self.resize(760, 560)

    def since_moment(self) -> datetime | None:
        """The start of the chosen period: midnight (the city's time) of its first day; None for all."""
        days = self.period.currentData()
        if days is None:
            return None
        midnight = datetime.now(self._zone).replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - timedelta(days=int(days))

    def refresh(self) -> None:
        since = self.since_moment()
        self.since.setText(self.tr("Loading…"))
        self.operations.run(_load(self.session, since), lambda stats: self.show_stats(since, *stats),
                            key="dispatch_stats")

    def show_stats(self, since: datetime | None, returns: tuple[ReturnStat, ...],
                   rework: tuple[ReworkStat, ...]) -> None:
        self.returns, self.rework = returns, rework
        self.since.setText(self.tr("Since %1").replace("%1", since.strftime("%Y-%m-%d %H:%M"))
                           if since is not None else self.tr("All records"))
        self._fill_returns(returns)
        self._fill_rework(rework)

    def _fill_returns(self, returns: tuple[ReturnStat, ...]) -> None:
        self.returns_table.clear()
        for stat in returns:
            category, category_tip = self._category(stat.category_id)
            rule = stat.routing_rule or "—"
            item = QTreeWidgetItem([category, rule, self._department(stat.department_id), str(stat.requested),
                                    str(stat.approved)])
            item.setToolTip(0, category_tip)
            item.setToolTip(1, rule)
            item.setToolTip(2, self._department_tip(stat.department_id))
            for column in (3, 4):
                item.setTextAlignment(column, NUMBER)
            self.returns_table.addTopLevelItem(item)
        self.returns_empty.setText(self.tr("No department asked for a return in this period."))
        self.returns_table.setVisible(bool(returns))
        self.returns_empty.setVisible(not returns)

    def _fill_rework(self, rework: tuple[ReworkStat, ...]) -> None:
        self.rework_table.clear()
        for stat in rework:
            item = QTreeWidgetItem([self._department(stat.department_id), str(stat.sent), str(stat.reworked),
                                    str(stat.reworks), f"{round(100 * stat.rework_rate)}%", str(stat.overdue)])
            item.setToolTip(0, self._department_tip(stat.department_id))
            for column in range(1, 6):
                item.setTextAlignment(column, NUMBER)
            self.rework_table.addTopLevelItem(item)
        self.rework_empty.setText(self.tr("No work orders were sent in this period."))
        self.rework_table.setVisible(bool(rework))
        self.rework_empty.setVisible(not rework)

    def _category(self, category_id: str | None) -> tuple[str, str]:
        """The 小类's name to show and its code (with the 大类) for the tooltip."""
        if category_id is None:
            return "—", ""
        try:
            category = self.session.catalogue.category(category_id)
        except KeyError:
            return category_id, category_id
        return category.small_name, f"{category.id}（{category.big_name}）"

    def _department(self, department_id: str) -> str:
        department = self._departments.get(department_id)
        return department.short_name if department is not None else department_id

    def _department_tip(self, department_id: str) -> str:
        department = self._departments.get(department_id)
        return f"{department.name}（{department_id}）" if department is not None else department_id
