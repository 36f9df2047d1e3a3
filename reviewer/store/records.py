"""What the store hands out and how rows become it: comments, their columns, times, drafts' identity."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from datetime import UTC, datetime

from reviewer.errors import ReviewerError
from reviewer.model import Document
from reviewer.textnorm import find_passage

# The section of a comment carried onto a new version of its draft without a place in it (see
# reviewer.store.revise): never a real section's id, listed as null in JSON.
UNPLACED_SECTION = "unplaced"


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
    conflict: bool = False  # two laptops changed it independently (see reviewer.exchange.merge)

    def to_json(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.section == UNPLACED_SECTION:
            out["section"] = None
        return out


COMMENT_COLUMNS = ("id, draft_id, section_id, group_name, author, kind, text, quote, quote_start, quote_end, "
                   "proposal, supporters, status, response, created_at, updated_at, device_id, revision, deleted")
# What is read back: the columns above, then whether the comment is in conflict.
READ_COLUMNS = COMMENT_COLUMNS + ", fork_revision > resolved_revision"
HISTORY_COLUMNS = ("comment_id, revision, device_id, group_name, author, kind, text, quote, proposal, supporters, "
                   "status, response, updated_at, deleted, section_id")
# The one way a version goes into the history: a version already there (same revision and device)
# is overwritten only by the exchange, which knows it carries the same version's full record.
INSERT_HISTORY = f"INSERT OR IGNORE INTO comment_history ({HISTORY_COLUMNS}) VALUES ({', '.join('?' * 15)})"
REPLACE_HISTORY = INSERT_HISTORY.replace("INSERT OR IGNORE", "INSERT OR REPLACE")
INSERT_SET_ASIDE = (f"INSERT OR IGNORE INTO comment_set_aside ({HISTORY_COLUMNS}, digest) "
                    f"VALUES ({', '.join('?' * 16)})")


def version_row(comment_id: str, v) -> tuple:
    """A :class:`~reviewer.store.versions.Version` as a row of the history's columns."""
    return (comment_id, v.revision, v.device, v.group, v.author, v.kind, v.text, v.quote, v.proposal, v.supporters,
            v.status, v.response, v.updated_at, int(v.deleted), v.section)


def row_to_comment(row) -> Comment:
    return Comment(*row[:18], bool(row[18]), bool(row[19]) if len(row) > 19 else False)


def fingerprint(doc: Document) -> str:
    """The draft's identity: its title and sections (ids, headings, texts), not the file's bytes,
    so the same draft saved again, or copied, is still the same draft."""
    h = hashlib.sha256()
    h.update(doc.title.encode())
    for s in doc.sections:
        h.update(json.dumps([s.id, s.number, s.title, s.level, s.parent, s.text], ensure_ascii=False).encode())
    return h.hexdigest()


def locate_quote(text: str, quote: str, start: int | None, end: int | None) -> tuple[int | None, int | None]:
    """Where a quote sits in a section's text: the positions given when they hold the quote, else
    its first occurrence, else nowhere (a quote from another version of the draft). White space
    aside: a quote is stored with its spaces collapsed, the text may break a line inside it."""
    if not quote:
        return None, None
    if (start is not None and end is not None and 0 <= start <= end <= len(text)
            and text[start:end].split() == quote.split()):
        return start, end
    return find_passage(text, quote) or (None, None)
