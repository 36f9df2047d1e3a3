"""The Qt binding keeps Python's reference counts: with one that does not, the window aborts after a
few hundred signals ("Fatal Python error: bool_dealloc") — seen with PySide6 6.12.0 on Python 3.11."""
from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Signal  # noqa: E402


class _Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 2

    def columnCount(self, parent=QModelIndex()):
        return 2

    def data(self, index, role=0):
        return None


class _Sender(QObject):
    changed = Signal(object)


def test_emitting_signals_keeps_the_reference_counts_of_true_and_false(qapp):
    model, sender = _Model(), _Sender()
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(50):
        model.dataChanged.emit(model.index(0, 0), model.index(1, 1))
        sender.changed.emit({"x": True})
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
