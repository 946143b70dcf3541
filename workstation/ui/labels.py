"""Translated display names for domain enums. Identifiers stay English; what the seat reads is Chinese."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from workstation.domain.models import CaseState, Channel, RejectKind

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


def state_name(state: CaseState) -> str:
    names = {
        CaseState.REPORTED: translate("Labels", "To accept"),
        CaseState.FILED: translate("Labels", "To dispatch"),
        CaseState.DISPATCHED: translate("Labels", "Dispatched"),
        CaseState.HANDLING: translate("Labels", "Handling"),
        CaseState.NOT_ACCEPTED: translate("Labels", "Not accepted"),
        CaseState.CANCELLED: translate("Labels", "Cancelled"),
    }
    return names[state]


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
    }
    return names.get(action, action)


def step_name(step: str) -> str:
    names = {
        "accept": translate("Labels", "Acceptance"),
        "dispatch": translate("Labels", "Dispatch"),
        "sign": translate("Labels", "Department signing"),
        "handle": translate("Labels", "Handling"),
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


def channel_details(details: dict[str, object]) -> str:
    """A channel's own fields, named in the seat's language: '热线：12319；需要回电：是'.

    Fields already shown elsewhere (the reporter's name and phone) are left out; a reading is shown
    with its unit and threshold; unknown fields keep their key so nothing is hidden."""
    names = {
        "hotline": translate("Labels", "Hotline number"),
        "call_id": translate("Labels", "Call no."),
        "callback": translate("Labels", "Callback wanted"),
        "source": translate("Labels", "Reporting system"),
        "device_id": translate("Labels", "Device"),
        "device_kind": translate("Labels", "Device type"),
        "alarm_type": translate("Labels", "Alarm"),
        "reading": translate("Labels", "Reading"),
        "threshold": translate("Labels", "Threshold"),
        "camera_id": translate("Labels", "Camera"),
        "camera_name": translate("Labels", "Camera location"),
        "label": translate("Labels", "AI label"),
        "confidence": translate("Labels", "Confidence"),
        "platform": translate("Labels", "Platform"),
        "nickname": translate("Labels", "Nickname"),
    }
    kinds = {
        "manhole": translate("Labels", "Smart manhole cover"),
        "water_level": translate("Labels", "Water level sensor"),
        "bin": translate("Labels", "Smart litter bin"),
    }
    shown_elsewhere = {"caller_name", "caller_phone", "collector_id", "collector_name", "unit"}
    unit = str(details.get("unit", ""))
    parts = []
    for key, value in details.items():
        if key in shown_elsewhere:
            continue
        if isinstance(value, bool):
            text = translate("Labels", "yes") if value else translate("Labels", "no")
        elif key in ("reading", "threshold"):
            text = f"{value}{unit}"
        elif key == "device_kind":
            text = kinds.get(str(value), str(value))
        else:
            text = str(value)
        parts.append(f"{names.get(key, key)}：{text}")
    return "；".join(parts)
