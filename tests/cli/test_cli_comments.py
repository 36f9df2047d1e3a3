"""Drafts, comments, search and import on the command line, run as real subprocesses on a throwaway database."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from reviewer.errors import ReviewerError
from reviewer.exchange import table_import as importer

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "du-thao-bao-cao-2024.docx"
COMMENT_KEYS = {"id", "draft", "section", "group", "author", "kind", "text", "quote", "proposal", "supporters",
                "status", "response", "created_at", "updated_at"}
# A Vietnamese sentence with every tone mark, 43 characters; repeated for long texts.
VIET = "Đề nghị bổ sung đánh giá về tăng trưởng kinh tế. "


def reviewer(*args: str | Path, db: Path | None = None, stdin: bytes | str | None = None,
             home: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, REVIEWER_LANG="en", PYTHONIOENCODING="utf-8")
    if home is not None:
        env["REVIEWER_HOME"] = str(home)
    command = [sys.executable, "-m", "reviewer.cli", *map(str, args)] + (["--db", str(db)] if db else [])
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    result = subprocess.run(command, cwd=REPO, env=env, input=data if data is not None else b"",
                            capture_output=True, timeout=60, check=False)
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode("utf-8"),
                                       result.stderr.decode("utf-8"))


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and result.stderr.endswith("\n"), result.stderr
    assert lines[0].startswith("reviewer: ")
    return lines[0]


def count(db: Path) -> tuple[int, int]:
    """(comments including tombstones, history rows): both unchanged when a command is refused."""
    with sqlite3.connect(db) as conn:
        return (conn.execute("SELECT count(*) FROM comments").fetchone()[0],
                conn.execute("SELECT count(*) FROM comment_history").fetchone()[0])


def comments_json(db: Path, draft: str, *extra: str) -> list[dict]:
    out = ok(reviewer("comment", "list", "--draft", draft, "--json", *extra, db=db))
    data = json.loads(out)
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def outline() -> dict:
    return json.loads(ok(reviewer("outline", SAMPLE, "--json")))


def section_by_path(outline: dict, *numbers: str) -> dict:
    """The section reached by following numbers from the top: ("PHẦN THỨ NHẤT", "I.", "1.")."""
    parent = None
    found = None
    for number in numbers:
        found = next(s for s in outline["sections"] if s["parent"] == parent and s["number"] == number)
        parent = found["id"]
    return found


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, str]:
    """A database with the sample draft registered (copied for each test)."""
    folder = tmp_path_factory.mktemp("base")
    db = folder / "base.sqlite3"
    draft = ok(reviewer("draft", "add", SAMPLE, db=db)).strip()
    return db, draft


@pytest.fixture
def db(base, tmp_path) -> Path:
    source, _draft = base
    target = tmp_path / "reviews.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        if Path(str(source) + suffix).exists():
            shutil.copyfile(str(source) + suffix, str(target) + suffix)
    return target


@pytest.fixture
def draft(base) -> str:
    return base[1]


def add(db: Path, draft: str, section: str, text: str, *extra: str) -> str:
    out = ok(reviewer("comment", "add", "--draft", draft, "--section", section, "--group", "Tổ 1",
                      "--text", text, *extra, db=db))
    assert out.count("\n") == 1
    return out.strip()


# --------------------------------------------------------------------------- drafts


def test_draft_add_twice_gives_the_same_id_and_the_outline_ids(tmp_path, outline):
    db = tmp_path / "sub" / "r.sqlite3"  # the folder is created
    first = ok(reviewer("draft", "add", SAMPLE, db=db))
    assert first.count("\n") == 1
    # --db before the subcommand means the same as after it.
    second = ok(reviewer("--db", db, "draft", "add", SAMPLE))
    assert first == second
    draft = first.strip()

    listed = json.loads(ok(reviewer("--db", db, "draft", "list", "--json")))
    assert [d["id"] for d in listed] == [draft]
    assert listed[0]["title"] == outline["title"]
    assert listed[0]["file_name"] == SAMPLE.name
    assert listed[0]["sections"] == len(outline["sections"]) and listed[0]["comments"] == 0
    human = ok(reviewer("draft", "list", db=db))
    assert human.startswith(draft + " ") and outline["title"] in human

    from reviewer.store import Store

    with Store(db) as store:
        assert [s["id"] for s in store.sections(draft)] == [s["id"] for s in outline["sections"]]


def test_default_database_is_in_the_profile(tmp_path):
    home = tmp_path / "home"
    draft = ok(reviewer("draft", "add", SAMPLE, home=home)).strip()
    assert (home / "reviews.sqlite3").is_file()
    assert json.loads(ok(reviewer("draft", "list", "--json", home=home)))[0]["id"] == draft


def test_outline_does_not_load_the_database_code():
    code = ("import sys; from reviewer import cli; cli.main(['outline', sys.argv[1], '--json']); "
            "print([m for m in ('sqlite3', 'sqlite_utils', 'reportlab', 'PySide6', 'reviewer.store.store') "
            "if m in sys.modules], file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], cwd=REPO, capture_output=True, text=True,
                            encoding="utf-8", timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "[]"


# --------------------------------------------------------------------------- comments


def test_comment_add_edit_delete_list(db, draft, outline):
    section = section_by_path(outline, "PHẦN THỨ NHẤT", "I.", "1.")
    text = "Đề nghị làm rõ nguyên nhân tăng trưởng chậm ở quý I"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    cid = add(db, draft, section["id"], nfd, "--author", unicodedata.normalize("NFD", "Nguyễn Thị Hoà"),
              "--kind", "Đề nghị sửa đổi", "--quote", "tăng trưởng", "--proposal", "Tăng trưởng đạt 7,2%",
              "--supporters", "3")
    [c] = comments_json(db, draft)
    assert COMMENT_KEYS <= set(c)
    assert c["id"] == cid and c["draft"] == draft and c["section"] == section["id"]
    assert c["text"] == text and c["author"] == "Nguyễn Thị Hoà"  # NFC whatever was typed
    assert (c["group"], c["kind"], c["supporters"], c["status"]) == ("Tổ 1", "sua_doi", 3, "moi")
    assert c["quote"] == "tăng trưởng" and c["proposal"] == "Tăng trưởng đạt 7,2%"

    # A section may also be named by its number, with its parents' numbers when "1." alone is ambiguous.
    other = section_by_path(outline, "PHẦN THỨ NHẤT", "I.", "3.", "3.1.")
    cid2 = add(db, draft, "3.1.", "Ý kiến thứ hai", "--kind", "cau hoi")

    human = ok(reviewer("comment", "list", "--draft", draft, db=db))
    assert human.index(f"{section['number']} {section['title']}") < human.index(cid) < human.index(
        f"{other['number']} {other['title']}") < human.index(cid2)
    for shown in ("Tổ 1", "Nguyễn Thị Hoà", "proposed amendment", text, "tăng trưởng", "Tăng trưởng đạt 7,2%",
                  "question"):
        assert shown in human

    edited = ok(reviewer("comment", "edit", cid, "--status", "tiếp thu một phần", "--response", "Đã tiếp thu",
                         "--text", "Nội dung đã sửa", "--group", "Tổ 2", "--section", "3.1.", db=db))
    assert edited.strip() == cid
    c = next(c for c in comments_json(db, draft) if c["id"] == cid)
    assert (c["status"], c["response"], c["text"], c["group"], c["section"]) == (
        "tiep_thu_mot_phan", "Đã tiếp thu", "Nội dung đã sửa", "Tổ 2", other["id"])
    assert c["author"] == "Nguyễn Thị Hoà"  # unchanged fields stay

    assert ok(reviewer("comment", "delete", cid, db=db)).strip() == cid
    assert [c["id"] for c in comments_json(db, draft)] == [cid2]
    everything = comments_json(db, draft, "--include-deleted")
    assert {c["id"]: c["deleted"] for c in everything} == {cid: True, cid2: False}
    assert [c["id"] for c in comments_json(db, draft, "--section", other["id"])] == [cid2]


def test_long_text_from_stdin(db, draft, outline):
    text = (VIET * 500)[:20_000].strip() + "."
    assert len(text) > 19_990
    out = ok(reviewer("comment", "add", "--draft", draft, "--section", "preamble", "--group", "Tổ 3",
                      "--text-file", "-", "--proposal", "ngắn", db=db, stdin=text + "\r\n"))
    [c] = comments_json(db, draft)
    assert c["id"] == out.strip() and c["text"] == text and c["proposal"] == "ngắn"


def test_text_file_with_bom(db, draft, tmp_path):
    path = tmp_path / "y-kien.txt"
    path.write_bytes("\ufeffDòng một\r\nDòng hai\r\n".encode())
    add(db, draft, "preamble", "tạm", "--quote-file", str(path))
    [c] = comments_json(db, draft)
    assert c["quote"] == "Dòng một\nDòng hai"


# --------------------------------------------------------------------------- refused input


def _not_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "ghi-chu.sqlite3"
    path.write_text("không phải cơ sở dữ liệu\n" * 100, encoding="utf-8")
    return path


def _corrupted(tmp_path: Path, source: Path) -> Path:
    path = tmp_path / "hong.sqlite3"
    data = bytearray(source.read_bytes())
    data[100:len(data)] = b"\xa5" * (len(data) - 100)  # the header survives, every page is garbage
    path.write_bytes(bytes(data))
    return path


BAD = {
    "unknown-draft": (["comment", "add", "--draft", "khongco", "--section", "preamble", "--group", "T", "--text", "x"],
                      "khongco"),
    "unknown-section": (["comment", "add", "--draft", "{draft}", "--section", "s000", "--group", "T", "--text", "x"],
                        "s000"),
    "ambiguous-number": (["comment", "add", "--draft", "{draft}", "--section", "1.", "--group", "T", "--text", "x"],
                         "1."),
    "empty-comment": (["comment", "add", "--draft", "{draft}", "--section", "preamble", "--group", "T",
                       "--text", " \n "], "empty"),
    "no-group": (["comment", "add", "--draft", "{draft}", "--section", "preamble", "--group", "", "--text", "x"],
                 "group"),
    "too-long": (["comment", "add", "--draft", "{draft}", "--section", "preamble", "--group", "T",
                  "--text-file", "{long}"], "too long"),
    "bad-utf8-file": (["comment", "add", "--draft", "{draft}", "--section", "preamble", "--group", "T",
                       "--text-file", "{latin1}"], "UTF-8"),
    "bad-utf8-stdin": (["comment", "add", "--draft", "{draft}", "--section", "preamble", "--group", "T",
                        "--text-file", "-"], "UTF-8"),
    "unknown-kind": (["comment", "add", "--draft", "{draft}", "--section", "preamble", "--group", "T",
                      "--text", "x", "--kind", "khen"], "khen"),
    "unknown-status": (["comment", "edit", "{comment}", "--status", "xong"], "xong"),
    "bad-supporters": (["comment", "edit", "{comment}", "--supporters", "ba"], "ba"),
    "edit-empty": (["comment", "edit", "{comment}", "--text", ""], "empty"),
    "unknown-comment": (["comment", "delete", "khong-co-y-kien"], "khong-co-y-kien"),
    "list-unknown-draft": (["comment", "list", "--draft", "khongco"], "khongco"),
    "search-unknown-draft": (["search", "dang", "--draft", "khongco"], "khongco"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_and_nothing_is_written(db, draft, tmp_path, case):
    args, expected = BAD[case]
    comment = add(db, draft, "preamble", "Ý kiến có sẵn") if "{comment}" in args else ""
    long_text = tmp_path / "dai.txt"
    long_text.write_text("ý" * 50_001, encoding="utf-8")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"\xdd ki\xea\xecn")  # "Ý kiến" as Windows-1258, the legacy Vietnamese code page
    args = [a.format(draft=draft, comment=comment, long=long_text, latin1=latin1) for a in args]
    before = count(db)
    line = refused(reviewer(*args, db=db, stdin=b"\xc4\x90\xff\xfe"))
    assert expected in line
    assert count(db) == before


def test_invalid_utf8_argument_is_refused(db, draft):
    before = count(db)
    result = subprocess.run([sys.executable, "-m", "reviewer.cli", "comment", "add", "--draft", draft, "--section",
                             "preamble", "--group", "T", "--text", b"\xc4\x90\xff".decode("utf-8", "surrogateescape"),
                             "--db", str(db)],
                            cwd=REPO, env=dict(os.environ, REVIEWER_LANG="en", PYTHONIOENCODING="utf-8"),
                            capture_output=True, timeout=60, check=False)
    result = subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(),
                                         result.stderr.decode("utf-8", "replace"))
    assert "--text" in refused(result)
    assert count(db) == before


@pytest.mark.parametrize("where", ["not-sqlite", "corrupted", "read-only", "folder"])
def test_unusable_database_is_refused(db, draft, tmp_path, where):
    path = {
        "not-sqlite": lambda: _not_sqlite(tmp_path),
        "corrupted": lambda: _corrupted(tmp_path, db),
        "read-only": lambda: Path("/proc/reviewer-test.sqlite3"),  # tests run as root: a read-only mount
        "folder": lambda: tmp_path,
    }[where]()
    if where == "read-only" and not Path("/proc/self").exists():
        pytest.skip("no /proc on this system")
    before = path.read_bytes() if path.is_file() else None
    for args in (["draft", "list"], ["comment", "add", "--draft", draft, "--section", "preamble", "--group", "T",
                                     "--text", "x"]):
        line = refused(reviewer(*args, db=path))
        assert str(path) in line
    assert (path.read_bytes() if path.is_file() else None) == before
    assert not Path("/proc/reviewer-test.sqlite3").exists()


# --------------------------------------------------------------------------- search


def test_search_accents_and_order(db, draft):
    dang = add(db, draft, "preamble", "Công tác xây dựng Đảng cần cụ thể hơn")
    uy1 = add(db, draft, "preamble", "Ủy ban nhân dân xã báo cáo bổ sung")
    uy2 = add(db, draft, "preamble", "Uỷ ban kiểm tra chưa nêu số liệu")
    tang_exact = add(db, draft, "preamble", "Đề nghị ghi rõ mức tăng so với năm trước")
    tang_other = add(db, draft, "preamble", "Tòa nhà năm tầng chưa hoàn thành")

    def hits(query: str) -> list[dict]:
        found = json.loads(ok(reviewer("search", query, "--draft", draft, "--json", db=db)))
        for h in found:
            assert set(h) == {"draft", "section", "comment", "snippet"} and h["draft"] == draft
        return found

    found = hits("dang")
    assert dang in [h["comment"] for h in found]
    assert any(h["comment"] is None and "ĐẢNG" in h["snippet"].upper() for h in found)  # section titles too
    assert {uy1, uy2} <= {h["comment"] for h in hits("uy ban")}
    order = [h["comment"] for h in hits("tăng") if h["comment"]]
    assert order.index(tang_exact) < order.index(tang_other)

    human = ok(reviewer("search", "tăng", "--draft", draft, db=db)).splitlines()
    assert len(human) == len(hits("tăng"))
    assert any(tang_exact in line and "[tăng]" in line for line in human)
    assert json.loads(ok(reviewer("search", "zzzz", "--json", db=db))) == []
    assert len(json.loads(ok(reviewer("search", "tang", "--limit", "1", "--json", db=db)))) == 1


# --------------------------------------------------------------------------- import


def test_import_excel_csv_with_vietnamese_headers(db, draft, outline, tmp_path):
    csv_text = ("Mục;Tổ;Đại biểu;Loại;Nội dung;Đề xuất\r\n"
                "I.1.;Tổ 2;Trần Văn Bình;Sửa đổi;\"Số liệu chưa khớp; đề nghị rà soát\r\nlại toàn bộ\";Ghi 7,2%\r\n"
                "3.1.;tổ 3;;câu hỏi;Vì sao sản lượng giảm?;\r\n"
                ";;;;;\r\n"  # Excel's empty row
                "Lâm nghiệp;Tổ 3;Lê Thị Cúc;;Cần số liệu trồng rừng;\r\n")
    path = tmp_path / "to-2.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text.encode("utf-8"))
    out = ok(reviewer("comment", "import", "--draft", draft, path, db=db))
    assert out == "Imported 3 comments.\n"

    by_text = {c["text"]: c for c in comments_json(db, draft)}
    assert set(by_text) == {"Số liệu chưa khớp; đề nghị rà soát\nlại toàn bộ", "Vì sao sản lượng giảm?",
                            "Cần số liệu trồng rừng"}
    first = by_text["Số liệu chưa khớp; đề nghị rà soát\nlại toàn bộ"]
    assert first["section"] == section_by_path(outline, "PHẦN THỨ NHẤT", "I.", "1.")["id"]
    assert (first["group"], first["author"], first["kind"], first["proposal"]) == (
        "Tổ 2", "Trần Văn Bình", "sua_doi", "Ghi 7,2%")
    second = by_text["Vì sao sản lượng giảm?"]
    assert second["section"] == section_by_path(outline, "PHẦN THỨ NHẤT", "I.", "3.", "3.1.")["id"]
    assert second["kind"] == "cau_hoi" and second["status"] == "moi"
    assert by_text["Cần số liệu trồng rừng"]["section"] == section_by_path(
        outline, "PHẦN THỨ NHẤT", "I.", "3.", "3.2.")["id"]
    # Without ids, a second import adds the rows again (the help says so).
    ok(reviewer("comment", "import", "--draft", draft, path, db=db))
    assert len(comments_json(db, draft)) == 6


def test_import_comma_csv_with_english_headers_from_stdin(db, draft):
    csv_text = ('section,group,author,kind,text,supporters,status,response\n'
                'preamble,Tổ 1,An,nhat tri,"Đồng ý, không sửa",12,giai trinh,"Ghi nhận"\n')
    assert ok(reviewer("comment", "import", "--draft", draft, "-", db=db, stdin=csv_text)) == "Imported 1 comment.\n"
    [c] = comments_json(db, draft)
    assert (c["kind"], c["text"], c["supporters"], c["status"], c["response"]) == (
        "nhat_tri", "Đồng ý, không sửa", 12, "giai_trinh", "Ghi nhận")


def test_import_round_trip_through_comment_list_json(db, draft, base, tmp_path):
    add(db, draft, "preamble", "Ý kiến một", "--author", "An", "--quote", "ỦY BAN", "--supporters", "2")
    add(db, draft, "I.1.", "Ý kiến hai\nhai dòng", "--kind", "bo_sung", "--proposal", "Thêm đoạn")
    gone = add(db, draft, "I.2.", "Ý kiến đã xoá")
    ok(reviewer("comment", "delete", gone, db=db))
    exported = ok(reviewer("comment", "list", "--draft", draft, "--json", "--include-deleted", db=db))
    original = {c["id"]: c for c in json.loads(exported)}
    (tmp_path / "y-kien.jsonl").write_text(exported, encoding="utf-8")
    lines = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in json.loads(exported))
    (tmp_path / "y-kien-2.jsonl").write_text(lines, encoding="utf-8")

    other = tmp_path / "laptop-2.sqlite3"
    assert ok(reviewer("draft", "add", SAMPLE, db=other)).strip() == draft
    out = ok(reviewer("comment", "import", "--draft", draft, tmp_path / "y-kien.jsonl", db=other))
    assert out.splitlines()[0] == "Imported 2 comments."
    assert "deleted" in out.splitlines()[-1]
    imported = {c["id"]: c for c in comments_json(other, draft)}
    assert set(imported) == set(original) - {gone}
    stable = ("draft", "section", "group", "author", "kind", "text", "quote", "quote_start", "quote_end",
              "proposal", "supporters", "status", "response", "deleted")
    for cid, c in imported.items():
        assert {k: c[k] for k in stable} == {k: original[cid][k] for k in stable}

    # Importing again, as JSON Lines proper, skips the ids already there.
    before = count(other)
    out = ok(reviewer("comment", "import", "--draft", draft, tmp_path / "y-kien-2.jsonl", db=other))
    assert out.splitlines()[:2] == ["Imported 0 comments.",
                                    "Skipped 2 comments already in the database (lines 1, 2)."]
    assert count(other) == before


@pytest.mark.parametrize("multiline", [False, True], ids=["plain", "multi-line-cell"])
def test_import_bad_row_names_its_line_and_imports_nothing(db, draft, tmp_path, multiline):
    rows = ["Mục;Tổ;Nội dung",
            "I.1.;Tổ 1;" + ('"Ý kiến\ntrên hai dòng"' if multiline else "Ý kiến tốt"),
            "I.2.;Tổ 1;Ý kiến tốt nữa",
            "I.1.;Tổ 1;",  # no text
            "I.3.;Tổ 2;Ý kiến sau dòng lỗi"]
    if multiline:
        del rows[2]  # the multi-line cell takes lines 2-3; the bad row is still on line 4
    path = tmp_path / "loi.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    before = count(db)
    line = refused(reviewer("comment", "import", "--draft", draft, path, db=db))
    assert "line 4:" in line and "loi.csv" in line and "empty" in line
    assert count(db) == before


@pytest.mark.parametrize("content, expected", [
    (b"Muc;To;Noi dung\nI.1.;T;ok\nII.9.;T;x\n", "line 3: The draft has no section"),
    (b"Muc;To;Noi dung;Loai\nI.1.;T;ok;khen\n", "line 2: Unknown kind"),
    (b"section,group,text,supporters\nI.1.,T,ok,ba\n", "line 2: The number of supporters"),
    (b"section,group,text\nI.1.,T,\xc3\x9d \xff\n", "not UTF-8 text (line 2)"),
    (b"a,b,c\n1,2,3\n", "no header row"),
    (b"section,text\nI.1.,x\n", "no column for the group"),
    (b'{"section": "I.1.", "group": "T", "text": "a"}\n{"section": "I.1.", "group": "T"\n', "line 2: This line is "
                                                                                             "not valid JSON"),
    (b'{"id": "x1", "section": "I.1.", "group": "T", "text": "a"}\n\n'
     b'{"id": "x1", "section": "I.1.", "group": "T", "text": "b"}\n', "line 3: The id “x1” is also on line 1"),
], ids=["section", "kind", "supporters", "utf8", "no-header", "no-group-column", "json", "duplicate-id"])
def test_import_refusals(db, draft, tmp_path, content, expected):
    path = tmp_path / "y-kien.csv"
    path.write_bytes(content)
    before = count(db)
    assert expected in refused(reviewer("comment", "import", "--draft", draft, path, db=db))
    assert count(db) == before


# --------------------------------------------------------------------------- the importer itself (in process)


@pytest.fixture(scope="module")
def finder(outline) -> importer.SectionFinder:
    return importer.SectionFinder(outline["sections"])


def test_section_finder(outline, finder):
    i1 = section_by_path(outline, "PHẦN THỨ NHẤT", "I.", "1.")["id"]
    p2_ii_1 = section_by_path(outline, "PHẦN THỨ HAI", "II.", "1.")["id"]
    a = section_by_path(outline, "PHẦN THỨ NHẤT", "I.", "3.", "3.1.", "a)")["id"]
    assert all(finder.find(ref) == i1 for ref in (i1, "I.1.", "I.1", "i.1", " I . 1 "))
    assert finder.find("Phần thứ hai II.1") == finder.find("PHẦN THỨ HAI - II. 1.") == p2_ii_1
    assert finder.find("3.1.a)") == finder.find("I.3.1.a") == a
    assert finder.find("Trồng trọt") == finder.find("trong trot") == finder.find("a) Trồng trọt") == a
    assert finder.full_number(i1) == "I.1." and finder.full_number(p2_ii_1) == "PHẦN THỨ HAI II.1."
    with pytest.raises(ReviewerError, match="matches"):
        finder.find("II.1.")
    with pytest.raises(ReviewerError, match="no section"):
        finder.find("IX.")


def test_column_names_ignore_accents_case_and_spaces():
    found, ignored = importer.map_columns(["STT", "  MỤC  SỐ ", "tổ", "NGƯỜI GÓP Ý", "Loại ý kiến", "Nội dung góp ý",
                                           "Đoạn trích", "Đề nghị sửa thành", "Số đại biểu tán thành",
                                           "Trạng thái", "Tiếp thu, giải trình", "created_at"])
    assert list(found) == ["section", "group", "author", "kind", "text", "quote", "proposal", "supporters",
                           "status", "response"]
    assert ignored == ["STT"]


def _plan(data: bytes, **kwargs) -> importer.ImportPlan:
    from reviewer.store import MAX_GROUPS

    args = {"name": "f.csv", "draft_id": "d", "groups": [f"Tổ {i}" for i in range(MAX_GROUPS - 1)],
            "is_known": lambda i: i == "known"} | kwargs
    return importer.plan_import(data, sections=args.pop("sections"), **args)


def test_plan_import_formats(outline):
    sections = outline["sections"]
    utf16 = "Mục\tTổ\tNội dung\r\nI.1.\tTổ 1\tMột\r\n".encode("utf-16")
    plan = _plan(utf16, sections=sections)
    assert plan.format == "csv" and [r.comment["text"] for r in plan.rows] == ["Một"]

    excel = b"sep=,\r\nTONG HOP Y KIEN,,\r\nMuc,To,Noi dung,Ghi chu\r\nI.1.,To 1,Hai,\r\n"
    plan = _plan(excel, sections=sections)
    assert [(r.line, r.comment["group"]) for r in plan.rows] == [(4, "To 1")] and plan.ignored_columns == ["Ghi chu"]

    array = ('[{"id": "known", "section": "I.1.", "group": "Tổ 1", "text": "a"},\n'
             '{"id": "new", "section": "I.1.", "group": "Tổ 1", "text": "b", "deleted": false},\n'
             '{"id": "gone", "section": "I.1.", "group": "Tổ 1", "text": "c", "deleted": true}]\n').encode()
    plan = _plan(array, sections=sections)
    assert plan.format == "json" and plan.skipped == [(1, "known")] and plan.deleted == [3]
    assert [(r.line, r.comment["comment_id"]) for r in plan.rows] == [(2, "new")]


def test_plan_import_group_limit(outline):
    # One group short of the limit: one new group is fine, a second one is refused.
    rows = b"Muc;To;Noi dung\nI.1.;Moi 1;a\nI.1.;Moi 1;b\nI.1.;Moi 2;c\n"
    with pytest.raises(importer.ImportFileError, match="line 4: A conference or consultation has at most") as info:
        _plan(rows, sections=outline["sections"])
    assert info.value.line == 4


def test_a_new_or_empty_database_given_with_db_is_said_out_loud(tmp_path):
    typo = tmp_path / "usb" / "revews.sqlite3"  # a folder that does not exist yet
    first = reviewer("draft", "list", db=typo)
    assert first.returncode == 0 and first.stdout == ""
    assert "started a new, empty review database" in first.stderr and "folder was created" in first.stderr
    again = reviewer("draft", "list", db=typo)
    assert again.returncode == 0 and again.stderr == ""  # it exists now: nothing to say
    empty = tmp_path / "rong.sqlite3"
    empty.write_bytes(b"")
    said = reviewer("draft", "list", db=empty)
    assert said.returncode == 0 and "started a new, empty review database" in said.stderr
