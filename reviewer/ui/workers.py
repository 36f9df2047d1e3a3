"""Run long work (reading a big draft) off the main thread; results come back as signals."""
from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from reviewer.i18n import _

PROGRESS_DELAY_MS = 600  # below this, a progress dialog would only flicker


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object, str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # handed to the main thread, which decides what to show
            self.relay.failed.emit(exc, traceback.format_exc())
        else:
            self.relay.finished.emit(result)


def run_in_background(parent: QWidget, fn: Callable[[], object], *, label: str,
                      on_done: Callable[[object], None], on_error: Callable[[BaseException, str], None]) -> _Relay:
    """Call ``fn`` in a worker thread; a busy dialog appears only if it takes a while.

    Neither ``fn`` nor its result may touch widgets; ``on_done``/``on_error`` run on the main thread.
    """
    relay = _Relay(parent)
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(PROGRESS_DELAY_MS)
    dialog.setWindowTitle(_("Please wait"))
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.timeout.connect(dialog.show)
    timer.start(PROGRESS_DELAY_MS)

    def finish() -> None:
        timer.stop()
        dialog.reset()
        dialog.deleteLater()
        relay.deleteLater()

    relay.finished.connect(lambda result: (finish(), on_done(result)))
    relay.failed.connect(lambda exc, tb: (finish(), on_error(exc, tb)))
    QThreadPool.globalInstance().start(_Task(fn, relay))
    return relay
