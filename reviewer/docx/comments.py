"""Comments typed in Word: what a reviewed .docx holds, placed in the sections of its draft.

The only module of the reading package that loads python-docx (lazily): opening a draft stays on
the fast lxml path. python-docx finds the comments part and each comment's author and initials; lxml
reads the bodies (python-docx's run.text costs an XPath query a run) and what python-docx does not
read: the anchored range (``w:commentRangeStart`` … ``w:commentRangeEnd`` in the body), threads and
the "resolved" state (``word/commentsExtended.xml``) and Word's durable ids (``word/commentsIds.xml``).

Comments written by ``reviewer export annotated`` (see :mod:`reviewer.word.annotated`) carry what
Word has no field for in a form read back here: the author is "group – delegate", the body's first
paragraph starts with :data:`KIND_LABEL` and ends with a hidden run
``#gopy:<comment id>|<section id>|q`` (``h`` instead of ``q``: not anchored on exactly its quote, which
then follows :data:`QUOTE_LABEL`), and the proposal, supporters, status and response follow as
paragraphs that start with their bold label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from reviewer.docx.outline import read_document
from reviewer.docx.package import W_NS
from reviewer.errors import DocumentError
from reviewer.i18n import _
from reviewer.model import Document, Paragraph, Section, Table
from reviewer.textnorm import body_text, clean

W = f"{{{W_NS}}}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
W16CID = "{http://schemas.microsoft.com/office/word/2016/wordml/cid}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
P, T, DEL_TEXT, TAB, BR, CR = (W + n for n in ("p", "t", "delText", "tab", "br", "cr"))
RANGE_START, RANGE_END, REFERENCE = (W + n for n in ("commentRangeStart", "commentRangeEnd", "commentReference"))
FNREF, ENREF, ID = W + "footnoteReference", W + "endnoteReference", W + "id"

# The annotated export's encoding (Vietnamese: Word documents are Vietnamese whatever the interface).
AUTHOR_SEPARATOR = " – "  # "Tổ 2 – Nguyễn Văn A"
MARKER = "#gopy:"  # hidden run in the first paragraph: "#gopy:<id>|<section id>|q" (h: on the heading)
QUOTE_LABEL = "Trích dẫn:"  # a quote the export could not anchor exactly
KIND_LABEL = "Loại ý kiến:"
LABELS = {"proposal": "Đề xuất:", "supporters": "Số đại biểu tán thành:", "status": "Trạng thái:",
          "response": "Tiếp thu, giải trình:"}
KIND_NAMES = {"gop_y": "Góp ý", "sua_doi": "Sửa đổi", "bo_sung": "Bổ sung", "de_nghi_bo": "Đề nghị bỏ",
              "cau_hoi": "Câu hỏi", "nhat_tri": "Nhất trí với dự thảo"}
STATUS_NAMES = {"moi": "Mới", "tiep_thu": "Tiếp thu", "tiep_thu_mot_phan": "Tiếp thu một phần",
                "giai_trinh": "Giải trình", "khong_tiep_thu": "Không tiếp thu"}
_MARKER_RE = re.compile(re.escape(MARKER) + r"([0-9A-Za-z-]{1,64})\|([^|\s]{0,200})\|([hq])")
_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(slots=True)
class BodyLine:
    text: str
    bold_start: bool  # the paragraph's first run with text is bold (a label of the annotated export)


@dataclass(slots=True)
class WordComment:
    """One ``w:comment`` of a reviewed file, with where it is anchored."""

    word_id: str
    author: str
    initials: str
    date: str | None  # as the store writes times (UTC, ISO 8601), or None when Word gave none
    lines: list[BodyLine]
    hidden: str  # the text of hidden runs (the annotated export's marker)
    durable_id: str = ""
    para_id: str = ""  # w14:paraId of the body's last paragraph: the key of commentsExtended
    parent: str | None = None  # word_id of the comment this one answers
    resolved: bool = False
    section: str | None = None  # the reviewed file's section holding the start of the range
    quote: str = ""
    near: float | None = None  # where the range starts in its section's text, 0..1 (which of repeated passages)
    breaks: int = 0  # paragraph (or table cell) boundaries inside the range
    in_document: bool = False  # a range or reference was found in the body

    @property
    def text(self) -> str:
        return body_text("\n".join(line.text for line in self.lines))

    @property
    def key(self) -> str:
        """The comment's identity in its file: Word's durable id, else its id, author and date."""
        if self.durable_id:
            return f"durable:{self.durable_id.upper()}"
        return f"id:{self.word_id}|{self.author}|{self.date or ''}"

    @property
    def exported(self) -> tuple[str, str, bool] | None:
        """(comment id, section id, anchored on its quote) of the Draft Reviewer comment this one was
        written from by ``export annotated``; None for a comment typed in Word."""
        m = _MARKER_RE.search(self.hidden)
        return (m.group(1), m.group(2), m.group(3) == "q") if m else None


def marker(comment_id: str, section_id: str, *, on_quote: bool) -> str:
    return f"{MARKER}{comment_id}|{section_id}|{'q' if on_quote else 'h'}"


@dataclass(slots=True)
class ReviewedFile:
    document: Document  # the reviewed file's own outline
    comments: list[WordComment] = field(default_factory=list)


def read_word_comments(path: str | Path) -> ReviewedFile:
    """Every comment of a .docx with its anchored text and section; DocumentError for a file that is
    not a readable Word document."""
    path = Path(path)
    doc = read_document(path)  # checks the package (zip, size, document part) with clear messages
    try:
        import docx  # deferred: python-docx is loaded only where comments are read or Word files written
        word = docx.Document(str(path))
        comments = [_comment(c) for c in word.comments]
        extended = _part(word, "commentsExtended.xml")
        ids = _part(word, "commentsIds.xml")
    except DocumentError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise DocumentError("damaged", _("“{name}” is damaged: its comments cannot be read ({reason}).").format(
            name=path.name, reason=type(exc).__name__)) from exc
    _threads(comments, extended, ids)
    root = body_root(doc)
    if root is not None:
        _anchor(comments, root, doc)
    return ReviewedFile(doc, comments)


def _comment(c) -> WordComment:
    el = c._comment_elm  # the body read with lxml: python-docx's run.text costs an XPath query a run
    lines, hidden = [], []
    for p in el.iter(P):
        visible, bold_start = [], None
        for r in p.iter(W + "r"):
            text = "".join(_RUN_TEXT.get(x.tag, x.text or "") for x in r if x.tag in _RUN_TEXT or x.tag == T)
            if not text:
                continue
            rpr = r.find(W + "rPr")
            if _on(rpr, "vanish"):
                hidden.append(text)
                continue
            if bold_start is None:
                bold_start = _on(rpr, "b")
            visible.append(text)
        lines.append(BodyLine("".join(visible), bool(bold_start)))
    paras = el.findall(P)
    return WordComment(word_id=str(c.comment_id), author=clean(c.author or ""), initials=clean(c.initials or ""),
                       date=_date(el.get(W + "date")), lines=lines, hidden=" ".join(hidden),
                       para_id=(paras[-1].get(W14 + "paraId", "") if paras else "").upper())


_RUN_TEXT = {TAB: "\t", BR: "\n", CR: "\n"}


def _on(rpr, name: str) -> bool:
    """A toggle property set directly on a run (w:b, w:vanish)."""
    el = rpr.find(W + name) if rpr is not None else None
    return el is not None and el.get(W + "val", "true").lower() not in ("0", "false", "off")


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # Word writes the local time marked as UTC, or nothing: as written
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _part(word, name: str):
    for part in word.part.package.iter_parts():
        if str(part.partname).lower().endswith("/" + name.lower()):
            try:
                return etree.fromstring(part.blob, _XML)
            except etree.XMLSyntaxError:
                return None  # a damaged side part costs threads, not comments
    return None


def _threads(comments: list[WordComment], extended, ids) -> None:
    by_para = {c.para_id: c for c in comments if c.para_id}
    if ids is not None:
        for el in ids.iter(W16CID + "commentId"):
            c = by_para.get((el.get(W16CID + "paraId") or "").upper())
            if c is not None:
                c.durable_id = el.get(W16CID + "durableId") or ""
    if extended is None:
        return
    for el in extended.iter(W15 + "commentEx"):
        c = by_para.get((el.get(W15 + "paraId") or "").upper())
        if c is None:
            continue
        c.resolved = el.get(W15 + "done") in ("1", "true", "on")
        parent = by_para.get((el.get(W15 + "paraIdParent") or "").upper())
        if parent is not None and parent is not c:
            c.parent = parent.word_id


def body_root(doc: Document):
    for s in _all_sections(doc):
        for el in paragraph_elements(s.blocks):
            return el.getroottree().getroot()
    return None


def _all_sections(doc: Document) -> list[Section]:
    return [*doc.sections, *([doc.closing] if doc.closing is not None else [])]


def paragraph_elements(blocks):
    for b in blocks:
        if isinstance(b, Paragraph):
            source = b._source  # the reader keeps each paragraph's element for its formatting
            if source is not None and hasattr(source, "el"):
                yield source.el
        elif isinstance(b, Table):
            for row in b.rows:
                for cell in row:
                    yield from paragraph_elements(cell)


def own_text(p) -> str:
    """A paragraph's final text (no deleted text, nor that of paragraphs nested in it)."""
    parts = []
    for t in p.iter(T):
        if _owner(t) is p:
            parts.append(t.text or "")
    return "".join(parts)


