"""Files that are not drafts are refused with their own code and a translated one-line message.

Every refusal is checked through ``read_document``: the ``DocumentError.code``, a message that
names the file, and that nothing was written (neither next to the input nor in the temp folder).
The second half checks unusual but valid packages that must still open.
"""
from __future__ import annotations

import os
import shutil
import struct
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from reviewer import i18n
from reviewer.docx import Opening, read_document
from reviewer.errors import DocumentError
from tests.docxfactory import (
    CONTENT_TYPES,
    NAMESPACES,
    ROOT_RELS,
    W_NS,
    document_xml,
    heading_styles,
    para,
    write_docx,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
BODY = para("Báo cáo kết quả thực hiện nhiệm vụ năm 2024") + para("Nội dung dự thảo.")


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """Messages in English whatever the developer's locale; always back to the environment after."""
    monkeypatch.setenv("REVIEWER_LANG", "en")
    i18n.set_language(None)
    yield
    i18n.set_language(None)


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A folder for inputs and a private temp folder; both are compared before and after a refusal."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return inputs


def _snapshot(root: Path) -> set[tuple[str, int]]:
    return {(str(p.relative_to(root)), p.stat().st_size if p.is_file() else -1) for p in root.rglob("*")}


def refuse(path: Path, code: str) -> DocumentError:
    """Assert that ``read_document(path)`` is refused with ``code`` and leaves no file behind."""
    watched = [path.parent, Path(tempfile.gettempdir())]
    before = [_snapshot(d) for d in watched]
    with pytest.raises(DocumentError) as info:
        read_document(path)
    err = info.value
    assert err.code == code, f"{path.name}: expected {code!r}, got {err.code!r}: {err}"
    message = str(err)
    assert path.name in message
    assert message.strip() and "\n" not in message and "Traceback" not in message
    assert [_snapshot(d) for d in watched] == before, "a refused file must not leave anything behind"
    # The command line opens the package on a thread of its own: the same refusal, raised where it waits.
    opening = Opening(path)
    with pytest.raises(DocumentError) as info:
        read_document(path, opening=opening)
    assert (info.value.code, str(info.value)) == (code, message)
    return err


def _zip(path: Path, members: dict[str, bytes | str], *, stored_first: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, data) in enumerate(members.items()):
            kind = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=kind)
    return path


def _ole(path: Path, payload: bytes = b"") -> Path:
    # An OLE2 header block is 512 bytes; what follows only matters for the encryption streams' names.
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + payload + b"\x00" * 1024)
    return path


def _corpus_file(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"corpus file not available: {path}")
    return path


# --------------------------------------------------------------------------- refusals


def test_text_file_named_docx(sandbox):
    path = sandbox / "ghi-chu.docx"
    path.write_text("Đây là một tệp văn bản thường, không phải .docx.\n", encoding="utf-8")
    refuse(path, "not-zip")


def test_ole_doc_renamed_to_docx(sandbox):
    refuse(_ole(sandbox / "cu.docx", "WordDocument".encode("utf-16-le")), "legacy-doc")


def test_real_doc_from_corpus_renamed(sandbox):
    source = _corpus_file("vi", "viparse__2008-23.QD-991-UBND.doc")
    path = sandbox / "x.docx"
    shutil.copyfile(source, path)
    refuse(path, "legacy-doc")


def test_password_protected_docx(sandbox):
    payload = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")
    refuse(_ole(sandbox / "mat-khau.docx", payload), "encrypted")


def test_password_protected_docx_from_corpus(sandbox):
    path = sandbox / "protected_agile.docx"
    shutil.copyfile(_corpus_file("docx", "poi__protected_agile.docx"), path)
    refuse(path, "encrypted")


def test_odt_renamed(sandbox):
    path = _zip(sandbox / "van-ban.docx", {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": '<?xml version="1.0"?><office:document-content '
                       'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
    }, stored_first=True)
    refuse(path, "odf")


def test_pdf_renamed(sandbox):
    path = sandbox / "bao-cao.docx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    refuse(path, "pdf")


