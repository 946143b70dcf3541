"""The case state machine (案卷流程): which action moves a case from which state, and who may do it.

DOMAIN.md §2.4 gives the full flow; this table holds the part that exists so far. Later steps
(核实, 核查, 结案, 延期, 挂账 …) are added here as rows, not as special cases in the server or UI.
"""

from __future__ import annotations

from dataclasses import dataclass

from workstation.domain.models import CaseState, RejectKind, Role
from workstation.domain.verification import task_labels


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[CaseState]
    target: CaseState
    roles: frozenset[Role]
    step: str | None  # the step whose clock starts on arrival; None when the case ends


def _t(action: str, sources: set[CaseState], target: CaseState, roles: set[Role], step: str | None) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), step)


S = CaseState
R = Role

#: The step a newly reported case starts in.
INITIAL_STEP = "accept"

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("file", {S.REPORTED}, S.FILED, {R.ACCEPTOR, R.SHIFT_LEADER}, "dispatch"),  # 立案
        _t("not_accept", {S.REPORTED}, S.NOT_ACCEPTED, {R.ACCEPTOR, R.SHIFT_LEADER}, None),  # 不予受理
        _t("cancel", {S.DETECTED, S.REPORTED, S.FILED}, S.CANCELLED, {R.ACCEPTOR, R.SHIFT_LEADER}, None),  # 作废
        _t("dispatch", {S.FILED}, S.DISPATCHED, {R.DISPATCHER, R.SHIFT_LEADER}, "sign"),  # 派遣
        # 签收 of one work order; with several orders the case is 处置中 from the first signature on
        _t("acknowledge", {S.DISPATCHED, S.HANDLING}, S.HANDLING, {R.DEPARTMENT}, "handle"),
        # 处置反馈 of one work order; the case moves on once the mechanism's work is done
        _t("feedback", {S.HANDLING}, S.FED_BACK, {R.DEPARTMENT}, "check"),
        # 回退 approved for the last active lead order: the case waits for a new dispatch
        _t("approve_return", {S.DISPATCHED, S.HANDLING}, S.FILED, {R.DISPATCHER, R.SHIFT_LEADER}, "dispatch"),
        _t("approve_suspend", {S.DISPATCHED, S.HANDLING}, S.SUSPENDED, {R.DISPATCHER, R.SHIFT_LEADER}, "suspend"),
        _t("resume", {S.SUSPENDED}, S.HANDLING, {R.DISPATCHER, R.SHIFT_LEADER}, "handle"),  # 挂账恢复
        _t("check", {S.FED_BACK}, S.CHECKING, {R.ACCEPTOR, R.SHIFT_LEADER}, "check"),  # 发送核查
        _t("check_result", {S.CHECKING}, S.TO_CLOSE, {R.COLLECTOR}, "close"),  # 核查通过
        _t("rework", {S.CHECKING}, S.DISPATCHED, {R.COLLECTOR}, "sign"),  # 核查不通过: 返工, same departments
        _t("close", {S.TO_CLOSE}, S.CLOSED, {R.SHIFT_LEADER}, None),  # 结案
        _t("verify", {S.REPORTED}, S.VERIFYING, {R.ACCEPTOR, R.SHIFT_LEADER}, "verify"),  # 发送核实
        _t("verify_result", {S.VERIFYING}, S.REPORTED, {R.COLLECTOR}, INITIAL_STEP),  # 核实反馈: 受理 again
        _t("confirm", {S.DETECTED}, S.REPORTED, {R.ACCEPTOR, R.SHIFT_LEADER}, INITIAL_STEP),  # 确认视频识别
        # 合并: a duplicate (重复案卷) closes as 作废 and its reporter is linked to the open original
        _t("merged", {S.DETECTED, S.REPORTED, S.VERIFYING}, S.CANCELLED, {R.ACCEPTOR, R.SHIFT_LEADER}, None),
    )
}

#: The step a low-confidence video-AI detection waits in until a seat confirms or dismisses it.
CONFIRM_STEP = "confirm"

#: Who may correct a case (description, place, category, urgency …) in which state, without moving it.
EDIT_ROLES: dict[CaseState, frozenset[Role]] = {
    S.DETECTED: frozenset({R.ACCEPTOR, R.SHIFT_LEADER}),
    S.REPORTED: frozenset({R.ACCEPTOR, R.SHIFT_LEADER}),
}

#: Who may answer a 相似案卷 warning with 不是重复 in which state: the seats that could have merged the case.
NOT_DUPLICATE_ROLES: dict[CaseState, frozenset[Role]] = {
    state: TRANSITIONS["merged"].roles for state in TRANSITIONS["merged"].sources}

#: States a seat still has to act on or follow; the rest have ended.
OPEN_STATES = frozenset({S.DETECTED, S.REPORTED, S.VERIFYING, S.FILED, S.DISPATCHED, S.HANDLING, S.SUSPENDED,
                         S.FED_BACK, S.CHECKING, S.TO_CLOSE})

#: Who may 督办 (supervise, with an opinion) an open case.
SUPERVISE_ROLES = frozenset({R.SHIFT_LEADER})

#: Who may ask for 回退 / 延期 / 挂账 on a work order, in which state of the case.
REQUEST_ROLES: dict[CaseState, frozenset[Role]] = {
    S.DISPATCHED: frozenset({R.DEPARTMENT}),
    S.HANDLING: frozenset({R.DEPARTMENT}),
}

