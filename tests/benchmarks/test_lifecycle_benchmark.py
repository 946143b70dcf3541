"""Lifecycle benchmark: what each step of a case costs the server from 立案 (filing) to 结案 (closing)
and 回访 (the callback), how many whole lifecycles it carries with several clients, and how the
派遣员's (dispatcher's) lists answer once many cases wait.

Not part of the normal test run (pyproject deselects the `benchmark` marker). Run it with:

    .venv/bin/python -m pytest -m benchmark tests/benchmarks/test_lifecycle_benchmark.py -q -s

The real server runs on a SQLite file and on a fresh PostgreSQL database (demo seed) without its
demo departments and collectors, so nothing acts in anyone's place: every actor works through the
REST API with its own account (`tests.server.seat.Seat`), as in the server tests. The reports are the
simulator's 城管通 and 12345 reports (`generate_reports`: places all over the grid, the collectors'
小类, hotline calls with and without a wish for a callback). A lifecycle is: a channel reports;
seat01 files (立案); dispatcher01 dispatches (派遣) to the routing matrix's suggestion — every other
case 主协办 (lead and assisting units) with the matrix's 协办 ids, the others 扁平化 (flat); each unit
signs (签收) and feeds back (处置反馈) with a small photo, the assisting units first; seat01 sends the
核查 (check) and the collector the task went to passes it with a photo; leader01 closes (结案); a
hotline caller who asked for it gets a 回访 from seat02.

- latency: `CASES` lifecycles by one client; each command's HTTP round trip (httpx, keep-alive) is
  timed in the client, per command (median, p95, max in ms);
- throughput: `CASES` more lifecycles by 4 concurrent clients (threads), each with its own signed-in
  accounts and its own cases; every command must succeed. Whole lifecycles per minute, and the
  commands' latency under that load;
- the 派遣员's reads once many cases exist: departments of `REQUESTS / 2` more 主协办 cases sign and ask
  for 延期 (extension) on both orders, and the units of `REQUESTS / 10` flat ones ask for 回退 (return),
  all left pending; then `GET /requests`, `/dispatch/returns`, `/dispatch/rework` and a seat's
  `GET /cases` are each called `READS` times (median, p95, max in ms, and the answer's size);
- the server's CPU time during each run, as a share of one core (it is one process: near 100 % means the
  server, not the clients, sets the pace), its resident memory at the end (VmRSS, and its peak VmHWM,
  from /proc) and the database's size on disk.

A table is printed and the figures, with machine info, go to `WORKSTATION_BENCH_LIFECYCLE_RESULTS`
(default tests/benchmarks/results/lifecycle.json, kept out of git), one entry per backend.
Environment: WORKSTATION_BENCH_LIFECYCLE_CASES (default 200), WORKSTATION_BENCH_LIFECYCLE_REQUESTS
(default 300 延期 requests).
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from threading import Lock
from typing import Any

import httpx
import psycopg
import pytest

from tests.benchmarks.test_intake_benchmark import fresh_postgres, machine, spread
from tests.helpers.reports import PHOTO
from tests.helpers.server import ServerProcess, start_server
from tests.server.seat import Seat
from tests.server.test_closing import checked
from tests.server.test_dispatch import act
from workstation.domain.city import City
from workstation.domain.models import Channel, IntakeReport
from workstation.domain.verification import collector_account
from workstation.server.simulator import CHANNEL_ACCOUNTS, generate_reports

pytestmark = [pytest.mark.benchmark, pytest.mark.timeout(1800)]

CASES = int(os.environ.get("WORKSTATION_BENCH_LIFECYCLE_CASES", "200"))
REQUESTS = int(os.environ.get("WORKSTATION_BENCH_LIFECYCLE_REQUESTS", "300"))
RESULTS = Path(os.environ.get("WORKSTATION_BENCH_LIFECYCLE_RESULTS",
                           Path(__file__).parent / "results" / "lifecycle.json"))
CLIENTS = 4
READS = 20

FILER, DISPATCHER, LEADER, CALLER = "seat01", "dispatcher01", "leader01", "seat02"
#: The routing matrix names 协办 units for these 小类 (resources/city/demo/routing_matrix.json).
ASSISTED = frozenset({"SJ0110", "BJ0102"})
#: The commands of a lifecycle, in order, with their Chinese names (the table's last column).
COMMANDS = {"intake": "上报（不计入流程）", "file": "立案", "dispatch": "派遣", "acknowledge": "签收",
            "feedback": "处置反馈", "check": "发送核查", "check_result": "核查通过", "close": "结案",
            "revisit": "回访"}


# --- accounts --------------------------------------------------------------------------------------


class Clock:
    """Round trips of one run, in ms, per command name (shared by a run's clients)."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self._lock = Lock()

    def restart(self) -> None:
        with self._lock:
            self.times.clear()

    def add(self, name: str, ms: float) -> None:
        with self._lock:
            self.times[name].append(ms)

    def figures(self) -> dict[str, dict[str, float]]:
        return {name: spread(self.times[name]) for name in COMMANDS if self.times[name]}


class TimedSeat(Seat):
    """A `Seat` whose case commands and reports are timed, from sending to the whole answer read."""

    def __init__(self, server: ServerProcess, username: str, clock: Clock) -> None:
        super().__init__(server, username)
        self.clock = clock

    def command(self, case_id: str, name: str, key: str | None = None, **body: Any) -> httpx.Response:
        before = time.perf_counter()
        answer = super().command(case_id, name, key, **body)
        self.clock.add(name, (time.perf_counter() - before) * 1000)
        return answer

    def intake(self, **body: Any) -> dict[str, Any]:
        before = time.perf_counter()
        case = super().intake(**body)
        self.clock.add("intake", (time.perf_counter() - before) * 1000)
        return case


class Desk(dict[str, TimedSeat]):
    """One client's accounts by username, each signed in once with its own keep-alive connection."""

    def __init__(self, server: ServerProcess, clock: Clock) -> None:
        super().__init__()
        self.server = server
        self.clock = clock

    def __missing__(self, username: str) -> TimedSeat:
        seat = self[username] = TimedSeat(self.server, username, self.clock)
        return seat

    def sign_in_everyone(self) -> Desk:
        """Sign in every account a lifecycle may need, so no login falls inside a timed run."""
        city = City.load()
        for username in (FILER, DISPATCHER, LEADER, CALLER, *CHANNEL_ACCOUNTS.values(),
                         *(f"dept-{department.id}" for department in city.departments),
                         *(collector_account(collector.id) for collector in city.collectors)):
            _ = self[username]
        return self

    def close(self) -> None:
        for seat in self.values():
            seat.close()


# --- the lifecycle ---------------------------------------------------------------------------------


def reported(desk: Desk, report: IntakeReport) -> dict[str, Any]:
    return desk[CHANNEL_ACCOUNTS[report.channel]].intake(**report.model_dump(mode="json", exclude_none=True))


def filed(desk: Desk, report: IntakeReport) -> dict[str, Any]:
    """The report made into a case and filed by seat01 (a call the server could not classify is filed
    as 暴露垃圾, as `tests.server.test_revisit.closed` does)."""
    case = reported(desk, report)
    category = case["category_id"] or "SJ0110"
    condition = case["condition_id"] or f"{category}-01"
    return desk[FILER].ok(case["id"], "file", version=case["version"], category_id=category,
                          condition_id=condition)


def dispatched(desk: Desk, case: dict[str, Any], lead_assist: bool) -> tuple[dict[str, Any], list[str]]:
    """派遣 to the matrix's suggestion: 主协办 with its 协办 units, or 扁平化. Returns the case and the
    units in the order they act (assisting units first, the lead last)."""
    lead = case["suggested_department_id"]
    if lead_assist:
        assists = list(case["suggested_assist_ids"])
        assert assists, f"{case['category_id']}: the routing matrix names no 协办 unit"
        sent = desk[DISPATCHER].ok(case["id"], "dispatch", version=case["version"], mechanism="lead_assist",
                                   department_id=lead, assist_ids=assists)
        return sent, [*assists, lead]
    sent = desk[DISPATCHER].ok(case["id"], "dispatch", version=case["version"], department_id=lead)
    return sent, [lead]


def lifecycle(desk: Desk, report: IntakeReport, lead_assist: bool) -> None:
    """One report taken through 立案, 派遣, 签收, 处置反馈, 核查, 结案 and, if the caller asked, 回访."""
    case, units = dispatched(desk, filed(desk, report), lead_assist)
    case_id = case["id"]
    for unit in units:
        act(desk, unit, case_id, "acknowledge")
        case = act(desk, unit, case_id, "feedback", note="已按要求处置完毕", photos=[PHOTO])
    assert case["state"] == "fed_back", case["state"]
    passed = checked(desk, case, passed=True)
    assert passed["state"] == "to_close", passed["state"]
    closed = desk[LEADER].ok(case_id, "close", version=passed["version"], note="处置到位")
    assert closed["state"] == "closed"
    assert closed["revisit_pending"] is (report.channel is Channel.HOTLINE and report.details["callback"] is True)
    if closed["revisit_pending"]:
        done = desk[CALLER].ok(case_id, "revisit", version=closed["version"], result="satisfied",
                               note="群众对处置结果满意")
        assert done["revisit_pending"] is False


def asking(desk: Desk, report: IntakeReport, lead_assist: bool) -> int:
    """A case left open with its units' requests pending: on a 主协办 case each unit signs and asks for
    延期, on a flat one the unit asks for 回退 at once. Returns how many requests were made."""
    case, units = dispatched(desk, filed(desk, report), lead_assist)
    for unit in units:
        if lead_assist:
            act(desk, unit, case["id"], "acknowledge")
            act(desk, unit, case["id"], "request", kind="extend", reason="需协调占道商户，申请延长处置时限")
        else:
            act(desk, unit, case["id"], "request", kind="return", reason="非本单位职责，应属属地街道")
    return len(units)


# --- the reports -----------------------------------------------------------------------------------


def split_reports(rng: random.Random, assisted: int, flat: int) -> tuple[list[IntakeReport], list[IntakeReport]]:
    """The simulator's reports, as many as asked for of each kind: 城管通 reports of a 小类 the matrix gives
    协办 units to (for 主协办), and 城管通 or 12345 reports of any other 小类 (for 扁平化)."""
    with_assists: list[IntakeReport] = []
    others: list[IntakeReport] = []
    while len(with_assists) < assisted or len(others) < flat:
        for report in generate_reports(rng, 40 * assisted + 100, now=datetime.now(UTC)):
            if report.channel is Channel.COLLECTOR and report.category_id in ASSISTED:
                with_assists.append(report)
            elif report.channel in (Channel.COLLECTOR, Channel.HOTLINE):
                others.append(report)
    return with_assists[:assisted], others[:flat]


def in_turns(assisted: list[IntakeReport], flat: list[IntakeReport], count: int) -> list[tuple[IntakeReport, bool]]:
    """`count` (report, 主协办?) pairs taken off the two lists in turns, 主协办 first."""
    return [(assisted.pop(0), True) if number % 2 == 0 else (flat.pop(0), False) for number in range(count)]


# --- the runs --------------------------------------------------------------------------------------


@contextmanager
def client_desks(server: ServerProcess) -> Iterator[list[Desk]]:
    """`CLIENTS` desks sharing one clock, every account signed in (in parallel: scrypt is slow on purpose)."""
    clock = Clock()
    desks = [Desk(server, clock) for _ in range(CLIENTS)]
    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(Desk.sign_in_everyone, desks))
        yield desks
    finally:
        for desk in desks:
            desk.close()


