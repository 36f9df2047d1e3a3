"""Convert runs typed in legacy Vietnamese fonts (TCVN3/ABC and VNI-Windows) to Unicode.

Word stores such a run as the cp1252 characters of the legacy byte values, so TCVN3 "ư" (byte 0xAD)
arrives as U+00AD SOFT HYPHEN.  The tables follow Unikey's VnConv library (Pham Kim Long):
``SingleByteTables`` (TCVN3) and ``DoubleByteTables`` (VNI-WIN) in ``ukengine/data.cpp`` of
https://github.com/vn-input/ibus-unikey, rewritten here per vowel in Unikey's tone order.
Stdlib only: the reader imports this without Qt.
"""

import re
import unicodedata

__all__ = ["convert", "convert_run", "is_legacy_text", "legacy_encoding", "run_evidence", "split_mark"]

# Unikey's column order: no tone, then sắc, huyền, hỏi, ngã, nặng.
_TONES = "\u0301\u0300\u0309\u0303\u0323"
_VOWELS = "aăâeêioôơuưy"


def _forms(base: str) -> list[str]:
    """The six NFC forms of a vowel: untoned, then one per tone of ``_TONES``."""
    return [base] + [unicodedata.normalize("NFC", base + tone) for tone in _TONES]


# Every Vietnamese letter outside ASCII (67 lowercase, 67 capitals).
_VIET_LETTERS = frozenset(
    c for v in _VOWELS for f in _forms(v) for c in (f, f.upper()) if not c.isascii()
) | {"đ", "Đ"}

# TCVN3 (TCVN 5712 VN3): one byte per letter, six per vowel in ``_TONES`` order.  The font has no
# toned capitals (Unikey maps them onto the lowercase bytes); the "H" fonts draw every slot as a capital.
_TCVN3_VOWELS = {
    "a": "a\xb8\xb5\xb6\xb7\xb9",
    "ă": "\xa8\xbe\xbb\xbc\xbd\xc6",
    "â": "\xa9\xca\xc7\xc8\xc9\xcb",
    "e": "e\xd0\xcc\xce\xcf\xd1",
    "ê": "\xaa\xd5\xd2\xd3\xd4\xd6",
    "i": "i\xdd\xd7\xd8\xdc\xde",
    "o": "o\xe3\xdf\xe1\xe2\xe4",
    "ô": "\xab\xe8\xe5\xe6\xe7\xe9",
    "ơ": "\xac\xed\xea\xeb\xec\xee",
    "u": "u\xf3\xef\xf1\xf2\xf4",
    "ư": "\xad\xf8\xf5\xf6\xf7\xf9",
    "y": "y\xfd\xfa\xfb\xfc\xfe",
}
_TCVN3_OTHER = dict(zip("\xae\xa1\xa2\xa3\xa4\xa5\xa6\xa7", "đĂÂÊÔƠƯĐ", strict=True))

# VNI-Windows: a base letter followed by a mark byte; i and ỵ have single bytes, ơ ư đ are single bases.
_VNI_VOWELS = {
    "a": "a aù aø aû aõ aï",
    "ă": "aê aé aè aú aü aë",
    "â": "aâ aá aà aå aã aä",
    "e": "e eù eø eû eõ eï",
    "ê": "eâ eá eà eå eã eä",
    "i": "i í ì æ ó ò",
    "o": "o où oø oû oõ oï",
    "ô": "oâ oá oà oå oã oä",
    "ơ": "ô ôù ôø ôû ôõ ôï",
    "u": "u uù uø uû uõ uï",
    "ư": "ö öù öø öû öõ öï",
    "y": "y yù yø yû yõ î",
}
# Not in Unikey's table, but the font draws a tone mark over any preceding letter, and real files
# carry them (the VNI corpus file has "Chiùnh" for "Chính").
_VNI_EXTRA = {"i": "i iù iø iû iõ iï", "y": "y yù yø yû yõ yï"}
_VNI_MARKS = "ùøûõïâáàåãäêéèúüë"
_VNI_MARKS += _VNI_MARKS.upper()

