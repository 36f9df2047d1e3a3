"""Word automatic numbering (reviewer.docx.numbering).

Unit tests use small hand-written numbering.xml snippets; every expected label was written by hand from
ECMA-376 Part 1 §17.9 (lvlText, start, lvlRestart, isLgl, lvlOverride, numStyleLink) or from a
documented Word behaviour cited next to the test. Corpus tests replay real documents and compare with
what the documents' authors typed as text, or what other projects' test suites expect.
"""
from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reviewer.docx.numbering import (
    ListLabel,
    Numbering,
    W,
    format_number,
    paragraph_num,
    to_decimal_zero,
    to_letters,
    to_roman,
)

Q = f"{{{W}}}"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def numbering_xml(body: str):
    return etree.fromstring(f'<w:numbering xmlns:w="{W}" xmlns:mc="{MC}">{body}</w:numbering>')


def styles_xml(body: str):
    return etree.fromstring(f'<w:styles xmlns:w="{W}">{body}</w:styles>')


def lvl(ilvl: int, fmt: str | None, text: str | None, start: int | None = 1, extra: str = "") -> str:
    parts = [f'<w:lvl w:ilvl="{ilvl}">']
    if start is not None:
        parts.append(f'<w:start w:val="{start}"/>')
    if fmt is not None:
        parts.append(f'<w:numFmt w:val="{fmt}"/>')
    if text is not None:
        parts.append(f'<w:lvlText w:val="{text}"/>')
    parts.append(extra + "</w:lvl>")
    return "".join(parts)


