"""Revised drafts: register a new version linked to the old one and carry every comment onto it.

Each comment of the old version (not deleted) gets a copy on the new one, placed by
:mod:`reviewer.store.carry`: ``carried`` (strong evidence), ``review`` (a proposed place the
secretariat confirms, moves or leaves unplaced) or ``unplaced`` (kept on the new version under the
``unplaced`` marker section, listed with section null). Nothing is dropped. The copy is an ordinary new
comment (revision 1 by this laptop, same group, author, kind, texts, status and response, the original's
creation time); its id is derived from the original's and the new draft's, so carrying again (comments
that arrived later for the old version) adds only the missing ones, and two laptops that carry the
same comments onto the same version make the same copies. Where each copy came from is kept in
``carried_comments`` (db/0010_revisions.sql).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from reviewer.i18n import _
from reviewer.model import Document, full_numbers
from reviewer.store.carry import CARRIED, REVIEW, UNPLACED, match_sections, place_comments
from reviewer.store.database import write
from reviewer.store.records import UNPLACED_SECTION, NotFoundError, ValidationError, utc_now
from reviewer.store.taken_up import taken_up

_COPY_NAMESPACE = uuid.UUID("6f4b1c2e-9a53-4f0e-8d7a-2c1b5e3f7a90")


@dataclass(slots=True)
class CarriedComment:
    """A comment of the new version carried from the old one: ``section`` None while unplaced."""

    id: str
    old_id: str
    old_section: str
    section: str | None
    state: str
    score: float

    def to_json(self) -> dict:
        return {"id": self.id, "old_section": self.old_section, "section": self.section, "state": self.state,
                "score": self.score}


@dataclass(slots=True)
class Revision:
    old_draft: str
    new_draft: str
    comments: list[CarriedComment] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for c in self.comments if c.state == state)

    def to_json(self) -> dict:
        return {"draft": self.new_draft, "old_draft": self.old_draft, "carried": self.count(CARRIED),
                "review": self.count(REVIEW), "unplaced": self.count(UNPLACED),
                "comments": [c.to_json() for c in self.comments]}


def copy_id(old_comment_id: str, new_draft_id: str) -> str:
    return str(uuid.uuid5(_COPY_NAMESPACE, f"{old_comment_id}/{new_draft_id}"))


def revise_draft(store, old_draft_id: str, doc: Document, *, file_name: str = "",
                 content: bytes | None = None) -> Revision:
    """Register ``doc`` as the next version of ``old_draft_id`` and carry the old version's comments."""
    store.draft(old_draft_id)  # NotFoundError before anything is written
    new = store.register_draft(doc, file_name=file_name, content=content)
    return link_and_carry(store, old_draft_id, new["id"])


def link_and_carry(store, old_draft_id: str, new_draft_id: str) -> Revision:
    """Record ``new_draft_id`` as the revision of ``old_draft_id`` and carry the comments not carried yet."""
    store.draft(old_draft_id)
    store.draft(new_draft_id)
    if old_draft_id == new_draft_id:
        raise ValidationError(_("This is the same version of the draft: nothing has changed in it."))
    if _is_ancestor(store, new_draft_id, old_draft_id):
        raise ValidationError(_("The new version is an earlier version of this draft."))
    with write(store.db):
        store.db.execute("INSERT OR IGNORE INTO draft_revisions (old_draft_id, new_draft_id, created_at) "
                         "VALUES (?, ?, ?)", [old_draft_id, new_draft_id, utc_now()])
    carry_comments(store, old_draft_id, new_draft_id)
    return revision(store, old_draft_id, new_draft_id)


def _is_ancestor(store, candidate: str, draft_id: str) -> bool:
    seen, todo = set(), [draft_id]
    while todo:
        current = todo.pop()
        for (older,) in store.db.execute("SELECT old_draft_id FROM draft_revisions WHERE new_draft_id = ?",
                                         [current]):
            if older == candidate:
                return True
            if older not in seen:
                seen.add(older)
                todo.append(older)
    return False


