"""The wire contract: one pydantic model per object that crosses the REST API or the event stream.

The server validates requests and serialises responses with these models, and the client parses
with the same ones, so the two cannot drift. Timestamps are timezone-aware (UTC on the wire).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- roles and users ---------------------------------------------------------------------------


class Role(StrEnum):
    """岗位 (positions). A user may hold several, as in small centres."""

    ACCEPTOR = "acceptor"  # 受理员
    SHIFT_LEADER = "shift_leader"  # 值班长
    DISPATCHER = "dispatcher"  # 派遣员
    DEPARTMENT = "department"  # 处置部门 (handling department staff)
    TRAINER = "trainer"  # 培训员
    ADMIN = "admin"  # 系统管理员
    CHANNEL = "channel"  # an intake channel's service account (城管通, hotline gateway, IoT, video AI)
    COLLECTOR = "collector"  # 信息采集员 (监督员): answers 核实 tasks from the field


class User(WireModel):
    id: str
    name: str
    roles: tuple[Role, ...]
    department_id: str | None = None  # set for handling-department accounts


class LoginRequest(WireModel):
    username: str
    password: str


class Token(WireModel):
    token: str
    expires_at: datetime
    user: User


# --- reference data: catalogue, time limits, departments, grid ---------------------------------


class TimeUnit(StrEnum):
    """计时单位. 紧急工作时/日 run continuously; 工作时/工作日 count only working time."""

    URGENT_HOUR = "urgent_hour"  # 紧急工作时
    URGENT_DAY = "urgent_day"  # 紧急工作日 (continuous 24 h days)
    WORK_HOUR = "work_hour"  # 工作时
    WORK_DAY = "work_day"  # 工作日 (= 8 工作时)
    MINUTE = "minute"  # 分钟, continuous; used for step limits such as 受理 15 min


class TimeLimit(WireModel):
    value: int = Field(gt=0)
    unit: TimeUnit


class CategoryKind(StrEnum):
    COMPONENT = "component"  # 部件
    EVENT = "event"  # 事件


class FilingCondition(WireModel):
    """立案条件 with its 处置时限 (handling limit) and 结案条件 (closing condition)."""

    id: str  # category id + "-" + 2-digit sequence, e.g. "SJ0110-01"
    text: str
    limit: TimeLimit
    limit_text: str  # as written in the standard, e.g. "2紧急工作时"
    close_condition: str


class Category(WireModel):
    """小类 (small class) with its 大类 (big class). id: "BJ"+code for 部件, "SJ"+code for 事件."""

    id: str
    kind: CategoryKind
    big_code: str
    big_name: str
    small_code: str
    small_name: str
    handling_unit: str  # 处置单位 as written in the standard
    supervisor: str  # 主管部门
    conditions: tuple[FilingCondition, ...]


class Department(WireModel):
    """处置部门 (handling department) of the city."""

    id: str
    name: str
    short_name: str
    level: Literal["city", "district", "street", "enterprise"]
    district_code: str | None = None


class GridRef(WireModel):
    """单元网格 with the names of its 社区, 街道 and 区."""

    code: str  # 14 digits: 区(6) + 街道(3) + 社区(3) + 网格(2)
    community: str
    street: str
    district: str


class GeoPoint(WireModel):
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)


class Holiday(WireModel):
    """A dated override of the working calendar: a holiday, or a 调休 working day on a weekend."""

    day: str  # ISO date
    working: bool
    name: str = ""


class TimeWindow(WireModel):
    """A daily window of local clock time; `end` before `start` runs past midnight (22:00–06:00)."""

    start: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    end: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class FilingWindow(WireModel):
    """限时段管控: a 小类 that may only be filed inside these daily windows, and why."""

    category_id: str
    windows: tuple[TimeWindow, ...]
    reason: str  # e.g. "夜间施工噪音只在 22:00–06:00 受理，其余时段属正常施工"


class ReferenceData(WireModel):
    """Everything a seat needs to interpret cases, served once at login."""

    catalogue_name: str
    categories: tuple[Category, ...]
    keywords: dict[str, tuple[str, ...]] = {}  # everyday words per 小类 / 立案条件 id, for search
    departments: tuple[Department, ...]
    calendar: tuple[Holiday, ...]
    step_limits: dict[str, TimeLimit]  # 环节时限 per step name ("accept", "dispatch", ...)
    reject_reasons: dict[str, tuple[str, ...]]  # reason list per RejectKind value
    task_labels: dict[str, str] = {}  # the city's words for the field tasks: {"verify": "核实", "check": "核查"}
    filing_windows: tuple[FilingWindow, ...] = ()  # 限时段管控 rules, so the form warns as the seat picks
    field_choices: dict[str, tuple[str, ...]] = {}  # "channel.field" -> allowed values, e.g. "public.platform"
    timezone: str = "Asia/Shanghai"


# --- 派遣 (dispatch): work orders and the departments' requests -------------------------------------


class DispatchMechanism(StrEnum):
    """派遣机制 (Shandong 导则, DOMAIN.md §7); how many work orders and when the work is done are in
    resources/workflow/dispatch.json."""

    FLAT = "flat"  # 扁平化派遣: straight to the handling unit at any level
    LEAD_ASSIST = "lead_assist"  # 主协办派遣: one 主办 + 协办 units; the lead's feedback completes it
    MULTI = "multi"  # 多部门派遣: one work order per department, each for its part; the case waits for all
    CROSS_REGION = "cross_region"  # 跨区域派遣: a unit outside the case's district
    SIMULTANEOUS = "simultaneous"  # 同时段派遣: several work orders in one action, each with its own timer
    DUAL_FLOW = "dual_flow"  # 双流程派遣: a city-level and a district-level flow, each with its own times


class WorkOrderRole(StrEnum):
    LEAD = "lead"  # 主办 (every order of 多部门/同时段/双流程 is a lead for its part)
    ASSIST = "assist"  # 协办: reports to the lead; its feedback does not complete the case


class WorkOrderState(StrEnum):
    SENT = "sent"  # 待签收
    ACKNOWLEDGED = "acknowledged"  # 处置中 (签收)
    SUSPENDED = "suspended"  # 挂账中
    FED_BACK = "fed_back"  # 已反馈
    RETURNED = "returned"  # 已回退 (the 回退 was approved; the order ended)
    CLOSED_WITH_LEAD = "closed_with_lead"  # 随主办办结: a 协办 order still open when the lead's feedback came


class Flow(StrEnum):
    """双流程: 市级流程 (一级平台, city departments and enterprises) or 区级流程 (二级平台)."""

    CITY = "city"
    DISTRICT = "district"


class Pause(WireModel):
    """A 挂账 span of a work order's clock; `end` None while still suspended."""

    start: datetime
    end: datetime | None = None


