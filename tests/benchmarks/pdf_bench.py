"""Benchmark: the PDF export of 5,000 comments on a 400-section draft, in both layouts.

    .venv/bin/python -m tests.benchmarks.pdf_bench [--comments 5000] [--sections 400] [--runs 3] [--profile]
                                                   [--keep DIR] [--no-large]

With ``../shared/bench`` present (``tests/benchmarks/shared.py``), the draft and the comments are the
ones the targets are judged on: its 400-section draft and ``make_comments.py``'s comments of real
length, and LibreOffice converts that folder's own .docx of the same comments
(``tools/comments_docx.py``). Without it, the draft comes from ``tests/benchmarks/drafts.py`` and the
comments from ``store_bench.CommentMaker`` (varied Vietnamese texts, quotes, proposals, responses,
12 groups). Either way they are added in one ``Store.add_comments`` call. Then, for each layout,
times ``export_pdf`` (median of ``--runs`` after a warm-up) and its peak Python memory (tracemalloc,
one more run), and prints the page count and file size. ``--profile`` adds the top of a cProfile of
one export per layout.

For comparison it also times the straightforward export the issue describes (``naive_export``: one
markup ``Paragraph`` per comment, escaped, reportlab's defaults; the table as one ``LongTable``) with
the same fonts and content.

The target: a whole ``reviewer export pdf`` process at least 4x faster than LibreOffice converting a
.docx of the same content to PDF. When ``soffice`` is on the PATH, a .docx with the same content as paragraphs
(python-docx) is converted with ``soffice --headless --convert-to pdf`` and timed, and both layouts
are held to the target against it (the export, as the window and the core run it); ``reviewer export
pdf`` as a whole new process (Python's start-up and imports included, as LibreOffice's start-up is
in its time) is reported beside it, with its peak resident memory. Without ``soffice`` the comparison is
reported as skipped.
``--lo-table`` also converts the same content as a five-column Word table, the table layout's own
form: LibreOffice takes minutes over it (about 290 s here), so it is not run by default.

Memory is bounded by the page, not by the document: the peak resident memory of a whole ``reviewer
export pdf`` process (its ``ru_maxrss``, read by a wrapper process of its own) is reported for the
export of no comment (the floor: Python, reportlab, the fonts), of the ``--comments`` above, and of two
large databases built for the purpose: 40,000 comments of about 230 characters, and 800 comments of
50,000 characters (the longest text a comment may have), in both layouts. A large export whose peak
passes ``MEMORY_RATIO`` times that of the ``--comments`` export in the same layout fails the run.
``--no-large`` skips the large databases (building them takes a minute or two).
"""
from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import io
import json
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from tests.benchmarks import shared
from tests.benchmarks.drafts import write_draft
from tests.benchmarks.store_bench import FIELDS, CommentMaker

TARGET_RATIO = 4.0  # whole `reviewer export pdf` processes against soffice's conversion
MEMORY_RATIO = 2.5
LARGE = ((40_000, None), (800, 50_000))  # (comments, characters of each text; None: as CommentMaker writes them)


def build_store(tmp: Path, n_sections: int, n_comments: int, *, chars: int | None = None, name: str = "bench"):
    """A store with the generated draft and ``n_comments`` comments (texts of ``chars`` characters each,
    made of the maker's sentences); the store, the draft's id and the seconds add_comments took."""
    from reviewer.docx import read_document
    from reviewer.store import Store

    if chars is None and shared.available():
        path = shared.draft(tmp, n_sections)
        doc = read_document(path)
        store = Store(tmp / f"{name}.sqlite3")
        draft = store.register_draft(doc)
        rows = [{k: v for k, v in row.items() if k != "comment_id"}
                for row in shared.comment_rows(draft["id"], doc, path, n_comments)]
        t0 = time.perf_counter()
        store.add_comments(rows)
        return store, draft["id"], time.perf_counter() - t0
    info = write_draft(tmp / f"draft-{n_sections}.docx", n_sections)
    doc = read_document(info.path)
    store = Store(tmp / f"{name}.sqlite3")
    draft = store.register_draft(doc)
    maker = CommentMaker(store.sections(draft["id"]))
    seconds = 0.0
    batch = 2_000 if chars else max(1, n_comments)  # long texts: in transactions of 2,000 rows, not all at once
    for start in range(0, n_comments, batch):
        rows = []
        for _ in range(min(batch, n_comments - start)):
            row = {k: v for k, v in maker.make().items() if k in FIELDS} | {"draft_id": draft["id"]}
            if chars:
                parts, size = [row["text"]], len(row["text"])
                while size < chars:
                    parts.append(maker.make()["text"])
                    size += len(parts[-1]) + 1
                row["text"] = " ".join(parts)[:chars].rstrip()
            rows.append(row)
        t0 = time.perf_counter()
        store.add_comments(rows)
        seconds += time.perf_counter() - t0
    return store, draft["id"], seconds


