"""Fixtures of the window tests."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_real_message_boxes(request, monkeypatch):
    """Offscreen, a real message box would wait for a click forever: a question no patch answered fails."""
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtWidgets import QMessageBox  # Qt only where a window test asks for it

    def unanswered(box):
        raise AssertionError(f"a real message box was shown: {box.text()!r}")

    monkeypatch.setattr(QMessageBox, "exec", unanswered)


@pytest.fixture
def answers(monkeypatch):
    """Scripted answers to the window's questions (index of the button to press)."""
    from reviewer.ui import messages  # Qt only where a window test asks for it

    queue: list[int] = []

    def fake_ask(parent, title, text, buttons, icon=None):
        return queue.pop(0) if queue else 0

    monkeypatch.setattr(messages, "ask", fake_ask)
    return queue


@pytest.fixture
def sample_window(qtbot, tmp_path):
    """The window on a new database, the bundled sample draft open; closed with its store afterwards."""
    from tests.ui.helpers import make_window, open_sample  # Qt only where a window test asks for it

    window = make_window(qtbot, tmp_path / "r.sqlite3")
    open_sample(qtbot, window)
    yield window
    window.close()
    window.session.store.close()
