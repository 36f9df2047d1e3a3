"""The ``reviewer`` command line: the core, for scripting and headless use.

One module per command group (drafts, comments, search, export, exchange) over
:mod:`reviewer.cli.common`; each adds its parsers here.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewer.cli import comments, drafts, exchange, export, search
from reviewer.cli.common import Parser, check_arguments, db_option
from reviewer.errors import ReviewerError
from reviewer.i18n import _


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="reviewer", description=_("Review draft reports section by section."))
    db_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", parser_class=Parser, metavar="COMMAND")

    p = sub.add_parser("open", help=_("open the window (the same as “reviewer” or “reviewer FILE”)"))
    p.add_argument("file", nargs="?", help=_("the draft, a .docx file"))
    # For benchmarks and smoke tests: quit once the draft is shown, printing how long it took.
    p.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    db_option(p)
    p.set_defaults(func=cmd_open)
    for group in (drafts, comments, search, export, exchange):
        group.add_parsers(sub)
    return parser


_COMMANDS = {"outline", "draft", "comment", "search", "open", "conference", "export", "package", "sync", "-h",
             "--help"}


def _first_word(argv: list[str]) -> str | None:
    """The command (or file) named first, past the --db option and its value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return arg
    return None


def _looks_like_a_draft(word: str) -> bool:
    return word.lower().endswith((".docx", ".docm", ".doc")) or Path(word).is_file()


def cmd_open(args) -> int:
    # Deferred for start-up speed: only the window loads Qt. The one edge from the command line to the window.
    from reviewer.ui.app import has_display, run

    if not has_display():
        raise ReviewerError(_("No display is available for the window. Use “reviewer outline FILE” and the "
                              "other commands in a terminal, or run the window on a desktop."))
    return run(args.file, db=args.db, exit_when_ready=args.exit_when_ready)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # "reviewer" alone, or "reviewer DRAFT.docx", opens the window.
    first = _first_word(argv)
    if first is None or (first not in _COMMANDS and _looks_like_a_draft(first)):
        argv = ["open", *argv]
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        check_arguments(args)
        return args.func(args)
    except ReviewerError as exc:
        sys.stderr.write(f"reviewer: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def open_window() -> int:
    """The window alone (the ``reviewer-window`` launcher, which has no console on Windows)."""
    return main(["open", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
