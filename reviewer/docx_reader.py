"""Walk a Word document body into blocks, with the facts heading detection needs.

The walk reads lxml elements directly: python-docx's proxy objects cost several times
more per paragraph than the parse itself, and a 300-page draft must open in a moment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewer import legacy
from reviewer.docx_package import W_NS, DocxPackage
from reviewer.docx_styles import CharFormat, Styles, on_off, read_numpr, read_rpr
from reviewer.model import Note, Paragraph, Run, Table
from reviewer.numbering import Numbering
from reviewer.textnorm import clean, nfc

W = f"{{{W_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

P, R, T, TBL, TR, TC, SDT, SDT_CONTENT = (W + n for n in ("p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent"))
PPR, RPR, TXBX = W + "pPr", W + "rPr", W + "txbxContent"
# Inline wrappers whose runs are part of the final text.
_TRANSPARENT = {W + n for n in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "dir",
                                "bdo", "sdtContent")}
_DROPPED = {W + n for n in ("del", "moveFrom", "proofErr", "bookmarkStart", "bookmarkEnd", "commentRangeStart",
                            "commentRangeEnd", "permStart", "permEnd")}
_BLOCK_TRANSPARENT = {W + n for n in ("customXml", "ins", "moveTo")} | {SDT_CONTENT}
_CARRIERS = {W + "drawing", W + "pict", W + "object", MC + "AlternateContent"}
_TOC_STYLE = re.compile(r"^(toc|mục lục)\s*\d", re.IGNORECASE)
_UNICODE_ONLY = set("ăâđêôơưĂÂĐÊÔƠƯĩũĨŨ")
_LATIN1_VIETNAMESE = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_LEGACY_FONT = re.compile(rb'w:(?:ascii|hAnsi)="(?:\.vn|vni[- ])', re.IGNORECASE)


@dataclass(slots=True)
class ParaFacts:
    """What a reader sees of one body paragraph: the evidence for calling it a heading."""

    index: int  # position among body paragraphs (python-docx's Document.paragraphs)
    text: str  # NFC, white space folded, footnote markers left out
    bold: float  # share of letters that are bold
    italic: float
    caps: bool  # every letter is a capital (typed or by the caps property)
    align: str
    style_name: str
    outline_level: int | None
    is_title_style: bool
    is_toc: bool
    label: str  # the number Word draws in front of the text, when the paragraph is numbered
    label_fmt: str
    label_level: int = 0
    run_texts: list[tuple[str, bool]] = field(default_factory=list)  # (text, bold) for run-in titles


@dataclass(slots=True)
class BodyItem:
    block: Paragraph | Table
    facts: ParaFacts | None  # None for tables and text-box paragraphs
    notes: list[tuple[str, str]] = field(default_factory=list)  # (kind, id) referenced here


class _Ctx:
    __slots__ = ("notes", "textboxes")

    def __init__(self):
        self.notes: list[tuple[str, str]] = []
        self.textboxes: list = []


class DocxReader:
    def __init__(self, package: DocxPackage):
        self.package = package
        self.styles = Styles(package.styles)
        self.numbering = Numbering.from_xml(package.numbering, styles_root=package.styles)
        self.legacy = self._may_hold_legacy()
        self.unicode_text = self.legacy and self._mostly_unicode()
        self.note_labels: dict[tuple[str, str], str] = {}
        self._body_index = 0

    def _may_hold_legacy(self) -> bool:
        from lxml import etree

        for root in (self.package.styles, self.package.document):
            if root is not None and _LEGACY_FONT.search(etree.tostring(root)):
                return True
        return False

    def _mostly_unicode(self) -> bool:
        """Whether the text is Unicode Vietnamese despite legacy font names in the styles.

        A run such as "Báo cáo" reads the same in Unicode and as TCVN3 bytes; in a document
        whose other text is plainly Unicode it is Unicode too.
        """
        count = 0
        for t in self.package.document.iter(T):
            if t.text:
                count += sum(1 for ch in t.text if ch in _UNICODE_ONLY or "\u1ea0" <= ch <= "\u1ef9")
                if count >= 20:
                    return True
        return False

    # ------------------------------------------------------------------ blocks

    def body_items(self) -> list[BodyItem]:
        body = self.package.document.find(W + "body")
        items: list[BodyItem] = []
        if body is not None:
            self._blocks(body, items, in_table=False)
        return items

    def _blocks(self, parent, out: list[BodyItem], in_table: bool) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                self._paragraph(child, out, in_table)
            elif tag == TBL:
                out.append(BodyItem(self._table(child), None))
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._blocks(content, out, in_table)
            elif tag in _BLOCK_TRANSPARENT:
                self._blocks(child, out, in_table)
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                if choice is not None:
                    self._blocks(choice, out, in_table)

    def _table(self, tbl) -> Table:
        rows: list[list[list]] = []
        for tr in tbl.iter(TR):
            if _nearest(tr, TBL) is not tbl:
                continue
            row = []
            for tc in tr:
                if tc.tag == TC:
                    cell_items: list[BodyItem] = []
                    self._blocks(tc, cell_items, in_table=True)
                    row.append([item.block for item in cell_items])
                elif tc.tag == SDT:  # a content control wrapping cells
                    for inner in tc.iter(TC):
                        cell_items = []
                        self._blocks(inner, cell_items, in_table=True)
                        row.append([item.block for item in cell_items])
            rows.append(row)
        return Table(rows)

    def _paragraph(self, p, out: list[BodyItem], in_table: bool) -> None:
        ppr = p.find(PPR)
        style_id = outline = None
        num = None
        align = ""
        if ppr is not None:
            for c in ppr:
                tag = c.tag
                if tag == W + "pStyle":
                    style_id = c.get(W + "val")
                elif tag == W + "numPr":
                    num = read_numpr(c, default_ilvl=0) or ("0", 0)
                elif tag == W + "outlineLvl":
                    try:
                        outline = int(c.get(W + "val", "9"))
                    except ValueError:
                        outline = None
                elif tag == W + "jc":
                    align = c.get(W + "val", "")
        style = self.styles.style(style_id)
        if num is None and style is not None:
            num = style.num or self.numbering.style_for_level(style.style_id)
        if outline is None and style is not None:
            outline = style.outline_level
        if outline is not None and outline > 8:
            outline = None
        label = fmt = ""
        if num is not None:
            ll = self.numbering.next_label(num[0], num[1])
            if ll is not None and ll.fmt != "none":
                label, fmt = ll.text.strip(), ll.fmt

        ctx = _Ctx()
        runs: list[Run] = []
        self._inline(p, runs, ctx, style_id)
        # Word draws the number in the paragraph's own formatting; bullets become "-".
        list_label = "-" if fmt == "bullet" else label
        para = Paragraph(runs=runs, style=style.name if style else "", list_label=list_label, align=align)

        facts = None
        if not in_table:
            facts = self._facts(para, runs, style, outline, label, fmt)
            facts.label_level = num[1] if num is not None else 0
            self._body_index += 1
        out.append(BodyItem(para, facts, ctx.notes))
        for box in ctx.textboxes:
            box_items: list[BodyItem] = []
            self._blocks(box, box_items, in_table=True)
            out.extend(box_items)

    def _facts(self, para: Paragraph, runs: list[Run], style, outline, label, fmt) -> ParaFacts:
        letters = bold = italic = 0
        caps_runs = True
        pieces = []
        run_texts = []
        for run in runs:
            if run.note:
                continue
            pieces.append(run.text)
            n = sum(1 for ch in run.text if ch.isalnum())
            letters += n
            if run.bold:
                bold += n
            if run.italic:
                italic += n
            caps_runs = caps_runs and (run.caps or not n)
            run_texts.append((run.text, run.bold))
        text = clean("".join(pieces))
        alpha = [ch for ch in text if ch.isalpha()]
        caps = bool(alpha) and ((caps_runs and letters > 0) or all(ch.isupper() for ch in alpha))
        style_name = style.name if style else ""
        return ParaFacts(
            index=self._body_index, text=text, bold=bold / letters if letters else 0.0,
            italic=italic / letters if letters else 0.0, caps=caps, align=para.align,
            style_name=style_name, outline_level=outline,
            is_title_style=bool(style and style.is_title), is_toc=bool(_TOC_STYLE.match(style_name)),
            label=label, label_fmt=fmt, run_texts=run_texts)

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
            elif tag == W + "tab" or tag == W + "ptab":
                parts.append("\t")
            elif tag == W + "br" or tag == W + "cr":
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "sym":
                char = c.get(W + "char", "")
                try:
                    code = int(char, 16)
                    # Symbol-font private-use code points map back onto ASCII.
                    parts.append(chr(code - 0xF000 if code >= 0xF000 else code))
                except ValueError:
                    pass
            elif tag == W + "footnoteReference" or tag == W + "endnoteReference":
                kind = "footnote" if tag == W + "footnoteReference" else "endnote"
                key = (kind, c.get(W + "id", ""))
                label = self.note_labels.setdefault(key, str(len(self.note_labels) + 1))
                ctx.notes.append(key)
                if parts:
                    self._emit(runs, "".join(parts), rpr, para_style)
                    parts = []
                runs.append(Run(f"[{label}]", note=True))
            elif tag == W + "ruby":  # phonetic guide: keep the base text, not the reading above it
                base = c.find(W + "rubyBase")
                if base is not None:
                    if parts:
                        self._emit(runs, "".join(parts), rpr, para_style)
                        parts = []
                    self._inline(base, runs, ctx, para_style)
            elif tag in _CARRIERS:
                for box in c.iter(TXBX):
                    if not _under_fallback(box, c):
                        ctx.textboxes.append(box)
        if parts:
            self._emit(runs, "".join(parts), rpr, para_style)

    def _emit(self, runs: list[Run], text: str, rpr, para_style: str | None) -> None:
        run_style = None
        own = None
        if rpr is not None:
            rs = rpr.find(W + "rStyle")
            run_style = rs.get(W + "val") if rs is not None else None
            own = read_rpr(rpr)
        fmt: CharFormat = self.styles.run_format(para_style, run_style)
        if own is not None:
            fmt = fmt.merged(own)
        encoding = legacy.legacy_encoding(fmt.font) if self.legacy else None
        if encoding and legacy.is_legacy_text(text, encoding[0]) and not (
                self.unicode_text and all(ch.isascii() or ch in _LATIN1_VIETNAMESE for ch in text)):
            text = legacy.convert(text, encoding[0], upper=encoding[1])
        else:
            text = nfc(text)
        runs.append(Run(text, bool(fmt.bold), bool(fmt.italic), caps=bool(fmt.caps)))

    # ------------------------------------------------------------------ notes

    def notes(self) -> dict[tuple[str, str], Note]:
        """Footnotes and endnotes that the body refers to, keyed like BodyItem.notes."""
        found: dict[tuple[str, str], Note] = {}
        for kind, root in (("footnote", self.package.footnotes), ("endnote", self.package.endnotes)):
            if root is None:
                continue
            for note in root.iter(W + kind):
                key = (kind, note.get(W + "id", ""))
                if key not in self.note_labels:
                    continue
                items: list[BodyItem] = []
                self._blocks(note, items, in_table=True)
                paras = [i.block for i in items if isinstance(i.block, Paragraph)]
                for para in paras:
                    para.runs = [r for r in para.runs if not r.note]
                found[key] = Note(self.note_labels[key], paras, kind)
        return found


def _nearest(el, tag):
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _under_fallback(el, stop) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == MC + "Fallback":
            return True
        parent = parent.getparent()
    return False


__all__ = ["DocxReader", "BodyItem", "ParaFacts", "on_off"]
