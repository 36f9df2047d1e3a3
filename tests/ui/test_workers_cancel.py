"""A worker's progress dialog, cancelled: it stays, says it is stopping and takes no second Cancel, until
the work has stopped; it never takes the keyboard from the window."""
from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget  # noqa: E402

from reviewer.ui.workers import run_in_background  # noqa: E402


def test_cancel_says_stopping_and_the_dialog_stays_until_the_work_stops(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()
    done: list[object] = []
    asked: list[bool] = []

    def work(job):
        n = 0
        while not job.cancelled:
            n += 1
            job.report(n % 100, 100)
            time.sleep(0.01)
        release.wait(5)  # the file being merged is finished first
        return n

    run_in_background(parent, work, label="Merging 40 packages…", progress=True, cancel=lambda: asked.append(True),
                      on_done=done.append, on_error=lambda exc, tb: done.append(exc))
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(QProgressDialog)), timeout=5000)
    dialog = next(d for d in parent.findChildren(QProgressDialog) if d.isVisible())
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # keys typed stay with the window
    button = dialog.findChild(QPushButton)
    button.click()
    assert asked == [True]
    assert dialog.isVisible() and dialog.labelText() == "Stopping…" and not button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: len(done) == 1, timeout=5000)
    assert isinstance(done[0], int)
