"""A dialog opened from the consolidation gives the keys back to the table (found by fresh eyes: after
Settings › Who is using this laptop, the keys were in the section filter, unseen, and Down changed it)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def test_the_identity_dialog_leaves_the_keys_in_the_consolidation_table(sample_window, qtbot):
    window = sample_window
    window.activateWindow()
    qtbot.waitActive(window)
    window.tabs.setCurrentIndex(1)
    table = window.consolidation.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    QTimer.singleShot(200, lambda: QApplication.activeModalWidget().accept())
    window.ask_identity()
    assert window.focusWidget() is table  # where the window gives the keys back once the dialog is gone
    assert window.tabs.currentIndex() == 1
