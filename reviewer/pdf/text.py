"""Text for the PDF export: the bundled fonts, normalisation, and fast plain-text paragraphs.

:class:`TextBlock` is a flowable paragraph of plain-text runs (regular, bold, italic, bold italic) in
one size. It never goes through reportlab's markup parser, so user text such as ``<b>x</b>`` or
``a & b`` prints literally, and it breaks lines itself: words are measured with a memo of word
widths (Vietnamese prose is made of a few thousand distinct syllables) and every line is drawn
with one text positioning, one ``Tw`` for justification and one string per font change. For the
thousands of short paragraphs of a comment export this is several times cheaper than
``reportlab.platypus.Paragraph``, whose per-paragraph and per-line costs dominate such a document.
:class:`TextOut` writes those lines into the page with each font's subset codes looked up once per
character and document (:class:`_Encoding`) instead of reportlab's character-by-character work.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence

from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable

from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.paths import resource_path

# ---------------------------------------------------------------- fonts

FAMILY = "LiberationSerif"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = ("LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
                                      "LiberationSerif-BoldItalic")
FONT_FILES = {REGULAR: "LiberationSerif-Regular.ttf", BOLD: "LiberationSerif-Bold.ttf",
              ITALIC: "LiberationSerif-Italic.ttf", BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf"}
FACE = {"": REGULAR, "b": BOLD, "i": ITALIC, "bi": BOLD_ITALIC}

_font_lock = threading.Lock()
_covered: frozenset[int] | None = None
_fonts: dict[str, _Font] = {}


class _Font(TTFont):
    """A TrueType font that remembers the width of each string it has measured."""

    MEMO = 200_000

    @staticmethod
    def _memorable(text: str) -> bool:
        # Words, not whole lines; and not the comments' numbers ("1234", "1234."): a long document
        # makes one for each comment and never repeats it.
        return len(text) <= 40 and not (len(text) >= 4 and text.rstrip(".").isdigit())

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self._memo: dict[str, float] = {}
        self._sized: dict[float, dict[str, float]] = {}  # size -> {word: width at that size}

    def width(self, text: str) -> float:
        """Width of ``text`` at 1 pt (per mille of the em, times 0.001)."""
        width = self._memo.get(text)
        if width is None:
            get, default = self.face.charWidths.get, self.face.defaultWidth
            width = 0.001 * sum([get(ord(c), default) for c in text])
            if len(self._memo) < self.MEMO and self._memorable(text):
                self._memo[text] = width
        return width

    def widths(self, texts: list[str], size: float) -> list[float]:
        """Widths of ``texts`` (words) at ``size``: one dictionary lookup each once they are known."""
        memo = self._sized.get(size)
        if memo is None:
            memo = self._sized.setdefault(size, {})
        found = list(map(memo.get, texts))
        if None in found:
            for k, w in enumerate(found):
                if w is None:
                    text = texts[k]
                    w = found[k] = self.width(text) * size
                    if len(memo) < self.MEMO and self._memorable(text):
                        memo[text] = w
        return found

    def stringWidth(self, text, size, encoding="utf8"):
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        return self.width(text) * size


def register_fonts() -> None:
    """Register the bundled Liberation Serif faces with reportlab (once per process)."""
    global _covered
    with _font_lock:
        if _covered is not None:
            return
        covered: set[int] | None = None
        for name, file_name in FONT_FILES.items():
            path = resource_path("fonts", file_name)
            if not path.is_file():
                raise ReviewerError(_("The font file “{path}” is missing; reinstall Draft Reviewer.").format(
                    path=path))
            font = _Font(name, str(path))
            pdfmetrics.registerFont(font)
            _fonts[name] = font
            chars = set(font.face.charToGlyph)
            covered = chars if covered is None else covered & chars
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
        _covered = frozenset(covered or ())


def font(name: str) -> _Font:
    register_fonts()
    return _fonts[name]


def missing_characters(texts: Sequence[str]) -> str:
    """The characters of ``texts`` that one of the four faces cannot draw (they would print as boxes)."""
    seen = Characters()
    seen.add(*texts)
    return seen.missing()


class Characters:
    """The distinct characters of the texts added so far: a document's texts pass by once, as it is
    made, and are not kept."""

    def __init__(self):
        self.seen: set[str] = set()

    def add(self, *texts: str | None) -> None:
        for t in texts:
            if t:
                self.seen.update(normalize(t))

    def missing(self) -> str:
        """Those that one of the four faces cannot draw (they would print as boxes)."""
        register_fonts()
        assert _covered is not None
        return "".join(sorted(c for c in self.seen if ord(c) not in _covered and c not in "\n "))


# ---------------------------------------------------------------- normalisation

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_RUNS_OF_SPACES = re.compile(r"[ \u00a0]{2,}")
_SEPARATORS = re.compile(r"(\n|[^\S\n\u00a0]+)")  # line breaks; white space other than no-break spaces


def normalize(text: str | None) -> str:
    """NFC, with Windows line ends, tabs and control characters made harmless."""
    text = unicodedata.normalize("NFC", text or "")
    if text.isprintable():  # nearly always: no line ends, tabs or control characters to look at
        return text
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def clean(text: str | None) -> str:
    """:func:`normalize` without leading or trailing white space."""
    return normalize(text).strip()


def one_line(text: str | None) -> str:
    return " ".join(normalize(text).split())


def keep_spaces(text: str) -> str:
    """Runs of spaces as no-break spaces, so "Số      -BC/TU" keeps the gap left for the number."""
    return _RUNS_OF_SPACES.sub(lambda m: "\u00a0" * len(m.group()), clean(text))


# ---------------------------------------------------------------- paragraphs

Run = tuple[str, str]  # (text, face): face is "", "b", "i" or "bi"

# What comes before a token: nothing (glued to the previous one, no break allowed), a space, a line
# break, or nothing but a break is allowed (pieces of a word too long for the line).
GLUE, SPACE, BREAK, SOFT = 0, 1, 2, 3


def tokens_of(runs: Sequence[Run]) -> tuple[list[str], list[str], list[int]]:
    """The runs (NFC) as parallel lists: token texts, their font names, and what precedes each.

    Pieces of different runs not separated by white space are glued (“ + an italic quote + ”
    never breaks across lines); no-break spaces stay inside tokens.
    """
    texts: list[str] = []
    fonts: list[str] = []
    gaps: list[int] = []
    gap = GLUE
    for text, face in runs:
        name = FACE[face]
        text = normalize(text)
        if not text:
            continue
        if "\n" in text or "\u00a0" in text:
            for piece in _SEPARATORS.split(text):
                if not piece:
                    continue
                if piece == "\n":
                    gap = BREAK
                elif piece[0] != "\u00a0" and piece.isspace():
                    gap = max(gap, SPACE)
                else:
                    gaps.append(gap if texts else GLUE)
                    texts.append(piece)
                    fonts.append(name)
                    gap = GLUE
            continue
        parts = text.split()  # the common case, without a regular expression
        if not parts:
            gap = max(gap, SPACE)
            continue
        if text[0].isspace():
            gap = max(gap, SPACE)
        gaps.append(gap if texts else GLUE)
        gaps += [SPACE] * (len(parts) - 1)
        texts += parts
        fonts += [name] * len(parts)
        gap = SPACE if text[-1].isspace() else GLUE
    return texts, fonts, gaps


class Positioned(Flowable):
    """A flowable that draws at page positions (:meth:`draw_at`) rather than through platypus's
    save, translate and restore of the graphics state around every flowable; it must leave the
    graphics state as it found it."""

    def drawOn(self, canvas, x, y, _sW=0):
        if _sW and getattr(self, "hAlign", "LEFT") in ("CENTER", "CENTRE", TA_CENTER):
            x += 0.5 * _sW
        elif _sW and getattr(self, "hAlign", "LEFT") in ("RIGHT", TA_RIGHT):
            x += _sW
        self.canv = canvas
        self.draw_at(canvas, x, y)

    def draw(self):
        self.draw_at(self.canv, 0.0, 0.0)

    def draw_at(self, canv, x0: float, y0: float) -> None:
        raise NotImplementedError


class TextBlock(Positioned):
    """A paragraph of plain-text runs in one size; see the module's docstring.

    Honours the style's fontSize, leading, leftIndent, rightIndent, firstLineIndent, alignment
    (left, centre, right, justified: the last line and lines ending in a break stay left),
    textColor, spaceBefore and spaceAfter. Splits between lines, never leaving a single line of a
    longer paragraph alone at the bottom or the top of a page.
    """

    def __init__(self, texts: list[str], fonts: list[str], gaps: list[int], style: ParagraphStyle, *,
                 first: bool = True):
        super().__init__()
        self.texts, self.fonts, self.gaps = texts, fonts, gaps
        self.style = style
        self.first = first
        self.spaceBefore = style.spaceBefore if first else 0
        self.spaceAfter = style.spaceAfter
        self._lines: list[tuple] | None = None  # (start, end, width, spaces, indent, room, justify)
        self._for_width = -1.0

    @classmethod
    def of(cls, runs: Sequence[Run] | str, style: ParagraphStyle) -> TextBlock:
        return cls(*tokens_of([(runs, "")] if isinstance(runs, str) else runs), style)

    @property
    def text(self) -> str:
        return "".join((" " if g == SPACE else "\n" if g == BREAK else "") + t
                       for t, g in zip(self.texts, self.gaps, strict=True)).strip()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text[:40]!r})"

    # ------------------------------------------------------------ layout

    def _widths(self) -> list[float]:
        size = self.style.fontSize
        fonts = self.fonts
        if fonts and fonts[0] == fonts[-1] and fonts.count(fonts[0]) == len(fonts):
            return _fonts[fonts[0]].widths(self.texts, size)
        return [_fonts[f].width(t) * size for f, t in zip(fonts, self.texts, strict=True)]

    def _layout(self, width: float) -> list[tuple]:
        st = self.style
        size = st.fontSize
        base = width - st.leftIndent - st.rightIndent
        indent = st.leftIndent + (st.firstLineIndent if self.first else 0.0)
        room = base - (st.firstLineIndent if self.first else 0.0)
        justify = st.alignment == TA_JUSTIFY
        texts, fonts, gaps = self.texts, self.fonts, self.gaps
        widths = self._widths()
        spaces_of = {name: _fonts[name].width(" ") * size for name in set(fonts)}
        lines: list[tuple] = []
        n = len(texts)
        start, used, spaces = 0, 0.0, 0
        i = 0
        while i < n:
            j, w = i + 1, widths[i]
            while j < n and gaps[j] == GLUE:  # a word: tokens glued together
                w += widths[j]
                j += 1
            if i > start:
                gap = gaps[i]
                space = spaces_of[fonts[i - 1]] if gap == SPACE else 0.0
                if gap == BREAK or used + space + w > room:
                    lines.append((start, i, used, spaces, indent, room, justify and gap != BREAK))
                    start, used, spaces = i, 0.0, 0
                    indent, room = st.leftIndent, base
                else:
                    used += space + w
                    spaces += gap == SPACE
                    i = j
                    continue
            if w > room + 1e-6:  # a word wider than the line: cut it between characters
                texts, fonts, gaps, widths = self._cut(i, j, room, base, size)
                n = len(texts)
                continue
            used = w
            i = j
        lines.append((start, n, used, spaces, indent, room, False))
        return lines

    def _cut(self, i: int, j: int, room: float, base: float, size: float):
        """Replace tokens i..j (one word wider than the line) by pieces that fit, with a break allowed
        between them; returns the new token lists (kept: they print the same at any width)."""
        pieces: list[tuple[str, str, bool]] = []  # (text, font, a break is allowed before it)
        text, name, soft, width, limit = "", "", False, 0.0, room
        for k in range(i, j):
            f = _fonts[self.fonts[k]]
            for ch in self.texts[k]:
                cw = f.width(ch) * size
                if text and width + cw > limit:
                    pieces.append((text, name, soft))
                    text, soft, width, limit = "", True, 0.0, base
                elif text and self.fonts[k] != name:
                    pieces.append((text, name, soft))
                    text, soft = "", False
                text, name = text + ch, self.fonts[k]
                width += cw
        pieces.append((text, name, soft))
        self.texts = self.texts[:i] + [p[0] for p in pieces] + self.texts[j:]
        self.fonts = self.fonts[:i] + [p[1] for p in pieces] + self.fonts[j:]
        self.gaps = self.gaps[:i] + [self.gaps[i]] + [SOFT if p[2] else GLUE for p in pieces[1:]] + self.gaps[j:]
        return self.texts, self.fonts, self.gaps, self._widths()

    def wrap(self, availWidth, availHeight):
        if self._lines is None or abs(self._for_width - availWidth) > 1e-6:
            self._lines = self._layout(availWidth)
            self._for_width = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        lines = self._lines
        assert lines is not None
        n = int((availHeight + 1e-6) // self.style.leading)
        total = len(lines)
        if n >= total:
            return []  # (never [self]: platypus would try the same flowable again, forever)
        if total - n == 1:
            n -= 1  # no widow: the last line does not go alone to the next page
        if n < 2:
            return []  # nothing fits, or a first line would stay alone at the bottom of a page
        cut = lines[n][0]
        head = type(self)(self.texts[:cut], self.fonts[:cut], self.gaps[:cut], self.style, first=self.first)
        head._lines, head._for_width = lines[:n], availWidth
        head.spaceAfter = 0
        tail = type(self)(self.texts[cut:], self.fonts[cut:], [GLUE] + self.gaps[cut + 1:], self.style, first=False)
        tail._lines = [(a - cut, b - cut, *rest) for a, b, *rest in lines[n:]]
        tail._for_width = availWidth
        return [head, tail]

    # ------------------------------------------------------------ drawing

    def draw_at(self, canv, x0: float, y0: float) -> None:
        """Draw with the bottom left corner at (x0, y0)."""
        out = TextOut(canv)
        self.emit(out, x0, y0)
        out.close()

    def emit(self, out: TextOut, x0: float, y0: float) -> None:
        """Add the paragraph to the text object ``out`` (several paragraphs can share one)."""
        st = self.style
        lines = self._lines or []
        size, leading = st.fontSize, st.leading
        texts, fonts, gaps = self.texts, self.fonts, self.gaps
        code, show = out.code, out.show
        n = len(texts)
        uniform = n and fonts.count(fonts[0]) == n and gaps.count(SPACE) == n - 1
        colored = st.textColor is not None and st.textColor is not black and st.textColor != black
        if colored:
            code.append("{:.3f} {:.3f} {:.3f} rg".format(*st.textColor.rgb()))
        y = y0 + self.height - size
        for start, end, used, spaces, indent, room, justify in lines:
            if start == end:
                y -= leading
                continue
            extra = room - used
            x = x0 + indent + (extra / 2 if st.alignment == TA_CENTER else extra if st.alignment == TA_RIGHT
                               else 0.0)
            ws = 0.0
            if justify and spaces and extra > 0:  # word spacing widens no-break spaces too (the same code)
                ws = extra / (spaces + "".join(texts[start:end]).count("\u00a0"))
            if ws != out.word_space:
                code.append(f"{ws:.4f} Tw")
                out.word_space = ws
            at = f"1 0 0 1 {x:.3f} {y:.3f} Tm"
            name = fonts[start]
            if uniform:
                show(name, size, " ".join(texts[start:end]), at)
                y -= leading
                continue
            line_fonts, line_gaps = fonts[start:end], gaps[start + 1:end]
            if line_fonts.count(name) == len(line_fonts) and line_gaps.count(SPACE) == len(line_gaps):
                show(name, size, " ".join(texts[start:end]), at)  # one font, words separated by spaces
            else:
                code.append(at)
                part: list[str] = []
                for k in range(start, end):
                    if k > start and gaps[k] == SPACE:
                        part.append(" ")
                    if fonts[k] != name:
                        if part:
                            show(name, size, "".join(part))
                        part, name = [], fonts[k]
                    part.append(texts[k])
                show(name, size, "".join(part))
            y -= leading
        if colored:
            code.append("0 0 0 rg")


# ---------------------------------------------------------------- writing text

# A byte of a subset's code as it is written inside a PDF string, as reportlab's escapePDF writes it.
_ESCAPED = [f"\\{c:03o}" if c < 32 or c >= 127 else "\\" + chr(c) if chr(c) in "\\()" else chr(c)
            for c in range(256)]


class _Encoding:
    """How the text of one font is written in one PDF document.

    reportlab embeds a TrueType font as subsets of 256 glyphs and gives each character a code in
    one of them the first time ``splitString`` meets it. It then splits, encodes and escapes
    every string character by character in Python, which was the largest single cost of an
    export. Here each character is asked of reportlab once per document (so the subsets and the
    embedded fonts are reportlab's own) and remembered with its escaped code; a string whose
    characters all sit in the first subset, nearly every string, is then one ``str.translate``.
    """

    def __init__(self, font: TTFont, doc):
        self.font, self.doc = font, doc
        self.first = _FirstSubset(self)  # ord(char) -> escaped code, for the chars of subset 0
        self.codes: dict[str, tuple[int, str]] = {}  # char -> (subset, escaped code)
        self.names: dict[int, str] = {}  # subset -> PDF font resource name ("/F1+0")
        self.elsewhere = False  # set when a translation met a character of another subset

    def name(self, subset: int) -> str:
        name = self.names.get(subset)
        if name is None:
            name = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return name

    def code(self, ch: str) -> tuple[int, str]:
        found = self.codes.get(ch)
        if found is None:
            ((subset, code),) = self.font.splitString(ch, self.doc)
            found = self.codes[ch] = (subset, _ESCAPED[code[0]])
            if subset == 0:
                self.first[ord(ch)] = found[1]
        return found

    def chunks(self, text: str) -> list[tuple[int, str]]:
        """``text`` as (subset, escaped string) pieces, in order."""
        out: list[tuple[int, str]] = []
        current, part = -1, []
        for ch in text:
            subset, escaped = self.code(ch)
            if subset != current:
                if part:
                    out.append((current, "".join(part)))
                current, part = subset, []
            part.append(escaped)
        out.append((current, "".join(part)))
        return out


class _FirstSubset(dict):
    """The translation table of a font's first subset, which learns each character the first time
    ``str.translate`` meets it; a character of another subset is left as it is and flagged."""

    def __init__(self, encoding: _Encoding):
        super().__init__()
        self.encoding = encoding

    def __missing__(self, key: int) -> str:
        subset, escaped = self.encoding.code(chr(key))
        if subset:
            self.encoding.elsewhere = True
            raise LookupError(key)  # str.translate then keeps the character
        return escaped


def _encodings_of(doc) -> dict[str, _Encoding]:
    """The encodings of one PDF document (by font name), kept on the document so they go with it."""
    found = doc.__dict__.get("_reviewer_encodings")
    if found is None:
        found = doc.__dict__["_reviewer_encodings"] = {}
    return found


class TextOut:
    """One PDF text object (``BT`` … ``ET``) written straight into a canvas's page.

    Paragraphs add positioned lines to it (:meth:`TextBlock.emit`); :meth:`close` puts it on the
    page. It leaves the graphics state as it found it: word spacing goes back to 0 and a
    paragraph that changes the fill colour sets it back to black.
    """

    __slots__ = ("canv", "code", "word_space", "_current", "_encodings")

    def __init__(self, canv):
        self.canv = canv
        self.code: list[str] = ["BT"]
        self.word_space = 0.0
        self._current: tuple | None = None  # (font name, subset, size) set by the last Tf
        self._encodings = _encodings_of(canv._doc)

    def show(self, name: str, size: float, text: str, at: str = "") -> None:
        """Write ``text`` in font ``name`` after ``at`` (a positioning operator, or nothing to go on
        from the current position)."""
        enc = self._encodings.get(name)
        if enc is None:
            enc = self._encodings[name] = _Encoding(_fonts[name], self.canv._doc)
        code = self.code
        enc.elsewhere = False
        escaped = text.translate(enc.first)
        if not enc.elsewhere:  # the whole text in the first subset: the common case, in one piece
            key = (name, 0, size)
            if key != self._current:
                code.append(f"{enc.name(0)} {size:g} Tf")
                self._current = key
            code.append(f"{at} ({escaped}) Tj" if at else f"({escaped}) Tj")
            return
        if at:
            code.append(at)
        for subset, escaped in enc.chunks(text):
            key = (name, subset, size)
            if key != self._current:
                code.append(f"{enc.name(subset)} {size:g} Tf")
                self._current = key
            code.append(f"({escaped}) Tj")

    def close(self) -> None:
        if self.word_space:
            self.code.append("0 Tw")
        self.code.append("ET")
        self.canv._code.append(" ".join(self.code))
        self.code = []


class Text:
    """Builds :class:`TextBlock` paragraphs; every string is NFC-normalised on the way."""

    def para(self, runs: Sequence[Run] | str, style: ParagraphStyle, cls: type[TextBlock] = TextBlock) -> TextBlock:
        return cls(*tokens_of([(runs, "")] if isinstance(runs, str) else runs), style)

    def paras(self, text: str, style: ParagraphStyle, lead: Sequence[Run] = (), face: str = "") -> list[TextBlock]:
        """One paragraph per line of ``text`` (blank lines dropped); ``lead`` runs open the first one."""
        lines = [ln for ln in clean(text).split("\n") if ln.strip()] or [""]
        out = [self.para(list(lead) + [(lines[0], face)], style)]
        out.extend(self.para([(ln, face)], style) for ln in lines[1:])
        return out
