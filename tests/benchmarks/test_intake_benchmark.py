"""Intake benchmark (issue 3): reports per second the server accepts at 受理入口, and the time from a
channel's POST to the new case's row appearing in a connected seat's queue.

Not part of the normal test run (pyproject deselects the `benchmark` marker). Run it with:

    .venv/bin/python -m pytest -m benchmark tests/benchmarks -q

The real server runs on a SQLite file and on a fresh PostgreSQL database (demo seed, no demo
departments). Channels post realistic reports (`generate_reports`) under their own accounts. The
stream holds repeated alarms of a sensor or camera (answered 200 with the open case updated, no new
case) and low-confidence video detections (new cases in 待确认, `detected`, not 待受理):

- throughput: `BENCH_CASES` reports flat out by 1 and by 4 concurrent clients, no seat connected;
  every report must be accepted (201 new case, or 200 for a repeat), and the new cases are counted;
- latency: a seat's real `Session` feeds the real `QueueModel` on a qasync loop (offscreen Qt);
  each new row's `rowsInserted` is timestamped against its POST's send time (same process, one
  clock). The model holds every case of the seat's store whatever its tab (待确认 as well as
  待受理), so every new case must arrive; a repeat only changes its case's row and is left out of
  the latency. Paced at `PACE` reports/s (latency, not backlog), then flat out by 4 clients
  (latency under load).

A table is printed and the figures, with machine info, go to `WORKSTATION_BENCH_RESULTS`
(default tests/benchmarks/results/intake.json, kept out of git), one entry per backend.
Environment: WORKSTATION_BENCH_CASES (default 1000), WORKSTATION_BENCH_PACE (default 25 per second).
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import random
import sqlite3
import statistics
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
import PySide6
import pytest
import qasync
from PySide6.QtCore import qVersion

from tests.helpers.server import DEMO_PASSWORD, POSTGRES_ADMIN_URL, ServerProcess, start_server
from workstation.app.session import Session
from workstation.domain.models import Channel, IntakeReport
from workstation.server.simulator import CHANNEL_ACCOUNTS, generate_reports
from workstation.ui.queue_model import CASE_ROLE, QueueModel

pytestmark = pytest.mark.benchmark

CASES = int(os.environ.get("WORKSTATION_BENCH_CASES", "1000"))
PACE = float(os.environ.get("WORKSTATION_BENCH_PACE", "25"))
RESULTS = Path(os.environ.get("WORKSTATION_BENCH_RESULTS", Path(__file__).parent / "results" / "intake.json"))
SEAT = "seat01"
#: How long the last case may take to reach the seat's queue before the run counts as failed.
ARRIVAL_TIMEOUT = 120.0


@dataclass
class Sent:
    case_id: str
    sent: float  # perf_counter before the POST
    answered: float  # perf_counter when the answer came back
    created: bool  # 201: a new case; 200: a repeated alarm updated an open case
    state: str  # the case's state in the answer (reported, or detected for 待确认)


def created(sent: list[Sent]) -> list[Sent]:
    """The posts that made a new case (the ones a new queue row follows)."""
    return [s for s in sent if s.created]


# --- servers ---------------------------------------------------------------------------------------


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A database ws_bench_<hex> on the test PostgreSQL, dropped afterwards."""
    name = f"ws_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def bench_server(backend: str, folder: Path) -> Iterator[ServerProcess]:
    with fresh_postgres() if backend == "postgres" else _sqlite(folder) as db_url:
        server = start_server(db_url, folder, "--no-departments")
        try:
            yield server
        finally:
            server.stop()
        assert "Traceback" not in server.log(), server.log()[-4000:]


@contextmanager
def _sqlite(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'bench.db'}"


# --- channels posting ------------------------------------------------------------------------------


def channel_tokens(server: ServerProcess) -> dict[str, str]:
    return {account: server.login(account) for account in CHANNEL_ACCOUNTS.values()}


