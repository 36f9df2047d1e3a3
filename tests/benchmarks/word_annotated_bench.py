"""Benchmark: the draft with every comment as a Word comment (``export annotated``) of 5,000 comments on
a 400-section draft, and importing that file back into another database.

    .venv/bin/python -m tests.benchmarks.word_annotated_bench [--comments 5000] [--sections 400] [--runs 3]

The comments are those of the round-trip tests (tests/word/helpers.py: nine in ten quote a passage of
1 to 40 words). Times are medians after a warm-up. The target is 3 s for the export; over it, the run
fails.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.drafts import write_draft
from tests.benchmarks.timing import median_time
from tests.word.helpers import add_comments, register

TARGET_S = 3.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--sections", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from reviewer.docx.comments import read_word_comments
    from reviewer.docx.word_review import plan_word_import
    from reviewer.store import Store
    from reviewer.word import export_annotated

    with tempfile.TemporaryDirectory(prefix="reviewer-annotated-bench-") as tmp_name:
        tmp = Path(tmp_name)
        draft_path = write_draft(tmp / f"draft-{args.sections}.docx", args.sections).path
        with Store(tmp / "a.sqlite3") as store:
            draft = register(store, draft_path)
            add_comments(store, draft, args.comments)
            out = tmp / "annotated.docx"
            result = None

            def export():
                nonlocal result
                result = export_annotated(store, draft, out)

            seconds = median_time(export, args.runs)
        print(f"export annotated: {result.comments:,} comments ({result.on_quote:,} on their quote) in "
              f"{seconds:.2f} s, {out.stat().st_size / 2**20:.1f} MB")
        with Store(tmp / "b.sqlite3") as other:
            draft_b = register(other, draft_path)
            t0 = time.perf_counter()
            plan = plan_word_import(read_word_comments(out), name=out.name, draft_id=draft_b,
                                    sections=other.sections(draft_b), known_keys=set(), is_known=lambda _i: False)
            other.add_comments(plan.rows)
            print(f"importing it back into another database: {len(plan.rows):,} comments in "
                  f"{time.perf_counter() - t0:.2f} s")
    if seconds > TARGET_S:
        print(f"FAIL: export annotated took {seconds:.2f} s > {TARGET_S} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
