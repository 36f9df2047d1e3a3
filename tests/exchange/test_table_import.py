"""The CSV / JSON / JSON Lines importer against hostile files: every refusal is one translated
line naming the file (an ImportFileError), never a Python exception, and nothing it plans can
fail in the store."""
from __future__ import annotations

import codecs
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.errors import ReviewerError
from reviewer.exchange import table_import as importer
from reviewer.exchange.table_import import ImportFileError
from reviewer.store import MAX_GROUPS, MAX_TEXT, validate_comment
from tests.exchange.helpers import SECTIONS

SECTION_DICTS = [{"id": sid, "number": number, "title": title, "level": 2 if parent else 1, "parent": parent,
                  "text": text} for sid, number, title, parent, text in SECTIONS]
ROW = {"section": "I.1.", "group": "Tổ 1", "text": "Đề nghị bổ sung số liệu."}
PYTHON_WORDS = ("Traceback", "Exceeds the limit", "int_max_str_digits", "field larger than field limit",
                "recursion", "codec")


def plan(data, fmt=None, name="y-kien.csv", groups=("Tổ 1",)):
    return importer.plan_import(data, name=name, draft_id="d", sections=SECTION_DICTS, groups=list(groups),
                                is_known=lambda i: i == "known", fmt=fmt)


def refusal(data, fmt=None, name="y-kien.csv") -> ImportFileError:
    with pytest.raises(ImportFileError) as info:
        plan(data, fmt, name)
    message = str(info.value)
    assert "\n" not in message and name in message, message
    assert not any(w.lower() in message.lower() for w in PYTHON_WORDS), message
    return info.value


def jsonl(*rows: dict) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


# --------------------------------------------------------------------------- hole 1: Python errors


@pytest.mark.parametrize("data, fmt", [
    (b"[" * 100_000, None),
    (b"[" * 100_000, "jsonl"),
    (b'{"section": "I.1.", "group": "T", "text": ' + b"[" * 100_000 + b"\n", None),
    (b'[{"section": "I.1.", "group": "T", "text": ' + b"{\"a\": " * 50_000 + b"]", None),
], ids=["array", "as-json-lines", "json-line-value", "array-item-value"])
def test_deep_nesting_is_one_line(data, fmt):
    error = refusal(data, fmt, "sau.json")
    assert "nested too deeply" in str(error) and error.line == 1


@pytest.mark.parametrize("data, where", [
    (b'{"section": "I.1.", "group": "T", "text": "a", "supporters": ' + b"9" * 100_000 + b"}\n", "line 1:"),
    (b'[{"section": "I.1.", "group": "T", "text": "a"},\n{"section": "I.1.", "group": "T", "text": "b",\n'
     b'"supporters": -' + b"7" * 5000 + b"}]", "line 2:"),
    (b"Muc;To;Noi dung;Tan thanh\nI.1.;T;a;1\nI.1.;T;b;" + b"9" * 100_000 + b"\n", "line 3:"),
    (b"Muc;To;Noi dung;Trich dan;quote start;quote end\nI.1.;T;a;Tang;0;" + b"5" * 5000 + b"\n", "line 2:"),
], ids=["json-lines", "json-array", "csv", "csv-quote-end"])
def test_huge_numbers_are_refused_with_our_words(data, where):
    error = refusal(data, None, "so.txt")
    assert where in str(error) and "too large" in str(error)


def test_huge_number_in_an_ignored_field_is_harmless():
    assert len(plan(jsonl(ROW | {"revision": int("9" * 4000)}), name="f.jsonl").rows) == 1


def test_huge_json_float_is_not_a_whole_number():
    error = refusal(jsonl(ROW | {"supporters": 1e300}), name="f.jsonl")
    assert "line 1:" in str(error) and "too large" in str(error)


