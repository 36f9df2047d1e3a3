"""The Consolidation tab, driven as the secretariat drives it: from the keyboard, with filters on."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit, QToolTip  # noqa: E402

from reviewer.docx import read_document  # noqa: E402
from reviewer.exchange import export_package, import_packages  # noqa: E402
from reviewer.paths import sample_draft  # noqa: E402
from reviewer.store import Store  # noqa: E402
from reviewer.ui.consolidation import INDENT, LABEL_ROLE  # noqa: E402
from reviewer.ui.models import COMMENT_ID_ROLE  # noqa: E402
from reviewer.ui.table_model import COLUMNS  # noqa: E402
from tests.ui.helpers import make_window, open_sample  # noqa: E402

FARMING = "PHẦN THỨ NHẤT › I.3.1.a) Trồng trọt"


def section_id(window, heading: str) -> str:
    return next(s.id for s in window.session.document.sections if s.heading == heading)


@pytest.fixture
def window(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path / "secretariat.sqlite3")
    open_sample(qtbot, window)
    window.tabs.setCurrentWidget(window.consolidation)
    window.activateWindow()
    qtbot.waitActive(window)
    yield window
    window.close()
    window.session.store.close()


def add(window, heading: str, group: str, text: str, **fields):
    return window.session.add_comment(section_id=section_id(window, heading), group=group, text=text, **fields)


def focused():
    return QApplication.focusWidget()


def type_text(widget, text: str) -> None:
    """Type as a Vietnamese keyboard does: QTest's key clicks know ASCII only."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def test_f2_on_any_cell_of_a_row_edits_its_status(qtbot, window):
    comment = add(window, "a) Trồng trọt", "Tổ 2", "Đề nghị bổ sung diện tích lúa chất lượng cao.")
    view = window.consolidation
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    view.table.setFocus()
    assert view.select_comment(comment.id, "text")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    assert isinstance(focused(), QComboBox)
    assert view.table.currentIndex().column() == COLUMNS.index("status")
    assert view.current_comment_id() == comment.id


def test_status_by_keyboard_then_tab_to_a_two_line_response_keeps_the_row(qtbot, window, qtlog):
    comments = [add(window, h, "Tổ 1", f"Ý kiến {n}.") for n, h in enumerate(
        ("1. Tăng trưởng kinh tế và các chỉ tiêu chủ yếu", "a) Trồng trọt", "2. Tài chính, ngân sách, tín dụng"))]
    target = comments[1]
    view = window.consolidation
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 3)
    view.table.setFocus()
    assert view.select_comment(target.id, "status")

    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    combo = focused()
    assert isinstance(combo, QComboBox)
    while combo.currentData() != "tiep_thu":
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(focused(), QPlainTextEdit))
    assert window.session.store.comment(target.id).status == "tiep_thu"
    assert view.current_comment_id() == target.id
    assert view.table.currentIndex().column() == COLUMNS.index("response")

    editor = focused()
    # The editor offers room for a paragraph, whatever the column's width, and leaves the row's
    # status in view beside it.
    assert editor.height() >= 5 * editor.fontMetrics().lineSpacing()
    row = view.table.currentIndex().row()
    status_cell = view.table.visualRect(view.proxy.index(row, COLUMNS.index("status")))
    assert editor.geometry().left() > status_cell.right()
    assert editor.geometry().right() <= view.table.viewport().rect().right()
    type_text(editor, "Tiếp thu, đã bổ sung số liệu.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # a new line, not the end of the edit
    type_text(editor, "Xem mục I.3.1.")
    assert window.session.store.comment(target.id).response == ""
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.store.comment(target.id).response
                    == "Tiếp thu, đã bổ sung số liệu.\nXem mục I.3.1.")
    stored = window.session.store.comment(target.id)
    assert stored.status == "tiep_thu"
    assert view.current_comment_id() == target.id  # the row stays current after the saves
    assert view.table.currentIndex().column() == COLUMNS.index("response")
    assert not [r for r in qtlog.records if "does not belong" in r.message]
    # Undo takes back the response, then the status: one step each.
    window.undo_stack.undo()
    assert window.session.store.comment(target.id).response == ""
    window.undo_stack.undo()
    assert window.session.store.comment(target.id).status == "moi"


