"""相似案卷判断: which earlier cases is a new report probably the same problem as?

An in-memory index of cases answers with a ranked list of candidates, a score (0–1) for each, a
warn/no-warn decision and a short Chinese explanation ("同一小类，相距 35 米，2 小时前，描述相似度 82%").

Candidates are found through four blocks, each a time-ordered list of rows: 100 m map cells around
the point, the same normalised address, the same caller and the same 部件 (component) id. Each
candidate is scored by a sum of log-odds terms; the weights follow what the Chicago 311 duplicate
labels show (distance and category dominate; a same-category report at the same spot hours later is
usually a duplicate; a different component id never is), and the thresholds are calibrated on data
(`python -m workstation.similarity calibrate`). A city tunes radius, window and threshold per 小类
(`Rules`), and the seats' 合并 / 不是重复 decisions shift each 小类's prior (`Index.feedback`).

Pure Python, no IO: the server and the measurement command line both feed it.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from array import array
from bisect import insort
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

CELL_M = 100.0  # map cell size of the spatial block
METRES_PER_DEGREE = 111_320.0
SAME_SPOT_M = 5.0  # "the very same spot": within GPS noise
MAX_SCAN = 400  # newest rows examined per block: a hot spot cannot make a query slow
MAX_CANDIDATES = 5
LIST_FLOOR = 0.05  # candidates scoring below this are not listed at all


# --- the facts of one case and the rules it is judged by --------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the index knows of one case. `at` is seconds since the epoch."""

    id: str
    at: float
    category: str | None = None  # 小类 id (or a city's category name)
    group: str | None = None  # 大类: 小类 of one 大类 are "related"
    lon: float | None = None
    lat: float | None = None
    grid: str | None = None
    address: str = ""
    text: str = ""
    component: str | None = None  # 部件 id / device id
    caller: str | None = None  # normalised phone number
    open: bool = True  # closed cases are listed but weigh less: a new report may be a recurrence


@dataclass(frozen=True, slots=True)
class Rule:
    """How far, how long and how sure for one 小类 (a pothole is not a street vendor)."""

    radius_m: float = 50.0  # same problem if within this distance
    window_h: float = 24.0  # … and reported within this many hours
    open_window_h: float = 168.0  # an open case stays a candidate this long
    threshold: float = 0.5  # warn when the best candidate scores at least this
    warn: bool = True  # False: list candidates but never warn (e.g. counted complaints)

    @classmethod
    def from_json(cls, data: Mapping[str, Any], base: Rule | None = None) -> Rule:
        known = {name: data[name] for name in ("radius_m", "window_h", "open_window_h", "threshold", "warn")
                 if name in data}
        return replace(base or cls(), **known)

    def to_json(self) -> dict[str, Any]:
        return {"radius_m": self.radius_m, "window_h": self.window_h, "open_window_h": self.open_window_h,
                "threshold": self.threshold, "warn": self.warn}


@dataclass(frozen=True)
class Rules:
    """The default rule and a city's overrides per 小类 (JSON: {"default": {…}, "categories": {id: {…}}})."""

    default: Rule = Rule()
    categories: Mapping[str, Rule] = field(default_factory=dict)

    def of(self, category: str | None) -> Rule:
        return self.categories.get(category or "", self.default)

    @property
    def widest(self) -> tuple[float, float]:
        """The largest radius and time window any rule asks for (bounds of the spatial search)."""
        rules = [self.default, *self.categories.values()]
        return max(rule.radius_m for rule in rules), max(max(r.window_h, r.open_window_h) for r in rules)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Rules:
        default = Rule.from_json(data.get("default", {}))
        categories = {key: Rule.from_json(value, default) for key, value in data.get("categories", {}).items()}
        return cls(default, categories)

    def to_json(self) -> dict[str, Any]:
        return {"default": self.default.to_json(),
                "categories": {key: rule.to_json() for key, rule in sorted(self.categories.items())}}


# --- text: character n-grams, for Chinese and English alike -----------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+(号|弄|栋|号楼)?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_ADDRESS_PREFIX = re.compile(r"^(.{2,9}?省)?(.{2,9}?市)?(.{2,9}?[区县])?")


