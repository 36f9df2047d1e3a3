"""The secretariat's narrative report (``reviewer export report``): "báo cáo tổng hợp ý kiến thảo luận tổ",
an editable Word draft the secretariat finishes in Word.

In the draft's heading order, for each section with comments: its full path ("II.1.a) …"), the stance
tally ("4/6 tổ nhất trí"), each cluster of similar comments (confirmed or suggested) as one sentence
naming its groups, the other proposals with their proposed wording, the other opinions with their
argument, and the drafting committee's answers where given. Agreement-only comments are counted in the
tally, not listed. Nothing of the compiler's own is added: every sentence is made of the comments' words.

A4 portrait, Times New Roman, the margins of the Party document format (Hướng dẫn 36-HD/VPTW), the
header block, title and page numbers of :mod:`reviewer.word.table` (whose writer this reuses), and the
closing block of the PDF ("Nơi nhận", the signer). Always Vietnamese, whatever the interface language.
Paragraphs are written as one XML string and parsed once, as the table is.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.shared import Mm, Pt

from reviewer.errors import ReviewerError
from reviewer.export_options import Conference, ExportOptions, for_draft
from reviewer.files import write_atomic
from reviewer.i18n import _, count, speaking
from reviewer.store import Comment, Store
from reviewer.store.similar import similar_comments
from reviewer.store.stances import Stance, section_stances
from reviewer.textnorm import clean, fold, natural_key, nfc
from reviewer.vocab import agreement_only
from reviewer.word.answers import W, answer_text
from reviewer.word.phrasing import sentence, wording
from reviewer.word.table import MARGINS_MM, TWIPS_PER_MM, TableWriter, _document, cell, ordered_comments, run, table

BODY_PT = 14  # 36-HD/VPTW: 13–14 pt; a page of prose reads better at 14
PAGE_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]  # the text's width on A4 portrait
INDENT = round(10 * TWIPS_PER_MM)  # the first line of a paragraph, 1 cm
_PROPOSAL_KINDS = frozenset({"sua_doi", "bo_sung", "de_nghi_bo"})
class ReportCancelled(ReviewerError):
    """The user cancelled; nothing was written."""


@dataclass
class ReportResult:
    sections: int  # sections reported on
    comments: int  # comments counted (agreement included)


_END = re.compile(r"[.!?…:;][”\"»)]*$")


def ended(text: str) -> str:
    """``text`` closed with a full stop, unless it already ends with a mark of its own."""
    text = text.rstrip()
    return text if not text or _END.search(text) else text + "."


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def tally_line(stance: Stance) -> str:
    """"4/6 tổ nhất trí (Tổ 1, Tổ 2, Tổ 4, Tổ 6); 2 tổ có ý kiến góp ý (Tổ 3, Tổ 5).\""""
    parts = []
    if stance.agreed:
        parts.append(f"{stance.tally()} ({', '.join(stance.agreed)})")
    if stance.commented:
        parts.append(count("{n} group commented", "{n} groups commented", len(stance.commented))
                     + f" ({', '.join(stance.commented)})")
    return capital("; ".join(parts)) + "." if parts else ""


# ---------------------------------------------------------------- paragraphs as XML


def p(runs: str, *, align: str = "both", indent: bool = True, before: int = 0, after: int = 120,
      keep: bool = False, outline: int | None = None) -> str:
    """A paragraph of the report: justified, first line indented, 6 pt after, 1.2 lines (twips for spacing)."""
    props = '<w:keepNext/>' if keep else ""
    props += f'<w:spacing w:before="{before}" w:after="{after}" w:line="288" w:lineRule="auto"/>'
    props += f'<w:ind w:firstLine="{INDENT}"/>' if indent else ""
    props += f'<w:jc w:val="{align}"/>'
    props += f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


