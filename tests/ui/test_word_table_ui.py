"""File › Export consolidation as Word table… and File › Import answers from Word…, in a real window."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

import docx  # noqa: E402

from reviewer.ui import places, word_table_ui  # noqa: E402
from tests.ui.helpers import make_window, open_sample, record_messages  # noqa: E402


@pytest.fixture
def said(monkeypatch):
    """Every message the window shows (title, text), answered with the first button."""
    return record_messages(monkeypatch, answer="first")


def test_export_then_import_answers_is_one_undo_step(qtbot, tmp_path, said, monkeypatch):
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    session = window.session
    section = next(s.id for s in session.document.sections if s.heading.startswith("2. Tài chính"))
    for text in ("Đề nghị làm rõ số thu từ đất", "Bổ sung số liệu nợ đọng thuế"):
        session.add_comment(section_id=section, group="Tổ 2", author="Lê Văn Tám", text=text)
    out = tmp_path / "bang.docx"
    monkeypatch.setattr(places.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.actions_by_name["export_word_table"].trigger()
    qtbot.waitUntil(lambda: out.exists() and len(said) >= 3, timeout=30000)
    assert "bang.docx" in said[-2][1] and said[-1] == ("open", str(out))  # ready, with "Open" offered

    document = docx.Document(str(out))
    table = document.tables[-1]
    by_text = {c.text: c for c in session.comments()}
    answered = []
    for row in table.rows[1:]:
        comment = next((c for t, c in by_text.items() if t in row.cells[2].text), None)
        if comment is not None and comment.section == section:
            row.cells[-1].text = "Tiếp thu: Đã sửa trong dự thảo."
            answered.append(comment.id)
    document.save(str(out))
    assert len(answered) == 2
    monkeypatch.setattr(word_table_ui.QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    window.actions_by_name["import_answers"].trigger()
    store = session.store
    qtbot.waitUntil(lambda: all(store.comment(i).status == "tiep_thu" for i in answered), timeout=30000)
    qtbot.waitUntil(lambda: "2 comments changed" in said[-1][1], timeout=10000)
    assert store.comment(answered[0]).response == "Đã sửa trong dự thảo."

    window.undo_stack.undo()  # the whole import, in one step
    assert all(store.comment(i).status == "moi" and store.comment(i).response == "" for i in answered)
    window.undo_stack.redo()
    assert all(store.comment(i).status == "tiep_thu" for i in answered)
    window.close()
    store.close()