async def post_reports(url: str, tokens: dict[str, str], reports: list[IntakeReport], clients: int,
                       pace: float | None = None, until_new: int | None = None) -> tuple[list[Sent], float]:
    """POST every report through `/api/v1/intake` with `clients` concurrent connections, flat out or
    `pace` per second on a fixed schedule — or only until `until_new` new cases were made. Every report
    must be accepted: 201 with a new case, or 200 with the open case a repeated alarm updated.
    Returns what was sent and the wall time it took."""
    queue = list(enumerate(reports))
    queue.reverse()
    sent: list[Sent] = []
    start = time.perf_counter()

    async def client() -> None:
        async with httpx.AsyncClient(base_url=f"{url}/api/v1", timeout=60) as http:
            while queue and (until_new is None or len(created(sent)) < until_new):
                index, report = queue.pop()
                if pace:
                    await asyncio.sleep(max(0.0, start + index / pace - time.perf_counter()))
                token = tokens[CHANNEL_ACCOUNTS[report.channel]]
                body = report.model_dump(mode="json", exclude_none=True)
                before = time.perf_counter()
                answer = await http.post("/intake", json=body, headers={"Authorization": f"Bearer {token}"})
                answered = time.perf_counter()
                assert answer.status_code in (200, 201), answer.text
                case = answer.json()
                if answer.status_code == 200:  # only a repeated alarm may answer without a new case
                    assert report.channel in (Channel.IOT, Channel.VIDEO_AI), answer.text
                    assert case["details"]["alarm_count"] >= 2, answer.text
                sent.append(Sent(case["id"], before, answered, answer.status_code == 201, case["state"]))

    await asyncio.gather(*(client() for _ in range(clients)))
    return sent, time.perf_counter() - start


def throughput(seconds: float, sent: list[Sent]) -> dict[str, float]:
    """Reports accepted per second, and what they made: new cases (of them in 待确认) and repeats."""
    new = created(sent)
    ids = [s.case_id for s in new]
    assert len(set(ids)) == len(ids), "two 201 answers named the same case"
    return {"reports": len(sent), "new_cases": len(new), "detected": sum(s.state == "detected" for s in new),
            "repeats": len(sent) - len(new), "seconds": round(seconds, 3),
            "reports_per_second": round(len(sent) / seconds, 1)}


def spread(values_ms: list[float]) -> dict[str, float]:
    ordered = sorted(values_ms)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 1)

    return {"n": len(ordered), "median_ms": round(statistics.median(ordered), 1), "p95_ms": at(0.95),
            "p99_ms": at(0.99), "max_ms": round(ordered[-1], 1)}


# --- the seat --------------------------------------------------------------------------------------


class QueueWatch:
    """When each case's row appeared in the seat's QueueModel (perf_counter)."""

    def __init__(self, model: QueueModel) -> None:
        self.model = model
        self.appeared: dict[str, float] = {}
        model.rowsInserted.connect(self._inserted)

    def _inserted(self, _parent: object, first: int, last: int) -> None:
        now = time.perf_counter()
        for row in range(first, last + 1):
            case = self.model.index(row, 0).data(CASE_ROLE)
            self.appeared.setdefault(case.id, now)

    async def wait_for(self, case_ids: list[str]) -> None:
        deadline = time.monotonic() + ARRIVAL_TIMEOUT
        while any(case_id not in self.appeared for case_id in case_ids):
            missing = sum(case_id not in self.appeared for case_id in case_ids)
            assert time.monotonic() < deadline, f"{missing} case(s) never reached the seat's queue"
            await asyncio.sleep(0.05)

    def latency(self, sent: list[Sent]) -> dict[str, float]:
        """POST → row, over the posts that made a new case."""
        return spread([(self.appeared[s.case_id] - s.sent) * 1000 for s in created(sent)])


async def seat_phases(server: ServerProcess, tokens: dict[str, str], paced: list[IntakeReport],
                      loaded: list[IntakeReport]) -> dict[str, dict[str, float]]:
    session = await Session.open(server.url, SEAT, DEMO_PASSWORD)
    try:
        await session.start()
        model = QueueModel(session)
        watch = QueueWatch(model)
        before = model.rowCount()
        paced_sent, seconds = await post_reports(server.url, tokens, paced, clients=2, pace=PACE, until_new=CASES)
        await watch.wait_for([s.case_id for s in created(paced_sent)])
        assert len(created(paced_sent)) >= CASES, "the latency run ran out of reports before CASES new cases"
        results = {"paced_latency": watch.latency(paced_sent) | {"pace_per_second": PACE},
                   "paced_post_round_trip": spread([(s.answered - s.sent) * 1000 for s in paced_sent]),
                   "paced_posts": throughput(seconds, paced_sent)}
        loaded_sent, seconds = await post_reports(server.url, tokens, loaded, clients=4, until_new=CASES)
        await watch.wait_for([s.case_id for s in created(loaded_sent)])
        assert len(created(loaded_sent)) >= CASES, "the latency run ran out of reports before CASES new cases"
        results |= {"loaded_throughput": throughput(seconds, loaded_sent) | {"clients": 4},
                    "loaded_latency": watch.latency(loaded_sent)}
        assert model.rowCount() == before + len(created(paced_sent)) + len(created(loaded_sent))
        model.detach()
        return results
    finally:
        await session.close()


