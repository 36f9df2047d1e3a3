"""The consolidation as an editable Word table (``reviewer export table``), for the drafting committee
to write its answers in; :mod:`reviewer.word.answers` reads them back.

Two forms: ``party`` (STT | Nội dung dự thảo | Ý kiến góp ý | Tổ / đại biểu | Tiếp thu, giải trình, as
the PDF's table) and ``statutory`` (the four columns of the law-drafting procedure). A4 landscape,
Times New Roman, the sizes and margins of the Party document format (Hướng dẫn 36-HD/VPTW), the
header block and title of the PDF; the words of the document are Vietnamese whatever the interface
language. Each row carries its comment's identity (see :mod:`reviewer.word.answers`).

python-docx makes the document (styles, page, properties); the rows, thousands of them, are written
as one XML string and parsed once, which is many times faster than python-docx's cell by cell API.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reviewer.errors import ReviewerError
from reviewer.export_options import Conference, ExportOptions, default_number_line, default_title, for_draft
from reviewer.files import write_atomic
from reviewer.i18n import SUPPORTED, _, count, speaking
from reviewer.model import PATH_SEPARATOR, full_numbers
from reviewer.store import Comment, Store, revise
from reviewer.store.records import UNPLACED_SECTION
from reviewer.textnorm import clean, fold, natural_key
from reviewer.vocab import kind_label
from reviewer.word.answers import W, answer_text, bookmark_name, form_headers, marker, status_names
from reviewer.word.phrasing import proposal_needs_label

FORMS = ("party", "statutory")
FONT = "Times New Roman"
BODY_PT = 13  # 36-HD/VPTW: 13–14 pt for the body; a wide table takes the smaller
# Column widths in mm on A4 landscape within the margins (297 - 30 - 15 = 252 mm).
WIDTHS = {"party": (13, 58, 94, 34, 53), "statutory": (62, 40, 82, 68)}
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TWIPS_PER_MM = 1440 / 25.4
REPORT_EVERY = 200  # rows between two progress reports
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TableExportCancelled(ReviewerError):
    """The user cancelled; nothing was written."""


@dataclass
class TableResult:
    rows: int


def _esc(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def one_line(text: str | None) -> str:
    return clean(text or "")


def printed_path(path: str) -> str:
    """A section's path as a printed document gives it: "PHẦN THỨ NHẤT, I.1. …" (the window's "›" is not a
    sign administrative documents use)."""
    return path.replace(PATH_SEPARATOR, ", ")


def section_heading(number: str, title: str) -> str:
    """A section as the PDF names it: "1. Tăng trưởng kinh tế", "PHẦN THỨ NHẤT: KẾT QUẢ …"."""
    number, title = one_line(number), one_line(title)
    if number and title:
        return f"{number} {title}" if number[-1] in ".)" else f"{number}: {title}"
    return number or title


def _date_line(place: str, date: datetime.date) -> str:
    # 36-HD/VPTW 1.4.2: a day below 10 and a month below 3 take a leading zero.
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    line = _("{place}, {day}/{month}/{year}").format(place=one_line(place) or "\0", day=f"{date.day:02d}",
                                                     month=month, year=date.year)
    return line.replace("\0, ", "").replace("\0", "").strip()


def _vietnamese(value: str, default: Callable[[], str]) -> str:
    """A setting left at its default, in Vietnamese (the conference was loaded in the interface's language)."""
    defaults = set()
    for code in SUPPORTED:
        with speaking(code):
            defaults.add(one_line(default()))
    return default() if not value or one_line(value) in defaults else value


# ---------------------------------------------------------------- WordprocessingML as text


def run(text: str, *, b: bool = False, i: bool = False, u: bool = False, size: float | None = None,
        hidden: bool = False) -> str:
    props = ("<w:b/><w:bCs/>" if b else "") + ("<w:i/><w:iCs/>" if i else "") + ("<w:vanish/>" if hidden else "")
    if size:
        props += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    if u:
        props += '<w:u w:val="single"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def para(runs: str, *, align: str = "left", before: int = 0, after: int = 0) -> str:
    return (f'<w:p><w:pPr><w:spacing w:before="{before}" w:after="{after}"/><w:jc w:val="{align}"/></w:pPr>'
            f"{runs}</w:p>")


def lines(text: str, **kw) -> list[str]:
    """A text of several lines as one paragraph per line."""
    return [para(run(line), **kw) for line in text.split("\n")]


def cell(paragraphs: list[str], width_mm: float, *, middle: bool = False) -> str:
    valign = '<w:vAlign w:val="center"/>' if middle else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{round(width_mm * TWIPS_PER_MM)}" w:type="dxa"/>{valign}</w:tcPr>'
            f"{''.join(paragraphs) or para('')}</w:tc>")


