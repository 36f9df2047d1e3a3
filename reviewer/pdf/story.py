"""What the comment PDF says, in order: the story of flowables.

:func:`~reviewer.pdf.selection.select` picks and orders the comments to print; :class:`Builder` turns
them into the platypus story of :mod:`reviewer.pdf.export` (header block, title, summary, then the
comments section by section or as the table). :meth:`Builder.flowables` makes the story as it is
consumed, reading the comments as it goes, so that only the flowables of the pages being laid out
exist at once. Labels go through :func:`reviewer.i18n._`.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    Spacer,
)

from reviewer.i18n import _, count
from reviewer.model import PATH_SEPARATOR, full_numbers
from reviewer.pdf import blocks
from reviewer.pdf import layout as L
from reviewer.pdf import text as T
from reviewer.pdf.options import Conference, ExportOptions
from reviewer.pdf.overview import Overview, cap
from reviewer.pdf.selection import Selection, select
from reviewer.store import Comment, revise
from reviewer.store.records import UNPLACED_SECTION
from reviewer.textnorm import fold
from reviewer.vocab import kind_label, status_label

__all__ = ["Builder", "Selection", "section_heading", "select"]

EXCERPT_CHARS = 320
LABELS = 4096  # shared paragraphs kept at most (names of delegates recur; a hostile database need not repeat any)
# The story is made a batch of this many comments ahead of platypus, fewer if they hold more characters
# than this (some 5 MB of paragraphs): see Builder.flowables.
AHEAD_COMMENTS = 512
AHEAD_CHARS = 300_000


# ---------------------------------------------------------------- wording


def section_heading(number: str, title: str) -> str:
    """How a section is named in the PDF: "1. Tăng trưởng kinh tế", "PHẦN THỨ NHẤT: KẾT QUẢ ..."."""
    number, title = T.one_line(number), T.one_line(title)
    if number and title:
        return f"{number} {title}" if number[-1] in ".)" else f"{number}: {title}"
    return number or title


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = T.one_line(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit].rstrip(" ,;:") + " …"


def section_names(sel: Selection) -> tuple[dict[str, str], dict[str, str]]:
    """(heading, path) of every section: "1. Tăng trưởng" in its place, "PHẦN THỨ NHẤT, I.1. Tăng trưởng" out of
    context (the summary, the table), with its parents' numbers; printed with ", " where the window shows "›",
    no sign of official documents. Sections not in this version are named so."""
    headings = {s["id"]: section_heading(s["number"], s["title"]) or _("Before the first heading")
                for s in sel.sections}
    numbers = full_numbers((s["id"], s["parent"], s["number"]) for s in sel.sections)
    paths = {s["id"]: section_heading(numbers[s["id"]] or s["number"], s["title"]) or _("Before the first heading")
             for s in sel.sections}
    for section_id in sel.unplaced:
        headings[section_id] = paths[section_id] = (
            _("Not placed in this version of the draft") if section_id == UNPLACED_SECTION
            else _("Section “{id}” (not in this version of the draft)").format(id=section_id))
    return headings, {sid: path.replace(PATH_SEPARATOR, ", ") for sid, path in paths.items()}


# ---------------------------------------------------------------- the document


class Builder(Overview):
    def __init__(self, sel: Selection, conference: Conference, options: ExportOptions):
        self.sel = sel
        self.conf = conference
        self.opt = options
        self.styles = L.make_styles()
        self.text = T.Text()
        size = L.LANDSCAPE if options.layout == "table" else L.PORTRAIT
        self.width = size[0] - L.MARGINS["left"] - L.MARGINS["right"]
        self.keys = 0
        self.number = 0  # of the last comment in the story (its STT)
        self.chars = 0  # of the comments in the story so far
        self.characters = T.Characters()  # of every comment put in the story so far
        self._labels: dict[tuple, T.TextBlock] = {}
        blocks.resolve_header(self)
        self.subtitle = T.one_line(conference.subtitle) or self._default_subtitle()
        self.pdf_title = f"{self.title} {self.subtitle}".strip()
        self.headings, self.paths = section_names(sel)
        self.stances = blocks.stances(sel)
        # Comments carried from the previous version whose section was named otherwise there.
        self.earlier = revise.old_section_paths(sel.store, sel.draft_id, moved_only=True) if sel.store else {}
        self.together = blocks.printed_together(sel, sel.draft_id)
        self.table_widths = [w * mm for w in (13, 58, 94, 34, 53)]
        scale = self.width / sum(self.table_widths)
        self.table_widths = [w * scale for w in self.table_widths]

    def _default_subtitle(self) -> str:
        title = self.sel.draft_title
        if fold(title).startswith("du thao "):
            title = title[len("dự thảo "):]
        return _("on the draft {title}").format(title=title) if title else ""

    def _key(self) -> str:
        self.keys += 1
        return f"k{self.keys}"

    def para(self, runs, style) -> T.TextBlock:
        return self.text.para(runs, style)

    def label(self, runs, style, width: float) -> T.TextBlock:
        """A paragraph that recurs unchanged (a section's name, a group, a kind): made and laid out once,
        then shared by every comment that prints it in a column of this ``width`` (a paragraph holds
        the layout of one width, so a column of another width gets its own)."""
        key = (runs if isinstance(runs, str) else tuple(runs), id(style), round(width, 2))
        found = self._labels.get(key)
        if found is None:
            found = self.text.para(runs, style)
            if len(self._labels) < LABELS:  # past that, a fresh paragraph each time: it prints the same
                self._labels[key] = found
        return found

    def heading(self, runs, style, title: str, level: int) -> L.Heading:
        h = self.text.para(runs, style, cls=L.Heading)
        h.bookmarks = [(self._key(), title, level)]
        return h

    # ------------------------------------------------------------ the whole story

    def story(self) -> list[Flowable]:
        """The whole story at once (to look at it; the export consumes :meth:`flowables` instead)."""
        return list(self.flowables())

    def flowables(self) -> Iterator[Flowable]:
        """The story, made as it is consumed: the comments are read from the store as their turn comes.

        It is made a batch of comments ahead of platypus (``AHEAD_COMMENTS``, fewer when they are
        long): making paragraphs and laying them out then alternate in long runs. Measured, that is
        as fast as making the whole story first, and comment by comment was some 10% slower; memory
        holds a batch, not the document."""
        made: deque[Flowable] = deque()
        number, chars = self.number, self.chars
        for f in self._flowables():
            made.append(f)
            if self.number - number >= AHEAD_COMMENTS or self.chars - chars >= AHEAD_CHARS:
                number, chars = self.number, self.chars
                while made:
                    yield made.popleft()  # (not kept here once handed over)
        while made:
            yield made.popleft()

    def _flowables(self) -> Iterator[Flowable]:
        yield from self.header_block() + self.title_block() + self.summary()
        if self.opt.layout == "table":
            yield from self.table_rows()
        else:
            yield from self.section_flow()
        yield from self.closing_block()

    def _read(self, section_ids: Iterable[str] | None = None) -> Iterator[tuple[int, Comment]]:
        """The printed comments of these sections (default: all), numbered, in printing order."""
        for c in self.sel.comments(section_ids):
            members = self.together.get(c.id)
            if members and members[0].id != c.id:
                continue  # printed in the entry of its confirmed cluster's first member
            self.number += 1
            self.chars += len(c.text) + len(c.quote) + len(c.proposal) + len(c.response)
            self.characters.add(c.text, c.quote, c.proposal, c.response, c.author, c.group)
            yield self.number, c

    # ------------------------------------------------------------ header and title

    def header_block(self) -> list[Flowable]:
        return blocks.header_block(self)

    def title_block(self) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = [self.para([(self.title, "b")], s.title)]
        if self.subtitle:
            out.append(self.para([(self.subtitle, "b")], s.subtitle))
        out.append(self.para("-----", s.subtitle))
        out.append(Spacer(1, 8))
        return out

    # ------------------------------------------------------------ summary

    # ------------------------------------------------------------ layout 1: section by section

    def section_flow(self) -> Iterator[Flowable]:
        s, sel = self.styles, self.sel
        yield CondPageBreak(120)
        yield self.heading([(_("COMMENTS SECTION BY SECTION"), "b")], s.part, _("Comments section by section"), 0)
        printed = self._printed_sections()
        level = 0
        for sec in sel.sections:
            sid = sec["id"]
            if sid not in printed:
                continue
            depth = sel.depth[sid]
            level = min(1 + depth, level + 1)
            style = s.heading[min(depth, 2)]
            yield CondPageBreak(150 if self.opt.excerpt and sid in sel.by_section else 110)
            yield self.heading([(self.headings[sid], "b")], style, self.headings[sid], level)
            if sid not in sel.by_section:
                continue
            if self.opt.excerpt and T.one_line(sec["text"]):
                yield self.para([(_excerpt(sec["text"]), "i")], s.excerpt)
            yield from blocks.stance_line(self, sid)
            yield from self._grouped(sid)
        if sel.unplaced:
            yield CondPageBreak(120)
            yield self.heading([(_("COMMENTS ON SECTIONS NOT IN THIS VERSION OF THE DRAFT"), "b")], s.part,
                               _("Comments on sections not in this version of the draft"), 0)
            for sid in sel.unplaced:
                yield CondPageBreak(70)
                yield self.heading([(self.headings[sid], "b")], s.heading[1], self.headings[sid], 1)
                yield from self._grouped(sid)

    # ------------------------------------------------------------ the closing block

    def closing_block(self) -> list[Flowable]:
        return blocks.closing_block(self)

    def _printed_sections(self) -> set[str]:
        """Sections with comments, and their ancestors (printed as headings, for context)."""
        parent = {s["id"]: s["parent"] for s in self.sel.sections}
        printed: set[str] = set()
        for sid in self.sel.by_section:
            while sid is not None and sid in parent and sid not in printed:
                printed.add(sid)
                sid = parent[sid]
        return printed

    def _grouped(self, section_id: str) -> Iterator[Flowable]:
        """The comments of a section, group by group: each comment one :class:`pdf_layout.Stack`,
        the group's name in the stack of its first comment (so it never ends a page alone)."""
        s = self.styles
        group = None
        for number, c in self._read([section_id]):
            parts = self._comment(number, c)
            if c.group != group:
                group = c.group
                label = self.label([(group + ":", "bi")], s.group, self.width)
                label.keepWithNext = True
                parts.insert(0, label)
            yield L.Stack(parts, tick=True)

    def _comment(self, number: int, c: Comment) -> list[Flowable]:
        s, t = self.styles, self.text
        head: list[T.Run] = [(f"{number}. ", "b")]
        about = [kind_label(c.kind)]
        if c.supporters:
            about.append(count("{n} supporter", "{n} supporters", c.supporters))
        author = "" if self.opt.hide_names else T.one_line(c.author)
        if author:
            head += [(author, "b"), (" – " + "; ".join(about), "")]
        else:
            head.append((cap("; ".join(about)), ""))
        if c.deleted:
            head.append((" (" + _("deleted") + ")", "i"))
        first = t.para(head, s.comment_head)
        first.keepWithNext = True
        out: list[Flowable] = [first]
        if c.id in self.earlier:
            out.append(t.para([(self._earlier(c), "i")], s.detail))
        if c.quote:
            out.append(t.para([(_("Quote:") + " ", ""), ("“" + T.clean(c.quote) + "”", "i")], s.detail))
        out += t.paras(c.text, s.comment)
        if c.proposal:
            out += t.paras(c.proposal, s.detail, lead=[(_("Proposal:") + " ", "b")])
        if c.id in self.together:
            out.append(blocks.together_line(self, self.together[c.id], s.detail))
        out += self._response(c, s.detail)
        return out

    def _earlier(self, c: Comment) -> str:
        return _("Previous version: section {section}").format(
            section=T.one_line(self.earlier[c.id]).replace(PATH_SEPARATOR, ", "))

    def _response(self, c: Comment, style) -> list[Flowable]:
        if c.status != "moi" and not c.response:  # a decision without words: no label left hanging
            line = _("Drafting committee: {status}.").format(status=status_label(c.status))
            return self.text.paras(line, style, lead=[])
        if c.status != "moi":
            label = _("Drafting committee ({status}):").format(status=status_label(c.status))
        elif c.response:
            # Words written before any decision: a draft of the answer, not yet "giải trình".
            label = _("Draft answer (not yet decided):")
        else:
            return []
        return self.text.paras(c.response, style, lead=[(label + " ", "b")])

    # ------------------------------------------------------------ layout 2: the table

    def table_header(self) -> L.Row:
        s = self.styles
        labels = [_("No."), _("Text of the draft"), _("Comments and proposals"), _("Group / delegate"),
                  _("Accepted or explained")]
        return L.Row([[self.para([(x, "b")], s.cell_head)] for x in labels], self.table_widths)

    def table_rows(self) -> Iterator[Flowable]:
        """The table, right under the summary when its header and first row fit there (else from the next
        page), one :class:`layout.Row` per comment; rows of one section share a merged cell naming it."""
        s, sel, t = self.styles, self.sel, self.text
        widths = self.table_widths
        if not sel.total:
            yield t.para(_("There are no comments to print."), s.body)
            return
        header = self.table_header()
        page = L.LANDSCAPE[1] - L.MARGINS["top"] - L.MARGINS["bottom"] - header.wrap(self.width, L.BIG)[1]
        yield NextPageTemplate(L.ROWS)  # pages the table goes on to repeat its header
        first_row = True
        unplaced_started = False
        current = None
        comments = self._read()
        ahead = next(comments, None)
        while ahead is not None:
            number, c = ahead
            ahead = next(comments, None)  # to know whether the next row continues this one's section
            bookmarks = []
            opening = first_row
            if first_row:
                bookmarks.append((self._key(), _("Table of comments"), 0))
                first_row = False
            if c.section in sel.unplaced and not unplaced_started:
                bookmarks.append((self._key(), _("Comments on sections not in this version of the draft"), 0))
                unplaced_started = True
            continues = c.section == current
            if not continues:
                current = c.section
                bookmarks.append((self._key(), self.paths[c.section], 1))
            where = [self.label([(self.paths[c.section], "b")], s.cell, widths[1])]
            kind = [(cap(kind_label(c.kind)), "i")]
            if c.deleted:
                kind.append((" (" + _("deleted") + ")", "i"))
            comment: list[Flowable] = [self.label(kind, s.cell, widths[2])]
            # The quote is the comment's own: the section's cell is shared by the rows of its run.
            if c.id in self.earlier:
                comment.append(t.para([(self._earlier(c), "i")], s.cell))
            if c.quote:
                comment.append(t.para([(_("Quote:") + " ", ""), ("“" + T.clean(c.quote) + "”", "i")], s.cell))
            comment += t.paras(c.text, s.cell)
            if c.proposal:
                comment += t.paras(c.proposal, s.cell, lead=[(_("Proposal:") + " ", "b")])
            who: list[Flowable] = []
            for m in self.together.get(c.id, [c]):  # every group and delegate of a confirmed cluster
                who.append(self.label([(m.group, "b")], s.cell, widths[3]))
                author = "" if self.opt.hide_names else T.one_line(m.author)
                if author:
                    who.append(self.label(author, s.cell, widths[3]))
            if c.supporters:
                who.append(self.label(count("{n} supporter", "{n} supporters", c.supporters), s.cell, widths[3]))
            response: list[Flowable] = []
            if c.status != "moi":
                response.append(self.label([(cap(status_label(c.status)), "b")], s.cell, widths[4]))
            if c.response:
                response += t.paras(c.response, s.cell)
            merge = L.Merge(1, continues, ahead is None or ahead[1].section != c.section)
            row = L.Row([[t.para(str(number), s.cell_center)], where, comment, who, response], self.table_widths,
                        order=(0, 1, 3, 4, 2), bookmarks=bookmarks, tick=True, page=page, merge=merge)
            yield L.TableStart(header, row) if opening else row
        yield NextPageTemplate("later")  # a page after the table (the closing block's) has no table header
