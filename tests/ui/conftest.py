"""Fixtures of the window tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def answers(monkeypatch):
    """Scripted answers to the window's questions (index of the button to press)."""
    from reviewer.ui import main_window as mw  # Qt only where a window test asks for it

    queue: list[int] = []

    def fake_ask(parent, title, text, buttons, icon=None):
        return queue.pop(0) if queue else 0

    monkeypatch.setattr(mw, "ask", fake_ask)
    return queue