def table(rows: list[str], widths: tuple[float, ...], *, borders: bool = True) -> str:
    edge = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' if borders else '<w:{0} w:val="nil"/>'
    sides = "".join(edge.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{round(w * TWIPS_PER_MM)}"/>' for w in widths)
    return (f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblW w:w="{round(sum(widths) * TWIPS_PER_MM)}" w:type="dxa"/>'
            f'<w:tblBorders>{sides}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


# ---------------------------------------------------------------- the rows


def ordered_comments(store: Store, draft_id: str, options: ExportOptions) -> list[Comment]:
    """The comments the options select, in the PDF's order: sections in document order (then those not in
    this version of the draft, in the order of their first comment), groups in order, then as written."""
    wanted = None if options.groups is None else {clean(g) for g in options.groups}
    picked = [c for c in store.comments(draft_id, include_deleted=options.include_deleted)
              if (wanted is None or c.group in wanted) and (options.sections is None or c.section in options.sections)
              and (options.kinds is None or c.kind in options.kinds)
              and (options.statuses is None or c.status in options.statuses)]
    place: dict[str, int] = {}
    for c in picked:  # store.comments gives sections in document order, unplaced ones last
        place.setdefault(c.section, len(place))
    rank = {g: n for n, g in enumerate(store.groups())}
    return sorted(picked, key=lambda c: (place[c.section], rank.get(c.group, len(rank)), natural_key(c.group)))


class TableWriter:
    """The words and XML of one export (made within ``speaking("vi")``)."""

    def __init__(self, store: Store, draft_id: str, conference: Conference, options: ExportOptions, form: str):
        self.draft_id = draft_id
        sections = store.sections(draft_id)
        # The issuer and place of the draft's own header until the conference settings say otherwise.
        self.conf = for_draft(conference, next((s["text"] for s in sections if s["id"] == "preamble"), ""))
        self.opt = options
        self.form = form
        self.widths = WIDTHS[form]
        draft = store.draft(draft_id)
        numbers = full_numbers((s["id"], s["parent"], s["number"]) for s in sections)
        self.paths = {s["id"]: printed_path(section_heading(numbers[s["id"]] or s["number"], s["title"]))
                      or _("Before the first heading") for s in sections}
        self.paths[UNPLACED_SECTION] = _("Not placed in this version of the draft")
        self.earlier = {cid: printed_path(path) for cid, path in
                        revise.old_section_paths(store, draft_id, moved_only=True).items()}
        self.draft_title = one_line(draft["title"]) or Path(draft["file_name"] or "").stem
        self.title = _vietnamese(one_line(conference.title), default_title)
        number = conference.number_line.strip()  # blank: no number line
        self.number_line = _vietnamese(number, default_number_line) if number else ""
        subtitle = one_line(conference.subtitle)
        if not subtitle and self.draft_title:
            title = self.draft_title
            if fold(title).startswith("du thao "):
                title = title[len("dự thảo "):]
            subtitle = _("on the draft {title}").format(title=title)
        self.subtitle = subtitle
        self.statuses = status_names()
        self.bookmarks = 0

    def path(self, section_id: str) -> str:
        if section_id not in self.paths:
            self.paths[section_id] = _("Section “{id}” (not in this version of the draft)").format(id=section_id)
        return self.paths[section_id]

    def header_block(self) -> str:
        conf = self.conf
        issuer = [one_line(x) for x in conf.issuer_lines if one_line(x)]
        left = [para(run(x, size=14), align="center") for x in issuer[:-1]]
        if issuer:
            left += [para(run(issuer[-1], b=True, size=14), align="center"), para(run("*", size=14), align="center")]
        right = [para(run(_("COMMUNIST PARTY OF VIETNAM"), b=True, u=True, size=15), align="center")]
        number = self.number_line.replace(" ", "\u00a0")  # keeps the gap left for the number
        left2 = [para(run(number, size=14), align="center")] if number else []
        if conf.draft_marker:
            left2.append(para(run(_("DRAFT"), b=True, size=14), align="center"))
        right2 = [para(run(_date_line(conf.place, conf.date or datetime.date.today()), i=True, size=14),
                       align="center", before=60)]
        first = min(95, round(sum(self.widths) * 0.44))  # A4 portrait leaves the Party's name room too
        widths = (first, sum(self.widths) - first)
        rows = [f"<w:tr>{cell(left, widths[0])}{cell(right, widths[1])}</w:tr>",
                f"<w:tr>{cell(left2, widths[0])}{cell(right2, widths[1])}</w:tr>"]
        return table(rows, widths, borders=False)

    def title_block(self) -> list[str]:
        out = [para(run(self.title, b=True, size=15), align="center", before=240)]
        if self.subtitle:
            out.append(para(run(self.subtitle, b=True, size=14), align="center"))
        out.append(para(run("-----", size=14), align="center", after=160))
        return out

    def header_row(self) -> str:
        labels = form_headers()[self.form]
        cells = "".join(cell([para(run(x, b=True), align="center")], w, middle=True)
                        for x, w in zip(labels, self.widths, strict=True))
        return f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{cells}</w:tr>"

    def _identity(self, c: Comment, visible: str, *, b: bool = False) -> str:
        """The runs of the first cell: ``visible`` within the row's bookmark, then the hidden marker."""
        self.bookmarks += 1
        n = self.bookmarks
        return (f'<w:bookmarkStart w:id="{n}" w:name="{bookmark_name(c.id)}"/>{run(visible, b=b)}'
                f'<w:bookmarkEnd w:id="{n}"/>{run(marker(self.draft_id, c.id), hidden=True)}')

    def _where(self, c: Comment, first: str | None = None) -> list[str]:
        out = [para(first or run(self.path(c.section), b=True))]
        if c.id in self.earlier:  # carried from the previous version, where its section was named otherwise
            earlier = _("Previous version: section {section}").format(section=self.earlier[c.id])
            out.append(para(run(earlier, i=True)))
        if c.quote:
            out.append(para(run("“" + one_line(c.quote) + "”", i=True)))
        return out

    def _comment(self, c: Comment) -> list[str]:
        kind = kind_label(c.kind)
        out = [para(run(kind[:1].upper() + kind[1:] + (f" ({_('deleted')})" if c.deleted else ""), i=True))]
        out += lines(c.text)
        if c.proposal:
            proposal = c.proposal.split("\n")
            label = run(_("Proposal:") + " ", b=True) if proposal_needs_label(c.proposal) else ""
            out.append(para(label + run(proposal[0])))
            out += lines("\n".join(proposal[1:])) if len(proposal) > 1 else []
        return out

    def _who(self, c: Comment) -> list[str]:
        out = [para(run(c.group, b=True))]
        author = "" if self.opt.hide_names else one_line(c.author)
        if author:
            out.append(para(run(author)))
        if c.supporters:
            out.append(para(run(count("{n} supporter", "{n} supporters", c.supporters))))
        # The identity again, for a row whose first cell was retyped.
        out[-1] = out[-1].replace("</w:p>", run(marker(self.draft_id, c.id), hidden=True) + "</w:p>")
        return out

    def _answer(self, c: Comment) -> list[str]:
        text = answer_text(c.status, c.response)
        if not text:
            return [para("")]
        name = self.statuses.get(c.status)
        first, *rest = text.split("\n")
        if name and first.startswith(name):
            head = run(first[:len(name) + 1], b=True) + (run(first[len(name) + 1:]) if len(first) > len(name) + 1
                                                         else "")
        else:
            head = run(first)
        return [para(head)] + [para(run(line)) for line in rest]

    def row(self, number: int, c: Comment) -> str:
        w = self.widths
        if self.form == "party":
            cells = [cell([para(self._identity(c, str(number)), align="center")], w[0]),
                     cell(self._where(c), w[1]), cell(self._comment(c), w[2]), cell(self._who(c), w[3]),
                     cell(self._answer(c), w[4])]
        else:
            cells = [cell(self._where(c, self._identity(c, self.path(c.section), b=True)), w[0]),
                     cell(self._who(c), w[1]), cell(self._comment(c), w[2]), cell(self._answer(c), w[3])]
        return f"<w:tr>{''.join(cells)}</w:tr>"


# ---------------------------------------------------------------- the document


def export_table(store: Store, draft_id: str, out_path: str | Path, *, conference: Conference,
                 options: ExportOptions | None = None, form: str = "party",
                 progress: Callable[[int, int], bool | None] | None = None) -> TableResult:
    """Write the consolidation table of ``draft_id`` to ``out_path`` (.docx), through a temporary file:
    a failed or cancelled export leaves nothing behind. ``progress(done, total)`` returning False cancels."""
    if form not in FORMS:
        raise ReviewerError(_("Unknown table form “{form}”; use party or statutory.").format(form=form))
    options = options or ExportOptions()
    with speaking("vi"):
        writer = TableWriter(store, draft_id, conference, options, form)
        comments = ordered_comments(store, draft_id, options)
        rows = [writer.header_row()]
        for n, c in enumerate(comments, 1):
            rows.append(writer.row(n, c))
            if progress is not None and n % REPORT_EVERY == 0 and progress(n, len(comments)) is False:
                raise TableExportCancelled(_("Export cancelled; no file was written."))
        document = _document(writer)
        body = document.element.body
        sect = body[-1]  # the section properties stay last
        for xml in [writer.header_block(), *writer.title_block()]:
            sect.addprevious(parse_xml(xml if xml.startswith("<w:tbl") else _with_ns(xml)))
        if comments:
            sect.addprevious(parse_xml(table(rows, writer.widths)))
        else:
            sect.addprevious(parse_xml(_with_ns(para(run(_("There are no comments to print."))))))
    _save(document, Path(out_path))
    return TableResult(rows=len(comments))


def _with_ns(xml: str) -> str:
    return xml.replace("<w:p>", f'<w:p xmlns:w="{W}">', 1)


def _document(writer: TableWriter):
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    # The page number at the top centre from page 2, as the PDF prints it (36-HD/VPTW).
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    number = section.header.paragraphs[0]
    number.alignment = 1  # centred
    for xml in ('<w:fldChar w:fldCharType="begin"/>', '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                '<w:fldChar w:fldCharType="separate"/>', "<w:t>2</w:t>", '<w:fldChar w:fldCharType="end"/>'):
        number._p.append(parse_xml(f'<w:r xmlns:w="{W}">{xml}</w:r>'))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)
    normal.paragraph_format.space_after = Pt(0)
    props = document.core_properties
    props.title = f"{writer.title} {writer.subtitle}".strip()
    props.author = one_line(writer.conf.secretariat)
    props.language = "vi-VN"
    props.created = props.modified = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    props.last_modified_by = props.author
    props.revision = 1
    return document


def _save(document, target: Path) -> None:
    write_atomic(target, document.save)  # python-docx writes to an open binary file
