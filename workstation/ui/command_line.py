"""The command line (命令行): one focused input where the seat types short commands, as dispatch consoles have.

`la bljl` files the selected case as 暴露垃圾, `pq` dispatches it to the suggested department, `#1234`
opens a case. Verbs are pinyin initials with their Chinese words as synonyms (`立案暴露垃圾` works too).
Parsing is pure (`VERBS`, `parse`) so the help overlay and tests read the same table; `CommandLine`
adds the completion popup, the history kept across restarts and a calm hint when a command is wrong.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QHideEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QToolTip, QTreeWidget, QTreeWidgetItem, QWidget

from workstation.ui.settings import Settings

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

# How many entered commands the seat can walk back through (kept in Settings).
HISTORY_LIMIT = 100
# At most this many completions are offered at once (the provider may return more).
COMPLETION_LIMIT = 50

# (verb, partial argument) → [(completion text, description)], e.g. ("la", "bl") → [("bljl", "暴露垃圾 · 市容环境")].
# Called on the UI thread at each keystroke: it must answer from memory.
CompletionProvider = Callable[[str, str], list[tuple[str, str]]]


class Argument(Enum):
    """Whether a verb takes something after it."""

    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


@dataclass(frozen=True)
class Verb:
    """One command: its name (pinyin initials), Chinese synonyms, what it does and how it is typed.

    `summary` and `usage` are English source texts, shown translated by `help()` and `usage_text()`;
    `example` is typed as is."""

    name: str
    synonyms: tuple[str, ...]
    argument: Argument
    summary: str
    usage: str
    example: str

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)

    def help(self) -> str:
        return translate("Commands", self.summary)

    def usage_text(self) -> str:
        return translate("Commands", self.usage)


# Opens a case by its number: `#1234` (the argument is the digits).
# Table texts are marked with QT_TRANSLATE_NOOP (read by pyside6-lupdate) and translated when shown.
CASE_VERB = Verb(
    "#", (), Argument.REQUIRED,
    QT_TRANSLATE_NOOP("Commands", "Open a case by its number"), QT_TRANSLATE_NOOP("Commands", "#number"), "#1234",
)

# Every command, in the order the help and the completion list them. The one place verbs are defined.
VERBS: tuple[Verb, ...] = (
    Verb("la", ("立案",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "File the selected case; empty: under the chosen category"),
         QT_TRANSLATE_NOOP("Commands", "la [category]"), "la bljl"),
    Verb("pq", ("派遣",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Dispatch the case; empty: to the suggested department"),
         QT_TRANSLATE_NOOP("Commands", "pq [department]"), "pq hw"),
    Verb("bsl", ("不予受理",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Do not accept the case, with a reason"),
         QT_TRANSLATE_NOOP("Commands", "bsl [reason]"), "bsl cf"),
    Verb("zf", ("作废",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Cancel the case as invalid, with a reason"),
         QT_TRANSLATE_NOOP("Commands", "zf [reason]"), "zf cf"),
    Verb("hs", ("核实",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Send a verification task to the grid's collector"),
         QT_TRANSLATE_NOOP("Commands", "hs [note]"), "hs"),
    Verb("qr", ("确认",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Confirm the video AI detection"),
         QT_TRANSLATE_NOOP("Commands", "qr [note]"), "qr"),
    Verb("hb", ("合并",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Merge the case into a similar case; empty: the chosen one"),
         QT_TRANSLATE_NOOP("Commands", "hb [case number]"), "hb 1234"),
    Verb("bscf", ("不是重复",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Record that the case is not a duplicate of its similar cases"),
         QT_TRANSLATE_NOOP("Commands", "bscf [note]"), "bscf"),
    Verb("hc", ("核查",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Send the fed-back case to the grid's collector to check the disposal"),
         QT_TRANSLATE_NOOP("Commands", "hc [note]"), "hc"),
    Verb("ja", ("结案",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Close the checked case (shift leader), against its closing condition"),
         QT_TRANSLATE_NOOP("Commands", "ja [note]"), "ja"),
    Verb("db", ("督办",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Supervise the case with an opinion"),
         QT_TRANSLATE_NOOP("Commands", "db [opinion]"), "db 请今日内处置完毕"),
    Verb("hf", ("回访",), Argument.OPTIONAL,
         QT_TRANSLATE_NOOP("Commands", "Record the call back; my / jbmy / bmy / wjt preselects the answer"),
         QT_TRANSLATE_NOOP("Commands", "hf [answer]"), "hf my"),
    Verb("xj", ("新建",), Argument.NONE,
         QT_TRANSLATE_NOOP("Commands", "Open a new case form"), "xj", "xj"),
    Verb("n", (), Argument.NONE, QT_TRANSLATE_NOOP("Commands", "Next case"), "n", "n"),
    Verb("p", (), Argument.NONE, QT_TRANSLATE_NOOP("Commands", "Previous case"), "p", "p"),
    Verb("bz", ("?", "帮助"), Argument.NONE,
         QT_TRANSLATE_NOOP("Commands", "Show the keys and commands"), "bz", "?"),
    CASE_VERB,
)

_BY_WORD: dict[str, Verb] = {word.casefold(): verb for verb in VERBS for word in verb.words if verb is not CASE_VERB}
# Chinese synonyms may be followed directly by the argument (立案暴露垃圾); longest first.
_JOINED: list[tuple[str, Verb]] = sorted(
    ((word, verb) for verb in VERBS for word in verb.synonyms if not word.isascii()), key=lambda pair: -len(pair[0])
)


@dataclass(frozen=True)
class ParsedCommand:
    """A command the window carries out: `verb` is the canonical name ("la", "#"), `argument` what followed."""

    verb: str
    argument: str


@dataclass(frozen=True)
class ParseError:
    """Why a line is not a command, in the seat's language; `suggestion` names the closest verb, if any."""

    message: str
    word: str
    suggestion: str | None


