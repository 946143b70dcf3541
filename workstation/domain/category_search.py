"""分类检索 (category search): find a 小类 (small class) and its 立案条件 (filing condition) as the seat types.

A seat classifies every case, so the search answers to what comes to hand first: the 小类 name or
part of it, an everyday word from `Catalogue.keywords`, the code ("0110", "SJ0110"), the 大类
(big class) name, the text of a 立案条件, and pinyin — the initials of a name or keyword ("bllj" →
暴露垃圾, also "bljl" with two letters swapped) or its full spelling ("baolu"). An object followed by
its problem ("井盖缺失", "jgqs") finds the object's 小类 with that condition. The index is built on
the first search (or ahead of it with `prepare`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum

from workstation.domain.catalogue import Catalogue
from workstation.domain.models import Category, FilingCondition

_SEPARATOR = "\x00"  # joins the searchable forms of a 小类; no query contains it
_CLAUSE = "\x01"  # marks where a clause of a condition starts, so a tail can be matched as a clause prefix
_HANZI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_ALNUM = re.compile(r"[0-9a-z]+")
_PARENTHESISED = re.compile(r"[（(]([^）)]*)[）)]")
_CLAUSE_BREAK = re.compile(r"[、，,；;。：:（）()/\s]+")
_CODE = re.compile(r"^(?:bj|sj)?\d{1,4}$")


class Tier(IntEnum):
    """How a query met a 小类, best first; the score is the tier plus a bonus below 1 for closeness."""

    CODE_EXACT = 100
    NAME_EXACT = 92  # the whole 小类 name
    PART_EXACT = 90  # one alternative of the name: 垃圾箱 in 垃圾箱（果皮箱、桶）
    KEYWORD_EXACT = 88
    PINYIN_EXACT = 86  # initials or full pinyin of a name or keyword
    CODE_PREFIX = 75
    CONDITION_EXACT = 72
    NAME_PREFIX = 70
    KEYWORD_PREFIX = 68
    PINYIN_PREFIX = 66
    PINYIN_TRANSPOSED = 60  # two neighbouring letters swapped while typing fast: "bljl" for bllj (暴露垃圾)
    OBJECT_AND_PROBLEM = 58  # 井盖 + 缺失: a name or keyword, then (the start of) one of its conditions
    BIG_EXACT = 55
    BIG_PREFIX = 50
    NAME_SUBSTRING = 45
    KEYWORD_SUBSTRING = 43
    PINYIN_SUBSTRING = 40  # from a syllable inside the word: "jinggai" in shangshuijinggai
    CONDITION_PREFIX = 38
    CONDITION_SUBSTRING = 35
    BIG_SUBSTRING = 30


_CLOSENESS = 0.9  # the bonus for how much of the word the query covers stays below the next tier


@dataclass(frozen=True)
class Match:
    """One search result: the 小类, the 立案条件 when the query named one, and why it matched."""

    category: Category
    condition: FilingCondition | None  # set when the query matched a condition (its text or a condition keyword)
    matched: str  # the word that matched, for showing why
    score: float


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, no spaces: how both the query and the index are compared."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def syllables(word: str) -> list[str]:
    """The pinyin of a word, one item per syllable; letters and digits stay as one item, punctuation goes.

    Each run of Chinese characters is converted as a whole so pypinyin's phrase dictionary settles
    polyphones (行道树 → xing dao shu, 暴露 → bao lu).
    """
    from pypinyin import lazy_pinyin  # imported on the first index build: it loads large dictionaries

    items: list[str] = []
    text = unicodedata.normalize("NFKC", word).lower()
    at = 0
    for run in _HANZI.finditer(text):
        items.extend(_ALNUM.findall(text[at : run.start()]))
        items.extend(lazy_pinyin(run.group()))
        at = run.end()
    items.extend(_ALNUM.findall(text[at:]))
    return items


@dataclass(frozen=True)
class _Spelling:
    """A word's pinyin: full ("baolulaji"), initials ("bljl"), and the full spelling from each later syllable."""

    full: str
    initials: str
    inner: tuple[str, ...]  # "lulaji", "laji", "ji": so "laji" is found inside "baolulaji" at a syllable

    @classmethod
    def of(cls, word: str) -> _Spelling:
        parts = syllables(word)
        return cls("".join(parts), "".join(part[0] for part in parts),
                   tuple("".join(parts[start:]) for start in range(1, len(parts))))

    def forms(self) -> tuple[str, ...]:
        return (self.full, self.initials)


class _Source(IntEnum):
    NAME = 0
    PART = 1
    KEYWORD = 2


