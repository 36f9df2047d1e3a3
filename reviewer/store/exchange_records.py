"""What moving comments between laptops reads and writes: packages' comment states, merging a
package all or nothing, what arrived from which laptop, and the conference passphrase.

Reached as ``store.exchange``; the merge rule itself is :func:`reviewer.exchange.merge.merge_comment`,
handed in by the caller, so the store never imports the exchange.
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from reviewer.i18n import _
from reviewer.store import decisions, rules
from reviewer.store import search as fts
from reviewer.store.database import flush, write
from reviewer.store.records import (
    COMMENT_COLUMNS,
    INSERT_SET_ASIDE,
    REPLACE_HISTORY,
    ValidationError,
    locate_quote,
    utc_now,
    version_row,
)
from reviewer.store.versions import CommentState, MergeSummary, Version
from reviewer.textnorm import clean, fold, natural_key, nfc, strip_controls

_PASSPHRASE_KEY = "exchange_passphrase"  # in the conference table; not one of CONFERENCE_KEYS (never printed)
_VERSION_READ = ("h.revision, h.device_id, h.group_name, h.author, h.kind, h.text, h.quote, h.proposal, "
                 "h.supporters, h.status, h.response, h.updated_at, h.deleted, h.section_id")
_STATE_READ = ("c.id, c.section_id, c.group_name, c.author, c.kind, c.text, c.quote, c.quote_start, c.quote_end, "
               "c.proposal, c.supporters, c.status, c.response, c.created_at, c.updated_at, c.device_id, c.revision, "
               "c.deleted, c.fork_revision, c.resolved_revision")


def _history_version(r):
    return Version(revision=r[0], device=r[1], group=r[2], author=r[3], kind=r[4], text=r[5], quote=r[6],
                   proposal=r[7], supporters=r[8], status=r[9], response=r[10], updated_at=r[11], deleted=bool(r[12]),
                   section=r[13])


def _current_version(r):
    return Version(revision=r[16], device=r[15], group=r[2], author=r[3], kind=r[4], text=r[5], quote=r[6],
                   proposal=r[9], supporters=r[10], status=r[11], response=r[12], updated_at=r[14],
                   deleted=bool(r[17]), section=r[1])


@dataclass(slots=True)
class KnownPackage:
    """The package last merged from a device, recognised by its manifest (see ``known_package``)."""

    device: str
    draft: str
    group: str
    payload: str  # SHA-256 of its comments
    title: str  # of the draft here
    comment_ids: list[str] | None = None  # in the package's order; None: recorded before they were kept


# SQLite's page cache while merging, in KiB: a province's indexes of 500,000 comments stay in
# memory instead of being read again for every package.
_MERGE_CACHE_KIB = 128 * 1024
# Pages the write-ahead log may hold before SQLite copies it into the database file (1,000 by
# default): a page a merge changes again and again is copied once rather than at every copy.
_MERGE_CHECKPOINT_PAGES = 16_384
# Packages merged one after another share a transaction (each under its own savepoint) until it
# holds this many comments or has been open this long: one write of the search index and of each
# changed page instead of one per package, while a write of the window's, which waits for the lock,
# waits about a second at a conference's size.
_BATCH_COMMENTS = 50_000
_BATCH_SECONDS = 1.0
# A province's indexes are large and a commit takes long: then the batch stays open twice as long as
# the last commit took (commits a third of the time at most: 175 -> 150 s for 200 x 2,500), yet never
# longer than this, for that write's sake.
_COMMIT_SHARE = 2.0
_BATCH_MAX_SECONDS = 4.0
# While a merge's changes are written to it, the search index keeps up to this much of them in memory
# before writing it out (FTS5's "hashsize", 1 MiB by default): fewer, larger pieces to merge later.
# Set for those writes only, and set back before the transaction commits.
_BATCH_INDEX_MEMORY = 64 * 2**20
_INDEX_MEMORY_DEFAULT = 2**20


@dataclass(slots=True)
class _IndexChanges:
    """What merging changes in the search index, written once the comments are (see ``_write_index``)."""

    unindex: set[int] = field(default_factory=set)  # seqs of comments replaced or deleted: their old entry goes
    rows: dict[int, tuple[int, str, str]] = field(default_factory=dict)  # seq -> the entry to write

    def add(self, later: _IndexChanges) -> None:
        """Then ``later``'s changes: a comment a later package replaces or deletes loses its entry here."""
        for seq in later.unindex:
            self.rows.pop(seq, None)
        self.unindex |= later.unindex
        self.rows.update(later.rows)