class WorkOrder(WireModel):
    """派遣单: what one department was sent, its clock and its answer."""

    id: str  # case id + "-" + 2-digit sequence
    department_id: str
    department_name: str
    role: WorkOrderRole
    mechanism: DispatchMechanism
    state: WorkOrderState
    flow: Flow
    case_district_code: str | None  # 案发区域
    district_code: str | None  # the unit's region; None for city-level units and enterprises
    sent_at: datetime
    sent_by: str
    limit: TimeLimit  # 处置时限 of this order (the 立案条件's unless the dispatcher set one)
    deadline: datetime  # with extensions and 挂账 pauses taken into account
    part: str = ""  # 多部门派遣: the part of the problem this department handles
    note: str = ""
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    fed_back_at: datetime | None = None
    fed_back_by: str | None = None
    feedback_note: str = ""
    photo_ids: tuple[str, ...] = ()
    extensions: tuple[TimeLimit, ...] = ()  # approved 延期
    pauses: tuple[Pause, ...] = ()  # approved 挂账
    rework: int = 0  # times sent back after a failed 核查


class RequestKind(StrEnum):
    RETURN = "return"  # 回退: not this unit's job
    EXTEND = "extend"  # 延期: more time
    SUSPEND = "suspend"  # 挂账: a long-term problem; the clock pauses


class RequestState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class DepartmentRequest(WireModel):
    """A department's 回退 / 延期 / 挂账 request on its work order, and the 派遣员's decision."""

    id: str  # case id + "-R" + sequence
    case_id: str
    work_order_id: str
    department_id: str
    kind: RequestKind
    state: RequestState
    reason: str
    requested_by: str
    requested_at: datetime
    extra: TimeLimit | None = None  # 延期: the time asked for …
    new_deadline: datetime | None = None  # … or the deadline asked for
    suspend_until: datetime | None = None  # 挂账: when work resumes at the latest
    routing_rule: str | None = None  # 回退: the routing rule that chose the department, for fixing the matrix
    category_id: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str = ""


