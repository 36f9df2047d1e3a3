"""File › Export summary report (Word)…, in a real window speaking English: the report is Vietnamese."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

import docx  # noqa: E402

from reviewer.ui import places  # noqa: E402
from tests.ui.helpers import make_window, open_sample, record_messages  # noqa: E402


@pytest.fixture
def said(monkeypatch):
    """Every message the window shows (title, text), answered with the last button."""
    return record_messages(monkeypatch, answer="last")


def test_export_summary_report_from_the_file_menu(qtbot, tmp_path, said, monkeypatch):
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    session = window.session
    section = next(s.id for s in session.document.sections if s.heading.startswith("2. Tài chính"))
    for group in ("Tổ 4", "Tổ 5"):
        session.add_comment(section_id=section, group=group, author="Lê Văn Tám", kind="bo_sung",
                            text="Đề nghị bổ sung số liệu nợ đọng thuế năm 2024")
    session.add_comment(section_id=section, group="Tổ 6", kind="nhat_tri", text="Nhất trí.")
    action = window.actions_by_name["export_report"]
    assert action.text() == "Export summary re&port (Word)…"
    out = tmp_path / "bao-cao"
    monkeypatch.setattr(places.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    action.trigger()
    written = tmp_path / "bao-cao.docx"  # the extension is added
    qtbot.waitUntil(lambda: written.exists() and bool(said), timeout=30000)
    title, text = said[-1]
    assert title == "Export summary report" and "bao-cao.docx" in text

    document = docx.Document(str(written))
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO TỔNG HỢP Ý KIẾN THẢO LUẬN TỔ" in texts
    assert "- Tổ 4, Tổ 5 cùng đề nghị bổ sung số liệu nợ đọng thuế năm 2024." in texts
    assert not any("Nhất trí." in t for t in texts)
    window.close()
    session.store.close()


def test_a_failed_export_says_so_in_one_message(qtbot, tmp_path, said, monkeypatch):
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    folder = tmp_path / "taken.docx"
    folder.mkdir()  # a folder where the file should go: refused, nothing written
    monkeypatch.setattr(places.QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder), ""))
    window.actions_by_name["export_report"].trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=30000)
    assert said[-1][0] == "Draft Reviewer" and "taken.docx" in said[-1][1]
    assert folder.is_dir() and list(folder.iterdir()) == []
    window.close()
    window.session.store.close()
