"""Walk a Word document body into blocks, with the facts heading detection needs.

The walk reads lxml elements directly: python-docx's proxy objects cost several times
more per paragraph than the parse itself, and a 300-page draft must open in a moment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewer.docx import legacy_fonts as legacy
from reviewer.docx.legacy_runs import LegacyRuns
from reviewer.docx.numbering import Numbering
from reviewer.docx.package import W_NS, DocxPackage
from reviewer.docx.styles import CharFormat, Styles, on_off, read_numpr, read_rpr
from reviewer.model import Note, Paragraph, Run, Table
from reviewer.textnorm import clean, nfc

W = f"{{{W_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

P, R, T, TBL, TR, TC, SDT, SDT_CONTENT = (W + n for n in ("p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent"))
PPR, RPR, TXBX = W + "pPr", W + "rPr", W + "txbxContent"
(TAB, PTAB, BR, CR, NBH, SYM, FNREF, ENREF, VAL, PSTYLE, NUMPR, OUTLINE, JC, ID, RSTYLE, RUBY, RUBYBASE, CHAR,
 BODY) = (W + n for n in ("tab", "ptab", "br", "cr", "noBreakHyphen", "sym", "footnoteReference", "endnoteReference",
                         "val", "pStyle", "numPr", "outlineLvl", "jc", "id", "rStyle", "ruby", "rubyBase", "char",
                         "body"))
# Inline wrappers whose runs are part of the final text.
_TRANSPARENT = {W + n for n in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "dir",
                                "bdo", "sdtContent")}
_BLOCK_TRANSPARENT = {W + n for n in ("customXml", "ins", "moveTo")} | {SDT_CONTENT}
_CARRIERS = {W + "drawing", W + "pict", W + "object", MC + "AlternateContent"}
_SIMPLE_CHARS = {TAB: "\t", PTAB: "\t", BR: "\n", CR: "\n", NBH: "-"}
MATH_T, TABS, SOFT_HYPHEN = M + "t", W + "tabs", W + "softHyphen"
# Subtrees whose text is not the document's final text: deleted or moved-away runs, the
# fallback copy of a drawing (the same text box again), ruby readings above the base text.
_SKIPPED = frozenset((W + "del", W + "moveFrom", MC + "Fallback", W + "rt"))
# What the walk stops at; everything else (runs, hyperlinks, content controls) it passes through.
_WALK_TAGS = (P, T, TAB, PTAB, BR, CR, NBH, SYM, FNREF, ENREF, MATH_T, TXBX, TBL, TR, TC, PSTYLE, NUMPR,
              OUTLINE, *_SKIPPED)
_NOTE_MARK = re.compile(r"\[\d+\]")
_TOC_STYLE = re.compile(r"^(toc|mục lục)\s*\d", re.IGNORECASE)


class ParaFacts:
    """What a reader sees of one body paragraph: the evidence for calling it a heading.

    Formatting (bold, italic, capitals) is read from the runs on first use only, since
    heading detection asks for it on the few paragraphs that could be headings.
    """

    __slots__ = ("index", "text", "paragraph", "style_name", "outline_level", "is_title_style", "is_toc",
                 "label", "label_fmt", "label_level", "_format")

    def __init__(self, index: int, text: str, paragraph: Paragraph, style_name: str = "",
                 outline_level: int | None = None, is_title_style: bool = False, is_toc: bool = False,
                 label: str = "", label_fmt: str = "", label_level: int = 0):
        self.index = index  # position among body paragraphs (python-docx's Document.paragraphs)
        self.text = text  # NFC, white space folded, footnote markers left out
        self.paragraph = paragraph
        self.style_name = style_name
        self.outline_level = outline_level
        self.is_title_style = is_title_style
        self.is_toc = is_toc
        self.label = label  # the number Word draws in front of the text, when it is numbered
        self.label_fmt = label_fmt
        self.label_level = label_level
        self._format: tuple[float, float, bool, list[tuple[str, bool]]] | None = None

    @property
    def align(self) -> str:
        return self.paragraph.align

    def _formatting(self) -> tuple[float, float, bool, list[tuple[str, bool]]]:
        if self._format is None:
            letters = bold = italic = 0
            caps_runs = True
            run_texts = []
            for run in self.paragraph.runs:
                if run.note:
                    continue
                n = len(run.text) - run.text.count(" ")
                letters += n
                if run.bold:
                    bold += n
                if run.italic:
                    italic += n
                caps_runs = caps_runs and (run.caps or not n)
                run_texts.append((run.text, run.bold))
            caps = self.text.isupper() or (caps_runs and letters > 0 and any(c.isalpha() for c in self.text))
            self._format = (bold / letters if letters else 0.0, italic / letters if letters else 0.0, caps,
                            run_texts)
        return self._format

    @property
    def bold(self) -> float:
        """Share of the text (spaces aside) in bold."""
        return self._formatting()[0]

    @property
    def italic(self) -> float:
        return self._formatting()[1]

    @property
    def caps(self) -> bool:
        """Every letter is a capital, typed so or drawn so by the caps property."""
        return self._formatting()[2]

    @property
    def run_texts(self) -> list[tuple[str, bool]]:
        """(text, bold) per run, for run-in titles ("Về thu ngân sách: ...")."""
        return self._formatting()[3]


@dataclass(slots=True)
class BodyItem:
    block: Paragraph | Table
    facts: ParaFacts | None  # None for tables and text-box paragraphs
    notes: list[tuple[str, str]] = field(default_factory=list)  # (kind, id) referenced here


class _Para:
    """A paragraph being read by the walk."""

    __slots__ = ("el", "out", "top_level", "parts", "style_id", "num", "outline", "notes", "boxes")

    def __init__(self, el, out: list, top_level: bool):
        self.el = el
        self.out = out
        self.top_level = top_level
        self.parts: list[str] = []
        self.style_id: str | None = None
        self.num: tuple[str, int] | None = None
        self.outline: int | None = None
        self.notes: list[tuple[str, str]] = []
        self.boxes: list[list[BodyItem]] = []


class _Source:
    """Reads a paragraph's runs and alignment from its element on demand."""

    __slots__ = ("reader", "el", "style_id")

    def __init__(self, reader: DocxReader, el, style_id: str | None):
        self.reader, self.el, self.style_id = reader, el, style_id

    def runs(self) -> list[Run]:
        return self.reader._runs_of(self.el, self.style_id)

    def align(self) -> str:
        ppr = self.el.find(PPR)
        jc = ppr.find(JC) if ppr is not None else None
        if jc is not None:
            return jc.get(VAL, "")
        style = self.reader.styles.style(self.style_id)
        return style.align if style is not None else ""


