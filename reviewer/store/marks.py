"""What a comment's card says about its past: edited since it was written, and changed on another
laptop but not yet seen here.

What the user has seen is this laptop's own (table ``comment_seen``): packages never carry it, so
each laptop flags the changes that reached it until its own user has looked at them.
"""
from __future__ import annotations

from dataclasses import dataclass

from reviewer.store.database import write

# Every field of a version but the deletion flag: undoing a deletion (a new revision with the same
# content) is no edit.
# What the delegate said: the committee's status and response are an answer to the comment, not an edit of it.
_CONTENT = ("group_name", "author", "kind", "text", "quote", "proposal", "supporters")
_ANSWER = ("status", "response")
_CHUNK = 500  # ids per query, well under SQLite's limit on parameters


@dataclass(frozen=True, slots=True)
class RemoteChange:
    """The current version of a comment, written on another laptop."""

    device: str
    laptop_group: str  # the group that laptop said it writes for ("" when no package of it arrived)
    updated_at: str


@dataclass(frozen=True, slots=True)
class CardMarks:
    edited: bool  # an earlier version says something else (not merely deleted, nor answered otherwise)
    versions: int  # how many versions the database keeps (1: never changed)
    unseen: RemoteChange | None  # an edit from another laptop this laptop's user has not looked at yet


def laptop_groups(store) -> dict[str, str]:
    """The group each laptop that sent packages said it writes for (its newest package's word)."""
    rows = store.db.execute("SELECT device_id, device_group FROM exchange_devices ORDER BY received_at")
    return {device: group for device, group in rows if group}


def card_marks(store, comment_ids: list[str]) -> dict[str, CardMarks]:
    """The marks of these comments (ids that name nothing are left out)."""
    differs = " OR ".join(f"h.{c} IS NOT c.{c}" for c in _CONTENT)
    answered = " OR ".join(f"h.{c} IS NOT c.{c}" for c in _ANSWER)
    rows = []
    for start in range(0, len(comment_ids), _CHUNK):
        chunk = comment_ids[start:start + _CHUNK]
        rows += store.db.execute(
            "SELECT c.id, c.device_id, c.updated_at, "
            "EXISTS (SELECT 1 FROM comment_history h WHERE h.comment_id = c.id AND NOT h.deleted "
            f"AND ({differs})), "
            "EXISTS (SELECT 1 FROM comment_history h WHERE h.comment_id = c.id AND NOT h.deleted "
            f"AND ({answered})), "
            "1 + (SELECT count(*) FROM comment_history h WHERE h.comment_id = c.id) "
            "+ (SELECT count(*) FROM comment_set_aside s WHERE s.comment_id = c.id), "
            "EXISTS (SELECT 1 FROM comment_seen s WHERE s.comment_id = c.id AND s.revision = c.revision "
            "AND s.device_id = c.device_id) "
            f"FROM comments c WHERE c.id IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
    groups = laptop_groups(store) if rows else {}
    out = {}
    for comment_id, device, updated_at, edited, answer_changed, versions, seen in rows:
        # An answer set on another laptop is news here too, though the comment itself was not edited.
        remote = bool(edited or answer_changed) and device != store.device_id and not seen
        out[comment_id] = CardMarks(bool(edited), versions,
                                    RemoteChange(device, groups.get(device, ""), updated_at) if remote else None)
    return out


def mark_seen(store, comment_id: str) -> None:
    """The user has looked at the comment as it is now (a later change is flagged again)."""
    with write(store.db):
        store.comment(comment_id)  # an unknown id is refused
        store.db.execute("INSERT INTO comment_seen (comment_id, revision, device_id) "
                         "SELECT id, revision, device_id FROM comments WHERE id = ? "
                         "ON CONFLICT (comment_id) DO UPDATE SET revision = excluded.revision, "
                         "device_id = excluded.device_id", [comment_id])
