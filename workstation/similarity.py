"""Measure the similar-case engine on labelled data.

    python -m workstation.similarity suggest CASES.csv --out SUGGESTIONS.jsonl [--rules R.json]
    python -m workstation.similarity evaluate CASES.csv SUGGESTIONS.jsonl
    python -m workstation.similarity calibrate CASES.csv --out RULES.json [--rules R.json]

CASES.csv has the columns `id,created_at,category,lat,lon,address,text,source,duplicate_of,
is_duplicate` (optionally `component` and `caller`). `suggest` replays the cases in `created_at`
order as a live platform sees them: each case is checked against the earlier ones, then added. It
never reads the two label columns, except with `--seat-feedback`, which replays what a seat
would answer to each warning *after* the warning was written (合并 when the label says duplicate,
不是重复 otherwise), as the workstation's seats tune the engine.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from workstation.domain.similarity import CaseFacts, Index, Rule, Rules

_CATALOGUE_ID = re.compile(r"^(BJ|SJ)\d{4}")


@dataclass(frozen=True)
class Labelled:
    facts: CaseFacts
    duplicate_of: str
    is_duplicate: bool


def _float(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


def _epoch(text: str) -> float:
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def read_cases(path: Path) -> list[Labelled]:
    """The cases of a CSV in `created_at` order (stable for equal times)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    cases = []
    for row in rows:
        category = (row.get("category") or "").strip() or None
        group = category[:4] if category and _CATALOGUE_ID.match(category) else None
        lat, lon = _float(row.get("lat") or ""), _float(row.get("lon") or "")
        facts = CaseFacts(
            id=row["id"], at=_epoch(row["created_at"]), category=category, group=group,
            lon=lon if lat is not None else None, lat=lat if lon is not None else None,
            address=row.get("address") or "", text=row.get("text") or "",
            component=(row.get("component") or "").strip() or None, caller=(row.get("caller") or "").strip() or None)
        cases.append(Labelled(facts, (row.get("duplicate_of") or "").strip(), row.get("is_duplicate") == "1"))
    cases.sort(key=lambda case: case.facts.at)
    return cases


def load_rules(path: Path | None) -> Rules:
    return Rules.from_json(json.loads(path.read_text(encoding="utf-8"))) if path else Rules()


def replay(cases: Sequence[Labelled], rules: Rules, *, seat_feedback: bool = False) -> Iterable[dict[str, Any]]:
    """One suggestion per case, as the platform would have made it when the case arrived."""
    index = Index(rules)
    for case in cases:
        suggestion = index.suggest(case.facts)
        yield {"id": case.facts.id, "warn": suggestion.warn,
               "candidates": [[candidate.id, candidate.score] for candidate in suggestion.candidates]}
        if seat_feedback and suggestion.warn:
            index.feedback(case.facts.category, merged=case.is_duplicate)
        index.add(case.facts)


# --- evaluation -----------------------------------------------------------------------------------