# In these fonts bytes 0x80-0x9F draw the cp1252 symbols (Unikey keeps them as "western symbols");
# text that went through a Latin-1 decode carries them as C1 controls, so map those back.  The five
# bytes cp1252 leaves undefined stay as they are.
_C1 = {b: c for b in range(0x80, 0xA0) if (c := bytes([b]).decode("cp1252", "ignore"))}


def _build_tcvn3() -> dict[int, str]:
    table = {ord(k): v for k, v in _TCVN3_OTHER.items()}
    for base, codes in _TCVN3_VOWELS.items():
        # Non-ASCII identities (ý = 0xFD) stay: they are code points for is_legacy_text().
        table.update((ord(c), f) for c, f in zip(codes, _forms(base), strict=True) if not c.isascii())
    return table


def _build_vni() -> dict[str, str]:
    table = {"ñ": "đ", "Ñ": "Đ"}
    for vowels in (_VNI_VOWELS, _VNI_EXTRA):
        for base, codes in vowels.items():
            for code, form in zip(codes.split(), _forms(base), strict=True):
                if not code.isascii():  # identities (í, ì) stay: they are code points too
                    table[code], table[code.upper()] = form, form.upper()
                if len(code) == 2:  # the case of the base decides: "Aù" and "AÙ" are both "Á"
                    table[code[0] + code[1].upper()] = form
                    table[code[0].upper() + code[1]] = form.upper()
    return table


_TCVN3_CODES = _build_tcvn3()
_TCVN3 = _C1 | _TCVN3_CODES
_VNI = _build_vni()
_VNI_SINGLES = "".join(k for k in _VNI if len(k) == 1 and not k.isascii())
_VNI_BASES = "aeiouyôöAEIOUYÔÖ"
# Longest match first: a base+mark pair wins over the single-byte reading of the base (ô, ö).
_VNI_RE = re.compile(f"[{_VNI_BASES}][{_VNI_MARKS}]|[{_VNI_SINGLES}]")
_VNI_PAIR_RE = re.compile(f"[A-Za-zôöÔÖ][{_VNI_MARKS}]")
# Single bytes that Vietnamese Unicode text never contains.
_VNI_ONLY_RE = re.compile("[ñÑöÖæÆîÎ]")

_LEGACY_CHARS = {
    "tcvn3": frozenset(map(chr, _TCVN3_CODES)),
    "vni": frozenset(_VNI_MARKS + _VNI_SINGLES),
}


def _char_class(chars: frozenset[str], extra: str = "") -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(chars)) + extra + "]")


_LEGACY_RE = {enc: _char_class(chars) for enc, chars in _LEGACY_CHARS.items()}
# Vietnamese letters and combining marks that are not legacy code points: proof of Unicode.
_UNICODE_RE = {enc: _char_class(_VIET_LETTERS - cs, "\u0300-\u0323") for enc, cs in _LEGACY_CHARS.items()}


def _encoding(encoding: str) -> str:
    enc = encoding.lower()
    if enc not in _LEGACY_CHARS:
        raise ValueError(f"unknown legacy Vietnamese encoding: {encoding!r}")
    return enc


def _vni_sub(match: re.Match[str]) -> str:
    s = match.group()
    # An invalid pair (e.g. "uâ"): convert the base alone, the stray mark passes through.
    return _VNI.get(s) or _VNI.get(s[0], s[0]) + s[1:]


def legacy_encoding(font_name: str | None) -> tuple[str, bool] | None:
    """Return ``(encoding, upper)`` for a legacy Vietnamese font name, or None for any other font.

    ``.Vn*`` fonts are TCVN3 (ABC); those ending in "H" (``.VnTimeH``) draw capitals only.
    ``VNI-*`` fonts are VNI-Windows.  Unicode fonts such as "UVnTime" or "UVN Saigon" give None.
    """
    name = (font_name or "").strip()
    folded = name.lower()
    if folded.startswith(".vn"):
        # "H" marks the capital-only variant; a name lowercased by some tool still counts.
        return "tcvn3", name.endswith("H") or (name == folded and name.endswith("h"))
    if folded.startswith("vni-"):
        return "vni", False
    return None