def _owner(el):
    parent = el.getparent()
    while parent is not None and parent.tag != P:
        parent = parent.getparent()
    return parent


def paragraph_sections(doc: Document, root) -> list[tuple[object, str, bool]]:
    """``(w:p element, section id, is its heading)`` for every paragraph of the body, in document order.

    Body paragraphs are known from the reader's blocks; a paragraph it did not keep as a block is a
    heading when its text is the title of the next section in order, else part of the section above."""
    sections = _all_sections(doc)
    known = {}
    for s in sections:
        for el in paragraph_elements(s.blocks):
            known[el] = s.id
    order = {s.id: i for i, s in enumerate(sections)}
    body = root.find(W + "body")
    out = []
    current, ahead = (sections[0].id if sections else ""), 0
    for p in (body if body is not None else root).iter(P):
        sid = known.get(p)
        if sid is not None:
            current = sid
            ahead = max(ahead, order.get(sid, -1) + 1)
            out.append((p, sid, False))
            continue
        text = clean(own_text(p))
        heading = False
        if text and ahead < len(sections):
            nxt = sections[ahead]
            head = clean(nxt.heading)
            if nxt.title and (text == head or text == clean(nxt.title) or (head and head in text)
                              or (len(text) > 3 and text in head)):
                current, heading, ahead = nxt.id, True, ahead + 1
        out.append((p, current, heading))
    return out