def abstract(aid: str, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{extra}{"".join(levels)}</w:abstractNum>'


def num(nid: str, aid: str, extra: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{extra}</w:num>'


def start_override(ilvl: int, value: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'


def seq(num_id: str, *levels: int) -> list[tuple[str, int]]:
    return [(num_id, ilvl) for ilvl in levels]


def labels(numbering: Numbering, calls) -> list[str | None]:
    out = []
    for num_id, ilvl in calls:
        label = numbering.next_label(num_id, ilvl)
        out.append(None if label is None else label.text)
    return out


OUTLINE = abstract("0", lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2."), lvl(2, "lowerLetter", "%3)"))


# ----------------------------------------------------------------------------- number formats

@pytest.mark.parametrize(("n", "expected"), [
    (1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (9, "IX"), (14, "XIV"), (19, "XIX"),
    (40, "XL"), (49, "XLIX"), (90, "XC"), (400, "CD"), (944, "CMXLIV"), (1994, "MCMXCIV"),
    (2024, "MMXXIV"), (3999, "MMMCMXCIX"),
])
def test_to_roman(n, expected):
    assert to_roman(n) == expected
    assert to_roman(n, upper=False) == expected.lower()


def test_to_roman_out_of_range_gives_digits():
    assert to_roman(0) == "0"
    assert to_roman(-3) == "-3"
    assert to_roman(10**9) == str(10**9)


@pytest.mark.parametrize(("n", "expected"), [
    (1, "a"), (2, "b"), (26, "z"), (27, "aa"), (28, "bb"), (52, "zz"), (53, "aaa"), (79, "aaaa"),
])
def test_to_letters_repeats_the_letter_like_word(n, expected):
    assert to_letters(n, upper=False) == expected
    assert to_letters(n, upper=True) == expected.upper()


def test_to_letters_out_of_range_gives_digits():
    assert to_letters(0, False) == "0"
    assert to_letters(10**9, True) == str(10**9)


def test_decimal_zero():
    assert [to_decimal_zero(n) for n in (0, 1, 9, 10, 123)] == ["00", "01", "09", "10", "123"]


@pytest.mark.parametrize(("fmt", "n", "expected"), [
    ("decimal", 12, "12"), ("decimalZero", 7, "07"), ("upperRoman", 12, "XII"), ("lowerRoman", 12, "xii"),
    ("upperLetter", 3, "C"), ("lowerLetter", 29, "cc"), ("bullet", 3, ""), ("none", 3, ""),
    # documented fallback: formats spelled in the paragraph's language give decimal digits
    ("ordinal", 3, "3"), ("cardinalText", 3, "3"), ("ordinalText", 3, "3"), ("chineseCounting", 3, "3"),
])
def test_format_number(fmt, n, expected):
    assert format_number(n, fmt) == expected


# ----------------------------------------------------------------------------- lvlText templates

@pytest.mark.parametrize(("fmt", "text", "expected"), [
    ("decimal", "%1.", ["1.", "2.", "3."]),
    ("decimal", "%1)", ["1)", "2)", "3)"]),
    ("decimal", "(%1)", ["(1)", "(2)", "(3)"]),
    ("decimal", "Điều %1.", ["Điều 1.", "Điều 2.", "Điều 3."]),
    ("upperRoman", "Chương %1", ["Chương I", "Chương II", "Chương III"]),
    ("upperRoman", "%1.", ["I.", "II.", "III."]),
    ("lowerLetter", "%1)", ["a)", "b)", "c)"]),
    ("upperLetter", "%1.", ["A.", "B.", "C."]),
    ("decimalZero", "%1.", ["01.", "02.", "03."]),
    ("none", "", ["", "", ""]),
    ("none", "Phụ lục", ["Phụ lục", "Phụ lục", "Phụ lục"]),
    ("bullet", "-", ["-", "-", "-"]),
    ("bullet", "\uf0b7", ["\uf0b7"] * 3),
])
def test_single_level_templates(fmt, text, expected):
    n = Numbering.from_xml(numbering_xml(abstract("0", lvl(0, fmt, text)) + num("1", "0")))
    got = [n.next_label("1", 0) for _ in range(3)]
    assert [g.text for g in got] == expected
    assert got[0] == ListLabel(expected[0], fmt, 0, "1", "0")


def test_start_value():
    body = abstract("0", lvl(0, "lowerLetter", "%1)", start=5)) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 0)] * 3) == ["e)", "f)", "g)"]


def test_outline_levels_restart_when_a_higher_level_is_used():
    n = Numbering.from_xml(numbering_xml(OUTLINE + num("1", "0")))
    calls = seq("1", 0, 1, 1, 2, 2, 1, 2, 0, 1, 2)
    assert labels(n, calls) == ["1.", "1.1.", "1.2.", "a)", "b)", "1.3.", "a)", "2.", "2.1.", "a)"]


def test_vietnamese_report_outline():
    body = abstract(
        "0", lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."), lvl(2, "decimal", "%2.%3."),
        lvl(3, "lowerLetter", "%4)"),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    calls = seq("1", 0, 1, 2, 2, 3, 3, 1, 3, 0, 1)
    assert labels(n, calls) == ["I.", "1.", "1.1.", "1.2.", "a)", "b)", "2.", "a)", "II.", "1."]


def test_articles_numbered_through_chapters_with_lvl_restart_0():
    # Vietnamese laws: "Chương I ... Điều 1, Điều 2, Chương II ... Điều 3": lvlRestart 0 = never restart.
    body = abstract(
        "0", lvl(0, "upperRoman", "Chương %1"),
        lvl(1, "decimal", "Điều %2.", extra='<w:lvlRestart w:val="0"/>'),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, seq("1", 0, 1, 1, 0, 1, 0, 1)) == [
        "Chương I", "Điều 1.", "Điều 2.", "Chương II", "Điều 3.", "Chương III", "Điều 4."]


def test_lvl_restart_names_the_one_based_level_after_which_to_restart():
    # Level 3 (ilvl 2) with lvlRestart 1 restarts after level 1 (ilvl 0) only, not after ilvl 1 (§17.9.10).
    body = abstract(
        "0", lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2."),
        lvl(2, "lowerRoman", "(%3)", extra='<w:lvlRestart w:val="1"/>'),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    calls = [("1", 0), ("1", 1), ("1", 2), ("1", 2), ("1", 1), ("1", 2), ("1", 0), ("1", 1), ("1", 2)]
    assert labels(n, calls) == ["1.", "1.1.", "(i)", "(ii)", "1.2.", "(iii)", "2.", "2.1.", "(i)"]


def test_lvl_restart_2_on_level_3_behaves_like_the_default():
    body = abstract(
        "0", lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2."),
        lvl(2, "lowerLetter", "%3)", extra='<w:lvlRestart w:val="2"/>'),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    calls = [("1", 0), ("1", 1), ("1", 2), ("1", 2), ("1", 1), ("1", 2), ("1", 0), ("1", 2)]
    assert labels(n, calls) == ["1.", "1.1.", "a)", "b)", "1.2.", "a)", "2.", "a)"]


def test_lvl_restart_naming_a_deeper_level_is_ignored():
    # "If the specified level is higher than the current level, then this element shall be ignored."
    body = abstract(
        "0", lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2.", extra='<w:lvlRestart w:val="5"/>'),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, seq("1", 0, 1, 1, 0, 1)) == ["1.", "1.1.", "1.2.", "2.", "2.1."]


def test_deeper_levels_never_reset_higher_ones():
    n = Numbering.from_xml(numbering_xml(OUTLINE + num("1", "0")))
    assert labels(n, [("1", 0), ("1", 2), ("1", 0)]) == ["1.", "a)", "2."]


def test_unused_higher_level_shows_its_start_and_is_consumed():
    # Microsoft KB Q110380: a Heading 2 before the first Heading 1 is numbered with level 1's start,
    # and the first Heading 1 is then numbered "2".
    body = abstract("0", lvl(0, "decimal", "%1", start=3), lvl(1, "decimal", "%1.%2")) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 1), ("1", 1), ("1", 0), ("1", 1)]) == ["3.1", "3.2", "4", "4.1"]


def test_skipped_level_shows_its_start_value():
    body = abstract(
        "0", lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2.", start=1), lvl(2, "decimal", "%1.%2.%3."),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, seq("1", 0, 2, 1, 0, 2)) == ["1.", "1.1.1.", "1.2.", "2.", "2.1.1."]


def test_deeper_level_referenced_in_text_shows_start_without_consuming_it():
    body = abstract("0", lvl(0, "decimal", "%1-%2"), lvl(1, "lowerLetter", "%2)", start=2)) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 0), ("1", 1)]) == ["1-b", "b)"]


