"""Building blocks of the PDF export: paragraph styles, a table row that splits across pages, the
Party-style title rule and the page templates (page numbers, the repeated table header, outline).

Nothing here knows about comments; :mod:`reviewer.pdf.story` assembles the document from these parts
and :mod:`reviewer.pdf.text` provides the fonts and the paragraphs.
"""
from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from reviewer.pdf.text import BOLD, BOLD_ITALIC, ITALIC, REGULAR, Positioned, TextBlock, TextOut, font
from reviewer.pdf.writer import streamed

# ---------------------------------------------------------------- styles

BODY_SIZE = 13
CELL_SIZE = 13


@dataclass
class Styles:
    body: ParagraphStyle
    comment: ParagraphStyle  # comment text: indented, justified
    detail: ParagraphStyle  # quote, proposal, response: indented
    comment_head: ParagraphStyle
    group: ParagraphStyle
    excerpt: ParagraphStyle
    heading: dict[int, ParagraphStyle]  # by depth (0, 1, 2+)
    part: ParagraphStyle  # "TỔNG HỢP CHUNG"-style centred headings
    header: ParagraphStyle  # header block lines, centred
    header_italic: ParagraphStyle
    party: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    summary: ParagraphStyle


def make_styles() -> Styles:
    def style(name: str, **kw) -> ParagraphStyle:
        base = {"fontName": REGULAR, "fontSize": BODY_SIZE, "leading": 18, "alignment": TA_JUSTIFY,
                "spaceAfter": 6, "splitLongWords": 1, "allowOrphans": 0, "allowWidows": 0}
        return ParagraphStyle(name, **(base | kw))

    cell = dict(fontSize=CELL_SIZE, leading=16, alignment=TA_LEFT, spaceAfter=3)
    return Styles(
        body=style("body", firstLineIndent=10 * mm),
        comment=style("comment", leftIndent=6 * mm, firstLineIndent=8 * mm),
        detail=style("detail", leftIndent=6 * mm, firstLineIndent=8 * mm),
        comment_head=style("comment_head", leftIndent=6 * mm, spaceAfter=3, alignment=TA_LEFT),
        group=style("group", fontName=BOLD_ITALIC, spaceBefore=4, spaceAfter=4, alignment=TA_LEFT),
        excerpt=style("excerpt", leftIndent=6 * mm, rightIndent=6 * mm, fontSize=12, leading=16,
                      textColor=colors.HexColor("#333333")),
        heading={
            0: style("h0", fontName=BOLD, alignment=TA_CENTER, spaceBefore=12, spaceAfter=6),
            1: style("h1", fontName=BOLD, alignment=TA_LEFT, spaceBefore=10, spaceAfter=6),
            2: style("h2", fontName=BOLD, alignment=TA_LEFT, spaceBefore=8, spaceAfter=6),
        },
        part=style("part", fontName=BOLD, fontSize=14, alignment=TA_CENTER, spaceBefore=12, spaceAfter=8),
        header=style("header", fontSize=14, leading=17, alignment=TA_CENTER, spaceAfter=0),
        header_italic=style("header_italic", fontName=ITALIC, fontSize=14, leading=17, alignment=TA_CENTER,
                            spaceAfter=0),
        party=style("party", fontName=BOLD, fontSize=15, leading=18, alignment=TA_CENTER, spaceAfter=0),
        title=style("title", fontName=BOLD, fontSize=16, leading=20, alignment=TA_CENTER, spaceBefore=18,
                    spaceAfter=2),
        subtitle=style("subtitle", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER, spaceAfter=0),
        cell=style("cell", **cell),
        cell_center=style("cell_center", **(cell | {"alignment": TA_CENTER})),
        cell_head=style("cell_head", **(cell | {"fontName": BOLD, "alignment": TA_CENTER, "spaceAfter": 0})),
        summary=style("summary", firstLineIndent=10 * mm, spaceAfter=4),
    )


# ---------------------------------------------------------------- flowables


class Heading(TextBlock):
    """A paragraph that is also a PDF bookmark (outline entry) where it is drawn."""

    bookmarks: Sequence[tuple[str, str, int]] = ()  # (key, title, outline level)

    def draw_at(self, canv, x0: float, y0: float) -> None:
        add_bookmarks(canv, self.bookmarks, x0, y0 + self.height)
        super().draw_at(canv, x0, y0)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            parts[0].bookmarks = self.bookmarks
        return parts


