"""Exported from the consolidation, the PDF starts from what the table shows (its group, kind, status and
sections), and the dialog's count is the number of comments those filters print."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

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
    assert dialog.only_sections.isVisibleTo(dialog) and dialog.options().sections
    on_it = [c for c in window.session.comments() if c.section in dialog.options().sections]
    assert dialog.count.text().startswith(f"{len(on_it)} comment")
    dialog.only_sections.setChecked(False)
    assert dialog.options().sections is None
    assert dialog.count.text().startswith(f"{len(window.session.comments())} comment")
    dialog.close()


def test_from_the_review_tab_everything_is_offered(window, monkeypatch):
    window.tabs.setCurrentIndex(0)
    dialog = _dialog_opened_by(window, monkeypatch)
    options = dialog.options()
    assert options.groups is options.kinds is options.statuses is options.sections is None
    assert not dialog.only_sections.isVisibleTo(dialog)
    dialog.close()
