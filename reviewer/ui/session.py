"""The window's one gateway to the core: every change goes through here and is announced once.

Views never write to the store. They call a session method (usually through an undo
command); the session commits through the store and emits ``changed`` with a :class:`Change`
naming what changed, and each view decides what to redraw. Reads may go to ``session.store``.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from reviewer.exchange import SyncResult, import_packages
from reviewer.model import Document
from reviewer.store import Comment, Store, listing, revise, seed_sample_comments, similar


@dataclass
class Identity:
    """Who is using this laptop: shown in the status bar, the default author and group."""

    name: str = ""
    group: str = ""
    role: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.group)


@dataclass(frozen=True)
class Change:
    """What one write changed, for the views to decide what to redraw."""

    comments: frozenset[str] = frozenset()  # written by this window (the exchange folder sends these on)
    everything: bool = False  # any comment of the draft, and its groups: after a merge, an import, the samples
    draft: bool = False  # another draft is shown
    identity: bool = False  # who uses this laptop (and so the groups and delegates known)
    conference: bool = False  # the conference's settings: the printed header, the exchange passphrase
    seen: frozenset[str] = frozenset()  # changes from other laptops looked at (local: nothing to send)

    @property
    def touches_comments(self) -> bool:
        return bool(self.comments) or self.everything


WATCH_MS = 2000


class ReviewSession(QObject):
    changed = Signal(object)  # a Change
    draft_opened = Signal()  # a convenience (for waiting on a draft), emitted by _announce after ``changed``

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.document: Document | None = None
        self.draft: dict | None = None
        self.path: Path | None = None
        self.identity = Identity()
        self._section_index: dict[str, int] = {}
        self._listed: tuple[tuple, list[Comment]] | None = None  # the last few sections' comments read
        self._authors: tuple[str, set[str]] | None = None  # the draft's authors, and the comments changed since
        self._authored: set[str] = set()
        # Another process may write to the same database (the command line, a second window): SQLite
        # counts commits made by other connections, and a look every two seconds costs nothing.
        self._data_version = self._other_writes()
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self.check_other_writers)
        self._watch.start()

    def _other_writes(self) -> int:
        try:
            return self.store.db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:  # a closed or vanished database: nothing to watch
            return -1

    def check_other_writers(self) -> bool:
        """Redraw when another process has committed to the database since we last looked."""
        seen = self._other_writes()
        if seen == self._data_version or seen < 0:
            return False
        self._data_version = seen
        if self.draft:
            self._announce(Change(everything=True))
        return True

    def _announce(self, change: Change) -> None:
        """The one place the session's signals are emitted."""
        self._listed = None
        if change.everything or change.draft:
            self._authors = None
        self._authored |= change.comments
        if change.everything:  # (a merge made by our own worker need not be redrawn twice)
            self._data_version = self._other_writes()
        self.changed.emit(change)
        if change.draft:
            self.draft_opened.emit()

    # ------------------------------------------------------------------ drafts

    def open_document(self, document: Document, path: Path | None) -> None:
        """Show a parsed draft, registering it on first sight."""
        self.draft = self.store.register_draft(document, file_name=path.name if path else document.source_name,
                                               content=_docx_bytes(path))
        self.document = document
        self.path = path
        self._section_index = {s.id: n for n, s in enumerate(document.sections)}
        self._announce(Change(draft=True))

    @property
    def draft_id(self) -> str:
        return self.draft["id"] if self.draft else ""

    def section(self, section_id: str):
        if self.document is None or section_id not in self._section_index:
            return None
        return self.document.sections[self._section_index[section_id]]

    def seed_sample(self, draft_id: str) -> int:
        """The bundled sample's comments, on a draft that has none; returns how many were added."""
        added = seed_sample_comments(self.store, draft_id)
        if added:
            self._announce(Change(everything=True))
        return added

    # ------------------------------------------------------------------ comments

    def comments(self, *, section_id: str | None = None, section_ids: Iterable[str] | None = None) -> list[Comment]:
        """The draft's comments: of one section, of a few (``section_ids``), or all of them (never on a
        province's draft, where that is 500,000)."""
        if not self.draft:
            return []
        if section_ids is not None:
            # A part and its chapters are read twice per switch (their quotes, then their cards): thousands of
            # comments on a province's draft. Kept until the next change is announced.
            key = (self.draft_id, frozenset(section_ids))
            if self._listed is None or self._listed[0] != key:
                self._listed = (key, listing.comments_in_sections(self.store, self.draft_id, key[1]))
            return list(self._listed[1])
        return self.store.comments(self.draft_id, section_id=section_id)

    def add_comment(self, **fields) -> Comment:
        comment = self.store.add_comment(draft_id=self.draft_id, **fields)
        self._announce(Change(comments=frozenset({comment.id})))
        return comment

    def accept_carried(self, comment_id: str) -> None:
        """A comment carried to a revised version: its proposed place confirmed."""
        revise.accept_place(self.store, comment_id)
        self._announce(Change(comments=frozenset({comment_id})))

    def move_carried(self, comment_id: str, section_id: str) -> None:
        revise.place_in_section(self.store, comment_id, section_id)
        self._announce(Change(comments=frozenset({comment_id})))

    def leave_carried_unplaced(self, comment_id: str) -> None:
        revise.leave_unplaced(self.store, comment_id)
        self._announce(Change(comments=frozenset({comment_id})))

    def restore_carried(self, comment_id: str, section_id: str | None, state: str) -> None:
        """A carried comment's place and state as they were before a decision (undo)."""
        revise.restore_place(self.store, comment_id, section_id, state)
        self._announce(Change(comments=frozenset({comment_id})))

    def confirm_similar(self, comment_ids: list[str]) -> None:
        """The secretariat confirms comments of one section as one cluster (see reviewer.store.similar)."""
        similar.confirm_cluster(self.store, comment_ids)
        self._announce(Change(comments=frozenset(comment_ids)))

    def split_similar(self, comment_ids: list[str], *, cluster_id: str | None = None) -> None:
        """A suggested cluster set aside, or a confirmed one (``cluster_id``) undone: never suggested again."""
        similar.split_cluster(self.store, cluster_id=cluster_id, comment_ids=() if cluster_id else comment_ids)
        self._announce(Change(comments=frozenset(comment_ids)))

    def add_comments(self, rows: list[dict]) -> list[Comment]:
        """Many comments in one transaction (comments imported from Word), announced once."""
        added = self.store.add_comments([{"draft_id": self.draft_id, **row} for row in rows])
        self._announce(Change(comments=frozenset(c.id for c in added), everything=True))
        return added

    def edit_comment(self, comment_id: str, **changes) -> Comment:
        comment = self.store.edit_comment(comment_id, **changes)
        self._announce(Change(comments=frozenset({comment_id})))
        return comment

    def edit_comments(self, changes: dict[str, dict]) -> None:
        """Many edits in one transaction (answers read back from Word), announced once."""
        self.store.edit_comments(changes)
        self._announce(Change(comments=frozenset(changes)))

    def delete_comment(self, comment_id: str) -> Comment:
        comment = self.store.delete_comment(comment_id)
        self._announce(Change(comments=frozenset({comment_id})))
        return comment

    def restore_comment(self, comment_id: str) -> Comment:
        comment = self.store.restore_comment(comment_id)
        self._announce(Change(comments=frozenset({comment_id})))
        return comment

    def delete_comments(self, comment_ids: list[str]) -> None:
        """Many comments deleted (an import undone), announced once."""
        for comment_id in comment_ids:
            self.store.delete_comment(comment_id)
        self._announce(Change(comments=frozenset(comment_ids), everything=True))

    def restore_comments(self, comment_ids: list[str]) -> None:
        for comment_id in comment_ids:
            self.store.restore_comment(comment_id)
        self._announce(Change(comments=frozenset(comment_ids), everything=True))

    def resolve_conflict(self, comment_id: str) -> Comment:
        """Mark a conflict as looked at; this travels to the other laptops like an edit."""
        comment = self.store.resolve_conflict(comment_id)
        self._announce(Change(comments=frozenset({comment_id})))
        return comment

    def mark_seen(self, comment_id: str) -> None:
        """The user has looked at a change that came from another laptop (kept on this laptop only)."""
        self.store.mark_seen(comment_id)
        self._announce(Change(seen=frozenset({comment_id})))

    def known_authors(self) -> list[str]:
        """Delegates and the authors of the draft's comments. Read after every saved comment: the draft's are
        kept, and only the changed comments' added to them (a tenth of a second each time at 500,000)."""
        names = {d["name"] for d in self.store.delegates()}
        if self.draft:
            if self._authors is None or self._authors[0] != self.draft_id:
                self._authors = (self.draft_id, listing.known_authors(self.store, self.draft_id))
            elif self._authored:
                self._authors[1].update(listing.authors_of(self.store, self._authored))
            self._authored = set()
            names.update(self._authors[1])
        return sorted(names)

    # ------------------------------------------------------------------ comments from other laptops

    def receive_packages(self, paths: Sequence[str | Path]) -> list[tuple[str, object]]:
        """Merge comment packages; ``(path, MergeSummary or the error that refused it)`` per file."""
        try:
            return import_packages(self.store, list(paths))
        finally:  # a database error part-way still leaves the earlier packages merged
            self._announce(Change(everything=True))

    def receive_job(self, paths: Sequence[str | Path]):
        """Merging comment packages as a worker's job (``run_in_background(..., store_path=)``): on the
        worker's own Store, reporting after each file and stopping between files when cancelled. Call
        :meth:`received` when it ends, however it ends."""
        paths = list(paths)
        return lambda job: import_packages(job.store, paths, progress=job.report)

    def received(self) -> None:
        """A worker merged packages into this database (see :meth:`receive_job`)."""
        self._announce(Change(everything=True))

    def merged_in_background(self, result: SyncResult) -> None:
        """A worker's pass over the exchange folder, on its own Store, has finished."""
        if result.changed:
            self._announce(Change(everything=True))

    # ------------------------------------------------------------------ settings kept in the database

    def set_identity(self, identity: Identity) -> None:
        # The secretariat is no breakout group: it is not counted among the groups ("4/6 tổ nhất trí")
        # until it records a comment of its own.
        if identity.group and identity.role != "ban_thu_ky":
            self.store.add_group(identity.group)
            if identity.name:
                self.store.add_delegate(identity.name, identity.group, identity.role)
        self.identity = identity
        self._announce(Change(identity=True))

    def set_conference(self, **values: str | None) -> None:
        """The printed header's settings; None puts one back to its default."""
        self.store.set_conference(**values)
        self._announce(Change(conference=True))

    def set_passphrase(self, passphrase: str) -> None:
        """The passphrase every laptop of the conference signs its packages with ("" for none)."""
        self.store.exchange.set_passphrase(passphrase)
        self._announce(Change(conference=True))


def _docx_bytes(path: Path | None) -> bytes | None:
    """The draft's file, kept in the database for Word exports; None for an old .doc (converted on the fly)
    or a file that cannot be read again."""
    if path is None or path.suffix.lower() != ".docx":
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None
