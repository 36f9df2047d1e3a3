"""The ``reviewer`` command line: the core, for scripting and headless use."""
from __future__ import annotations

import argparse
import json
import sys

from reviewer.errors import ReviewerError
from reviewer.i18n import _


def _print_outline(doc) -> None:
    out = sys.stdout
    out.write(doc.title + "\n")
    depth: dict[str, int] = {}
    for s in doc.sections:
        if not s.number and not s.title:
            continue
        d = depth[s.parent] + 1 if s.parent in depth else 0
        depth[s.id] = d
        out.write("  " * d + s.heading + "\n")


def cmd_outline(args) -> int:
    from reviewer.outline import open_draft

    doc = open_draft(args.file, convert=args.convert)
    if args.convert and doc.source_name.lower().endswith(".doc"):
        sys.stderr.write(_("Converted “{name}” to .docx with LibreOffice.").format(name=doc.source_name) + "\n")
    if args.json:
        json.dump(doc.to_json(), sys.stdout, ensure_ascii=False, indent=1 if args.pretty else None)
        sys.stdout.write("\n")
    else:
        _print_outline(doc)
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit code is 2 as well; keep its message short
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reviewer", description=_("Review draft reports section by section."))
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    p = sub.add_parser("outline", help=_("print the outline of a draft (.docx)"))
    p.add_argument("file", help=_("the draft, a .docx file"))
    p.add_argument("--json", action="store_true", help=_("print JSON instead of an indented tree"))
    p.add_argument("--convert", action="store_true", help=_("convert an old .doc file with LibreOffice first"))
    p.add_argument("--pretty", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_outline)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        # Until the window exists, running without a command shows the bundled sample.
        from reviewer.paths import sample_draft

        args = parser.parse_args(["outline", str(sample_draft())])
    try:
        return args.func(args)
    except ReviewerError as exc:
        sys.stderr.write(f"reviewer: {exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
