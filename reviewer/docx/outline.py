"""Read a .docx into the document model: title, sections in order, stable ids."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from reviewer.docx.convert import convert_to_docx, find_soffice
from reviewer.docx.headings import Heading, find_layout
from reviewer.docx.nesting import nesting_ranks
from reviewer.docx.package import Opening, open_docx
from reviewer.docx.reader import BodyItem, DocxReader
from reviewer.docx.rows import add_row_targets
from reviewer.errors import DocumentError
from reviewer.gcpause import collector_paused
from reviewer.i18n import _
from reviewer.model import Document, Paragraph, Run, Section
from reviewer.textnorm import fold

PREAMBLE_ID = "preamble"
CLOSING_ID = "closing"


def open_draft(path: str | Path, *, convert: bool = False, opening: Opening | None = None) -> Document:
    """Read a draft; an old .doc is converted with LibreOffice when ``convert`` is true.
    ``opening``: the package of ``path`` already being opened (see :class:`Opening`).

    Without ``convert``, a .doc is refused with a message that says what the user can do:
    convert it here (when LibreOffice is installed) or save it as .docx in Word.
    """
    try:
        return read_document(path, opening=opening)
    except DocumentError as exc:
        if exc.code != "legacy-doc":
            raise
        if not convert:
            if find_soffice() is None:
                raise
            raise DocumentError("legacy-doc", _(
                "“{name}” is an old Word 97–2003 document (.doc). Run the command again with --convert "
                "to convert it with LibreOffice, or save it as .docx in Word.").format(name=Path(path).name)
            ) from exc
        converted = convert_to_docx(path)
        try:
            doc = read_document(converted)
        finally:
            shutil.rmtree(converted.parent, ignore_errors=True)
        doc.source_name = Path(path).name
        if doc.title == converted.stem:
            doc.title = Path(path).stem
        return doc


def read_document(path: str | Path, *, opening: Opening | None = None) -> Document:
    """Parse a draft; raises DocumentError with a translated message for unreadable files."""
    with collector_paused():  # a tenth of the time on a large draft
        return _read(path, opening)


def _read(path: str | Path, opening: Opening | None) -> Document:
    if opening is None:
        package = open_docx(path)
        reader = DocxReader(package)
    else:
        package = opening.side_package()
        reader = DocxReader(package) if package is not None else None  # while the document part is parsed
        package = opening.finish(package)
    items = reader.body_items()
    if not any(it.block.text.strip() for it in items):
        raise DocumentError("empty-document", _("“{name}” contains no text.").format(name=Path(path).name))
    notes = reader.notes()
    title, heads, closing, _title_items = find_layout(items, package.core_title)
    sections = _build(items, heads, closing, notes)
    sections = add_row_targets(sections, _appendix_ids(sections, heads, title))
    closing_section = None
    if sections and sections[-1].id == CLOSING_ID:
        closing_section = sections.pop()
    # The closing block can sit between the last section and appendix parts.
    for s in list(sections):
        if s.id == CLOSING_ID:
            sections.remove(s)
            closing_section = s
    return Document(title=title or Path(path).stem, sections=sections, closing=closing_section,
                    source_name=Path(path).name)


def _build(items: list[BodyItem], heads: list[Heading], closing: int | None, notes) -> list[Section]:
    starts = {h.item: h for h in heads}
    skip = {j for h in heads for j in h.joined}
    ranks = nesting_ranks(heads)
    parents = _parents(heads, ranks)
    levels = _levels(heads, parents, ranks)
    ids = _ids(heads, parents)

    sections: list[Section] = []
    preamble = current = Section(PREAMBLE_ID, "", "", 0, None)
    by_item: dict[int, Section] = {}
    for i, item in enumerate(items):
        if i in starts:
            h = starts[i]
            parent = parents[i]
            current = Section(ids[i], h.number, h.title, levels[i],
                              by_item[parent].id if parent is not None else None)
            by_item[i] = current
            sections.append(current)
            if h.rest:
                current.blocks.append(Paragraph([Run(h.rest)]))
            continue
        if i in skip:
            continue
        if closing is not None and i == closing:
            current = Section(CLOSING_ID, "", "", 0, None)
            sections.append(current)
        current.blocks.append(item.block)
        for key in item.notes:
            if key in notes:
                current.blocks.append(notes[key])
    by_id = {s.id: s for s in sections}
    for s in sections:
        if s.parent is not None:
            by_id[s.parent].children.append(s)
    if any(b.text.strip() for b in preamble.blocks):
        sections.insert(0, preamble)
    return sections


def _appendix_ids(sections: list[Section], heads: list[Heading], title: str) -> set[str]:
    """The sections of the draft's appendices: an appendix part and what it holds, or the whole
    draft when it is an appendix issued on its own."""
    if fold(title).startswith(("phu luc", "bieu mau")):
        return {s.id for s in sections if s.id not in (PREAMBLE_ID, CLOSING_ID)}
    ids: set[str] = set()
    appendix_titles = {(h.number, h.title) for h in heads if h.kind == "appendix"}
    for s in sections:
        if (s.number, s.title) in appendix_titles or s.parent in ids:
            ids.add(s.id)
    return ids


def _parents(heads: list[Heading], ranks: dict[str, float]) -> dict[int, int | None]:
    """Each heading's parent: the nearest open heading of a higher kind."""
    stack: list[tuple[str, int]] = []
    parents: dict[int, int | None] = {}
    for h in heads:
        kinds = [k for k, _ in stack]
        if h.kind in kinds:
            stack = stack[: kinds.index(h.kind)]
        else:
            r = ranks[h.kind]
            while stack and ranks[stack[-1][0]] >= r:
                stack.pop()
        parents[h.item] = stack[-1][1] if stack else None
        stack.append((h.kind, h.item))
    return parents


