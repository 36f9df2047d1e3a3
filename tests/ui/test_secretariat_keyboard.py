"""What a secretariat member driving the window from the keyboard ran into: a frozen window after choosing
their group, keys typed meanwhile choosing a filter, the group filter deaf to Enter, rows that Enter did not
open, the review queue's blank table, and two versions of one draft under one title."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

from reviewer import i18n  # noqa: E402
from reviewer.docx import open_draft  # noqa: E402
from reviewer.store import listing, revise  # noqa: E402
from reviewer.ui import busy as busy_module  # noqa: E402
from reviewer.ui import main_window as main_window_module  # noqa: E402
from reviewer.ui import revise_ui  # noqa: E402
from reviewer.ui.main_window import _window_title  # noqa: E402
from reviewer.ui.models import COMMENT_ID_ROLE  # noqa: E402
from reviewer.ui.searchable import NO_MATCH  # noqa: E402
from reviewer.ui.session import Identity  # noqa: E402
from reviewer.ui.table_model import COLUMNS  # noqa: E402
from tests.cli.test_cli_revise import KINH_TE, QUOC_PHONG, VAN_HOA, draft  # noqa: E402
from tests.ui.helpers import make_window  # noqa: E402
from tests.ui.test_consolidation import type_text  # noqa: E402


@pytest.fixture
def window(sample_window):
    return sample_window


def on_every_section(window, group: str) -> None:
    window.session.add_comments([{"section_id": s.id, "group": group, "text": f"Ý kiến của {group}."}
                                 for s in window.session.document.sections])


def cursor_shape():
    cursor = QApplication.overrideCursor()
    return cursor.shape() if cursor is not None else None


def test_choosing_ones_group_recounts_the_outline_in_one_pass_under_a_busy_cursor(qtbot, window, monkeypatch):
    on_every_section(window, "Tổ 9")
    sections = window.session.document.sections
    shown = sections[7].id
    window.select_section(shown)
    changes, cursors = [], []
    window.tree_model.dataChanged.connect(lambda *a: changes.append(a))
    counts = listing.section_counts

    def counting(*args, **kwargs):
        cursors.append(cursor_shape())
        return counts(*args, **kwargs)

    monkeypatch.setattr(listing, "section_counts", counting)

    class Saved:  # the identity dialog, answered "Tổ 9"
        def __init__(self, *args):
            pass

        def exec(self):
            return 1

        def identity(self):
            return Identity("Trần Văn Bình", "Tổ 9")

    monkeypatch.setattr(main_window_module, "IdentityDialog", Saved)
    window.ask_identity()

    # Every section changed (now the user's group's): one change of layout, not one redraw per section,
    # each of which measured the whole outline again (20 s on a province's draft).
    assert len(changes) < 5 < len(sections)
    assert cursors == [Qt.CursorShape.WaitCursor] and QApplication.overrideCursor() is None
    assert all(window.tree_model.index_of(s.id).data(Qt.ItemDataRole.FontRole).bold() for s in sections)
    assert window.current_section_id() == shown and window.tree.isExpanded(window.tree_model.index_of(sections[1].id))


@pytest.fixture
def consolidation(qtbot, window):
    for group in ("Tổ 1", "Tổ 3", "Tổ 13"):
        on_every_section(window, group)
    window.tabs.setCurrentWidget(window.consolidation)
    window.activateWindow()
    qtbot.waitActive(window)
    view = window.consolidation
    qtbot.waitUntil(lambda: view.filters["group"].count() == 4)
    return view


def test_keys_typed_while_a_filter_runs_are_dropped_not_applied_later(qtbot, window, consolidation, monkeypatch):
    view = consolidation
    sections = view.filters["section"]
    cursors, groups_read = [], []
    seqs, groups = listing.ordered_seqs, listing.comment_groups

    def slow_query(*args, **kwargs):
        cursors.append(cursor_shape())
        # "P" typed blind while the window is busy: it would choose "PHẦN THỨ NHẤT" in the section filter.
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.postEvent(sections, QKeyEvent(kind, Qt.Key.Key_P, Qt.KeyboardModifier.NoModifier, "P"))
        return seqs(*args, **kwargs)

    monkeypatch.setattr(listing, "ordered_seqs", slow_query)
    monkeypatch.setattr(listing, "comment_groups", lambda *a: groups_read.append(a) or groups(*a))
    monkeypatch.setattr(busy_module, "NOTICED_S", 0.0)  # as on a province's database, where it takes a second
    view.filters["group"].setCurrentIndex(view.filters["group"].findData("Tổ 3"))
    qtbot.wait(sections.finder.PAUSE_MS + 150)  # long enough for a letter that got through to choose

    assert cursors == [Qt.CursorShape.WaitCursor] and QApplication.overrideCursor() is None
    assert sections.currentIndex() == 0 and not view.filters["section"].currentData()
    assert {view.proxy.index(r, COLUMNS.index("group")).data() for r in range(view.proxy.rowCount())} == {"Tổ 3"}
    assert not groups_read  # a filter does not change which groups have comments
    # Typed when the window is not busy, the same keys do choose.
    qtbot.keyClicks(sections, "PHAN")
    qtbot.waitUntil(lambda: sections.currentData() == window.session.document.sections[1].id)


def test_keys_typed_during_a_pause_too_short_to_notice_are_kept(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    with busy_module.busy():
        QApplication.postEvent(edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    QApplication.processEvents()
    assert edit.text() == "a"


def test_enter_on_part_of_a_group_name_chooses_the_first_suggestion(qtbot, consolidation):
    view = consolidation
    combo = view.filters["group"]
    edit = combo.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "3")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert combo.currentData() == "Tổ 3" and edit.text() == "Tổ 3"
    assert view.model.filters["group"] == "Tổ 3" and not edit.property(NO_MATCH)

    edit.selectAll()
    qtbot.keyClicks(edit, "xyz")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    # Nothing matches: said so, and the filter stays what it was, the box showing it.
    assert edit.property(NO_MATCH) and "xyz" in edit.toolTip()
    assert view.model.filters["group"] == "Tổ 3" and edit.text() == "Tổ 3"
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert not edit.property(NO_MATCH) and "xyz" not in edit.toolTip()

    edit.selectAll()
    qtbot.keyClicks(edit, "to 1")  # without accents: as typed with no Vietnamese keyboard on
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert combo.currentData() == "Tổ 1" and edit.text() == "Tổ 1"

    edit.selectAll()
    qtbot.keyClicks(edit, "to 2")  # typed, not chosen, and the box left: it shows the filter in force
    view.table.setFocus()
    assert view.model.filters["group"] == "Tổ 1" and edit.text() == "Tổ 1"

    edit.selectAll()
    type_text(edit, "tổ 13")  # spelt in another case: the entry itself
    qtbot.keyClick(edit, Qt.Key.Key_Enter)
    assert combo.currentData() == "Tổ 13"


def test_rows_are_chosen_whole_and_enter_opens_the_comment(qtbot, window, consolidation):
    view = consolidation
    table = view.table
    table.setFocus()
    first = view.proxy.index(0, COLUMNS.index("text")).data(COMMENT_ID_ROLE)
    assert view.select_comment(first, "text")
    qtbot.keyClick(table, Qt.Key.Key_Down)
    row = table.currentIndex().row()
    assert row == 1 and table.selectionModel().isRowSelected(row)
    assert {i.row() for i in table.selectionModel().selectedIndexes()} == {row}
    assert len(table.selectionModel().selectedIndexes()) == len(COLUMNS)
    qtbot.keyClick(table, Qt.Key.Key_Right)  # the current cell still moves, within the row
    assert table.currentIndex().column() == COLUMNS.index("proposal") and table.selectionModel().isRowSelected(row)

    comment = window.session.store.comment(view.current_comment_id())
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 0
    assert window.current_section_id() == comment.section and window._highlight == comment.id

    window.tabs.setCurrentWidget(view)  # Enter on the status cell opens the comment too (F2 edits it)
    assert view.select_comment(first, "status")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # in the editor, Enter saves the status
    qtbot.waitUntil(lambda: window.session.store.comment(first).status != "moi")
    assert window.tabs.currentWidget() is view
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Enter)
    assert window.tabs.currentIndex() == 0 and window._highlight == first


def test_a_revision_says_its_version_and_an_empty_queue_says_nothing_is_left(qtbot, tmp_path):
    v1 = draft(tmp_path / "v1.docx", [("I. Kinh tế", KINH_TE), ("II. Văn hóa", VAN_HOA)])
    v2 = draft(tmp_path / "v2.docx", [("I. Kinh tế", KINH_TE), ("II. Quốc phòng", QUOC_PHONG)])
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    session = window.session
    with qtbot.waitSignal(session.draft_opened, timeout=15000):
        window.open_path(v1)
    assert "version" not in window.windowTitle()
    first = session.draft_id
    document = open_draft(v2)
    revise.revise_draft(session.store, first, document, file_name=v2.name)  # no comment to carry
    session.open_document(document, v2)
    assert window.windowTitle().startswith(f"{document.title} — version 2 — ")
    with i18n.speaking("vi"):
        assert _window_title(session).startswith(f"{document.title} — bản 2 — ")

    dialog = revise_ui.review_carried(window)
    assert dialog.table.rowCount() == 0
    assert dialog.nothing.isVisible() and not dialog.table.isVisible()
    assert "Nothing to confirm" in dialog.nothing.text()
    dialog.close()
    window.close()
    session.store.close()


def test_draft_version_follows_the_chain_of_revisions(tmp_path):
    from reviewer.store import Store

    texts = [[("I. Kinh tế", KINH_TE), ("II. Văn hóa", VAN_HOA)], [("I. Kinh tế", KINH_TE)],
             [("I. Kinh tế", KINH_TE), ("II. Quốc phòng", QUOC_PHONG)]]
    with Store(tmp_path / "v.sqlite3") as store:
        ids = [store.register_draft(open_draft(draft(tmp_path / "v1.docx", texts[0])))["id"]]
        for n, sections in enumerate(texts[1:], start=2):
            new = revise.revise_draft(store, ids[-1], open_draft(draft(tmp_path / f"v{n}.docx", sections)))
            ids.append(new.new_draft)
        assert [revise_ui.draft_version(store, d) for d in ids] == [1, 2, 3]


def test_rows_and_counts_of_a_filter_come_back_without_a_recount_and_stay_right(qtbot, window, consolidation,
                                                                              monkeypatch):
    view = consolidation
    groups = view.filters["group"]
    groups.setCurrentIndex(groups.findData("Tổ 3"))
    groups.setCurrentIndex(0)
    recounts = []
    summaries = listing.section_summaries

    def counting(store, draft_id, flt, sections=None):
        recounts.append(sections)
        return summaries(store, draft_id, flt, sections)

    queries = []
    seqs = listing.ordered_seqs
    monkeypatch.setattr(listing, "section_summaries", counting)
    monkeypatch.setattr(listing, "ordered_seqs", lambda *a, **k: queries.append(a) or seqs(*a, **k))
    groups.setCurrentIndex(groups.findData("Tổ 3"))
    rows = view.proxy.rowCount()
    groups.setCurrentIndex(0)
    # Both filters' rows and counts were kept: "All groups" is over a second at 500,000.
    assert recounts == [] and queries == [] and 0 < rows < view.proxy.rowCount()

    answered = int(view.counts.text().split(" answered")[0].rsplit("· ", 1)[1])
    mine = next(c for c in window.session.comments() if c.group == "Tổ 1")
    window.session.edit_comment(mine.id, status="tiep_thu")
    groups.setCurrentIndex(groups.findData("Tổ 3"))  # counted before the edit, which is not its own
    groups.setCurrentIndex(0)
    assert f"· {answered + 1} answered." in view.counts.text()
    assert recounts and all(r is not None for r in recounts)  # only the edited comment's section
    assert len(queries) == 2  # the rows, after a change, are read anew
    window.session.delete_comment(mine.id)
    groups.setCurrentIndex(groups.findData("Tổ 1"))
    assert mine.id not in {view.proxy.index(r, 0).data(COMMENT_ID_ROLE) for r in range(view.proxy.rowCount())}


def test_f6_goes_between_the_filters_and_the_table(qtbot, consolidation):
    view = consolidation
    view.filters["group"].setFocus()
    qtbot.waitUntil(lambda: view.filters["group"].lineEdit().hasFocus() or view.filters["group"].hasFocus())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert view.table.hasFocus() and view.table.currentIndex().row() == 0
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_F6)
    assert view.filters["section"].hasFocus()
    qtbot.keyClick(view.filters["section"], Qt.Key.Key_F6)
    assert view.table.hasFocus() and view.table.currentIndex().row() == 1  # where it was left


def test_typing_on_the_section_filter_finds_a_section_accents_aside(qtbot, consolidation):
    from reviewer.textnorm import fold
    from reviewer.ui.consolidation import LABEL_ROLE

    section = consolidation.filters["section"]
    section.setFocus()
    labels = [fold(section.itemData(n, LABEL_ROLE) or section.itemText(n)) for n in range(section.count())]
    wanted = next(n for n, label in enumerate(labels) if "nong nghiep" in label)
    qtbot.keyClicks(section, "nong nghiep")
    assert section.currentIndex() == 0  # not at every letter: each choice filters the rows
    qtbot.waitUntil(lambda: section.currentIndex() == wanted)
    assert consolidation.model.filters["section"]  # the rows follow
    qtbot.wait(int(section.finder.FORGET_S * 1000) + 100)
    qtbot.keyClicks(section, "zzz")
    qtbot.wait(section.finder.PAUSE_MS + 100)
    assert section.currentIndex() == wanted  # nothing matches: nothing changes
