"""相似案卷判断 (similar-case warnings) on the server: the engine's index of the cases, and the check
a new or corrected case gets against it.

Each server process keeps one index (`domain.similarity.Index`), built from the database on first
use and brought up to date from the `events` table before every check: changes made by other
server processes are seen, and a transaction that rolled back leaves nothing behind. The seats'
合并 / 不是重复 decisions tune the engine; they are replayed from the case history when it is built.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from workstation.domain import workflow
from workstation.domain.catalogue import Catalogue
from workstation.domain.models import (
    Case,
    CaseState,
    Event,
    GridRef,
    SimilarCase,
    SimilarCheck,
    SimilarDecision,
    SimilarityStats,
    SimilarQuery,
)
from workstation.domain.privacy import normalise_phone
from workstation.domain.similarity import CaseFacts, Index, Rules
from workstation.resources import resource_path
from workstation.server import db, store

#: Not in the index: a detection is not a case until a seat confirms it; the others ended as no problem.
LEFT_OUT = frozenset({CaseState.DETECTED, CaseState.NOT_ACCEPTED, CaseState.CANCELLED})
#: History actions that are a seat's answer to a warning, and whether it said "duplicate".
DECISIONS = {"merged": True, "not_duplicate": False}
#: Added to the filing note when a seat files a case with a warning standing and no decision.
FILED_ANYWAY_NOTE = "相似案卷提示未采纳，仍立案"
EVENT_BATCH = 500
log = logging.getLogger(__name__)


def load_rules(city: str) -> Rules:
    """The city's rules (`resources/city/<city>/similarity.json`), else the default ones."""
    path = resource_path("city", city, "similarity.json")
    if not path.is_file():
        path = resource_path("similarity", "rules.json")
    return Rules.from_json(json.loads(path.read_text(encoding="utf-8")))


class SimilarCases:
    """The index of one server process; safe to use from the endpoints' threads."""

    def __init__(self, database: db.Database, catalogue: Catalogue, rules: Rules) -> None:
        self.database = database
        self.catalogue = catalogue
        self.rules = rules
        self._lock = threading.Lock()
        self._index: Index | None = None
        self._seq = 0  # the last event applied to the index

    def facts(self, case: Case) -> CaseFacts:
        """What the engine compares of a case: 小类 and its 大类, place, text, 部件 and caller."""
        component = case.details.get("component_id") or case.details.get("device_id")
        location = case.location
        return CaseFacts(
            id=case.id, at=case.reported_at.timestamp(), category=case.category_id, group=self._group(case.category_id),
            lon=location.lon if location else None, lat=location.lat if location else None,
            grid=case.grid.code if case.grid else None, address=case.address, text=case.description,
            component=str(component) if component else None, caller=store.reporter_phone(case) or None,
            open=case.state in workflow.OPEN_STATES)

    def _group(self, category_id: str | None) -> str | None:
        category = self.catalogue.category(category_id) if category_id else None
        return f"{category.kind}{category.big_code}" if category else None

    def check(self, connection: Connection, case: Case, now: datetime) -> SimilarCheck | None:
        """`case` against every other case as committed, read through `connection` before its
        transaction writes an event of its own; the cases a seat already answered 不是重复 for on an
        earlier check of it stay off the list. None if the engine failed: the warning is advice,
        and a report must never be lost for it (the index is rebuilt on the next check)."""
        ruled_out = ruled_out_by(case.similar)
        return self._check(connection, self.facts(case), now, ruled_out)

    def preview(self, connection: Connection, query: SimilarQuery, grid: GridRef | None, now: datetime) -> SimilarCheck:
        """A case still being written (by a seat on the phone) against the cases there are."""
        location = query.location
        facts = CaseFacts(
            id="", at=now.timestamp(), category=query.category_id, group=self._group(query.category_id),
            lon=location.lon if location else None, lat=location.lat if location else None,
            grid=grid.code if grid else None, address=query.address, text=query.description,
            caller=normalise_phone(query.phone) or None)
        return self._check(connection, facts, now, ()) or SimilarCheck(warn=False, candidates=(), checked_at=now)

    def _check(self, connection: Connection, facts: CaseFacts, now: datetime,
               ruled_out: tuple[str, ...]) -> SimilarCheck | None:
        with self._lock:
            try:
                found = self._current(connection).suggest(facts, ruled_out=ruled_out)
            except sa.exc.SQLAlchemyError:
                raise
            except Exception:
                log.exception("相似案卷判断失败，案卷 %s 未做相似检查", facts.id or "（登记中）")
                self._index = None
                return None
        ids = [candidate.id for candidate in found.candidates]
        states = dict(connection.execute(sa.select(db.cases.c.id, db.cases.c.state)
                                         .where(db.cases.c.id.in_(ids))).all()) if ids else {}
        candidates = tuple(
            SimilarCase(case_id=candidate.id, score=candidate.score, explanation=candidate.explanation,
                        distance_m=None if candidate.distance_m is None else round(candidate.distance_m, 1),
                        hours_before=round(candidate.hours, 2), state=CaseState(states[candidate.id]))
            for candidate in found.candidates)
        return SimilarCheck(warn=found.warn, candidates=candidates, checked_at=now, ruled_out=ruled_out)

    def _current(self, connection: Connection) -> Index:
        first = db.first_seq(connection)
        if self._index is None or (first is not None and first > self._seq + 1):  # new, or the log was pruned
            self._index, self._seq = self._build()
        while True:
            events = store.events_after(connection, self._seq, EVENT_BATCH)
            for event in events:
                self._apply(self._index, event)
                self._seq = event.seq
            if len(events) < EVENT_BATCH:
                return self._index

    def _build(self) -> tuple[Index, int]:
        """A new index from one snapshot: the cases a new report can still be compared with (reported
        within the widest window of any rule) and the seats' decisions so far."""
        index = Index(self.rules)
        oldest = datetime.now(UTC) - timedelta(hours=self.rules.widest[1])
        cases, history = db.cases, db.case_history
        with self.database.read() as connection:
            seq = db.last_seq(connection)
            rows = connection.execute(sa.select(cases).where(
                cases.c.state.not_in([state.value for state in LEFT_OUT]), cases.c.reported_at >= oldest)
                .order_by(cases.c.reported_at))
            for row in rows:
                index.add(self.facts(store.case_from_row(row)))
            decisions = connection.execute(
                sa.select(cases.c.category_id, cases.c.similar, history.c.action).join_from(history, cases)
                .where(history.c.action.in_(list(DECISIONS))))
            for category_id, check, action in decisions:
                _feedback(index, category_id, action, SimilarCheck.model_validate(check) if check else None)
        return index, seq

    def _apply(self, index: Index, event: Event) -> None:
        case = event.case
        if case is None:
            return
        if case.state in LEFT_OUT:
            index.remove(case.id)
        else:
            index.add(self.facts(case))
        if event.action in DECISIONS:
            _feedback(index, case.category_id, event.action, case.similar)


