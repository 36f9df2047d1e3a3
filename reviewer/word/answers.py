"""The drafting committee's answers, read back from a consolidation table (``reviewer export table``).

Each data row of the table carries the identity of its comment twice over, so that it survives Word
and LibreOffice saving the file and a person replacing the visible text of a cell:

- a bookmark ``DR_<32 hex>`` (a hash of the comment's id) around the text of the first cell (STT, or
  "Nhóm vấn đề" in the statutory form);
- a hidden run (``w:vanish``) ``[[rv:DRAFT:COMMENT]]`` at the end of the first cell and of the group's
  cell, which also names the draft.

The answer is the last cell of the row. It is compared with what the export printed for the comment
as it is now, so a row nobody touched changes nothing; a changed one may begin with a status name
("Tiếp thu: …") that sets the status. Nothing here writes: :func:`plan_answers` says what would
change, and the caller applies it in one transaction (``Store.edit_comments``).

Reading is plain lxml over the zip (python-docx is not needed to read a table back).
"""
from __future__ import annotations

import hashlib
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from reviewer.errors import ReviewerError
from reviewer.i18n import _, speaking
from reviewer.textnorm import body_text, fold
from reviewer.vocab import STATUSES, status_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
BOOKMARK_PREFIX = "DR_"
MARKER = re.compile(r"\[\[rv:([^\s:\[\]]+):([^\s:\[\]]+)\]\]")
SEPARATORS = ".:–—-"
MAX_XML = 200 * 1024 * 1024  # the document part, uncompressed: far beyond any real table


def bookmark_name(comment_id: str) -> str:
    """A Word bookmark name (a letter first, at most 40 letters, digits and underscores) for a comment."""
    return BOOKMARK_PREFIX + hashlib.sha1(comment_id.encode("utf-8")).hexdigest()[:32]


def marker(draft_id: str, comment_id: str) -> str:
    return f"[[rv:{draft_id}:{comment_id}]]"


@lru_cache(maxsize=1)  # always Vietnamese: the same for the whole run
def status_names() -> dict[str, str]:
    """The status names printed in the answer column ("Tiếp thu", …), the Vietnamese labels capitalised."""
    with speaking("vi"):
        labels = {code: status_label(code) for code in STATUSES if code != "moi"}
    return {code: label[:1].upper() + label[1:] for code, label in labels.items()}


def answer_text(status: str, response: str) -> str:
    """The answer cell as the export prints it: "Tiếp thu: <response>", "Tiếp thu." or the response alone."""
    response = normalize(response)
    name = status_names().get(status)
    if name is None:
        return response
    return f"{name}: {response}" if response else f"{name}."


def parse_answer(text: str) -> tuple[str | None, str]:
    """(status set by a leading status name, or None; the response without it)."""
    head = text.lstrip()
    for code, name in sorted(status_names().items(), key=lambda item: -len(item[1])):
        n = len(name)
        if fold(head[:n]) == fold(name):
            rest = head[n:].lstrip(" \t")
            if rest[:1] and rest[0] in SEPARATORS:
                return code, normalize(rest[1:])
            if not rest.strip():  # the status name alone: no response
                return code, ""
    return None, normalize(text)


def normalize(text: str) -> str:
    """An answer as stored: NFC, no trailing spaces on a line, no blank lines at either end."""
    return "\n".join(line.rstrip() for line in body_text(text or "").split("\n")).strip()


# ---------------------------------------------------------------- reading the file


@dataclass
class TableRow:
    number: int  # 1 for the first row under the header
    first: str  # the visible text of the first cell (STT)
    answer: str  # the visible text of the last cell
    markers: set[tuple[str, str]] = field(default_factory=set)  # (draft id, comment id)
    bookmarks: set[str] = field(default_factory=set)
    visible: str = ""  # the visible text of the other cells, joined


def _is_hidden(run) -> bool:
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false", "off")


def _paragraph_text(p, *, hidden: bool) -> str:
    """The text of a paragraph (with ``hidden`` runs or without); deleted text (w:delText) never counts."""
    out = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        run = el.getparent()
        if not hidden and run is not None and run.tag == f"{_W}r" and _is_hidden(run):
            continue
        if el.tag == f"{_W}t":
            out.append(el.text or "")
        else:
            out.append("\t" if el.tag == f"{_W}tab" else "\n")
    return "".join(out)


def _cell_text(tc, *, hidden: bool = False) -> str:
    return "\n".join(_paragraph_text(p, hidden=hidden) for p in tc.iter(f"{_W}p"))


def _cells(tr) -> list:
    # Cells within content controls (w:sdt) count; those of a table nested in a cell do not.
    return [tc for tc in tr.iter(f"{_W}tc") if _up(tc, "tr") is tr]


