"""分类 (classification) on the acceptance form: the seat finds the 小类 (small class) by name, code or
pinyin, or browses 部件/事件 → 大类 → 小类, then picks the 立案条件 (filing condition) and reads its
处置时限 (handling limit) and 结案条件 (closing condition). Everything works from the keyboard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.catalogue import Catalogue
from workstation.domain.category_search import CategorySearch, Match
from workstation.domain.models import Category, CategoryKind, FilingCondition

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Results shown under the search line; the seat narrows the query rather than scrolls.
RESULT_LIMIT = 12
_ID = Qt.ItemDataRole.UserRole  # (category id, condition id or None) on a result row; category id on a tree leaf
_KEEP_OPEN = (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason)


class CategoryPicker(QWidget):
    """The 小类 and 立案条件 of a case. `chosen` fires when the seat picks, not on `set_selection`."""

    chosen = Signal(str, str)  # category id, condition id

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categoryPicker")
        self.catalogue = catalogue
        self.finder = CategorySearch.of(catalogue)
        self._category: Category | None = None
        self._condition: FilingCondition | None = None
        self._quiet = False  # set while the widget changes itself: no `chosen`

        self.search = QLineEdit(self)
        self.search.setObjectName("categorySearch")
        self.search.setPlaceholderText(self.tr("Name, code or pinyin initials (e.g. bllj)"))
        self.search.setToolTip(
            self.tr("A name, everyday word, code, pinyin initials, or an object and its problem; Down browses")
        )
        self.search.textEdited.connect(self._typed)
        self.search.installEventFilter(self)
        self.browse = QToolButton(self)
        self.browse.setObjectName("categoryBrowse")
        self.browse.setText(self.tr("Browse"))
        self.browse.setToolTip(self.tr("Browse components and events by class (Alt+Down in the search line)"))
        self.browse.setCheckable(True)
        self.browse.toggled.connect(self._browse_toggled)

        self.results = QListWidget(self)
        self.results.setObjectName("categoryResults")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search line keeps the keyboard
        self.results.setMaximumHeight(230)
        self.results.setWordWrap(True)
        self.results.itemClicked.connect(self._result_picked)
        self.results.hide()

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("categoryTree")
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumHeight(220)
        self.tree.setMaximumHeight(300)
        self.tree.itemActivated.connect(self._tree_activated)
        self.tree.installEventFilter(self)
        self.tree.hide()
        self._leaves: dict[str, QTreeWidgetItem] = {}
        self._fill_tree()

        self.conditions = QComboBox(self)
        self.conditions.setObjectName("conditionPicker")
        self.conditions.setPlaceholderText(self.tr("Choose the filing condition"))
        self.conditions.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.conditions.setMinimumContentsLength(16)
        self.conditions.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.conditions.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.conditions.currentIndexChanged.connect(self._condition_changed)
        self.limit = self._text_label("conditionLimit")
        self.limit.setStyleSheet("font-weight: 600;")
        self.close_condition = self._text_label("closeCondition")

        line = QHBoxLayout()
        line.setSpacing(4)
        line.addWidget(self.search, 1)
        line.addWidget(self.browse)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Condition"), self.conditions)
        form.addRow(self.tr("Time limit"), self.limit)
        form.addRow(self.tr("Closed when"), self.close_condition)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(line)
        layout.addWidget(self.results)
        layout.addWidget(self.tree)
        layout.addLayout(form)
        self._render()

    def _text_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # --- the choice ----------------------------------------------------------------------------------

    def selection(self) -> tuple[str | None, str | None]:
        """(category id, condition id); the condition is None until one is chosen."""
        return (
            self._category.id if self._category else None,
            self._condition.id if self._condition else None,
        )

    def set_selection(self, category_id: str | None, condition_id: str | None) -> None:
        """Show a case's classification (None clears); ids not in the catalogue clear too. No `chosen`."""
        category: Category | None = None
        condition: FilingCondition | None = None
        if condition_id is not None:
            category, condition = self._lookup(self.catalogue.condition, condition_id) or (None, None)
        if category_id is not None and (category is None or category.id != category_id):
            category, condition = self._lookup(self.catalogue.category, category_id), None
        self._category, self._condition = category, condition
        self._close_lists()
        self._render()

    @staticmethod
    def _lookup(find: Callable[[str], T], key: str) -> T | None:
        try:
            return find(key)
        except KeyError:
            log.warning("not in the catalogue: %s", key)
            return None

    def _choose(self, category: Category, condition: FilingCondition | None) -> None:
        """The seat picked a 小类: take the named condition, else its first (the most severe)."""
        condition = condition or (category.conditions[0] if category.conditions else None)
        self._category, self._condition = category, condition
        self._close_lists()
        self._render()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        if condition is not None:
            self.chosen.emit(category.id, condition.id)

    # --- showing -------------------------------------------------------------------------------------

    def kind_name(self, kind: CategoryKind) -> str:
        return self.tr("Component", "部件") if kind is CategoryKind.COMPONENT else self.tr("Event", "事件")

    def describe(self, category: Category) -> str:
        """小类 · 大类 · 部件/事件 code, as the seat reads a category everywhere in the picker."""
        code = category.big_code + category.small_code
        return f"{category.small_name} · {category.big_name} · {self.kind_name(category.kind)} {code}"

    def _render(self) -> None:
        category, condition = self._category, self._condition
        self._quiet = True
        try:
            self.search.setText(self.describe(category) if category else "")
            self.search.setCursorPosition(0)
            self.conditions.clear()
            for filing in category.conditions if category else ():
                self.conditions.addItem(f"{filing.text} · {filing.limit_text}", filing.id)
                self.conditions.setItemData(self.conditions.count() - 1, self._condition_tip(filing),
                                            Qt.ItemDataRole.ToolTipRole)
            self.conditions.setCurrentIndex(category.conditions.index(condition) if category and condition else -1)
        finally:
            self._quiet = False
        self.conditions.setToolTip(self._condition_tip(condition) if condition else "")
        self.limit.setText(condition.limit_text if condition else "")
        self.close_condition.setText(condition.close_condition if condition else "")

    def _condition_tip(self, condition: FilingCondition) -> str:
        return (f"{condition.text}\n" + self.tr("Time limit") + f": {condition.limit_text}\n"
                + self.tr("Closed when") + f": {condition.close_condition}")

    def _condition_changed(self, index: int) -> None:
        if self._quiet or self._category is None or index < 0:
            return
        self._condition = self._category.conditions[index]
        self._render()
        self.chosen.emit(self._category.id, self._condition.id)

    # --- searching -----------------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        if not text.strip():
            self.results.hide()
            return
        self._show_results(self.finder.search(text, limit=RESULT_LIMIT))

    def _show_results(self, matches: list[Match]) -> None:
        self.results.clear()
        for match in matches:
            item = QListWidgetItem(self._result_text(match))
            item.setData(_ID, (match.category.id, match.condition.id if match.condition else None))
            item.setToolTip(self._condition_tip(match.condition) if match.condition else match.category.small_name)
            self.results.addItem(item)
        if not matches:
            item = QListWidgetItem(self.tr("No category matches. Try another word, the code, or Browse."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self.results.setCurrentRow(0 if matches else -1)
        self.tree.hide()
        self.browse.setChecked(False)
        self.results.show()

    def _result_text(self, match: Match) -> str:
        category = match.category
        text = self.describe(category)
        shown = {category.id, category.small_name, category.big_name}
        if match.condition is not None:
            shown.add(match.condition.text)
        if match.matched and match.matched not in shown:
            text += f"  ← {match.matched}"
        if match.condition is not None:
            text += f"\n    {match.condition.text} · {match.condition.limit_text}"
        return text

    def _result_picked(self, item: QListWidgetItem) -> None:
        picked = item.data(_ID)
        if not picked:
            return
        category_id, condition_id = picked
        condition = self.catalogue.condition(condition_id)[1] if condition_id else None
        self._choose(self.catalogue.category(category_id), condition)

    def _move(self, step: int) -> None:
        if self.results.count() and self.results.item(0).data(_ID):
            row = max(0, min(self.results.currentRow() + step, self.results.count() - 1))
            self.results.setCurrentRow(row)

    def _close_lists(self) -> None:
        self.results.hide()
        self.results.clear()
        self.browse.setChecked(False)

    def _restore(self) -> None:
        """Esc: back to the current choice, lists closed."""
        self._close_lists()
        self._render()
        self.search.selectAll()

    # --- browsing ------------------------------------------------------------------------------------

    def _fill_tree(self) -> None:
        kinds: dict[CategoryKind, QTreeWidgetItem] = {}
        bigs: dict[tuple[CategoryKind, str], QTreeWidgetItem] = {}
        for kind in (CategoryKind.COMPONENT, CategoryKind.EVENT):
            kinds[kind] = QTreeWidgetItem(self.tree, [self.kind_name(kind)])
        for category in sorted(self.catalogue.categories, key=lambda c: (c.big_code, c.small_code)):
            key = (category.kind, category.big_code)
            if key not in bigs:
                bigs[key] = QTreeWidgetItem(kinds[category.kind], [f"{category.big_code} {category.big_name}"])
            leaf = QTreeWidgetItem(bigs[key], [f"{category.big_code}{category.small_code} {category.small_name}"])
            leaf.setData(0, _ID, category.id)
            leaf.setToolTip(0, self.describe(category))
            self._leaves[category.id] = leaf

    def _browse_toggled(self, on: bool) -> None:
        if not on:
            self.tree.hide()
            return
        self.results.hide()
        self.tree.show()
        current = self._leaves.get(self._category.id) if self._category else None
        if current is None:
            current = self.tree.topLevelItem(0)
        else:
            self.tree.collapseAll()
            parent = current.parent()
            while parent is not None:
                parent.setExpanded(True)
                parent = parent.parent()
        self.tree.setCurrentItem(current)
        self.tree.scrollToItem(current)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _tree_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        category_id = item.data(0, _ID)
        if category_id:
            self._choose(self.catalogue.category(category_id), None)
        else:
            item.setExpanded(not item.isExpanded())

    # --- keyboard and focus --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down/Up move in the results, Enter picks, Esc restores; Down (Alt+Down) browses otherwise."""
        if watched is self.search and event.type() == QEvent.Type.FocusIn and self.search.text() == self._shown_text():
            QTimer.singleShot(0, self.search, self.search.selectAll)  # a click into the shown choice starts a new query
            return False
        if watched is self.search and event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            if event.reason() not in _KEEP_OPEN and self.results.isVisible():
                self._close_lists()
                self._render()
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.tree:
            if key == Qt.Key.Key_Escape:
                self.browse.setChecked(False)
                self.search.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            return False
        if watched is not self.search:
            return False
        browsing_key = key == Qt.Key.Key_Down and (
            event.modifiers() & Qt.KeyboardModifier.AltModifier or not self.results.isVisible()
        )
        if browsing_key:
            self.browse.setChecked(True)
            return True
        if self.results.isVisible():
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(5 if key == Qt.Key.Key_PageDown else -5)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if (item := self.results.currentItem()) is not None:
                    self._result_picked(item)
                return True
        if key == Qt.Key.Key_Escape:
            changed = self.results.isVisible() or self.tree.isVisible() or self.search.text() != self._shown_text()
            if changed:
                self._restore()
            return bool(changed)
        return False

    def _shown_text(self) -> str:
        return self.describe(self._category) if self._category else ""

    def changeEvent(self, event: QEvent) -> None:
        """Disabled (read-only): the choice stays visible, lists close and nothing can be changed."""
        if event.type() == QEvent.Type.EnabledChange and not self.isEnabled():
            self._close_lists()
            self._render()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """Build the search index (≈0.3 s, once per process) right after the window first shows, so the
        seat's first key is instant. On the UI thread on purpose: a Python thread running beside the Qt
        event loop crashed PySide6 (segmentation faults in the test suite)."""
        super().showEvent(event)
        if not self.finder.ready:
            QTimer.singleShot(0, self.finder.prepare)
