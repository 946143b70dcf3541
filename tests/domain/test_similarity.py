"""The similar-case engine: what it finds, what it leaves alone, how it explains itself, and the
measurement command line on a small labelled file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.domain.similarity import CaseFacts, Index, Rule, Rules, address_key, grams, resemblance
from workstation.similarity import main

HOUR = 3600.0
LON, LAT = 117.0, 36.65
METRE_LAT = 1 / 111_320  # degrees of latitude per metre


def case(case_id: str, hours: float, category: str | None = "SJ0110", north_m: float = 0.0,
         **fields: object) -> CaseFacts:
    values: dict[str, object] = {"group": category[:4] if category else None, "lon": LON,
                                 "lat": LAT + north_m * METRE_LAT, "address": "", "text": ""}
    values.update(fields)
    return CaseFacts(id=case_id, at=hours * HOUR, category=category, **values)  # type: ignore[arg-type]


def index_of(*cases: CaseFacts, rules: Rules | None = None) -> Index:
    index = Index(rules)
    for facts in cases:
        index.add(facts)
    return index


def test_a_reworded_report_nearby_warns_with_a_chinese_explanation() -> None:
    index = index_of(case("A", 0, text="解放路126号门口一堆生活垃圾没人清理"),
                     case("B", 0.5, category="SJ0202", north_m=300, text="井盖缺失"))
    found = index.suggest(case("C", 2, north_m=35, text="市民来电反映解放路126号附近垃圾堆放好几天了"))
    assert found.warn
    assert [candidate.id for candidate in found.candidates] == ["A"]
    assert found.best is not None
    assert found.best.explanation.startswith("同一小类，相距 35 米，2 小时前，描述相似度 ")
    assert 0.5 <= found.best.score <= 1


def test_unrelated_cases_do_not_warn() -> None:
    index = index_of(case("A", 0, text="暴露垃圾"))
    assert not index.suggest(case("far", 1, north_m=400, text="暴露垃圾")).warn
    assert not index.suggest(case("other", 1, category="SJ0301", north_m=30, text="占道经营")).warn


def test_later_and_own_cases_are_never_candidates() -> None:
    index = index_of(case("A", 5), case("B", 1))
    found = index.suggest(case("B", 1))  # re-checking B after an edit
    assert [candidate.id for candidate in found.candidates] == []


def test_the_same_component_decides_and_a_different_one_vetoes() -> None:
    index = index_of(case("lid-1", 0, category="BJ0101", component="370102-0101-000017"))
    same = index.suggest(case("n1", 3, category="BJ0101", north_m=25, component="370102-0101-000017"))
    other = index.suggest(case("n2", 3, category="BJ0101", north_m=25, component="370102-0101-000018"))
    assert same.warn and "同一部件" in same.candidates[0].explanation
    assert not other.warn


def test_a_different_category_at_the_very_same_spot_is_listed_without_a_warning() -> None:
    index = index_of(case("A", 0, category="SJ0110", text="路口一大堆建筑垃圾堵住人行道"))
    same_words = index.suggest(case("B", 1, category="SJ0601", text="路口人行道上堆了一大堆建筑垃圾"))
    other_words = index.suggest(case("C", 1, category="SJ0601", text="路灯白天一直亮着"))
    assert not same_words.warn
    assert same_words.candidates[0].explanation.startswith("不同类别，同一地点，1 小时前，描述相似度")
    assert same_words.candidates[0].score > other_words.candidates[0].score


def test_without_a_point_the_address_grid_and_caller_find_the_case() -> None:
    index = index_of(case("A", 0, address="济南市历下区解放路126号", text="垃圾"))
    by_address = index.suggest(case("B", 1, lon=None, lat=None, address="解放路126号", text="垃圾没人清理"))
    assert by_address.candidates and by_address.candidates[0].distance_m is None
    assert "地址相同" in by_address.candidates[0].explanation
    index.add(case("G", 0.5, category="SJ0201", north_m=3000, grid="37010200200301"))
    by_grid = index.suggest(case("H", 1, category="SJ0201", lon=None, lat=None, grid="37010200200301"))
    assert [c.id for c in by_grid.candidates] == ["G"] and "同一网格" in by_grid.candidates[0].explanation
    index.add(case("D", 2, category="SJ0301", north_m=2000, caller="13800000000"))
    by_caller = index.suggest(case("E", 3, category="SJ0301", lon=None, lat=None, caller="13800000000"))
    assert "同一来电人" in by_caller.candidates[0].explanation


def test_closed_cases_weigh_less_and_say_so() -> None:
    open_case = index_of(case("A", 0)).suggest(case("B", 2, north_m=10))
    closed_case = index_of(case("A", 0, open=False)).suggest(case("B", 2, north_m=10))
    assert closed_case.candidates[0].score < open_case.candidates[0].score
    assert closed_case.candidates[0].explanation.endswith("已结案")


def test_an_open_case_stays_a_candidate_past_the_window_but_a_closed_one_does_not() -> None:
    assert index_of(case("A", 0)).suggest(case("B", 100, north_m=5)).candidates
    assert not index_of(case("A", 0, open=False)).suggest(case("B", 100, north_m=5)).candidates


def test_a_city_rule_per_category_changes_radius_window_and_warning() -> None:
    vendor = Rules(Rule(), {"SJ0301": Rule(radius_m=150, window_h=4, open_window_h=4)})
    index = index_of(case("A", 0, category="SJ0301"), case("P", 0), rules=vendor)
    assert index.suggest(case("B", 1, category="SJ0301", north_m=120)).warn
    assert not index.suggest(case("C", 6, category="SJ0301", north_m=10)).candidates
    assert not index.suggest(case("Q", 1, north_m=120)).warn  # the default 50 m for other 小类
    silent = Rules(Rule(), {"SJ0110": Rule(warn=False)})
    listed = index_of(case("A", 0), rules=silent).suggest(case("B", 1, north_m=5))
    assert listed.candidates and not listed.warn


def test_seat_decisions_silence_a_category_that_is_never_a_duplicate() -> None:
    index = index_of(case("A", 0))
    assert index.suggest(case("B", 1, north_m=5)).warn
    for _ in range(4):  # a seat merging one in three keeps the warnings as they are
        index.feedback("SJ0110", merged=False)
        index.feedback("SJ0110", merged=False)
        index.feedback("SJ0110", merged=True)
    assert index.prior("SJ0110") == 0
    for _ in range(80):  # … but a run of 不是重复 silences it
        index.feedback("SJ0110", merged=False)
    assert not index.suggest(case("B", 1, north_m=5)).warn
    assert index.suggest(case("B", 1, north_m=5)).candidates  # still listed


def test_edits_move_a_case_and_removal_forgets_it() -> None:
    index = index_of(case("A", 0))
    index.add(case("A", 0, north_m=1000))  # the seat corrected the place
    assert not index.suggest(case("B", 1, north_m=5)).candidates
    assert index.suggest(case("B", 1, north_m=1005)).candidates
    index.remove("A")
    assert "A" not in index and len(index) == 0
    assert not index.suggest(case("B", 1, north_m=1005)).candidates


def test_an_older_case_added_late_is_still_found_in_time_order() -> None:
    index = index_of(case("new", 10), case("old", 1))
    assert [c.id for c in index.suggest(case("q", 11, north_m=3)).candidates] == ["new", "old"]
    assert [c.id for c in index.suggest(case("q", 5, north_m=3)).candidates] == ["old"]


def test_character_ngrams_work_for_chinese_and_english() -> None:
    assert resemblance(grams("井盖缺失，车辆容易掉进去"), grams("路边井盖缺失了")) > 0.3
    assert resemblance(grams("Street light out"), grams("street LIGHT is out!")) > 0.6
    assert resemblance(grams("井盖缺失"), grams("占道经营")) == 0
    assert resemblance(grams(""), grams("井盖")) == 0
    assert address_key("山东省济南市历下区解放路126号") == address_key("解放路126号") == "解放路126号"


CSV_HEADER = "id,created_at,category,lat,lon,address,text,source,duplicate_of,is_duplicate\n"


def test_the_command_line_replays_evaluates_and_calibrates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        "A,2021-01-01T08:00:00,Pothole,41.90000,-87.60000,100 N STATE ST,deep pothole in the right lane,Phone,,0",
        "B,2021-01-01T08:30:00,Noise,41.95000,-87.70000,9 W ELM ST,,Internet,,0",
        "C,2021-01-01T09:00:00,Pothole,41.90010,-87.60000,110 N STATE ST,pothole right lane very deep,Internet,A,1",
        "D,2021-01-01T09:10:00,Noise,41.95000,-87.70000,9 W ELM ST,,Internet,,0",
        "E,2021-01-01T09:20:00,Pothole,,,100 N STATE ST,,Phone,A,1",
        "F,2021-01-01T10:00:00,Graffiti,41.80000,-87.65000,5 E OAK ST,,Internet,Z,1",
    ]
    cases = tmp_path / "cases.csv"
    cases.write_text(CSV_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "suggestions.jsonl"
    assert main(["suggest", str(cases), "--out", str(out)]) == 0
    answers = {line["id"]: line for line in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert list(answers) == ["A", "B", "C", "D", "E", "F"]
    assert answers["A"] == {"id": "A", "warn": False, "candidates": []}
    assert answers["C"]["warn"] and answers["C"]["candidates"][0][0] == "A"
    assert answers["E"]["candidates"][0][0] in {"A", "C"}  # no point: found by its address
    assert answers["D"]["warn"]  # a repeated noise complaint at the same spot looks like a duplicate

    assert main(["evaluate", str(cases), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "labelled pairs        2" in printed
    assert "recall@1              1.000" in printed
    assert "warning rate          0.333" in printed  # D of the three non-duplicates A, B, D
    assert "cases per second" in printed

    with_feedback = tmp_path / "feedback.jsonl"
    assert main(["suggest", str(cases), "--out", str(with_feedback), "--seat-feedback"]) == 0
    assert main(["calibrate", str(cases), "--out", str(tmp_path / "rules.json")]) == 0
    rules = json.loads((tmp_path / "rules.json").read_text(encoding="utf-8"))
    assert 0 < rules["default"]["threshold"] < 1
