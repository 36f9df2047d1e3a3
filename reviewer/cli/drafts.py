"""Commands on drafts: print an outline, register a draft or a revised version of one, list the registered ones."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reviewer import docx as reading
from reviewer.cli.common import Parser, db_option, keep_until_exit, with_store, write_json
from reviewer.i18n import _, count, local_time


def add_parsers(sub) -> None:
    p = sub.add_parser("outline", help=_("print the outline of a draft (.docx)"))
    p.add_argument("file", help=_("the draft, a .docx file"))
    p.add_argument("--json", action="store_true", help=_("print JSON instead of an indented tree"))
    p.add_argument("--convert", action="store_true", help=_("convert an old .doc file with LibreOffice first"))
    p.add_argument("--pretty", action="store_true", help=argparse.SUPPRESS)
    db_option(p)
    p.set_defaults(func=cmd_outline)

    d = sub.add_parser("draft", help=_("register drafts in the review database and list them"))
    db_option(d)
    dsub = d.add_subparsers(dest="action", parser_class=Parser, metavar="ACTION", required=True)
    p = dsub.add_parser("add", help=_("register a draft (.docx) and print its id"))
    p.add_argument("file", help=_("the draft, a .docx file"))
    p.add_argument("--convert", action="store_true", help=_("convert an old .doc file with LibreOffice first"))
    db_option(p)
    p.set_defaults(func=cmd_draft_add)
    p = dsub.add_parser("revise", help=_("register a revised version of a draft and carry its comments onto it"))
    p.add_argument("id", metavar="OLD_ID", help=_("the id of the earlier version"))
    p.add_argument("file", metavar="NEW.docx", help=_("the revised version, a .docx file"))
    p.add_argument("--convert", action="store_true", help=_("convert an old .doc file with LibreOffice first"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    db_option(p)
    p.set_defaults(func=cmd_draft_revise)
    p = dsub.add_parser("list", help=_("list the registered drafts"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    db_option(p)
    p.set_defaults(func=cmd_draft_list)


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


def _open_draft(args):
    opening = reading.Opening(args.file)  # unzipped and parsed on a second core while the reader loads
    doc = reading.open_draft(args.file, convert=args.convert, opening=opening)
    if args.convert and doc.source_name.lower().endswith(".doc"):
        sys.stderr.write(_("Converted “{name}” to .docx with LibreOffice.").format(name=doc.source_name) + "\n")
    return doc


def cmd_outline(args) -> int:
    doc = _open_draft(args)
    if args.json:
        data = doc.to_json()
        write_json(data, indent=1 if args.pretty else None)
        keep_until_exit(data)
    else:
        _print_outline(doc)
    keep_until_exit(doc)
    return 0


def cmd_draft_add(args) -> int:
    doc = _open_draft(args)  # before the database is opened: a bad file leaves no trace
    # The file itself is kept for Word exports; a converted .doc is not a .docx to write comments into.
    content = Path(args.file).read_bytes() if Path(args.file).suffix.lower() == ".docx" else None
    draft = with_store(args, lambda store: store.register_draft(doc, file_name=doc.source_name
                                                                  or Path(args.file).name, content=content))
    sys.stdout.write(draft["id"] + "\n")
    return 0


def cmd_draft_revise(args) -> int:
    doc = _open_draft(args)  # before the database is opened: a bad file leaves no trace
    content = Path(args.file).read_bytes() if Path(args.file).suffix.lower() == ".docx" else None

    def revise(store):
        # deferred: SQLite and the store load only for the commands that use them (see with_store)
        from reviewer.store.revise import proposals_taken_up, revise_draft

        result = revise_draft(store, args.id, doc, file_name=doc.source_name or Path(args.file).name,
                              content=content)
        return result, proposals_taken_up(store, result.new_draft) if args.json else {}

    result, taken = with_store(args, revise)
    if args.json:
        data = result.to_json()
        for c in data["comments"]:
            c["taken_up"] = taken.get(c["id"])  # a hint for the secretariat: no status is set
        write_json(data)
        return 0
    out = sys.stdout
    out.write(_("Carried the comments of draft {old} onto its revised version: {carried}, {review}, "
                "{unplaced}.").format(
        old=result.old_draft, carried=count("{n} comment carried", "{n} comments carried", result.count("carried")),
        review=count("{n} comment to review", "{n} comments to review", result.count("review")),
        unplaced=count("{n} comment unplaced", "{n} comments unplaced", result.count("unplaced"))) + "\n")
    if result.count("review") or result.count("unplaced"):
        out.write(_("The proposed places await the secretariat's confirmation; "
                    "“reviewer comment list --draft {id} --json” lists them.").format(id=result.new_draft) + "\n")
    out.write(result.new_draft + "\n")
    return 0


def cmd_draft_list(args) -> int:
    drafts = with_store(args, lambda store: store.drafts())
    if args.json:
        write_json(drafts)
        return 0
    for d in drafts:
        sys.stdout.write(_("{id}  {title} ({file}: {sections}, {comments}; added {time})").format(
            id=d["id"], title=d["title"], file=d["file_name"], time=local_time(d["created_at"]),
            sections=count("{n} section", "{n} sections", d["sections"]),
            comments=count("{n} comment", "{n} comments", d["comments"])) + "\n")
    return 0
