"""Which comments the PDF prints and in what order, read from the store without holding their texts.

:func:`select` is a first, cheap pass: it reads only the columns the filters and the summary need
(section, group, kind, status, deleted: never a text) and keeps, for each section and group, the
row ids of the printed comments and a few counts. :meth:`Selection.comments` is the second pass: it
reads the printed comments themselves, in printing order, :data:`BATCH` at a time, as the story is
laid out. Memory so holds a few bytes per comment, not the comments. :func:`snapshot` makes both
passes read the same state of the database while another window or laptop writes.

The two SELECTs are here rather than in the store because the store's queries return whole
comments, all of a draft or of a section at once, and nothing lists the sections a draft's comments
are on (which finds the comments on sections not in this version of the draft).
"""
from __future__ import annotations

import json
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from reviewer.pdf import text as T
from reviewer.pdf.options import ExportOptions
from reviewer.store import Comment, Store
from reviewer.store.records import READ_COLUMNS, row_to_comment
from reviewer.store.stances import AGREES
from reviewer.textnorm import clean as clean_name

BATCH = 32  # comments read from the database at a time

# The order of Store.comments within a section (as written); a draft's sections come from Store.sections.
_KEYS = (f"SELECT seq, section_id, group_name, kind, status, deleted, {AGREES.format(c='')} FROM comments "
         "WHERE draft_id = ?{deleted} ORDER BY created_at, seq")
_ROWS = "SELECT seq, {columns} FROM comments WHERE seq IN ({marks})"


@dataclass(slots=True)
class Bucket:
    """The printed comments of one group on one section."""

    seqs: array = field(default_factory=lambda: array("q"))  # their row ids, in the order they were written
    # Of all the group's comments there that are not deleted, whatever the kind and status filters ("agreed
    # without other remarks" must stay true of remarks left out of the print): how many, and whether each
    # only agrees (vocab.agreement_only).
    live: int = 0
    agrees_only: bool = True
    counted: int = 0  # agreement-only comments counted, not printed


Buckets = dict[str, Bucket]  # group -> its comments on a section, groups in printing order


@dataclass
class Selection:
    draft_title: str
    sections: list[dict]  # every section of the draft, in document order
    depth: dict[str, int]
    groups: list[str]  # groups in the store's order
    by_section: dict[str, Buckets]  # sections of the draft with printed comments, in document order
    unplaced: dict[str, Buckets]  # sections not in this version of the draft, in the order of their first comment
    total: int = 0  # printed comments
    counted: int = 0  # agreement-only comments counted, not printed (see ExportOptions.list_agreement)
    deleted: int = 0  # printed comments that are deleted
    by_group: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    store: Store | None = field(default=None, repr=False)
    draft_id: str = ""
    groups_chosen: bool = False  # only some groups' comments are printed

    def buckets(self, section_id: str) -> Buckets:
        return self.by_section.get(section_id) or self.unplaced.get(section_id) or {}

    def comments(self, section_ids: Iterable[str] | None = None) -> Iterator[Comment]:
        """The printed comments of these sections (all of them by default: the draft's sections, then
        the others) in printing order, read a batch at a time."""
        if section_ids is None:
            section_ids = [*self.by_section, *self.unplaced]
        return self._read(seq for sid in section_ids for b in self.buckets(sid).values() for seq in b.seqs)

    def _read(self, seqs: Iterator[int]) -> Iterator[Comment]:
        assert self.store is not None
        db = self.store.db
        while batch := list(islice(seqs, BATCH)):
            sql = _ROWS.format(columns=READ_COLUMNS, marks=", ".join("?" * len(batch)))
            rows = {r[0]: r[1:] for r in db.execute(sql, batch)}
            for seq in batch:
                yield row_to_comment(rows.pop(seq))  # rows are never removed, only marked deleted


