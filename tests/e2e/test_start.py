"""The real program, as a user starts it: embedded server, demo seat, queue filled, clean exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PySide6.QtGui import QImage


def start_workstation(tmp_path, *args: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "workstation.ui.main",
            "--data-dir",
            str(tmp_path / "server"),
            "--settings",
            str(tmp_path / "settings.ini"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_smoke_test_starts_fills_the_queue_and_reports_timings(tmp_path):
    timings = start_workstation(tmp_path, "--smoke-test")
    assert timings["cases_in_queue"] > 0
    assert 0 < timings["window_shown_s"] <= timings["queue_filled_s"] < 60
    assert (tmp_path / "server" / "workstation.db").exists()  # the embedded server's SQLite file


def test_screenshot_saves_the_window_with_a_case_open(tmp_path):
    picture = tmp_path / "window.png"
    timings = start_workstation(tmp_path, "--screenshot", str(picture))
    assert timings["screenshot"] == str(picture)
    image = QImage(str(picture))
    assert image.width() >= 1200 and image.height() >= 700