def test_rtf_renamed(sandbox):
    path = sandbox / "bao-cao.docx"
    path.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times New Roman;}} Hello}\n")
    refuse(path, "rtf")


def test_zip_without_main_part(sandbox):
    path = _zip(sandbox / "anh.docx", {
        "[Content_Types].xml": '<?xml version="1.0"?><Types '
                               'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Default Extension="txt" ContentType="text/plain"/></Types>',
        "notes/readme.txt": "không có word/document.xml",
    })
    refuse(path, "no-document")


def test_truncated_zip(sandbox, tmp_path):
    whole = write_docx(tmp_path / "whole.docx", BODY * 200)
    data = whole.read_bytes()
    path = sandbox / "cat-doi.docx"
    path.write_bytes(data[: len(data) // 2])
    refuse(path, "damaged")


def test_zip_bomb_is_refused_without_inflating_it(sandbox, monkeypatch):
    path = sandbox / "bomb.docx"
    chunk = b"\0" * (4 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(75):  # 300 MiB of zeros, about 300 KB on disk
                fh.write(chunk)
    assert path.stat().st_size < 2 << 20

    inflated = 0
    original_read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        nonlocal inflated
        data = original_read(self, n)
        inflated += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    refuse(path, "too-large")
    assert inflated < 300 << 20
    assert inflated < 1 << 20, f"{inflated} bytes were inflated before the bomb was refused"


BILLION_LAUGHS = ('<!DOCTYPE w:document [<!ENTITY a "haha">'
                  + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi",
                                                                                        strict=True))
                  + "]>")


def test_dtd_and_entities_in_document_xml(sandbox):
    body = "<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body>"
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{BILLION_LAUGHS}'
                f"<w:document {NAMESPACES}>{body}</w:document>")
    refuse(write_docx(sandbox / "lol.docx", "", document=document), "dtd")


def test_dtd_in_styles_xml_is_refused_too(sandbox):
    styles = f'<?xml version="1.0"?>\n{BILLION_LAUGHS}<w:styles {NAMESPACES}/>'
    refuse(write_docx(sandbox / "lol-styles.docx", BODY, extra={"word/styles.xml": styles}), "dtd")


@pytest.mark.parametrize("variant", ["comment-before-doctype", "utf-16"])
def test_dtd_cannot_be_hidden(sandbox, variant):
    body = '<w:body><w:p><w:r><w:t>Hello &x; world</w:t></w:r></w:p></w:body>'
    dtd = '<!DOCTYPE w:document [<!ENTITY x "SECRET">]>'
    if variant == "comment-before-doctype":
        document: str | bytes = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- <a -->{dtd}'
                                 f'<w:document {NAMESPACES}>{body}</w:document>')
    else:
        document = ('\ufeff<?xml version="1.0" encoding="UTF-16"?>\n'
                    f'{dtd}<w:document {NAMESPACES}>{body}</w:document>').encode("utf-16-le")
    refuse(write_docx(sandbox / f"{variant}.docx", "", document=document), "dtd")


def test_document_xml_not_well_formed(sandbox):
    document = f'<?xml version="1.0"?>\n<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>Dở dang'
    err = refuse(write_docx(sandbox / "hong.docx", "", document=document), "bad-xml")
    assert "word/document.xml" in str(err)


def test_document_xml_nested_too_deeply_is_not_called_damaged(sandbox):
    nested = "<w:tbl><w:tr><w:tc>" * 120 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 120
    document = f'<?xml version="1.0"?>\n<w:document {NAMESPACES}><w:body>{nested}</w:body></w:document>'
    err = refuse(write_docx(sandbox / "sau.docx", "", document=document), "too-deep")
    assert "not well-formed" not in str(err) and "word/document.xml" in str(err)


def test_zero_byte_file(sandbox):
    path = sandbox / "rong.docx"
    path.write_bytes(b"")
    refuse(path, "empty-file")


def test_valid_package_without_text(sandbox):
    refuse(write_docx(sandbox / "trang.docx", para("") + para("   ") + "<w:p/>"), "empty-document")


def test_missing_path(sandbox):
    refuse(sandbox / "khong-co.docx", "missing")