def _groups(cases: Sequence[Labelled]) -> dict[str, str]:
    """Each case's duplicate group (the labelled links joined up), by union-find."""
    parent: dict[str, str] = {case.facts.id: case.facts.id for case in cases}

    def root(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for case in cases:
        if case.duplicate_of in parent:
            parent[root(case.facts.id)] = root(case.duplicate_of)
    return {item: root(item) for item in parent}


@dataclass(frozen=True)
class Scores:
    pairs: int  # later cases of labelled pairs whose earlier member is in the file
    recall_at_1: float
    recall_at_3: float
    warned_duplicates: float  # of those pairs: warned, with an earlier group member in the top 3
    negatives: int  # cases not labelled duplicate
    warning_rate: float  # of those: warned
    cases_per_second: float

    def lines(self) -> list[str]:
        return [f"labelled pairs        {self.pairs}",
                f"recall@1              {self.recall_at_1:.3f}",
                f"recall@3              {self.recall_at_3:.3f}",
                f"warned duplicates     {self.warned_duplicates:.3f}",
                f"non-duplicates        {self.negatives}",
                f"warning rate          {self.warning_rate:.3f}",
                f"cases per second      {self.cases_per_second:,.0f}"]


def score(cases: Sequence[Labelled], suggestions: dict[str, dict[str, Any]], cases_per_second: float,
          *, since: float | None = None) -> Scores:
    """recall@k: the later case of a labelled pair finds an earlier member of its group in its top k."""
    group = _groups(cases)
    at = {case.facts.id: case.facts.at for case in cases}
    hits = [0, 0, 0]
    pairs = negatives = warned_negatives = 0
    for case in cases:
        if since is not None and case.facts.at < since:
            continue
        answer = suggestions.get(case.facts.id, {"warn": False, "candidates": []})
        if case.duplicate_of in at:
            pairs += 1
            mine = group[case.facts.id]
            found = [other for other, _score in answer["candidates"]
                     if other in group and group[other] == mine and at[other] <= case.facts.at]
            ranks = [rank for rank, (other, _score) in enumerate(answer["candidates"]) if other in found]
            hits[0] += bool(ranks) and ranks[0] < 1
            hits[1] += bool(ranks) and ranks[0] < 3
            hits[2] += bool(ranks) and ranks[0] < 3 and answer["warn"]
        elif not case.is_duplicate:
            negatives += 1
            warned_negatives += bool(answer["warn"])
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    return Scores(pairs, share(hits[0], pairs), share(hits[1], pairs), share(hits[2], pairs), negatives,
                  share(warned_negatives, negatives), cases_per_second)


def timed_replay(cases: Sequence[Labelled], rules: Rules, **options: bool) -> tuple[dict[str, dict[str, Any]], float]:
    started = time.perf_counter()
    suggestions = {answer["id"]: answer for answer in replay(cases, rules, **options)}
    return suggestions, len(cases) / max(time.perf_counter() - started, 1e-9)


# --- calibration ----------------------------------------------------------------------------------

#: Thresholds and radii tried; categories with fewer cases than MIN_CATEGORY keep the default rule.
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 20))
RADII = (20.0, 50.0, 100.0, 200.0)
MIN_CATEGORY = 30
BETA = 2.0

Answer = tuple[float, bool, bool]  # best score, labelled duplicate, an earlier group member in the top 3


def _f_score(answers: Sequence[Answer], threshold: float) -> float:
    """F-score of the warning decision with recall weighted BETA times: a hit warns on a duplicate that
    found its group, a false alarm warns on a case not labelled duplicate, a miss is a labelled duplicate
    left unwarned. A false alarm costs the seat a glance; a missed duplicate, a second dispatch."""
    hit = sum(1 for best, duplicate, found in answers if best >= threshold and duplicate and found)
    false = sum(1 for best, duplicate, _found in answers if best >= threshold and not duplicate)
    missed = sum(1 for best, duplicate, found in answers if duplicate and not (found and best >= threshold))
    weight = BETA * BETA
    return (1 + weight) * hit / ((1 + weight) * hit + weight * missed + false) if hit else 0.0


def _answers(cases: Sequence[Labelled], rules: Rules, radius: float) -> dict[str, list[Answer]]:
    """Per category, how every case fared with this radius for all categories and no threshold."""
    def wide(rule: Rule) -> Rule:
        return Rule(**{**rule.to_json(), "radius_m": radius, "threshold": 0.0, "warn": True})

    suggestions = {answer["id"]: answer for answer in replay(
        cases, Rules(wide(rules.default), {key: wide(rule) for key, rule in rules.categories.items()}))}
    group = _groups(cases)
    found: dict[str, list[Answer]] = {}
    for case in cases:
        labelled = case.duplicate_of in group
        if case.is_duplicate and not labelled:
            continue  # its original is outside the file: neither a hit nor a false alarm
        candidates = suggestions[case.facts.id]["candidates"]
        mine = group[case.facts.id]
        top = any(group.get(other) == mine for other, _score in candidates[:3])
        found.setdefault(case.facts.category or "", []).append(
            (candidates[0][1] if candidates else 0.0, labelled, top))
    return found