def carry_comments(store, old_draft_id: str, new_draft_id: str) -> int:
    """Carry the old version's comments that have no copy on the new one yet; how many were carried."""
    done = {r[0] for r in store.db.execute("SELECT old_comment_id FROM carried_comments WHERE old_draft_id = ? "
                                           "AND new_draft_id = ?", [old_draft_id, new_draft_id])}
    todo = [c for c in store.comments(old_draft_id) if c.id not in done]
    if not todo:
        return 0
    seeded = {r[0] for r in store.db.execute("SELECT id FROM comments WHERE draft_id = ? AND seeded",
                                             [old_draft_id])}
    # A quote the old version no longer held, on a comment whose place there was settled (carried on strong
    # evidence or confirmed by the secretariat): the passage is no evidence any more, its section is. Without
    # this every later version would ask again about the same comments.
    settled = {r[0] for r in store.db.execute("SELECT comment_id FROM carried_comments WHERE new_draft_id = ? "
                                              "AND state = 'carried'", [old_draft_id])}
    placements = place_comments(store.sections(old_draft_id), store.sections(new_draft_id),
                                [{"id": c.id, "section": c.section,
                                  "quote": "" if c.id in settled and c.quote_start is None else c.quote,
                                  "quote_start": c.quote_start, "quote_end": c.quote_end} for c in todo])
    there = {r[0] for r in store.db.execute("SELECT id FROM comments WHERE draft_id = ?", [new_draft_id])}
    rows, links = [], []
    for c, p in zip(todo, placements, strict=True):
        new_id = copy_id(c.id, new_draft_id)
        links.append([new_id, c.id, old_draft_id, new_draft_id, c.section, p.state, p.score])
        if new_id in there:
            continue  # copied before, its link not written (or received from a laptop that carried it)
        rows.append({"draft_id": new_draft_id, "section_id": p.section or UNPLACED_SECTION,
                     "unplaced": p.section is None, "group": c.group, "author": c.author, "kind": c.kind,
                     "text": c.text, "quote": c.quote, "quote_start": p.start, "quote_end": p.end,
                     "proposal": c.proposal, "supporters": c.supporters, "status": c.status,
                     "response": c.response, "comment_id": new_id, "created_at": c.created_at,
                     "seeded": c.id in seeded})
    if rows:
        store.add_comments(rows)
    # A second transaction: a copy without its link (a power cut in between) gets it on the next carry.
    with write(store.db):
        store.db.conn.executemany(
            "INSERT OR IGNORE INTO carried_comments (comment_id, old_comment_id, old_draft_id, new_draft_id, "
            "old_section_id, state, score) VALUES (?, ?, ?, ?, ?, ?, ?)", links)
    return len(rows)


def carry_arrivals(store) -> int:
    """Comments that reached an older version after its revision was registered (merged from other laptops,
    imported later) carried onto the later versions the same way, oldest revision first so that they go
    on along a chain v1 → v2 → v3; how many were carried."""
    links = store.db.execute("SELECT old_draft_id, new_draft_id FROM draft_revisions ORDER BY created_at, rowid")
    carried = 0
    for old, new in links.fetchall():
        pending = store.db.execute(
            "SELECT 1 FROM comments c WHERE c.draft_id = ? AND NOT c.deleted AND NOT EXISTS (SELECT 1 FROM "
            "carried_comments cc WHERE cc.new_draft_id = ? AND cc.old_comment_id = c.id) LIMIT 1", [old, new])
        if pending.fetchone():
            carried += carry_comments(store, old, new)
    return carried


def revision(store, old_draft_id: str, new_draft_id: str) -> Revision:
    """The comments carried from ``old_draft_id`` onto ``new_draft_id``, as they stand now."""
    rows = store.db.execute(
        "SELECT cc.comment_id, cc.old_comment_id, cc.old_section_id, c.section_id, cc.state, cc.score "
        "FROM carried_comments cc JOIN comments c ON c.id = cc.comment_id "
        "WHERE cc.old_draft_id = ? AND cc.new_draft_id = ? AND NOT c.deleted ORDER BY c.seq",
        [old_draft_id, new_draft_id]).fetchall()
    return Revision(old_draft_id, new_draft_id, [_carried(r) for r in rows])


