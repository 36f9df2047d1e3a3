"""The document model: a draft as a title plus an ordered tree of sections."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    caps: bool = False  # drawn in capitals by the font property, whatever was typed
    note: bool = False  # a footnote/endnote marker such as "[3]"


class Paragraph:
    """A paragraph of body text; ``list_label`` is set for list items ("-", "1.", "a)").

    The reader fills ``text`` at once and the formatted ``runs`` and alignment only when
    someone asks (through ``source``): the outline needs the text of every paragraph but
    the formatting of few.
    """

    __slots__ = ("_runs", "_text", "_align", "_source", "style", "list_label")
    kind = "paragraph"

    def __init__(self, runs: list[Run] | None = None, style: str = "", list_label: str = "",
                 align: str | None = "", text: str | None = None, source: ParagraphSource | None = None):
        self._runs = runs
        self._text = text
        self._align = align
        self._source = source
        self.style = style
        self.list_label = list_label

    @property
    def runs(self) -> list[Run]:
        if self._runs is None:
            self._runs = self._source.runs() if self._source is not None else [Run(self._text or "")]
        return self._runs

    @runs.setter
    def runs(self, value: list[Run]) -> None:
        self._runs, self._text = value, None

    @property
    def align(self) -> str:
        """Word's justification: "center", "both", "right", ... or "" for the default."""
        if self._align is None:
            self._align = self._source.align() if self._source is not None else ""
        return self._align

    @property
    def body(self) -> str:
        """The text without the list label."""
        if self._text is None:
            self._text = "".join(r.text for r in self.runs)
        return self._text

    @property
    def text(self) -> str:
        return f"{self.list_label} {self.body}" if self.list_label else self.body

    def __repr__(self) -> str:
        return f"Paragraph({self.text[:40]!r})"


class ParagraphSource(Protocol):
    """Where a paragraph's formatting is read from when it is first needed."""

    def runs(self) -> list[Run]: ...

    def align(self) -> str: ...


@dataclass(slots=True)
class Table:
    """Rows of cells; each cell holds the paragraphs (and nested tables) it contains."""

    rows: list[list[list[Block]]]

    kind = "table"

    @property
    def text(self) -> str:
        lines = []
        for row in self.rows:
            cells = [" / ".join(b.text for b in cell if b.text).replace("\n", " ") for cell in row]
            lines.append(" | ".join(cells))
        return "\n".join(lines)


@dataclass(slots=True)
class Note:
    """A footnote or endnote, kept with the section whose text refers to it."""

    label: str
    paragraphs: list[Paragraph]
    kind_name: str = "footnote"

    kind = "note"

    @property
    def text(self) -> str:
        return f"[{self.label}] " + " ".join(p.text for p in self.paragraphs if p.text)


Block = Paragraph | Table | Note


@dataclass(slots=True)
class Section:
    id: str
    number: str
    title: str
    level: int
    parent: str | None
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    kind: str = "heading"  # or "row": a numbered row of a table, offered as a comment target

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def text(self) -> str:
        """The section's own body as plain text, without its sub-sections."""
        return "\n".join(t for t in (b.text for b in self.blocks) if t)

    def to_json(self) -> dict:
        return {"id": self.id, "number": self.number, "title": self.title, "level": self.level,
                "parent": self.parent, "text": self.text}


@dataclass(slots=True)
class Document:
    """A parsed draft. ``sections`` is in document order; the preamble (header block,
    anything before the first heading) comes first when it has text, and the closing
    block ("Nơi nhận", signatures) is kept apart in ``closing``."""

    title: str
    sections: list[Section]
    closing: Section | None = None
    source_name: str = ""

    def section(self, section_id: str) -> Section | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        if self.closing is not None and self.closing.id == section_id:
            return self.closing
        return None

    @property
    def roots(self) -> list[Section]:
        return [s for s in self.sections if s.parent is None]

    def to_json(self) -> dict:
        data: dict = {"title": self.title, "sections": [{**s.to_json(), "kind": s.kind} for s in self.sections]}
        if self.closing is not None:
            data["closing"] = self.closing.to_json()
        return data


_TOKENS = re.compile(r"[^\W_]+")
PATH_SEPARATOR = " › "  # between word numbers ("PHẦN THỨ NHẤT", "Chương II") and what follows


def full_numbers(sections: Iterable[tuple[str, str | None, str]]) -> dict[str, str]:
    """Each section's number preceded by its ancestors' numbers, from ``(id, parent id, number)`` in
    document order: "II." > "1." > "a)" gives "II.1.a)"; "I." > "3." > "3.1." gives "I.3.1." (the
    child's number repeats its parent's); a word number is set apart: "PHẦN THỨ NHẤT › I.1.". A section
    without a number of its own gets "" (a path would name its numbered parent instead)."""
    chains: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for section_id, parent, number in sections:
        chain = list(chains.get(parent, [])) if parent else []
        number = " ".join(number.split())
        if number:
            own = _TOKENS.findall(number)
            above = _TOKENS.findall(chain[-1]) if chain else []
            if above and len(above) < len(own) and own[:len(above)] == above and " " not in number:
                chain[-1] = number  # "3.1." under "3." stands for both
            else:
                chain.append(number)
        chains[section_id] = chain
        out[section_id] = _join_numbers(chain) if number else ""
    return out


def full_headings(sections: Iterable[Section]) -> dict[str, str]:
    """Each section's heading with its full number, to name it out of context: "II.1.a) Trồng trọt"."""
    sections = list(sections)
    numbers = full_numbers((s.id, s.parent, s.number) for s in sections)
    return {s.id: f"{numbers[s.id] or s.number} {s.title}".strip() for s in sections}


def _join_numbers(numbers: list[str]) -> str:
    path = ""
    for number in numbers:
        if not path:
            path = number
        elif " " in number or " " in path.rsplit(PATH_SEPARATOR, 1)[-1]:
            path += PATH_SEPARATOR + number  # "Điều 5." after "Chương II", "I." after "PHẦN THỨ NHẤT"
        else:
            path += number if path[-1] in ".)/" else "." + number  # a bare "1" drawn without its dot
    return path
