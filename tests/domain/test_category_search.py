"""分类检索: what the seat finds in the 运城 catalogue for what it types."""

from __future__ import annotations

import pytest

from workstation.domain import category_search
from workstation.domain.catalogue import Catalogue
from workstation.domain.category_search import CategorySearch, syllables
from workstation.domain.models import CategoryKind


@pytest.fixture(scope="module")
def search() -> CategorySearch:
    return CategorySearch(Catalogue.load())


def ids(search: CategorySearch, query: str, count: int = 5) -> list[str]:
    return [match.category.id for match in search.search(query)[:count]]


def test_pinyin_initials_of_an_everyday_word_find_its_category_first(search: CategorySearch) -> None:
    # 暴露垃圾 is a keyword of SJ0110 暴露生活垃圾; its initials are bllj.
    top = search.search("bllj")[0]
    assert (top.category.id, top.category.small_name, top.matched) == ("SJ0110", "暴露生活垃圾", "暴露垃圾")
    assert top.condition is None
    assert ids(search, "BLLJ", 1) == ["SJ0110"]  # case does not matter
    assert ids(search, "bll", 1) == ["SJ0110"]  # the start of the initials is enough


def test_initials_with_two_letters_swapped_still_find_the_category(search: CategorySearch) -> None:
    assert ids(search, "bljl", 1) == ["SJ0110"]
    assert search.best("bljl") == (search.catalogue.category("SJ0110"),
                                   search.catalogue.category("SJ0110").conditions[0])


def test_full_pinyin_prefixes_and_polyphones(search: CategorySearch) -> None:
    assert ids(search, "baolu", 1) == ["SJ0110"]
    assert ids(search, "bao lu", 1) == ["SJ0110"]  # spaces are ignored
    assert ids(search, "jinggai", 1) == ["BJ0123"]  # 井盖 is the keyword of 不明井盖
    assert {"BJ0101", "BJ0102", "BJ0103"} <= set(ids(search, "jinggai", 10))  # …and ends 上水/污水/雨水井盖
    assert syllables("行道树") == ["xing", "dao", "shu"]  # 行 is xing here, not hang
    assert ids(search, "xingdaoshu", 1) == ids(search, "xds", 1) == ["BJ0402"]


def test_codes_find_components_and_events_alike(search: CategorySearch) -> None:
    assert ids(search, "SJ0110", 1) == ["SJ0110"]
    assert ids(search, "bj0101", 1) == ["BJ0101"]
    shared = search.search("0110")
    assert {match.category.id for match in shared[:2]} == {"BJ0110", "SJ0110"}
    assert {match.category.kind for match in shared[:2]} == {CategoryKind.COMPONENT, CategoryKind.EVENT}
    assert all(match.category.id.endswith("0110") for match in shared[:2])
    assert all(match.category.big_code == "01" for match in search.search("sj01")[:10])


def test_a_keyword_finds_its_category_and_a_condition_keyword_its_condition(search: CategorySearch) -> None:
    top = search.search("乱扔垃圾")[0]
    assert (top.category.id, top.matched) == ("SJ0110", "乱扔垃圾")
    top = search.search("下水道堵塞")[0]  # a keyword of condition SJ0503-01
    assert top.category.small_name == "排水管道堵塞、破裂"
    assert top.condition is not None and top.condition.id == "SJ0503-01"


def test_an_object_with_its_problem_finds_the_condition(search: CategorySearch) -> None:
    for query in ("井盖 缺失", "井盖缺失", "缺失 井盖", "jgqs"):
        top = search.search(query)[0]
        assert "井盖" in top.category.small_name, query
        assert top.condition is not None and "缺失" in top.condition.text, query
    category, condition = search.best("路灯不亮") or (None, None)
    assert category is not None and condition is not None
    assert (category.small_name, condition.text) == ("路灯", "单盏不亮")


def test_a_condition_text_alone_finds_the_categories_having_it(search: CategorySearch) -> None:
    matches = search.search("单盏不亮")
    assert matches and matches[0].category.small_name == "路灯"
    assert matches[0].condition is not None and matches[0].condition.text == "单盏不亮"


def test_a_big_class_name_lists_its_small_classes(search: CategorySearch) -> None:
    matches = search.search("突发事件", limit=50)
    assert matches[0].category.id == "SJ0595"  # the 小类 named 突发事件 comes before its 大类's others
    assert {match.category.big_name for match in matches} == {"突发事件"}


def test_exact_names_come_before_longer_names_containing_them(search: CategorySearch) -> None:
    assert ids(search, "路灯", 2) == ["BJ0137", "BJ0106"]  # 路灯, then 路灯井盖
    assert ids(search, "果皮箱", 1) == ["BJ0305"]  # an alternative inside 垃圾箱（果皮箱、桶）


def test_every_small_class_is_found_first_by_its_own_name(search: CategorySearch) -> None:
    for category in search.catalogue.categories:
        top = search.search(category.small_name)[0]
        assert top.category.small_name == category.small_name, category.id  # 施工公示牌 is both 部件 and 事件
        assert category in [match.category for match in search.search(category.small_name)[:2]]


def test_nonsense_and_empty_queries_find_nothing(search: CategorySearch) -> None:
    assert search.search("qwxz") == []
    assert search.search("   ") == []
    assert search.search("") == []
    assert search.best("qwxz") is None


def test_results_are_best_first_and_limited(search: CategorySearch) -> None:
    matches = search.search("垃圾", limit=3)
    assert len(matches) == 3
    assert [match.score for match in matches] == sorted((match.score for match in matches), reverse=True)


def test_the_search_of_a_catalogue_is_shared(search: CategorySearch, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(category_search, "_SHARED", {})  # as in a fresh process: the UI tests searched already
    catalogue = Catalogue.load()
    assert CategorySearch.of(catalogue) is CategorySearch.of(catalogue)
    assert not CategorySearch.of(catalogue).ready
    assert CategorySearch.of(catalogue).search("bllj")[0].category.id == "SJ0110"
    assert CategorySearch.of(catalogue).ready