@dataclass(frozen=True)
class _Word:
    """A name, name alternative or keyword that points at a 小类 (and at a condition for a condition keyword)."""

    text: str  # normalised
    shown: str  # as written, for Match.matched
    source: _Source
    condition: int | None
    spelling: _Spelling


@dataclass(frozen=True)
class _Condition:
    text: str  # normalised
    clause_initials: str  # _CLAUSE + initials from each clause start to the end of the text
    clause_full: str  # the same with full pinyin


@dataclass(frozen=True)
class _Entry:
    """Everything a query may meet in one 小类, with two joined haystacks to skip non-matches quickly."""

    index: int
    category: Category
    codes: tuple[str, ...]  # "sj0110", "0110"
    big: str
    words: tuple[_Word, ...]
    conditions: tuple[_Condition, ...]
    haystack: str  # every searchable form
    heads: str  # the forms of names and 小类 keywords, for the object part of 井盖缺失


def _name_alternatives(name: str) -> list[str]:
    """The name without its bracketed part and each 、-separated alternative, inside brackets too.

    "垃圾箱（果皮箱、桶）" → 垃圾箱, 果皮箱, 桶; "边坡、挡土墙" → 边坡, 挡土墙; "路灯" → nothing more.
    """
    base = _PARENTHESISED.sub("", name)
    parts = [base, *base.split("、")]
    for inner in _PARENTHESISED.findall(name):
        parts.extend(inner.split("、"))
    return [part for part in dict.fromkeys(parts) if part and part != name]


def _closeness(query: str, form: str) -> float:
    return _CLOSENESS * min(1.0, len(query) / max(1, len(form)))


_Hit = tuple[float, str, int | None]  # score, the word that matched, the condition's number in its 小类
_MISS: _Hit = (0.0, "", None)
_WORD_TIERS = {
    _Source.NAME: (Tier.NAME_EXACT, Tier.NAME_PREFIX, Tier.NAME_SUBSTRING),
    _Source.PART: (Tier.PART_EXACT, Tier.NAME_PREFIX, Tier.NAME_SUBSTRING),
    _Source.KEYWORD: (Tier.KEYWORD_EXACT, Tier.KEYWORD_PREFIX, Tier.KEYWORD_SUBSTRING),
}