def sequential(server: ServerProcess, desk: Desk, pairs: list[tuple[IntakeReport, bool]]) -> dict[str, object]:
    """Every lifecycle by one client, one command at a time."""
    desk.clock.restart()
    figures: dict[str, object] = {"lifecycles": len(pairs)}
    with cpu_share(server, figures):
        start = time.perf_counter()
        for report, lead_assist in pairs:
            lifecycle(desk, report, lead_assist)
        seconds = time.perf_counter() - start
    return figures | {"commands": desk.clock.figures(), "seconds": round(seconds, 1),
                      "lifecycles_per_minute": round(len(pairs) / seconds * 60, 1)}


def concurrent(desks: list[Desk], pairs: list[tuple[IntakeReport, bool]],
               work: Callable[[Desk, IntakeReport, bool], Any]) -> tuple[float, list[Any]]:
    """`work(desk, report, lead_assist)` for every pair by a thread per desk, each with its own share of
    the pairs (so no two clients act on one case). Returns the wall time and the results."""
    desks[0].clock.restart()

    def client(number: int) -> list[Any]:
        return [work(desks[number], report, lead_assist) for report, lead_assist in pairs[number::len(desks)]]

    with ThreadPoolExecutor(len(desks)) as pool:
        start = time.perf_counter()
        shares = list(pool.map(client, range(len(desks))))
        seconds = time.perf_counter() - start
    return seconds, [result for share in shares for result in share]


