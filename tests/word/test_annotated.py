"""The draft with every comment as a native Word comment, and that file imported back."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reviewer.cli import main
from reviewer.docx.comments import read_word_comments
from reviewer.docx.word_review import plan_word_import
from reviewer.paths import sample_draft
from reviewer.store import Store
from reviewer.word import export_annotated
from tests.word.helpers import add_comments, register, same

VI = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "vi"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def all_text(data: bytes) -> str:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "".join(t.text or "" for t in root.iter(W + "t"))


def round_trip(tmp_path: Path, draft: Path, n: int) -> tuple[list, dict, Path]:
    with Store(tmp_path / "a.db") as a:
        draft_id = register(a, draft)
        written = add_comments(a, draft_id, n)
        out = tmp_path / "annotated.docx"
        result = export_annotated(a, draft_id, out)
    assert result.comments == n and result.on_quote > n // 2
    with Store(tmp_path / "b.db") as b:  # another laptop that has the draft and none of the comments
        other = register(b, draft)
        plan = plan_word_import(read_word_comments(out), name=out.name, draft_id=other,
                                sections=b.sections(other), known_keys=set(), is_known=lambda _i: False)
        back = {c.id: c for c in b.add_comments(plan.rows)}
    return written, back, out


@pytest.mark.parametrize("draft", [sample_draft(), VI / "vbai__BAO CAO CCHC NAM 2025.docx",
                                   VI / "vbai__BC TỔNG KÊT CHIẾN LƯỢC PCMT.docx", VI / "vbplus__Phuluc5.docx"],
                         ids=lambda p: Path(p).stem[:20])
def test_exported_comments_come_back_the_same(tmp_path, draft):
    if not Path(draft).exists():
        pytest.skip("the shared corpus is not here")
    written, back, out = round_trip(tmp_path, Path(draft), 200)
    differences = [d for c in written for d in (same(c, back[c.id]) if c.id in back else [f"{c.id} missing"])]
    assert not differences, differences[:10]
    assert all_text(out.read_bytes()) == all_text(Path(draft).read_bytes())


def test_a_quote_inside_a_run_is_anchored_exactly_and_keeps_its_formatting(tmp_path):
    with Store(tmp_path / "a.db") as store:
        draft_id = register(store, sample_draft())
        section = next(s for s in store.sections(draft_id) if len(s["text"].split("\n")[0].split()) > 12
                       and "|" not in s["text"].split("\n")[0])
        words = section["text"].split("\n")[0].split()
        quote = " ".join(words[3:6])
        store.add_comment(draft_id=draft_id, section_id=section["id"], group="Tổ 2", author="Nguyễn Văn A",
                          text="Sửa câu này.", quote=quote)
        export_annotated(store, draft_id, tmp_path / "out.docx")
    reviewed = read_word_comments(tmp_path / "out.docx")
    (c,) = reviewed.comments
    assert c.quote == quote and c.author == "Tổ 2 – Nguyễn Văn A"
    with zipfile.ZipFile(tmp_path / "out.docx") as z:
        root = etree.fromstring(z.read("word/document.xml"))
    start = next(root.iter(W + "commentRangeStart"))
    first = start.getnext()
    assert first.tag == W + "r" and first.find(W + "t").text.startswith(words[3])


def test_the_export_opens_in_libreoffice(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    written, _back, out = round_trip(tmp_path, sample_draft(), 30)
    done = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, timeout=180)
    assert done.returncode == 0 and (tmp_path / "annotated.pdf").stat().st_size > 1000


def test_from_the_command_line_and_back_adds_nothing_twice(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    assert main(["draft", "add", str(sample_draft()), "--db", db]) == 0
    draft = capsys.readouterr().out.split()[-1]
    with Store(db) as store:
        add_comments(store, draft, 20)
    out = tmp_path / "out.docx"
    assert main(["export", "annotated", "--draft", draft, "-o", str(out), "--groups", "Tổ 1", "Tổ 2", "--db", db]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert len(read_word_comments(out).comments) == sum(1 for i in range(20) if i % 9 in (0, 1))
    assert main(["comment", "import", "--draft", draft, str(out), "--db", db]) == 0  # no --group: all exported
    assert "Skipped" in capsys.readouterr().out


def test_a_draft_known_only_from_a_package_says_which_file_to_add(tmp_path, capsys):
    db = tmp_path / "r.db"
    with Store(db) as store:
        from reviewer.docx import open_draft

        doc = open_draft(sample_draft())
        draft = store.register_draft(doc, file_name="du-thao.docx")["id"]  # no bytes: as from a package
    code = main(["export", "annotated", "--draft", draft, "-o", str(tmp_path / "o.docx"), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 2 and "reviewer draft add du-thao.docx" in err and not (tmp_path / "o.docx").exists()


def test_a_word_file_on_standard_input_with_format_docx(tmp_path, capsys, monkeypatch):
    import io
    import sys

    db = str(tmp_path / "r.db")
    assert main(["draft", "add", str(sample_draft()), "--db", db]) == 0
    draft = capsys.readouterr().out.split()[-1]
    with Store(db) as store:
        add_comments(store, draft, 5)
        out = tmp_path / "out.docx"
        export_annotated(store, draft, out)
    other = str(tmp_path / "other.db")
    assert main(["draft", "add", str(sample_draft()), "--db", other]) == 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(out.read_bytes())))
    assert main(["comment", "import", "--draft", draft, "-", "--format", "docx", "--db", other]) == 0
    assert "Imported 5 comments." in capsys.readouterr().out
