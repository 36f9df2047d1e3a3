"""The main window: outline on the left, the section in the centre, its comments on the right."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reviewer import i18n
from reviewer.errors import ReviewerError
from reviewer.i18n import _, ngettext
from reviewer.textnorm import fold
from reviewer.ui import commands, messages, opening, recovery
from reviewer.ui.actions import build_menus
from reviewer.ui.comment_panel import CommentPanel
from reviewer.ui.consolidation import ConsolidationView
from reviewer.ui.dialogs import IdentityDialog, LanguageDialog, SearchDialog
from reviewer.ui.exchange_ui import ExchangeFolder
from reviewer.ui.models import SECTION_ID_ROLE, SectionTreeModel
from reviewer.ui.section_view import SectionView
from reviewer.ui.session import Change, Identity, ReviewSession
from reviewer.ui.settings import Settings

log = logging.getLogger(__name__)


class FindBar(QWidget):
    """Ctrl+F: find text in the draft, accents aside, section after section."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("Find in the draft (accents optional)"))
        self.edit.returnPressed.connect(self.find_next)
        next_button = QPushButton(_("Next"))
        next_button.clicked.connect(self.find_next)
        close = QPushButton("✕")
        close.setFlat(True)
        close.clicked.connect(self.hide)
        self.result = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(next_button)
        layout.addWidget(self.result)
        layout.addWidget(close)
        self._last: tuple[str, int] | None = None

    def find_next(self) -> None:
        needle = fold(self.edit.text().strip())
        doc = self.window.session.document
        if not needle or doc is None:
            return
        sections = doc.sections
        current = self.window.current_section_id()
        start = next((n for n, s in enumerate(sections) if s.id == current), 0)
        begin = self._last[1] + 1 if self._last and self._last[0] == current else 0
        for step in range(len(sections) + 1):
            s = sections[(start + step) % len(sections)]
            haystack = fold(f"{s.heading}\n{s.text}")
            at = haystack.find(needle, begin if step == 0 else 0)
            if at >= 0:
                original = f"{s.heading}\n{s.text}"[at: at + len(needle)]
                if s.id != current:
                    self.window.select_section(s.id)
                self.window.section_view.find_text(" ".join(original.split()))
                self._last = (s.id, at)
                self.result.setText("")
                return
        self.result.setText(_("Not found"))
        self._last = None


