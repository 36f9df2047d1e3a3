"""The main window: outline on the left, the section in the centre, its comments on the right."""
from __future__ import annotations

import logging
from operator import attrgetter
from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reviewer import i18n
from reviewer.errors import ReviewerError
from reviewer.i18n import _, ngettext
from reviewer.model import full_headings
from reviewer.textnorm import fold
from reviewer.ui import about, messages, opening, recovery, revise_ui
from reviewer.ui.actions import build_menus
from reviewer.ui.busy import busy
from reviewer.ui.comment_panel import CommentPanel
from reviewer.ui.consolidation import ConsolidationView
from reviewer.ui.dialogs import IdentityDialog, LanguageDialog, SearchDialog
from reviewer.ui.exchange_ui import ExchangeFolder
from reviewer.ui.find_bar import FindBar
from reviewer.ui.models import SECTION_ID_ROLE, SectionTreeModel
from reviewer.ui.section_view import SectionView
from reviewer.ui.session import Change, Identity, ReviewSession
from reviewer.ui.settings import Settings
from reviewer.ui.shortcuts import shortcut
from reviewer.ui.writing import WritingDesk
from reviewer.vocab import role_label

log = logging.getLogger(__name__)
SUB_SECTIONS_SHOWN, SUB_SECTION_CHARS = 60, 150_000  # shown with a parent: some 40 pages at most


