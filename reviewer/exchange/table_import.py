"""Read many comments at once from a spreadsheet (CSV) or JSON, and check every row first.

A group secretary types the comments of a meeting into Excel and saves them as CSV; another
laptop hands over the output of ``reviewer comment list --json``. Both come here. Every row is
checked against the draft and the database before anything is written, with the same rules
as the store, so the caller can insert them all or report the first bad row and insert none.

Pure functions: no printing and no database access; the caller passes what it knows (the
draft's sections, the groups, which comment ids already exist). Files are read as streams.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.store import MAX_GROUPS, MAX_TEXT, validate_comment, validate_name
from reviewer.textnorm import clean, fold
from reviewer.vocab import parse_kind, parse_status

# Limits, checked as the file is read, before anything is written. Inserting holds the database's
# write lock ~0.3 ms a row plus ~0.3 s a MB (measured) while other programs wait 30 s for it: ~10 s
# at these limits; and, whatever the text, the import stays under 200 MB of memory (measured, and
# tests/exchange/test_table_import_cli.py). A conference's file is far smaller: ~2 MB.
MAX_FILE_BYTES = 8 * 2**20  # 20,000 comments of 350 Vietnamese characters, or 150 of MAX_TEXT
MAX_ROWS = 20_000
_MAX_ROW_CHARS = 2_000_000  # one row as written; four texts of MAX_TEXT fit even quoted or \u-escaped
_MAX_COLUMNS = 200  # a comment has 14 fields; the rest of a wider header is not looked at
_MAX_DIGITS = 15  # in a number; Python's int() refuses more than 4,300, in its own words
_MAX_SHOWN = 20  # ignored column names listed
_CHUNK = 1 << 16  # bytes read at a time

FORMATS = ("csv", "json", "jsonl")
MAX_ID = 100
_DELIMITERS = (";", ",", "\t")
_HEADER_SEARCH = 20  # records looked at for the header row (Excel sheets often start with a title row)
_TEXT_FIELDS = ("text", "quote", "proposal", "response")

# Column names, compared without accents, case, punctuation or extra spaces: the JSON
# vocabulary of ``comment list --json`` and what a Vietnamese secretary would type.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "comment id"),
    "section": ("section", "section id", "muc", "muc so", "so muc"),
    "group": ("group", "to"),
    "author": ("author", "dai bieu", "nguoi gop y", "tac gia"),
    "kind": ("kind", "loai", "loai y kien"),
    "text": ("text", "noi dung", "y kien", "noi dung gop y"),
    "quote": ("quote", "trich dan", "doan trich"),
    "proposal": ("proposal", "de xuat", "de nghi sua thanh", "noi dung de xuat"),
    "supporters": ("supporters", "so dai bieu tan thanh", "tan thanh"),
    "status": ("status", "trang thai"),
    "response": ("response", "giai trinh", "tiep thu giai trinh", "tra loi"),
    "quote_start": ("quote start",),
    "quote_end": ("quote end",),
    "deleted": ("deleted",),
}
# Written by ``comment list --json`` and read back without complaint, but not imported:
# the store sets these itself.
_KNOWN_IGNORED = ("draft", "created at", "updated at", "device", "revision", "conflict")


class ImportFileError(ReviewerError):
    """A file that cannot be imported; the message names the file and, for a bad row, its line."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(slots=True)
class ImportRow:
    line: int
    comment: dict  # the keyword arguments of Store.add_comment


@dataclass(slots=True)
class ImportPlan:
    format: str
    rows: list[ImportRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, id) already in the database
    deleted: list[int] = field(default_factory=list)  # lines of deleted comments (tombstones), not imported
    ignored_columns: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- column names


def column_key(name: str) -> str:
    """"Nội dung góp ý" -> "noi dung gop y", "quote_start" -> "quote start"."""
    return " ".join(re.findall(r"[^\W_]+", fold(str(name))))


_FIELD_OF = {key: f for f, keys in _COLUMNS.items() for key in keys}