def _levels(heads: list[Heading], parents: dict[int, int | None], ranks: dict[str, float]) -> dict[int, int]:
    """Levels by kind: each kind sits one below every kind above it in the draft.

    A kind is above another when it was found as its ancestor, or when it belongs to a
    higher tier of the usual nesting (Phần > I. > 1. > 1.1. / a)). So "1." directly under a
    Phần keeps the level "1." has under "I." elsewhere, and "1.1." and "a)" share a level
    unless the draft nests one in the other.
    """
    kind_of = {h.item: h.kind for h in heads}
    kinds = list(dict.fromkeys(h.kind for h in heads))
    above: dict[str, set[str]] = {k: set() for k in kinds}
    for h in heads:
        p = parents[h.item]
        while p is not None:
            if kind_of[p] != h.kind:
                above[h.kind].add(kind_of[p])
            p = parents[p]
    for k in kinds:
        for j in kinds:
            if int(ranks[j]) < int(ranks[k]) and k not in above[j]:
                above[k].add(j)
    level = {k: 1 for k in kinds}
    for _round in range(len(kinds)):
        changed = False
        for k in kinds:
            want = 1 + max((level[j] for j in above[k]), default=0)
            if want > level[k] and want <= len(kinds):
                level[k] = want
                changed = True
        if not changed:
            break
    return {h.item: level[h.kind] for h in heads}


def _ids(heads: list[Heading], parents: dict[int, int | None]) -> dict[int, str]:
    """Ids from the path of titles: renumbering or editing a body leaves them unchanged."""
    keys: dict[int, str] = {}
    seen: dict[str, int] = {}
    ids: dict[int, str] = {}
    for h in heads:
        parent = parents[h.item]
        own = fold(h.title) or fold(h.number)
        key = (keys[parent] if parent is not None else "") + "/" + own
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += f"#{seen[key]}"
        keys[h.item] = key
        ids[h.item] = "s" + hashlib.blake2b(key.encode(), digest_size=5).hexdigest()
    return ids
