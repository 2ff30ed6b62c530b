"""The Qt binding must not leak references to None or True (PySide6 6.12.0 on Python 3.11 did).

With that bug every void Qt call and every signal emit dropped a reference to a singleton, and
a long session aborted with "Fatal Python error: none_dealloc". pyproject pins a sound version;
this test fails if a leaking binding is installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    fired = Signal(bool)


def test_void_calls_and_emits_keep_singleton_refcounts(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        label.setText("x")
        emitter.fired.emit(True)
    received.clear()
    assert abs(sys.getrefcount(None) - none_before) < 50
    assert abs(sys.getrefcount(True) - true_before) < 50
