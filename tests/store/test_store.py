"""The review store: drafts, groups, delegates, comments (tombstones, history), search, schema and refusals.

Every check goes through ``reviewer.store.store.Store`` (or ``reviewer.store.database.connect`` for the schema);
raw SQL is used only to look at what was written and to build databases of an older schema.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import unicodedata
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store import MAX_GROUPS, MAX_TEXT, DatabaseError, NotFoundError, Store, ValidationError, database
from reviewer.store.search import exact_key
from reviewer.textnorm import fold
from tests.docxfactory import heading_styles, para, write_docx

TABLES = ("meta", "drafts", "sections", "groups", "delegates", "comments", "comment_history", "comment_search",
          "section_search")
NFD = unicodedata.normalize


# ---------------------------------------------------------------- helpers and fixtures


def make_draft(path: Path, title: str, sections: list[tuple[str, str]]) -> Path:
    """A small .docx: a Title paragraph, then (Heading 1, body paragraph) pairs."""
    body = para(title, style="Title") + "".join(para(h, style="Heading1") + para(t) for h, t in sections)
    return write_docx(path, body, styles=heading_styles())


SEARCH_SECTIONS = [
    ("I. Phát triển kinh tế", "Tốc độ tăng trưởng kinh tế ước đạt 7,2%; hạ tầng giao thông được đầu tư."),
    ("II. Phương hướng nhiệm vụ năm 2025", "Tiếp tục đẩy mạnh chuyển đổi số trong các cơ quan."),
    ("III. Công tác xây dựng Đảng", "Ban Thường vụ Tỉnh ủy chỉ đạo quán triệt các nghị quyết."),
]


@pytest.fixture(scope="module")
def sample_doc():
    return read_document(sample_draft())


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "reviews.sqlite3"


@pytest.fixture
def store(db_path):
    with Store(db_path) as s:
        yield s


@pytest.fixture
def draft(store, sample_doc) -> dict:
    return store.register_draft(sample_doc)


@pytest.fixture
def small(store, tmp_path) -> tuple[dict, dict[str, str]]:
    """A three-section draft for search tests: (draft record, {heading: section id})."""
    doc = read_document(make_draft(tmp_path / "search.docx", "Báo cáo thử tìm kiếm", SEARCH_SECTIONS))
    d = store.register_draft(doc)
    return d, {s["title"]: s["id"] for s in store.sections(d["id"])}


def body_sections(store: Store, draft_id: str) -> list[dict]:
    return [s for s in store.sections(draft_id) if s["text"] and s["id"] != "preamble"]


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def add(store: Store, draft_id: str, section_id: str, text: str, **kw):
    return store.add_comment(draft_id=draft_id, section_id=section_id, group=kw.pop("group", "Tổ 1"), text=text,
                             **kw)


def found(store: Store, query: str, **kw) -> set[str | None]:
    return {h["comment"] for h in store.search(query, **kw)}


# ---------------------------------------------------------------- drafts


def test_opening_a_draft_registers_title_file_fingerprint_and_sections(store, sample_doc):
    d = store.register_draft(sample_doc)
    assert d["title"] == sample_doc.title == ("Báo cáo kết quả thực hiện nhiệm vụ năm 2024, phương hướng, "
                                              "nhiệm vụ năm 2025")
    assert d["file_name"] == "du-thao-bao-cao-2024.docx"
    assert re.fullmatch(r"[0-9a-f]{64}", d["fingerprint"])
    assert d["fingerprint"].startswith(d["id"])
    assert d["sections"] == len(sample_doc.sections) == 52
    assert d["comments"] == 0
    datetime.fromisoformat(d["created_at"].replace("Z", "+00:00"))
    assert store.sections(d["id"]) == [s.to_json() for s in sample_doc.sections]
    assert [x["id"] for x in store.drafts()] == [d["id"]]


def test_opening_the_same_draft_again_finds_the_same_record(db_path, tmp_path, sample_doc):
    with Store(db_path) as store:
        first = store.register_draft(sample_doc)
        before = counts(db_path)
        again = store.register_draft(read_document(sample_draft()))
        assert again == first
    copy = tmp_path / "ban-sao-gui-to-2.docx"
    shutil.copyfile(sample_draft(), copy)
    with Store(db_path) as store:  # another session, and a copy under another name
        from_copy = store.register_draft(read_document(copy))
        assert from_copy["id"] == first["id"]
        assert from_copy["file_name"] == "du-thao-bao-cao-2024.docx"  # the record keeps the first name
        assert len(store.drafts()) == 1
    assert counts(db_path) == before


def test_a_different_draft_with_the_same_title_is_a_different_draft(store, tmp_path):
    title = "Báo cáo chính trị của Ban Chấp hành Đảng bộ tỉnh"
    a = read_document(make_draft(tmp_path / "a.docx", title, [("I. Kết quả", "Kinh tế tăng trưởng 7,2%.")]))
    b = read_document(make_draft(tmp_path / "b.docx", title, [("I. Kết quả", "Kinh tế tăng trưởng 6,8%.")]))
    assert a.title == b.title == title
    da, db = store.register_draft(a), store.register_draft(b)
    assert da["id"] != db["id"] and da["fingerprint"] != db["fingerprint"]
    assert da["title"] == db["title"] == title
    assert {d["id"] for d in store.drafts()} == {da["id"], db["id"]}
    # The same section id in both drafts; a comment on one is not a comment on the other.
    sa, sb = store.sections(da["id"])[-1], store.sections(db["id"])[-1]
    assert sa["id"] == sb["id"] and sa["text"] != sb["text"]
    c = add(store, da["id"], sa["id"], "Đề nghị làm rõ số liệu tăng trưởng.")
    assert [x.id for x in store.comments(da["id"])] == [c.id]
    assert store.comments(db["id"]) == []
    assert store.draft(da["id"])["comments"] == 1 and store.draft(db["id"])["comments"] == 0


def test_unknown_draft_ids_are_not_found(store, draft):
    for call in (lambda: store.draft("khong-co"), lambda: store.sections("khong-co"),
                 lambda: store.comments("khong-co")):
        with pytest.raises(NotFoundError, match="khong-co"):
            call()


# ---------------------------------------------------------------- groups and delegates


def test_groups_up_to_a_provinces_units_and_one_more_is_refused(store, draft, db_path):
    """A consultation's hundreds of units fit; beyond the limit is garbage, refused with a clear message."""
    names = [f"Tổ {n}" for n in range(1, MAX_GROUPS + 1)]
    for name in names:
        assert store.add_group(name) == name
    assert MAX_GROUPS == 500
    assert store.groups() == names
    assert store.add_group("Tổ 7") == "Tổ 7"  # an existing group is found, not added
    before = counts(db_path)
    with pytest.raises(ValidationError, match="at most 500 groups or units; “Tổ 501” would be one more"):
        store.add_group("Tổ 501")
    section = body_sections(store, draft["id"])[0]["id"]
    with pytest.raises(ValidationError):
        add(store, draft["id"], section, "Góp ý của tổ thứ 501.", group="Tổ 501")
    with pytest.raises(ValidationError):
        store.add_delegate("Nguyễn Văn An", "Tổ 501")
    assert counts(db_path) == before
    assert store.groups() == names
    add(store, draft["id"], section, "Góp ý của Tổ 500.", group="Tổ 500")  # existing groups still take comments