def test_oversized_csv_cell_names_the_limit_not_python():
    data = "Mục;Tổ;Nội dung\nI.1.;Tổ 1;ngắn\nI.1.;Tổ 1;\"{}\"\n".format("ý kiến " * 40_000).encode()
    error = refusal(data)
    assert "line 3:" in str(error) and f"{MAX_TEXT:,}".replace(",", "") in str(error).replace(",", "")
    assert error.line == 3


def test_cell_just_over_the_text_limit_is_refused_by_the_store_rule():
    data = f"Mục;Tổ;Nội dung\nI.1.;Tổ 1;{'a' * (MAX_TEXT + 1)}\n".encode()
    assert "too long" in str(refusal(data))


def test_bad_utf8_names_its_line_in_a_large_file():
    rows = b"".join(b"I.1.;T\xe1\xbb\x95 1;\xc3\x9d ki\xe1\xba\xbfn s\xe1\xbb\x91 %d\n" % i for i in range(20_000))
    data = b"Muc;To;Noi dung\n" + rows + b"I.1.;T;\xff\n" + rows
    error = refusal(data)
    assert "not UTF-8 text (line 20002)" in str(error) and error.line == 20_002


def test_utf16_with_bad_surrogate_names_its_line():
    header, row = "Mục\tTổ\tNội dung\r\n".encode("utf-16-le"), "I.1.\tTổ 1\tMột\r\n".encode("utf-16-le")
    data = codecs.BOM_UTF16_LE + header + row * 5999 + b"\x00\xdc" + "\r\n".encode("utf-16-le")
    assert "(line 6001)" in str(refusal(data))


# --------------------------------------------------------------------------- hole 2: limits, decided up front


