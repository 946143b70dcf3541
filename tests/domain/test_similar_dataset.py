"""The Chinese evaluation set for the similar-case engine (tools/build_similar_cn.py)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from workstation.domain.catalogue import Catalogue
from workstation.domain.city import City
from workstation.tools.build_similar_cn import COLUMNS, HOTLINE, SOURCES, Report, build, resemblance, write_csv

CASES = 600


@pytest.fixture(scope="module")
def reports(city: City, catalogue: Catalogue) -> list[Report]:
    return build(CASES, seed=11, city=city, catalogue=catalogue)


def test_the_same_seed_gives_the_same_rows(reports: list[Report], city: City, catalogue: Catalogue) -> None:
    again = build(CASES, seed=11, city=city, catalogue=catalogue)
    assert [r.row() for r in again] == [r.row() for r in reports]
    other = build(CASES, seed=12, city=city, catalogue=catalogue)
    assert [r.row() for r in other] != [r.row() for r in reports]


def test_the_csv_has_the_measurement_columns(reports: list[Report], catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "similar.csv"
    write_csv(reports, path)
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    assert len(rows) == CASES
    assert len({row["id"] for row in rows}) == CASES
    for row in rows:
        datetime.fromisoformat(row["created_at"])
        catalogue.category(row["category"])
        assert row["source"] in SOURCES
        assert (row["lat"] == "") == (row["lon"] == "")
        if row["lat"]:
            assert 36.6 < float(row["lat"]) < 36.7 and 117.0 < float(row["lon"]) < 117.1
        assert row["address"]
        assert row["component"] == "" or (len(row["component"]) == 16 and row["component"].isdigit())
        assert bool(row["caller"]) == (row["source"] == HOTLINE)
        assert row["is_duplicate"] == ("1" if row["duplicate_of"] else "0")


def test_every_duplicate_points_at_the_first_report_of_its_problem(reports: list[Report]) -> None:
    by_id = {r.id: r for r in reports}
    for report in reports:
        if not report.is_duplicate:
            continue
        first = by_id[report.duplicate_of]
        assert first.problem is report.problem
        assert not first.is_duplicate
        assert first.at < report.at
        assert first is min(report.problem.reports, key=lambda r: r.at)
        assert 2 <= len(report.problem.reports) <= 5
    for report in reports:
        if report.problem.hard:  # a hard negative is a problem of its own, never its anchor's
            assert report.problem.anchor is not None and report.problem.anchor.problem is not report.problem


def test_about_one_case_in_eight_is_a_duplicate_and_three_in_ten_of_the_rest_are_hard(reports: list[Report]) -> None:
    duplicates = sum(r.is_duplicate for r in reports)
    assert 0.10 <= duplicates / CASES <= 0.15
    firsts = [r for r in reports if not r.is_duplicate]
    assert 0.25 <= sum(bool(r.problem.hard) for r in firsts) / len(firsts) <= 0.35


def test_a_duplicate_is_worded_anew_not_copied(reports: list[Report]) -> None:
    by_id = {r.id: r for r in reports}
    duplicates = [r for r in reports if r.is_duplicate]
    for report in duplicates:
        original = by_id[report.duplicate_of]
        assert report.text != original.text
        assert resemblance(report.text, original.text) < 0.9
    assert sum(r.source != by_id[r.duplicate_of].source for r in duplicates) > 0.7 * len(duplicates)
