"""Where each comment of a draft belongs in its next version: pure matching, no database.

Two steps. Sections are matched first: the same id (ids come from the path of titles, so a
renumbered section keeps its id), then, for the rest, a score from the title, the body and the
parent (:func:`match_sections`). Then each comment is placed (:func:`place_comments`):

* a comment with a quote is placed by its quote, looked for inside the matched section first:
  exact and unique (white space aside) -> ``carried`` (score 1.0); several occurrences (now, or in
  the old section) told apart by the words on both sides of the quote in the old text -> ``carried`` (0.95),
  else ``review``. Not in the matched section but exactly once in the whole new text, once in the old
  one, and at least ``MOVED_MIN_CHARS`` long (a moved paragraph) -> ``carried`` (0.9); shorter or
  repeated -> ``review``. Otherwise the best fuzzy match (word-level similarity, accents and case
  aside) in the matched section: at least ``FUZZY_CARRY`` for a quote of ``FUZZY_MIN_WORDS`` words or
  more -> ``carried``; anything less -> ``review`` at the matched section (a passage rewritten beyond
  recognition or deleted is never carried on its section alone). Without a matched section, a fuzzy
  match of at least ``FUZZY_REVIEW`` anywhere -> ``review``, else ``unplaced``. A quote that was not
  in its own section's text (imported so) is never carried, at most proposed;
* a comment without a quote follows its section: ``carried`` when the sections match with at least
  ``SECTION_CARRY``, ``review`` when they match more weakly, ``unplaced`` when the section is gone.

The thresholds were chosen by measurement (``python -m tests.benchmarks.revise_bench``): on the
shared corpus pair (a provincial report's draft and its final version), on scripted revisions of the
bundled sample, two corpus drafts and a generated 400-section draft (edited words, deleted, inserted
and moved paragraphs, deleted and inserted sections, renamed and renumbered headings; 18,000
comments: 0.02 % carried to a wrong place, 98.6 % of surviving passages carried to the right one),
and on quotes from an unrelated document of the same province. In the pair a quarter of 20-character
passages of the draft occur more than once in the final text, so a quote found outside its section
must be unique in both versions and 40 characters or more. A word-level score of 0.85 keeps a quote
of 8 words or more with one word changed; the unrelated quotes score 0.55 or less in 95 % of cases,
but short ones (3–7 words) reach 0.9 on administrative boilerplate, hence the minimum length.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from reviewer.textnorm import fold, passage_pattern

CARRIED, REVIEW, UNPLACED = "carried", "review", "unplaced"
SECTION_MIN = 0.5      # below: two sections with different ids are not the same section
RARE_PAIR = 8          # a pair of words in more remaining new sections does not point to a like body
BODY_CANDIDATES = 10   # the new sections whose bodies are compared in full with an old one
SECTION_CARRY = 0.75   # a comment without a quote follows a section matched at least this well
FUZZY_CARRY = 0.85     # a quote found again this similar in its matched section is carried
FUZZY_MIN_WORDS = 8    # a shorter quote found only nearly is not evidence enough (a few common words)
FUZZY_REVIEW = 0.5     # below: no fuzzy match at all (quotes from an unrelated text stay under it)
MOVED_MIN_CHARS = 40   # a quote found outside its section must be this long to be carried there
PAIRS_MIN = 0.3        # sections sharing fewer of a quote's word pairs are not searched for it
FUZZY_CANDIDATES = 5   # ... nor those beyond the five sharing the most
FUZZY_STARTS = 8       # runs of words tried in a section: where most of the quote's word pairs line up
CONTEXT_CHARS = 60     # old text kept on each side of a quote to tell its occurrences apart
CONTEXT_SIDE = 10      # ... of which on each side of it
CONTEXT_MIN = 30       # characters of agreeing context (before and after) needed to choose one occurrence
_WORD = re.compile(r"\w+")
_SEPARATOR = "\n\x00\n"  # between sections in the joined text: no quote spans it


@dataclass(slots=True)
class Placement:
    """Where one old comment goes: ``section`` None when unplaced; ``start``/``end`` the quote's span in
    the new section's text when it was found there word for word."""

    comment_id: str
    old_section: str
    section: str | None
    state: str
    score: float
    start: int | None = None
    end: int | None = None


_FOLDED: dict[int, str] = {}


def _fold(text: str) -> str:
    """:func:`reviewer.textnorm.fold`, a character at a time through a table (many times faster on a
    whole draft; the same result, as each character folds on its own)."""
    missing = set(text).difference(map(chr, _FOLDED))
    for ch in missing:
        _FOLDED[ord(ch)] = fold(ch)
    return text.translate(_FOLDED)


def _words(text: str) -> list[str]:
    return _WORD.findall(_fold(text))


