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

from reviewer.i18n import _, count, ngettext
from reviewer.i18n import number as grouped
from reviewer.model import PATH_SEPARATOR, full_numbers
from reviewer.pdf import blocks
from reviewer.pdf import layout as L
from reviewer.pdf import text as T
from reviewer.pdf.options import Conference, ExportOptions
from reviewer.pdf.selection import Selection, select
from reviewer.store import Comment, revise
from reviewer.store.records import UNPLACED_SECTION
from reviewer.textnorm import fold
from reviewer.vocab import KINDS, STATUSES, kind_label, status_label

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


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


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


def scope_text(opt: ExportOptions, sections: list[dict] | None = None) -> str:
    """The filters an export was made with, said in words ("" for everything). With the draft's
    ``sections``, chosen sections are named as the user chose them, not with each sub-section."""
    parts = []
    if opt.groups is not None:
        parts.append(_("groups {names}").format(names=", ".join(sorted(opt.groups)) or "-"))
    if opt.sections is not None:
        parts.append(_chosen_sections(opt.sections, sections))
    if opt.kinds is not None:
        parts.append(_("kinds {names}").format(names=", ".join(kind_label(k) for k in KINDS if k in opt.kinds)
                                               or "-"))
    if opt.statuses is not None:
        parts.append(_("statuses {names}").format(
            names=", ".join(status_label(k) for k in STATUSES if k in opt.statuses) or "-"))
    return "; ".join(parts)


def _chosen_sections(chosen: set[str], sections: list[dict] | None) -> str:
    """"sections II.3, III, with their sub-sections", or "5 selected sections" when they are many."""
    known = [sec for sec in sections or [] if sec["id"] in chosen]
    roots = [sec for sec in known if sec["parent"] not in chosen]
    if not roots or len(known) < len(chosen):  # sections not in this draft: count them as they are
        return count("{n} selected section", "{n} selected sections", len(chosen))
    numbers = full_numbers((sec["id"], sec["parent"], sec["number"]) for sec in sections or [])
    names = [T.one_line(numbers[sec["id"]].replace(PATH_SEPARATOR, ", ")).rstrip(".")
             or "“" + (T.one_line(sec["title"])[:40] or _("Before the first heading")) + "”" for sec in roots]
    text = (ngettext("section {names}", "sections {names}", len(roots)).format(names="; ".join(names))
            if len(roots) <= 4
            else count("{n} selected section", "{n} selected sections", len(roots)))
    return text + (", " + _("with their sub-sections") if len(known) > len(roots) else "")


# ---------------------------------------------------------------- the document


def _agreeing_only(counted: int, agreeing: int) -> str:
    """Said against the kind's own count in the overview ("nhất trí: 18,915"): those with other remarks are listed."""
    return ngettext("Of the {all} comments of the kind “{kind}”, {n} only agrees with the draft, without other "
                    "remarks: it is counted, not listed.",
                    "Of the {all} comments of the kind “{kind}”, {n} only agree with the draft, without other "
                    "remarks: they are counted, not listed.", counted).format(
        all=grouped(agreeing), kind=kind_label("nhat_tri"), n=grouped(counted))


