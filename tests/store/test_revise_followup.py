"""What a revised version did with each carried comment: its proposal taken up?, where it was before, and the
sections matched across the versions (reviewer.store.revise), on the bundled sample draft revised by script."""
from __future__ import annotations

import copy

import pytest

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store import Store
from reviewer.store import revise as rv
from tests.revision_edits import as_document, sections_of

SAMPLE = sections_of(read_document(sample_draft()))
BREAKTHROUGH = "Tập trung thực hiện 3 khâu đột phá, trong đó ưu tiên hạ tầng giao thông kết nối."
STORM = "Thêm một đoạn về thiệt hại do bão số 3 và kết quả khắc phục."


def by_title(sections: list[dict], start: str) -> dict:
    return next(s for s in sections if s["title"].startswith(start))


@pytest.fixture
def revised(tmp_path):
    """The sample with four comments on two sections, and a version 2 in which the proposal of one was put
    into the text verbatim and the section "2. Tài chính" renumbered "3." (same id, another path)."""
    with Store(tmp_path / "reviews.sqlite3") as store:
        old = store.register_draft(as_document(SAMPLE, "Dự thảo lần 1"))["id"]
        growth, money = by_title(SAMPLE, "Tăng trưởng kinh tế"), by_title(SAMPLE, "Tài chính")
        rows = [(growth, "Sửa câu mở đầu", f"Sửa thành: “{BREAKTHROUGH}”"), (growth, "Bổ sung về bão", STORM),
                (growth, "Nhất trí", ""), (money, "Tách thu tiền đất", "Tách riêng khoản thu tiền sử dụng đất.")]
        added = store.add_comments([{"draft_id": old, "section_id": s["id"], "group": "Tổ 1", "text": text,
                                     "proposal": proposal} for s, text, proposal in rows])
        new_sections = copy.deepcopy(SAMPLE)
        g = by_title(new_sections, "Tăng trưởng kinh tế")
        first, _sep, rest = g["text"].partition("\n")
        g["text"] = f"{first} {BREAKTHROUGH}\n{rest}"
        by_title(new_sections, "Tài chính")["number"] = "3."
        revision = rv.revise_draft(store, old, as_document(new_sections, "Dự thảo lần 2"))
        ids = {rv.copy_id(a.id, revision.new_draft): text for a, (_s, text, _p) in zip(added, rows, strict=True)}
        yield store, revision, ids


def test_a_proposal_put_into_the_new_text_is_taken_up_the_others_not_and_none_without_one(revised):
    store, revision, ids = revised
    taken = {ids[k]: v for k, v in rv.proposals_taken_up(store, revision.new_draft).items()}
    assert taken == {"Sửa câu mở đầu": True, "Bổ sung về bão": False, "Nhất trí": None, "Tách thu tiền đất": False}
    some = next(k for k, v in ids.items() if v == "Nhất trí")
    assert rv.proposals_taken_up(store, revision.new_draft, [some]) == {some: None}
    # Nothing was set: the statuses are as they were.
    assert {c.status for c in store.comments(revision.new_draft)} == {"moi"}


def test_old_section_paths_name_the_section_in_the_earlier_version_in_full(revised):
    store, revision, ids = revised
    paths = {ids[k]: v for k, v in rv.old_section_paths(store, revision.new_draft).items()}
    assert paths["Nhất trí"] == "PHẦN THỨ NHẤT › I.1. Tăng trưởng kinh tế và các chỉ tiêu chủ yếu"
    assert paths["Tách thu tiền đất"] == "PHẦN THỨ NHẤT › I.2. Tài chính, ngân sách, tín dụng"
    moved = {ids[k]: v for k, v in rv.old_section_paths(store, revision.new_draft, moved_only=True).items()}
    assert moved == {"Tách thu tiền đất": "PHẦN THỨ NHẤT › I.2. Tài chính, ngân sách, tín dụng"}  # now I.3.
    assert rv.old_section_paths(store, revision.old_draft) == {}


def test_previous_sections_pair_each_section_with_its_earlier_version(revised):
    store, revision, _ids = revised
    pairs = rv.previous_sections(store, revision.new_draft)
    growth = by_title(SAMPLE, "Tăng trưởng kinh tế")["id"]
    assert pairs[growth].old["text"] == by_title(SAMPLE, "Tăng trưởng kinh tế")["text"]
    assert BREAKTHROUGH in pairs[growth].new["text"] and pairs[growth].old_draft == revision.old_draft
    assert len(pairs) == len(SAMPLE) and all(p.old is not None for p in pairs.values())
    assert rv.previous_sections(store, revision.old_draft) == {}