@dataclass(slots=True)
class _Batch:
    """The transaction that packages share while merging (see ``ExchangeRecords.merging``)."""

    stack: ExitStack | None = None  # the open transaction, when there is one
    started: float = 0.0
    comments: int = 0
    last_commit: float = 0.0  # how long the last commit took, in seconds
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # a draft's sections never change
    # The packages' changes to the search index, written when the batch commits: FTS5 writes what it holds in
    # memory to disk at every savepoint, so written package by package, the index of a province's 500,000
    # comments would be thousands of small pieces, merged again and again.
    index: _IndexChanges = field(default_factory=_IndexChanges)


def known_package(db, manifest_sha256: str) -> KnownPackage | None:
    """The newest package merged from its device, when its manifest has this SHA-256 and merging it
    again can change nothing: it holds exactly the versions merged then (its manifest holds the
    checksum of its comments), every one of them is still here (comments are never removed), and
    each was then kept as the current version, in the history, or lost to a newer one. Not when it
    was attached to another version of its draft (which version it attaches to may have changed
    since), nor when this database sets versions aside (two copies of one database: a version set
    aside again carries its section or not, so a second merge may add a row)."""
    row = db.execute("SELECT e.device_id, e.draft_id, e.device_group, e.payload, d.title, m.comment_ids "
                     "FROM exchange_manifests m "
                     "JOIN exchange_devices e ON e.device_id = m.device_id AND e.draft_id = m.draft_id "
                     "JOIN drafts d ON d.id = e.draft_id WHERE m.manifest = ? AND NOT m.other_version",
                     [manifest_sha256]).fetchone()
    if row is None or db.execute("SELECT EXISTS (SELECT 1 FROM comment_set_aside)").fetchone()[0]:
        return None
    return KnownPackage(*row[:5], json.loads(row[5]) if row[5] is not None else None)


def _origin(state: CommentState) -> str:
    """The device that wrote a comment's first version (the lowest revision it carries)."""
    return min(state.versions(), key=lambda v: (v.revision, v.device)).device



