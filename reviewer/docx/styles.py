"""Resolve Word styles: outline levels, numbering and character formatting through ``basedOn``."""
from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.docx.package import W_NS

W = f"{{{W_NS}}}"
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_OFF = {"0", "false", "off", "none"}


def on_off(el) -> bool | None:
    """A WordprocessingML on/off property: present means on unless w:val says otherwise."""
    if el is None:
        return None
    return el.get(W + "val", "1").lower() not in _OFF


@dataclass(slots=True)
class CharFormat:
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    font: str | None = None

    def merged(self, over: CharFormat) -> CharFormat:
        return CharFormat(
            over.bold if over.bold is not None else self.bold,
            over.italic if over.italic is not None else self.italic,
            over.caps if over.caps is not None else self.caps,
            over.font if over.font is not None else self.font,
        )


def read_rpr(rpr) -> CharFormat:
    fmt = CharFormat()
    if rpr is None:
        return fmt
    for child in rpr:
        tag = child.tag
        if tag == W + "b":
            fmt.bold = on_off(child)
        elif tag == W + "i":
            fmt.italic = on_off(child)
        elif tag == W + "caps":
            fmt.caps = on_off(child)
        elif tag == W + "rFonts":
            fmt.font = child.get(W + "ascii") or child.get(W + "hAnsi") or fmt.font
    return fmt


@dataclass(slots=True)
class StyleInfo:
    style_id: str
    name: str
    kind: str
    based_on: str | None
    outline_level: int | None  # 0-8; None when the style says nothing
    num: tuple[str, int] | None
    char: CharFormat
    is_title: bool = False
    align: str = ""


class Styles:
    def __init__(self, root=None):
        self._raw: dict[str, StyleInfo] = {}
        self.defaults = CharFormat()
        self.default_paragraph: str | None = None
        self._resolved: dict[str, StyleInfo] = {}
        self._run_cache: dict[tuple[str | None, str | None], CharFormat] = {}
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.defaults = read_rpr(defaults)
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            name_el = st.find(W + "name")
            name = name_el.get(W + "val", sid) if name_el is not None else sid
            based = st.find(W + "basedOn")
            ppr = st.find(W + "pPr")
            outline = num = None
            align = ""
            if ppr is not None:
                jc = ppr.find(W + "jc")
                align = jc.get(W + "val", "") if jc is not None else ""
                lvl = ppr.find(W + "outlineLvl")
                if lvl is not None:
                    outline = _int(lvl.get(W + "val"), 9)
                numpr = ppr.find(W + "numPr")
                if numpr is not None:
                    num = read_numpr(numpr, default_ilvl=0)
            match = _HEADING_NAME.match(name)
            if outline is None and match:
                outline = int(match.group(1)) - 1
            kind = st.get(W + "type", "paragraph")
            self._raw[sid] = StyleInfo(sid, name, kind, based.get(W + "val") if based is not None else None,
                                       outline, num, read_rpr(st.find(W + "rPr")),
                                       is_title=name.lower() == "title", align=align)
            if kind == "paragraph" and st.get(W + "default") in ("1", "true", "on"):
                self.default_paragraph = sid

    def style(self, style_id: str | None) -> StyleInfo | None:
        if not style_id:
            style_id = self.default_paragraph
            if not style_id:
                return None
        if style_id in self._resolved:
            return self._resolved[style_id]
        chain: list[StyleInfo] = []
        seen: set[str] = set()
        sid: str | None = style_id
        while sid and sid in self._raw and sid not in seen:
            seen.add(sid)
            chain.append(self._raw[sid])
            sid = self._raw[sid].based_on
        if not chain:
            self._resolved[style_id] = None  # type: ignore[assignment]
            return None
        own = chain[0]
        outline = next((s.outline_level for s in chain if s.outline_level is not None), None)
        num = next((s.num for s in chain if s.num is not None), None)
        char = CharFormat()
        for s in reversed(chain):
            char = char.merged(s.char)
        align = next((s.align for s in chain if s.align), "")
        info = StyleInfo(own.style_id, own.name, own.kind, own.based_on, outline, num, char,
                         is_title=any(s.is_title for s in chain), align=align)
        self._resolved[style_id] = info
        return info

    def run_format(self, para_style: str | None, run_style: str | None) -> CharFormat:
        """Formatting a run inherits before its own rPr: defaults, paragraph style, character style."""
        key = (para_style, run_style)
        fmt = self._run_cache.get(key)
        if fmt is None:
            fmt = self.defaults
            ps = self.style(para_style)
            if ps is not None:
                fmt = fmt.merged(ps.char)
            rs = self.style(run_style) if run_style else None
            if rs is not None:
                fmt = fmt.merged(rs.char)
            self._run_cache[key] = fmt
        return fmt

    def all_fonts(self) -> set[str]:
        fonts = {s.char.font for s in self._raw.values() if s.char.font}
        if self.defaults.font:
            fonts.add(self.defaults.font)
        return fonts


def read_numpr(numpr, default_ilvl: int = 0) -> tuple[str, int] | None:
    num_el = numpr.find(W + "numId")
    if num_el is None:
        return None
    ilvl_el = numpr.find(W + "ilvl")
    ilvl = _int(ilvl_el.get(W + "val") if ilvl_el is not None else None, default_ilvl)
    return num_el.get(W + "val", "0"), max(0, min(ilvl, 8))


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
