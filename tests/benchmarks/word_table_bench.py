"""Benchmark: the consolidation as a Word table (``export table``) of 5,000 comments on a 400-section
draft, both forms, and reading the answers back (``response import``, nothing changed).

    .venv/bin/python -m tests.benchmarks.word_table_bench [--comments 5000] [--sections 400] [--runs 3]

The store is built as for the PDF benchmark (``pdf_bench.build_store``: varied texts, quotes,
proposals, responses). Times are medians after a warm-up, in-process, plus ``reviewer export table``
as a whole new process. The target is 3 s per export; over it, the run fails.
"""
from __future__ import annotations

import argparse
import datetime
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.pdf_bench import build_store
from tests.benchmarks.timing import median_time

TARGET_S = 3.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--sections", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from reviewer.export_options import Conference
    from reviewer.word import export_table
    from reviewer.word.answers import plan_answers, read_table

    failures = []
    with tempfile.TemporaryDirectory(prefix="reviewer-word-bench-") as tmp_name:
        tmp = Path(tmp_name)
        store, draft, _added = build_store(tmp, args.sections, args.comments)
        conference = Conference(date=datetime.date(2026, 11, 27))
        for form in ("party", "statutory"):
            out = tmp / f"{form}.docx"
            seconds = median_time(lambda: export_table(store, draft, out, conference=conference, form=form),  # noqa: B023
                              args.runs)
            print(f"export table --form {form}: {args.comments:,} comments in {seconds:.2f} s, "
                  f"{out.stat().st_size / 2**20:.1f} MB")
            if seconds > TARGET_S:
                failures.append(f"export table --form {form} took {seconds:.2f} s > {TARGET_S} s")
        party = tmp / "party.docx"
        seconds = median_time(lambda: plan_answers(store, draft, read_table(party)), args.runs)
        print(f"reading the answers back (nothing changed): {seconds:.2f} s")
        store.close()
        cmd = [sys.executable, "-m", "reviewer.cli", "--db", str(tmp / "bench.sqlite3"), "export", "table",
               "--draft", draft, "-o", str(tmp / "cli.docx")]
        seconds = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True), args.runs)
        print(f"reviewer export table as a whole process: {seconds:.2f} s")
    for f in failures:
        print(f"FAIL: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
