"""Text normalisation shared by the reader, storage and search."""
from __future__ import annotations

import re
import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC with runs of white space (tabs, line breaks, no-break spaces) folded to one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """Accent- and case-insensitive key for Vietnamese: "Đảng" -> "dang", "Uỷ" -> "uy"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


def natural_key(name: str) -> tuple:
    """Sort key for names as people list them: "Tổ 2" before "Tổ 10", accents and case aside."""
    parts = re.split(r"(\d+)", name)
    return tuple(int(x) if i % 2 else fold(x) for i, x in enumerate(parts)), name