class Counting(io.RawIOBase):
    """An endless stream (like a pipe from a runaway program) that counts what was read from it."""

    def __init__(self, head: bytes, filler: bytes):
        self.head, self.filler, self.taken = head, filler, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = len(buffer)
        data = (self.head[self.taken:self.taken + n] if self.taken < len(self.head) else b"") or self.filler * (
            n // len(self.filler) + 1)
        data = data[:n]
        buffer[:len(data)] = data
        self.taken += len(data)
        return len(data)


def test_a_stream_is_read_no_further_than_the_size_limit():
    stream = Counting(b"Muc;To;Noi dung\nI.1.;T;" + "Ý kiến".encode() + b"\n", b" " * 1000 + b"\n")
    error = refusal(io.BufferedReader(stream), name="pipe")
    assert "larger than" in str(error) and f"{importer.MAX_FILE_BYTES // 2**20} MB" in str(error)
    # BufferedReader reads ahead by at most its buffer; the importer itself stops at limit + 1.
    assert stream.taken <= importer.MAX_FILE_BYTES + 1 + io.DEFAULT_BUFFER_SIZE


def test_bytes_over_the_size_limit_are_refused():
    data = b"Muc;To;Noi dung\n" + b"I.1.;T;a\n" * (importer.MAX_FILE_BYTES // 9 + 1)
    assert len(data) > importer.MAX_FILE_BYTES
    assert "larger than" in str(refusal(data))


def test_check_file_size():
    importer.check_file_size(importer.MAX_FILE_BYTES, "a.csv")
    with pytest.raises(ImportFileError, match="a.csv"):
        importer.check_file_size(importer.MAX_FILE_BYTES + 1, "a.csv")


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_row_limit(monkeypatch, fmt):
    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    rows = [ROW | {"text": f"Ý kiến {i}"} for i in range(50)]

    def make(rs: list[dict]) -> bytes:
        if fmt == "csv":
            return ("Mục;Tổ;Nội dung\n" + "".join(f"I.1.;Tổ 1;{r['text']}\n;;\n" for r in rs)).encode()
        return json.dumps(rs, ensure_ascii=False).encode() if fmt == "json" else jsonl(*rs)

    assert len(plan(make(rows)).rows) == 50  # blank rows do not count
    error = refusal(make(rows + [ROW]))
    assert "more than 50 rows" in str(error)


def test_row_longer_than_any_comment_is_refused_before_it_is_parsed():
    quoted = '"' + ";" * (importer._MAX_ROW_CHARS + 10)  # a quote that never closes: one endless cell
    error = refusal(f"Mục;Tổ;Nội dung\nI.1.;Tổ 1;{quoted}\n".encode())
    assert "line 2:" in str(error) and "too long" in str(error)
    error = refusal(jsonl(ROW) + b'{"text": "' + b"a" * (importer._MAX_ROW_CHARS + 10), name="f.jsonl")
    assert "line 2:" in str(error) and "too long" in str(error)
    error = refusal(b'[{"text": "a"},\n{"text": "' + b"a" * (importer._MAX_ROW_CHARS + 10) + b'"}]', name="a.json")
    assert "line 2:" in str(error) and "too long" in str(error)


def test_many_columns_and_unknown_keys_stay_cheap():
    header = ";".join(["Mục", "Tổ", "Nội dung"] + [f"Cột {i}" for i in range(100_000)])
    plan_ = plan(f"{header}\nI.1.;Tổ 1;Một\n".encode())
    assert len(plan_.rows) == 1 and len(plan_.ignored_columns) <= 20
    error = refusal(jsonl(ROW | {f"k{i}": i for i in range(100_000)}), name="k.jsonl")
    assert "line 1:" in str(error)
    rows = [ROW | {f"extra {i}": 1} for i in range(2000)]
    plan_ = plan(jsonl(*rows))
    assert len(plan_.rows) == 2000 and len(plan_.ignored_columns) <= 20


def test_json_array_pieces_and_line_numbers():
    """Items that straddle the pieces the file is read in, numbers cut at a piece's end, and pretty-printing."""
    rows = [ROW | {"text": "x" * (i * 997 % 45_000 + 1), "supporters": 9876} for i in range(40)]
    data = json.dumps(rows, indent=1).encode()
    got = plan(data)
    assert [r.comment["text"] for r in got.rows] == [r["text"] for r in rows]
    assert {r.comment["supporters"] for r in got.rows} == {9876} and got.rows[1].line == 8
    at = data.rindex(b'"group"')
    error = refusal(data[:at] + b"!" + data[at:], name="a.json")
    line = data[:at].count(b"\n") + 1
    assert "not valid JSON" in str(error) and f"line {line}:" in str(error)


def test_quote_positions_outside_the_section_are_dropped():
    text = SECTION_DICTS[0]["text"]
    rows = [ROW | {"section": "I.", "quote": "Tăng trưởng", "quote_start": 0, "quote_end": 11},
            ROW | {"section": "I.", "quote": "Tăng trưởng", "quote_start": 0, "quote_end": len(text) + 1}]
    got = plan(jsonl(*rows))
    assert [(r.comment.get("quote_start"), r.comment.get("quote_end")) for r in got.rows] == [(0, 11),
                                                                                             (None, None)]


# --------------------------------------------------------------------------- hole 3: fuzzing

LONG = st.sampled_from([("9", 5000), ("[", 2000), ("{", 2000), ("x", MAX_TEXT + 1), ("ý ", 70_000)])
HOSTILE = st.one_of(st.sampled_from(["\0", "\x01", "\x1b[31m", "\u202e", "\u2066", "\u200f", "\ufeff", "\ufffe",
                                     "\ud800", "\U0001f600", "\r", "\n", "\r\n", '"', "'", ";", ",", "\t", "sep=;",
                                     "\\", "e\u0301", "Đ", "-1", "1e999", "NaN", "Mục", "Tổ", "Nội dung", "I.1.",
                                     "Tổ 1", "tiep thu", "true"]),
                    LONG.map(lambda p: p[0] * p[1]))
CELL = st.one_of(st.text(max_size=30), HOSTILE, st.lists(HOSTILE, max_size=4).map("".join))
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), CELL)
JSON_VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(CELL, inner, max_size=3)), max_leaves=8)
FIELD = st.sampled_from(["section", "group", "author", "kind", "text", "quote", "proposal", "supporters", "status",
                         "response", "id", "quote_start", "quote_end", "deleted", "Mục", "Tổ", "Nội dung", "x"])