def export(store, draft_id: str, out: Path, layout: str):
    from reviewer.pdf import Conference, ExportOptions, export_pdf

    return export_pdf(store, draft_id, out, conference=Conference(date=datetime.date(2026, 11, 27)),
                      options=ExportOptions(layout=layout))


def naive_export(store, draft_id: str, out: Path, layout: str) -> int:
    """The baseline: a straightforward platypus export, one markup Paragraph per comment; returns pages."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    from reviewer.pdf.text import register_fonts
    from reviewer.vocab import kind_label, status_label

    register_fonts()
    style = ParagraphStyle("naive", fontName="LiberationSerif", fontSize=13, leading=18)
    headings = {s["id"]: f"{s['number']} {s['title']}".strip() for s in store.sections(draft_id)}
    story: list = []
    rows: list = [["STT", "Nội dung dự thảo", "Ý kiến góp ý", "Tổ / đại biểu", "Tiếp thu, giải trình"]]
    current = None
    for n, c in enumerate(store.comments(draft_id), 1):
        heading = escape(headings.get(c.section, c.section))
        if layout == "table":
            rows.append([str(n), Paragraph(f"<b>{heading}</b><br/><i>{escape(c.quote)}</i>", style),
                         Paragraph(f"<i>{escape(kind_label(c.kind))}</i><br/>{escape(c.text)}", style),
                         Paragraph(f"<b>{escape(c.group)}</b><br/>{escape(c.author)}", style),
                         Paragraph(f"<b>{escape(status_label(c.status))}</b><br/>{escape(c.response)}", style)])
            continue
        if c.section != current:
            current = c.section
            story.append(Paragraph(f"<b>{heading}</b>", style))
        markup = f"<b>{n}. {escape(c.group)} – {escape(c.author)}</b> ({escape(kind_label(c.kind))})"
        if c.quote:
            markup += f"<br/><i>“{escape(c.quote)}”</i>"
        markup += "<br/>" + escape(c.text)
        if c.proposal:
            markup += "<br/><b>Đề xuất:</b> " + escape(c.proposal)
        if c.response:
            markup += f"<br/><b>{escape(status_label(c.status))}:</b> " + escape(c.response)
        story.append(Paragraph(markup, style))
    if layout == "table":
        story = [LongTable(rows, colWidths=[35, 165, 265, 95, 150], repeatRows=1, style=TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), "LiberationSerif"),
             ("VALIGN", (0, 0), (-1, -1), "TOP")]))]
    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4) if layout == "table" else A4,
                            initialFontName="LiberationSerif")
    doc.build(story)
    return doc.page


def peak_mb(fn) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def profile(fn, top: int = 18) -> str:
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).strip_dirs().sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
    return "\n".join("    " + ln for ln in lines[first:] if ln.strip())


def write_docx(store, draft_id: str, path: Path, layout: str = "sections") -> None:
    """The same content as ``layout`` prints, as a .docx (for the LibreOffice comparison): paragraphs
    section by section, or the five-column table on landscape pages."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    from reviewer.vocab import kind_label, status_label

    doc = Document()
    doc.styles["Normal"].font.name = "Liberation Serif"
    doc.styles["Normal"].font.size = Pt(13)
    doc.add_paragraph("TỔNG HỢP Ý KIẾN THẢO LUẬN TỔ")
    headings = {s["id"]: f"{s['number']} {s['title']}".strip() for s in store.sections(draft_id)}
    comments = store.comments(draft_id)
    if layout == "table":
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, ["STT", "Nội dung dự thảo", "Ý kiến góp ý", "Tổ / đại biểu",
                                                     "Tiếp thu, giải trình"], strict=True):
            cell.paragraphs[0].add_run(label).bold = True
        for n, c in enumerate(comments, 1):
            cells = table.add_row().cells
            cells[0].text = str(n)
            cells[1].paragraphs[0].add_run(headings.get(c.section, c.section)).bold = True
            if c.quote:
                cells[1].add_paragraph().add_run(f"“{c.quote}”").italic = True
            cells[2].paragraphs[0].add_run(kind_label(c.kind)).italic = True
            cells[2].add_paragraph(c.text)
            if c.proposal:
                cells[2].add_paragraph(f"Đề xuất: {c.proposal}")
            cells[3].paragraphs[0].add_run(c.group).bold = True
            cells[3].add_paragraph(c.author)
            if c.status != "moi" or c.response:
                cells[4].paragraphs[0].add_run(status_label(c.status)).bold = True
                cells[4].add_paragraph(c.response)
        doc.save(path)
        return
    current = None
    for n, c in enumerate(comments, 1):
        if c.section != current:
            current = c.section
            doc.add_paragraph().add_run(headings.get(c.section, c.section)).bold = True
        head = doc.add_paragraph()
        head.add_run(f"{n}. {c.group} – {c.author} – {kind_label(c.kind)}").bold = True
        if c.quote:
            doc.add_paragraph().add_run(f"“{c.quote}”").italic = True
        doc.add_paragraph(c.text)
        if c.proposal:
            doc.add_paragraph(f"Đề xuất: {c.proposal}")
        if c.status != "moi" or c.response:
            doc.add_paragraph(f"{status_label(c.status)}: {c.response}")
    doc.save(path)