# --- cases -----------------------------------------------------------------------------------------


class Channel(StrEnum):
    """问题来源 (intake channel)."""

    COLLECTOR = "collector"  # 信息采集员 (城管通)
    HOTLINE = "hotline"  # 12345 / 12319 热线
    IOT = "iot"  # 物联网感知告警
    VIDEO_AI = "video_ai"  # 视频智能识别
    PUBLIC = "public"  # 公众上报 (微信/APP/网站)
    LEADER = "leader"  # 领导交办
    MEDIA = "media"  # 媒体曝光
    TRANSFER = "transfer"  # 部门转办


class CaseState(StrEnum):
    """案卷状态. The allowed moves between them live in `workflow.py`."""

    DETECTED = "detected"  # 待确认: a low-confidence video-AI detection, not a case until a seat confirms it
    REPORTED = "reported"  # 待受理
    FILED = "filed"  # 已立案，待派遣
    DISPATCHED = "dispatched"  # 已派遣，待签收
    HANDLING = "handling"  # 处置中 (the department signed for it)
    SUSPENDED = "suspended"  # 挂账中: a long-term problem; the handling clock is paused
    FED_BACK = "fed_back"  # 待核查: the work the dispatch mechanism asks for is fed back
    CHECKING = "checking"  # 核查中: a collector checks the disposal on site
    TO_CLOSE = "to_close"  # 待结案: the check passed; the 值班长 closes the case
    CLOSED = "closed"  # 已结案
    VERIFYING = "verifying"  # 核实中: a collector checks the report on site before it is filed
    NOT_ACCEPTED = "not_accepted"  # 不予受理
    CANCELLED = "cancelled"  # 作废


class RejectKind(StrEnum):
    NOT_ACCEPTED = "not_accepted"  # 不予受理: does not meet any 立案条件
    CANCELLED = "cancelled"  # 作废: invalid report (false, test, duplicate …)


class Reporter(WireModel):
    """上报人 / 诉求人: the collector, caller or citizen behind a report."""

    name: str = ""
    phone: str = ""
    collector_id: str | None = None


class AttachmentRef(WireModel):
    id: str
    name: str
    content_type: str
    size: int


class AttachmentUpload(WireModel):
    name: str = Field(min_length=1, max_length=200)
    content_type: str = Field(pattern=r"^(image|audio|video)/[\w.+-]+$")
    data_base64: str = Field(min_length=1)


class ControlFlag(WireModel):
    """A 管控 warning on a case, with the reason in Chinese. The seat decides; nothing is blocked.

    Codes: `outside_collection_area` (非采集区域管控: inside an area excluded from collection, or
    outside the city's grid), `outside_own_grid` (a collector reporting outside his 责任网格),
    `outside_time_window` (限时段管控: the 小类 may only be filed in certain hours).
    """

    code: str
    message: str


class StepClock(WireModel):
    """The clock of the workflow step the case is in (受理, 派遣, 处置 …): its 环节时限."""

    step: str
    started_at: datetime
    limit: TimeLimit
    deadline: datetime


class Lease(WireModel):
    """A seat's claim on a case; it lapses after a few minutes without activity."""

    user_id: str
    user_name: str
    expires_at: datetime


class SimilarCase(WireModel):
    """An earlier case the similar-case check (相似案卷判断) found, with its score and why."""

    case_id: str
    score: float = Field(ge=0, le=1)
    explanation: str  # e.g. "同一小类，相距 35 米，2 小时前，描述相似度 82%"
    distance_m: float | None  # None when either case has no point
    hours_before: float  # how long before this case the candidate was reported
    state: CaseState  # of the candidate when the check ran


class SimilarDecision(StrEnum):
    MERGED = "merged"  # 合并: this case was a duplicate; it closed and its reporter is linked to the original
    NOT_DUPLICATE = "not_duplicate"  # 不是重复: recorded, and it tunes the engine
    FILED_ANYWAY = "filed_anyway"  # 仍立案 with the warning standing


class SimilarCheck(WireModel):
    """The last similar-case check of a case (at intake, and again after an edit of category or place)."""

    warn: bool  # the engine thinks this case duplicates the first candidate
    candidates: tuple[SimilarCase, ...]  # best first, at most 5
    checked_at: datetime
    decision: SimilarDecision | None = None
    decided_by: str | None = None  # the seat's name
    ruled_out: tuple[str, ...] = ()  # cases a seat said are not the same problem: never candidates again