def _skip_subtree(el, skip: set | None) -> set:
    skip = skip if skip is not None else set()
    skip.update(el.iter(*_WALK_TAGS))
    return skip


class _TableFrame:
    """A table being read: its rows so far and the row and cell last opened."""

    __slots__ = ("el", "table", "rows", "tr", "cell", "notes")

    def __init__(self, el):
        self.el = el
        self.notes: list[tuple[str, str]] = []
        self.rows: list[list[list]] = []
        self.table = Table(self.rows)  # filled in as the walk goes on
        self.tr = self.cell = None


def _frame_of(parent, frames: list[_TableFrame], what: str) -> _TableFrame | None:
    """The open table whose current row (``what="tr"``) or whose element (``"tbl"``) is
    ``parent``, looking up through content controls; tables opened inside it have ended."""
    while parent is not None:
        for depth in range(len(frames) - 1, -1, -1):
            frame = frames[depth]
            if (frame.tr if what == "tr" else frame.el) is parent:
                del frames[depth + 1:]
                return frame
        if parent.tag in (TC, BODY, TBL):
            return None
        parent = parent.getparent()
    return None


def _container(el, frames: list[_TableFrame], top: list) -> list:
    """Where a block starting at ``el`` goes: the cell it sits in, or the body (closing tables)."""
    parent = el.getparent()
    while parent is not None:
        if parent.tag == TC:
            for depth in range(len(frames) - 1, -1, -1):
                if frames[depth].cell is parent:
                    del frames[depth + 1:]
                    return frames[depth].rows[-1][-1]
            return top
        if parent.tag == BODY or parent.tag == TXBX:
            break
        parent = parent.getparent()
    frames.clear()
    return top


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _Ctx:
    __slots__ = ("notes", "textboxes", "legacy")

    def __init__(self):
        self.notes: list[tuple[str, str]] = []
        self.textboxes: list = []
        self.legacy: list[tuple[int, str, bool]] = []  # (index in runs, encoding, upper) of legacy-font runs


