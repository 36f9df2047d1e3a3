"""The search command: comments and section headings, accents and case aside."""
from __future__ import annotations

import sys

from reviewer.cli.common import db_option, heading_of, section_headings, whole_number, with_store, write_json
from reviewer.i18n import _


def add_parsers(sub) -> None:
    p = sub.add_parser("search", help=_("find comments and section headings, accents and case aside"))
    p.add_argument("query", metavar="QUERY", help=_("the words to find (“dang” finds “Đảng”)"))
    p.add_argument("--draft", metavar="ID", help=_("only in this draft"))
    p.add_argument("--limit", metavar="N", help=_("at most N results (default 50)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    db_option(p)
    p.set_defaults(func=cmd_search)


def cmd_search(args) -> int:
    limit = whole_number(args.limit, "--limit", minimum=1) if args.limit is not None else 50

    def run(store):
        if args.draft:
            store.draft(args.draft)
        hits = store.search(args.query, draft_id=args.draft, limit=limit)
        headings = {} if args.json else {d: section_headings(store, d) for d in {h["draft"] for h in hits}}
        return hits, headings

    hits, headings = with_store(args, run)
    if args.json:
        write_json([{k: v for k, v in h.items() if k != "parts"} for h in hits])  # (parts: for the window)
        return 0
    for hit in hits:
        if hit["comment"] is None:
            sys.stdout.write(_("{snippet} (section heading)").format(snippet=hit["snippet"]) + "\n")
        else:
            heading = heading_of(headings[hit["draft"]], hit["section"])
            sys.stdout.write(f"{heading} · {hit['comment']}: {hit['snippet']}\n")
    return 0