class Builder:
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

    def summary(self) -> list[Flowable]:
        s, sel, opt = self.styles, self.sel, self.opt
        out: list[Flowable] = [self.heading([(_("OVERVIEW"), "b")], s.part, _("Overview"), 0)]
        if not sel.total and not sel.counted:
            return out + [self.para(_("There are no comments to print."), s.summary)]
        placed = len(sel.by_section)
        groups_seen = [g for g in sel.groups if sel.by_group[g]]
        groups_seen += sorted(set(sel.by_group) - set(groups_seen))
        out.append(self.para(_("Comments: {n}, from {groups}, on {sections} of the draft.").format(
            n=grouped(sel.total + sel.counted), groups=count("{n} group", "{n} groups", len(groups_seen)),
            sections=count("{n} section", "{n} sections", placed)), s.summary))
        unplaced = sum(len(b.seqs) for buckets in sel.unplaced.values() for b in buckets.values())
        if unplaced:
            out.append(self.para(_("{n} of them are on sections that are not in this version of the draft; they are "
                                   "listed at the end.").format(n=grouped(unplaced)), s.summary))
        if sel.counted:
            out.append(self.para(_agreeing_only(sel.counted, sel.by_kind["nhat_tri"]), s.summary))
        deleted = sel.deleted
        if deleted:
            out.append(self.para(count("{n} deleted comment is included and marked as deleted.",
                                       "{n} deleted comments are included and marked as deleted.", deleted), s.summary))
        scope = scope_text(self.opt, sel.sections)
        if scope:
            out.append(self.para([(_("Selection:") + " ", "b"), (scope + ".", "")], s.summary))
        if opt.hide_names:
            out.append(self.para(_("Names of delegates are not shown."), s.summary))

        def counts(label: str, items: list[tuple[str, int]]) -> T.TextBlock:
            body = "; ".join(f"{name}: {grouped(n)}" for name, n in items if n) + "."
            return self.para([(label + " ", "b"), (body, "")], s.summary)

        out.append(counts(_("By group:"), [(g, sel.by_group[g]) for g in groups_seen]))
        out.append(counts(_("By kind:"), [(kind_label(k), sel.by_kind[k]) for k in KINDS]))
        out.append(counts(_("By status:"), [(status_label(k), sel.by_status[k]) for k in STATUSES]))
        out += self.matrix(groups_seen)
        out += self.agreed()
        return out

    def matrix(self, groups: list[str]) -> list[Flowable]:
        """Sections (that received comments) by groups, with counts; none for one group, whose counts per
        section would only run pages ahead of its comments."""
        s, sel = self.styles, self.sel
        rows = [(sid, cs) for sid, cs in [*sel.by_section.items(), *sel.unplaced.items()] if cs]
        if not rows or len(groups) < 2:
            return []
        out: list[Flowable] = [CondPageBreak(80), self.para([(_("Comments by section and group"), "b")],
                                                             s.summary)]
        col = 15 * mm
        least = 62 * mm if self.opt.layout != "table" else 90 * mm  # for the section's name
        per = max(1, int((self.width - least - col) // col))
        titles = {g: g for g in groups}
        if any(self.label([(g, "b")], s.cell_center, col).wrap(col - 2 * L.Row.PAD, L.BIG)[1]
               > 3 * s.cell_center.leading for g in groups):
            # A name too long for a narrow column (it could outgrow the page): columns get numbers,
            # explained above the table.
            titles = {g: str(i) for i, g in enumerate(groups, 1)}
            legend = "".join(f"\n{titles[g]} – {g}" for g in groups)  # a line each: names may hold "–" or ";"
            out.append(self.para([(_("Group columns:"), "b"), (legend, "")], s.summary))
        chunks = [groups[i:i + per] for i in range(0, len(groups), per)] or [[]]
        for n, chunk in enumerate(chunks):
            last = n == len(chunks) - 1
            counts_width = col * (len(chunk) + (1 if last else 0))
            widths = [max(least, min(self.width - counts_width, least + 60 * mm))] + [col] * (len(chunk) + last)

            head = [[self.label([(_("Section"), "b")], s.cell_center, widths[0])]]
            head += [[self.label([(titles[g], "b")], s.cell_center, col)] for g in chunk]
            if last:
                head.append([self.label([(_("Total"), "b")], s.cell_center, col)])
            lines = []
            totals = [0] * (len(chunk) + 1)
            for sid, cs in rows:
                counts = [len(cs[g].seqs) + cs[g].counted if g in cs else 0 for g in chunk]
                for i, k in enumerate(counts):
                    totals[i] += k
                n = sum(len(b.seqs) + b.counted for b in cs.values())
                totals[-1] += n
                lines.append(self._count_row(self.paths[sid], "", counts + ([n] if last else []), widths))
            lines.append(self._count_row(_("Total"), "b", totals if last else totals[:-1], widths))
            table = L.Rows(L.Row(head, widths, middle=True), lines)
            out += [table, Spacer(1, 8)]
        return out

    def _count_row(self, name: str, face: str, numbers: list[int], widths: list[float]) -> L.Row:
        s = self.styles
        cells = [[self.label([(grouped(k), face)], s.cell_center, w)] if k else [] for k, w in zip(numbers, widths[1:],
                                                                                                  strict=True)]
        return L.Row([[self.label([(name, face)], s.cell, widths[0])]] + cells, widths, middle=True)

    def agreed(self) -> list[Flowable]:
        """Groups whose only comments on a section are "nhất trí" (agreement without remarks)."""
        s, sel = self.styles, self.sel
        lines = []
        for sid in [*sel.by_section, *sel.unplaced]:
            stance = self.stances[sid]
            if stance.agreed:
                counted = f" {_cap(stance.tally())}." if stance.groups else ""
                lines.append(self.para([(f"- {self.paths[sid]}: ", "b"),
                                        (", ".join(stance.agreed) + "." + counted, "")], s.summary))
        if not lines:
            return []
        # One group's print lists its own sections: "the groups that agreed" would speak of others.
        one = self.opt.groups is not None and len(self.opt.groups) == 1
        title = (_("Sections agreed to without other remarks:") if one
                 else _("Groups that agreed without other remarks:"))
        return [CondPageBreak(60), self.para([(title, "b")], s.summary)] + lines

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
            head.append((_cap("; ".join(about)), ""))
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
            kind = [(_cap(kind_label(c.kind)), "i")]
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
                response.append(self.label([(_cap(status_label(c.status)), "b")], s.cell, widths[4]))
            if c.response:
                response += t.paras(c.response, s.cell)
            merge = L.Merge(1, continues, ahead is None or ahead[1].section != c.section)
            row = L.Row([[t.para(str(number), s.cell_center)], where, comment, who, response], self.table_widths,
                        order=(0, 1, 3, 4, 2), bookmarks=bookmarks, tick=True, page=page, merge=merge)
            yield L.TableStart(header, row) if opening else row
        yield NextPageTemplate("later")  # a page after the table (the closing block's) has no table header
