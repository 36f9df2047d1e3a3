"""Every real-world file in the shared corpus either opens into a sane outline or is refused cleanly.

The corpus lives next to the repository (``../shared/corpus``; CI clones the repository beside
``shared/``). Without it these tests skip, except on CI (``CI=true``), where a missing corpus is an error.
The content checks below were written after looking inside each file's XML with zipfile.
"""
from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from reviewer.docx import Opening, read_document
from reviewer.errors import DocumentError
from reviewer.model import Document

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SUFFIXES = {".docx", ".docm", ".doc"}
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES) \
    if CORPUS.is_dir() else []


def _require_corpus() -> None:
    if FILES:
        return
    message = f"the shared corpus is missing or empty: {CORPUS}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI must check out shared/ next to the repository)")
    pytest.skip(message)


def corpus_file(name: str) -> Path:
    _require_corpus()
    found = [p for p in FILES if p.name == name]
    if not found:
        pytest.skip(f"{name} is not in the corpus")
    return found[0]


def check_structure(doc: Document) -> None:
    assert isinstance(doc, Document)
    assert doc.title.strip()
    seen: set[str] = set()
    for s in doc.sections:
        assert s.id not in seen, f"duplicate section id {s.id}"
        assert s.parent is None or s.parent in seen, f"{s.id}: parent {s.parent} is not an earlier section"
        assert s.level >= 0
        seen.add(s.id)
    if doc.closing is not None:
        assert doc.closing.id not in seen
    json.dumps(doc.to_json(), ensure_ascii=False)


def all_text(doc: Document) -> str:
    parts = [s.heading + "\n" + s.text for s in doc.sections]
    if doc.closing is not None:
        parts.append(doc.closing.text)
    return "\n".join(parts)


def test_corpus_is_present():
    _require_corpus()
    assert len(FILES) > 50


@pytest.mark.parametrize("path", FILES or [None],
                         ids=[str(p.relative_to(CORPUS)) for p in FILES] or ["no-corpus"])
def test_file_opens_or_is_refused_cleanly(path):
    _require_corpus()
    try:
        doc = read_document(path)
    except DocumentError as exc:
        assert exc.code
        assert str(exc).strip() and "\n" not in str(exc)
        with pytest.raises(DocumentError) as info:  # the command line's way: parsed on a thread
            read_document(path, opening=Opening(path))
        assert (info.value.code, str(info.value)) == (exc.code, str(exc))
        return
    check_structure(doc)
    assert read_document(path, opening=Opening(path)).to_json() == doc.to_json()


@pytest.mark.parametrize(("name", "code"), [
    ("poi__protected_agile.docx", "encrypted"),
    ("poi__truncated62886.docx", "damaged"),
    ("tika__testWORD_truncated.docx", "damaged"),
    ("poi__ExternalEntityInText.docx", "dtd"),
    ("viparse__2008-23.QD-991-UBND.doc", "legacy-doc"),
    ("viparse__2004-NghiDinh114_2003.doc", "legacy-doc"),
])
def test_expected_refusals(name, code):
    with pytest.raises(DocumentError) as info:
        read_document(corpus_file(name))
    assert info.value.code == code
    assert name in str(info.value)


@pytest.mark.parametrize(("name", "main_part", "expected"), [
    ("pandoc__alternate_document_path.docx", "word/document2.xml",
     "This is italic, bold, underlined, italic underlined, bold underlined, bold italic underlined."),
    ("docx4j__HelloWordOnline.docx", "word/document22.xml", "Hello World from Word Online"),
])
def test_main_part_elsewhere_opens(name, main_part, expected):
    path = corpus_file(name)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    assert "word/document.xml" not in names and main_part in names
    doc = read_document(path)
    check_structure(doc)
    assert expected in all_text(doc)


def _xml(path: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(part).decode("utf-8")


def test_tracked_deletion_is_left_out():
    path = corpus_file("pandoc__track_changes_deletion.docx")
    assert re.search(r"<w:delText[^>]*>n excessively modified</w:delText>", _xml(path))
    text = all_text(read_document(path))
    assert "This is a text with a deletion." in text
    assert "excessively" not in text


def test_tracked_insertion_is_kept():
    path = corpus_file("pandoc__track_changes_insertion.docx")
    assert re.search(r"<w:ins\b.*?two exciting .*?</w:ins>", _xml(path), re.S)
    assert "This is a text with two exciting insertions." in all_text(read_document(path))


def test_notes_stay_with_the_section_that_refers_to_them():
    path = corpus_file("pandoc__notes.docx")
    assert "My note." in _xml(path, "word/footnotes.xml")
    assert "This is an endnote at the end of the document." in _xml(path, "word/endnotes.xml")
    doc = read_document(path)
    [section] = [s for s in doc.sections if "Test footnote." in s.text]
    assert section.heading == "A footnote"
    assert "My note." in section.text
    assert "This is an endnote at the end of the document." in section.text
    assert all_text(doc).count("My note.") == 1


def test_text_box_text_appears_once():
    path = corpus_file("mammoth__text-box.docx")
    # Word stores the box twice (mc:Choice for new readers, VML mc:Fallback for old ones).
    assert _xml(path).count(">Datum plane<") == 2
    assert all_text(read_document(path)).count("Datum plane") == 1
