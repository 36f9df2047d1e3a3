"""A draft's comments listed at a province's scale: counts, tallies and pages read by SQL, never every comment.

The window's outline and consolidation table read through here. A draft may have 500,000 comments:
each function reads what it needs from the index of live comments (``comments_listing``, see
db/0013) or the small index of conflicts, and rows only by the page.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from reviewer.store.records import READ_COLUMNS, Comment, row_to_comment
from reviewer.store.stances import AGREES, Stance, tally_stances
from reviewer.textnorm import natural_key
from reviewer.vocab import KINDS, STATUSES, kind_label, status_label

_LIVE = "c.draft_id = ? AND NOT c.deleted"
_CONFLICT = "c.fork_revision > c.resolved_revision"
# The conflicts a secretariat must settle include a comment deleted on one laptop while another changed it:
# the deletion may win the merge, and the change would then be seen nowhere.
_LIVE_OR_CONFLICT = f"c.draft_id = ? AND (NOT c.deleted OR {_CONFLICT})"
_READ = ", ".join("c." + c.strip() for c in READ_COLUMNS.split(","))
# Document order, as Store.comments gives it; comments whose section is not in this version come last.
_ORDER = "s.position IS NULL, s.position, c.created_at, c.seq"
_BATCH = 500  # SQLite's limit on bound parameters is far above this; pages are smaller


@dataclass(frozen=True)
class ListFilter:
    """What the consolidation table shows: empty fields mean all. ``kept`` (comment ids) are shown whatever
    the rest says: rows answered under a status filter stay until the filter changes."""

    group: str = ""
    kind: str = ""
    status: str = ""
    sections: frozenset[str] = frozenset()
    conflict: bool = False
    kept: frozenset[str] = frozenset()

    def matches(self, c: Comment) -> bool:
        """The same test as the SQL, for one comment in hand."""
        if c.id in self.kept:
            return True
        return ((not self.group or c.group == self.group) and (not self.kind or c.kind == self.kind)
                and (not self.status or c.status == self.status)
                and (not self.sections or c.section in self.sections) and (not self.conflict or c.conflict))

    def where(self) -> tuple[str, list]:
        """The SQL condition on ``c`` (besides the draft and deletion) and its parameters."""
        terms, params = [], []
        for column, value in (("group_name", self.group), ("kind", self.kind), ("status", self.status)):
            if value:
                terms.append(f"c.{column} = ?")
                params.append(value)
        if self.sections:
            terms.append(f"c.section_id IN ({', '.join('?' * len(self.sections))})")
            params.extend(sorted(self.sections))
        if self.conflict:
            terms.append(_CONFLICT)
        if not terms:
            return "1", []
        sql = " AND ".join(terms)
        if self.kept:
            sql = f"(({sql}) OR c.id IN ({', '.join('?' * len(self.kept))}))"
            params.extend(sorted(self.kept))
        return sql, params


@dataclass
class Summary:
    """What the table's footer says about the rows a filter shows."""

    shown: int = 0
    sections: set[str] = field(default_factory=set)
    answered: int = 0  # given a status other than "mới"
    conflicts: int = 0
    deleted_conflicts: int = 0  # of those, deleted in the merge (see _LIVE_OR_CONFLICT)
    by_group: dict[str, int] = field(default_factory=dict)


def section_counts(store, draft_id: str, *, group: str,
                   sections: Iterable[str] | None = None) -> dict[str, tuple[int, int, int]]:
    """Per section (all, or those of ``sections``): its comments, those of ``group``, those in conflict."""
    scope, params = _scope(sections)
    counts = {sid: [total, mine, 0] for sid, total, mine in store.db.execute(
        f"SELECT c.section_id, count(*), total(c.group_name = ?) FROM comments c WHERE {_LIVE}{scope} "
        "GROUP BY c.section_id", [group, draft_id, *params])}
    for sid, conflicts in store.db.execute(
            # the partial index of conflicts holds a handful of rows; the planner would scan the live index
            f"SELECT c.section_id, count(*) FROM comments c INDEXED BY comments_in_conflict "
            f"WHERE c.draft_id = ? AND {_CONFLICT} AND NOT c.deleted{scope} GROUP BY c.section_id",
            [draft_id, *params]):
        counts.setdefault(sid, [0, 0, 0])[2] = conflicts
    return {sid: (v[0], int(v[1]), v[2]) for sid, v in counts.items()}


