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
