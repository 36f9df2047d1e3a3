"""What the store keeps for Word files: the registered draft's own .docx (to write the draft with its
comments), and the identity of each comment imported from a Word file (to import only new ones)."""
from __future__ import annotations

from reviewer.store.records import utc_now
from reviewer.textnorm import clean


def save_draft_file(db, draft_id: str, file_name: str, content: bytes) -> None:
    """Inside the caller's transaction: the latest copy registered wins."""
    db.execute("INSERT INTO draft_files (draft_id, file_name, content, saved_at) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (draft_id) DO UPDATE SET file_name = excluded.file_name, content = excluded.content, "
               "saved_at = excluded.saved_at", [draft_id, clean(file_name), content, utc_now()])


def draft_file(db, draft_id: str) -> tuple[str, bytes] | None:
    row = db.execute("SELECT file_name, content FROM draft_files WHERE draft_id = ?", [draft_id]).fetchone()
    return (row[0], bytes(row[1])) if row else None


def word_comment_keys(db, draft_id: str) -> set[str]:
    return {r[0] for r in db.execute("SELECT key FROM word_comments WHERE draft_id = ?", [draft_id])}


def record_word_comment(db, row: dict, comment_id: str) -> None:
    """Inside the caller's transaction, with the comment: its identity in its Word file."""
    db.execute("INSERT INTO word_comments (draft_id, key, comment_id, resolved) VALUES (?, ?, ?, ?)",
               [row["draft_id"], row["word_key"], comment_id, int(bool(row.get("word_resolved")))])