def test_group_names_are_cleaned_so_the_same_group_is_found(store):
    assert store.add_group("  Tổ   1 ") == "Tổ 1"
    assert store.add_group(NFD("NFD", "Tổ 1")) == "Tổ 1"
    assert store.groups() == ["Tổ 1"]
    with pytest.raises(ValidationError):
        store.add_group("   ")
    with pytest.raises(ValidationError):
        store.add_group("T" * 201)


def test_delegates_have_a_name_a_group_and_an_optional_role(store, db_path):
    store.add_group("Tổ 1")
    assert store.add_delegate("Trần Thị Bích", "Tổ 1", "to_truong") == {
        "name": "Trần Thị Bích", "group": "Tổ 1", "role": "to_truong"}
    store.add_delegate("Lê Hoàng Cường", "Tổ 1", "thu_ky")
    store.add_delegate("Phạm Thị Dung", "Tổ 1", "dai_bieu")
    store.add_delegate("Hoàng Văn Đức", "Tổ 2")  # no role; the group is created
    assert store.groups() == ["Tổ 1", "Tổ 2"]
    assert store.delegates() == [
        {"name": "Lê Hoàng Cường", "group": "Tổ 1", "role": "thu_ky"},
        {"name": "Phạm Thị Dung", "group": "Tổ 1", "role": "dai_bieu"},
        {"name": "Trần Thị Bích", "group": "Tổ 1", "role": "to_truong"},
        {"name": "Hoàng Văn Đức", "group": "Tổ 2", "role": None},
    ]
    store.add_delegate("Hoàng Văn Đức", "Tổ 2", "thu_ky")  # the same person again: the role changes
    assert {d["name"]: d["role"] for d in store.delegates()}["Hoàng Văn Đức"] == "thu_ky"
    before = counts(db_path)
    with pytest.raises(ValidationError, match="pho_to_truong"):
        store.add_delegate("Vũ Minh Hải", "Tổ 1", "pho_to_truong")
    with pytest.raises(ValidationError):
        store.add_delegate("  ", "Tổ 1")
    assert counts(db_path) == before


# ---------------------------------------------------------------- comments


def test_a_comment_keeps_every_field(store, draft):
    section = body_sections(store, draft["id"])[1]
    quote = section["text"].split("\n")[0][20:60].strip()
    c = store.add_comment(draft_id=draft["id"], section_id=section["id"], group="Tổ 3", author="Nguyễn Văn An",
                          kind="sua_doi", text="Đề nghị sửa lại số liệu cho khớp với Cục Thống kê.", quote=quote,
                          proposal="Sửa thành: “ước đạt 7,1%”.", supporters=4, status="tiep_thu",
                          response="Ban biên tập tiếp thu.")
    assert uuid.UUID(c.id).version == 4
    assert (c.draft, c.section, c.group, c.author, c.kind) == (draft["id"], section["id"], "Tổ 3", "Nguyễn Văn An",
                                                                "sua_doi")
    assert (c.text, c.quote, c.proposal, c.supporters, c.status, c.response) == (
        "Đề nghị sửa lại số liệu cho khớp với Cục Thống kê.", quote, "Sửa thành: “ước đạt 7,1%”.", 4, "tiep_thu",
        "Ban biên tập tiếp thu.")
    # The store locates the quote in the section's text.
    assert section["text"][c.quote_start:c.quote_end] == quote
    assert c.created_at == c.updated_at and c.created_at.endswith("Z")
    created = datetime.fromisoformat(c.created_at.replace("Z", "+00:00"))
    assert created.utcoffset().total_seconds() == 0
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60
    assert c.device == store.device_id and re.fullmatch(r"[0-9a-f]{32}", c.device)
    assert (c.revision, c.deleted) == (1, False)
    assert store.comment(c.id) == c
    assert store.comments(draft["id"]) == [c]
    assert set(c.to_json()) >= {"id", "draft", "section", "group", "author", "kind", "text", "quote", "quote_start",
                                "quote_end", "proposal", "supporters", "status", "response", "created_at",
                                "updated_at", "device", "revision", "deleted"}


def test_author_may_be_empty_and_defaults_are_new_comment(store, draft):
    section = body_sections(store, draft["id"])[0]["id"]
    c = add(store, draft["id"], section, "Nhất trí với dự thảo.")
    assert (c.author, c.kind, c.status, c.supporters, c.quote, c.quote_start, c.proposal, c.response) == (
        "", "gop_y", "moi", 0, "", None, "", "")


def test_quote_positions_in_the_section(store, draft):
    section = body_sections(store, draft["id"])[2]
    first_line = section["text"].split("\n")[0]
    quote = first_line[10:50].strip()
    c = add(store, draft["id"], section["id"], "Trích dẫn dạng tổ hợp.", quote=NFD("NFD", quote))
    assert c.quote == quote and section["text"][c.quote_start:c.quote_end] == quote
    missing = add(store, draft["id"], section["id"], "Câu này không có trong mục.", quote="không có trong văn bản")
    assert (missing.quote, missing.quote_start, missing.quote_end) == ("không có trong văn bản", None, None)
    edited = store.edit_comment(c.id, quote=first_line[:15].strip())
    assert section["text"][edited.quote_start:edited.quote_end] == first_line[:15].strip()


def test_the_device_id_stays_with_the_database(db_path):
    with Store(db_path) as a:
        first = a.device_id
    with Store(db_path) as b:
        assert b.device_id == first