def _carried(r) -> CarriedComment:
    return CarriedComment(r[0], r[1], r[2], None if r[3] == UNPLACED_SECTION else r[3], r[4], r[5])


def previous_versions(store, draft_id: str) -> list[str]:
    """The drafts this one was registered as a revision of (most often one)."""
    return [r[0] for r in store.db.execute("SELECT old_draft_id FROM draft_revisions WHERE new_draft_id = ? "
                                           "ORDER BY created_at", [draft_id])]


def carried_comment(store, comment_id: str) -> CarriedComment | None:
    """Where a comment of a new version came from; None for a comment written on it."""
    row = store.db.execute(
        "SELECT cc.comment_id, cc.old_comment_id, cc.old_section_id, c.section_id, cc.state, cc.score "
        "FROM carried_comments cc JOIN comments c ON c.id = cc.comment_id WHERE cc.comment_id = ?",
        [comment_id]).fetchone()
    return _carried(row) if row else None


def review_queue(store, new_draft_id: str) -> list[CarriedComment]:
    """Carried comments the secretariat still has to look at: proposed places, then unplaced ones."""
    rows = store.db.execute(
        "SELECT cc.comment_id, cc.old_comment_id, cc.old_section_id, c.section_id, cc.state, cc.score "
        "FROM carried_comments cc JOIN comments c ON c.id = cc.comment_id "
        "WHERE cc.new_draft_id = ? AND cc.state IN ('review', 'unplaced') AND NOT c.deleted "
        "ORDER BY cc.state = 'unplaced', c.seq", [new_draft_id]).fetchall()
    return [_carried(r) for r in rows]


def _require_carried(store, comment_id: str) -> CarriedComment:
    found = carried_comment(store, comment_id)
    if found is None:
        raise NotFoundError(_("Comment “{id}” was not carried from an earlier version.").format(id=comment_id))
    return found


def _set_state(store, comment_id: str, state: str) -> None:
    with write(store.db):
        store.db.execute("UPDATE carried_comments SET state = ? WHERE comment_id = ?", [state, comment_id])


def accept_place(store, comment_id: str) -> CarriedComment:
    """The secretariat confirms the proposed place of a comment in review."""
    found = _require_carried(store, comment_id)
    if found.section is None:
        raise ValidationError(_("The comment has no place to confirm; choose a section for it."))
    _set_state(store, comment_id, CARRIED)
    return _require_carried(store, comment_id)


def place_in_section(store, comment_id: str, section_id: str) -> CarriedComment:
    """The secretariat puts a carried comment in another section (of the new version)."""
    _require_carried(store, comment_id)
    store.edit_comment(comment_id, section=section_id)
    _set_state(store, comment_id, CARRIED)
    return _require_carried(store, comment_id)


def leave_unplaced(store, comment_id: str) -> CarriedComment:
    """The secretariat finds no place for a carried comment: kept on the new version, listed apart."""
    _require_carried(store, comment_id)
    store.edit_comment(comment_id, section=UNPLACED_SECTION)
    _set_state(store, comment_id, UNPLACED)
    return _require_carried(store, comment_id)


def restore_place(store, comment_id: str, section_id: str | None, state: str) -> CarriedComment:
    """A carried comment put back where it was and as it was (the window's undo of a decision above)."""
    found = _require_carried(store, comment_id)
    if found.section != section_id:
        store.edit_comment(comment_id, section=section_id or UNPLACED_SECTION)
    _set_state(store, comment_id, state)
    return _require_carried(store, comment_id)


# ---------------------------------------------------------------- what the new version did with each comment


