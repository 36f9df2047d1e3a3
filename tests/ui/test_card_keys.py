"""The section's comments from the keyboard: F6 reaches them, ↑ / ↓ choose the current card, Enter or F2
edits it, Delete deletes it, Shift+F10 offers every link of the card (found by fresh eyes: a card's Edit
and Delete took four to eight Tabs through the filters and the links, with a faint mark)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


@pytest.fixture
def window(sample_window, qtbot):
    sample_window.activateWindow()
    qtbot.waitActive(sample_window)
    return sample_window


def _three_comments(window):
    section = window.current_section_id()
    return [window.session.add_comment(section_id=section, group="Tổ 2", author="Lê Văn Bình",
                                       text=f"Ý kiến số {n}: đề nghị làm rõ chỉ tiêu tăng trưởng.") for n in (1, 2, 3)]


def _focused(cards, qtbot) -> list[str]:
    """The list given the keyboard; the ids of its cards, in order."""
    cards.setFocus()
    qtbot.waitUntil(cards.hasFocus)
    return [c.id for c in cards.comments]


def _frame(cards, comment_id):
    table = cards._table(comment_id)
    return table.format().border(), table.format().borderBrush().color().name()


def test_f6_reaches_the_cards_and_the_arrows_choose_one(window, qtbot):
    added = _three_comments(window)
    cards = window.panel.list
    window.section_view.setFocus()
    qtbot.waitUntil(window.section_view.hasFocus)
    qtbot.keyClick(window.section_view, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is cards
    shown = [c.id for c in cards.comments]
    assert cards.current() == shown[0]
    assert _frame(cards, shown[0]) == (3, "#2a6fdb")
    assert _frame(cards, shown[1])[0] == 1
    assert "↑ / ↓" in window.statusBar().currentMessage()
    qtbot.keyClick(cards, Qt.Key.Key_Down)
    qtbot.keyClick(cards, Qt.Key.Key_Down)
    qtbot.keyClick(cards, Qt.Key.Key_Down)  # stays on the last
    assert cards.current() == shown[-1] and shown[-1] in {c.id for c in added}
    assert _frame(cards, shown[-1]) == (3, "#2a6fdb") and _frame(cards, shown[0])[0] == 1
    qtbot.keyClick(cards, Qt.Key.Key_Up)
    assert cards.current() == shown[-2]
    # Out of the list, no card looks chosen; back in, the same card is.
    qtbot.keyClick(cards, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.panel.editor.text
    assert _frame(cards, shown[-2])[0] == 1
    qtbot.keyClick(window.panel.editor.text, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert cards.current() == shown[-2] and _frame(cards, shown[-2])[0] == 3


def test_enter_edits_the_current_card_and_delete_deletes_it(window, qtbot, answers):
    added = _three_comments(window)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    qtbot.keyClick(cards, Qt.Key.Key_Down)
    qtbot.keyClick(cards, Qt.Key.Key_Return)
    editor = window.panel.editor
    assert editor.editing_id == ids[1]
    assert editor.text.toPlainText() == window.session.store.comment(ids[1]).text
    window.panel.editor.reset()
    _focused(cards, qtbot)
    second = ids[1]
    cards.set_current(second)
    answers.append(0)  # "Delete"
    qtbot.keyClick(cards, Qt.Key.Key_Delete)
    assert window.session.store.comment(second).deleted
    assert second not in [c.id for c in cards.comments]
    window.undo_stack.undo()
    assert not window.session.store.comment(second).deleted
    assert {c.id for c in added} <= {c.id for c in cards.comments}


def test_f2_edits_and_a_link_reached_by_tab_is_followed_by_enter(window, qtbot, answers):
    _three_comments(window)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    cards.set_current(ids[2])
    qtbot.keyClick(cards, Qt.Key.Key_F2)
    assert window.panel.editor.editing_id == ids[2]
    window.panel.editor.reset()
    requested = []
    cards.delete_requested.connect(requested.append)
    _focused(cards, qtbot)
    cards.set_current(ids[0])
    qtbot.keyClick(cards, Qt.Key.Key_Tab)  # the first card's Edit link
    qtbot.keyClick(cards, Qt.Key.Key_Tab)  # its Delete link
    assert cards.chosen_link() == f"delete:{ids[0]}"
    answers.append(1)  # "Cancel": the link asked, nothing deleted
    qtbot.keyClick(cards, Qt.Key.Key_Return)
    assert requested == [ids[0]] and not window.session.store.comment(ids[0]).deleted


def test_the_menu_key_offers_the_current_cards_links(window, qtbot, monkeypatch):
    _three_comments(window)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    qtbot.keyClick(cards, Qt.Key.Key_Down)
    offered = []

    def record(menu, where):
        offered.extend(a.text() for a in menu.actions() if a.text())
        edit = next(a for a in menu.actions() if a.text() == "Edit" or a.text() == "Sửa")
        edit.trigger()

    monkeypatch.setattr(cards, "popup", record)
    qtbot.keyClick(cards, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert offered[:2] in (["Edit", "Delete"], ["Sửa", "Xóa"])
    assert window.panel.editor.editing_id == ids[1]
    assert cards.card_links(ids[1])[:2] == [(f"edit:{ids[1]}", offered[0]), (f"delete:{ids[1]}", offered[1])]
    window.panel.editor.reset()


def test_one_card_looks_chosen_and_an_edit_begun_there_ends_there(window, qtbot, answers):
    """Found by fresh eyes: the card chosen before kept a blue frame beside the new one; after saving an
    edit begun from the cards, the keyboard stayed in a blank form and another card was chosen."""
    _three_comments(window)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    qtbot.keyClick(cards, Qt.Key.Key_Down)
    assert [_frame(cards, i) for i in ids] == [(1, "#bbbbbb"), (3, "#2a6fdb"), (1, "#bbbbbb"), (1, "#bbbbbb")][
        :len(ids)]
    qtbot.keyClick(cards, Qt.Key.Key_Return)
    editor = window.panel.editor
    assert editor.text.hasFocus() and _frame(cards, ids[1]) == (1, "#2a6fdb")  # still marked while edited
    editor.text.setPlainText("Ý kiến số 2, đã sửa: đề nghị bổ sung số liệu năm 2024.")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.store.comment(ids[1]).text.endswith("số liệu năm 2024.")
    assert QApplication.focusWidget() is cards and cards.current() == ids[1]
    # Esc leaves an edit begun there, and goes back there too.
    qtbot.keyClick(cards, Qt.Key.Key_Down)
    qtbot.keyClick(cards, Qt.Key.Key_F2)
    assert editor.editing_id == ids[2] and editor.text.hasFocus()
    qtbot.keyClick(editor.text, Qt.Key.Key_Escape)
    assert editor.editing_id == "" and QApplication.focusWidget() is cards and cards.current() == ids[2]
    # Esc on a new comment being written throws nothing away.
    editor.text.setFocus()
    editor.text.setPlainText("Một ý kiến mới đang ghi.")
    qtbot.keyClick(editor.text, Qt.Key.Key_Escape)
    assert editor.text.toPlainText() == "Một ý kiến mới đang ghi."
    editor.reset()


def test_a_deleted_card_passes_the_choice_on_and_undo_gives_it_back(window, qtbot, answers):
    _three_comments(window)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    cards.set_current(ids[1])
    answers.append(0)  # "Delete"
    qtbot.keyClick(cards, Qt.Key.Key_Delete)
    assert cards.current() == ids[2] and _frame(cards, ids[2]) == (3, "#2a6fdb")
    window.undo_stack.undo()
    assert cards.current() == ids[1] and ids[1] in [c.id for c in cards.comments]
    cards.set_current(ids[-1])
    answers.append(0)
    qtbot.keyClick(cards, Qt.Key.Key_Delete)  # the last one: the one before it is chosen
    assert cards.current() == ids[-2]


def test_tab_goes_on_from_the_chosen_card_and_a_link_reached_chooses_its_card(window, qtbot):
    _three_comments(window)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    cards.set_current(ids[1])
    qtbot.keyClick(cards, Qt.Key.Key_Tab)
    assert cards.chosen_link() == f"edit:{ids[1]}"
    qtbot.keyClick(cards, Qt.Key.Key_Tab)
    qtbot.keyClick(cards, Qt.Key.Key_Tab)  # on to the next card's first link: it becomes the chosen one
    assert cards.chosen_link() == f"edit:{ids[2]}"
    assert cards.current() == ids[2] and _frame(cards, ids[1])[1] == "#bbbbbb"
    cards.set_current(ids[1])  # Shift+Tab from a card: its last link
    qtbot.keyClick(cards, Qt.Key.Key_Backtab)
    assert cards.chosen_link() == f"delete:{ids[1]}"


def test_home_end_and_pages_choose_cards_and_down_goes_on_past_the_cards_shown(window, qtbot, monkeypatch):
    from reviewer.ui import cards as card_module

    monkeypatch.setattr(card_module, "CARDS_SHOWN", 5)
    section = window.current_section_id()
    for n in range(12):
        window.session.add_comment(section_id=section, group="Tổ 7", text=f"Ý kiến thứ {n} về mục này. " * 4)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    assert len(ids) >= 12 and cards.limit == 5
    qtbot.keyClick(cards, Qt.Key.Key_End)
    assert cards.current() == ids[4]
    qtbot.keyClick(cards, Qt.Key.Key_Down)  # past the last card shown: the next ones come, the next is chosen
    assert cards.limit == 10 and cards.current() == ids[5]
    qtbot.keyClick(cards, Qt.Key.Key_Home)
    assert cards.current() == ids[0] and cards.verticalScrollBar().value() == 0
    qtbot.keyClick(cards, Qt.Key.Key_PageDown)
    chosen = cards.current()
    assert chosen != ids[0]
    top = cards.document().documentLayout().frameBoundingRect(cards._table(chosen)).top()
    assert cards.verticalScrollBar().value() <= top < cards.verticalScrollBar().value() + cards.viewport().height()


def test_the_form_opens_at_its_top_for_each_comment(window, qtbot):
    _three_comments(window)
    window.resize(1366, 560)
    panel = window.panel
    bar = panel.editor_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    panel.editor.save_button.setFocus()  # Tab to the buttons scrolls the form down
    bar.setValue(bar.maximum())
    window.edit_comment(panel.list.comments[0].id)
    assert bar.value() == 0
    panel.editor.reset()


def test_a_click_into_the_list_chooses_the_card_clicked_without_scrolling_away(window, qtbot):
    from PySide6.QtCore import QPoint

    section = window.current_section_id()
    for n in range(12):
        window.session.add_comment(section_id=section, group="Tổ 7", text=f"Ý kiến thứ {n} về mục này. " * 3)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    cards.set_current(ids[0])
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus)
    bar = cards.verticalScrollBar()
    bar.setValue(bar.maximum())  # the reader scrolled down with the wheel
    at = bar.value()
    target = cards._table(ids[-1])
    top = int(cards.document().documentLayout().frameBoundingRect(target).top()) - at
    qtbot.mouseClick(cards.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(30, top + 12))
    assert bar.value() == at and cards.current() == ids[-1]


def test_page_keys_in_a_short_section_go_to_its_ends_not_back(window, qtbot):
    """Found by fresh eyes: in a section of five cards, Page Down went back to the second card."""
    _three_comments(window)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    qtbot.keyClick(cards, Qt.Key.Key_Home)
    qtbot.keyClick(cards, Qt.Key.Key_PageDown)
    assert cards.current() == ids[-1]
    qtbot.keyClick(cards, Qt.Key.Key_PageDown)
    assert cards.current() == ids[-1]
    qtbot.keyClick(cards, Qt.Key.Key_PageUp)
    assert cards.current() == ids[0]


def test_shift_tab_walks_back_through_every_card(window, qtbot):
    """Found by fresh eyes: Shift+Tab went round the last card's two links for ever."""
    _three_comments(window)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    qtbot.keyClick(cards, Qt.Key.Key_End)
    reached = []
    for _n in range(2 * len(ids)):
        qtbot.keyClick(cards, Qt.Key.Key_Backtab)
        reached.append(cards.chosen_link())
    expected = [f"{action}:{i}" for i in reversed(ids) for action in ("delete", "edit")]
    assert reached == expected and cards.current() == ids[0]


