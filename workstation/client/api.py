"""The REST client: the only place that speaks HTTP to the platform (`/api/v1`).

Every answer is parsed into the shared wire models. Failures come out as two exceptions only:
`ApiFailure` (the server answered with an `ApiError`) and `ServerUnreachable` (no usable answer).
Retries, resume and offline handling are decided by `workstation.app`, not here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from workstation.domain.models import (
    ApiError,
    CallAnnouncement,
    CallerHistory,
    Case,
    CaseCommand,
    CaseDetail,
    CaseList,
    CollectorPosition,
    ErrorCode,
    GeoPoint,
    HeatCell,
    IncomingCall,
    IntakeReport,
    LoginRequest,
    MapBase,
    MapThing,
    PendingRequests,
    Place,
    PlaceList,
    ReferenceData,
    ReturnStat,
    ReworkStat,
    SimilarCheck,
    SimilarityStats,
    SimilarQuery,
    Token,
    User,
)

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

API_PREFIX = "/api/v1"

#: Gateway answers: the platform behind a proxy is down, which is the same as unreachable.
_GATEWAY_STATUSES = frozenset({502, 503, 504})
_THINGS = TypeAdapter(tuple[MapThing, ...])
_COLLECTORS = TypeAdapter(tuple[CollectorPosition, ...])
_HEAT = TypeAdapter(tuple[HeatCell, ...])
_RETURNS = TypeAdapter(tuple[ReturnStat, ...])
_REWORK = TypeAdapter(tuple[ReworkStat, ...])


class ApiFailure(Exception):
    """The server refused a request and said why (`error.message` is Chinese)."""

    def __init__(self, status: int, error: ApiError) -> None:
        super().__init__(error.message)
        self.status = status
        self.error = error

    @property
    def message(self) -> str:
        return self.error.message


class ServerUnreachable(Exception):
    """No answer from the server: connection refused or dropped, timeout, gateway error."""

    def __init__(self, detail: str) -> None:
        self.message = f"无法连接服务器：{detail}"
        super().__init__(self.message)


def _describe(error: httpx.TransportError) -> str:
    if isinstance(error, httpx.ConnectError):
        return "连接被拒绝或地址无法访问"
    if isinstance(error, httpx.TimeoutException):
        return "等待应答超时"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return "连接已断开"
    return str(error) or type(error).__name__


class ApiClient:
    """An `httpx.AsyncClient` bound to one platform address, holding the seat's bearer token."""

    def __init__(self, base_url: str, timeout: float = 10) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.token: str | None = None
        #: Seconds to add to the local clock to get the server's (from the `Date` of answers).
        self.server_time_offset = 0.0
        self._http = httpx.AsyncClient(base_url=self.base_url + API_PREFIX, timeout=timeout)

    # --- auth and reference ----------------------------------------------------------------------

    async def login(self, username: str, password: str) -> Token:
        token = await self._call(
            "POST", "/auth/login", Token, json=LoginRequest(username=username, password=password)
        )
        self.token = token.token
        self._http.headers["Authorization"] = f"Bearer {token.token}"
        return token

    async def me(self) -> User:
        return await self._call("GET", "/me", User)

    async def reference(self) -> ReferenceData:
        return await self._call("GET", "/reference", ReferenceData)

    # --- cases -----------------------------------------------------------------------------------

    async def cases(self, ended_since: datetime | None = None) -> CaseList:
        params = {"ended_since": ended_since.isoformat()} if ended_since is not None else None
        return await self._call("GET", "/cases", CaseList, params=params)

    async def case_detail(self, case_id: str) -> CaseDetail:
        return await self._call("GET", f"/cases/{case_id}", CaseDetail)

    async def intake(self, report: IntakeReport, idempotency_key: str | None = None) -> Case:
        """上报; with `idempotency_key` a repeated post (after a lost answer) makes no second case."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        return await self._call("POST", "/intake", Case, json=report, headers=headers)

    async def places(self, query: str, limit: int = 10) -> PlaceList:
        """地理编码: places matching an address, crossing, community, grid code or coordinates."""
        return await self._call("GET", "/places", PlaceList, params={"q": query, "limit": limit})

    async def place_at(self, point: GeoPoint) -> Place:
        return await self._call("GET", "/places/at", Place, params={"lon": point.lon, "lat": point.lat})

    async def command(self, case_id: str, action: str, body: CaseCommand, idempotency_key: str) -> Case:
        """`POST /cases/{id}/{action}`; repeating `idempotency_key` never acts twice."""
        return await self._call(
            "POST",
            f"/cases/{case_id}/{action}",
            Case,
            json=body,
            headers={"Idempotency-Key": idempotency_key},
        )

    async def announce_call(self, call: CallAnnouncement) -> IncomingCall:
        """来电 (the hotline gateway's account): the seats hear it with the caller's earlier cases."""
        return await self._call("POST", "/calls", IncomingCall, json=call)

    async def caller_cases(self, phone: str) -> CallerHistory:
        return await self._call("GET", f"/callers/{quote(phone, safe='')}/cases", CallerHistory)

    async def similarity_stats(self, since: datetime | None = None) -> SimilarityStats:
        """相似案卷 warnings and the seats' decisions since `since` (the server's default: today)."""
        params = {"since": since.isoformat()} if since is not None else None
        return await self._call("GET", "/similarity/stats", SimilarityStats, params=params)

    async def similarity_check(self, query: SimilarQuery) -> SimilarCheck:
        """相似案卷 of a case still being written; nothing is stored."""
        return await self._call("POST", "/similarity/check", SimilarCheck, json=query)

    async def pending_requests(self) -> PendingRequests:
        """The departments' 回退/延期/挂账 requests waiting for a 派遣员, oldest first."""
        return await self._call("GET", "/requests", PendingRequests)

    async def dispatch_returns(self, since: datetime | None = None) -> tuple[ReturnStat, ...]:
        """回退 requests counted per routing rule (小类, rule, department), most asked first."""
        params = {"since": since.isoformat()} if since is not None else None
        return await self._get_many("/dispatch/returns", _RETURNS, params=params)

    async def dispatch_rework(self, since: datetime | None = None) -> tuple[ReworkStat, ...]:
        """返工 per department (orders sent, sent back after a failed 核查, fed back late), most reworked first."""
        params = {"since": since.isoformat()} if since is not None else None
        return await self._get_many("/dispatch/rework", _REWORK, params=params)

    async def attachment(self, attachment_id: str) -> bytes:
        response = await self._send("GET", f"/attachments/{attachment_id}")
        return response.content

    # --- map -------------------------------------------------------------------------------------

    async def map_base(self, etag: str | None = None) -> tuple[MapBase, str] | None:
        """The grid and offline base map with its ETag; None when unchanged since `etag` (304)."""
        headers = {"If-None-Match": etag} if etag else None
        response = await self._send("GET", "/map/base", headers=headers)
        if response.status_code == 304:
            return None
        return _parse(response, MapBase.model_validate_json, "GET /map/base"), response.headers.get("etag", "")

    async def map_things(self) -> tuple[MapThing, ...]:
        """Cameras and IoT devices."""
        return await self._get_many("/map/things", _THINGS)

    async def map_collectors(self) -> tuple[CollectorPosition, ...]:
        """Every collector: on duty or not, his 责任网格 and his last reported position."""
        return await self._get_many("/map/collectors", _COLLECTORS)

    async def map_heat(self, days: int = 7) -> tuple[HeatCell, ...]:
        """Cases reported per 单元网格 in the last `days` days (cells with none left out)."""
        return await self._get_many("/map/heat", _HEAT, params={"days": days})

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- plumbing --------------------------------------------------------------------------------

    async def _call(
        self, method: str, path: str, model: type[M], *, json: BaseModel | None = None, **kwargs: Any
    ) -> M:
        content = json.model_dump_json().encode() if json is not None else None
        headers = dict(kwargs.pop("headers", None) or {})
        if content is not None:
            headers["Content-Type"] = "application/json"
        response = await self._send(method, path, content=content, headers=headers, **kwargs)
        return _parse(response, model.model_validate_json, f"{method} {path}")

    async def _get_many(self, path: str, adapter: TypeAdapter[T], **kwargs: Any) -> T:
        """A GET answered with a JSON array."""
        response = await self._send("GET", path, **kwargs)
        return _parse(response, adapter.validate_json, f"GET {path}")

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.TransportError as error:
            raise ServerUnreachable(_describe(error)) from error
        self._note_clock(response)
        check(response)
        return response

    @asynccontextmanager
    async def open_stream(self, path: str, headers: dict[str, str]) -> AsyncIterator[httpx.Response]:
        """A streamed GET (for the event stream); the read timeout is long enough for heartbeats."""
        timeout = httpx.Timeout(self.timeout, read=max(45.0, self.timeout))
        try:
            async with self._http.stream("GET", path, headers=headers, timeout=timeout) as response:
                self._note_clock(response)
                if response.is_error:
                    await response.aread()
                    check(response)
                yield response
        except httpx.TransportError as error:
            raise ServerUnreachable(_describe(error)) from error

    def _note_clock(self, response: httpx.Response) -> None:
        """Estimate the server's clock offset from `Date` (1 s resolution: take the middle)."""
        date = response.headers.get("date")
        if not date:
            return
        try:
            server = parsedate_to_datetime(date).timestamp() + 0.5
        except (TypeError, ValueError):
            return
        self.server_time_offset = server - time.time()


def _parse(response: httpx.Response, validate: Callable[[bytes], T], request: str) -> T:
    try:
        return validate(response.content)
    except ValidationError as error:
        log.error("unexpected answer to %s: %s", request, error)
        raise ApiFailure(response.status_code, _unexpected(response)) from error


def check(response: httpx.Response) -> None:
    """Raise for a non-2xx answer (a 304 to a conditional request is none): `ApiFailure` with the
    server's `ApiError`, or unreachable."""
    if response.is_success or response.status_code == 304:
        return
    try:
        error = ApiError.model_validate_json(response.content)
    except ValidationError:
        if response.status_code in _GATEWAY_STATUSES:
            raise ServerUnreachable(f"网关错误（HTTP {response.status_code}）") from None
        error = _unexpected(response)
    raise ApiFailure(response.status_code, error)


def _unexpected(response: httpx.Response) -> ApiError:
    code = ErrorCode.UNAUTHORIZED if response.status_code == 401 else ErrorCode.INVALID
    return ApiError(code=code, message=f"服务器应答异常（HTTP {response.status_code}）")