class SimilarQuery(WireModel):
    """`POST /similarity/check`: a case being written (not yet registered) to compare with the cases
    there are, so the seat taking a call can say the problem is already known."""

    category_id: str | None = None
    location: GeoPoint | None = None
    grid_code: str | None = None
    address: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=4000)
    phone: str = Field(default="", max_length=40)  # the caller's


class LinkedReport(WireModel):
    """A report merged into this case as its duplicate (重复案卷), with who reported it."""

    case_id: str
    reported_at: datetime
    channel: Channel
    reporter: Reporter
    summary: str  # the start of its description
    merged_by: str
    merged_at: datetime


class Case(WireModel):
    """案卷 as every seat sees it in the queue and the detail view."""

    id: str  # 案卷号, e.g. "20261124000123"
    version: int
    state: CaseState
    channel: Channel
    reported_at: datetime
    updated_at: datetime
    description: str
    address: str
    location: GeoPoint | None
    grid: GridRef | None
    reporter: Reporter
    urgent: bool
    category_id: str | None  # suggested until filed, then the filed 小类
    condition_id: str | None
    suggested_department_id: str | None
    suggestion_rule: str | None  # which routing rule chose the suggestion
    department_id: str | None
    step: StepClock | None  # None once the case has ended
    handling_deadline: datetime | None  # 处置时限, running from dispatch
    lease: Lease | None
    attachments: tuple[AttachmentRef, ...] = ()
    details: dict[str, Any] = {}  # channel-specific fields (device id, AI label, camera …)
    verification: Verification | None = None  # the last 核实 task, once one was sent
    flags: tuple[ControlFlag, ...] = ()  # 非采集区域 / 限时段 warnings, recomputed on every edit
    similar: SimilarCheck | None = None  # 相似案卷 candidates and the seat's decision
    duplicate_of: str | None = None  # set when this case was merged into another (重复案卷)
    linked: tuple[LinkedReport, ...] = ()  # reports merged into this case, oldest first
    suggested_assist_ids: tuple[str, ...] = ()  # 协办 units the routing matrix suggests
    work_orders: tuple[WorkOrder, ...] = ()  # 派遣单, oldest first
    requests: tuple[DepartmentRequest, ...] = ()  # the departments' 回退/延期/挂账 requests, oldest first
    inspection: Verification | None = None  # the last 核查 task (after feedback, before 结案)
    supervisions: tuple[Supervision, ...] = ()  # 督办 records, oldest first
    revisit_pending: bool = False  # 待回访: a closed hotline case whose caller wants a call back
    revisit: Revisit | None = None  # the last 回访 call, once one was made


class HistoryEntry(WireModel):
    """One line of the append-only case history (案卷流转记录)."""

    seq: int
    at: datetime
    action: str  # "reported", "claimed", "filed", "dispatched", "acknowledged", "rejected" …
    actor_id: str | None
    actor_name: str
    from_state: CaseState | None
    to_state: CaseState | None
    note: str = ""
    step: StepClock | None = None  # the step clock (环节时限) this line started or moved


class CaseList(WireModel):
    """`GET /cases`: the cases and the last event sequence they reflect (resume the stream from it)."""

    cases: tuple[Case, ...]
    last_seq: int


class CaseDetail(WireModel):
    case: Case
    history: tuple[HistoryEntry, ...]


# --- intake and commands --------------------------------------------------------------------------


class IntakeReport(WireModel):
    """What a channel posts to `POST /api/v1/intake`."""

    channel: Channel
    reported_at: datetime | None = None  # when the channel saw it; the server's clock if absent
    description: str = Field(min_length=1, max_length=4000)
    address: str = Field(default="", max_length=300)
    location: GeoPoint | None = None
    grid_code: str | None = None
    reporter: Reporter = Reporter()
    urgent: bool = False
    category_id: str | None = None
    condition_id: str | None = None
    attachments: tuple[AttachmentUpload, ...] = ()
    details: dict[str, Any] = {}


class CaseCommand(WireModel):
    """Every seat command names the case version it was based on (409 when stale)."""

    version: int = Field(ge=1)


