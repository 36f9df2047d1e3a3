"""The document model: a draft as a title plus an ordered tree of sections."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    caps: bool = False  # drawn in capitals by the font property, whatever was typed
    note: bool = False  # a footnote/endnote marker such as "[3]"


@dataclass(slots=True)
class Paragraph:
    """A paragraph of body text; ``list_label`` is set for list items ("-", "1.", "a)")."""

    runs: list[Run]
    style: str = ""
    list_label: str = ""
    align: str = ""

    kind = "paragraph"

    @property
    def text(self) -> str:
        body = "".join(r.text for r in self.runs)
        return f"{self.list_label} {body}" if self.list_label else body


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
        data: dict = {"title": self.title, "sections": [s.to_json() for s in self.sections]}
        if self.closing is not None:
            data["closing"] = self.closing.to_json()
        return data