@lru_cache(maxsize=64)
def _flat(text: str) -> str:
    # The same section's text is asked for again and again (a string's hash is kept: a cheap key).
    return " ".join(text.split())


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` (white space aside) occurs in ``text``; a plain search when the text has no run of
    white space to fold (most sections), a pattern otherwise."""
    flat = _flat(text)
    if len(flat) != len(text):
        return [m.span() for m in passage_pattern(quote).finditer(text)]
    quote = " ".join(quote.split())
    spans, at = [], flat.find(quote)
    while at >= 0:
        spans.append((at, at + len(quote)))
        at = flat.find(quote, at + len(quote))
    return spans


def _bigrams(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False)) if len(words) > 1 else {(w, "") for w in words}


def match_sections(old: list[dict], new: list[dict]) -> dict[str, tuple[str, float]]:
    """Old section id -> (new section id, score 0..1). Each new section takes at most one old one."""
    new_ids = {s["id"] for s in new}
    out = {s["id"]: (s["id"], 1.0) for s in old if s["id"] in new_ids}
    rest_old = [s for s in old if s["id"] not in out]
    taken = set(out)
    rest_new = [s for s in new if s["id"] not in taken]
    if not rest_old or not rest_new:
        return out
    old_pos = {s["id"]: i / max(1, len(old)) for i, s in enumerate(old)}
    new_pos = {s["id"]: i / max(1, len(new)) for i, s in enumerate(new)}
    feats = {id(s): (_words(s["title"]), _bigrams(_words(s["text"])) if s["text"].strip() else set())
             for s in [*rest_old, *rest_new]}
    holders: dict[tuple[str, str], list[int]] = {}  # word pair -> the remaining new sections holding it
    for j, n in enumerate(rest_new):
        for pair in feats[id(n)][1]:
            holders.setdefault(pair, []).append(j)
    scored = []
    for o in rest_old:
        o_title, o_body = feats[id(o)]
        # Sections sharing a rarer pair of words are the candidates for a like body; their likeness is
        # then counted in full. Common pairs ("phát triển") would make this quadratic in the draft.
        rare: Counter[int] = Counter()
        for pair in o_body:
            js = holders.get(pair)
            if js and len(js) <= RARE_PAIR:
                rare.update(js)
        like = {j for j, _n in rare.most_common(BODY_CANDIDATES)}
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(o_title)  # the old title's index, built once
        for j, n in enumerate(rest_new):
            n_title, n_body = feats[id(n)]
            body = None
            if o_body or n_body:
                body = len(o_body & n_body) / len(o_body | n_body) if j in like else 0.0
            matcher.set_seq1(n_title)
            rest = 0.15 if body is None else 0.55 * body + 0.15  # the most the parts other than the title add
            weight = 0.85 if body is None else 0.35
            if weight * matcher.real_quick_ratio() + rest < SECTION_MIN or (
                    weight * matcher.quick_ratio() + rest < SECTION_MIN):
                continue  # cannot reach SECTION_MIN
            title = matcher.ratio()
            parent_ok = 1.0 if o["parent"] and out.get(o["parent"], (None,))[0] == n["parent"] else 0.0
            if not o["parent"] and not n["parent"]:
                parent_ok = 1.0
            score = (0.85 * title if body is None else 0.35 * title + 0.55 * body) + 0.1 * parent_ok
            if o["number"] and " ".join(o["number"].split()) == " ".join(n["number"].split()):
                score += 0.05
            score = min(1.0, score) - 0.01 * abs(old_pos[o["id"]] - new_pos[n["id"]])  # ties: nearest in order
            if score >= SECTION_MIN:
                scored.append((score, o["id"], n["id"]))
    used_new = set()
    for score, o_id, n_id in sorted(scored, reverse=True):
        if o_id in out or n_id in used_new:
            continue
        out[o_id] = (n_id, round(max(0.0, score), 3))
        used_new.add(n_id)
    return out


class _Text:
    """A version's sections, joined once so a quote is looked for in every section at once."""

    def __init__(self, new: list[dict]):
        self.sections = new
        self.by_id = {s["id"]: s for s in new}
        self.flats, self.starts = {}, []
        offset = 0
        for s in new:
            flat = self.flats[s["id"]] = " ".join(s["text"].split())
            self.starts.append(offset)
            offset += len(flat) + len(_SEPARATOR)
        self.flat = _SEPARATOR.join(self.flats.values())
        self._words: dict[str, list[str]] = {}
        self._pairs: dict[str, dict[tuple[str, str], list[int]]] = {}
        self._holding: dict[tuple[str, str], list[int]] | None = None

    def count(self, section_id: str, quote: str) -> int:
        """How many times the section's text holds ``quote`` (white space aside; the quote flattened)."""
        flat = self.flats.get(section_id, "")
        return flat.count(quote) if quote in flat else 0

    def sections_holding(self, quote: str) -> list[str]:
        """Ids of the sections whose text holds ``quote`` (white space aside), once per occurrence (50 at most)."""
        flat_quote = " ".join(quote.split())
        found, at = [], self.flat.find(flat_quote)
        while at >= 0 and len(found) < 50:
            found.append(self.sections[bisect.bisect_right(self.starts, at) - 1]["id"])
            at = self.flat.find(flat_quote, at + 1)
        return found

    def words(self, section_id: str) -> list[str]:
        """The section's words, accents and case aside."""
        if section_id not in self._words:
            self._words[section_id] = _words(self.by_id[section_id]["text"])
        return self._words[section_id]

    def sections_with(self, pair: tuple[str, str]) -> list[int]:
        """The positions (in ``sections``) of the sections holding this pair of words."""
        if self._holding is None:
            self._holding = {}
            for i, s in enumerate(self.sections):
                words = self.words(s["id"])
                for key in set(zip(words, words[1:], strict=False)):
                    self._holding.setdefault(key, []).append(i)
        return self._holding.get(pair, [])

    def pairs(self, section_id: str) -> dict[tuple[str, str], list[int]]:
        """Where each pair of consecutive words of the section starts."""
        if section_id not in self._pairs:
            words, index = self.words(section_id), {}
            for i, pair in enumerate(zip(words, words[1:], strict=False)):
                index.setdefault(pair, []).append(i)
            self._pairs[section_id] = index
        return self._pairs[section_id]


def _context(old_text: str, quote: str, start: int | None, end: int | None) -> tuple[str, str]:
    if start is None or end is None or old_text[start:end].split() != quote.split():
        spans = _spans(old_text, quote)
        if not spans:
            return "", ""
        start, end = spans[0]
    return " ".join(old_text[max(0, start - CONTEXT_CHARS):start].split()), " ".join(
        old_text[end:end + CONTEXT_CHARS].split())


def _agreement(text: str, span: tuple[int, int], before: str, after: str) -> tuple[int, bool]:
    """How many characters around an occurrence agree with the old surroundings, and whether both sides
    agree (at least ``CONTEXT_SIDE`` characters each, or all there is at the edge of the section)."""
    seen_before = " ".join(text[max(0, span[0] - CONTEXT_CHARS - 20):span[0]].split())
    seen_after = " ".join(text[span[1]:span[1] + CONTEXT_CHARS + 20].split())
    common = 0
    while common < min(len(seen_before), len(before)) and seen_before[-1 - common] == before[-1 - common]:
        common += 1
    ahead = 0
    while ahead < min(len(seen_after), len(after)) and seen_after[ahead] == after[ahead]:
        ahead += 1
    sides = common >= min(CONTEXT_SIDE, len(before)) and ahead >= min(CONTEXT_SIDE, len(after))
    return common + ahead, sides


def _pick_occurrence(text: str, quote: str, before: str, after: str) -> tuple[tuple[int, int], bool]:
    """The occurrence of a repeated quote whose surroundings agree best with the old text's, and
    whether that choice is clear (enough agreement on both sides, strictly more than any other)."""
    ranked = sorted(((*_agreement(text, s, before, after), s) for s in _spans(text, quote)), key=lambda x: -x[0])
    (best, sides, span), runner_up = ranked[0], ranked[1][0] if len(ranked) > 1 else -1
    return span, sides and best >= CONTEXT_MIN and best > runner_up


def _fuzzy(quote_words: list[str], words: list[str], pairs: dict[tuple[str, str], list[int]]) -> float:
    """The best word-level similarity of the quote to a run of words of the section (0..1).

    Runs are tried where the quote's word pairs line up in the section (the starts most pairs vote for),
    each with the quote's length and a fifth more or less: an edited passage keeps most of its pairs."""
    k = len(quote_words)
    if not k or not words:
        return 0.0
    if k == 1:
        return 1.0 if quote_words[0] in words else 0.0
    votes: Counter[int] = Counter()
    for i, pair in enumerate(zip(quote_words, quote_words[1:], strict=False)):
        for at in pairs.get(pair, ()):
            votes[max(0, at - i)] += 1
    best = 0.0
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(quote_words)
    spread = max(1, k // 5)
    for start, n in votes.most_common(FUZZY_STARTS):
        if 2 * (n + 1) / (2 * k) <= best:
            break  # fewer agreeing pairs than the best run's score allows
        for begin in {start, max(0, start - spread)}:
            for length in {k, k + spread, max(1, k - spread)}:
                matcher.set_seq1(words[begin:begin + length])
                if matcher.quick_ratio() > best:
                    best = max(best, matcher.ratio())
    return best


def place_comments(old: list[dict], new: list[dict], comments: list[dict],
                   sections: dict[str, tuple[str, float]] | None = None) -> list[Placement]:
    """Place each comment (dicts with ``id``, ``section``, ``quote``, ``quote_start``, ``quote_end``)
    of the old version in the new one. ``sections``: the result of :func:`match_sections` when known."""
    if sections is None:
        sections = match_sections(old, new)
    before, text = _Text(old), _Text(new)
    out = []
    for c in comments:
        old_section = c["section"]
        target, section_score = sections.get(old_section, (None, 0.0))
        quote = " ".join((c.get("quote") or "").split())
        if not quote:
            if target is None:
                out.append(Placement(c["id"], old_section, None, UNPLACED, 0.0))
            else:
                state = CARRIED if section_score >= SECTION_CARRY else REVIEW
                out.append(Placement(c["id"], old_section, target, state, section_score))
            continue
        placed = _place_quote(c, quote, target, before, text)
        if placed.state == CARRIED and not before.count(old_section, quote):
            placed.state = REVIEW  # the quote was not in its own section (imported so): no evidence to trust
        out.append(placed)
    return out


def _place_quote(c: dict, quote: str, target: str | None, before: _Text, text: _Text) -> Placement:
    old_section = c["section"]
    old_text = before.by_id[old_section]["text"] if old_section in before.by_id else ""
    start, end = c.get("quote_start"), c.get("quote_end")
    if (target is not None and start is not None and end is not None and old_text == text.by_id[target]["text"]
            and old_text[start:end].split() == quote.split()):
        return Placement(c["id"], old_section, target, CARRIED, 1.0, start, end)  # the section did not change
    here = text.count(target, quote) if target is not None else 0
    if here:
        body = text.by_id[target]["text"]
        if here == 1 and before.count(old_section, quote) <= 1:
            start, end = _spans(body, quote)[0]
            return Placement(c["id"], old_section, target, CARRIED, 1.0, start, end)
        # Repeated, now or before (one of the copies may be the one deleted): its surroundings decide.
        context = _context(old_text, quote, start, end)
        span, clear = _pick_occurrence(body, quote, *context)
        return Placement(c["id"], old_section, target, CARRIED if clear else REVIEW, 0.95 if clear else 0.7, *span)
    was = before.sections_holding(quote)
    holders = text.sections_holding(quote)
    if len(set(holders)) == 1:
        where = holders[0]
        body = text.by_id[where]["text"]
        span, _clear = _pick_occurrence(body, quote, *_context(old_text, quote, start, end))
        # A moved passage: once in the new text, and it was once in the old one (a passage that stood in
        # two places may have lost the one commented on).
        clear = len(holders) == 1 and len(was) <= 1 and len(quote) >= MOVED_MIN_CHARS
        return Placement(c["id"], old_section, where, CARRIED if clear else REVIEW, 0.9 if clear else 0.6, *span)
    if holders:  # word for word in several other sections: the secretariat chooses
        return Placement(c["id"], old_section, target or holders[0], REVIEW, 0.5)
    quote_words = _words(quote)
    if target is not None:
        here = _fuzzy(quote_words, text.words(target), text.pairs(target))
        if here >= FUZZY_CARRY and len(quote_words) >= FUZZY_MIN_WORDS:
            return Placement(c["id"], old_section, target, CARRIED, round(here, 3))
        return Placement(c["id"], old_section, target, REVIEW, round(here, 3))
    where, score = _best_elsewhere(quote_words, text, exclude=None)
    if where is not None and score >= FUZZY_REVIEW:
        return Placement(c["id"], old_section, where, REVIEW, round(score, 3))
    return Placement(c["id"], old_section, None, UNPLACED, round(score, 3))


def _best_elsewhere(quote_words: list[str], text: _Text, *, exclude: str | None) -> tuple[str | None, float]:
    """The section (other than ``exclude``) holding the best fuzzy match, and its score."""
    wanted = _bigrams(quote_words)
    if not wanted:
        return None, 0.0
    # A run of words similar to the quote shares a good part of its word pairs: only the few sections
    # sharing the most are searched.
    shared = Counter(i for pair in wanted for i in text.sections_with(pair))
    best: tuple[str | None, float] = (None, 0.0)
    for i, n in shared.most_common(FUZZY_CANDIDATES + 1):
        section_id = text.sections[i]["id"]
        if section_id == exclude:
            continue
        if n / len(wanted) < PAIRS_MIN:
            break
        score = _fuzzy(quote_words, text.words(section_id), text.pairs(section_id))
        if score > best[1]:
            best = (section_id, score)
    return best
