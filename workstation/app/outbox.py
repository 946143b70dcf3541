"""The command outbox (待发送): seat commands made while the server was unreachable, kept on disk.

One SQLite file per seat and server (beside the drafts). Each entry is one command as it will be
sent: the case, the action, the body as JSON (its `version` is the case version it goes out on),
the idempotency key of all its attempts, a Chinese label for messages and when it was queued.
Entries leave in the order they came. Leases (认领/释放) and reads are never kept (`QUEUEABLE`).
No Qt and no network: the session decides when to send.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workstation.domain import workflow
from workstation.domain.models import (
    AcknowledgeCommand,
    CaseCommand,
    CheckCommand,
    CloseCommand,
    ConfirmCommand,
    DecideCommand,
    DispatchCommand,
    EditCommand,
    FeedbackCommand,
    FileCommand,
    MergeCommand,
    NotDuplicateCommand,
    RejectCommand,
    RejectKind,
    RequestCommand,
    ResumeCommand,
    RevisitCommand,
    SuperviseCommand,
    VerificationReport,
    VerifyCommand,
)

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL,
    action TEXT NOT NULL,
    body TEXT NOT NULL,
    version INTEGER NOT NULL,
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    queued_at TEXT NOT NULL
)
"""
_COLUMNS = "id, case_id, action, body, version, key, label, queued_at"

#: The body of each command the outbox may hold, by action. Leases (认领/释放) are never kept: a
#: lease taken or handed back later means nothing.
QUEUEABLE: dict[str, type[CaseCommand]] = {
    "edit": EditCommand, "file": FileCommand, "confirm": ConfirmCommand, "reject": RejectCommand,
    "merge": MergeCommand, "not_duplicate": NotDuplicateCommand, "dispatch": DispatchCommand,
    "acknowledge": AcknowledgeCommand, "feedback": FeedbackCommand, "request": RequestCommand,
    "decide": DecideCommand, "resume": ResumeCommand, "check": CheckCommand, "close": CloseCommand,
    "supervise": SuperviseCommand, "verify": VerifyCommand, "revisit": RevisitCommand,
    "verify_result": VerificationReport,
}


def action_label(action: str, command: CaseCommand) -> str:
    """The action in the seat's words (立案, 派遣, 不予受理 …) for messages about a queued command."""
    if isinstance(command, RejectCommand):
        action = "not_accept" if command.kind is RejectKind.NOT_ACCEPTED else "cancel"
    elif isinstance(command, RequestCommand):
        action = f"request_{command.kind.value}"
    elif isinstance(command, DecideCommand):
        return "批准申请" if command.approve else "驳回申请"
    elif action == "merge":
        action = "merged"
    return workflow.ACTION_NAMES_ZH.get(action, action)


@dataclass(frozen=True)
class OutboxEntry:
    """One waiting command; `body` is its JSON with `version` equal to the `version` column."""

    id: int
    case_id: str
    action: str
    body: str
    version: int
    key: str
    label: str
    queued_at: datetime


class Outbox:
    """The waiting commands of one seat on one server, in `path` (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)  # autocommit: every change is on disk at once
        self._db.execute(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def add(self, case_id: str, action: str, body: str, key: str, label: str) -> OutboxEntry:
        """Keep a command behind all others (on disk before this returns)."""
        version = int(json.loads(body)["version"])
        queued_at = datetime.now(UTC)
        cursor = self._db.execute(
            "INSERT INTO entries (case_id, action, body, version, key, label, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (case_id, action, body, version, key, label, queued_at.isoformat()))
        assert cursor.lastrowid is not None
        return OutboxEntry(cursor.lastrowid, case_id, action, body, version, key, label, queued_at)

    def entries(self) -> list[OutboxEntry]:
        """Every waiting command, oldest first."""
        return [self._entry(row) for row in self._db.execute(f"SELECT {_COLUMNS} FROM entries ORDER BY id")]

    def first(self) -> OutboxEntry | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM entries ORDER BY id LIMIT 1").fetchone()
        return self._entry(row) if row is not None else None

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def holds(self, case_id: str) -> bool:
        """Does a command on `case_id` still wait (a later one on that case must queue behind it)?"""
        return self._db.execute("SELECT 1 FROM entries WHERE case_id = ? LIMIT 1", (case_id,)).fetchone() is not None

    def remove(self, entry_id: int) -> None:
        self._db.execute("DELETE FROM entries WHERE id = ?", (entry_id,))

    def advance(self, case_id: str, old_version: int, new_version: int) -> None:
        """This seat's own command moved the case from `old_version` to `new_version`: the commands
        queued behind it on that version now go out on the new one (nobody else changed the case)."""
        rows = self._db.execute("SELECT id, body FROM entries WHERE case_id = ? AND version = ?",
                                (case_id, old_version)).fetchall()
        with self._db:
            self._db.execute("BEGIN")
            for entry_id, body in rows:
                document = json.loads(body)
                document["version"] = new_version
                self._db.execute("UPDATE entries SET body = ?, version = ? WHERE id = ?",
                                 (json.dumps(document, ensure_ascii=False), new_version, entry_id))

    @staticmethod
    def _entry(row: tuple[int, str, str, str, int, str, str, str]) -> OutboxEntry:
        entry_id, case_id, action, body, version, key, label, queued_at = row
        return OutboxEntry(entry_id, case_id, action, body, version, key, label, datetime.fromisoformat(queued_at))


def open_outbox(path: Path) -> Outbox | None:
    """The outbox in `path`, or None (logged) when the file cannot be used: the seat still works, online."""
    try:
        return Outbox(path)
    except (OSError, sqlite3.Error) as error:
        log.error("outbox %s unusable (%s); commands are not kept while offline", path, error)
        return None
