"""The review store: drafts, groups, delegates and comments, each change one committed transaction.

Every change goes through a method here; the window, the command line and the exchange
code never write SQL of their own. A method returns only after its transaction is
committed, so whatever the caller reports as saved is on disk. Search is
:mod:`reviewer.store.search`; what the exchange between laptops reads and writes is
:class:`reviewer.store.exchange_records.ExchangeRecords` (``store.exchange``).
"""
from __future__ import annotations

import uuid
from functools import cached_property
from pathlib import Path

from reviewer.i18n import _
from reviewer.model import Document
from reviewer.store import decisions, draft_files, marks, rules
from reviewer.store import search as fts
from reviewer.store.database import connect, default_path, read_only_place, write
from reviewer.store.exchange_records import ExchangeRecords
from reviewer.store.records import (
    COMMENT_COLUMNS,
    INSERT_HISTORY,
    READ_COLUMNS,
    UNPLACED_SECTION,
    Comment,
    NotFoundError,
    ValidationError,
    fingerprint,
    locate_quote,
    row_to_comment,
    utc_now,
)
from reviewer.store.rules import CONFERENCE_KEYS, validate_comment, validate_name
from reviewer.textnorm import body_text, clean, natural_key, strip_controls
from reviewer.vocab import ROLES

_EDITABLE = ("section", "group", "author", "kind", "text", "quote", "quote_start", "quote_end", "proposal",
             "supporters", "status", "response")
_COLUMN_OF = {"section": "section_id", "group": "group_name"}
_VERSION_COLUMNS = ("revision", "device_id", "section_id", "group_name", "author", "kind", "text", "quote", "proposal",
                    "supporters", "status", "response", "updated_at", "deleted")


