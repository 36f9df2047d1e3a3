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
ROWS = "rows"  # the id of the frames whose page template draws the table's header


@dataclass(frozen=True)
class Merge:
    """A row's cell in ``column`` merged with those of the rows next to it on the same section (a run):
    no rule between them, and the section's name printed once, in the run's first row on each page."""

    column: int
    continues: bool  # the row above is of the same section
    last: bool  # the row below is not (or there is none)


def _lines(cell: list[Flowable]) -> int:
    return sum(len(f._lines or ()) if isinstance(f, TextBlock) else 1 for f in cell)


class Row(Positioned):
    """One row of a ruled table whose cells hold lists of flowables; it splits across pages.

    A row taller than the space left splits inside its cells (each cell's paragraphs break at
    the same height), so a comment longer than a page still prints: the table layout is a
    sequence of these rows, never one reportlab Table, so laying out 5,000 rows stays linear.
    With ``page`` (the height a page gives the rows), a row no taller moves to the next page whole,
    and a taller one splits leaving at least ``MIN_LINES`` lines on either side; without it, a row
    no taller than ``KEEP_WHOLE`` moves whole. Cells are drawn in ``order``; the comment's own
    column goes last so that a comment split over two pages reads as one run of text. All the
    paragraphs of a row share one PDF text object.

    ``tick`` marks the flowable that completes a comment (for progress); of a split row, only
    the last part carries it.
    """

    PAD = 3.5
    RULED = True
    KEEP_WHOLE = 130  # points: a row no taller than this moves to the next page instead of splitting
    MIN_LINES = 2
    LINE = 16.0  # the cells' leading: a split steps back a line at a time

    def __init__(self, cells: list[list[Flowable]], widths: Sequence[float], *, order: Sequence[int] | None = None,
                 bookmarks: Sequence[tuple[str, str, int]] = (), tick: bool = False, middle: bool = False,
                 page: float | None = None, merge: Merge | None = None):
        super().__init__()
        self.cells = cells
        self.widths = list(widths)
        self.order = list(order) if order is not None else list(range(len(cells)))
        self.bookmarks = bookmarks
        self.tick = tick
        self.middle = middle  # cells centred vertically rather than at the top
        self.page = page
        self.merge = merge
        self.hidden = False  # the merged cell is left blank: its run's first row on this page names it
        self._sizes: list[list[float]] = []
        self._heights: list[float] = []
        self._wrapped_for: list[float] | None = None

    def _part(self, cells: list[list[Flowable]], merge: Merge | None = None) -> Row:
        return Row(cells, self.widths, order=self.order, middle=self.middle, page=self.page, merge=merge)

    def _inner(self, i: int) -> float:
        return self.widths[i] - 2 * self.PAD

    def _hides(self) -> bool:
        """Whether the merged cell is blank here: in a run, below a row of it on the same page."""
        if self.merge is None or not self.merge.continues:
            return False
        frame = getattr(self, "_frame", None)  # (platypus sets it while it wraps, splits and draws)
        return frame is not None and not frame._atTop

    def wrap(self, availWidth, availHeight):
        # The cells' sizes depend on the column widths only; platypus asks again on every page it tries.
        if self._wrapped_for != self.widths:
            sizes = []
            for i, cell in enumerate(self.cells):
                w = self._inner(i)
                sizes.append([f.wrap(w, BIG)[1] for f in cell])
            self._sizes = sizes
            self._heights = [self._cell_height(cell, hs) for cell, hs in zip(self.cells, sizes, strict=True)]
            self.width = sum(self.widths)
            self._wrapped_for = self.widths
        self.hidden = self._hides()
        heights = self._heights
        if self.hidden:
            heights = [0.0 if i == self.merge.column else h for i, h in enumerate(heights)]
        self.height = max(heights, default=0) + 2 * self.PAD
        return self.width, self.height

    @staticmethod
    def _cell_height(cell: list[Flowable], heights: list[float]) -> float:
        total = 0.0
        for k, (f, h) in enumerate(zip(cell, heights, strict=True)):
            total += h + (f.getSpaceAfter() if k < len(cell) - 1 else 0)
        return total

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        if self.page is None:
            if self.height <= self.KEEP_WHOLE or availHeight < 3 * self.PAD + 36:
                return []
        elif self.height <= self.page + 1e-6:
            return []  # it fits on the next page: it goes there whole rather than leave a line or two here
        avail = availHeight - 2 * self.PAD
        first_try = None
        for _back in range(4):  # a tail too short takes a line or two more from this page
            parts = self._split_cells(avail)
            if parts is None:
                return []
            heads, tails = parts
            if self.page is None:
                break
            if self._short(heads):
                return []  # too little room left here: on the next page, a whole page is offered
            if not self._short(tails):
                break
            first_try = first_try or parts
            avail -= self.LINE
        else:
            frame = getattr(self, "_frame", None)
            if first_try is None or frame is None or not frame._atTop:
                return []
            heads, tails = first_try  # a whole page is no better: split rather than fail
        merge = self.merge
        first = self._part(heads, merge and Merge(merge.column, merge.continues, False))
        # The rest opens the next page: it names its section again.
        rest = self._part(tails, merge and Merge(merge.column, True, merge.last))
        first.bookmarks = self.bookmarks
        rest.tick = self.tick
        return [first, rest]

    def _split_cells(self, avail: float) -> tuple[list[list[Flowable]], list[list[Flowable]]] | None:
        heads, tails = [], []
        for i, cell in enumerate(self.cells):
            if self.merge is not None and i == self.merge.column:
                if not self.hidden and self._heights[i] > avail:
                    return None
                heads.append([] if self.hidden else cell)
                tails.append(cell)  # the section's name, again at the top of the next page
                continue
            head, tail = self._split_cell(cell, self._sizes[i], self._inner(i), avail)
            heads.append(head)
            tails.append(tail)
        merged = self.merge.column if self.merge is not None else -1
        if not any(c for i, c in enumerate(heads) if i != merged) or not any(
                c for i, c in enumerate(tails) if i != merged):
            return None  # (never [self]: platypus would try the same flowable again, forever)
        return heads, tails

    def _short(self, cells: list[list[Flowable]]) -> bool:
        """Whether a part of a split row holds fewer than ``MIN_LINES`` lines (of its comment's column, when
        that has some on both sides; the merged section's name does not count)."""
        merged = self.merge.column if self.merge is not None else -1
        counts = [_lines(c) for i, c in enumerate(cells) if i != merged]
        main = self.order[-1]
        if max(counts, default=0) < self.MIN_LINES:
            return True
        return 0 < _lines(cells[main]) < self.MIN_LINES and _lines(self.cells[main]) > _lines(cells[main])

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
            if self.hidden and i == self.merge.column:
                continue
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
        if not self.RULED:
            return
        h = f"{self.height:.2f}"
        width, columns = _rules(tuple(self.widths))
        rules = " ".join(f"{x} 0 m {x} {h} l" for x in columns)
        place = f"q 1 0 0 1 {x0:.2f} {y0:.2f} cm 0 0 0 RG 0.5 w "
        if self.merge is None:
            canv._code.append(f"{place}0 0 {width} {h} re {rules} S Q")
            return
        # The merged column has no rule above a row that continues its run on this page, nor below one
        # whose run goes on; if the next row of the run goes to the next page, the page's end closes it.
        canv.open_rule = None  # this row's top edge is the previous row's bottom
        a, b = columns[self.merge.column - 1] if self.merge.column else "0", columns[self.merge.column]
        sides = f"0 0 m 0 {h} l {width} 0 m {width} {h} l {rules}"
        top = f"0 {h} m {a} {h} l {b} {h} m {width} {h} l" if self.hidden else f"0 {h} m {width} {h} l"
        bottom = f"0 0 m {width} 0 l" if self.merge.last else f"0 0 m {a} 0 l {b} 0 m {width} 0 l"
        canv._code.append(f"{place}{sides} {top} {bottom} S Q")
        if not self.merge.last:
            canv.open_rule = f"{place}{a} 0 m {b} 0 l S Q"


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