def convert(text: str, encoding: str, *, upper: bool = False) -> str:
    """Convert ``text`` typed in a legacy font (``"tcvn3"`` or ``"vni"``) to NFC Unicode.

    With ``upper=True`` the result is upper-cased, as the TCVN3 "H" fonts draw it.
    Characters outside the table pass through unchanged.
    """
    if _encoding(encoding) == "tcvn3":
        out = text.translate(_TCVN3)
    else:
        out = _VNI_RE.sub(_vni_sub, text).translate(_C1)
    if upper:
        out = out.upper()
    return unicodedata.normalize("NFC", out)


def is_legacy_text(text: str, encoding: str) -> bool:
    """Tell whether ``text`` from a run in a legacy font really is legacy-encoded.

    False for plain ASCII, for text holding Vietnamese Unicode letters (or combining marks) that are
    not code points of ``encoding``, and for text without any of its code points.  For VNI, also
    False when more marks follow a letter they cannot belong to ("tác") than form valid pairs.
    """
    enc = _encoding(encoding)
    # Many Unicode documents still name .VnTime in their styles, so the font alone proves nothing.
    if text.isascii() or _UNICODE_RE[enc].search(text) or not _LEGACY_RE[enc].search(text):
        return False
    if enc == "tcvn3":
        return True
    valid = len(_VNI_ONLY_RE.findall(text))
    orphans = 0
    for m in _VNI_PAIR_RE.finditer(text):
        if m.group() in _VNI:
            valid += 1
        else:
            orphans += 1
    return orphans <= valid


# Code points that Vietnamese Unicode text never holds: a run with one of them is legacy text.
_TCVN3_PROOF_RE = _char_class(_LEGACY_CHARS["tcvn3"] - _VIET_LETTERS - {"\u00ad"})
# VNI pairs that Unicode text also holds ("hoà", "khoá", "hoãn"): no proof either way.
_VNI_SHARED_PAIRS = frozenset(b + m for b in "oO" for m in "àáãÀÁÃ")


def run_evidence(text: str, encoding: str) -> int | None:
    """What a run in a legacy font says about its own encoding: 1 legacy, -1 Unicode, 0 either
    (only code points that are Vietnamese letters too, such as "thùc" or "Báo"), None nothing
    (no code point of the encoding, as in ASCII, or no letter, as in a lone "«")."""
    enc = _encoding(encoding)
    if text.isascii():
        return None
    if _UNICODE_RE[enc].search(text):
        return -1
    if not _LEGACY_RE[enc].search(text):
        return None
    if enc == "tcvn3":
        # A proof byte stands inside a word ("ChÝnh phñ"); alone ("«", "©") it is punctuation.
        inside = any((m.start() > 0 and text[m.start() - 1].isalpha())
                     or (m.end() < len(text) and text[m.end()].isalpha()) for m in _TCVN3_PROOF_RE.finditer(text))
        return 1 if inside else 0 if any(ch.isalpha() for ch in text) else None
    valid = len(_VNI_ONLY_RE.findall(text))
    orphans = 0
    for m in _VNI_PAIR_RE.finditer(text):
        pair = m.group()
        if pair in _VNI_SHARED_PAIRS:
            continue
        if pair in _VNI:
            valid += 1
        else:
            orphans += 1
    return 1 if valid > orphans else -1 if orphans > valid else 0


def split_mark(previous: str, text: str) -> tuple[str, str]:
    """Word may end a VNI run after a base letter and start the next with its mark ("NHA" + "ÂN"):
    move the mark back to its letter so that the pair converts."""
    if previous and text and previous[-1] in _VNI_BASES and text[0] in _VNI_MARKS:
        return previous + text[0], text[1:]
    return previous, text


def convert_run(text: str, font_name: str | None) -> str:
    """Return the NFC Unicode text of a run, converting it when its font is legacy and its text is too.

    Works on one run: join consecutive runs in the same font first, since Word may split a run
    between a VNI base letter and its mark.
    """
    found = legacy_encoding(font_name)
    if found:
        encoding, upper = found
        if is_legacy_text(text, encoding):
            return convert(text, encoding, upper=upper)
        if upper and text.isascii():
            # An "H" font draws plain letters as capitals too (a run split inside "b¸o" leaves "b").
            return text.upper()
    return unicodedata.normalize("NFC", text)
