"""Comments to export: quotes of many lengths cut from the sections' own text (some across formatting
runs, some in table cells), and the comparison of what comes back."""
from __future__ import annotations

import random
import re
from pathlib import Path

from reviewer.docx import open_draft
from reviewer.store import Store
from reviewer.vocab import KINDS

_WORD = re.compile(r"\S+")
_MARK = re.compile(r"\[\d+\]")


def register(store: Store, path: Path) -> str:
    doc = open_draft(path)
    return store.register_draft(doc, file_name=path.name, content=path.read_bytes())["id"]


def add_comments(store: Store, draft_id: str, n: int, *, seed: int = 7) -> list:
    """``n`` comments spread over the sections; most quote a passage of 1 to 40 words."""
    rng = random.Random(seed)
    sections = [s for s in store.sections(draft_id)]
    with_text = [s for s in sections if len(_WORD.findall(s["text"])) >= 2]
    rows = []
    for i in range(n):
        row = {"draft_id": draft_id, "group": f"Tổ {1 + i % 9}", "author": f"Nguyễn Văn {chr(65 + i % 26)}" if i % 7
               else "", "kind": KINDS[i % len(KINDS)], "text": f"Ý kiến số {i}: đề nghị làm rõ nội dung.\nDòng hai.",
               "proposal": "Sửa thành: “…”" if i % 3 == 0 else "", "supporters": i % 4,
               "status": "tiep_thu" if i % 5 == 0 else "moi", "response": "Đã tiếp thu." if i % 5 == 0 else ""}
        if i % 10 == 9 or not with_text:
            row["section_id"] = rng.choice(sections)["id"]
        else:
            s = rng.choice(with_text)
            # A quote begins and ends with words, as a selection does (not a cell separator or a note's mark).
            words = [w for w in _WORD.finditer(s["text"]) if w.group() not in ("|", "/")
                     and not _MARK.fullmatch(w.group())]
            length = rng.choice((1, 2, 3, 5, 8, 13, 21, 40))
            first = rng.randrange(0, max(1, len(words) - length))
            last = min(len(words), first + length) - 1
            start, end = words[first].start(), words[last].end()
            row.update(section_id=s["id"], quote=" ".join(s["text"][start:end].split()), quote_start=start,
                       quote_end=end)
        rows.append(row)
    return store.add_comments(rows)


def same(a, b) -> list[str]:
    """What differs between two comments in what a round trip must keep."""
    return [f"{a.id} {k}: {getattr(a, k)!r} != {getattr(b, k)!r}" for k in (
        "section", "group", "author", "kind", "text", "quote", "proposal", "supporters", "status", "response")
        if getattr(a, k) != getattr(b, k)]