def _fill(template: str, *values: str) -> str:
    """'%1 … %2' filled in one pass (a value containing '%2' stays as typed)."""
    return re.sub(r"%(\d)", lambda match: values[int(match.group(1)) - 1], template)


def normalise(text: str) -> str:
    """Full-width input from a Chinese IME (＃１２３４, ？, ideographic spaces) read as its plain form."""
    return unicodedata.normalize("NFKC", text).strip()


@dataclass(frozen=True)
class _Split:
    verb: Verb | None
    word: str  # the verb as typed
    argument: str
    begun: bool  # the seat has moved past the verb (a space, or characters after a Chinese verb)


def _split(text: str) -> _Split:
    """Splits a normalised line into its verb and argument."""
    if text.startswith("#"):
        return _Split(CASE_VERB, "#", text[1:].strip(), True)
    match = re.match(r"(\S*)(\s*)(.*)", text, re.DOTALL)
    assert match is not None  # the pattern matches any string
    head, gap, rest = match.groups()
    if (verb := _BY_WORD.get(head.casefold())) is not None:
        return _Split(verb, head, rest.strip(), bool(gap))
    for word, verb in _JOINED:
        if text.startswith(word):
            tail = text[len(word):]
            return _Split(verb, word, tail.strip(), bool(tail))
    return _Split(None, head, rest.strip(), bool(gap))


def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of neighbours as one edit (bls → bsl)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def closest_verb(word: str) -> Verb:
    """The verb the seat most likely meant (ties go to the earlier, more common verb)."""
    folded = word.casefold()
    candidates = [verb for verb in VERBS if verb is not CASE_VERB]
    return min(
        candidates,
        key=lambda verb: (
            min(_distance(folded, w.casefold()) for w in verb.words),
            not any(w.casefold()[:1] == folded[:1] for w in verb.words),  # same first letter: likelier
            candidates.index(verb),
        ),
    )


def parse(text: str) -> ParsedCommand | ParseError:
    """Reads one line: `la bljl` → ParsedCommand("la", "bljl"), `派遣` → ("pq", ""), `#1234` → ("#", "1234")."""
    text = normalise(text)
    if not text:
        return ParseError(translate("Commands", "Type a command; ? lists them."), "", None)
    split = _split(text)
    verb = split.verb
    if verb is None:
        closest = closest_verb(split.word)
        message = _fill(
            translate("Commands", "Unknown command “%1”. Did you mean “%2” (%3)?"),
            split.word, closest.name, closest.synonyms[-1] if closest.synonyms else closest.help(),
        )
        return ParseError(message, split.word, closest.name)
    if verb is CASE_VERB and not re.fullmatch(r"[0-9]+", split.argument):
        return ParseError(translate("Commands", "A case number has digits only, e.g. #1234."), "#", None)
    if verb.argument is Argument.NONE and split.argument:
        message = _fill(translate("Commands", "“%1” takes nothing after it: %2"), split.word, verb.usage_text())
        return ParseError(message, split.word, verb.name)
    return ParsedCommand(verb.name, split.argument)


@dataclass(frozen=True)
class Completion:
    """One row of the popup: what it shows, its description, and the whole line it puts in the input."""

    text: str
    description: str
    line: str
    more: bool = False  # after accepting, offer completions for the argument


