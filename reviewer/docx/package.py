"""Open a .docx safely: recognise what the file really is, find its parts, parse their XML.

Every refusal is a DocumentError with its own translated message, so the user learns
what is wrong with the file (and what to do) instead of seeing a traceback.
"""
from __future__ import annotations

import posixpath
import re
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from reviewer.errors import DocumentError
from reviewer.i18n import _

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
# ISO 29500 "strict" documents use other namespace names for the same vocabulary.
_STRICT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W_NS.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": R_NS.encode(),
}
OFFICE_DOCUMENT_TYPES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
MAIN_CONTENT_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)

# A real draft's document.xml is a few MB; 300-page reports stay far below this.
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 1000  # deflate cannot legitimately shrink XML by more than this

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ROOT_START = re.compile(rb"<[A-Za-z_]")

def _new_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False,
                           huge_tree=False)


_PARSER = _new_parser()


@dataclass
class DocxPackage:
    """The parts of a Word package that the reader needs, as parsed XML roots."""

    path: Path
    document: etree._Element
    styles: etree._Element | None = None
    numbering: etree._Element | None = None
    footnotes: etree._Element | None = None
    endnotes: etree._Element | None = None
    core_title: str = ""
    raw_size: int = 0
    legacy_fonts: bool = False  # the document body names a TCVN3/VNI font somewhere
    parts: dict[str, bytes] = field(default_factory=dict, repr=False)


def _sniff(path: Path, head: bytes) -> None:
    """Refuse files that are not a zip, naming what they are when we can tell."""
    name = path.name
    if not head:
        raise DocumentError("empty-file", _("“{name}” is an empty file (0 bytes).").format(name=name))
    if head.startswith(_OLE_MAGIC):
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise DocumentError("encrypted", _(
                "“{name}” is protected by a password. Open it in Word, remove the password "
                "(File › Info › Protect Document) and save it again as .docx.").format(name=name))
        raise DocumentError("legacy-doc", _(
            "“{name}” is an old Word 97–2003 document (.doc). Open it in Word or LibreOffice "
            "and save it as “Word Document (.docx)”.").format(name=name))
    if head.startswith(b"%PDF"):
        raise DocumentError("pdf", _(
            "“{name}” is a PDF file, not a Word document. Ask for the draft as .docx.").format(name=name))
    if head.startswith(b"{\\rtf"):
        raise DocumentError("rtf", _(
            "“{name}” is an RTF file. Open it in Word or LibreOffice and save it as .docx.").format(name=name))
    if not head.startswith(b"PK"):
        raise DocumentError("not-zip", _(
            "“{name}” is not a Word document (.docx): its content is not a .docx package.").format(name=name))


def _damaged(name: str) -> DocumentError:
    return DocumentError("damaged", _(
        "“{name}” is damaged or incomplete (perhaps it was not copied completely). "
        "Copy it again or ask for a new copy.").format(name=name))


class _Zip:
    """Read parts with a hard limit on inflated size, so a zip bomb is stopped early."""

    def __init__(self, path: Path, zf: zipfile.ZipFile):
        self.path = path
        self.zf = zf
        self.names = {info.filename: info for info in zf.infolist()}
        self.lower = {n.lower(): n for n in self.names}
        self.total = 0

    def find(self, name: str) -> str | None:
        name = name.lstrip("/")
        return name if name in self.names else self.lower.get(name.lower())

    def read(self, name: str) -> bytes:
        info = self.names[name]
        limit = MAX_PART_BYTES
        if info.file_size > limit or (info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                                      and info.file_size > 10 * 1024 * 1024):
            raise self._bomb()
        chunks, size = [], 0
        try:
            with self.zf.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    size += len(chunk)
                    self.total += len(chunk)
                    if size > limit or self.total > MAX_TOTAL_BYTES:
                        raise self._bomb()
                    chunks.append(chunk)
        except DocumentError:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError) as exc:
            # zipfile raises RuntimeError for members encrypted with a zip password.
            if "encrypted" in str(exc).lower():
                raise DocumentError("encrypted", _(
                    "“{name}” is protected by a password. Open it in Word, remove the password "
                    "and save it again as .docx.").format(name=self.path.name)) from exc
            raise _damaged(self.path.name) from exc
        except NotImplementedError as exc:  # an unknown compression method
            raise _damaged(self.path.name) from exc
        return b"".join(chunks)

    def _bomb(self) -> DocumentError:
        return DocumentError("too-large", _(
            "“{name}” contains a part that would expand to an unreasonable size; it was not "
            "opened, to protect this computer.").format(name=self.path.name))


