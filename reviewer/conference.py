"""The conference's print settings: stored as text in the database, used as an export Conference."""
from __future__ import annotations

import datetime as dt

from reviewer.errors import ReviewerError
from reviewer.i18n import _


def load_conference(store):
    """The Conference for exports, from the settings stored in ``store`` (defaults for the rest)."""
    from reviewer.export_pdf import Conference

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