def calibrate(cases: Sequence[Labelled], rules: Rules) -> Rules:
    """The threshold that maximises the F-score of warnings overall, and per 小类 with enough cases the
    radius and threshold that maximise it there; a 小类 whose warnings never caught a labelled
    duplicate stops warning (its candidates are still listed)."""
    by_radius = {radius: _answers(cases, rules, radius) for radius in RADII}
    base_radius = rules.default.radius_m if rules.default.radius_m in by_radius else 50.0
    everything = [answer for answers in by_radius[base_radius].values() for answer in answers]
    threshold = max(THRESHOLDS, key=lambda value: (_f_score(everything, value), -abs(value - 0.5)))
    default = Rule(**{**rules.default.to_json(), "radius_m": base_radius, "threshold": threshold})
    categories = dict(rules.categories)
    for category, answers in by_radius[base_radius].items():
        if len(answers) < MIN_CATEGORY or not category:
            continue
        base = categories.get(category, default)
        choices = [(_f_score(by_radius[radius][category], value), radius == base.radius_m, value == threshold,
                    radius, value) for radius in RADII for value in THRESHOLDS]
        best, _same_radius, _same_threshold, radius, value = max(choices)
        if best == 0.0:
            categories[category] = Rule(**{**base.to_json(), "warn": False})
        elif (radius, value) != (base.radius_m, base.threshold):
            categories[category] = Rule(**{**base.to_json(), "radius_m": radius, "threshold": value})
    return Rules(default, categories)


# --- command line ----------------------------------------------------------------------------------


def _write_jsonl(answers: Iterable[dict[str, Any]], out: TextIO) -> None:
    for answer in answers:
        out.write(json.dumps(answer, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workstation.similarity", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    suggest = commands.add_parser("suggest", help="replay CASES.csv and write one suggestion per case")
    suggest.add_argument("cases", type=Path)
    suggest.add_argument("--out", type=Path, required=True)
    suggest.add_argument("--rules", type=Path, help="radius, window and threshold per category (JSON)")
    suggest.add_argument("--seat-feedback", action="store_true",
                         help="after each warning, feed back what a seat answered (from the labels)")
    evaluate = commands.add_parser("evaluate", help="recall@1, recall@3 and warning rate of SUGGESTIONS")
    evaluate.add_argument("cases", type=Path)
    evaluate.add_argument("suggestions", type=Path)
    evaluate.add_argument("--rules", type=Path, help="the rules the suggestions were made with (for timing)")
    evaluate.add_argument("--since", help="score only cases created at or after this time (ISO)")
    tune = commands.add_parser("calibrate", help="fit thresholds on labelled CASES.csv and write RULES.json")
    tune.add_argument("cases", type=Path)
    tune.add_argument("--out", type=Path, required=True)
    tune.add_argument("--rules", type=Path, help="the rules to start from")
    args = parser.parse_args(argv)

    cases = read_cases(args.cases)
    rules = load_rules(args.rules)
    if args.command == "suggest":
        with args.out.open("w", encoding="utf-8") as out:
            _write_jsonl(replay(cases, rules, seat_feedback=args.seat_feedback), out)
        return 0
    if args.command == "calibrate":
        tuned = calibrate(cases, rules)
        args.out.write_text(json.dumps(tuned.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"threshold {tuned.default.threshold}; {len(tuned.categories)} category rules")
        return 0
    with args.suggestions.open(encoding="utf-8") as handle:
        suggestions = {answer["id"]: answer for answer in map(json.loads, filter(str.strip, handle))}
    _timing, per_second = timed_replay(cases, rules)
    since = _epoch(args.since) if args.since else None
    print("\n".join(score(cases, suggestions, per_second, since=since).lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