def test_escape_cancels_the_response_and_tab_goes_on_to_the_next_status(qtbot, window):
    first = add(window, "1. Tăng trưởng kinh tế và các chỉ tiêu chủ yếu", "Tổ 1", "Ý kiến một.")
    add(window, "2. Tài chính, ngân sách, tín dụng", "Tổ 2", "Ý kiến hai.")
    view = window.consolidation
    view.table.setFocus()
    assert view.select_comment(first.id, "response")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)  # the row's status first, wherever the current cell is
    assert isinstance(focused(), QComboBox)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(focused(), QPlainTextEdit))
    editor = focused()
    type_text(editor, "Chưa chắc")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused() is view.table)
    assert window.session.store.comment(first.id).response == ""

    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(focused(), QPlainTextEdit))
    type_text(focused(), "Giữ nguyên.")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(focused(), QComboBox))
    assert window.session.store.comment(first.id).response == "Giữ nguyên."
    index = view.table.currentIndex()
    assert index.row() == 1 and index.column() == COLUMNS.index("status")


def other_laptop(tmp_path, group: str, text: str):
    store = Store(tmp_path / f"{group}.sqlite3")
    draft = store.register_draft(read_document(sample_draft()))
    section = store.sections(draft["id"])[5]["id"]
    store.add_comment(draft_id=draft["id"], section_id=section, group=group, text=text)
    path = tmp_path / f"{group}.gopy"
    export_package(store, draft["id"], path)
    store.close()
    return path


def test_comments_arriving_while_a_response_is_typed_keep_the_editor_and_the_text(qtbot, window, tmp_path, qtlog):
    mine = add(window, "2. Tài chính, ngân sách, tín dụng", "Tổ 1", "Đề nghị làm rõ nguồn thu.")
    view = window.consolidation
    view.table.setFocus()
    assert view.select_comment(mine.id, "response")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(focused(), QPlainTextEdit))
    editor = focused()
    type_text(editor, "Đang trả lời")
    window.session.receive_packages([other_laptop(tmp_path, "Tổ 5", "Ý kiến từ máy khác.")])
    assert view.model.rowCount() == 2
    assert editor.isVisible() and focused() is editor and view.current_comment_id() == mine.id
    assert editor.toPlainText() == "Đang trả lời"
    type_text(editor, " ý kiến.")
    qtbot.keyClick(editor, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.store.comment(mine.id).response == "Đang trả lời ý kiến.")
    assert view.current_comment_id() == mine.id
    assert not [r for r in qtlog.records if "does not belong" in r.message]


def test_the_footer_counts_what_the_filters_show(qtbot, window):
    for n in range(3):
        add(window, "1. Tăng trưởng kinh tế và các chỉ tiêu chủ yếu", "Tổ 1", f"Ý kiến {n} của Tổ 1.")
    add(window, "a) Trồng trọt", "Tổ 3", "Ý kiến của Tổ 3.", status="tiep_thu")
    add(window, "b) Chăn nuôi, thủy sản", "Tổ 3", "Ý kiến khác của Tổ 3.")
    view = window.consolidation
    qtbot.waitUntil(lambda: view.counts.text().startswith("5 comments on 3 sections · 1 answered."))
    assert "By group: Tổ 1: 3, Tổ 3: 2" in view.counts.text()
    group = view.filters["group"]
    group.setCurrentIndex(group.findData("Tổ 3"))
    qtbot.waitUntil(lambda: view.counts.text().startswith("2 of 5 comments shown, on 2 sections · 1 answered."))
    assert "By group: Tổ 3: 2" in view.counts.text() and "Tổ 1" not in view.counts.text()
    status = view.filters["status"]
    status.setCurrentIndex(status.findData("moi"))
    qtbot.waitUntil(lambda: view.counts.text().startswith("1 of 5 comments shown, on 1 section · 0 answered."))


