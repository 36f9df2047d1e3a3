"""The consolidated PDF of a revised draft names, per carried comment whose section was named otherwise in the
previous version, that section ("Bản trước: mục …"), in both layouts."""
from __future__ import annotations

import copy

import pytest

from reviewer import i18n
from reviewer.docx import read_document
from reviewer.export_options import ExportOptions, load_conference
from reviewer.paths import sample_draft
from reviewer.pdf import export_pdf
from reviewer.store import Store
from reviewer.store import revise as rv
from tests.revision_edits import as_document, sections_of

pypdf = pytest.importorskip("pypdf")
SAMPLE = sections_of(read_document(sample_draft()))


def by_title(sections: list[dict], start: str) -> dict:
    return next(s for s in sections if s["title"].startswith(start))


def revised_store(path) -> tuple[Store, str]:
    """The sample with a comment on "I.2. Tài chính" and one on "I.1. Tăng trưởng", revised into a version
    where "Tài chính" is numbered 3. (the other section named as before)."""
    store = Store(path)
    old = store.register_draft(as_document(SAMPLE, "Dự thảo lần 1"))["id"]
    store.add_comments([
        {"draft_id": old, "section_id": by_title(SAMPLE, "Tài chính")["id"], "group": "Tổ 1",
         "text": "Tách riêng thu tiền sử dụng đất."},
        {"draft_id": old, "section_id": by_title(SAMPLE, "Tăng trưởng kinh tế")["id"], "group": "Tổ 2",
         "text": "Nêu rõ nguyên nhân tăng trưởng."}])
    new_sections = copy.deepcopy(SAMPLE)
    by_title(new_sections, "Tài chính")["number"] = "3."
    return store, rv.revise_draft(store, old, as_document(new_sections, "Dự thảo lần 2")).new_draft


@pytest.mark.parametrize("layout", ["sections", "table"])
def test_the_pdf_names_the_section_a_carried_comment_had_in_the_previous_version(tmp_path, layout):
    store, new = revised_store(tmp_path / "reviews.sqlite3")
    out = tmp_path / f"{layout}.pdf"
    i18n.set_language("vi")
    try:
        with store:
            export_pdf(store, new, out, conference=load_conference(store), options=ExportOptions(layout=layout))
    finally:
        i18n.set_language(None)
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages).split())
    assert "Bản trước: mục PHẦN THỨ NHẤT, I.2. Tài chính, ngân sách, tín dụng" in text
    assert text.count("Bản trước: mục") == 1  # the other comment's section is named as it was


def test_an_unplaced_comment_and_a_decision_without_words_read_as_a_document_would(tmp_path):
    import pypdf

    from reviewer.docx import read_document
    from reviewer.paths import sample_draft
    from reviewer.pdf import Conference, ExportOptions, export_pdf
    from reviewer.store import Store
    from reviewer.store.records import UNPLACED_SECTION

    with Store(tmp_path / "r.sqlite3") as store:
        draft = store.register_draft(read_document(sample_draft()))["id"]
        growth = next(s["id"] for s in store.sections(draft) if s["title"].startswith("Tăng trưởng kinh tế"))
        store.add_comments([
            {"draft_id": draft, "section_id": growth, "group": "Tổ 1", "text": "Đã rõ.", "status": "tiep_thu"},
            {"draft_id": draft, "section_id": growth, "group": "Tổ 2", "text": "Cần xem lại.",
             "response": "Ban soạn thảo đang xem xét."},
            {"draft_id": draft, "section_id": UNPLACED_SECTION, "unplaced": True, "group": "Tổ 3",
             "text": "Mục này đã bị bỏ."}])
        for layout in ("sections", "table"):
            out = tmp_path / f"{layout}.pdf"
            export_pdf(store, draft, out, conference=Conference(), options=ExportOptions(layout=layout, language="vi"))
            text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out)).pages)
            assert "unplaced" not in text and "Chưa xếp được vào mục nào của bản dự thảo này" in text
            if layout == "sections":
                assert "Ban soạn thảo: tiếp thu." in text and "tiếp thu):" not in text
                assert "Dự kiến trả lời (chưa quyết định): Ban soạn thảo đang xem xét." in text
