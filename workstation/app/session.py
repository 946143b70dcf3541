"""The seat's session (坐席会话): what the UI calls instead of HTTP.

It signs in, holds the reference data, keeps the live case store current from the event stream
(resuming after drops without losing an event), and sends seat commands with an idempotency key
and the case version the seat saw. It decides retries; every failure reaches the UI as a
`SessionError` with a Chinese message. A command whose retries find no server waits in the outbox
(待发送) and goes out, in order, when the server is back; a refusal then is told to the seat.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from workstation.app.drafts import owner_name
from workstation.app.outbox import QUEUEABLE, Outbox, OutboxEntry, action_label, open_outbox
from workstation.app.store import CaseStore
from workstation.client.api import ApiClient, ApiFailure, ServerUnreachable
from workstation.client.sse import stream_events
from workstation.domain.catalogue import Catalogue
from workstation.domain.deadline import WorkCalendar
from workstation.domain.dispatch import one_key
from workstation.domain.models import (
    AcknowledgeCommand,
    ApiError,
    AttachmentUpload,
    CallerHistory,
    Case,
    CaseCommand,
    CaseDetail,
    CaseEdit,
    CheckCommand,
    ClaimCommand,
    CloseCommand,
    CollectorPosition,
    ConfirmCommand,
    DecideCommand,
    DepartmentRequest,
    DispatchCommand,
    DispatchMechanism,
    DispatchTarget,
    EditCommand,
    ErrorCode,
    Event,
    EventType,
    FeedbackCommand,
    FileCommand,
    GeoPoint,
    HeatCell,
    IncomingCall,
    IntakeReport,
    MapBase,
    MapThing,
    MergeCommand,
    NotDuplicateCommand,
    Place,
    PlaceList,
    ReferenceData,
    RejectCommand,
    RejectKind,
    RequestCommand,
    RequestKind,
    ResumeCommand,
    ReturnStat,
    RevisitCommand,
    RevisitResult,
    ReworkStat,
    SimilarCheck,
    SimilarityStats,
    SimilarQuery,
    SuperviseCommand,
    TimeLimit,
    User,
    VerificationReport,
    VerifyCommand,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Ended cases stay in the seat's view this long (the queue shows what was just closed).
ENDED_WINDOW = timedelta(hours=12)
#: Reconnect backoff of the event stream: first and longest pause.
RECONNECT_FIRST = 0.5
RECONNECT_MAX = 10.0
#: A command is retried with the same key this many times while the server is unreachable.
COMMAND_RETRIES = 3
COMMAND_BACKOFF = 0.3
RELEASE_ON_CLOSE_SECONDS = 2.0
#: A call older than this when its event arrives (the stream was down) has stopped ringing: not announced.
CALL_RINGING_SECONDS = 60.0
PRUNE_EVERY = 600.0

OFFLINE_MESSAGE = "服务器连接中断，请稍后重试"
QUEUED_MESSAGE = "服务器连接中断，操作已保存，连接恢复后自动发送"
QUEUED_BEHIND_MESSAGE = "该案卷还有待发送的操作，本操作已保存，将在其后按顺序发送"
#: While commands wait, sending is tried again this often (and at once when the connection comes back).
OUTBOX_RETRY = 30.0
STATUS_ONLINE = "已连接"


class SessionError(Exception):
    """Something the seat must be told; `message` is Chinese and ready to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LoginFailed(SessionError):
    """Wrong user name or password (or the account may not sign in)."""


class CommandRejected(SessionError):
    """The server refused a command (another seat was first, wrong state, invalid input).
    `error.fields` names the fields at fault (field path -> Chinese message)."""

    def __init__(self, error: ApiError, status: int = 400) -> None:
        super().__init__(error.message)
        self.error = error
        self.status = status


class Offline(SessionError):
    """The server could not be reached."""

    def __init__(self, message: str = OFFLINE_MESSAGE) -> None:
        super().__init__(message)


class Queued(SessionError):
    """The command was not sent yet: it waits in the outbox and goes out when the server is back."""

    def __init__(self, message: str = QUEUED_MESSAGE) -> None:
        super().__init__(message)


StatusCallback = Callable[[bool, str], None]
CallCallback = Callable[[IncomingCall], None]
OutboxCallback = Callable[[int], None]
RefusalCallback = Callable[[str], None]


