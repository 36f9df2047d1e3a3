"""Text normalisation: the fast path of clean() gives what folding every paragraph would."""
import random
import unicodedata

from reviewer.textnorm import clean, strip_controls

# White space of every kind Word writes, control and bidi characters, Vietnamese letters precomposed
# and decomposed.
PIECES = (" ", "  ", "\t", "\n", "\r\n", "\xa0", "\u2003", "\u3000", "\x0b", "\x0c", "\x1c", "\x1f", "\x85",
          "\x7f", "\u202a", "\u2066", "\u200b", "Đ", "đ", "ệ", "e\u0302\u0323", "Tổ", "nhất trí", ".", "1.")


def _folded(text: str) -> str:
    return " ".join(strip_controls(unicodedata.normalize("NFC", text)).split())


def test_clean_equals_splitting_every_paragraph():
    rng = random.Random(7)
    for _ in range(50_000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 9)))
        assert clean(text) == _folded(text), repr(text)


def test_clean_keeps_an_already_clean_line_and_folds_the_rest():
    assert clean("Về phát triển kinh tế") == "Về phát triển kinh tế"
    assert clean(" Về\u00a0phát\ttriển \n kinh tế ") == "Về phát triển kinh tế"
    assert clean("Ve\u0302\u0300 kinh te\u0302\u0301") == "Về kinh tế"
    assert clean("Về\u202e kinh tế") == "Về kinh tế"