def _dtd(path: Path) -> DocumentError:
    return DocumentError("dtd", _(
        "“{name}” contains XML declarations that Word never writes (a DTD or entities) "
        "and was not opened, for safety.").format(name=path.name))


def parse_xml(data: bytes, *, path: Path, part: str, parser: etree.XMLParser = _PARSER) -> etree._Element:
    """Parse one part; documents declaring a DTD or entities are refused outright."""
    match = _ROOT_START.search(data)
    prolog = data[: match.start()] if match else data
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise _dtd(path)
    head = data[:65536]  # namespaces are declared on the root element, at the top
    for strict, transitional in _STRICT.items():
        if strict in head:
            data = data.replace(strict, transitional)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():  # libxml2's own limit against crafted files (256 levels)
            raise DocumentError("too-deep", _(
                "“{name}” is nested far more deeply than any real document (its part {part}); it is refused for "
                "safety.").format(name=path.name, part=part)) from exc
        raise DocumentError("bad-xml", _(
            "“{name}” is damaged: its part {part} is not well-formed XML.").format(
                name=path.name, part=part)) from exc
    if root is None:
        raise _damaged(path.name)
    # The byte scan above misses a DTD behind a comment or in UTF-16; the parser does not.
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.doctype or info.system_url or info.public_id:
        raise _dtd(path)
    return root


def _main_part(z: _Zip) -> str | None:
    rels = z.find("_rels/.rels")
    if rels is not None:
        try:
            root = etree.fromstring(z.read(rels), _PARSER)
            for rel in root:
                if rel.get("Type") in OFFICE_DOCUMENT_TYPES:
                    found = z.find(rel.get("Target", "").lstrip("/"))
                    if found:
                        return found
        except etree.XMLSyntaxError:
            pass
    types = z.find("[Content_Types].xml")
    if types is not None:
        try:
            root = etree.fromstring(z.read(types), _PARSER)
            for override in root.iter(f"{{{CT_NS}}}Override"):
                if override.get("ContentType") in MAIN_CONTENT_TYPES:
                    found = z.find(override.get("PartName", ""))
                    if found:
                        return found
        except etree.XMLSyntaxError:
            pass
    return z.find("word/document.xml")


def _related_parts(z: _Zip, main: str) -> dict[str, str]:
    """Relationship type suffix (styles, numbering, footnotes, ...) -> part name."""
    folder, base = posixpath.split(main)
    rels_name = z.find(posixpath.join(folder, "_rels", base + ".rels"))
    found: dict[str, str] = {}
    if rels_name is not None:
        try:
            root = etree.fromstring(z.read(rels_name), _PARSER)
        except etree.XMLSyntaxError:
            root = None
        for rel in root if root is not None else ():
            if rel.get("TargetMode") == "External":
                continue
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            name = z.find(target)
            if name:
                found.setdefault(kind, name)
    for kind in ("styles", "numbering", "footnotes", "endnotes"):
        if kind not in found and (name := z.find(posixpath.join(folder, kind + ".xml"))):
            found[kind] = name
    return found


def _core_title(z: _Zip) -> str:
    name = z.find("docProps/core.xml")
    if not name:
        return ""
    try:
        root = etree.fromstring(z.read(name), _PARSER)
    except (etree.XMLSyntaxError, DocumentError):
        return ""
    title = root.find("{http://purl.org/dc/elements/1.1/}title")
    return (title.text or "").strip() if title is not None else ""


def _names_legacy_font(data: bytes) -> bool:
    # bytes.find runs at memory speed; a regex over a 20 MB part would not.
    # Font names are stored as their makers spell them: ".VnTime", "VNI-Times".
    return data.find(b'".Vn') >= 0 or data.find(b'"VNI') >= 0


