"""Build the category catalogue JSON (resources/catalogue/yuncheng.json) from the 运城 standard CSV.

The CSV (../shared/data/catalogue/yuncheng_case_standards.csv) has one row per 小类 (small class) ×
立案条件 (filing condition) with its 处置时限 (handling limit) and 结案条件 (closing condition). The
JSON is committed as data; run this again when the standard changes:

    python -m workstation.tools.build_catalogue [CSV] [OUT]
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from workstation.domain.models import Category, CategoryKind, FilingCondition, TimeLimit, TimeUnit

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CSV = REPO_ROOT.parent / "shared" / "data" / "catalogue" / "yuncheng_case_standards.csv"
DEFAULT_OUT = REPO_ROOT / "resources" / "catalogue" / "yuncheng.json"

CATALOGUE_NAME = "运城市中心城区数字化城市管理部件事件类监管立案、处置和结案标准"
SOURCE = (
    "《运城市中心城区数字化城市管理部件事件类监管立案、处置和结案标准及处置责任分解表》, "
    "from yuncheng_case_standards.csv (parsed from muban.xlsx of the public repository "
    "zhcg2026/smart_cityguard); built by workstation.tools.build_catalogue"
)

# Every time_unit string that occurs in the CSV. "N小时" rows carry work_hour and "N天" rows
# carry work_day: DOMAIN.md §2.6 says 4小时 ≡ 4工作时 and 2天 ≡ 2工作日, so the column is followed.
UNITS: Mapping[str, TimeUnit] = {
    "urgent_hour(continuous)": TimeUnit.URGENT_HOUR,
    "urgent_day(continuous)": TimeUnit.URGENT_DAY,
    "work_hour": TimeUnit.WORK_HOUR,
    "work_day": TimeUnit.WORK_DAY,
}
KINDS: Mapping[str, tuple[CategoryKind, str]] = {
    "component": (CategoryKind.COMPONENT, "BJ"),  # 部件
    "event": (CategoryKind.EVENT, "SJ"),  # 事件
}


def read_rows(csv_path: Path) -> list[dict[str, str]]:
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def build_categories(rows: Iterable[Mapping[str, str]]) -> list[Category]:
    """Group rows by 小类 in file order; conditions are numbered in row order within their 小类."""
    grouped: dict[str, dict[str, object]] = {}
    conditions: dict[str, list[FilingCondition]] = {}
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            kind, prefix = KINDS[row["category_type"]]
            unit = UNITS[row["time_unit"]]
        except KeyError as unknown:
            raise ValueError(f"line {number}: unknown category type or time unit {unknown}") from None
        big_code, small_code = row["big_code"], row["small_code"]
        if row["full_code"] != big_code + small_code:
            raise ValueError(f"line {number}: full_code {row['full_code']} != {big_code}+{small_code}")
        category_id = prefix + row["full_code"]
        header = {
            "id": category_id,
            "kind": kind,
            "big_code": big_code,
            "big_name": row["big_name"],
            "small_code": small_code,
            "small_name": row["small_name"],
            "handling_unit": row["handling_unit(处置单位)"],
            "supervisor": row["supervisor(主管部门)"],
        }
        if category_id not in grouped:
            grouped[category_id] = header
            conditions[category_id] = []
        elif grouped[category_id] != header:
            raise ValueError(f"line {number}: {category_id} differs from its earlier rows")
        sequence = len(conditions[category_id]) + 1
        conditions[category_id].append(
            FilingCondition(
                id=f"{category_id}-{sequence:02d}",
                text=row["filing_condition(立案条件)"],
                limit=TimeLimit(value=int(row["time_value"]), unit=unit),
                limit_text=row["time_limit_raw"],
                close_condition=row["close_condition(结案条件)"],
            )
        )
    return [
        Category.model_validate({**header, "conditions": tuple(conditions[category_id])})
        for category_id, header in grouped.items()
    ]


def render(categories: Iterable[Category]) -> str:
    """The JSON text, deterministic so that a rebuild can be compared with the committed file."""
    document = {
        "name": CATALOGUE_NAME,
        "source": SOURCE,
        "categories": [category.model_dump(mode="json") for category in categories],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def build(csv_path: Path = DEFAULT_CSV) -> str:
    return render(build_categories(read_rows(csv_path)))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    csv_path = Path(args[0]) if args else DEFAULT_CSV
    out_path = Path(args[1]) if len(args) > 1 else DEFAULT_OUT
    text = build(csv_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(text, encoding="utf-8")
    count = text.count('"close_condition"')
    print(f"{out_path}: {count} 立案条件")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
