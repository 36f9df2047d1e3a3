"""The consolidation as an editable Word table, and the drafting committee's answers read back from it.

The answers are written with python-docx the way a committee member edits the file in Word: a cell's
text replaced, a status name typed first, a row added, the STT retyped."""
from __future__ import annotations

import copy
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from reviewer.cli import main
from reviewer.docx import read_document
from reviewer.errors import ReviewerError
from reviewer.export_options import ExportOptions, load_conference
from reviewer.paths import sample_draft
from reviewer.store import Store, seed_sample_comments
from reviewer.word import export_table, import_answers
from tests.docxfactory import heading_styles, para, write_docx

PARTY = ["STT", "Nội dung dự thảo", "Ý kiến góp ý", "Tổ / đại biểu", "Tiếp thu, giải trình"]
STATUTORY = ["Nhóm vấn đề (mục, điều, khoản)", "Chủ thể góp ý", "Nội dung góp ý", "Ý kiến tiếp thu, giải trình"]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "reviews.sqlite3") as s:
        yield s


@pytest.fixture
def draft(store):
    draft_id = store.register_draft(read_document(sample_draft()), file_name="sample.docx")["id"]
    assert seed_sample_comments(store, draft_id) >= 5
    return draft_id


def export(store, draft_id, path, **kw) -> Path:
    export_table(store, draft_id, path, conference=load_conference(store), **kw)
    return path


def rows_of(document):
    return document.tables[-1].rows


def set_answer(row, text: str) -> None:
    """What Word stores when a person selects the answer cell's text and types: one new run."""
    row.cells[-1].text = text