def _anchor(comments: list[WordComment], root, doc: Document) -> None:
    """Fill each comment's section and quote from the body's ranges, in one pass."""
    by_id = {c.word_id: c for c in comments}
    section_of = {p: sid for p, sid, _h in paragraph_sections(doc, root)}  # elements: id() of a proxy is reused
    skip = {el for fb in root.iter(MC_FALLBACK) for el in fb.iter()}
    open_ranges: dict[str, tuple[list[str], list[str]]] = {}
    notes: dict[tuple[str, str], str] = {}
    section = None
    length: dict[str | None, int] = {}  # characters of each section's paragraphs so far
    starts: dict[str, int] = {}
    for el in root.iter(P, T, DEL_TEXT, TAB, BR, CR, RANGE_START, RANGE_END, REFERENCE, FNREF, ENREF):
        if el in skip:
            continue
        tag = el.tag
        if tag == P:
            section = section_of.get(el, section)
            length[section] = length.get(section, 0) + 1
            for final, deleted in open_ranges.values():
                final.append("\n")
                deleted.append("\n")
        elif tag == T or tag == DEL_TEXT:
            if tag == T and el.text:
                length[section] = length.get(section, 0) + len(el.text)
            if open_ranges and el.text:
                for final, deleted in open_ranges.values():
                    (final if tag == T else deleted).append(el.text)
        elif tag in (TAB, BR, CR):
            for final, _deleted in open_ranges.values():
                final.append(" ")
        elif tag == FNREF or tag == ENREF:
            key = ("footnote" if tag == FNREF else "endnote", el.get(ID, ""))
            label = notes.setdefault(key, str(len(notes) + 1))  # numbered as the reader numbers them
            for final, _deleted in open_ranges.values():
                final.append(f"[{label}]")
        else:
            c = by_id.get(el.get(ID, ""))
            if c is None:
                continue
            if tag == RANGE_START and not c.in_document:
                c.in_document, c.section = True, section
                open_ranges[c.word_id] = ([], [])
                starts[c.word_id] = length.get(section, 0)
            elif tag == RANGE_END and c.word_id in open_ranges:
                final, deleted = open_ranges.pop(c.word_id)
                c.quote = clean("".join(final)) or clean("".join(deleted))
                c.breaks = "".join(final).strip().count("\n")
            elif tag == REFERENCE and not c.in_document:
                c.in_document, c.section = True, section
    for word_id, (final, deleted) in open_ranges.items():  # a range Word left open: what it covers
        by_id[word_id].quote = clean("".join(final)) or clean("".join(deleted))
    for word_id, at in starts.items():
        c = by_id[word_id]
        c.near = at / max(1, length.get(c.section, 0))