class CaseEdit(WireModel):
    """What a seat corrects on a case before filing; fields left out stay as they are.

    A new `location` or `grid_code` re-resolves the grid (and the address when none is given);
    a new category re-runs the department suggestion; the 管控 flags are recomputed.
    """

    description: str | None = Field(default=None, min_length=1, max_length=4000)
    address: str | None = Field(default=None, max_length=300)
    location: GeoPoint | None = None
    grid_code: str | None = None
    urgent: bool | None = None
    category_id: str | None = None
    condition_id: str | None = None
    reporter: Reporter | None = None
    details: dict[str, Any] | None = None  # the channel's own fields, validated as at intake


class EditCommand(CaseCommand):
    """修改: save the seat's corrections (the case stays where it is)."""

    changes: CaseEdit


class FileCommand(CaseCommand):
    """立案, with the seat's last corrections applied in the same step."""

    category_id: str
    condition_id: str
    note: str = Field(default="", max_length=1000)
    changes: CaseEdit | None = None


class ConfirmCommand(CaseCommand):
    """确认 a video-AI detection: it becomes a case in 待受理 (作废 with reason 误报 otherwise)."""

    note: str = Field(default="", max_length=1000)
    changes: CaseEdit | None = None


class MergeCommand(CaseCommand):
    """合并: this case duplicates the open case `into`. It closes as 重复案卷 (作废) and its reporter
    is linked to the original; nothing is deleted."""

    into: str = Field(min_length=1)
    note: str = Field(default="", max_length=1000)


class NotDuplicateCommand(CaseCommand):
    """不是重复: the seat looked at the similar cases and this report is a problem of its own."""

    note: str = Field(default="", max_length=1000)


class SimilarityStats(WireModel):
    """`GET /similarity/stats`: warnings and the seats' decisions, for the 值班长."""

    since: datetime
    checked: int  # cases checked
    warned: int  # of which the engine warned
    merged: int
    not_duplicate: int
    filed_anyway: int  # filed with a warning standing
    undecided: int  # warned, still open, no decision yet
    by_seat: dict[str, dict[str, int]] = {}  # seat name -> {"merged": n, "not_duplicate": n, "filed_anyway": n}


class RejectCommand(CaseCommand):
    """不予受理 / 作废: a reason from the list is required, free text optional."""

    kind: RejectKind
    reason: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=1000)


class DispatchTarget(WireModel):
    """One work order of a dispatch: the department, its role and, if the dispatcher sets them, its
    part of the problem and its own 处置时限."""

    department_id: str
    role: WorkOrderRole = WorkOrderRole.LEAD
    part: str = Field(default="", max_length=200)
    limit: TimeLimit | None = None


class DispatchCommand(CaseCommand):
    """派遣. `department_id` alone is 扁平化派遣 to that unit; `mechanism` with `targets` (or
    `department_id` plus `assist_ids` for 主协办) sends several work orders in one action."""

    department_id: str | None = None
    mechanism: DispatchMechanism = DispatchMechanism.FLAT
    assist_ids: tuple[str, ...] = ()
    targets: tuple[DispatchTarget, ...] = ()
    note: str = Field(default="", max_length=1000)


class ClaimCommand(CaseCommand):
    pass


class AcknowledgeCommand(CaseCommand):
    """签收 by the handling department; `work_order_id` may be left out when the department has one
    order waiting."""

    work_order_id: str | None = None
    note: str = Field(default="", max_length=1000)


class FeedbackCommand(CaseCommand):
    """处置反馈 by the department of the work order: a note (required) and photos."""

    work_order_id: str | None = None
    note: str = Field(min_length=1, max_length=1000)
    photos: tuple[AttachmentUpload, ...] = Field(default=(), max_length=9)


class RequestCommand(CaseCommand):
    """申请回退 / 申请延期 / 申请挂账 by the department of the work order; a reason is required.
    延期 names `extra` time or a `new_deadline`; 挂账 may name when work resumes."""

    kind: RequestKind
    work_order_id: str | None = None
    reason: str = Field(min_length=1, max_length=500)
    extra: TimeLimit | None = None
    new_deadline: datetime | None = None
    suspend_until: datetime | None = None


class DecideCommand(CaseCommand):
    """The 派遣员 approves or refuses a department's request."""

    request_id: str
    approve: bool
    note: str = Field(default="", max_length=1000)


class ResumeCommand(CaseCommand):
    """挂账恢复: the suspended work order's clock runs again."""

    work_order_id: str | None = None
    note: str = Field(default="", max_length=1000)


class CheckCommand(CaseCommand):
    """发送核查: ask the on-duty collector of the case's grid to check the disposal on site."""

    note: str = Field(default="", max_length=1000)


