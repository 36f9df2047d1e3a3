"""Command line: the conference's print settings and the consolidated PDF."""
from __future__ import annotations

import json
import sys
from datetime import date

from reviewer.cli.common import db_option, kind_option, status_option, with_store
from reviewer.errors import ReviewerError
from reviewer.export_options import ExportOptions, load_conference
from reviewer.i18n import _, count

_SETTINGS = ("number_line", "place", "date", "title", "subtitle", "secretariat")  # option = settings key


def _setting_help() -> dict[str, str]:
    return {
        "number_line": _("the number line under the issuing body, e.g. “Số      -BC/TU”"),
        "place": _("the place in the date line, e.g. “Bắc Kạn”"),
        "date": _("the date of the document (27/11/2026); empty for the day of printing"),
        "title": _("the title, e.g. “TỔNG HỢP Ý KIẾN THẢO LUẬN TỔ”"),
        "subtitle": _("the line under the title (default: “về Dự thảo …” with the draft's title)"),
        "secretariat": _("who prepares the document (the PDF's author)"),
    }


def add_parsers(sub) -> None:
    c = sub.add_parser("conference", help=_("show or change the conference's print settings"))
    csub = c.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = csub.add_parser("show", help=_("print the settings"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    db_option(p)
    p.set_defaults(func=cmd_conference_show)
    p = csub.add_parser("set", help=_("change some settings"))
    p.add_argument("--issuer", metavar="LINE", action="append",
                   help=_("a line of the issuing body, top to bottom (repeat the option for each line)"))
    p.add_argument("--signer", metavar="LINE", action="append",
                   help=_("a line of the signature block, e.g. “T/M BAN THƯ KÝ” (repeat the option for each line)"))
    for option, text in _setting_help().items():
        p.add_argument("--" + option.replace("_", "-"), metavar="TEXT", help=text)
    marker = p.add_mutually_exclusive_group()
    marker.add_argument("--draft-marker", dest="draft_marker", action="store_true", default=None,
                        help=_("print the “DỰ THẢO” marker"))
    marker.add_argument("--no-draft-marker", dest="draft_marker", action="store_false",
                        help=_("do not print the “DỰ THẢO” marker"))
    db_option(p)
    p.set_defaults(func=cmd_conference_set)

    e = sub.add_parser("export", help=_("print the consolidated comments of a draft"))
    esub = e.add_subparsers(dest="format", metavar="FORMAT", required=True)
    p = esub.add_parser("pdf", help=_("a print-ready PDF of every group's comments"))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    p.add_argument("-o", "--output", metavar="OUT.pdf", required=True, help=_("the PDF file to write"))
    p.add_argument("--layout", choices=("sections", "table"), default="sections",
                   help=_("by section (A4 portrait) or the table form (A4 landscape)"))
    p.add_argument("--groups", metavar="NAME", nargs="+", help=_("only these groups"))
    p.add_argument("--kinds", metavar="CODE", nargs="+", help=_("only these kinds of comment"))
    p.add_argument("--statuses", metavar="CODE", nargs="+", help=_("only comments with these statuses"))
    p.add_argument("--sections", metavar="SECTION", nargs="+", help=_("only these sections (ids)"))
    p.add_argument("--hide-names", action="store_true", help=_("show the group only, not the delegates' names"))
    p.add_argument("--excerpt", action="store_true", help=_("print a short excerpt of each section's text"))
    p.add_argument("--include-deleted", action="store_true", help=_("also print deleted comments"))
    p.add_argument("--list-agreement", action="store_true",
                   help=_("list comments that only agree with the draft one by one (by default they are counted)"))
    db_option(p)
    p.set_defaults(func=cmd_export_pdf)
    p = esub.add_parser("table", help=_("the consolidation as an editable Word table, for the drafting committee's "
                                        "answers"))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    p.add_argument("-o", "--output", metavar="OUT.docx", required=True, help=_("the .docx file of the table to write"))
    p.add_argument("--form", choices=("party", "statutory"), default="party",
                   help=_("the Party's five columns (default) or the four columns of the law-drafting procedure"))
    add_filter_options(p)
    db_option(p)
    p.set_defaults(func=cmd_export_table)
    p = esub.add_parser("annotated", help=_("the draft itself with every comment as a Word comment"))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    p.add_argument("-o", "--output", metavar="OUT.docx", required=True, help=_("the .docx file to write"))
    add_filter_options(p)
    db_option(p)
    p.set_defaults(func=cmd_export_annotated)
    p = esub.add_parser("report", help=_("the secretariat's narrative report (Word), in the draft's heading order"))
    p.add_argument("--draft", metavar="ID", required=True, help=_("the draft's id (see “reviewer draft list”)"))
    p.add_argument("-o", "--output", metavar="OUT.docx", required=True, help=_("the .docx file to write"))
    p.add_argument("--signer", metavar="NAME", default="",
                   help=_("the name printed under the signature block (its lines are the conference's signer)"))
    db_option(p)
    p.set_defaults(func=cmd_export_report)



def cmd_conference_show(args) -> int:
    values = with_store(args, lambda store: store.conference())
    if args.json:
        json.dump(values, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for key, value in sorted(values.items()):
            sys.stdout.write(f"{key}: {_shown(key, value).replace(chr(10), ' / ')}\n")
    return 0


def _shown(key: str, value: str) -> str:
    """A setting as people write it: the date as “conference set --date” takes it (27/11/2026)."""
    if key == "date":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            pass
    return value


def cmd_conference_set(args) -> int:
    from reviewer.pdf import parse_date  # deferred for start-up speed: reportlab is loaded only to export

    changes: dict[str, str | None] = {}
    if args.issuer is not None:
        changes["issuer_lines"] = "\n".join(line.strip() for line in args.issuer if line.strip()) or None
    if args.signer is not None:
        changes["signer_lines"] = "\n".join(line.strip() for line in args.signer if line.strip()) or None
    for key in _SETTINGS:
        value = getattr(args, key)
        if value is not None:
            changes[key] = value.strip() or None
    if changes.get("date"):
        changes["date"] = parse_date(changes["date"]).isoformat()
    if args.draft_marker is not None:
        changes["draft_marker"] = "1" if args.draft_marker else "0"
    if not changes:
        raise ReviewerError(_("Nothing to change: give at least one option such as --place."))
    with_store(args, lambda store: store.set_conference(**changes))
    return 0


def cmd_export_pdf(args) -> int:
    from reviewer.pdf import ExportOptions, export_pdf, load_conference  # deferred: see cmd_conference_set

    options = ExportOptions(layout=args.layout, groups=set(args.groups) if args.groups else None,
                            kinds={kind_option(v) for v in args.kinds} if args.kinds else None,
                            statuses={status_option(v) for v in args.statuses} if args.statuses else None,
                            sections=set(args.sections) if args.sections else None, hide_names=args.hide_names,
                            excerpt=args.excerpt, include_deleted=args.include_deleted,
                            list_agreement=args.list_agreement)

    def run(store):
        store.draft(args.draft)
        return export_pdf(store, args.draft, args.output, conference=load_conference(store), options=options)

    result = with_store(args, run)
    if result.missing_characters:
        sys.stderr.write(_("Warning: the font cannot draw {chars}; they print as empty boxes.").format(
            chars=" ".join(result.missing_characters)) + "\n")
    sys.stdout.write(_("Wrote {path}: {pages}, {comments}.").format(
        path=args.output, pages=count("{n} page", "{n} pages", result.pages),
        comments=count("{n} comment", "{n} comments", result.comments)) + "\n")
    return 0


def add_filter_options(p) -> None:
    """The filters of “export pdf”, for the Word exports."""
    p.add_argument("--groups", metavar="NAME", nargs="+", help=_("only these groups"))
    p.add_argument("--kinds", metavar="CODE", nargs="+", help=_("only these kinds of comment"))
    p.add_argument("--statuses", metavar="CODE", nargs="+", help=_("only comments with these statuses"))
    p.add_argument("--sections", metavar="SECTION", nargs="+", help=_("only these sections (ids)"))
    p.add_argument("--hide-names", action="store_true", help=_("show the group only, not the delegates' names"))
    p.add_argument("--include-deleted", action="store_true", help=_("also print deleted comments"))


def filter_options(args):
    """The ExportOptions of the filters given to a Word export (reviewer.export_options: no reportlab)."""
    return ExportOptions(groups=set(args.groups) if args.groups else None,
                         kinds={kind_option(v) for v in args.kinds} if args.kinds else None,
                         statuses={status_option(v) for v in args.statuses} if args.statuses else None,
                         sections=set(args.sections) if args.sections else None, hide_names=args.hide_names,
                         include_deleted=args.include_deleted)


def cmd_export_table(args) -> int:
    from reviewer.word import export_table  # deferred: lxml and python-docx are loaded only to write Word files

    options = filter_options(args)

    def run(store):
        store.draft(args.draft)
        return export_table(store, args.draft, args.output, conference=load_conference(store), options=options,
                            form=args.form)

    result = with_store(args, run)
    sys.stdout.write(_("Wrote the table {path}: {comments}.").format(
        path=args.output, comments=count("{n} comment", "{n} comments", result.rows)) + "\n")
    return 0


def cmd_export_annotated(args) -> int:
    from reviewer.word import export_annotated  # deferred: python-docx is loaded only to write Word files

    o = filter_options(args)
    result = with_store(args, lambda store: export_annotated(
        store, args.draft, args.output, groups=o.groups, kinds=o.kinds, statuses=o.statuses, sections=o.sections,
        include_deleted=o.include_deleted))
    sys.stdout.write(_("Wrote {path}: {comments}, {exact} on their quote.").format(
        path=args.output, comments=count("{n} comment", "{n} comments", result.comments), exact=result.on_quote) + "\n")
    return 0


def cmd_export_report(args) -> int:
    from reviewer.word import export_report  # deferred: python-docx is loaded only to write Word files

    result = with_store(args, lambda store: export_report(store, args.draft, args.output,
                                                          conference=load_conference(store), signer=args.signer))
    sys.stdout.write(_("Wrote the report {path}: {sections}, {comments}.").format(
        path=args.output, sections=count("{n} section", "{n} sections", result.sections),
        comments=count("{n} comment", "{n} comments", result.comments)) + "\n")
    return 0
