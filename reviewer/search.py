"""Accent-insensitive search for Vietnamese: queries, ranking and snippets.

The index holds each text twice: folded ("Đảng ủy" -> "dang uy") to find, and with its
accents (lower-cased) to rank: typing "tăng" lists "tăng" before "tầng", while typing
"tang" finds both.
"""
from __future__ import annotations

import re
import unicodedata

from reviewer.textnorm import fold

_WORD = re.compile(r"\w+")


# The old and the new convention place the tone of a final "oa", "oe", "uy" differently:
# "hoà"/"hòa", "khoẻ"/"khỏe", "thuỷ"/"thủy". Both are written today; they are one word.
_TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ", "o": "òóỏõọ", "u": "ùúủũụ"}
_OLD_PLACEMENT = re.compile(r"(?<!q)(o)([àáảãạèéẻẽẹ])(?!\w)|(?<!q)(u)([ỳýỷỹỵ])(?!\w)")


def _new_placement(m: re.Match[str]) -> str:
    first, toned = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    for base, marks in _TONED.items():
        if toned in marks:
            tone = marks.index(toned)
            return _TONED[first][tone] + base
    return m.group(0)


def exact_key(text: str) -> str:
    """Lower-cased NFC text with its accents, tones placed one way: "Uỷ" and "Ủy" are the same word."""
    return _OLD_PLACEMENT.sub(_new_placement, unicodedata.normalize("NFC", text).casefold())


def query_terms(query: str) -> tuple[list[str], list[str]]:
    """(folded terms, exact terms) of a query, in order."""
    exact = _WORD.findall(exact_key(query))
    return [fold(t) for t in exact], exact


def match_expression(terms: list[str], *, column: str = "folded", prefix: bool = True) -> str:
    """An FTS5 query on one column: every term, each as a prefix while typing."""
    star = "*" if prefix else ""
    return f"{column} : (" + " AND ".join('"' + t.replace('"', '""') + '"' + star for t in terms) + ")"


def exact_hits(exact_terms: list[str], exact_text: str) -> int:
    """How many query terms appear with exactly the accents typed (as a word or a word's start)."""
    words = _WORD.findall(exact_text)
    return sum(1 for term in exact_terms if any(w.startswith(term) for w in words))


def snippet(text: str, folded_terms: list[str], width: int = 160) -> str:
    """A window of ``text`` around the first match, with the matched words in [brackets]."""
    clean = " ".join(text.split())
    folded = _fold_aligned(clean)
    spans = []
    for term in folded_terms:
        for m in re.finditer(r"\b" + re.escape(term), folded):
            end = m.end()
            while end < len(folded) and folded[end].isalnum():
                end += 1
            spans.append((m.start(), end))
    if not spans:
        return clean[:width] + ("…" if len(clean) > width else "")
    spans.sort()
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:
        space = clean.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    stop = min(len(clean), start + width)
    out, pos = [], start
    for a, b in spans:
        if a < pos or b > stop:
            continue
        out.append(clean[pos:a])
        out.append("[" + clean[a:b] + "]")
        pos = b
    out.append(clean[pos:stop])
    return ("…" if start else "") + "".join(out) + ("…" if stop < len(clean) else "")


def _fold_aligned(text: str) -> str:
    """fold() character by character, so positions in the result are positions in ``text``."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f if len(f) == 1 else (f[:1] or " "))
    return "".join(out)
