"""Accent-insensitive search for Vietnamese: the index, queries, ranking and snippets.

The index holds each text twice: folded ("Đảng ủy" -> "dang uy") to find, and with its
accents (lower-cased) to rank: typing "tăng" lists "tăng" before "tầng", while typing
"tang" finds both.
"""
from __future__ import annotations

import json
import re
import sqlite3

from reviewer.i18n import _
from reviewer.model import PATH_SEPARATOR, full_numbers
from reviewer.store.database import Database, DatabaseError
from reviewer.textnorm import exact_key, fold

_WORD = re.compile(r"\w+")
SEARCH_POOL = 200  # matches scored per search; the newest ones when a word is very common


def query_terms(query: str) -> tuple[list[str], list[str]]:
    """(folded terms, exact terms) of a query, in order."""
    exact = _WORD.findall(exact_key(query))
    return [fold(t) for t in exact], exact


def match_expression(terms: list[str], *, column: str = "folded", prefix: bool = True) -> str:
    """An FTS5 query on one column: every term, each as a prefix while typing."""
    star = "*" if prefix else ""
    return f"{column} : (" + " AND ".join('"' + t.replace('"', '""') + '"' + star for t in terms) + ")"


def word_starts(exact_terms: list[str]) -> list[re.Pattern[str]]:
    """For each query term, a pattern found where a word of a text begins with it (for exact_hits)."""
    return [re.compile(r"(?<!\w)" + re.escape(term)) for term in exact_terms]


def exact_hits(starts: list[re.Pattern[str]], exact_text: str) -> int:
    """How many query terms appear with exactly the accents typed (as a word or a word's start)."""
    return sum(1 for start in starts if start.search(exact_text))


def snippet(text: str, folded_terms: list[str], width: int = 160) -> str:
    """A window of ``text`` around the first match, with the matched words in [brackets]."""
    return "".join(f"[{part}]" if matched else part for part, matched in snippet_parts(text, folded_terms, width))


def term_patterns(folded_terms: list[str]) -> list[re.Pattern[str]]:
    """Each folded query term where a word of a folded text begins with it (for snippet_parts)."""
    return [re.compile(r"\b" + re.escape(term)) for term in folded_terms]


def snippet_parts(text: str, folded_terms: list[str], width: int = 160, *,
                  patterns: list[re.Pattern[str]] | None = None) -> list[tuple[str, bool]]:
    """A window of ``text`` around the first match, as pieces marked True where a query word matched
    (for a window to show in bold what a terminal shows in brackets). ``patterns``: term_patterns of the
    terms, made once for many snippets."""
    clean = " ".join(text.split())
    folded = _fold_aligned(clean)
    spans = []
    for pattern in patterns or term_patterns(folded_terms):
        for m in pattern.finditer(folded):
            end = m.end()
            while end < len(folded) and folded[end].isalnum():
                end += 1
            spans.append((m.start(), end))
    if not spans:
        return [(clean[:width] + ("…" if len(clean) > width else ""), False)]
    spans.sort()
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:
        space = clean.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    stop = min(len(clean), start + width)
    out: list[tuple[str, bool]] = [("…", False)] if start else []
    pos = start
    for a, b in spans:
        if a < pos or b > stop:
            continue
        out.append((clean[pos:a], False))
        out.append((clean[a:b], True))
        pos = b
    out.append((clean[pos:stop] + ("…" if stop < len(clean) else ""), False))
    return [(part, matched) for part, matched in out if part]


def _fold_aligned(text: str) -> str:
    """fold() character by character, so positions in the result are positions in ``text``."""
    new = set(text) - _ALIGNED_KNOWN
    for ch in new:
        f = fold(ch)
        _ALIGNED_TABLE[ord(ch)] = f if len(f) == 1 else (f[:1] or " ")
        _ALIGNED_KNOWN.add(ch)
    return text.translate(_ALIGNED_TABLE)


_ALIGNED_TABLE: dict[int, str] = {}  # character -> its one-character fold, for _fold_aligned
_ALIGNED_KNOWN: set[str] = set()


# ---------------------------------------------------------------------- the index


def _body(text: str, quote: str, proposal: str, author: str) -> str:
    return "\n".join(t for t in (text, quote, proposal, author) if t)


