"""The ``reviewer`` command line: the core, for scripting and headless use."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.i18n import _, count, ngettext

# The store (sqlite3, sqlite_utils) is imported inside the commands that use it, so that
# ``reviewer outline`` starts without loading it.


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
    from reviewer.outline import open_draft

    doc = open_draft(args.file, convert=args.convert)
    if args.convert and doc.source_name.lower().endswith(".doc"):
        sys.stderr.write(_("Converted “{name}” to .docx with LibreOffice.").format(name=doc.source_name) + "\n")
    return doc


def cmd_outline(args) -> int:
    doc = _open_draft(args)
    if args.json:
        json.dump(doc.to_json(), sys.stdout, ensure_ascii=False, indent=1 if args.pretty else None)
        sys.stdout.write("\n")
    else:
        _print_outline(doc)
    return 0


# --------------------------------------------------------------------------- the review database


def _with_store(args, func):
    """Run ``func(store)`` on the review database; SQLite's own errors become one clear line."""
    import sqlite3

    from reviewer import database
    from reviewer.store import Store

    path = Path(args.db) if getattr(args, "db", None) else database.default_path()
    try:
        with Store(path) as store:
            return func(store)
    except sqlite3.Error as exc:
        explain = getattr(database, "explain", None)
        if explain is None:
            raise database.DatabaseError(_("Database error in “{path}”: {reason}").format(
                path=path, reason=exc)) from exc
        raise explain(exc, path) from exc


def _write_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def _write_json_list(items: list) -> None:
    """A JSON list with one item per line: still one JSON document, and readable line by line."""
    if not items:
        sys.stdout.write("[]\n")
        return
    sys.stdout.write("[" + ",\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "]\n")


_ARGUMENT_NAMES = {"query": "QUERY", "id": "ID"}
_TEXT_ARGUMENTS = ("draft", "section", "group", "author", "kind", "status", "text", "quote", "proposal", "response",
                   "supporters", "limit", "query", "id")
_LONG_TEXTS = ("text", "quote", "proposal", "response")


def _check_arguments(args) -> None:
    """Text typed on the command line must be UTF-8 (Python keeps undecodable bytes as lone surrogates)."""
    for name in _TEXT_ARGUMENTS:
        value = getattr(args, name, None)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                option = _ARGUMENT_NAMES.get(name, "--" + name)
                raise ReviewerError(_("The {option} argument is not valid UTF-8 text.").format(option=option)) from None


def _read_text_file(path: str, option: str) -> str:
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


def _long_texts(args) -> dict[str, str]:
    """The long-text options given, from the command line or from their --…-file."""
    stdin_users = [f for f in _LONG_TEXTS if getattr(args, f + "_file", None) == "-"]
    if len(stdin_users) > 1:
        raise ReviewerError(_("Only one option can read standard input (-)."))
    out = {}
    for f in _LONG_TEXTS:
        path = getattr(args, f + "_file", None)
        if path is not None:
            out[f] = _read_text_file(path, f"--{f}-file")
        elif getattr(args, f, None) is not None:
            out[f] = getattr(args, f)
    return out


def _whole_number(value: str, option: str, *, minimum: int = 0) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ReviewerError(_("{option} needs a whole number of at least {minimum}, not “{value}”.").format(
            option=option, minimum=minimum, value=value))
    return number


def _kind(value: str) -> str:
    from reviewer.vocab import KINDS, parse_kind

    code = parse_kind(value)
    if code is None:
        raise ReviewerError(_("Unknown kind of comment “{kind}”; use one of: {codes}.").format(
            kind=value, codes=", ".join(KINDS)))
    return code


def _status(value: str) -> str:
    from reviewer.vocab import STATUSES, parse_status

    code = parse_status(value)
    if code is None:
        raise ReviewerError(_("Unknown status “{status}”; use one of: {codes}.").format(
            status=value, codes=", ".join(STATUSES)))
    return code


def _section_id(store, draft_id: str, ref: str) -> str:
    """A section named by its id, its number ("I.1.") or its title."""
    from reviewer.importer import SectionFinder

    return SectionFinder(store.sections(draft_id)).find(ref)


# ---- drafts

