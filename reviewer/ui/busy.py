"""Work on the main thread long enough to notice (a filter over 500,000 comments, a recount): a busy
cursor while it runs, and the keys and clicks queued meanwhile dropped when it ends.

Input typed into a frozen window is delivered once it thaws, to whichever widget then has the focus:
letters typed blind into the consolidation's section filter would choose a section nobody chose.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

STALE_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel,
})

_depth = 0
# Only a freeze the user noticed leaves input typed blind; keys typed during a short pause (arrowing
# through a filter's entries) are meant, and kept.
NOTICED_S = 0.4


class _DropInput(QObject):
    def __init__(self):
        super().__init__()
        self.dropped = 0

    def eventFilter(self, watched, event) -> bool:
        if event.type() in STALE_INPUT:
            self.dropped += 1
            return True
        return False


@contextmanager
def busy(*, drop_input: bool = True) -> Iterator[None]:
    """A wait cursor over the block; when the outermost block ends after a noticeable time, the input that
    queued up during it is delivered to nothing (unless ``drop_input`` is False: in the middle of showing
    a widget, say, where delivering other events would be unsafe)."""
    global _depth
    app = QApplication.instance()
    if app is None:  # (a core caller without a window)
        yield
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    _depth += 1
    started = time.monotonic()
    try:
        yield
    finally:
        try:
            # (still counted meanwhile: work set off by the events delivered here drops nothing itself)
            if _depth == 1 and drop_input and time.monotonic() - started >= NOTICED_S:
                drop_queued_input()
        finally:
            _depth -= 1
            QApplication.restoreOverrideCursor()


def drop_queued_input() -> int:
    """Deliver what is pending, swallowing keys and clicks; returns how many were dropped."""
    app = QApplication.instance()
    sieve = _DropInput()
    app.installEventFilter(sieve)
    try:
        QApplication.processEvents()
    finally:
        app.removeEventFilter(sieve)
    return sieve.dropped
