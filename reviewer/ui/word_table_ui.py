"""File › Export consolidation as Word table… and File › Import answers from Word…: the drafting
committee answers in Word, and its answers come back as ordinary edits, undone in one step."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QFileDialog, QMessageBox

from reviewer.errors import ReviewerError
from reviewer.export_options import load_conference
from reviewer.i18n import _, count
from reviewer.ui import messages, places
from reviewer.ui.session import ReviewSession
from reviewer.ui.workers import Job, run_in_background
from reviewer.word import AnswerPlan, export_table, plan_answers, plan_notes, read_table

log = logging.getLogger(__name__)
FORMS = ("party", "statutory")


def export_table_interactively(window) -> None:
    session: ReviewSession = window.session
    if not session.draft:
        return
    choice = messages.ask(window, _("Export consolidation as Word table"), _("Which form should the table take?"),
                          [(_("Party form (five columns)"), QMessageBox.ButtonRole.AcceptRole),
                           (_("Law-drafting form (four columns)"), QMessageBox.ButtonRole.ActionRole),
                           (_("Cancel"), QMessageBox.ButtonRole.RejectRole)])
    if choice not in (0, 1):
        return
    out = places.ask_word_file(window, _("Consolidation table"), _("Save the Word table as"),
                               _("Word tables (*.docx)"))
    if out is None:
        return
    draft_id, form = session.draft_id, FORMS[choice]

    def write(job: Job):
        return export_table(job.store, draft_id, out, conference=load_conference(job.store), form=form,
                            progress=job.report)

    def finished(result) -> None:
        messages.offer_to_open(window, _("Export consolidation as Word table"), _(
            "The Word table is ready:\n{path}\n\n{comments}. The drafting committee writes its answers in the last "
            "column; File › Import answers from Word… brings them back.").format(
            path=out, comments=count("{n} comment", "{n} comments", result.rows)), out)

    run_in_background(window, write, label=_("Writing the Word table…"), title=_("Export consolidation as Word table"),
                      progress=True, cancel=threading.Event(), store_path=session.store.path, on_done=finished,
                      on_error=lambda exc, tb: _failed(window, exc, tb, path=out))


def import_answers_interactively(window, path: str | None = None) -> None:
    session: ReviewSession = window.session
    if not session.draft:
        return
    if path is None:
        path, _filter = QFileDialog.getOpenFileName(window, _("Import answers from Word"),
                                                    str(places.save_folder(window.settings)),
                                                    _("Word tables (*.docx)"))
    if not path:
        return
    draft_id = session.draft_id

    def read(job: Job) -> AnswerPlan:  # reads only: the edits are made on the main thread, as one undo step
        return plan_answers(job.store, draft_id, read_table(path), name=Path(path).name)

    def finished(plan: AnswerPlan) -> None:
        if session.draft_id != draft_id:  # another draft was opened meanwhile
            return
        if plan.changes:
            try:
                apply_answers(window.undo_stack, session, plan.changes, Path(path).name)
            except ReviewerError as exc:
                messages.show_error(window, str(exc))
                return
        lines = [_("{changed}, {unchanged} unchanged.").format(
            changed=count("{n} comment changed", "{n} comments changed", len(plan.changes)),
            unchanged=plan.unchanged), *plan_notes(plan)]
        messages.inform(window, _("Import answers from Word"), "\n".join(lines))

    run_in_background(window, read, label=_("Reading the answers…"), title=_("Import answers from Word"),
                      store_path=session.store.path, on_done=finished,
                      on_error=lambda exc, tb: _failed(window, exc, tb, path=Path(path)))


def _failed(window, exc: BaseException, tb: str, *, path: Path) -> None:
    if isinstance(exc, ReviewerError):
        messages.show_error(window, str(exc))
    else:
        log.error("Word table %s failed:\n%s", path, tb)
        messages.show_error(window, _("“{name}” could not be opened because of an unexpected error. Details are in "
                                      "the log file.").format(name=path.name))


class ImportAnswersCommand(QUndoCommand):
    """The answers of one Word file: redo and undo each write every changed comment in one transaction."""

    def __init__(self, session: ReviewSession, before: dict[str, dict], after: dict[str, dict], name: str):
        super().__init__(_("Import answers from “{name}”").format(name=name))
        self.session = session
        self.before = before
        self.after = after
        self._skip_redo = True  # carried out before it was pushed (see reviewer.ui.commands)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self.session.edit_comments(self.after)

    def undo(self) -> None:
        self.session.edit_comments(self.before)


def apply_answers(stack, session: ReviewSession, changes: dict[str, dict], name: str) -> None:
    before = {}
    for comment_id, fields in changes.items():
        old = session.store.comment(comment_id)
        before[comment_id] = {k: getattr(old, k) for k in fields}
    session.edit_comments(changes)
    stack.push(ImportAnswersCommand(session, before, changes, name))