def test_placeholder_of_bullet_or_none_level_is_empty():
    body = abstract(
        "0", lvl(0, "decimal", "%1."), lvl(1, "bullet", "o"), lvl(2, "none", ""),
        lvl(3, "decimal", "%1.%2%3.%4."),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 0), ("1", 1), ("1", 3), ("1", 3)]) == ["1.", "o", "1..1.", "1..2."]


# ----------------------------------------------------------------------------- isLgl

def test_is_lgl_shows_every_referenced_level_in_arabic_digits():
    body = abstract(
        "0", lvl(0, "upperRoman", "Article %1."), lvl(1, "lowerLetter", "%1.%2", extra="<w:isLgl/>"),
        lvl(2, "lowerLetter", "%1.%2.%3"),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    calls = [("1", 0), ("1", 1), ("1", 1), ("1", 2), ("1", 0), ("1", 1)]
    assert labels(n, calls) == ["Article I.", "1.1", "1.2", "I.b.a", "Article II.", "2.1"]
    assert n.next_label("1", 1).fmt == "lowerLetter"


def test_is_lgl_keeps_decimal_zero():
    body = abstract(
        "0", lvl(0, "upperRoman", "Article %1."), lvl(1, "decimalZero", "Section %1.%2", extra="<w:isLgl/>"),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, seq("1", 0, 1, 0, 1)) == ["Article I.", "Section 1.01", "Article II.", "Section 2.01"]


def test_is_lgl_false_value_is_off():
    body = abstract(
        "0", lvl(0, "upperRoman", "%1."), lvl(1, "lowerLetter", "%1.%2", extra='<w:isLgl w:val="0"/>'),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 0), ("1", 1)]) == ["I.", "I.a"]


# ----------------------------------------------------------------------------- nums and overrides

