"""Word's XML where python-docx stops: a passage's text laid over its ``w:t`` elements, and runs split
where a comment's range starts or ends mid-run, each piece keeping the run's formatting."""
from __future__ import annotations

import bisect
import copy
import re
import unicodedata

from reviewer.docx.comments import BR, CR, ENREF, FNREF, TAB, P, T, W
from reviewer.textnorm import nfc

R, RPR = W + "r", W + "rPr"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NOTE_MARK = re.compile(r"\[\d+\]")
_SPACES = re.compile(r"\s+")
_SEPARATORS = {"|", "/"}  # between table cells and the paragraphs of a cell in a section's text
# A list label Word draws in front of the text ("1.", "a)", "-"): no w:t holds it.
_LABEL = re.compile(r"^(?:[\dIVXivx]+(?:\.\d+)*[.)]|[a-zđ]\)|[-+•–])$")


def owner(el):
    """The paragraph an element belongs to (the innermost, for a text box inside a paragraph)."""
    parent = el.getparent()
    while parent is not None and parent.tag != P:
        parent = parent.getparent()
    return parent


class Layout:
    """The text of some paragraphs (a line each; tabs and breaks as spaces; NFC, as the reader reads it),
    with where each w:t starts in it."""

    def __init__(self, paragraphs: list, skip: set, apart: set[int] = frozenset()):
        """``apart``: indexes of paragraphs that do not follow the one before in the document (a section
        interrupted by others): no passage is found across that place."""
        parts: list[str] = []
        self.starts: list[int] = []
        self.elements: list = []
        at = 0
        for i, p in enumerate(paragraphs):
            if i:
                parts.append("\x00" if i in apart else "\n")
                at += 1
            for el in p.iter(T, TAB, BR, CR):
                if el in skip or owner(el) is not p:
                    continue
                text = nfc(el.text or "") if el.tag == T else " "
                if el.tag == T and text and el.getparent().tag == R:
                    self.starts.append(at)
                    self.elements.append(el)
                parts.append(text)
                at += len(text)
        self.text = "".join(parts)
        self._flat: str | None = None

    def find(self, quote: str, near: float | None) -> tuple[tuple[int, int], bool] | None:
        """Where ``quote`` (a section's text) lies, white space, cell separators and note marks aside, and
        whether that is all of it (not when a leading list label had to be left out)."""
        words = [w for w in _NOTE_MARK.sub("", quote).split() if w not in _SEPARATORS]
        for attempt in (words, words[1:] if len(words) > 1 and _LABEL.match(words[0]) else []):
            if not attempt:
                break
            breaks = quote.count("\n") + quote.count(" | ") + quote.count(" / ")
            found = self._search(" ".join(attempt), near, breaks)
            if found is not None:
                return found, attempt is words
        return None

    def _search(self, needle: str, near: float | None, breaks: int) -> tuple[int, int] | None:
        # On the text with white space folded (no regex: one per quote would be compiled anew).
        if self._flat is None:
            runs = [(m.start(), m.end()) for m in _SPACES.finditer(self.text)]
            self._flat = _SPACES.sub(" ", self.text)
            self._folds, self._extra = [], []  # where each folded run starts in the flat text; chars saved so far
            saved = 0
            for start, end in runs:
                self._folds.append(start - saved)
                saved += end - start - 1
                self._extra.append(saved)
        hits = []
        at = self._flat.find(needle)
        while at != -1:
            hits.append(at)
            at = self._flat.find(needle, at + 1)
        if not hits:
            return None
        size = max(1, len(self._flat))

        def rank(hit: int) -> tuple[bool, float]:  # as many paragraph boundaries, then nearest where quoted
            start, end = self._original(hit), self._original(hit + len(needle) - 1) + 1
            return self.text.count("\n", start, end) != breaks, abs(hit / size - near) if near is not None else 0.0

        best = min(hits, key=rank)
        return self._original(best), self._original(best + len(needle) - 1) + 1

    def _original(self, flat: int) -> int:
        i = bisect.bisect_right(self._folds, flat) - 1  # folded runs starting at or before this place
        if i < 0:
            return flat
        if self._folds[i] == flat:  # on a folded run itself: its first character
            return flat + (self._extra[i - 1] if i else 0)
        return flat + self._extra[i]

    def at(self, pos: int, *, after: bool = False):
        """(w:t, offset in its own, possibly not NFC, text) of the character at ``pos`` (``after``: of the
        place just after it), or None where no w:t holds that character."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return None
        t = self.elements[i]
        off = pos - self.starts[i]
        if off >= len(nfc(t.text or "")):
            return None
        return t, raw_offset(t.text or "", off + after)


def raw_offset(raw: str, offset: int) -> int:
    """The offset in ``raw`` of the character at ``offset`` of its NFC form (both at a letter's start)."""
    if offset <= 0 or nfc(raw) == raw:
        return offset
    done = 0
    cluster = 0
    for i, ch in enumerate(raw):
        if i and not unicodedata.combining(ch):
            done += len(nfc(raw[cluster:i]))
            cluster = i
            if done >= offset:
                return i
    return len(raw)


def split_run(t, off: int) -> None:
    """Split the run of ``t`` before character ``off`` of ``t`` (nothing to do at the run's edges). The
    original run keeps what comes before; a copy (same w:rPr) after it holds the rest."""
    r = t.getparent()
    content = [c for c in r if c.tag != RPR]
    i = content.index(t)
    text = t.text or ""
    if (off <= 0 and i == 0) or (off >= len(text) and i == len(content) - 1):
        return
    right = copy.deepcopy(r)
    theirs = [c for c in right if c.tag != RPR]
    for c in theirs[:i]:
        right.remove(c)
    if 0 < off < len(text):
        t.text, theirs[i].text = text[:off], text[off:]
        t.set(XML_SPACE, "preserve")
        theirs[i].set(XML_SPACE, "preserve")
        drop = content[i + 1:]
    elif off <= 0:
        drop = content[i:]
    else:
        right.remove(theirs[i])
        drop = content[i + 1:]
    for c in drop:
        r.remove(c)
    r.addnext(right)


def with_note_reference(last):
    """The run after ``last`` that holds a footnote or endnote reference, when only markup lies between."""
    after = last.getnext()
    while after is not None and (after.tag != R or not after.findall(T)):
        if after.tag == R and (after.find(FNREF) is not None or after.find(ENREF) is not None):
            return after
        after = after.getnext()
    return last


def text_runs(paragraphs, skip: set) -> tuple | None:
    """The first and last run with text of the first of ``paragraphs`` that has one."""
    for p in paragraphs:
        runs = [r for r in p.iter(R) if r not in skip and owner(r) is p and r.find(T) is not None]
        if runs:
            return runs[0], runs[-1]
    return None
