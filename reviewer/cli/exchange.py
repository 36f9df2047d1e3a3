"""Command line: comment packages between laptops, and one pass of the exchange folder."""
from __future__ import annotations

import json
import sys

from reviewer.cli.common import db_option, with_store
from reviewer.errors import ReviewerError
from reviewer.i18n import _, count, local_time


def add_parsers(sub) -> None:
    p = sub.add_parser("package", help=_("send and receive comments between laptops (.gopy comment packages)"))
    db_option(p)
    psub = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    e = psub.add_parser("export", help=_("save the comments on a draft as a package for other laptops"),
                        description=_("Save a comment package: everything this laptop holds for the draft "
                                      "(deleted comments and earlier versions included), or one group's comments."))
    e.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    e.add_argument("--group", metavar="NAME", help=_("only this group's comments"))
    e.add_argument("-o", "--output", metavar="FILE", required=True,
                   help=_("the package to write (.gopy, for example on a USB stick)"))
    db_option(e)
    e.set_defaults(func=cmd_package_export)

    i = psub.add_parser("import", help=_("merge comment packages from other laptops"),
                        description=_("Merge comment packages. Each file is checked in full and merged in one "
                                      "transaction; a bad file is reported and skipped, the others are still "
                                      "imported. Importing a package again, or in another order, changes nothing."))
    i.add_argument("files", metavar="FILE", nargs="+", help=_("the packages (.gopy)"))
    i.add_argument("--json", action="store_true", help=_("print JSON"))
    db_option(i)
    i.set_defaults(func=cmd_package_import)

    s = psub.add_parser("passphrase", help=_("set or remove the conference passphrase that signs packages"),
                        description=_("With a passphrase, packages are signed, and packages with a missing or "
                                      "wrong signature are refused. Every laptop of the conference needs the same "
                                      "passphrase. Without an option, says whether one is set."))
    group = s.add_mutually_exclusive_group()
    group.add_argument("--set", metavar="TEXT", dest="passphrase", help=_("the passphrase"))
    group.add_argument("--clear", action="store_true", help=_("remove the passphrase"))
    db_option(s)
    s.set_defaults(func=cmd_package_passphrase)

    y = sub.add_parser("sync", help=_("one pass of the shared exchange folder"),
                       description=_("Write this laptop's comments into the exchange folder (one file per laptop "
                                     "and draft) and merge the other laptops' files. Files still being copied are "
                                     "left for the next pass."))
    y.add_argument("--folder", metavar="DIR", required=True, help=_("the exchange folder"))
    y.add_argument("--receive-only", action="store_true",
                   help=_("only merge the other laptops' files; write nothing to the folder (a secretariat "
                          "receiving from hundreds of units)"))
    y.add_argument("--json", action="store_true", help=_("print JSON"))
    db_option(y)
    y.set_defaults(func=cmd_sync)



def _counts(s) -> str:
    # deferred: the exchange package loads only for the commands that use it
    from reviewer.exchange import summary_line

    return summary_line(s)


def _draft_note(s) -> str | None:
    if s.draft_registered:
        return _("registered the draft “{title}” ({id}) from the package").format(title=s.draft_title, id=s.draft)
    if s.other_version:
        return _("another version of the draft “{title}” ({id}): comments attached by section").format(
            title=s.draft_title, id=s.draft)
    return None


def cmd_package_export(args) -> int:
    from reviewer.exchange import export_package  # deferred for start-up speed, like the store

    if args.group is not None and not args.group.strip():
        raise ReviewerError(_("--group needs a group name."))
    result = with_store(args, lambda store: export_package(store, args.draft, args.output,
                                                            group=args.group.strip() if args.group else None))
    sys.stdout.write(_("Wrote {path}: {comments}, {deleted} deleted.").format(
        path=args.output, comments=count("{n} comment", "{n} comments", result.comments), deleted=result.tombstones)
        + (" " + _("Signed with the conference passphrase.") if result.signed else "") + "\n")
    return 0


