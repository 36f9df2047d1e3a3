"""Numbered rows of a section that is all table, offered as comment targets.

An appendix of criteria ("1.", "1.1", "1.2" in the first column, the criterion beside it) is a
single section to the outline; a delegate wants to comment on one criterion. Each numbered row
becomes a section of kind "row" under the section (and under the row whose number it extends),
holding that row and the unnumbered rows that follow it; the header rows stay with the section.
"""
from __future__ import annotations

import hashlib
import re

from reviewer.model import Block, Section, Table
from reviewer.textnorm import clean, fold

# A number alone in the first cell: "1", "1.", "1.2", "2.3.1.", "II", "a)".
_ROW_NUMBER = re.compile(r"^(?:([IVX]{1,5})|(\d{1,2}(?:\.\d{1,2}){0,3})|([a-zđ]))\s*[.)]?$")
MIN_ROWS = 3  # fewer numbered rows are a small table inside the text, not a list of criteria
TABLE_SHARE = 0.6  # of the section's own text, for the section to count as all table


def add_row_targets(sections: list[Section], eligible: set[str]) -> list[Section]:
    """``sections`` with the numbered rows of the ``eligible`` sections that are all table inserted
    after their section."""
    out: list[Section] = []
    seen: set[str] = {s.id for s in sections}
    for section in sections:
        out.append(section)
        if section.id not in eligible or section.kind != "heading" or not _all_table(section):
            continue
        blocks: list[Block] = []
        for block in section.blocks:
            rows = _numbered_rows(block) if isinstance(block, Table) else None
            if rows is None:
                blocks.append(block)
                continue
            first = rows[0][0]
            if first:
                blocks.append(Table(block.rows[:first]))
            out.extend(_row_sections(section, block, rows, seen))
        section.blocks = blocks
    return out


def _all_table(section: Section) -> bool:
    total = tables = 0
    for block in section.blocks:
        n = len(block.text)
        total += n
        if isinstance(block, Table):
            tables += n
    return tables > 0 and tables >= TABLE_SHARE * total


def _numbered_rows(table: Table) -> list[tuple[int, str, int]] | None:
    """(row index, number, depth) of each numbered row, or None when the table is no such list."""
    found = []
    for n, row in enumerate(table.rows):
        if len(row) < 2:
            continue
        first = clean(" ".join(b.text for b in row[0]))
        m = _ROW_NUMBER.match(first)
        if m is None or not _title_of(row):
            continue
        roman, arabic, letter = m.groups()
        depth = 0 if roman else arabic.count(".") + 1 if arabic else 5
        found.append((n, first, depth))
    return found if len(found) >= MIN_ROWS else None


def _title_of(row) -> str:
    for cell in row[1:]:
        text = clean(" / ".join(b.text for b in cell if b.text.strip()))
        if sum(ch.isalpha() for ch in text) >= 3:  # a criterion, not a blank to fill in ("1 :")
            return text
    return ""


def _row_sections(section: Section, table: Table, rows, seen: set[str]) -> list[Section]:
    depths = sorted({d for _, _, d in rows})
    stack: list[tuple[int, Section]] = []
    made: list[Section] = []
    for k, (n, number, depth) in enumerate(rows):
        end = rows[k + 1][0] if k + 1 < len(rows) else len(table.rows)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1] if stack else section
        title = _title_of(table.rows[n])
        row = Section(_row_id(parent.id, number, title, seen), number, title,
                      section.level + 1 + depths.index(depth), parent.id, [Table(table.rows[n:end])], kind="row")
        parent.children.append(row)
        made.append(row)
        stack.append((depth, row))
    return made


def _row_id(parent: str, number: str, title: str, seen: set[str]) -> str:
    """From the parent and the row's own words, like heading ids: stable when other rows change."""
    key = f"{parent}/row/{fold(number)} {fold(title)[:80]}"
    n = 1
    while True:
        sid = "s" + hashlib.blake2b((key + (f"#{n}" if n > 1 else "")).encode(), digest_size=5).hexdigest()
        if sid not in seen:
            seen.add(sid)
            return sid
        n += 1