def run_on_qt(qapp, work):
    """Run a coroutine on a qasync loop over the Qt application (as the seat program does)."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(work)
    finally:
        loop.close()
        asyncio.set_event_loop(None)


# --- reporting -------------------------------------------------------------------------------------


def machine(server: ServerProcess) -> dict[str, object]:
    info: dict[str, object] = {"cpu_count": os.cpu_count(), "python": platform.python_version(),
                               "platform": platform.platform(), "sqlite": sqlite3.sqlite_version,
                               "pyside6": PySide6.__version__, "qt": qVersion()}
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                  if line.startswith("model name")]
        info["cpu"] = models[0] if models else ""
    if server.db_url.startswith("postgresql"):
        with psycopg.connect(server.db_url) as connection:
            info["postgres"] = connection.execute("SHOW server_version").fetchone()[0]
    return info


def record(backend: str, figures: dict[str, object]) -> None:
    """Merge this backend's figures into the results file (the other backend's stay)."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    document = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    document[backend] = figures
    RESULTS.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def table(backend: str, figures: dict[str, dict[str, float]]) -> str:
    lines = [f"intake benchmark — {backend} ({CASES} reports per throughput run, {CASES} new cases per latency run)",
             f"{'run':<28}{'reports/s':>9}{'median':>9}{'p95':>9}{'p99':>9}{'max':>9}  (ms)"]
    runs = ("throughput_1_client", "throughput_4_clients", "paced_posts", "loaded_throughput")
    for name in runs:
        if name != "paced_posts":
            lines.append(f"{name:<28}{figures[name]['reports_per_second']:>9}")
    for name in ("paced_post_round_trip", "paced_latency", "loaded_latency"):
        row = figures[name]
        rate = f"{PACE:g}" if name.startswith("paced") else ""
        lines.append(f"{name:<28}{rate:>9}{row['median_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}"
                     f"{row['max_ms']:>9}")
    lines.append(f"{'run':<28}{'reports':>9}{'new':>9}{'待确认':>6}{'repeats':>9}")
    for name in runs:
        row = figures[name]
        lines.append(f"{name:<28}{row['reports']:>9}{row['new_cases']:>9}{row['detected']:>9}{row['repeats']:>9}")
    return "\n".join(lines)


@pytest.mark.parametrize("backend", [pytest.param("sqlite"),
                                     pytest.param("postgres", marks=pytest.mark.postgres)])
def test_intake_benchmark(backend: str, qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(3)
    # throughput: CASES reports each; latency: as many reports as it takes to make CASES new cases
    # (repeated alarms make none), drawn from twice as many
    reports = generate_reports(rng, 6 * CASES, now=datetime.now(UTC))
    batches = [reports[:CASES], reports[CASES:2 * CASES], reports[2 * CASES:4 * CASES], reports[4 * CASES:]]
    with bench_server(backend, tmp_path) as server:
        tokens = channel_tokens(server)
        figures: dict[str, object] = {"machine": machine(server), "cases_per_run": CASES,
                                      "at": datetime.now(UTC).isoformat(timespec="seconds")}
        for clients, batch in ((1, batches[0]), (4, batches[1])):
            sent, seconds = asyncio.run(post_reports(server.url, tokens, batch, clients))
            assert len(sent) == CASES
            name = "throughput_1_client" if clients == 1 else "throughput_4_clients"
            figures[name] = throughput(seconds, sent) | {"clients": clients}
        figures |= run_on_qt(qapp, seat_phases(server, tokens, batches[2], batches[3]))
    record(backend, figures)
    with capsys.disabled():
        print("\n" + table(backend, figures) + f"\nresults: {RESULTS}")  # noqa: T201 - the benchmark's report
