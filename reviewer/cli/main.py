"""The ``reviewer`` command line: the core, for scripting and headless use.

One module per command group (drafts, comments, search, export, exchange) over
:mod:`reviewer.cli.common`; each adds its parsers here.
"""
from __future__ import annotations

import argparse
import atexit
import importlib
import os
import signal
import sys
import threading
from pathlib import Path

from reviewer.cli import common
from reviewer.cli.common import Parser, argparse_in_our_language, check_arguments, db_option
from reviewer.errors import ReviewerError
from reviewer.i18n import _
from reviewer.textnorm import strip_controls

# Which module adds each command. A command loads only its own module: "reviewer outline" runs
# before the user notices, and the comment and export modules cost more to import than it does.
_GROUPS = {"outline": "drafts", "draft": "drafts", "comment": "comments", "search": "search",
           "conference": "export", "export": "export", "package": "exchange", "sync": "exchange",
           "response": "responses", "similar": "similar"}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or, given a command, one whose only full sub-parser is that command's."""
    parser = Parser(prog="reviewer", description=_("Review draft reports section by section."))
    db_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", parser_class=Parser, metavar="COMMAND")

    p = sub.add_parser("open", help=_("open the window (the same as “reviewer” or “reviewer FILE”)"))
    p.add_argument("file", nargs="?", help=_("the draft, a .docx file"))
    # For benchmarks and smoke tests: quit once the draft is shown, printing how long it took.
    p.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    db_option(p)
    p.set_defaults(func=cmd_open)
    if command == "open":
        wanted = []
    else:
        wanted = [_GROUPS[command]] if command in _GROUPS else list(dict.fromkeys(_GROUPS.values()))
    for name in wanted:
        importlib.import_module(f"reviewer.cli.{name}").add_parsers(sub)
    return parser


_COMMANDS = {*_GROUPS, "open", "-h", "--help"}


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
    # deferred: only the window asks whether Qt is installed
    from importlib.util import find_spec

    if find_spec("PySide6") is None:
        raise ReviewerError(_("The window needs PySide6, which is not installed here. Install it (pip install "
                              "PySide6-Essentials), or use “reviewer outline FILE” and the other commands."))
    # Deferred for start-up speed: only the window loads Qt. The one edge from the command line to the window.
    from reviewer.ui.app import has_display, run

    if not has_display():
        raise ReviewerError(_("No display is available for the window. Use “reviewer outline FILE” and the "
                              "other commands in a terminal, or run the window on a desktop."))
    return run(args.file, db=args.db, exit_when_ready=args.exit_when_ready)


class _Printable:
    """Standard output or error that never passes on a control character: what is printed may
    come from a package or a file made elsewhere, and must not clear or retitle the terminal."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(strip_controls(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _terminated(signum, _frame) -> None:
    # SIGTERM (a logout, `kill`, a service manager) unwinds like Ctrl+C does, so a file being written
    # is removed instead of being left behind half-written.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(out), _Printable(err)
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: list[str]) -> int:
    # "reviewer" alone, or "reviewer DRAFT.docx", opens the window.
    first = _first_word(argv)
    if first is None or (first not in _COMMANDS and _looks_like_a_draft(first)):
        argv = ["open", *argv]
    with argparse_in_our_language():
        args = build_parser(_first_word(argv)).parse_args(argv)
    # Not for the window, whose event loop would only see the exception inside some slot.
    if (args.func is not cmd_open and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL):
        signal.signal(signal.SIGTERM, _terminated)
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


def console() -> None:
    """The ``reviewer`` console command and ``python -m reviewer.cli``: ``main``, then the process ends.

    Exit handlers run and the output is flushed as on any exit; only the interpreter's teardown is
    skipped, which frees every object still alive one by one (what a command kept for this moment
    with ``keep_until_exit``: a tenth of ``reviewer outline --json`` on a 400-section draft)."""
    common.ENDING_PROCESS = True
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: what could be written was
            pass
    os._exit(code if isinstance(code, int) else 1)


def open_window() -> int:
    """The window alone (the ``reviewer-window`` launcher, which has no console on Windows)."""
    return main(["open", *sys.argv[1:]])


if __name__ == "__main__":
    console()
