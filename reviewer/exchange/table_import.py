"""Read many comments at once from a spreadsheet (CSV) or JSON, and check every row first.

A group secretary types the comments of a meeting into Excel and saves them as CSV; another
laptop hands over the output of ``reviewer comment list --json``. Both come here. Every row is
checked against the draft and the database before anything is written, with the same rules
as the store, so the caller can insert them all or report the first bad row and insert none.

Pure functions: no printing and no database access; the caller passes what it knows (the
draft's sections, the groups, which comment ids already exist).
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.store import MAX_GROUPS, validate_comment, validate_name
from reviewer.textnorm import clean, fold
from reviewer.vocab import parse_kind, parse_status

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
    for position, name in enumerate(shown):
        key = column_key(name)
        f = _FIELD_OF.get(key)
        if f is None:
            if key and key not in _KNOWN_IGNORED:
                ignored.append(clean(str(name)))
            continue
        if f in found:
            if not strict:
                continue
            raise ImportFileError(_("The columns “{first}” and “{second}” mean the same thing; keep one.").format(
                first=clean(shown[found[f]]), second=clean(name)))
        found[f] = position
    return found, ignored


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
            return ref
        for found in (self._by_tokens.get(_tokens(ref), []), _unique(self._by_title.get(ref.casefold(), [])),
                      _unique(self._by_folded_title.get(" ".join(fold(ref).split()), []))):
            if len(found) == 1:
                return found[0]
            if found:
                names = [self.full_number(i) for i in found]
                shown = ", ".join(f"“{n}”" for n in names[:6]) + (", …" if len(names) > 6 else "")
                raise ReviewerError(_(
                    "“{ref}” matches {n} sections ({names}); write the parents’ numbers too, "
                    "or the section id.").format(ref=ref, n=len(found), names=shown))
        raise ReviewerError(_(
            "The draft has no section “{ref}”; give its id, its number (such as “I.1.”) or its exact title."
        ).format(ref=ref))

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


def decode(data: bytes, name: str) -> str:
    """The text of a file as Excel and editors save it: UTF-8 with or without BOM, or UTF-16 with BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImportFileError(_(
            "“{name}” is not UTF-8 text (line {line}). In Excel, save it as “CSV UTF-8 (Comma delimited)”."
        ).format(name=name, line=line), line) from None


def sniff_format(text: str) -> str:
    start = text.lstrip()[:1]
    if start == "[":
        return "json"
    if start == "{":
        return "jsonl"
    return "csv"


def read_records(text: str, name: str, fmt: str | None = None
                 ) -> tuple[str, list[tuple[int, dict[str, object]]], dict[str, str], list[str]]:
    """(format, [(line, {field: raw value})], {field: column name as written}, ignored column names)."""
    fmt = fmt or sniff_format(text)
    if fmt == "csv":
        return (fmt, *_csv_records(text, name))
    items = _json_array(text, name) if fmt == "json" else _json_lines(text, name)
    records: list[tuple[int, dict[str, object]]] = []
    columns: dict[str, str] = {}
    ignored: list[str] = []
    for line, obj in items:
        if not isinstance(obj, dict):
            raise ImportFileError(_("“{name}”, line {line}: {reason}").format(
                name=name, line=line, reason=_("Each comment must be a JSON object.")), line)
        try:
            found, unknown = map_columns(obj)
        except ImportFileError as exc:
            raise ImportFileError(_("“{name}”, line {line}: {reason}").format(name=name, line=line, reason=exc),
                                  line) from None
        keys = list(obj)
        record = {}
        for f, position in found.items():
            record[f] = obj[keys[position]]
            columns.setdefault(f, keys[position])
        ignored += [u for u in unknown if u not in ignored]
        records.append((line, record))
    return fmt, records, columns, ignored


def _json_lines(text: str, name: str) -> Iterator[tuple[int, object]]:
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFileError(_("“{name}”, line {line}: {reason}").format(
                name=name, line=number, reason=_("This line is not valid JSON ({error}).").format(error=exc.msg)),
                number) from None


