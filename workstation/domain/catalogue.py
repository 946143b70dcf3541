"""The category catalogue: 部件/事件 小类 (small classes) with their 立案条件 (filing conditions).

Loaded from `resources/catalogue/<city>.json` (built by `workstation.tools.build_catalogue`), with
an optional `<city>_keywords.json` of everyday words per 小类 used to suggest a category for a
report's description at intake.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from workstation.domain.models import Category, FilingCondition
from workstation.resources import resource_path

_PARENTHESISED = re.compile(r"[（(]([^）)]*)[）)]")
_MIN_PART = 3  # shorter fragments of a split name ("破裂", "树叶") are too generic to point at a 小类
# A word followed by one of these names the place, not the problem: "人行道上的井盖缺失" is about a 井盖.
_LOCATIVE = (
    *("上", "旁", "边", "里", "内", "前", "后", "下", "中", "处"),
    *("附近", "门口", "周边", "周围", "对面"),
)


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _name_keys(name: str) -> set[str]:
    """The 小类 name, the name without its bracketed part, and its 、-separated alternatives.

    "垃圾箱（果皮箱、桶）" → itself, 垃圾箱, 果皮箱; "边坡、挡土墙" → itself, 边坡, 挡土墙.
    """
    keys = {name}
    base = _PARENTHESISED.sub("", name)
    keys.add(base)
    parts = base.split("、")
    for inner in _PARENTHESISED.findall(name):
        parts.extend(inner.split("、"))
    keys.update(part for part in parts if len(part) >= _MIN_PART)
    return {key for key in keys if key}


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


@dataclass(frozen=True)
class _Key:
    """A word that points at a 小类, and at one of its conditions when the word is that specific."""

    word: str
    category_index: int
    condition_index: int | None


class Catalogue:
    """部件/事件 categories of one city's standard, looked up by id and suggested from free text."""

    def __init__(
        self,
        name: str,
        categories: Iterable[Category],
        keywords: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.name = name
        self.categories: tuple[Category, ...] = tuple(categories)
        self._categories: dict[str, Category] = {}
        self._conditions: dict[str, tuple[Category, FilingCondition]] = {}
        for category in self.categories:
            if category.id in self._categories:
                raise ValueError(f"duplicate category id {category.id}")
            self._categories[category.id] = category
            for condition in category.conditions:
                if condition.id in self._conditions:
                    raise ValueError(f"duplicate condition id {condition.id}")
                self._conditions[condition.id] = (category, condition)
        self._condition_bigrams = tuple(
            tuple(_bigrams(condition.text) for condition in category.conditions)
            for category in self.categories
        )
        #: Everyday words per 小类 or 立案条件 id ("SJ0110": 暴露垃圾, 乱扔垃圾 …), for suggestion and search.
        self.keywords: dict[str, tuple[str, ...]] = {key: tuple(words) for key, words in (keywords or {}).items()}
        self._keys = self._index(self.keywords)

    def _index(self, keywords: Mapping[str, Iterable[str]]) -> tuple[_Key, ...]:
        position = {category.id: index for index, category in enumerate(self.categories)}
        keys: dict[tuple[str, int], _Key] = {}
        for index, category in enumerate(self.categories):
            for word in _name_keys(category.small_name):
                keys.setdefault((word, index), _Key(word, index, None))
        for target, words in keywords.items():
            if target in self._conditions:
                category, condition = self._conditions[target]
                index, condition_index = position[category.id], category.conditions.index(condition)
            elif target in self._categories:
                index, condition_index = position[target], None
            else:
                raise KeyError(f"keyword target {target} is not in the catalogue")
            for word in words:
                keys[(word, index)] = _Key(word, index, condition_index)
        return tuple(keys.values())

    @classmethod
    def load(cls, path: Path | None = None) -> Catalogue:
        """Read a catalogue JSON (default: the 运城 standard) and its `_keywords.json` if present."""
        path = path or resource_path("catalogue", "yuncheng.json")
        document = json.loads(path.read_text(encoding="utf-8"))
        categories = [Category.model_validate(item) for item in document["categories"]]
        keywords_path = path.with_name(f"{path.stem}_keywords.json")
        keywords: dict[str, list[str]] = {}
        if keywords_path.is_file():
            keywords = json.loads(keywords_path.read_text(encoding="utf-8"))["keywords"]
        return cls(document["name"], categories, keywords)

    @classmethod
    def from_categories(
        cls,
        name: str,
        categories: Iterable[Category],
        keywords: Mapping[str, Iterable[str]] | None = None,
    ) -> Catalogue:
        """A catalogue from categories already at hand (e.g. the server's ReferenceData)."""
        return cls(name, categories, keywords)

    def category(self, category_id: str) -> Category:
        """The 小类 with this id; KeyError if unknown."""
        return self._categories[category_id]

    def condition(self, condition_id: str) -> tuple[Category, FilingCondition]:
        """The 立案条件 with this id and its 小类; KeyError if unknown."""
        return self._conditions[condition_id]

    def conditions(self) -> Iterable[tuple[Category, FilingCondition]]:
        """Every (小类, 立案条件) pair in catalogue order."""
        return self._conditions.values()

    def suggest(self, text: str) -> tuple[Category, FilingCondition] | None:
        """The best 小类 and 立案条件 for a report's description, or None if no 小类 word occurs in it.

        The longest 小类 name or keyword found in the text wins, unless it only names the place
        ("人行道上…", "公交站旁…") and another word names the problem; among words of equal length the
        category whose conditions share most character pairs with the text wins, then the word
        found earliest. Within the category the condition sharing most character pairs is chosen
        (the first, usually the most severe, on a tie), unless the keyword names a condition.
        """
        text = "".join(text.split())
        words = _bigrams(text)
        best: tuple[tuple[bool, int, int, int, int], _Key, int] | None = None
        for key in self._keys:
            found_at = text.find(key.word)
            if found_at < 0:
                continue
            names_the_problem = any(
                not text.startswith(_LOCATIVE, at + len(key.word)) for at in _occurrences(text, key.word)
            )
            condition_index, overlap = self._best_condition(key, words)
            rank = (names_the_problem, len(key.word), overlap, -found_at, -key.category_index)
            if best is None or rank > best[0]:
                best = (rank, key, condition_index)
        if best is None:
            return None
        _, key, condition_index = best
        category = self.categories[key.category_index]
        return category, category.conditions[condition_index]

    def _best_condition(self, key: _Key, words: frozenset[str]) -> tuple[int, int]:
        overlaps = [len(words & pairs) for pairs in self._condition_bigrams[key.category_index]]
        if key.condition_index is not None:
            return key.condition_index, overlaps[key.condition_index]
        best = max(range(len(overlaps)), key=lambda index: (overlaps[index], -index))
        return best, overlaps[best]