def test_directory(sandbox):
    folder = sandbox / "thu-muc.docx"
    folder.mkdir()
    refuse(folder, "directory")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file(sandbox):
    path = write_docx(sandbox / "khoa.docx", BODY)
    path.chmod(0)
    try:
        refuse(path, "unreadable")
    finally:
        path.chmod(0o644)


def test_unreadable_file_simulated(sandbox, monkeypatch):
    """The same refusal where chmod cannot deny reading (root, Windows): opening raises PermissionError."""
    path = write_docx(sandbox / "khoa.docx", BODY)
    real_open = Path.open

    def denying_open(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denying_open)
    assert "Permission denied" in str(refuse(path, "unreadable"))


def test_zip_with_password_protected_members(sandbox, tmp_path):
    data = bytearray(write_docx(tmp_path / "plain.docx", BODY).read_bytes())
    # Set general-purpose flag bit 0 ("encrypted"), as zip tools do for ZipCrypto members.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            flags = struct.unpack_from("<H", data, at + offset)[0]
            struct.pack_into("<H", data, at + offset, flags | 1)
            at = data.find(signature, at + 4)
    path = sandbox / "zip-mat-khau.docx"
    path.write_bytes(bytes(data))
    refuse(path, "encrypted")


# --------------------------------------------------------------------------- translated messages


def test_missing_file_message_in_vietnamese(sandbox):
    i18n.set_language("vi")
    err = refuse(sandbox / "khong-co.docx", "missing")
    assert "Không tìm thấy tệp" in str(err)


def test_refusal_message_follows_reviewer_lang(sandbox, monkeypatch):
    monkeypatch.setenv("REVIEWER_LANG", "vi")
    i18n.set_language(None)  # the environment is read once per process; this reads it again
    path = sandbox / "rong.docx"
    path.write_bytes(b"")
    assert "rỗng" in str(refuse(path, "empty-file"))


# --------------------------------------------------------------------------- unusual packages that open


def _all_text(doc) -> str:
    return "\n".join(s.text for s in doc.sections) + "\n" + "\n".join(s.heading for s in doc.sections)


def test_main_part_found_through_package_relationship(tmp_path):
    rels = ROOT_RELS.replace("word/document.xml", "word/document2.xml")
    types = CONTENT_TYPES.replace("/word/document.xml", "/word/document2.xml")
    path = _zip(tmp_path / "doc2.docx", {
        "[Content_Types].xml": types,
        "_rels/.rels": rels,
        "word/document2.xml": document_xml(BODY),
    })
    assert "Nội dung dự thảo." in _all_text(read_document(path))


def test_main_part_found_through_content_types_alone(tmp_path):
    types = CONTENT_TYPES.replace("/word/document.xml", "/word/main.xml")
    path = _zip(tmp_path / "ct.docx", {"[Content_Types].xml": types, "word/main.xml": document_xml(BODY)})
    assert "Nội dung dự thảo." in _all_text(read_document(path))


def test_iso_strict_namespaces(tmp_path):
    document = document_xml(BODY).replace(W_NS, STRICT_W_NS)
    assert W_NS not in document
    doc = read_document(write_docx(tmp_path / "strict.docx", "", document=document))
    assert "Nội dung dự thảo." in _all_text(doc)


def test_utf8_bom_in_document_xml(tmp_path):
    document = b"\xef\xbb\xbf" + document_xml(BODY).encode("utf-8")
    doc = read_document(write_docx(tmp_path / "bom.docx", "", document=document))
    assert "Nội dung dự thảo." in _all_text(doc)


def test_damaged_styles_still_opens_with_the_text(tmp_path):
    body = para("I. Đánh giá chung", style="Heading1") + para("Kết quả đạt được khá toàn diện.")
    path = write_docx(tmp_path / "styles-hong.docx", body, styles=heading_styles(),
                      extra={"word/styles.xml": f"<w:styles {NAMESPACES}><w:style"})
    with zipfile.ZipFile(path) as zf:
        assert zf.read("word/styles.xml").endswith(b"<w:style")
    text = _all_text(read_document(path))
    assert "Đánh giá chung" in text
    assert "Kết quả đạt được khá toàn diện." in text