def test_edit_delete_restore_keep_history_and_revisions(store, draft):
    section = body_sections(store, draft["id"])[0]["id"]
    c = add(store, draft["id"], section, "Đề nghị bổ sung đánh giá về công tác cán bộ.", author="Đỗ Văn Khánh")
    e1 = store.edit_comment(c.id, text="Đề nghị bổ sung đánh giá sâu hơn về công tác cán bộ.")
    e2 = store.edit_comment(c.id, status="tiep_thu", response="Đã tiếp thu, bổ sung tại đoạn 2.")
    assert (e1.revision, e2.revision) == (2, 3)
    assert e2.created_at == c.created_at and c.updated_at <= e1.updated_at <= e2.updated_at
    assert [(h["revision"], h["text"], h["status"], h["deleted"]) for h in store.history(c.id)] == [
        (1, "Đề nghị bổ sung đánh giá về công tác cán bộ.", "moi", 0),
        (2, "Đề nghị bổ sung đánh giá sâu hơn về công tác cán bộ.", "moi", 0),
    ]
    assert store.history(c.id)[0]["updated_at"] == c.updated_at

    gone = store.delete_comment(c.id)
    assert (gone.deleted, gone.revision, gone.text, gone.status) == (True, 4, e2.text, "tiep_thu")
    assert store.comments(draft["id"]) == []
    assert [x.id for x in store.comments(draft["id"], include_deleted=True)] == [c.id]
    assert store.comment(c.id).deleted  # still readable as a tombstone
    with pytest.raises(NotFoundError):
        store.comment(c.id, include_deleted=False)
    assert c.id not in found(store, "can bo")
    assert store.draft(draft["id"])["comments"] == 0
    assert [h["revision"] for h in store.history(c.id)] == [1, 2, 3]
    assert store.history(c.id)[2]["response"] == "Đã tiếp thu, bổ sung tại đoạn 2."
    assert store.delete_comment(c.id).revision == 4  # deleting twice changes nothing
    with pytest.raises(NotFoundError):
        store.edit_comment(c.id, text="Sửa một góp ý đã xóa.")

    back = store.restore_comment(c.id)
    assert (back.deleted, back.revision, back.text, back.response) == (False, 5, e2.text, e2.response)
    assert [(h["revision"], h["deleted"]) for h in store.history(c.id)] == [(1, 0), (2, 0), (3, 0), (4, 1)]
    assert all(h["device"] == store.device_id for h in store.history(c.id))
    assert [x.id for x in store.comments(draft["id"])] == [c.id]
    assert c.id in found(store, "can bo")
    assert store.restore_comment(c.id).revision == 5  # restoring a live comment changes nothing


def test_an_edit_that_changes_nothing_keeps_the_revision(store, draft):
    section = body_sections(store, draft["id"])[0]["id"]
    c = add(store, draft["id"], section, "Thống nhất với dự thảo.")
    assert store.edit_comment(c.id, text="  Thống nhất với dự thảo. ").revision == 1
    assert store.history(c.id) == []
    with pytest.raises(ValidationError, match="created_at"):
        store.edit_comment(c.id, created_at="2020-01-01T00:00:00Z")
    with pytest.raises(NotFoundError):
        store.edit_comment(str(uuid.uuid4()), text="Không có góp ý này.")


def test_comments_are_listed_in_section_order_then_written_order(store, draft):
    sections = [s["id"] for s in body_sections(store, draft["id"])]
    later, first = sections[9], sections[2]
    a = add(store, draft["id"], later, "Góp ý thứ nhất (mục sau).")
    b = add(store, draft["id"], first, "Góp ý thứ hai (mục trước).")
    c = add(store, draft["id"], later, "Góp ý thứ ba (mục sau).")
    assert [x.id for x in store.comments(draft["id"])] == [b.id, a.id, c.id]
    assert [x.id for x in store.comments(draft["id"], section_id=later)] == [a.id, c.id]


def test_comments_written_in_the_same_millisecond_keep_their_order(store, draft, monkeypatch):
    section = body_sections(store, draft["id"])[0]["id"]
    monkeypatch.setattr("reviewer.store.store.utc_now", lambda: "2024-12-10T08:00:00.000Z")
    written = [add(store, draft["id"], section, f"Góp ý nhanh số {n}.").id for n in range(12)]
    assert [x.id for x in store.comments(draft["id"])] == written


def test_moving_a_comment_to_another_section_relocates_its_quote(store, draft):
    first, second = body_sections(store, draft["id"])[:2]
    quote = first["text"].split("\n")[0][:30].strip()
    assert quote not in second["text"]
    c = add(store, draft["id"], first["id"], "Đoạn này nên chuyển sang mục sau.", quote=quote)
    assert c.quote_start is not None
    moved = store.edit_comment(c.id, section=second["id"])
    assert moved.quote_start is None or second["text"][moved.quote_start:moved.quote_end] == quote


def test_add_comments_saves_all_rows_or_none(store, draft, db_path):
    first, second = body_sections(store, draft["id"])[:2]
    rows = [{"draft_id": draft["id"], "section_id": first["id"], "group": "Tổ 1", "text": "Góp ý thứ nhất."},
            {"draft_id": draft["id"], "section_id": second["id"], "group": "Tổ 2", "text": "Góp ý thứ hai.",
             "kind": "cau_hoi", "quote": second["text"][:20].strip()}]
    before = counts(db_path)
    for bad, error in (({"text": "  "}, ValidationError), ({"status": "xong"}, ValidationError),
                       ({"section_id": "s0000000000"}, NotFoundError), ({"draft_id": "khong-co"}, NotFoundError)):
        with pytest.raises(error):
            store.add_comments(rows + [rows[0] | bad])
        assert counts(db_path) == before
    added = store.add_comments(rows)
    assert [(c.section, c.group, c.text, c.kind) for c in added] == [
        (first["id"], "Tổ 1", "Góp ý thứ nhất.", "gop_y"), (second["id"], "Tổ 2", "Góp ý thứ hai.", "cau_hoi")]
    assert added[1].quote_start == 0
    assert [c.id for c in store.comments(draft["id"])] == [c.id for c in added]
    after = counts(db_path)
    with pytest.raises(ValidationError, match=added[0].id):  # an id already in the database
        store.add_comments([rows[1] | {"comment_id": str(uuid.uuid4())}, rows[0] | {"comment_id": added[0].id}])
    with pytest.raises(ValidationError):
        store.add_comment(comment_id=added[1].id, **{k: v for k, v in rows[1].items()})
    assert counts(db_path) == after


