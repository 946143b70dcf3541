"""The Qt binding the workstation runs on must survive a shift: PySide6 6.12.0 lost a reference to
True on every signal emit, so a window left running crashed the interpreter ("bool_dealloc")."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    number = Signal(int)
    flag = Signal(bool)
    bare = Signal()


def test_a_shifts_worth_of_signals_leaves_the_builtins_alone(qapp):
    emitter = _Emitter()
    received: list[object] = []
    emitter.number.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for _ in range(5000):
        emitter.number.emit(1)
        emitter.flag.emit(False)
        emitter.bare.emit()
    after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    assert len(received) == 5000
    assert after == before
