"""Icons drawn in code, so they stay crisp at every size and need no image files.

`channel_icon` is the 问题来源 (intake channel) badge for the queue: a rounded square in the channel's
colour (labels.CHANNEL_COLOURS) with one white glyph (采 热 感 视 众 领 媒 转); `flag_icon` is the amber
warning mark for 管控 (control) flags; `similar_icon` marks a 疑似重复 (probable duplicate) case. Each
icon is drawn once at 16, 24 and 32 px (and twice that for high-DPI screens) and cached.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPainter, QPainterPath, QPen, QPixmap

from workstation.domain.models import Channel
from workstation.ui.labels import CHANNEL_COLOURS

translate = QCoreApplication.translate

# Sizes the icons are drawn at (logical pixels); each is also drawn at twice the size for high-DPI screens.
SIZES = (16, 24, 32)
# Chinese UI fonts, first found wins (fonts-noto-cjk on Debian; the others on Windows and macOS).
CJK_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei"]
AMBER = QColor("#f2a900")
AMBER_EDGE = QColor("#b27300")
INK = QColor("#3a2a00")
SLATE = QColor("#4a6fa5")
SLATE_EDGE = QColor("#2f4d7a")

_cache: dict[tuple[str, str], QIcon] = {}


def channel_glyph(channel: Channel) -> str:
    """The one character on the channel's badge, in the seat's language (采 for 信息采集员 in Chinese)."""
    glyphs = {
        Channel.COLLECTOR: translate("Icons", "C", "badge letter of the collector channel: 采"),
        Channel.HOTLINE: translate("Icons", "H", "badge letter of the hotline channel: 热"),
        Channel.IOT: translate("Icons", "I", "badge letter of the IoT alarm channel: 感"),
        Channel.VIDEO_AI: translate("Icons", "V", "badge letter of the video AI channel: 视"),
        Channel.PUBLIC: translate("Icons", "P", "badge letter of the public report channel: 众"),
        Channel.LEADER: translate("Icons", "L", "badge letter of the leader's instruction channel: 领"),
        Channel.MEDIA: translate("Icons", "M", "badge letter of the media channel: 媒"),
        Channel.TRANSFER: translate("Icons", "T", "badge letter of the department transfer channel: 转"),
    }
    return glyphs[channel]


def _canvas(size: int) -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    return pixmap, painter


def _glyph_font(size: int) -> QFont:
    font = QFont()
    font.setFamilies(CJK_FAMILIES)
    font.setPixelSize(max(8, round(size * 0.68)))
    font.setWeight(QFont.Weight.Bold if size >= 24 else QFont.Weight.DemiBold)
    font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def _badge(colour: QColor, glyph: str, size: int) -> QPixmap:
    """A rounded square with a thin darker edge (it holds on white rows and on the selection colour)
    and the glyph centred by its drawn outline, not its font box (CJK boxes sit off-centre)."""
    pixmap, painter = _canvas(size)
    edge = max(1.0, size / 24)
    rect = QRectF(edge / 2, edge / 2, size - edge, size - edge)
    radius = size * 0.24
    painter.setPen(QPen(colour.darker(125), edge))
    painter.setBrush(colour)
    painter.drawRoundedRect(rect, radius, radius)
    font = _glyph_font(size)
    bounds = QFontMetricsF(font).tightBoundingRect(glyph)
    origin = QPointF(size / 2, size / 2) - bounds.center()
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QPointF(round(origin.x()), round(origin.y())), glyph)  # whole pixels keep the hinting
    painter.end()
    return pixmap


def _icon(draw: Callable[[int], QPixmap]) -> QIcon:
    icon = QIcon()
    for size in SIZES:
        for scale in (1, 2):
            icon.addPixmap(draw(size * scale))
    return icon


def channel_icon(channel: Channel) -> QIcon:
    """The channel's badge for the queue and the case view (cached per channel and language)."""
    glyph = channel_glyph(channel)
    key = (channel.value, glyph)
    if key not in _cache:
        colour = CHANNEL_COLOURS[channel]
        _cache[key] = _icon(lambda size: _badge(colour, glyph, size))
    return _cache[key]


def _warning(size: int) -> QPixmap:
    """An amber triangle with rounded corners and a dark exclamation mark drawn as shapes (no font)."""
    pixmap, painter = _canvas(size)
    edge = max(1.0, size / 20)
    top, bottom, left, right = size * 0.06, size * 0.92, size * 0.03, size * 0.97
    triangle = QPainterPath()
    triangle.moveTo(size / 2, top)
    triangle.lineTo(right, bottom)
    triangle.lineTo(left, bottom)
    triangle.closeSubpath()
    pen = QPen(AMBER_EDGE, edge)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(AMBER)
    painter.drawPath(triangle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(INK)
    width = size * 0.13
    painter.drawRoundedRect(QRectF(size / 2 - width / 2, size * 0.33, width, size * 0.34), width / 2, width / 2)
    dot = size * 0.14
    painter.drawEllipse(QRectF(size / 2 - dot / 2, size * 0.72, dot, dot))
    painter.end()
    return pixmap


def flag_icon() -> QIcon:
    """The amber warning mark shown on cases with 管控 flags (outside the collection area, grid or hours)."""
    key = ("flag", "")
    if key not in _cache:
        _cache[key] = _icon(_warning)
    return _cache[key]


def _overlap(size: int) -> QPixmap:
    """Two overlapping sheets, the back one outlined and the front one filled: one report lying on another."""
    pixmap, painter = _canvas(size)
    edge = max(1.0, size / 16)
    side = size * 0.62
    radius = size * 0.12
    pen = QPen(SLATE_EDGE, edge)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(QColor("white"))
    painter.drawRoundedRect(QRectF(size * 0.06, size * 0.06, side, side), radius, radius)
    painter.setBrush(SLATE)
    painter.drawRoundedRect(QRectF(size * 0.32, size * 0.32, side, side), radius, radius)
    painter.end()
    return pixmap


def similar_icon() -> QIcon:
    """The slate mark shown on a case the similar-case check (相似案卷判断) thinks duplicates another."""
    key = ("similar", "")
    if key not in _cache:
        _cache[key] = _icon(_overlap)
    return _cache[key]