def comment_row(seq: int, text: str, quote: str, proposal: str, author: str) -> tuple[int, str, str]:
    """The one form a comment takes in the index (the rowid is the comment's seq)."""
    body = _body(text, quote, proposal, author)
    return seq, fold(body), exact_key(body)


def index_comments(db: Database, rows: list[tuple[int, str, str]]) -> None:
    db.conn.executemany("INSERT INTO comment_search (rowid, folded, exact) VALUES (?, ?, ?)", rows)


def unindex_comment(db: Database, comment_id: str) -> None:
    db.execute("DELETE FROM comment_search WHERE rowid = (SELECT seq FROM comments WHERE id = ?)", [comment_id])


def reindex_comment(db: Database, comment_id: str, text: str, quote: str, proposal: str, author: str) -> None:
    unindex_comment(db, comment_id)
    seq = db.execute("SELECT seq FROM comments WHERE id = ?", [comment_id]).fetchone()[0]
    index_comments(db, [comment_row(seq, text, quote, proposal, author)])


def index_section(db: Database, seq: int, number: str, title: str) -> None:
    heading = f"{number} {title}".strip()
    if heading:
        db.execute("INSERT INTO section_search (rowid, folded, exact) VALUES (?, ?, ?)",
                   [seq, fold(heading), exact_key(heading)])


def seqs_of(db: Database, comment_ids: list[str]) -> dict[str, int]:
    return dict(db.execute("SELECT id, seq FROM comments WHERE id IN (SELECT value FROM json_each(?))",
                           [json.dumps(comment_ids)]).fetchall())


# ---------------------------------------------------------------------- queries


