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
* **a clash**: two copies of one database (the same device id) wrote different content at the same
  revision. Only one of them can be kept under ``(revision, device)`` (the greater by the order
  above, so the same one everywhere); the other is *set aside*: kept in its own table, carried in
  packages, never dropped, and the comment is flagged as below;
* **a conflict**: two different devices wrote different content at the same revision (two
  laptops edited the same comment independently; diverging histories always meet at such a
  revision). ``fork_revision`` is the highest such revision; the secretariat can mark it as looked
  at (``resolved_revision``), and the comment is in conflict while
  ``fork_revision > resolved_revision``. Both numbers only grow, so they merge like the rest.

Nothing here touches the database: :func:`merge_comment` is a pure function, and
:func:`apply_package` hands it to :meth:`reviewer.store.ExchangeRecords.apply_package`, which runs the
whole package all or nothing.
"""
from __future__ import annotations

from reviewer.store import CommentState, MergeSummary, Outcome, Version

__all__ = ["apply_package", "fork_revision", "merge_comment"]


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
        if not incoming.history and not incoming.set_aside:  # most comments of a first merge: one version
            state = CommentState(id=incoming.id, created_at=incoming.created_at, current=incoming.current,
                                 quote_start=incoming.quote_start, quote_end=incoming.quote_end,
                                 resolved=incoming.resolved)
            return Outcome(state, "deleted" if incoming.current.deleted else "new", True, [], [], True, [])
        versions = {v.key: v for v in incoming.history}
        versions[incoming.current.key] = incoming.current
        # Keyed by (revision, device), so rank() orders them all (the content is never needed).
        winner = max(versions.values(), key=Version.rank)
        clash = max((v.revision for v in incoming.set_aside), default=0)
        state = CommentState(id=incoming.id, created_at=incoming.created_at, current=winner,
                             quote_start=incoming.quote_start, quote_end=incoming.quote_end,
                             history=sorted((v for v in versions.values() if v is not winner), key=Version.rank),
                             set_aside=list(incoming.set_aside), resolved=incoming.resolved,
                             fork=max(clash, fork_revision(list(versions.values()))))
        return Outcome(state, "deleted" if winner.deleted else "new", True, list(state.history), [], True,
                       list(incoming.set_aside))

    versions: dict[tuple[int, str], Version] = {v.key: v for v in local.versions()}
    added: list[Version] = []  # versions this laptop did not know
    rewritten: list[Version] = []  # history rows to overwrite (same revision and device)
    aside_known = {(v.key, v.digest()) for v in local.set_aside}
    set_aside: list[Version] = []  # versions that lose a clash here, for the first time
    clash = 0  # a revision where two laptops claim the same (revision, device) with different content
    displaced: Version | None = None  # took the slot of the local current version

    def put_aside(v: Version) -> None:
        if (v.key, v.digest()) not in aside_known:
            aside_known.add((v.key, v.digest()))
            set_aside.append(v)

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
            # Only two copies of one database (the same device id) get here. Keep one under the key,
            # the same one everywhere, set the other aside (never lost) and flag the comment.
            clash = max(clash, v.revision)
            if v.order() > mine.order():
                versions[v.key] = v
                put_aside(mine)
                if mine is local.current:
                    displaced = v
                else:
                    rewritten.append(v)
            else:
                put_aside(v)
    for v in incoming.set_aside:  # what other laptops set aside travels too
        kept = versions.get(v.key)
        if kept is None or not kept.same_content(v):
            clash = max(clash, v.revision)
            put_aside(v)
    winner = max(versions.values(), key=Version.rank)
    replaced = winner is not local.current
    history_added = [v for v in added if v is not winner]
    if replaced:
        if displaced is None:
            history_added.append(local.current)  # the old current version goes to the history
        elif winner is not displaced:
            history_added.append(displaced)  # the old current version itself was set aside
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
        set_aside=local.set_aside + set_aside, resolved=resolved, fork=fork, draft=local.draft)
    if not replaced or (winner.deleted and local.current.deleted):
        kind = "unchanged"
    else:
        kind = "deleted" if winner.deleted else "updated"
    changed = (replaced or bool(history_added) or bool(rewritten) or bool(set_aside) or fork != local.fork
               or resolved != local.resolved or state.created_at != local.created_at)
    return Outcome(state, kind, replaced, history_added, rewritten, changed, set_aside)


def apply_package(store, package) -> MergeSummary:
    """Merge a validated :class:`reviewer.exchange.package.Package` into ``store``, all or nothing."""
    return store.exchange.apply_package(package, merge=merge_comment)
