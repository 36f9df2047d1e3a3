"""Commands on comments: add, edit, delete, list and import."""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from reviewer.cli.common import (
    Parser,
    db_option,
    heading_of,
    kind_option,
    long_texts,
    section_headings,
    section_id,
    status_option,
    text_option,
    whole_number,
    with_store,
    write_json,
    write_json_list,
)
from reviewer.errors import ReviewerError
from reviewer.i18n import _, count, local_time, ngettext
from reviewer.vocab import kind_label, status_label


def add_parsers(sub) -> None:
    c = sub.add_parser("comment", help=_("add, change, delete, list and import comments"))
    db_option(c)
    csub = c.add_subparsers(dest="action", parser_class=Parser, metavar="ACTION", required=True)

    p = csub.add_parser("add", help=_("add a comment and print its id"))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    p.add_argument("--section", metavar="SECTION", required=True,
                   help=_("the section: its id, its number (such as “I.1.”) or its title"))
    p.add_argument("--group", metavar="NAME", required=True, help=_("the group (Tổ) that made the comment"))
    _comment_options(p, editing=False)
    db_option(p)
    p.set_defaults(func=cmd_comment_add)

    p = csub.add_parser("edit", help=_("change some fields of a comment"))
    p.add_argument("id", metavar="ID", help=_("the comment's id"))
    p.add_argument("--section", metavar="SECTION", help=_("move the comment to another section"))
    p.add_argument("--group", metavar="NAME", help=_("the group (Tổ) that made the comment"))
    _comment_options(p, editing=True)
    db_option(p)
    p.set_defaults(func=cmd_comment_edit)

    p = csub.add_parser("delete", help=_("delete a comment (it is kept in the history)"))
    p.add_argument("id", metavar="ID", help=_("the comment's id"))
    db_option(p)
    p.set_defaults(func=cmd_comment_delete)

    p = csub.add_parser("list", help=_("list the comments on a draft, section by section"))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    p.add_argument("--section", metavar="SECTION", help=_("only this section: its id, number or title"))
    p.add_argument("--include-deleted", action="store_true", help=_("also list deleted comments"))
    p.add_argument("--json", action="store_true", help=_("print JSON (one comment per line; “comment import” "
                                                           "reads it back)"))
    db_option(p)
    p.set_defaults(func=cmd_comment_list)

    p = csub.add_parser("history", help=_("list every version of a comment that the database keeps"))
    p.add_argument("id", metavar="ID", help=_("the comment's id"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    db_option(p)
    p.set_defaults(func=cmd_comment_history)

    p = csub.add_parser("import", help=_("import many comments from a CSV or JSON file"),
                        description=_("Import many comments at once, all or none."), epilog=_(
        "The file is CSV (UTF-8, with or without BOM, separated by commas or semicolons, as Excel saves it) or "
        "JSON (the output of “reviewer comment list --json”, or JSON Lines: one comment object per line). Its "
        "first row names the columns, in English (section, group, author, kind, text, quote, proposal, "
        "supporters, status, response, id) or in Vietnamese (Mục, Tổ, Đại biểu, Loại, Nội dung, Trích dẫn, "
        "Đề xuất, Tán thành, Trạng thái, Giải trình). A section is given by its id, its number (“I.1.”) or its "
        "title. Every row is checked first: if one is wrong, its line is reported and nothing is imported. Rows "
        "whose id is already in the database are skipped, so importing the same file twice adds nothing; rows "
        "without an id are added again by a second import."))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    p.add_argument("file", metavar="FILE", help=_("the file of comments (.csv, .json, .jsonl, or a Word .docx "
                                                  "with comments), or - for standard input"))
    p.add_argument("--format", choices=("csv", "json", "jsonl", "docx"),
                   help=_("the file's format (default: recognised from its content)"))
    p.add_argument("--group", metavar="NAME", help=_(
        "Word files only: the group (Tổ) whose comments they are (a Word file does not say it)"))
    p.add_argument("--author", metavar="NAME", help=_(
        "Word files only: the delegate who made the comments, instead of the author Word recorded"))
    p.add_argument("--json", action="store_true", help=_("print what was imported as JSON"))
    db_option(p)
    p.set_defaults(func=cmd_comment_import)


def _comment_options(p, *, editing: bool) -> None:
    p.add_argument("--author", metavar="NAME", help=_("the delegate who made the comment"))
    p.add_argument("--kind", metavar="CODE", help=_(
        "kind of comment: gop_y, sua_doi, bo_sung, de_nghi_bo, cau_hoi, nhat_tri, or its Vietnamese or English "
        "name (default gop_y)"))
    p.add_argument("--supporters", metavar="N", help=_("how many delegates support the comment"))
    text_option(p, "text", "TEXT", _("the comment itself"),
                 _("read the comment from a UTF-8 file, or from standard input with -"))
    text_option(p, "quote", "TEXT", _("the passage of the draft the comment is about"),
                 _("read the quoted passage from a file (- for standard input)"))
    text_option(p, "proposal", "TEXT", _("the wording the comment proposes"),
                 _("read the proposed wording from a file (- for standard input)"))
    if editing:
        p.add_argument("--status", metavar="CODE", help=_(
            "what became of the comment: moi, tiep_thu, tiep_thu_mot_phan, giai_trinh, khong_tiep_thu, "
            "or its Vietnamese or English name"))
        text_option(p, "response", "TEXT", _("the drafting team's response"),
                     _("read the response from a file (- for standard input)"))


def cmd_comment_add(args) -> int:
    texts = long_texts(args)
    if "text" not in texts:
        raise ReviewerError(_("A comment needs its text: give --text TEXT or --text-file PATH."))
    kind = kind_option(args.kind) if args.kind is not None else "gop_y"
    supporters = whole_number(args.supporters, "--supporters") if args.supporters is not None else 0

    def add(store):
        section = section_id(store, args.draft, args.section)
        return store.add_comment(draft_id=args.draft, section_id=section, group=args.group,
                                 author=args.author or "", kind=kind, supporters=supporters, **texts)

    sys.stdout.write(with_store(args, add).id + "\n")
    return 0


def cmd_comment_edit(args) -> int:
    changes: dict = long_texts(args)
    for name in ("author", "group"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.kind is not None:
        changes["kind"] = kind_option(args.kind)
    if args.status is not None:
        changes["status"] = status_option(args.status)
    if args.supporters is not None:
        changes["supporters"] = whole_number(args.supporters, "--supporters")
    if not changes and args.section is None:
        raise ReviewerError(_("Nothing to change: give at least one option such as --text or --status."))

    def edit(store):
        if args.section is not None:
            changes["section"] = section_id(store, store.comment(args.id).draft, args.section)
        return store.edit_comment(args.id, **changes)

    sys.stdout.write(with_store(args, edit).id + "\n")
    return 0


def cmd_comment_delete(args) -> int:
    comment = with_store(args, lambda store: store.delete_comment(args.id))
    sys.stdout.write(comment.id + "\n")
    return 0


def _indented(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else "" for line in text.split("\n"))


def cmd_comment_history(args) -> int:
    versions = with_store(args, lambda store: store.versions(args.id))
    if args.json:
        write_json_list(versions)
        return 0
    states = {"previous": _("earlier version"), "current": _("current version"),
              "set_aside": _("set aside (another copy of this revision)")}
    for v in versions:
        when = local_time(v["updated_at"])
        who = " · ".join(p for p in (v["group"], v["author"], kind_label(v["kind"])) if p)
        extra = [_("deleted")] if v["deleted"] else []
        sys.stdout.write(_("Revision {revision} ({state}), {time}, device {device}").format(
            revision=v["revision"], state=states[v["state"]], time=when, device=v["device"][:12])
            + (f" ({', '.join(extra)})" if extra else "") + "\n")
        sys.stdout.write(f"  {who}\n" + _indented(v["text"], "    ") + "\n")
        for label, value in ((_("Quote:"), v["quote"]), (_("Proposal:"), v["proposal"]),
                             (_("Response:"), v["response"])):
            if value:
                sys.stdout.write(_indented(f"{label} {value}", "    ") + "\n")
    return 0


def cmd_comment_list(args) -> int:
    def fetch(store):
        section = section_id(store, args.draft, args.section) if args.section is not None else None
        comments = store.comments(args.draft, section_id=section, include_deleted=args.include_deleted)
        return comments, (None if args.json else section_headings(store, args.draft))

    comments, headings = with_store(args, fetch)
    if args.json:
        write_json_list([c.to_json() for c in comments])
        return 0
    out = sys.stdout
    current = None
    for c in comments:
        if c.section != current:
            out.write(("\n" if current is not None else "") + heading_of(headings, c.section) + "\n")
            current = c.section
        who = " · ".join(p for p in (c.group, c.author, kind_label(c.kind), local_time(c.updated_at)) if p)
        extra = [_("changed on two laptops at once")] if c.conflict else []
        if c.status != "moi":
            extra.append(status_label(c.status))
        if c.supporters:
            extra.append(count("{n} supporter", "{n} supporters", c.supporters))
        if c.deleted:
            extra.append(_("deleted"))
        mark = "⚠" if c.conflict else " "  # what a secretary scanning the list must not miss
        out.write(f"{mark} [{c.id}] {who}" + (f" ({', '.join(extra)})" if extra else "") + "\n")
        out.write(_indented(c.text, "    ") + "\n")
        for label, value in ((_("Quote:"), c.quote), (_("Proposal:"), c.proposal), (_("Response:"), c.response)):
            if value:
                out.write(_indented(f"{label} {value}", "    ") + "\n")
    return 0


def _open_import_file(args) -> tuple[BinaryIO, str]:
    """The file to import, open; one over the size limit is refused here, before it is read."""
    from reviewer.exchange.table_import import check_file_size  # deferred with the store (see with_store)

    if args.file == "-":
        return sys.stdin.buffer, _("standard input")  # read no further than the size limit
    path = Path(args.file)
    if path.is_dir():
        raise ReviewerError(_("“{path}” is a folder, not a file of comments.").format(path=args.file))
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise ReviewerError(_("File not found: {path}").format(path=args.file)) from None
    except OSError as exc:
        raise ReviewerError(_("Cannot read “{path}”: {reason}").format(path=args.file,
                                                                     reason=exc.strerror or exc)) from None
    try:
        info = os.fstat(stream.fileno())
        if stat.S_ISREG(info.st_mode):  # a pipe or device has no size: the reader stops at the limit
            check_file_size(info.st_size, path.name)
    except BaseException:
        stream.close()
        raise
    return stream, path.name  # the format is recognised from the content, whatever the extension


def cmd_comment_import(args) -> int:
    # Deferred with the store (see common.with_store).
    from reviewer.exchange import plan_import

    stream, name = _open_import_file(args)
    if _is_word(stream, args.format):
        try:
            return _import_word(args, stream, name)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
    if args.group is not None or args.author is not None:
        stream.close()
        raise ReviewerError(_("--group and --author apply to Word files only: a CSV or JSON file names the group "
                              "and the delegate of each comment."))

    def run(store):
        # Read and checked with the store open for reading only; nothing is written before
        # add_comments, which writes every row in one transaction: all or nothing.
        plan = plan_import(stream, name=name, draft_id=args.draft, sections=store.sections(args.draft),
                           groups=store.groups(), is_known=known_to(store), fmt=args.format)
        return plan, store.add_comments([r.comment for r in plan.rows])

    try:
        plan, added = with_store(args, run)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if args.json:
        write_json({"imported": [c.id for c in added], "count": len(added), "skipped": len(plan.skipped),
                    "deleted": len(plan.deleted)})
        return 0
    if plan.ignored_columns:
        sys.stderr.write(_("Ignored columns: {names}.").format(
            names=", ".join(f"“{n}”" for n in plan.ignored_columns)) + "\n")
    sys.stdout.write(count("Imported {n} comment.", "Imported {n} comments.", len(plan.rows)) + "\n")
    if plan.skipped:
        n = len(plan.skipped)
        sys.stdout.write(ngettext("Skipped {n} comment already in the database (lines {lines}).",
                                  "Skipped {n} comments already in the database (lines {lines}).", n).format(
            n=n, lines=_lines(line for line, _id in plan.skipped)) + "\n")
    if plan.deleted:
        n = len(plan.deleted)
        sys.stdout.write(ngettext("Skipped {n} deleted comment (lines {lines}).",
                                  "Skipped {n} deleted comments (lines {lines}).", n).format(
            n=n, lines=_lines(plan.deleted)) + "\n")
    return 0


def known_to(store):
    """Whether a comment id is in ``store`` (deleted ones too): an import skips what is already there."""
    # deferred: with the store (see common.with_store)
    from reviewer.store import NotFoundError

    def is_known(comment_id: str) -> bool:
        try:
            store.comment(comment_id)
        except NotFoundError:
            return False
        return True

    return is_known


def _lines(numbers) -> str:
    numbers = [str(n) for n in numbers]
    return ", ".join(numbers[:10]) + (", …" if len(numbers) > 10 else "")


_ZIP_MAGIC = b"PK\x03\x04"


def _is_word(stream: BinaryIO, fmt: str | None) -> bool:
    """A Word file, named so or recognised by its content (a zip package), like CSV and JSON."""
    if fmt is not None:
        return fmt == "docx"
    if stream is sys.stdin.buffer:  # a pipe cannot go back: look without reading (what cannot, is not Word)
        peek = getattr(stream, "peek", None)
        return peek is not None and peek(4)[:4] == _ZIP_MAGIC
    head = stream.read(4)
    stream.seek(0)
    return head == _ZIP_MAGIC


def _import_word(args, stream: BinaryIO, name: str) -> int:
    # deferred: reading Word comments loads python-docx, which nothing else on the command line needs
    from reviewer.docx.comments import read_word_comments
    from reviewer.docx.word_review import plan_word_import

    # Read before the database is opened: a damaged file or one that is not Word leaves no trace.
    if stream is sys.stdin.buffer or not Path(args.file).is_file():
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "comments.docx"
            copy.write_bytes(stream.read())
            reviewed = read_word_comments(copy)
    else:
        reviewed = read_word_comments(args.file)

    def run(store):
        plan = plan_word_import(reviewed, name=name, draft_id=args.draft, sections=store.sections(args.draft),
                                known_keys=store.word_comment_keys(args.draft), is_known=known_to(store),
                                group=args.group, author=args.author)
        return plan, store.add_comments(plan.rows)  # one transaction: all or nothing

    plan, added = with_store(args, run)
    if args.json:
        write_json({"imported": [c.id for c in added], "count": len(added), "skipped": plan.skipped,
                    "replies": plan.replies, "resolved": plan.resolved, "unplaced": plan.unplaced})
        return 0
    if not plan.total:
        sys.stdout.write(_("“{name}” has no comments: nothing was imported.").format(name=name) + "\n")
        return 0
    sys.stdout.write(count("Imported {n} comment.", "Imported {n} comments.", len(added)) + "\n")
    details = []
    if plan.replies:
        details.append(count("{n} reply", "{n} replies", plan.replies))
    if plan.resolved:
        details.append(count("{n} comment resolved in Word", "{n} comments resolved in Word", plan.resolved))
    if plan.unplaced:
        details.append(count("{n} unplaced (its section is not in the draft)",
                             "{n} unplaced (their sections are not in the draft)", plan.unplaced))
    if details:
        sys.stdout.write(_("Of these: {details}.").format(details=", ".join(details)) + "\n")
    if plan.skipped:
        sys.stdout.write(count("Skipped {n} comment already imported.", "Skipped {n} comments already imported.",
                               plan.skipped) + "\n")
    return 0