def section_paths(sections: list[dict]) -> dict[str, str]:
    """Each section (dicts as :meth:`Store.sections` lists them) named in full: "II.1. Kinh tế"."""
    numbers = full_numbers((s["id"], s["parent"], s["number"]) for s in sections)
    return {s["id"]: " ".join(f"{numbers[s['id']] or s['number']} {s['title']}".split())
            or _("Before the first heading") for s in sections}


def old_section_paths(store, draft_id: str, *, moved_only: bool = False) -> dict[str, str]:
    """{comment id: the full path of its section in the earlier version} for the carried comments of
    ``draft_id``, in a few queries whatever their number (for exports). ``moved_only``: only those whose
    section is named otherwise now (moved, renumbered, renamed or unplaced)."""
    rows = store.db.execute(
        "SELECT cc.comment_id, cc.old_draft_id, cc.old_section_id, c.section_id FROM carried_comments cc "
        "JOIN comments c ON c.id = cc.comment_id WHERE cc.new_draft_id = ?", [draft_id]).fetchall()
    if not rows:
        return {}
    paths: dict[str, dict[str, str]] = {}
    for old_draft in {r[1] for r in rows} | {draft_id}:
        # The headings alone: a draft's texts are megabytes, and cards ask at every change of section.
        heads = store.db.execute("SELECT id, number, title, parent FROM sections WHERE draft_id = ? "
                                 "ORDER BY position", [old_draft]).fetchall()
        paths[old_draft] = section_paths([{"id": r[0], "number": r[1], "title": r[2], "parent": r[3]}
                                          for r in heads])
    now = paths[draft_id]
    out = {}
    for comment_id, old_draft, old_section, section in rows:
        old = paths[old_draft].get(old_section, old_section)
        if not moved_only or section == UNPLACED_SECTION or now.get(section) != old:
            out[comment_id] = old
    return out


def proposals_taken_up(store, draft_id: str, comment_ids: list[str] | None = None) -> dict[str, bool | None]:
    """{comment id: whether its proposed wording now stands in its section (:mod:`reviewer.store.taken_up`)}
    for the carried comments of ``draft_id`` (or those of ``comment_ids``); None without a proposal, False
    while unplaced. A hint only: no status is set."""
    query = ("SELECT c.id, c.proposal, new.text, old.text FROM carried_comments cc "
             "JOIN comments c ON c.id = cc.comment_id "
             "LEFT JOIN sections new ON new.draft_id = c.draft_id AND new.id = c.section_id "
             "LEFT JOIN sections old ON old.draft_id = cc.old_draft_id AND old.id = cc.old_section_id "
             "WHERE cc.new_draft_id = ?")
    params: list = [draft_id]
    if comment_ids is not None:
        if not comment_ids:
            return {}
        query += f" AND c.id IN ({', '.join('?' * len(comment_ids))})"
        params += comment_ids
    out: dict[str, bool | None] = {}
    for comment_id, proposal, new_text, old_text in store.db.execute(query, params).fetchall():
        found = taken_up(proposal or "", new_text or "", old_text or "")
        out[comment_id] = found if found is None or new_text is not None else False
    return out


@dataclass(slots=True)
class SectionPair:
    """A section of a revised draft and the section of the earlier version it matched (None: new)."""

    old_draft: str
    old: dict | None
    new: dict


def previous_sections(store, draft_id: str) -> dict[str, SectionPair]:
    """{section id of ``draft_id``: the pair with its earlier version's section}, empty for a draft that is
    no revision. Sections are matched as comments are carried (:func:`reviewer.store.carry.match_sections`)."""
    earlier = previous_versions(store, draft_id)
    if not earlier:
        return {}
    old_draft = earlier[-1]
    old, new = store.sections(old_draft), store.sections(draft_id)
    by_id = {s["id"]: s for s in old}
    matched = {n: by_id[o] for o, (n, _score) in match_sections(old, new).items()}
    return {s["id"]: SectionPair(old_draft, matched.get(s["id"]), s) for s in new}