class CloseCommand(CaseCommand):
    """结案 by the 值班长 once the 核查 passed; the 立案条件's 结案条件 goes into the history."""

    note: str = Field(default="", max_length=1000)


class Supervision(WireModel):
    """督办: a supervision record with the supervisor's opinion, on any open case."""

    by: str
    by_id: str
    at: datetime
    opinion: str
    department_id: str | None = None  # the department supervised (the case's lead by default)
    reply: str = ""  # the department's answer (督办回复)
    replied_by: str | None = None
    replied_at: datetime | None = None


class SuperviseCommand(CaseCommand):
    opinion: str = Field(min_length=1, max_length=1000)
    department_id: str | None = None


class SupervisionReplyCommand(CaseCommand):
    """督办回复: the supervised department answers the 督办 at `index` (0-based, in `case.supervisions`)."""

    index: int = Field(ge=0)
    reply: str = Field(min_length=1, max_length=1000)


class RevisitResult(StrEnum):
    """回访 (satisfaction callback) result."""

    SATISFIED = "satisfied"  # 满意
    FAIRLY_SATISFIED = "fairly_satisfied"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意
    UNREACHABLE = "unreachable"  # 未接通: the case stays 待回访 until the attempts run out


class Revisit(WireModel):
    """回访: the seat's call back to a hotline caller after 结案, and what the caller said."""

    result: RevisitResult
    note: str = ""
    by: str
    by_id: str
    at: datetime
    attempts: int = 1  # calls made so far, 未接通 ones included


class RevisitCommand(CaseCommand):
    """回访 result of a closed hotline case whose caller wanted a call back."""

    result: RevisitResult
    note: str = Field(default="", max_length=1000)


class ReturnStat(WireModel):
    """回退 requests counted per routing rule, so the 责任分解表 can be fixed."""

    category_id: str | None
    routing_rule: str | None
    department_id: str
    requested: int
    approved: int


class ReworkStat(WireModel):
    """返工 (rework after a failed 核查) and late feedback counted per department: how often its work
    had to be done again. `rework_rate` is `reworked / sent`."""

    department_id: str
    sent: int  # 派遣单 (re)sent in the period
    reworked: int  # of those, orders sent back at least once
    reworks: int  # times sent back, all orders together
    rework_rate: float  # reworked / sent, 0..1
    overdue: int  # orders whose (latest) 处置反馈 came after their deadline


class PendingRequests(WireModel):
    """`GET /requests`: requests waiting for a 派遣员, oldest first."""

    requests: tuple[DepartmentRequest, ...]


# --- 核实 (verification before filing) ----------------------------------------------------------


class Verification(WireModel):
    """A 核实 task: the collector sent to check a report on site, its deadline, and the answer."""

    collector_id: str
    collector_name: str
    requested_by: str  # the seat's name
    requested_at: datetime
    deadline: datetime
    reason: str  # why this collector: own grid, or the nearest on duty
    request_note: str = ""
    answered_at: datetime | None = None
    confirmed: bool | None = None  # 属实 / 不属实, once answered
    note: str = ""
    photo_ids: tuple[str, ...] = ()  # attachments of the case added by the answer


class VerifyCommand(CaseCommand):
    """发送核实: ask the on-duty collector of the case's grid to check it on site."""

    note: str = Field(default="", max_length=1000)


class VerificationReport(CaseCommand):
    """核实反馈 by the collector the task went to: whether the problem is there, a note, photos."""

    confirmed: bool
    note: str = Field(default="", max_length=1000)
    photos: tuple[AttachmentUpload, ...] = Field(default=(), max_length=9)


# --- places (地理编码) ------------------------------------------------------------------------------


class PlaceKind(StrEnum):
    ADDRESS = "address"  # 门牌: 解放路126号
    CROSSING = "crossing"  # 交叉口: 历山路与解放路交叉口
    ROAD = "road"  # 道路
    COMMUNITY = "community"  # 社区
    STREET = "street"  # 街道
    GRID = "grid"  # 单元网格编码
    POINT = "point"  # 经纬度


class Place(WireModel):
    """A place found by address, crossing, road, community, grid code or coordinates, resolved to
    区 → 街道 → 社区 → 单元网格, with the 非采集区域 flags of its point."""

    kind: PlaceKind
    label: str  # what the seat reads in the result list
    address: str  # what goes into the case's address
    point: GeoPoint
    grid: GridRef | None
    flags: tuple[ControlFlag, ...] = ()