class DocxReader:
    def __init__(self, package: DocxPackage):
        self.package = package
        self.styles = Styles(package.styles)
        self.numbering = Numbering.from_xml(package.numbering, styles_root=package.styles)
        self.legacy = self._may_hold_legacy()
        self._legacy_runs: LegacyRuns | None = None
        self.note_labels: dict[tuple[str, str], str] = {}
        self._body_index = 0
        self._style_cache: dict[str | None, tuple] = {}

    @property
    def legacy_runs(self) -> LegacyRuns:
        # Made on first use: the reader can be made while its document part is still being parsed (Opening).
        if self._legacy_runs is None:
            self._legacy_runs = LegacyRuns(self.package.document, self.run_font)
        return self._legacy_runs

    def _may_hold_legacy(self) -> bool:
        return self.package.legacy_fonts or any(
            legacy.legacy_encoding(font) for font in self.styles.all_fonts())

    # ------------------------------------------------------------------ blocks

    def body_items(self) -> list[BodyItem]:
        body = self.package.document.find(BODY)
        return self._walk(body, in_body=True) if body is not None else []

    def _walk(self, root, *, in_body: bool) -> list[BodyItem]:
        """Blocks under ``root`` in document order, from one pass over the tree.

        The pass is lxml's C-level ``iter`` filtered to the few elements that carry text or
        structure, so Python sees about two elements per run rather than every node. A
        paragraph ends where the next block begins, and which table cell a paragraph sits in
        is read from its parent while a table is open.
        """
        top: list[BodyItem] = []
        out: list = top  # where the next block goes: the body (BodyItems) or a table cell (blocks)
        para: _Para | None = None
        frames: list[_TableFrame] = []  # open tables, outermost first
        skip: set | None = None  # elements inside subtrees whose text is not the final text
        for el in root.iter(*_WALK_TAGS):
            if skip is not None and el in skip:
                continue
            tag = el.tag
            if tag == T:
                if para is not None and el.text:
                    para.parts.append(el.text)
            elif tag == P:
                if para is not None:
                    self._finish(para, in_body)
                if frames:
                    out = _container(el, frames, top)
                para = _Para(el, out, out is top)
                if out is not top:  # notes cited in a table travel with the table
                    para.notes = frames[0].notes
            elif tag == TC:
                if para is not None:
                    self._finish(para, in_body)
                    para = None
                frame = _frame_of(el.getparent(), frames, "tr")
                if frame is not None:
                    out = []
                    frame.rows[-1].append(out)
                    frame.cell = el
            elif tag == TR:
                frame = _frame_of(el.getparent(), frames, "tbl")
                if frame is not None:
                    frame.rows.append([])
                    frame.tr = el
            elif tag == TBL:
                if para is not None:
                    self._finish(para, in_body)
                    para = None
                if frames:
                    out = _container(el, frames, top)
                frame = _TableFrame(el)
                if out is top:
                    out.append(BodyItem(frame.table, None, frame.notes))
                else:
                    out.append(frame.table)
                    frame.notes = frames[0].notes
                frames.append(frame)
            elif tag in _SKIPPED:
                skip = _skip_subtree(el, skip)
            elif para is None:
                continue
            elif tag in _SIMPLE_CHARS:
                if el.getparent().tag != TABS:  # tab stops in the paragraph properties
                    para.parts.append(_SIMPLE_CHARS[tag])
            elif tag == PSTYLE:
                para.style_id = el.get(VAL)
            elif tag == NUMPR:
                para.num = read_numpr(el, default_ilvl=0) or ("0", 0)
            elif tag == OUTLINE:
                para.outline = _int_or_none(el.get(VAL))
            elif tag == FNREF or tag == ENREF:
                para.parts.append(f"[{self._note_label(el, para.notes)}]")
            elif tag == SYM:
                para.parts.append(_sym(el))
            elif tag == MATH_T:
                para.parts.append(el.text or "")
            elif tag == TXBX:
                skip = _skip_subtree(el, skip)
                para.boxes.extend(self._walk(el, in_body=False))
        if para is not None:
            self._finish(para, in_body)
        return top

    def _finish(self, para: _Para, in_body: bool) -> None:
        style_name, style_outline, style_num, is_title, is_toc = self._style_facts(para.style_id)
        num = para.num or style_num
        outline = para.outline if para.outline is not None else style_outline
        if outline is not None and not 0 <= outline <= 8:
            outline = None
        label = fmt = ""
        if num is not None:
            ll = self.numbering.next_label(num[0], num[1])
            if ll is not None and ll.fmt != "none":
                label, fmt = ll.text.strip(), ll.fmt
        # Word draws the number in the paragraph's own formatting; bullets become "-".
        list_label = "-" if fmt == "bullet" else label
        source = _Source(self, para.el, para.style_id)
        if self.legacy:
            # Legacy text is converted run by run, from each run's font: read the runs now.
            paragraph = Paragraph(source.runs(), style_name, list_label, None, None, source)
        else:
            paragraph = Paragraph(None, style_name, list_label, None, nfc("".join(para.parts)), source)
        if not para.top_level:  # a table cell holds bare blocks
            para.out.append(paragraph)
            para.out.extend(item.block for item in para.boxes)
            return
        facts = None
        if in_body:
            body = paragraph.body
            facts = ParaFacts(self._body_index, clean(_NOTE_MARK.sub("", body) if para.notes else body), paragraph,
                              style_name, outline, is_title, is_toc, label, fmt, num[1] if num is not None else 0)
            self._body_index += 1
        para.out.append(BodyItem(paragraph, facts, para.notes))
        para.out.extend(para.boxes)

    def _style_facts(self, style_id: str | None) -> tuple[str, int | None, tuple[str, int] | None, bool, bool]:
        """(name, outline level, numbering, is Title, is a TOC style) of a paragraph style, cached."""
        facts = self._style_cache.get(style_id)
        if facts is None:
            style = self.styles.style(style_id)
            if style is None:
                facts = ("", None, None, False, False)
            else:
                num = style.num or self.numbering.style_for_level(style.style_id)
                facts = (style.name, style.outline_level, num, style.is_title, bool(_TOC_STYLE.match(style.name)))
            self._style_cache[style_id] = facts
        return facts

    def _note_label(self, el, notes: list[tuple[str, str]]) -> str:
        kind = "footnote" if el.tag == FNREF else "endnote"
        key = (kind, el.get(ID, ""))
        notes.append(key)
        return self.note_labels.setdefault(key, str(len(self.note_labels) + 1))

    def _runs_of(self, p, style_id: str | None) -> list[Run]:
        runs: list[Run] = []
        ctx = _Ctx()
        self._inline(p, runs, ctx, style_id)
        if ctx.legacy:
            self.legacy_runs.decide(runs, ctx.legacy)
        return runs

    def run_font(self, r, para_style: str | None) -> str | None:
        """The font a w:r is drawn in: its own rPr over its character and paragraph styles."""
        rpr = r.find(RPR)
        run_style = own = None
        if rpr is not None:
            rs = rpr.find(RSTYLE)
            run_style = rs.get(VAL) if rs is not None else None
            own = read_rpr(rpr).font
        return own or self.styles.run_format(para_style, run_style).font

    # ------------------------------------------------------------------ runs

    def _inline(self, parent, runs: list[Run], ctx: _Ctx, para_style: str | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == R:
                self._run(child, runs, ctx, para_style)
            elif tag in _TRANSPARENT:
                self._inline(child, runs, ctx, para_style)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._inline(content, runs, ctx, para_style)
            elif tag == M + "oMath" or tag == M + "oMathPara":
                text = "".join(t.text or "" for t in child.iter(M + "t"))
                if text:
                    runs.append(Run(text))

    def _run(self, r, runs: list[Run], ctx: _Ctx, para_style: str | None) -> None:
        rpr = None
        parts: list[str] = []
        for c in r:
            tag = c.tag
            if tag == T:
                if c.text:
                    parts.append(c.text)
            elif tag == RPR:
                rpr = c
            elif tag == TAB or tag == PTAB:
                parts.append("\t")
            elif tag == BR or tag == CR:
                parts.append("\n")
            elif tag == NBH:
                parts.append("-")
            elif tag == SOFT_HYPHEN:
                # Word and LibreOffice store byte 0xAD as this element; in TCVN3 that byte is "ư".
                parts.append("\u00ad")
            elif tag == SYM:
                parts.append(_sym(c))
            elif tag == FNREF or tag == ENREF:
                label = self._note_label(c, ctx.notes)
                if parts:
                    self._emit(runs, "".join(parts), rpr, para_style, ctx)
                    parts = []
                runs.append(Run(f"[{label}]", note=True))
            elif tag == RUBY:  # phonetic guide: keep the base text, not the reading above it
                base = c.find(RUBYBASE)
                if base is not None:
                    if parts:
                        self._emit(runs, "".join(parts), rpr, para_style, ctx)
                        parts = []
                    self._inline(base, runs, ctx, para_style)
            elif tag in _CARRIERS:
                for box in c.iter(TXBX):
                    if not _under_fallback(box, c):
                        ctx.textboxes.append(box)
        if parts:
            self._emit(runs, "".join(parts), rpr, para_style, ctx)

    def _emit(self, runs: list[Run], text: str, rpr, para_style: str | None, ctx: _Ctx) -> None:
        run_style = None
        own = None
        if rpr is not None:
            rs = rpr.find(RSTYLE)
            run_style = rs.get(VAL) if rs is not None else None
            own = read_rpr(rpr)
        fmt: CharFormat = self.styles.run_format(para_style, run_style)
        if own is not None:
            fmt = fmt.merged(own)
        encoding = legacy.legacy_encoding(fmt.font) if self.legacy else None
        if encoding:
            # Decided with the paragraph's other runs once it is read (LegacyRuns.decide).
            ctx.legacy.append((len(runs), *encoding))
        else:
            text = nfc(text.replace("\u00ad", ""))  # a soft hyphen is invisible in Unicode text
        runs.append(Run(text, bool(fmt.bold), bool(fmt.italic), caps=bool(fmt.caps)))

    # ------------------------------------------------------------------ notes

    def notes(self) -> dict[tuple[str, str], Note]:
        """Footnotes and endnotes that the body refers to, keyed like BodyItem.notes."""
        found: dict[tuple[str, str], Note] = {}
        for kind, root in (("footnote", self.package.footnotes), ("endnote", self.package.endnotes)):
            if root is None:
                continue
            for note in root.iter(W + kind):
                key = (kind, note.get(ID, ""))
                if key not in self.note_labels:
                    continue
                items = self._walk(note, in_body=False)
                paras = [i.block for i in items if isinstance(i.block, Paragraph)]
                for para in paras:
                    para.runs = [r for r in para.runs if not r.note]
                found[key] = Note(self.note_labels[key], paras, kind)
        return found


def _sym(el) -> str:
    try:
        code = int(el.get(CHAR, ""), 16)
    except ValueError:
        return ""
    # Symbol-font private-use code points map back onto ASCII.
    return chr(code - 0xF000 if code >= 0xF000 else code)


def _under_fallback(el, stop) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == MC + "Fallback":
            return True
        parent = parent.getparent()
    return False


__all__ = ["DocxReader", "BodyItem", "ParaFacts", "on_off"]
