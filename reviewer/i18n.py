"""One translation system for every user-facing string, in the core and in the UI.

Source strings are English; catalogues are gettext ``.po`` files in
``resources/locale/<lang>/LC_MESSAGES/reviewer.po``. They are read directly (a few
hundred entries parse in well under a millisecond), so there is no compile step that
could leave a stale ``.mo`` behind.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from reviewer.paths import resource_path

SUPPORTED = ("vi", "en")
_language: str | None = None
_from_env: str | None = None  # the environment's choice, read once: messages are looked up in hot loops
# A document written in another language than the window's (a Vietnamese PDF from an English window),
# per thread: the window goes on speaking its own language while a worker writes the document.
_speaking: ContextVar[str | None] = ContextVar("speaking", default=None)


def _env_language() -> str:
    for var in ("REVIEWER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        for part in value.split(":"):
            code = part.split(".")[0].split("_")[0].lower()
            if code in SUPPORTED:
                return code
            if code and code not in ("c", "posix"):
                return "en"
    return "en"


def language() -> str:
    global _from_env
    override = _speaking.get()
    if override:
        return override
    if _language:
        return _language
    if _from_env is None:
        _from_env = _env_language()
    return _from_env


def set_language(code: str | None) -> None:
    """Choose the language for this process; None goes back to the environment's (read again)."""
    global _language, _from_env
    _language = code if code in SUPPORTED else None
    _from_env = None


@contextmanager
def speaking(code: str | None) -> Iterator[None]:
    """Messages in ``code`` within the block, in this thread only (None: no change)."""
    token = _speaking.set(code if code in SUPPORTED else None)
    try:
        yield
    finally:
        _speaking.reset(token)


def catalogue_path(code: str) -> Path:
    return resource_path("locale", code, "LC_MESSAGES", "reviewer.po")


@lru_cache(maxsize=4)
def catalogue(code: str) -> dict[str, str]:
    path = catalogue_path(code)
    if not path.is_file():
        return {}
    return parse_po(path.read_text(encoding="utf-8"))


def parse_po(source: str) -> dict[str, str]:
    """msgid -> msgstr for the translated, non-fuzzy entries of a .po file. A plural entry is kept under
    its singular msgid with its first form (Vietnamese has one form for every count)."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None
    fuzzy = False

    for raw in source.splitlines() + ["#"]:
        line = raw.strip()
        if not line:
            continue
        starts_entry = line.startswith("#") or line.startswith("msgid ")
        if starts_entry and msgstr is not None:
            key, value = "".join(msgid or []), "".join(msgstr)
            if key and value and not fuzzy:
                entries[key] = value
            msgid = msgstr = current = None
            fuzzy = False
        if line.startswith("#"):
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
        elif line.startswith("msgid "):
            msgid = current = [_po_string(line[6:])]
        elif line.startswith("msgstr "):
            msgstr = current = [_po_string(line[7:])]
        elif line.startswith("msgstr[0] "):
            msgstr = current = [_po_string(line[10:])]
        elif line.startswith(("msgid_plural ", "msgstr[")):
            current = []  # the English plural and further forms are not needed
        elif line.startswith('"') and current is not None:
            current.append(_po_string(line))
    return entries


_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f",
               "v": "\v"}
_PO_ESCAPE = re.compile(r"\\(.)")


def _po_string(quoted: str) -> str:
    """The text of one quoted .po string (C escapes), read at every start in Vietnamese: a tenth of
    what ast.literal_eval costs."""
    quoted = quoted.strip()
    if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
        raise ValueError(f"not a quoted string: {quoted[:40]!r}")
    text = quoted[1:-1]
    if '"' in text.replace('\\\\', "").replace('\\"', ""):
        raise ValueError(f"a quote inside a string: {quoted[:40]!r}")  # as Python's own reading would refuse
    if "\\" not in text:
        return text
    return _PO_ESCAPE.sub(lambda m: _PO_ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def gettext(message: str) -> str:
    code = language()
    if code == "en":
        return message
    return catalogue(code).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count ``n``: English has two, Vietnamese one for every count."""
    code = language()
    if code != "en":
        found = catalogue(code).get(singular)
        if found is not None:
            return found
    return singular if n == 1 else plural


def count(singular: str, plural: str, n: int) -> str:
    """``ngettext`` with ``{n}`` filled in as :func:`number` writes it: ``count("{n} page", "{n} pages",
    1200)`` is "1,200 pages" ("1.200 trang")."""
    return ngettext(singular, plural, n).format(n=number(n))


def number(n: int) -> str:
    """A whole number as people read it, thousands apart: "113.296" in Vietnamese, "113,296" in English."""
    if -1000 < n < 1000:
        return str(n)
    text = f"{n:,}"
    return text.replace(",", ".") if language() == "vi" else text


_ = gettext


def local_time(stamp: str) -> str:
    """An ISO time stamp as people read it, in this computer's time zone: "13:11 02/12/2026" (the
    day-first order of Vietnamese and British usage in both languages). JSON keeps the ISO stamp."""
    # deferred: datetime is not needed for the translations themselves
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return stamp or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%H:%M %d/%m/%Y")


def requested_language() -> str | None:
    """The language REVIEWER_LANG asks for, when it names one we have: it is chosen for one run, so it
    goes before a language saved in the window's settings (which it leaves as it is)."""
    code = os.environ.get("REVIEWER_LANG", "").split(":")[0].split(".")[0].split("_")[0].strip().lower()
    return code if code in SUPPORTED else None
