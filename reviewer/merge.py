"""Merging comments that travelled between laptops: the rule, and applying a package to the store.

Every version of a comment is identified by ``(revision, device)``: the revision counter the
comment had when that laptop wrote it, and the laptop's device id. A laptop knows a set of
versions of each comment (the current one plus its history); merging two laptops' knowledge is
the union of the two sets, so merging is idempotent and the order of merges does not matter.
From the set:

* **the winner** (the comment's current version) is the greatest version by
  ``(revision, deleted, device id, content digest)``: the higher revision counter wins; at the
  same revision a tombstone wins over an edit (an edit made without knowing of the deletion does
  not resurrect the comment unless its revision is really higher); then the greater device id
  (plain string comparison); the SHA-256 of the content only separates versions that claim the
  same revision and device (a database copied to another laptop). Wall-clock times are never
  compared.
* **every other version** is kept in the history;
* **a conflict**: two different devices wrote different content at the same revision (two
  laptops edited the same comment independently; diverging histories always meet at such a
  revision). ``fork_revision`` is the highest such revision; the secretariat can mark it as looked
  at (``resolved_revision``), and the comment is in conflict while
  ``fork_revision > resolved_revision``. Both numbers only grow, so they merge like the rest.

Nothing here touches the database: :func:`merge_comment` is a pure function, and
:func:`apply_package` hands it to :meth:`reviewer.store.Store.apply_package`, which runs the
whole package in one transaction.
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

    @property
    def conflict(self) -> bool:
        return self.state.fork > self.state.resolved


def fork_revision(versions: list[Version]) -> int:
    """The highest revision at which two devices wrote different content (0 when none did)."""
    by_revision: dict[int, list[Version]] = {}
    for v in versions:
        by_revision.setdefault(v.revision, []).append(v)
    fork = 0
    for revision, group in by_revision.items():
        if revision <= fork or len(group) < 2:
            continue
        if _pairwise_differ(group):
            fork = revision
    return fork


def _pairwise_differ(group: list[Version]) -> bool:
    # same_content ignores an unknown section, so it is not transitive: compare every pair.
    return any(not a.same_content(b) for i, a in enumerate(group) for b in group[i + 1:])


def merge_comment(local: CommentState | None, incoming: CommentState) -> Outcome:
    """The union of what this laptop and the package know about one comment."""
    if local is None:
        versions = {v.key: v for v in incoming.history}
        versions[incoming.current.key] = incoming.current
        # Keyed by (revision, device), so rank() orders them all (the content is never needed).
        winner = max(versions.values(), key=Version.rank)
        state = CommentState(id=incoming.id, created_at=incoming.created_at, current=winner,
                             quote_start=incoming.quote_start, quote_end=incoming.quote_end,
                             history=sorted((v for v in versions.values() if v is not winner), key=Version.rank),
                             resolved=incoming.resolved, fork=fork_revision(list(versions.values())))
        return Outcome(state, "deleted" if winner.deleted else "new", True, list(state.history), [], True)

    versions: dict[tuple[int, str], Version] = {v.key: v for v in local.versions()}
    added: list[Version] = []  # versions this laptop did not know
    rewritten: list[Version] = []  # history rows to overwrite (same revision and device)
    clash = 0  # a revision where two laptops claim the same (revision, device) with different content
    displaced: Version | None = None  # took the slot of the local current version
    for v in incoming.versions():
        mine = versions.get(v.key)
        if mine is None:
            versions[v.key] = v
            added.append(v)
        elif mine.same_content(v):
            if mine.section is None and v.section is not None:
                versions[v.key] = v  # the same version, now with its section
                rewritten.append(v)
        else:
            # Only a database copied to another laptop (the same device id) gets here: keep one
            # of the two, the same one everywhere, and flag the comment.
            clash = max(clash, v.revision)
            if v.order() > mine.order():
                versions[v.key] = v
                if mine is local.current:
                    displaced = v
                else:
                    rewritten.append(v)
    winner = max(versions.values(), key=Version.rank)
    replaced = winner is not local.current
    history_added = [v for v in added if v is not winner]
    if replaced:
        if displaced is None:
            history_added.append(local.current)  # the old current version goes to the history
        elif winner is not displaced:
            history_added.append(displaced)
    if winner in rewritten:
        rewritten.remove(winner)
    fork = max(local.fork, fork_revision(list(versions.values())), clash)
    resolved = max(local.resolved, incoming.resolved)
    from_package = replaced and winner is incoming.current
    state = CommentState(
        id=local.id, created_at=min(local.created_at, incoming.created_at), current=winner,
        quote_start=incoming.quote_start if from_package else local.quote_start,
        quote_end=incoming.quote_end if from_package else local.quote_end,
        history=sorted((v for v in versions.values() if v is not winner), key=Version.rank),
        resolved=resolved, fork=fork, draft=local.draft)
    if not replaced or (winner.deleted and local.current.deleted):
        kind = "unchanged"
    else:
        kind = "deleted" if winner.deleted else "updated"
    changed = (replaced or bool(history_added) or bool(rewritten) or fork != local.fork
               or resolved != local.resolved or state.created_at != local.created_at)
    return Outcome(state, kind, replaced, history_added, rewritten, changed)


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
    unplaced: int = 0  # comments of the package (not deleted) whose section is not in the draft here
    changed: bool = False  # the database changed at all (history and flags included)

    def to_json(self) -> dict:
        return {"draft": self.draft, "draft_title": self.draft_title, "draft_registered": self.draft_registered,
                "other_version": self.other_version, "device": self.device, "group": self.group, "new": self.new,
                "updated": self.updated, "unchanged": self.unchanged, "deleted": self.deleted,
                "conflicts": self.conflicts, "unplaced": self.unplaced, "changed": self.changed}

    def add(self, other: MergeSummary) -> None:
        for name in ("new", "updated", "unchanged", "deleted", "conflicts", "unplaced"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.changed = self.changed or other.changed


def apply_package(store, package) -> MergeSummary:
    """Merge a validated :class:`reviewer.exchange.Package` into ``store``, in one transaction."""
    return store.apply_package(package, merge=merge_comment)
