"""草稿 (drafts): a seat's unsent work, kept on disk so a crash, a restart or a lost connection loses nothing.

Two kinds: new cases being registered (a hotline call typed in while the caller talks) and the
corrections a seat made to an open case before filing. The form states are plain JSON objects
the forms write and read themselves; this module only keeps them, one file per seat and server,
replaced atomically on every save so a crash mid-write leaves the previous version intact.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

JsonObject = dict[str, Any]


@dataclass(frozen=True)
class Draft:
    """One saved form: `key` is "new:<uuid>" for a new case, the case id for corrections."""

    key: str
    saved_at: datetime
    state: JsonObject
    version: int | None = None  # the case version the corrections were made on


def new_key() -> str:
    return f"new:{uuid.uuid4().hex}"


def is_new(key: str) -> bool:
    return key.startswith("new:")


def owner_name(server_url: str, user_id: str) -> str:
    """A file name for one seat on one server: "127.0.0.1_8000-seat01"."""
    server = re.sub(r"^\w+://", "", server_url).rstrip("/")
    return re.sub(r"[^\w.-]+", "_", f"{server}-{user_id}")


class DraftStore:
    """The drafts of one seat on one server, in `folder/<owner>.json`."""

    def __init__(self, folder: Path, owner: str) -> None:
        self.path = folder / f"{owner}.json"
        self._drafts: dict[str, Draft] = self._read()

    def _read(self) -> dict[str, Draft]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:  # a damaged file must not stop the seat from working
            log.error("drafts in %s unreadable (%s); starting without them", self.path, error)
            return {}
        drafts = {}
        for key, item in document.get("drafts", {}).items():
            try:
                drafts[key] = Draft(key=key, saved_at=datetime.fromisoformat(item["saved_at"]),
                                    state=dict(item["state"]), version=item.get("version"))
            except (KeyError, TypeError, ValueError):
                log.warning("skipping a damaged draft %s", key)
        return drafts

    def _write(self) -> None:
        document = {"drafts": {key: {"saved_at": draft.saved_at.isoformat(), "state": draft.state,
                                     "version": draft.version} for key, draft in self._drafts.items()}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".drafts-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(document, file, ensure_ascii=False)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> Draft | None:
        return self._drafts.get(key)

    def new_cases(self) -> list[Draft]:
        """The new-case drafts, oldest first."""
        return sorted((d for d in self._drafts.values() if is_new(d.key)), key=lambda d: d.saved_at)

    def save(self, key: str, state: JsonObject, version: int | None = None) -> None:
        """Keep `state` under `key` (on disk before this returns)."""
        self._drafts[key] = Draft(key=key, saved_at=datetime.now(UTC), state=state, version=version)
        self._write()

    def discard(self, key: str) -> None:
        """Forget a draft once its work reached the server (or the seat threw it away)."""
        if self._drafts.pop(key, None) is not None:
            self._write()
