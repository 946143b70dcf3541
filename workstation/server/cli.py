"""`workstation-server`: run the reference platform server (SQLite file or PostgreSQL).

    workstation-server --db sqlite:///PATH|postgresql://… --host 127.0.0.1 --port N
                       [--seed demo] [--simulate] [--simulate-interval 20] [--department-delay 8]
                       [--collector-delay 20] [--no-departments] [--no-collectors] [--demo-seed N]
                       [--lease-seconds 180]
                       [--log-level info]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from types import FrameType

import uvicorn

from workstation.server import migrate
from workstation.server.app import create_app
from workstation.server.context import ServerContext
from workstation.server.db import Database

log = logging.getLogger("workstation.server")

SideTask = Callable[[str, asyncio.Event], Awaitable[None]]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="workstation-server", description="数字城管参考平台服务端")
    parser.add_argument("--db", required=True, help="sqlite:///PATH 或 postgresql://user@host:port/db")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", choices=["demo"], help="创建演示账号、部门和案卷（可重复执行）")
    parser.add_argument("--simulate", action="store_true", help="模拟各渠道持续上报（需 --seed demo）")
    parser.add_argument("--simulate-interval", type=float, default=20.0, metavar="SECONDS")
    parser.add_argument("--department-delay", type=float, default=8.0, metavar="SECONDS")
    parser.add_argument("--collector-delay", type=float, default=20.0, metavar="SECONDS")
    parser.add_argument("--no-departments", action="store_true",
                        help="不启动演示部门（不自动签收）与演示采集员（不自动反馈核实）")
    parser.add_argument("--no-collectors", action="store_true", help="演示采集员不自动反馈核实任务")
    parser.add_argument("--no-department-failures", action="store_true",
                        help="演示部门总是签收并按时反馈（不申请回退/延期/挂账，不超时），供测试与演练")
    parser.add_argument("--demo-seed", type=int, metavar="N",
                        help="演示部门与采集员的随机种子（同一种子同样处置：反馈、回退、延期、挂账、超时、核查结果）")
    parser.add_argument("--lease-seconds", type=float, default=180.0)
    parser.add_argument("--log-level", default="info",
                        choices=["critical", "error", "warning", "info", "debug"])
    return parser.parse_args(argv)


class _Server(uvicorn.Server):
    """uvicorn, plus: on SIGTERM/SIGINT end the event streams and the demo actors first."""

    def __init__(self, config: uvicorn.Config, stopping: asyncio.Event,
                 side_tasks: Sequence[SideTask], base_url: str) -> None:
        super().__init__(config)
        self.stopping = stopping
        self.side_task_factories = side_tasks
        self.side_tasks: list[asyncio.Task[None]] = []
        self.base_url = base_url
        self.loop: asyncio.AbstractEventLoop | None = None

    async def startup(self, sockets: list | None = None) -> None:  # type: ignore[type-arg]
        self.loop = asyncio.get_running_loop()
        await super().startup(sockets)
        if self.should_exit:
            return
        for factory in self.side_task_factories:
            self.side_tasks.append(asyncio.create_task(factory(self.base_url, self.stopping)))

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.stopping.set)
        super().handle_exit(sig, frame)

    async def shutdown(self, sockets: list | None = None) -> None:  # type: ignore[type-arg]
        self.stopping.set()
        if self.side_tasks:
            _done, pending = await asyncio.wait(self.side_tasks, timeout=3)
            for task in pending:
                task.cancel()
        await super().shutdown(sockets)


def _side_tasks(args: argparse.Namespace) -> list[SideTask]:
    """The demo actors: departments that sign for dispatched cases and collectors that answer 核实
    tasks (with --seed demo, unless --no-departments; --no-collectors leaves out the collectors) and,
    with --simulate, channels that keep reporting."""
    if args.seed != "demo":
        if args.simulate:
            log.warning("--simulate needs --seed demo (the channel and department accounts); not simulating")
        return []
    from workstation.server.collectors import run_collectors
    from workstation.server.departments import run_departments
    from workstation.server.simulator import run_channels

    tasks: list[SideTask] = []
    if args.simulate:
        tasks.append(lambda url, stop: run_channels(url, args.simulate_interval, stop))
    if not args.no_departments:
        tasks.append(lambda url, stop: run_departments(url, args.department_delay, stop, args.demo_seed,
                                                                 not args.no_department_failures))
        if not args.no_collectors:
            tasks.append(lambda url, stop: run_collectors(url, args.collector_delay, stop, args.demo_seed))
    return tasks


def build(args: argparse.Namespace) -> tuple[ServerContext, _Server]:
    """Migrate, seed and assemble the server (everything but running it)."""
    database = Database(args.db)
    migrate.upgrade(database)
    context = ServerContext.load(database, lease_seconds=args.lease_seconds)
    if args.seed == "demo":
        from workstation.server.seed import seed_demo

        seed_demo(context)
    app = create_app(context)
    config = uvicorn.Config(app, host=args.host, port=args.port, log_config=None,
                            log_level=args.log_level, timeout_graceful_shutdown=3, lifespan="on")
    base_url = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}"
    return context, _Server(config, app.state.stopping, _side_tasks(args), base_url)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    context, server = build(args)
    log.info("serving %s (%s) at %s", context.database.engine.url.render_as_string(hide_password=True),
             context.database.dialect, server.base_url)
    try:
        server.run()
    finally:
        context.database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
