"""The Chinese the seats read is complete and the compiled .qm matches its .ts source."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from workstation.resources import resource_path

TS = resource_path("i18n", "workstation_zh_CN.ts")
QM = resource_path("i18n", "workstation_zh_CN.qm")


def test_every_string_is_translated():
    unfinished = [
        message.findtext("source")
        for message in ET.parse(TS).iter("message")
        if message.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []


def test_every_string_in_the_code_is_in_the_ts_file(tmp_path):
    copy = tmp_path / "check.ts"
    copy.write_bytes(TS.read_bytes())
    sources = sorted(str(path) for path in Path(__file__).parents[2].joinpath("workstation", "ui").glob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    output = subprocess.run([str(lupdate), *sources, "-ts", str(copy)], capture_output=True, text=True, check=True)
    assert "0 new" in output.stdout or "(0 new" in output.stdout, output.stdout


def test_the_compiled_qm_is_up_to_date(tmp_path):
    built = tmp_path / "built.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(TS), "-qm", str(built)], capture_output=True, check=True)
    assert built.read_bytes() == QM.read_bytes(), "run pyside6-lrelease on resources/i18n/*.ts"
