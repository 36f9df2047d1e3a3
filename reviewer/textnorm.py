"""Text normalisation shared by the reader, storage and search."""
from __future__ import annotations

import functools
import re
import unicodedata

# Characters that reach a terminal as commands (NUL, bell, escape sequences, C1 controls such as
# CSI) or silently reorder what is shown (bidirectional embeddings, overrides and isolates).
# Tab and line breaks are text.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    # Every character above is unprintable, and this C-level scan of a printable text costs half the
    # search (a whole outline's JSON passes through here on its way out).
    if text.isprintable():
        return text
    return _UNSAFE.sub("", text) if _UNSAFE.search(text) else text


def has_controls(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def body_text(text: str) -> str:
    """A comment's text as stored: NFC, line breaks as \\n, no control characters, trimmed."""
    return strip_controls(nfc(text.replace("\r\n", "\n").replace("\r", "\n"))).strip()


def clean(text: str) -> str:
    """One line: NFC with runs of white space (tabs, line breaks, no-break spaces) folded to one
    space and control characters removed."""
    text = unicodedata.normalize("NFC", text)
    # Most paragraphs are clean already, and these C-level scans say so much faster than a split:
    # every white space but " " and every control or format character is unprintable.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(strip_controls(text).split())


def fold(text: str) -> str:
    """Accent- and case-insensitive key for Vietnamese: "Đảng" -> "dang", "Uỷ" -> "uy".

    :func:`fold_whole` character by character, from a table (several times faster: headings, ids,
    a merge's thousands of comments). Folding is per character except where Unicode composition
    joins two characters that are not combining marks: Hangul jamo (letters) and a few Indic vowel
    signs (marks), all from U+0900 up. A text with a character that folds to a letter or mark from
    U+0900 up is folded whole; punctuation, symbols, digits and spaces (“ ” – … €) never compose.

    A long text is folded word by word, each word once (a comment's words are mostly words folded
    before: five times faster for a merge's thousands of comments). Nothing composes across a space,
    which is a starter that no canonical composition begins with, so this is the same fold."""
    if len(text) > _WORDS_FROM and " " in text:
        return " ".join([_FOLDED_WORDS[word] for word in text.split(" ")])
    return _fold_chars(text)


def _fold_chars(text: str) -> str:
    chars = set(text)
    new = chars - _FOLD_KNOWN
    if new:
        for c in new:
            folded = fold_whole(c)
            if all(ord(f) < 0x900 or unicodedata.category(f)[0] in "PSZNC" for f in folded):
                _FOLD_TABLE[ord(c)] = folded
            else:
                _FOLD_UNSAFE.add(c)
            _FOLD_KNOWN.add(c)
    if _FOLD_UNSAFE and not chars.isdisjoint(_FOLD_UNSAFE):
        return fold_whole(text)
    return text.translate(_FOLD_TABLE)


_FOLD_TABLE: dict[int, str] = {}  # character -> fold_whole(character), where folding it alone is exact
_FOLD_KNOWN: set[str] = set()
_FOLD_UNSAFE: set[str] = set()


class _FoldedWords(dict):
    """word -> its fold, filled as words are met; emptied when it would hold more words than a
    province's comments use, so a stream of unusual text cannot grow it without bound."""

    def __missing__(self, word: str) -> str:
        if len(self) >= 200_000:
            self.clear()
        folded = self[word] = _fold_chars(word)
        return folded


_FOLDED_WORDS = _FoldedWords()
_WORDS_FROM = 40  # characters: below this, the text itself is the unit (headings, names, queries)


def fold_whole(text: str) -> str:
    """What :func:`fold` means, computed on the whole text at once."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


# The old and the new convention place the tone of a final "oa", "oe", "uy" differently:
# "hoà"/"hòa", "khoẻ"/"khỏe", "thuỷ"/"thủy". Both are written today; they are one word.
_TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ", "o": "òóỏõọ", "u": "ùúủũụ"}


@functools.cache
def _old_placement() -> re.Pattern[str]:
    # Compiled on first use (a millisecond that opening a draft does not need). Each branch starts with
    # its letter, not a look-behind: the search skips to the next "o" or "u" instead of trying every
    # position (three times faster on a merge of thousands of comments).
    return re.compile(r"o(?<!qo)([àáảãạèéẻẽẹ])(?!\w)|u(?<!qu)([ỳýỷỹỵ])(?!\w)")


def _new_placement(m: re.Match[str]) -> str:
    first, toned = ("o", m.group(1)) if m.group(1) else ("u", m.group(2))
    for base, marks in _TONED.items():
        if toned in marks:
            tone = marks.index(toned)
            return _TONED[first][tone] + base
    return m.group(0)


def exact_key(text: str) -> str:
    """Lower-cased NFC text with its accents, tones placed one way: "Uỷ" and "Ủy" are the same word."""
    return _old_placement().sub(_new_placement, unicodedata.normalize("NFC", text).casefold())


def natural_key(name: str) -> tuple:
    """Sort key for names as people list them: "Tổ 2" before "Tổ 10", accents and case aside."""
    parts = re.split(r"(\d+)", name)
    return tuple(int(x) if i % 2 else fold(x) for i, x in enumerate(parts)), name


def passage_pattern(passage: str) -> re.Pattern[str]:
    """A passage as a pattern that matches it across any run of white space (line breaks included)."""
    return re.compile(r"\s+".join(re.escape(w) for w in passage.split()))


def find_passage(text: str, passage: str, *, before: str = "", near: float | None = None) -> tuple[int, int] | None:
    """Where ``passage`` lies in ``text``, white space aside: ``(start, end)`` or None.

    When it occurs more than once, the occurrence preceded by the longest part of ``before`` (the
    words the reader saw just before it) wins, then the one nearest ``near`` (0..1, the relative
    place in the text where it was selected)."""
    if not passage.split():
        return None
    matches = list(passage_pattern(passage).finditer(text))
    if not matches:
        return None
    if len(matches) == 1:
        return matches[0].span()
    context = " ".join(before.split())

    def agreement(m: re.Match[str]) -> tuple[int, float]:
        seen = " ".join(text[max(0, m.start() - len(context) - 20): m.start()].split())
        common = 0
        while common < min(len(seen), len(context)) and seen[-1 - common] == context[-1 - common]:
            common += 1
        distance = abs(m.start() / max(1, len(text)) - near) if near is not None else 0.0
        return -common, distance

    return min(matches, key=agreement).span()