def test_sections_are_named_with_their_parents_numbers(qtbot, window):
    add(window, "a) Trồng trọt", "Tổ 1", "Về trồng trọt.")
    add(window, "3.2. Lâm nghiệp", "Tổ 2", "Về lâm nghiệp.")
    add(window, "1. Tăng trưởng kinh tế và các chỉ tiêu chủ yếu", "Tổ 2", "Về tăng trưởng.")
    view = window.consolidation
    labels = {view.proxy.index(r, COLUMNS.index("section")).data() for r in range(view.proxy.rowCount())}
    assert labels == {FARMING, "PHẦN THỨ NHẤT › I.3.2. Lâm nghiệp",
                      "PHẦN THỨ NHẤT › I.1. Tăng trưởng kinh tế và các chỉ tiêu chủ yếu"}

    # The filter lists the outline indented, in a list of bounded height, and names the choice in full.
    combo = view.filters["section"]
    farming = combo.findData(section_id(window, "a) Trồng trọt"))
    assert combo.itemText(farming) == INDENT * 4 + "a) Trồng trọt"
    assert combo.itemData(farming, LABEL_ROLE) == FARMING
    assert combo.maxVisibleItems() <= 20 < combo.count()
    combo.showPopup()
    qtbot.waitUntil(lambda: combo.view().isVisible())
    rows = combo.view().height() / combo.view().sizeHintForRow(1)
    combo.hidePopup()
    assert rows <= combo.maxVisibleItems() + 1

    # Choosing a section shows the comments on it and on the sections within it.
    combo.setCurrentIndex(combo.findData(section_id(window, "3. Sản xuất nông, lâm nghiệp và xây dựng nông thôn mới")))
    assert combo.current_label() == "PHẦN THỨ NHẤT › I.3. Sản xuất nông, lâm nghiệp và xây dựng nông thôn mới"
    texts = {view.proxy.index(r, COLUMNS.index("text")).data() for r in range(view.proxy.rowCount())}
    assert texts == {"Về trồng trọt.", "Về lâm nghiệp."}
    combo.setCurrentIndex(farming)
    assert view.proxy.rowCount() == 1 and combo.current_label() == FARMING


def make_conflict(window, tmp_path, comment_id: str) -> None:
    """The same comment edited here and on another laptop before they exchange packages."""
    sent = tmp_path / "secretariat.gopy"
    export_package(window.session.store, window.session.draft_id, sent)
    other = Store(tmp_path / "other.sqlite3")
    other.register_draft(read_document(sample_draft()))  # the same draft, read on the other laptop
    import_packages(other, [sent])
    other.edit_comment(comment_id, text="Bản sửa trên máy kia.")
    back = tmp_path / "other.gopy"
    export_package(other, window.session.draft_id, back)
    other.close()
    window.session.edit_comment(comment_id, text="Bản sửa trên máy này.")
    window.session.receive_packages([back])
    assert window.session.store.comment(comment_id).conflict


def test_conflicts_are_marked_in_the_outline_and_the_table_and_can_be_filtered(qtbot, window, tmp_path):
    farming = add(window, "a) Trồng trọt", "Tổ 1", "Về trồng trọt.")
    add(window, "a) Trồng trọt", "Tổ 2", "Ý kiến khác.")
    add(window, "3.2. Lâm nghiệp", "Tổ 2", "Về lâm nghiệp.")
    make_conflict(window, tmp_path, farming.id)

    tree = window.tree_model
    counts = tree.index_of(farming.section).siblingAtColumn(1)
    assert counts.data() == "2 ✓ ⚠1"  # ✓: the user's group, Tổ 2, has spoken on it
    assert "two laptops" in counts.data(Qt.ItemDataRole.ToolTipRole)
    assert tree.index_of(section_id(window, "3.2. Lâm nghiệp")).siblingAtColumn(1).data() == "1 ✓"

    view = window.consolidation
    row = next(r for r in range(view.proxy.rowCount())
               if view.proxy.index(r, 0).data(COMMENT_ID_ROLE) == farming.id)
    text = view.proxy.index(row, COLUMNS.index("text"))
    assert text.data().startswith("⚠ ")
    assert "two laptops" in text.data(Qt.ItemDataRole.ToolTipRole)
    qtbot.waitUntil(lambda: "⚠ 1 in conflict" in view.counts.text())

    view.only_conflicts.setChecked(True)
    assert [view.proxy.index(r, 0).data(COMMENT_ID_ROLE) for r in range(view.proxy.rowCount())] == [farming.id]
    qtbot.waitUntil(lambda: view.counts.text().startswith("1 of 3 comments shown"))
    # Marked as checked, it leaves the filter and its marks go.
    window.session.resolve_conflict(farming.id)
    assert view.proxy.rowCount() == 0
    assert counts.data() == "2 ✓"
    view.only_conflicts.setChecked(False)
    assert view.proxy.rowCount() == 3