def map_columns(names: Iterable[str], *, strict: bool = True) -> tuple[dict[str, int], list[str]]:
    """{field: position} for the recognised column names, and the names that are not recognised;
    two columns for the same field are refused (``strict``) or the first one is kept."""
    found: dict[str, int] = {}
    ignored: list[str] = []
    shown = list(names)
    for position, name in enumerate(shown[:_MAX_COLUMNS]):
        key = column_key(name)
        f = _FIELD_OF.get(key)
        if f is None:
            if key and key not in _KNOWN_IGNORED and len(ignored) < _MAX_SHOWN:
                ignored.append(_shown(name))
            continue
        if f in found:
            if not strict:
                continue
            raise ImportFileError(_("The columns “{first}” and “{second}” mean the same thing; keep one.").format(
                first=_shown(shown[found[f]]), second=_shown(name)))
        found[f] = position
    return found, ignored


def _shown(value: object) -> str:
    """A value from the file as a message shows it: one line, not too long, printable in any terminal."""
    value = clean(str(value))
    return (value[:80] + "…" * (len(value) > 80)).encode("utf-8", "replace").decode("utf-8")


# --------------------------------------------------------------------------- sections


def _tokens(number: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[^\W_]+", fold(number)))


class SectionFinder:
    """Find a section by its id, its number ("1.2.", "II.", "I.1", "PHẦN THỨ HAI II.1.") or its title.

    A number alone may name several sections ("1." is under every Roman numeral); it may then
    be preceded by its parents' numbers until it names one.
    """

    def __init__(self, sections: list[dict]):
        self.sections = {s["id"]: s for s in sections}
        self._paths: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._by_tokens: dict[tuple[str, ...], list[str]] = {}
        self._by_title: dict[str, list[str]] = {}
        self._by_folded_title: dict[str, list[str]] = {}
        for s in sections:
            path = list(self._paths.get(s["parent"], [])) if s["parent"] else []
            own = _tokens(s["number"])
            if own:
                if path and len(path[-1][0]) < len(own) and own[:len(path[-1][0])] == path[-1][0]:
                    path[-1] = (own, s["number"])  # "3.1." under "3." stands for both
                else:
                    path.append((own, s["number"]))
                for k in range(len(path)):
                    key = tuple(t for component, _number in path[k:] for t in component)
                    self._by_tokens.setdefault(key, []).append(s["id"])
            self._paths[s["id"]] = path
            for heading in {s["title"], f"{s['number']} {s['title']}"}:
                if clean(heading):
                    self._by_title.setdefault(clean(heading).casefold(), []).append(s["id"])
                    self._by_folded_title.setdefault(" ".join(fold(heading).split()), []).append(s["id"])

    def find(self, ref: str) -> str:
        ref = clean(str(ref))
        if not ref:
            raise ReviewerError(_("The section is missing."))
        if ref in self.sections:
            return self.sections[ref]["id"]  # the same string for every row: less memory for a large import
        for found in (self._by_tokens.get(_tokens(ref), []), _unique(self._by_title.get(ref.casefold(), [])),
                      _unique(self._by_folded_title.get(" ".join(fold(ref).split()), []))):
            if len(found) == 1:
                return found[0]
            if found:
                names = [self.full_number(i) for i in found]
                shown = ", ".join(f"“{n}”" for n in names[:6]) + (", …" if len(names) > 6 else "")
                raise ReviewerError(_(
                    "“{ref}” matches {n} sections ({names}); write the parents’ numbers too, "
                    "or the section id.").format(ref=_shown(ref), n=len(found), names=shown))
        raise ReviewerError(_(
            "The draft has no section “{ref}”; give its id, its number (such as “I.1.”) or its exact title."
        ).format(ref=_shown(ref)))

    def full_number(self, section_id: str) -> str:
        """The shortest number that names this section alone, with as many parents as it takes."""
        path = self._paths.get(section_id, [])
        for k in range(len(path) - 1, -1, -1):
            key = tuple(t for component, _number in path[k:] for t in component)
            if self._by_tokens.get(key) == [section_id]:
                return _join_numbers([number for _c, number in path[k:]])
        return section_id


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _join_numbers(numbers: list[str]) -> str:
    out = ""
    for number in numbers:
        out += number if not out or out.endswith(".") else " " + number
    return out


# --------------------------------------------------------------------------- reading files


def check_file_size(size: int, name: str) -> None:
    """Refuse a file over MAX_FILE_BYTES; callers check its size on disk before reading it."""
    if size > MAX_FILE_BYTES:
        raise ImportFileError(_(
            "“{name}” is larger than {limit} MB, the most that can be imported at once; split it into "
            "several files.").format(name=name, limit=MAX_FILE_BYTES // 2**20))


def _row_error(name: str, line: int, reason: object) -> ImportFileError:
    return ImportFileError(_("“{name}”, line {line}: {reason}").format(name=name, line=line, reason=reason), line)


def _too_long(name: str, line: int) -> ImportFileError:
    return _row_error(name, line, _("The row is too long (more than {n} characters).").format(n=_MAX_ROW_CHARS))


def _text(stream: BinaryIO, name: str) -> Iterator[str]:
    """The text (UTF-8 with or without BOM, UTF-16 with BOM) in pieces, none ending in half a "\\r\\n"."""
    size, breaks, held, decoder = 0, 0, "", None  # breaks: line breaks handed out, for the line of a bad byte
    while True:
        try:
            data = stream.read(min(_CHUNK, MAX_FILE_BYTES + 1 - size))
        except OSError as exc:
            raise ImportFileError(_("Cannot read “{path}”: {reason}").format(
                path=name, reason=exc.strerror or exc)) from None
        check_file_size(size := size + len(data), name)
        decoder = decoder or codecs.getincrementaldecoder(
            "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig")()
        state = decoder.getstate()
        try:
            text = held + decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            decoder.setstate(state)  # again byte by byte, to find the line of the first bad one
            good = held
            with contextlib.suppress(UnicodeDecodeError):
                for i in range(len(data) + 1):
                    good += decoder.decode(data[i:i + 1], final=i == len(data))
            line = breaks + len(_BREAK.findall(good)) + 1
            raise ImportFileError(_(
                "“{name}” is not UTF-8 text (line {line}). In Excel, save it as “CSV UTF-8 (Comma delimited)”."
            ).format(name=name, line=line), line) from None
        text, held = (text[:-1], "\r") if data and text.endswith("\r") else (text, "")
        breaks += len(_BREAK.findall(text))
        if text:
            yield text
        if not data:
            return


def _lines(chunks: Iterable[str], name: str) -> Iterator[str]:
    """Physical lines with their ends, split as ``open(newline="")`` splits them."""
    carry, number = "", 0
    for chunk in chunks:
        lines = io.StringIO(carry + chunk, newline="").readlines()
        carry = "" if lines[-1].endswith(("\n", "\r")) else lines.pop()
        number += len(lines)
        yield from lines
        if len(carry) > _MAX_ROW_CHARS:
            raise _too_long(name, number + 1)
    if carry:
        yield carry


def read_records(stream: BinaryIO, name: str, fmt: str | None = None
                 ) -> tuple[str, Iterator[tuple[int, dict[str, object]]], dict[str, str], list[str]]:
    """(format, (line, {field: raw value}) as read, {field: column name as written}, ignored column names)."""
    chunks = _text(stream, name)
    seen = []  # the pieces read to recognise the format, read again by the parser
    for chunk in chunks:
        seen.append(chunk)
        if chunk.strip():
            break
    chunks = itertools.chain(seen, chunks)
    fmt = fmt or {"[": "json", "{": "jsonl"}.get(seen[-1].lstrip()[:1] if seen else "", "csv")
    if fmt == "csv":
        return (fmt, *_csv_records(_lines(chunks, name), name))
    items = _json_array(chunks, name) if fmt == "json" else _json_lines(_lines(chunks, name), name)
    columns, ignored = {}, []
    return fmt, _json_records(items, name, columns, ignored), columns, ignored


def _json_records(items: Iterator[tuple[int, object]], name: str, columns: dict[str, str], ignored: list[str]
                  ) -> Iterator[tuple[int, dict[str, object]]]:
    for line, obj in items:
        if not isinstance(obj, dict) or len(obj) > _MAX_COLUMNS:
            raise _row_error(name, line, _("Each comment must be a JSON object.") if not isinstance(obj, dict)
                             else _("A comment has more than {n} fields.").format(n=_MAX_COLUMNS))
        try:
            found, unknown = map_columns(obj)
        except ImportFileError as exc:
            raise _row_error(name, line, exc) from None
        keys = list(obj)
        columns.update({f: _shown(keys[p]) for f, p in found.items() if f not in columns})
        ignored += [u for u in unknown if u not in ignored][:_MAX_SHOWN - len(ignored)]
        yield line, {f: obj[keys[position]] for f, position in found.items()}


# A long number becomes a float (inf if huge) that _check refuses in our words, not int()'s in Python's.
_JSON = json.JSONDecoder(parse_int=lambda digits: int(digits) if len(digits) <= _MAX_DIGITS else float(digits))
_SPACE = re.compile(r"[ \t\r\n]*")
_BREAK = re.compile(r"\r\n?|\n")


def _json_problem(error: Exception | str) -> str:
    return _("The JSON on this line is nested too deeply.") if isinstance(error, RecursionError) else _(
        "This line is not valid JSON ({error}).").format(error=getattr(error, "msg", error))


def _json_lines(lines: Iterator[str], name: str) -> Iterator[tuple[int, object]]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                obj = _JSON.decode(line)
            except (ValueError, RecursionError) as exc:
                raise _row_error(name, number, _json_problem(exc)) from None
            yield number, obj


def _json_array(chunks: Iterator[str], name: str) -> Iterator[tuple[int, object]]:
    """The items of a JSON list with the line each starts on, read piece by piece."""
    buf, pos, line, eof = "", 0, 1, False  # ``line`` is the line of buf[pos]

    def more() -> bool:
        nonlocal buf, pos, eof
        chunk = next(chunks, None)
        eof = chunk is None
        buf, pos = buf[pos:] + (chunk or ""), 0  # what is read is dropped
        return not eof

    def advance(to: int) -> None:
        nonlocal pos, line
        line, pos = line + buf.count("\n", pos, to), to

    def skip() -> str:  # the next character that is not white space ("" at the end), reading on as needed
        while True:
            advance(_SPACE.match(buf, pos).end())
            if pos < len(buf) or not more():
                return buf[pos:pos + 1]

    def fail(at: int, error: Exception | str) -> ImportFileError:
        return _row_error(name, line + buf.count("\n", pos, at), _json_problem(error))

    if skip() != "[":
        raise fail(pos, "expected [")
    advance(pos + 1)
    if skip() != "]":
        while True:
            while True:
                try:
                    obj, end = _JSON.raw_decode(buf, pos)
                    if end < len(buf) or eof:  # else a number at the end of the piece may go on in the next
                        break
                except json.JSONDecodeError as exc:
                    if eof or not (exc.msg.startswith("Unterminated string") or exc.pos > len(buf) - 8):
                        raise fail(exc.pos, exc) from None  # not an item cut at the end of the piece
                except (ValueError, RecursionError) as exc:
                    raise fail(pos, exc) from None
                if len(buf) - pos > _MAX_ROW_CHARS:
                    raise _too_long(name, line)
                target = 2 * (len(buf) - pos)  # read on until twice as much: an item is parsed O(log n) times
                while len(buf) - pos < target and more():
                    pass
            if end - pos > _MAX_ROW_CHARS:
                raise _too_long(name, line)
            yield line, obj
            advance(end)
            if skip() != ",":
                break
            advance(pos + 1)
            skip()
        if buf[pos:pos + 1] != "]":
            raise fail(pos, "expected , or ]")
    advance(pos + 1)
    if skip():
        raise fail(pos, "extra data after ]")


def _csv_records(lines: Iterator[str], name: str
                 ) -> tuple[Iterator[tuple[int, dict[str, object]]], dict[str, str], list[str]]:
    head, size = [], 0  # the first lines, where the header row is looked for with each delimiter
    for line in lines:
        head.append(line)
        if len(head) >= 1000 or (size := size + len(line)) > _MAX_ROW_CHARS:
            break
    skip, delimiters = 0, _DELIMITERS
    hint = re.fullmatch(r'sep=([^"])', head[0].rstrip("\r\n")) if head else None
    if hint:  # Excel's own "sep=;" first line
        skip, delimiters = 1, (hint.group(1),)

    best = None
    for delimiter in delimiters:
        try:
            first = itertools.islice(_csv_rows(iter(head[skip:]), delimiter, skip, name), _HEADER_SEARCH)
            for index, (line, cells) in enumerate(first):
                found, _ignored = map_columns(cells, strict=False)
                if "text" in found:
                    score = (-index, len(found), min(len(cells), _MAX_COLUMNS))
                    if best is None or score > best[0]:
                        best = (score, delimiter, line, cells)
                    break
        except ImportFileError:
            continue
    if best is None:
        if not any(line.strip() for line in itertools.chain(head[skip:], lines)):
            raise ImportFileError(_("“{name}” is empty.").format(name=name))
        raise ImportFileError(_(
            "“{name}”: no header row naming the columns was found; the first line must name them, "
            "for example “Mục;Tổ;Đại biểu;Nội dung” or “section,group,author,text”.").format(name=name), 1)
    _score, delimiter, header_line, header = best
    try:
        found, ignored = map_columns(header)
    except ImportFileError as exc:
        raise _row_error(name, header_line, exc) from None
    for f, example in (("section", "Mục"), ("group", "Tổ")):
        if f not in found:
            what = _("section") if f == "section" else _("group")
            raise ImportFileError(_(
                "“{name}”: the header row has no column for the {what} (for example “{example}”).").format(
                    name=name, what=what, example=example), header_line)

    rows = _csv_rows(itertools.chain(head[skip:], lines), delimiter, skip, name)  # head is not kept

    def records() -> Iterator[tuple[int, dict[str, object]]]:
        for line, cells in rows:
            if line <= header_line:
                continue
            if any(c.strip() for c in cells[len(header):]):
                raise _row_error(name, line, _(
                    "The row has more cells than the header row; check the separator and the quotes."))
            yield line, {f: cells[p] if p < len(cells) else "" for f, p in found.items()}

    return records(), {f: _shown(header[position]) for f, position in found.items()}, ignored


def _csv_rows(lines: Iterator[str], delimiter: str, skip: int, name: str) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, cells) of each non-blank record; a record is never longer than _MAX_ROW_CHARS."""
    taken = [skip, 0]  # physical lines read, characters in the current record

    def feed() -> Iterator[str]:
        for line in lines:
            taken[0], taken[1] = taken[0] + 1, taken[1] + len(line)
            if taken[1] > _MAX_ROW_CHARS:  # a quote that never closes would swallow the rest of the file
                raise _too_long(name, start)
            yield line

    reader = csv.reader(feed(), delimiter=delimiter)
    while True:
        start, taken[1] = taken[0] + 1, 0
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # Python's words only for what is not a cell over its size limit
            raise _row_error(name, start, _("A cell is too long: a text can have at most {max} characters.").format(
                max=MAX_TEXT) if "field limit" in str(exc) else _("The line cannot be read as CSV ({error}).").format(
                error=exc)) from None
        if any(c.strip() for c in cells):
            yield start, cells


# --------------------------------------------------------------------------- checking rows


def plan_import(data: bytes | BinaryIO, *, name: str, draft_id: str, sections: list[dict], groups: Iterable[str],
                is_known: Callable[[str], bool], fmt: str | None = None) -> ImportPlan:
    """Read and check every row; ImportFileError names the first bad one (and how many more there are).

    ``data`` is the file's content or a binary stream, read once and no further than MAX_FILE_BYTES + 1.
    ``sections`` are the draft's sections (``Store.sections``), ``groups`` the groups already in
    the database, ``is_known(id)`` whether a comment id is already in the database (such rows
    are skipped, so importing the same file twice adds nothing when rows carry ids).
    """
    if fmt is not None and fmt not in FORMATS:
        raise ImportFileError(_("Unknown file format “{format}”; use one of: {formats}.").format(
            format=fmt, formats=", ".join(FORMATS)))
    if isinstance(data, bytes | bytearray | memoryview):
        check_file_size(len(data), name)
        data = io.BytesIO(data)  # shares the bytes, no copy
    fmt, records, columns, ignored = read_records(data, name, fmt)
    plan = ImportPlan(format=fmt, ignored_columns=ignored)
    finder = SectionFinder(sections)
    existing_groups = {clean(g) for g in groups}
    new_groups: list[str] = []
    seen_ids: dict[str, int] = {}
    errors: list[tuple[int, str]] = []  # (line, message) of the first bad row, then only (line, "")
    for count, (line, record) in enumerate(records, start=1):
        if count > MAX_ROWS:
            raise ImportFileError(_("“{name}” has more than {n} rows; import it in several parts.").format(
                name=name, n=MAX_ROWS), line)
        try:
            row = _check(record, columns, finder, is_known, seen_ids, line)
            if row is None:
                plan.deleted.append(line)
                continue
            if isinstance(row, str):
                plan.skipped.append((line, row))
                continue
            group = row["group"]
            if group not in existing_groups and group not in new_groups:
                if len(existing_groups) + len(new_groups) >= MAX_GROUPS:
                    raise ReviewerError(_("A conference or consultation has at most {n} groups or units; “{name}” "
                                          "would be one more.").format(n=MAX_GROUPS, name=group))
                new_groups.append(group)
            plan.rows.append(ImportRow(line, {"draft_id": draft_id, **row}))
        except ReviewerError as exc:
            errors.append((line, "" if errors else str(exc)))
    if errors:
        other = " " + _("(Other rows with problems: {n}.)").format(n=len(errors) - 1) if len(errors) > 1 else ""
        raise _row_error(name, errors[0][0], errors[0][1] + other)
    return plan


def _check(record: dict[str, object], columns: dict[str, str], finder: SectionFinder,
           is_known: Callable[[str], bool], seen_ids: dict[str, int], line: int) -> dict | str | None:
    """The add_comment arguments of one row; its id when it is already in the database; None for a tombstone."""
    def column(f: str) -> str:
        return columns.get(f, f)

    def text(f: str) -> str:
        value = record.get(f)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ReviewerError(_("“{column}” must be text.").format(column=column(f)))
        value = str(value)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ReviewerError(_("“{column}” is not valid Unicode text.").format(column=column(f))) from None
        return value

    def whole(f: str, message: str) -> int | None:
        value = record.get(f)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and (digits := re.fullmatch(r"\s*(\d+)(?:\.0*)?\s*", value)):
            # int() of a huge one would fail in Python's words
            value = int(digits.group(1)) if len(digits.group(1)) <= _MAX_DIGITS else float("inf")
        if isinstance(value, float) and abs(value) >= 10.0 ** _MAX_DIGITS:
            raise ReviewerError(_("The number in “{column}” is too large.").format(column=column(f)))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ReviewerError(message)
        return value

    deleted = record.get("deleted")
    if deleted is True or (isinstance(deleted, int | str) and str(deleted).strip().lower() in ("1", "true")):
        return None

    comment_id = clean(text("id"))
    if comment_id:
        if len(comment_id) > MAX_ID or " " in comment_id:
            raise ReviewerError(_("The id “{id}” is not valid.").format(id=_shown(comment_id[:MAX_ID])))
        if comment_id in seen_ids:
            raise ReviewerError(_("The id “{id}” is also on line {line}.").format(id=comment_id,
                                                                                 line=seen_ids[comment_id]))
        seen_ids[comment_id] = line
        if is_known(comment_id):
            return comment_id

    row: dict = {"section_id": (section := finder.find(text("section")))}
    group = sys.intern(validate_name(text("group"), _("group")))  # interned: shared by many rows
    if not group:
        raise ReviewerError(_("A comment needs a group."))
    row["group"], row["author"] = group, sys.intern(validate_name(text("author"), _("author")))
    for f in _TEXT_FIELDS:
        row[f] = text(f).replace("\r\n", "\n").replace("\r", "\n")
    kind = text("kind").strip()
    row["kind"] = (parse_kind(kind) or _shown(kind)) if kind else "gop_y"
    status = text("status").strip()
    row["status"] = (parse_status(status) or _shown(status)) if status else "moi"
    row["supporters"] = whole("supporters", _("The number of supporters must be a whole number.")) or 0
    # The store's own rules, so that no insert can fail once every row has passed.
    checked = validate_comment({**row, "quote_start": None, "quote_end": None})
    row.update({k: checked[k] for k in ("text", "quote", "proposal", "response", "kind", "status", "supporters")})

    start = whole("quote_start", _("A quote position must be a whole number."))
    end = whole("quote_end", _("A quote position must be a whole number."))
    if row["quote"] and start is not None and end is not None and \
            0 <= start <= end <= len(finder.sections[section].get("text") or ""):  # else the store refuses
        row["quote_start"], row["quote_end"] = start, end
    if comment_id:
        row["comment_id"] = comment_id
    return row
