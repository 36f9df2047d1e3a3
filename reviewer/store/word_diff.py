"""What changed in a section between two versions of a draft, word by word (pure, no database, no Qt).

Both texts are put in NFC first, so the same Vietnamese word typed with combining accents or with
precomposed letters is the same word. A word is a run of letters and digits with the combining marks
inside it ("Đảng", "nghị", "7,5"); each punctuation mark is a token of its own, so "kinh tế," and
"kinh tế;" differ in one mark, not one word. White space goes with the token before it and is never a
change by itself (a line rewrapped is not a change; a paragraph break is kept for display).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from reviewer.textnorm import nfc

SAME, INSERTED, DELETED = "same", "inserted", "deleted"
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# A number with its decimal or thousands marks ("7,5", "193.457") is one word; a word keeps its combining
# marks (Python's \w does not take them); any other mark of punctuation is a token of its own.
_TOKEN = re.compile(rf"(?:\d+(?:[.,]\d+)+|[\w{_MARKS}]+|[^\w\s{_MARKS}])\s*")
_LEADING = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the text: ``same`` in both versions, ``inserted`` in the new one, ``deleted`` from the old."""

    kind: str
    text: str


def tokens(text: str) -> list[str]:
    """The words and punctuation marks of ``text`` (NFC), each with the white space after it."""
    text = nfc(text)
    lead = _LEADING.match(text).end()
    return _TOKEN.findall(text, lead)


def word_diff(old: str, new: str) -> list[Piece]:
    """The new text as runs of unchanged, inserted and deleted tokens, in reading order (a deleted run
    comes before what replaced it). Neighbouring tokens of one kind are joined in one piece."""
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, [t.rstrip() for t in a], [t.rstrip() for t in b], autojunk=False)
    out: list[Piece] = []

    def add(kind: str, parts: list[str]) -> None:
        if not parts:
            return
        text = "".join(parts)
        if kind == DELETED and not text[-1].isspace():
            text += " "  # a deletion at the end of a line still stands apart from what follows
        if out and out[-1].kind == kind:
            out[-1] = Piece(kind, out[-1].text + text)
        else:
            out.append(Piece(kind, text))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add(SAME, b[j1:j2])
        else:
            add(DELETED, a[i1:i2])
            add(INSERTED, b[j1:j2])
    return out


def changed_words(pieces: list[Piece], kind: str) -> list[str]:
    """The words (and marks) of the pieces of one kind, in order: what was inserted, or deleted."""
    return [t.rstrip() for p in pieces if p.kind == kind for t in tokens(p.text)]


def counts(pieces: list[Piece]) -> tuple[int, int]:
    """How many words were inserted and deleted (punctuation marks not counted)."""
    def n(kind: str) -> int:
        return sum(1 for w in changed_words(pieces, kind) if w[:1].isalnum())
    return n(INSERTED), n(DELETED)
