"""Versions of a comment as laptops wrote them, and what merging them did.

The data the store keeps and the exchange carries; the merge rule that decides between versions is
:func:`reviewer.exchange.merge.merge_comment`.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

CONTENT_FIELDS = ("group", "author", "kind", "text", "quote", "proposal", "supporters", "status", "response",
                  "deleted")


@dataclass(slots=True)
class Version:
    """One version of a comment, as a laptop wrote it (never changed once made; not frozen only
    because frozen dataclasses are several times slower to create, and a merge makes thousands)."""

    revision: int
    device: str
    group: str
    author: str
    kind: str
    text: str
    quote: str
    proposal: str
    supporters: int
    status: str
    response: str
    updated_at: str
    deleted: bool
    section: str | None  # None: not known (a version archived before the exchange existed)

    @property
    def key(self) -> tuple[int, str]:
        return self.revision, self.device

    def content(self) -> tuple:
        return (self.group, self.author, self.kind, self.text, self.quote, self.proposal, self.supporters,
                self.status, self.response, self.deleted)

    def digest(self) -> str:
        data = [self.section, *self.content()]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()

    def rank(self) -> tuple:
        """The merge order among versions with different (revision, device): revision, then tombstone
        over edit, then device id."""
        return self.revision, self.deleted, self.device

    def order(self) -> tuple:
        """The full merge order: :meth:`rank`, then the content (only two copies of one database that
        both wrote the same revision ever need it)."""
        return self.revision, self.deleted, self.device, self.digest()

    def same_content(self, other: Version) -> bool:
        """The same text and fields; the section counts only when both versions know it."""
        if self.content() != other.content():
            return False
        return self.section is None or other.section is None or self.section == other.section

    def to_json(self) -> dict:
        return {"revision": self.revision, "device": self.device, "section": self.section, "group": self.group,
                "author": self.author, "kind": self.kind, "text": self.text, "quote": self.quote,
                "proposal": self.proposal, "supporters": self.supporters, "status": self.status,
                "response": self.response, "updated_at": self.updated_at, "deleted": self.deleted}


@dataclass(slots=True)
class CommentState:
    """Everything a laptop knows about one comment."""

    id: str
    created_at: str
    current: Version  # its section is always known
    quote_start: int | None = None
    quote_end: int | None = None
    history: list[Version] = field(default_factory=list)
    # Versions that lost a clash (same revision and device, other content): kept, never merged away.
    set_aside: list[Version] = field(default_factory=list)
    resolved: int = 0  # resolved_revision
    fork: int = 0  # fork_revision (local state; a package does not carry it, it is recomputed)
    draft: str = ""  # the draft it is attached to on this laptop ("" for a package's comment)

    def versions(self) -> list[Version]:
        return [self.current, *self.history]


@dataclass(slots=True)
class Outcome:
    """What merging one incoming comment does to this laptop's copy."""

    state: CommentState
    kind: str  # "new", "updated", "deleted", "unchanged"
    replaced: bool  # the current version changed
    history_added: list[Version]  # versions to add to the history table
    history_rewritten: list[Version]  # history rows to overwrite (same revision and device)
    changed: bool  # anything to write at all
    set_aside_added: list[Version] = field(default_factory=list)  # versions to keep apart (a clash)

    @property
    def conflict(self) -> bool:
        return self.state.fork > self.state.resolved


@dataclass(slots=True)
class MergeSummary:
    """What importing one package did; the counts are comments of that package."""

    draft: str = ""  # the draft the comments were attached to on this laptop
    draft_title: str = ""
    draft_registered: bool = False  # the draft was registered from the package's manifest
    other_version: bool = False  # attached to another version of the draft (by section id)
    device: str = ""
    group: str = ""
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    conflicts: int = 0  # comments of the package in conflict after the import
    conflict_ids: set[str] = field(default_factory=set)  # which: one comment counts once across packages
    unplaced: int = 0  # comments of the package (not deleted) whose section is not in the draft here
    changed: bool = False  # the database changed at all (history and flags included)

    def to_json(self) -> dict:
        return {"draft": self.draft, "draft_title": self.draft_title, "draft_registered": self.draft_registered,
                "other_version": self.other_version, "device": self.device, "group": self.group, "new": self.new,
                "updated": self.updated, "unchanged": self.unchanged, "deleted": self.deleted,
                "conflicts": self.conflicts, "unplaced": self.unplaced, "changed": self.changed}

    def add(self, other: MergeSummary) -> None:
        for name in ("new", "updated", "unchanged", "deleted", "unplaced"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        # A conflict is one comment, however many packages brought one of its versions.
        self.conflict_ids |= other.conflict_ids
        self.conflicts = len(self.conflict_ids)
        self.changed = self.changed or other.changed