# Runs the command given after it and prints its seconds and peak resident memory (KB): a process's
# ru_maxrss of its children is the largest of them all, so each export gets a wrapper of its own.
_MEASURE = ("import json, resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))")


def cli_run(db: Path, draft_id: str, out: Path, layout: str, *options: str) -> tuple[float, float]:
    """One ``reviewer export pdf`` in a new process, as a user or a script runs it: (seconds, peak MB)."""
    command = [sys.executable, "-c", "import sys; from reviewer.cli import main; sys.exit(main())", "--db", str(db),
               "export", "pdf", "--draft", draft_id, "-o", str(out), "--layout", layout, *options]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], check=True, capture_output=True, text=True)
    seconds, kb = json.loads(done.stdout)
    return seconds, kb / 1024


def pdf_pages(path: Path) -> int:
    """The page count of a PDF reportlab wrote (its page tree's /Count)."""
    found = re.findall(rb"/Count (\d+) /Kids", path.read_bytes())
    return max(map(int, found), default=0)


def memory_report(rows: list[tuple[str, str, Path, float, float]], base: dict[str, float]) -> list[str]:
    """Print the exports' peaks beside those of the ``--comments`` export; returns the failures."""
    failures = []
    print(f"  {'export (whole process)':<44} {'layout':<8} {'pages':>7} {'file MB':>8} {'time s':>7} "
          f"{'peak MB':>8} {'x base':>7}")
    for label, layout, out, seconds, peak in rows:
        ratio = peak / base[layout]
        print(f"  {label:<44} {layout:<8} {pdf_pages(out):>7,} {out.stat().st_size / 2**20:>8.1f} {seconds:>7.1f} "
              f"{peak:>8.0f} {ratio:>7.2f}")
        if ratio > MEMORY_RATIO:
            failures.append(f"{label}, {layout}: peak {peak:.0f} MB, {ratio:.1f}x the base export's")
    print(f"  (x base: the peak over that of the export of the --comments above, in the same layout; at most "
          f"{MEMORY_RATIO}x)")
    return failures


