"""The draft with every comment as a native Word comment (``reviewer export annotated``).

Written from the copy of the draft's file the database keeps (``Store.draft_file``): python-docx
adds each comment; lxml splits the runs where a quote starts or ends mid-run (each piece keeps the
run's formatting), so every ``w:t`` of the document, joined, reads the same before and after. The
body follows the encoding of :mod:`reviewer.docx.comments`, so importing the file back gives the
same comments.
"""
from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from reviewer.docx.comments import (
    AUTHOR_SEPARATOR,
    KIND_LABEL,
    KIND_NAMES,
    LABELS,
    MC_FALLBACK,
    QUOTE_LABEL,
    STATUS_NAMES,
    P,
    W,
    body_root,
    marker,
    paragraph_sections,
)
from reviewer.docx.outline import read_document
from reviewer.errors import ReviewerError
from reviewer.files import write_bytes_atomic
from reviewer.i18n import _
from reviewer.word._docx import Layout, split_run, text_runs, with_note_reference

R, RPR = W + "r", W + "rPr"
ID = W + "id"


@dataclass(slots=True)
class AnnotatedResult:
    comments: int  # comments written
    on_quote: int  # anchored exactly on their quote (the others on their section's heading)


def export_annotated(store, draft_id: str, output: str | Path, *, groups: Iterable[str] | None = None,
                     kinds: Iterable[str] | None = None, statuses: Iterable[str] | None = None,
                     sections: Iterable[str] | None = None, include_deleted: bool = False) -> AnnotatedResult:
    """Write the draft ``draft_id`` with its comments (those the filters keep) as Word comments."""
    draft = store.draft(draft_id)
    stored = store.draft_file(draft_id)
    if stored is None:
        raise ReviewerError(_("The database has no copy of the file of “{title}” (it came with comments from "
                              "another laptop). Add the draft with “reviewer draft add {file}” or open it in the "
                              "window, then export again.").format(title=draft["title"],
                                                                   file=draft["file_name"] or "DRAFT.docx"))
    name, content = stored
    keep = [c for c in store.comments(draft_id, include_deleted=include_deleted)
            if (groups is None or c.group in set(groups)) and (kinds is None or c.kind in set(kinds))
            and (statuses is None or c.status in set(statuses)) and (sections is None or c.section in set(sections))]
    texts = {s["id"]: s["text"] for s in store.sections(draft_id)}
    data, on_quote = annotate(content, keep, texts)
    write_bytes_atomic(output, data)
    return AnnotatedResult(len(keep), on_quote)


def annotate(content: bytes, comments: list, section_texts: dict[str, str]) -> tuple[bytes, int]:
    """The .docx ``content`` with ``comments`` (store Comments) added; (bytes, how many on their quote)."""
    import docx  # deferred: python-docx is loaded only where Word files are written or comments read

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.docx"
        path.write_bytes(content)
        outline = read_document(path)
        document = docx.Document(str(path))
    body = document.element.body
    reader_root = body_root(outline)
    ours = list(body.iter(P))
    places = paragraph_sections(outline, reader_root) if reader_root is not None else []
    if len(places) != len(ours):  # both read the same XML; a mismatch would anchor on wrong paragraphs
        places = []
    by_section: dict[str, list] = {}  # the heading too: a run-in heading's paragraph holds the section's text
    headings: dict[str, object] = {}
    apart: dict[str, set[int]] = {}  # where a section's paragraphs are interrupted by another section's
    last_seen: dict[str, int] = {}
    for index, ((_el, sid, heading), p) in enumerate(zip(places, ours, strict=False)):
        if heading:
            headings.setdefault(sid, p)
        paragraphs = by_section.setdefault(sid, [])
        if paragraphs and last_seen[sid] != index - 1:
            apart.setdefault(sid, set()).add(len(paragraphs))
        paragraphs.append(p)
        last_seen[sid] = index
    skip = {el for fb in body.iter(MC_FALLBACK) for el in fb.iter()}
    quoted: dict[str, list] = {}
    for c in comments:
        if c.quote and c.section in by_section:
            quoted.setdefault(c.section, []).append(c)
    anchors: dict[str, tuple] = {}  # comment id: (first run, last run, the range holds exactly the quote)
    for section_id, items in quoted.items():
        anchors.update(_anchor_quotes(by_section[section_id], items, section_texts.get(section_id, ""), skip,
                                      apart.get(section_id, set())))
    part = document.comments._comments_elm  # python-docx makes the comments part; its add_comment is O(n)
    next_id = max((int(v) for v in part.xpath("./w:comment/@w:id") if v.lstrip("-").isdigit()), default=-1) + 1
    fallback = text_runs(body.iter(P), skip)
    for c in comments:
        anchor = anchors.get(c.id)
        runs = anchor[:2] if anchor else (text_runs([headings[c.section]] if c.section in headings else [], skip)
                                          or text_runs(by_section.get(c.section, []), skip) or fallback)
        if runs is None:
            raise ReviewerError(_("The draft's file has no text to attach comments to."))
        _mark_range(runs, str(next_id))
        _add_comment(part, str(next_id), c, on_quote=bool(anchor and anchor[2]))
        next_id += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), len(anchors)