def verb_description(verb: Verb) -> str:
    """'立案 · File the selected case …' — the synonyms the seat may type, then what the verb does."""
    return " · ".join([*verb.synonyms, verb.help()]) if verb.synonyms else verb.help()


def completions(text: str, provider: CompletionProvider | None) -> list[Completion]:
    """What the popup offers for `text`: verbs while the first word is typed, then the provider's items."""
    text = unicodedata.normalize("NFKC", text).lstrip()
    if not text:
        return []
    split = _split(text)
    if not split.begun:
        prefix = split.word.casefold()
        return [
            Completion(
                verb.name, verb_description(verb), verb.name + (" " if verb.argument is not Argument.NONE else ""),
                more=verb.argument is not Argument.NONE,
            )
            for verb in VERBS
            if verb is not CASE_VERB and any(word.casefold().startswith(prefix) for word in verb.words)
        ]
    verb = split.verb
    if verb is None or verb.argument is Argument.NONE or provider is None:
        return []
    try:
        offered = provider(verb.name, split.argument)
    except Exception:  # a faulty provider must not break typing
        log.exception("completion provider failed for %r", text)
        return []
    lead = "#" if verb is CASE_VERB else f"{split.word} "
    return [Completion(item, description, lead + item) for item, description in offered[:COMPLETION_LIMIT]]


_ERROR_STYLE = "QLineEdit#commandLine { border: 1px solid #c62828; background: #fdecea; }"


