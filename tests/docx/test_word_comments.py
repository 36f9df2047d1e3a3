"""Comments typed in Word, read with their anchored text, section, thread and resolved state, and imported."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from reviewer.cli import main
from reviewer.docx.comments import read_word_comments
from reviewer.paths import sample_draft
from reviewer.store import Store

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "docx"


def corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{name} is not in the shared corpus")
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_threads_durable_ids_and_quotes_of_a_word_file():
    reviewed = read_word_comments(corpus("d2p__comments.docx"))
    by_id = {c.word_id: c for c in reviewed.comments}
    assert len(by_id) == 8
    assert by_id["2"].parent == "1" and by_id["3"].parent == "1" and by_id["1"].parent is None
    assert by_id["1"].key == "durable:6D65285B"
    assert by_id["3"].author == "Shay Hill" and by_id["3"].date == "2024-03-29T12:10:00.000Z"
    assert by_id["4"].quote.startswith("tempor incididunt ut labore")


def test_a_comment_across_paragraphs_and_one_with_several_paragraphs():
    by_id = {c.word_id: c for c in read_word_comments(corpus("pandoc__comments.docx")).comments}
    assert by_id["1"].quote == "a new paragraph. And so"
    assert by_id["2"].text == "This one has multiple paragraphs.\n\nSee?"
    assert by_id["4"].parent == "3"


@pytest.mark.parametrize("name", ["d2p__comments.docx", "oxsdk__Comment044.docx", "pandoc__comments.docx",
                                  "pydocx__comments-rich-para.docx", "mammoth__comments.docx",
                                  "poi__testComment.docx"])
def test_every_comment_of_a_word_file_is_imported_once(tmp_path, capsys, name):
    path = corpus(name)
    db = str(tmp_path / "r.db")
    code, out, _err = run(capsys, "draft", "add", str(path), "--db", db)
    draft = out.strip().splitlines()[-1]
    words = read_word_comments(path).comments
    code, out, err = run(capsys, "comment", "import", "--draft", draft, str(path), "--group", "Tổ 3", "--db", db,
                         "--json")
    assert code == 0, err
    assert json.loads(out)["count"] == len(words) > 0
    with Store(db) as store:
        comments = store.comments(draft)
        sections = {s["id"]: s["text"] for s in store.sections(draft)}
    assert all(c.group == "Tổ 3" and c.section in sections for c in comments)
    assert {c.author for c in comments} == {w.author for w in words}
    for c in comments:
        if c.quote and not c.text.startswith("↳"):
            assert c.quote_start is not None and sections[c.section][c.quote_start:c.quote_end].split() \
                == c.quote.split()
    code, out, err = run(capsys, "comment", "import", "--draft", draft, str(path), "--group", "Tổ 3", "--db", db,
                         "--json")
    assert json.loads(out)["count"] == 0 and json.loads(out)["skipped"] == len(words)


def _handmade(tmp_path: Path) -> Path:
    """A draft with comments python-docx writes: across paragraphs, in a table cell; then one on deleted
    text and a resolved reply added by hand, as Word writes them."""
    d = docx.Document()
    d.add_heading("I. Phát triển kinh tế", 1)
    p1 = d.add_paragraph("Tăng trưởng kinh tế đạt 7,5%.")
    p2 = d.add_paragraph("Thu ngân sách vượt dự toán.")
    d.add_heading("II. Văn hoá xã hội", 1)
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Chỉ tiêu"
    table.cell(0, 1).text = "Giảm nghèo bền vững"
    gone = d.add_paragraph("Giữ lại ")
    d.add_comment([p1.runs[0], p2.runs[0]], text="Cả hai câu cần số liệu.", author="Lê Thị B", initials="LTB")
    d.add_comment(table.cell(0, 1).paragraphs[0].runs[0], text="Nêu rõ tiêu chí.", author="", initials="")
    deleted = d.comments.add_comment(text="Không nên bỏ câu này.", author="Trần C")
    run_el = gone.runs[0]._r
    run_el.addnext(docx.oxml.parse_xml(
        f'<w:del xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="90" w:author="Trần C">'
        f'<w:commentRangeStart w:id="{deleted.comment_id}"/><w:r><w:delText>câu đã xoá</w:delText></w:r>'
        f'<w:commentRangeEnd w:id="{deleted.comment_id}"/></w:del>'))
    path = tmp_path / "reviewed.docx"
    d.save(path)
    return path


def test_comments_in_cells_across_paragraphs_and_on_deleted_text(tmp_path, capsys):
    path = _handmade(tmp_path)
    by_text = {c.text: c for c in read_word_comments(path).comments}
    assert by_text["Cả hai câu cần số liệu."].quote == "Tăng trưởng kinh tế đạt 7,5%. Thu ngân sách vượt dự toán."
    assert by_text["Nêu rõ tiêu chí."].quote == "Giảm nghèo bền vững"
    assert by_text["Không nên bỏ câu này."].quote == "câu đã xoá"
    db = str(tmp_path / "r.db")
    draft = run(capsys, "draft", "add", str(path), "--db", db)[1].split()[-1]
    code, out, err = run(capsys, "comment", "import", "--draft", draft, str(path), "--group", "Tổ 1",
                         "--author", "Phạm D", "--db", db)
    assert code == 0, err
    with Store(db) as store:
        comments = {c.text: c for c in store.comments(draft)}
        titles = {s["id"]: s["title"] for s in store.sections(draft)}
    assert titles[comments["Cả hai câu cần số liệu."].section] == "Phát triển kinh tế"
    cell = comments["Nêu rõ tiêu chí."]
    assert titles[cell.section] == "Văn hoá xã hội" and cell.quote == "Chỉ tiêu | Giảm nghèo bền vững" \
        or cell.quote == "Giảm nghèo bền vững"
    assert comments["Không nên bỏ câu này."].quote == "câu đã xoá"  # kept, though not in the text any more
    assert {c.author for c in comments.values()} == {"Phạm D"}


def test_a_word_file_without_group_or_of_another_draft_is_refused_and_nothing_is_written(tmp_path, capsys):
    path = _handmade(tmp_path)
    db = str(tmp_path / "r.db")
    own = run(capsys, "draft", "add", str(path), "--db", db)[1].split()[-1]
    code, _out, err = run(capsys, "comment", "import", "--draft", own, str(path), "--db", db)
    assert code == 2 and "--group" in err and len(err.strip().splitlines()) == 1
    draft = run(capsys, "draft", "add", str(sample_draft()), "--db", db)[1].split()[-1]
    code, _out, err = run(capsys, "comment", "import", "--draft", draft, str(path), "--group", "Tổ 1", "--db", db)
    assert code == 2 and "not a review of this draft" in err
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(path.read_bytes()[:3000])
    code, _out, err = run(capsys, "comment", "import", "--draft", draft, str(truncated), "--group", "Tổ 1",
                          "--db", db)
    assert code == 2 and len(err.strip().splitlines()) == 1
    with Store(db) as store:
        assert store.comments(draft) == [] and store.comments(own) == []


def test_a_file_without_comments_says_so(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    draft = run(capsys, "draft", "add", str(sample_draft()), "--db", db)[1].split()[-1]
    code, out, _err = run(capsys, "comment", "import", "--draft", draft, str(sample_draft()), "--db", db)
    assert code == 0 and "has no comments" in out


def test_resolved_and_replies_are_kept_recognisably(tmp_path, capsys):
    path = _handmade(tmp_path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    d = docx.Document(path)
    ids = [c.comment_id for c in d.comments]
    paras = [c._comment_elm.findall(qn("w:p"))[-1] for c in d.comments]
    for i, p in enumerate(paras):
        p.set("{http://schemas.microsoft.com/office/word/2010/wordml}paraId", f"0000000{i + 1}")
    reply = d.comments.add_comment(text="Đồng ý.", author="Lê Thị B")
    reply._comment_elm.findall(qn("w:p"))[-1].set("{http://schemas.microsoft.com/office/word/2010/wordml}paraId",
                                                  "0000000A")
    d.save(path)
    ns = "http://schemas.microsoft.com/office/word/2012/wordml"
    extended = (f'<w15:commentsEx xmlns:w15="{ns}"><w15:commentEx w15:paraId="00000001" w15:done="1"/>'
                f'<w15:commentEx w15:paraId="0000000A" w15:paraIdParent="00000001" w15:done="0"/></w15:commentsEx>')
    _add_part(path, "word/commentsExtended.xml", extended.encode(),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
              "http://schemas.microsoft.com/office/2011/relationships/commentsExtended")
    assert ids and parts
    by_text = {c.text: c for c in read_word_comments(path).comments}
    assert by_text["Cả hai câu cần số liệu."].resolved
    assert by_text["Đồng ý."].parent == str(ids[0])
    db = str(tmp_path / "r.db")
    draft = run(capsys, "draft", "add", str(path), "--db", db)[1].split()[-1]
    assert run(capsys, "comment", "import", "--draft", draft, str(path), "--group", "Tổ 1", "--db", db)[0] == 0
    with Store(db) as store:
        texts = [c.text for c in store.comments(draft)]
    assert "Cả hai câu cần số liệu.\n[Resolved in Word]" in texts
    assert "↳ Reply to Lê Thị B: Đồng ý." in texts


def _add_part(path: Path, name: str, data: bytes, content_type: str, rel_type: str) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[name] = data
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode())
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdX1" Type="{rel_type}" Target="{name.split("/")[-1]}"/></Relationships>'.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)


def _png() -> bytes:
    """A 1×1 white PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def test_a_comment_on_a_picture_is_placed_in_its_section_without_a_quote(tmp_path, capsys):
    import io

    d = docx.Document()
    d.add_heading("I. Kinh tế", 1)
    d.add_paragraph("Văn bản của mục I.")
    d.add_heading("II. Xã hội", 1)
    d.add_paragraph("Biểu đồ dưới đây.")
    picture = d.add_paragraph().add_run()
    picture.add_picture(io.BytesIO(_png()))
    d.add_comment(picture, text="Biểu đồ thiếu chú thích.", author="Vũ E")
    path = tmp_path / "hinh.docx"
    d.save(path)
    db = str(tmp_path / "r.db")
    draft = run(capsys, "draft", "add", str(path), "--db", db)[1].split()[-1]
    assert run(capsys, "comment", "import", "--draft", draft, str(path), "--group", "Tổ 4", "--db", db)[0] == 0
    with Store(db) as store:
        (comment,) = store.comments(draft)
        titles = {s["id"]: s["title"] for s in store.sections(draft)}
    assert (titles[comment.section], comment.quote, comment.author) == ("Xã hội", "", "Vũ E")


def test_opening_a_draft_and_the_command_line_do_not_load_python_docx():
    import subprocess
    import sys

    code = ("import sys\nfrom reviewer.docx import open_draft\nfrom reviewer.paths import sample_draft\n"
            "import reviewer.cli.main, reviewer.cli.comments, reviewer.docx.comments, reviewer.docx.word_review\n"
            "import reviewer.word\nopen_draft(sample_draft())\nsys.exit('docx' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2]).returncode == 0
