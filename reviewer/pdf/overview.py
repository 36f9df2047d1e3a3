"""The overview that opens the comment PDF: how many comments, from whom, of which kinds and statuses, what was
chosen to print, the counts by section (and group, for a conference's dozen groups), and the sections agreed to
without other remarks. A part of :class:`reviewer.pdf.story.Builder` (a mixin), kept apart for size."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from reviewer.i18n import _, count, ngettext
from reviewer.i18n import number as grouped
from reviewer.model import PATH_SEPARATOR, full_numbers
from reviewer.pdf import layout as L
from reviewer.pdf import text as T
from reviewer.pdf.options import ExportOptions
from reviewer.vocab import KINDS, STATUSES, kind_label, status_label

MATRIX_GROUPS = 12  # more groups than this: the counts by section and group give way to each section's total


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


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


def _agreeing_only(counted: int, agreeing: int) -> str:
    """Said against the kind's own count in the overview ("nhất trí: 18,915"): those with other remarks are listed."""
    return ngettext("Of the {all} comments of the kind “{kind}”, {n} only agrees with the draft, without other "
                    "remarks: it is counted, not listed.",
                    "Of the {all} comments of the kind “{kind}”, {n} only agree with the draft, without other "
                    "remarks: they are counted, not listed.", counted).format(
        all=grouped(agreeing), kind=kind_label("nhat_tri"), n=grouped(counted))


class Overview:
    """Builder's overview (see the module); it uses the Builder's selection, options, styles and paragraphs."""

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
        if len(groups) > MATRIX_GROUPS:  # a province's 70 units: pages of numbered columns and their key
            return self._section_totals(rows, len(groups))
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

    def _section_totals(self, rows: list, groups: int) -> list[Flowable]:
        s, col = self.styles, 20 * mm
        widths = [self.width - col, col]
        head = L.Row([[self.label([(_("Section"), "b")], s.cell_center, widths[0])],
                      [self.label([(_("Total"), "b")], s.cell_center, col)]], widths, middle=True)
        totals = [(sid, sum(len(b.seqs) + b.counted for b in cs.values())) for sid, cs in rows]
        lines = [self._count_row(self.paths[sid], "", [n], widths) for sid, n in totals]
        lines.append(self._count_row(_("Total"), "b", [sum(n for _sid, n in totals)], widths))
        note = _("With {n} groups, each group's count is under “By group” above; this table gives each section's "
                 "total.").format(n=grouped(groups))
        # Room for the title, its note and a few rows, or the title would sit alone at a page's foot.
        return [CondPageBreak(140), self.para([(_("Comments by section"), "b")], s.summary),
                self.para(note, s.summary), L.Rows(head, lines), Spacer(1, 8)]

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
                counted = f" {cap(stance.tally())}." if stance.groups else ""
                lines.append(self.para([(f"- {self.paths[sid]}: ", "b"),
                                        (", ".join(stance.agreed) + "." + counted, "")], s.summary))
        if not lines:
            return []
        # One group's print lists its own sections: "the groups that agreed" would speak of others.
        one = self.opt.groups is not None and len(self.opt.groups) == 1
        title = (_("Sections agreed to without other remarks:") if one
                 else _("Groups that agreed without other remarks:"))
        return [CondPageBreak(60), self.para([(title, "b")], s.summary)] + lines