def test_a_row_answered_under_a_status_filter_stays_until_the_filter_changes(qtbot, tmp_path):
    from reviewer.ui.table_model import COLUMNS
    from tests.ui.helpers import make_window, open_sample

    window = make_window(qtbot, tmp_path / "kept.sqlite3")
    open_sample(qtbot, window)
    section = window.current_section_id()
    for n in range(3):
        window.session.add_comment(section_id=section, group="Tổ 2", text=f"Ý kiến số {n}")
    proxy = window.consolidation.proxy
    proxy.set_filter("status", "moi")
    shown = proxy.rowCount()
    first = proxy.index(0, COLUMNS.index("status"))
    answered = proxy.data(proxy.index(0, COLUMNS.index("text")))
    assert proxy.setData(first, "tiep_thu")
    # Still there, in the same place, for the response that follows it.
    assert proxy.rowCount() == shown and proxy.data(proxy.index(0, COLUMNS.index("text"))) == answered
    proxy.set_filter("status", "moi")
    assert proxy.rowCount() == shown - 1
    window.close()
    window.session.store.close()


def test_the_comment_column_takes_the_room_left_once_the_table_is_shown(qtbot, window):
    from PySide6.QtWidgets import QHeaderView

    view = window.consolidation
    header = view.table.horizontalHeader()
    assert header.sectionResizeMode(COLUMNS.index("text")) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(COLUMNS.index("group")) == QHeaderView.ResizeMode.Interactive
    window.resize(1366, 740)
    QApplication.processEvents()
    widest = max(range(len(COLUMNS)), key=header.sectionSize)
    assert COLUMNS[widest] == "text"  # on a delegate's laptop the comment has the most room


def test_a_stray_letter_on_the_answer_never_changes_it(qtbot, window):
    comment = add(window, "a) Trồng trọt", "Tổ 2", "Đề nghị bổ sung diện tích lúa chất lượng cao.")
    window.session.edit_comment(comment.id, status="tiep_thu", response="Đã bổ sung vào dự thảo.")
    view = window.consolidation
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    view.table.setFocus()
    assert view.select_comment(comment.id, "response")
    qtbot.keyClicks(view.table, "tiep")
    assert view.table.state() != view.table.State.EditingState
    assert QToolTip.text() == "Press F2, then Tab, to edit the answer."  # said, not silently dropped
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert window.session.store.comment(comment.id).response == "Đã bổ sung vào dự thảo."
    view.table.setCurrentIndex(view.proxy.index(0, COLUMNS.index("response")))
    qtbot.keyClick(view.table, Qt.Key.Key_F2)  # on purpose: edited
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(focused(), QPlainTextEdit))


def test_f2_after_an_answer_edits_the_row_marked_not_the_one_below(qtbot, window):
    """Answered with Ctrl+Enter, the current cell stays on the answer; Down, then F2 and Tab: the status and
    answer of the row marked, never the next row's status (found by fresh eyes)."""
    first = add(window, "1. Tăng trưởng kinh tế và các chỉ tiêu chủ yếu", "Tổ 1", "Ý kiến một.")
    second = add(window, "2. Tài chính, ngân sách, tín dụng", "Tổ 2", "Ý kiến hai.")
    add(window, "a) Trồng trọt", "Tổ 3", "Ý kiến ba.")
    view = window.consolidation
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 3)
    view.table.setFocus()
    assert view.select_comment(first.id, "status")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(focused(), QPlainTextEdit))
    type_text(focused(), "Tiếp thu.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: focused() is view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.current_comment_id() == second.id
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    assert isinstance(focused(), QComboBox) and view.current_comment_id() == second.id
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(focused(), QPlainTextEdit))
    assert view.current_comment_id() == second.id
    type_text(focused(), "Giải trình.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.store.comment(second.id).response == "Giải trình.")


def test_an_empty_table_says_why_and_what_brings_rows_back(qtbot, window):
    view = window.consolidation
    note = view.table.empty_note
    qtbot.waitUntil(lambda: not note.isHidden())
    assert "No comments on this draft yet" in note.text()

    add(window, "a) Trồng trọt", "Tổ 2", "Đề nghị bổ sung diện tích lúa chất lượng cao.", kind="sua_doi")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    qtbot.waitUntil(lambda: note.isHidden())

    kinds = view.filters["kind"]
    kinds.setCurrentIndex(kinds.findData("cau_hoi"))
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 0)
    qtbot.waitUntil(lambda: not note.isHidden())
    assert "No comment matches these filters" in note.text() and "Only conflicts" not in note.text()
    assert view.table.viewport().rect().contains(note.geometry())

    kinds.setCurrentIndex(0)
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    view.only_conflicts.setChecked(True)
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 0)
    qtbot.waitUntil(lambda: "Only conflicts" in note.text())
    view.only_conflicts.setChecked(False)
    qtbot.waitUntil(lambda: note.isHidden())