def _up(el, tag: str):
    """The nearest ancestor of ``el`` with this tag."""
    el = el.getparent()
    while el is not None and el.tag != _W + tag:
        el = el.getparent()
    return el


def _not_word(name: str) -> str:
    return _("{name} is not a Word file (.docx): no consolidation table can be read from it.").format(name=name)


def _read_body(path: str | Path) -> etree._Element:
    """The body of a .docx, with one clear error for what is not one."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as z:
            try:
                info = z.getinfo("word/document.xml")
            except KeyError:
                raise ReviewerError(_not_word(name)) from None
            if info.file_size > MAX_XML:
                raise ReviewerError(_("{name} is too large to be a consolidation table.").format(name=name))
            data = z.read(info)
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as exc:
        if isinstance(exc, FileNotFoundError):
            raise ReviewerError(_("File not found: {path}").format(path=path)) from None
        raise ReviewerError(_("The Word table {name} cannot be read: the file is damaged or incomplete.").format(
            name=name)) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise ReviewerError(_("The Word table {name} cannot be read: the file is damaged or incomplete.").format(
            name=name)) from None
    body = root.find(f"{_W}body")
    if body is None:
        raise ReviewerError(_not_word(name))
    return body


@lru_cache(maxsize=1)  # always Vietnamese
def form_headers() -> dict[str, list[str]]:
    """The header row of each form, as printed (Vietnamese)."""
    with speaking("vi"):
        return {"party": [_("No."), _("Text of the draft"), _("Comments and proposals"), _("Group / delegate"),
                          _("Accepted or explained")],
                "statutory": [_("Issue (section, article, clause)"), _("Who commented"), _("Content of the comment"),
                              _("Answer: accepted or explained")]}


HEADER_ROWS = 3  # the header is looked for this far down a table (a title row may have been added above it)


def read_table(path: str | Path) -> list[TableRow]:
    """The data rows of the consolidation table in a .docx, numbered from 1 under the header (a table
    split in two in Word goes on in the next table). Refuses a file that holds none, and a table that
    lost the column carrying the rows' identities."""
    name = Path(path).name
    body = _read_body(path)
    found: list | None = None
    for tbl in (t for t in body.iter(f"{_W}tbl") if _up(t, "tbl") is None):
        rows = [tr for tr in tbl.iter(f"{_W}tr") if _up(tr, "tbl") is tbl]
        header = _find_header(rows)
        if found is None and header is not None:
            form, at, labels = header
            if _fold(form_headers()[form][0]) not in labels:
                with speaking("vi"):
                    column = form_headers()[form][0]
                raise ReviewerError(_("The table in {name} has lost its column “{column}”, which carries each "
                                      "row's comment: export the table again and write the answers in the new "
                                      "file.").format(name=name, column=column))
            found = rows[at + 1:]
        elif found is not None and header is None and any(_carries_identity(tr) for tr in rows):
            found += rows  # the rest of a table split in two
        elif found is not None:
            break
    if not found:
        raise ReviewerError(_("{name} holds no consolidation table exported by Draft Reviewer.").format(name=name))
    return [_row(n, tr) for n, tr in enumerate(found, 1)]


def _fold(text: str) -> str:
    return " ".join(fold(text).split())


def _find_header(rows: list) -> tuple[str, int, list[str]] | None:
    """(form, index, folded labels) of the header row among the first rows (a title row may have been
    added above it), or None. A form is recognised with one of its columns missing."""
    for at, tr in enumerate(rows[:HEADER_ROWS]):
        labels = [_fold(_cell_text(tc)) for tc in _cells(tr)]
        for form, words in form_headers().items():
            if sum(_fold(w) in labels for w in words) >= len(words) - 1:
                return form, at, labels
    return None


def _carries_identity(tr) -> bool:
    return any(bm.get(f"{_W}name", "").upper().startswith(BOOKMARK_PREFIX) for bm in tr.iter(f"{_W}bookmarkStart")) \
        or any(MARKER.search(t.text or "") for t in tr.iter(f"{_W}t"))


def _row(number: int, tr) -> TableRow:
    cells = _cells(tr)
    row = TableRow(number=number, first=" ".join(_cell_text(cells[0]).split()) if cells else "",
                   answer=normalize(_cell_text(cells[-1])) if len(cells) > 1 else "")
    for p in tr.iter(f"{_W}p"):
        row.markers.update(MARKER.findall(_paragraph_text(p, hidden=True)))
    for bm in tr.iter(f"{_W}bookmarkStart"):
        bm_name = bm.get(f"{_W}name", "")
        if bm_name.upper().startswith(BOOKMARK_PREFIX):
            row.bookmarks.add(BOOKMARK_PREFIX + bm_name[len(BOOKMARK_PREFIX):].lower())
    row.visible = " ".join(" ".join(_cell_text(tc).split()) for tc in cells[1:-1])
    return row