def section_stance(store, draft_id: str, section_id: str, groups: int,
                   flt: ListFilter | None = None) -> Stance | None:
    """One section's stance (its groups that agreed, that commented), from its distinct (group, kind)."""
    where, params = (flt or ListFilter()).where()
    rows = store.db.execute(f"SELECT DISTINCT c.section_id, c.group_name, {AGREES.format(c='c.')} FROM comments c "
                            f"WHERE {_LIVE} "
                            f"AND c.section_id = ? AND {where}", [draft_id, section_id, *params])
    return tally_stances(rows, groups).get(section_id)


def known_authors(store, draft_id: str) -> set[str]:
    return {r[0] for r in store.db.execute(
        f"SELECT DISTINCT c.author FROM comments c{_covering(store)} WHERE {_LIVE} AND c.author != ''", [draft_id])}


def authors_of(store, comment_ids: Iterable[str]) -> set[str]:
    ids = sorted(set(comment_ids))
    out: set[str] = set()
    for n in range(0, len(ids), _BATCH):
        batch = ids[n:n + _BATCH]
        out.update(r[0] for r in store.db.execute(
            f"SELECT author FROM comments WHERE id IN ({', '.join('?' * len(batch))}) AND author != '' AND NOT deleted",
            batch))
    return out


def comment_groups(store, draft_id: str) -> list[str]:
    """The groups with comments on the draft, natural order ("Tổ 2" before "Tổ 10")."""
    return sorted((r[0] for r in store.db.execute(
        f"SELECT DISTINCT c.group_name FROM comments c{_covering(store)} WHERE {_LIVE}", [draft_id])), key=natural_key)


def comments_in_sections(store, draft_id: str, section_ids: Iterable[str]) -> list[Comment]:
    """The live comments of a few sections, in document order (as Store.comments gives them)."""
    ids = sorted(set(section_ids))
    out = []
    for n in range(0, len(ids), _BATCH):
        batch = ids[n:n + _BATCH]
        out += store.db.execute(
            f"SELECT {_READ} FROM comments c LEFT JOIN sections s ON s.draft_id = c.draft_id AND s.id = c.section_id "
            f"WHERE {_LIVE} AND c.section_id IN ({', '.join('?' * len(batch))}) ORDER BY {_ORDER}",
            [draft_id, *batch]).fetchall()
    if len(ids) > _BATCH:
        position = {sid: n for n, sid in enumerate(r[0] for r in store.db.execute(
            "SELECT id FROM sections WHERE draft_id = ? ORDER BY position", [draft_id]))}
        out.sort(key=lambda r: (r[2] not in position, position.get(r[2], 0), r[14]))
    return [row_to_comment(r) for r in out]


def _sort_key(column: str) -> str:
    """The SQL for the value a column sorts by: what it shows, case-blind (see _casefold)."""
    if column in ("kind", "status"):  # by the label shown, in the current language
        codes, label = (KINDS, kind_label) if column == "kind" else (STATUSES, status_label)
        ranked = sorted(codes, key=lambda code: label(code).casefold())
        return "CASE c.{} {} END".format(column, " ".join(f"WHEN '{code}' THEN {n}" for n, code in enumerate(ranked)))
    if column == "supporters":
        return "c.supporters"
    name = {"group": "group_name", "author": "author", "text": "text", "proposal": "proposal",
            "response": "response"}[column]
    return f"reviewer_casefold(c.{name})"