def test_party_table_is_a4_landscape_times_new_roman_in_vietnamese(store, draft, tmp_path):
    comments = store.comments(draft)
    path = export(store, draft, tmp_path / "t.docx")  # the interface speaks English (conftest)
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13
    texts = [p.text for p in document.paragraphs]
    assert "TỔNG HỢP Ý KIẾN THẢO LUẬN TỔ" in texts
    header = document.tables[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header.cell(0, 1).text
    rows = rows_of(document)
    assert [c.text for c in rows[0].cells] == PARTY
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert len(rows) == len(comments) + 1
    first = comments[0]
    assert rows[1].cells[0].text.startswith("1")
    assert first.text.split("\n")[0] in rows[1].cells[2].text
    assert first.group in rows[1].cells[3].text
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert xml == unicodedata.normalize("NFC", xml)


def test_statutory_form_has_the_four_columns(store, draft, tmp_path):
    document = docx.Document(str(export(store, draft, tmp_path / "s.docx", form="statutory")))
    assert [c.text for c in rows_of(document)[0].cells] == STATUTORY


def test_statutory_answers_come_back_too(store, draft, tmp_path):
    comments = store.comments(draft)
    path = export(store, draft, tmp_path / "s.docx", form="statutory")
    document = docx.Document(str(path))
    rows = rows_of(document)
    rows[1].cells[0].paragraphs[0].runs[0].text = "Mục I"  # the section's name retyped
    set_answer(rows[1], "Tiếp thu một phần. Sửa câu đầu.")
    document.save(str(path))
    plan = import_answers(store, draft, path)
    assert plan.changes == {comments[0].id: {"status": "tiep_thu_mot_phan", "response": "Sửa câu đầu."}}


def test_a_cancelled_export_leaves_nothing(store, draft, tmp_path, monkeypatch):
    from reviewer.word import table as word_table

    monkeypatch.setattr(word_table, "REPORT_EVERY", 2)
    seen = []
    with pytest.raises(word_table.TableExportCancelled):
        export(store, draft, tmp_path / "t.docx", progress=lambda done, total: seen.append((done, total)) or False)
    assert seen == [(2, len(store.comments(draft)))]
    assert not [p for p in tmp_path.iterdir() if "docx" in p.name]


def test_pages_are_numbered_from_the_second(store, draft, tmp_path):
    section = docx.Document(str(export(store, draft, tmp_path / "t.docx"))).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and section.first_page_header.paragraphs[0].text == ""


def test_filters_and_order_follow_the_pdf(store, draft, tmp_path):
    from reviewer.pdf.selection import select
    from reviewer.word.answers import read_table

    sections = [s["id"] for s in store.sections(draft)]
    store.add_comment(draft_id=draft, section_id=sections[1], group="Tổ 10", text="Ý kiến của Tổ 10.")
    store.add_comment(draft_id=draft, section_id=sections[1], group="Tổ 3", text="Ý kiến của Tổ 3.")
    for options in (ExportOptions(), ExportOptions(groups={"Tổ 3", "Tổ 10"}), ExportOptions(statuses={"moi"})):
        path = export(store, draft, tmp_path / "o.docx", options=options)
        rows = [next(iter(r.markers))[1] for r in read_table(path)]
        # The table keeps one row per comment: agreement too, which the PDF counts instead of listing.
        listed = ExportOptions(**{**vars(options), "list_agreement": True})
        assert rows == [c.id for c in select(store, draft, listed).comments()]


@pytest.mark.parametrize(("text", "expected"), [
    ("Tiếp thu: Đã sửa.", ("tiep_thu", "Đã sửa.")),
    ("tiep thu mot phan – bỏ câu cuối", ("tiep_thu_mot_phan", "bỏ câu cuối")),
    ("KHÔNG TIẾP THU. Số liệu đúng.", ("khong_tiep_thu", "Số liệu đúng.")),
    ("Giải trình:\nDòng thứ hai", ("giai_trinh", "Dòng thứ hai")),
    ("Tiếp thu", ("tiep_thu", "")),
    ("Tiếp thu ý kiến này", (None, "Tiếp thu ý kiến này")),  # no separator: a response that starts so
    ("Tiếp thuận", (None, "Tiếp thuận")),
])
def test_a_leading_status_name_sets_the_status(text, expected):
    from reviewer.word.answers import parse_answer

    assert parse_answer(text) == expected


def test_answers_come_back_as_edits(store, draft, tmp_path):
    comments = store.comments(draft)
    store.edit_comment(comments[0].id, status="giai_trinh", response="Đã có trong báo cáo.")
    path = export(store, draft, tmp_path / "t.docx")
    document = docx.Document(str(path))
    rows = rows_of(document)
    assert rows[1].cells[-1].text == "Giải trình: Đã có trong báo cáo."
    set_answer(rows[1], "Giải trình: Đã có ở mục I.2.\nXem thêm phụ lục.")  # a second paragraph
    set_answer(rows[2], "Tiếp thu: Đã bổ sung đoạn về bão số 3.")
    set_answer(rows[3], "Ban soạn thảo sẽ nghiên cứu thêm.")
    rows[4].cells[0].paragraphs[0].runs[0].text = ""  # the visible STT deleted
    set_answer(rows[4], "Không tiếp thu – số liệu đã chính xác.")
    added = copy.deepcopy(rows[-1]._tr)
    document.tables[-1]._tbl.append(added)
    for c in document.tables[-1].rows[-1].cells:  # a new row typed by the committee
        c.text = "Ý kiến thêm của Ban soạn thảo"
    document.save(str(path))

    before = {c.id: c.revision for c in store.comments(draft)}
    plan = import_answers(store, draft, path)
    assert len(plan.changes) == 4 and plan.added and plan.added[0].row == len(comments) + 1
    assert not (plan.unknown or plan.lost or plan.deleted or plan.duplicates)
    after = {c.id: c for c in store.comments(draft)}
    c0, c1, c2, c3 = (after[c.id] for c in comments[:4])
    assert (c0.status, c0.response) == ("giai_trinh", "Đã có ở mục I.2.\nXem thêm phụ lục.")
    assert (c1.status, c1.response) == ("tiep_thu", "Đã bổ sung đoạn về bão số 3.")
    assert (c2.status, c2.response) == (comments[2].status, "Ban soạn thảo sẽ nghiên cứu thêm.")
    assert (c3.status, c3.response) == ("khong_tiep_thu", "số liệu đã chính xác.")
    assert [c.revision - before[c.id] for c in (c0, c1, c2, c3)] == [1, 1, 1, 1]
    assert store.history(c1.id)[-1]["status"] == "moi"  # the previous version is kept
    assert all(c.revision == before[c.id] for c in after.values() if c.id not in plan.changes)

    again = import_answers(store, draft, path)  # the same file twice changes nothing
    assert not again.changes and again.unchanged == len(comments)
    assert {c.id: c.revision for c in store.comments(draft)} == {c.id: c.revision for c in after.values()}


def test_identity_survives_a_retyped_cell_and_lost_rows_are_listed(store, draft, tmp_path):
    comments = store.comments(draft)
    path = export(store, draft, tmp_path / "t.docx")
    document = docx.Document(str(path))
    rows = rows_of(document)
    rows[1].cells[0].text = "1"  # bookmark and hidden id of the STT cell gone: the group cell still has it
    set_answer(rows[1], "Tiếp thu.")
    rows[2].cells[0].text = "2"
    rows[2].cells[3].text = "Tổ 2"  # both carriers gone: listed, never guessed
    set_answer(rows[2], "Tiếp thu.")
    document.save(str(path))
    plan = import_answers(store, draft, path)
    assert list(plan.changes) == [comments[0].id] and plan.changes[comments[0].id]["status"] == "tiep_thu"
    assert [n.row for n in plan.lost] == [2] and not plan.added
    assert store.comment(comments[1].id).status == comments[1].status


def test_a_table_split_in_two_and_a_title_row_above_the_header(store, draft, tmp_path):
    comments = store.comments(draft)
    path = export(store, draft, tmp_path / "t.docx")
    document = docx.Document(str(path))
    tbl = document.tables[-1]._tbl
    title = copy.deepcopy(tbl.tr_lst[0])
    for t in title.iter(qn("w:t")):
        t.text = "Phụ lục"
    tbl.tr_lst[0].addprevious(title)  # a row typed above the header
    second = copy.deepcopy(tbl)
    for tr in second.tr_lst[:-2]:
        second.remove(tr)  # the second table keeps the last two rows
    for tr in tbl.tr_lst[-2:]:
        tbl.remove(tr)
    tbl.addnext(second)
    tbl.addnext(copy.deepcopy(document.paragraphs[-1]._p))  # Word puts a paragraph between the two
    document.save(str(path))
    document = docx.Document(str(path))
    set_answer(document.tables[-1].rows[-1], "Tiếp thu.")
    document.save(str(path))
    plan = import_answers(store, draft, path)
    assert list(plan.changes) == [comments[-1].id] and plan.unchanged == len(comments) - 1
    assert not (plan.added or plan.lost)


def test_deleted_and_unknown_comments_are_listed_not_written(store, draft, tmp_path):
    comments = store.comments(draft)
    path = export(store, draft, tmp_path / "t.docx")
    store.delete_comment(comments[0].id)
    document = docx.Document(str(path))
    rows = rows_of(document)
    set_answer(rows[1], "Tiếp thu.")
    set_answer(rows[2], "Tiếp thu.")
    document.save(str(path))
    store.db.execute("UPDATE comments SET id = 'other' WHERE id = ?", [comments[1].id])  # not in this database
    plan = import_answers(store, draft, path)
    assert [n.row for n in plan.deleted] == [1] and [n.row for n in plan.unknown] == [2]
    assert not plan.changes


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_export_and_import(store, draft, tmp_path, capsys):
    db, out = store.path, tmp_path / "cli.docx"
    code, text, err = run_cli(capsys, "export", "table", "--draft", draft, "-o", out, "--db", db)
    assert code == 0 and "cli.docx" in text, err
    document = docx.Document(str(out))
    set_answer(rows_of(document)[1], "Tiếp thu một phần: Sửa một câu.")
    document.save(str(out))
    code, text, err = run_cli(capsys, "response", "import", "--draft", draft, out, "--db", db, "--json")
    assert code == 0, err
    import json
    result = json.loads(text)
    (changed,) = result["changed"]
    assert {"id", "draft", "section", "group", "status", "response"} <= set(changed)
    assert (changed["status"], changed["response"]) == ("tiep_thu_mot_phan", "Sửa một câu.")
    code, text, err = run_cli(capsys, "response", "import", "--draft", draft, out, "--db", db)
    assert code == 0 and "0 comments changed" in text


def _fingerprint(store) -> list:
    return store.db.execute("SELECT id, revision, status, response FROM comments ORDER BY id").fetchall()


def _other_draft(store, tmp_path) -> str:
    path = write_docx(tmp_path / "other.docx", para("I. MỘT", style="Heading1") + para("Nội dung khác."),
                      styles=heading_styles())
    other = store.register_draft(read_document(path), file_name="other.docx")["id"]
    section = store.sections(other)[-1]["id"]
    store.add_comment(draft_id=other, section_id=section, group="Tổ 9", text="Ý kiến về dự thảo khác.")
    return other


def test_bad_input_is_one_clear_line_and_writes_nothing(store, draft, tmp_path, capsys):
    db = store.path
    good = export(store, draft, tmp_path / "good.docx")
    document = docx.Document(str(good))
    for row in rows_of(document)[1:]:
        set_answer(row, "Tiếp thu.")
    document.save(str(good))
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    no_id = tmp_path / "no-id.docx"
    document = docx.Document(str(good))
    for row in document.tables[-1].rows:
        row._tr.remove(row.cells[0]._tc)  # the STT column deleted
    document.save(str(no_id))
    other = export(store, _other_draft(store, tmp_path), tmp_path / "other-table.docx")
    document = docx.Document(str(other))
    set_answer(rows_of(document)[1], "Tiếp thu.")
    document.save(str(other))
    before = _fingerprint(store)
    expected = {sample_draft(): "holds no consolidation table", truncated: "damaged or incomplete",
                no_id: "lost its column “STT”", other: "of another draft"}
    for path, words in expected.items():
        code, out, err = run_cli(capsys, "response", "import", "--draft", draft, path, "--db", db)
        assert code == 2 and words in err and err.count("\n") == 1 and not out, (path, err)
    assert _fingerprint(store) == before


def test_all_or_nothing(store, draft, tmp_path, monkeypatch):
    path = export(store, draft, tmp_path / "t.docx")
    document = docx.Document(str(path))
    for row in rows_of(document)[1:]:
        set_answer(row, "Tiếp thu.")
    document.save(str(path))
    before = _fingerprint(store)
    from reviewer.store import store as store_module

    real = store_module.fts.reindex_comment
    calls = []

    def failing(*args, **kwargs):  # the third edit fails, after two were written in the transaction
        calls.append(args)
        if len(calls) == 3:
            raise ReviewerError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(store_module.fts, "reindex_comment", failing)
    with pytest.raises(ReviewerError):
        import_answers(store, draft, path)
    assert len(calls) == 3 and _fingerprint(store) == before


def test_the_word_path_loads_neither_reportlab_nor_qt():
    code = ("import sys, reviewer.word, reviewer.cli.responses; assert 'docx' not in sys.modules; "
            "import reviewer.word.table; print(sorted(m for m in ('reportlab', 'PySide6') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.skipif(subprocess.run(["which", "soffice"], capture_output=True).returncode != 0,
                    reason="LibreOffice is not installed")
def test_identity_survives_a_libreoffice_round_trip(store, draft, tmp_path):
    path = export(store, draft, tmp_path / "t.docx")
    document = docx.Document(str(path))
    set_answer(rows_of(document)[2], "Giải trình: Số liệu theo báo cáo của Cục Thống kê.")
    document.save(str(path))
    out = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "docx", "--outdir", str(out), str(path)], check=True, capture_output=True,
                   timeout=180)
    saved = out / "t.docx"
    document = docx.Document(str(saved))  # then edited again, after LibreOffice saved it
    rows = rows_of(document)
    rows[3].cells[0].paragraphs[0].runs[0].text = ""
    set_answer(rows[3], "Tiếp thu.")
    document.save(str(saved))
    comments = store.comments(draft)
    plan = import_answers(store, draft, saved)
    assert set(plan.changes) == {comments[1].id, comments[2].id}
    assert not (plan.lost or plan.unknown or plan.added)
    assert store.comment(comments[1].id).status == "giai_trinh"
