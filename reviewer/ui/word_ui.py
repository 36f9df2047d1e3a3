"""File › Import comments from Word… and File › Export draft with comments (Word)…: delegates who comment
in Word, and the draft handed back with every comment as a Word comment."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from reviewer.docx.comments import ReviewedFile, read_word_comments
from reviewer.docx.word_review import plan_word_import
from reviewer.errors import ReviewerError
from reviewer.i18n import _, count
from reviewer.store import NotFoundError
from reviewer.ui import commands, messages, places
from reviewer.ui.dialogs import ok_cancel_buttons
from reviewer.ui.searchable import make_searchable
from reviewer.ui.workers import Job, run_in_background
from reviewer.word import export_annotated

log = logging.getLogger(__name__)
WORD_FILTER = "*.docx"


class WordAuthorDialog(QDialog):
    """A Word file does not say its breakout group, and its author is often the laptop owner: ask both."""

    def __init__(self, name: str, groups: list[str], own_group: str, authors: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Import comments from Word"))
        self.group = QComboBox()
        make_searchable(self.group)  # a new name may still be typed: the combo is editable
        self.group.addItems(groups)
        self.group.setCurrentText(own_group or (groups[0] if groups else ""))
        self.author = QLineEdit(authors[0] if len(authors) == 1 else "")
        self.author.setPlaceholderText(_("as recorded in Word"))
        form = QFormLayout()
        form.addRow(_("&Group:"), self.group)
        form.addRow(_("&Delegate:"), self.author)
        layout = QVBoxLayout(self)
        recorded = ", ".join(authors) if authors else _("nobody")
        layout.addWidget(QLabel(_("Whose comments are in “{name}”? Word recorded: {authors}.").format(
            name=name, authors=recorded)))
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self, _("Import")))


def import_word_comments(window, path: str | None = None) -> None:
    session = window.session
    if not session.draft:
        return
    if path is None:
        path, _filter = QFileDialog.getOpenFileName(window, _("Import comments from Word"),
                                                    str(places.save_folder(window.settings)),
                                                    _("Word documents ({pattern})").format(pattern=WORD_FILTER))
    if not path:
        return
    draft_id, name = session.draft_id, Path(path).name

    def finished(reviewed: ReviewedFile) -> None:
        if session.draft_id != draft_id:  # another draft was opened meanwhile
            return
        if not reviewed.comments:
            messages.inform(window, _("Import comments from Word"),
                            _("“{name}” has no comments: nothing was imported.").format(name=name))
            return
        group = author = None
        typed = [c for c in reviewed.comments if c.exported is None]
        if typed:
            dialog = WordAuthorDialog(name, session.store.groups(), session.identity.group,
                                      sorted({c.author for c in typed if c.author}), window)
            if not dialog.exec():
                return
            group, author = dialog.group.currentText().strip(), dialog.author.text().strip()
        try:
            plan = plan_word_import(reviewed, name=name, draft_id=draft_id, sections=session.store.sections(draft_id),
                                    known_keys=session.store.word_comment_keys(draft_id),
                                    is_known=lambda cid: _is_known(session.store, cid), group=group, author=author)
            added = session.add_comments(plan.rows)
        except ReviewerError as exc:
            messages.show_error(window, str(exc))
            return
        if added:
            window.undo_stack.push(commands.ImportCommentsCommand(session, [c.id for c in added], name))
        lines = [count("Imported {n} comment.", "Imported {n} comments.", len(added))]
        if plan.skipped:
            lines.append(count("Skipped {n} comment already imported.", "Skipped {n} comments already imported.",
                               plan.skipped))
        if plan.unplaced:
            lines.append(count("{n} unplaced (its section is not in the draft)",
                               "{n} unplaced (their sections are not in the draft)", plan.unplaced))
        messages.inform(window, _("Import comments from Word"), "\n".join(lines))

    run_in_background(window, lambda _job: read_word_comments(path), label=_("Reading the Word file…"),
                      title=_("Import comments from Word"), on_done=finished,
                      on_error=lambda exc, tb: _failed(window, exc, tb, path=Path(path)))


def _is_known(store, comment_id: str) -> bool:
    try:
        store.comment(comment_id)
    except NotFoundError:
        return False
    return True


def export_annotated_interactively(window) -> None:
    session = window.session
    if not session.draft:
        return
    out = places.ask_word_file(window, _("Draft with comments"), _("Save the draft with comments as"),
                               _("Word documents ({pattern})").format(pattern=WORD_FILTER))
    if out is None:
        return
    draft_id = session.draft_id

    def write(job: Job):
        return export_annotated(job.store, draft_id, out)

    def finished(result) -> None:
        messages.offer_to_open(window, _("Export draft with comments (Word)"), _(
            "The draft with its comments is ready:\n{path}\n\n{comments}, {exact} on their quote.").format(
            path=out, comments=count("{n} comment", "{n} comments", result.comments), exact=result.on_quote), out)

    run_in_background(window, write, label=_("Writing the draft with comments…"),
                      title=_("Export draft with comments (Word)"), store_path=session.store.path, on_done=finished,
                      on_error=lambda exc, tb: _failed(window, exc, tb, path=out))


def _failed(window, exc: BaseException, tb: str, *, path: Path) -> None:
    if isinstance(exc, ReviewerError):
        messages.show_error(window, str(exc))
    else:
        log.error("Word file %s failed:\n%s", path, tb)
        messages.show_error(window, _("“{name}” could not be opened because of an unexpected error. Details are in "
                                      "the log file.").format(name=path.name))
