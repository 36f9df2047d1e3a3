"""Tests for reviewer.docx.legacy_fonts against Unikey's published VnConv tables.

The reference below is copied from Unikey's ``ukengine/data.cpp`` (github.com/vn-input/ibus-unikey):
``UnicodeTable``, the TCVN3 row of ``SingleByteTables`` and the VNI-WIN row of ``DoubleByteTables``,
in Unikey's order (capital, small; untoned, sắc, huyền, hỏi, ngã, nặng), bytes written as hex.
A VNI entry lists its bytes in file order: base letter, then mark.  Nothing here comes from the module.
"""

import codecs
import os
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.docx.legacy_fonts import convert, convert_run, is_legacy_text, legacy_encoding

UNICODE_ROWS = [
    "AaÁáÀàẢảÃãẠạ",
    "ÂâẤấẦầẨẩẪẫẬậ",
    "ĂăẮắẰằẲẳẴẵẶặ",
    "Đđ",
    "EeÉéÈèẺẻẼẽẸẹ",
    "ÊêẾếỀềỂểỄễỆệ",
    "IiÍíÌìỈỉĨĩỊị",
    "OoÓóÒòỎỏÕõỌọ",
    "ÔôỐốỒồỔổỖỗỘộ",
    "ƠơỚớỜờỞởỠỡỢợ",
    "UuÚúÙùỦủŨũỤụ",
    "ƯưỨứỪừỬửỮữỰự",
    "YyÝýỲỳỶỷỸỹỴỵ",
]
TCVN3_ROWS = [
    "41 61 b8 b8 b5 b5 b6 b6 b7 b7 b9 b9",
    "a2 a9 ca ca c7 c7 c8 c8 c9 c9 cb cb",
    "a1 a8 be be bb bb bc bc bd bd c6 c6",
    "a7 ae",
    "45 65 d0 d0 cc cc ce ce cf cf d1 d1",
    "a3 aa d5 d5 d2 d2 d3 d3 d4 d4 d6 d6",
    "49 69 dd dd d7 d7 d8 d8 dc dc de de",
    "4f 6f e3 e3 df df e1 e1 e2 e2 e4 e4",
    "a4 ab e8 e8 e5 e5 e6 e6 e7 e7 e9 e9",
    "a5 ac ed ed ea ea eb eb ec ec ee ee",
    "55 75 f3 f3 ef ef f1 f1 f2 f2 f4 f4",
    "a6 ad f8 f8 f5 f5 f6 f6 f7 f7 f9 f9",
    "59 79 fd fd fa fa fb fb fc fc fe fe",
]
VNI_ROWS = [
    "41 61 41d9 61f9 41d8 61f8 41db 61fb 41d5 61f5 41cf 61ef",
    "41c2 61e2 41c1 61e1 41c0 61e0 41c5 61e5 41c3 61e3 41c4 61e4",
    "41ca 61ea 41c9 61e9 41c8 61e8 41da 61fa 41dc 61fc 41cb 61eb",
    "d1 f1",
    "45 65 45d9 65f9 45d8 65f8 45db 65fb 45d5 65f5 45cf 65ef",
    "45c2 65e2 45c1 65e1 45c0 65e0 45c5 65e5 45c3 65e3 45c4 65e4",
    "49 69 cd ed cc ec c6 e6 d3 f3 d2 f2",
    "4f 6f 4fd9 6ff9 4fd8 6ff8 4fdb 6ffb 4fd5 6ff5 4fcf 6fef",
    "4fc2 6fe2 4fc1 6fe1 4fc0 6fe0 4fc5 6fe5 4fc3 6fe3 4fc4 6fe4",
    "d4 f4 d4d9 f4f9 d4d8 f4f8 d4db f4fb d4d5 f4f5 d4cf f4ef",
    "55 75 55d9 75f9 55d8 75f8 55db 75fb 55d5 75f5 55cf 75ef",
    "d6 f6 d6d9 f6f9 d6d8 f6f8 d6db f6fb d6d5 f6f5 d6cf f6ef",
    "59 79 59d9 79f9 59d8 79f8 59db 79fb 59d5 79f5 ce ee",
]