def test_nums_of_one_abstract_share_the_counters():
    body = OUTLINE + num("1", "0") + num("2", "0") + num("3", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 0), ("2", 0), ("2", 1), ("3", 1), ("1", 0)]) == ["1.", "2.", "2.1.", "2.2.", "3."]
    label = n.next_label("3", 0)
    assert (label.text, label.num_id, label.abstract_id) == ("4.", "3", "0")


def test_different_abstracts_count_separately():
    body = OUTLINE + abstract("1", lvl(0, "upperLetter", "%1.")) + num("1", "0") + num("2", "1")
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 0), ("2", 0), ("1", 0), ("2", 0)]) == ["1.", "A.", "2.", "B."]


def test_start_override_restarts_at_first_use_of_that_num_only():
    body = OUTLINE + num("1", "0") + num("2", "0", start_override(0, 1))
    body += num("3", "0", start_override(0, 10))
    n = Numbering.from_xml(numbering_xml(body))
    calls = [("1", 0), ("1", 0), ("2", 0), ("2", 0), ("1", 0), ("2", 0), ("3", 0), ("3", 1), ("1", 0)]
    assert labels(n, calls) == ["1.", "2.", "1.", "2.", "3.", "4.", "10.", "10.1.", "11."]


def test_start_override_of_level_0_leaves_level_1_counting():
    # Word's output reported in dolanmiu/docx issue #2877: each num overrides only level 0's start;
    # the second run of level-1 items continues 4, 5, 6.
    one = abstract("0", lvl(0, "decimal", "%1."), lvl(1, "decimal", "%2."))
    body = one + "".join(num(str(i), "0", start_override(0, 1)) for i in (1, 2, 3, 4))
    n = Numbering.from_xml(numbering_xml(body))
    calls = [("1", 0)] * 3 + [("2", 0)] * 3 + [("3", 1)] * 3 + [("4", 1)] * 3
    assert labels(n, calls) == ["1.", "2.", "3.", "1.", "2.", "3.", "1.", "2.", "3.", "4.", "5.", "6."]


def test_start_override_on_a_deeper_level():
    body = OUTLINE + num("1", "0") + num("2", "0", start_override(1, 4))
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 0), ("1", 1), ("2", 1), ("2", 1), ("1", 0), ("2", 1)]) == [
        "1.", "1.1.", "1.4.", "1.5.", "2.", "2.4."]


def test_level_override_with_full_lvl_changes_the_look_but_keeps_counting():
    # apache/poi NumberingWOverrides.docx: an overridden upperLetter level continues the shared count.
    override = f'<w:lvlOverride w:ilvl="0">{lvl(0, "upperLetter", "%1)")}</w:lvlOverride>'
    body = OUTLINE + num("1", "0") + num("2", "0", override)
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 0), ("2", 0), ("2", 0), ("1", 0), ("2", 1)]) == ["1.", "B)", "C)", "4.", "D.1."]
    assert n.next_label("2", 0).fmt == "upperLetter"


def test_level_override_with_start_override_and_lvl():
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/>{lvl(0, "lowerRoman", "%1.")}'
                '</w:lvlOverride>')
    body = OUTLINE + num("1", "0") + num("2", "0", override)
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 0), ("2", 0), ("2", 0)]) == ["1.", "iii.", "iv."]


def test_partial_override_lvl_keeps_the_abstract_fields():
    override = ('<w:lvlOverride w:ilvl="1"><w:lvl w:ilvl="1"><w:numFmt w:val="upperLetter"/></w:lvl>'
                '</w:lvlOverride>')
    body = OUTLINE + num("1", "0", override)
    n = Numbering.from_xml(numbering_xml(body))
    assert labels(n, [("1", 0), ("1", 1)]) == ["1.", "1.A."]


def test_custom_number_format_reads_the_mc_fallback():
    fmt = ('<mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002"/>'
           '</mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>')
    body = abstract("0", lvl(0, None, "%1.", extra=fmt)) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    assert n.next_label("1", 0) == ListLabel("01.", "decimalZero", 0, "1", "0")


# ----------------------------------------------------------------------------- numStyleLink / styleLink

