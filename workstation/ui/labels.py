"""Translated display names for domain enums. Identifiers stay English; what the seat reads is Chinese."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from workstation.domain.catalogue import Catalogue
from workstation.domain.models import (
    Case,
    CaseState,
    Channel,
    DispatchMechanism,
    RejectKind,
    RequestKind,
    RevisitResult,
    SimilarDecision,
    TimeUnit,
    WorkOrderRole,
    WorkOrderState,
)

translate = QCoreApplication.translate


def channel_name(channel: Channel) -> str:
    names = {
        Channel.COLLECTOR: translate("Labels", "Collector"),
        Channel.HOTLINE: translate("Labels", "Hotline"),
        Channel.IOT: translate("Labels", "IoT alarm"),
        Channel.VIDEO_AI: translate("Labels", "Video AI"),
        Channel.PUBLIC: translate("Labels", "Public report"),
        Channel.LEADER: translate("Labels", "Leader's instruction"),
        Channel.MEDIA: translate("Labels", "Media"),
        Channel.TRANSFER: translate("Labels", "Department transfer"),
    }
    return names[channel]


#: One calm, distinguishable colour per channel (used for the channel badge in the queue).
CHANNEL_COLOURS: dict[Channel, QColor] = {
    Channel.COLLECTOR: QColor("#2f6fb0"),
    Channel.HOTLINE: QColor("#b5651d"),
    Channel.IOT: QColor("#2e8b57"),
    Channel.VIDEO_AI: QColor("#7b4fa6"),
    Channel.PUBLIC: QColor("#c0392b"),
    Channel.LEADER: QColor("#8b0000"),
    Channel.MEDIA: QColor("#d35400"),
    Channel.TRANSFER: QColor("#546e7a"),
}


#: Channels a seat registers by hand (the others are posted by their own systems).
SEAT_CHANNELS: tuple[Channel, ...] = (Channel.HOTLINE, Channel.PUBLIC, Channel.LEADER, Channel.MEDIA, Channel.TRANSFER)


def state_name(state: CaseState) -> str:
    names = {
        CaseState.DETECTED: translate("Labels", "To confirm"),
        CaseState.REPORTED: translate("Labels", "To accept"),
        CaseState.VERIFYING: translate("Labels", "Verifying"),
        CaseState.FILED: translate("Labels", "To dispatch"),
        CaseState.DISPATCHED: translate("Labels", "Dispatched"),
        CaseState.HANDLING: translate("Labels", "Handling"),
        CaseState.SUSPENDED: translate("Labels", "Suspended"),
        CaseState.FED_BACK: translate("Labels", "To check"),
        CaseState.CHECKING: translate("Labels", "Checking"),
        CaseState.TO_CLOSE: translate("Labels", "To close"),
        CaseState.CLOSED: translate("Labels", "Closed"),
        CaseState.NOT_ACCEPTED: translate("Labels", "Not accepted"),
        CaseState.CANCELLED: translate("Labels", "Cancelled"),
    }
    return names[state]


def mechanism_name(mechanism: DispatchMechanism) -> str:
    names = {
        DispatchMechanism.FLAT: translate("Labels", "Flat dispatch"),
        DispatchMechanism.LEAD_ASSIST: translate("Labels", "Lead and assisting units"),
        DispatchMechanism.MULTI: translate("Labels", "Several departments"),
        DispatchMechanism.CROSS_REGION: translate("Labels", "Across districts"),
        DispatchMechanism.SIMULTANEOUS: translate("Labels", "Simultaneous orders"),
        DispatchMechanism.DUAL_FLOW: translate("Labels", "City and district flows"),
    }
    return names[mechanism]


def order_role_name(role: WorkOrderRole) -> str:
    return translate("Labels", "Lead") if role is WorkOrderRole.LEAD else translate("Labels", "Assisting")


def order_state_name(state: WorkOrderState) -> str:
    names = {
        WorkOrderState.SENT: translate("Labels", "To sign"),
        WorkOrderState.ACKNOWLEDGED: translate("Labels", "Handling"),
        WorkOrderState.SUSPENDED: translate("Labels", "Suspended"),
        WorkOrderState.FED_BACK: translate("Labels", "Fed back"),
        WorkOrderState.RETURNED: translate("Labels", "Returned"),
        WorkOrderState.CLOSED_WITH_LEAD: translate("Labels", "Closed with the lead"),
    }
    return names[state]


def unit_name(unit: TimeUnit) -> str:
    """计时单位 as the standard writes it: 紧急工作时, 工作日 …"""
    names = {
        TimeUnit.URGENT_HOUR: translate("Labels", "urgent working hours"),
        TimeUnit.URGENT_DAY: translate("Labels", "urgent working days"),
        TimeUnit.WORK_HOUR: translate("Labels", "working hours"),
        TimeUnit.WORK_DAY: translate("Labels", "working days"),
        TimeUnit.MINUTE: translate("Labels", "minutes"),
    }
    return names[unit]


def request_kind_name(kind: RequestKind) -> str:
    names = {
        RequestKind.RETURN: translate("Labels", "Return"),
        RequestKind.EXTEND: translate("Labels", "Extension"),
        RequestKind.SUSPEND: translate("Labels", "Suspension"),
    }
    return names[kind]


def revisit_result_name(result: RevisitResult) -> str:
    names = {
        RevisitResult.SATISFIED: translate("Labels", "Satisfied"),
        RevisitResult.FAIRLY_SATISFIED: translate("Labels", "Fairly satisfied"),
        RevisitResult.UNSATISFIED: translate("Labels", "Not satisfied"),
        RevisitResult.UNREACHABLE: translate("Labels", "No answer"),
    }
    return names[result]


def case_state_name(case: Case) -> str:
    """The state as the seat reads it; a case merged into another is a 重复案卷 (duplicate), not just 作废;
    a closed case whose caller waits for the 回访 says so."""
    if case.duplicate_of:
        return translate("Labels", "Duplicate")
    if case.revisit_pending:
        return translate("Labels", "%1, to call back").replace("%1", state_name(case.state))
    return state_name(case.state)


def category_name(catalogue: Catalogue, category_id: str | None) -> str:
    """The 小类 as the seat reads it: '暴露垃圾', '(未分类)' before the case is classified."""
    if category_id is None:
        return translate("Labels", "(unclassified)")
    try:
        return catalogue.category(category_id).small_name
    except KeyError:
        return category_id


def decision_name(decision: SimilarDecision) -> str:
    names = {
        SimilarDecision.MERGED: translate("Labels", "Merged as a duplicate"),
        SimilarDecision.NOT_DUPLICATE: translate("Labels", "Not a duplicate"),
        SimilarDecision.FILED_ANYWAY: translate("Labels", "Filed anyway"),
    }
    return names[decision]


def warns_similar(case: Case) -> bool:
    """Does the queue mark the case 疑似重复: the check warned, no seat decided, and it is still open."""
    check = case.similar
    return (
        check is not None and check.warn and check.decision is None and case.duplicate_of is None
        and bool(check.candidates) and case.state not in (CaseState.NOT_ACCEPTED, CaseState.CANCELLED)
    )


def format_distance(metres: float | None) -> str:
    """'20 m' / '1.2 km' (translated); '—' when either case has no point."""
    if metres is None:
        return "—"
    if metres < 1000:
        return translate("Labels", "%1 m").replace("%1", str(round(metres)))
    return translate("Labels", "%1 km").replace("%1", f"{metres / 1000:.1f}")


def format_hours_before(hours: float) -> str:
    """How long before this case the candidate came in: '早35分' / '早2时05分' / '几乎同时'."""
    if hours * 60 < 1:
        return translate("Labels", "at almost the same time")
    return translate("Labels", "%1 before").replace("%1", format_duration(hours * 60))


def reject_kind_name(kind: RejectKind) -> str:
    return (
        translate("Labels", "Not accepted")
        if kind is RejectKind.NOT_ACCEPTED
        else translate("Labels", "Cancel as invalid")
    )


def action_name(action: str) -> str:
    names = {
        "reported": translate("Labels", "Reported"),
        "claimed": translate("Labels", "Claimed"),
        "released": translate("Labels", "Released"),
        "lease_expired": translate("Labels", "Claim lapsed"),
        "file": translate("Labels", "Filed"),
        "not_accept": translate("Labels", "Not accepted"),
        "cancel": translate("Labels", "Cancelled as invalid"),
        "dispatch": translate("Labels", "Dispatched to department"),
        "acknowledge": translate("Labels", "Signed by department"),
        "feedback": translate("Labels", "Department feedback"),
        "request_return": translate("Labels", "Return requested"),
        "request_extend": translate("Labels", "Extension requested"),
        "request_suspend": translate("Labels", "Suspension requested"),
        "approve_return": translate("Labels", "Return approved"),
        "approve_extend": translate("Labels", "Extension approved"),
        "approve_suspend": translate("Labels", "Suspension approved"),
        "refuse_return": translate("Labels", "Return refused"),
        "refuse_extend": translate("Labels", "Extension refused"),
        "refuse_suspend": translate("Labels", "Suspension refused"),
        "resume": translate("Labels", "Resumed after suspension"),
        "check": translate("Labels", "Check sent"),
        "check_result": translate("Labels", "Check passed"),
        "rework": translate("Labels", "Rework"),
        "close": translate("Labels", "Case closed"),
        "supervise": translate("Labels", "Supervised"),
        "supervision_reply": translate("Labels", "Supervision answered"),
        "verify": translate("Labels", "Verification sent"),
        "verify_result": translate("Labels", "Verification answered"),
        "confirm": translate("Labels", "Detection confirmed"),
        "edit": translate("Labels", "Corrected"),
        "repeat_alarm": translate("Labels", "Repeated alarm"),
        "merged": translate("Labels", "Merged as a duplicate"),
        "linked": translate("Labels", "Duplicate report linked"),
        "not_duplicate": translate("Labels", "Marked not a duplicate"),
    }
    return names.get(action, action)


def step_name(step: str) -> str:
    names = {
        "confirm": translate("Labels", "Confirmation"),
        "verify": translate("Labels", "Verification"),
        "accept": translate("Labels", "Acceptance"),
        "dispatch": translate("Labels", "Dispatch"),
        "sign": translate("Labels", "Department signing"),
        "handle": translate("Labels", "Handling"),
        "suspend": translate("Labels", "Suspension"),
        "check": translate("Labels", "Check"),
        "close": translate("Labels", "Closing"),
    }
    return names.get(step, step)


def format_duration(minutes: float) -> str:
    """'3分' / '2时05分' / '1天3时' style, compact for a table cell (translated)."""
    total = int(abs(minutes))
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        text = translate("Labels", "%1d %2h").replace("%1", str(days)).replace("%2", str(hours))
    elif hours:
        text = translate("Labels", "%1h %2m").replace("%1", str(hours)).replace("%2", f"{mins:02d}")
    else:
        text = translate("Labels", "%1m").replace("%1", str(mins))
    return text


def detail_name(key: str) -> str:
    """The seat's name for one of a channel's own fields (unknown keys keep their key)."""
    names = {
        "hotline": translate("Labels", "Hotline number"),
        "call_id": translate("Labels", "Call no."),
        "callback": translate("Labels", "Callback wanted"),
        "source": translate("Labels", "Reporting system"),
        "collector_id": translate("Labels", "Collector no."),
        "device_id": translate("Labels", "Device"),
        "device_name": translate("Labels", "Device name"),
        "device_kind": translate("Labels", "Device type"),
        "alarm_type": translate("Labels", "Alarm"),
        "reading": translate("Labels", "Reading"),
        "threshold": translate("Labels", "Threshold"),
        "alarm_count": translate("Labels", "Alarms"),
        "last_reading": translate("Labels", "Latest reading"),
        "max_reading": translate("Labels", "Highest reading"),
        "last_alarm_at": translate("Labels", "Latest alarm"),
        "camera_id": translate("Labels", "Camera"),
        "camera_name": translate("Labels", "Camera location"),
        "label": translate("Labels", "AI label"),
        "confidence": translate("Labels", "Confidence"),
        "last_confidence": translate("Labels", "Latest confidence"),
        "platform": translate("Labels", "Platform"),
        "nickname": translate("Labels", "Nickname"),
        "leader": translate("Labels", "Instructing leader"),
        "instruction": translate("Labels", "Instruction"),
        "due": translate("Labels", "Due by"),
        "outlet": translate("Labels", "Media outlet"),
        "title": translate("Labels", "Report title"),
        "url": translate("Labels", "Link"),
        "published_on": translate("Labels", "Published on"),
        "from_department": translate("Labels", "Transferred by"),
        "document_no": translate("Labels", "Transfer document no."),
        "contact": translate("Labels", "Contact"),
    }
    return names.get(key, key)


def device_kind_name(kind: str) -> str:
    """An IoT device's kind as the seat reads it (unknown kinds keep their key)."""
    kinds = {
        "manhole": translate("Labels", "Smart manhole cover"),
        "water_level": translate("Labels", "Water level sensor"),
        "bin": translate("Labels", "Smart litter bin"),
        "camera": translate("Labels", "Camera"),
    }
    return kinds.get(kind, kind)