# Word keeps the five bytes cp1252 leaves undefined as C1 controls.
codecs.register_error("test-legacy-c1", lambda e: (chr(e.object[e.start]), e.start + 1))


def word_text(data: bytes) -> str:
    """The characters Word shows for legacy bytes: their cp1252 meaning."""
    return data.decode("cp1252", "test-legacy-c1")


def _table(rows: list[str]) -> dict[str, str]:
    table = {}
    for uni, codes in zip(UNICODE_ROWS, rows, strict=True):
        for letter, code in zip(uni, codes.split(), strict=True):
            table[letter] = word_text(bytes.fromhex(code))
    return table


TO_TCVN3 = _table(TCVN3_ROWS)
TO_VNI = _table(VNI_ROWS)
LETTERS = sorted(c for c in TO_TCVN3 if not c.isascii())
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")  # the only capitals TCVN3 has a byte for


def to_tcvn3(text: str) -> str:
    return "".join(TO_TCVN3.get(c, c) for c in text)


def to_vni(text: str) -> str:
    return "".join(TO_VNI.get(c, c) for c in text)


def test_reference_covers_every_vietnamese_letter():
    assert len(LETTERS) == 134
    assert all(unicodedata.name(c).startswith("LATIN") for c in LETTERS)
    assert len(set(TO_VNI.values())) == len(TO_VNI)  # VNI has every capital


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_vni(letter):
    assert convert(TO_VNI[letter], "vni") == letter


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_tcvn3(letter):
    code = TO_TCVN3[letter]
    assert convert(code, "tcvn3", upper=True) == letter.upper()
    if letter.islower() or letter in TCVN3_CAPITALS:
        assert convert(code, "tcvn3") == letter
    else:  # toned capitals share the lowercase byte; only the H fonts draw them as capitals
        assert convert(code, "tcvn3") == letter.lower()


PHRASES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Đảng bộ tỉnh",
    "phương hướng, nhiệm vụ năm 2025",
    "Báo cáo tổng kết công tác cải cách hành chính",
    "Ăn quả nhớ kẻ trồng cây; Ông Ơn, Ưng, Ê-đê, Âu",
]


@pytest.mark.parametrize("phrase", PHRASES + ["Ủy ban nhân dân", "QUYẾT ĐỊNH"])
def test_phrases_round_trip_vni(phrase):
    legacy = to_vni(phrase)
    assert legacy != phrase
    assert is_legacy_text(legacy, "vni")
    assert convert(legacy, "vni") == phrase
    assert convert_run(legacy, "VNI-Times") == phrase


@pytest.mark.parametrize("phrase", PHRASES)
def test_phrases_round_trip_tcvn3(phrase):
    legacy = word_text(to_tcvn3(phrase).encode("latin-1"))
    assert is_legacy_text(legacy, "tcvn3")
    assert convert(legacy, "tcvn3") == phrase
    assert convert_run(legacy, ".VnTime") == phrase
    assert convert_run(legacy, ".VnTimeH") == phrase.upper()


