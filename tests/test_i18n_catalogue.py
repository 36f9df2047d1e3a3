"""Reading the .po catalogue: every string as Python would read the same C-escaped literal."""
import ast

import pytest

from reviewer.i18n import catalogue_path, parse_po


@pytest.mark.parametrize("literal", [
    '""', '"Tổ"', '"Đã lưu \\"{name}\\"."', '"một dòng\\nhai dòng"', '"tab\\there"', '"gạch \\\\ chéo"',
    '"\\\\n không phải xuống dòng"', '"cuối\\\\"', '"“ngoặc kép” – gạch ngang…"',
])
def test_strings_read_as_python_reads_them(literal):
    source = f'msgid "k"\nmsgstr {literal}\n"{{n}}"\n'
    expected = ast.literal_eval(literal) + "{n}"
    assert parse_po(source) == ({"k": expected} if expected else {})


def test_the_shipped_catalogue_reads_the_same_both_ways():
    source = catalogue_path("vi").read_text(encoding="utf-8")
    entries = parse_po(source)
    assert len(entries) > 500
    # An independent reading: every quoted line through Python's own parser.
    expected: dict[str, str] = {}
    msgid = msgstr = None
    fuzzy = False
    lines = [ln.strip() for ln in source.splitlines()]
    for line in lines + ["#"]:
        if (line.startswith("#") or line.startswith("msgid ")) and msgstr is not None:
            key, value = "".join(msgid or []), "".join(msgstr)
            if key and value and not fuzzy:
                expected[key] = value
            msgid = msgstr = None
            fuzzy = False
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if line.startswith("msgid "):
            msgid = current = [ast.literal_eval(line[6:])]
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            msgstr = current = [ast.literal_eval(line.split(" ", 1)[1])]
        elif line.startswith(("msgid_plural ", "msgstr[")):
            current = []
        elif line.startswith('"') and msgid is not None:
            current.append(ast.literal_eval(line))
    assert entries == expected


def test_a_damaged_line_is_refused_as_python_would_refuse_it():
    with pytest.raises((ValueError, SyntaxError)):
        ast.literal_eval('"Ý kiến msgstr "Ý kiến" về…"')
    with pytest.raises(ValueError):
        parse_po('msgid "k"\nmsgstr "Ý kiến msgstr "Ý kiến" về…"\n')


def test_counts_are_written_with_thousands_apart_as_each_language_does():
    from reviewer.i18n import count, number, speaking

    with speaking("vi"):
        assert number(113296) == "113.296" and number(999) == "999" and number(-1500) == "-1.500"
        assert count("{n} comment", "{n} comments", 18915) == "18.915 ý kiến"
    with speaking("en"):
        assert number(113296) == "113,296" and number(1000) == "1,000"
        assert count("{n} comment", "{n} comments", 18915) == "18,915 comments"