def test_adding_a_comment_does_not_get_slower_as_the_database_grows(store, draft):
    section = body_sections(store, draft["id"])[0]["id"]

    def vm_steps() -> int:
        """SQLite virtual-machine steps (in tens) run by one add_comment: deterministic, unlike a timer."""
        ticks = [0]

        def tick() -> int:
            ticks[0] += 1
            return 0

        store.db.conn.set_progress_handler(tick, 10)
        try:
            add(store, draft["id"], section, "Đề nghị bổ sung số liệu.")
        finally:
            store.db.conn.set_progress_handler(None, 0)
        return ticks[0]

    empty = vm_steps()
    store.add_comments([{"draft_id": draft["id"], "section_id": section, "group": "Tổ 2",
                         "text": f"Góp ý số {n} về hạ tầng giao thông."} for n in range(3000)])
    big = vm_steps()
    assert big < 2 * empty, (empty, big)


# ---------------------------------------------------------------- validation: refused, nothing written

BAD_COMMENTS = {
    "empty text": ({"text": ""}, ValidationError),
    "blank text": ({"text": " \n\t "}, ValidationError),
    "50,001 characters": ({"text": "ý" * (MAX_TEXT + 1)}, ValidationError),
    "proposal too long": ({"proposal": "a" * (MAX_TEXT + 1)}, ValidationError),
    "unknown kind": ({"kind": "khen"}, ValidationError),
    "unknown status": ({"status": "da_xong"}, ValidationError),
    "negative supporters": ({"supporters": -1}, ValidationError),
    "supporters not a number": ({"supporters": "nhiều"}, ValidationError),
    "author name too long": ({"author": "Nguyễn " * 40}, ValidationError),
    "empty group": ({"group": "  "}, ValidationError),
    "unknown draft": ({"draft_id": "000000000000"}, NotFoundError),
    "unknown section": ({"section_id": "s0000000000"}, NotFoundError),
}


@pytest.mark.parametrize("case", list(BAD_COMMENTS), ids=list(BAD_COMMENTS))
def test_bad_comments_are_refused_and_nothing_is_written(store, draft, db_path, case):
    changes, error = BAD_COMMENTS[case]
    section = body_sections(store, draft["id"])[0]["id"]
    fields = {"draft_id": draft["id"], "section_id": section, "group": "Tổ mới", "text": "Góp ý hợp lệ."} | changes
    observer = sqlite3.connect(db_path)
    version = observer.execute("PRAGMA data_version").fetchone()[0]
    before = counts(db_path)
    with pytest.raises(error):
        store.add_comment(**fields)
    assert counts(db_path) == before
    assert observer.execute("PRAGMA data_version").fetchone()[0] == version  # no commit at all
    observer.close()
    assert not store.db.conn.in_transaction