class Store:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.db = connect(self.path)
        self.device_id = self._device_id()

    @cached_property
    def exchange(self) -> ExchangeRecords:
        """What moving comments between laptops reads and writes."""
        return ExchangeRecords(self)

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
        if read_only_place(self.path):
            return ""  # nothing can be written here, so nothing needs the device's id
        with write(self.db):
            self.db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)", [uuid.uuid4().hex])
        return self.db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]

    # ------------------------------------------------------------------ drafts

    def register_draft(self, doc: Document, *, file_name: str = "", content: bytes | None = None) -> dict:
        """The draft's record, created on first sight; the same content finds the same record.
        ``content``: the .docx file's bytes, kept (the latest copy) for writing Word files from it."""
        sections = [{"id": s.id, "number": s.number, "title": s.title, "level": s.level, "parent": s.parent,
                     "text": s.text} for s in doc.sections]
        with write(self.db):
            draft_id = self.insert_draft(doc.title, fingerprint(doc), sections, file_name or doc.source_name)
            if content is not None:
                draft_files.save_draft_file(self.db, draft_id, file_name or doc.source_name, content)
        return self.draft(draft_id)

    def draft_file(self, draft_id: str) -> tuple[str, bytes] | None:
        """(file name, bytes) of the draft's .docx as last registered here; None for a draft known only
        from a package."""
        self._require_draft(draft_id)
        return draft_files.draft_file(self.db, draft_id)

    def word_comment_keys(self, draft_id: str) -> set[str]:
        """The identities in their Word files of the comments imported from Word for this draft."""
        return draft_files.word_comment_keys(self.db, draft_id)

    def insert_draft(self, title: str, print_: str, sections: list[dict], file_name: str, *,
                     from_package: bool = False) -> str:
        """The one way a draft gets in (inside the caller's transaction): its record, sections and their
        search index; the id of the draft already there when the fingerprint is known."""
        existing = self.db.execute("SELECT id FROM drafts WHERE fingerprint = ?", [print_]).fetchone()
        if existing:
            return existing[0]
        length = 12
        while self.db.execute("SELECT 1 FROM drafts WHERE id = ?", [print_[:length]]).fetchone():
            length += 4  # another draft already has this id (the fingerprints differ further on)
        draft_id = print_[:length]
        # Names and texts as printed later, without control characters (a package's manifest may carry any).
        self.db.execute("INSERT INTO drafts (id, fingerprint, title, file_name, created_at, from_package) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        [draft_id, print_, clean(title), clean(file_name), utc_now(), int(from_package)])
        for position, s in enumerate(sections):
            number, heading = clean(s["number"]), strip_controls(s["title"])
            cur = self.db.execute(
                "INSERT OR IGNORE INTO sections (draft_id, id, position, number, title, level, parent, text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [draft_id, s["id"], position, number, heading, s["level"], s["parent"], strip_controls(s["text"])])
            if cur.rowcount:
                fts.index_section(self.db, cur.lastrowid, number, heading)
        return draft_id

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
            if value is not None and len(str(value)) > rules.MAX_NAME * 5:
                raise ValidationError(_("The setting “{key}” is too long.").format(key=key))
        with write(self.db):
            before = self.conference()
            for key, value in values.items():
                if value is None:
                    self.db.execute("DELETE FROM conference WHERE key = ?", [key])
                else:
                    self.db.execute("INSERT INTO conference (key, value) VALUES (?, ?) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                    [key, body_text(str(value))])
            # Only what changed travels to the other laptops (decisions.py): saving the dialog unchanged on a
            # laptop that has not received the secretariat's settings yet must not undo them everywhere.
            after = self.conference()
            decisions.stamp_settings(self, [k for k in values if before.get(k) != after.get(k)])
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
        if count >= rules.MAX_GROUPS:
            raise ValidationError(_("A conference or consultation has at most {n} groups or units; “{name}” "
                                    "would be one more.").format(n=rules.MAX_GROUPS, name=name))
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

        Each row takes the keyword arguments of :meth:`add_comment` (and ``seeded``: written by the app
        itself, never sent; see samples.py). A row whose ``comment_id`` is already in the database is
        refused; callers that re-import skip those first. Rows imported from Word may also carry
        ``created_at`` (Word's date), ``unplaced`` (its section may be missing from this version of the
        draft: kept, listed apart), ``word_key`` and ``word_resolved`` (see word_comment_keys).
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
                if row.get("unplaced"):
                    self._require_draft(draft_id)
                else:
                    self._require_section(draft_id, section_id)
                values["quote_start"], values["quote_end"] = self._quote_span(draft_id, section_id, values)
                group = self._ensure_group(row.get("group") or "")
                comment_id = row.get("comment_id") or str(uuid.uuid4())
                if self.db.execute("SELECT 1 FROM comments WHERE id = ?", [comment_id]).fetchone():
                    raise ValidationError(_("A comment with id “{id}” already exists.").format(id=comment_id))
                now = row.get("created_at") or utc_now()
                cur = self.db.execute(
                    f"INSERT INTO comments ({COMMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, 1, 0)",
                    [comment_id, draft_id, section_id, group, values["author"], values["kind"], values["text"],
                     values["quote"], values["quote_start"], values["quote_end"], values["proposal"],
                     values["supporters"], values["status"], values["response"], now, now, self.device_id])
                fts.index_comments(self.db, [fts.comment_row(cur.lastrowid, values["text"], values["quote"],
                                                             values["proposal"], values["author"])])
                if row.get("word_key"):
                    draft_files.record_word_comment(self.db, row, comment_id)
                if row.get("seeded"):  # the app's own sample comments: in the same transaction, never sent
                    self.db.execute("UPDATE comments SET seeded = 1 WHERE seq = ?", [cur.lastrowid])
                ids.append(comment_id)
        return [self.comment(i) for i in ids]

    def edit_comment(self, comment_id: str, **changes) -> Comment:
        """Change some fields; the previous version goes to the history. Unknown fields are refused."""
        self.edit_comments({comment_id: changes})
        return self.comment(comment_id)

    def edit_comments(self, edits: dict[str, dict]) -> None:
        """Edit many comments ({id: changes}) in one transaction: all are saved, or (on any refusal) none."""
        with write(self.db):
            for comment_id, changes in edits.items():
                if unknown := set(changes) - set(_EDITABLE):
                    raise ValidationError(_("Cannot change “{field}” of a comment.").format(field=min(unknown)))
                old = self.comment(comment_id)
                if old.deleted:
                    raise NotFoundError(_("Comment “{id}” has been deleted.").format(id=comment_id))
                merged = {k: getattr(old, k) for k in _EDITABLE} | changes
                moved = "section" in changes and changes["section"] != old.section
                if ("quote" in changes or moved) and "quote_start" not in changes:
                    merged["quote_start"] = merged["quote_end"] = None
                values = validate_comment(merged)
                values["group"] = self._ensure_group(merged["group"])
                values["section"] = merged["section"]
                if values["section"] != old.section and values["section"] != UNPLACED_SECTION:
                    self._require_section(old.draft, values["section"])
                values["quote_start"], values["quote_end"] = self._quote_span(old.draft, values["section"], values)
                if all(values[k] == getattr(old, k) for k in _EDITABLE):
                    continue
                self._save_history(old)
                sets = ", ".join(f"{_COLUMN_OF.get(k, k)} = ?" for k in _EDITABLE)
                self.db.execute(f"UPDATE comments SET {sets}, updated_at = ?, device_id = ?, revision = revision + 1 "
                                "WHERE id = ?", [*map(values.get, _EDITABLE), utc_now(), self.device_id, comment_id])
                fts.reindex_comment(self.db, comment_id, values["text"], values["quote"], values["proposal"],
                                    values["author"])

    def delete_comment(self, comment_id: str) -> Comment:
        """Leave a tombstone (it travels to other laptops); the last version stays in the history."""
        with write(self.db):
            old = self.comment(comment_id)
            if old.deleted:
                return old
            self._save_history(old)
            self.db.execute("UPDATE comments SET deleted = 1, updated_at = ?, device_id = ?, revision = revision + 1 "
                            "WHERE id = ?", [utc_now(), self.device_id, comment_id])
            fts.unindex_comment(self.db, comment_id)
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
            fts.reindex_comment(self.db, comment_id, old.text, old.quote, old.proposal, old.author)
        return self.comment(comment_id)

    def comment(self, comment_id: str, *, include_deleted: bool = True) -> Comment:
        row = self.db.execute(f"SELECT {READ_COLUMNS} FROM comments WHERE id = ?", [comment_id]).fetchone()
        if row is None or (row[18] and not include_deleted):
            raise NotFoundError(_("No comment with id “{id}” in this database.").format(id=comment_id))
        return row_to_comment(row)

    def comments(self, draft_id: str, *, section_id: str | None = None, include_deleted: bool = False) -> list[Comment]:
        """Comments in document order of their sections, then in the order they were written;
        comments whose section is not in this version of the draft come last."""
        self._require_draft(draft_id)
        sql = (f"SELECT {', '.join('c.' + c.strip() for c in READ_COLUMNS.split(','))} FROM comments c "
               "LEFT JOIN sections s ON s.draft_id = c.draft_id AND s.id = c.section_id "
               "WHERE c.draft_id = ?")
        params: list = [draft_id]
        if section_id is not None:
            sql += " AND c.section_id = ?"
            params.append(section_id)
        if not include_deleted:
            sql += " AND NOT c.deleted"
        sql += " ORDER BY s.position IS NULL, s.position, c.created_at, c.seq"
        return [row_to_comment(r) for r in self.db.execute(sql, params)]

    def history(self, comment_id: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT revision, device_id, group_name, author, kind, text, quote, proposal, supporters, status, "
            "response, updated_at, deleted FROM comment_history WHERE comment_id = ? ORDER BY revision, device_id",
            [comment_id]).fetchall()
        keys = ("revision", "device", "group", "author", "kind", "text", "quote", "proposal", "supporters",
                "status", "response", "updated_at", "deleted")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def versions(self, comment_id: str) -> list[dict]:
        """Every version of a comment this database keeps, oldest first: its previous versions, the
        current one, and any set aside by a clash (two copies of one database that wrote the same
        revision differently; see reviewer.exchange.merge). ``state`` says which."""
        c = self.comment(comment_id)
        keys = ("revision", "device", "section", "group", "author", "kind", "text", "quote", "proposal", "supporters",
                "status", "response", "updated_at", "deleted")
        out = [{**dict(zip(keys, row, strict=True)), "deleted": bool(row[-1]), "state": state}
               for state, table in (("previous", "comment_history"), ("set_aside", "comment_set_aside"))
               for row in self.db.execute(f"SELECT {', '.join(_VERSION_COLUMNS)} FROM {table} WHERE comment_id = ?",
                                          [comment_id])]
        out.append({"revision": c.revision, "device": c.device, "section": c.section, "group": c.group,
                    "author": c.author, "kind": c.kind, "text": c.text, "quote": c.quote, "proposal": c.proposal,
                    "supporters": c.supporters, "status": c.status, "response": c.response,
                    "updated_at": c.updated_at, "deleted": c.deleted, "state": "current"})
        order = {"previous": 0, "current": 1, "set_aside": 2}
        return sorted(out, key=lambda v: (v["revision"], order[v["state"]], v["device"], v["updated_at"]))

    def _save_history(self, old: Comment) -> None:
        self.db.execute(INSERT_HISTORY, [old.id, old.revision, old.device, old.group, old.author, old.kind, old.text,
                                         old.quote, old.proposal, old.supporters, old.status, old.response,
                                         old.updated_at, int(old.deleted), old.section])

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
        return locate_quote(text, quote, None, None)

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

    def card_marks(self, comment_ids: list[str]) -> dict[str, marks.CardMarks]:
        """See :func:`reviewer.store.marks.card_marks`."""
        return marks.card_marks(self, comment_ids)

    def mark_seen(self, comment_id: str) -> None:
        """See :func:`reviewer.store.marks.mark_seen` (this laptop's own state: it never travels)."""
        marks.mark_seen(self, comment_id)

    def laptop_groups(self) -> dict[str, str]:
        """See :func:`reviewer.store.marks.laptop_groups`."""
        return marks.laptop_groups(self)

    def search(self, query: str, *, draft_id: str | None = None, limit: int = 50) -> list[dict]:
        """See :func:`reviewer.store.search.search`."""
        return fts.search(self.db, query, draft_id=draft_id, limit=limit)
