"""Command line: the drafting committee's answers, read back from a consolidation table in Word."""
from __future__ import annotations

import sys
from pathlib import Path

from reviewer.cli.common import db_option, with_store, write_json
from reviewer.i18n import _, count


def add_parsers(sub) -> None:
    r = sub.add_parser("response", help=_("the drafting committee's answers to the comments"))
    rsub = r.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = rsub.add_parser("import", help=_("read the answers written in a consolidation table exported with "
                                         "“reviewer export table”"))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    p.add_argument("file", metavar="ANSWERED.docx", help=_("the table with the answers, saved by Word or LibreOffice"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    db_option(p)
    p.set_defaults(func=cmd_response_import)


def cmd_response_import(args) -> int:
    # deferred: lxml and the Word reading are loaded only for this command
    from reviewer.word import import_answers, plan_notes

    def run(store):
        plan = import_answers(store, args.draft, args.file)
        return plan, [store.comment(cid) for cid in plan.changes]

    plan, changed = with_store(args, run)
    if args.json:
        def rows(items):
            return [{"row": n.row, "id": n.comment_id or None, "response": n.text} for n in items]

        write_json({"changed": [c.to_json() for c in changed], "unchanged": plan.unchanged,
                    "unknown": rows(plan.unknown), "deleted": rows(plan.deleted), "lost": rows(plan.lost),
                    "duplicates": rows(plan.duplicates), "added": rows(plan.added)})
        return 0
    for line in plan_notes(plan):
        sys.stdout.write(line + "\n")
    sys.stdout.write(_("Imported the answers of {name}: {changed}, {unchanged} unchanged.").format(
        name=Path(args.file).name, changed=count("{n} comment changed", "{n} comments changed", len(changed)),
        unchanged=plan.unchanged) + "\n")
    return 0
