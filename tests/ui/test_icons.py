"""Channel badges and the 管控 flag mark: drawn at every size the queue uses, one look per channel."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from workstation.domain.models import Channel
from workstation.ui.icons import SIZES, channel_glyph, channel_icon, flag_icon
from workstation.ui.labels import CHANNEL_COLOURS


def colours(image: QImage) -> set[str]:
    """The opaque colours drawn, as #rrggbb."""
    seen = set()
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() == 255:
                seen.add(pixel.name())
    return seen


def test_every_channel_has_a_badge_at_each_size(qapp):
    for channel in Channel:
        icon = channel_icon(channel)
        for size in SIZES:
            pixmap = icon.pixmap(size)
            assert not pixmap.isNull()
            assert pixmap.size() == QSize(size, size)
            assert QSize(size, size) in icon.availableSizes()


def test_a_badge_is_the_channels_colour_with_a_white_glyph(qapp):
    for channel in Channel:
        drawn = colours(channel_icon(channel).pixmap(32).toImage())
        assert CHANNEL_COLOURS[channel].name() in drawn
        assert QColor("white").name() in drawn


def test_badges_differ_per_channel_and_are_drawn_once(qapp):
    images = {channel: channel_icon(channel).pixmap(24).toImage() for channel in Channel}
    channels = list(Channel)
    for i, first in enumerate(channels):
        for second in channels[i + 1:]:
            assert images[first] != images[second], (first, second)
    assert len({channel_glyph(channel) for channel in Channel}) == len(Channel)
    assert all(len(channel_glyph(channel)) == 1 for channel in Channel)
    assert channel_icon(Channel.HOTLINE).cacheKey() == channel_icon(Channel.HOTLINE).cacheKey()


def test_the_flag_mark_is_amber_at_each_size(qapp):
    icon = flag_icon()
    for size in SIZES:
        pixmap = icon.pixmap(size)
        assert not pixmap.isNull() and pixmap.size() == QSize(size, size)
    assert "#f2a900" in colours(icon.pixmap(32).toImage())
    assert flag_icon().cacheKey() == icon.cacheKey()