LIST_STYLE = styles_xml(
    '<w:style w:type="numbering" w:styleId="VnList"><w:name w:val="Vn List"/>'
    '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
)
LINKED = (
    abstract("3", extra='<w:numStyleLink w:val="VnList"/>')
    + abstract("5", lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."),
               extra='<w:styleLink w:val="VnList"/>')
    + num("7", "5") + num("8", "3") + num("9", "3", start_override(0, 1))
)


def test_num_style_link_resolved_through_styles():
    n = Numbering.from_xml(numbering_xml(LINKED), LIST_STYLE)
    calls = [("8", 0), ("8", 1), ("7", 0), ("8", 1), ("9", 0), ("9", 1)]
    assert labels(n, calls) == ["I.", "1.", "II.", "1.", "I.", "1."]
    assert n.next_label("8", 0) == ListLabel("II.", "upperRoman", 0, "8", "5")


def test_num_style_link_without_styles_uses_the_style_link_name():
    n = Numbering.from_xml(numbering_xml(LINKED))
    assert labels(n, [("8", 0), ("7", 0)]) == ["I.", "II."]


def test_unresolvable_or_cyclic_num_style_link_gives_none():
    body = (abstract("1", extra='<w:numStyleLink w:val="Missing"/>') + num("1", "1")
            + abstract("2", extra='<w:numStyleLink w:val="Loop"/>') + num("2", "2"))
    loop = styles_xml('<w:style w:type="numbering" w:styleId="Loop"><w:pPr><w:numPr><w:numId w:val="2"/>'
                      '</w:numPr></w:pPr></w:style>')
    n = Numbering.from_xml(numbering_xml(body), loop)
    assert n.next_label("1", 0) is None
    assert n.next_label("2", 0) is None


# ----------------------------------------------------------------------------- styles and paragraphs

HEADINGS = numbering_xml(
    abstract("0", lvl(0, "upperRoman", "%1.", extra='<w:pStyle w:val="Heading1"/>'),
             lvl(1, "decimal", "%2.", extra='<w:pStyle w:val="Heading2"/>'),
             lvl(2, "lowerLetter", "%3)", extra='<w:pStyle w:val="Muc3"/>'))
    + num("4", "0", start_override(0, 1)) + num("2", "0")
)
HEADING_STYLES = styles_xml(
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Muc3"><w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Plain"><w:basedOn w:val="Heading1"/>'
    '<w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>'
)


def para(ppr: str = "") -> etree._Element:
    return etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr>{ppr}</w:pPr><w:r><w:t>x</w:t></w:r></w:p>')


def style(sid: str) -> str:
    return f'<w:pStyle w:val="{sid}"/>'


def num_pr(num_id: str | None = None, ilvl: int | None = None) -> str:
    inner = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    inner += "" if num_id is None else f'<w:numId w:val="{num_id}"/>'
    return f"<w:numPr>{inner}</w:numPr>"


def test_level_style_and_style_for_level():
    n = Numbering.from_xml(HEADINGS, HEADING_STYLES)
    assert n.level_style("2", 0) == "Heading1"
    assert n.level_style("4", 1) == "Heading2"
    assert n.level_style("2", 5) is None
    assert n.level_style("99", 0) is None
    # a num without overrides is preferred, even with a higher id
    assert n.style_for_level("Heading1") == ("2", 0)
    assert n.style_for_level("Muc3") == ("2", 2)
    assert n.style_for_level("Normal") is None


@pytest.mark.parametrize(("ppr", "expected"), [
    ("", None),                                       # Normal: not numbered
    (num_pr("2", 1), ("2", 1)),                       # direct numbering
    (num_pr("2"), ("2", 0)),                          # ilvl omitted: level 0
    (style("Heading1"), ("2", 0)),                    # from the style
    (style("Heading2"), ("2", 1)),                    # numId from the basedOn parent, ilvl from the style
    (style("Heading2") + num_pr(ilvl=2), ("2", 2)),   # direct ilvl, style numId
    (style("Heading1") + num_pr("0"), None),          # numId 0 removes the style's numbering
    (style("Plain"), None),                           # ... also in a style
    (style("Unknown"), None),
])
def test_paragraph_num_plain_inheritance(ppr, expected):
    assert paragraph_num(para(ppr), HEADING_STYLES) == expected