def test_the_supporters_column_says_what_it_counts(window):
    model = window.consolidation.model
    column = COLUMNS.index("supporters")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Supporters"
    tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "other delegates" in tip and "agrees with the draft" in tip
    assert model.headerData(COLUMNS.index("text"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_the_footer_names_a_provinces_first_units_and_all_of_them_on_hovering(qtbot, window):
    for n in range(1, 16):
        add(window, "a) Trồng trọt", f"Đảng bộ xã số {n}", f"Ý kiến của đơn vị {n}.")
    view = window.consolidation
    qtbot.waitUntil(lambda: view.counts.text().startswith("15 comments"))
    text = view.counts.text()
    assert "Đảng bộ xã số 1: 1, Đảng bộ xã số 2: 1" in text and "Đảng bộ xã số 12: 1 … and 3 more groups" in text
    assert "Đảng bộ xã số 13" not in text
    assert view.counts.toolTip().endswith("Đảng bộ xã số 14: 1, Đảng bộ xã số 15: 1")


def test_show_all_sets_every_filter_back_at_once(qtbot, window):
    add(window, "a) Trồng trọt", "Tổ 2", "Đề nghị bổ sung diện tích lúa chất lượng cao.", kind="sua_doi")
    add(window, "b) Chăn nuôi, thủy sản", "Tổ 3", "Làm rõ số liệu chăn nuôi.", kind="cau_hoi")
    view = window.consolidation
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2)
    assert not view.show_all.isEnabled()
    view.filters["group"].setCurrentIndex(view.filters["group"].findData("Tổ 2"))
    view.filters["kind"].setCurrentIndex(view.filters["kind"].findData("cau_hoi"))
    view.only_conflicts.setChecked(True)
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 0)
    qtbot.waitUntil(lambda: "Show all" in view.table.empty_note.text())
    assert view.show_all.isEnabled()
    resets = []
    view.model.modelReset.connect(lambda: resets.append(1))
    view.show_all.click()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2)
    assert len(resets) == 1  # one reading of the rows, not one per filter
    assert all(combo.currentIndex() == 0 for combo in view.filters.values()) and not view.only_conflicts.isChecked()
    qtbot.waitUntil(lambda: view.table.empty_note.isHidden())
    assert not view.show_all.isEnabled()


def test_answering_shows_the_comment_whole_in_its_row(qtbot, window):
    long = " ".join(["Đề nghị làm rõ nguồn vốn đầu tư công cho các dự án hạ tầng giao thông trọng điểm."] * 8)
    comment = add(window, "a) Trồng trọt", "Tổ 2", long)
    view = window.consolidation
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    row = view.proxy.index(0, 0).row()
    view.table.setRowHeight(row, view.table.verticalHeader().defaultSectionSize())  # as a province's rows are
    view.table.setFocus()
    assert view.select_comment(comment.id, "status")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(focused(), QPlainTextEdit))
    assert view.table.rowHeight(row) > 3 * view.table.verticalHeader().defaultSectionSize()  # the text's lines
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused() is view.table)
    assert view.table.rowHeight(row) == view.table.verticalHeader().defaultSectionSize()  # given back after


def test_a_comment_shows_the_passage_it_quotes_first(qtbot, window):
    """Found by fresh eyes: the table had no quote, so "Đề nghị thay cụm từ này" said nothing of which words."""
    farming = window.session.section(section_id(window, "a) Trồng trọt"))
    quote = " ".join(farming.text.split()[:4])
    start = farming.text.index(quote)
    add(window, "a) Trồng trọt", "Tổ 2", "Đề nghị thay cụm từ này bằng số liệu cụ thể.", quote=quote,
        quote_start=start, quote_end=start + len(quote))
    add(window, "a) Trồng trọt", "Tổ 3", "Nhất trí.")
    view = window.consolidation
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2)
    cells = {view.proxy.index(r, COLUMNS.index("text")).data() for r in range(2)}
    assert cells == {f"“{quote}”\nĐề nghị thay cụm từ này bằng số liệu cụ thể.", "Nhất trí."}
