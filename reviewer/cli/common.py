"""What every command shares: the review database, JSON output, option parsers and argparse set-up."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reviewer import i18n
from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.vocab import KINDS, STATUSES, parse_kind, parse_status


def with_store(args, func):
    """Run ``func(store)`` on the review database; SQLite's own errors become one clear line."""
    # Deferred for start-up speed: "reviewer outline" never loads SQLite or sqlite-utils.
    import sqlite3

    from reviewer.store import Store, database  # deferred (see above)

    given = getattr(args, "db", None)
    path = Path(given) if given else database.default_path()
    # A new database (or an empty file made into one) is said out loud: a typing mistake in --db
    # would otherwise look like a database that lost everything.
    new_folder = not path.parent.exists()
    new = new_folder or not path.exists() or (path.is_file() and path.stat().st_size == 0)
    try:
        with Store(path) as store:
            if given and new:
                note = (_("Note: started a new, empty review database in “{path}” (its folder was created).")
                        if new_folder else _("Note: started a new, empty review database in “{path}”."))
                sys.stderr.write(note.format(path=path) + "\n")
            return func(store)
    except sqlite3.Error as exc:
        raise database.explain(exc, path) from exc


ENDING_PROCESS = False  # set by the console command, whose process ends without freeing its objects
_KEPT: list = []


def keep_until_exit(*objects) -> None:
    """Keep what a command made (a read draft, its JSON) alive to the end of a console process, which
    ends without freeing it; called in-process (tests, the window), nothing is kept."""
    if ENDING_PROCESS:
        _KEPT.extend(objects)


def write_json(data, *, indent: int | None = None) -> None:
    # One string, one write: json.dump would hand the stream thousands of small pieces. The line break
    # apart: without it, a JSON line is printable text, which the output's check of controls passes at once.
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent))
    sys.stdout.write("\n")


def write_json_list(items: list) -> None:
    """A JSON list with one item per line: still one JSON document, and readable line by line."""
    if not items:
        sys.stdout.write("[]\n")
        return
    sys.stdout.write("[" + ",\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "]\n")


_ARGUMENT_NAMES = {"query": "QUERY", "id": "ID"}
_TEXT_ARGUMENTS = ("draft", "section", "group", "author", "kind", "status", "text", "quote", "proposal", "response",
                   "supporters", "limit", "query", "id")
LONG_TEXTS = ("text", "quote", "proposal", "response")


def check_arguments(args) -> None:
    """Text typed on the command line must be UTF-8 (Python keeps undecodable bytes as lone surrogates)."""
    for name in _TEXT_ARGUMENTS:
        value = getattr(args, name, None)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                option = _ARGUMENT_NAMES.get(name, "--" + name)
                raise ReviewerError(_("The {option} argument is not valid UTF-8 text.").format(option=option)) from None


def read_text_file(path: str, option: str) -> str:
    """A long text from a file, or from standard input for "-"; UTF-8 (a BOM is dropped)."""
    if path == "-":
        data = sys.stdin.buffer.read()
        source = _("standard input")
    else:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ReviewerError(_("Cannot read “{path}”: {reason}").format(path=path, reason=exc.strerror or exc)) \
                from None
        source = f"“{path}”"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReviewerError(_(
            "The text for {option} read from {source} is not valid UTF-8 (at byte {offset}); save it as UTF-8 "
            "and try again.").format(option=option, source=source, offset=exc.start)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def long_texts(args) -> dict[str, str]:
    """The long-text options given, from the command line or from their --…-file."""
    stdin_users = [f for f in LONG_TEXTS if getattr(args, f + "_file", None) == "-"]
    if len(stdin_users) > 1:
        raise ReviewerError(_("Only one option can read standard input (-)."))
    out = {}
    for f in LONG_TEXTS:
        path = getattr(args, f + "_file", None)
        if path is not None:
            out[f] = read_text_file(path, f"--{f}-file")
        elif getattr(args, f, None) is not None:
            out[f] = getattr(args, f)
    return out


def whole_number(value: str, option: str, *, minimum: int = 0) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ReviewerError(_("{option} needs a whole number of at least {minimum}, not “{value}”.").format(
            option=option, minimum=minimum, value=value))
    return number


def kind_option(value: str) -> str:
    code = parse_kind(value)
    if code is None:
        raise ReviewerError(_("Unknown kind of comment “{kind}”; use one of: {codes}.").format(
            kind=value, codes=", ".join(KINDS)))
    return code


def status_option(value: str) -> str:
    code = parse_status(value)
    if code is None:
        raise ReviewerError(_("Unknown status “{status}”; use one of: {codes}.").format(
            status=value, codes=", ".join(STATUSES)))
    return code


def section_id(store, draft_id: str, ref: str) -> str:
    """A section named by its id, its number ("I.1.") or its title."""
    from reviewer.exchange import SectionFinder  # deferred with the store (see with_store)

    return SectionFinder(store.sections(draft_id)).find(ref)

def section_headings(store, draft_id: str) -> dict[str, str]:
    return {s["id"]: f"{s['number']} {s['title']}".strip() for s in store.sections(draft_id)}


def heading_of(headings: dict[str, str], section_id: str) -> str:
    if section_id not in headings:
        return _("Section “{id}” (not in this version of the draft)").format(id=section_id)
    return headings[section_id] or _("Before the first heading")


def _argparse_gettext(message):
    # argparse passes None as well (a subparsers group without a description).
    return i18n.gettext(message) if message else message


@contextmanager
def argparse_in_our_language() -> Iterator[None]:
    """argparse's own words ("usage:", "options", "the following arguments are required: …") from our catalogue.

    argparse (3.11–3.13 alike) looks them up through the names ``_`` and ``ngettext`` it imports from
    the gettext module, each time it uses them: when a parser is made (the group titles, -h's help)
    and while it parses (usage, error lines). Pointing those two names at our catalogue while the
    command line is built and read leaves gettext's global domain, and anyone else's argparse, alone.
    """
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _argparse_gettext, i18n.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit code is 2 as well; keep its message short
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def db_option(parser, *, top: bool = False) -> None:
    # On the top parser --db has a default; on each command it is only set when given, so
    # "reviewer --db X draft list" and "reviewer draft list --db X" mean the same.
    parser.add_argument("--db", metavar="PATH", default=None if top else argparse.SUPPRESS,
                        help=_("the review database (default: the one in your user profile)"))


def text_option(group_parser, name: str, metavar: str, help_text: str, file_help: str) -> None:
    group = group_parser.add_mutually_exclusive_group()
    group.add_argument(f"--{name}", metavar=metavar, help=help_text)
    group.add_argument(f"--{name}-file", metavar="PATH", help=file_help)
