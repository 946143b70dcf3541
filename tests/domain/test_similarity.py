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


def test_a_neighbouring_category_counts_between_the_same_and_another_one() -> None:
    index = index_of(case("A", 0))
    same = index.suggest(case("B", 1, north_m=10)).candidates[0]
    related = index.suggest(case("B", 1, category="SJ0111", north_m=10)).candidates[0]
    other = index.suggest(case("B", 1, category="BJ0137", north_m=10)).candidates[0]
    assert related.explanation.startswith("同一大类，相距 10 米")
    assert other.explanation.startswith("不同类别")
    assert same.score > related.score > other.score


def test_without_a_point_the_road_and_the_address_words_count() -> None:
    grid = "37010200200301"
    index = index_of(case("A", 0, lon=None, lat=None, grid=grid, address="解放路126号"),
                     case("C", 0, lon=None, lat=None, grid=grid, address="历山路与文化东路交叉口东北角"))
    road = index.suggest(case("B", 1, lon=None, lat=None, grid=grid, address="解放路130号")).candidates
    assert [found.id for found in road] == ["A", "C"]
    assert road[0].explanation == "同一小类，同一网格，1 小时前，同一道路"
    crossing = index.suggest(case("D", 1, lon=None, lat=None, grid=grid, address="文化东路历山路路口")).candidates
    assert [found.id for found in crossing] == ["C", "A"]
    assert crossing[0].explanation == "同一小类，同一网格，1 小时前，地址相似度 49%"


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
    assert "recall@3              1.000" in printed
    assert "warning rate          0.333" in printed  # D of the three non-duplicates A, B, D
    assert "cases per second" in printed


def test_the_command_line_replays_in_time_order_and_lists_at_most_five(tmp_path: Path) -> None:
    """The file's order is not the arrival order: each case is compared only with those before it."""
    rows = [f"P{n},2021-01-01T{8 + n:02d}:00:00,Pothole,41.90000,-87.60000,,,Phone,,0" for n in range(8)]
    cases = tmp_path / "cases.csv"
    cases.write_text(CSV_HEADER + "\n".join(reversed(rows)) + "\n", encoding="utf-8")
    out = tmp_path / "suggestions.jsonl"
    assert main(["suggest", str(cases), "--out", str(out)]) == 0
    answers = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [answer["id"] for answer in answers] == [f"P{n}" for n in range(8)]
    assert answers[0]["candidates"] == []
    assert [other for other, _score in answers[2]["candidates"]] == ["P1", "P0"]  # the nearer in time first
    last = answers[-1]["candidates"]
    assert [other for other, _score in last] == ["P6", "P5", "P4", "P3", "P2"]
    assert [score for _other, score in last] == sorted((score for _other, score in last), reverse=True)


def test_calibration_silences_a_category_that_is_never_a_duplicate(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Aircraft-noise-like complaints: all at one spot, each counted, none a duplicate. Calibrated
    rules stop warning on them and keep the warnings on the potholes that are."""
    rows = []
    for n in range(40):
        minute = f"2021-01-01T{8 + n // 6:02d}:{n % 6 * 10:02d}:00"
        rows.append(f"N{n},{minute},Noise,41.98000,-87.90000,10510 W ZEMKE RD,,Internet,,0")
    for n in range(30):  # a pothole reported twice, 10 m apart and 20 minutes later, at 30 places
        north = 41.80 + n * 0.004
        rows.append(f"H{n},2021-01-02T{8 + n % 10:02d}:00:00,Pothole,{north:.5f},-87.60000,,,Phone,,0")
        rows.append(f"H{n}b,2021-01-02T{8 + n % 10:02d}:20:00,Pothole,{north + 0.00009:.5f},-87.60000,,,Phone,H{n},1")
    cases = tmp_path / "cases.csv"
    cases.write_text(CSV_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    plain, tuned, rules = tmp_path / "plain.jsonl", tmp_path / "tuned.jsonl", tmp_path / "rules.json"
    assert main(["suggest", str(cases), "--out", str(plain)]) == 0
    assert main(["calibrate", str(cases), "--out", str(rules)]) == 0
    calibrated = json.loads(rules.read_text(encoding="utf-8"))
    assert calibrated["categories"]["Noise"]["warn"] is False
    assert calibrated["categories"].get("Pothole", calibrated["default"])["warn"] is True
    assert main(["suggest", str(cases), "--out", str(tuned), "--rules", str(rules)]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(cases), str(plain)]) == 0
    assert "warning rate          0.557" in capsys.readouterr().out  # 39 noise complaints of 70 non-duplicates
    assert main(["evaluate", str(cases), str(tuned), "--rules", str(rules)]) == 0
    printed = capsys.readouterr().out
    assert "warning rate          0.000" in printed and "recall@1              1.000" in printed