def test_the_find_bar_keeps_its_keys_to_itself(window, qtbot):
    """Found by fresh eyes: with the find bar open, Esc in a comment being edited closed the bar and left the
    edit open; Shift+Enter in the comment went to the previous match instead of a new line."""
    _three_comments(window)
    window.show_find_bar()
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    qtbot.keyClick(cards, Qt.Key.Key_F2)
    editor = window.panel.editor
    qtbot.keyClick(editor.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert editor.text.toPlainText().count("\n") == 1 and window.find_bar.isVisible()
    editor.text.undo()
    qtbot.keyClick(editor.text, Qt.Key.Key_Escape)
    assert editor.editing_id == "" and window.find_bar.isVisible() and cards.current() == ids[0]
    window.find_bar.edit.setFocus()  # in the bar itself, Esc closes it
    qtbot.waitUntil(window.find_bar.edit.hasFocus)
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_each_section_keeps_its_chosen_card_and_the_keys_always_have_one(window, qtbot):
    """Found by fresh eyes: a card chosen in another section meanwhile made the first one forget its own, and
    after a change of section with the keys in the list, Enter did nothing until an arrow was pressed."""
    first = window.current_section_id()
    _three_comments(window)
    cards = window.panel.list
    ids = _focused(cards, qtbot)
    cards.set_current(ids[1])
    window._step_section(+1)
    second = window.current_section_id()
    assert second != first and QApplication.focusWidget() is cards
    for n in (1, 2):
        window.session.add_comment(section_id=second, group="Tổ 2", text=f"Ý kiến thứ {n} ở mục sau.")
    qtbot.waitUntil(lambda: len(cards.comments) == 2)
    assert cards.current() == cards.comments[0].id  # the keys have a card at once
    other = cards.comments[0].id
    qtbot.keyClick(cards, Qt.Key.Key_Return)
    assert window.panel.editor.editing_id == other
    window.panel.editor.reset()
    _focused(cards, qtbot)
    qtbot.keyClick(cards, Qt.Key.Key_Down)  # a card chosen here too
    assert cards.current() == cards.comments[1].id
    window.select_section(first)
    qtbot.waitUntil(lambda: window.current_section_id() == first)
    assert cards.current() == ids[1]


def test_tab_goes_from_the_cards_to_the_form_with_no_stop_between(window):
    """Found by fresh eyes: after the cards, Tab stopped on the form's scroll area, where nothing showed it."""
    from PySide6.QtCore import Qt as QtNS

    first_field = window.panel.editor.kind
    between, widget = [], window.panel.list.nextInFocusChain()
    while widget is not first_field and widget is not window.panel.list:
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & QtNS.FocusPolicy.TabFocus:
            between.append(type(widget).__name__)
        widget = widget.nextInFocusChain()
    assert widget is first_field and between == []