#: Who approves or refuses the departments' requests (the 派遣员).
DECIDE_ROLES = frozenset({R.DISPATCHER, R.SHIFT_LEADER})

#: Who follows a case's clock in which state: the seats the 超时预警 (deadline alert) goes to. The 受理员
#: who sent a 核实/核查 follows the collector; the 派遣员 follows the departments; the 值班长 everything.
FOLLOW_ROLES: dict[CaseState, frozenset[Role]] = {
    S.DETECTED: frozenset({R.ACCEPTOR, R.SHIFT_LEADER}),
    S.REPORTED: frozenset({R.ACCEPTOR, R.SHIFT_LEADER}),
    S.VERIFYING: frozenset({R.ACCEPTOR, R.SHIFT_LEADER}),
    S.FILED: frozenset({R.DISPATCHER, R.SHIFT_LEADER}),
    S.DISPATCHED: frozenset({R.DISPATCHER, R.SHIFT_LEADER}),
    S.HANDLING: frozenset({R.DISPATCHER, R.SHIFT_LEADER}),
    S.SUSPENDED: frozenset({R.DISPATCHER, R.SHIFT_LEADER}),
    S.FED_BACK: frozenset({R.ACCEPTOR, R.SHIFT_LEADER}),
    S.CHECKING: frozenset({R.ACCEPTOR, R.SHIFT_LEADER}),
    S.TO_CLOSE: frozenset({R.SHIFT_LEADER}),
}

#: Who makes the 回访 (satisfaction callback) of a closed hotline case: the seats that took the call.
REVISIT_ROLES = frozenset({R.ACCEPTOR, R.SHIFT_LEADER})

#: 未接通 calls after which a 回访 is given up (the case leaves the 待回访 list).
REVISIT_ATTEMPTS = 3

#: Roles that may claim (open with a lease) a case in a given state.
CLAIM_ROLES: dict[CaseState, frozenset[Role]] = {
    S.DETECTED: frozenset({R.ACCEPTOR, R.SHIFT_LEADER}),
    S.REPORTED: frozenset({R.ACCEPTOR, R.SHIFT_LEADER}),
    S.FILED: frozenset({R.DISPATCHER, R.SHIFT_LEADER, R.ACCEPTOR}),
}


def reject_action(kind: RejectKind) -> str:
    return "not_accept" if kind is RejectKind.NOT_ACCEPTED else "cancel"


class TransitionError(Exception):
    """The action is not possible: wrong state (`wrong_state`) or role. `reason` is a short Chinese sentence."""

    def __init__(self, reason: str, *, wrong_state: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wrong_state = wrong_state


STATE_NAMES_ZH: dict[CaseState, str] = {
    S.DETECTED: "待确认",
    S.REPORTED: "待受理",
    S.FILED: "待派遣",
    S.DISPATCHED: "已派遣",
    S.HANDLING: "处置中",
    S.SUSPENDED: "挂账中",
    S.FED_BACK: f"待{task_labels()['check']}",
    S.CHECKING: f"{task_labels()['check']}中",
    S.TO_CLOSE: "待结案",
    S.CLOSED: "已结案",
    S.VERIFYING: f"{task_labels()['verify']}中",
    S.NOT_ACCEPTED: "不予受理",
    S.CANCELLED: "已作废",
}

ACTION_NAMES_ZH: dict[str, str] = {
    "reported": "上报",
    "claimed": "认领",
    "released": "释放",
    "lease_expired": "认领超时释放",
    "file": "立案",
    "not_accept": "不予受理",
    "cancel": "作废",
    "dispatch": "派遣",
    "acknowledge": "签收",
    "feedback": "处置反馈",
    "request_return": "申请回退",
    "request_extend": "申请延期",
    "request_suspend": "申请挂账",
    "approve_return": "批准回退",
    "approve_extend": "批准延期",
    "approve_suspend": "批准挂账",
    "refuse_return": "驳回回退申请",
    "refuse_extend": "驳回延期申请",
    "refuse_suspend": "驳回挂账申请",
    "resume": "挂账恢复",
    "check": f"发送{task_labels()['check']}",
    "check_result": f"{task_labels()['check']}通过",
    "rework": "返工",
    "close": "结案",
    "supervise": "督办",
    "supervision_reply": "督办回复",
    "revisit": "回访",
    "verify": f"发送{task_labels()['verify']}",
    "verify_result": f"{task_labels()['verify']}反馈",
    "confirm": "确认识别",
    "edit": "修改",
    "repeat_alarm": "重复告警",
    "merged": "合并",
    "linked": "关联重复案卷",
    "not_duplicate": "不是重复",
}


def check(action: str, state: CaseState, roles: tuple[Role, ...] | frozenset[Role]) -> Transition:
    """Return the transition for `action` from `state`, or raise TransitionError saying why not."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(f"未知操作：{action}")
    if state not in transition.sources:
        raise TransitionError(
            f"案卷当前为“{STATE_NAMES_ZH[state]}”，不能{ACTION_NAMES_ZH.get(action, action)}", wrong_state=True
        )
    if not transition.roles.intersection(roles):
        raise TransitionError(f"您的岗位无权{ACTION_NAMES_ZH.get(action, action)}")
    return transition


def allowed_actions(state: CaseState, roles: tuple[Role, ...] | frozenset[Role]) -> list[str]:
    """Actions the holder of `roles` may take on a case in `state`, in table order."""
    return [
        t.action for t in TRANSITIONS.values() if state in t.sources and t.roles.intersection(roles)
    ]