class ReportWriter:
    """The paragraphs of one report (made within ``speaking("vi")``)."""

    def __init__(self, store: Store, draft_id: str, conference: Conference, signer: str = ""):
        preamble = next((s["text"] for s in store.sections(draft_id) if s["id"] == "preamble"), "")
        self.page = TableWriter(store, draft_id, for_draft(conference, preamble), ExportOptions(), "party")
        self.page.widths = (PAGE_MM,)  # the header block spans the portrait page
        title = self.page.title
        self.page.title = title if fold(title).startswith("bao cao") else _("REPORT {title}").format(title=title)
        self.signer = clean(signer)
        self.rank = {g: n for n, g in enumerate(store.groups())}

    def groups(self, names) -> list[str]:
        return sorted(dict.fromkeys(names), key=lambda g: (self.rank.get(g, len(self.rank)), natural_key(g)))

    def opening(self, groups: int, comments: int, agreement: int) -> str:
        subtitle = self.page.subtitle or _("on the draft")
        text = (_("{groups} commented {subtitle}: {comments} in all, {agreement} of which agree with the draft "
                  "without remarks. The comments are summarised below in the order of the draft.") if agreement else
                _("{groups} commented {subtitle}: {comments} in all. The comments are summarised below in the order "
                  "of the draft."))
        return p(run(nfc(text.format(groups=count("{n} discussion group", "{n} discussion groups", groups),
                                     subtitle=subtitle, comments=count("{n} comment", "{n} comments", comments),
                                     agreement=agreement))))

    def heading(self, section_id: str) -> str:
        return p(run(nfc(self.page.path(section_id)), b=True), indent=False, before=120, keep=True, outline=0)

    def tally(self, stance: Stance | None) -> list[str]:
        line = tally_line(stance) if stance is not None else ""
        return [p(run(nfc(line), i=True), keep=True)] if line else []

    def entry(self, members: list[Comment], *, together: bool) -> list[str]:
        """One cluster (``together``) or one comment: its sentence, its argument's further lines, its proposed
        wording, and the drafting committee's answers."""
        # The fullest member speaks for the cluster: one with proposed wording, else the longest text.
        c = max(members, key=lambda m: (bool(m.proposal.strip()), len(m.text)))
        lines = [line.strip() for line in c.text.split("\n") if line.strip()] or [""]
        first = sentence(self.groups(m.group for m in members), c.kind, lines[0], together=together)
        out = []
        if c.proposal.strip() and len(lines) == 1:
            out.append(ended(first.rstrip(" .;:") + "; " + wording(c.proposal)))
        else:
            out.append(ended(first))
            out += [ended(line) for line in lines[1:]]
            if c.proposal.strip():
                out.append(ended(capital(wording(c.proposal))))
        paragraphs = [p(run(nfc("- " + out[0])))] + [p(run(nfc(line))) for line in out[1:]]
        return paragraphs + self.answers(members)

    def answers(self, members: list[Comment]) -> list[str]:
        by_answer: dict[str, list[str]] = {}
        for m in members:
            text = answer_text(m.status, m.response)
            if text:
                by_answer.setdefault(text, []).append(m.group)
        out = []
        for text, groups in by_answer.items():
            label = _("The drafting committee's answer:")
            if len(members) > 1 and (len(by_answer) > 1 or len(groups) < len(members)):
                label = _("The drafting committee's answer ({groups}):").format(groups=", ".join(self.groups(groups)))
            first, *rest = text.split("\n")
            out.append(p(run(nfc(label) + " ", b=True, i=True) + run(nfc(first), i=True)))
            out += [p(run(nfc(line), i=True)) for line in rest if line.strip()]
        return out

    def closing(self) -> list[str]:
        subtitle = self.page.subtitle or _("on the draft")
        last = p(run(nfc(_("The above summarises the discussion groups' comments {subtitle}.").format(
            subtitle=subtitle)) + "/."), after=240, keep=True)
        left = [p(run(_("Recipients:"), b=True, i=True, size=12), indent=False, after=0, align="left")]
        left += [p(run(line, size=11), indent=False, after=0, align="left")
                 for line in (_("- The drafting committee (for consideration),"), _("- Filed."))]
        lines = [clean(x) for x in self.page.conf.signer_lines if clean(x)]
        right = [p(run(nfc(line), b=True), indent=False, after=0, align="center") for line in lines]
        if self.signer:
            right += [p("", indent=False, after=0)] * 4 + [p(run(nfc(self.signer), b=True), indent=False, after=0,
                                                               align="center")]
        width = min(95, round(PAGE_MM * 0.44))
        row = f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell(left, width)}{cell(right, PAGE_MM - width)}</w:tr>"
        return [last, table([row], (width, PAGE_MM - width), borders=False)]  # the block never split by a page


