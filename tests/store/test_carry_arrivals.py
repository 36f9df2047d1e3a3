"""Comments that reach an older version after its revision was registered follow onto the later versions."""
from __future__ import annotations

import copy

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store import Store
from reviewer.store import revise as rv
from tests.revision_edits import as_document, sections_of

SAMPLE = sections_of(read_document(sample_draft()))


def _section(sections: list[dict], start: str) -> dict:
    return next(s for s in sections if s["title"].startswith(start))


def test_a_comment_arriving_late_on_v1_is_carried_to_v2_and_v3_once(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        v1 = store.register_draft(as_document(SAMPLE, "Dự thảo lần 1"))["id"]
        growth = _section(SAMPLE, "Tăng trưởng kinh tế")
        store.add_comment(draft_id=v1, section_id=growth["id"], group="Tổ 1", text="Góp ý có từ trước.")
        second = copy.deepcopy(SAMPLE)
        _section(second, "Tài chính")["number"] = "3."
        v2 = rv.revise_draft(store, v1, as_document(second, "Dự thảo lần 2")).new_draft
        third = copy.deepcopy(second)
        _section(third, "Tăng trưởng kinh tế")["text"] += "\nMột đoạn mới của lần 3."
        v3 = rv.revise_draft(store, v2, as_document(third, "Dự thảo lần 3")).new_draft
        assert rv.carry_arrivals(store) == 0  # everything already followed

        # A package from another laptop brings a comment on version 1, quoting a passage that survives.
        quote = " ".join(growth["text"].split()[:6])
        late = store.add_comment(draft_id=v1, section_id=growth["id"], group="Tổ 4", text="Ý kiến đến muộn.",
                                 quote=quote)
        assert rv.carry_arrivals(store) == 2  # onto v2, and from there onto v3
        on_v2 = store.comment(rv.copy_id(late.id, v2))
        on_v3 = store.comment(rv.copy_id(on_v2.id, v3))
        for copy_, draft in ((on_v2, v2), (on_v3, v3)):
            assert (copy_.draft, copy_.text, copy_.quote, copy_.group) == (draft, "Ý kiến đến muộn.", quote, "Tổ 4")
            assert copy_.section == growth["id"]
        assert rv.carried_comment(store, on_v3.id).state == "carried"
        assert rv.carry_arrivals(store) == 0  # nothing twice
        assert len(store.comments(v3)) == 2


def test_a_deleted_late_comment_is_not_carried(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        v1 = store.register_draft(as_document(SAMPLE, "Dự thảo lần 1"))["id"]
        second = copy.deepcopy(SAMPLE)
        _section(second, "Tài chính")["number"] = "3."
        v2 = rv.revise_draft(store, v1, as_document(second, "Dự thảo lần 2")).new_draft
        growth = _section(SAMPLE, "Tăng trưởng kinh tế")
        gone = store.add_comment(draft_id=v1, section_id=growth["id"], group="Tổ 2", text="Đã xóa.")
        store.delete_comment(gone.id)
        assert rv.carry_arrivals(store) == 0
        assert store.comments(v2) == []


def test_a_place_confirmed_on_v2_is_not_asked_again_on_v3(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        v1 = store.register_draft(as_document(SAMPLE, "Dự thảo lần 1"))["id"]
        growth = _section(SAMPLE, "Tăng trưởng kinh tế")
        first, rest = growth["text"].split("\n", 1)
        quote = " ".join(first.split()[8:16])  # "ước đạt 7,2%, vượt kế hoạch đề ra …": this paragraph only
        written = store.add_comment(draft_id=v1, section_id=growth["id"], group="Tổ 1", text="Số liệu chưa khớp.",
                                    quote=quote)
        second = copy.deepcopy(SAMPLE)
        _section(second, "Tăng trưởng kinh tế")["text"] = "Một đoạn mở đầu viết lại hoàn toàn khác trước.\n" + rest
        v2 = rv.revise_draft(store, v1, as_document(second, "Dự thảo lần 2")).new_draft
        on_v2 = rv.copy_id(written.id, v2)
        assert rv.carried_comment(store, on_v2).state == "review"  # its passage was rewritten: asked
        rv.accept_place(store, on_v2)  # the secretariat confirms it
        v3 = rv.revise_draft(store, v2, as_document(second, "Dự thảo lần 3")).new_draft
        on_v3 = rv.carried_comment(store, rv.copy_id(on_v2, v3))
        assert (on_v3.state, on_v3.section) == ("carried", growth["id"])  # settled: not asked again
        assert store.comment(on_v3.id).quote == quote  # the words quoted are kept, as the delegate chose them
