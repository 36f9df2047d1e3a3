"""Exported from the consolidation, the PDF starts from what the table shows (its group, kind, status and
sections), and the dialog's count is the number of comments those filters print."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from reviewer.pdf import export_pdf, load_conference  # noqa: E402
from reviewer.ui import export_dialog  # noqa: E402

pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def window(sample_window):
    w = sample_window
    sections = [s for s in w.session.document.sections if s.text and s.id != "preamble"]
    for n in range(12):
        w.session.add_comment(section_id=sections[n % 4].id, group=f"Tổ {n % 3 + 1}",
                              kind=("gop_y", "bo_sung")[n % 2], text=f"Ý kiến số {n} về mục {n % 4}.")
    return w


def _dialog_opened_by(window, monkeypatch) -> export_dialog.ExportDialog:
    opened = []
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda self: opened.append(self) or False)
    export_dialog.export_pdf_interactively(window)
    return opened[0]


def test_the_consolidations_filters_are_what_the_pdf_prints(window, qtbot, monkeypatch, tmp_path):
    window.tabs.setCurrentIndex(1)
    view = window.consolidation
    qtbot.waitUntil(lambda: view.filters["group"].count() > 1)
    view.filters["group"].setCurrentIndex(view.filters["group"].findData("Tổ 2"))
    view.filters["kind"].setCurrentIndex(view.filters["kind"].findData("gop_y"))
    dialog = _dialog_opened_by(window, monkeypatch)
    options = dialog.options()
    assert options.groups == {"Tổ 2"} and options.kinds == {"gop_y"} and options.statuses is None
    wanted = [c for c in window.session.comments() if c.group == "Tổ 2" and c.kind == "gop_y"]
    assert wanted and dialog.count.text().startswith(f"{len(wanted)} comment")
    out = tmp_path / "shown.pdf"
    export_pdf(window.session.store, window.session.draft_id, out, conference=load_conference(window.session.store),
               options=options)
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out)).pages)
    for c in window.session.comments():
        assert (c.text in text) == (c in wanted), c.text
    dialog.close()


def test_a_section_filter_is_offered_and_can_be_let_go(window, qtbot, monkeypatch):
    window.tabs.setCurrentIndex(1)
    view = window.consolidation
    qtbot.waitUntil(lambda: view.filters["section"].count() > 1)
    first = next(c.section for c in window.session.comments())
    section = view.filters["section"]
    section.setCurrentIndex(section.findData(first))
    dialog = _dialog_opened_by(window, monkeypatch)
    assert first in dialog.options().sections  # with the sections within it, as the filter shows them
    assert dialog.sections_label.text().endswith(window.session.section(first).heading
                                                 + ", with the sections within them")
    on_it = [c for c in window.session.comments() if c.section in dialog.options().sections]
    assert dialog.count.text().startswith(f"{len(on_it)} comment")
    _choose(dialog, monkeypatch, lambda chooser: chooser._check_all(Qt.CheckState.Checked))
    assert dialog.options().sections is None and dialog.sections_label.text() == "All sections"
    assert dialog.count.text().startswith(f"{len(window.session.comments())} comment")
    dialog.close()


def test_from_the_review_tab_everything_is_offered(window, monkeypatch):
    window.tabs.setCurrentIndex(0)
    dialog = _dialog_opened_by(window, monkeypatch)
    options = dialog.options()
    assert options.groups is options.kinds is options.statuses is options.sections is None
    assert dialog.sections_label.text() == "All sections"
    from PySide6.QtWidgets import QPushButton

    buttons = {b.text(): b for b in dialog.findChildren(QPushButton)}
    buttons["&None"].click()  # the groups: a province's 200 units are ticked and unticked at once
    assert dialog.options().groups == set() and not dialog.export_button.isEnabled()
    dialog.groups.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.options().groups == {dialog.groups.item(0).text()} and dialog.export_button.isEnabled()
    buttons["&All"].click()
    assert dialog.options().groups is None
    dialog.close()


def _choose(dialog, monkeypatch, action) -> None:
    """Choose sections… in the dialog: ``action(chooser)`` then Choose."""
    from reviewer.ui import section_chooser

    def run(chooser):
        action(chooser)
        return True

    monkeypatch.setattr(section_chooser.SectionChooser, "exec", run)
    dialog.choose_sections.click()


def test_several_sections_chosen_from_the_outline_are_what_the_pdf_prints(window, qtbot, monkeypatch, tmp_path):
    """Two parts of the outline, one with the sections within it, found by typing: the count, the summary and
    the PDF hold their comments only."""
    from reviewer.textnorm import fold

    doc = window.session.document
    commented = list(dict.fromkeys(c.section for c in window.session.comments()))
    parent_of = {s.id: s.parent for s in doc.sections}
    picked = [sid for sid in commented if not doc.section(sid).children][:2]
    assert len(picked) == 2
    dialog = _dialog_opened_by(window, monkeypatch)

    def tick(chooser):
        assert chooser.chosen() is None  # everything, to start with
        chooser._check_all(Qt.CheckState.Unchecked)  # None
        assert chooser.chosen() == set() and not chooser.buttons.buttons()[0].isEnabled()
        for sid in picked:
            heading = doc.section(sid).heading
            chooser.filter.setText(fold(heading)[:12])  # typed without accents
            item = next(i for i in chooser._items() if i.data(0, section_id_role()) == sid)
            assert not item.isHidden()
            item.setCheckState(0, Qt.CheckState.Checked)
        chooser.filter.clear()

    _choose(dialog, monkeypatch, tick)
    below = {s.id for s in doc.sections if _under(s.id, set(picked), parent_of)}
    assert dialog.options().sections == set(picked) | below
    wanted = [c for c in window.session.comments() if c.section in dialog.options().sections]
    assert 0 < len(wanted) < len(window.session.comments())
    assert dialog.count.text().startswith(f"{len(wanted)} comment")
    assert doc.section(picked[0]).title in dialog.sections_label.text()
    out = tmp_path / "chosen.pdf"
    export_pdf(window.session.store, window.session.draft_id, out, conference=load_conference(window.session.store),
               options=dialog.options())
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out)).pages)
    for c in window.session.comments():
        assert (c.text in text) == (c in wanted), c.text
    dialog.close()


def section_id_role():
    from reviewer.ui.section_chooser import ID_ROLE

    return ID_ROLE


def _under(sid: str, roots: set[str], parent_of: dict) -> bool:
    while sid is not None:
        if sid in roots:
            return True
        sid = parent_of.get(sid)
    return False
