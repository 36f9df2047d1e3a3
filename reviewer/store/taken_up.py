"""Taken up?: whether the wording a comment proposed now stands in the revised section (pure, no database).

The wording is what the proposal quotes ("Sửa thành: “…”" gives the words between the quotation
marks), else the proposal without a short instruction before a colon ("Đề nghị sửa thành: …"). It
is compared word by word, accents and case aside (:func:`reviewer.textnorm.fold`), with the runs of
words of the new section that share most of its word pairs (difflib's ratio). The proposal counts as
taken up when the new section holds it at least ``TAKEN_UP`` alike and more alike than the old
section did (by ``GAIN``, one word's worth of a 100-word wording): a proposal that changes one figure
of a sentence the new version kept as it was is as alike to the new text as to the old one, and was
not taken up. Wording of fewer than
``MIN_WORDS`` words must be there exactly and be new. It is only a hint for the secretariat: nothing
here sets a status.

Measured (``python -m tests.benchmarks.taken_up_bench``) on real text: 104 proposal sentences of 10 to
40 words (the sample comments' proposed wording, sentences of the sample draft, sentences of the
corpus pair's final version that its draft does not have, sentences of an unrelated plan of the same
province), each put into a real section of the bundled sample draft or of the corpus pair's draft:

==============================================  ===================  ==============================
the new section holds the wording               score min / median   share scoring 0.7/0.75/0.8/0.85
==============================================  ===================  ==============================
verbatim                                        1.00 / 1.00          100 / 100 / 100 / 100 %
without accents, in capitals                    1.00 / 1.00          100 / 100 / 100 / 100 %
reworded (a word in ten changed, one dropped)   0.71 / 0.86          100 / 99 / 94 / 62 %
reworded more (a third of the words)            0.00 / 0.66          16 / 4.8 / 1.0 / 0 %
not at all (1,034 section-proposal pairs)       95th pct 0.31        0.1 / 0.1 / 0.1 / 0.1 %
==============================================  ===================  ==============================

Hence ``TAKEN_UP`` 0.75: every lightly reworded insertion but one in a hundred, few of the heavily
reworded. The one "not at all" pair above it (0.94) is a sentence the sample draft repeats almost word
for word in another section; the old section held it as much, so it is not taken up (``GAIN``). A
proposal changing one word in twenty of a sentence the section keeps unchanged: 162 cases, gain 0.00,
none taken up. The corpus pair's own new sentences (its final version against its draft, section by
section): 14 of 16 taken up; the two others differ from the draft's sentences only in punctuation.
"""
from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from reviewer.textnorm import fold

TAKEN_UP = 0.75  # a run of the new section at least this alike to the proposed wording holds it
GAIN = 0.01      # ... and strictly more alike than the old section was (else nothing changed there)
MIN_WORDS = 3    # shorter wording: found word for word, and not already in the old section
STARTS = 12      # places in a section tried: where most of the wording's word pairs line up
_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"[“\"«]([^”\"»]{8,})[”\"»]")
_INSTRUCTION_WORDS = 6  # "Đề nghị sửa lại như sau:" and the like, before a colon


def wording(proposal: str) -> str:
    """The words a proposal puts forward: its quoted passages, else the text after a short instruction."""
    quoted = _QUOTED.findall(proposal)
    if quoted:
        return " ".join(quoted)
    head, colon, rest = proposal.partition(":")
    if colon and rest.strip() and len(head.split()) <= _INSTRUCTION_WORDS:
        return rest
    return proposal


def words(text: str) -> list[str]:
    """The words of ``text``, accents and case aside ("Đảng" -> "dang"); punctuation dropped."""
    return _WORD.findall(fold(text))


def similarity(wanted: list[str], text: list[str]) -> float:
    """How alike (0..1) the closest run of words of ``text`` is to ``wanted`` (difflib's ratio)."""
    k = len(wanted)
    if not k or not text:
        return 0.0
    if k == 1:
        return 1.0 if wanted[0] in text else 0.0
    where: dict[tuple[str, str], list[int]] = {}
    for i, pair in enumerate(zip(text, text[1:], strict=False)):
        where.setdefault(pair, []).append(i)
    votes: Counter[int] = Counter()
    for i, pair in enumerate(zip(wanted, wanted[1:], strict=False)):
        for at in where.get(pair, ()):
            votes[max(0, at - i)] += 1
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(wanted)
    spread, best = max(1, k // 5), 0.0
    for start, _n in votes.most_common(STARTS):
        for begin in {start, max(0, start - spread)}:
            for length in {k, k + spread, max(1, k - spread)}:
                matcher.set_seq1(text[begin:begin + length])
                if matcher.quick_ratio() > best:
                    best = max(best, matcher.ratio())
    return best


def score(proposal: str, new_text: str, old_text: str = "") -> tuple[float, float] | None:
    """How alike the proposed wording is to the new section and to the old one; None without wording."""
    wanted = words(wording(proposal))
    if not wanted:
        return None
    return similarity(wanted, words(new_text)), similarity(wanted, words(old_text)) if old_text else 0.0


def taken_up(proposal: str, new_text: str, old_text: str = "") -> bool | None:
    """Whether the section's new text now holds the proposed wording; None when nothing is proposed."""
    if not proposal or not proposal.strip():
        return None
    scores = score(proposal, new_text, old_text)
    if scores is None:
        return None
    new, old = scores
    if len(words(wording(proposal))) < MIN_WORDS:
        return new == 1.0 and old < 1.0
    return new >= TAKEN_UP and new - old >= GAIN