def ordered_seqs(store, draft_id: str, flt: ListFilter, *, column: str = "section",
                 descending: bool = False) -> array:
    """The rows a filter shows, as the comments' ``seq``, in document order or sorted by a column (ties in
    document order): 500,000 of them take 4 MB. Only conflicts: deleted ones too (see _LIVE_OR_CONFLICT)."""
    where, params = flt.where()
    live = _LIVE_OR_CONFLICT if flt.conflict else _LIVE
    if column == "section" and _only_conflicts(flt):  # a handful of rows: from their own index, then sorted
        sql = (f"SELECT c.seq FROM comments c INDEXED BY comments_in_conflict LEFT JOIN sections s ON "
               f"s.draft_id = c.draft_id AND s.id = c.section_id WHERE {live} AND {where} ORDER BY {_ORDER}")
        seqs = array("q", (r[0] for r in store.db.execute(sql, [draft_id, *params])))
        if descending:
            seqs.reverse()
        return seqs
    if column == "section":
        # Section by section in reading order: the live index gives each section's rows already in order.
        sql = (f"SELECT c.seq FROM sections s CROSS JOIN comments c ON c.draft_id = s.draft_id AND c.section_id = s.id "
               f"WHERE s.draft_id = ? AND {live.removeprefix('c.draft_id = ? AND ')} AND {where} "
               "ORDER BY s.position, c.created_at, c.seq")
        seqs = array("q", (r[0] for r in store.db.execute(sql, [draft_id, *params])))
        seqs.extend(r[0] for r in store.db.execute(
            f"SELECT c.seq FROM comments c WHERE {live} AND {where} AND c.section_id NOT IN "
            "(SELECT id FROM sections WHERE draft_id = ?) ORDER BY c.created_at, c.seq", [draft_id, *params, draft_id]))
        if descending:
            seqs.reverse()
        return seqs
    store.db.conn.create_function("reviewer_casefold", 1, _casefold, deterministic=True)
    sql = (f"SELECT c.seq FROM comments c LEFT JOIN sections s ON s.draft_id = c.draft_id AND s.id = c.section_id "
           f"WHERE {live} AND {where} ORDER BY {_sort_key(column)} {'DESC' if descending else 'ASC'}, {_ORDER}")
    return array("q", (r[0] for r in store.db.execute(sql, [draft_id, *params])))


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def comments_by_seq(store, seqs: Iterable[int]) -> dict[int, Comment]:
    """One page of rows."""
    wanted = list(seqs)
    out: dict[int, Comment] = {}
    for n in range(0, len(wanted), _BATCH):
        batch = wanted[n:n + _BATCH]
        for row in store.db.execute(f"SELECT c.seq, {_READ} FROM comments c WHERE c.seq IN "
                                    f"({', '.join('?' * len(batch))})", batch):
            out[row[0]] = row_to_comment(row[1:])
    return out


def seq_of(store, comment_id: str) -> int | None:
    row = store.db.execute("SELECT seq FROM comments WHERE id = ?", [comment_id]).fetchone()
    return row[0] if row else None


def summary(store, draft_id: str, flt: ListFilter) -> Summary:
    """Counts of the rows a filter shows, by aggregates over the live index."""
    return combine(section_summaries(store, draft_id, flt).values())


def section_summaries(store, draft_id: str, flt: ListFilter,
                      sections: Iterable[str] | None = None) -> dict[str, Summary]:
    """The same counts per section (all, or those of ``sections``): after one comment's edit on a draft of
    500,000, a caller keeping these recounts its section (milliseconds), not the draft (half a second)."""
    where, params = flt.where()
    scope, scoped = _scope(sections)
    live = _LIVE_OR_CONFLICT if flt.conflict else _LIVE
    if _only_conflicts(flt):
        index = " INDEXED BY comments_in_conflict"
    elif flt.conflict:  # conflicts, and rows kept in view: neither index holds them all
        index = ""
    else:
        index = _covering(store)
    out: dict[str, Summary] = {}
    for sid, group, status, n in store.db.execute(
            f"SELECT c.section_id, c.group_name, c.status, count(*) FROM comments c{index} "
            f"WHERE {live} AND {where}{scope} GROUP BY c.section_id, c.group_name, c.status",
            [draft_id, *params, *scoped]):
        part = out.setdefault(sid, Summary(sections={sid}))
        part.shown += n
        part.answered += n if status != "moi" else 0
        part.by_group[group] = part.by_group.get(group, 0) + n
    # Every conflict to settle, whatever the view: one deleted in the merge is listed by "Only conflicts" alone,
    # and the footer's count is what tells the secretariat it is there.
    for sid, n, deleted in store.db.execute(
            f"SELECT c.section_id, count(*), total(c.deleted) FROM comments c INDEXED BY comments_in_conflict "
            f"WHERE c.draft_id = ? AND {_CONFLICT} AND {where}{scope} GROUP BY c.section_id",
            [draft_id, *params, *scoped]):
        part = out.setdefault(sid, Summary())
        part.conflicts, part.deleted_conflicts = n, int(deleted)
    return out