def test_paragraph_num_without_styles():
    assert paragraph_num(para(num_pr("3", 4))) == ("3", 4)
    assert paragraph_num(para(style("Heading1"))) is None
    assert paragraph_num(etree.fromstring(f'<w:p xmlns:w="{W}"/>')) is None


def test_numbering_paragraph_num_knows_styles_linked_from_levels():
    n = Numbering.from_xml(HEADINGS, HEADING_STYLES)
    assert n.paragraph_num(para(style("Muc3"))) == ("2", 2)  # named by lvl/pStyle, no numPr in the style
    assert n.paragraph_num(para(style("Heading2"))) == ("2", 1)
    assert n.paragraph_num(para(num_pr("4", 1))) == ("4", 1)
    assert n.paragraph_num(para(num_pr("77", 1))) is None  # unknown num
    assert n.paragraph_num(para(style("Normal"))) is None


def test_style_numbering_without_ilvl_uses_the_level_linked_to_the_style():
    styles = styles_xml('<w:style w:type="paragraph" w:styleId="Muc3">'
                        '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>')
    n = Numbering.from_xml(HEADINGS, styles)
    assert n.paragraph_num(para(style("Muc3"))) == ("2", 2)


def test_default_paragraph_style_numbering_applies_to_paragraphs_without_pstyle():
    styles = styles_xml('<w:style w:type="paragraph" w:default="1" w:styleId="Body">'
                        '<w:pPr><w:numPr><w:numId w:val="2"/><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>')
    assert paragraph_num(para(), styles) == ("2", 1)


# ----------------------------------------------------------------------------- robustness

def test_unknown_num_level_or_zero_give_none():
    n = Numbering.from_xml(numbering_xml(OUTLINE + num("1", "0") + num("2", "missing")))
    assert n.next_label("0", 0) is None
    assert n.next_label("5", 0) is None
    assert n.next_label("2", 0) is None  # abstractNum missing
    assert n.next_label("1", 3) is None  # level not defined
    assert n.next_label("1", 9) is None
    assert n.next_label("1", -1) is None
    assert n.next_label("1", "x") is None
    assert n.next_label("1", 0).text == "1."  # the failed calls did not count


def test_no_numbering_part():
    n = Numbering.from_xml(None)
    assert n.next_label("1", 0) is None
    assert n.style_for_level("Heading1") is None
    assert n.level_style("1", 0) is None
    assert n.paragraph_num(para(num_pr("1", 0))) is None


def test_malformed_numbering_degrades_without_raising():
    body = (
        '<w:abstractNum><w:lvl w:ilvl="0"/></w:abstractNum>'          # no id
        '<w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="abc"/><w:numFmt/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start/><w:numFmt w:val="lowerLetter"/></w:lvl>'   # no lvlText
        '<w:lvl w:ilvl="x"><w:numFmt w:val="decimal"/></w:lvl>'
        '<w:lvl w:ilvl="12"><w:numFmt w:val="decimal"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1.%2.%3%"/>'
        '<w:lvlRestart w:val="zz"/><w:isLgl w:val="maybe"/></w:lvl>'
        '</w:abstractNum>'
        '<w:num w:numId="01"><w:abstractNumId w:val="1"/><w:lvlOverride/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="?"/></w:lvlOverride></w:num>'
        '<w:num><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"/><w:num w:numId="²"><w:abstractNumId w:val="²"/></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="2"><w:lvl w:ilvl="2"/>'
        '</w:lvlOverride></w:num>'
    )
    bad_styles = styles_xml("<w:style/><w:style w:styleId='a'><w:basedOn/></w:style>")
    n = Numbering.from_xml(numbering_xml(body), bad_styles)
    assert n.next_label("1", 0) == ListLabel("1.", "decimal", 0, "1", "1")  # "01" == "1"
    assert n.next_label("01", 1) == ListLabel("", "lowerLetter", 1, "1", "1")
    assert n.next_label("1", 2).text == "1.1.1%"  # isLgl="maybe" counts as on
    assert n.next_label("3", 0) is None
    assert n.next_label("²", 0) is None
    assert n.next_label("4", 2) is not None


