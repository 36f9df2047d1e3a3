"""The window's one gateway to the core: every change goes through here and is announced once.

Views never write to the store. They call a session method (usually through an undo
command); the session commits through the store and emits one signal naming what
changed, and each view decides what to redraw.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from reviewer.model import Document
from reviewer.store import Comment, Store


@dataclass
class Identity:
    """Who is using this laptop: shown in the status bar, the default author and group."""

    name: str = ""
    group: str = ""
    role: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.group)


class ReviewSession(QObject):
    draft_opened = Signal()
    comment_added = Signal(str)  # comment id
    comment_changed = Signal(str)
    comment_removed = Signal(str)
    identity_changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.document: Document | None = None
        self.draft: dict | None = None
        self.path: Path | None = None
        self.identity = Identity()
        self._section_index: dict[str, int] = {}

    # ------------------------------------------------------------------ drafts

    def open_document(self, document: Document, path: Path | None) -> None:
        """Show a parsed draft, registering it on first sight."""
        self.draft = self.store.register_draft(document, file_name=path.name if path else document.source_name)
        self.document = document
        self.path = path
        self._section_index = {s.id: n for n, s in enumerate(document.sections)}
        self.draft_opened.emit()

    @property
    def draft_id(self) -> str:
        return self.draft["id"] if self.draft else ""

    def section(self, section_id: str):
        if self.document is None or section_id not in self._section_index:
            return None
        return self.document.sections[self._section_index[section_id]]

    # ------------------------------------------------------------------ comments

    def comments(self, *, section_id: str | None = None) -> list[Comment]:
        if not self.draft:
            return []
        return self.store.comments(self.draft_id, section_id=section_id)

    def add_comment(self, **fields) -> Comment:
        comment = self.store.add_comment(draft_id=self.draft_id, **fields)
        self.comment_added.emit(comment.id)
        return comment

    def edit_comment(self, comment_id: str, **changes) -> Comment:
        comment = self.store.edit_comment(comment_id, **changes)
        self.comment_changed.emit(comment_id)
        return comment

    def delete_comment(self, comment_id: str) -> Comment:
        comment = self.store.delete_comment(comment_id)
        self.comment_removed.emit(comment_id)
        return comment

    def restore_comment(self, comment_id: str) -> Comment:
        comment = self.store.restore_comment(comment_id)
        self.comment_added.emit(comment_id)
        return comment

    def set_identity(self, identity: Identity) -> None:
        self.identity = identity
        if identity.group:
            self.store.add_group(identity.group)
            if identity.name:
                self.store.add_delegate(identity.name, identity.group, identity.role)
        self.identity_changed.emit()

    def known_authors(self) -> list[str]:
        names = {d["name"] for d in self.store.delegates()}
        names.update(c.author for c in self.comments() if c.author)
        return sorted(names)
