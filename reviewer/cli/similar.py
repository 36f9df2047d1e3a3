"""The similar command: clusters of near-duplicate comments made by several groups on one section."""
from __future__ import annotations

import sys

from reviewer.cli.common import db_option, heading_of, section_headings, with_store, write_json
from reviewer.i18n import _


def add_parsers(sub) -> None:
    p = sub.add_parser("similar", help=_("list clusters of similar comments made by several groups (suggested and "
                                         "confirmed)"))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    db_option(p)
    p.set_defaults(func=cmd_similar)


def cmd_similar(args) -> int:
    # deferred: the store's modules load SQLite, which other commands (outline) must not pay for
    from reviewer.store.similar import similar_comments
    from reviewer.store.stances import agreement_counts

    def run(store):
        clusters = similar_comments(store, args.draft)
        if args.json:
            return clusters, {}, {}, {}
        comments = {c.id: c for c in store.comments(args.draft)}
        return clusters, section_headings(store, args.draft), comments, agreement_counts(store, args.draft)

    clusters, headings, comments, agreed = with_store(args, run)
    if args.json:
        write_json([k.to_json() for k in clusters])
        return 0
    for k in clusters:
        state = _("confirmed") if k.confirmed else _("suggested")
        sys.stdout.write(f"{heading_of(headings, k.section)} · {', '.join(k.groups)} ({state})\n")
        for cid in k.comments:
            c = comments[cid]
            sys.stdout.write(f"  {c.id}  {c.group}: {' '.join(c.text.split())[:100]}\n")
    if not clusters:
        sys.stdout.write(_("No similar comments.") + "\n")
    total = sum(agreed.values())
    if total:
        sys.stdout.write(_("Comments that only agree with the draft (counted, not clustered): {n}").format(n=total)
                         + "\n")
    return 0
