"""File › Export summary report (Word)…: the secretariat's narrative report, written in the background and
offered to open (the secretariat finishes it in Word)."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.export_options import load_conference
from reviewer.i18n import _, count
from reviewer.ui import messages, places
from reviewer.ui.session import ReviewSession
from reviewer.ui.workers import Job, run_in_background
from reviewer.word import export_report

log = logging.getLogger(__name__)


def export_report_interactively(window) -> None:
    session: ReviewSession = window.session
    if not session.draft:
        return
    out = places.ask_word_file(window, _("Summary report"), _("Save the summary report as"),
                               _("Word documents (*.docx)"))
    if out is None:
        return
    draft_id = session.draft_id

    def write(job: Job):
        return export_report(job.store, draft_id, out, conference=load_conference(job.store), progress=job.report)

    def finished(result) -> None:
        messages.offer_to_open(window, _("Export summary report"), _(
            "The summary report is ready:\n{path}\n\n{sections}, {comments}. It is a draft in Word for the "
            "secretariat to finish.").format(path=out, sections=count("{n} section", "{n} sections", result.sections),
                                             comments=count("{n} comment", "{n} comments", result.comments)), out)

    run_in_background(window, write, label=_("Writing the summary report…"), title=_("Export summary report"),
                      progress=True, cancel=threading.Event(), store_path=session.store.path, on_done=finished,
                      on_error=lambda exc, tb: _failed(window, exc, tb, path=out))


def _failed(window, exc: BaseException, tb: str, *, path: Path) -> None:
    if isinstance(exc, ReviewerError):  # a cancelled export too: it says that nothing was written
        messages.show_error(window, str(exc))
    else:
        log.error("Summary report %s failed:\n%s", path, tb)
        messages.show_error(window, _("“{name}” could not be written because of an unexpected error. Details are "
                                      "in the log file.").format(name=path.name))
