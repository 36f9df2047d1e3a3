"""The limits and checks every way into the store shares: the window, the command line, imports and packages."""
from __future__ import annotations

from reviewer.i18n import _
from reviewer.store.records import ValidationError
from reviewer.textnorm import body_text, clean
from reviewer.vocab import KINDS, STATUSES

MAX_TEXT = 50_000  # characters in a comment, quote, proposal or response; a 20,000-character comment fits
MAX_NAME = 200
# Groups (a conference's breakout groups, a consultation's units) one database takes: hundreds fit a
# province's consultation; a package that would go far beyond is garbage, and refused whole.
MAX_GROUPS = 500
MAX_SUPPORTERS = 10_000
CONFERENCE_KEYS = ("issuer_lines", "number_line", "place", "date", "title", "subtitle", "secretariat",
                   "draft_marker", "signer_lines")


def validate_name(value, what: str) -> str:
    value = clean(str(value or ""))
    if len(value) > MAX_NAME:
        raise ValidationError(_("The {what} name is too long (at most {n} characters).").format(what=what, n=MAX_NAME))
    return value


def validate_comment(values: dict) -> dict:
    """Normalised copies of comment fields, or ValidationError naming the first bad one.

    Importers call it to check every row before anything is written."""
    out = dict(values)
    for key in ("text", "quote", "proposal", "response"):
        value = body_text(str(out.get(key) or ""))
        if len(value) > MAX_TEXT:
            label = {"text": _("comment text"), "quote": _("quoted passage"), "proposal": _("proposed wording"),
                     "response": _("response")}[key]
            raise ValidationError(_("The {field} is too long: {n} characters, at most {max} are accepted.").format(
                field=label, n=len(value), max=MAX_TEXT))
        out[key] = value
    if not out["text"]:
        raise ValidationError(_("A comment cannot be empty."))
    out["author"] = validate_name(out.get("author"), _("author"))
    if out["kind"] not in KINDS:
        raise ValidationError(_("Unknown kind of comment “{kind}”; use one of: {codes}.").format(
            kind=out["kind"], codes=", ".join(KINDS)))
    if out["status"] not in STATUSES:
        raise ValidationError(_("Unknown status “{status}”; use one of: {codes}.").format(
            status=out["status"], codes=", ".join(STATUSES)))
    try:
        supporters = int(out.get("supporters") or 0)
    except (TypeError, ValueError):
        raise ValidationError(_("The number of supporters must be a whole number.")) from None
    if not 0 <= supporters <= MAX_SUPPORTERS:
        raise ValidationError(_("The number of supporters must be between 0 and {n}.").format(n=MAX_SUPPORTERS))
    out["supporters"] = supporters
    for key in ("quote_start", "quote_end"):
        if out.get(key) is not None:
            try:
                out[key] = int(out[key])
            except (TypeError, ValueError):
                raise ValidationError(_("A quote position must be a whole number.")) from None
    if not out["quote"]:
        out["quote_start"] = out["quote_end"] = None
    return out