def libreoffice_seconds(docx: Path, out_dir: Path) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    t0 = time.perf_counter()
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                   check=True, capture_output=True)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.pdf_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--sections", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per layout (default 3)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary of one export per layout")
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder and keep them")
    parser.add_argument("--lo-table", action="store_true",
                        help="also time LibreOffice on the content as a Word table (takes minutes)")
    parser.add_argument("--no-large", action="store_true",
                        help="skip the memory of the large exports (40,000 comments; 800 of 50,000 characters)")
    args = parser.parse_args(argv)

    from reviewer import i18n

    i18n.set_language("vi")
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="reviewer-pdf-bench-") as tmp_name:
        tmp = Path(tmp_name)
        out_dir = args.keep or tmp
        out_dir.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        store, draft_id, add_s = build_store(tmp, args.sections, args.comments)
        print(f"Python {sys.version.split()[0]}; a {args.sections}-section draft with {args.comments:,} comments "
              f"(built in {time.perf_counter() - t0:.1f} s, add_comments {add_s:.1f} s)")
        results: dict[str, float] = {}
        whole: dict[str, float] = {}
        peaks: dict[str, float] = {}
        memory_rows = []
        for layout in ("sections", "table"):
            out = out_dir / f"export-{layout}.pdf"
            export(store, draft_id, out, layout)  # warm-up: fonts registered, modules imported
            times = []
            for _ in range(args.runs):
                gc.collect()
                t0 = time.perf_counter()
                result = export(store, draft_id, out, layout)
                times.append(time.perf_counter() - t0)
            peak = peak_mb(lambda layout=layout, out=out: export(store, draft_id, out, layout))
            results[layout] = statistics.median(times)
            print(f"  {layout:<8}: median {statistics.median(times):.2f} s (runs: "
                  f"{', '.join(f'{t:.2f}' for t in times)}), peak Python memory {peak:.0f} MB, "
                  f"{result.pages:,} pages, {out.stat().st_size / 2**20:.1f} MB, {result.comments:,} comments")
            naive = []
            for _ in range(args.runs):
                gc.collect()
                t0 = time.perf_counter()
                naive_pages = naive_export(store, draft_id, tmp / f"naive-{layout}.pdf", layout)
                naive.append(time.perf_counter() - t0)
            print(f"  {'':<8}  naive platypus export of the same content: median {statistics.median(naive):.2f} s, "
                  f"{naive_pages:,} pages; ours is {statistics.median(naive) / statistics.median(times):.1f}x faster")
            runs = [cli_run(store.path, draft_id, out, layout) for _ in range(args.runs)]
            cli = whole[layout] = statistics.median(t for t, _ in runs)
            peak = peaks[layout] = max(p for _, p in runs)
            print(f"  {'':<8}  as a whole process (`reviewer export pdf`, start-up and imports included): "
                  f"median {cli:.2f} s, peak resident memory {peak:.0f} MB")
            empty = out_dir / f"export-{layout}-none.pdf"
            memory_rows.append(("no comment (--groups nobody)", layout, empty,
                                *cli_run(store.path, draft_id, empty, layout, "--groups", "nobody")))
            memory_rows.append((f"{args.comments:,} comments", layout, out, cli, peak))
            if args.profile:
                print(f"  profile of one {layout} export (cProfile slows it down), by own time:")
                print(profile(lambda layout=layout, out=out: export(store, draft_id, out, layout)))
        if not args.no_large:
            for n, chars in LARGE:
                label = f"{n:,} comments of " + (f"{chars:,} characters" if chars else "about 230 characters")
                t0 = time.perf_counter()
                big, big_draft, _s = build_store(tmp, args.sections, n, chars=chars, name=f"large-{n}")
                big.close()
                print(f"  (built {label} in {time.perf_counter() - t0:.0f} s)")
                for layout in ("sections", "table"):
                    big_out = out_dir / f"export-{layout}-{n}.pdf"
                    memory_rows.append((label, layout, big_out, *cli_run(big.path, big_draft, big_out, layout)))
        print("Peak memory as the document grows:")
        failures += memory_report(memory_rows, peaks)
        docx = tmp / "same-content.docx"
        if shared.available():  # the judges' own .docx of the same comments under the same headings
            draft_path = shared.draft(tmp, args.sections)
            jsonl = shared.write_jsonl(tmp / "comments.jsonl", args.comments, args.sections)
            subprocess.run([sys.executable, str(shared.FOLDER / "tools" / "comments_docx.py"), "--comments", str(jsonl),
                            "--sections", str(draft_path.with_suffix(".sections.json")), "--out", str(docx)],
                           check=True)
        else:
            write_docx(store, draft_id, docx)
        lo = libreoffice_seconds(docx, tmp)
        if lo is not None:  # the faster of two runs: the first may be setting up LibreOffice's profile
            lo = min(lo, libreoffice_seconds(docx, tmp) or lo)
        if lo is None:
            print("LibreOffice comparison skipped: soffice is not installed (target: at least "
                  f"{TARGET_RATIO:.0f}x faster than soffice --headless --convert-to pdf of the same content).")
        else:
            print(f"  LibreOffice converting the content as paragraphs: {lo:.2f} s")
            for layout, seconds in results.items():
                print(f"    vs {layout}, export in-process {seconds:.2f} s: {lo / seconds:.1f}x")
                ratio = lo / whole[layout]
                print(f"    vs {layout}, whole `reviewer export pdf` process {whole[layout]:.2f} s: {ratio:.1f}x "
                      f"(target {TARGET_RATIO:.0f}x)")
                if ratio < TARGET_RATIO:
                    failures.append(f"{layout}: a whole process only {ratio:.1f}x faster than LibreOffice")
            if args.lo_table:
                table_docx = tmp / "same-content-table.docx"
                write_docx(store, draft_id, table_docx, "table")
                lo_table = libreoffice_seconds(table_docx, tmp)
                assert lo_table is not None
                print(f"  LibreOffice converting the content as a table: {lo_table:.1f} s, "
                      f"{lo_table / results['table']:.0f}x the table layout")
        store.close()
    for f in failures:
        print(f"FAIL: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