def loaded(server: ServerProcess, desks: list[Desk], pairs: list[tuple[IntakeReport, bool]]) -> dict[str, object]:
    """Every lifecycle by `CLIENTS` clients at once."""
    figures: dict[str, object] = {"lifecycles": len(pairs), "clients": len(desks)}
    with cpu_share(server, figures):
        seconds, _ = concurrent(desks, pairs, lifecycle)
    return figures | {"commands": desks[0].clock.figures(), "seconds": round(seconds, 1),
                      "lifecycles_per_minute": round(len(pairs) / seconds * 60, 1)}


def dispatcher_reads(desks: list[Desk], pairs: list[tuple[IntakeReport, bool]]) -> dict[str, object]:
    """Leave cases with pending requests (by `CLIENTS` clients, untimed), then time the 派遣员's lists
    and a seat's case list, one call at a time."""
    seconds, made = concurrent(desks, pairs, asking)
    dispatcher, seat = Seat(desks[0].server, DISPATCHER), Seat(desks[0].server, FILER)
    try:
        pending = dispatcher.get("/requests").json()["requests"]
        kinds = {kind: sum(request["kind"] == kind for request in pending) for kind in ("extend", "return")}
        assert kinds["extend"] == 2 * (REQUESTS // 2) and len(pending) == sum(made)
        reads: dict[str, object] = {"setup_seconds": round(seconds, 1), "pending_extend": kinds["extend"],
                                    "pending_return": kinds["return"]}
        for name, who, path in (("requests", dispatcher, "/requests"), ("returns", dispatcher, "/dispatch/returns"),
                                ("rework", dispatcher, "/dispatch/rework"), ("cases", seat, "/cases")):
            times, size = [], 0
            for _ in range(READS):
                before = time.perf_counter()
                answer = who.get(path)
                times.append((time.perf_counter() - before) * 1000)
                assert answer.status_code == 200, answer.text
                size = len(answer.content)
            reads[name] = spread(times) | {"bytes": size, "path": path}
        reads["open_cases"] = len(seat.get("/cases").json()["cases"])
        return reads
    finally:
        dispatcher.close()
        seat.close()


def server_cpu(server: ServerProcess) -> float:
    """CPU seconds the server process has used so far (user + system, Linux /proc); 0 elsewhere."""
    stat = Path(f"/proc/{server.process.pid}/stat")
    if not stat.exists():
        return 0.0
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def cpu_share(server: ServerProcess, figures: dict[str, object]) -> Iterator[None]:
    """Adds the server's CPU seconds during the block, and their share of the block's wall time (1.0 is
    one core busy all along: the server is one process), to `figures`."""
    cpu, wall = server_cpu(server), time.perf_counter()
    yield
    cpu, wall = server_cpu(server) - cpu, time.perf_counter() - wall
    figures |= {"server_cpu_seconds": round(cpu, 1), "server_cpu_share": round(cpu / wall, 2)}


def database_size(server: ServerProcess) -> float:
    """The database's size on disk in MiB (the SQLite file with its WAL, or the PostgreSQL database)."""
    if server.db_url.startswith("postgresql"):
        with psycopg.connect(server.db_url) as connection:
            size = connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    else:
        path = Path(server.db_url.removeprefix("sqlite:///"))
        size = sum(file.stat().st_size for file in path.parent.glob(path.name + "*"))
    return round(size / 2**20, 1)


def memory(server: ServerProcess) -> dict[str, float]:
    """The server process's resident memory now and at its peak, in MiB (Linux /proc)."""
    status = Path(f"/proc/{server.process.pid}/status")
    if not status.exists():
        return {}
    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
    return {"rss_mib": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
            "peak_rss_mib": round(int(fields["VmHWM"].split()[0]) / 1024, 1)}


# --- servers and reporting -------------------------------------------------------------------------


@contextmanager
def bench_server(backend: str, folder: Path) -> Iterator[ServerProcess]:
    with fresh_postgres() if backend == "postgres" else _sqlite(folder) as db_url:
        server = start_server(db_url, folder, "--no-departments", "--no-collectors")
        try:
            yield server
        finally:
            server.stop()
        assert "Traceback" not in server.log(), server.log()[-4000:]


@contextmanager
def _sqlite(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'bench.db'}"


def record(backend: str, figures: dict[str, object]) -> None:
    """Merge this backend's figures into the results file (the other backend's stay)."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    document = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    document[backend] = figures
    RESULTS.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def table(backend: str, figures: dict[str, Any]) -> str:
    one, four, reads = figures["sequential"], figures["concurrent"], figures["reads"]
    lines = [f"lifecycle benchmark — {backend} ({one['lifecycles']} lifecycles by 1 client, "
             f"{four['lifecycles']} by {CLIENTS} clients; half 主协办, half 扁平化)",
             f"{'command (ms)':<16}{'n':>6}{'median':>9}{'p95':>9}{'max':>9}"
             f"{f'{CLIENTS} clients: median':>26}{'p95':>9}{'max':>9}"]
    for name, zh in COMMANDS.items():
        if name in one["commands"]:
            row, under = one["commands"][name], four["commands"][name]
            lines.append(f"{name:<16}{row['n']:>6}{row['median_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}"
                         f"{under['median_ms']:>26}{under['p95_ms']:>9}{under['max_ms']:>9}  {zh}")
    lines.append(f"lifecycles/min: 1 client {one['lifecycles_per_minute']} ({one['seconds']} s, server CPU "
                 f"{one['server_cpu_share']:.0%} of a core), {CLIENTS} clients {four['lifecycles_per_minute']} "
                 f"({four['seconds']} s, server CPU {four['server_cpu_share']:.0%} of a core)")
    lines.append(f"派遣员 reads with {reads['pending_extend']} pending 延期 + {reads['pending_return']} 回退 "
                 f"requests, {reads['open_cases']} cases in a seat's list ({READS} calls each):")
    lines.append(f"{'GET (ms)':<20}{'median':>9}{'p95':>9}{'max':>9}{'bytes':>11}")
    for name in ("requests", "returns", "rework", "cases"):
        row = reads[name]
        lines.append(f"{row['path']:<20}{row['median_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}{row['bytes']:>11}")
    if figures["memory"]:
        lines.append(f"server RSS at the end {figures['memory']['rss_mib']} MiB "
                     f"(peak {figures['memory']['peak_rss_mib']} MiB); database {figures['database_mib']} MiB")
    lines.append(f"whole run on {backend}: {figures['seconds']} s")
    return "\n".join(lines)


@pytest.mark.parametrize("backend", [pytest.param("sqlite"),
                                     pytest.param("postgres", marks=pytest.mark.postgres)])
def test_lifecycle_benchmark(backend: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start = time.perf_counter()
    extending, returning = REQUESTS // 2, REQUESTS // 10  # 主协办 cases ask for 2 延期 each, flat ones 1 回退
    assisted, flat = split_reports(random.Random(11), 2 * ((CASES + 1) // 2) + extending,
                                   2 * (CASES // 2) + returning)
    one_client, clients = in_turns(assisted, flat, CASES), in_turns(assisted, flat, CASES)
    asking_pairs = [(report, True) for report in assisted] + [(report, False) for report in flat]
    with bench_server(backend, tmp_path) as server:
        figures: dict[str, Any] = {"machine": machine(server), "cases_per_run": CASES, "clients": CLIENTS,
                                   "at": datetime.now(UTC).isoformat(timespec="seconds")}
        with client_desks(server) as desks:
            figures["sequential"] = sequential(server, desks[0], one_client)
            figures["concurrent"] = loaded(server, desks, clients)
            figures["reads"] = dispatcher_reads(desks, asking_pairs)
        figures["memory"] = memory(server)
        figures["database_mib"] = database_size(server)
    figures["seconds"] = round(time.perf_counter() - start, 1)
    record(backend, figures)
    with capsys.disabled():
        print("\n" + table(backend, figures) + f"\nresults: {RESULTS}")  # noqa: T201 - the benchmark's report
