"""The word-level difference between two versions of a section, on Vietnamese text of the sample draft."""
from __future__ import annotations

import unicodedata

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store.word_diff import DELETED, INSERTED, SAME, changed_words, counts, tokens, word_diff

GROWTH = next(s.text for s in read_document(sample_draft()).sections if s.title.startswith("Tăng trưởng kinh tế"))


def test_words_keep_their_accents_numbers_their_marks_and_punctuation_stands_alone():
    decomposed = unicodedata.normalize("NFD", "Đảng bộ tỉnh, năm 2024 đạt 7,2%.")
    assert [t.rstrip() for t in tokens(decomposed)] == ["Đảng", "bộ", "tỉnh", ",", "năm", "2024", "đạt", "7,2", "%",
                                                        "."]


def test_the_diff_marks_exactly_the_changed_vietnamese_words():
    new = (GROWTH.replace("ước đạt 7,2%", "đạt 7,4%", 1)
           .replace("vượt kế hoạch đề ra", "vượt kế hoạch Tỉnh ủy đề ra", 1))
    pieces = word_diff(GROWTH, new)
    assert changed_words(pieces, DELETED) == ["ước", "7,2"]
    assert changed_words(pieces, INSERTED) == ["7,4", "Tỉnh", "ủy"]
    assert counts(pieces) == (3, 2)
    # Reading the unchanged and inserted pieces gives the new text, the unchanged and deleted the old one's words.
    assert "".join(p.text for p in pieces if p.kind != DELETED) == new.strip()
    old_words = [t.rstrip() for t in tokens("".join(p.text for p in pieces if p.kind != INSERTED))]
    assert old_words == [t.rstrip() for t in tokens(GROWTH)]


def test_the_same_text_in_another_unicode_form_or_rewrapped_is_unchanged():
    nfd = unicodedata.normalize("NFD", GROWTH).replace(". ", ".\n   ")
    pieces = word_diff(GROWTH, nfd)
    assert [p.kind for p in pieces] == [SAME]
    assert counts(pieces) == (0, 0)


def test_a_changed_tone_mark_is_a_changed_word():
    pieces = word_diff("Chỉ tiêu tăng trưởng", "Chỉ tiêu tăng trường")
    assert changed_words(pieces, DELETED) == ["trưởng"] and changed_words(pieces, INSERTED) == ["trường"]


def test_a_section_added_or_emptied_is_all_inserted_or_all_deleted():
    assert [p.kind for p in word_diff("", "Nội dung mới.")] == [INSERTED]
    assert [p.kind for p in word_diff("Nội dung cũ.", "")] == [DELETED]
    assert word_diff("", "") == []