def ruled_out_by(check: SimilarCheck | None) -> tuple[str, ...]:
    """The cases a seat said are not the same problem as this one, over all its checks so far."""
    if check is None:
        return ()
    if check.decision is not SimilarDecision.NOT_DUPLICATE:
        return check.ruled_out
    return tuple(dict.fromkeys((*check.ruled_out, *(candidate.case_id for candidate in check.candidates))))


def _feedback(index: Index, category_id: str | None, action: str, check: SimilarCheck | None) -> None:
    """Tell the engine a seat's decision; a detection merged before anyone confirmed it was never
    checked and says nothing about the engine."""
    if check is not None:
        index.feedback(category_id, merged=DECISIONS[action])


def warning(check: SimilarCheck | None) -> str:
    """The history note of a warning, e.g. "相似案卷提示：#20261125000012（同一小类，相距 35 米，2 小时前）"."""
    if check is None or not check.warn:
        return ""
    best = check.candidates[0]
    return f"相似案卷提示：#{best.case_id}（{best.explanation}）"


def stats(connection: Connection, since: datetime) -> SimilarityStats:
    """Checks since `since` and what became of their warnings, and the seats' decisions since then."""
    checks = [(CaseState(state), SimilarCheck.model_validate(value)) for state, value in connection.execute(
        sa.select(db.cases.c.state, db.cases.c.similar).where(
            db.cases.c.updated_at >= since, db.cases.c.similar.is_not(None)))]
    checks = [(state, check) for state, check in checks if check.checked_at >= since]
    warned = [(state, check) for state, check in checks if check.warn]
    history = db.case_history
    filed_anyway = sa.and_(history.c.action == "file", history.c.note.contains(FILED_ANYWAY_NOTE, autoescape=True))
    decision = sa.case((filed_anyway, SimilarDecision.FILED_ANYWAY.value), else_=history.c.action)
    rows = connection.execute(
        sa.select(history.c.actor_name, decision).where(
            history.c.at >= since, sa.or_(history.c.action.in_(list(DECISIONS)), filed_anyway)))
    totals: Counter[str] = Counter()
    by_seat: dict[str, Counter[str]] = {}
    for name, action in rows:
        totals[action] += 1
        by_seat.setdefault(name, Counter())[action] += 1
    return SimilarityStats(
        since=since, checked=len(checks), warned=len(warned),
        merged=totals[SimilarDecision.MERGED.value], not_duplicate=totals[SimilarDecision.NOT_DUPLICATE.value],
        filed_anyway=totals[SimilarDecision.FILED_ANYWAY.value],
        undecided=sum(1 for state, check in warned if check.decision is None and state in workflow.OPEN_STATES),
        by_seat={name: dict(counts) for name, counts in sorted(by_seat.items())})