# ---------------------------------------------------------------- what would change


@dataclass
class RowNote:
    row: int
    comment_id: str = ""
    text: str = ""  # the answer written in the row


@dataclass
class AnswerPlan:
    changes: dict[str, dict] = field(default_factory=dict)  # comment id -> {"status", "response"}
    unchanged: int = 0
    unknown: list[RowNote] = field(default_factory=list)  # a comment this database does not have in this draft
    deleted: list[RowNote] = field(default_factory=list)
    lost: list[RowNote] = field(default_factory=list)  # a row of the export that no longer says which comment
    duplicates: list[RowNote] = field(default_factory=list)  # rows naming a comment another row names too
    added: list[RowNote] = field(default_factory=list)  # rows the committee added


def plan_answers(store, draft_id: str, rows: list[TableRow], *, name: str = "") -> AnswerPlan:
    """Compare the rows with the comments of ``draft_id``; refuse a table of another draft."""
    comments = {c.id: c for c in store.comments(draft_id, include_deleted=True)}
    by_bookmark = {bookmark_name(cid): cid for cid in comments}
    drafts = Counter(d for row in rows for d, _c in row.markers)
    if drafts and draft_id not in drafts:
        other = drafts.most_common(1)[0][0]
        raise ReviewerError(_("{name} is the consolidation table of another draft ({other}), not of this one.").format(
            name=name, other=other))
    if not any(row.markers or row.bookmarks for row in rows):
        raise ReviewerError(_("No row of the table in {name} says which comment it answers: it was not exported by "
                              "Draft Reviewer, or its rows' identities were removed.").format(name=name))
    plan = AnswerPlan()
    ids: dict[int, str | None] = {}
    for row in rows:
        found = {cid for d, cid in row.markers if d == draft_id}
        found |= {by_bookmark[b] for b in row.bookmarks if b in by_bookmark}
        foreign = {cid for d, cid in row.markers if d != draft_id} | {b for b in row.bookmarks if b not in by_bookmark}
        if len(found) == 1:
            ids[row.number] = found.pop()
        elif found:  # cells pasted from another row: which one is meant is a guess
            plan.lost.append(RowNote(row.number, text=row.answer))
        elif foreign:
            plan.unknown.append(RowNote(row.number, next(iter(sorted(foreign))), row.answer))
        else:
            ids[row.number] = None
    seen = Counter(cid for cid in ids.values() if cid)
    shown = {row.first for row in rows if ids.get(row.number)}
    for row in rows:
        if row.number not in ids:
            continue
        cid = ids[row.number]
        if cid is None:
            looks_exported = row.first.isdigit() and row.first not in shown and row.visible.strip()
            (plan.lost if looks_exported else plan.added).append(RowNote(row.number, text=row.answer))
            continue
        if seen[cid] > 1:
            plan.duplicates.append(RowNote(row.number, cid, row.answer))
            continue
        comment = comments.get(cid)
        if comment is None:
            plan.unknown.append(RowNote(row.number, cid, row.answer))
            continue
        if row.answer == answer_text(comment.status, comment.response):
            plan.unchanged += 1
            continue
        if comment.deleted:
            plan.deleted.append(RowNote(row.number, cid, row.answer))
            continue
        status, response = parse_answer(row.answer)
        status = status or comment.status
        if status == comment.status and response == normalize(comment.response):
            plan.unchanged += 1
            continue
        plan.changes[cid] = {"status": status, "response": response}
    return plan


def import_answers(store, draft_id: str, path: str | Path, *, apply: bool = True) -> AnswerPlan:
    """Read the answers in ``path`` and write the changed ones as ordinary edits, all in one transaction."""
    store.draft(draft_id)
    plan = plan_answers(store, draft_id, read_table(path), name=Path(path).name)
    if apply and plan.changes:
        store.edit_comments(plan.changes)
    return plan


def plan_notes(plan: AnswerPlan) -> list[str]:
    """One line for each row that was not imported, in the order of the table."""
    lines = [(n.row, _("Row {row}: comment {id} is not in this draft; ignored.").format(row=n.row, id=n.comment_id))
             for n in plan.unknown]
    lines += [(n.row, _("Row {row}: comment {id} has been deleted; its answer was not imported.").format(
        row=n.row, id=n.comment_id)) for n in plan.deleted]
    lines += [(n.row, _("Row {row} no longer says which comment it answers; its answer was not imported.").format(
        row=n.row)) for n in plan.lost]
    lines += [(n.row, _("Row {row}: comment {id} is in more than one row; none of them was imported.").format(
        row=n.row, id=n.comment_id)) for n in plan.duplicates]
    lines += [(n.row, _("Row {row} was added to the table; ignored.").format(row=n.row)) for n in plan.added]
    return [line for _n, line in sorted(lines, key=lambda item: item[0])]