def cmd_draft_add(args) -> int:
    doc = _open_draft(args)  # before the database is opened: a bad file leaves no trace
    draft = _with_store(args, lambda store: store.register_draft(doc, file_name=doc.source_name
                                                                  or Path(args.file).name))
    sys.stdout.write(draft["id"] + "\n")
    return 0


def cmd_draft_list(args) -> int:
    drafts = _with_store(args, lambda store: store.drafts())
    if args.json:
        _write_json(drafts)
        return 0
    for d in drafts:
        sys.stdout.write(_("{id}  {title} ({file}: {sections}, {comments})").format(
            id=d["id"], title=d["title"], file=d["file_name"],
            sections=count("{n} section", "{n} sections", d["sections"]),
            comments=count("{n} comment", "{n} comments", d["comments"])) + "\n")
    return 0


# ---- comments

def cmd_comment_add(args) -> int:
    texts = _long_texts(args)
    if "text" not in texts:
        raise ReviewerError(_("A comment needs its text: give --text TEXT or --text-file PATH."))
    kind = _kind(args.kind) if args.kind is not None else "gop_y"
    supporters = _whole_number(args.supporters, "--supporters") if args.supporters is not None else 0

    def add(store):
        section = _section_id(store, args.draft, args.section)
        return store.add_comment(draft_id=args.draft, section_id=section, group=args.group,
                                 author=args.author or "", kind=kind, supporters=supporters, **texts)

    sys.stdout.write(_with_store(args, add).id + "\n")
    return 0