class MainWindow(QMainWindow):
    def __init__(self, session: ReviewSession, settings: Settings):
        super().__init__()
        self.session = session
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.setAcceptDrops(True)
        self._highlight = ""
        self._shown_section = ""
        self._recovery_timer = QTimer(self)
        self._recovery_timer.setSingleShot(True)
        self._recovery_timer.setInterval(400)
        self._recovery_timer.timeout.connect(self._save_unsaved)
        # Connected before build_ui() makes the models: on a new draft, this slot reloads them itself.
        session.changed.connect(self._session_changed)
        self.build_ui()
        self.exchange = ExchangeFolder(self)

    # ------------------------------------------------------------------ building

    def build_ui(self) -> None:
        """(Re)create every widget and menu in the current language."""
        current = self.current_section_id() if hasattr(self, "tree") else ""
        # What is being typed survives a change of language (the editor is made anew below).
        typed = (self.panel.editor.fields(), self.panel.editor.editing_id) if hasattr(self, "panel") else None
        self._retire_models()
        self.setWindowTitle(_("Draft Reviewer"))
        self.tree_model = SectionTreeModel(self.session, self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, self.tree.header().ResizeMode.ResizeToContents)
        self.section_view = SectionView()
        self.section_view.set_zoom(int(self.settings.get("ui/zoom")))
        self.section_view.zoom_changed.connect(lambda z: self.settings.set("ui/zoom", z))
        self.section_view.quote_requested.connect(self.start_quote)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.find_bar)
        centre_layout.addWidget(self.section_view, 1)
        self.panel = CommentPanel()
        self.panel.editor.save_requested.connect(self.save_comment)
        self.panel.editor.text_changed.connect(self._recovery_timer.start)
        self.panel.editor.cancel_button.clicked.connect(recovery.clear_unsaved)
        self.panel.list.edit_requested.connect(self.edit_comment)
        self.panel.list.delete_requested.connect(self.delete_comment)
        self.panel.list.resolve_requested.connect(self.resolve_conflict)
        self.panel.group_filter.currentIndexChanged.connect(lambda _i: self._show_comments())
        self.panel.kind_filter.currentIndexChanged.connect(lambda _i: self._show_comments())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.tree, centre, self.panel):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        state = self.settings.get("ui/splitter")
        if isinstance(state, QByteArray | bytes):
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([380, 580, 440])
        self.consolidation = ConsolidationView(self.session)
        self.consolidation.model.edit_requested = self._edit_from_table
        self.consolidation.jump_requested.connect(self.go_to)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, _("Review by section"))
        self.tabs.addTab(self.consolidation, _("Consolidation"))
        self.setCentralWidget(self.tabs)
        self.actions_by_name = build_menus(self)
        opening.fill_recent(self)
        if not hasattr(self, "identity_label"):
            self.identity_label = QLabel()
            self.statusBar().addPermanentWidget(self.identity_label)
        self.tree.selectionModel().currentChanged.connect(lambda cur, _prev: self._section_selected(cur))
        if self.session.document is not None:
            self.tree_model.reload()
            self.consolidation.model.reload()
            self.tree.expandAll()
            self.panel.set_groups(self.session.store.groups())
            self.panel.editor.set_authors(self.session.known_authors())
            self.select_section(current or self._first_section())
            self.setWindowTitle(f"{self.session.document.title} — {_('Draft Reviewer')}")
        if typed is not None and (typed[1] or typed[0]["text"] or typed[0]["proposal"] or typed[0]["quote"]):
            self.panel.editor.load(*typed)
        self._update_status()

    def _retire_models(self) -> None:
        """The models of the widgets being replaced stop listening to the session before they go:
        a slot of a deleted model must never run."""
        for model in (getattr(self, "tree_model", None), getattr(getattr(self, "consolidation", None), "model", None)):
            if model is not None:
                self.session.changed.disconnect(model._session_changed)
                model.deleteLater()

    # ------------------------------------------------------------------ opening drafts

    def open_path(self, path: Path, *, convert: bool = False, then=None) -> None:
        opening.open_path(self, path, convert=convert, then=then)

    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].toLocalFile().lower().endswith(opening.DRAFT_SUFFIXES):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.open_path(Path(event.mimeData().urls()[0].toLocalFile()))

    def _session_changed(self, change: Change) -> None:
        if change.draft:
            self._draft_opened()
        if change.touches_comments or change.identity:
            self._comments_changed()
        if change.identity:
            self._update_status()

    def _draft_opened(self) -> None:
        self.undo_stack.clear()
        self._shown_section = ""
        self.tree_model.reload()
        self.consolidation.model.reload()
        self.tree.expandAll()
        doc = self.session.document
        self.setWindowTitle(f"{doc.title} — {_('Draft Reviewer')}")
        self.panel.set_groups(self.session.store.groups())
        self.panel.editor.set_authors(self.session.known_authors())
        self.select_section(self._first_section())
        if self.settings.get("exchange/folder") and not self.exchange.folder:
            self.exchange.set_folder(self.settings.get("exchange/folder"))
        self.statusBar().showMessage(ngettext("{n} section read from “{name}”.", "{n} sections read from “{name}”.",
                                              len(doc.sections)).format(
            n=len(doc.sections), name=self.session.path.name if self.session.path else doc.source_name), 5000)

    def _first_section(self) -> str:
        doc = self.session.document
        if not doc or not doc.sections:
            return ""
        first = doc.sections[0]
        return doc.sections[1].id if first.id == "preamble" and len(doc.sections) > 1 else first.id

    # ------------------------------------------------------------------ sections

    def current_section_id(self) -> str:
        index = self.tree.currentIndex()
        return index.data(SECTION_ID_ROLE) or "" if index.isValid() else ""

    def select_section(self, section_id: str) -> None:
        index = self.tree_model.index_of(section_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                              | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)
            self._section_selected(index)

    def _section_selected(self, index) -> None:
        section_id = index.data(SECTION_ID_ROLE) if index.isValid() else ""
        if not section_id or section_id == self._shown_section:
            return
        self._shown_section = section_id
        self.section_view.show_section(self.session.section(section_id))
        self._show_comments()

    def _show_comments(self) -> None:
        comments = self.session.comments(section_id=self.current_section_id()) if self.current_section_id() else []
        self.panel.list.show_comments(self.panel.filtered(comments), highlight=self._highlight)

    def _step_section(self, delta: int) -> None:
        ids = self.tree_model.ordered_ids()
        if not ids:
            return
        current = self.current_section_id()
        n = ids.index(current) + delta if current in ids else 0
        self.select_section(ids[max(0, min(len(ids) - 1, n))])

    def previous_section(self) -> None:
        self._step_section(-1)

    def next_section(self) -> None:
        self._step_section(+1)

    def go_to(self, section_id: str, comment_id: str = "") -> None:
        self.tabs.setCurrentIndex(0)
        self._highlight = comment_id
        self._shown_section = ""
        self.select_section(section_id)

    # ------------------------------------------------------------------ comments

    def new_comment(self) -> None:
        self.panel.editor.reset()
        self.panel.editor.text.setFocus()

    def quote_selection(self) -> None:
        passage = self.section_view.selected_passage()
        if passage:
            self.start_quote(passage)

    def start_quote(self, passage: str) -> None:
        editor = self.panel.editor
        if editor.editing_id:
            editor.reset()
        editor.set_quote(passage)
        editor.text.setFocus()

    def save_comment(self, fields: dict, comment_id: str) -> None:
        if not self.session.draft:
            return
        try:
            if comment_id:
                old = self.session.store.comment(comment_id)
                changes = {k: v for k, v in fields.items() if getattr(old, k) != v}
                commands.edit_comment(self.undo_stack, self.session, comment_id, changes)
            else:
                if not self.session.identity.group:
                    self.ask_identity()
                    if not self.session.identity.group:
                        return
                fields = dict(fields, section_id=self.current_section_id(), group=self.session.identity.group)
                self._highlight = commands.add_comment(self.undo_stack, self.session, fields)
        except ReviewerError as exc:
            messages.show_error(self, str(exc))
            return
        recovery.clear_unsaved()
        self.panel.editor.reset()
        self.statusBar().showMessage(_("Comment saved."), 4000)

    def edit_comment(self, comment_id: str) -> None:
        c = self.session.store.comment(comment_id)
        self.panel.editor.load({"kind": c.kind, "author": c.author, "text": c.text, "quote": c.quote,
                                "proposal": c.proposal, "supporters": c.supporters}, comment_id)

    def resolve_conflict(self, comment_id: str) -> None:
        try:
            self.session.resolve_conflict(comment_id)
        except ReviewerError as exc:
            messages.show_error(self, str(exc))

    def _edit_from_table(self, comment_id: str, changes: dict) -> None:
        try:
            commands.edit_comment(self.undo_stack, self.session, comment_id, changes)
        except ReviewerError as exc:
            messages.show_error(self, str(exc))

    def delete_comment(self, comment_id: str) -> None:
        c = self.session.store.comment(comment_id)
        text = c.text if len(c.text) < 200 else c.text[:200] + "…"
        question = _("Delete this comment of {group}?\n\n“{text}”\n\nYou can undo it with Ctrl+Z.").format(
            group=c.group, text=text)
        if messages.ask(self, _("Delete comment"), question, [(_("Delete"), QMessageBox.ButtonRole.DestructiveRole),
                                                              (_("Cancel"), QMessageBox.ButtonRole.RejectRole)],
                        QMessageBox.Icon.Warning) != 0:
            return
        try:
            commands.delete_comment(self.undo_stack, self.session, comment_id)
        except ReviewerError as exc:
            messages.show_error(self, str(exc))

    def _comments_changed(self) -> None:
        self.panel.set_groups(self.session.store.groups())
        self.panel.editor.set_authors(self.session.known_authors())
        self._show_comments()

    # ------------------------------------------------------------------ unsaved text

    def _save_unsaved(self) -> None:
        editor = self.panel.editor
        if not editor.has_unsaved_text():
            recovery.clear_unsaved()
            return
        try:
            recovery.save_unsaved({"draft": self.session.draft_id, "section": self.current_section_id(),
                                   "comment": editor.editing_id, "fields": editor.fields(),
                                   "path": str(self.session.path or "")})
        except (OSError, ReviewerError) as exc:
            log.warning("could not keep the unsaved comment: %s", exc)

    def offer_recovery(self) -> None:
        state = recovery.load_unsaved()
        if not state or state.get("draft") != self.session.draft_id:
            return
        text = state["fields"].get("text", "")
        question = _("A comment was being written when Draft Reviewer last closed unexpectedly:\n\n“{text}”\n\n"
                     "Restore it?").format(text=text[:300])
        choice = messages.ask(self, _("Unsaved comment"), question, [
            (_("Restore"), QMessageBox.ButtonRole.AcceptRole), (_("Discard"), QMessageBox.ButtonRole.DestructiveRole)])
        if choice == 0:
            if state.get("section"):
                self.select_section(state["section"])
            self.panel.editor.load(state["fields"], state.get("comment") or "")
        else:
            recovery.clear_unsaved()

    def closeEvent(self, event) -> None:
        self._recovery_timer.stop()
        editor = self.panel.editor
        if editor.has_unsaved_text():
            choice = messages.ask(self, _("Unsaved comment"), _("The comment you are writing has not been saved."),
                                  [(_("Save"), QMessageBox.ButtonRole.AcceptRole),
                                   (_("Discard"), QMessageBox.ButtonRole.DestructiveRole),
                                   (_("Cancel"), QMessageBox.ButtonRole.RejectRole)])
            if choice == 2:
                event.ignore()
                return
            if choice == 0:
                editor.save()
                if editor.has_unsaved_text():  # saving failed: stay open
                    event.ignore()
                    return
            recovery.clear_unsaved()
        self.settings.set("ui/geometry", self.saveGeometry())
        self.settings.set("ui/splitter", self.splitter.saveState())
        self.settings.sync()
        event.accept()

    # ------------------------------------------------------------------ view, settings

    def show_find_bar(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.find_bar.show()
        self.find_bar.edit.setFocus()
        self.find_bar.edit.selectAll()

    def show_search(self) -> None:
        dialog = SearchDialog(self.session, self)
        dialog.chosen.connect(self.go_to)
        dialog.exec()

    def zoom_in(self) -> None:
        self.section_view.set_zoom(self.section_view.zoom + 1)

    def zoom_out(self) -> None:
        self.section_view.set_zoom(self.section_view.zoom - 1)

    def zoom_reset(self) -> None:
        self.section_view.set_zoom(0)

    def ask_identity(self) -> None:
        dialog = IdentityDialog(self.session.identity, self.session.store.groups(), self)
        if dialog.exec():
            identity = dialog.identity()
            if not identity.group:
                return
            try:
                self.session.set_identity(identity)
            except ReviewerError as exc:
                messages.show_error(self, str(exc))
                return
            self.settings.set("identity/name", identity.name)
            self.settings.set("identity/group", identity.group)
            self.settings.set("identity/role", identity.role or "")
            self.panel.editor.reset(author=identity.name)

    def load_identity(self) -> Identity:
        return Identity(self.settings.get("identity/name"), self.settings.get("identity/group"),
                        self.settings.get("identity/role") or None)

    def choose_language(self) -> None:
        dialog = LanguageDialog(self.settings.get("ui/language"), self)
        if dialog.exec():
            self.settings.set("ui/language", dialog.language())
            i18n.set_language(dialog.language() or None)
            self._shown_section = ""
            self.build_ui()

    def export_pdf(self) -> None:
        # deferred: export_dialog loads reviewer.pdf (reportlab), some 250 ms that start-up need not wait for
        from reviewer.ui.export_dialog import export_pdf_interactively

        export_pdf_interactively(self)

    def edit_conference(self) -> None:
        # deferred: as in export_pdf
        from reviewer.ui.export_dialog import edit_conference

        edit_conference(self)

    def show_about(self) -> None:
        messages.inform(self, _("About Draft Reviewer"), _("Draft Reviewer helps breakout groups review a draft report "
                                                           "section by section and brings every group's comments "
                                                           "together."))

    def _update_status(self) -> None:
        ident = self.session.identity
        if ident.group:
            who = f"{ident.name} — {ident.group}" if ident.name else ident.group
            self.identity_label.setText(_("Recording as: {who}").format(who=who))
        else:
            self.identity_label.setText(_("No group chosen yet (Settings › Who is using this laptop)"))
