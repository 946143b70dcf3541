"""The seat's main window: the queue on the left, the selected case on the right, the map in a dock
beside them (F10; it follows the selected case and locates cases with Ctrl+Shift+D), the command line
below, menus with every action and its shortcut (F1 lists them), and a status bar with the
connection, the commands waiting to be sent (待发送) and the signed-in seat. A ringing hotline call
pops the intake form with the caller's earlier cases; new-case drafts left by a crash come back at
start. The 值班长 (shift leader) also has the similar-case statistics (相似案卷统计); the 派遣员 and
值班长 the dispatch statistics (派遣统计)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut, QShowEvent, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workstation.app.drafts import DraftStore, owner_name
from workstation.app.session import Session
from workstation.domain import workflow
from workstation.domain.category_search import CategorySearch, syllables
from workstation.domain.models import IncomingCall, Place, RejectKind, Role
from workstation.ui import labels
from workstation.ui.actions import make_action, plain_text
from workstation.ui.alerts import QueueAlerts
from workstation.ui.case_view import CaseView
from workstation.ui.command_line import CommandLine, ParsedCommand
from workstation.ui.dispatch_stats import DispatchStatsView
from workstation.ui.help_overlay import HelpOverlay
from workstation.ui.i18n import LANGUAGES
from workstation.ui.intake_dialog import IntakeDialog, call_is_for
from workstation.ui.lifecycle_actions import REVISIT_WORDS
from workstation.ui.location_editor import LocationEditor
from workstation.ui.map_panel import MapPanel
from workstation.ui.operation import Operations
from workstation.ui.queue_model import QueueModel
from workstation.ui.queue_panel import QueuePanel, Tab
from workstation.ui.requests_panel import RequestsPanel
from workstation.ui.settings import Settings
from workstation.ui.similarity_stats import SimilarityStatsView

#: Completions offered for a category or a department in the command line.
COMPLETIONS = 12
#: The map's share of the window's width the first time it opens.
MAP_SHARE = 0.4


def initials(text: str) -> str:
    """Pinyin initials, as seats type names in the command line: 区环卫中心 → qhwzx."""
    return "".join(syllable[0] for syllable in syllables(text) if syllable)


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
        self.drafts = DraftStore(settings.folder / "drafts", owner_name(session.client.base_url, session.user.id))
        self.search = CategorySearch.of(session.catalogue)
        self.intake_dialogs: list[IntakeDialog] = []
        self.stats_view: SimilarityStatsView | None = None
        self.dispatch_stats: DispatchStatsView | None = None
        user = session.user
        self.setWindowTitle(
            self.tr("City management seat workstation — %1").replace("%1", user.name) + title_suffix
        )

        self.queue_model = QueueModel(session, self)
        self.queue = QueuePanel(self.queue_model, self)
        self.case_view = CaseView(session, self.operations, self.drafts, self)
        self.queue.case_selected.connect(self.case_view.show_case)
        self.queue.view.activated.connect(lambda _index: self.case_view.form.category.setFocus())

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.queue)
        splitter.addWidget(self.case_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.command_line = CommandLine(settings, self)
        self.command_line.submitted.connect(self.run_command)
        self.command_line.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.command_line.escaped.connect(self.queue.view.setFocus)
        self.command_line.set_completion_provider(self._completions)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.command_line)
        self.setCentralWidget(central)
        self.help = HelpOverlay(self)
        self.help.hide()
        self._build_map()
        self.alerts = QueueAlerts(session.store, session.server_now, session.user.roles,  # 超时预警
                                  muted=settings.alerts_muted, parent=self)
        self.alerts.muted_changed.connect(lambda muted: setattr(settings, "alerts_muted", muted))
        self.alerts.alerted.connect(lambda _case_id, text: self._say(text))
        self.alerts.open_requested.connect(self._open_alerted)
        self._build_requests()

        self.connection = QLabel(self)
        self.connection.setObjectName("connectionState")
        self.statusBar().addPermanentWidget(self.connection)
        self.outbox_waiting = QLabel(self)  # 待发送 N: commands made while the server was away
        self.outbox_waiting.setObjectName("outboxWaiting")
        self.outbox_waiting.setToolTip(self.tr("Made while the server was unreachable; sent in order once it is back."))
        self.statusBar().addPermanentWidget(self.outbox_waiting)
        self.statusBar().addPermanentWidget(QLabel(f"{user.name}（{user.id}）", self))
        self.operations.failed.connect(lambda message: self.statusBar().showMessage(message, 15_000))
        self.operations.queued.connect(lambda message: self.statusBar().showMessage(message, 15_000))
        session.subscribe_outbox(self._outbox_counted)
        session.subscribe_refusals(self.operations.report)  # a queued command the server refused
        self._outbox_counted(session.outbox_count())
        session.subscribe_status(self._connection_changed)
        session.subscribe_calls(self._call_rings)
        self._connection_changed(
            session.online, self.tr("Connected") if session.online else self.tr("Connecting…")
        )

        self._build_menus()
        self.resize(1440, 900)
        if geometry := settings.window_geometry:
            self.restoreGeometry(geometry)
        if state := settings.splitter_state:
            splitter.restoreState(state)
        else:
            splitter.setSizes([820, 620])  # the whole queue row visible, timer included
        self._map_sized = bool(settings.window_state) and self.restoreState(settings.window_state or b"")
        self._activity_windows: list[QWindow] = []
        for draft in self.drafts.new_cases():  # what a crash or a quit left half-typed
            self.open_intake(draft_key=draft.key)

    def _build_map(self) -> None:
        """The map dock: hidden until F10; its web page is built the first time it shows."""
        self.map = MapPanel(self.session, self.operations, self.settings, self)
        self.map_dock = QDockWidget(self.tr("Map"), self)
        self.map_dock.setObjectName("mapDock")
        self.map_dock.setWidget(self.map)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.map_dock)
        self.map_dock.hide()
        self.case_view.case_shown.connect(self.map.show_case)
        self.case_view.similar_shown.connect(lambda ids: self.map.show_similar(self.case_view.case_id, ids))
        self.case_view.form.location.pick_requested.connect(self._pick_for_case)
        self.map.open_case_requested.connect(self.open_case)
        self.map.message.connect(self._say)
        self._cancel_pick = QShortcut(QKeySequence("Esc"), self, self.map.cancel_pick)
        self._cancel_pick.setEnabled(False)  # only while picking: Esc keeps its other uses
        self.map.picking_changed.connect(self._cancel_pick.setEnabled)

    def _build_requests(self) -> None:
        """The 派遣员's 待审批申请 dock (F11), for those who decide the departments' requests."""
        self.requests: RequestsPanel | None = None
        self.requests_dock = QDockWidget(self.tr("Requests to decide"), self)
        self.requests_dock.setObjectName("requestsDock")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.requests_dock)
        if not workflow.DECIDE_ROLES.intersection(self.session.user.roles):
            self.requests_dock.hide()
            return
        self.requests = RequestsPanel(self.session, self.operations, self)
        self.requests_dock.setWidget(self.requests)
        self.requests.open_case_requested.connect(self.open_case)
        self.requests.count_changed.connect(self._requests_counted)
        self.requests_waiting = QLabel(self)
        self.requests_waiting.setObjectName("requestsWaiting")
        self.statusBar().addPermanentWidget(self.requests_waiting)
        self.requests_dock.hide()  # F11; the status bar counts what waits meanwhile
        self.requests.reload()

    def _requests_counted(self, count: int) -> None:
        title = self.tr("Requests to decide (%1)").replace("%1", str(count))
        self.requests_dock.setWindowTitle(title)
        self.requests_waiting.setText(f"{title} F11" if count else "")

    def toggle_requests(self) -> None:
        if self.requests is None:
            self._say(self.tr("Only a dispatcher or the shift leader decides the departments' requests."))
        elif self.requests_dock.isVisible():
            self.requests_dock.hide()
        else:
            self.requests_dock.show()
            self.requests_dock.raise_()
            self.requests.list.setFocus()

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
        case_menu = self._menu(
            self.tr("&Case"),
            (self.tr("&New case…"), ("Ctrl+N",), self.open_intake),
            (self.tr("&Next case"), ("Alt+Down", "Ctrl+J"), lambda: self.queue.step(1)),
            (self.tr("&Previous case"), ("Alt+Up", "Ctrl+K"), lambda: self.queue.step(-1)),
            None,
            view.confirm_action,
            view.file_action,
            view.reject_action,
            view.merge_action,
            view.not_duplicate_action,
            view.verify_action,
            view.save_action,
            view.pick_action,
            view.dispatch_action,
            view.dispatch_dialog_action,
            *view.lifecycle.actions,
            *([None, self.requests.approve_action, self.requests.refuse_action] if self.requests else []),
            None,
            (self.tr("&Quit"), ("Ctrl+Q",), self.close),
        )
        view_menu = self._menu(
            self.tr("&View"),
            (self.tr("&Filter the queue"), ("Ctrl+F",), self._focus_filter),
            (self.tr("Choose the &category"), ("Ctrl+E",), lambda: view.form.category.setFocus()),
            (self.tr("&Locate the case"), ("Ctrl+D",), lambda: view.form.location.search.setFocus()),
            (self.tr("&Similar cases"), ("F8",), self._focus_similar),
            (self.tr("Command &line"), ("Ctrl+L",), self.command_line.setFocus),
            (self.tr("&Map"), ("F10",), self.toggle_map),
            (self.tr("&Requests to decide"), ("F11",), self.toggle_requests),
            (self.tr("Map: &zoom to the case"), ("Ctrl+F10",), self._zoom_map),
            (self.tr("&Refresh"), ("F5",), self._refresh),
            None,
            *([(self.tr("Similar-case s&tatistics"), ("F9",), self.show_similarity_stats)]
              if Role.SHIFT_LEADER in self.session.user.roles else []),
            *([(self.tr("D&ispatch statistics"), ("Shift+F9",), self.show_dispatch_stats)]
              if workflow.DECIDE_ROLES.intersection(self.session.user.roles) else []),
            None,
            (self.tr("Keys and commands"), ("F1",), self.toggle_help),
        )
        view_menu.addAction(self.alerts.mute_action)
        language_menu = view_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == self.settings.language)
            action.triggered.connect(lambda _checked=False, code=code: self._choose_language(code))
            group.addAction(action)
        self._help_groups = [(case_menu.title(), case_menu.actions()), (view_menu.title(), view_menu.actions())]

    def toggle_help(self) -> None:
        if self.help.isVisible():
            self.help.hide()
        else:
            self.help.show_for([(plain_text(title), [a for a in actions if a.shortcuts()])
                                for title, actions in self._help_groups])

    def _focus_filter(self) -> None:
        self.queue.search.setFocus()
        self.queue.search.selectAll()

    def _focus_similar(self) -> None:
        similar = self.case_view.similar
        if similar.isVisible():
            self.case_view.ensureWidgetVisible(similar.candidates)
            similar.candidates.setFocus()
        else:
            self._say(self.tr("The case has no similar cases."))

    # --- the map ---------------------------------------------------------------------------------

    def toggle_map(self) -> None:
        if self.map_dock.isVisible():
            self.map_dock.hide()
        else:
            self.show_map()

    def show_map(self) -> None:
        """Open the map dock (the first time at MAP_SHARE of the window's width)."""
        self.map_dock.show()
        self.map_dock.raise_()
        if not self._map_sized and not self.map_dock.isFloating():
            self._map_sized = True
            self.resizeDocks([self.map_dock], [int(self.width() * MAP_SHARE)], Qt.Orientation.Horizontal)

    def _zoom_map(self) -> None:
        self.show_map()
        self.map.zoom_to_case()

    def _pick_for_case(self) -> None:
        """Ctrl+Shift+D on the shown case: the point clicked on the map is saved as a location correction,
        which makes the server check the similar cases again."""
        view = self.case_view
        case = view.case
        if case is None or not view.pick_action.isEnabled():
            self._say(self.tr("The case cannot be located now."))
            return
        self.show_map()
        self.map.pick(view.form.location, case.id, self._case_location_picked,
                      self.tr("The point is saved as a location correction and the similar cases are checked "
                              "again."))
        self._say(self.tr("Click the map or drag the case's marker (Esc cancels)."))

    def _case_location_picked(self, place: Place) -> None:
        view = self.case_view
        if view.save_action.isEnabled():
            view.save_case()  # the same edit Ctrl+S sends: the server re-checks the similar cases
            self._say(self.tr("Location set to %1 and saved; the similar cases are checked again.")
                      .replace("%1", place.label))
        else:
            self._say(self.tr("Location set to %1.").replace("%1", place.label))

    def _pick_for_new_case(self, dialog: IntakeDialog) -> None:
        self.show_map()
        self.map.pick(dialog.form.location, None, lambda place: self._new_location_picked(dialog, place),
                      self.tr("The point is filled into the new case."))
        self._say(self.tr("Click the map where the new case is (Esc cancels)."))

    def _new_location_picked(self, dialog: IntakeDialog, place: Place) -> None:
        self._say(self.tr("Location of the new case set to %1.").replace("%1", place.label))
        dialog.raise_()
        dialog.activateWindow()

    def _forget_pick(self, editor: LocationEditor) -> None:
        request = self.map.pick_request
        if request is not None and request.editor is editor:
            self.map.cancel_pick()

    def show_similarity_stats(self) -> None:
        """The 值班长's 相似案卷统计, loaded afresh each time it opens."""
        if self.stats_view is None:
            self.stats_view = SimilarityStatsView(self.session, self.operations, self)
        self.stats_view.open_view()

    def show_dispatch_stats(self) -> None:
        """派遣统计: 回退 per routing rule and 返工 per department, loaded afresh each time it opens."""
        if self.dispatch_stats is None:
            self.dispatch_stats = DispatchStatsView(self.session, self.operations, self)
        self.dispatch_stats.open_view()

    def _open_alerted(self, case_id: str) -> None:
        """A click on a 超时预警 tray message: the window comes up with that case."""
        self.showNormal() if self.isMinimized() else self.show()
        self.raise_()
        self.activateWindow()
        if not self.open_case(case_id):
            self._say(self.tr("Case %1 is no longer in the queue.").replace("%1", case_id))

    def _refresh(self) -> None:
        self.operations.run(self.session.reload(), quiet=True, key="reload")

    def _choose_language(self, code: str) -> None:
        self.settings.language = code
        self.statusBar().showMessage(self.tr("The language changes when the workstation restarts."), 15_000)

    def _outbox_counted(self, count: int) -> None:
        self.outbox_waiting.setText(self.tr("Waiting to send: %1").replace("%1", str(count)))
        self.outbox_waiting.setVisible(count > 0)

    def _connection_changed(self, online: bool, message: str) -> None:
        colour = "#2e7d32" if online else "#c62828"
        self.connection.setText(f"<span style='color:{colour}'>●</span> {message}")

    # --- new cases and calls ---------------------------------------------------------------------

    def open_intake(self, *, call: IncomingCall | None = None, draft_key: str | None = None) -> IntakeDialog:
        """The intake form for a new case (for a ringing call: with the caller's earlier cases)."""
        dialog = IntakeDialog(self.session, self.operations, self.drafts, call=call, draft_key=draft_key,
                              parent=self)
        dialog.registered.connect(self._registered)
        editor = dialog.form.location
        editor.pick_requested.connect(lambda: self._pick_for_new_case(dialog))
        dialog.finished.connect(lambda _result: self._forget_pick(editor))
        dialog.destroyed.connect(lambda: self._forget_pick(editor))
        dialog.destroyed.connect(lambda: self.intake_dialogs.remove(dialog) if dialog in self.intake_dialogs else None)
        self.intake_dialogs.append(dialog)
        dialog.show()
        self._watch_activity(dialog)
        dialog.raise_()
        dialog.activateWindow()  # the seat answering a call types into it at once
        dialog.form.description.setFocus()
        return dialog

    def _call_rings(self, call: IncomingCall) -> None:
        if call_is_for(call, self.session.user.id, self.session.user.roles):
            self.open_intake(call=call)
            QApplication.alert(self)

    def _registered(self, case_id: str) -> None:
        self.statusBar().showMessage(self.tr("Case %1 registered.").replace("%1", case_id), 10_000)
        self.open_case(case_id)

    def open_case(self, case_id: str) -> bool:
        """Show a case wherever it is: switch to the list holding it and select it."""
        case = self.session.store.get(case_id)
        if case is None:
            return False
        for tab in Tab:
            if tab.holds(case):
                if self.queue.tab is not tab:
                    self.queue.select_tab(tab)
                break
        if self.queue.select_case(case_id):
            return True
        self.case_view.show_case(case_id)  # filtered out of the list: show it anyway
        return True

    # --- the command line ------------------------------------------------------------------------

    def run_command(self, command: ParsedCommand) -> None:
        """Carry out what the seat typed (see command_line.VERBS)."""
        view, argument = self.case_view, command.argument.strip()
        match command.verb:
            case "la":
                if argument and not self._choose_category(argument):
                    return
                view.file_case()
            case "pq":
                if argument and not self._choose_department(argument):
                    return
                view.dispatch_case()
            case "bsl" | "zf":
                self._reject(RejectKind.NOT_ACCEPTED if command.verb == "bsl" else RejectKind.CANCELLED, argument)
            case "hb":
                self._merge(argument)
            case "bscf":
                if view.not_duplicate_action.isEnabled():
                    view.not_duplicate_with(argument)
                else:
                    self._say(self.tr("There is no similar-case warning to answer on this case."))
            case "hs":
                view.verify_case()
            case "qr":
                view.confirm_case()
            case "hc":
                self._lifecycle(view.lifecycle.check_action, lambda: view.lifecycle.check_case(argument))
            case "ja":
                self._lifecycle(view.lifecycle.close_action, lambda: view.lifecycle.close_case(argument))
            case "db":
                self._lifecycle(view.lifecycle.supervise_action, lambda: view.lifecycle.supervise(argument))
            case "hf":
                self._lifecycle(view.lifecycle.revisit_action, lambda: view.lifecycle.revisit(argument))
            case "xj":
                self.open_intake()
            case "n":
                self.queue.step(1)
            case "p":
                self.queue.step(-1)
            case "bz":
                self.toggle_help()
            case "#":
                self._open_by_number(argument)

    def _lifecycle(self, action: QAction, run: Callable[[], None]) -> None:
        if action.isEnabled():
            run()
        else:
            self._say(self.tr("%1 is not possible on this case now.").replace("%1", plain_text(action.text())))

    def _say(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def _choose_category(self, query: str) -> bool:
        found = self.search.best(query)
        if found is None:
            self._say(self.tr("No category matches “%1”.").replace("%1", query))
            return False
        category, condition = found
        form = self.case_view.form
        if not form.editable:
            self._say(self.tr("The case cannot be classified now."))
            return False
        form.category.set_selection(category.id, condition.id)
        form.changed.emit()
        return True

    def _departments(self, query: str) -> list[tuple[str, str]]:
        needle = query.casefold()
        return [(d.id, d.name) for d in self.session.reference.departments
                if needle in d.name.casefold() or needle in d.short_name.casefold() or needle in d.id.casefold()
                or needle in initials(d.short_name)]

    def _choose_department(self, query: str) -> bool:
        found = self._departments(query)
        if not found:
            self._say(self.tr("No department matches “%1”.").replace("%1", query))
            return False
        picker = self.case_view.department
        picker.setCurrentIndex(picker.findData(found[0][0]))
        return True

    def _reject(self, kind: RejectKind, query: str) -> None:
        view = self.case_view
        view.reject_case()
        dialog = getattr(view, "reject_dialog", None)
        if dialog is None or not dialog.isVisible() or kind not in dialog.kind_buttons:
            return
        dialog.kind_buttons[kind].setChecked(True)
        if query:
            reasons = self.session.reference.reject_reasons.get(kind.value, ())
            match = next((r for r in reasons if query in r or initials(r).startswith(query)), None)
            if match is not None:
                dialog.reason.setCurrentText(match)

    def _merge(self, number: str) -> None:
        similar = self.case_view.similar
        if number and not similar.select(number.lstrip("#")):
            self._say(self.tr("No similar case number ends in %1.").replace("%1", number))
            return
        if not self.case_view.merge_action.isEnabled():
            self._say(self.tr("The case cannot be merged now."))
            return
        self.case_view.merge_case()

    def _open_by_number(self, digits: str) -> None:
        ids = [case.id for case in self.session.store.all() if case.id.endswith(digits)]
        if not ids:
            self._say(self.tr("No case number ends in %1.").replace("%1", digits))
            return
        self.open_case(max(ids))  # the newest of them

    def _completions(self, verb: str, partial: str) -> list[tuple[str, str]]:
        partial = partial.strip()
        if verb == "la" and partial:
            return [(match.matched if match.matched.isascii() else match.category.small_name,
                     f"{match.category.small_name} · {match.category.big_name} · {match.category.id}")
                    for match in self.search.search(partial, COMPLETIONS)]
        if verb == "pq":
            return [(initials(name.removeprefix("历下区")), name)
                    for _id, name in self._departments(partial)][:COMPLETIONS]
        if verb in ("bsl", "zf"):
            kind = "not_accepted" if verb == "bsl" else "cancelled"
            return [(reason, reason) for reason in self.session.reference.reject_reasons.get(kind, ())
                    if not partial or partial in reason or initials(reason).startswith(partial)]
        if verb == "hb":
            check = self.case_view.case.similar if self.case_view.case is not None else None
            return [(candidate.case_id[-6:], f"{candidate.case_id} · {round(candidate.score * 100)}% · "
                     f"{candidate.explanation}") for candidate in (check.candidates if check else ())
                    if partial in candidate.case_id]
        if verb == "hf":
            return [(word, labels.revisit_result_name(result)) for word, result in REVISIT_WORDS.items()
                    if word.isascii() and word.startswith(partial)]
        if verb == "#":
            return [(case.id[-6:], f"{case.id} · {case.address}") for case in reversed(self.session.store.all())
                    if case.id.endswith(partial) or partial in case.id][:COMPLETIONS]
        return []

    # --- life cycle ------------------------------------------------------------------------------

    def _watch_activity(self, widget: QWidget) -> None:
        """Count the seat's keys and clicks in `widget`'s window as activity (renewing the held case's lease).
        The filter sits on the window, not on the QApplication: an application-wide Python event filter
        makes PySide wrap every QObject an event passes, QtWebEngine's internal ones included, and
        wrapping those crashes (getWrapperForQObject)."""
        window = widget.windowHandle()
        if window is not None and window not in self._activity_windows:
            window.installEventFilter(self)
            self._activity_windows.append(window)
            window.destroyed.connect(lambda: self._activity_windows.remove(window)
                                     if window in self._activity_windows else None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._watch_activity(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self.case_view.last_activity = time.monotonic()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Do not close here: the async main() closes the session first, then the window."""
        event.ignore()
        self.settings.window_geometry = bytes(self.saveGeometry().data())
        self.settings.splitter_state = bytes(self.splitter.saveState().data())
        self.settings.window_state = bytes(self.saveState().data())
        self.close_requested.emit()

    def shut(self) -> None:
        """Called by main() once the session is closed."""
        for window in self._activity_windows:
            window.removeEventFilter(self)
        self._activity_windows.clear()
        self.case_view.save_draft()
        for dialog in list(self.intake_dialogs):
            dialog.save_draft()
            dialog.hide()
        self.queue_model.detach()
        self.map.detach()
        self.alerts.timer.stop()
        if self.requests is not None:
            self.requests.detach()
        self.session.store.unsubscribe(self.case_view)
        self.session.unsubscribe_calls(self._call_rings)
        self.session.unsubscribe_outbox(self._outbox_counted)
        self.session.unsubscribe_refusals(self.operations.report)
        self.hide()
        self.deleteLater()
