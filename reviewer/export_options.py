"""What an export is asked for, shared by the PDF and the Word documents: the conference's print
settings (stored as text in the database) and the export options (which comments, how shown).

Kept apart from :mod:`reviewer.pdf` so that writing Word files never loads reportlab."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from reviewer.errors import ReviewerError
from reviewer.i18n import _

LAYOUTS = ("sections", "table")


def default_title() -> str:
    return _("SUMMARY OF GROUP DISCUSSION COMMENTS")


def default_number_line() -> str:
    return _("No.      -BC/TU")


# Printed until the conference settings are filled, unless the draft's own header block names its issuer
# and place: a default never names a province the draft does not. Always Vietnamese (a printed document is).
PLACEHOLDER_ISSUER = ("ĐẢNG BỘ TỈNH …", "TỈNH ỦY")
PLACEHOLDER_PLACE = "……"
PLACEHOLDER_SIGNER = ("T/M …", "THƯ KÝ")


@dataclass
class Conference:
    """The header settings of the conference (stored by the caller, given here as input)."""

    issuer_lines: list[str] = field(default_factory=lambda: list(PLACEHOLDER_ISSUER))  # last one bold
    number_line: str = field(default_factory=default_number_line)  # blank: no number line
    place: str = PLACEHOLDER_PLACE
    date: dt.date | None = None  # None: today
    title: str = field(default_factory=default_title)  # blank: the default title
    subtitle: str = ""  # blank: "về Dự thảo <draft title>"
    secretariat: str = "Văn phòng Tỉnh ủy"  # the PDF's author
    draft_marker: bool = False  # print "DỰ THẢO" under the number line
    signer_lines: list[str] = field(default_factory=lambda: list(PLACEHOLDER_SIGNER))  # the closing block's right


_ISSUER_LINE = re.compile(r"^(ĐẢNG BỘ|ĐẢNG ỦY|ĐẢNG UỶ|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|THÀNH UỶ|HUYỆN ỦY|HUYỆN UỶ|BAN |"
                          r"BỘ |ỦY BAN|UỶ BAN|HỘI ĐỒNG|VĂN PHÒNG)")
# The consolidated document is the conference's, in the Party's form ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số -BC/TU"):
# a draft issued by a state body (the People's Committee's socio-economic report) lends it its place, never
# its issuer.
_PARTY_ISSUER = re.compile(r"^(ĐẢNG |(TỈNH|THÀNH|HUYỆN|QUẬN|THỊ|XÃ|PHƯỜNG) (ỦY|UỶ)\b|BAN (CHẤP HÀNH|THƯỜNG VỤ) )")
_DATE_LINE = re.compile(r"^([^\d,]{2,40}),\s*ngày\b", re.IGNORECASE)


def header_from_draft(preamble: str) -> tuple[list[str], str]:
    """(issuer lines, place) read from a draft's header block (its preamble's text: lines, table cells
    joined by " | " and their paragraphs by " / "), each empty when not found: "ĐẢNG BỘ TỈNH AN PHÚ",
    "TỈNH ỦY" before the "*", and "An Phú" from "An Phú, ngày … tháng 12 năm 2024"."""
    parts = [" ".join(p.split()) for line in preamble.splitlines()[:8] for cell in line.split(" | ")
             for p in cell.split(" / ")]
    issuer: list[str] = []
    place = ""
    for part in parts:
        if part == "*" or part.startswith("Số "):
            break
        if (_PARTY_ISSUER if not issuer else _ISSUER_LINE).match(part) and part == part.upper() and len(part) <= 80:
            issuer.append(part)
        elif issuer:
            break
    for part in parts:
        m = _DATE_LINE.match(part)
        if m:
            place = m.group(1).strip()
            break
    return issuer, place


def for_draft(conf: Conference, preamble: str) -> Conference:
    """``conf`` with the issuer and place a document on this draft prints: the conference settings once
    filled, else what the draft's own header block (its preamble's text) names, else the placeholders."""
    issuer, place = header_from_draft(preamble)
    placeholder = list(conf.issuer_lines) == list(PLACEHOLDER_ISSUER)
    return dataclasses.replace(
        conf, issuer_lines=(issuer or list(PLACEHOLDER_ISSUER)) if placeholder else list(conf.issuer_lines),
        place=(place or PLACEHOLDER_PLACE) if conf.place == PLACEHOLDER_PLACE else conf.place)


@dataclass
class ExportOptions:
    layout: str = "sections"  # "sections" (A4 portrait) or "table" (A4 landscape)
    groups: set[str] | None = None  # None: every group
    sections: set[str] | None = None  # section ids; None: every section (and comments on unknown sections)
    kinds: set[str] | None = None
    statuses: set[str] | None = None
    hide_names: bool = False  # show the group only, never the delegate
    include_deleted: bool = False  # deleted comments are printed, marked as deleted
    excerpt: bool = False  # sections layout: the first lines of each commented section's text
    language: str | None = None  # of the document's own words ("vi", "en"); None: the current language
    # Comments of kind "nhat_tri" listed one by one; by default they are counted ("4/6 groups agreed"),
    # and listed anyway when the kinds asked for name them.
    list_agreement: bool = False



def load_conference(store):
    """The Conference for exports, from the settings stored in ``store`` (defaults for the rest)."""
    values = store.conference()
    conf = Conference()
    if values.get("issuer_lines"):
        conf.issuer_lines = [line for line in values["issuer_lines"].splitlines() if line.strip()]
    for key in ("number_line", "place", "title", "subtitle", "secretariat"):
        if key in values:
            setattr(conf, key, values[key])
    if values.get("date"):
        conf.date = parse_date(values["date"])
    conf.draft_marker = values.get("draft_marker") == "1"
    if values.get("signer_lines"):
        conf.signer_lines = [line for line in values["signer_lines"].splitlines() if line.strip()]
    return conf


def parse_date(text: str) -> dt.date:
    """A date typed as 2026-11-27 or 27/11/2026."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ReviewerError(_("“{text}” is not a date; write it as 27/11/2026.").format(text=text))
