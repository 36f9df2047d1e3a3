"""Export every group's comments on a draft as a print-ready PDF in the style of Party documents
(Hướng dẫn 36-HD/VPTW): header block, title, a summary, then the comments section by section
(A4 portrait) or as the "bảng tổng hợp ý kiến" table (A4 landscape).

    export_pdf(store, draft_id, "tong-hop.pdf", conference=Conference(), options=ExportOptions())

A pure function of the store's contents and its arguments, without Qt. Labels come out in the
language of :func:`reviewer.i18n.language`; text is drawn in the bundled Liberation Serif, never in
a font of the PDF viewer. The file is written beside the target and moved over it only when
complete, so a failed or cancelled export leaves no file behind (and an older export untouched).
"""
from __future__ import annotations

import datetime
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from reviewer import pdf_layout as L
from reviewer import pdf_text as T
from reviewer.errors import ReviewerError
from reviewer.gcpause import collector_paused
from reviewer.i18n import _, language
from reviewer.pdf_story import Builder, default_title, section_heading, select
from reviewer.store import Store
from reviewer.vocab import KINDS, STATUSES

__all__ = ["Conference", "ExportCancelled", "ExportError", "ExportOptions", "ExportResult", "LAYOUTS", "export_pdf",
           "section_heading"]

LAYOUTS = ("sections", "table")


class ExportError(ReviewerError):
    """The PDF could not be written; nothing was left at the target."""


class ExportCancelled(ReviewerError):
    """The progress callback asked to stop; nothing was written."""


def default_number_line() -> str:
    return _("No.      -BC/TU")


@dataclass
class Conference:
    """The header settings of the conference (stored by the caller, given here as input)."""

    issuer_lines: list[str] = field(default_factory=lambda: ["ĐẢNG BỘ TỈNH BẮC KẠN", "TỈNH ỦY"])  # last one bold
    number_line: str = field(default_factory=default_number_line)  # blank: no number line
    place: str = "Bắc Kạn"
    date: datetime.date | None = None  # None: today
    title: str = field(default_factory=default_title)  # blank: the default title
    subtitle: str = ""  # blank: "về Dự thảo <draft title>"
    secretariat: str = "Văn phòng Tỉnh ủy"  # the PDF's author
    draft_marker: bool = False  # print "DỰ THẢO" under the number line


@dataclass
class ExportOptions:
    layout: str = "sections"  # "sections" (A4 portrait) or "table" (A4 landscape)
    groups: set[str] | None = None  # None: every group
    sections: set[str] | None = None  # section ids; None: every section (and comments on unknown sections)
    kinds: set[str] | None = None
    statuses: set[str] | None = None
    hide_names: bool = False  # show the group only, never the delegate
    include_deleted: bool = False  # deleted comments are printed, marked as deleted
    excerpt: bool = False  # sections layout: the first lines of each commented section's text


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
    if target.is_dir():
        raise ExportError(_("“{path}” is a folder; choose a file name for the PDF.").format(path=target))
    sel = select(store, draft_id, options)
    total = len(sel.comments)
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
        builder = Builder(sel, conference, options)
        story = builder.story()
        doc_kw = dict(pagesize=L.LANDSCAPE if options.layout == "table" else L.PORTRAIT,
                      table_header=builder.table_header() if options.layout == "table" else None, on_tick=tick,
                      title=builder.pdf_title, subject=sel.draft_title, author=T.one_line(conference.secretariat),
                      creator="Draft Reviewer", lang=language(), displayDocTitle=True)
        pages = _write_atomically(target, lambda fh: _build(fh, story, doc_kw), lambda: report(total))
    texts = [t for c in sel.comments for t in (c.text, c.quote, c.proposal, c.response, c.author, c.group)]
    texts += list(builder.headings.values()) + list(conference.issuer_lines) + [
        conference.number_line, conference.place, builder.title, builder.subtitle, sel.draft_title]
    return ExportResult(path=target, layout=options.layout, comments=total,
                        sections=sum(1 for s in sel.sections if sel.by_section.get(s["id"])),
                        groups=len({c.group for c in sel.comments}), unplaced=sum(map(len, sel.unplaced.values())),
                        deleted=sum(c.deleted for c in sel.comments), pages=pages,
                        missing_characters=T.missing_characters(texts))


def _check_options(options: ExportOptions) -> None:
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


def _build(fh, story: list[Flowable], doc_kw: dict) -> int:
    doc = L.ExportDoc(fh, **doc_kw)
    try:
        doc.build(story)
    except LayoutError as exc:
        raise ExportError(_("A part of the document, such as a very long name, is too large to fit on one page; "
                            "the PDF was not written.")) from exc
    return doc.pages


# ---------------------------------------------------------------- writing


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def _write_atomically(target: Path, write: Callable, before_replace: Callable[[], None]) -> int:
    """Write through ``write(file)`` into a temporary file beside ``target``, then move it over the target."""
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(_("Cannot write “{path}”: {reason}").format(
            path=target, reason=exc.strerror or exc)) from None
    tmp = Path(tmp_name)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                result = write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        except OSError as exc:
            raise ExportError(_("Cannot write “{path}”: {reason}").format(
                path=target, reason=exc.strerror or exc)) from None
        before_replace()
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise ExportError(_("Cannot replace “{path}”: {reason}. If it is open in another program, close it "
                                "and try again.").format(path=target, reason=exc.strerror or exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sys.platform != "win32":
        try:
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError:
            pass
    return result