OBJECT = st.dictionaries(FIELD, st.one_of(JSON_VALUE, st.sampled_from(["I.1.", "Tổ 1", "Ý kiến"])), max_size=8)


def _encode(text: str, bom: str) -> bytes:
    data = text.encode("utf-16-le" if bom == "utf-16" else "utf-8", "surrogatepass")
    return {"none": b"", "utf-8": codecs.BOM_UTF8, "utf-16": codecs.BOM_UTF16_LE}[bom] + data


@st.composite
def csv_files(draw) -> bytes:
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    rows = [["Mục", "Tổ", "Nội dung", "Tán thành", "Trích dẫn", "quote_start", "quote_end"]]
    likely = st.tuples(st.sampled_from(["I.1.", "s1", "Kinh tế", "II."]), st.sampled_from(["Tổ 1", "Tổ 9"]),
                       st.text(min_size=1, max_size=20)).map(list)  # rows that get as far as the numbers
    rows += draw(st.lists(st.tuples(st.one_of(likely, st.lists(CELL, max_size=3)), st.lists(CELL, max_size=5))
                          .map(lambda parts: parts[0] + parts[1]), max_size=6))
    ends = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r", "\n\n"]), min_size=len(rows), max_size=len(rows)))
    quote = draw(st.booleans())
    text = "".join((delimiter if not draw(st.booleans()) else draw(st.sampled_from([";", ","]))).join(
        f'"{c}"' if quote else c for c in row) + end for row, end in zip(rows, ends, strict=True))
    if draw(st.booleans()):
        text = "sep=" + delimiter + "\n" + text
    return _encode(text, draw(st.sampled_from(["none", "utf-8", "utf-16"])))


@st.composite
def json_files(draw) -> bytes:
    items = draw(st.lists(st.one_of(OBJECT, JSON_VALUE), max_size=5))
    pieces = [json.dumps(i, ensure_ascii=draw(st.booleans()), allow_nan=True) for i in items]
    pieces = [p if not draw(st.booleans()) else draw(HOSTILE) + p for p in pieces]
    if draw(st.booleans()):
        text = "[" + ",\n".join(pieces) + draw(st.sampled_from(["]", "", "]]", "] x", ",]"]))
    else:
        text = "\n".join(pieces)
    return _encode(text, draw(st.sampled_from(["none", "utf-8", "utf-16"])))


def _check_plan(data: bytes, fmt: str | None) -> None:
    try:
        result = importer.plan_import(data, name="f", draft_id="d", sections=SECTION_DICTS,
                                      groups=[f"Tổ {i}" for i in range(MAX_GROUPS - 2)],
                                      is_known=lambda i: i == "known", fmt=fmt)
    except ReviewerError as exc:  # ImportFileError is one
        assert str(exc) and "\n" not in str(exc)
        return
    sections = {s["id"]: s for s in SECTION_DICTS}
    for row in result.rows:
        comment = row.comment
        checked = validate_comment(dict(comment))  # raises if the store would refuse the row
        assert all(checked[k] == comment[k] for k in ("text", "quote", "proposal", "response", "author",
                                                      "supporters"))
        assert comment["section_id"] in sections and comment["group"]
        start, end = comment.get("quote_start"), comment.get("quote_end")
        assert start is None or 0 <= start <= end <= len(sections[comment["section_id"]]["text"])


FUZZ = settings(max_examples=100, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from([None, "csv", "json", "jsonl"]))
def test_fuzz_random_bytes(data, fmt):
    _check_plan(data, fmt)


@FUZZ
@given(csv_files(), st.sampled_from([None, "csv"]))
def test_fuzz_hostile_csv(data, fmt):
    _check_plan(data, fmt)


@FUZZ
@given(json_files(), st.sampled_from([None, "json", "jsonl"]))
def test_fuzz_hostile_json(data, fmt):
    _check_plan(data, fmt)