def select(store: Store, draft_id: str, options: ExportOptions) -> Selection:
    draft = store.draft(draft_id)
    sections = store.sections(draft_id)
    groups = store.groups()
    wanted_groups = None if options.groups is None else {clean_name(g) for g in options.groups}
    position = {s["id"]: i for i, s in enumerate(sections)}
    found: dict[str, dict[str, Bucket]] = {}  # placed sections as met, then unplaced ones in order of first comment
    sel = Selection(draft_title=T.one_line(draft["title"]) or Path(draft["file_name"] or "").stem,
                    sections=sections, depth=_depths(sections), groups=groups, by_section={}, unplaced={},
                    store=store, draft_id=draft_id, groups_chosen=wanted_groups is not None)
    # The filters are asked of SQL too: one group's comments out of a province's 500,000 are read alone.
    where, params = ["" if options.include_deleted else " AND NOT deleted"], [draft_id]
    for column, wanted in (("group_name", wanted_groups), ("section_id", options.sections), ("kind", options.kinds),
                           ("status", options.statuses)):
        if wanted is not None:
            where.append(f" AND {column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(wanted)))
    sql = _KEYS.format(deleted="".join(where))
    list_agreement = options.list_agreement or (options.kinds is not None and "nhat_tri" in options.kinds)
    for seq, section, group, kind, status, deleted, agrees in store.db.execute(sql, params):
        if not ((wanted_groups is None or group in wanted_groups)
                and (options.sections is None or section in options.sections)
                and (options.kinds is None or kind in options.kinds)
                and (options.statuses is None or status in options.statuses)):
            continue
        bucket = found.setdefault(section, {}).get(group)
        if bucket is None:
            bucket = found[section][group] = Bucket()
        if not deleted:
            bucket.live += 1
            bucket.agrees_only = bucket.agrees_only and bool(agrees)
        sel.by_group[group] += 1
        sel.by_kind[kind] += 1
        sel.by_status[status] += 1
        if agrees and not deleted and not list_agreement:
            bucket.counted += 1
            sel.counted += 1
            continue
        bucket.seqs.append(seq)
        sel.total += 1
        sel.deleted += bool(deleted)
    if options.kinds is not None or options.statuses is not None:
        _all_stances(store, draft_id, found)
    rank = {g: i for i, g in enumerate(groups)}

    def in_order(buckets: dict[str, Bucket]) -> Buckets:
        return {g: buckets[g] for g in sorted(buckets, key=lambda g: (rank.get(g, len(rank)), g))}

    sel.by_section = {s["id"]: in_order(found[s["id"]]) for s in sections if s["id"] in found}
    sel.unplaced = {sid: in_order(b) for sid, b in found.items() if sid not in position}
    return sel


def _all_stances(store: Store, draft_id: str, found: dict[str, dict[str, Bucket]]) -> None:
    """Each bucket's count and agreement from every comment of its group on its section, filters aside."""
    sections = json.dumps(sorted(found))
    groups = json.dumps(sorted({g for buckets in found.values() for g in buckets}))
    rows = store.db.execute(
        f"SELECT section_id, group_name, count(*), min({AGREES.format(c='')}) FROM comments WHERE draft_id = ? "
        "AND NOT deleted AND section_id IN (SELECT value FROM json_each(?)) "
        "AND group_name IN (SELECT value FROM json_each(?)) GROUP BY section_id, group_name",
        [draft_id, sections, groups])
    for section, group, live, agrees in rows:
        bucket = found[section].get(group)
        if bucket is not None:
            bucket.live, bucket.agrees_only = live, bool(agrees)


def _depths(sections: list[dict]) -> dict[str, int]:
    parent = {s["id"]: s["parent"] for s in sections}
    depth: dict[str, int] = {}
    for s in sections:
        d, p, seen = 0, s["parent"], set()
        while p is not None and p in parent and p not in seen:
            seen.add(p)
            d, p = d + 1, parent[p]
        depth[s["id"]] = d
    return depth


@contextmanager
def snapshot(store: Store) -> Iterator[None]:
    """Read the store in one transaction: every read inside sees the database as it was at the first
    one, whatever other connections write meanwhile (a caller's own transaction is used as it is)."""
    conn = store.db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