def cmd_comment_edit(args) -> int:
    changes: dict = _long_texts(args)
    for name in ("author", "group"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.kind is not None:
        changes["kind"] = _kind(args.kind)
    if args.status is not None:
        changes["status"] = _status(args.status)
    if args.supporters is not None:
        changes["supporters"] = _whole_number(args.supporters, "--supporters")
    if not changes and args.section is None:
        raise ReviewerError(_("Nothing to change: give at least one option such as --text or --status."))

    def edit(store):
        if args.section is not None:
            changes["section"] = _section_id(store, store.comment(args.id).draft, args.section)
        return store.edit_comment(args.id, **changes)

    sys.stdout.write(_with_store(args, edit).id + "\n")
    return 0


def cmd_comment_delete(args) -> int:
    comment = _with_store(args, lambda store: store.delete_comment(args.id))
    sys.stdout.write(comment.id + "\n")
    return 0


def _headings(store, draft_id: str) -> dict[str, str]:
    return {s["id"]: f"{s['number']} {s['title']}".strip() for s in store.sections(draft_id)}


def _heading(headings: dict[str, str], section_id: str) -> str:
    if section_id not in headings:
        return _("Section “{id}” (not in this version of the draft)").format(id=section_id)
    return headings[section_id] or _("Before the first heading")


def _indented(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else "" for line in text.split("\n"))


def cmd_comment_list(args) -> int:
    def fetch(store):
        section = _section_id(store, args.draft, args.section) if args.section is not None else None
        comments = store.comments(args.draft, section_id=section, include_deleted=args.include_deleted)
        return comments, (None if args.json else _headings(store, args.draft))

    comments, headings = _with_store(args, fetch)
    if args.json:
        _write_json_list([c.to_json() for c in comments])
        return 0
    from reviewer.vocab import kind_label, status_label

    out = sys.stdout
    current = None
    for c in comments:
        if c.section != current:
            out.write(("\n" if current is not None else "") + _heading(headings, c.section) + "\n")
            current = c.section
        who = " · ".join(p for p in (c.group, c.author, kind_label(c.kind)) if p)
        extra = []
        if c.status != "moi":
            extra.append(status_label(c.status))
        if c.supporters:
            extra.append(count("{n} supporter", "{n} supporters", c.supporters))
        if c.deleted:
            extra.append(_("deleted"))
        out.write(f"  [{c.id}] {who}" + (f" ({', '.join(extra)})" if extra else "") + "\n")
        out.write(_indented(c.text, "    ") + "\n")
        for label, value in ((_("Quote:"), c.quote), (_("Proposal:"), c.proposal), (_("Response:"), c.response)):
            if value:
                out.write(_indented(f"{label} {value}", "    ") + "\n")
    return 0


def _read_import_file(args) -> tuple[bytes, str]:
    if args.file == "-":
        return sys.stdin.buffer.read(), _("standard input")
    path = Path(args.file)
    if path.is_dir():
        raise ReviewerError(_("“{path}” is a folder, not a file of comments.").format(path=args.file))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReviewerError(_("File not found: {path}").format(path=args.file)) from None
    except OSError as exc:
        raise ReviewerError(_("Cannot read “{path}”: {reason}").format(path=args.file,
                                                                     reason=exc.strerror or exc)) from None
    return data, path.name  # the format is recognised from the content, whatever the extension


def cmd_comment_import(args) -> int:
    from reviewer.importer import plan_import
    from reviewer.store import NotFoundError

    data, name = _read_import_file(args)

    def run(store):
        def is_known(comment_id: str) -> bool:
            try:
                store.comment(comment_id)
            except NotFoundError:
                return False
            return True

        plan = plan_import(data, name=name, draft_id=args.draft, sections=store.sections(args.draft),
                           groups=store.groups(), is_known=is_known, fmt=args.format)
        rows = [r.comment for r in plan.rows]
        add_many = getattr(store, "add_comments", None)
        if add_many is not None:
            add_many(rows)  # one transaction: all or nothing
        else:
            for row in rows:
                store.add_comment(**row)
        return plan

    plan = _with_store(args, run)
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


def _lines(numbers) -> str:
    numbers = [str(n) for n in numbers]
    return ", ".join(numbers[:10]) + (", …" if len(numbers) > 10 else "")


# ---- search

def cmd_search(args) -> int:
    limit = _whole_number(args.limit, "--limit", minimum=1) if args.limit is not None else 50

    def run(store):
        if args.draft:
            store.draft(args.draft)
        hits = store.search(args.query, draft_id=args.draft, limit=limit)
        headings = {} if args.json else {d: _headings(store, d) for d in {h["draft"] for h in hits}}
        return hits, headings

    hits, headings = _with_store(args, run)
    if args.json:
        _write_json(hits)
        return 0
    for hit in hits:
        if hit["comment"] is None:
            sys.stdout.write(_("{snippet} (section heading)").format(snippet=hit["snippet"]) + "\n")
        else:
            heading = _heading(headings[hit["draft"]], hit["section"])
            sys.stdout.write(f"{heading} · {hit['comment']}: {hit['snippet']}\n")
    return 0


# --------------------------------------------------------------------------- the parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit code is 2 as well; keep its message short
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def _db_option(parser, *, top: bool = False) -> None:
    # On the top parser --db has a default; on each command it is only set when given, so
    # "reviewer --db X draft list" and "reviewer draft list --db X" mean the same.
    parser.add_argument("--db", metavar="PATH", default=None if top else argparse.SUPPRESS,
                        help=_("the review database (default: the one in your user profile)"))


def _text_option(group_parser, name: str, metavar: str, help_text: str, file_help: str) -> None:
    group = group_parser.add_mutually_exclusive_group()
    group.add_argument(f"--{name}", metavar=metavar, help=help_text)
    group.add_argument(f"--{name}-file", metavar="PATH", help=file_help)


def _comment_options(p, *, editing: bool) -> None:
    p.add_argument("--author", metavar="NAME", help=_("the delegate who made the comment"))
    p.add_argument("--kind", metavar="CODE", help=_(
        "kind of comment: gop_y, sua_doi, bo_sung, de_nghi_bo, cau_hoi, nhat_tri, or its Vietnamese or English "
        "name (default gop_y)"))
    p.add_argument("--supporters", metavar="N", help=_("how many delegates support the comment"))
    _text_option(p, "text", "TEXT", _("the comment itself"),
                 _("read the comment from a UTF-8 file, or from standard input with -"))
    _text_option(p, "quote", "TEXT", _("the passage of the draft the comment is about"),
                 _("read the quoted passage from a file (- for standard input)"))
    _text_option(p, "proposal", "TEXT", _("the wording the comment proposes"),
                 _("read the proposed wording from a file (- for standard input)"))
    if editing:
        p.add_argument("--status", metavar="CODE", help=_(
            "what became of the comment: moi, tiep_thu, tiep_thu_mot_phan, giai_trinh, khong_tiep_thu, "
            "or its Vietnamese or English name"))
        _text_option(p, "response", "TEXT", _("the drafting team's response"),
                     _("read the response from a file (- for standard input)"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reviewer", description=_("Review draft reports section by section."))
    _db_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("open", help=_("open the window (the same as “reviewer” or “reviewer FILE”)"))
    p.add_argument("file", nargs="?", help=_("the draft, a .docx file"))
    # For benchmarks and smoke tests: quit once the draft is shown, printing how long it took.
    p.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    _db_option(p)
    p.set_defaults(func=cmd_open)
    p = sub.add_parser("outline", help=_("print the outline of a draft (.docx)"))
    p.add_argument("file", help=_("the draft, a .docx file"))
    p.add_argument("--json", action="store_true", help=_("print JSON instead of an indented tree"))
    p.add_argument("--convert", action="store_true", help=_("convert an old .doc file with LibreOffice first"))
    p.add_argument("--pretty", action="store_true", help=argparse.SUPPRESS)
    _db_option(p)
    p.set_defaults(func=cmd_outline)

    # drafts
    d = sub.add_parser("draft", help=_("register drafts in the review database and list them"))
    _db_option(d)
    dsub = d.add_subparsers(dest="action", parser_class=_Parser, metavar="ACTION", required=True)
    p = dsub.add_parser("add", help=_("register a draft (.docx) and print its id"))
    p.add_argument("file", help=_("the draft, a .docx file"))
    p.add_argument("--convert", action="store_true", help=_("convert an old .doc file with LibreOffice first"))
    _db_option(p)
    p.set_defaults(func=cmd_draft_add)
    p = dsub.add_parser("list", help=_("list the registered drafts"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    _db_option(p)
    p.set_defaults(func=cmd_draft_list)

    # comments
    c = sub.add_parser("comment", help=_("add, change, delete, list and import comments"))
    _db_option(c)
    csub = c.add_subparsers(dest="action", parser_class=_Parser, metavar="ACTION", required=True)

    p = csub.add_parser("add", help=_("add a comment and print its id"))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    p.add_argument("--section", metavar="SECTION", required=True,
                   help=_("the section: its id, its number (such as “I.1.”) or its title"))
    p.add_argument("--group", metavar="NAME", required=True, help=_("the group (Tổ) that made the comment"))
    _comment_options(p, editing=False)
    _db_option(p)
    p.set_defaults(func=cmd_comment_add)

    p = csub.add_parser("edit", help=_("change some fields of a comment"))
    p.add_argument("id", metavar="ID", help=_("the comment's id"))
    p.add_argument("--section", metavar="SECTION", help=_("move the comment to another section"))
    p.add_argument("--group", metavar="NAME", help=_("the group (Tổ) that made the comment"))
    _comment_options(p, editing=True)
    _db_option(p)
    p.set_defaults(func=cmd_comment_edit)

    p = csub.add_parser("delete", help=_("delete a comment (it is kept in the history)"))
    p.add_argument("id", metavar="ID", help=_("the comment's id"))
    _db_option(p)
    p.set_defaults(func=cmd_comment_delete)

    p = csub.add_parser("list", help=_("list the comments on a draft, section by section"))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    p.add_argument("--section", metavar="SECTION", help=_("only this section: its id, number or title"))
    p.add_argument("--include-deleted", action="store_true", help=_("also list deleted comments"))
    p.add_argument("--json", action="store_true", help=_("print JSON (one comment per line; “comment import” "
                                                           "reads it back)"))
    _db_option(p)
    p.set_defaults(func=cmd_comment_list)

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
    p.add_argument("file", metavar="FILE", help=_("the file of comments (.csv, .json, .jsonl), or - for "
                                                  "standard input"))
    p.add_argument("--format", choices=("csv", "json", "jsonl"), help=_("the file's format (default: recognised "
                                                                        "from its content)"))
    _db_option(p)
    p.set_defaults(func=cmd_comment_import)

    # search
    p = sub.add_parser("search", help=_("find comments and section headings, accents and case aside"))
    p.add_argument("query", metavar="QUERY", help=_("the words to find (“dang” finds “Đảng”)"))
    p.add_argument("--draft", metavar="ID", help=_("only in this draft"))
    p.add_argument("--limit", metavar="N", help=_("at most N results (default 50)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    _db_option(p)
    p.set_defaults(func=cmd_search)

    from reviewer import cli_export

    cli_export.add_parsers(sub, _db_option)
    from reviewer import cli_exchange

    cli_exchange.add_parsers(sub, _db_option)
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
        _check_arguments(args)
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