class TableStart(Positioned):
    """The table's header row over its first row, kept together: under the summary when both fit there,
    else on the next page, whose template draws the header (in a frame with the id ``ROWS``)."""

    def __init__(self, header: Row, row: Row):
        super().__init__()
        self.header, self.row = header, row
        self.tick = row.tick
        self.inline = True  # the header is drawn here, not by the page template

    def wrap(self, availWidth, availHeight):
        frame = getattr(self, "_frame", None)
        self.inline = frame is None or frame.id != ROWS
        head = self.header.wrap(availWidth, availHeight)[1] if self.inline else 0.0
        self.width, height = self.row.wrap(availWidth, availHeight - head)
        self.height = head + height
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        head = self.header.height if self.inline else 0.0
        parts = self.row.split(availWidth, availHeight - head)  # a row taller than a page starts here
        if len(parts) != 2:
            return []
        return [TableStart(self.header, parts[0]) if self.inline else parts[0], parts[1]]

    def draw_at(self, canv, x0: float, y0: float) -> None:
        if self.inline:
            self.header.draw_at(canv, x0, y0 + self.row.height)
        self.row.draw_at(canv, x0, y0)


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

    def _part(self, cells: list[list[Flowable]], merge: Merge | None = None) -> Stack:
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
            templates.append(PageTemplate("rows", [Frame(x, y, w, h - hh, id=ROWS, leftPadding=0, rightPadding=0,
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

    def handle_pageEnd(self):
        rule = getattr(self.canv, "open_rule", None)
        if rule:  # the last row's merged cell, left open for a next row that went to the next page
            self.canv._code.append(rule)
            self.canv.open_rule = None
        super().handle_pageEnd()

    def afterFlowable(self, flowable):
        if self.on_tick is not None and getattr(flowable, "tick", False):
            self.on_tick()
