"""The seat's main window: the queue on the left, the selected case on the right, menus with every
action and its shortcut, and a status bar with the connection and the signed-in seat."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QSplitter, QWidget

from workstation.app.session import Session
from workstation.ui.actions import make_action
from workstation.ui.case_view import CaseView
from workstation.ui.i18n import LANGUAGES
from workstation.ui.operation import Operations
from workstation.ui.queue_model import QueueModel
from workstation.ui.queue_panel import QueuePanel
from workstation.ui.settings import Settings


class MainWindow(QMainWindow):
    #: The seat asked to quit; `main()` owns the shutdown (closing the session before the loop ends).
    close_requested = Signal()

    def __init__(
        self, session: Session, settings: Settings, title_suffix: str = "", parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        self.settings = settings
        self.operations = Operations(self)
        user = session.user
        self.setWindowTitle(
            self.tr("City management seat workstation — %1").replace("%1", user.name) + title_suffix
        )

        self.queue_model = QueueModel(session, self)
        self.queue = QueuePanel(self.queue_model, self)
        self.case_view = CaseView(session, self.operations, self)
        self.queue.case_selected.connect(self.case_view.show_case)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.queue)
        splitter.addWidget(self.case_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.setCentralWidget(splitter)
        self.splitter = splitter

        self.connection = QLabel(self)
        self.connection.setObjectName("connectionState")
        self.statusBar().addPermanentWidget(self.connection)
        self.statusBar().addPermanentWidget(QLabel(f"{user.name}（{user.id}）", self))
        self.operations.failed.connect(lambda message: self.statusBar().showMessage(message, 15_000))
        session.subscribe_status(self._connection_changed)
        self._connection_changed(
            session.online, self.tr("Connected") if session.online else self.tr("Connecting…")
        )

        self._build_menus()
        self.resize(1440, 880)
        if geometry := settings.window_geometry:
            self.restoreGeometry(geometry)
        if state := settings.splitter_state:
            splitter.restoreState(state)
        else:
            splitter.setSizes([880, 560])  # the whole queue row visible, timer included
        QApplication.instance().installEventFilter(self)

    def _menu(self, title: str, *entries: tuple[str, tuple[str, ...], object] | QAction | None) -> QMenu:
        """A menu of actions (text, keys, slot) or existing QActions; None is a separator. All of them
        are also added to the window, so their shortcuts work wherever the focus is."""
        menu = self.menuBar().addMenu(title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            action = entry if isinstance(entry, QAction) else make_action(self, *entry)
            menu.addAction(action)
            self.addAction(action)
        return menu

    def _build_menus(self) -> None:
        view = self.case_view
        self._menu(
            self.tr("&Case"),
            (self.tr("&Next case"), ("Alt+Down", "Ctrl+J"), lambda: self.queue.step(1)),
            (self.tr("&Previous case"), ("Alt+Up", "Ctrl+K"), lambda: self.queue.step(-1)),
            None,
            view.file_action,
            view.reject_action,
            view.dispatch_action,
            None,
            (self.tr("&Quit"), ("Ctrl+Q",), self.close),
        )
        view_menu = self._menu(
            self.tr("&View"),
            (self.tr("&Filter the queue"), ("Ctrl+F",), self._focus_filter),
            (self.tr("&Refresh"), ("F5",), self._refresh),
        )
        language_menu = view_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == self.settings.language)
            action.triggered.connect(lambda _checked=False, code=code: self._choose_language(code))
            group.addAction(action)

    def _focus_filter(self) -> None:
        self.queue.search.setFocus()
        self.queue.search.selectAll()

    def _refresh(self) -> None:
        self.operations.run(self.session.reload(), quiet=True, key="reload")

    def _choose_language(self, code: str) -> None:
        self.settings.language = code
        self.statusBar().showMessage(self.tr("The language changes when the workstation restarts."), 15_000)

    def _connection_changed(self, online: bool, message: str) -> None:
        colour = "#2e7d32" if online else "#c62828"
        self.connection.setText(f"<span style='color:{colour}'>●</span> {message}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self.case_view.last_activity = time.monotonic()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Do not close here: the async main() closes the session first, then the window."""
        event.ignore()
        self.settings.window_geometry = bytes(self.saveGeometry().data())
        self.settings.splitter_state = bytes(self.splitter.saveState().data())
        self.close_requested.emit()

    def shut(self) -> None:
        """Called by main() once the session is closed."""
        QApplication.instance().removeEventFilter(self)
        self.queue_model.detach()
        self.session.store.unsubscribe(self.case_view)
        self.hide()
        self.deleteLater()
