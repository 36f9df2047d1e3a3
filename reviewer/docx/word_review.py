"""Turn the comments of a reviewed Word file into comments on a registered draft, checked first.

Placement: a comment's section is the reviewed file's section holding the start of its range,
matched to the draft by id and title, else by title alone, else by id; one that matches nothing is
kept under the reviewed file's section id (unplaced: listed apart, never dropped). A reply becomes
a comment of its own in its thread's section, on its thread's quote, whose text starts with
"↳ Reply to <author>:"; a comment resolved in Word ends with "[Resolved in Word]" (both in the
language of whoever imports). Comments that ``export annotated`` wrote come back as they were.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reviewer.docx.comments import (
    AUTHOR_SEPARATOR,
    KIND_LABEL,
    LABELS,
    QUOTE_LABEL,
    ReviewedFile,
    WordComment,
)
from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.textnorm import body_text, clean
from reviewer.vocab import parse_kind, parse_status

NO_PLACE = "word-unplaced"  # the section of a comment the body never refers to
MIN_SHARED = 0.5  # of the reviewed file's sections that must be the draft's, for it to be a review of it


@dataclass
class WordImportPlan:
    rows: list[dict] = field(default_factory=list)  # for Store.add_comments
    total: int = 0  # comments in the file
    skipped: int = 0  # already imported (same identity in the file, or the exported comment is here)
    replies: int = 0
    resolved: int = 0
    unplaced: int = 0
    authors: list[str] = field(default_factory=list)  # Word's authors of the comments typed in Word


def plan_word_import(reviewed: ReviewedFile, *, name: str, draft_id: str, sections: list[dict],
                     known_keys: set[str], is_known: Callable[[str], bool], group: str | None = None,
                     author: str | None = None) -> WordImportPlan:
    """The rows to add; ReviewerError (nothing to write) for a file that is not a review of this draft,
    or that needs a group not given."""
    plan = WordImportPlan(total=len(reviewed.comments))
    if not reviewed.comments:
        return plan
    place = _placer(reviewed, sections, name)
    typed = [c for c in reviewed.comments if c.exported is None]
    plan.authors = sorted({c.author for c in typed if c.author})
    group = clean(group or "")
    if typed and not group:
        raise ReviewerError(_("“{name}” holds comments typed in Word, which do not say their breakout group: "
                              "give it with --group (for example --group \"Tổ 2\").").format(name=name))
    by_id = {c.word_id: c for c in reviewed.comments}
    texts = {s["id"]: s["text"] for s in sections}
    words: dict[str, SectionWords] = {}
    seen: set[str] = set()
    for c in reviewed.comments:
        key = c.key
        exported = c.exported
        if key in known_keys or key in seen or (exported and is_known(exported[0])):
            plan.skipped += 1
            continue
        seen.add(key)
        root = _thread_root(c, by_id)
        section, placed = place(root.section, exported if root is c else None)
        row = {"draft_id": draft_id, "section_id": section, "unplaced": not placed, "word_key": key,
               "word_resolved": c.resolved, "created_at": c.date}
        if exported:
            row.update(_exported_fields(c, exported))
        else:
            text = c.text or _("(a comment without text in Word)")
            if root is not c:
                plan.replies += 1
                text = "↳ " + _("Reply to {author}:").format(author=root.author or _("the comment above")) + " " + text
            if c.resolved:
                plan.resolved += 1
                text += "\n" + _("[Resolved in Word]")
            row.update(group=group, author=clean(author or "") or c.author, kind="gop_y", text=text,
                       quote=root.quote)
        if placed and row.get("quote") and (not exported or exported[2]):  # else the quote as written
            if section not in words:
                words[section] = SectionWords(texts.get(section, ""))
            found = words[section].find(row["quote"], root.near, root.breaks)
            if found is not None:
                row["quote"], row["quote_start"], row["quote_end"] = found
        plan.unplaced += not placed
        plan.rows.append(row)
    return plan


_TOKEN = re.compile(r"\S+")
_MARKS = re.compile(r"\[\d+\]")


class SectionWords:
    """A section's text as its words, table cell separators and footnote marks aside (Word's text lacks
    what the reader adds), to find the passage a Word range covers without a regex for each quote."""

    def __init__(self, text: str):
        self.text = text
        self.spans: list[tuple[int, int]] = []
        words = []
        for m in _TOKEN.finditer(text):
            word = _MARKS.sub("", m.group())
            if word and word not in ("|", "/"):
                self.spans.append(m.span())
                words.append(word)
        self.flat = " ".join(words)
        self.index: dict[int, int] = {}  # where each word starts in ``flat``: its number
        at = 0
        for i, word in enumerate(words):
            self.index[at] = i
            at += len(word) + 1

    def find(self, anchored: str, near: float | None, breaks: int = 0) -> tuple[str, int, int] | None:
        needle = " ".join(w for w in (_MARKS.sub("", w) for w in anchored.split()) if w and w not in ("|", "/"))
        if not needle:
            return None
        hits = []
        at = self.flat.find(needle)
        while at != -1:
            end = at + len(needle)
            if at in self.index and (end == len(self.flat) or self.flat[end] == " "):
                hits.append(at)
            at = self.flat.find(needle, at + 1)
        if not hits:
            return None
        size = max(1, len(self.flat))
        marked = [w for w in anchored.split() if w not in ("|", "/")]
        n = needle.count(" ")

        def rank(hit: int) -> tuple[bool, bool, float]:
            # The same note marks, then as many paragraph or cell boundaries, then where the range starts.
            first = self.index[hit]
            same = [self.text[a:b] for a, b in self.spans[first:first + n + 1]] == marked
            between = self.text[self.spans[first][0]:self.spans[first + n][1]]
            apart = between.count("\n") + between.count(" | ") + between.count(" / ")
            return not same, apart != breaks, abs(hit / size - near) if near is not None else 0.0

        first = self.index[min(hits, key=rank)]
        start, stop = self.spans[first][0], self.spans[first + n][1]
        return clean(self.text[start:stop]), start, stop


def _thread_root(c: WordComment, by_id: dict[str, WordComment]) -> WordComment:
    seen = {c.word_id}
    while c.parent is not None and c.parent in by_id and c.parent not in seen:
        c = by_id[c.parent]
        seen.add(c.word_id)
    return c


def _placer(reviewed: ReviewedFile, sections: list[dict], name: str):
    """A function (reviewed section id, exported marker) -> (draft section id, placed)."""
    ids = {s["id"] for s in sections}
    exact = {(s["id"], clean(s["title"]).casefold()) for s in sections}
    by_title: dict[str, list[str]] = {}
    for s in sections:
        if clean(s["title"]):
            by_title.setdefault(clean(s["title"]).casefold(), []).append(s["id"])
    own = {s.id: s for s in reviewed.document.sections}
    if reviewed.document.closing is not None:
        own[reviewed.document.closing.id] = reviewed.document.closing
    headed = [s for s in reviewed.document.sections if s.title]
    if headed:
        shared = sum((s.id, clean(s.title).casefold()) in exact or clean(s.title).casefold() in by_title
                     for s in headed)
    else:  # an untitled document: the same opening text
        texts = {clean(s["text"])[:200] for s in sections}
        shared = sum(clean(s.text)[:200] in texts for s in reviewed.document.sections)
        headed = reviewed.document.sections
    if not headed or shared < MIN_SHARED * len(headed):
        raise ReviewerError(_("“{name}” is not a review of this draft: {shared} of its {n} sections are in the "
                              "draft. Choose the draft it was made from.").format(
            name=name, shared=shared, n=len(headed)))

    def place(section_id: str | None, exported: tuple[str, str, bool] | None) -> tuple[str, bool]:
        if exported is not None and (not exported[2] or section_id not in ids) and exported[1]:
            return exported[1], exported[1] in ids  # anchored on a heading: the section it was written for
        if section_id is None:
            return NO_PLACE, False
        s = own.get(section_id)
        title = clean(s.title).casefold() if s is not None else ""
        if (section_id, title) in exact:
            return section_id, True
        if len(by_title.get(title, ())) == 1:
            return by_title[title][0], True
        if section_id in ids:
            return section_id, True
        return section_id, False

    return place


def _exported_fields(c: WordComment, exported: tuple[str, str, bool]) -> dict:
    comment_id, _section, on_quote = exported
    group, _sep, delegate = c.author.partition(AUTHOR_SEPARATOR)
    fields: dict = {"comment_id": comment_id, "group": group.strip(), "author": delegate.strip(), "kind": "gop_y",
                    "quote": c.quote if on_quote else ""}
    parts: dict[str, list[str]] = {"text": []}
    current = "text"
    for i, line in enumerate(c.lines):
        text = line.text
        if i == 0 and text.startswith(KIND_LABEL):
            fields["kind"] = parse_kind(text[len(KIND_LABEL):].strip()) or "gop_y"
            continue
        label = next((k for k, v in (*LABELS.items(), ("quote", QUOTE_LABEL)) if line.bold_start
                      and text.startswith(v)), None)
        if label is not None:
            current = label
            text = text[len(LABELS.get(label, QUOTE_LABEL)):].lstrip()
        parts.setdefault(current, []).append(text)
    joined = {k: body_text("\n".join(v)) for k, v in parts.items()}
    fields["text"] = joined["text"]
    fields["proposal"] = joined.get("proposal", "")
    fields["response"] = joined.get("response", "")
    if joined.get("quote"):
        fields["quote"] = clean(joined["quote"])
    if joined.get("status"):
        fields["status"] = parse_status(joined["status"]) or "moi"
    digits = "".join(ch for ch in joined.get("supporters", "") if ch.isdigit())
    fields["supporters"] = int(digits) if digits else 0
    return fields