def _anchor_quotes(paragraphs: list, comments: list, section_text: str, skip: set,
                   apart: set[int]) -> dict[str, tuple]:
    """(first run, last run, exact) of each comment whose quote is found in the section's paragraphs, after
    splitting the runs at every place a range starts or ends: all the section's cuts from the last to the
    first, so each cut finds its w:t as the text was laid out."""
    layout = Layout(paragraphs, skip, apart)
    spans, exact = {}, {}
    for c in comments:
        near = c.quote_start / max(1, len(section_text)) if c.quote_start is not None else None
        found = layout.find(c.quote, near)
        if found is not None:
            spans[c.id], exact[c.id] = found
    cuts = {}
    for s, e in spans.values():
        cuts[s] = layout.at(s)
        cuts[e] = layout.at(e - 1, after=True)
    for pos in sorted(cuts, reverse=True):
        if cuts[pos] is not None:
            split_run(*cuts[pos])
    after = Layout(paragraphs, skip, apart)
    out = {}
    for c in comments:
        if c.id not in spans:
            continue
        s, e = spans[c.id]
        first, last = after.at(s), after.at(e - 1)
        if first is None or last is None:
            continue
        last_run = last[0].getparent()
        if c.quote.endswith("]"):  # the quote ends on a note's mark: take the reference in too
            last_run = with_note_reference(last_run)
        out[c.id] = (first[0].getparent(), last_run, exact[c.id])
    return out


def _mark_range(runs: tuple, comment_id: str) -> None:
    first, last = runs
    start = first.makeelement(W + "commentRangeStart", {ID: comment_id})
    first.addprevious(start)
    end = last.makeelement(W + "commentRangeEnd", {ID: comment_id})
    last.addnext(end)
    ref = last.makeelement(R, {})
    style = _sub(_sub(ref, RPR), W + "rStyle")
    style.set(W + "val", "CommentReference")
    _sub(ref, W + "commentReference").set(ID, comment_id)
    end.addnext(ref)


def _sub(parent, tag: str, text: str | None = None):
    el = etree.SubElement(parent, tag)
    if text is not None:
        el.text = text
        if text != text.strip():
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return el


def _add_comment(part, comment_id: str, c, *, on_quote: bool) -> None:
    comment = part.makeelement(W + "comment", {ID: comment_id, W + "author": author_of(c),
                                               W + "initials": _initials(c)})
    if c.created_at:
        comment.set(W + "date", c.created_at[:19] + "Z")
    part.append(comment)
    first = _paragraph(comment)
    ref = _sub(first, R)
    _sub(_sub(ref, RPR), W + "rStyle").set(W + "val", "CommentReference")
    _sub(ref, W + "annotationRef")
    _run(first, KIND_LABEL + " ", bold=True)
    _run(first, KIND_NAMES.get(c.kind, c.kind))
    _run(first, " " + marker(c.id, c.section, on_quote=on_quote), hidden=True)
    for line in c.text.split("\n"):
        _run(_paragraph(comment), line)
    fields = [(QUOTE_LABEL, c.quote if c.quote and not on_quote else ""), (LABELS["proposal"], c.proposal),
              (LABELS["supporters"], str(c.supporters) if c.supporters else ""),
              (LABELS["status"], STATUS_NAMES.get(c.status, c.status) if c.status != "moi" else ""),
              (LABELS["response"], c.response)]
    for label, value in fields:
        if not value:
            continue
        lines = value.split("\n")
        p = _paragraph(comment)
        _run(p, label, bold=True)
        _run(p, " " + lines[0])
        for line in lines[1:]:
            _run(_paragraph(comment), line)


def _paragraph(comment):
    p = _sub(comment, P)
    _sub(_sub(p, W + "pPr"), W + "pStyle").set(W + "val", "CommentText")
    return p


def _run(p, text: str, *, bold: bool = False, hidden: bool = False) -> None:
    if not text:
        return
    r = _sub(p, R)
    if bold or hidden:
        rpr = _sub(r, RPR)
        _sub(rpr, W + ("b" if bold else "vanish"))
    _sub(r, W + "t", text)


def author_of(c) -> str:
    return f"{c.group}{AUTHOR_SEPARATOR}{c.author}" if c.author else c.group


def _initials(c) -> str:
    words = (c.author or c.group).split()
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()[:8] or c.group[:8]