def test_cyclic_based_on_chain_terminates():
    styles = styles_xml('<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>'
                        '<w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>')
    assert paragraph_num(para(style("A")), styles) is None


def test_accepts_element_trees():
    tree = etree.ElementTree(numbering_xml(OUTLINE + num("1", "0")))
    assert Numbering.from_xml(tree).next_label("1", 0).text == "1."


def test_speed_of_a_long_report():
    # 2,000 sections with sub-points: must stay far below a second.
    body = abstract(
        "0", lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."), lvl(2, "decimal", "%2.%3."),
        lvl(3, "lowerLetter", "%4)"),
    ) + num("1", "0")
    n = Numbering.from_xml(numbering_xml(body))
    calls = [("1", i % 4) for i in range(20_000)]
    started = time.perf_counter()
    for num_id, ilvl in calls:
        n.next_label(num_id, ilvl)
    assert time.perf_counter() - started < 1.0


# ----------------------------------------------------------------------------- real documents

CORPUS = Path(os.environ.get("REVIEWER_CORPUS", "/work/shared/corpus"))
MC_FALLBACK = f"{{{MC}}}Fallback"


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"corpus file {path} is missing (CI=true requires the shared corpus)")
        pytest.skip(f"shared corpus not available: {path} (set REVIEWER_CORPUS to its directory)")
    return path


def walk(name: str) -> list[tuple[str | None, str]]:
    """(label, text) of every body paragraph in document order, table cells included.

    Text-box content and the duplicate mc:Fallback copies are left out (separate stories).
    """
    with zipfile.ZipFile(corpus_file(name)) as z:
        names = set(z.namelist())

        def part(n):
            return etree.fromstring(z.read(n)) if n in names else None

        document, styles = part("word/document.xml"), part("word/styles.xml")
        numbering = part("word/numbering.xml")
    n = Numbering.from_xml(numbering, styles)
    out = []
    for p in document.find(Q + "body").iter(Q + "p"):
        if any(a.tag in (MC_FALLBACK, Q + "txbxContent") for a in p.iterancestors()):
            continue
        text = "".join(t.text or "" for t in p.iter(Q + "t"))
        found = n.paragraph_num(p)
        label = n.next_label(*found) if found else None
        out.append((None if label is None else label.text, text))
    return out


def numbered(name: str) -> list[tuple[str, str]]:
    return [(label, text) for label, text in walk(name) if label is not None]


def test_poi_complex_numbered_lists():
    # The paragraph texts say what Word shows ("Restarted @ 2", "Jump to new list at 10", ...).
    assert [label for label, _ in numbered("docx/poi__ComplexNumberedLists.docx")] == [
        "1.", "2.", "a.", "b.", "c.", "3.", "4.", "1.", "2.", "3.", "10.", "11.", "12.", "13."]


def test_poi_numbering_with_overrides():
    # Each paragraph's text is the number Word displays for it: num 22 shares abstractNum 9 with num 19
    # and overrides its level with upperLetter, so the count runs 1, B, C, ..., 4.
    got = numbered("docx/poi__NumberingWOverrides.docx")
    assert [text for _, text in got] == ["1", "B", "C", "A", "B", "4"]
    assert [label for label, _ in got] == ["1", "B", "C", "A", "B", "4"]


def test_docx2python_example_numbering():
    # docx2python's test_numbered_lists_with_custom_start_index ("II)", "C)", ... in its own bracket style);
    # the texts read "expect II" etc. Labels carry the document's own punctuation.
    got = numbered("docx/d2p__example_numbering.docx")
    assert [label for label, _ in got] == ["II.", "C.", "D.", "4.", "e.", "f.", "6)", "f)", "(viii)", "(ix)"]
    assert [label.strip("().") for label, _ in got] == [text.removeprefix("expect ") for _, text in got]


def test_pandoc_lists_level_override():
    # Six one-item lists whose startOverride values are 1..6 (pandoc renders them 1..6).
    got = numbered("docx/pandoc__lists_level_override.docx")
    assert [label for label, _ in got] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert got[3][1].startswith("XL Code Autoreview Bot")


