"""The FastAPI application of the reference platform server (参考平台服务端)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from fastapi import APIRouter, FastAPI

from workstation.domain.models import ApiError
from workstation.server import auth, calls, cases, errors, events, maps, places, work_orders
from workstation.server.context import ServerContext

API_PREFIX = "/api/v1"
_ERRORS = {status: {"model": ApiError, "description": text} for status, text in (
    (400, "请求内容有误（code = invalid，fields 指出具体字段）"),
    (401, "未登录或登录已过期"),
    (403, "无权操作"),
    (404, "对象不存在"),
    (409, "冲突：案卷已被他人更新、正由他人处理，或当前状态不允许此操作"),
)}


def create_app(context: ServerContext | None = None, *, background: bool = True) -> FastAPI:
    """The app; without a context (OpenAPI generation) only the routes are usable.

    `background` starts the lease sweeper and, on PostgreSQL, the LISTEN task with the app.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stopping: asyncio.Event = app.state.stopping
        tasks: list[asyncio.Task[None]] = []
        if context is not None:
            context.notifier.bind(asyncio.get_running_loop())
            if background:
                tasks.append(asyncio.create_task(events.sweep(context, stopping)))
                if not context.database.is_sqlite:
                    tasks.append(asyncio.create_task(events.listen_postgres(context, stopping)))
        try:
            yield
        finally:
            stopping.set()
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    app = FastAPI(
        title="数字城管参考平台 API",
        version="1.0",
        summary="坐席工作台与参考平台服务端之间的接口 (the seat workstation's REST API and event stream)",
        lifespan=lifespan,
    )
    app.state.context = context
    app.state.stopping = asyncio.Event()
    errors.install(app)
    api = APIRouter(prefix=API_PREFIX, responses=_ERRORS)  # type: ignore[arg-type]
    api.include_router(auth.router)
    api.include_router(cases.router)
    api.include_router(work_orders.router)
    api.include_router(calls.router)
    api.include_router(places.router)
    api.include_router(maps.router)
    api.include_router(events.router)
    app.include_router(api)
    return app