def cmd_package_import(args) -> int:
    # Deferred for start-up speed, like the store.
    from reviewer.exchange import PackageError, import_packages
    from reviewer.store import MergeSummary

    results = with_store(args, lambda store: import_packages(store, args.files))
    total = MergeSummary()
    refused = 0
    files = []
    for path, outcome in results:
        if isinstance(outcome, MergeSummary):
            total.add(outcome)
            files.append({"file": path, "ok": True, **outcome.to_json()})
            if not args.json:
                sys.stdout.write(f"{path}: {_counts(outcome)}\n")
                note = _draft_note(outcome)
                if note:
                    sys.stdout.write(f"{path}: {note}\n")
        else:
            refused += 1
            code = outcome.code if isinstance(outcome, PackageError) else "refused"
            files.append({"file": path, "ok": False, "error": code, "message": str(outcome)})
            sys.stderr.write(f"reviewer: {path}: {outcome}\n")
    if args.json:
        json.dump({"files": files, "total": {k: v for k, v in total.to_json().items()
                                            if k in ("new", "updated", "unchanged", "deleted", "conflicts",
                                                     "unplaced", "changed")},
                   "refused": refused}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    elif len(results) > 1:
        sys.stdout.write(_("Total: {counts}; {refused} files refused.").format(counts=_counts(total),
                                                                              refused=refused) + "\n")
    return 2 if refused else 0


def cmd_package_passphrase(args) -> int:
    def run(store):
        if args.clear:
            store.exchange.set_passphrase(None)
        elif args.passphrase is not None:
            if not args.passphrase.strip():
                raise ReviewerError(_("The passphrase cannot be empty; use --clear to remove it."))
            store.exchange.set_passphrase(args.passphrase)
        return bool(store.exchange.passphrase())

    is_set = with_store(args, run)
    sys.stdout.write((_("A conference passphrase is set: packages are signed and checked.") if is_set else
                      _("No conference passphrase: packages are not signed.")) + "\n")
    return 0


def cmd_sync(args) -> int:
    from reviewer.exchange import sync_once  # deferred for start-up speed, like the store

    drafts = [] if args.receive_only else None  # no draft to send
    result = with_store(args, lambda store: sync_once(store, args.folder, drafts=drafts))
    if result.status == "missing":
        raise ReviewerError(result.message)
    for name, message in result.refused:
        sys.stderr.write(f"reviewer: {name}: {message}\n")
    if result.status != "ok":
        sys.stderr.write(f"reviewer: {result.message}\n")
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 2 if result.refused or result.status != "ok" else 0
    out = sys.stdout
    for name in result.written:
        out.write(_("Sent: {file}").format(file=name) + "\n")
    for name, summary in result.merged:
        out.write(f"{name}: {_counts(summary)}\n")
        note = _draft_note(summary)
        if note:
            out.write(f"{name}: {note}\n")
    for name in result.pending:
        out.write(_("{file}: still being copied; it will be read on the next pass.").format(file=name) + "\n")
    for g in result.received["groups"]:
        if g["last_received"]:
            out.write(_("{group}: {comments} here; last received {time}").format(
                group=g["group"], comments=count("{n} comment", "{n} comments", g["comments"]),
                time=local_time(g["last_received"])) + "\n")
        else:
            out.write(_("{group}: {comments} here; nothing received yet").format(
                group=g["group"], comments=count("{n} comment", "{n} comments", g["comments"])) + "\n")
    for d in result.received["devices"]:
        # Every group the laptop brought, with its count (a laptop may write for two groups).
        brought = ", ".join(f"{g['group']} ({g['comments']})" for g in d.get("groups", [])) or d["group"] or "?"
        out.write(_("Laptop {device} ({group}): {comments}, sent {sent}, received {received}").format(
            device=d["device"][:8], group=brought,
            comments=count("{n} comment", "{n} comments", d["comments"]),
            sent=local_time(d["exported_at"]), received=local_time(d["received_at"])) + "\n")
    out.write(result.message + "\n")
    return 2 if result.refused or result.status != "ok" else 0
