"""What an export is asked for: the conference's print settings (stored as text in the database) and
the export options."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reviewer.errors import ReviewerError
from reviewer.i18n import _

LAYOUTS = ("sections", "table")


def default_title() -> str:
    return _("SUMMARY OF GROUP DISCUSSION COMMENTS")


def default_number_line() -> str:
    return _("No.      -BC/TU")


@dataclass
class Conference:
    """The header settings of the conference (stored by the caller, given here as input)."""

    issuer_lines: list[str] = field(default_factory=lambda: ["ĐẢNG BỘ TỈNH BẮC KẠN", "TỈNH ỦY"])  # last one bold
    number_line: str = field(default_factory=default_number_line)  # blank: no number line
    place: str = "Bắc Kạn"
    date: dt.date | None = None  # None: today
    title: str = field(default_factory=default_title)  # blank: the default title
    subtitle: str = ""  # blank: "về Dự thảo <draft title>"
    secretariat: str = "Văn phòng Tỉnh ủy"  # the PDF's author
    draft_marker: bool = False  # print "DỰ THẢO" under the number line


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