def channel_details(details: dict[str, object], zone: tzinfo | None = None) -> str:
    """A channel's own fields, named in the seat's language: '热线：12319；需要回电：是'.

    Fields already shown elsewhere (the reporter's name and phone) are left out; a reading is shown
    with its unit and threshold; unknown fields keep their key so nothing is hidden."""
    shown_elsewhere = {"caller_name", "caller_phone", "collector_name", "unit"}
    unit = str(details.get("unit", ""))
    parts = []
    for key, value in details.items():
        if key in shown_elsewhere or value in (None, ""):
            continue
        if isinstance(value, bool):
            text = translate("Labels", "yes") if value else translate("Labels", "no")
        elif key in ("reading", "threshold", "last_reading", "max_reading"):
            text = f"{value}{unit}"
        elif key == "device_kind":
            text = device_kind_name(str(value))
        elif key == "last_alarm_at":
            text = _clock(str(value), zone)
        else:
            text = str(value)
        parts.append(f"{detail_name(key)}：{text}")
    return "；".join(parts)


def _clock(iso: str, zone: tzinfo | None) -> str:
    """'14:05:31' in the centre's time zone for an ISO timestamp (the text itself if it is not one)."""
    try:
        return datetime.fromisoformat(iso).astimezone(zone).strftime("%H:%M:%S")
    except ValueError:
        return iso
