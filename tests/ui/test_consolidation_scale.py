"""The window on a province's draft: nothing reads every comment, the table reads by the page, long group
lists are searchable and a section with thousands of comments shows them a few hundred at a time."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QUrl  # noqa: E402

from reviewer.store import Store  # noqa: E402
from reviewer.ui import cards, table_model  # noqa: E402
from reviewer.ui.table_model import COLUMNS  # noqa: E402
from tests.ui.helpers import make_window, open_sample  # noqa: E402

GROUPS = ["Tổ 10", "Tổ 2", "Xã Đông Hưng", "Tổ 1"]


def fill(window, n: int, section_ids: list[str]) -> None:
    window.session.add_comments([{"section_id": section_ids[k % len(section_ids)], "group": GROUPS[k % len(GROUPS)],
                                  "author": f"Đại biểu {k % 7}", "text": f"Ý kiến số {k}."} for k in range(n)])


@pytest.fixture
def window(sample_window):
    return sample_window


def test_opening_and_switching_never_read_every_comment_of_the_draft(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path / "a.sqlite3")
    open_sample(qtbot, window)
    sections = [s.id for s in window.session.document.sections]
    fill(window, 60, sections[:8])
    whole: list[str] = []
    real = Store.comments

    def watched(self, draft_id, *, section_id=None, include_deleted=False):
        if section_id is None:
            whole.append(draft_id)
        return real(self, draft_id, section_id=section_id, include_deleted=include_deleted)

    monkeypatch.setattr(Store, "comments", watched)
    with qtbot.waitSignal(window.session.draft_opened, timeout=15000):
        window.open_path(window.session.path)  # the draft again: outline, counts, authors, tables
    for sid in sections[:12]:  # parts and chapters show their sub-sections' comments too
        window.select_section(sid)
    window.session.add_comment(section_id=sections[3], group="Tổ 2", text="Một ý kiến nữa.")
    assert whole == []
    assert window.consolidation.table.model() is None  # the tab was never shown: its rows were never read
    counts = window.tree_model.index_of(sections[3]).siblingAtColumn(1)
    stored = [c for c in window.session.store.comments(window.session.draft_id) if c.section == sections[3]]
    assert counts.data().split()[0] == str(len(stored))
    assert "Đại biểu 3" in window.session.known_authors()
    window.session.add_comment(section_id=sections[3], group="Tổ 2", text="Ý kiến.", author="Người nói sau")
    assert "Người nói sau" in window.session.known_authors()  # the draft's authors kept, the new one added
    window.close()
    window.session.store.close()


def test_the_table_reads_by_the_page_and_sorts_in_sql(qtbot, window, monkeypatch):
    monkeypatch.setattr(table_model, "PAGE", 40)
    monkeypatch.setattr(table_model, "CACHED", 100)
    sections = [s.id for s in window.session.document.sections]
    fill(window, 450, sections[2:14])
    view = window.consolidation
    window.tabs.setCurrentWidget(view)
    model = view.model
    expected = [c.id for c in window.session.store.comments(window.session.draft_id)]
    qtbot.waitUntil(lambda: view.proxy.rowCount() == len(expected))
    view.table.scrollToBottom()
    assert [c.id for c in model.rows] == expected  # document order, read page by page
    assert len(model._cache) <= 100

    view.table.sortByColumn(COLUMNS.index("group"), Qt.SortOrder.DescendingOrder)
    groups = [view.proxy.index(r, COLUMNS.index("group")).data() for r in range(view.proxy.rowCount())]
    assert groups == sorted(groups, key=str.casefold, reverse=True) and groups[0] == "Xã Đông Hưng"
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [c.id for c in model.rows] == expected

    # A new comment takes its place in document order; the filters still apply to it.
    view.proxy.set_filter("group", "Tổ 2")
    added = window.session.add_comment(section_id=sections[5], group="Tổ 2", text="Ý kiến mới của Tổ 2.")
    window.session.add_comment(section_id=sections[5], group="Tổ 1", text="Không hiện dưới bộ lọc.")
    shown = [c.id for c in window.session.store.comments(window.session.draft_id) if c.group == "Tổ 2"]
    assert [c.id for c in model.rows] == shown and added.id in shown
    assert view.select_comment(added.id) and view.current_comment_id() == added.id


def test_group_lists_are_in_natural_order_and_searchable(qtbot, window):
    sections = [s.id for s in window.session.document.sections]
    fill(window, 8, sections[2:4])
    view = window.consolidation
    window.tabs.setCurrentWidget(view)
    combo = view.filters["group"]
    qtbot.waitUntil(lambda: combo.count() > 4)
    names = [combo.itemText(n) for n in range(1, combo.count())]
    assert names.index("Tổ 2") < names.index("Tổ 10")
    for searchable in (combo, window.panel.group_filter):
        completer = searchable.completer()
        assert searchable.isEditable() and completer.filterMode() == Qt.MatchFlag.MatchContains
    completer = combo.completer()
    for typed in ("đông", "dong h", "ĐÔNG HƯ"):  # any part of the name, case and accents aside
        completer.setCompletionPrefix(typed)
        assert completer.completionCount() == 1 and completer.currentCompletion() == "Xã Đông Hưng"
    completer.setCompletionPrefix("to 1")  # typed without a Vietnamese keyboard
    assert completer.currentCompletion() == "Tổ 1" and completer.completionCount() >= 2  # Tổ 1, Tổ 10, …


def test_a_crowded_section_shows_its_cards_a_few_hundred_at_a_time(qtbot, window, monkeypatch):
    monkeypatch.setattr(cards, "CARDS_SHOWN", 30)
    section = window.current_section_id()
    fill(window, 70, [section])
    window.select_section(section)
    shown = window.panel.list
    qtbot.waitUntil(lambda: "Show" in shown.toPlainText())
    total = len(window.session.comments(section_id=section))
    assert f"Show {total - 30} more comments" in shown.toPlainText()
    assert "Ý kiến số 69." not in shown.toPlainText()
    shown.anchorClicked.emit(QUrl("more:"))
    shown.anchorClicked.emit(QUrl("more:"))
    assert "Ý kiến số 69." in shown.toPlainText() and "more comment" not in shown.toPlainText()


def test_the_footer_recounts_only_what_changed_and_stays_right(qtbot, window):
    sections = [s.id for s in window.session.document.sections]
    fill(window, 12, sections[2:5])
    view = window.consolidation
    window.tabs.setCurrentWidget(view)
    total = len(window.session.comments())
    qtbot.waitUntil(lambda: view.counts.text().startswith(f"{total} comments on "))
    first = view.model.rows[0]
    answered = sum(c.status != "moi" for c in window.session.comments())
    window.session.edit_comment(first.id, status="tiep_thu", section=sections[7])  # answered, and moved
    qtbot.waitUntil(lambda: f"· {answered + 1} answered." in view.counts.text())
    spread = len({c.section for c in window.session.comments()})
    assert view.counts.text().startswith(f"{total} comments on {spread} sections")
    ((parts, changed),) = view._summaries.values()  # the one filter shown, recounted in part
    assert sections[7] in parts and not changed


def test_row_heights_fitted_to_a_filter_do_not_stay_on_the_rows_shown_next(qtbot, window):
    """Heights belong to row positions: fitted to a few long comments, they must not stay on the short
    ones shown there once the filter is let go (too many rows to measure)."""
    sections = [s.id for s in window.session.document.sections]
    fill(window, 320, sections[2:6])
    long_text = "\n".join(f"Dòng {n}: đề nghị làm rõ nguyên nhân chậm giải ngân vốn đầu tư công." for n in range(8))
    window.session.add_comment(section_id=sections[9], group="Tổ 9", text=long_text)
    view = window.consolidation
    window.tabs.setCurrentWidget(view)
    combo = view.filters["group"]
    qtbot.waitUntil(lambda: combo.findText("Tổ 9") > 0)
    default = view.table.verticalHeader().defaultSectionSize()
    combo.setCurrentIndex(combo.findText("Tổ 9"))
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1 and view.table.rowHeight(0) > 2 * default)
    combo.setCurrentIndex(0)  # all groups again: too many rows to measure
    qtbot.waitUntil(lambda: view.proxy.rowCount() > 300)
    qtbot.waitUntil(lambda: view.table.rowHeight(0) == default)
