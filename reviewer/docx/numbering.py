"""Word automatic numbering: the label Word displays in front of a numbered paragraph.

A paragraph is numbered when it has ``w:numPr`` (``w:numId`` + ``w:ilvl``), directly or through its
paragraph style's ``w:basedOn`` chain. ``w:numId`` names a ``w:num``, which points to a
``w:abstractNum`` holding nine level definitions (``w:lvl``); a ``w:num`` may override levels
(``w:lvlOverride``). :class:`Numbering` replays Word's counters: call :meth:`Numbering.next_label`
once per numbered paragraph, in document order (body paragraphs, table cells included).

Rules implemented (ECMA-376 Part 1, 17.9), with the choices made where Word is not documented:

* Counters belong to the abstractNum, so every ``w:num`` pointing to the same abstractNum continues
  the same sequence (what Word does). A ``w:lvlOverride/w:startOverride`` restarts its level at the
  first paragraph that uses that num; from then on the counter is shared again. Levels without a
  startOverride are not touched (Word keeps counting them across the nums). A replacement ``w:lvl``
  inside ``w:lvlOverride`` changes the look (format, text, start after a restart) but does not restart
  the counter by itself. Fields missing from such a partial ``w:lvl`` are taken from the abstract level.
* A level restarts (back to its start value) when a higher level is used: by default any higher
  level; ``w:lvlRestart w:val="N"`` (one-based) restarts it only when a level ``ilvl < N`` is used,
  ``0`` never restarts it, and a value that does not name a higher level is ignored.
* A higher level that has not been used yet (or was restarted and not used since) shows its start
  value, and that value is consumed: Heading 2 before any Heading 1 shows "1.1" and the first Heading 1
  then shows "2" (Microsoft KB Q110380). Deeper levels referenced in ``w:lvlText`` are shown, not
  consumed.
* ``w:isLgl``: every number in that level's text is shown in Arabic digits; ``decimalZero`` keeps its
  leading zero (Word shows "Section 1.01" for upperRoman + decimalZero).
* ``%N`` of a ``bullet`` or ``none`` level is empty. A bullet level's label is its ``w:lvlText``
  (often a Symbol-font private-use character such as U+F0B7). A missing ``w:lvlText`` gives "".
* Formats: decimal, decimalZero, upper/lowerRoman, upper/lowerLetter (a..z, aa..zz, aaa.. as Word),
  bullet, none. Every other format (ordinal, cardinalText, ordinalText, decimalEnclosedCircle,
  East-Asian counting systems, ...) falls back to decimal digits: Word spells ordinal/cardinal text in
  the paragraph's language, which a Vietnamese report does not use for headings. A missing
  ``w:numFmt`` means decimal (the spec default); the ``mc:Fallback`` of Word 2010 custom formats
  is read.
* ``w:numStyleLink`` (an abstractNum that only points to a numbering style): the style's
  ``w:numId`` (from styles.xml) names the num whose abstractNum holds the levels; without styles.xml
  the abstractNum whose ``w:styleLink`` has the same name is used. All nums of such a list share
  the counters of the abstractNum that holds the levels.
* Levels are 0..8. Malformed input never raises: unknown num/abstractNum/level gives ``None``,
  bad numbers fall back to the spec defaults.

The reader maps ISO-strict namespaces to the transitional ``W`` before parsing, so only ``W`` is read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
_VAL = _W + "val"
LEVELS = 9
_MAX = 32767  # Word's largest list number; also keeps letters/roman of absurd values short
_FALSE = {"0", "false", "off"}
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


@dataclass(frozen=True)
class ListLabel:
    """The number Word shows for one paragraph."""

    text: str  # what Word displays, e.g. "1.2." ; "" for a level with lvlText "" ; bullets: the bullet
    fmt: str  # numFmt of the level: "decimal", "upperRoman", "lowerLetter", "bullet", "none", ...
    ilvl: int
    num_id: str
    abstract_id: str  # the abstractNum that holds the levels and the counters (after numStyleLink)


# ----------------------------------------------------------------------------- number formats

def to_roman(n: int, upper: bool = True) -> str:
    """Roman numeral as Word writes it (1 -> I, 4 -> IV, 1999 -> MCMXCIX).

    Outside 1..32767 (Word's largest list number) the decimal digits are returned.
    """
    if not 0 < n <= _MAX:
        return str(n)
    out = []
    for value, digits in _ROMAN:
        count, n = divmod(n, value)
        out.append(digits * count)
    text = "".join(out)
    return text if upper else text.lower()


def to_letters(n: int, upper: bool = False) -> str:
    """Word's letter numbering: a..z, then aa, bb, ..., zz, then aaa ... ; outside 1..32767: digits."""
    if not 0 < n <= _MAX:
        return str(n)
    letter = chr((ord("A") if upper else ord("a")) + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def to_decimal_zero(n: int) -> str:
    """decimalZero: 01..09, then 10, 11 ..."""
    return f"0{n}" if 0 <= n < 10 else str(n)


def format_number(n: int, fmt: str) -> str:
    """One level's number in the given w:numFmt. Unsupported formats give decimal digits."""
    if fmt == "decimal":
        return str(n)
    if fmt == "upperRoman" or fmt == "lowerRoman":
        return to_roman(n, fmt == "upperRoman")
    if fmt == "upperLetter" or fmt == "lowerLetter":
        return to_letters(n, fmt == "upperLetter")
    if fmt == "decimalZero":
        return to_decimal_zero(n)
    if fmt == "bullet" or fmt == "none":
        return ""
    return str(n)


# ----------------------------------------------------------------------------- parsing helpers

def _int(text: str | None, default: int | None) -> int | None:
    if text is None:
        return default
    try:
        return int(text.strip())
    except ValueError:
        return default


def _norm_id(text: str | None) -> str | None:
    """Ids are compared as numbers when they are numbers ("01" == "1")."""
    if text is None:
        return None
    text = text.strip()
    return str(int(text)) if text.isascii() and text.isdigit() else text


def _child_val(el, tag: str) -> str | None:
    child = el.find(_W + tag)
    return None if child is None else child.get(_VAL)


def _num_pr(ppr) -> tuple[str | None, int | None]:
    """(numId, ilvl) written in a w:pPr, each None when absent."""
    if ppr is None:
        return None, None
    num_pr = ppr.find(_W + "numPr")
    if num_pr is None:
        return None, None
    ilvl = _child_val(num_pr, "ilvl")
    return _norm_id(_child_val(num_pr, "numId")), (None if ilvl is None else _int(ilvl, 0))


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str
    start: int
    parts: tuple[str | int, ...]  # literal text, or the 0-based index of the level a %N stands for
    restart: int | None  # w:lvlRestart, None when absent
    is_lgl: bool
    p_style: str | None
    text: str  # the raw w:lvlText


_DEFAULT_LEVEL = _Level("decimal", 1, (), None, False, None, "")


def _template(text: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for i, piece in enumerate(_PLACEHOLDER.split(text)):
        if i % 2:
            parts.append(int(piece) - 1)
        elif piece:
            parts.append(piece)
    return tuple(parts)


def _parse_level(lvl, base: _Level) -> _Level:
    """Read a w:lvl; what it does not say comes from ``base`` (the spec defaults or the abstract level)."""
    fmt_el = lvl.find(_W + "numFmt")
    if fmt_el is None:  # Word 2010 custom formats: <mc:AlternateContent> ... <mc:Fallback><w:numFmt/>
        fmt_el = lvl.find(f"{{{MC}}}AlternateContent/{{{MC}}}Fallback/{_W}numFmt")
    fmt = base.fmt if fmt_el is None else (fmt_el.get(_VAL) or "decimal")
    text_el = lvl.find(_W + "lvlText")
    text = base.text if text_el is None else (text_el.get(_VAL) or "")
    restart_el = lvl.find(_W + "lvlRestart")
    lgl_el = lvl.find(_W + "isLgl")
    style = _child_val(lvl, "pStyle")
    return _Level(
        fmt=fmt,
        start=_int(_child_val(lvl, "start"), base.start),
        parts=_template(text) if text_el is not None else base.parts,
        restart=base.restart if restart_el is None else _int(restart_el.get(_VAL), None),
        is_lgl=base.is_lgl if lgl_el is None else (lgl_el.get(_VAL) or "1").lower() not in _FALSE,
        p_style=base.p_style if style is None else style,
        text=text,
    )


def _ilvl_of(el) -> int | None:
    ilvl = _int(el.get(_W + "ilvl"), None)
    return ilvl if ilvl is not None and 0 <= ilvl < LEVELS else None


@dataclass(slots=True)
class _Num:
    abstract: str  # counter key: the abstractNum holding the levels
    levels: tuple[_Level | None, ...]
    restarts: tuple[int, ...]  # levels with a w:startOverride, restarted at the num's first use


class _Styles:
    """Paragraph numbering inherited through styles.xml (w:basedOn chains)."""

    def __init__(self, styles_root) -> None:
        self.based_on: dict[str, str] = {}
        self.num_pr: dict[str, tuple[str | None, int | None]] = {}
        self.default: str | None = None
        if styles_root is None:
            return
        if hasattr(styles_root, "getroot"):
            styles_root = styles_root.getroot()
        for style in styles_root.iter(_W + "style"):
            sid = style.get(_W + "styleId")
            if sid is None:
                continue
            based = _child_val(style, "basedOn")
            if based:
                self.based_on[sid] = based
            num_id, ilvl = _num_pr(style.find(_W + "pPr"))
            if num_id is not None or ilvl is not None:
                self.num_pr[sid] = (num_id, ilvl)
            if (style.get(_W + "type") == "paragraph" and self.default is None
                    and (style.get(_W + "default") or "").lower() in {"1", "true", "on"}):
                self.default = sid

    def resolve(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a style gives, each looked up separately along its basedOn chain."""
        num_id = ilvl = None
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and (num_id is None or ilvl is None):
            seen.add(style_id)
            s_num, s_ilvl = self.num_pr.get(style_id, (None, None))
            num_id = s_num if num_id is None else num_id
            ilvl = s_ilvl if ilvl is None else ilvl
            style_id = self.based_on.get(style_id)
        return num_id, ilvl

    def paragraph(self, p) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, style id) of a w:p: direct numPr first, then its style's."""
        ppr = p.find(_W + "pPr")
        num_id, ilvl = _num_pr(ppr)
        style_id = None if ppr is None else _child_val(ppr, "pStyle")
        if style_id is None:
            style_id = self.default
        if num_id is None or ilvl is None:
            s_num, s_ilvl = self.resolve(style_id)
            num_id = s_num if num_id is None else num_id
            ilvl = s_ilvl if ilvl is None else ilvl
        return num_id, ilvl, style_id


_STYLE_CACHE: list[tuple[object, _Styles]] = []


def paragraph_num(p, styles_root=None) -> tuple[str, int] | None:
    """(numId, ilvl) of a w:p from its own w:numPr or its style's (basedOn chain, numId and ilvl
    inherited separately); None when not numbered or numbered with numId 0 ("no numbering").

    Plain OOXML inheritance only; :meth:`Numbering.paragraph_num` also knows the styles that a list
    level names with w:pStyle. The parsed styles of the last few ``styles_root`` are cached.
    """
    styles = next((s for root, s in _STYLE_CACHE if root is styles_root), None)
    if styles is None:
        styles = _Styles(styles_root)
        _STYLE_CACHE.insert(0, (styles_root, styles))
        del _STYLE_CACHE[4:]
    num_id, ilvl, _ = styles.paragraph(p)
    if num_id is None or num_id == "0":
        return None
    return num_id, (ilvl if ilvl is not None and 0 <= ilvl < LEVELS else 0)


# ----------------------------------------------------------------------------- numbering

class Numbering:
    """Numbering definitions of one document plus the counters of a pass through it."""

    def __init__(self) -> None:
        self._nums: dict[str, _Num] = {}
        self._by_style: dict[str, tuple[str, int]] = {}  # style linked by lvl/pStyle -> (numId, ilvl)
        self._style_level: dict[tuple[str, str], int] = {}  # (abstract, style) -> ilvl
        self._styles = _Styles(None)
        self._counters: dict[str, list[int | None]] = {}
        self._used: set[str] = set()

    @classmethod
    def from_xml(cls, root, styles_root=None) -> Numbering:
        """Build from the numbering.xml root (None: a document without numbering) and styles.xml."""
        self = cls()
        self._styles = _Styles(styles_root)
        if root is None:
            return self
        if hasattr(root, "getroot"):
            root = root.getroot()
        abstracts: dict[str, object] = {}
        for el in root.iterchildren(_W + "abstractNum"):
            aid = _norm_id(el.get(_W + "abstractNumId"))
            if aid is not None:
                abstracts.setdefault(aid, el)
        num_els: dict[str, object] = {}
        for el in root.iterchildren(_W + "num"):
            nid = _norm_id(el.get(_W + "numId"))
            if nid is not None and nid != "0":
                num_els.setdefault(nid, el)
        num_abstract = {nid: _norm_id(_child_val(el, "abstractNumId")) for nid, el in num_els.items()}
        style_links = {}
        for aid, el in abstracts.items():
            name = _child_val(el, "styleLink")
            if name and el.find(_W + "lvl") is not None:
                style_links.setdefault(name, aid)

        def owner(aid: str | None) -> str | None:
            """Follow w:numStyleLink to the abstractNum that defines the levels."""
            seen: set[str] = set()
            while aid in abstracts and aid not in seen:
                seen.add(aid)
                link = _child_val(abstracts[aid], "numStyleLink")
                if not link:
                    return aid
                via_style = self._styles.resolve(link)[0]
                target = num_abstract.get(via_style) if via_style else None
                if target not in abstracts or target in seen:
                    target = style_links.get(link)
                if target is None or target in seen:
                    return aid  # unresolvable link: whatever levels this abstractNum has itself
                aid = target
            return aid if aid in abstracts else None

        abstract_levels: dict[str, tuple[_Level | None, ...]] = {}
        for aid, el in abstracts.items():
            levels: list[_Level | None] = [None] * LEVELS
            for lvl in el.iterchildren(_W + "lvl"):
                ilvl = _ilvl_of(lvl)
                if ilvl is not None and levels[ilvl] is None:
                    levels[ilvl] = _parse_level(lvl, _DEFAULT_LEVEL)
            abstract_levels[aid] = tuple(levels)

        order = sorted(num_els, key=lambda n: (len(n), n))
        for nid in order:
            key = owner(num_abstract[nid])
            if key is None:
                continue
            levels = list(abstract_levels[key])
            restarts = []
            for ov in num_els[nid].iterchildren(_W + "lvlOverride"):
                ilvl = _ilvl_of(ov)
                if ilvl is None:
                    continue
                lvl = ov.find(_W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _parse_level(lvl, levels[ilvl] or _DEFAULT_LEVEL)
                start = _int(_child_val(ov, "startOverride"), None)
                if start is not None:
                    levels[ilvl] = replace(levels[ilvl] or _DEFAULT_LEVEL, start=start)
                    restarts.append(ilvl)
            self._nums[nid] = _Num(key, tuple(levels), tuple(restarts))
        # Styles named by a level's w:pStyle, preferring plain nums (no overrides) with the lowest id.
        for nid in sorted(order, key=lambda n: bool(self._nums.get(n) and self._nums[n].restarts)):
            num = self._nums.get(nid)
            if num is None:
                continue
            for ilvl, level in enumerate(abstract_levels[num.abstract]):
                if level is not None and level.p_style:
                    self._by_style.setdefault(level.p_style, (nid, ilvl))
                    self._style_level.setdefault((num.abstract, level.p_style), ilvl)
        return self

    # -- lookups

    def _num(self, num_id: str) -> tuple[str, _Num] | None:
        num = self._nums.get(num_id)
        if num is None:
            num_id = _norm_id(num_id) if isinstance(num_id, str) else str(num_id)
            num = self._nums.get(num_id)
        return None if num is None else (num_id, num)

    def level_style(self, num_id: str, ilvl: int) -> str | None:
        """The paragraph style a level is linked to (its w:pStyle), if any."""
        found = self._num(num_id)
        if found is None or not isinstance(ilvl, int) or not 0 <= ilvl < LEVELS:
            return None
        level = found[1].levels[ilvl]
        return None if level is None else level.p_style

    def style_for_level(self, style_id: str) -> tuple[str, int] | None:
        """(numId, ilvl) of the list level that names this paragraph style with w:pStyle, if any."""
        return self._by_style.get(style_id)

    def paragraph_num(self, p) -> tuple[str, int] | None:
        """(numId, ilvl) of a w:p, as Word resolves it.

        Direct w:numPr first, then the paragraph style's (basedOn chain; numId and ilvl are inherited
        separately). A style that has no numPr but is named by a list level's w:pStyle is numbered
        at that level. An ilvl given nowhere is the level linked to the style in that list, else 0.
        numId 0 (numbering removed) and unknown numIds give None.
        """
        num_id, ilvl, style_id = self._styles.paragraph(p)
        if num_id is None and style_id is not None:
            link = self._by_style.get(style_id)
            if link is not None:
                num_id, ilvl = link[0], (link[1] if ilvl is None else ilvl)
        if num_id is None or num_id == "0":
            return None
        found = self._num(num_id)
        if found is None:
            return None
        if ilvl is None or not 0 <= ilvl < LEVELS:
            ilvl = self._style_level.get((found[1].abstract, style_id or ""), 0)
        return found[0], ilvl

    # -- counting

    def next_label(self, num_id: str, ilvl: int) -> ListLabel | None:
        """Count one paragraph numbered (num_id, ilvl) and return its label, in document order.

        None when num_id is "0" (numbering removed), unknown, or names a level that is not defined.
        """
        found = self._num(num_id)
        try:
            ilvl = int(ilvl)
        except (TypeError, ValueError):
            return None
        if found is None or not 0 <= ilvl < LEVELS:
            return None
        num_id, num = found
        levels = num.levels
        level = levels[ilvl]
        if level is None:
            return None
        counters = self._counters.get(num.abstract)
        if counters is None:
            counters = self._counters[num.abstract] = [None] * LEVELS
        if num_id not in self._used:
            self._used.add(num_id)
            for k in num.restarts:
                counters[k] = None
        for k in range(ilvl):  # unused higher levels take (and consume) their start value
            if counters[k] is None:
                counters[k] = levels[k].start if levels[k] is not None else 1
        value = counters[ilvl]
        counters[ilvl] = level.start if value is None else value + 1
        for j in range(ilvl + 1, LEVELS):
            if counters[j] is not None:
                rule = levels[j].restart if levels[j] is not None else None
                # lvlRestart N (one-based): restart when a level ilvl < N is used; 0: never; a value
                # that does not name a higher level is ignored (default: any higher level).
                if rule is None or rule < 0 or rule > j or ilvl < rule:
                    counters[j] = None
        text = "".join(part if isinstance(part, str) else self._render(levels, counters, part, level.is_lgl)
                       for part in level.parts)
        return ListLabel(text, level.fmt, ilvl, num_id, num.abstract)

    @staticmethod
    def _render(levels, counters, k: int, legal: bool) -> str:
        level = levels[k]
        fmt = level.fmt if level is not None else "decimal"
        value = counters[k]
        if value is None:
            value = level.start if level is not None else 1
        if legal and fmt not in ("decimalZero", "bullet", "none"):
            fmt = "decimal"
        return format_number(value, fmt)

    def reset(self) -> None:
        """Forget the counters (start a new pass over the document)."""
        self._counters.clear()
        self._used.clear()
