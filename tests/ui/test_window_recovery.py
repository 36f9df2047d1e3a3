"""Text typed but not saved survives the window being killed, and is offered back on restart."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

ROOT = Path(__file__).resolve().parents[2]
TYPED = "Đề nghị bổ sung đánh giá về chuyển đổi số ở cấp xã (đang viết dở)"

CHILD = textwrap.dedent(f"""
    import sys, time
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from reviewer.docx import read_document
    from reviewer.paths import sample_draft
    from reviewer.store import Store
    from reviewer.ui.main_window import MainWindow
    from reviewer.ui.recovery import recovery_path
    from reviewer.ui.session import Identity, ReviewSession
    from reviewer.ui.settings import Settings
    session = ReviewSession(Store(sys.argv[1]))
    session.set_identity(Identity("Lê Văn Tâm", "Tổ 4"))
    window = MainWindow(session, Settings())
    window.show()
    session.open_document(read_document(sample_draft()), sample_draft())
    window.panel.editor.text.setFocus()
    window.panel.editor.text.insertPlainText({TYPED!r})
    deadline = time.monotonic() + 20
    while not recovery_path().exists() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    print("TYPED", window.current_section_id(), flush=True)
    while True:  # still typing when the power goes
        app.processEvents()
        time.sleep(0.02)
""")


def test_unsaved_text_is_offered_back_after_sigkill(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "review.sqlite3"
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, str(script), str(db)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stdout.readline()
        assert line.startswith("TYPED"), line
        section = line.split()[1]
        time.sleep(0.1)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()

    from reviewer.docx import read_document
    from reviewer.paths import sample_draft
    from reviewer.store import Store
    from reviewer.ui import main_window as mw
    from reviewer.ui import messages
    from reviewer.ui.session import Identity, ReviewSession
    from reviewer.ui.settings import Settings

    offered: list[str] = []

    def restore(parent, title, text, buttons, icon=None):
        offered.append(text)
        return 0

    monkeypatch.setattr(messages, "ask", restore)
    session = ReviewSession(Store(db))
    session.set_identity(Identity("Lê Văn Tâm", "Tổ 4"))
    window = mw.MainWindow(session, Settings())
    qtbot.addWidget(window)
    session.open_document(read_document(sample_draft()), sample_draft())
    window.offer_recovery()
    assert offered and TYPED in offered[0]
    assert window.panel.editor.text.toPlainText() == TYPED
    assert window.current_section_id() == section
    # Nothing was saved behind the user's back: the comment exists only once they save it.
    assert session.comments() == []
    window.panel.editor.save()
    assert [c.text for c in session.comments()] == [TYPED]
    session.store.close()