def search(db: Database, query: str, *, draft_id: str | None = None, limit: int = 50) -> list[dict]:
    """Comments and section titles matching every word of ``query``, accents and case aside;
    the last word may be unfinished. Matches with exactly the accents typed come first,
    then by relevance. A section's number first ("I.3.2 thiên tai") looks in that section and those
    within it."""
    scope = None
    first, _space, rest = query.strip().partition(" ")
    if draft_id and rest.strip():
        roots = [h["section"] for h in _numbered_sections(db, first, draft_id, limit)]
        if roots:
            scope, query = _subtree(db, draft_id, roots), rest
    folded, exact = query_terms(query)
    if not folded:
        return []
    numbered = _numbered_sections(db, query, draft_id, limit) if draft_id and scope is None else []
    try:
        typed_accents = exact != folded
        rows = (_search_comments(db, match_expression(exact, column="exact"), draft_id, limit, scope)
                if typed_accents else [])
        found = {r[2] for r in rows}
        more = [r for r in _search_comments(db, match_expression(folded), draft_id, limit + len(found), scope)
                if r[2] not in found]
        sections = _search_sections(db, match_expression(folded), draft_id, limit, scope)
    except sqlite3.OperationalError as exc:
        raise DatabaseError(_("Search failed: {reason}").format(reason=exc)) from None
    # Exact matches first; among the others, those with more words typed exactly.
    starts = word_starts(exact)
    hits_of = {id(r): exact_hits(starts, r[7]) for r in (*rows, *more, *sections)}
    more.sort(key=lambda r: (-hits_of[id(r)], r[8]))
    ranked = rows + more
    sections.sort(key=lambda r: (-hits_of[id(r)], r[8]))
    exact_sections = [r for r in sections if hits_of[id(r)] == len(exact)]
    other_sections = [r for r in sections if hits_of[id(r)] < len(exact)]
    ordered = (exact_sections + [r for r in ranked if hits_of[id(r)] == len(exact)]
               + other_sections + [r for r in ranked if hits_of[id(r)] < len(exact)])
    named = {h["section"] for h in numbered}
    ordered = [r for r in ordered if r[2] is not None or r[1] not in named][:limit - len(numbered)]
    # The texts of the comments shown only: the pool ranked is four times as many.
    texts = {r[0]: r[1:] for r in db.execute(
        "SELECT id, text, quote, proposal, author FROM comments WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps([r[2] for r in ordered if r[2] is not None])])}
    patterns = term_patterns(folded)
    hits = numbered
    for draft, section, comment, *fields, _exact, _rank in ordered:
        text, quote, proposal, author = texts[comment] if comment is not None else fields
        source = next((t for t in (text, quote, proposal, author)
                       if t and any(f in fold(t) for f in folded)), text)
        parts = snippet_parts(source, folded, patterns=patterns)
        hits.append({"draft": draft, "section": section, "comment": comment,
                     "snippet": "".join(f"[{t}]" if m else t for t, m in parts), "parts": parts})
    return hits


# A section's number as the window names it: "II.3.2", "I.3.1.a)", "3.2." (a word such as "PHẦN" aside).
_NUMBER = re.compile(r"(?:[IVXLC]+|\d+)(?:\.(?:\d+|[a-zđ]\)?))*[.)]?", re.IGNORECASE)


def _numbered_sections(db: Database, query: str, draft_id: str, limit: int) -> list[dict]:
    """Sections whose full number ("II.3.2") or own number ("3.2") is the query, full numbers first: a
    number typed as the window shows it finds its section, which the words of headings alone cannot."""
    typed = query.strip()
    if not _NUMBER.fullmatch(typed) or not any(ch in typed for ch in ".)"):
        return []
    want = typed.rstrip(".").casefold()
    rows = db.execute("SELECT id, parent, number, title FROM sections WHERE draft_id = ? ORDER BY position",
                      [draft_id]).fetchall()
    numbers = full_numbers((sid, parent, number) for sid, parent, number, _title in rows)
    full, own = [], []
    for sid, _parent, number, title in rows:
        path = numbers[sid].rsplit(PATH_SEPARATOR, 1)[-1].strip().rstrip(".").casefold()
        heading = f"{number} {title}".strip()
        hit = {"draft": draft_id, "section": sid, "comment": None, "snippet": f"[{heading}]",
               "parts": [(heading, True)]}
        if path == want:
            full.append(hit)
        elif number.strip().rstrip(".").casefold() == want:
            own.append(hit)
    return (full + own)[:limit]


def _subtree(db: Database, draft_id: str, roots: list[str]) -> list[str]:
    """These sections and every section within them."""
    children: dict[str, list[str]] = {}
    for sid, parent in db.execute("SELECT id, parent FROM sections WHERE draft_id = ?", [draft_id]):
        children.setdefault(parent, []).append(sid)
    out, todo = [], list(roots)
    while todo:
        sid = todo.pop()
        out.append(sid)
        todo += children.get(sid, [])
    return out


def _in_scope(column: str, scope: list[str] | None) -> tuple[str, list]:
    return ((f" AND {column} IN (SELECT value FROM json_each(?))", [json.dumps(scope)]) if scope is not None
            else ("", []))


def _search_comments(db: Database, match: str, draft_id: str | None, limit: int,
                     scope: list[str] | None = None) -> list[tuple]:
    # The newest matches first, then ranked by relevance among them: a common word
    # ("đề nghị") matches tens of thousands of comments, and scoring every one of them
    # on each keystroke would cost a tenth of a second.
    # The texts are read for the hits shown, not here (search fills them in): the shape of a section's row.
    within, scoped = _in_scope("c.section_id", scope)
    rows = db.execute(
        "SELECT * FROM (SELECT c.draft_id, c.section_id, c.id, NULL, NULL, NULL, NULL, cs.exact, "
        "bm25(comment_search) AS rank FROM comment_search cs JOIN comments c ON c.seq = cs.rowid "
        "WHERE comment_search MATCH ? AND NOT c.deleted" + (" AND c.draft_id = ?" if draft_id else "") + within
        + " ORDER BY cs.rowid DESC LIMIT ?) ORDER BY rank",
        [match] + ([draft_id] if draft_id else []) + scoped + [max(SEARCH_POOL, limit * 4)]).fetchall()
    return rows[:limit]


def _search_sections(db: Database, match: str, draft_id: str | None, limit: int,
                     scope: list[str] | None = None) -> list[tuple]:
    within, scoped = _in_scope("s.id", scope)
    return db.execute(
        "SELECT s.draft_id, s.id, NULL, trim(s.number || ' ' || s.title), '', '', '', ss.exact, "
        "bm25(section_search) FROM section_search ss JOIN sections s ON s.seq = ss.rowid "
        "WHERE section_search MATCH ?" + (" AND s.draft_id = ?" if draft_id else "") + within
        + " ORDER BY bm25(section_search) LIMIT ?",
        [match] + ([draft_id] if draft_id else []) + scoped + [limit]).fetchall()