class ExchangeRecords:
    """The store's exchange side; shares the store's connection and device id."""

    def __init__(self, store):
        self.store = store  # the Store this belongs to (not imported here: the Store creates its records)
        self.db = store.db
        self._batch: _Batch | None = None

    def passphrase(self) -> str:
        """The conference passphrase that signs packages ("" when none is set)."""
        row = self.db.execute("SELECT value FROM conference WHERE key = ?", [_PASSPHRASE_KEY]).fetchone()
        return row[0] if row else ""

    def set_passphrase(self, value: str | None) -> None:
        """Set (or, with None or "", remove) the passphrase every laptop of the conference shares."""
        value = strip_controls(nfc(value or "")).strip()
        if len(value) > rules.MAX_NAME:
            raise ValidationError(_("The passphrase is too long (at most {n} characters).").format(n=rules.MAX_NAME))
        with write(self.db):
            if value:
                self.db.execute("INSERT INTO conference (key, value) VALUES (?, ?) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [_PASSPHRASE_KEY, value])
            else:
                self.db.execute("DELETE FROM conference WHERE key = ?", [_PASSPHRASE_KEY])

    def comment_states(self, draft_id: str, *, group: str | None = None) -> list:
        """Every comment of a draft (or of one group) with its tombstone and all its versions,
        as :class:`reviewer.store.versions.CommentState`, sorted by id: what a package carries.
        Comments the app seeded by itself (the sample's) are left out: they never travel."""
        self.store._require_draft(draft_id)
        where, params = "c.draft_id = ? AND NOT c.seeded", [draft_id]
        if group is not None:
            where += " AND c.group_name = ?"
            params.append(group)
        history = self._versions("comment_history", f"JOIN comments c ON c.id = h.comment_id WHERE {where}", params)
        aside = self._versions("comment_set_aside", f"JOIN comments c ON c.id = h.comment_id WHERE {where}", params)
        states = []
        for r in self.db.execute(f"SELECT {_STATE_READ} FROM comments c WHERE {where} ORDER BY c.id", params):
            states.append(CommentState(id=r[0], created_at=r[13], current=_current_version(r), quote_start=r[7],
                                       quote_end=r[8], history=sorted(history.get(r[0], []),
                                                                       key=lambda v: (v.revision, v.device)),
                                       set_aside=aside.get(r[0], []), fork=r[18], resolved=r[19], draft=draft_id))
        return states

    def _versions(self, table: str, join_where: str, params: list) -> dict[str, list[Version]]:
        """The previous (or set-aside) versions of the comments that ``join_where`` selects, by comment."""
        out: dict[str, list[Version]] = {}
        for row in self.db.execute(f"SELECT h.comment_id, {_VERSION_READ} FROM {table} h {join_where}", params):
            out.setdefault(row[0], []).append(_history_version(row[1:]))
        return out

    def stamp(self, draft_id: str) -> str:
        """Changes whenever anything a package of this draft carries changes (cheap to compute)."""
        row = self.db.execute(
            "SELECT count(*), total(revision), total(resolved_revision), max(seq), max(updated_at), "
            "(SELECT count(*) FROM comment_history h JOIN comments c ON c.id = h.comment_id "
            "WHERE c.draft_id = ? AND NOT c.seeded) "
            "FROM comments WHERE draft_id = ? AND NOT seeded", [draft_id, draft_id]).fetchone()
        return json.dumps(list(row))

    def device_group(self, draft_id: str) -> str:
        """The group this laptop writes for, as far as its comments tell ("" when they do not); the
        sample's seeded comments, written here in three groups' names, tell nothing."""
        row = self.db.execute("SELECT group_name FROM comments WHERE draft_id = ? AND device_id = ? AND NOT deleted "
                              "AND NOT seeded GROUP BY group_name ORDER BY count(*) DESC, group_name LIMIT 1",
                              [draft_id, self.store.device_id]).fetchone()
        return row[0] if row else ""

    def register_draft(self, *, title: str, fingerprint: str, sections: list[dict], file_name: str = "") -> dict:
        """A draft known only from a comment package (its outline, without the .docx)."""
        with write(self.db):
            draft_id = self.store.insert_draft(title, fingerprint, sections, file_name, from_package=True)
        return self.store.draft(draft_id)

    def _package_target(self, draft) -> tuple[str, bool, bool]:
        """(draft id here, registered from the manifest now, another version of the draft)."""
        row = self.db.execute("SELECT id FROM drafts WHERE fingerprint = ?", [draft.fingerprint]).fetchone()
        if row:
            return row[0], False, False
        # Another version of a draft opened here from its .docx (same title): attach by section id.
        # A draft that is itself only known from a package never takes in another version, so the
        # result does not depend on which package arrived first.
        title = fold(clean(draft.title))
        same = [r for r in self.db.execute("SELECT id, title, created_at FROM drafts WHERE NOT from_package "
                                           "ORDER BY created_at DESC, id DESC") if fold(clean(r[1])) == title]
        if same:
            return same[0][0], False, True
        draft_id = self.store.insert_draft(draft.title, draft.fingerprint, draft.sections, draft.file_name,
                                           from_package=True)
        return draft_id, True, False

    @contextmanager
    def merging(self) -> Iterator[None]:
        """Packages merged one after another. Each is merged all or nothing, as always (a savepoint),
        but they share a transaction for up to about a second, and commits do not wait for the disk
        (``synchronous=NORMAL``): the disk is flushed once when the block ends, before the caller
        reports anything, so what was reported merged is on disk as with ``synchronous=FULL``. A
        crash before the end loses whole packages only, and importing them again gives the same
        result."""
        if self._batch is not None:
            yield
            return
        conn = self.db.conn
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        checkpoint = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = {-_MERGE_CACHE_KIB}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {_MERGE_CHECKPOINT_PAGES}")
        self._batch = _Batch()
        try:
            yield
        except BaseException:
            stack, self._batch.stack = self._batch.stack, None
            if stack is not None:
                stack.__exit__(*sys.exc_info())  # rolls back (and turns an SQLite error into a DatabaseError)
            raise
        else:
            self._commit_batch()
        finally:
            self._batch = None
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute(f"PRAGMA cache_size = {int(cache)}")
            conn.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")
            flush(self.db)

    def _commit_batch(self) -> None:
        batch = self._batch
        if batch.stack is None:
            return
        # Still the batch's transaction: if writing the index fails, merging() rolls the whole batch back.
        started = time.monotonic()
        self._write_index(batch.index)
        batch.index = _IndexChanges()
        stack, batch.stack = batch.stack, None
        stack.close()
        batch.last_commit = time.monotonic() - started

    def _write_index(self, changes: _IndexChanges) -> None:
        """The search index's changes, with no savepoint open: one piece written at the commit (the index
        may hold _BATCH_INDEX_MEMORY of them in memory meanwhile; its own setting is put back after)."""
        if not changes.unindex and not changes.rows:
            return
        row = self.db.execute("SELECT v FROM comment_search_config WHERE k = 'hashsize'").fetchone()
        self._index_memory(_BATCH_INDEX_MEMORY)
        if changes.unindex:
            self.db.conn.executemany("DELETE FROM comment_search WHERE rowid = ?", [(s,) for s in changes.unindex])
        fts.index_comments(self.db, list(changes.rows.values()))
        self._index_memory(row[0] if row else _INDEX_MEMORY_DEFAULT)

    def _index_memory(self, size: int) -> None:
        self.db.execute("INSERT INTO comment_search (comment_search, rank) VALUES ('hashsize', ?)", [int(size)])

    @contextmanager
    def _package_transaction(self, comments: int) -> Iterator[_IndexChanges]:
        """One package, all or nothing: its own transaction, or a savepoint in the batch's. The package
        puts its changes to the search index in what this yields: written before its own transaction
        commits, or with the batch's once the savepoint is released."""
        changes = _IndexChanges()
        batch = self._batch
        if batch is None:
            with write(self.db):
                yield changes
                self._write_index(changes)
            return
        if batch.stack is None:
            stack = ExitStack()
            stack.enter_context(write(self.db))
            batch.stack, batch.started, batch.comments = stack, time.monotonic(), 0
        conn = self.db.conn
        conn.execute("SAVEPOINT package")
        try:
            yield changes
        except BaseException:
            batch.texts.clear()  # a draft this package registered is gone again
            if conn.in_transaction:
                conn.execute("ROLLBACK TO package")
                conn.execute("RELEASE package")
            raise
        conn.execute("RELEASE package")
        batch.index.add(changes)
        batch.comments += comments
        open_for = max(_BATCH_SECONDS, min(_BATCH_MAX_SECONDS, _COMMIT_SHARE * batch.last_commit))
        if batch.comments >= _BATCH_COMMENTS or time.monotonic() - batch.started >= open_for:
            self._commit_batch()

    def _section_texts(self, draft_id: str, texts: dict[str, dict[str, str]]) -> dict[str, str]:
        if draft_id not in texts:
            texts[draft_id] = dict(self.db.execute("SELECT id, text FROM sections WHERE draft_id = ?",
                                                   [draft_id]).fetchall())
        return texts[draft_id]

    def known_package(self, manifest_sha256: str) -> KnownPackage | None:
        """The newest package merged from its device, when its manifest has this SHA-256 and merging
        it again can change nothing (see :func:`known_package`)."""
        return known_package(self.db, manifest_sha256)

    def known_summary(self, known: KnownPackage, comment_ids: list[str]) -> MergeSummary | None:
        """What merging that package again reports, read from this database (nothing is written):
        every comment unchanged, those in conflict and those whose section is not in their draft.
        None when one of its comments is not here (then it is merged in full)."""
        summary = MergeSummary(device=known.device, group=known.group, draft=known.draft, draft_title=known.title)
        found = 0
        for comment_id, conflict, unplaced in self.db.execute(
                "SELECT c.id, c.fork_revision > c.resolved_revision, NOT c.deleted AND NOT EXISTS "
                "(SELECT 1 FROM sections s WHERE s.draft_id = c.draft_id AND s.id = c.section_id) "
                "FROM comments c WHERE c.id IN (SELECT value FROM json_each(?))", [json.dumps(comment_ids)]):
            found += 1
            if conflict:
                summary.conflict_ids.add(comment_id)
            summary.unplaced += unplaced
        if found != len(comment_ids):
            return None
        summary.unchanged = found
        summary.conflicts = len(summary.conflict_ids)
        return summary

    def apply_package(self, package, *, merge) -> MergeSummary:
        """Merge a validated package (:class:`reviewer.exchange.package.Package`), all or nothing: in one
        transaction, or under a savepoint of the transaction packages share (see ``merging``).

        ``merge(local_state_or_None, incoming_state)`` is :func:`reviewer.exchange.merge.merge_comment`."""
        summary = MergeSummary(device=package.device_id, group=package.device_group)
        with self._package_transaction(len(package.comments)) as index:
            target, registered, other = self._package_target(package.draft)
            summary.draft, summary.draft_registered, summary.other_version = target, registered, other
            summary.draft_title = self.db.execute("SELECT title FROM drafts WHERE id = ?", [target]).fetchone()[0]
            summary.changed = registered
            local = self._states_by_id([c.id for c in package.comments])
            texts = self._batch.texts if self._batch is not None else {}

            outcomes = [(merge(local.get(c.id), c), c.id in local) for c in package.comments]
            self._ensure_groups({o.state.current.group for o, _known in outcomes if o.replaced})
            new_rows, index_rows, history_rows, aside_rows, unindex_ids = [], [], [], [], []
            for outcome, known in outcomes:
                state = outcome.state
                draft_id = state.draft or target
                sections = self._section_texts(draft_id, texts)
                v = state.current
                section = v.section if v.section is not None else next(
                    (h.section for h in sorted(state.history, key=lambda h: h.rank(), reverse=True)
                     if h.section is not None), "")
                history_rows.extend(version_row(state.id, h) for h in outcome.history_added + outcome.history_rewritten)
                aside_rows.extend((*version_row(state.id, h), h.digest()) for h in outcome.set_aside_added)
                if not known:
                    start, end = locate_quote(sections.get(section, ""), v.quote, state.quote_start, state.quote_end)
                    new_rows.append((state.id, draft_id, section, v.group, v.author, v.kind, v.text, v.quote, start,
                                     end, v.proposal, v.supporters, v.status, v.response, state.created_at,
                                     v.updated_at, v.device, v.revision, int(v.deleted), state.fork, state.resolved))
                    if not v.deleted:
                        index_rows.append((state.id, v))
                elif outcome.replaced:
                    start, end = locate_quote(sections.get(section, ""), v.quote, state.quote_start, state.quote_end)
                    self.db.execute(
                        "UPDATE comments SET section_id = ?, group_name = ?, author = ?, kind = ?, text = ?, "
                        "quote = ?, quote_start = ?, quote_end = ?, proposal = ?, supporters = ?, status = ?, "
                        "response = ?, "
                        "created_at = ?, updated_at = ?, device_id = ?, revision = ?, deleted = ?, fork_revision = ?, "
                        "resolved_revision = ? WHERE id = ?",
                        [section, v.group, v.author, v.kind, v.text, v.quote, start, end, v.proposal, v.supporters,
                         v.status, v.response, state.created_at, v.updated_at, v.device, v.revision, int(v.deleted),
                         state.fork, state.resolved, state.id])
                    unindex_ids.append(state.id)
                    if not v.deleted:
                        index_rows.append((state.id, v))
                elif outcome.changed:
                    self.db.execute("UPDATE comments SET created_at = ?, fork_revision = ?, resolved_revision = ? "
                                    "WHERE id = ?", [state.created_at, state.fork, state.resolved, state.id])
                summary.changed = summary.changed or outcome.changed
                setattr(summary, outcome.kind, getattr(summary, outcome.kind) + 1)
                if outcome.conflict:
                    summary.conflicts += 1
                    summary.conflict_ids.add(state.id)
                if not v.deleted and section not in sections:
                    summary.unplaced += 1
            if new_rows:
                self.db.conn.executemany(
                    f"INSERT INTO comments ({COMMENT_COLUMNS}, fork_revision, resolved_revision) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new_rows)
            if history_rows:  # after the new comments: the history refers to them
                self.db.conn.executemany(REPLACE_HISTORY, history_rows)
            if aside_rows:
                self.db.conn.executemany(INSERT_SET_ASIDE, aside_rows)
            if index_rows or unindex_ids:
                seqs = fts.seqs_of(self.db, [i for i, _v in index_rows] + unindex_ids)
                index.unindex.update(seqs[i] for i in unindex_ids)
                index.rows.update((seqs[i], fts.comment_row(seqs[i], v.text, v.quote, v.proposal, v.author))
                                  for i, v in index_rows)
            # The secretariat's decisions it carries (clusters, print settings), by their last change.
            decided = (decisions.merge_clusters(self.store, target, getattr(package, "clusters", []))
                       + decisions.merge_settings(self.store, getattr(package, "settings", [])))
            summary.changed = self._record_received(package, target, other) or summary.changed or bool(decided)
        return summary

    def _states_by_id(self, ids: list[str]) -> dict:
        if not ids:
            return {}
        wanted = json.dumps(ids)
        selected = "WHERE h.comment_id IN (SELECT value FROM json_each(?))"
        history = self._versions("comment_history", selected, [wanted])
        aside = self._versions("comment_set_aside", selected, [wanted])
        out = {}
        for r in self.db.execute(f"SELECT {_STATE_READ}, c.draft_id FROM comments c "
                                 "WHERE c.id IN (SELECT value FROM json_each(?))", [wanted]):
            out[r[0]] = CommentState(id=r[0], created_at=r[13], current=_current_version(r), quote_start=r[7],
                                     quote_end=r[8], history=history.get(r[0], []), set_aside=aside.get(r[0], []),
                                     fork=r[18], resolved=r[19], draft=r[20])
        return out

    def _ensure_groups(self, names: set[str]) -> None:
        """Add the groups comments arrived with."""
        known = set(self.store.groups())
        missing = sorted(n for n in names if n not in known)
        if not missing:
            return
        if len(known) + len(missing) > rules.MAX_GROUPS:
            raise ValidationError(_("A conference or consultation has at most {n} groups or units; these comments "
                                    "would make {m}.").format(n=rules.MAX_GROUPS, m=len(known) + len(missing)))
        now = utc_now()
        self.db.conn.executemany("INSERT INTO groups (name, position, created_at) VALUES (?, ?, ?)",
                                 [(n, len(known) + i, now) for i, n in enumerate(missing)])

    def _record_received(self, package, draft_id: str, other_version: bool) -> bool:
        """Remember the newest package of each device (by the sender's own clock), counting only the
        comments that came from others: a package also carries back what this laptop wrote."""
        row = self.db.execute("SELECT e.exported_at, e.payload, m.manifest FROM exchange_devices e "
                              "LEFT JOIN exchange_manifests m ON m.device_id = e.device_id AND m.draft_id = e.draft_id "
                              "WHERE e.device_id = ? AND e.draft_id = ?", [package.device_id, draft_id]).fetchone()
        if row is not None and (package.exported_at, package.payload_sha256) <= (row[0], row[1]):
            if (package.exported_at, package.payload_sha256) == (row[0], row[1]) and row[2] != package.manifest_sha256:
                # The same package, recorded before its manifest was (or signed otherwise): recognise it next time.
                self._record_manifest(package, draft_id, other_version)
            return False
        received_at = utc_now()
        others = [c for c in package.comments if _origin(c) != self.store.device_id]
        live = [c for c in others if not c.current.deleted]
        self.db.execute(
            "INSERT INTO exchange_devices (device_id, draft_id, device_group, exported_at, received_at, comments, "
            "tombstones, payload, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (device_id, draft_id) DO UPDATE SET device_group = excluded.device_group, "
            "exported_at = excluded.exported_at, received_at = excluded.received_at, comments = excluded.comments, "
            "tombstones = excluded.tombstones, payload = excluded.payload, file_name = excluded.file_name",
            [package.device_id, draft_id, package.device_group, package.exported_at, received_at, len(live),
             len(others) - len(live), package.payload_sha256, package.file_name])
        self._record_manifest(package, draft_id, other_version)
        self.db.execute("DELETE FROM exchange_groups WHERE device_id = ? AND draft_id = ?",
                        [package.device_id, draft_id])
        counts: dict[str, int] = {}
        for c in live:
            counts[c.current.group] = counts.get(c.current.group, 0) + 1
        self.db.conn.executemany("INSERT INTO exchange_groups (device_id, draft_id, group_name, comments) "
                                 "VALUES (?, ?, ?, ?)",
                                 [(package.device_id, draft_id, g, n) for g, n in sorted(counts.items())])
        return True

    def _record_manifest(self, package, draft_id: str, other_version: bool) -> None:
        """Which manifest the device's newest package had (see :func:`known_package`)."""
        if not package.manifest_sha256:
            self.db.execute("DELETE FROM exchange_manifests WHERE device_id = ? AND draft_id = ?",
                            [package.device_id, draft_id])
            return
        self.db.execute("INSERT INTO exchange_manifests (device_id, draft_id, manifest, other_version, comment_ids) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id, draft_id) DO UPDATE SET "
                        "manifest = excluded.manifest, other_version = excluded.other_version, "
                        "comment_ids = excluded.comment_ids",
                        [package.device_id, draft_id, package.manifest_sha256, int(other_version),
                         json.dumps([c.id for c in package.comments])])

    def received(self, draft_id: str | None = None) -> dict:
        """What came from the other laptops: per device, its newest package (``group``: the group the
        laptop says it belongs to; ``groups``: every group whose comments it brought, with how many;
        counts leave out the comments this laptop wrote first); per group, when its comments last
        arrived and how many of its comments are here (not deleted)."""
        where, params = ("WHERE d.draft_id = ?", [draft_id]) if draft_id else ("", [])
        brought: dict[tuple[str, str], list[dict]] = {}
        for device, draft, name, n in self.db.execute(
                "SELECT g.device_id, g.draft_id, g.group_name, g.comments FROM exchange_groups g "
                "JOIN exchange_devices d ON d.device_id = g.device_id AND d.draft_id = g.draft_id "
                f"{where}", params):
            brought.setdefault((device, draft), []).append({"group": name, "comments": n})
        devices = [{"device": r[0], "draft": r[1], "group": r[2], "exported_at": r[3], "received_at": r[4],
                    "comments": r[5], "tombstones": r[6], "file_name": r[7],
                    "groups": sorted(brought.get((r[0], r[1]), []), key=lambda g: natural_key(g["group"]))}
                   for r in self.db.execute(
                       "SELECT device_id, draft_id, device_group, exported_at, received_at, comments, tombstones, "
                       f"file_name FROM exchange_devices d {where} ORDER BY device_group, device_id, draft_id",
                       params)]
        last: dict[str, tuple[str, int]] = {}
        for name, received_at, n in self.db.execute(
                "SELECT g.group_name, max(d.received_at), count(DISTINCT d.device_id) FROM exchange_groups g "
                "JOIN exchange_devices d ON d.device_id = g.device_id AND d.draft_id = g.draft_id "
                f"{where} GROUP BY g.group_name", params):
            last[name] = (received_at, n)
        here = dict(self.db.execute("SELECT group_name, count(*) FROM comments WHERE NOT deleted"
                                    + (" AND draft_id = ?" if draft_id else "") + " GROUP BY group_name", params))
        names = sorted(set(last) | set(here), key=natural_key)
        groups = [{"group": g, "comments": here.get(g, 0), "last_received": last.get(g, (None, 0))[0],
                   "devices": last.get(g, (None, 0))[1]} for g in names]
        return {"devices": devices, "groups": groups}
