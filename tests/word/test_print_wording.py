"""What the Word documents print, as an administrative document would say it: the issuer of the draft's own
header, a section path without the window's "›", a comment left unplaced by a revision named in words, and a
proposal's label not doubled."""
from __future__ import annotations

import docx
import pytest

from reviewer.docx import read_document
from reviewer.export_options import load_conference
from reviewer.paths import sample_draft
from reviewer.store import Store
from reviewer.store.records import UNPLACED_SECTION
from reviewer.word import export_report, export_table
from reviewer.word.phrasing import proposal_needs_label, wording


@pytest.fixture
def filled(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        draft = store.register_draft(read_document(sample_draft()))["id"]
        growth = next(s["id"] for s in store.sections(draft) if s["title"].startswith("Tăng trưởng kinh tế"))
        store.add_comments([
            {"draft_id": draft, "section_id": growth, "group": "Tổ 1", "kind": "sua_doi", "text": "Viết gọn lại.",
             "proposal": "Đề nghị sửa thành: “Tăng trưởng đạt 7,2%”."},
            {"draft_id": draft, "section_id": growth, "group": "Tổ 2", "kind": "bo_sung", "text": "Còn thiếu.",
             "proposal": "Tăng trưởng GRDP đạt 7,2%, cao nhất từ trước tới nay."},
            {"draft_id": draft, "section_id": UNPLACED_SECTION, "unplaced": True, "group": "Tổ 3",
             "kind": "gop_y", "text": "Mục này đã bị bỏ ở bản mới."}])
        yield store, draft


def _cells(path) -> list[str]:
    return [cell.text for row in docx.Document(str(path)).tables[-1].rows[1:] for cell in row.cells]


def test_the_word_table_prints_the_drafts_own_issuer_and_place(filled, tmp_path):
    store, draft = filled
    path = tmp_path / "bang.docx"
    export_table(store, draft, path, conference=load_conference(store))
    header = docx.Document(str(path)).tables[0]
    left, right = header.cell(0, 0).text, header.cell(1, 1).text
    assert "ĐẢNG BỘ TỈNH AN PHÚ" in left and "…" not in left
    assert right.startswith("An Phú, ngày")


def test_paths_labels_and_the_unplaced_comment_read_as_a_document_would(filled, tmp_path):
    store, draft = filled
    path = tmp_path / "bang.docx"
    export_table(store, draft, path, conference=load_conference(store))
    text = "\n".join(_cells(path))
    assert "PHẦN THỨ NHẤT, I.1. Tăng trưởng kinh tế" in text and "›" not in text
    assert "Chưa xếp được vào mục nào của bản dự thảo này" in text and "unplaced" not in text
    assert "Đề xuất: Đề nghị sửa thành" not in text and "Đề nghị sửa thành: “Tăng trưởng đạt 7,2%”." in text
    assert "Đề xuất: Tăng trưởng GRDP đạt 7,2%" in text
    report = tmp_path / "bao-cao.docx"
    export_report(store, draft, report, conference=load_conference(store))
    body = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert "unplaced" not in body and "›" not in body
    assert "Chưa xếp được vào mục nào của bản dự thảo này" in body


@pytest.mark.parametrize(("proposal", "printed"), [
    ("Sửa thành: “Tăng trưởng đạt 7,2%”.", "đề nghị sửa thành: “Tăng trưởng đạt 7,2%”"),
    ("Thêm một đoạn về thiệt hại do bão số 3.", "đề nghị thêm một đoạn về thiệt hại do bão số 3."),
    ("Thay cụm từ “đột phá” bằng “trọng tâm”.", "đề nghị thay cụm từ “đột phá” bằng “trọng tâm”."),
    ("Tăng trưởng GRDP đạt 7,2%.", "đề nghị sửa thành: “Tăng trưởng GRDP đạt 7,2%.”"),
])
def test_a_proposal_is_told_as_wording_or_as_what_to_do(proposal, printed):
    from reviewer.i18n import speaking

    with speaking("vi"):
        assert wording(proposal) == printed
    assert proposal_needs_label(proposal) == proposal.startswith("Tăng")