class Opening:
    """A draft's package being opened: the parts are read at once, and the document part, nearly all
    the work, is parsed on a thread of its own. lxml parses without holding the interpreter lock, so
    on a second core the modules that read the parts load meanwhile (a tenth of ``reviewer outline``).
    Decompressing stays on the caller's thread: zlib hands the lock back and forth at every block it
    inflates, and each time waits for the other thread to let go of it."""

    def __init__(self, path: str | Path):
        self._error: BaseException | None = None
        self._side_error: DocumentError | None = None
        self._document: etree._Element | None = None
        self._thread: threading.Thread | None = None
        try:
            self._parts = _read_parts(path)
        except DocumentError as exc:  # raised by finish(), where open_docx would have raised it
            self._error = exc
            return
        self._thread = threading.Thread(target=self._parse, name="parse-docx", daemon=True)
        self._thread.start()

    def _parse(self) -> None:
        parts = self._parts
        try:
            # A parser of its own: an lxml parser serves one thread at a time, and the side parts are parsed meanwhile.
            self._document = _parse_document(parts, _new_parser())
        except BaseException as exc:  # handed to the caller, who sees it as open_docx's own
            self._error = exc

    def side_package(self) -> DocxPackage:
        """The package with its other parts (styles, numbering, notes) parsed here while the document part
        is parsed on the thread; its ``document`` is None until :meth:`finish`. Their errors wait for it too:
        a damaged document part is what is reported first, as by ``open_docx``."""
        side: dict[str, etree._Element] = {}
        if self._error is None:
            try:
                side = _parse_side_parts(self._parts)
            except DocumentError as exc:
                self._side_error = exc
        return _package(self._parts, None, side) if self._error is None else None

    def finish(self, package: DocxPackage | None) -> DocxPackage:
        """``side_package``'s package with its document part, or the DocumentError that opening it raised."""
        if self._thread is not None:
            self._thread.join()
        for error in (self._error, self._side_error):
            if error is not None:
                self._error = self._side_error = None
                raise error
        package.document = self._document
        return package


@dataclass
class _Parts:
    """A package's parts as bytes, read and checked, before any is parsed."""

    path: Path
    size: int
    main: str
    data: bytes
    core_title: str
    side: dict[str, tuple[str, bytes]]  # kind -> (part name, bytes): styles, numbering, footnotes, endnotes


def open_docx(path: str | Path) -> DocxPackage:
    parts = _read_parts(path)
    return _package(parts, _parse_document(parts), _parse_side_parts(parts))


def _read_parts(path: str | Path) -> _Parts:
    path = Path(path)
    if not path.exists():
        raise DocumentError("missing", _("File not found: {path}").format(path=path))
    if path.is_dir():
        raise DocumentError("directory", _("“{path}” is a folder, not a Word document.").format(path=path))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError("unreadable", _("Cannot read “{path}”: {reason}").format(
            path=path, reason=exc.strerror or exc)) from exc
    _sniff(path, head)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _damaged(path.name) from exc
    with zf:
        z = _Zip(path, zf)
        mimetype = z.find("mimetype")
        if mimetype and z.read(mimetype).startswith(b"application/vnd.oasis.opendocument"):
            raise DocumentError("odf", _(
                "“{name}” is an OpenDocument file (.odt). Open it in LibreOffice or Word and save "
                "it as “Word Document (.docx)”.").format(name=path.name))
        main = _main_part(z)
        if main is None:
            raise _no_document(path)
        data = z.read(main)
        side = {}
        for kind, name in _related_parts(z, main).items():
            if kind in ("styles", "numbering", "footnotes", "endnotes"):
                try:
                    side[kind] = (name, z.read(name))
                except DocumentError as exc:
                    if exc.code == "too-large":  # a damaged side part costs formatting only (_parse_side_parts)
                        raise
        return _Parts(path, size, main, data, _core_title(z), side)


def _no_document(path: Path) -> DocumentError:
    return DocumentError("no-document", _(
        "“{name}” is a zip file but not a Word document: it has no document text "
        "(word/document.xml).").format(name=path.name))


def _parse_document(parts: _Parts, parser: etree.XMLParser = _PARSER) -> etree._Element:
    document = parse_xml(parts.data, path=parts.path, part=parts.main, parser=parser)
    if document.tag != f"{{{W_NS}}}document":
        raise _no_document(parts.path)
    return document


def _parse_side_parts(parts: _Parts) -> dict[str, etree._Element]:
    parsed = {}
    for kind, (name, data) in parts.side.items():
        try:
            parsed[kind] = parse_xml(data, path=parts.path, part=name)
        except DocumentError as exc:
            # A damaged side part costs formatting, not the text: keep going.
            if exc.code in ("dtd", "too-large"):
                raise
    return parsed


def _package(parts: _Parts, document: etree._Element | None, side: dict[str, etree._Element]) -> DocxPackage:
    return DocxPackage(path=parts.path, document=document, raw_size=parts.size, core_title=parts.core_title,
                       legacy_fonts=_names_legacy_font(parts.data), **side)
