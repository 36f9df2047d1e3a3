"""A passage quoted without the mouse: F7 gives the section's text a caret, Shift+arrows select, Ctrl+Shift+Q
quotes (found by fresh eyes twice: the text had no caret, so quoting from the keyboard needed Ctrl+F)."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402

from reviewer import i18n  # noqa: E402
from reviewer.ui.settings import Settings  # noqa: E402

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(sample_window, qtbot):
    sample_window.activateWindow()
    qtbot.waitActive(sample_window)
    yield sample_window
    sample_window.panel.editor.load({})  # nothing unsaved left to ask about


def _section_with_text(window):
    section = next(s for s in window.session.document.sections if s.id != "preamble" and len(s.text.split()) > 8)
    window.select_section(section.id)
    return section


def _caret_at_body(window, section) -> None:
    """The caret where the section's own text begins (below its heading), as the arrows would put it."""
    view = window.section_view
    first = section.text.split()[0]
    cursor = view.textCursor()
    cursor.setPosition(view.document().toPlainText().index(first, view.parts[0].body))
    view.setTextCursor(cursor)


def test_f7_gives_the_text_a_caret_and_shift_arrows_select_a_passage_to_quote(window, qtbot):
    section = _section_with_text(window)
    view = window.section_view
    assert not view.has_caret()
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_F7)
    assert view.has_caret() and view.hasFocus()
    assert window.actions_by_name["caret"].isChecked()
    assert "F7" in window.statusBar().currentMessage()
    _caret_at_body(window, section)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    assert view.textCursor().hasSelection()
    qtbot.keyClick(view, Qt.Key.Key_Q, CTRL | SHIFT)
    editor = window.panel.editor
    assert editor.section_id == section.id
    assert editor.quote == " ".join(section.text.split()[:3])
    assert editor.quote_start == 0 and section.text[editor.quote_start:editor.quote_end] == editor.quote


def test_without_the_caret_the_arrows_scroll_and_quoting_nothing_says_how(window, qtbot):
    section = _section_with_text(window)
    view = window.section_view
    view.setFocus()
    _caret_at_body(window, section)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    assert not view.textCursor().hasSelection()  # reading: the keys select nothing
    qtbot.keyClick(view, Qt.Key.Key_Q, CTRL | SHIFT)
    assert window.panel.editor.quote == ""
    assert "F7" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_F7)
    view.setTextCursor(QTextCursor(view.document()))  # a caret, nothing selected
    qtbot.keyClick(view, Qt.Key.Key_Q, CTRL | SHIFT)
    assert "Shift" in window.statusBar().currentMessage() and "F7" not in window.statusBar().currentMessage()


def test_the_caret_is_remembered_and_f7_again_turns_it_off(window, qtbot):
    view = window.section_view
    qtbot.keyClick(view, Qt.Key.Key_F7)
    assert Settings().get("ui/caret") is True
    window.build_ui()  # as a change of language does: the text and the menu are made again from the setting
    view = window.section_view
    assert window.actions_by_name["caret"].isChecked() and view.has_caret()
    qtbot.keyClick(view, Qt.Key.Key_F7)
    assert not view.has_caret() and Settings().get("ui/caret") is False


def test_the_hints_are_in_vietnamese(window, qtbot):
    i18n.set_language("vi")
    try:
        window.section_view.setFocus()
        window.quote_selection()
        assert "Hãy chọn đoạn cần trích trước" in window.statusBar().currentMessage()
        window.toggle_caret(True)
        assert "Đã bật con trỏ" in window.statusBar().currentMessage()
    finally:
        window.toggle_caret(False)
        i18n.set_language(None)



def test_a_number_is_quoted_whole_and_the_reader_stays_where_the_quote_was_taken(window, qtbot):
    number = re.compile(r"\d+[.,]\d+%?")
    section = next(s for s in window.session.document.sections if s.id != "preamble" and number.search(s.text))
    window.select_section(section.id)
    view = window.section_view
    found = number.search(view.document().toPlainText(), view.parts[0].body)
    cursor = view.textCursor()
    cursor.setPosition(found.start())
    cursor.setPosition(found.start() + re.search(r"[.,]", found.group()).end(), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)  # "7," as Ctrl+Shift+Right selects it in "7,5"
    window.quote_selection()
    editor = window.panel.editor
    assert editor.quote == found.group()
    editor.text.setFocus()
    editor.text.insertPlainText("Đề nghị kiểm tra lại số liệu này.")
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled, caret = bar.value(), view.textCursor().position()
    assert scrolled > 0
    qtbot.keyClick(editor.text, Qt.Key.Key_Return, CTRL)
    saved = window.session.comments(section_id=section.id)
    assert [(c.text, c.quote) for c in saved] == [("Đề nghị kiểm tra lại số liệu này.", found.group())]
    assert view.section.id == section.id and view.textCursor().position() == caret and bar.value() == scrolled


def test_a_passage_across_a_tables_cells_is_quoted_as_its_row_reads(window):
    """Found by fresh eyes: a selection across cells ran them together ("1.162,01.215,0") or ended in the
    section text's cell separator ("1.245,4 |")."""
    section, row = next((s, line) for s in window.session.document.sections for line in s.text.split("\n")
                        if line.count(" | ") >= 4)
    window.select_section(section.id)
    cells = row.split(" | ")
    view = window.section_view
    shown = view.document().toPlainText()
    start = shown.index(cells[1], view.parts[0].body)
    end = shown.index(cells[3], start) + len(cells[3])
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert cursor.hasComplexSelection()
    window.quote_selection()
    editor = window.panel.editor
    assert editor.quote == " | ".join(cells[1:4])
    assert section.text[editor.quote_start:editor.quote_end] == editor.quote
