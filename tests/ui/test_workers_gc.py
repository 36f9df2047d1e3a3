"""Python's cycle collector never runs on a worker's thread: it would destroy the window's garbage there."""
from __future__ import annotations

import gc

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QWidget  # noqa: E402

from reviewer.ui.workers import run_in_background  # noqa: E402


def test_the_collector_is_off_while_workers_run_and_back_on_after(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    assert gc.isenabled()
    seen: list[bool] = []
    done: list[object] = []
    for _n in range(2):
        run_in_background(parent, lambda job: seen.append(gc.isenabled()), label=None, on_done=done.append,
                          on_error=lambda exc, tb: done.append(exc))
    qtbot.waitUntil(lambda: len(done) == 2)
    assert seen == [False, False]
    qtbot.waitUntil(gc.isenabled)
