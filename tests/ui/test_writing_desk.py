"""The secretary's desk: a comment is filed where it was started, quotes are anchored passages, and
nothing typed is lost by a click or a key."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reviewer.ui.main_window import MainWindow  # noqa: E402
from tests.ui.helpers import make_window, open_sample  # noqa: E402

SAVE, DISCARD, CANCEL = 0, 1, 2


def section_id(window: MainWindow, prefix: str) -> str:
    return next(s.id for s in window.session.document.sections if s.heading.startswith(prefix))


@pytest.fixture
def window(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "r.sqlite3")
    open_sample(qtbot, w)
    yield w
    w.panel.editor.load({})  # nothing unsaved left to ask about
    w.close()
    w.session.store.close()


def select_in_view(window: MainWindow, start_text: str, length: int) -> None:
    """Select ``length`` characters of the shown section from where ``start_text`` begins, as a mouse would."""
    view = window.section_view
    at = view.document().toPlainText().index(start_text)
    cursor = view.textCursor()
    cursor.setPosition(at)
    cursor.setPosition(at + length, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def a_section_with_text(window: MainWindow, skip: int = 0):
    sections = [s for s in window.session.document.sections if s.id != "preamble" and len(s.text) > 80]
    return sections[skip]


def test_an_unfinished_comment_stays_with_the_section_where_it_was_started(window, qtbot):
    first = a_section_with_text(window)
    window.select_section(first.id)
    editor = window.panel.editor
    assert first.number in editor.heading.text()  # the editor names where it will file
    editor.text.setFocus()
    editor.text.insertPlainText("Đề nghị bổ sung số liệu cụ thể")
    window.next_section()
    other = window.current_section_id()
    assert other != first.id
    assert first.number in editor.heading.text()
    assert editor.elsewhere_box.isVisibleTo(window) and first.number in editor.elsewhere.text()
    qtbot.keyClick(editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = window.session.comments(section_id=first.id)
    assert [c.text for c in saved] == ["Đề nghị bổ sung số liệu cụ thể"]
    assert window.session.comments(section_id=other) == []
    assert first.number in window.statusBar().currentMessage()
    # Once saved, the blank editor follows the reader again.
    assert window.current_section_id() == other and not editor.elsewhere_box.isVisibleTo(window)
    assert window.session.section(other).heading.split()[0] in editor.heading.text()


def test_a_quote_from_another_section_starts_a_new_comment_after_asking(window, answers):
    first, second = a_section_with_text(window), a_section_with_text(window, 1)
    window.select_section(first.id)
    words = first.text.split()[:4]
    select_in_view(window, words[0], len(" ".join(words)))
    window.quote_selection()
    editor = window.panel.editor
    editor.text.insertPlainText("Ý kiến về mục thứ nhất")
    window.select_section(second.id)
    words2 = second.text.split()[:3]
    select_in_view(window, words2[0], len(" ".join(words2)))
    answers.append(CANCEL)
    window.quote_selection()
    assert editor.text.toPlainText() == "Ý kiến về mục thứ nhất" and editor.section_id == first.id
    answers.append(SAVE)
    window.quote_selection()
    kept = window.session.comments(section_id=first.id)
    assert [(c.text, c.quote) for c in kept] == [("Ý kiến về mục thứ nhất", " ".join(words))]
    assert editor.section_id == second.id and editor.quote == " ".join(words2) and not editor.text.toPlainText()


def test_filing_here_instead_drops_a_quote_that_is_not_in_this_section(window):
    first, second = a_section_with_text(window), a_section_with_text(window, 1)
    window.select_section(first.id)
    words = first.text.split()[:5]
    select_in_view(window, words[0], len(" ".join(words)))
    window.quote_selection()
    editor = window.panel.editor
    editor.text.insertPlainText("Chuyển sang mục sau")
    window.select_section(second.id)
    assert " ".join(words) not in second.text
    editor.move_here.click()
    assert editor.section_id == second.id and editor.quote == ""
    editor.save()
    assert [(c.text, c.quote) for c in window.session.comments(section_id=second.id)] == [("Chuyển sang mục sau", "")]


def test_opening_another_draft_asks_about_the_comment_being_written(window, answers, tmp_path):
    window.panel.editor.text.insertPlainText("Chưa lưu")
    opened: list[object] = []
    window.session.draft_opened.connect(lambda *a: opened.append(a))
    answers.append(CANCEL)
    window.open_path(tmp_path / "khac.docx")
    QApplication.processEvents()
    assert window.panel.editor.text.toPlainText() == "Chưa lưu" and opened == []


def test_a_quote_snaps_to_whole_words_and_is_anchored_and_highlighted(window, qtbot):
    section = a_section_with_text(window)
    window.select_section(section.id)
    words = section.text.split()
    # The mouse stopped in the middle of the first and of the fourth word.
    select_in_view(window, words[0], len(" ".join(words[:3])) + 2)
    window.quote_selection()
    editor = window.panel.editor
    expected = " ".join(words[:3] + [words[3].rstrip(",.;:")])  # (not the punctuation after it)
    assert editor.quote == expected
    assert section.text[editor.quote_start:editor.quote_end].split() == expected.split()
    editor.text.insertPlainText("Đoạn này cần viết lại")
    editor.save()
    comment = window.session.comments(section_id=section.id)[0]
    assert (comment.quote, comment.quote_start) == (expected, section.text.index(words[0]))
    # The passage is marked in the section text, and the mark leads to the comment's card.
    view = window.section_view
    cursor = view.textCursor()
    cursor.setPosition(view.document().toPlainText().index(words[1]) + 1)
    assert cursor.charFormat().anchorHref() == f"comment:{comment.id}"
    with qtbot.waitSignal(view.quote_clicked) as clicked:
        view.anchorClicked.emit(cursor.charFormat().anchorHref())
    assert clicked.args == [comment.id] and window._highlight == comment.id
    assert view.show_quote(comment.id) and view.textCursor().selectedText() == expected


def test_a_passage_that_occurs_twice_is_anchored_where_it_was_selected(window):
    doc = window.session.document
    # Any section in which some three-word phrase occurs twice.
    for section in doc.sections:
        words = section.text.split()
        phrases = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]
        twice = next((p for p in phrases if phrases.count(p) > 1 and section.text.count(p) > 1), None)
        if twice:
            break
    else:
        pytest.skip("no repeated phrase in the sample")
    window.select_section(section.id)
    shown = window.section_view.document().toPlainText()
    second_at = shown.index(twice, shown.index(twice) + 1)
    view = window.section_view
    cursor = view.textCursor()
    cursor.setPosition(second_at)
    cursor.setPosition(second_at + len(twice), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    window.quote_selection()
    editor = window.panel.editor
    assert editor.quote_start == section.text.index(twice, section.text.index(twice) + 1)


def test_tab_moves_between_fields_and_cancel_asks_before_discarding(window, qtbot, answers):
    editor = window.panel.editor
    editor.text.setFocus()
    editor.text.insertPlainText("Một ý kiến")
    qtbot.keyClick(editor.text, Qt.Key.Key_Tab)
    assert "\t" not in editor.text.toPlainText() and editor.proposal.hasFocus()
    answers.append(1)  # Keep writing
    editor.cancel_button.click()
    assert editor.text.toPlainText() == "Một ý kiến"
    answers.append(0)  # Discard
    editor.cancel_button.click()
    assert editor.text.toPlainText() == ""


def test_the_delegate_is_not_carried_to_the_next_comment_silently(window):
    editor = window.panel.editor
    editor.author.setEditText("Trần Văn Bình")
    editor.text.insertPlainText("Ý kiến của đại biểu Bình")
    editor.save()
    assert editor.author.currentText() == ""
    assert editor.author.itemText(0) == "Trần Văn Bình"  # one key away


def test_undo_delete_and_redo_say_what_they_did(window, answers):
    section = window.current_section_id()
    comment = window.session.add_comment(section_id=section, group="Tổ 2", text="Sẽ bị xóa")
    answers.append(0)
    window.delete_comment(comment.id)
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    window.actions_by_name["undo"].trigger()
    assert not window.session.store.comment(comment.id).deleted
    assert window.statusBar().currentMessage().startswith("Undone:")
    window.actions_by_name["redo"].trigger()
    assert window.statusBar().currentMessage().startswith("Redone:")


def test_escape_closes_the_find_bar_and_ctrl_e_exports_from_it(window, qtbot, monkeypatch):
    window.activateWindow()
    window.show_find_bar()
    edit = window.find_bar.edit
    asked: list[int] = []
    window.actions_by_name["export_pdf"].triggered.disconnect()
    window.actions_by_name["export_pdf"].triggered.connect(lambda: asked.append(1))
    qtbot.keyClick(edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == [1]
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_search_results_follow_the_arrow_keys_and_show_who_said_it(window, qtbot):
    from reviewer.ui.dialogs import HTML_ROLE, SearchDialog

    sections = [s for s in window.session.document.sections if s.id != "preamble"]
    for n, s in enumerate(sections[:3]):
        window.session.add_comment(section_id=s.id, group=f"Tổ {n + 4}", author="Lê Văn Đức",
                                   text=f"Đề nghị làm rõ chỉ tiêu thứ {n}")
    dialog = SearchDialog(window.session, window, label=window.section_label)
    chosen: list[tuple[str, str]] = []
    dialog.chosen.connect(lambda s, c: chosen.append((s, c)))
    qtbot.keyClicks(dialog.query, "chi tieu thu")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.results.currentRow() == 1 and dialog.query.text() == "chi tieu thu"
    html = dialog.results.item(1).data(HTML_ROLE)
    assert "<b><u>" in html and "[" not in html and "Lê Văn Đức" in html
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    section, comment = chosen[0]
    assert comment == dialog.results.item(1).data(Qt.ItemDataRole.UserRole)[1]
    assert dialog.status.text() == "3 results"


def test_search_says_when_it_lists_only_the_first_results(window, qtbot, monkeypatch):
    from reviewer.ui import dialogs

    monkeypatch.setattr(dialogs, "SEARCH_SHOWN", 5)
    section = window.current_section_id()
    window.session.add_comments([{"section_id": section, "group": "Tổ 2", "text": f"Đề nghị bổ sung số liệu {n}."}
                                 for n in range(8)])
    dialog = dialogs.SearchDialog(window.session, window, label=window.section_label)
    dialog.query.setText("de nghi bo sung")
    dialog.run_search()
    assert dialog.results.count() == 5
    assert dialog.status.text() == "The first 5 results: add a word to narrow them"


def test_reading_resumes_where_it_stopped(qtbot, tmp_path):
    db = tmp_path / "r.sqlite3"
    window = make_window(qtbot, db)
    open_sample(qtbot, window)
    first = window.current_section_id()
    assert window.session.section(first).text.strip()  # not an empty top-level heading
    target = a_section_with_text(window, 2).id
    window.select_section(target)
    window.close()
    window.session.store.close()
    again = make_window(qtbot, db)
    open_sample(qtbot, again)
    assert again.current_section_id() == target
    again.close()
    again.session.store.close()


def test_a_parent_read_with_its_sub_sections_files_a_quote_under_the_sub_section(window):
    doc = window.session.document
    parent = next(s for s in doc.sections if any(c.parent == s.id and len(c.text) > 40 for c in doc.sections))
    child = next(c for c in doc.sections if c.parent == parent.id and len(c.text) > 40)
    window.actions_by_name["with_subsections"].trigger()
    try:
        window.select_section(parent.id)
        shown = window.section_view.toPlainText()
        assert child.heading in shown and child.text.split()[0] in shown
        words = child.text.split()[:3]
        view = window.section_view
        at = shown.index(" ".join(words), shown.index(child.heading) + len(child.heading))
        cursor = view.textCursor()
        cursor.setPosition(at)
        cursor.setPosition(at + len(" ".join(words)), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        window.quote_selection()
        editor = window.panel.editor
        assert editor.section_id == child.id and child.number in editor.heading.text()
        editor.text.insertPlainText("Về mục con")
        editor.save()
        saved = window.session.comments(section_id=child.id)
        assert [(c.text, c.quote, c.quote_start) for c in saved] == [("Về mục con", " ".join(words),
                                                                      child.text.index(words[0]))]
        assert window.current_section_id() == parent.id
        assert window.section_view.show_quote(saved[0].id)  # the child's quote is marked in the parent's view
    finally:
        window.actions_by_name["with_subsections"].trigger()
    assert not window.settings.get("ui/with_subsections")


def test_comments_written_by_another_process_appear_without_a_click(window, qtbot):
    from reviewer.store import Store

    section = window.current_section_id()
    other = Store(window.session.store.path)  # as `reviewer comment add` would, from a terminal
    try:
        other.add_comment(draft_id=window.session.draft_id, section_id=section, group="Tổ 5",
                          text="Ý kiến nhập từ dòng lệnh", author="Hà")
    finally:
        other.close()
    assert "Ý kiến nhập từ dòng lệnh" not in window.panel.list.toPlainText()
    qtbot.waitUntil(lambda: "Ý kiến nhập từ dòng lệnh" in window.panel.list.toPlainText(), timeout=5000)
    assert not window.session.check_other_writers()  # seen once, not again


def test_group_presets_are_the_conference_s_names_in_every_language(qtbot):
    from reviewer import i18n
    from reviewer.ui.dialogs import IdentityDialog
    from reviewer.ui.session import Identity

    i18n.set_language("en")
    try:
        dialog = IdentityDialog(Identity(), [])
        qtbot.addWidget(dialog)
        assert [dialog.group.itemText(n) for n in range(3)] == ["Tổ 1", "Tổ 2", "Tổ 3"]
        assert dialog.windowTitle() == "Who is using this laptop?"
        # A new laptop is proposed no group: Enter would file every comment under the first one.
        assert dialog.group.currentText() == "" and not dialog.save.isEnabled()
        assert not dialog.needs_group.isHidden()  # why Save is greyed out
        dialog.group.setEditText("Tổ 4")
        assert dialog.save.isEnabled() and dialog.identity().group == "Tổ 4" and dialog.needs_group.isHidden()
        # Typed without accents, in capitals or with two spaces, a group listed is that group, not a new one.
        for typed in ("To 4", "TỔ  4", " to 4 "):
            dialog.group.setEditText(typed)
            assert dialog.identity().group == "Tổ 4", typed
        dialog.group.setEditText("Tổ 12")  # not listed: kept as typed
        assert dialog.identity().group == "Tổ 12"
        dialog.group.setEditText("  ")
        assert not dialog.save.isEnabled()
        dialog.role.setCurrentIndex(dialog.role.findData("ban_thu_ky"))  # the secretariat's own name
        assert dialog.save.isEnabled()
    finally:
        i18n.set_language(None)


def test_switching_language_keeps_the_window_s_size_and_title(window, monkeypatch):
    from reviewer import i18n
    from reviewer.ui import dialogs

    window.resize(1366, 705)
    QApplication.processEvents()
    size, title = window.size(), window.windowTitle().split(" — ")[0]
    monkeypatch.setattr(dialogs.LanguageDialog, "exec", lambda self: True)
    for code in ("vi", "en"):
        monkeypatch.setattr(dialogs.LanguageDialog, "language", lambda self, c=code: c)
        try:
            window.choose_language()
            QApplication.processEvents()
            assert window.size() == size and window.windowTitle().split(" — ")[0] == title
            assert window.minimumSizeHint().width() <= 1024  # a 1024x600 screen can still hold it
        finally:
            i18n.set_language(None)


def test_help_shows_the_shortcuts_and_where_things_are(window, monkeypatch):
    from PySide6.QtWidgets import QDialog

    shown: list[str] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append(self.browser.toPlainText()) or 0)
    window.actions_by_name["shortcuts"].trigger()
    window.actions_by_name["about"].trigger()
    sheet, about = shown
    assert "Ctrl+Shift+Q" in sheet and "Ctrl+Enter" in sheet and "F1" in sheet
    # Undo is listed as the command, not as the step it would undo now (found by fresh eyes).
    window.panel.editor.text.insertPlainText("Đề nghị làm rõ.")
    window.panel.editor.save_button.click()
    assert window.actions_by_name["undo"].text() != "&Undo"
    from reviewer.ui.about import shortcut_rows
    rows = dict(shortcut_rows(window))
    assert rows["Undo"] == "Ctrl+Z" and not any(what.startswith("Undo ") for what in rows)
    assert str(window.session.store.path) in about and "reviewer.log" in about


def test_tab_from_the_delegate_goes_to_the_text_and_never_removes_the_quote(window, qtbot):
    section = a_section_with_text(window)
    window.select_section(section.id)
    words = section.text.split()[:3]
    select_in_view(window, words[0], len(" ".join(words)))
    window.quote_selection()
    editor = window.panel.editor
    assert editor.clear_quote.focusPolicy() == Qt.FocusPolicy.NoFocus
    chain, widget = [], editor.author.lineEdit()
    for _n in range(4):  # the keyboard's path from the delegate onwards
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isVisibleTo(window):
            widget = widget.nextInFocusChain()
        chain.append(widget)
    assert editor.clear_quote not in chain and editor.text in chain


def test_a_comment_restored_after_a_crash_is_not_discarded_silently(window, answers, monkeypatch):
    from reviewer.ui import recovery

    section = window.current_section_id()
    state = {"draft": window.session.draft_id, "section": section, "comment": "",
             "fields": {"text": "Ý kiến viết dở trước khi mất điện", "author": "Hà", "kind": "gop_y"}}
    monkeypatch.setattr(recovery, "load_unsaved", lambda: state)
    answers.append(0)  # Restore
    window.offer_recovery()
    editor = window.panel.editor
    assert editor.text.toPlainText() == "Ý kiến viết dở trước khi mất điện" and editor.is_dirty()
    answers.append(2)  # Ctrl+N asks; Cancel keeps it
    window.new_comment()
    assert editor.text.toPlainText() == "Ý kiến viết dở trước khi mất điện"


def test_an_edit_saved_over_a_version_that_arrived_meanwhile_asks_first(window, answers):
    from reviewer.store import Store

    section = window.current_section_id()
    comment = window.session.add_comment(section_id=section, group="Tổ 2", text="Bản đầu")
    window.edit_comment(comment.id)
    window.panel.editor.text.setPlainText("Bản tôi sửa")
    other = Store(window.session.store.path)  # another laptop's edit, merged meanwhile
    try:
        other.edit_comment(comment.id, text="Bản máy khác sửa")
    finally:
        other.close()
    answers.append(2)  # Cancel: nothing saved, my text kept
    window.panel.editor.save()
    assert window.session.store.comment(comment.id).text == "Bản máy khác sửa"
    assert window.panel.editor.text.toPlainText() == "Bản tôi sửa"
    answers.append(0)  # Save mine: theirs stays in the history
    window.panel.editor.save()
    assert window.session.store.comment(comment.id).text == "Bản tôi sửa"
    assert "Bản máy khác sửa" in [v["text"] for v in window.session.store.versions(comment.id)]


def test_alt_down_in_a_drop_down_list_opens_it_and_stays_on_the_section(window, monkeypatch):
    from PySide6.QtWidgets import QComboBox

    opened: list[QComboBox] = []
    monkeypatch.setattr(QComboBox, "showPopup", lambda self: opened.append(self))
    before = window.current_section_id()
    window.panel.editor.kind.setFocus()
    QApplication.processEvents()
    if QApplication.focusWidget() is not window.panel.editor.kind:
        pytest.skip("no keyboard focus offscreen")
    window.actions_by_name["next_section"].trigger()
    assert window.current_section_id() == before and opened == [window.panel.editor.kind]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_editor_s_alt_letters_leave_the_menus_their_own(qtbot, tmp_path, language):
    from reviewer import i18n

    i18n.set_language(language)
    try:
        w = make_window(qtbot, tmp_path / "r.sqlite3")

        def letter(text: str) -> str:
            at = text.replace("&&", "").find("&")
            return text.replace("&&", "")[at + 1].lower() if at >= 0 else ""

        menus = {letter(a.text()) for a in w.menuBar().actions()}
        editor = w.panel.editor
        from PySide6.QtWidgets import QLabel, QPushButton

        fields = [letter(x.text()) for x in editor.findChildren(QLabel) + editor.findChildren(QPushButton)]
        fields = [f for f in fields if f]
        assert len(fields) >= 7 and not menus & set(fields), (menus, fields)
        assert len(fields) == len(set(fields))
        w.close()
        w.session.store.close()
    finally:
        i18n.set_language(None)


def test_an_alt_letter_that_is_no_shortcut_types_nothing_into_the_comment(qtbot, window):
    window.new_comment()
    editor = window.panel.editor
    editor.text.setFocus()
    editor.text.insertPlainText("Tổ thống nhất")  # (QTest types Latin-1 only)
    for key in (Qt.Key.Key_M, Qt.Key.Key_J, Qt.Key.Key_Q):
        qtbot.keyClick(editor.text, key, Qt.KeyboardModifier.AltModifier)
    assert editor.text.toPlainText() == "Tổ thống nhất"
    qtbot.keyClick(editor.text, Qt.Key.Key_A)
    assert editor.text.toPlainText() == "Tổ thống nhấta"  # ordinary typing is untouched
    qtbot.keyClick(editor.proposal, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert editor.proposal.toPlainText() == ""
    editor.text.clear()
    editor.cancel_button.click()  # nothing left to save


def test_the_editors_heading_stays_in_view_when_tab_reaches_its_last_field(qtbot, window):
    window.resize(1366, 740)  # a delegate's laptop, less the taskbar
    window.show()
    qtbot.waitExposed(window)
    window.new_comment()
    editor = window.panel.editor
    editor.supporters.setFocus()
    qtbot.waitUntil(lambda: editor.supporters.hasFocus())
    QApplication.processEvents()
    assert "—" in editor.heading.text()  # "New comment — section …"
    assert not editor.supporters.visibleRegion().isEmpty()
    assert not editor.heading.visibleRegion().isEmpty()
    editor.cancel_button.click()


def test_the_secretariat_says_so_and_is_filed_under_its_own_name_not_a_preset_group(window, qtbot, monkeypatch):
    from reviewer.ui import main_window as main_window_module
    from reviewer.ui.dialogs import SECRETARIAT_GROUP, IdentityDialog
    from reviewer.ui.session import Identity

    dialog = IdentityDialog(Identity(), ["Tổ 2"])
    qtbot.addWidget(dialog)
    dialog.group.setEditText("Tổ 1")  # the first preset, never chosen: this conference knows only Tổ 2
    dialog.role.setCurrentIndex(dialog.role.findData("ban_thu_ky"))
    assert dialog.group.currentText() == SECRETARIAT_GROUP
    # Never a group and the secretariat at once: the group gives way, and comes back with another role.
    chosen = IdentityDialog(Identity(), ["Tổ 2"])
    qtbot.addWidget(chosen)
    chosen.group.setEditText("Tổ 2")
    chosen.role.setCurrentIndex(chosen.role.findData("ban_thu_ky"))
    assert chosen.group.currentText() == SECRETARIAT_GROUP and not chosen.group.isEnabled()
    chosen.role.setCurrentIndex(chosen.role.findData("thu_ky"))
    assert chosen.group.currentText() == "Tổ 2" and chosen.group.isEnabled()
    assert chosen.identity().group == "Tổ 2"
    chosen.group.setEditText(SECRETARIAT_GROUP)  # choosing the secretariat's name chooses its role
    assert chosen.role.currentData() == "ban_thu_ky"
    reopened = IdentityDialog(Identity("Lê Thị Hoa", SECRETARIAT_GROUP, "ban_thu_ky"), ["Tổ 2"])
    qtbot.addWidget(reopened)
    assert not reopened.group.isEnabled() and reopened.identity().group == SECRETARIAT_GROUP
    reopened.role.setCurrentIndex(reopened.role.findData("thu_ky"))  # which group is not known: asked, not guessed
    assert reopened.group.isEnabled() and reopened.group.currentText() == ""

    dialog.name.setText("Nguyễn Văn An")
    monkeypatch.setattr(main_window_module, "IdentityDialog", lambda *a: dialog)
    monkeypatch.setattr(dialog, "exec", lambda: True)
    window.ask_identity()
    assert window.session.identity == Identity("Nguyễn Văn An", SECRETARIAT_GROUP, "ban_thu_ky")
    assert window.identity_label.text() == "Recording as: Nguyễn Văn An — Ban thư ký (conference secretariat)"
    from reviewer import i18n

    i18n.set_language("vi")  # the group says the role already: not "Ban thư ký (ban thư ký hội nghị)"
    try:
        window._update_status()
        assert window.identity_label.text().endswith("Nguyễn Văn An — Ban thư ký")
    finally:
        i18n.set_language(None)
    assert SECRETARIAT_GROUP not in window.session.store.groups()  # not one of the groups a tally counts


def test_a_card_shows_the_drafting_committees_answer_on_a_line_of_its_own(window, qtbot):
    section = window.current_section_id()
    answered = window.session.add_comment(section_id=section, group="Tổ 3", text="Đề nghị bổ sung số liệu.",
                                          supporters=2)
    window.session.edit_comment(answered.id, status="tiep_thu", response="Đã bổ sung vào mục I.3.\nXem bảng 2.")
    window.select_section(section)
    text = window.panel.list.toPlainText()
    assert "2 supporters\n↳ Drafting committee (accepted): Đã bổ sung vào mục I.3.\nXem bảng 2." in text


def test_a_card_scrolled_to_shows_its_top_edge(window, qtbot):
    from PySide6.QtCore import QPoint

    section = window.current_section_id()
    added = [window.session.add_comment(section_id=section, group="Tổ 4", text=f"Ý kiến thứ {n} về mục này.")
             for n in range(40)]
    window.show_comment(added[25].id)
    shown = window.panel.list
    qtbot.waitUntil(lambda: shown.verticalScrollBar().value() > 0)
    top = shown.cursorForPosition(QPoint(4, 2)).block().text()
    assert "Ý kiến thứ 25 " not in top and "Ý kiến thứ 24 " in shown.toPlainText()
    # The line at the top of the view comes before the card's own first line.
    first_line = shown.document().find("Ý kiến thứ 25 ").block().previous()
    assert shown.cursorForPosition(QPoint(4, 2)).block().blockNumber() < first_line.blockNumber()


def test_f6_goes_round_the_outline_the_text_the_comments_and_the_comment(window, qtbot):
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitActive(window)
    editor = window.panel.editor.text
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    visited = []
    for _n in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        visited.append(QApplication.focusWidget())
    assert visited == [window.tree, window.section_view, window.panel.list, editor]
    qtbot.keyClick(editor, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.panel.list


def test_the_shortcuts_sheet_scrolls_from_the_keyboard(window, qtbot):
    """Opened with F1, the sheet takes the keyboard: Page Down scrolls it (found by fresh eyes: no key did)."""
    from PySide6.QtCore import Qt

    from reviewer.ui.about import shortcuts_dialog

    dialog = shortcuts_dialog(window)
    qtbot.addWidget(dialog)
    dialog.resize(560, 200)  # shorter than the sheet
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.browser.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_PageDown)
    assert dialog.focusWidget() is dialog.browser and bar.value() > 0
