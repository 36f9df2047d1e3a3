"""The numbering kinds of Vietnamese drafts: "PHẦN THỨ NHẤT", "Chương I", "Điều 1.", "I.", "1.", "1.1.", "a)"."""
from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ORDINAL = r"thứ\s+\w+"

# Order matters: word markers before bare letters, "1.1." before "1.".
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^(phần\s+(?:{_ORDINAL}|[IVXLC]+\b|\d+\b))\s*[.:\-–]?\s*", re.I)),
    ("appendix", re.compile(r"^(phụ\s*lục(?:\s+(?:số\s+)?(?:[IVXLC]+|\d+[a-z]?)\b)?)\s*[.:\-–]?\s*", re.I)),
    ("chapter", re.compile(r"^(chương\s+(?:[IVXLC]+|\d+)\b)\s*[.:\-–]?\s*", re.I)),
    ("muc", re.compile(r"^(mục\s+(?:[IVXLC]+|\d+)\b)\s*[.:\-–]?\s*", re.I)),
    ("article", re.compile(r"^(điều\s+\d+[a-zđ]?)\s*([.:])?\s*", re.I)),
    ("roman", re.compile(rf"^((?=[IVX]){_ROMAN})\s*([.)\-–:/])\s*(?=\S)")),
    ("arabic_n", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})(\.?)(?:\s+|(?=[^\W\d_]))")),
    ("arabic", re.compile(r"^(\d{1,2})\s*([.)/])(?!\d)\s*(?=\S)")),
    ("upper", re.compile(r"^([A-Z])([.)])\s+(?=\S)")),
    ("letter", re.compile(r"^([a-zđ])\s*([.)])\s*(?=\S)")),
    ("paren", re.compile(r"^\((\d{1,2}|[a-zđ])\)\s*(?=\S)")),
]

WORD_KINDS = {"part", "appendix", "chapter", "muc", "article"}

# Where each kind sits in the nesting Vietnamese drafts use; a kind first met below a
# deeper one starts a new branch at its own depth (see outline.build_tree).
RANK: dict[str, float] = {
    "part": 0, "appendix": 0, "named": 0, "chapter": 1, "muc": 2, "upper": 3, "roman": 4, "article": 5,
    "arabic": 6, "arabic_n2": 7, "letter": 7.5, "arabic_n3": 8, "arabic_n4": 8.5, "paren": 9,
}


@dataclass(frozen=True, slots=True)
class Numbered:
    kind: str  # a RANK key, or "outline:N" / "auto:N" assigned by the caller
    number: str  # as displayed: "PHẦN THỨ NHẤT", "II.", "1.2.", "a)"
    rest: str  # the text after the number
    strict: bool = True  # the number is followed by its usual punctuation


_ABBREVIATION = re.compile(r"/[vV](?![^\W\d_])")

# Every pattern above starts with one of these; most body paragraphs fail here, in one match.
_MAY_START = re.compile(r"(?:\d|\(|[IVXA-Z][.)\-–:/\s]|[IVX]+\s*[.)\-–:/]|[a-zđ]\s*[.)]|(?i:phần|phụ|chương|mục|điều))")


def parse_number(text: str) -> Numbered | None:
    """Split a leading section number off a heading line, or None when it has none."""
    if not _MAY_START.match(text):
        return None
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        token = m.group(1)
        if kind == "roman" and not token:
            continue
        punct = m.group(2) if m.re.groups >= 2 else ""
        rest = text[m.end():]
        if punct == "/" and _ABBREVIATION.match(text[m.start(2):]):
            continue  # "V/v" (về việc) opens a subject line, never a section "V/"
        if kind == "arabic_n":
            depth = token.count(".") + 1
            kind = f"arabic_n{min(depth, 4)}"
            number = token + "."
        elif kind in ("roman", "arabic", "upper", "letter"):
            number = token + (punct if punct in ".)/" else ".")
        elif kind == "paren":
            number = f"({token})"
        elif kind == "article":
            number = token + (punct or "")
        else:
            number = token
        return Numbered(kind, re.sub(r"\s+", " ", number), rest, strict=bool(punct) or kind in WORD_KINDS)
    return None
