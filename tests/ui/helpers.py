"""A real window on a fresh database, and the bundled sample opened in it."""
from __future__ import annotations

from reviewer.paths import sample_draft
from reviewer.store import Store
from reviewer.ui.main_window import MainWindow
from reviewer.ui.session import Identity, ReviewSession
from reviewer.ui.settings import Settings


def make_window(qtbot, db) -> MainWindow:
    store = Store(db)
    session = ReviewSession(store)
    session.set_identity(Identity("Nguyễn Thị Lan", "Tổ 2", "thu_ky"))
    window = MainWindow(session, Settings())
    qtbot.addWidget(window)
    window.show()
    return window


def open_sample(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.session.draft_opened, timeout=15000):
        window.open_path(sample_draft())


def record_messages(monkeypatch, *, answer: str = "first") -> list[tuple[str, str]]:
    """Every message box the window shows, as (title, text), answered with its first or last button; a file
    the window offers to open is recorded as ("open", path), never opened."""
    from reviewer.ui import messages

    shown: list[tuple[str, str]] = []

    def fake_ask(parent, title, text, buttons, icon=None):
        shown.append((title, text))
        return 0 if answer == "first" else len(buttons) - 1

    monkeypatch.setattr(messages, "ask", fake_ask)
    monkeypatch.setattr(messages.QDesktopServices, "openUrl", lambda url: shown.append(("open", url.path())) or True)
    return shown
