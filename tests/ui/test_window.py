"""The real window, driven through a whole review session, offscreen."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402

from reviewer.docx import read_document  # noqa: E402
from reviewer.paths import sample_draft  # noqa: E402
from reviewer.store import Store  # noqa: E402
from reviewer.ui import messages  # noqa: E402
from reviewer.ui.main_window import MainWindow  # noqa: E402
from tests.ui.helpers import make_window, open_sample  # noqa: E402


def section_id(window: MainWindow, prefix: str) -> str:
    return next(s.id for s in window.session.document.sections if s.heading.startswith(prefix))


def test_a_whole_review_session(qtbot, tmp_path, answers):
    db = tmp_path / "review.sqlite3"
    window = make_window(qtbot, db)
    open_sample(qtbot, window)
    doc = window.session.document
    assert window.tree_model.rowCount() > 0

    # Choose a section with the keyboard: Alt+Down walks the sections in document order.
    window.select_section(section_id(window, "1. Tăng trưởng"))
    before = window.current_section_id()
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    target = window.current_section_id()
    ids = [s.id for s in doc.sections]
    assert ids.index(target) == ids.index(before) + 1
    section = window.session.section(target)
    assert section.heading in window.section_view.toPlainText()

    # Quote a passage: select it in the section text and press Ctrl+Shift+Q.
    view = window.section_view
    passage = section.text.split(".")[0][:40].strip()
    assert view.find_text(passage)
    window.quote_selection()
    assert window.panel.editor.quote == passage

    # Add a comment with Ctrl+Enter.
    editor = window.panel.editor
    editor.author.setEditText("Trần Văn Bình")
    editor.kind.setCurrentIndex(editor.kind.findData("sua_doi"))
    # Typed as an input method delivers Vietnamese: as committed text, not key codes.
    editor.text.setFocus()
    editor.text.insertPlainText("Đề nghị làm rõ số liệu về Đảng bộ và Uỷ ban")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    comments = window.session.comments(section_id=target)
    assert [c.text for c in comments] == ["Đề nghị làm rõ số liệu về Đảng bộ và Uỷ ban"]
    added = comments[0]
    assert (added.group, added.author, added.kind, added.quote) == ("Tổ 2", "Trần Văn Bình", "sua_doi", passage)
    assert "Đề nghị làm rõ số liệu" in window.panel.list.toPlainText()
    assert window.undo_stack.undoText().startswith("Add comment")

    # Edit it in place.
    window.edit_comment(added.id)
    editor.text.setPlainText("Đề nghị bổ sung số liệu tăng trưởng của Đảng bộ")
    editor.save()
    assert window.session.store.comment(added.id).text == "Đề nghị bổ sung số liệu tăng trưởng của Đảng bộ"

    # Undo the edit, undo the add, redo both.
    window.undo_stack.undo()
    assert window.session.store.comment(added.id).text == "Đề nghị làm rõ số liệu về Đảng bộ và Uỷ ban"
    window.undo_stack.undo()
    assert window.session.comments(section_id=target) == []
    window.undo_stack.redo()
    window.undo_stack.redo()
    assert window.session.store.comment(added.id).text == "Đề nghị bổ sung số liệu tăng trưởng của Đảng bộ"
    assert not window.session.store.comment(added.id).deleted

    # The consolidation table shows it; double-click jumps back to it.
    table = window.consolidation
    assert table.model.rowCount() == 1
    assert table.model.rows[0].id == added.id

    # Search without accents finds it, and choosing the result shows its section.
    window.select_section(window._reading_place())
    hits = window.session.store.search("dang bo tang truong", draft_id=window.session.draft_id)
    assert hits and hits[0]["comment"] == added.id
    window.go_to(hits[0]["section"], hits[0]["comment"])
    assert window.current_section_id() == target

    # Delete, with confirmation; then undo the delete.
    answers.append(0)
    window.delete_comment(added.id)
    assert window.session.comments(section_id=target) == []
    window.undo_stack.undo()
    assert [c.id for c in window.session.comments(section_id=target)] == [added.id]
    window.close()
    window.session.store.close()

    # Reopen the app: everything is as it was.
    again = make_window(qtbot, db)
    open_sample(qtbot, again)
    kept = again.session.comments(section_id=target)
    assert [(c.id, c.text, c.quote) for c in kept] == [
        (added.id, "Đề nghị bổ sung số liệu tăng trưởng của Đảng bộ", passage)]
    again.close()
    again.session.store.close()


def test_closing_with_an_unsaved_comment_asks_first(qtbot, tmp_path, answers):
    window = make_window(qtbot, tmp_path / "r.sqlite3")
    open_sample(qtbot, window)
    window.panel.editor.text.setPlainText("Ý kiến đang viết dở")
    answers.append(2)  # Cancel: the window stays open
    assert not window.close()
    answers.append(0)  # Save
    assert window.close()
    texts = [c.text for c in window.session.comments()]
    assert "Ý kiến đang viết dở" in texts
    window.session.store.close()


def test_consolidation_status_and_response_are_editable_in_place(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path / "r.sqlite3")
    open_sample(qtbot, window)
    sid = section_id(window, "2. Tài chính")
    comment = window.session.add_comment(section_id=sid, group="Tổ 1", text="Đề nghị làm rõ nguồn thu")
    model = window.consolidation.model
    row = [c.id for c in model.rows].index(comment.id)
    from reviewer.ui.table_model import COLUMNS

    assert model.setData(model.index(row, COLUMNS.index("status")), "tiep_thu")
    row = [c.id for c in model.rows].index(comment.id)
    assert model.setData(model.index(row, COLUMNS.index("response")), "Đã bổ sung vào mục 2.")
    stored = window.session.store.comment(comment.id)
    assert (stored.status, stored.response) == ("tiep_thu", "Đã bổ sung vào mục 2.")
    window.undo_stack.undo()
    assert window.session.store.comment(comment.id).response == ""
    # Filtering by group hides the others.
    window.session.add_comment(section_id=sid, group="Tổ 3", text="Nhất trí")
    proxy = window.consolidation.proxy
    proxy.set_filter("group", "Tổ 3")
    assert proxy.rowCount() == 1
    window.close()
    window.session.store.close()


def test_bad_draft_shows_a_clear_message_not_a_traceback(qtbot, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, message: shown.append(message))
    window = make_window(qtbot, tmp_path / "r.sqlite3")
    bad = tmp_path / "bao-cao.docx"
    bad.write_bytes(b"this is not a word document")
    window.open_path(bad)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "bao-cao.docx" in shown[0] and "Traceback" not in shown[0]
    assert window.session.document is None
    window.close()
    window.session.store.close()


def test_the_sample_comments_come_from_three_groups(tmp_path):
    from reviewer.store.samples import seed_sample_comments

    store = Store(tmp_path / "s.sqlite3")
    draft = store.register_draft(read_document(sample_draft()))
    assert seed_sample_comments(store, draft["id"]) >= 5
    assert {c.group for c in store.comments(draft["id"])} == {"Tổ 1", "Tổ 2", "Tổ 3"}
    assert seed_sample_comments(store, draft["id"]) == 0  # never twice
    store.close()


def test_text_selection_offers_quote_in_context(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path / "r.sqlite3")
    open_sample(qtbot, window)
    view = window.section_view
    cursor = view.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.NextWord, QTextCursor.MoveMode.KeepAnchor, 3)
    view.setTextCursor(cursor)
    assert view.selected_passage()
    with qtbot.waitSignal(view.quote_requested):
        view.quote_action.trigger()
    window.close()
    window.session.store.close()


def test_switching_language_redraws_every_string(qtbot, tmp_path, monkeypatch):
    from reviewer import i18n
    from reviewer.ui import dialogs

    window = make_window(qtbot, tmp_path / "r.sqlite3")
    open_sample(qtbot, window)
    section = max(window.session.document.sections, key=lambda s: len(s.text)).id
    window.select_section(section)
    bar = window.section_view.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    window.section_view.setFocus()
    qtbot.waitUntil(window.section_view.hasFocus)
    assert window.tabs.tabText(1) == "Consolidation"
    window.panel.editor.text.setPlainText("Ý kiến đang gõ dở")
    window.panel.editor.author.setEditText("Trần Văn Bình")
    title = window.windowTitle()
    models = (window.tree_model, window.consolidation.model)
    monkeypatch.setattr(dialogs.LanguageDialog, "exec", lambda self: True)
    monkeypatch.setattr(dialogs.LanguageDialog, "language", lambda self: "vi")
    try:
        window.choose_language()
        assert window.tabs.tabText(1) == "Tổng hợp ý kiến"
        assert window.menuBar().actions()[0].text() == "&Tệp"
        shortcuts = [a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()]
        assert len(shortcuts) == len(set(shortcuts))  # no clashing leftovers from the English menus
        assert window.current_section_id() == section  # the user stays where they were
        bar = window.section_view.verticalScrollBar()  # half-way down its text, not back at its heading
        qtbot.waitUntil(lambda: bar.maximum() > 0 and abs(bar.value() - bar.maximum() / 2) <= bar.maximum() / 20)
        assert window.focusWidget() is window.section_view  # the keys too (fresh eyes found them on the tab bar)
        assert len(window.statusBar().findChildren(type(window.identity_label))) == 1
        assert window.identity_label.text().startswith("Đang ghi")
        # What was being typed, and where, survives the change (nothing asks, nothing is lost).
        assert window.panel.editor.text.toPlainText() == "Ý kiến đang gõ dở"
        assert window.panel.editor.author.currentText() == "Trần Văn Bình"
        assert window.windowTitle().split(" — ")[0] == title.split(" — ")[0]
        # The replaced models no longer listen: a later change reaches only the new ones.
        for old_model in models:
            assert old_model not in (window.tree_model, window.consolidation.model)
        window.session.add_comment(section_id=section, group="Tổ 2", text="Sau khi đổi ngôn ngữ.")
        assert any(c.text == "Sau khi đổi ngôn ngữ." for c in window.consolidation.model.rows)
    finally:
        i18n.set_language(None)
    window.panel.editor.reset()
    window.close()
    window.session.store.close()


def test_editing_a_status_in_the_table_redraws_its_row_without_resetting_the_table(qtbot, tmp_path):
    from PySide6.QtCore import Qt as QtNS

    from reviewer.ui.table_model import COLUMNS

    window = make_window(qtbot, tmp_path / "r.sqlite3")
    open_sample(qtbot, window)
    section = window.current_section_id()
    for n in range(3):
        window.session.add_comment(section_id=section, group="Tổ 2", text=f"Ý kiến {n}.")
    model = window.consolidation.model
    resets: list[int] = []
    model.modelAboutToBeReset.connect(lambda: resets.append(1))
    row = next(n for n, c in enumerate(model.rows) if c.text == "Ý kiến 1.")
    index = model.index(row, COLUMNS.index("status"))
    assert model.setData(index, "tiep_thu", QtNS.ItemDataRole.EditRole)
    assert resets == []  # an editor committing its data is never destroyed under it
    assert model.rows[row].status == "tiep_thu"
    assert window.session.store.comment(model.rows[row].id).status == "tiep_thu"
    window.undo_stack.undo()
    assert model.rows[row].status == "moi" and resets == []
    window.close()
    window.session.store.close()