def _json_array(text: str, name: str) -> Iterator[tuple[int, object]]:
    """The items of a JSON list with the line each starts on (``comment list --json`` writes one per line)."""
    decoder = json.JSONDecoder()
    pos = _skip_space(text, 0)

    def fail(at: int, error: str) -> ImportFileError:
        line = text.count("\n", 0, at) + 1
        return ImportFileError(_("“{name}”, line {line}: {reason}").format(
            name=name, line=line, reason=_("This line is not valid JSON ({error}).").format(error=error)), line)

    if text[pos:pos + 1] != "[":
        raise fail(pos, "expected [")
    pos = _skip_space(text, pos + 1)
    if text[pos:pos + 1] == "]":
        pos = len(text)
    while pos < len(text):
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise fail(exc.pos, exc.msg) from None
        yield text.count("\n", 0, pos) + 1, obj
        pos = _skip_space(text, end)
        if text[pos:pos + 1] == ",":
            pos = _skip_space(text, pos + 1)
        elif text[pos:pos + 1] == "]":
            if text[_skip_space(text, pos + 1):].strip():
                raise fail(pos + 1, "extra data after ]")
            return
        else:
            raise fail(pos, "expected , or ]")
    raise fail(len(text), "expected ]")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _csv_records(text: str, name: str) -> tuple[list[tuple[int, dict[str, object]]], dict[str, str], list[str]]:
    lines = list(io.StringIO(text, newline=""))
    skip = 0
    delimiters = _DELIMITERS
    hint = re.fullmatch(r"sep=(.)", lines[0].rstrip("\r\n")) if lines else None
    if hint:  # Excel's own "sep=;" first line
        skip, delimiters = 1, (hint.group(1),)

    best = None
    for delimiter in delimiters:
        try:
            for index, (line, cells) in enumerate(_csv_rows(lines, skip, delimiter, limit=_HEADER_SEARCH)):
                found, _ignored = map_columns(cells, strict=False)
                if "text" in found:
                    score = (-index, len(found), len(cells))
                    if best is None or score > best[0]:
                        best = (score, delimiter, line, cells)
                    break
        except ImportFileError:
            continue
    if best is None:
        if not any(line.strip() for line in lines[skip:]):
            raise ImportFileError(_("“{name}” is empty.").format(name=name))
        raise ImportFileError(_(
            "“{name}”: no header row naming the columns was found; the first line must name them, "
            "for example “Mục;Tổ;Đại biểu;Nội dung” or “section,group,author,text”.").format(name=name), 1)
    _score, delimiter, header_line, header = best
    try:
        found, ignored = map_columns(header)
    except ImportFileError as exc:
        raise ImportFileError(_("“{name}”, line {line}: {reason}").format(name=name, line=header_line, reason=exc),
                              header_line) from None
    for f, example in (("section", "Mục"), ("group", "Tổ")):
        if f not in found:
            what = _("section") if f == "section" else _("group")
            raise ImportFileError(_(
                "“{name}”: the header row has no column for the {what} (for example “{example}”).").format(
                    name=name, what=what, example=example), header_line)
    columns = {f: clean(header[position]) for f, position in found.items()}
    records = []
    for line, cells in _csv_rows(lines, skip, delimiter, name=name):
        if line <= header_line:
            continue
        if any(c.strip() for c in cells[len(header):]):
            raise ImportFileError(_("“{name}”, line {line}: {reason}").format(name=name, line=line, reason=_(
                "The row has more cells than the header row; check the separator and the quotes.")), line)
        records.append((line, {f: cells[p] if p < len(cells) else "" for f, p in found.items()}))
    return records, columns, ignored


def _csv_rows(lines: list[str], skip: int, delimiter: str, *, limit: int | None = None,
              name: str = "") -> Iterator[tuple[int, list[str]]]:
    """(first physical line, cells) of each non-blank record."""
    reader = csv.reader(iter(lines[skip:]), delimiter=delimiter)
    count = 0
    while limit is None or count < limit:
        start = reader.line_num + 1 + skip
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(_("“{name}”, line {line}: {reason}").format(
                name=name, line=start, reason=_("The line cannot be read as CSV ({error}).").format(error=exc)),
                start) from None
        if any(c.strip() for c in cells):
            count += 1
            yield start, cells