class CommandLine(QLineEdit):
    """The seat's command input. Enter parses the line: `submitted(ParsedCommand)`, or `message(str)` and a
    red hint when it is not a command. Esc clears it and emits `escaped` (the window gives focus back to
    the queue). Up/Down walk the history when the popup is closed; Tab, Down and Enter work the popup."""

    submitted = Signal(object)  # ParsedCommand
    message = Signal(str)
    escaped = Signal()

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commandLine")
        self._settings = settings
        self._history: list[str] = list(settings.command_history)[-HISTORY_LIMIT:] if settings else []
        self._position: int | None = None  # where the seat is in the history; None = a new line
        self._draft = ""  # the new line, kept while the seat walks the history
        self._provider: CompletionProvider | None = None
        self._watched: QWidget | None = None
        self._offered: list[Completion] = []  # what the popup's rows stand for, row by row
        self.setPlaceholderText(self.tr("Command: la file · pq dispatch · #1234 open · ? help"))
        self._tooltip = self.tr("Type a command and press Enter; ? lists the commands, Esc leaves.")
        self.setToolTip(self._tooltip)
        self.error = ""  # the hint shown for the last line that was not a command

        self.popup = QTreeWidget(self)
        self.popup.setObjectName("commandCompletions")
        self.popup.setWindowFlags(Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.popup.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.setColumnCount(2)
        self.popup.setHeaderHidden(True)
        self.popup.setRootIsDecorated(False)
        self.popup.setUniformRowHeights(True)
        self.popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.popup.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.popup.itemClicked.connect(lambda item, _column: self._accept(item))
        self.popup.hide()
        self.textEdited.connect(self._edited)

    # --- public --------------------------------------------------------------------------------

    def set_completion_provider(self, provider: CompletionProvider | None) -> None:
        """What to offer after a verb: (verb, partial argument) → [(completion, description)]."""
        self._provider = provider

    @property
    def history(self) -> list[str]:
        """Entered commands, oldest first."""
        return list(self._history)

    # --- keys ----------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape or (
                event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers()
            ):
                event.accept()  # ours, even if the window has a shortcut on the key
                return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and not event.modifiers()
            and self.popup.isVisible()
        ):
            self._accept(self.popup.currentItem() or self.popup.topLevelItem(0))
            return True  # Tab completes here instead of moving the focus on
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        popup_open = self.popup.isVisible()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            chosen = self.popup.currentItem() if popup_open else None
            if chosen is not None and chosen.isSelected():
                self._accept(chosen)
            else:
                self._submit()
        elif key == Qt.Key.Key_Escape:
            self._escape()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and popup_open:
            self._move(key)
        elif key == Qt.Key.Key_Up and not event.modifiers():
            self._walk(-1)
        elif key == Qt.Key.Key_Down and not event.modifiers():
            self._walk(1)
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._hide_popup()
        super().focusOutEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._hide_popup()
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self._hide_popup()  # the popup is a separate window; it would stay behind
        return False

    # --- entering a line -----------------------------------------------------------------------

    def _submit(self) -> None:
        self._hide_popup()
        text = self.text().strip()
        if not text:
            return
        result = parse(text)
        if isinstance(result, ParseError):
            self._show_error(result)
            self.message.emit(result.message)
            return
        self._remember(text)
        self.clear()
        self._clear_error()
        self.submitted.emit(result)

    def _escape(self) -> None:
        self._hide_popup()
        self.clear()
        self._clear_error()
        self._position = None
        self.escaped.emit()

    def _show_error(self, error: ParseError) -> None:
        """Red frame, the message as tooltip (shown at once), and the wrong word selected for retyping."""
        self.error = error.message
        self.setStyleSheet(_ERROR_STYLE)
        self.setToolTip(error.message)
        QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), error.message, self)
        start = self.text().find(error.word) if error.word else -1
        if start >= 0:
            self.setSelection(start, len(error.word))

    def _clear_error(self) -> None:
        if self.error:
            self.error = ""
            self.setStyleSheet("")
            self.setToolTip(self._tooltip)
            QToolTip.hideText()

    # --- history -------------------------------------------------------------------------------

    def _remember(self, text: str) -> None:
        if not self._history or self._history[-1] != text:
            self._history.append(text)
            del self._history[:-HISTORY_LIMIT]
            if self._settings is not None:
                self._settings.command_history = self._history
        self._position = None
        self._draft = ""

    def _walk(self, step: int) -> None:
        """Up (-1) goes to older lines, Down (+1) back to newer ones and finally to the line being typed."""
        if not self._history:
            return
        if self._position is None:
            if step > 0:
                return
            self._draft = self.text()
            position = len(self._history) - 1
        else:
            position = self._position + step
            if position < 0:
                return
            if position >= len(self._history):
                self._position = None
                self.setText(self._draft)
                return
        self._position = position
        self._clear_error()
        self.setText(self._history[position])

    # --- completion ----------------------------------------------------------------------------

    def _edited(self, _text: str) -> None:
        self._clear_error()
        self._position = None
        self._refresh_completions()

    def _refresh_completions(self) -> None:
        offered = completions(self.text(), self._provider) if self.isVisible() else []
        if not offered:
            self._hide_popup()
            return
        self.popup.clear()
        self._offered = offered
        bold = QFont(self.font())
        bold.setBold(True)
        grey = QColor("#5f6b76")
        for completion in offered:
            item = QTreeWidgetItem([completion.text, completion.description])
            item.setFont(0, bold)
            item.setForeground(1, grey)
            self.popup.addTopLevelItem(item)
        self.popup.setCurrentItem(None)
        self.popup.clearSelection()
        self._place_popup()

    def _place_popup(self) -> None:
        popup = self.popup
        popup.resizeColumnToContents(0)
        popup.setColumnWidth(0, popup.columnWidth(0) + 16)
        rows = min(popup.topLevelItemCount(), 10)
        row_height = popup.sizeHintForRow(0) or self.fontMetrics().height() + 6
        height = rows * row_height + 2 * popup.frameWidth() + 2
        popup.resizeColumnToContents(1)
        wanted = popup.columnWidth(0) + popup.columnWidth(1) + 2 * popup.frameWidth() + 24
        width = max(self.width(), min(wanted, 720))
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry()
        y = below.y() if below.y() + height <= screen.bottom() else self.mapToGlobal(QPoint(0, 0)).y() - height
        popup.setGeometry(below.x(), y, width, height)
        window = self.window()
        if window is not self._watched:
            if self._watched is not None:
                self._watched.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched = window
        popup.show()  # a tool-tip window: above the window, without taking the focus

    def _hide_popup(self) -> None:
        if self.popup.isVisible():
            self.popup.hide()

    def _move(self, key: Qt.Key) -> None:
        """Down selects the first row and goes on; Up above the first row returns to the typed text."""
        popup = self.popup
        count = popup.topLevelItemCount()
        item = popup.currentItem()
        current = popup.indexOfTopLevelItem(item) if item is not None and item.isSelected() else -1
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}[key]
        if step > 0:
            target = min(count - 1, current + step if current >= 0 else step - 1)
        else:
            target = -1 if current <= 0 else max(0, current + step)
        if target < 0:
            popup.clearSelection()
            popup.setCurrentItem(None)
            return
        chosen = popup.topLevelItem(target)
        popup.setCurrentItem(chosen)
        chosen.setSelected(True)
        popup.scrollToItem(chosen)

    def _accept(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        completion = self._offered[self.popup.indexOfTopLevelItem(item)]
        self._hide_popup()
        self.setText(completion.line)
        self._position = None
        if completion.more:
            self._refresh_completions()
