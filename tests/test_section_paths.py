"""Sections named out of context carry their parents' numbers: "II.1.a) Trồng trọt"."""
from __future__ import annotations

from reviewer.docx import read_document
from reviewer.model import full_headings, full_numbers
from reviewer.paths import sample_draft


def test_numbers_are_joined_from_the_outermost_parent():
    numbers = full_numbers([("p", None, "PHẦN THỨ NHẤT"), ("ii", "p", "II."), ("one", "ii", "1."),
                            ("a", "one", "a)"), ("three", "ii", "3."), ("three1", "three", "3.1."),
                            ("b", "three1", "b)"), ("plain", "three1", ""), ("bare", "three1", "2")])
    assert numbers == {"p": "PHẦN THỨ NHẤT", "ii": "PHẦN THỨ NHẤT › II.", "one": "PHẦN THỨ NHẤT › II.1.",
                       "a": "PHẦN THỨ NHẤT › II.1.a)", "three": "PHẦN THỨ NHẤT › II.3.",
                       "three1": "PHẦN THỨ NHẤT › II.3.1.", "b": "PHẦN THỨ NHẤT › II.3.1.b)", "plain": "",
                       "bare": "PHẦN THỨ NHẤT › II.3.1.2"}
    assert full_numbers([("c", None, "Chương II"), ("m", "c", "Mục 1"), ("d", "m", "Điều 5."),
                         ("k", "d", "1.")])["k"] == "Chương II › Mục 1 › Điều 5. › 1."


def test_the_sample_draft_sections_are_named_in_full():
    doc = read_document(sample_draft())
    headings = full_headings(doc.sections)
    named = {s.heading: headings[s.id] for s in doc.sections if s.heading}
    assert named["a) Trồng trọt"] == "PHẦN THỨ NHẤT › I.3.1.a) Trồng trọt"
    assert named["1. Mục tiêu tổng quát"] == "PHẦN THỨ HAI › II.1. Mục tiêu tổng quát"
    assert named["PHẦN THỨ HAI PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025"] == "PHẦN THỨ HAI PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025"
    assert headings["preamble"] == ""
    # Every section is named once: "1." under each Roman numeral, "a)" under several numbers, no longer clash.
    assert len(set(headings.values())) == len(headings)