class PlaceList(WireModel):
    """`GET /places?q=…`: best match first."""

    query: str
    places: tuple[Place, ...]


# --- the map (地图) ------------------------------------------------------------------------------------


class MapBase(WireModel):
    """`GET /map/base`: what the map draws with no tile server, as GeoJSON FeatureCollections.

    `grid`: one Polygon per 单元网格, properties `code`, `community`, `street`, `district`.
    `base`: the offline base of the city, properties `kind` (street, lane, block, water, park, label),
    `name` and `rank` (1 main road … 3 lane; label size).
    """

    city: str
    centre: GeoPoint
    bounds: tuple[float, float, float, float]  # west, south, east, north
    grid: dict[str, Any]
    base: dict[str, Any]


class MapThing(WireModel):
    """A camera or an IoT device (智能井盖, 水位计 …) on the map."""

    id: str
    kind: str  # "camera" or the device kind ("manhole", …)
    name: str
    location: GeoPoint
    category_id: str | None = None  # the 小类 its alarms are filed under


class CollectorPosition(WireModel):
    """`GET /map/collectors`: an 信息采集员 with the last position his 城管通 reported."""

    collector_id: str
    name: str
    on_duty: bool
    grid_codes: tuple[str, ...]  # his 责任网格
    location: GeoPoint | None  # None until his app reported one
    at: datetime | None


class PositionReport(WireModel):
    """What a collector's app posts to `POST /collectors/position` every minute or so."""

    location: GeoPoint
    at: datetime | None = None  # the device's clock; the server's if absent


class HeatCell(WireModel):
    """`GET /map/heat?days=7`: how many cases were reported in a 单元网格."""

    grid_code: str
    count: int


# --- hotline calls ---------------------------------------------------------------------------------


class CallAnnouncement(WireModel):
    """What the hotline gateway posts to `POST /api/v1/calls` when a call rings at the centre."""

    call_id: str = Field(min_length=1, max_length=64)
    caller_phone: str = Field(pattern=r"^\+?[0-9][0-9 -]{4,24}$")
    line: Literal["12345", "12319"]
    seat: str | None = Field(default=None, max_length=64)  # the seat (user id) the call was put through to


class CallerCase(WireModel):
    """One earlier case of a caller, as the intake form lists it."""

    id: str
    reported_at: datetime
    state: CaseState
    category_name: str | None  # 小类
    summary: str  # the start of the description
    outcome: str  # e.g. "已派遣：派遣至历下区环卫中心"


class CallerHistory(WireModel):
    """`GET /callers/{phone}/cases`: a caller's earlier cases, newest first."""

    phone: str
    cases: tuple[CallerCase, ...]


class IncomingCall(WireModel):
    """来电: sent to the seats as a `call.incoming` event, with the caller's earlier cases."""

    call_id: str
    line: str
    caller_phone: str
    at: datetime
    earlier_cases: tuple[CallerCase, ...]
    seat: str | None = None  # the seat that answers; None: every seat taking calls


# --- errors and events --------------------------------------------------------------------------


class ErrorCode(StrEnum):
    STALE_VERSION = "stale_version"  # someone changed the case since the seat saw it
    HELD_BY_OTHER = "held_by_other"  # another seat holds the case's lease
    NOT_ALLOWED = "not_allowed"  # the step is not allowed from this state or for this role
    NOT_FOUND = "not_found"
    INVALID = "invalid"  # malformed payload or unknown code
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"


class ApiError(WireModel):
    """Body of every 4xx answer. `message` is Chinese; `params` lets a client word it itself."""

    code: ErrorCode
    message: str
    params: dict[str, Any] = {}
    fields: dict[str, str] = {}  # field path -> message, for INVALID


class EventType(StrEnum):
    CASE_CREATED = "case.created"
    CASE_CHANGED = "case.changed"
    CALL_INCOMING = "call.incoming"  # a hotline call rings (carries `call`, no case)
    RESET = "reset"  # the client's Last-Event-ID is unknown: reload the view


class Event(WireModel):
    """One entry of the event log, sent over SSE with `id: seq`."""

    seq: int
    at: datetime
    type: EventType
    action: str  # the history action that caused it ("filed", "claimed", "lease_expired" …)
    actor_name: str = ""
    case: Case | None = None
    call: IncomingCall | None = None
