"""File › Open revised version…: the next version of the shown draft, every comment carried onto it,
then the review queue, where the secretariat confirms proposed places, chooses others or leaves
comments unplaced (reviewer.store.revise does the work; the session announces each change)."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from reviewer.docx import open_draft
from reviewer.errors import ReviewerError
from reviewer.i18n import _, count
from reviewer.model import full_numbers
from reviewer.store import revise
from reviewer.ui import commands, diff_ui, messages, places
from reviewer.ui.workers import run_in_background

log = logging.getLogger(__name__)


def open_revised_version(window) -> None:
    """Ask for the revised .docx of the shown draft, carry its comments in the background, show it."""
    session = window.session
    if not session.draft:
        messages.show_error(window, _("Open the earlier version of the draft first, then its revised version."))
        return
    start = str(places.open_folder(window.settings, session.path))
    name, _filter = QFileDialog.getOpenFileName(window, _("Open the revised version of the draft"), start,
                                                _("Word documents (*.docx *.docm);;All files (*)"))
    if name:
        places.remember_folder(window.settings, Path(name), "open/folder")
    if not name or not window.settle_editor(_("The comment you are writing on this draft has not been saved. "
                                              "Save it before opening the revised version?")):
        return
    path, old_id = Path(name), session.draft_id

    def work(job):
        document = open_draft(path)
        return document, revise.revise_draft(job.store, old_id, document, file_name=path.name,
                                             content=path.read_bytes())

    def done(result) -> None:
        document, revision = result
        try:
            session.open_document(document, path)
        except ReviewerError as exc:
            messages.show_error(window, str(exc))
            return
        window.settings.add_recent(str(path))
        show_review_queue(window, revision)

    def failed(exc: BaseException, tb: str) -> None:
        if isinstance(exc, ReviewerError):
            messages.show_error(window, str(exc))
        else:
            log.error("carrying comments onto %s failed:\n%s", path, tb)
            messages.show_error(window, _("“{name}” could not be opened because of an unexpected error. Details "
                                          "are in the log file.").format(name=path.name))

    run_in_background(window, work, label=_("Carrying the comments onto “{name}”…").format(name=path.name),
                      on_done=done, on_error=failed, store_path=session.store.path)


def take_up(window, comment_id: str) -> None:
    """The secretariat follows a card's hint that the proposed wording is in the new version: status
    "tiếp thu", an ordinary edit (Ctrl+Z undoes it). Nothing sets it without that click."""
    try:
        commands.edit_comment(window.undo_stack, window.session, comment_id, {"status": "tiep_thu"})
    except ReviewerError as exc:
        messages.show_error(window, str(exc))


def review_carried(window) -> ReviewQueueDialog | None:
    """View › Carried comments to review…: the queue of the shown draft, whenever the secretariat comes back
    to it (a closed queue, a restart, comments that arrived later for the earlier version)."""
    session = window.session
    earlier = revise.previous_versions(session.store, session.draft_id) if session.draft else []
    if not earlier:
        messages.inform(window, _("Carried comments to review"),
                        _("The draft shown is not the revised version of another: no comment was carried onto it."))
        return None
    return show_review_queue(window, revise.revision(session.store, earlier[-1], session.draft_id))


def announce_pending(window) -> None:
    """On opening a revised draft whose carried comments still wait for the secretariat, say so."""
    session = window.session
    waiting = revise.review_queue(session.store, session.draft_id) if session.draft else []
    if waiting:
        window.statusBar().showMessage(count(
            "{n} carried comment waits for its place: View › Carried comments to review…",
            "{n} carried comments wait for their place: View › Carried comments to review…", len(waiting)))


def show_review_queue(window, revision: revise.Revision) -> ReviewQueueDialog:
    dialog = ReviewQueueDialog(window, revision)
    window.review_queue = dialog  # kept: the dialog is not modal, the window goes on working
    dialog.show()
    return dialog


class ReviewQueueDialog(QDialog):
    """The carried comments still to look at: proposed places (review), then the unplaced ones."""

    def __init__(self, window, revision: revise.Revision):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.revision = revision
        self.setWindowTitle(_("Comments carried to the revised version"))
        self.resize(900, 480)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("State"), _("In the earlier version"), _("Proposed place"),
                                              _("Comment")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((110, 240, 240)):
            self.table.setColumnWidth(column, width)
        self.table.setWordWrap(False)
        self.sections = QComboBox()
        # Headings can be a paragraph long: the list shows them whole, the box does not widen the dialog.
        self.sections.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sections.setMinimumContentsLength(30)
        self.accept_button = QPushButton(_("&Accept the proposed place"))
        self.move_button = QPushButton(_("&Place in the chosen section"))
        self.unplaced_button = QPushButton(_("Leave &unplaced"))
        self.compare_button = QPushButton(_("Co&mpare with the previous version"))
        self.compare_button.setToolTip(_("What changed, word by word, in the proposed section"))
        self.compare_button.clicked.connect(self.compare)
        self.accept_button.clicked.connect(self.accept_place)
        self.move_button.clicked.connect(self.place_in_section)
        self.unplaced_button.clicked.connect(self.leave_unplaced)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("C&lose"))
        close.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.accept_button)
        row.addWidget(self.sections, 1)
        row.addWidget(self.move_button)
        row.addWidget(self.unplaced_button)
        row.addWidget(self.compare_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        # An empty table looks like a list that failed to load: an empty queue says it is done.
        self.nothing = QLabel(_("Nothing to confirm: every carried comment has its place."))
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.hide()
        layout.addWidget(self.nothing, 1)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        new_sections = self.session.store.sections(revision.new_draft)
        self.new_headings = _headings(new_sections)
        self.old_headings = _headings(self.session.store.sections(revision.old_draft))
        for s in new_sections:
            self.sections.addItem(self.new_headings[s["id"]], s["id"])
        self.table.itemSelectionChanged.connect(self._enable)
        # Its decisions are steps of the window's undo: Ctrl+Z here too, and the list follows an undo.
        QShortcut(QKeySequence.StandardKey.Undo, self, window.undo_stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, window.undo_stack.redo)
        self.session.changed.connect(self._session_changed)
        self.refresh()

    def _session_changed(self, _change) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self.queue = revise.review_queue(self.session.store, self.revision.new_draft)
        states = revise.revision(self.session.store, self.revision.old_draft, self.revision.new_draft)
        self.summary.setText(_("{carried} on strong evidence; {review} with a proposed place to confirm; "
                               "{unplaced} without a place. Every comment of the earlier version is on the "
                               "revised one.").format(
            carried=count("{n} comment carried", "{n} comments carried", states.count("carried")),
            review=states.count("review"), unplaced=states.count("unplaced")))
        self.table.setRowCount(len(self.queue))
        for r, carried in enumerate(self.queue):
            comment = self.session.store.comment(carried.id)
            state = _("To confirm") if carried.state == "review" else _("Unplaced")
            cells = [state, self.old_headings.get(carried.old_section, carried.old_section),
                     self.new_headings.get(carried.section, "") if carried.section else "—",
                     f"{comment.group}: {comment.text}" + (f" «{comment.quote}»" if comment.quote else "")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        if self.queue:
            self.table.selectRow(0)
        self.table.setVisible(bool(self.queue))
        self.nothing.setVisible(not self.queue)
        self._enable()

    def _selected(self) -> revise.CarriedComment | None:
        rows = self.table.selectionModel().selectedRows()
        return self.queue[rows[0].row()] if rows and rows[0].row() < len(self.queue) else None

    def _enable(self) -> None:
        chosen = self._selected()
        self.accept_button.setEnabled(chosen is not None and chosen.section is not None)
        self.move_button.setEnabled(chosen is not None)
        self.unplaced_button.setEnabled(chosen is not None and chosen.state != "unplaced")
        self.compare_button.setEnabled(chosen is not None and chosen.section is not None)
        if chosen is not None and chosen.section is not None:
            self.sections.setCurrentIndex(max(0, self.sections.findData(chosen.section)))

    def _act(self, change) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        try:
            change(chosen.id)
        except ReviewerError as exc:
            messages.show_error(self, str(exc))
        else:  # an ordinary step of the window's undo (Ctrl+Z), like any other decision
            self.window_.undo_stack.push(commands.PlaceCarriedCommand(
                self.session, chosen.id, (chosen.section, chosen.state), change))
        self.refresh()

    def accept_place(self) -> None:
        self._act(self.session.accept_carried)

    def place_in_section(self) -> None:
        section_id = self.sections.currentData(Qt.ItemDataRole.UserRole)
        self._act(lambda comment_id: self.session.move_carried(comment_id, section_id))

    def leave_unplaced(self) -> None:
        self._act(self.session.leave_carried_unplaced)

    def compare(self) -> None:
        """What changed, since the previous version, in the section proposed for the chosen comment."""
        chosen = self._selected()
        if chosen is not None and chosen.section is not None:
            self.diff = diff_ui.compare_with_previous(self.window_, chosen.section)


def draft_version(store, draft_id: str) -> int:
    """The draft's version: 1 for a first draft, 2 for a revision of it, and so on."""
    version, seen = 1, {draft_id}
    earlier = revise.previous_versions(store, draft_id)
    while earlier and earlier[-1] not in seen:  # (a loop of revisions cannot be made; never follow one)
        version += 1
        seen.add(earlier[-1])
        earlier = revise.previous_versions(store, earlier[-1])
    return version


def _headings(sections: list[dict]) -> dict[str, str]:
    numbers = full_numbers((s["id"], s["parent"], s["number"]) for s in sections)
    return {s["id"]: (f"{numbers[s['id']] or s['number']} {s['title']}".strip() or _("Before the first heading"))
            for s in sections}
