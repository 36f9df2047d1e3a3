"""The review store: drafts, groups, delegates and comments, each change one committed transaction.

Every change goes through a method here; the window, the command line and the exchange
code never write SQL of their own. A method returns only after its transaction is
committed, so whatever the caller reports as saved is on disk.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
import uuid
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from reviewer import search as fts
from reviewer.database import DatabaseError, connect, default_path, write
from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.model import Document
from reviewer.textnorm import clean, fold, natural_key, nfc
from reviewer.vocab import KINDS, ROLES, STATUSES

MAX_TEXT = 50_000  # characters in a comment, quote, proposal or response; a 20,000-character comment fits
MAX_NAME = 200
MAX_GROUPS = 30
MAX_SUPPORTERS = 10_000
CONFERENCE_KEYS = ("issuer_lines", "number_line", "place", "date", "title", "subtitle", "secretariat",
                   "draft_marker")
SEARCH_POOL = 200  # matches scored per search; the newest ones when a word is very common


class ValidationError(ReviewerError):
    """Input the store refuses; nothing was written."""


class NotFoundError(ReviewerError):
    """An id that names nothing in this database."""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Comment:
    id: str
    draft: str
    section: str
    group: str
    author: str
    kind: str
    text: str
    quote: str
    quote_start: int | None
    quote_end: int | None
    proposal: str
    supporters: int
    status: str
    response: str
    created_at: str
    updated_at: str
    device: str
    revision: int
    deleted: bool
    conflict: bool = False  # two laptops changed it independently (see reviewer.merge)

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_COMMENT_COLUMNS = ("id, draft_id, section_id, group_name, author, kind, text, quote, quote_start, quote_end, "
                    "proposal, supporters, status, response, created_at, updated_at, device_id, revision, deleted")
# What is read back: the columns above, then whether the comment is in conflict.
_READ_COLUMNS = _COMMENT_COLUMNS + ", fork_revision > resolved_revision"
_EDITABLE = ("section", "group", "author", "kind", "text", "quote", "quote_start", "quote_end", "proposal",
             "supporters", "status", "response")
_COLUMN_OF = {"section": "section_id", "group": "group_name"}


def _row_to_comment(row) -> Comment:
    return Comment(*row[:18], bool(row[18]), bool(row[19]) if len(row) > 19 else False)


def fingerprint(doc: Document) -> str:
    """The draft's identity: its title and sections (ids, headings, texts), not the file's bytes,
    so the same draft saved again, or copied, is still the same draft."""
    h = hashlib.sha256()
    h.update(doc.title.encode())
    for s in doc.sections:
        h.update(json.dumps([s.id, s.number, s.title, s.level, s.parent, s.text], ensure_ascii=False).encode())
    return h.hexdigest()


class Store:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.db = connect(self.path)
        self.device_id = self._device_id()

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _device_id(self) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
        if row:
            return row[0]
        with write(self.db):
            self.db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)", [uuid.uuid4().hex])
        return self.db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]

    # ------------------------------------------------------------------ drafts

    def register_draft(self, doc: Document, *, file_name: str = "") -> dict:
        """The draft's record, created on first sight; the same content finds the same record."""
        print_ = fingerprint(doc)
        existing = self.db.execute("SELECT id FROM drafts WHERE fingerprint = ?", [print_]).fetchone()
        if existing:
            return self.draft(existing[0])
        draft_id = print_[:12]
        with write(self.db):
            self.db.execute("INSERT OR IGNORE INTO drafts (id, fingerprint, title, file_name, created_at) "
                            "VALUES (?, ?, ?, ?, ?)",
                            [draft_id, print_, doc.title, file_name or doc.source_name, utc_now()])
            for position, s in enumerate(doc.sections):
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO sections (draft_id, id, position, number, title, level, parent, text) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [draft_id, s.id, position, s.number, s.title, s.level, s.parent, s.text])
                heading = f"{s.number} {s.title}".strip()
                if heading and cur.rowcount:
                    self.db.execute("INSERT INTO section_search (rowid, folded, exact) VALUES (?, ?, ?)",
                                    [cur.lastrowid, fold(heading), fts.exact_key(heading)])
        return self.draft(draft_id)

    def drafts(self) -> list[dict]:
        rows = self.db.execute(
            "SELECT d.id, d.title, d.file_name, d.fingerprint, d.created_at, "
            "(SELECT count(*) FROM sections s WHERE s.draft_id = d.id), "
            "(SELECT count(*) FROM comments c WHERE c.draft_id = d.id AND NOT c.deleted) "
            "FROM drafts d ORDER BY d.created_at, d.id").fetchall()
        return [{"id": r[0], "title": r[1], "file_name": r[2], "fingerprint": r[3], "created_at": r[4],
                 "sections": r[5], "comments": r[6]} for r in rows]

    def draft(self, draft_id: str) -> dict:
        row = self.db.execute(
            "SELECT d.id, d.title, d.file_name, d.fingerprint, d.created_at, "
            "(SELECT count(*) FROM sections s WHERE s.draft_id = d.id), "
            "(SELECT count(*) FROM comments c WHERE c.draft_id = d.id AND NOT c.deleted) "
            "FROM drafts d WHERE d.id = ?", [draft_id]).fetchone()
        if row is None:
            raise NotFoundError(_("No draft with id “{id}” in this database.").format(id=draft_id))
        return {"id": row[0], "title": row[1], "file_name": row[2], "fingerprint": row[3], "created_at": row[4],
                "sections": row[5], "comments": row[6]}

    def _require_draft(self, draft_id: str) -> None:
        if not self.db.execute("SELECT 1 FROM drafts WHERE id = ?", [draft_id]).fetchone():
            raise NotFoundError(_("No draft with id “{id}” in this database.").format(id=draft_id))

    def sections(self, draft_id: str) -> list[dict]:
        self._require_draft(draft_id)
        rows = self.db.execute("SELECT id, number, title, level, parent, text FROM sections WHERE draft_id = ? "
                               "ORDER BY position", [draft_id]).fetchall()
        return [{"id": r[0], "number": r[1], "title": r[2], "level": r[3], "parent": r[4], "text": r[5]}
                for r in rows]

    def _require_section(self, draft_id: str, section_id: str) -> None:
        self._require_draft(draft_id)
        if not self.db.execute("SELECT 1 FROM sections WHERE draft_id = ? AND id = ?",
                               [draft_id, section_id]).fetchone():
            raise NotFoundError(_("The draft has no section with id “{id}”.").format(id=section_id))

    # ------------------------------------------------------------------ conference settings

    def conference(self) -> dict[str, str]:
        """Settings for printed documents, as stored; keys in CONFERENCE_KEYS, missing ones unset."""
        return {k: v for k, v in self.db.execute("SELECT key, value FROM conference") if k in CONFERENCE_KEYS}

    def set_conference(self, **values: str | None) -> dict[str, str]:
        """Change some settings in one transaction; None removes a setting (back to its default)."""
        unknown = set(values) - set(CONFERENCE_KEYS)
        if unknown:
            raise ValidationError(_("Unknown conference setting “{key}”.").format(key=sorted(unknown)[0]))
        for key, value in values.items():
            if value is not None and len(str(value)) > MAX_NAME * 5:
                raise ValidationError(_("The setting “{key}” is too long.").format(key=key))
        with write(self.db):
            for key, value in values.items():
                if value is None:
                    self.db.execute("DELETE FROM conference WHERE key = ?", [key])
                else:
                    self.db.execute("INSERT INTO conference (key, value) VALUES (?, ?) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, nfc(str(value))])
        return self.conference()

    # ------------------------------------------------------------------ groups and delegates

    def groups(self) -> list[str]:
        """In natural order (Tổ 2 before Tổ 10), whatever order they were added or arrived in."""
        return sorted((r[0] for r in self.db.execute("SELECT name FROM groups")), key=natural_key)

    def add_group(self, name: str) -> str:
        with write(self.db):
            return self._ensure_group(name)

    def _ensure_group(self, name: str) -> str:
        name = validate_name(name, _("group"))
        if not name:
            raise ValidationError(_("A comment needs a group."))
        if self.db.execute("SELECT 1 FROM groups WHERE name = ?", [name]).fetchone():
            return name
        count = self.db.execute("SELECT count(*) FROM groups").fetchone()[0]
        if count >= MAX_GROUPS:
            raise ValidationError(_("A conference has at most {n} groups; “{name}” would be one more.").format(
                n=MAX_GROUPS, name=name))
        self.db.execute("INSERT INTO groups (name, position, created_at) VALUES (?, ?, ?)", [name, count, utc_now()])
        return name

    def delegates(self) -> list[dict]:
        rows = self.db.execute("SELECT name, group_name, role FROM delegates ORDER BY group_name, name").fetchall()
        return [{"name": r[0], "group": r[1], "role": r[2]} for r in rows]

    def add_delegate(self, name: str, group: str, role: str | None = None) -> dict:
        name = validate_name(name, _("delegate"))
        if not name:
            raise ValidationError(_("A delegate needs a name."))
        if role is not None and role not in ROLES:
            raise ValidationError(_("Unknown role “{role}”.").format(role=role))
        with write(self.db):
            group = self._ensure_group(group)
            self.db.execute("INSERT INTO delegates (name, group_name, role) VALUES (?, ?, ?) "
                            "ON CONFLICT (name, group_name) DO UPDATE SET role = excluded.role", [name, group, role])
        return {"name": name, "group": group, "role": role}

    # ------------------------------------------------------------------ comments

    def add_comment(self, *, draft_id: str, section_id: str, group: str, text: str, author: str = "",
                    kind: str = "gop_y", quote: str = "", quote_start: int | None = None,
                    quote_end: int | None = None, proposal: str = "", supporters: int = 0,
                    status: str = "moi", response: str = "", comment_id: str | None = None) -> Comment:
        row = {"draft_id": draft_id, "section_id": section_id, "group": group, "text": text, "author": author,
               "kind": kind, "quote": quote, "quote_start": quote_start, "quote_end": quote_end,
               "proposal": proposal, "supporters": supporters, "status": status, "response": response,
               "comment_id": comment_id}
        return self.add_comments([row])[0]

    def add_comments(self, rows: list[dict]) -> list[Comment]:
        """Add many comments in one transaction: all are saved, or (on any bad row) none.

        Each row takes the keyword arguments of :meth:`add_comment`. A row whose ``comment_id``
        is already in the database is refused; callers that re-import skip those first.
        """
        prepared = []
        for row in rows:
            values = validate_comment({k: row.get(k) for k in ("text", "author", "kind", "quote", "quote_start",
                                                         "quote_end", "proposal", "supporters", "status",
                                                         "response")} | {
                "kind": row.get("kind") or "gop_y", "status": row.get("status") or "moi"})
            prepared.append((row, values))
        ids = []
        with write(self.db):
            for row, values in prepared:
                draft_id, section_id = row["draft_id"], row["section_id"]
                self._require_section(draft_id, section_id)
                values["quote_start"], values["quote_end"] = self._quote_span(draft_id, section_id, values)
                group = self._ensure_group(row.get("group") or "")
                comment_id = row.get("comment_id") or str(uuid.uuid4())
                if self.db.execute("SELECT 1 FROM comments WHERE id = ?", [comment_id]).fetchone():
                    raise ValidationError(_("A comment with id “{id}” already exists.").format(id=comment_id))
                now = utc_now()
                cur = self.db.execute(
                    f"INSERT INTO comments ({_COMMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, 1, 0)",
                    [comment_id, draft_id, section_id, group, values["author"], values["kind"], values["text"],
                     values["quote"], values["quote_start"], values["quote_end"], values["proposal"],
                     values["supporters"], values["status"], values["response"], now, now, self.device_id])
                self._index(cur.lastrowid, values)
                ids.append(comment_id)
        return [self.comment(i) for i in ids]

    def edit_comment(self, comment_id: str, **changes) -> Comment:
        """Change some fields; the previous version goes to the history. Unknown fields are refused."""
        unknown = set(changes) - set(_EDITABLE)
        if unknown:
            raise ValidationError(_("Cannot change “{field}” of a comment.").format(field=sorted(unknown)[0]))
        with write(self.db):
            old = self.comment(comment_id)
            if old.deleted:
                raise NotFoundError(_("Comment “{id}” has been deleted.").format(id=comment_id))
            merged = {k: getattr(old, k) for k in _EDITABLE}
            merged.update({k: v for k, v in changes.items()})
            moved = "section" in changes and changes["section"] != old.section
            if ("quote" in changes or moved) and "quote_start" not in changes:
                merged["quote_start"] = merged["quote_end"] = None
            values = validate_comment(merged)
            values["group"] = self._ensure_group(merged["group"])
            values["section"] = merged["section"]
            if values["section"] != old.section:
                self._require_section(old.draft, values["section"])
            values["quote_start"], values["quote_end"] = self._quote_span(old.draft, values["section"], values)
            if all(values[k] == getattr(old, k) for k in _EDITABLE):
                return old
            self._save_history(old)
            sets = ", ".join(f"{_COLUMN_OF.get(k, k)} = ?" for k in _EDITABLE)
            self.db.execute(f"UPDATE comments SET {sets}, updated_at = ?, device_id = ?, revision = revision + 1 "
                            "WHERE id = ?", [values[k] for k in _EDITABLE] + [utc_now(), self.device_id, comment_id])
            self._reindex(comment_id, values)
        return self.comment(comment_id)

    def delete_comment(self, comment_id: str) -> Comment:
        """Leave a tombstone (it travels to other laptops); the last version stays in the history."""
        with write(self.db):
            old = self.comment(comment_id)
            if old.deleted:
                return old
            self._save_history(old)
            self.db.execute("UPDATE comments SET deleted = 1, updated_at = ?, device_id = ?, revision = revision + 1 "
                            "WHERE id = ?", [utc_now(), self.device_id, comment_id])
            self._unindex(comment_id)
        return self.comment(comment_id, include_deleted=True)

    def restore_comment(self, comment_id: str) -> Comment:
        """Undo a deletion: the comment comes back as a newer revision."""
        with write(self.db):
            old = self.comment(comment_id, include_deleted=True)
            if not old.deleted:
                return old
            self._save_history(old)
            self.db.execute("UPDATE comments SET deleted = 0, updated_at = ?, device_id = ?, revision = revision + 1 "
                            "WHERE id = ?", [utc_now(), self.device_id, comment_id])
            self._reindex(comment_id, {k: getattr(old, k) for k in ("text", "quote", "proposal", "author")})
        return self.comment(comment_id)

    def comment(self, comment_id: str, *, include_deleted: bool = True) -> Comment:
        row = self.db.execute(f"SELECT {_READ_COLUMNS} FROM comments WHERE id = ?", [comment_id]).fetchone()
        if row is None or (row[18] and not include_deleted):
            raise NotFoundError(_("No comment with id “{id}” in this database.").format(id=comment_id))
        return _row_to_comment(row)

    def comments(self, draft_id: str, *, section_id: str | None = None, include_deleted: bool = False) -> list[Comment]:
        """Comments in document order of their sections, then in the order they were written;
        comments whose section is not in this version of the draft come last."""
        self._require_draft(draft_id)
        sql = (f"SELECT {', '.join('c.' + c.strip() for c in _READ_COLUMNS.split(','))} FROM comments c "
               "LEFT JOIN sections s ON s.draft_id = c.draft_id AND s.id = c.section_id "
               "WHERE c.draft_id = ?")
        params: list = [draft_id]
        if section_id is not None:
            sql += " AND c.section_id = ?"
            params.append(section_id)
        if not include_deleted:
            sql += " AND NOT c.deleted"
        sql += " ORDER BY s.position IS NULL, s.position, c.created_at, c.seq"
        return [_row_to_comment(r) for r in self.db.execute(sql, params)]

    def history(self, comment_id: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT revision, device_id, group_name, author, kind, text, quote, proposal, supporters, status, "
            "response, updated_at, deleted FROM comment_history WHERE comment_id = ? ORDER BY revision, device_id",
            [comment_id]).fetchall()
        keys = ("revision", "device", "group", "author", "kind", "text", "quote", "proposal", "supporters",
                "status", "response", "updated_at", "deleted")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def _save_history(self, old: Comment) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO comment_history (comment_id, revision, device_id, group_name, author, kind, text, "
            "quote, proposal, supporters, status, response, updated_at, deleted) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [old.id, old.revision, old.device, old.group, old.author, old.kind, old.text, old.quote, old.proposal,
             old.supporters, old.status, old.response, old.updated_at, int(old.deleted)])

    def _quote_span(self, draft_id: str, section_id: str, values: dict) -> tuple[int | None, int | None]:
        """Where the quote sits in the section's text: the positions given, checked, or found."""
        quote = values["quote"]
        if not quote:
            return None, None
        row = self.db.execute("SELECT text FROM sections WHERE draft_id = ? AND id = ?",
                              [draft_id, section_id]).fetchone()
        text = row[0] if row else ""
        start, end = values.get("quote_start"), values.get("quote_end")
        if start is not None or end is not None:
            if start is None or end is None or not 0 <= start <= end <= len(text):
                raise ValidationError(_("The quote's position ({start}–{end}) is outside the section's text "
                                        "({n} characters).").format(start=start, end=end, n=len(text)))
            return start, end
        at = text.find(quote)
        return (at, at + len(quote)) if at >= 0 else (None, None)

    # ------------------------------------------------------------------ search

    def _index(self, seq: int, values: dict) -> None:
        body = "\n".join(v for v in (values["text"], values["quote"], values["proposal"], values["author"]) if v)
        self.db.execute("INSERT INTO comment_search (rowid, folded, exact) VALUES (?, ?, ?)",
                        [seq, fold(body), fts.exact_key(body)])

    def _unindex(self, comment_id: str) -> None:
        self.db.execute("DELETE FROM comment_search WHERE rowid = (SELECT seq FROM comments WHERE id = ?)",
                        [comment_id])

    def _reindex(self, comment_id: str, values: dict) -> None:
        self._unindex(comment_id)
        seq = self.db.execute("SELECT seq FROM comments WHERE id = ?", [comment_id]).fetchone()[0]
        self._index(seq, values)

    def search(self, query: str, *, draft_id: str | None = None, limit: int = 50) -> list[dict]:
        """Comments and section titles matching every word of ``query``, accents and case aside;
        the last word may be unfinished. Matches with exactly the accents typed come first,
        then by relevance."""
        folded, exact = fts.query_terms(query)
        if not folded:
            return []
        try:
            typed_accents = exact != folded
            rows = (self._search_comments(fts.match_expression(exact, column="exact"), draft_id, limit)
                    if typed_accents else [])
            found = {r[2] for r in rows}
            more = [r for r in self._search_comments(fts.match_expression(folded), draft_id, limit + len(found))
                    if r[2] not in found]
            sections = self._search_sections(fts.match_expression(folded), draft_id, limit)
        except sqlite3.OperationalError as exc:
            raise DatabaseError(_("Search failed: {reason}").format(reason=exc)) from None
        # Exact matches first; among the others, those with more words typed exactly.
        more.sort(key=lambda r: (-fts.exact_hits(exact, r[7]), r[8]))
        ranked = rows + more
        sections.sort(key=lambda r: (-fts.exact_hits(exact, r[7]), r[8]))
        exact_sections = [r for r in sections if fts.exact_hits(exact, r[7]) == len(exact)]
        other_sections = [r for r in sections if r not in exact_sections]
        ordered = (exact_sections + [r for r in ranked if fts.exact_hits(exact, r[7]) == len(exact)]
                   + other_sections + [r for r in ranked if fts.exact_hits(exact, r[7]) < len(exact)])
        hits = []
        for draft, section, comment, text, quote, proposal, author, _exact, _rank in ordered[:limit]:
            source = next((t for t in (text, quote, proposal, author) if t and any(f in fold(t) for f in folded)),
                          text)
            hits.append({"draft": draft, "section": section, "comment": comment,
                         "snippet": fts.snippet(source, folded)})
        return hits

    def _search_comments(self, match: str, draft_id: str | None, limit: int) -> list[tuple]:
        # The newest matches first, then ranked by relevance among them: a common word
        # ("đề nghị") matches tens of thousands of comments, and scoring every one of them
        # on each keystroke would cost a tenth of a second.
        rows = self.db.execute(
            "SELECT * FROM (SELECT c.draft_id, c.section_id, c.id, c.text, c.quote, c.proposal, c.author, cs.exact, "
            "bm25(comment_search) AS rank FROM comment_search cs JOIN comments c ON c.seq = cs.rowid "
            "WHERE comment_search MATCH ? AND NOT c.deleted" + (" AND c.draft_id = ?" if draft_id else "")
            + " ORDER BY cs.rowid DESC LIMIT ?) ORDER BY rank",
            [match] + ([draft_id] if draft_id else []) + [max(SEARCH_POOL, limit * 4)]).fetchall()
        return rows[:limit]

    def _search_sections(self, match: str, draft_id: str | None, limit: int) -> list[tuple]:
        return self.db.execute(
            "SELECT s.draft_id, s.id, NULL, trim(s.number || ' ' || s.title), '', '', '', ss.exact, "
            "bm25(section_search) FROM section_search ss JOIN sections s ON s.seq = ss.rowid "
            "WHERE section_search MATCH ?" + (" AND s.draft_id = ?" if draft_id else "")
            + " ORDER BY bm25(section_search) LIMIT ?", [match] + ([draft_id] if draft_id else []) + [limit]).fetchall()

    # ================================================================== exchange between laptops
    # Comment packages and the exchange folder (reviewer/exchange.py, merge.py, sync.py) read and
    # write through the methods below; the merge rule itself is reviewer.merge.merge_comment.

    def exchange_passphrase(self) -> str:
        """The conference passphrase that signs packages ("" when none is set)."""
        row = self.db.execute("SELECT value FROM conference WHERE key = ?", [_PASSPHRASE_KEY]).fetchone()
        return row[0] if row else ""

    def set_exchange_passphrase(self, value: str | None) -> None:
        """Set (or, with None or "", remove) the passphrase every laptop of the conference shares."""
        value = nfc(value or "").strip()
        if len(value) > MAX_NAME:
            raise ValidationError(_("The passphrase is too long (at most {n} characters).").format(n=MAX_NAME))
        with write(self.db):
            if value:
                self.db.execute("INSERT INTO conference (key, value) VALUES (?, ?) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [_PASSPHRASE_KEY, value])
            else:
                self.db.execute("DELETE FROM conference WHERE key = ?", [_PASSPHRASE_KEY])

    def comment_states(self, draft_id: str, *, group: str | None = None) -> list:
        """Every comment of a draft (or of one group) with its tombstone and all its versions,
        as :class:`reviewer.merge.CommentState`, sorted by id: what a package carries."""
        from reviewer.merge import CommentState

        self._require_draft(draft_id)
        where, params = "c.draft_id = ?", [draft_id]
        if group is not None:
            where += " AND c.group_name = ?"
            params.append(group)
        history: dict[str, list] = {}
        for row in self.db.execute(f"SELECT h.comment_id, {_HISTORY_READ} FROM comment_history h "
                                   f"JOIN comments c ON c.id = h.comment_id WHERE {where}", params):
            history.setdefault(row[0], []).append(_history_version(row[1:]))
        states = []
        for r in self.db.execute(f"SELECT {_STATE_READ} FROM comments c WHERE {where} ORDER BY c.id", params):
            states.append(CommentState(id=r[0], created_at=r[13], current=_current_version(r), quote_start=r[7],
                                       quote_end=r[8], history=sorted(history.get(r[0], []),
                                                                       key=lambda v: (v.revision, v.device)),
                                       fork=r[18], resolved=r[19], draft=draft_id))
        return states

    def exchange_stamp(self, draft_id: str) -> str:
        """Changes whenever anything a package of this draft carries changes (cheap to compute)."""
        row = self.db.execute(
            "SELECT count(*), total(revision), total(resolved_revision), max(seq), max(updated_at), "
            "(SELECT count(*) FROM comment_history h JOIN comments c ON c.id = h.comment_id WHERE c.draft_id = ?) "
            "FROM comments WHERE draft_id = ?", [draft_id, draft_id]).fetchone()
        return json.dumps(list(row))

    def device_group(self, draft_id: str) -> str:
        """The group this laptop writes for, as far as its comments tell ("" when they do not)."""
        row = self.db.execute("SELECT group_name FROM comments WHERE draft_id = ? AND device_id = ? AND NOT deleted "
                              "GROUP BY group_name ORDER BY count(*) DESC, group_name LIMIT 1",
                              [draft_id, self.device_id]).fetchone()
        return row[0] if row else ""

    def register_draft_from_manifest(self, *, title: str, fingerprint: str, sections: list[dict],
                                     file_name: str = "") -> dict:
        """A draft known only from a comment package (its outline, without the .docx)."""
        with write(self.db):
            draft_id = self._insert_manifest_draft(title, fingerprint, sections, file_name)
        return self.draft(draft_id)

    def _insert_manifest_draft(self, title: str, print_: str, sections: list[dict], file_name: str) -> str:
        existing = self.db.execute("SELECT id FROM drafts WHERE fingerprint = ?", [print_]).fetchone()
        if existing:
            return existing[0]
        length = 12
        while self.db.execute("SELECT 1 FROM drafts WHERE id = ?", [print_[:length]]).fetchone():
            length += 4  # another draft already has this id (the fingerprints differ further on)
        draft_id = print_[:length]
        self.db.execute("INSERT INTO drafts (id, fingerprint, title, file_name, created_at, from_package) "
                        "VALUES (?, ?, ?, ?, ?, 1)", [draft_id, print_, title, file_name, utc_now()])
        for position, s in enumerate(sections):
            cur = self.db.execute(
                "INSERT OR IGNORE INTO sections (draft_id, id, position, number, title, level, parent, text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [draft_id, s["id"], position, s["number"], s["title"], s["level"], s["parent"], s["text"]])
            heading = f"{s['number']} {s['title']}".strip()
            if heading and cur.rowcount:
                self.db.execute("INSERT INTO section_search (rowid, folded, exact) VALUES (?, ?, ?)",
                                [cur.lastrowid, fold(heading), fts.exact_key(heading)])
        return draft_id

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
        draft_id = self._insert_manifest_draft(draft.title, draft.fingerprint, draft.sections, draft.file_name)
        return draft_id, True, False

    def apply_package(self, package, *, merge):
        """Merge a validated package (:class:`reviewer.exchange.Package`) in one transaction.

        ``merge(local_state_or_None, incoming_state)`` is :func:`reviewer.merge.merge_comment`.
        Returns a :class:`reviewer.merge.MergeSummary`."""
        from reviewer.merge import MergeSummary

        summary = MergeSummary(device=package.device_id, group=package.device_group)
        with write(self.db):
            target, registered, other = self._package_target(package.draft)
            summary.draft, summary.draft_registered, summary.other_version = target, registered, other
            summary.draft_title = self.db.execute("SELECT title FROM drafts WHERE id = ?", [target]).fetchone()[0]
            summary.changed = registered
            local = self._states_by_id([c.id for c in package.comments])
            texts: dict[str, dict[str, str]] = {}

            def section_texts(draft_id: str) -> dict[str, str]:
                if draft_id not in texts:
                    texts[draft_id] = dict(self.db.execute("SELECT id, text FROM sections WHERE draft_id = ?",
                                                           [draft_id]).fetchall())
                return texts[draft_id]

            outcomes = [(merge(local.get(c.id), c), c.id in local) for c in package.comments]
            self._ensure_groups({o.state.current.group for o, _known in outcomes if o.replaced})
            new_rows, index_rows, history_rows = [], [], []
            for outcome, known in outcomes:
                state = outcome.state
                draft_id = state.draft or target
                sections = section_texts(draft_id)
                v = state.current
                section = v.section if v.section is not None else next(
                    (h.section for h in sorted(state.history, key=lambda h: h.rank(), reverse=True)
                     if h.section is not None), "")
                history_rows.extend(
                    (state.id, h.revision, h.device, h.group, h.author, h.kind, h.text, h.quote, h.proposal,
                     h.supporters, h.status, h.response, h.updated_at, int(h.deleted), h.section)
                    for h in outcome.history_added + outcome.history_rewritten)
                if not known:
                    start, end = _locate_quote(sections.get(section, ""), v.quote, state.quote_start, state.quote_end)
                    new_rows.append((state.id, draft_id, section, v.group, v.author, v.kind, v.text, v.quote, start,
                                     end, v.proposal, v.supporters, v.status, v.response, state.created_at,
                                     v.updated_at, v.device, v.revision, int(v.deleted), state.fork, state.resolved))
                    if not v.deleted:
                        index_rows.append((state.id, v))
                elif outcome.replaced:
                    start, end = _locate_quote(sections.get(section, ""), v.quote, state.quote_start, state.quote_end)
                    self.db.execute(
                        "UPDATE comments SET section_id = ?, group_name = ?, author = ?, kind = ?, text = ?, "
                        "quote = ?, quote_start = ?, quote_end = ?, proposal = ?, supporters = ?, status = ?, "
                        "response = ?, "
                        "created_at = ?, updated_at = ?, device_id = ?, revision = ?, deleted = ?, fork_revision = ?, "
                        "resolved_revision = ? WHERE id = ?",
                        [section, v.group, v.author, v.kind, v.text, v.quote, start, end, v.proposal, v.supporters,
                         v.status, v.response, state.created_at, v.updated_at, v.device, v.revision, int(v.deleted),
                         state.fork, state.resolved, state.id])
                    self._unindex(state.id)
                    if not v.deleted:
                        index_rows.append((state.id, v))
                elif outcome.changed:
                    self.db.execute("UPDATE comments SET created_at = ?, fork_revision = ?, resolved_revision = ? "
                                    "WHERE id = ?", [state.created_at, state.fork, state.resolved, state.id])
                summary.changed = summary.changed or outcome.changed
                setattr(summary, outcome.kind, getattr(summary, outcome.kind) + 1)
                if outcome.conflict:
                    summary.conflicts += 1
                if not v.deleted and section not in sections:
                    summary.unplaced += 1
            if new_rows:
                self.db.conn.executemany(
                    f"INSERT INTO comments ({_COMMENT_COLUMNS}, fork_revision, resolved_revision) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new_rows)
            if history_rows:  # after the new comments: the history refers to them
                self.db.conn.executemany(
                    "INSERT OR REPLACE INTO comment_history (comment_id, revision, device_id, group_name, author, "
                    "kind, text, quote, proposal, supporters, status, response, updated_at, deleted, section_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", history_rows)
            if index_rows:
                seqs = dict(self.db.execute("SELECT id, seq FROM comments WHERE id IN (SELECT value FROM json_each(?))",
                                            [json.dumps([i for i, _v in index_rows])]).fetchall())
                self.db.conn.executemany("INSERT INTO comment_search (rowid, folded, exact) VALUES (?, ?, ?)",
                                         [_search_row(seqs[i], v) for i, v in index_rows])
            summary.changed = self._record_received(package, target) or summary.changed
        return summary

    def _states_by_id(self, ids: list[str]) -> dict:
        from reviewer.merge import CommentState

        if not ids:
            return {}
        wanted = json.dumps(ids)
        history: dict[str, list] = {}
        for row in self.db.execute(f"SELECT h.comment_id, {_HISTORY_READ} FROM comment_history h "
                                   "WHERE h.comment_id IN (SELECT value FROM json_each(?))", [wanted]):
            history.setdefault(row[0], []).append(_history_version(row[1:]))
        out = {}
        for r in self.db.execute(f"SELECT {_STATE_READ}, c.draft_id FROM comments c "
                                 "WHERE c.id IN (SELECT value FROM json_each(?))", [wanted]):
            out[r[0]] = CommentState(id=r[0], created_at=r[13], current=_current_version(r), quote_start=r[7],
                                     quote_end=r[8], history=history.get(r[0], []), fork=r[18], resolved=r[19],
                                     draft=r[20])
        return out

    def _ensure_groups(self, names: set[str]) -> None:
        """Add the groups comments arrived with."""
        known = set(self.groups())
        missing = sorted(n for n in names if n not in known)
        if not missing:
            return
        if len(known) + len(missing) > MAX_GROUPS:
            raise ValidationError(_("A conference has at most {n} groups; these comments would make {m}.").format(
                n=MAX_GROUPS, m=len(known) + len(missing)))
        now = utc_now()
        self.db.conn.executemany("INSERT INTO groups (name, position, created_at) VALUES (?, ?, ?)",
                                 [(n, len(known) + i, now) for i, n in enumerate(missing)])

    def _record_received(self, package, draft_id: str) -> bool:
        """Remember the newest package of each device (by the sender's own clock)."""
        row = self.db.execute("SELECT exported_at, payload FROM exchange_devices "
                              "WHERE device_id = ? AND draft_id = ?", [package.device_id, draft_id]).fetchone()
        if row is not None and (package.exported_at, package.payload_sha256) <= (row[0], row[1]):
            return False
        received_at = utc_now()
        live = [c for c in package.comments if not c.current.deleted]
        self.db.execute(
            "INSERT INTO exchange_devices (device_id, draft_id, device_group, exported_at, received_at, comments, "
            "tombstones, payload, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (device_id, draft_id) DO UPDATE SET device_group = excluded.device_group, "
            "exported_at = excluded.exported_at, received_at = excluded.received_at, comments = excluded.comments, "
            "tombstones = excluded.tombstones, payload = excluded.payload, file_name = excluded.file_name",
            [package.device_id, draft_id, package.device_group, package.exported_at, received_at, len(live),
             len(package.comments) - len(live), package.payload_sha256, package.file_name])
        self.db.execute("DELETE FROM exchange_groups WHERE device_id = ? AND draft_id = ?",
                        [package.device_id, draft_id])
        counts: dict[str, int] = {}
        for c in live:
            counts[c.current.group] = counts.get(c.current.group, 0) + 1
        self.db.conn.executemany("INSERT INTO exchange_groups (device_id, draft_id, group_name, comments) "
                                 "VALUES (?, ?, ?, ?)",
                                 [(package.device_id, draft_id, g, n) for g, n in sorted(counts.items())])
        return True

    def received(self, draft_id: str | None = None) -> dict:
        """What came from the other laptops: per device, its newest package; per group, when its
        comments last arrived and how many of its comments are here (not deleted)."""
        where, params = ("WHERE d.draft_id = ?", [draft_id]) if draft_id else ("", [])
        devices = [{"device": r[0], "draft": r[1], "group": r[2], "exported_at": r[3], "received_at": r[4],
                    "comments": r[5], "tombstones": r[6], "file_name": r[7]}
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

    def unplaced_comments(self, draft_id: str) -> list[Comment]:
        """Comments (not deleted) whose section is not in this version of the draft: kept, listed apart."""
        here = {s["id"] for s in self.sections(draft_id)}
        return [c for c in self.comments(draft_id) if c.section not in here]

    def conflicts(self, draft_id: str, *, include_deleted: bool = True) -> list[Comment]:
        """Comments that two laptops changed independently, for the secretariat to look at."""
        return [c for c in self.comments(draft_id, include_deleted=include_deleted) if c.conflict]

    def resolve_conflict(self, comment_id: str) -> Comment:
        """Mark a comment's conflict as looked at (this travels to the other laptops too)."""
        with write(self.db):
            self.comment(comment_id)
            self.db.execute("UPDATE comments SET resolved_revision = max(resolved_revision, fork_revision) "
                            "WHERE id = ?", [comment_id])
        return self.comment(comment_id)


def validate_name(value, what: str) -> str:
    value = clean(str(value or ""))
    if len(value) > MAX_NAME:
        raise ValidationError(_("The {what} name is too long (at most {n} characters).").format(what=what, n=MAX_NAME))
    return value


def validate_comment(values: dict) -> dict:
    """Normalised copies of comment fields, or ValidationError naming the first bad one.

    Importers call it to check every row before anything is written."""
    out = dict(values)
    for key in ("text", "quote", "proposal", "response"):
        value = nfc(str(out.get(key) or "")).strip()
        if len(value) > MAX_TEXT:
            label = {"text": _("comment text"), "quote": _("quoted passage"), "proposal": _("proposed wording"),
                     "response": _("response")}[key]
            raise ValidationError(_("The {field} is too long: {n} characters, at most {max} are accepted.").format(
                field=label, n=len(value), max=MAX_TEXT))
        out[key] = value
    if not out["text"]:
        raise ValidationError(_("A comment cannot be empty."))
    out["author"] = validate_name(out.get("author"), _("author"))
    if out["kind"] not in KINDS:
        raise ValidationError(_("Unknown kind of comment “{kind}”; use one of: {codes}.").format(
            kind=out["kind"], codes=", ".join(KINDS)))
    if out["status"] not in STATUSES:
        raise ValidationError(_("Unknown status “{status}”; use one of: {codes}.").format(
            status=out["status"], codes=", ".join(STATUSES)))
    try:
        supporters = int(out.get("supporters") or 0)
    except (TypeError, ValueError):
        raise ValidationError(_("The number of supporters must be a whole number.")) from None
    if not 0 <= supporters <= MAX_SUPPORTERS:
        raise ValidationError(_("The number of supporters must be between 0 and {n}.").format(n=MAX_SUPPORTERS))
    out["supporters"] = supporters
    for key in ("quote_start", "quote_end"):
        if out.get(key) is not None:
            try:
                out[key] = int(out[key])
            except (TypeError, ValueError):
                raise ValidationError(_("A quote position must be a whole number.")) from None
    if not out["quote"]:
        out["quote_start"] = out["quote_end"] = None
    return out


# ---------------------------------------------------------------------- exchange helpers

_PASSPHRASE_KEY = "exchange_passphrase"  # in the conference table; not one of CONFERENCE_KEYS (never printed)
_HISTORY_READ = ("h.revision, h.device_id, h.group_name, h.author, h.kind, h.text, h.quote, h.proposal, "
                 "h.supporters, h.status, h.response, h.updated_at, h.deleted, h.section_id")
_STATE_READ = ("c.id, c.section_id, c.group_name, c.author, c.kind, c.text, c.quote, c.quote_start, c.quote_end, "
               "c.proposal, c.supporters, c.status, c.response, c.created_at, c.updated_at, c.device_id, c.revision, "
               "c.deleted, c.fork_revision, c.resolved_revision")


def _history_version(r):
    from reviewer.merge import Version

    return Version(revision=r[0], device=r[1], group=r[2], author=r[3], kind=r[4], text=r[5], quote=r[6],
                   proposal=r[7], supporters=r[8], status=r[9], response=r[10], updated_at=r[11], deleted=bool(r[12]),
                   section=r[13])


def _current_version(r):
    from reviewer.merge import Version

    return Version(revision=r[16], device=r[15], group=r[2], author=r[3], kind=r[4], text=r[5], quote=r[6],
                   proposal=r[9], supporters=r[10], status=r[11], response=r[12], updated_at=r[14],
                   deleted=bool(r[17]), section=r[1])


def _locate_quote(text: str, quote: str, start: int | None, end: int | None) -> tuple[int | None, int | None]:
    """Where a received comment's quote sits in this laptop's version of the section."""
    if not quote:
        return None, None
    if start is not None and end is not None and 0 <= start <= end <= len(text) and text[start:end] == quote:
        return start, end
    at = text.find(quote)
    return (at, at + len(quote)) if at >= 0 else (None, None)


def _search_row(seq: int, v) -> tuple[int, str, str]:
    body = "\n".join(t for t in (v.text, v.quote, v.proposal, v.author) if t)
    return seq, fold_fast(body), fts.exact_key(body)


_FOLD_TABLE: dict[int, str] = {}  # character -> fold(character), for the characters where that is exact
_FOLD_KNOWN: set[str] = set()
_FOLD_UNSAFE: set[str] = set()


def fold_fast(text: str) -> str:
    """``textnorm.fold(text)``, character by character from a table (several times faster on a
    merge of thousands of comments).

    Folding is per character except where Unicode composition joins two characters that are not
    combining marks: Hangul jamo (letters) and a few Indic vowel signs (marks), all from U+0900
    up. A text with a character that folds to a letter or mark from U+0900 up is folded as a
    whole; punctuation, symbols, digits and spaces (“ ” – … €) never compose."""
    chars = set(text)
    new = chars - _FOLD_KNOWN
    if new:
        for c in new:
            folded = fold(c)
            if all(ord(f) < 0x900 or unicodedata.category(f)[0] in "PSZNC" for f in folded):
                _FOLD_TABLE[ord(c)] = folded
            else:
                _FOLD_UNSAFE.add(c)
            _FOLD_KNOWN.add(c)
    if _FOLD_UNSAFE and not chars.isdisjoint(_FOLD_UNSAFE):
        return fold(text)
    return text.translate(_FOLD_TABLE)