def test_long_comments_are_accepted_up_to_the_limit(store, draft):
    section = body_sections(store, draft["id"])[0]["id"]
    words = "Đề nghị bổ sung đánh giá tác động của chính sách đến đời sống Nhân dân vùng sâu, vùng xa. "
    long_text = (words * (20_000 // len(words) + 1))[:20_000].strip()
    c = add(store, draft["id"], section, long_text)
    assert store.comment(c.id).text == long_text
    limit = add(store, draft["id"], section, "x" * MAX_TEXT)
    assert len(store.comment(limit.id).text) == MAX_TEXT == 50_000
    assert c.id in found(store, "chinh sach", draft_id=draft["id"])


def test_bad_edits_are_refused_and_nothing_is_written(store, draft, db_path):
    section = body_sections(store, draft["id"])[0]["id"]
    c = add(store, draft["id"], section, "Góp ý ban đầu.")
    before = counts(db_path)
    for changes, error in (({"text": ""}, ValidationError), ({"kind": "khen"}, ValidationError),
                           ({"status": "xong"}, ValidationError), ({"supporters": -3}, ValidationError),
                           ({"text": "a" * (MAX_TEXT + 1)}, ValidationError),
                           ({"section": "s0000000000"}, NotFoundError),
                           ({"group": "Tổ mới", "section": "s0000000000"}, NotFoundError),
                           ({"draft": "khac"}, ValidationError)):
        with pytest.raises(error):
            store.edit_comment(c.id, **changes)
    assert counts(db_path) == before
    assert store.comment(c.id) == c
    assert store.groups() == ["Tổ 1"]


def test_impossible_quote_positions_are_refused(store, draft, db_path):
    section = body_sections(store, draft["id"])[0]
    length = len(section["text"])
    for start, end in ((-5, 3), (10, 4), (length + 10, length + 20)):
        with pytest.raises(ValidationError):
            add(store, draft["id"], section["id"], "Vị trí trích dẫn sai.", quote="trích", quote_start=start,
                quote_end=end)


# ---------------------------------------------------------------- search


def test_search_ignores_accents_and_case(store, small):
    d, ids = small
    s = ids["Phát triển kinh tế"]
    dang = add(store, d["id"], s, "Đảng bộ tỉnh cần tăng cường lãnh đạo.")
    huong = add(store, d["id"], s, "Bổ sung Phương Hướng cho năm sau.")
    new = add(store, d["id"], s, "Ủy ban nhân dân tỉnh chỉ đạo quyết liệt.")
    old = add(store, d["id"], s, "Uỷ ban Mặt trận Tổ quốc phối hợp.")
    assert dang.id in found(store, "dang")
    assert dang.id in found(store, "DANG BO")
    assert dang.id in found(store, "ĐẢNG")
    assert huong.id in found(store, "huong")
    assert {new.id, old.id} <= found(store, "uy ban")
    assert {new.id, old.id} <= found(store, "ủy ban")
    assert {new.id, old.id} <= found(store, "Uỷ Ban")
    assert found(store, "uy ban mat tran") == {old.id}


def test_a_query_with_accents_ranks_exact_accents_first(store, small):
    d, ids = small
    s = ids["Phương hướng nhiệm vụ năm 2025"]
    # "tầng" is short and repeated (better BM25 for "tang"); "tăng" sits in a longer text.
    tang = add(store, d["id"], s, "Đề nghị bổ sung giải pháp để tăng thu ngân sách từ các khu công nghiệp "
                                  "và cụm công nghiệp trên địa bàn tỉnh trong thời gian tới.")
    tang_huyen = add(store, d["id"], s, "Hạ tầng, tầng tầng lớp lớp.")
    both = found(store, "tang", draft_id=d["id"])
    assert {tang.id, tang_huyen.id} <= both

    def order(query):
        return [h["comment"] for h in store.search(query, draft_id=d["id"]) if h["comment"]]

    assert order("tang").index(tang_huyen.id) < order("tang").index(tang.id)  # BM25 alone prefers "tầng"
    assert order("tăng")[0] == tang.id
    assert order("tầng")[0] == tang_huyen.id
    # Section titles follow the same rule: "tăng trưởng" is in a body, "Tăng" in no heading; "Phát" is.
    hits = store.search("phát", draft_id=d["id"])
    assert hits[0]["comment"] is None and hits[0]["section"] == ids["Phát triển kinh tế"]


def test_decomposed_text_and_queries_are_found(store, small):
    d, ids = small
    c = add(store, d["id"], ids["Công tác xây dựng Đảng"], NFD("NFD", "Đảng bộ huyện Hướng Hóa cần rút kinh nghiệm."),
            author=NFD("NFD", "Bùi Thị Hương"))
    assert unicodedata.is_normalized("NFC", c.text) and c.text == "Đảng bộ huyện Hướng Hóa cần rút kinh nghiệm."
    assert c.author == "Bùi Thị Hương"
    for query in ("hướng hóa", NFD("NFD", "hướng hóa"), NFD("NFD", "HƯỚNG HÓA"), "huong hoa", "bui thi huong"):
        assert c.id in found(store, query), query
    first = next(h for h in store.search(NFD("NFD", "hướng"), draft_id=d["id"]) if h["comment"])
    assert first["comment"] == c.id and "[Hướng]" in first["snippet"]


def test_prefixes_find_words_being_typed(store, small):
    d, ids = small
    c = add(store, d["id"], ids["Phát triển kinh tế"], "Cần phát triển mạnh chuyển đổi số ở cấp xã.")
    assert c.id in found(store, "phat tri")
    assert c.id in found(store, "phát tr")
    assert c.id in found(store, "chuyển đ")
    assert c.id in found(store, "chuyen doi s")
    assert c.id not in found(store, "phat trien nong")


def test_results_point_to_draft_section_and_comment(store, small):
    d, ids = small
    s = ids["Phương hướng nhiệm vụ năm 2025"]
    c = add(store, d["id"], s, "Đề nghị làm rõ phương hướng thu hút đầu tư.", proposal="Bổ sung mục tiêu FDI.")
    hits = store.search("phuong huong", draft_id=d["id"])
    assert {"draft", "section", "comment", "snippet"} <= set(hits[0])
    by_comment = {h["comment"]: h for h in hits}
    assert by_comment[c.id]["draft"] == d["id"] and by_comment[c.id]["section"] == s
    assert "[phương]" in by_comment[c.id]["snippet"] and "[hướng]" in by_comment[c.id]["snippet"]
    heading = by_comment[None]
    assert heading["section"] == s and heading["draft"] == d["id"]
    assert "[Phương]" in heading["snippet"] and "[hướng]" in heading["snippet"]
    proposal_hit = store.search("fdi", draft_id=d["id"])
    assert [h["comment"] for h in proposal_hit] == [c.id] and "[FDI]" in proposal_hit[0]["snippet"]


def test_deleted_comments_are_not_found_and_edits_are_reindexed(store, small):
    d, ids = small
    s = ids["Phát triển kinh tế"]
    keep = add(store, d["id"], s, "Cần tăng cường kiểm tra việc giải ngân vốn.")
    gone = add(store, d["id"], s, "Đề nghị kiểm tra lại số liệu xuất khẩu.")
    store.delete_comment(gone.id)
    assert found(store, "kiem tra") == {keep.id}
    assert found(store, "xuat khau") == set()
    store.edit_comment(keep.id, text="Cần tăng cường giám sát việc giải ngân vốn.")
    assert found(store, "kiem tra") == set()
    assert found(store, "giam sat") == {keep.id}
    store.edit_comment(keep.id, author="Ngô Đức Long", quote="hạ tầng giao thông")
    assert found(store, "ngo duc long") == {keep.id}
    assert found(store, "ha tang giao") == {keep.id}
    conn = store.db.conn
    assert conn.execute("SELECT count(*) FROM comment_search").fetchone()[0] == 1


def test_search_can_be_limited_to_one_draft(store, small, draft):
    d, ids = small
    mine = add(store, d["id"], ids["Phát triển kinh tế"], "Giải ngân vốn đầu tư công còn chậm.")
    other = add(store, draft["id"], body_sections(store, draft["id"])[0]["id"], "Vốn đầu tư công giải ngân chậm.")
    assert {mine.id, other.id} <= found(store, "dau tu cong")
    only = store.search("dau tu cong", draft_id=d["id"])
    assert only and all(h["draft"] == d["id"] for h in only)
    assert mine.id in {h["comment"] for h in only} and other.id not in {h["comment"] for h in only}
    assert all(h["draft"] == draft["id"] for h in store.search("dau tu", draft_id=draft["id"]))


@pytest.mark.parametrize("query", ["", "   ", "!!!", "“”", '"', "*", "-", "AND", "OR NOT", "NEAR(", "dang^",
                                   'tăng" OR "x', "folded:dang", "(", "{exact}"])
def test_odd_queries_do_not_break_search(store, small, query):
    d, ids = small
    add(store, d["id"], ids["Phát triển kinh tế"], "Đảng bộ AND chính quyền.")
    assert isinstance(store.search(query), list)


def test_tone_mark_placement_does_not_change_ranking(store, small):
    d, ids = small
    s = ids["Phát triển kinh tế"]
    hoa = add(store, d["id"], s, "Văn hóa.")
    hoa_old = add(store, d["id"], s, "Cần làm tốt công tác hoà giải ở cơ sở và xây dựng khối đại đoàn kết.")
    order = [h["comment"] for h in store.search("hòa", draft_id=d["id"])]
    assert order.index(hoa_old.id) < order.index(hoa.id)


def test_exact_accents_come_first_even_with_many_folded_matches(store, small):
    d, ids = small
    s = ids["Phát triển kinh tế"]
    for n in range(250):
        add(store, d["id"], s, f"Hạ tầng số {n}.", group="Tổ 2")
    tang = add(store, d["id"], s, "Đề nghị bổ sung số liệu về tốc độ tăng thu ngân sách của các huyện miền núi "
                                  "trong năm qua so với kế hoạch đề ra từ đầu nhiệm kỳ.")
    hits = [h["comment"] for h in store.search("tăng", draft_id=d["id"]) if h["comment"]]
    assert hits[0] == tang.id


# ---------------------------------------------------------------- schema, connection settings, transactions


def test_connection_settings(store, db_path):
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == database.BUSY_TIMEOUT * 1000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == database.latest_version()
    with pytest.raises(sqlite3.IntegrityError):  # foreign keys are enforced
        conn.execute("INSERT INTO delegates (name, group_name) VALUES ('X', 'Không có tổ này')")


def test_every_action_is_one_committed_transaction(store, draft, db_path):
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    observer = sqlite3.connect(db_path)
    section = body_sections(store, draft["id"])[0]["id"]
    box: dict = {}
    actions = {
        "add_group": lambda: store.add_group("Tổ 5"),
        "add_delegate": lambda: store.add_delegate("Võ Thị Hạnh", "Tổ 6", "thu_ky"),
        "add_comment": lambda: box.setdefault("c", add(store, draft["id"], section, "Góp ý trong một giao dịch.",
                                                       group="Tổ 7")),
        "edit_comment": lambda: store.edit_comment(box["c"].id, text="Góp ý đã sửa.", supporters=2),
        "delete_comment": lambda: store.delete_comment(box["c"].id),
        "restore_comment": lambda: store.restore_comment(box["c"].id),
    }
    for name, action in actions.items():
        version = observer.execute("PRAGMA data_version").fetchone()[0]
        statements.clear()
        action()
        control = [s.split()[0].upper() for s in statements if s.split()[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK")]
        assert control == ["BEGIN", "COMMIT"], (name, statements)
        assert statements[0].upper().startswith("BEGIN IMMEDIATE"), name
        begin = next(i for i, s in enumerate(statements) if s.upper().startswith("BEGIN"))
        commit = next(i for i, s in enumerate(statements) if s.upper().startswith("COMMIT"))
        writes = [i for i, s in enumerate(statements) if s.lstrip().split()[0].upper() in ("INSERT", "UPDATE",
                                                                                             "DELETE")]
        assert writes and all(begin < i < commit for i in writes), (name, statements)
        assert not store.db.conn.in_transaction
        assert observer.execute("PRAGMA data_version").fetchone()[0] != version, name  # committed, visible
    n = 8
    while len(store.groups()) < MAX_GROUPS:
        store.add_group(f"Tổ {n}")
        n += 1
    statements.clear()
    with pytest.raises(ValidationError):
        add(store, draft["id"], section, "Tổ thứ 31.", group="Tổ dự bị")
    control = [s.split()[0].upper() for s in statements if s.split()[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK")]
    assert control == ["BEGIN", "ROLLBACK"]
    observer.close()


def test_migrations_are_numbered_from_one_without_gaps(tmp_path):
    numbers = [n for n, _path in database.migrations()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert database.latest_version() == numbers[-1]
    for n in numbers:
        with database.connect(tmp_path / f"v{n}.sqlite3", upto=n) as db:
            assert db.conn.execute("PRAGMA user_version").fetchone()[0] == n
        with Store(tmp_path / f"v{n}.sqlite3"):
            pass
        assert user_version(tmp_path / f"v{n}.sqlite3") == numbers[-1]
        assert integrity(tmp_path / f"v{n}.sqlite3") == "ok"


def _fill_version_1(conn) -> dict:
    """Rows as version 1 of the store wrote them (plain SQL against the schema of db/0001_initial.sql)."""
    conn.execute("BEGIN")
    conn.execute("INSERT INTO meta (key, value) VALUES ('device_id', 'a1b2c3d4e5f60718293a4b5c6d7e8f90')")
    conn.execute("INSERT INTO drafts VALUES ('0123456789ab', '0123456789ab' || ?, 'Dự thảo Báo cáo chính trị', "
                 "'bao-cao-chinh-tri.docx', '2024-12-01T02:00:00.000Z')", ["0" * 52])
    sections = [("preamble", 0, "", "", 0, None, "ĐẢNG BỘ TỈNH AN PHÚ"),
                ("s1", 1, "I.", "ĐÁNH GIÁ KẾT QUẢ", 1, None, "Năm 2024, kinh tế tăng trưởng 7,2%."),
                ("s2", 2, "1.", "Về xây dựng Đảng", 2, "s1", "Uỷ ban kiểm tra các cấp đã kiểm tra 212 tổ chức đảng.")]
    for sid, pos, number, title, level, parent, text in sections:
        cur = conn.execute("INSERT INTO sections (draft_id, id, position, number, title, level, parent, text) "
                           "VALUES ('0123456789ab', ?, ?, ?, ?, ?, ?, ?)",
                           [sid, pos, number, title, level, parent, text])
        heading = f"{number} {title}".strip()
        if heading:
            conn.execute("INSERT INTO section_search (rowid, folded, exact) VALUES (?, ?, ?)",
                         [cur.lastrowid, fold(heading), exact_key(heading)])
    conn.execute("INSERT INTO groups VALUES ('Tổ 1', 0, '2024-12-01T02:00:00.000Z')")
    conn.execute("INSERT INTO groups VALUES ('Tổ 2', 1, '2024-12-01T02:00:01.000Z')")
    conn.execute("INSERT INTO delegates (name, group_name, role) VALUES ('Trần Thị Bích', 'Tổ 1', 'to_truong')")
    conn.execute("INSERT INTO delegates (name, group_name, role) VALUES ('Lê Hoàng Cường', 'Tổ 2', NULL)")
    comments = [
        ("11111111-1111-4111-8111-111111111111", "s1", "Tổ 1", "Trần Thị Bích", "sua_doi",
         "Đề nghị ghi rõ tốc độ tăng trưởng so với kế hoạch.", "tăng trưởng 7,2%", 17, 33, "Sửa thành “7,2%/7%”.",
         3, "tiep_thu", "Đã tiếp thu.", "2024-12-02T03:00:00.000Z", "2024-12-02T04:00:00.000Z", 2, 0),
        ("22222222-2222-4222-8222-222222222222", "s2", "Tổ 2", "", "cau_hoi",
         "Vì sao Đảng bộ chưa kiểm tra hết các tổ chức?", "", None, None, "", 0, "moi", "",
         "2024-12-02T03:05:00.000Z", "2024-12-02T03:05:00.000Z", 1, 0),
        ("33333333-3333-4333-8333-333333333333", "s2", "Tổ 2", "Lê Hoàng Cường", "de_nghi_bo",
         "Bỏ câu này.", "", None, None, "", 0, "moi", "", "2024-12-02T03:06:00.000Z", "2024-12-02T03:07:00.000Z",
         2, 1),
    ]
    for c in comments:
        cur = conn.execute(
            "INSERT INTO comments (id, draft_id, section_id, group_name, author, kind, text, quote, quote_start, "
            "quote_end, proposal, supporters, status, response, created_at, updated_at, device_id, revision, deleted) "
            "VALUES (?, '0123456789ab', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'a1b2c3d4e5f60718293a4b5c6d7e8f90', "
            "?, ?)", list(c))
        if not c[-1]:
            body = "\n".join(v for v in (c[5], c[6], c[9], c[3]) if v)
            conn.execute("INSERT INTO comment_search (rowid, folded, exact) VALUES (?, ?, ?)",
                         [cur.lastrowid, fold(body), exact_key(body)])
    history = [("11111111-1111-4111-8111-111111111111", 1, "Tổ 1", "Trần Thị Bích", "gop_y", "Ghi rõ tốc độ.",
                "tăng trưởng 7,2%", "", 0, "moi", "", "2024-12-02T03:00:00.000Z", 0),
               ("33333333-3333-4333-8333-333333333333", 1, "Tổ 2", "Lê Hoàng Cường", "de_nghi_bo", "Bỏ câu này.",
                "", "", 0, "moi", "", "2024-12-02T03:06:00.000Z", 0)]
    for h in history:
        conn.execute("INSERT INTO comment_history (comment_id, revision, device_id, group_name, author, kind, text, "
                     "quote, proposal, supporters, status, response, updated_at, deleted) "
                     "VALUES (?, ?, 'a1b2c3d4e5f60718293a4b5c6d7e8f90', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(h))
    conn.execute("COMMIT")
    return {"comments": comments, "sections": sections}


def test_a_database_of_the_first_schema_is_upgraded_with_its_data(db_path):
    with database.connect(db_path, upto=1) as db:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == 1
        rows = _fill_version_1(db.conn)
    with Store(db_path) as store:
        assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == database.latest_version()
        assert store.device_id == "a1b2c3d4e5f60718293a4b5c6d7e8f90"
        (d,) = store.drafts()
        assert (d["id"], d["title"], d["file_name"], d["sections"], d["comments"]) == (
            "0123456789ab", "Dự thảo Báo cáo chính trị", "bao-cao-chinh-tri.docx", 3, 2)
        assert [(s["id"], s["number"], s["title"], s["level"], s["parent"], s["text"])
                for s in store.sections(d["id"])] == [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in rows["sections"]]
        assert store.groups() == ["Tổ 1", "Tổ 2"]
        assert store.delegates() == [{"name": "Trần Thị Bích", "group": "Tổ 1", "role": "to_truong"},
                                     {"name": "Lê Hoàng Cường", "group": "Tổ 2", "role": None}]
        listed = store.comments(d["id"], include_deleted=True)
        assert [c.id for c in listed] == [r[0] for r in rows["comments"]]
        for c, r in zip(listed, rows["comments"], strict=True):
            assert (c.section, c.group, c.author, c.kind, c.text, c.quote, c.quote_start, c.quote_end, c.proposal,
                    c.supporters, c.status, c.response, c.created_at, c.updated_at, c.revision, c.deleted) == (
                        *r[1:15], r[15], bool(r[16]))
        assert [c.id for c in store.comments(d["id"])] == [r[0] for r in rows["comments"][:2]]
        assert [h["revision"] for h in store.history(rows["comments"][0][0])] == [1]
        assert found(store, "dang bo") == {rows["comments"][1][0]}
        assert found(store, "tang truong") >= {rows["comments"][0][0]}
        assert any(h["comment"] is None and h["section"] == "s2" for h in store.search("xay dung dang"))
        # Old rows keep working with the store's actions.
        edited = store.edit_comment(rows["comments"][1][0], status="giai_trinh", response="Đã giải trình.")
        assert edited.revision == 2
        assert store.restore_comment(rows["comments"][2][0]).revision == 3
        fresh = add(store, d["id"], "s2", "Góp ý mới sau khi nâng cấp.", group="Tổ 3", quote="kiểm tra 212")
        assert fresh.quote_start == rows["sections"][2][6].index("kiểm tra 212")
        assert store.db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert integrity(db_path) == "ok"


def test_opening_says_first_when_an_older_database_will_be_updated(db_path, tmp_path):
    assert not database.needs_upgrade(db_path)  # nothing there yet
    with database.connect(db_path, upto=1) as db:
        rows = _fill_version_1(db.conn)
    database.connect(db_path, upto=15).conn.close()  # the schema before the longer search prefixes
    assert database.needs_upgrade(db_path) and integrity(db_path) == "ok"  # asked without writing
    with Store(db_path) as store:
        sql = store.db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'comment_search'").fetchone()[0]
        assert "prefix = '1 2 3 4'" in sql
        assert found(store, "dang bo") == {rows["comments"][1][0]}
        assert found(store, "tăng trư") >= {rows["comments"][0][0]}  # a three-letter start, from the new index
    assert not database.needs_upgrade(db_path)
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    assert not database.needs_upgrade(tmp_path / "notes.txt")


def _fake_migrations(tmp_path: Path, patch: pytest.MonkeyPatch, sql: str) -> int:
    """The real migrations plus one more (``sql``), as if this were the next version of the program."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for _n, path in database.migrations():
        shutil.copyfile(path, folder / path.name)
    number = database.latest_version() + 1
    (folder / f"{number:04d}_next.sql").write_text(sql, encoding="utf-8")
    patch.setattr(database, "migrations_dir", lambda: folder)
    assert database.latest_version() == number
    return number


def test_a_later_migration_is_applied_at_start_up(tmp_path, db_path, monkeypatch, sample_doc):
    with Store(db_path) as store:
        d = store.register_draft(sample_doc)
        c = add(store, d["id"], body_sections(store, d["id"])[0]["id"], "Góp ý trước khi nâng cấp.")
    with monkeypatch.context() as patch:
        number = _fake_migrations(tmp_path, patch, "-- the next version\n"
                                  "ALTER TABLE comments ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;\n"
                                  "CREATE INDEX comments_pinned ON comments (pinned);\n")
        with Store(db_path) as store:
            assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == number
            assert store.comment(c.id) == c
            assert store.db.conn.execute("SELECT pinned FROM comments").fetchall() == [(0,)]
    assert integrity(db_path) == "ok"


def test_a_failing_migration_leaves_the_previous_version_intact(tmp_path, db_path, monkeypatch, sample_doc):
    with Store(db_path) as store:
        d = store.register_draft(sample_doc)
        c = add(store, d["id"], body_sections(store, d["id"])[0]["id"], "Góp ý trước khi nâng cấp.")
    latest = database.latest_version()
    before = counts(db_path)
    with monkeypatch.context() as patch:
        _fake_migrations(tmp_path, patch, "CREATE TABLE half_done (x INTEGER);\n"
                                          "INSERT INTO no_such_table VALUES (1);\n")
        with pytest.raises(DatabaseError, match="no_such_table"):
            Store(db_path)
    assert user_version(db_path) == latest
    assert counts(db_path) == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()
    with Store(db_path) as store:
        assert store.comment(c.id) == c


def test_a_database_from_a_newer_version_is_refused_and_left_unchanged(db_path, sample_doc):
    with Store(db_path) as store:
        store.register_draft(sample_doc)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {database.latest_version() + 1}")
    conn.close()
    digest, files = sha(db_path), sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(DatabaseError) as err:
        Store(db_path)
    message = str(err.value)
    assert "newer version" in message and str(db_path) in message
    assert f"schema {database.latest_version() + 1}" in message
    assert sha(db_path) == digest
    assert sorted(p.name for p in db_path.parent.iterdir()) == files
    assert user_version(db_path) == database.latest_version() + 1


def test_refusing_a_newer_database_does_not_switch_its_journal_mode(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {database.latest_version() + 1}")
    conn.close()
    digest = sha(db_path)
    with pytest.raises(DatabaseError, match="newer version"):
        Store(db_path)
    assert sha(db_path) == digest


@pytest.mark.parametrize("content", ["random", "docx", "text"])
def test_a_file_that_is_not_sqlite_is_refused(tmp_path, content):
    path = tmp_path / "reviews.sqlite3"
    if content == "random":
        path.write_bytes(os.urandom(64 * 1024))
    elif content == "docx":
        shutil.copyfile(sample_draft(), path)
    else:
        path.write_text("Biên bản họp tổ 1\n" * 300, encoding="utf-8")
    digest = sha(path)
    with pytest.raises(DatabaseError, match="not a Draft Reviewer database"):
        Store(path)
    assert sha(path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.sqlite3"]


def test_another_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "places.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    digest = sha(path)
    with pytest.raises(DatabaseError, match="not a Draft Reviewer database"):
        Store(path)
    assert sha(path) == digest


@pytest.mark.parametrize("where", ["proc", "proc-subfolder", "parent-is-a-file", "path-is-a-folder"])
def test_a_location_that_cannot_be_written_is_refused(tmp_path, where):
    if where == "proc":
        path = Path("/proc/reviews.sqlite3")
    elif where == "proc-subfolder":
        path = Path("/proc/draft-reviewer/reviews.sqlite3")
    elif where == "parent-is-a-file":
        (tmp_path / "not-a-folder").write_text("x")
        path = tmp_path / "not-a-folder" / "reviews.sqlite3"
    else:
        path = tmp_path / "folder.sqlite3"
        path.mkdir()
    with pytest.raises(DatabaseError) as err:
        Store(path)
    assert str(path.parent if where in ("proc-subfolder", "parent-is-a-file") else path) in str(err.value)
    assert not Path("/proc/reviews.sqlite3").exists()


def test_a_database_in_a_read_only_place_can_be_read_but_not_changed(tmp_path, monkeypatch):
    from reviewer.store import database

    db = tmp_path / "ro" / "r.sqlite3"
    with Store(db) as store:
        draft = store.register_draft(make_doc_for_read_only())
        store.add_comment(draft_id=draft["id"], section_id=store.sections(draft["id"])[0]["id"], group="Tổ 1",
                          text="Giữ nguyên.")
    assert sorted(p.name for p in db.parent.iterdir()) == ["r.sqlite3"]  # closed cleanly: no WAL left
    # As on a locked USB stick or a read-only share (root could write anyway, so the check is told).
    monkeypatch.setattr(database.os, "access", lambda path, mode: mode != os.W_OK)
    with Store(db) as store:
        (d,) = store.drafts()
        assert [c.text for c in store.comments(d["id"])] == ["Giữ nguyên."]
        assert store.search("giu nguyen")
        with pytest.raises(DatabaseError) as err:
            store.add_comment(draft_id=d["id"], section_id=store.sections(d["id"])[0]["id"], group="Tổ 1", text="x")
        assert "read-only" in str(err.value)
    assert sorted(p.name for p in db.parent.iterdir()) == ["r.sqlite3"]


def make_doc_for_read_only():
    from reviewer.model import Document, Paragraph, Section

    return Document("Dự thảo", [Section("s1", "I.", "Kinh tế", 1, None, [Paragraph(text="Tăng trưởng.")])])


def test_a_full_disk_is_called_full_not_an_io_error(tmp_path, monkeypatch):
    from collections import namedtuple

    from reviewer.store import database

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(database.shutil, "disk_usage", lambda path: usage(10**9, 10**9, 0))
    message = str(database.explain(sqlite3.OperationalError("disk I/O error"), tmp_path / "r.sqlite3"))
    assert "is full" in message and "I/O" not in message
    monkeypatch.setattr(database.shutil, "disk_usage", lambda path: usage(10**9, 0, 10**9))
    message = str(database.explain(sqlite3.OperationalError("disk I/O error"), tmp_path / "r.sqlite3"))
    assert "could not be read or written" in message
    message = str(database.explain(sqlite3.OperationalError("database or disk is full"), tmp_path / "r.sqlite3"))
    assert "is full" in message


def test_the_secretariat_is_a_role_of_its_own_also_in_an_upgraded_database(db_path):
    with database.connect(db_path, upto=14) as db:
        db.conn.execute("INSERT INTO groups (name, position, created_at) VALUES ('Tổ 1', 0, '2024-12-01T02:00:00Z')")
        db.conn.execute("INSERT INTO delegates (name, group_name, role) VALUES ('Trần Thị Bích', 'Tổ 1', 'thu_ky')")
        with pytest.raises(sqlite3.IntegrityError):
            db.conn.execute("INSERT INTO delegates (name, group_name, role) VALUES ('Ban', 'Tổ 1', 'ban_thu_ky')")
    with Store(db_path) as store:
        store.add_delegate("Nguyễn Văn An", "Ban thư ký", "ban_thu_ky")
        assert store.delegates() == [{"name": "Nguyễn Văn An", "group": "Ban thư ký", "role": "ban_thu_ky"},
                                     {"name": "Trần Thị Bích", "group": "Tổ 1", "role": "thu_ky"}]
        assert integrity(db_path) == "ok"
