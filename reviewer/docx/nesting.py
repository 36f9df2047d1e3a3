"""Which numbering kind nests in which, as this draft shows it.

The usual order (Phần > A. > I. > Điều > 1. > 1.1. / a)) holds in most drafts, but not in all:
a plan or decision may run "III." > "A.", "B." > "IV.". The draft says which order it uses: a
kind whose count starts again ("A.") between two members of another kind that count on
("III." ... "IV.") sits inside that kind.
"""
from __future__ import annotations

import re

from reviewer.docx.headings import Heading, rank

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese lettering skips f, j, w, z and counts đ
_DIGITS = re.compile(r"\d+")


def nesting_ranks(heads: list[Heading]) -> dict[str, float]:
    """Kind -> rank for this draft: :func:`~reviewer.docx.headings.rank`, except for a kind that
    the draft nests inside one the usual order puts below it."""
    ranks = {h.kind: rank(h.kind) for h in heads}
    values = [_ordinal(h) for h in heads]
    inside: dict[tuple[str, str], int] = {}
    last: dict[str, tuple[int, int]] = {}  # kind -> (position, value) of its latest member
    for pos, (h, value) in enumerate(zip(heads, values, strict=True)):
        if value is None:
            continue
        prev = last.get(h.kind)
        if prev is not None and value == prev[1] + 1:
            for other, other_value in zip(heads[prev[0] + 1:pos], values[prev[0] + 1:pos], strict=True):
                if other.kind != h.kind and other_value == 1:
                    inside[(other.kind, h.kind)] = inside.get((other.kind, h.kind), 0) + 1
        last[h.kind] = (pos, value)
    for (inner, outer), count in sorted(inside.items(), key=lambda kv: -kv[1]):
        if count > inside.get((outer, inner), 0) and ranks[inner] <= ranks[outer]:
            ranks[inner] = ranks[outer] + 0.1
    return ranks


def _ordinal(h: Heading) -> int | None:
    """The count a heading's number stands for: "III." 3, "B." 2, "đ)" 6, "2.3." 3."""
    token = h.number.strip(" .)/(:")
    if not token:  # "MỞ ĐẦU" beside the Roman parts
        return None
    if h.kind == "roman":
        total = 0
        for ch, nxt in zip(token, token[1:] + " ", strict=True):
            v = _ROMAN.get(ch, 0)
            total += -v if _ROMAN.get(nxt, 0) > v else v
        return total or None
    if h.kind == "upper" and len(token) == 1:
        return ord(token) - ord("A") + 1
    if h.kind == "letter" and len(token) == 1 and token in _LETTERS:
        return _LETTERS.index(token) + 1
    if h.kind == "arabic" or h.kind.startswith("arabic_n"):
        digits = _DIGITS.findall(token)
        return int(digits[-1]) if digits else None
    return None
