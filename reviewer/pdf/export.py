"""Export every group's comments on a draft as a print-ready PDF in the style of Party documents
(Hướng dẫn 36-HD/VPTW): header block, title, a summary, then the comments section by section
(A4 portrait) or as the "bảng tổng hợp ý kiến" table (A4 landscape).

    export_pdf(store, draft_id, "tong-hop.pdf", conference=Conference(), options=ExportOptions())

A pure function of the store's contents and its arguments, without Qt. Labels come out in the
language of :func:`reviewer.i18n.language`; text is drawn in the bundled Liberation Serif, never in
a font of the PDF viewer. The file is written beside the target and moved over it only when
complete, so a failed or cancelled export leaves no file behind (and an older export untouched).

Memory is bounded by the pages being laid out, not by the document: the comments are counted first
(:func:`~reviewer.pdf.selection.select`), then read a few at a time as platypus consumes the story
(:class:`~reviewer.pdf.stream.Story`), and each finished page leaves memory compressed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from reviewer.errors import ReviewerError
from reviewer.files import WriteError, resolve_target, write_atomic
from reviewer.gcpause import collector_paused
from reviewer.i18n import SUPPORTED, _, language, speaking
from reviewer.pdf import layout as L
from reviewer.pdf import text as T
from reviewer.pdf.options import LAYOUTS, Conference, ExportOptions
from reviewer.pdf.selection import snapshot
from reviewer.pdf.story import Builder, section_heading, select
from reviewer.pdf.stream import Story
from reviewer.store import Store
from reviewer.vocab import KINDS, STATUSES

__all__ = ["Conference", "ExportCancelled", "ExportError", "ExportOptions", "ExportResult", "LAYOUTS", "export_pdf",
           "section_heading"]

class ExportError(ReviewerError):
    """The PDF could not be written; nothing was left at the target."""


class ExportCancelled(ReviewerError):
    """The progress callback asked to stop; nothing was written."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    layout: str
    comments: int  # printed
    sections: int  # sections of the draft with printed comments
    groups: int  # groups with printed comments
    unplaced: int  # printed comments whose section is not in this version of the draft
    deleted: int  # printed comments that are deleted (only with include_deleted)
    pages: int
    missing_characters: str  # characters the bundled font cannot draw (printed as empty boxes)


def export_pdf(store: Store, draft_id: str, out_path, *, conference: Conference, options: ExportOptions,
               progress: Callable[[int, int], bool] | None = None) -> ExportResult:
    """Write the PDF and return what it holds. ``progress(done, total)`` is called as comments are laid
    out (``total`` = comments to print); returning False cancels with :class:`ExportCancelled`."""
    _check_options(options)
    T.register_fonts()
    target = Path(out_path)
    try:
        resolve_target(target)  # refused before the work, not after
    except WriteError as exc:
        raise ExportError(str(exc)) from None
    with snapshot(store):  # the count and the comments read as the story goes: one state of the database
        return _export(store, draft_id, target, conference, options, progress)


def _export(store: Store, draft_id: str, target: Path, conference: Conference, options: ExportOptions,
            progress: Callable[[int, int], bool] | None) -> ExportResult:
    sel = select(store, draft_id, options)
    total = sel.total
    state = {"done": 0}
    step = max(1, total // 200)

    def report(done: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise ExportCancelled(_("The export was cancelled; no file was written."))

    def tick() -> None:
        state["done"] += 1
        if state["done"] % step == 0 or state["done"] == total:
            report(state["done"])

    report(0)
    with collector_paused():
        # The document's words in its language; messages to the user (a failure, a cancel) in theirs.
        with speaking(options.language):
            builder = Builder(sel, conference, options)
            doc_kw = dict(pagesize=L.LANDSCAPE if options.layout == "table" else L.PORTRAIT,
                          table_header=builder.table_header() if options.layout == "table" else None, on_tick=tick,
                          title=builder.pdf_title, subject=sel.draft_title, author=T.one_line(conference.secretariat),
                          creator="Draft Reviewer", lang=language(), displayDocTitle=True)
        flowables = _speaking_each(options.language, builder.flowables())
        try:
            pages = write_atomic(target, lambda fh: _build(fh, Story(flowables), doc_kw),
                                 before_replace=lambda: report(total))
        except WriteError as exc:
            raise ExportError(str(exc)) from None
    chars = builder.characters  # those of the comments, met as they were printed
    chars.add(*builder.headings.values(), *conference.issuer_lines, conference.number_line, conference.place,
              builder.title, builder.subtitle, sel.draft_title)
    return ExportResult(path=target, layout=options.layout, comments=total, sections=len(sel.by_section),
                        groups=len(sel.by_group),
                        unplaced=sum(len(b.seqs) for bs in sel.unplaced.values() for b in bs.values()),
                        deleted=sel.deleted, pages=pages, missing_characters=chars.missing())


def _speaking_each(code: str | None, items: Iterator[Flowable]) -> Iterator[Flowable]:
    """``items``, each made in the language ``code`` (a generator runs in its consumer's context)."""
    while True:
        with speaking(code):
            try:
                item = next(items)
            except StopIteration:
                return
        yield item


def _check_options(options: ExportOptions) -> None:
    if options.language not in (None, *SUPPORTED):
        raise ExportError(_("Unknown language “{code}”; use one of: {codes}.").format(
            code=options.language, codes=", ".join(SUPPORTED)))
    if options.layout not in LAYOUTS:
        raise ExportError(_("Unknown layout “{layout}”; use one of: {codes}.").format(
            layout=options.layout, codes=", ".join(LAYOUTS)))
    for code in sorted(options.kinds or ()):
        if code not in KINDS:
            raise ExportError(_("Unknown kind of comment “{kind}”; use one of: {codes}.").format(
                kind=code, codes=", ".join(KINDS)))
    for code in sorted(options.statuses or ()):
        if code not in STATUSES:
            raise ExportError(_("Unknown status “{status}”; use one of: {codes}.").format(
                status=code, codes=", ".join(STATUSES)))


def _build(fh, story: Story | list[Flowable], doc_kw: dict) -> int:
    doc = L.ExportDoc(fh, **doc_kw)
    try:
        doc.build(story)
    except LayoutError as exc:
        raise ExportError(_("A part of the document, such as a very long name, is too large to fit on one page; "
                            "the PDF was not written.")) from exc
    return doc.pages