def test_docx4j_article_section_is_lgl():
    # Heading styles numbered through styles.xml; each text starts with "[expect]<label>[/expect]".
    got = numbered("docx/docx4j__article-section-isLgl.docx")
    assert [label for label, _ in got] == [
        "Article I.", "Section 1.01", "(a)", "Article II.", "Section 2.01", "(a)"]
    for label, text in got:
        assert text.startswith(f"[expect]{label}[/expect]")


def test_docx4j_numbering_implicit_num_id():
    # Legal2L2/L3 styles give only ilvl; numId comes from Legal2L1 through basedOn (the document says so).
    got = numbered("docx/docx4j__NumberingImplicitNumId.docx")
    assert [label for label, _ in got] == ["Section 1.", "1.1", "(a)", "Section 2.", "2.1", "2.2"]
    assert got[0][1].startswith("GENERAL") and got[3][1].startswith("OTHER")


def test_pandoc_enumerated_headings():
    got = numbered("docx/pandoc__enumerated_headings.docx")
    assert got == [("1", "H1"), ("1.1", "H2"), ("1.1.1", "H3")]


def test_tika_numbered_list():
    # apache/tika OOXMLParserTest.testDOCXParagraphNumbering expectations ("<label> <text>").
    lines = [f"{label} {text}" for label, text in numbered("docx/tika__testWORD_numbered_list.docx")]
    for expected in ["1) This", "a) Is", "i) A multi", "ii) Level", "1. Within cell 1", "b. Cell b",
                     "iii) List", "2) foo", "ii) baz", "ii) foo", "II. bar", "6. six", "7. seven",
                     "a. seven a", "e. seven e", "2. A ii 2", "3. page break list 3",
                     "Some-1-CrazyFormat Greek numbering with crazy format - alpha", "1.1.1. 1.1.1",
                     "1.1. 1.2->1.1  //set the value"]:
        assert any(line.startswith(expected) for line in lines), expected
    # The author's notes: after "1.1.1" (level 2 straight after level 0) the next level-2 item of that list
    # was "1.2" (the skipped level was consumed as 1); in the restarted list the level-0 item after two
    # level-1 items is "2." and its child "2.1.".
    assert lines[-4:] == [
        "1.1. 1.2->1.1  //set the value to 1 and “start new list”", "1.2. 1.3 -> 1.2", "2. 2.", "2.1. 2.1"]


def test_pages_document_with_num_style_link():
    # Lists defined by numbering styles ("Numbered", "Lettered"): abstractNums with only w:numStyleLink.
    got = numbered("docx/d2p__created-in-pages-bulleted-lists.docx")
    assert got[:6] == [
        ("1.", "Why did the chicken cross the road?"), ("A.", "Just because"), ("B.", "Don't know"),
        ("C.", "To get to the other side"), ("2.", "What's the meaning of life, universe and everything?"),
        ("D.", "42"),
    ]


def test_vietnamese_phu_luc_3_table_numbers():
    # Nghị định 30/2020/NĐ-CP, Phụ lục III: the STT column is Word-numbered (num 2: 27 document types,
    # num 3 restarts at 1 for the 3 kinds of copies); the next cell holds the name.
    paras = walk("vi/vbplus__Phuluc3.docx")
    rows = [(label, paras[i + 1][1].strip()) for i, (label, _) in enumerate(paras)
            if label and label[:1].isdigit()]
    assert [label for label, _ in rows] == [f"{i}." for i in range(1, 28)] + ["1.", "2.", "3."]
    assert rows[0] == ("1.", "Nghị quyết (cá biệt)")
    assert rows[13] == ("14.", "Báo cáo")
    assert rows[26] == ("27.", "Phiếu báo")
    assert rows[27:] == [("1.", "Bản sao y"), ("2.", "Bản trích sao"), ("3.", "Bản sao lục")]
    # The heading styles are numbered with numFmt "none" and an empty lvlText: an empty label.
    assert {label for label, _ in paras if label is not None and not label[:1].isdigit()} == {""}
