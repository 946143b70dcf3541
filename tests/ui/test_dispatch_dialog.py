"""The 派遣 dialog on its own: what it sends for each mechanism, and the per-unit 分工 and 处置时限 of
多部门/同时段/双流程 (the dispatch against the real server is in test_dispatch_lifecycle.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import type_text
from workstation.domain.catalogue import Catalogue
from workstation.domain.models import (
    Case,
    CaseState,
    Channel,
    Department,
    DispatchMechanism,
    DispatchTarget,
    Reporter,
    TimeLimit,
    TimeUnit,
    WorkOrderRole,
)
from workstation.ui.dispatch_dialog import Dispatch, DispatchDialog, Terms

DEPARTMENTS = (
    Department(id="D-HW", name="历下区环境卫生服务中心", short_name="区环卫中心", level="district"),
    Department(id="D-ZF", name="历下区综合行政执法局", short_name="区执法局", level="district"),
    Department(id="D-PS", name="济南市城市排水服务中心", short_name="市排水中心", level="city"),
)
FOUR_WORK_HOURS = TimeLimit(value=4, unit=TimeUnit.WORK_HOUR)


def test_each_unit_of_a_simultaneous_dispatch_is_a_lead_order_with_its_part_and_limit():
    chosen = Dispatch(DispatchMechanism.SIMULTANEOUS, "D-HW", ("D-ZF",), "",
                      {"D-HW": Terms(), "D-ZF": Terms(" 清运建筑垃圾 ", FOUR_WORK_HOURS)})
    assert chosen.targets == (
        DispatchTarget(department_id="D-HW", role=WorkOrderRole.LEAD),
        DispatchTarget(department_id="D-ZF", role=WorkOrderRole.LEAD, part="清运建筑垃圾", limit=FOUR_WORK_HOURS))
    assert chosen.assist_ids == ()


@pytest.mark.parametrize("mechanism", [DispatchMechanism.FLAT, DispatchMechanism.LEAD_ASSIST,
                                       DispatchMechanism.CROSS_REGION])
def test_flat_and_assisted_dispatches_send_the_department_and_assists_not_targets(mechanism):
    chosen = Dispatch(mechanism, "D-HW", ("D-ZF",), "", {"D-ZF": Terms("清运", FOUR_WORK_HOURS)})
    assert chosen.targets == ()


def filed_case() -> Case:
    """A filed 暴露生活垃圾 case (立案条件 SJ0110-01: 4小时) suggested to 区环卫中心."""
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    return Case(id="20261124000001", version=3, state=CaseState.FILED, channel=Channel.COLLECTOR, reported_at=now,
                updated_at=now, description="暴露垃圾", address="解放路", location=None, grid=None,
                reporter=Reporter(), urgent=False, category_id="SJ0110", condition_id="SJ0110-01",
                suggested_department_id="D-HW", suggestion_rule="责任分解表", department_id=None, step=None,
                handling_deadline=None, lease=None)


@pytest.fixture
def dialog(qtbot):
    shown = DispatchDialog(filed_case(), DEPARTMENTS, catalogue=Catalogue.load())
    qtbot.addWidget(shown)
    shown.show()
    return shown


def check(dialog: DispatchDialog, unit: str, checked: bool = True) -> None:
    items = [dialog.others.item(row) for row in range(dialog.others.count())]
    item = next(item for item in items if item.data(Qt.ItemDataRole.UserRole) == unit)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def test_flat_dispatch_keeps_the_plain_form(dialog):
    assert dialog.mechanism.currentText() == "扁平化派遣"
    assert not dialog.terms.isVisible() and not dialog.others.isEnabled()
    chosen = dialog.dispatch()
    assert chosen is not None and (chosen.department_id, chosen.others, chosen.targets) == ("D-HW", (), ())


def test_the_units_rows_start_at_the_filing_conditions_limit_and_keep_what_the_seat_typed(qtbot, dialog):
    dialog.set_mechanism(DispatchMechanism.MULTI)
    check(dialog, "D-ZF")
    assert dialog.terms.isVisible() and dialog.terms.units == ("D-HW", "D-ZF")
    assert "4小时" in dialog.terms_hint.text()
    edit = dialog.terms.limit_edit("D-ZF")
    assert (edit.value.text(), edit.unit.currentText(), edit.limit()) == ("4", "工作时", None)  # the default
    type_text(qtbot, dialog.terms.part_edit("D-ZF"), "清运建筑垃圾")
    edit.value.setValue(2)
    edit.unit.setCurrentIndex(edit.unit.findData(TimeUnit.URGENT_HOUR))
    dialog.terms.limit_edit("D-HW").value.setValue(0)
    assert dialog.terms.limit_edit("D-HW").value.text() == "默认"

    check(dialog, "D-PS")  # the table is built again: what was typed stays with its unit
    assert dialog.terms.units == ("D-HW", "D-ZF", "D-PS")
    assert dialog.terms.part_edit("D-ZF").text() == "清运建筑垃圾"
    chosen = dialog.dispatch()
    assert chosen is not None and chosen.targets == (
        DispatchTarget(department_id="D-HW"),
        DispatchTarget(department_id="D-ZF", part="清运建筑垃圾", limit=TimeLimit(value=2, unit=TimeUnit.URGENT_HOUR)),
        DispatchTarget(department_id="D-PS"))


def test_a_dual_flow_dispatch_shows_which_unit_works_in_which_flow(dialog):
    dialog.set_mechanism(DispatchMechanism.DUAL_FLOW)
    check(dialog, "D-PS")
    table = dialog.terms
    assert not table.isColumnHidden(table.FLOW)
    assert [table.item(row, table.FLOW).text() for row in range(table.rowCount())] == ["区级流程", "市级流程"]
    dialog.set_mechanism(DispatchMechanism.SIMULTANEOUS)
    assert table.isColumnHidden(table.FLOW)
