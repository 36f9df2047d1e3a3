"""The blocks that open and close the comment PDF (Hướng dẫn 36-HD/VPTW): the header block (issuing body,
"*", number line; the Party's name, place and date) and the closing block ("Nơi nhận" and the signer), and
the line that names every group and delegate of a confirmed cluster of similar comments.

Functions of a :class:`reviewer.pdf.story.Builder` (its styles, paragraphs and resolved header)."""
from __future__ import annotations

import datetime

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from reviewer.export_options import for_draft
from reviewer.i18n import SUPPORTED, _, speaking
from reviewer.pdf import layout as L
from reviewer.pdf import text as T
from reviewer.pdf.options import default_number_line, default_title
from reviewer.pdf.selection import Buckets, Selection
from reviewer.store import Comment
from reviewer.store.similar import confirmed_clusters
from reviewer.store.stances import Stance


def date_line(place: str, date: datetime.date | None = None) -> str:
    """"An Phú, ngày 03 tháng 12 năm 2026" in the current language (``date`` None: today)."""
    date = date or datetime.date.today()
    # 36-HD/VPTW 1.4.2: a day below 10 and a month below 3 take a leading zero.
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    line = _("{place}, {day}/{month}/{year}").format(place=T.one_line(place) or "\0", day=day, month=month,
                                                     year=date.year)
    return line.replace("\0, ", "").replace("\0", "").strip()  # no place: the date alone


def _in_document_language(value: str, default) -> str:
    """``value``, or ``default()`` in the document's language when ``value`` is that default made in another
    language (a Conference made while the window spoke English still prints "Số", not "No.")."""
    made = set()
    for code in SUPPORTED:
        with speaking(code):
            made.add(default())
    return default() if value in made else value


def resolve_header(b) -> None:
    """What the header prints (``b.title``, ``b.number_line``, ``b.issuer_lines``, ``b.place``): the issuer
    and place that the draft's own header block names, unless the conference settings say them; never a
    province the draft does not name."""
    conf = b.conf
    b.title = _in_document_language(T.one_line(conf.title), default_title) or default_title()
    b.number_line = _in_document_language(conf.number_line, default_number_line)
    resolved = for_draft(conf, next((s["text"] for s in b.sel.sections if s["id"] == "preamble"), ""))
    b.issuer_lines, b.place = list(resolved.issuer_lines), resolved.place


def _stance(buckets: Buckets, groups: int | None) -> Stance:
    agreed = [g for g, bucket in buckets.items() if bucket.live and bucket.agrees_only]
    return Stance(agreed, [g for g in buckets if g not in agreed], 0 if groups is None else max(groups, len(buckets)))


def stances(sel: Selection) -> dict[str, Stance]:
    """Each printed section's stance among the printed groups. Of chosen groups, agreement is not
    counted against all groups: "1/11 groups agreed" would say the other ten did not."""
    groups = None if sel.groups_chosen else len(sel.groups)
    return {sid: _stance(buckets, groups) for sid, buckets in [*sel.by_section.items(), *sel.unplaced.items()]}


def stance_line(b, section_id: str) -> list[Flowable]:
    """"2/6 groups agreed: Tổ 2, Tổ 4." under a section's heading (their comments counted, not listed)."""
    stance = b.stances.get(section_id)
    if stance is None or not stance.agreed:
        return []
    tally = stance.tally()
    line = b.para([(tally[:1].upper() + tally[1:] + ": ", "bi"), (", ".join(stance.agreed) + ".", "i")],
                  b.styles.group)
    line.keepWithNext = True
    return [line]


def _two_columns(b, rows: list[list], bottom: float) -> Table:
    left_width = min(b.width * 0.44, 95 * mm)
    return Table(rows, colWidths=[left_width, b.width - left_width], style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ("FONTNAME", (0, 0), (-1, -1), T.REGULAR)]))


def header_block(b) -> list[Flowable]:
    s, conf = b.styles, b.conf
    lines = [T.one_line(x) for x in b.issuer_lines if T.one_line(x)]
    left: list[Flowable] = [b.para(x, s.header) for x in lines[:-1]]
    if lines:
        left.append(b.para([(lines[-1], "b")], s.header))
        left.append(b.para("*", s.header))
    party = _("COMMUNIST PARTY OF VIETNAM")
    right: list[Flowable] = [b.para([(party, "b")], s.party),
                             L.PartyRule(stringWidth(T.normalize(party), T.BOLD, s.party.fontSize))]
    number = T.keep_spaces(b.number_line)
    left2: list[Flowable] = [b.para(number, s.header)] if number else []
    if conf.draft_marker:
        left2.append(b.para([(_("DRAFT"), "b")], s.header))
    right2 = [b.para([(date_line(b.place, conf.date), "i")], s.header_italic)]
    return [_two_columns(b, [[left, right], [left2 or "", right2]], 2)]


def closing_block(b) -> list[Flowable]:
    """"Nơi nhận" on the left, the signer on the right, after the last comment."""
    s = b.styles
    left: list[Flowable] = [b.para([(_("Recipients:"), "bi")], s.cell)]
    left += [b.para(line, s.cell) for line in (_("- The drafting committee (for consideration),"), _("- Filed."))]
    signer = [T.one_line(x) for x in b.conf.signer_lines if T.one_line(x)]
    right = [b.para([(line, "b")], s.header) for line in signer]
    return [Spacer(1, 12), CondPageBreak(60 * mm), _two_columns(b, [[left, right]], 0)]


# ---------------------------------------------------------------- confirmed clusters


def printed_together(sel: Selection, draft_id: str) -> dict[str, list[Comment]]:
    """For each printed comment of a confirmed cluster with two printed members or more: those members, in
    printing order (the first prints the entry for all). Empty, without reading the comments, when the
    draft has no confirmed cluster."""
    store = sel.store
    if store is None or not store.db.execute("SELECT 1 FROM comment_clusters WHERE draft_id = ? AND "
                                             "state = 'confirmed' LIMIT 1", [draft_id]).fetchone():
        return {}
    rank = {g: i for i, g in enumerate(sel.groups)}
    out: dict[str, list[Comment]] = {}
    for cluster in confirmed_clusters(store, draft_id):
        members = []
        for cid in cluster.comments:
            c = store.comment(cid)
            seq = store.db.execute("SELECT seq FROM comments WHERE id = ?", [cid]).fetchone()[0]
            bucket = sel.buckets(c.section).get(c.group)
            if bucket is not None and seq in bucket.seqs:
                members.append((rank.get(c.group, len(rank)), c.group, c.created_at, seq, c))
        if len(members) >= 2:
            ordered = [m[-1] for m in sorted(members, key=lambda m: m[:4])]
            out.update({c.id: ordered for c in ordered})
    return out


def together_line(b, members: list[Comment], style) -> Flowable:
    """"Cùng ý kiến: Tổ 1 (Nguyễn Văn An); Tổ 3 (Trần Thị Bình)." under a cluster's entry."""
    names = []
    for c in members:
        author = "" if b.opt.hide_names else T.one_line(c.author)
        names.append(f"{c.group} ({author})" if author else c.group)
    return b.para([(_("The same point from:") + " ", "b"), ("; ".join(dict.fromkeys(names)) + ".", "")], style)