def normalise(text: str) -> str:
    """NFKC, lower case, punctuation and runs of space folded to one space."""
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def grams(text: str) -> frozenset[str]:
    """Character bigrams inside CJK runs, trigrams inside other words (padded so short words count)."""
    found: set[str] = set()
    for word in normalise(text).split():
        if _CJK.search(word):
            found.update(word[i:i + 2] for i in range(max(1, len(word) - 1)))
        else:
            padded = f" {word} "
            found.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def resemblance(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine of two n-gram sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def address_key(address: str) -> str:
    """The address without province/city/district prefix, normalised: equal keys are the same door."""
    return normalise(_ADDRESS_PREFIX.sub("", address.strip(), count=1)) if address else ""


def street_key(address_key: str) -> str:
    """The road of a normalised address: the address without its numbers ("" when nothing is left)."""
    street = _DIGITS.sub("", address_key)
    return " ".join(street.split()) if street != address_key else ""


# --- the answer ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    score: float  # 0–1
    explanation: str  # Chinese, e.g. "同一小类，相距 35 米，2 小时前，描述相似度 82%"
    distance_m: float | None
    hours: float  # how long before the new case the candidate was reported
    open: bool


@dataclass(frozen=True, slots=True)
class Suggestion:
    warn: bool
    candidates: tuple[Candidate, ...]  # best first, at most MAX_CANDIDATES

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


# --- scoring ----------------------------------------------------------------------------------------

#: Log-odds weights. BASE is the prior that two cases drawn from the blocks are the same problem.
BASE = -3.0
SAME_CATEGORY = 2.5
RELATED_CATEGORY = -0.5  # same 大类: a seat may file the same problem under a neighbouring 小类
OTHER_CATEGORY = -2.5
SAME_SPOT = 2.5  # within SAME_SPOT_M
NEAR = 2.0  # scaled down linearly to 0 at the rule's radius
FAR = -3.0  # reached at twice the radius
RECENT = 1.0  # scaled down to 0 at the window's end
STALE = -2.0  # an open case reported long before the window
TEXT = 3.0  # times (similarity - TEXT_NEUTRAL)
TEXT_NEUTRAL = 0.2
ADDRESS = 2.0  # times (similarity - ADDRESS_NEUTRAL), when no point decides
ADDRESS_NEUTRAL = 0.5
SAME_ADDRESS = 1.0
SAME_GRID = 1.0  # when either case has no point: the same 单元网格
SAME_STREET = 1.0  # the same road with another door number (解放路126号 / 解放路130号)
SAME_COMPONENT = 4.0
OTHER_COMPONENT = -4.0
SAME_CALLER = 1.0
CLOSED = -1.5
#: The most the address and the texts can add, and the logit of LIST_FLOOR: below it nothing is listed.
_MOST_FROM_WORDS = max(SAME_ADDRESS, SAME_STREET, ADDRESS * (1 - ADDRESS_NEUTRAL)) + TEXT * (1 - TEXT_NEUTRAL)
_FLOOR_LOGIT = math.log(LIST_FLOOR / (1 - LIST_FLOOR))
PRIOR_FLOOR = 1 / 3  # seats merging fewer of a 小类's warnings than this make it quieter
PRIOR_WEIGHT = 2.0
PRIOR_LOWEST = -6.0


def _logit(share: float) -> float:
    return math.log(share / (1 - share))


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def _ago(hours: float) -> str:
    if hours < 1:
        return f"{max(1, round(hours * 60))} 分钟前"
    if hours < 48:
        return f"{round(hours)} 小时前"
    return f"{round(hours / 24)} 天前"


class _Row:
    """One indexed case, compact: the point in metres on the index's projection, the address as its
    normalised key, the text n-grams made only when first compared."""

    __slots__ = ("id", "at", "category", "group", "x", "y", "grid", "address", "text", "component", "caller",
                 "open", "grams")

    def __init__(self, facts: CaseFacts, x: float | None, y: float | None) -> None:
        self.id, self.at, self.category, self.group = facts.id, facts.at, facts.category, facts.group
        self.x, self.y = x, y
        self.grid = sys.intern(facts.grid) if facts.grid else None  # a few thousand cells, shared
        self.address = address_key(facts.address)
        self.text, self.component, self.caller, self.open = facts.text, facts.component, facts.caller, facts.open
        self.grams: frozenset[str] | None = None

    @property
    def cell(self) -> tuple[int, int] | None:
        if self.x is None or self.y is None:
            return None
        return math.floor(self.x / CELL_M), math.floor(self.y / CELL_M)

    def text_grams(self) -> frozenset[str]:
        if self.grams is None:
            self.grams = grams(self.text)
        return self.grams


class _Query:
    """The case asked about, with what every comparison needs of it made once."""

    __slots__ = ("row", "grams", "place", "street")

    def __init__(self, row: _Row) -> None:
        self.row = row
        self.grams = grams(row.text) if row.text else frozenset()
        self.place = grams(row.address)  # the address n-grams, taken out of the texts when comparing them
        self.street = street_key(row.address)


class Index:
    """Cases by place, address, caller and component, each block in time order."""

    def __init__(self, rules: Rules | None = None, *, latitude: float | None = None) -> None:
        self.rules = rules or Rules()
        self._latitude = latitude  # of the projection; the first located case sets it when None
        self._rows: list[_Row | None] = []
        self._row_of: dict[str, int] = {}
        self._cells: dict[tuple[int, int], array[int]] = {}
        self._grids: dict[str, array[int]] = {}
        self._addresses: dict[str, array[int]] = {}
        self._callers: dict[str, array[int]] = {}
        self._components: dict[str, array[int]] = {}
        self._decisions: dict[str, list[int]] = {}  # 小类 -> [merged, not duplicate]

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, case_id: object) -> bool:
        return case_id in self._row_of

    # --- keeping the index current ------------------------------------------------------------------

    def add(self, facts: CaseFacts) -> None:
        """Index a case; a case already indexed is replaced (its place or category may have changed)."""
        if facts.id in self._row_of:
            self.remove(facts.id)
        number = len(self._rows)
        row = self._row(facts)
        self._rows.append(row)
        self._row_of[facts.id] = number
        for block, key in self._keys(row):
            entries = block.get(key)
            if entries is None:
                block[key] = array("l", (number,))
            elif self._at(entries[-1]) <= facts.at:
                entries.append(number)
            else:  # an older case added late (a reload, an edit): keep the block in time order
                insort(entries, number, key=self._at)

    def remove(self, case_id: str) -> None:
        """Forget a case (作废, 不予受理, or before re-adding it with new facts)."""
        number = self._row_of.pop(case_id, None)
        if number is None:
            return
        row = self._rows[number]
        assert row is not None
        for block, key in self._keys(row):
            entries = block[key]
            del entries[entries.index(number)]
            if not entries:
                del block[key]
        self._rows[number] = None

    def feedback(self, category: str | None, *, merged: bool) -> None:
        """A seat's decision on a 小类's similar cases: 合并 (it was a duplicate) or 不是重复."""
        counts = self._decisions.setdefault(category or "", [0, 0])
        counts[0 if merged else 1] += 1

    def prior(self, category: str | None) -> float:
        """Log-odds shift from the seats' decisions: none while they merge at least PRIOR_FLOOR of a
        小类's warnings (the threshold is the city's to set), rising as they turn them down, so a 小类
        whose reports are never duplicates (counted complaints) falls silent after a few dozen."""
        merged, rejected = self._decisions.get(category or "", (0, 0))
        share = (merged + 1) / (merged + rejected + 2)
        if share >= PRIOR_FLOOR:
            return 0.0
        return max(PRIOR_LOWEST, PRIOR_WEIGHT * (_logit(share) - _logit(PRIOR_FLOOR)))

    # --- asking -----------------------------------------------------------------------------------

    def suggest(self, facts: CaseFacts, *, limit: int = MAX_CANDIDATES, ruled_out: Collection[str] = ()) -> Suggestion:
        """The earlier cases `facts` is probably the same problem as (never itself, never later ones,
        never those a seat already ruled out for it)."""
        rule = self.rules.of(facts.category)
        query = _Query(self._row(facts))
        prior = self.prior(facts.category)
        scored: list[Candidate] = []
        for number in self._candidates(query.row, rule):
            row = self._rows[number]
            if row is None or row.id == facts.id or row.id in ruled_out:
                continue
            found = self._score(query, row, rule, prior)
            if found is not None and found.score >= LIST_FLOOR:
                scored.append(found)
        scored.sort(key=lambda candidate: (-candidate.score, candidate.hours))
        best = scored[:limit]
        warn = rule.warn and bool(best) and best[0].score >= rule.threshold
        return Suggestion(warn, tuple(best))

    def _candidates(self, query: _Row, rule: Rule) -> Iterator[int]:
        """Rows of the blocks the query falls in, newest first, reported before it and not too long ago."""
        at = query.at
        oldest = at - max(rule.window_h, rule.open_window_h) * 3600
        seen: set[int] = set()
        for entries in self._blocks(query, rule):
            scanned = 0
            for position in range(len(entries) - 1, -1, -1):
                number = entries[position]
                moment = self._at(number)
                if moment > at:
                    continue
                if moment < oldest or scanned >= MAX_SCAN:
                    break
                scanned += 1
                if number not in seen:
                    seen.add(number)
                    yield number

    def _blocks(self, query: _Row, rule: Rule) -> Iterator[array[int]]:
        cell = query.cell
        if cell is not None:
            reach = max(1, math.ceil(2 * rule.radius_m / CELL_M))
            cx, cy = cell
            for dx in range(-reach, reach + 1):
                for dy in range(-reach, reach + 1):
                    entries = self._cells.get((cx + dx, cy + dy))
                    if entries is not None:
                        yield entries
        elif query.grid in self._grids:  # no point: the cases of its 单元网格
            yield self._grids[query.grid]
        for block, key in ((self._addresses, query.address), (self._callers, query.caller),
                           (self._components, query.component)):
            if key and key in block:
                yield block[key]

    def _score(self, query: _Query, row: _Row, rule: Rule, prior: float) -> Candidate | None:
        new, old = query.row, row
        hours = (new.at - old.at) / 3600
        window = rule.window_h if not old.open else max(rule.window_h, rule.open_window_h)
        if hours > window:
            return None
        distance = None
        if new.x is not None and old.x is not None:
            distance = math.hypot(new.x - old.x, new.y - old.y)  # type: ignore[operator]
        same_spot = distance is not None and distance <= SAME_SPOT_M

        logit = BASE + prior
        reasons: list[str] = []  # in the order a seat reads them: what, where, when, then the rest
        if new.category and new.category == old.category:
            logit += SAME_CATEGORY
            reasons.append("同一小类")
        elif new.group and new.group == old.group:
            logit += RELATED_CATEGORY
            reasons.append("同一大类")
        elif new.category and old.category:
            logit += OTHER_CATEGORY  # even at the same spot: in the Chicago labels never a duplicate
            reasons.append("不同类别")

        if distance is not None:
            if same_spot:
                logit += SAME_SPOT
            elif distance <= rule.radius_m:
                logit += NEAR * (1 - distance / rule.radius_m)
            else:
                logit += FAR * min(1.0, (distance - rule.radius_m) / rule.radius_m)
            reasons.append("同一地点" if same_spot else f"相距 {round(distance)} 米")
        elif new.grid and new.grid == old.grid:
            logit += SAME_GRID
            reasons.append("同一网格")

        if hours <= rule.window_h:
            logit += RECENT * (1 - hours / rule.window_h)
        else:  # an open case from before the window: still there, but less likely the same report
            logit += STALE * min(1.0, (hours - rule.window_h) / max(rule.open_window_h - rule.window_h, 1))
        reasons.append(_ago(hours))

        later: list[str] = []
        if new.component and old.component:
            same = new.component == old.component
            logit += SAME_COMPONENT if same else OTHER_COMPONENT
            later.append("同一部件" if same else "不同部件")
        if new.caller and new.caller == old.caller:
            logit += SAME_CALLER
            later.append("同一来电人")
        if not old.open:
            logit += CLOSED
        if logit + _MOST_FROM_WORDS < _FLOOR_LOGIT:
            return None  # the address and the texts could not lift it onto the list: skip comparing them

        if new.address and old.address:
            if new.address == old.address:
                logit += SAME_ADDRESS
                reasons.append("地址相同")
            elif query.street and query.street == street_key(old.address):
                logit += SAME_STREET
                reasons.append("同一道路")
            elif distance is None:
                similar = resemblance(query.place, grams(old.address))
                logit += ADDRESS * (similar - ADDRESS_NEUTRAL)
                reasons.append(f"地址相似度 {round(similar * 100)}%")
        reasons += later
        if query.grams and old.text:
            # the place is judged above: words of either address in the texts are not evidence again
            place = query.place | grams(old.address)
            similar = resemblance(query.grams - place, old.text_grams() - place)
            logit += TEXT * (similar - TEXT_NEUTRAL)
            reasons.append(f"描述相似度 {round(similar * 100)}%")
        if not old.open:
            reasons.append("已结案")
        return Candidate(old.id, round(_sigmoid(logit), 4), "，".join(reasons), distance, hours, old.open)

    # --- internals ------------------------------------------------------------------------------------

    def _row(self, facts: CaseFacts) -> _Row:
        x = y = None
        if facts.lon is not None and facts.lat is not None:
            if self._latitude is None:
                self._latitude = facts.lat
            y = facts.lat * METRES_PER_DEGREE
            x = facts.lon * METRES_PER_DEGREE * math.cos(math.radians(self._latitude))
        return _Row(facts, x, y)

    def _at(self, number: int) -> float:
        row = self._rows[number]
        assert row is not None  # blocks hold only live rows
        return row.at

    def _keys(self, row: _Row) -> Iterable[tuple[dict[Any, array[int]], Any]]:
        cell = row.cell
        if cell is not None:
            yield self._cells, cell
        for block, key in ((self._grids, row.grid), (self._addresses, row.address), (self._callers, row.caller),
                           (self._components, row.component)):
            if key:
                yield block, key
