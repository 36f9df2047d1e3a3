"""Long work off the main thread: reading a draft, writing the PDF, a pass over the exchange folder.

One runner for all of them. The rule for the database: a Store's connection belongs to the
thread that opened it, so the main thread owns the window's Store and a worker that needs the
database asks for ``store_path=`` and gets its own Store on the same file, opened and closed in
the worker thread. Whatever such a worker writes is announced afterwards through the session.
"""
from __future__ import annotations

import collections
import contextlib
import gc
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from reviewer.i18n import _
from reviewer.store import Store

PROGRESS_DELAY_MS = 600  # below this, a progress dialog would only flicker
DIALOG_MIN_WIDTH = 420

# Python's cycle collector is off from a worker's start to its end, both on the main thread: a
# collection set off by a worker's allocations would free the window's garbage (a closed window,
# its session) on the worker's thread, and a QObject destroyed off its thread leaves its timers to
# fire on freed memory (a crash).
_workers = 0
_collector_was_enabled = False


def _hold_collector() -> None:
    global _workers, _collector_was_enabled
    if _workers == 0:
        _collector_was_enabled = gc.isenabled()
        gc.disable()
    _workers += 1


def _release_collector() -> None:
    global _workers
    _workers -= 1
    if _workers == 0 and _collector_was_enabled:
        gc.enable()


class _MainThread(QObject):
    """Lives on the main thread, never deleted: what a worker's thread asks to be done there arrives queued.
    (A timer started from the worker's thread for that crashed, rarely, as the thread ended: a bus error
    in the pool's thread, one run in twenty of a test.)"""

    ended = Signal(object)  # a _Task whose run() is over

    def __init__(self):
        super().__init__()
        self.ended.connect(self._ended, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _ended(self, task: _Task) -> None:
        _release_collector()
        # What the task held goes here, on the main thread (the relay, its dialog, the window's closures): freed on
        # the pool's thread while this thread deleted them, they crashed the program, one run in twenty of a test.
        if task.relay is not None:
            task.relay.task = None
        task.fn = task.job = task.relay = None
        _FINISHED.append(task)


_main_thread: _MainThread | None = None
# Tasks whose work has ended, freed on the main thread once this many more have ended: by then their thread has long
# left them (the pool still reads a task just after its run()).
_FINISHED: collections.deque = collections.deque(maxlen=64)


class Job:
    """What the worker function is handed: its own Store (with ``store_path=``) and a progress report."""

    def __init__(self, relay: _Relay, stop: threading.Event):
        self.store: Store | None = None
        self._relay = relay
        self._stop = stop

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def report(self, done: int, total: int) -> bool:
        """Move the progress bar; False once Cancel was pressed (the protocol of export_pdf's ``progress``)."""
        with contextlib.suppress(RuntimeError):  # the window went away meanwhile
            self._relay.progressed.emit(done, total)
        return not self.cancelled


def _stopping(dialog: QProgressDialog) -> None:
    dialog.setLabelText(_("Stopping…"))
    button = dialog.findChild(QPushButton)
    if button is not None:
        button.setEnabled(False)


class _Relay(QObject):
    """Lives on the main thread: the worker's signals reach its slots there, queued."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object, str)

    def __init__(self, parent: QObject, dialog: QProgressDialog | None, on_done, on_error):
        super().__init__(parent)
        self.dialog = dialog
        self.task: _Task | None = None
        self.on_done = on_done
        self.on_error = on_error
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        if dialog is not None:
            self.timer.timeout.connect(dialog.show)  # a busy dialog gets no setValue() to show itself
            self.timer.start(PROGRESS_DELAY_MS)
        self.progressed.connect(self._progressed)
        self.finished.connect(self._finished)
        self.failed.connect(self._failed)

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if self.dialog is not None and self.dialog.maximum():
            self.dialog.setValue(int(100 * done / max(total, 1)))

    def _close(self) -> None:
        self.timer.stop()
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
        self.deleteLater()

    @Slot(object)
    def _finished(self, result) -> None:
        self._close()
        self.on_done(result)

    @Slot(object, str)
    def _failed(self, exc, tb: str) -> None:
        self._close()
        self.on_error(exc, tb)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[Job], object], job: Job, relay: _Relay, store_path: Path | None):
        super().__init__()
        self.setAutoDelete(False)  # freed on the main thread (see _MainThread._ended)
        self.fn = fn
        self.job = job
        self.relay = relay
        self.store_path = store_path

    def run(self) -> None:
        relay = self.relay
        try:
            if self.store_path is None:
                result = self.fn(self.job)
            else:
                with Store(self.store_path) as store:
                    self.job.store = store
                    result = self.fn(self.job)
        except BaseException as exc:  # handed to the main thread, which decides what to show
            with contextlib.suppress(RuntimeError):  # the window went away meanwhile
                relay.failed.emit(exc, traceback.format_exc())
        else:
            with contextlib.suppress(RuntimeError):
                relay.finished.emit(result)
        finally:
            del relay  # the last references to what the task holds are dropped on the main thread
            _main_thread.ended.emit(self)


def run_in_background(parent: QWidget, fn: Callable[[Job], object], *, label: str | None,
                      on_done: Callable[[object], None], on_error: Callable[[BaseException, str], None],
                      cancel: threading.Event | Callable[[], object] | None = None, progress: bool = False,
                      store_path: str | Path | None = None, title: str | None = None) -> None:
    """Call ``fn(job)`` in a worker thread; ``on_done(result)`` or ``on_error(exc, traceback)`` on the main thread.

    ``label``: the text of a dialog that appears only if the work lasts (None: no dialog at all,
    for quiet work such as the exchange folder's passes). ``progress``: the dialog shows a bar that
    ``job.report(done, total)`` moves. ``cancel``: the dialog gets a Cancel button, which sets this
    event (or calls this function) and makes ``job.report`` return False. ``store_path``: ``job.store``
    is a Store of the worker's own on that file. Neither ``fn`` nor its result may touch widgets.
    ``parent`` keeps the relay and the dialog on the main thread: without one, the worker thread
    could end up destroying them.
    """
    stop = cancel if isinstance(cancel, threading.Event) else threading.Event()
    dialog = None
    if label is not None:
        dialog = QProgressDialog(label, _("Cancel"), 0, 100 if progress else 0, parent)
        dialog.setWindowTitle(title or _("Please wait"))
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setMinimumWidth(DIALOG_MIN_WIDTH)  # its title in full ("Receive comments", not "Recei… ments")
        # Keys typed meanwhile stay with the window: on the dialog, a Space or Enter reached its Cancel and
        # stopped the work. Its Cancel is still there for the mouse, or for the keyboard once it is switched to.
        dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        if cancel is None:
            dialog.setCancelButton(None)
        else:
            # Cancelled, the dialog stays, says so and goes on moving until the work stops (Qt's own cancel()
            # reset it to a blank frame meanwhile).
            dialog.canceled.disconnect(dialog.cancel)
            dialog.canceled.connect(stop.set)
            dialog.canceled.connect(lambda: _stopping(dialog))
            if not isinstance(cancel, threading.Event):
                dialog.canceled.connect(cancel)
    global _main_thread
    if _main_thread is None:
        _main_thread = _MainThread()
    relay = _Relay(parent, dialog, on_done, on_error)
    job = Job(relay, stop)
    _hold_collector()
    relay.task = _Task(fn, job, relay, Path(store_path) if store_path is not None else None)
    QThreadPool.globalInstance().start(relay.task)
