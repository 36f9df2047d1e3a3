"""File › Export draft with comments (Word)… and File › Import comments from Word…, in a real window."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

import docx  # noqa: E402

from reviewer.ui import places, word_ui  # noqa: E402
from tests.ui.helpers import make_window, open_sample, record_messages  # noqa: E402


@pytest.fixture
def said(monkeypatch):
    """Every message the window shows (title, text), answered with the first button."""
    return record_messages(monkeypatch, answer="first")


def test_export_with_comments_then_a_delegates_word_comments_come_in(qtbot, tmp_path, said, monkeypatch):
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    session = window.session
    assert session.store.draft_file(session.draft_id) is not None  # opening the draft kept its file
    section = next(s for s in session.document.sections if s.heading.startswith("2. Tài chính"))
    quote = " ".join(section.text.split()[2:6])
    session.add_comment(section_id=section.id, group="Tổ 2", author="Lê Văn Tám", text="Làm rõ.", quote=quote)
    out = tmp_path / "gop-y.docx"
    monkeypatch.setattr(places.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.actions_by_name["export_annotated"].trigger()
    qtbot.waitUntil(lambda: out.exists() and any("gop-y.docx" in text for _t, text in said), timeout=30000)

    # A delegate opens it in Word and adds a comment of their own on the same passage.
    document = docx.Document(str(out))
    paragraph = next(p for p in document.paragraphs if p.runs and quote.split()[0] in p.text)
    document.add_comment(paragraph.runs, text="Đề nghị bổ sung số liệu.", author="Chủ máy")
    document.save(str(out))
    before = len(session.comments())

    class Answer(word_ui.WordAuthorDialog):
        def exec(self):
            assert self.group.currentText() == session.identity.group or self.group.currentText()
            self.group.setCurrentText("Tổ 5")
            self.author.setText("Trần Thị Năm")
            return 1

    monkeypatch.setattr(word_ui, "WordAuthorDialog", Answer)
    monkeypatch.setattr(word_ui.QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    window.actions_by_name["import_word_comments"].trigger()
    qtbot.waitUntil(lambda: len(session.comments()) == before + 1, timeout=30000)
    new = next(c for c in session.comments() if c.text == "Đề nghị bổ sung số liệu.")
    assert (new.group, new.author, new.section) == ("Tổ 5", "Trần Thị Năm", section.id)
    qtbot.waitUntil(lambda: "Imported 1 comment." in said[-1][1], timeout=10000)
    assert "Skipped 1 comment already imported." in said[-1][1]  # the exported one is already here
    window.actions_by_name["undo"].trigger()  # the import is one step of the undo
    assert len(session.comments()) == before and session.store.comment(new.id, include_deleted=True).deleted
    window.undo_stack.redo()
    assert len(session.comments()) == before + 1
    window.close()
    session.store.close()