def add_bookmarks(canv, bookmarks: Sequence[tuple[str, str, int]], x: float, top: float) -> None:
    for key, title, level in bookmarks:
        canv.bookmarkHorizontal(key, x, top + 4)
        canv.addOutlineEntry(title, key, level=level, closed=level >= 1)


class PartyRule(Flowable):
    """The line under "ĐẢNG CỘNG SẢN VIỆT NAM", as long as the title (36-HD/VPTW 1.1.2)."""

    def __init__(self, width: float):
        super().__init__()
        self.rule_width = width

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, 5

    def draw(self):
        x = (self.width - self.rule_width) / 2
        self.canv.setLineWidth(0.7)
        self.canv.line(x, 3, x + self.rule_width, 3)


BIG = 1e9


class Row(Positioned):
    """One row of a ruled table whose cells hold lists of flowables; it splits across pages.

    A row taller than the space left splits inside its cells (each cell's paragraphs break at
    the same height), so a comment longer than a page still prints: the table layout is a
    sequence of these rows, never one reportlab Table, so laying out 5,000 rows stays linear.
    A row no taller than ``KEEP_WHOLE`` moves to the next page whole. Cells are drawn in
    ``order``; the comment's own column goes last so that a comment split over two pages reads
    as one run of text. All the paragraphs of a row share one PDF text object.

    ``tick`` marks the flowable that completes a comment (for progress); of a split row, only
    the last part carries it.
    """

    PAD = 3.5
    RULED = True
    KEEP_WHOLE = 130  # points: a row no taller than this moves to the next page instead of splitting

    def __init__(self, cells: list[list[Flowable]], widths: Sequence[float], *, order: Sequence[int] | None = None,
                 bookmarks: Sequence[tuple[str, str, int]] = (), tick: bool = False, middle: bool = False):
        super().__init__()
        self.cells = cells
        self.widths = list(widths)
        self.order = list(order) if order is not None else list(range(len(cells)))
        self.bookmarks = bookmarks
        self.tick = tick
        self.middle = middle  # cells centred vertically rather than at the top
        self._sizes: list[list[float]] = []
        self._wrapped_for: list[float] | None = None

    def _part(self, cells: list[list[Flowable]]) -> Row:
        return Row(cells, self.widths, order=self.order, middle=self.middle)

    def _inner(self, i: int) -> float:
        return self.widths[i] - 2 * self.PAD

    def wrap(self, availWidth, availHeight):
        # The size depends on the column widths only; platypus asks again on every page it tries.
        if self._wrapped_for != self.widths:
            sizes = []
            for i, cell in enumerate(self.cells):
                w = self._inner(i)
                sizes.append([f.wrap(w, BIG)[1] for f in cell])
            self._sizes = sizes
            heights = [self._cell_height(cell, hs) for cell, hs in zip(self.cells, sizes, strict=True)]
            self.width = sum(self.widths)
            self.height = max(heights, default=0) + 2 * self.PAD
            self._wrapped_for = self.widths
        return self.width, self.height

    @staticmethod
    def _cell_height(cell: list[Flowable], heights: list[float]) -> float:
        total = 0.0
        for k, (f, h) in enumerate(zip(cell, heights, strict=True)):
            total += h + (f.getSpaceAfter() if k < len(cell) - 1 else 0)
        return total

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        if self.height <= self.KEEP_WHOLE or availHeight < 3 * self.PAD + 36:
            return []
        avail = availHeight - 2 * self.PAD
        heads, tails = [], []
        for i, cell in enumerate(self.cells):
            head, tail = self._split_cell(cell, self._sizes[i], self._inner(i), avail)
            heads.append(head)
            tails.append(tail)
        if not any(heads) or not any(tails):
            return []  # (never [self]: platypus would try the same flowable again, forever)
        first, rest = self._part(heads), self._part(tails)
        first.bookmarks = self.bookmarks
        rest.tick = self.tick
        return [first, rest]

    @staticmethod
    def _split_cell(cell: list[Flowable], heights: list[float], width: float,
                    avail: float) -> tuple[list[Flowable], list[Flowable]]:
        used = 0.0
        head: list[Flowable] = list(cell)
        tail: list[Flowable] = []
        for k, (f, h) in enumerate(zip(cell, heights, strict=True)):
            if used + h <= avail:
                used += h + f.getSpaceAfter()
                continue
            parts = f.split(width, avail - used) if avail - used > 0 else []
            if len(parts) >= 2:
                head, tail = cell[:k] + [parts[0]], list(parts[1:]) + cell[k + 1:]
            else:
                head, tail = cell[:k], cell[k:]
            break
        while head and tail and getattr(head[-1], "keepWithNext", False):
            tail.insert(0, head.pop())  # a label (a comment's first line) goes with what follows it
        return head, tail

    def draw_at(self, canv, x0: float, y0: float) -> None:
        add_bookmarks(canv, self.bookmarks, x0, y0 + self.height)
        xs = [x0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        out = TextOut(canv)  # one text object for all the paragraphs of the row
        top = y0 + self.height - self.PAD
        inner = self.height - 2 * self.PAD
        for i in self.order:
            y = top
            if self.middle:
                y -= (inner - self._cell_height(self.cells[i], self._sizes[i])) / 2
            for f, h in zip(self.cells[i], self._sizes[i], strict=True):
                y -= h
                if isinstance(f, TextBlock):
                    f.emit(out, xs[i] + self.PAD, y)
                else:
                    f.drawOn(canv, xs[i] + self.PAD, y)
                y -= f.getSpaceAfter()
        out.close()
        if self.RULED:
            h = f"{self.height:.2f}"
            width, columns = _rules(tuple(self.widths))
            rules = " ".join(f"{x} 0 m {x} {h} l" for x in columns)
            canv._code.append(f"q 1 0 0 1 {x0:.2f} {y0:.2f} cm 0 0 0 RG 0.5 w 0 0 {width} {h} re {rules} S Q")


@functools.lru_cache(maxsize=64)
def _rules(widths: tuple[float, ...]) -> tuple[str, list[str]]:
    """A ruled row's width and the x of its inner column rules, formatted for a PDF path."""
    xs = list(itertools.accumulate(widths))
    return f"{xs[-1]:.2f}" if xs else "0", [f"{x:.2f}" for x in xs[:-1]]


class Rows(Positioned):
    """A ruled table of :class:`Row` s under a header row that is repeated on every page it continues
    on; it splits between rows (and inside a row taller than a page)."""

    def __init__(self, header: Row, rows: list[Row], heights: list[float] | None = None):
        super().__init__()
        self.header, self.rows = header, rows
        self._heights = heights  # of the rows, known when this is a part of a split table

    def wrap(self, availWidth, availHeight):
        # Rows have fixed widths: their heights do not depend on the space offered, and a long table
        # is offered every page in turn.
        self.width, head = self.header.wrap(availWidth, availHeight)
        if self._heights is None:
            self._heights = [r.wrap(availWidth, availHeight)[1] for r in self.rows]
        self.height = head + sum(self._heights)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        avail = availHeight - self.header.height
        used, k = 0.0, 0
        while k < len(self.rows) and used + self._heights[k] <= avail:
            used += self._heights[k]
            k += 1
        if k >= len(self.rows):
            return []
        parts = self.rows[k].split(availWidth, avail - used)  # a tall row starts on this page
        if len(parts) == 2:
            return [Rows(self.header, self.rows[:k] + [parts[0]]), Rows(self.header, [parts[1]] + self.rows[k + 1:])]
        if k:
            return [Rows(self.header, self.rows[:k], self._heights[:k]),
                    Rows(self.header, self.rows[k:], self._heights[k:])]
        return []

    def draw_at(self, canv, x0: float, y0: float) -> None:
        y = y0 + self.height - self.header.height
        self.header.draw_at(canv, x0, y)
        for row, h in zip(self.rows, self._heights or [], strict=True):
            y -= h
            row.draw_at(canv, x0, y)


class Stack(Row):
    """Paragraphs that belong together (a comment: its first line, quote, text, proposal, response)
    as one flowable: kept on one page when short, split between lines when long, never leaving
    a ``keepWithNext`` paragraph alone at the bottom of a page. Cheaper for platypus than
    the same paragraphs one by one."""

    PAD = 0.0
    RULED = False

    def __init__(self, flowables: list[Flowable], *, tick: bool = False):
        super().__init__([flowables], [0.0], tick=tick)
        self.spaceBefore = flowables[0].getSpaceBefore() if flowables else 0
        self.spaceAfter = flowables[-1].getSpaceAfter() if flowables else 0

    def _part(self, cells: list[list[Flowable]]) -> Stack:
        part = Stack(cells[0])
        part.widths = self.widths
        return part

    def wrap(self, availWidth, availHeight):
        self.widths = [availWidth]
        return super().wrap(availWidth, availHeight)


# ---------------------------------------------------------------- page templates

PORTRAIT = A4
LANDSCAPE = landscape(A4)
_settings_lock = threading.Lock()
MARGINS = {"left": 30 * mm, "right": 15 * mm, "top": 20 * mm, "bottom": 20 * mm}  # 36-HD/VPTW 4.3


class ExportDoc(BaseDocTemplate):
    """A4 pages with the Party-style page number (top centre, 10 mm from the edge, from page 2),
    an optional table header repeated on the pages of the table, outline entries, and a
    ``on_tick`` callback for progress."""

    def __init__(self, file, *, pagesize, table_header: Row | None = None, on_tick: Callable[[], None] | None = None,
                 **kw):
        super().__init__(file, pagesize=pagesize, leftMargin=MARGINS["left"], rightMargin=MARGINS["right"],
                         topMargin=MARGINS["top"], bottomMargin=MARGINS["bottom"], initialFontName=REGULAR,
                         initialFontSize=BODY_SIZE, **kw)
        self.on_tick = on_tick
        self.table_header = table_header
        self._header_code: list[str] | None = None
        self.pages = 0
        x, y, w, h = self.leftMargin, self.bottomMargin, self.width, self.height
        templates = [
            PageTemplate("first", [Frame(x, y, w, h, id="first", leftPadding=0, rightPadding=0, topPadding=0,
                                         bottomPadding=0)], onPage=self._count, autoNextPageTemplate="later"),
            PageTemplate("later", [Frame(x, y, w, h, id="later", leftPadding=0, rightPadding=0, topPadding=0,
                                         bottomPadding=0)], onPage=self._page_number),
        ]
        if table_header is not None:
            _, hh = table_header.wrap(w, h)
            templates.append(PageTemplate("rows", [Frame(x, y, w, h - hh, id="rows", leftPadding=0, rightPadding=0,
                                                         topPadding=0, bottomPadding=0)],
                                          onPage=self._rows_page))
        self.addPageTemplates(templates)

    def _count(self, canv, doc):
        self.pages = canv.getPageNumber()

    def _page_number(self, canv, doc):
        self._count(canv, doc)
        number = str(canv.getPageNumber())
        x = self.leftMargin + (self.width - font(REGULAR).width(number) * BODY_SIZE) / 2
        out = TextOut(canv)
        out.show(REGULAR, BODY_SIZE, number, f"1 0 0 1 {x:.3f} {self.pagesize[1] - 10 * mm - BODY_SIZE * 0.8:.3f} Tm")
        out.close()

    def _rows_page(self, canv, doc):
        self._page_number(canv, doc)
        if self._header_code is None:  # the same on every page: drawn once, then copied
            header = self.table_header
            assert header is not None
            mark = len(canv._code)
            header.drawOn(canv, self.leftMargin, self.bottomMargin + self.height - header.height)
            self._header_code = canv._code[mark:]
        else:
            canv._code.extend(self._header_code)

    def build(self, flowables, **kw):
        """Lay out ``flowables`` (a list, or a :class:`reviewer.pdf.stream.Story`) and write the file,
        each page leaving memory as it ends (see :mod:`reviewer.pdf.writer`)."""
        if not hasattr(self.filename, "write"):  # a path: the file is written through a handle of ours
            path = self.filename
            with open(path, "wb") as fh:
                self.filename = fh
                try:
                    return self.build(flowables, **kw)
                finally:
                    self.filename = path
        # Page streams are compressed; reportlab also ASCII85-encodes them by default, which makes
        # the file a quarter larger and costs a fifth of the export's time for nothing.
        with _settings_lock, streamed(self.filename) as canvasmaker:
            saved = rl_config.useA85
            rl_config.useA85 = 0
            try:
                super().build(flowables, canvasmaker=canvasmaker, **kw)
            finally:
                rl_config.useA85 = saved

    def afterFlowable(self, flowable):
        if self.on_tick is not None and getattr(flowable, "tick", False):
            self.on_tick()
