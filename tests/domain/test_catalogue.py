"""The 运城 category catalogue: what the seat can file under, and what intake suggests."""

from __future__ import annotations

from pathlib import Path

import pytest

from workstation.domain.catalogue import Catalogue
from workstation.domain.models import CategoryKind, TimeUnit
from workstation.resources import resource_path
from workstation.tools import build_catalogue


def test_the_catalogue_holds_every_filing_condition_of_the_standard(catalogue: Catalogue) -> None:
    conditions = [condition for category in catalogue.categories for condition in category.conditions]
    assert catalogue.name == "运城市中心城区数字化城市管理部件事件类监管立案、处置和结案标准"
    assert len(conditions) == 519
    assert len({condition.id for condition in conditions}) == 519
    assert len({category.id for category in catalogue.categories}) == len(catalogue.categories) == 190
    assert {condition.limit.unit for condition in conditions} <= set(TimeUnit)
    kinds = {category.kind for category in catalogue.categories}
    assert kinds == {CategoryKind.COMPONENT, CategoryKind.EVENT}


def test_ids_follow_kind_code_and_row_order(catalogue: Catalogue) -> None:
    for category in catalogue.categories:
        prefix = "BJ" if category.kind is CategoryKind.COMPONENT else "SJ"
        assert category.id == prefix + category.big_code + category.small_code
        assert [c.id for c in category.conditions] == [
            f"{category.id}-{n:02d}" for n in range(1, len(category.conditions) + 1)
        ]


def test_a_condition_keeps_its_limit_as_written_and_as_a_value(catalogue: Catalogue) -> None:
    category, condition = catalogue.condition("BJ0101-01")
    assert (category.small_name, category.big_name) == ("上水井盖", "公用设施")
    assert condition.text == "缺失、移位、开裂，存在安全隐患的"
    assert condition.limit_text == "2紧急工作时"
    assert (condition.limit.value, condition.limit.unit) == (2, TimeUnit.URGENT_HOUR)
    assert condition.close_condition == "恢复"
    # "4小时" is 4 工作时 and "2天" is 2 工作日 (DOMAIN.md §2.6).
    assert catalogue.condition("BJ0101-02")[1].limit.unit is TimeUnit.WORK_HOUR
    assert catalogue.condition("BJ0101-03")[1].limit.unit is TimeUnit.WORK_DAY
    assert catalogue.condition("SJ0101-01")[1].limit.unit is TimeUnit.URGENT_DAY


def test_lookup_of_unknown_ids_raises_key_error(catalogue: Catalogue) -> None:
    assert catalogue.category("SJ0110").small_name == "暴露生活垃圾"
    with pytest.raises(KeyError):
        catalogue.category("SJ9999")
    with pytest.raises(KeyError):
        catalogue.condition("SJ0110-99")


@pytest.mark.parametrize(
    ("description", "condition_id"),
    [
        ("路边有暴露垃圾没人清理", "SJ0110-01"),
        ("人行道上的井盖缺失了，很危险", "BJ0123-01"),
        ("人行道破损了一大块", "BJ0284-04"),
        ("人行道地砖松动", "BJ0284-03"),
        ("公交站旁边垃圾桶倒了", "BJ0305-01"),
        ("小区门口有人占道经营卖水果", "SJ0406-01"),
        ("路灯不亮好几天了", "BJ0137-03"),
        ("共享单车乱停放堵住了路口", "SJ0493-02"),
        ("下水道堵了污水外溢", "SJ0503-01"),
        ("排水管道破损，污水横流", "SJ0503-02"),
        ("有人正在搭建违章建筑", "SJ0101-01"),
        ("地下通道积水，行人过不去", "BJ0207-01"),
        ("水管爆裂 路面冒水", "SJ0501-01"),
    ],
)
def test_intake_suggests_the_category_and_condition_a_seat_would_choose(
    catalogue: Catalogue, description: str, condition_id: str
) -> None:
    suggestion = catalogue.suggest(description)
    assert suggestion is not None
    category, condition = suggestion
    assert condition.id == condition_id
    assert condition in category.conditions


def test_no_suggestion_when_no_category_is_named(catalogue: Catalogue) -> None:
    assert catalogue.suggest("今天天气很好，谢谢你们的工作") is None
    assert catalogue.suggest("") is None


def test_a_catalogue_built_from_categories_suggests_by_name_alone(catalogue: Catalogue) -> None:
    plain = Catalogue.from_categories("test", catalogue.categories)
    suggestion = plain.suggest("这里有暴露生活垃圾")
    assert suggestion is not None and suggestion[0].id == "SJ0110"
    assert plain.category("BJ0101") == catalogue.category("BJ0101")


def test_the_builder_reproduces_the_committed_json(tmp_path: Path) -> None:
    if not build_catalogue.DEFAULT_CSV.is_file():
        pytest.skip(f"source CSV not present at {build_catalogue.DEFAULT_CSV}")
    out = tmp_path / "catalogue.json"
    assert build_catalogue.main([str(build_catalogue.DEFAULT_CSV), str(out)]) == 0
    committed = resource_path("catalogue", "yuncheng.json").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, "rerun python -m workstation.tools.build_catalogue"
