"""SSE frames as the server writes them: id/event/data lines, comments, retry, multi-line data."""

from __future__ import annotations

from workstation.client.sse import SseParser


def feed(parser: SseParser, text: str) -> list[str]:
    frames = []
    for line in text.split("\n"):
        data = parser.feed(line)
        if data is not None:
            frames.append(data)
    return frames


def test_frames_comments_and_retry() -> None:
    text = 'retry: 2000\n\n: ping\n\nid: 5\nevent: case.created\ndata: {"seq": 5}\n\n: ping\n\n'
    assert feed(SseParser(), text) == ['{"seq": 5}']


def test_multi_line_data_is_joined_and_the_space_after_the_colon_is_optional() -> None:
    assert feed(SseParser(), "data:one\ndata: two\n\n") == ["one\ntwo"]


def test_a_frame_is_only_complete_at_the_blank_line() -> None:
    parser = SseParser()
    assert feed(parser, "id: 1\ndata: x") == []
    assert feed(parser, "") == ["x"]