def test_known_legacy_strings():
    assert convert("Céng hßa x· héi chñ nghÜa ViÖt Nam", "tcvn3") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert convert("§¶ng bé tØnh", "tcvn3") == "Đảng bộ tỉnh"
    tcvn3 = "ph\xad\xacng h\xad\xedng, nhiÖm vô n¨m 2025"
    assert convert(tcvn3, "tcvn3") == "phương hướng, nhiệm vụ năm 2025"
    assert convert("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert convert("Ñaûng boä tænh", "vni") == "Đảng bộ tỉnh"
    assert convert("Uûy ban nhaân daân", "vni") == "Ủy ban nhân dân"
    assert convert("phöông höôùng, nhieäm vuï naêm 2025", "vni") == "phương hướng, nhiệm vụ năm 2025"


def test_ủy_ban_in_tcvn3_fonts():
    legacy = to_tcvn3("Ủy ban nhân dân")
    assert legacy == "ñy ban nh©n d©n"
    assert convert_run(legacy, ".VnTime") == "ủy ban nhân dân"
    assert convert_run(legacy, ".VnTimeH") == "ỦY BAN NHÂN DÂN"


@pytest.mark.parametrize(
    ("vni", "expected"),
    [
        ("aù", "á"),
        ("Aù", "Á"),
        ("AÙ", "Á"),
        ("ô", "ơ"),
        ("Ô", "Ơ"),
        ("öø", "ừ"),
        ("ñ", "đ"),
        ("Ñ", "Đ"),
        ("Ö", "Ư"),
        ("ÔÙ", "Ớ"),
        ("nöôùc", "nước"),
        ("Chiùnh", "Chính"),
        ("yï", "ỵ"),
        ("uâ", "uâ"),
    ],
)
def test_vni_pairs(vni, expected):
    assert convert(vni, "vni") == expected


def test_vnitimeh_upper_case():
    assert convert_run("b¸o c¸o tæng kÕt", ".VnTimeH") == "BÁO CÁO TỔNG KẾT"
    assert convert("b¸o c¸o", "tcvn3", upper=True) == "BÁO CÁO"
    assert convert_run("b¸o c¸o", ".VnTime") == "báo cáo"
    assert convert_run("c", ".VnArialH") == "C"  # a run split inside a word still draws capitals


UNICODE_RUNS = ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Ủy ban nhân dân tỉnh", "Đảng bộ", "và", "phương hướng"]


@pytest.mark.parametrize("text", UNICODE_RUNS)
@pytest.mark.parametrize(
    ("font", "encoding"), [(".VnTime", "tcvn3"), (".VnTimeH", "tcvn3"), ("VNI-Times", "vni")]
)
def test_unicode_text_in_legacy_run_is_left_alone(text, font, encoding):
    assert not is_legacy_text(text, encoding)
    assert convert_run(text, font) == text


def test_unicode_made_only_of_tcvn3_code_points_is_converted():
    # Known limit: every letter of "Báo cáo" is also a TCVN3 byte (á = 0xE1 = ỏ), and that is how
    # the .VnTime font draws it, so nothing proves the run is Unicode.
    assert is_legacy_text("Báo cáo", "tcvn3")
    assert convert_run("Báo cáo", ".VnTime") == "Bỏo cỏo"


def test_unicode_without_proof_letters_in_vni_run():
    # á after a consonant cannot be a VNI mark, so "tác phí" is Unicode
    assert not is_legacy_text("tác phí", "vni")
    assert convert_run("tác phí", "VNI-Times") == "tác phí"


def test_soft_hyphen_is_ư():
    assert convert("\xad", "tcvn3") == "ư"
    assert is_legacy_text("\xad", "tcvn3")
    assert convert_run("n\xad\xedc", ".VnTime") == "nước"
    assert convert_run("\xad", ".VnTimeH") == "Ư"


@pytest.mark.parametrize(
    ("text", "encoding"), [("ö", "vni"), ("Ñ", "vni"), ("\xae", "tcvn3"), ("ý", "tcvn3")]
)
def test_short_runs_are_legacy(text, encoding):
    assert is_legacy_text(text, encoding)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_plain_ascii_and_foreign_text_are_not_legacy(encoding):
    for text in ["", "Chuong I", "2025", "– “quoted” …", "\xa0"]:
        assert not is_legacy_text(text, encoding)
        assert convert(text, encoding) == text


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_cp1252_and_latin1_views_agree(encoding):
    for byte in range(0x80, 0x100):
        cp1252, latin1 = word_text(bytes([byte])), chr(byte)
        assert convert(cp1252, encoding) == convert(latin1, encoding), hex(byte)
    assert convert("\x93Céng hßa\x94 \x85\x81", "tcvn3") == "“Cộng hòa” …\x81"
    assert convert("\u201aa\u0192", encoding) == "\u201aa\u0192"


def test_output_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Cộng hòa")
    assert convert_run(decomposed, ".VnTime") == "Cộng hòa"
    assert convert_run(decomposed, "Times New Roman") == "Cộng hòa"
    assert convert("a\u0301", "vni") == "á"
    for letter in LETTERS:
        out = convert(TO_VNI[letter], "vni")
        assert unicodedata.is_normalized("NFC", out)


def test_unknown_encoding():
    with pytest.raises(ValueError):
        convert("abc", "viscii")
    with pytest.raises(ValueError):
        is_legacy_text("abc", "viscii")


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnArial", ("tcvn3", False)),
        (".VnCentury Schoolbook", ("tcvn3", False)),
        (".vnTime", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        (".VnArialH", ("tcvn3", True)),
        (".VnBlackH", ("tcvn3", True)),
        (".VnCooperH", ("tcvn3", True)),
        (".VnArial NarrowH", ("tcvn3", True)),
        (".vntimeh", ("tcvn3", True)),
        ("VNI-Times", ("vni", False)),
        ("VNI-Helve", ("vni", False)),
        ("vni-times", ("vni", False)),
        ("UVnTime", None),
        ("UVN Saigon", None),
        ("Times New Roman", None),
        ("", None),
        (None, None),
    ],
)
def test_legacy_encoding(font, expected):
    assert legacy_encoding(font) == expected


