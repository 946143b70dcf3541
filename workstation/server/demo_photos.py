"""Photos for the demo actors (collectors, departments, channels): small PNGs drawn here with zlib,
so no imaging library is needed."""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Callable

PHOTO_SIZE = (160, 120)


def png(width: int, height: int, pixel: Callable[[int, int], tuple[int, int, int]]) -> bytes:
    """An 8-bit RGB PNG whose colour at (x, y) is `pixel(x, y)`."""
    rows = b"".join(b"\x00" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def site_photo(rng: random.Random) -> bytes:
    """A street scene in broad strokes: sky, pavement, and a coloured thing where the problem is."""
    width, height = PHOTO_SIZE
    left, top = rng.randrange(20, width - 60), rng.randrange(height // 2, height - 30)
    colour = rng.choice([(200, 60, 40), (60, 140, 60), (90, 90, 180), (220, 170, 40)])

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        if left <= x < left + 40 and top <= y < top + 20:
            return colour
        if y < height // 2:
            return (150 + y, 190 + y // 2, 235)
        shade = 120 + (x // 8 + y // 8) % 2 * 15  # paving slabs
        return (shade, shade, shade - 10)

    return png(width, height, pixel)