def combine(parts: Iterable[Summary]) -> Summary:
    out = Summary()
    for part in parts:
        out.shown += part.shown
        out.sections |= part.sections
        out.answered += part.answered
        out.conflicts += part.conflicts
        out.deleted_conflicts += part.deleted_conflicts
        for group, n in part.by_group.items():
            out.by_group[group] = out.by_group.get(group, 0) + n
    return out


def export_count(store, draft_id: str, *, groups: Iterable[str] | None = None, kinds: Iterable[str] | None = None,
                 statuses: Iterable[str] | None = None, sections: Iterable[str] | None = None,
                 include_deleted: bool = False) -> tuple[int, int]:
    """(comments, sections) an export with these filters prints (None: any), counted in SQL: the export
    dialog asks again at each tick of a box, and a province's draft has 500,000 comments."""
    where, params = [], [draft_id]
    for column, values in (("group_name", groups), ("kind", kinds), ("status", statuses), ("section_id", sections)):
        if values is not None:
            chosen = sorted(set(values))
            if not chosen:  # every box unticked: nothing (and SQLite finds no plan for "0" under INDEXED BY)
                return 0, 0
            where.append(f"c.{column} IN ({', '.join('?' * len(chosen))})")
            params += chosen
    live = not include_deleted
    row = store.db.execute(
        f"SELECT count(*), count(DISTINCT c.section_id) FROM comments c{_covering(store) if live else ''} "
        f"WHERE {_LIVE if live else 'c.draft_id = ?'}" + "".join(f" AND {w}" for w in where), params).fetchone()
    return row[0], row[1]


def live_count(store, draft_id: str) -> int:
    return store.db.execute(f"SELECT count(*) FROM comments c WHERE {_LIVE}", [draft_id]).fetchone()[0]


def _only_conflicts(flt: ListFilter) -> bool:
    """Whether the rows are all in the small index of conflicts (rows kept in view may not be)."""
    return flt.conflict and not flt.kept


def _covering(store) -> str:
    """Names the index of live comments (db/0013) for a query it covers: without statistics SQLite prefers the
    narrower index of live comments, and then reads every row (seconds at 500,000) for a column it lacks. A
    database opened read-only before that migration has no such index."""
    found = store.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                             ["comments_listing"]).fetchone()
    return " INDEXED BY comments_listing" if found else ""


def _scope(sections: Iterable[str] | None) -> tuple[str, list]:
    if sections is None:
        return "", []
    ids = sorted(set(sections))
    return f" AND c.section_id IN ({', '.join('?' * len(ids))})", ids


def sections_of(store, comment_ids: Iterable[str]) -> set[str]:
    """Every section these comments are or were on (a comment moved leaves a count behind it)."""
    ids = sorted(set(comment_ids))
    out: set[str] = set()
    for n in range(0, len(ids), _BATCH):
        marks = ", ".join("?" * len(ids[n:n + _BATCH]))
        out.update(r[0] for r in store.db.execute(
            f"SELECT section_id FROM comments WHERE id IN ({marks}) UNION "
            f"SELECT section_id FROM comment_history WHERE comment_id IN ({marks}) AND section_id IS NOT NULL",
            ids[n:n + _BATCH] * 2))
    return out
