"""The writing desk of the main window: the comment being written, bound to its section, saved,
edited, deleted, quoted, and kept safe while unsaved. A part of MainWindow (a mixin), kept apart
so that the window's class stays about layout and reading."""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from reviewer.errors import ReviewerError
from reviewer.i18n import _, local_time
from reviewer.ui import commands, history, messages, recovery

log = logging.getLogger(__name__)


class WritingDesk:
    """Needs of the window: ``session``, ``panel``, ``section_view``, ``undo_stack``, ``settings``,
    ``current_section_id()``, ``section_label()``, ``select_section()``, ``statusBar()``."""

    def _bind_editor(self) -> None:
        """A blank editor follows the reader to the section shown; one with something in it stays
        bound to its own section and says so."""
        editor, current = self.panel.editor, self.current_section_id()
        if not editor.editing_id and not editor.has_content():
            editor.bind(current, self.section_label(current))
        editor.show_elsewhere(self.shown_sections())

    def _wire_cards(self) -> None:
        """The card chosen in the list is the one the window keeps chosen when it shows the comments
        again; an undo or a redo chooses the card it changed; an edit begun from the list ends there."""
        self.panel.list.current_changed.connect(self._card_chosen)
        self.panel.editor.discarded.connect(self._back_to_cards)
        self._edit_from_cards = False
        if not hasattr(self, "_stack_at"):  # the stack outlives the widgets a change of language rebuilds
            self._stack_at = self.undo_stack.index()
            self.undo_stack.indexChanged.connect(self._follow_stack)

    def _card_chosen(self, comment_id: str) -> None:
        self._highlight = comment_id

    def _back_to_cards(self) -> None:
        if self._edit_from_cards:
            self._edit_from_cards = False
            self.panel.list.setFocus()

    def _follow_stack(self, index: int) -> None:
        before, self._stack_at = self._stack_at, index
        command = self.undo_stack.command(index if index < before else index - 1)
        comment_id = getattr(command, "comment_id", "")
        if comment_id and comment_id in {c.id for c in self.panel.list.comments}:
            self._highlight = comment_id
            self.panel.list.set_current(comment_id, notify=False)

    def open_from_table(self, section_id: str, comment_id: str = "") -> None:
        """A row of the consolidation opened: its section, and the keys on its comment's card; a comment in
        conflict: its two versions side by side, to keep one (one deleted in the merge has no card)."""
        comment = self.session.store.comment(comment_id) if comment_id else None
        if comment is not None and (comment.deleted or comment.conflict):
            history.show_versions(self, comment_id, compare=True)
            return
        self.go_to(section_id, comment_id)
        if comment_id:
            self.panel.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_comment(self, comment_id: str) -> None:
        """A quoted passage was clicked: its comment's card, marked and scrolled to (in its own
        section, when it was a sub-section's passage shown with its parent)."""
        self._highlight = comment_id
        comment = self.session.store.comment(comment_id)
        if comment.section not in self.shown_sections():
            self.go_to(comment.section, comment_id)
            return
        self._show_comments()

    def move_comment_here(self) -> None:
        """File the comment being written under the section shown; its quote goes with it only if
        the passage is in this section too."""
        editor, current = self.panel.editor, self.current_section_id()
        section = self.session.section(current)
        if editor.quote and section is not None:
            # deferred: only this action needs the matcher
            from reviewer.textnorm import find_passage

            span = find_passage(section.text, editor.quote)
            if span is None:
                editor.set_quote("")
                self.statusBar().showMessage(_("The quoted passage is not in this section: the quote was removed."),
                                             6000)
            else:
                editor.set_quote(editor.quote, *span)
        editor.bind(current, self.section_label(current))
        editor.show_elsewhere(self.shown_sections())
        editor.text.setFocus()

    # ------------------------------------------------------------------ comments

    def _typed(self) -> tuple[dict, str, str]:
        editor = self.panel.editor
        return editor.fields(), editor.editing_id, editor.section_id

    def settle_editor(self, question: str) -> bool:
        """Before the comment being written would be replaced: save it, discard it, or stay (False)."""
        editor = self.panel.editor
        if not editor.is_dirty():
            return True
        choice = messages.ask(self, _("Unsaved comment"), question,
                              [(_("Save"), QMessageBox.ButtonRole.AcceptRole),
                               (_("Discard"), QMessageBox.ButtonRole.DestructiveRole),
                               (_("Cancel"), QMessageBox.ButtonRole.RejectRole)])
        if choice == 2:
            editor.text.setFocus()
            return False
        if choice == 0:
            editor.save()
            if editor.is_dirty():  # saving failed: keep it
                return False
        recovery.clear_unsaved()
        self._start_blank()
        return True

    def _start_blank(self) -> None:
        editor, current = self.panel.editor, self.current_section_id()
        editor.reset(author="")
        editor.bind(current, self.section_label(current))
        editor.show_elsewhere(self.shown_sections())

    def new_comment(self) -> None:
        if self.settle_editor(_("The comment you are writing has not been saved. Save it before starting "
                                "a new one?")):
            self._start_blank()
        self.panel.editor.text.setFocus()

    def quote_selection(self) -> None:
        passage = self.section_view.selected_passage()
        if passage:
            self.start_quote(passage)
        elif self.section_view.has_caret():
            self.statusBar().showMessage(_("Select the passage to quote first: Shift+arrows in the text."), 8000)
        else:
            self.statusBar().showMessage(_("Select the passage to quote first: with the mouse, or press F7 for a "
                                           "caret in the text and select with Shift+arrows."), 8000)

    def toggle_caret(self, on: bool) -> None:
        """F7: a caret in the section's text, to select a passage to quote from the keyboard."""
        self.section_view.set_caret(on)
        self.settings.set("ui/caret", bool(on))
        if on:
            self.tabs.setCurrentIndex(0)
            self.section_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.statusBar().showMessage(_("Caret on: the arrows move it in the text, Shift+arrows select, "
                                           "Ctrl+Shift+Q quotes the selection. F7 turns it off."), 10000)
        else:
            self.statusBar().showMessage(_("Caret off: the arrows scroll the text."), 5000)

    def start_quote(self, passage) -> None:
        """Quote ``passage`` (a section_view.Passage of the section shown) in the comment being written,
        or in a new one when that one belongs to another section or is an existing comment."""
        editor = self.panel.editor
        # (a sub-section shown with its parent: the passage's own section)
        current = passage.section_id or self.current_section_id()
        if editor.editing_id or (editor.section_id != current and editor.has_content()):
            where = self.section_label(editor.section_id)
            if not self.settle_editor(_("The comment you are writing belongs to section {section}. Save it "
                                        "before quoting this passage in a new comment?").format(section=where)):
                return
        if editor.editing_id or editor.section_id != current:
            self._start_blank()
            editor.bind(current, self.section_label(current))
            editor.show_elsewhere(self.shown_sections())
        editor.set_quote(passage.text, passage.start, passage.end)
        editor.text.setFocus()

    def save_comment(self, fields: dict, comment_id: str) -> None:
        if not self.session.draft:
            return
        try:
            if comment_id:
                old = self.session.store.comment(comment_id)
                if not self._still_the_one_loaded(old):
                    return
                changes = {k: v for k, v in fields.items() if getattr(old, k) != v}
                commands.edit_comment(self.undo_stack, self.session, comment_id, changes)
            else:
                if not self.session.identity.group:
                    self.ask_identity()
                    if not self.session.identity.group:
                        return
                section_id = self.panel.editor.section_id or self.current_section_id()
                fields = dict(fields, section_id=section_id, group=self.session.identity.group)
                self._highlight = commands.add_comment(self.undo_stack, self.session, fields)
        except ReviewerError as exc:
            messages.show_error(self, str(exc))
            return
        recovery.clear_unsaved()
        if comment_id:  # the card edited stays the chosen one
            self._highlight = comment_id
        where = self.panel.editor.section_id
        # The next speaker is someone else as often as not: the name is not carried over silently,
        # but offered first in the list (Down arrow).
        self.panel.editor.last_author = fields["author"]
        self.panel.editor.set_authors(self.session.known_authors())
        self._start_blank()
        message = _("Comment saved under section {section}.").format(section=self.section_label(where))
        self.statusBar().showMessage(message, 6000)
        self._back_to_cards()

    def _still_the_one_loaded(self, now) -> bool:
        """An edit saved over a version that arrived meanwhile (another laptop, the table) asks first:
        saving would replace it without a word (it would stay only in the history)."""
        editor = self.panel.editor
        if editor.loaded_revision is None or now.revision == editor.loaded_revision:
            return True
        question = _("While you were editing, this comment was changed ({group}, {time}):\n\n“{text}”\n\n"
                     "Save your version over it? The other stays in the comment's history.").format(
            group=now.group, time=local_time(now.updated_at), text=now.text[:300])
        choice = messages.ask(self, _("Changed meanwhile"), question,
                              [(_("Save mine"), QMessageBox.ButtonRole.AcceptRole),
                               (_("Show the new version"), QMessageBox.ButtonRole.DestructiveRole),
                               (_("Cancel"), QMessageBox.ButtonRole.RejectRole)], QMessageBox.Icon.Warning)
        if choice == 0:
            return True
        if choice == 1:
            editor.editing_id = ""  # (nothing to settle: the user chose to drop their edit)
            recovery.clear_unsaved()
            self.edit_comment(now.id)
        return False

    def edit_comment(self, comment_id: str) -> None:
        editor, cards = self.panel.editor, self.panel.list
        # Begun from the cards (a key, or their menu): saving or cancelling goes back to them.
        from_cards = cards.hasFocus() or (QApplication.activePopupWidget() is not None and cards.isVisible())
        if editor.editing_id != comment_id and not self.settle_editor(
                _("The comment you are writing has not been saved. Save it before editing another?")):
            return
        c = self.session.store.comment(comment_id)
        if c.section != self.current_section_id():
            self.select_section(c.section)
        editor.load({"kind": c.kind, "author": c.author, "text": c.text, "quote": c.quote,
                     "quote_start": c.quote_start, "quote_end": c.quote_end, "proposal": c.proposal,
                     "supporters": c.supporters}, comment_id, section_id=c.section, label=self.section_label(c.section))
        editor.loaded_revision = c.revision
        editor.show_elsewhere(self.shown_sections())
        self._edit_from_cards = from_cards
        self._highlight = comment_id  # the card being edited is the one marked
        cards.set_current(comment_id, notify=False)
        editor.text.setFocus()

    def resolve_conflict(self, comment_id: str) -> None:
        try:
            self.session.resolve_conflict(comment_id)
        except ReviewerError as exc:
            messages.show_error(self, str(exc))

    def show_versions(self, comment_id: str, compare: bool) -> None:
        history.show_versions(self, comment_id, compare=compare)

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
            return
        self.statusBar().showMessage(_("Comment deleted. Ctrl+Z brings it back."), 6000)

    def _report_step(self, template: str, what: str) -> None:
        if what:
            self.statusBar().showMessage(template.format(what=what), 5000)

    def _comments_changed(self) -> None:
        self.panel.set_groups(self.session.store.groups())
        self.panel.editor.set_authors(self.session.known_authors())
        current = self.current_section_id()
        comments = self.session.comments(section_id=current) if current else []
        if current:  # the highlights follow the comments; the reader keeps their place
            bar = self.section_view.verticalScrollBar()
            at = bar.value()
            comments = self._show_section_text(current, comments)
            bar.setValue(at)
        self._show_comments(comments)

    # ------------------------------------------------------------------ unsaved text

    def _save_unsaved(self) -> None:
        editor = self.panel.editor
        if not editor.has_unsaved_text():
            recovery.clear_unsaved()
            return
        try:
            recovery.save_unsaved({"draft": self.session.draft_id,
                                   "section": editor.section_id or self.current_section_id(),
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
            section_id = state.get("section") or self.current_section_id()
            self.select_section(section_id)
            editor = self.panel.editor
            editor.load(state["fields"], state.get("comment") or "", section_id=section_id,
                        label=self.section_label(section_id))
            editor.mark_unsaved()  # what was restored is not saved yet: Ctrl+N, Cancel and closing ask
        else:
            recovery.clear_unsaved()