def _clusters(store: Store, draft_id: str, section_id: str, by_id: dict[str, Comment]) -> list[list[Comment]]:
    """A section's clusters of similar comments (confirmed, then suggested ones), as their comments. Section by
    section, so that a province's 113,000 comments report progress and stop when asked between two sections:
    found for the whole draft at once, they took many minutes with the bar empty and Cancel unheard."""
    out: list[list[Comment]] = []
    for k in similar_comments(store, draft_id, section_id=section_id):
        members = [by_id[cid] for cid in k.comments if cid in by_id]
        if len({m.group for m in members}) >= 2:
            out.append(members)
    return out


def _body(store: Store, draft_id: str, writer: ReportWriter,
          progress: Callable[[int, int], bool | None] | None) -> tuple[list[str], int, int] | None:
    """(paragraphs between the title and the closing, sections, comments); None when cancelled."""
    comments = ordered_comments(store, draft_id, ExportOptions())
    stances = section_stances(store, draft_id)
    by_id = {c.id: c for c in comments}
    by_section: dict[str, list[Comment]] = {}
    for c in comments:
        by_section.setdefault(c.section, []).append(c)
    agrees = {c.id for c in comments if agreement_only(c.kind, c.text, c.quote, c.proposal)}
    agreement = len(agrees)
    body = [writer.opening(len({c.group for c in comments}), len(comments), agreement)]
    done = 0
    for section_id, section_comments in by_section.items():
        body += [writer.heading(section_id), *writer.tally(stances.get(section_id))]
        grouped = _clusters(store, draft_id, section_id, by_id)
        taken = {m.id for members in grouped for m in members}
        rest = [c for c in section_comments if c.id not in agrees and c.id not in taken]
        proposals = [c for c in rest if c.kind in _PROPOSAL_KINDS or c.proposal.strip()]
        for members in grouped:
            body += writer.entry(members, together=True)
        for c in proposals + [c for c in rest if c not in proposals]:
            body += writer.entry([c], together=False)
        done += len(section_comments)
        if progress is not None and progress(done, len(comments)) is False:  # after every section: see _clusters
            return None
    if not comments:
        body.append(p(run(_("There are no comments to print."))))
    return body, len(by_section), len(comments)


def export_report(store: Store, draft_id: str, out_path: str | Path, *, conference: Conference, signer: str = "",
                  progress: Callable[[int, int], bool | None] | None = None) -> ReportResult:
    """Write the narrative report of ``draft_id`` to ``out_path`` (.docx), through a temporary file: a failed
    or cancelled export leaves nothing behind. ``signer``: a name under the signature block's lines.
    ``progress(done, total)`` returning False cancels."""
    store.draft(draft_id)  # errors are said in the interface's language: only the document is Vietnamese
    with speaking("vi"):
        writer = ReportWriter(store, draft_id, conference, signer)
        made = _body(store, draft_id, writer, progress)
        if made is not None:
            body, sections, comments = made
            document = _page(writer)
            sect = document.element.body[-1]  # the section properties stay last
            parts = [writer.page.header_block(), *writer.page.title_block(), *body, *writer.closing()]
            for element in parse_xml(f'<w:body xmlns:w="{W}">{"".join(parts)}</w:body>'):
                sect.addprevious(element)
    if made is None:
        raise ReportCancelled(_("Export cancelled; no file was written."))
    write_atomic(Path(out_path), document.save)  # python-docx writes to an open binary file
    return ReportResult(sections=sections, comments=comments)


def _page(writer: ReportWriter):
    """The table's document (styles, page numbers, properties), turned to A4 portrait at the report's size."""
    document = _document(writer.page)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    document.styles["Normal"].font.size = Pt(BODY_PT)
    return document