def test_convert_run_in_unicode_font_is_untouched():
    assert convert_run("Coäng hoøa", "Times New Roman") == "Coäng hoøa"
    assert convert_run("Céng hßa", None) == "Céng hßa"


VIET_TEXT = st.text(alphabet=st.sampled_from(LETTERS + list("bcdghklmnpqrstvx AEIOUYaeiouy,.-0123456789")))


@given(VIET_TEXT)
def test_any_text_round_trips_vni(text):
    assert convert(to_vni(text), "vni") == text


@given(VIET_TEXT)
def test_any_text_round_trips_tcvn3(text):
    legacy = to_tcvn3(text)
    assert convert(legacy, "tcvn3", upper=True) == text.upper()
    expected = "".join(c if c.islower() or c.isascii() or c in TCVN3_CAPITALS else c.lower() for c in text)
    assert convert(legacy, "tcvn3") == expected


# --- the synthetic VNI document of the shared corpus ---------------------------------------------

CORPUS = Path("/work/shared/corpus/vi")
VNI_DOCX = CORPUS / "viparse__synthetic-vni-2004-19Z9A_Luat_hop_tac_xasuadoi.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _need(path: Path) -> None:
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"corpus file missing in CI: {path}")
        pytest.skip(f"shared corpus not available here: {path}")


def _converted_vni_runs() -> list[str]:
    from lxml import etree

    _need(VNI_DOCX)
    with zipfile.ZipFile(VNI_DOCX) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for run in root.iter(f"{W}r"):
        fonts = run.find(f"{W}rPr/{W}rFonts")
        font = None if fonts is None else fonts.get(f"{W}hAnsi") or fonts.get(f"{W}ascii")
        found = legacy_encoding(font)
        if found and found[0] == "vni":
            out.append(convert_run("".join(t.text or "" for t in run.iter(f"{W}t")), font))
    return out


def test_vni_corpus_document():
    runs = _converted_vni_runs()
    assert len(runs) > 100
    text = "\n".join(runs)
    for phrase in [
        "hợp tác xã",
        "Hợp tác xã",
        "Điều 1.",
        "Chương I",
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
        "xã viên",
        "Chính phủ",
        "Luật",
    ]:
        assert phrase in text
    vietnamese = set(LETTERS)
    leftovers = {c for c in text if not c.isascii() and c not in vietnamese}
    assert not leftovers, leftovers  # e.g. ø û ï ä å ë ü æ ñ ö î left by a missed VNI pair
    tones = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}
    for word in set(re.findall(r"\w+", text)):
        assert sum(c in tones for c in unicodedata.normalize("NFD", word)) <= 1, word


def test_vni_corpus_vocabulary_matches_transcripts():
    transcripts = sorted(CORPUS.glob("viparse__*.txt"))
    _need(transcripts[0] if transcripts else CORPUS / "viparse__*.txt")
    vocab = set()
    for path in transcripts:
        vocab |= set(re.findall(r"\w+", path.read_text(encoding="utf-8").lower()))
    words = [w for w in re.findall(r"\w+", "\n".join(_converted_vni_runs()).lower()) if not w.isascii()]
    known = sum(w in vocab for w in words)
    # Different documents, same legal register: a wrong table would drop this far below 80 %.
    assert known / len(words) > 0.8