# --------------------------------------------------------------------------- checking rows


def plan_import(data: bytes, *, name: str, draft_id: str, sections: list[dict], groups: Iterable[str],
                is_known: Callable[[str], bool], fmt: str | None = None) -> ImportPlan:
    """Read and check every row; ImportFileError names the first bad one (and how many more there are).

    ``sections`` are the draft's sections (``Store.sections``), ``groups`` the groups already in
    the database, ``is_known(id)`` whether a comment id is already in the database (such rows
    are skipped, so importing the same file twice adds nothing when rows carry ids).
    """
    if fmt is not None and fmt not in FORMATS:
        raise ImportFileError(_("Unknown file format “{format}”; use one of: {formats}.").format(
            format=fmt, formats=", ".join(FORMATS)))
    text = decode(data, name)
    fmt, records, columns, ignored = read_records(text, name, fmt)
    plan = ImportPlan(format=fmt, ignored_columns=ignored)
    finder = SectionFinder(sections)
    existing_groups = {clean(g) for g in groups}
    new_groups: list[str] = []
    seen_ids: dict[str, int] = {}
    errors: list[str] = []
    first_line: int | None = None
    for line, record in records:
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
                    raise ReviewerError(_("A conference has at most {n} groups; “{name}” would be one more.").format(
                        n=MAX_GROUPS, name=group))
                new_groups.append(group)
            plan.rows.append(ImportRow(line, {"draft_id": draft_id, **row}))
        except ReviewerError as exc:
            if first_line is None:
                first_line = line
            errors.append(_("“{name}”, line {line}: {reason}").format(name=name, line=line, reason=exc))
    if errors:
        message = errors[0]
        if len(errors) > 1:
            message += " " + _("(Other rows with problems: {n}.)").format(n=len(errors) - 1)
        raise ImportFileError(message, first_line)
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
        if isinstance(value, bool):
            raise ReviewerError(message)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.0*)?\s*", value):
            value = int(value.strip().split(".")[0])
        if not isinstance(value, int):
            raise ReviewerError(message)
        return value

    deleted = record.get("deleted")
    if deleted is True or (isinstance(deleted, int | str) and str(deleted).strip().lower() in ("1", "true")):
        return None

    comment_id = clean(text("id"))
    if comment_id:
        if len(comment_id) > MAX_ID or " " in comment_id:
            raise ReviewerError(_("The id “{id}” is not valid.").format(id=comment_id[:MAX_ID]))
        if comment_id in seen_ids:
            raise ReviewerError(_("The id “{id}” is also on line {line}.").format(id=comment_id,
                                                                                 line=seen_ids[comment_id]))
        seen_ids[comment_id] = line
        if is_known(comment_id):
            return comment_id

    row: dict = {"section_id": finder.find(text("section"))}
    group = validate_name(text("group"), _("group"))
    if not group:
        raise ReviewerError(_("A comment needs a group."))
    row["group"], row["author"] = group, validate_name(text("author"), _("author"))
    for f in _TEXT_FIELDS:
        row[f] = text(f).replace("\r\n", "\n").replace("\r", "\n")
    kind = text("kind").strip()
    row["kind"] = (parse_kind(kind) or kind) if kind else "gop_y"
    status = text("status").strip()
    row["status"] = (parse_status(status) or status) if status else "moi"
    row["supporters"] = whole("supporters", _("The number of supporters must be a whole number.")) or 0
    # The store's own rules, so that no insert can fail once every row has passed.
    checked = validate_comment({**row, "quote_start": None, "quote_end": None})
    row.update({k: checked[k] for k in ("text", "quote", "proposal", "response", "kind", "status", "supporters")})

    start = whole("quote_start", _("A quote position must be a whole number."))
    end = whole("quote_end", _("A quote position must be a whole number."))
    if row["quote"] and start is not None and end is not None and 0 <= start <= end:
        row["quote_start"], row["quote_end"] = start, end
    if comment_id:
        row["comment_id"] = comment_id
    return row