class Session:
    """One signed-in seat against one platform server."""

    def __init__(
        self, client: ApiClient, user: User, reference: ReferenceData, credentials: tuple[str, str],
        outbox: Outbox | None = None,
    ) -> None:
        self.client = client
        self.user = user
        self.reference = reference
        self.catalogue = Catalogue.from_categories(
            reference.catalogue_name, reference.categories, reference.keywords
        )
        self.calendar = WorkCalendar(reference.calendar, reference.timezone)
        self.store = CaseStore()
        self.online = False
        self.status_text = "未连接"
        self._credentials = credentials
        self._status_callbacks: list[StatusCallback] = []
        self._call_callbacks: list[CallCallback] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._sync = asyncio.Lock()  # a reload and the applying of stream events never interleave
        self._case_locks: dict[str, asyncio.Lock] = {}
        self._map_base: tuple[MapBase, str] | None = None  # with its ETag
        self._closed = False
        #: Commands waiting for the server (None: no outbox, a command fails with `Offline`).
        self.outbox = outbox
        self._outbox_callbacks: list[OutboxCallback] = []
        self._refusal_callbacks: list[RefusalCallback] = []
        self._outbox_task: asyncio.Task[None] | None = None
        self._outbox_wake = asyncio.Event()

    @classmethod
    async def open(cls, base_url: str, username: str, password: str, outbox_folder: Path | None = None) -> Session:
        """Sign in and fetch the user and reference data; `LoginFailed` / `Offline` otherwise. With
        `outbox_folder`, commands made while the server is unreachable wait in this seat's outbox there."""
        client = ApiClient(base_url)
        try:
            await client.login(username, password)
            user = await client.me()
            reference = await client.reference()
        except ApiFailure as failure:
            await client.aclose()
            if failure.status in (401, 403):
                raise LoginFailed(failure.message) from failure
            raise SessionError(failure.message) from failure
        except ServerUnreachable as error:
            await client.aclose()
            raise Offline(error.message) from error
        except BaseException:
            await client.aclose()
            raise
        outbox = None
        if outbox_folder is not None:
            outbox = open_outbox(outbox_folder / f"{owner_name(client.base_url, user.id)}.sqlite")
        return cls(client, user, reference, (username, password), outbox)

    # --- status ----------------------------------------------------------------------------------

    def subscribe_status(self, callback: StatusCallback) -> None:
        """`callback(online, text)` on every change of the connection state."""
        self._status_callbacks.append(callback)

    def unsubscribe_status(self, callback: StatusCallback) -> None:
        with contextlib.suppress(ValueError):
            self._status_callbacks.remove(callback)

    def _set_status(self, online: bool, text: str) -> None:
        if (online, text) == (self.online, self.status_text):
            return
        if online and not self.online:
            self._kick_outbox()  # the server is back (or the session starts): send what waits
        self.online, self.status_text = online, text
        for callback in list(self._status_callbacks):
            try:
                callback(online, text)
            except Exception:
                log.exception("status callback failed")

    def subscribe_calls(self, callback: CallCallback) -> None:
        """`callback(call)` when a hotline call rings (for seats: open the intake form with its history)."""
        self._call_callbacks.append(callback)

    def unsubscribe_calls(self, callback: CallCallback) -> None:
        with contextlib.suppress(ValueError):
            self._call_callbacks.remove(callback)

    def _announce(self, call: IncomingCall) -> None:
        if (self.server_now() - call.at).total_seconds() > CALL_RINGING_SECONDS:
            log.info("call %s ended before its event arrived; not announced", call.call_id)
            return
        for callback in list(self._call_callbacks):
            try:
                callback(call)
            except Exception:
                log.exception("call callback failed")

    def server_now(self) -> datetime:
        """Now by the server's clock (UTC): deadlines and leases are the server's."""
        return datetime.now(UTC) + timedelta(seconds=self.client.server_time_offset)

    # --- life cycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Load the open cases (and those ended in the last 12 h), then follow the event stream."""
        await self.reload(merge=False)
        self._set_status(True, STATUS_ONLINE)
        self._tasks.append(asyncio.create_task(self._follow(), name="session-events"))
        self._tasks.append(asyncio.create_task(self._prune(), name="session-prune"))

    async def close(self) -> None:
        """Stop following events and close the connection; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        await self._release_held()
        if self._outbox_task is not None:  # one cut off mid-send goes again, same key, next time
            self._tasks.append(self._outbox_task)
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.client.aclose()
        # no callback: the windows listening may already be gone while the program shuts down
        self.online, self.status_text = False, "已断开"
        self._status_callbacks.clear()
        self._call_callbacks.clear()
        self._outbox_callbacks.clear()
        self._refusal_callbacks.clear()
        if self.outbox is not None:
            self.outbox.close()

    async def _release_held(self) -> None:
        """Hand back the cases this seat holds, so other seats need not wait for the leases to lapse.
        Best effort and short: a seat that cannot reach the server still closes at once."""
        held = [case.id for case in self.store.all() if case.lease and case.lease.user_id == self.user.id]
        if held:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    asyncio.gather(*(self.release(case_id) for case_id in held), return_exceptions=True),
                    RELEASE_ON_CLOSE_SECONDS)

    async def reload(self, merge: bool = True) -> None:
        """Reload the case list. With `merge`, a case the store knows in a newer version (from a
        command answer) keeps it; a `reset` from the server (new database) replaces everything."""
        async with self._sync:
            since = self.server_now() - ENDED_WINDOW
            answer = await self._read(lambda: self.client.cases(ended_since=since))
            cases = list(answer.cases)
            if merge:
                cases = [
                    max(case, self.store.get(case.id) or case, key=lambda c: c.version) for case in cases
                ]
            self.store.reset(cases, answer.last_seq)

    async def _follow(self) -> None:
        """Follow the event stream forever: resume from `store.last_seq` after every drop."""
        attempt = 0

        def opened() -> None:
            nonlocal attempt
            attempt = 0
            self._set_status(True, STATUS_ONLINE)

        while True:
            problem = ""
            try:
                events = stream_events(self.client, self.store.last_seq, on_open=opened)
                async with contextlib.aclosing(events):
                    async for event in events:
                        await self._handle(event)
            except asyncio.CancelledError:
                raise
            except ServerUnreachable as error:
                log.info("event stream lost: %s", error.message)
            except ApiFailure as failure:
                log.warning("event stream refused: %s", failure.message)
                problem = failure.message
                if failure.status == 401:
                    with contextlib.suppress(ApiFailure, ServerUnreachable):
                        await self._login_again()
                        problem = ""
            except Offline as error:  # a reload after `reset` failed
                log.info("reload after reset failed: %s", error.message)
            except Exception:
                log.exception("event stream failed")
            attempt += 1
            retrying = f"正在重连（第{attempt}次）…"
            self._set_status(False, f"{problem}，{retrying}" if problem else f"连接中断，{retrying}")
            await asyncio.sleep(min(RECONNECT_FIRST * 2 ** (attempt - 1), RECONNECT_MAX))

    async def _handle(self, event: Event) -> None:
        if event.type is EventType.RESET:
            log.info("server asked for a reload (event %d)", event.seq)
            await self.reload(merge=False)
            return
        async with self._sync:
            seen = event.seq <= self.store.last_seq
            self.store.apply(event)
        if not seen and event.type is EventType.CALL_INCOMING and event.call is not None:
            self._announce(event.call)

    async def _prune(self) -> None:
        while True:
            await asyncio.sleep(PRUNE_EVERY)
            self.store.prune_ended(self.server_now() - ENDED_WINDOW)
            for case_id, lock in list(self._case_locks.items()):
                if not lock.locked() and self.store.get(case_id) is None:
                    del self._case_locks[case_id]

    async def _login_again(self) -> None:
        """The token ran out (12 h shifts, or a new server database): sign in again."""
        await self.client.login(*self._credentials)

    # --- reading ---------------------------------------------------------------------------------

    async def _read(self, call: Callable[[], Awaitable[T]]) -> T:
        """A read: `Offline` when unreachable, `SessionError` when refused; one re-login on 401."""
        for again in (True, False):
            try:
                return await call()
            except ServerUnreachable as error:
                raise Offline() from error
            except ApiFailure as failure:
                if failure.status == 401 and again:
                    await self._relogin_or_fail(failure)
                    continue
                raise SessionError(failure.message) from failure
        raise AssertionError("unreachable")

    async def _relogin_or_fail(self, failure: ApiFailure) -> None:
        try:
            await self._login_again()
        except ServerUnreachable as error:
            raise Offline() from error
        except ApiFailure:
            raise LoginFailed(failure.message) from failure

    async def case_detail(self, case_id: str) -> CaseDetail:
        detail = await self._read(lambda: self.client.case_detail(case_id))
        self.store.update(detail.case)
        return detail

    async def attachment(self, attachment_id: str) -> bytes:
        return await self._read(lambda: self.client.attachment(attachment_id))

    async def caller_cases(self, phone: str) -> CallerHistory:
        """A caller's earlier cases and their outcomes (only for seats that may see full numbers)."""
        return await self._read(lambda: self.client.caller_cases(phone))

    async def intake(self, report: IntakeReport, key: str | None = None) -> Case:
        """上报 a case as this user (channel accounts, or a seat taking a call). Retried while the
        server is unreachable under one idempotency key (`key`, e.g. the draft's), so a lost answer
        never makes the case twice; `Offline` when it stays unreachable."""
        key = key or str(uuid.uuid4())
        case = await self._with_retries("intake", lambda: self.client.intake(report, key))
        self.store.update(case)
        return case

    async def similarity_stats(self, since: datetime | None = None) -> SimilarityStats:
        """相似案卷 warnings and the seats' decisions since `since` (default: today), for the 值班长."""
        return await self._read(lambda: self.client.similarity_stats(since))

    async def similar_preview(self, query: SimilarQuery) -> SimilarCheck:
        """The cases a report being written probably duplicates (a caller can be told it is known)."""
        return await self._read(lambda: self.client.similarity_check(query))

    async def pending_requests(self) -> tuple[DepartmentRequest, ...]:
        """The departments' 回退/延期/挂账 requests waiting for a 派遣员, oldest first."""
        answer = await self._read(self.client.pending_requests)
        return answer.requests

    async def dispatch_returns(self, since: datetime | None = None) -> tuple[ReturnStat, ...]:
        """回退 requests counted per routing rule, for fixing the 责任分解表."""
        return await self._read(lambda: self.client.dispatch_returns(since))

    async def dispatch_rework(self, since: datetime | None = None) -> tuple[ReworkStat, ...]:
        """返工 per department (orders sent, sent back after a failed 核查, fed back late), most reworked
        first, for the 派遣员 and the 值班长."""
        return await self._read(lambda: self.client.dispatch_rework(since))

    async def places(self, query: str, limit: int = 10) -> PlaceList:
        """Places for the seat's location search (address, crossing, community, grid code, coordinates)."""
        return await self._read(lambda: self.client.places(query, limit))

    async def place_at(self, point: GeoPoint) -> Place:
        return await self._read(lambda: self.client.place_at(point))

    # --- map -------------------------------------------------------------------------------------

    async def map_base(self) -> MapBase:
        """The map's grid and offline base map: fetched once, afterwards only checked by its ETag; the
        copy in hand serves while the server cannot be reached."""
        held = self._map_base
        try:
            answer = await self._read(lambda: self.client.map_base(held[1] if held else None))
        except Offline:
            if held is None:
                raise
            return held[0]
        if answer is None:  # unchanged (only asked with the ETag of the copy in hand)
            assert held is not None
            return held[0]
        self._map_base = answer
        return answer[0]

    async def map_things(self) -> tuple[MapThing, ...]:
        """Cameras and IoT devices of the city."""
        return await self._read(self.client.map_things)

    async def map_collectors(self) -> tuple[CollectorPosition, ...]:
        """Every collector: on duty now or not, his 责任网格 and his last reported position."""
        return await self._read(self.client.map_collectors)

    async def map_heat(self, days: int = 7) -> tuple[HeatCell, ...]:
        """How many cases each 单元网格 had in the last `days` days (1 to 90); cells with none left out."""
        return await self._read(lambda: self.client.map_heat(days))

    # --- commands --------------------------------------------------------------------------------

    async def claim(self, case_id: str) -> Case:
        """认领: hold the case for this seat for a few minutes."""
        return await self._command(case_id, "claim", lambda version: ClaimCommand(version=version))

    async def release(self, case_id: str) -> None:
        await self._command(case_id, "release", lambda version: ClaimCommand(version=version))

    async def edit(self, case_id: str, changes: CaseEdit) -> Case:
        """修改: save the seat's corrections (place, category, description …) without filing."""
        return await self._command(case_id, "edit", lambda version: EditCommand(version=version, changes=changes))

    async def file(
        self, case_id: str, category_id: str, condition_id: str, note: str = "", changes: CaseEdit | None = None
    ) -> Case:
        """立案 with the chosen 小类 and 立案条件, and the seat's unsaved corrections in the same step."""
        return await self._command(
            case_id,
            "file",
            lambda version: FileCommand(
                version=version, category_id=category_id, condition_id=condition_id, note=note, changes=changes
            ),
        )

    async def confirm(self, case_id: str, changes: CaseEdit | None = None, note: str = "") -> Case:
        """确认 a low-confidence video-AI detection: it becomes a case in 待受理."""
        return await self._command(
            case_id, "confirm", lambda version: ConfirmCommand(version=version, changes=changes, note=note)
        )

    async def reject(self, case_id: str, kind: RejectKind, reason: str, note: str = "") -> Case:
        """不予受理 or 作废 with a reason from the list."""
        return await self._command(
            case_id,
            "reject",
            lambda version: RejectCommand(version=version, kind=kind, reason=reason, note=note),
        )

    async def merge(self, case_id: str, into_id: str, note: str = "") -> Case:
        """合并: the case duplicates the open case `into_id`; it closes as 作废 (重复案卷) and its reporter
        is listed on the original, whose new version arrives on the event stream."""
        return await self._command(
            case_id, "merge", lambda version: MergeCommand(version=version, into=into_id, note=note)
        )

    async def not_duplicate(self, case_id: str, note: str = "") -> Case:
        """不是重复: the answer to the case's 相似案卷 warning; the case stays where it is."""
        return await self._command(
            case_id, "not_duplicate", lambda version: NotDuplicateCommand(version=version, note=note)
        )

    async def dispatch(
        self,
        case_id: str,
        department_id: str | None = None,
        note: str = "",
        *,
        mechanism: DispatchMechanism = DispatchMechanism.FLAT,
        assist_ids: tuple[str, ...] = (),
        targets: tuple[DispatchTarget, ...] = (),
    ) -> Case:
        """派遣 to `department_id` (by default the suggested department), or with `mechanism` and its
        `assist_ids` (主协办, 跨区域) or `targets` (多部门, 同时段, 双流程)."""
        if department_id is None and not targets:
            case = self.store.get(case_id)
            department_id = case.suggested_department_id if case is not None else None
            if department_id is None:
                raise CommandRejected(ApiError(code=ErrorCode.INVALID, message="请选择处置部门"))
        chosen = department_id
        return await self._command(
            case_id,
            "dispatch",
            lambda version: DispatchCommand(version=version, department_id=chosen, note=note, mechanism=mechanism,
                                            assist_ids=assist_ids, targets=targets),
        )

    async def dispatch_one_key(self, case_id: str, department_id: str | None = None) -> Case:
        """One-key dispatch (F4) to `department_id`, by default the suggestion: 主协办 with the routing
        matrix's 协办 when it is the suggested department, else 扁平化 (`dispatch.one_key`)."""
        case = self.store.get(case_id)
        department_id = department_id or (case.suggested_department_id if case is not None else None)
        if case is None or department_id is None:
            raise CommandRejected(ApiError(code=ErrorCode.INVALID, message="请选择处置部门"))
        mechanism, assists = one_key(case, department_id)
        return await self.dispatch(case_id, department_id, mechanism=mechanism, assist_ids=assists)

    async def acknowledge(self, case_id: str, note: str = "") -> Case:
        """签收 by the handling department."""
        return await self._command(
            case_id, "acknowledge", lambda version: AcknowledgeCommand(version=version, note=note)
        )

    async def feedback(self, case_id: str, note: str, work_order_id: str | None = None,
                       photos: tuple[AttachmentUpload, ...] = ()) -> Case:
        """处置反馈, for a department's account: what was done, with photos."""
        return await self._command(
            case_id, "feedback",
            lambda version: FeedbackCommand(version=version, work_order_id=work_order_id, note=note, photos=photos))

    async def request(self, case_id: str, kind: RequestKind, reason: str, work_order_id: str | None = None, *,
                      extra: TimeLimit | None = None, new_deadline: datetime | None = None,
                      suspend_until: datetime | None = None) -> Case:
        """申请回退 / 延期 / 挂账, for a department's account."""
        return await self._command(
            case_id, "request",
            lambda version: RequestCommand(version=version, kind=kind, work_order_id=work_order_id, reason=reason,
                                           extra=extra, new_deadline=new_deadline, suspend_until=suspend_until))

    async def decide(self, case_id: str, request_id: str, approve: bool, note: str = "") -> Case:
        """The 派遣员 approves or refuses a department's 回退/延期/挂账 request."""
        return await self._command(
            case_id, "decide",
            lambda version: DecideCommand(version=version, request_id=request_id, approve=approve, note=note))

    async def resume(self, case_id: str, work_order_id: str | None = None, note: str = "") -> Case:
        """挂账恢复: the suspended work order's clock runs again."""
        return await self._command(
            case_id, "resume", lambda version: ResumeCommand(version=version, work_order_id=work_order_id, note=note))

    async def check(self, case_id: str, note: str = "") -> Case:
        """发送核查: the on-duty collector of the case's grid checks the disposal on site."""
        return await self._command(case_id, "check", lambda version: CheckCommand(version=version, note=note))

    async def close_case(self, case_id: str, note: str = "") -> Case:
        """结案 by the 值班长 once the 核查 passed."""
        return await self._command(case_id, "close", lambda version: CloseCommand(version=version, note=note))

    async def supervise(self, case_id: str, opinion: str, department_id: str | None = None) -> Case:
        """督办 an open case with the supervisor's opinion."""
        return await self._command(
            case_id, "supervise",
            lambda version: SuperviseCommand(version=version, opinion=opinion, department_id=department_id))

    async def verify(self, case_id: str, note: str = "") -> Case:
        """发送核实: the server picks the on-duty collector of the case's grid (or the nearest on duty)."""
        return await self._command(case_id, "verify", lambda version: VerifyCommand(version=version, note=note))

    async def revisit(self, case_id: str, result: RevisitResult, note: str = "") -> Case:
        """回访 of a closed hotline case (`revisit_pending`): the caller's satisfaction, or 未接通."""
        return await self._command(
            case_id, "revisit", lambda version: RevisitCommand(version=version, result=result, note=note))

    async def report_verification(self, case_id: str, confirmed: bool, note: str = "",
                                  photos: tuple[AttachmentUpload, ...] = ()) -> Case:
        """核实反馈, for a collector's account: 属实 or not, a note and photos."""
        return await self._command(
            case_id, "verify_result",
            lambda version: VerificationReport(version=version, confirmed=confirmed, note=note, photos=photos))

    async def _command(self, case_id: str, action: str, body: Callable[[int], CaseCommand]) -> Case:
        """Send one seat action based on the version the seat sees, with one idempotency key for all
        of its attempts. The answer goes into the store at once. Commands on one case go out one
        after the other, so a file right after this seat's own claim carries the claim's version."""
        async with self._case_locks.setdefault(case_id, asyncio.Lock()):
            return await self._send(case_id, action, body)

    async def _send(self, case_id: str, action: str, body: Callable[[int], CaseCommand]) -> Case:
        case = self.store.get(case_id)
        if case is None:
            case = (await self.case_detail(case_id)).case
        command = body(case.version)
        key = str(uuid.uuid4())
        outbox = self.outbox if action in QUEUEABLE else None
        if outbox is not None and outbox.holds(case_id):  # the order of one case's commands holds
            self._queue(outbox, case_id, action, command, key)
            raise Queued(QUEUED_BEHIND_MESSAGE)
        try:
            answer = await self._with_retries(
                f"{action} {case_id}", lambda: self.client.command(case_id, action, command, key)
            )
        except Offline:
            if outbox is None:
                raise
            self._queue(outbox, case_id, action, command, key)  # same key: it may have arrived after all
            raise Queued() from None
        except CommandRejected as rejected:
            if rejected.status == 409:
                with contextlib.suppress(SessionError):
                    await self.case_detail(case_id)  # show the seat what happened instead
            raise
        self.store.update(answer)
        return answer

    async def _with_retries(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        """A write the server makes idempotent: retried (same key) while the server is unreachable,
        once more after signing in again on 401; refusals come out as `CommandRejected`."""
        relogged = False
        attempt = 0
        while True:
            try:
                return await call()
            except ServerUnreachable as error:
                attempt += 1
                if attempt > COMMAND_RETRIES:
                    raise Offline() from error
                log.info("%s: server unreachable, retry %d", what, attempt)
                await asyncio.sleep(COMMAND_BACKOFF * 2 ** (attempt - 1))
            except ApiFailure as failure:
                if failure.status == 401 and not relogged:
                    relogged = True
                    await self._relogin_or_fail(failure)
                    continue
                raise CommandRejected(failure.error, failure.status) from failure

    # --- the outbox (待发送) --------------------------------------------------------------------

    def outbox_count(self) -> int:
        """How many commands wait for the server."""
        return self.outbox.count() if self.outbox is not None else 0

    def subscribe_outbox(self, callback: OutboxCallback) -> None:
        """`callback(count)` whenever a command joins or leaves the outbox."""
        self._outbox_callbacks.append(callback)

    def unsubscribe_outbox(self, callback: OutboxCallback) -> None:
        with contextlib.suppress(ValueError):
            self._outbox_callbacks.remove(callback)

    def subscribe_refusals(self, callback: RefusalCallback) -> None:
        """`callback(message)` when the server refused a queued command (which is then dropped); the
        Chinese message names the action, the case and the server's reason."""
        self._refusal_callbacks.append(callback)

    def unsubscribe_refusals(self, callback: RefusalCallback) -> None:
        with contextlib.suppress(ValueError):
            self._refusal_callbacks.remove(callback)

    def _tell(self, callbacks: list[Callable[[T], None]], value: T) -> None:
        for callback in list(callbacks):
            try:
                callback(value)
            except Exception:
                log.exception("outbox callback failed")

    def _queue(self, outbox: Outbox, case_id: str, action: str, command: CaseCommand, key: str) -> None:
        outbox.add(case_id, action, command.model_dump_json(), key, action_label(action, command))
        log.info("%s %s queued in the outbox (%d waiting)", action, case_id, outbox.count())
        self._tell(self._outbox_callbacks, outbox.count())
        self._kick_outbox()

    def _kick_outbox(self) -> None:
        """Send what waits now, in the background (one sender at a time)."""
        if self.outbox is None or self._closed:
            return
        self._outbox_wake.set()
        if self._outbox_task is None or self._outbox_task.done():
            self._outbox_task = asyncio.create_task(self._drain(), name="session-outbox")

    async def _drain(self) -> None:
        """Send until the outbox is empty; while the server stays away, wait for it to come back (or
        `OUTBOX_RETRY` seconds, should the event stream not have noticed the drop)."""
        assert self.outbox is not None
        while self.outbox.count():
            self._outbox_wake.clear()
            if await self._send_queued(self.outbox):
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._outbox_wake.wait(), OUTBOX_RETRY)

    async def _send_queued(self, outbox: Outbox) -> bool:
        """Send the waiting commands one at a time, oldest first; False when the server is still away."""
        while (entry := outbox.first()) is not None:
            async with self._case_locks.setdefault(entry.case_id, asyncio.Lock()):
                try:
                    command = QUEUEABLE[entry.action].model_validate_json(entry.body)
                except (KeyError, ValidationError):
                    log.exception("outbox entry %d (%s) unreadable; dropped", entry.id, entry.action)
                    self._drop(outbox, entry, "保存的操作无法读取")
                    continue
                try:
                    answer = await self._with_retries(
                        f"queued {entry.action} {entry.case_id}",
                        functools.partial(self.client.command, entry.case_id, entry.action, command, entry.key))
                except CommandRejected as rejected:
                    self._drop(outbox, entry, rejected.message)
                    if rejected.status == 409:
                        with contextlib.suppress(SessionError):
                            await self.case_detail(entry.case_id)  # show the seat what happened instead
                    continue
                except SessionError as error:  # unreachable again, or signing in again failed
                    log.info("outbox: %s %s not sent yet: %s", entry.action, entry.case_id, error.message)
                    return False
                outbox.remove(entry.id)
                outbox.advance(entry.case_id, entry.version, answer.version)
                self.store.update(answer)
                log.info("outbox: %s %s sent", entry.action, entry.case_id)
            self._tell(self._outbox_callbacks, outbox.count())
        return True

    def _drop(self, outbox: Outbox, entry: OutboxEntry, reason: str) -> None:
        outbox.remove(entry.id)
        message = f"{entry.label}（案卷 {entry.case_id}）未能完成：{reason}"
        log.warning("outbox: %s", message)
        self._tell(self._refusal_callbacks, message)
        self._tell(self._outbox_callbacks, outbox.count())
