"""Decide which runs in legacy fonts (.VnTime, .VnTimeH, VNI-Times) hold legacy bytes.

A font name proves nothing: Unicode drafts keep .VnTime in their styles, and a short run such as
"thùc" (TCVN3 for "thực") or "TÒCH" (VNI for "TỊCH") reads as Unicode letters too. A run whose
own characters do not tell is decided as its paragraph's other runs in legacy fonts are, and,
when they do not tell either, as the document's are. A run that holds Unicode Vietnamese is never
converted.
"""
from __future__ import annotations

from collections.abc import Callable

from reviewer.docx import legacy_fonts as legacy
from reviewer.docx.package import W_NS
from reviewer.model import Run
from reviewer.textnorm import nfc

_W = f"{{{W_NS}}}"
_P, _R, _T, _PPR, _PSTYLE, _VAL = (_W + n for n in ("p", "r", "t", "pPr", "pStyle", "val"))


class LegacyRuns:
    def __init__(self, document, run_font: Callable[[object, str | None], str | None]):
        """``document``: the w:document element; ``run_font(r, paragraph style id)``: a w:r's font."""
        self._root = document
        self._run_font = run_font
        self._document: dict[str, int] | None = None

    def decide(self, runs: list[Run], entries: list[tuple[int, str, bool]]) -> None:
        """Convert in place the runs listed as ``(index, encoding, upper)``, still holding raw text."""
        for (a, enc_a, _), (b, enc_b, _) in zip(entries, entries[1:], strict=False):
            if b == a + 1 and enc_a == enc_b == "vni":
                runs[a].text, runs[b].text = legacy.split_mark(runs[a].text, runs[b].text)
        # Word splits a word across runs at will ("ChÝ" + "nh"): evidence is read from each stretch
        # of adjacent runs in one encoding, joined.
        stretches: list[list[tuple[int, str, bool]]] = []
        for entry in entries:
            last = stretches[-1][-1] if stretches else None
            if last is not None and entry[0] == last[0] + 1 and entry[1] == last[1]:
                stretches[-1].append(entry)
            else:
                stretches.append([entry])
        paragraph: dict[str, int] = {}
        found: list[int | None] = []
        for stretch in stretches:
            enc = stretch[0][1]
            evidence = legacy.run_evidence("".join(runs[i].text for i, _, _ in stretch), enc)
            paragraph[enc] = paragraph.get(enc, 0) + (evidence or 0)
            found.append(evidence)
        for stretch, evidence in zip(stretches, found, strict=True):
            for i, enc, upper in stretch:
                run = runs[i]
                # A run holding Unicode Vietnamese is never converted, whatever its neighbours are.
                if legacy.run_evidence(run.text, enc) != -1 and self._is_legacy(enc, paragraph[enc], evidence):
                    # An "H" font draws plain letters as capitals too ("VIÖT" + " nam" is "VIỆT NAM").
                    run.text = legacy.convert(run.text, enc, upper=upper)
                else:
                    run.text = nfc(run.text.replace("\u00ad", ""))  # a soft hyphen is invisible in Unicode text

    def _is_legacy(self, enc: str, paragraph: int, own: int | None) -> bool:
        if paragraph:
            return paragraph > 0
        document = self._evidence().get(enc, 0)
        if document:
            return document > 0
        return own == 1

    def _evidence(self) -> dict[str, int]:
        """Runs in legacy fonts that prove legacy text, less those that prove Unicode, per encoding."""
        if self._document is None:
            self._document = {}
            for p in self._root.iter(_P):
                ppr = p.find(_PPR)
                style = ppr.find(_PSTYLE) if ppr is not None else None
                style_id = style.get(_VAL) if style is not None else None
                stretch: tuple[str, list[str]] | None = None  # (encoding, texts) of adjacent runs
                for r in p.iter(_R):
                    found = legacy.legacy_encoding(self._run_font(r, style_id))
                    enc = found[0] if found else None
                    if stretch is not None and stretch[0] != enc:
                        self._count(*stretch)
                        stretch = None
                    if enc is not None:
                        stretch = stretch or (enc, [])
                        stretch[1].extend(t.text or "" for t in r.iter(_T))
                if stretch is not None:
                    self._count(*stretch)
        return self._document

    def _count(self, enc: str, texts: list[str]) -> None:
        evidence = legacy.run_evidence("".join(texts), enc)
        if evidence:
            self._document[enc] = self._document.get(enc, 0) + evidence