class _Query:
    """One normalised search term, with its letter-swapped variants when it is pinyin of three letters or more."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.latin = text.isascii()
        variants = (
            text[:at] + text[at + 1] + text[at] + text[at + 2 :]
            for at in range(len(text) - 1)
            if text[at] != text[at + 1]
        )
        self.transposed = tuple(dict.fromkeys(variants)) if self.latin and text.isalpha() and len(text) >= 3 else ()


class CategorySearch:
    """Finds 小类 and 立案条件 of a catalogue by name, keyword, code, condition text or pinyin."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._entries: tuple[_Entry, ...] | None = None
        self._lock = threading.Lock()

    @classmethod
    def of(cls, catalogue: Catalogue) -> CategorySearch:
        """The search of this catalogue, shared by every picker (and every session on the same standard)
        so the index is built once."""
        key = (catalogue.name, tuple(c.id for c in catalogue.categories), tuple(sorted(catalogue.keywords.items())))
        search = _SHARED.get(key)
        if search is None:
            search = _SHARED[key] = cls(catalogue)
        return search

    @property
    def ready(self) -> bool:
        """Whether the index is built (searching is then only a few milliseconds)."""
        return self._entries is not None

    def prepare(self) -> None:
        """Build the index now, e.g. in a background thread before the seat types; safe to call twice."""
        self._index()

    # --- building the index ------------------------------------------------------------------------

    def _index(self) -> tuple[_Entry, ...]:
        entries = self._entries
        if entries is not None:
            return entries
        with self._lock:
            if self._entries is None:
                self._entries = self._build()
            return self._entries

    def _build(self) -> tuple[_Entry, ...]:
        spellings: dict[str, _Spelling] = {}
        conditions: dict[str, _Condition] = {}

        def spelling(word: str) -> _Spelling:
            if word not in spellings:
                spellings[word] = _Spelling.of(word)
            return spellings[word]

        def condition(text: str) -> _Condition:
            if text not in conditions:
                clauses = [spelling(clause) for clause in _CLAUSE_BREAK.split(text) if clause]
                conditions[text] = _Condition(
                    normalise(text),
                    "".join(_CLAUSE + "".join(s.initials for s in clauses[start:]) for start in range(len(clauses))),
                    "".join(_CLAUSE + "".join(s.full for s in clauses[start:]) for start in range(len(clauses))),
                )
            return conditions[text]

        keywords = self.catalogue.keywords
        entries = []
        for index, category in enumerate(self.catalogue.categories):
            words = [_Word(normalise(category.small_name), category.small_name, _Source.NAME, None,
                           spelling(category.small_name))]
            words += [_Word(normalise(part), part, _Source.PART, None, spelling(part))
                      for part in _name_alternatives(category.small_name)]
            words += [_Word(normalise(word), word, _Source.KEYWORD, None, spelling(word))
                      for word in keywords.get(category.id, ())]
            for number, filing in enumerate(category.conditions):
                words += [_Word(normalise(word), word, _Source.KEYWORD, number, spelling(word))
                          for word in keywords.get(filing.id, ())]
            codes = (category.id.lower(), category.big_code + category.small_code)
            big = normalise(category.big_name)
            texts = tuple(condition(filing.text) for filing in category.conditions)
            head_forms = [form for word in words if word.condition is None
                          for form in (word.text, *word.spelling.forms())]
            all_forms = [*codes, big, *(form for word in words for form in (word.text, *word.spelling.forms())),
                         *(text.text for text in texts)]
            entries.append(_Entry(index, category, codes, big, tuple(words), texts,
                                  _SEPARATOR.join(all_forms), _SEPARATOR.join(head_forms)))
        return tuple(entries)

    # --- searching ---------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[Match]:
        """The 小类 matching `query`, best first: exact code, name, keyword or initials, then prefixes,
        then pinyin with two letters swapped, the object-and-problem form (井盖缺失), 大类 names and
        substrings.

        Words separated by spaces are also tried one by one, each having to match the same 小类
        (缺失 井盖).
        """
        terms = [_Query(term) for term in map(normalise, query.split()) if term]
        if not terms or limit <= 0:
            return []
        joined = _Query("".join(term.text for term in terms)) if len(terms) > 1 else terms[0]
        best: dict[int, _Hit] = {}
        for entry in self._index():
            found = self._match(entry, joined)
            if len(terms) > 1:
                found = max(found, self._match_terms(entry, terms), key=lambda hit: hit[0])
            if found[0] > 0:
                best[entry.index] = found
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        categories = self.catalogue.categories
        return [
            Match(categories[index], categories[index].conditions[number] if number is not None else None,
                  matched, round(score, 4))
            for index, (score, matched, number) in ranked
        ]

    def best(self, query: str) -> tuple[Category, FilingCondition] | None:
        """The top match and its condition: the one the query named, else the 小类's first (most severe)."""
        for match in self.search(query, limit=5):
            if match.condition is not None:
                return match.category, match.condition
            if match.category.conditions:
                return match.category, match.category.conditions[0]
        return None

    def _match_terms(self, entry: _Entry, terms: list[_Query]) -> _Hit:
        """Every space-separated word must match this 小类; the score is their mean."""
        hits = [self._match(entry, term) for term in terms]
        if any(hit[0] <= 0 for hit in hits):
            return _MISS
        number = next((hit[2] for hit in hits if hit[2] is not None), None)
        words = [hit[1] for hit in hits if hit[2] is None] or [hits[0][1]]
        return (sum(hit[0] for hit in hits) / len(hits), " + ".join(dict.fromkeys(words)), number)

    def _match(self, entry: _Entry, query: _Query) -> _Hit:
        """The best way `query` meets this 小类: (score, matched word, condition number or None)."""
        best = _MISS
        term = query.text
        if term in entry.haystack:
            best = max(self._direct(entry, term), key=lambda hit: hit[0], default=_MISS)
        if best[0] < Tier.PINYIN_TRANSPOSED and query.transposed:
            for variant in query.transposed:
                if variant in entry.haystack:
                    hit = self._transposed(entry, variant)
                    if hit[0] > best[0]:
                        best = hit
        if best[0] < Tier.OBJECT_AND_PROBLEM and len(term) > 1:
            hit = self._object_and_problem(entry, query)
            if hit[0] > best[0]:
                best = hit
        return best

    def _direct(self, entry: _Entry, term: str) -> Iterator[_Hit]:
        category = entry.category
        if _CODE.match(term):
            for code in entry.codes:
                if code == term:
                    yield (Tier.CODE_EXACT + _CLOSENESS, category.id, None)
                elif code.startswith(term):
                    yield (Tier.CODE_PREFIX + _closeness(term, code), category.id, None)
        for word in entry.words:
            yield from self._word(word, term)
        for number, condition in enumerate(entry.conditions):
            shown = category.conditions[number].text
            if condition.text == term:
                yield (Tier.CONDITION_EXACT + _CLOSENESS, shown, number)
            elif condition.text.startswith(term):
                yield (Tier.CONDITION_PREFIX + _closeness(term, condition.text), shown, number)
            elif term in condition.text:
                yield (Tier.CONDITION_SUBSTRING + _closeness(term, condition.text), shown, number)
        if entry.big == term:
            yield (Tier.BIG_EXACT + _CLOSENESS, category.big_name, None)
        elif entry.big.startswith(term):
            yield (Tier.BIG_PREFIX + _closeness(term, entry.big), category.big_name, None)
        elif term in entry.big:
            yield (Tier.BIG_SUBSTRING + _closeness(term, entry.big), category.big_name, None)

    @staticmethod
    def _word(word: _Word, term: str) -> Iterator[_Hit]:
        exact, prefix, substring = _WORD_TIERS[word.source]
        text = word.text
        if text == term:
            yield (exact + _CLOSENESS, word.shown, word.condition)
        elif text.startswith(term):
            yield (prefix + _closeness(term, text), word.shown, word.condition)
        elif term in text:
            yield (substring + _closeness(term, text), word.shown, word.condition)
        if not term.isascii():
            return
        spelling = word.spelling
        for form in spelling.forms():
            if form == term:
                yield (Tier.PINYIN_EXACT + _CLOSENESS, word.shown, word.condition)
            elif form.startswith(term):
                yield (Tier.PINYIN_PREFIX + _closeness(term, form), word.shown, word.condition)
        if len(term) >= 2:
            if term in spelling.initials[1:]:
                yield (Tier.PINYIN_SUBSTRING + _closeness(term, spelling.initials), word.shown, word.condition)
            if any(inner.startswith(term) for inner in spelling.inner):
                yield (Tier.PINYIN_SUBSTRING + _closeness(term, spelling.full), word.shown, word.condition)

    @staticmethod
    def _transposed(entry: _Entry, variant: str) -> _Hit:
        """A name's or keyword's pinyin that equals or starts with the query once two letters are swapped back."""
        best = _MISS
        for word in entry.words:
            for form in word.spelling.forms():
                if form.startswith(variant):
                    score = Tier.PINYIN_TRANSPOSED + _closeness(variant, form)
                    if score > best[0]:
                        best = (score, word.shown, word.condition)
        return best

    def _object_and_problem(self, entry: _Entry, query: _Query) -> _Hit:
        """井盖缺失 / jgqs: a name or keyword of the 小类, then the start of (or, failing that, a word in)
        one of its conditions.

        In pinyin the object must end the name or keyword ("jg" for 上水井盖, ssjg), so that a stray
        syllable does not pair with any condition.
        """
        best = _MISS
        term, latin = query.text, query.latin
        shortest_head, shortest_tail = (2, 2) if latin else (1, 2)
        for cut in range(shortest_head, len(term) - shortest_tail + 1):
            head, tail = term[:cut], term[cut:]
            if head not in entry.heads:
                continue
            problem = self._problem(entry, tail, latin)
            if problem is None:
                continue
            number, at_start = problem
            for word in entry.words:
                if word.condition is not None:
                    continue
                spelling = word.spelling
                if latin:
                    names_it = spelling.initials.endswith(head) or head == spelling.full or head in spelling.inner
                    whole = len(spelling.initials if spelling.initials.endswith(head) else spelling.full)
                else:
                    names_it, whole = head in word.text, len(word.text)
                if names_it:
                    score = Tier.OBJECT_AND_PROBLEM + 0.6 * min(1.0, len(head) / max(1, whole)) + 0.3 * at_start
                    if score > best[0]:
                        best = (score, word.shown, number)
        return best

    @staticmethod
    def _problem(entry: _Entry, tail: str, latin: bool) -> tuple[int, bool] | None:
        """The first condition whose text or a clause of it starts with `tail`, else the first containing it."""
        if latin:
            marked = _CLAUSE + tail
            starts = (number for number, condition in enumerate(entry.conditions)
                      if marked in condition.clause_initials or marked in condition.clause_full)
            inside = (number for number, condition in enumerate(entry.conditions) if tail in condition.clause_initials)
        else:
            starts = (number for number, condition in enumerate(entry.conditions) if condition.text.startswith(tail))
            inside = (number for number, condition in enumerate(entry.conditions) if tail in condition.text)
        number = next(starts, None)
        if number is not None:
            return number, True
        number = next(inside, None)
        return None if number is None else (number, False)


#: One search per catalogue content: every session of the process on the same standard shares the index.
_SHARED: dict[tuple[object, ...], CategorySearch] = {}

