"""What a package's content must be: every field's type and value, checked before anything is written.

Each problem raises :class:`PackageError` with a translated message naming the field; the limits
here keep a crafted package from costing more than a real one.
"""
from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from dataclasses import dataclass

from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.store import CommentState, ValidationError, Version, rules, validate_comment, validate_name
from reviewer.textnorm import clean, has_controls
from reviewer.vocab import KINDS, STATUSES

COMMENTS = "comments.json"
MAX_COMMENTS = 200_000
MAX_VERSIONS = 1_000  # previous versions of one comment
MAX_SECTIONS = 50_000
MAX_ID = 200  # comment, device and section ids
MAX_STAMP = 64  # timestamps
HEX64 = re.compile(r"^[0-9a-f]{64}$")


class PackageError(ReviewerError):
    """A file that cannot be imported as a comment package; nothing of it was imported.

    ``code``: empty, incomplete, not_package, damaged, too_large, unsafe, newer_format, invalid,
    checksum, unsigned, signature, no_sections."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code

    @property
    def transient(self) -> bool:
        """The file may still be being written or copied: try again later."""
        return self.code in ("empty", "incomplete")


@dataclass(slots=True)
class DraftManifest:
    fingerprint: str
    title: str
    file_name: str
    sections: list[dict]
    id: str = ""


_NONE = type(None)
_ABSENT = object()
# (key, exact types): JSON gives exactly these Python types (true/false are bool, never int).
_VERSION_FIELDS = (("revision", (int,)), ("device", (str,)), ("group", (str,)), ("author", (str,)), ("kind", (str,)),
                   ("text", (str,)), ("quote", (str,)), ("proposal", (str,)), ("status", (str,)),
                   ("response", (str,)), ("supporters", (int,)), ("updated_at", (str,)), ("deleted", (bool,)),
                   ("section", (str,)))
_HISTORY_FIELDS = _VERSION_FIELDS[:-1] + (("section", (str, _NONE)),)
_COMMENT_FIELDS = (("id", (str,)), ("quote_start", (int, _NONE)), ("quote_end", (int, _NONE)), ("resolved", (int,)),
                   ("history", (list,)), ("created_at", (str,)))
_SECTION_FIELDS = (("id", (str,)), ("number", (str,)), ("title", (str,)), ("level", (int,)), ("parent", (str, _NONE)),
                   ("text", (str,)))
# Every combination of types each spec accepts, to check a whole object at once.
_ALLOWED = {spec: frozenset(itertools.product(*(kinds for _k, kinds in spec)))
            for spec in (_VERSION_FIELDS, _HISTORY_FIELDS, _COMMENT_FIELDS, _SECTION_FIELDS)}
_GETTERS = {spec: operator.itemgetter(*(key for key, _t in spec)) for spec in _ALLOWED}


def _texts_normalised(text: str, quote: str, proposal: str, response: str) -> bool:
    """The texts are exactly what ``store.validate_comment`` would make of them."""
    for value in (text, quote, proposal, response):
        if len(value) > rules.MAX_TEXT or (value and (value[0].isspace() or value[-1].isspace())):
            return False
    # A line break never composes with its neighbours: the whole is NFC exactly when every part is.
    joined = "\n".join((text, quote, proposal, response))
    return (bool(text) and unicodedata.is_normalized("NFC", joined) and "\r" not in joined
            and not has_controls(joined))


def _small_normalised(author: str, kind: str, status: str, supporters: int) -> bool:
    return (len(author) <= rules.MAX_NAME and author == clean(author) and kind in KINDS and status in STATUSES
            and 0 <= supporters <= rules.MAX_SUPPORTERS)


def _normalised(fields: dict) -> bool:
    """The fields are exactly what ``store.validate_comment`` would make of them (as a store wrote them)."""
    return (_texts_normalised(fields["text"], fields["quote"], fields["proposal"], fields["response"])
            and _small_normalised(fields["author"], fields["kind"], fields["status"], fields["supporters"]))


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "an object"}


def _type_name(expected) -> str:
    names = {"text": _("text"), "a whole number": _("a whole number"), "true or false": _("true or false"),
             "a list": _("a list"), "an object": _("an object")}
    kinds = expected if isinstance(expected, tuple) else (expected,)
    words = [names[_TYPE_NAMES[k]] for k in kinds if k is not type(None)]
    if type(None) in kinds:
        return _("{kind} or null").format(kind=words[0])
    return words[0]


class Checker:
    """Field-by-field checks with a message naming the field.

    Ids, group names and delegates repeat from comment to comment: the values already found good
    are remembered, so each is checked once per package."""

    def __init__(self):
        self._good_ids: set[str] = set()
        self._groups: dict[str, str] = {}  # as written -> as stored (never empty)
        self._good_small: set[tuple] = set()  # (author, kind, status, supporters) as a store writes them

    def get(self, obj: dict, key: str, expected, where: str):
        if key not in obj:
            raise PackageError("invalid", _("The package is damaged: “{field}” is missing.").format(field=where))
        value = obj[key]
        kinds = expected if isinstance(expected, tuple) else (expected,)
        # JSON true/false are Python bools, which are also ints: keep them apart.
        ok = any((type(value) is k) if k in (int, bool) else isinstance(value, k) for k in kinds)
        if not ok:
            self.wrong(where, _type_name(expected))
        return value

    def fields(self, obj, spec: tuple, where: str) -> list:
        """The values of ``spec``'s keys (``(key, tuple of exact types)``), all checked: one pass when
        all is well, field by field (for the message) when not."""
        if type(obj) is not dict:
            self.wrong(where, _type_name(dict))
        try:
            values = _GETTERS[spec](obj)
        except KeyError:
            values = None
        if values is None or tuple(map(type, values)) not in _ALLOWED[spec]:
            for key, kinds in spec:
                self.get(obj, key, kinds if len(kinds) > 1 else kinds[0], f"{where}.{key}")
        return values

    def wrong(self, where: str, expected: str):
        raise PackageError("invalid", _("The package is damaged: “{field}” should be {expected}.").format(
            field=where, expected=expected))

    def ident(self, value: str, where: str) -> str:
        if not 0 < len(value) <= MAX_ID or has_controls(value):
            self.wrong(where, _("an id of 1 to {n} characters").format(n=MAX_ID))
        return value

    def stamp(self, value: str, where: str) -> str:
        if len(value) > MAX_STAMP:
            self.wrong(where, _("a date and time"))
        return value

    def name(self, value: str, where: str) -> str:
        if len(value) <= rules.MAX_NAME and value == clean(value):  # as it is stored: the common case
            return value
        try:
            return validate_name(value, _("group"))
        except ValidationError as exc:
            raise PackageError("invalid", _("The package is damaged: “{field}”: {reason}").format(
                field=where, reason=exc)) from None

    def draft(self, d: dict) -> DraftManifest:
        fingerprint = self.get(d, "fingerprint", str, "draft.fingerprint")
        if not HEX64.match(fingerprint):
            self.wrong("draft.fingerprint", _("a SHA-256 checksum"))
        title = self.get(d, "title", str, "draft.title")
        if len(title) > 10_000:
            self.wrong("draft.title", _("text of at most {n} characters").format(n=10_000))
        file_name = self.get(d, "file_name", str, "draft.file_name")[:500]
        raw = self.get(d, "sections", list, "draft.sections")
        if not raw:
            raise PackageError("no_sections", _(
                "The package's draft has no sections, so its comments cannot be placed anywhere."))
        if len(raw) > MAX_SECTIONS:
            raise PackageError("too_large", _("The package's draft has {n} sections; at most {max} are accepted.")
                               .format(n=len(raw), max=MAX_SECTIONS))
        sections, seen = [], set()
        for i, s in enumerate(raw):
            where = f"draft.sections[{i}]"
            sid, number, heading, level, parent, text = self.fields(s, _SECTION_FIELDS, where)
            self.ident(sid, where + ".id")
            if sid in seen:
                raise PackageError("invalid", _("The package is damaged: the section “{id}” appears twice.").format(
                    id=sid))
            if parent is not None and parent not in seen:
                raise PackageError("invalid", _(
                    "The package is damaged: the section “{id}” has an unknown parent “{parent}”.").format(
                        id=sid, parent=parent))
            if not 0 <= level <= 100:
                self.wrong(where + ".level", _("a whole number from 0 to 100"))
            seen.add(sid)
            sections.append({"id": sid, "number": number, "title": heading, "level": level, "parent": parent,
                             "text": text})
        return DraftManifest(fingerprint=fingerprint, title=title, file_name=file_name, sections=sections,
                             id=str(d.get("id", ""))[:64])

    def comments(self, data) -> list[CommentState]:
        if not isinstance(data, dict):
            self.wrong(COMMENTS, _type_name(dict))
        raw = self.get(data, "comments", list, "comments")
        if len(raw) > MAX_COMMENTS:
            raise PackageError("too_large", _("The package holds {n} comments; at most {max} are accepted.").format(
                n=len(raw), max=MAX_COMMENTS))
        out, seen, groups = [], set(), set()
        for i, c in enumerate(raw):
            state = self.comment(c, f"comments[{i}]")
            if state.id in seen:
                raise PackageError("invalid", _("The package is damaged: the comment “{id}” appears twice.").format(
                    id=state.id))
            seen.add(state.id)
            groups.add(state.current.group)
            out.append(state)
        if len(groups) > rules.MAX_GROUPS:
            raise PackageError("invalid", _("The package holds comments of {n} groups or units; a conference or "
                                            "consultation has at most {max}.").format(n=len(groups),
                                                                                     max=rules.MAX_GROUPS))
        return out

    def version(self, c: dict, where: str, *, section_required: bool, comment_id: str) -> Version:
        (revision, device, group, author, kind, text, quote, proposal, status, response, supporters, updated_at,
         deleted, section) = self.fields(c, _VERSION_FIELDS if section_required else _HISTORY_FIELDS, where)
        if not 1 <= revision <= 2**31:
            self.wrong(where + ".revision", _("a whole number of at least 1"))
        good_ids = self._good_ids
        if device not in good_ids:
            good_ids.add(self.ident(device, where + ".device"))
        if section is not None and section not in good_ids:
            good_ids.add(self.ident(section, where + ".section"))
        if len(updated_at) > MAX_STAMP:
            self.stamp(updated_at, where + ".updated_at")
        small = (author, kind, status, supporters)
        if small in self._good_small and _texts_normalised(text, quote, proposal, response):
            pass  # as a store wrote it (the common case): nothing to normalise
        elif _texts_normalised(text, quote, proposal, response) and _small_normalised(*small):
            self._good_small.add(small)
        else:
            try:
                fields = validate_comment({"text": text, "quote": quote, "proposal": proposal, "response": response,
                                           "author": author, "kind": kind, "status": status,
                                           "supporters": supporters})
            except ValidationError as exc:
                raise PackageError("invalid", _("The package is damaged: comment “{id}”: {reason}").format(
                    id=comment_id, reason=exc)) from None
            text, quote, proposal, response = fields["text"], fields["quote"], fields["proposal"], fields["response"]
            author, kind, status, supporters = fields["author"], fields["kind"], fields["status"], fields["supporters"]
        stored = self._groups.get(group)
        if stored is None:
            stored = self.name(group, where + ".group")
            if not stored:
                raise PackageError("invalid", _("The package is damaged: “{field}” is missing.").format(
                    field=where + ".group"))
            self._groups[group] = stored
        return Version(revision=revision, device=device, group=stored, author=author, kind=kind, text=text,
                       quote=quote, proposal=proposal, supporters=supporters, status=status, response=response,
                       updated_at=updated_at, deleted=deleted, section=section)

    def comment(self, c, where: str) -> CommentState:
        comment_id, quote_start, quote_end, resolved, raw_history, created_at = self.fields(c, _COMMENT_FIELDS, where)
        self.ident(comment_id, where + ".id")
        current = self.version(c, where, section_required=True, comment_id=comment_id)
        for key, value in (("quote_start", quote_start), ("quote_end", quote_end)):
            if value is not None and not 0 <= value <= 10**9:
                self.wrong(f"{where}.{key}", _("a whole number of at least 0"))
        if not 0 <= resolved <= 2**31:
            self.wrong(where + ".resolved", _("a whole number of at least 0"))
        history = self._history(raw_history, current, where, comment_id) if raw_history else []
        if len(created_at) > MAX_STAMP:
            self.stamp(created_at, where + ".created_at")
        # Optional (packages without a clash leave it out, and readers before it ignore it).
        raw_aside = c.get("set_aside", _ABSENT)
        if raw_aside is _ABSENT:
            set_aside = []
        else:
            if type(raw_aside) is not list:
                self.wrong(where + ".set_aside", _type_name(list))
            if len(raw_aside) > MAX_VERSIONS:
                raise PackageError("too_large", _("The comment “{id}” has {n} previous versions; at most {max} are "
                                                  "accepted.").format(id=comment_id, n=len(raw_aside),
                                                                      max=MAX_VERSIONS))
            set_aside = [self.version(h, f"{where}.set_aside[{j}]", section_required=False, comment_id=comment_id)
                         for j, h in enumerate(raw_aside)]
        return CommentState(id=comment_id, created_at=created_at, current=current, quote_start=quote_start,
                            quote_end=quote_end, history=history, set_aside=set_aside, resolved=resolved)

    def _history(self, raw_history: list, current: Version, where: str, comment_id: str) -> list[Version]:
        if len(raw_history) > MAX_VERSIONS:
            raise PackageError("too_large", _("The comment “{id}” has {n} previous versions; at most {max} are "
                                              "accepted.").format(id=comment_id, n=len(raw_history), max=MAX_VERSIONS))
        history = [self.version(h, f"{where}.history[{j}]", section_required=False, comment_id=comment_id)
                   for j, h in enumerate(raw_history)]
        keys = {v.key for v in history}
        top = current.rank()
        if len(keys) != len(history) or current.key in keys or any(v.rank() >= top for v in history):
            raise PackageError("invalid", _(
                "The package is damaged: the versions of comment “{id}” are not consistent (a previous version is "
                "not older than the current one).").format(id=comment_id))
        return history