class MainWindow(WritingDesk, QMainWindow):
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
        typed = self._typed() if hasattr(self, "panel") else None
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
        self.section_view.set_caret(self.settings.get("ui/caret"))
        self.section_view.zoom_changed.connect(lambda z: self.settings.set("ui/zoom", z))
        self.section_view.quote_requested.connect(self.start_quote)
        self.section_view.quote_clicked.connect(self.show_comment)
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
        self.panel.editor.discarded.connect(recovery.clear_unsaved)
        self.panel.editor.go_to_requested.connect(self.select_section)
        self.panel.editor.move_here_requested.connect(self.move_comment_here)
        self.panel.list.edit_requested.connect(self.edit_comment)
        self.panel.list.delete_requested.connect(self.delete_comment)
        self.panel.list.resolve_requested.connect(self.resolve_conflict)
        self.panel.list.set_session(self.session)  # the cards read their marks; seen goes through the session
        self.panel.list.versions_requested.connect(self.show_versions)
        self.panel.list.take_up_requested.connect(lambda comment_id: revise_ui.take_up(self, comment_id))
        self._wire_cards()
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
        panel_state = self.settings.get("ui/panel_splitter")
        if isinstance(panel_state, QByteArray | bytes):
            self.panel.splitter.restoreState(panel_state)
        else:
            QTimer.singleShot(0, self.panel.balance)
        _pane_keys(self)
        self.consolidation = ConsolidationView(self.session)
        self.consolidation.model.edit_requested = self._edit_from_table
        self.consolidation.jump_requested.connect(self.open_from_table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, _("Review by section"))
        self.tabs.addTab(self.consolidation, _("Consolidation"))
        self.setCentralWidget(self.tabs)
        self.actions_by_name = build_menus(self)
        # After the stack has moved: what was undone is now the command to redo, and the reverse.
        self.actions_by_name["undo"].triggered.connect(lambda: self._report_step(_("Undone: {what}."),
                                                                                 self.undo_stack.redoText()))
        self.actions_by_name["redo"].triggered.connect(lambda: self._report_step(_("Redone: {what}."),
                                                                                 self.undo_stack.undoText()))
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
            self.select_section(current or self._reading_place())
            self.setWindowTitle(_window_title(self.session))
        if typed is not None and (typed[1] or typed[0]["text"] or typed[0]["proposal"] or typed[0]["quote"]):
            fields, comment_id, section_id = typed
            self.panel.editor.load(fields, comment_id, section_id=section_id, label=self.section_label(section_id))
            self.panel.editor.show_elsewhere(self.shown_sections())
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
        if self.session.document is not None and not self.settle_editor(
                _("The comment you are writing on this draft has not been saved. Save it before opening "
                  "another draft?")):
            return
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
        self.setWindowTitle(_window_title(self.session))
        self.panel.set_groups(self.session.store.groups())
        self.panel.editor.set_authors(self.session.known_authors())
        self._start_blank()
        self.select_section(self._reading_place())
        if self.settings.get("exchange/folder") and not self.exchange.folder:
            self.exchange.set_folder(self.settings.get("exchange/folder"))
        self.statusBar().showMessage(ngettext("{n} section read from “{name}”.", "{n} sections read from “{name}”.",
                                              len(doc.sections)).format(
            n=len(doc.sections), name=self.session.path.name if self.session.path else doc.source_name), 5000)

    def _reading_place(self) -> str:
        """Where reading resumes: the section last read in this draft, else the first with text of its
        own (a top-level heading seldom has any)."""
        doc = self.session.document
        if not doc or not doc.sections:
            return ""
        last = self.settings.get(f"reading/{self.session.draft_id}")
        if last and self.session.section(last) is not None:
            return last
        body = [s for s in doc.sections if s.id != "preamble"] or doc.sections
        return next((s.id for s in body if s.text.strip()), body[0].id)

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
        comments = self._show_section_text(section_id, self.session.comments(section_id=section_id))
        self._show_comments(comments)
        self._bind_editor()
        if self.session.draft_id:
            self.settings.set(f"reading/{self.session.draft_id}", section_id)

    def shown_sections(self) -> set[str]:
        """The section chosen and the sub-sections shown with it."""
        return {p.section.id for p in self.section_view.parts} | {self.current_section_id()}

    def _show_section_text(self, section_id: str, comments) -> list:
        """The section's text with its quotes marked; its sub-sections follow it when the user asked
        for that, or when it has no text of its own (a part or chapter heading)."""
        section = self.session.section(section_id)
        subs = []
        if section is not None and (self.settings.get("ui/with_subsections") or not section.blocks):
            subs = self._descendants(section_id)
        quoted = list(comments)
        if subs:
            sub_ids = {s.id for s in subs}
            quoted += self.session.comments(section_ids=sub_ids)
        quotes = [(c.id, c.section, c.quote_start, c.quote_end) for c in quoted if c.quote]
        self.section_view.show_section(section, quotes, subs)
        self.find_bar.mark_shown()  # while Ctrl+F's bar is open, its matches stay marked section after section
        return quoted  # the comments of every section shown

    def _descendants(self, section_id: str) -> list:
        """The sub-sections of a section in reading order, as many as a reader would scroll through."""
        doc = self.session.document
        inside, out, chars = {section_id}, [], 0
        for s in doc.sections:
            if s.parent in inside:
                inside.add(s.id)
                out.append(s)
                chars += len(s.text)
                if len(out) >= SUB_SECTIONS_SHOWN or chars > SUB_SECTION_CHARS:
                    break
        return out

    def section_label(self, section_id: str) -> str:
        """A section named out of context: its full number ("PHẦN THỨ NHẤT › I.3.1.a)") and the start of
        its title."""
        section = self.session.section(section_id) if section_id else None
        if section is None:
            return ""
        doc = self.session.document
        if getattr(self, "_paths_of", None) is not doc:  # full paths, made once per draft
            self._paths_of, self._paths = doc, full_headings(doc.sections)
        heading = self._paths.get(section_id) or section.heading or _("(text before the first heading)")
        return heading if len(heading) <= 80 else heading[:79].rstrip() + "…"

    def _show_comments(self, comments=None) -> None:
        if comments is None:
            current, shown = self.current_section_id(), self.shown_sections()
            comments = (self.session.comments(section_id=current) if len(shown) == 1 else
                        self.session.comments(section_ids=shown)) if current else []
        self.panel.list.show_comments(self.panel.filtered(comments), highlight=self._highlight)

    def toggle_sub_sections(self, on: bool) -> None:
        self.settings.set("ui/with_subsections", bool(on))
        self._shown_section = ""
        self._section_selected(self.tree.currentIndex())

    def _step_section(self, delta: int) -> None:
        ids = self.tree_model.ordered_ids()
        if not ids:
            return
        current = self.current_section_id()
        n = ids.index(current) + delta if current in ids else 0
        self.select_section(ids[max(0, min(len(ids) - 1, n))])

    def previous_section(self) -> None:
        if not self._combo_keeps_its_key():
            self._step_section(-1)

    def next_section(self) -> None:
        if not self._combo_keeps_its_key():
            self._step_section(+1)

    @staticmethod
    def _combo_keeps_its_key() -> bool:
        """Alt+Down in a drop-down list opens it, as everywhere else, rather than changing section."""
        focus = QApplication.focusWidget()
        combo = focus if isinstance(focus, QComboBox) else None
        if combo is None and focus is not None and isinstance(focus.parent(), QComboBox):
            combo = focus.parent()  # the line edit of an editable list
        if combo is None:
            return False
        combo.showPopup()
        return True

    def go_to(self, section_id: str, comment_id: str = "") -> None:
        self.tabs.setCurrentIndex(0)
        self._highlight = comment_id
        self._shown_section = ""
        self.select_section(section_id)

    def closeEvent(self, event) -> None:
        self._recovery_timer.stop()
        editor = self.panel.editor
        if editor.has_unsaved_text():
            choice = messages.ask(self, _("Unsaved comment"), _("The comment you are writing has not been saved. "
                                                                "Save it before closing?"),
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
        self.settings.set("ui/panel_splitter", self.panel.splitter.saveState())
        self.settings.sync()
        event.accept()

    # ------------------------------------------------------------------ view, settings

    def show_find_bar(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.find_bar.open()

    def show_search(self) -> None:
        dialog = SearchDialog(self.session, self, label=self.section_label)
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
                with busy():  # the outline's counts of the user's own group, recounted
                    self.session.set_identity(identity)
            except ReviewerError as exc:
                messages.show_error(self, str(exc))
                return
            for key, value in (("name", identity.name), ("group", identity.group), ("role", identity.role or "")):
                self.settings.set(f"identity/{key}", value)
            self.panel.editor.reset(author="")  # the secretary records delegates: never their own name by default

    def load_identity(self) -> Identity:
        return Identity(self.settings.get("identity/name"), self.settings.get("identity/group"),
                        self.settings.get("identity/role") or None)

    def choose_language(self) -> None:
        dialog = LanguageDialog(self.settings.get("ui/language"), self)
        if dialog.exec():
            self.settings.set("ui/language", dialog.language())
            i18n.set_language(dialog.language() or None)
            self._shown_section = ""
            size, panel, place = self.size(), self.panel.splitter.saveState(), self.section_view.place()
            pane = _pane_with_focus(self)
            self.settings.set("ui/splitter", self.splitter.saveState())
            self.settings.set("ui/panel_splitter", panel)
            self.build_ui()
            self.resize(size)  # the new words must not widen the window
            self.section_view.restore_place(place)  # and the reader stays where they were, the keys too
            if pane:
                attrgetter(pane)(self).setFocus(Qt.FocusReason.OtherFocusReason)

    def export_pdf(self) -> None:
        # deferred: export_dialog loads reviewer.pdf (reportlab), some 250 ms that start-up need not wait for
        from reviewer.ui.export_dialog import export_pdf_interactively

        export_pdf_interactively(self)

    def edit_conference(self) -> None:
        # deferred: as in export_pdf
        from reviewer.ui.export_dialog import edit_conference

        edit_conference(self)

    def show_about(self) -> None:
        about.about_dialog(self).exec()

    def show_shortcuts(self) -> None:
        about.shortcuts_dialog(self).exec()

    def _update_status(self) -> None:
        ident = self.session.identity
        if ident.group:
            self.identity_label.setText(_("Recording as: {who}").format(who=_who(ident)))
        else:
            self.identity_label.setText(_("No group chosen yet (Settings › Who is using this laptop)"))


def _who(ident: Identity) -> str:
    who = f"{ident.name} — {ident.group}" if ident.name else ident.group
    # A role the group already names ("Ban thư ký (ban thư ký hội nghị)") is not said twice.
    if not ident.role or fold(role_label(ident.role)).startswith(fold(ident.group)):
        return who
    return f"{who} ({role_label(ident.role)})"


def _window_title(session: ReviewSession) -> str:
    """The draft's title, and which version it is when it is a revision: two versions of one report share
    their title."""
    title = session.document.title
    version = revise_ui.draft_version(session.store, session.draft_id)
    if version > 1:
        title = _("{title} — version {n}").format(title=title, n=version)
    return f"{title} — {_('Draft Reviewer')}"


_PANES = ("tree", "section_view", "panel.list", "panel.editor.text", "consolidation.table")


def _pane_with_focus(window) -> str:
    """Which pane has the keys (as a path of attributes, to find it again in widgets made anew), or ""."""
    focus = window.focusWidget()
    for path in _PANES if focus is not None else ():
        pane = attrgetter(path)(window)
        if pane is focus or pane.isAncestorOf(focus):
            return path
    return ""


def _pane_keys(window) -> None:
    """F6 / Shift+F6 go round the panes of the reading tab, as in most programs: the outline, the text, the
    section's comments, the comment being written."""
    def next_pane(step: int) -> None:
        panes = [window.tree, window.section_view, window.panel.list, window.panel.editor.text]
        focus = QApplication.focusWidget()
        here = next((n for n, pane in enumerate(panes) if pane is focus or pane.isAncestorOf(focus)),
                    len(panes) - 1 if step > 0 else 0)
        panes[(here + step) % len(panes)].setFocus(Qt.FocusReason.ShortcutFocusReason)

    for pane in (window.tree, window.section_view):  # where the keys went, plainly (the cards frame their own)
        pane.setStyleSheet(f"{type(pane).__name__}:focus {{ border: 2px solid #2a6fdb; }}")
    for keys, step in (("F6", 1), ("Shift+F6", -1)):  # from anywhere while the reading tab is shown (the tab bar)
        shortcut(keys, window.splitter, lambda step=step: next_pane(step), Qt.ShortcutContext.WindowShortcut)
