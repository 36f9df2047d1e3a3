"""The window on a province's database: one draft with tens or hundreds of thousands of comments.

    .venv/bin/python -m tests.benchmarks.ui_scale_bench [--comments 50000] [--db PATH --draft-file PATH]
    .venv/bin/python -m tests.benchmarks --only uiscale

Builds its own database (the shared 400-section draft and comments of real length from ``../shared/bench``,
or the bundled sample draft and synthetic comments without it), or takes a copy of ``--db`` (never written
to: migrations run on open). Then, in a fresh process so that its peak memory is the window's own, opens
the real main window offscreen and reports: opening the draft, switching sections (select + process events
+ repaint, median, p95 and max over 60 random sections), showing the consolidation tab, scrolling it to
the end and through it, and peak RSS. Targets (issue 17): switch ≤ 100 ms, memory well under 1 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks import shared

ROOT = Path(__file__).resolve().parents[2]
SWITCH_TARGET_MS = 100
RSS_TARGET_MB = 1024
BATCH = 10_000
WORDS = ("đề nghị", "bổ sung", "làm rõ", "nguồn lực", "kinh tế", "xã hội", "phát triển", "nông nghiệp", "chỉ tiêu",
         "tăng trưởng", "cán bộ", "chuyển đổi số", "hạ tầng", "giáo dục", "y tế", "môi trường", "đầu tư", "vùng")


def build(folder: Path, n: int) -> tuple[Path, Path]:
    """A database with one draft and ``n`` comments, added in batches through the store."""
    from reviewer.docx import read_document
    from reviewer.paths import sample_draft
    from reviewer.store import Store

    db = folder / "scale.sqlite3"
    if shared.available():
        draft_path = shared.draft(folder, 400)
    else:
        print("(../shared/bench not found: the bundled sample draft and synthetic comments)")
        draft_path = Path(shutil.copy(sample_draft(), folder / sample_draft().name))
    doc = read_document(draft_path)
    with Store(db) as store:
        draft = store.register_draft(doc)
        rows = (shared.comment_rows(draft["id"], doc, draft_path, n) if shared.available()
                else _synthetic(draft["id"], [s.id for s in doc.sections], n))
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                store.add_comments(batch)
                batch = []
        if batch:
            store.add_comments(batch)
    return db, draft_path


def _synthetic(draft_id: str, sections: list[str], n: int):
    rng = random.Random(17)
    for k in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))).capitalize() + "."
        yield {"draft_id": draft_id, "section_id": rng.choice(sections), "group": f"Tổ {rng.randint(1, 200)}",
               "author": f"Đại biểu {rng.randint(1, 400)}", "kind": "gop_y", "text": text, "comment_id": f"s{k:07d}"}


def measure(db: Path, draft_path: Path) -> dict:
    """In this process: the window on ``db``; figures in ms and MB."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from reviewer.docx import read_document
    from reviewer.store import Store
    from reviewer.ui.main_window import MainWindow
    from reviewer.ui.session import Identity, ReviewSession
    from reviewer.ui.settings import Settings

    doc = read_document(draft_path)
    store = Store(db)  # migrations (a new index on an older database) run here, before the clock
    out: dict = {"comments": store.db.execute("SELECT count(*) FROM comments WHERE NOT deleted").fetchone()[0]}
    session = ReviewSession(store)
    session.set_identity(Identity("Nguyễn Văn A", "Tổ 3"))
    window = MainWindow(session, Settings())
    window.resize(1366, 740)
    window.show()
    app.processEvents()
    t0 = time.perf_counter()
    session.open_document(doc, draft_path)
    app.processEvents()
    out["open_ms"] = 1000 * (time.perf_counter() - t0)
    times = []
    for sid in random.Random(3).sample([s.id for s in doc.sections], min(60, len(doc.sections))):
        t0 = time.perf_counter()
        window.select_section(sid)
        app.processEvents()
        window.repaint()
        times.append(1000 * (time.perf_counter() - t0))
    times.sort()
    out.update(switch_median_ms=statistics.median(times), switch_p95_ms=times[max(0, int(len(times) * 0.95) - 1)],
               switch_max_ms=times[-1])
    view = window.consolidation
    t0 = time.perf_counter()
    window.tabs.setCurrentWidget(view)
    app.processEvents()
    view.repaint()
    out["consolidation_ms"] = 1000 * (time.perf_counter() - t0)
    t0 = time.perf_counter()
    view.table.scrollToBottom()
    app.processEvents()
    view.table.viewport().repaint()
    out["scroll_end_ms"] = 1000 * (time.perf_counter() - t0)
    bar = view.table.verticalScrollBar()
    steps = []
    for k in range(40):  # jumps through the whole table, as dragging the scroll bar does
        t0 = time.perf_counter()
        bar.setValue(bar.maximum() * k // 39)
        app.processEvents()
        view.table.viewport().repaint()
        steps.append(1000 * (time.perf_counter() - t0))
    out["scroll_step_median_ms"] = statistics.median(steps)
    out["rows"] = view.proxy.rowCount()
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.close()
    store.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.ui_scale_bench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=50_000, help="comments to generate (default 50,000)")
    parser.add_argument("--db", type=Path, help="measure a copy of this database instead (with --draft-file)")
    parser.add_argument("--draft-file", type=Path, help="the draft's .docx, for --db")
    parser.add_argument("--measure", nargs=2, metavar=("DB", "DRAFT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), Path(args.measure[1]))))
        return 0
    if bool(args.db) != bool(args.draft_file):
        parser.error("--db and --draft-file go together")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        if args.db:
            db, draft_path = Path(shutil.copy(args.db, folder / "scale.sqlite3")), args.draft_file
            print(f"copied {args.db} in {time.perf_counter() - t0:.1f} s")
        else:
            db, draft_path = build(folder, args.comments)
            print(f"built {args.comments:,} comments in {time.perf_counter() - t0:.1f} s")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REVIEWER_HOME=str(folder / "home"))
        done = subprocess.run([sys.executable, "-m", "tests.benchmarks.ui_scale_bench", "--measure", str(db),
                               str(draft_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
        if done.returncode:
            print(done.stdout + done.stderr)
            return 1
        r = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{r['comments']:,} comments: open {r['open_ms']:.0f} ms; switch median {r['switch_median_ms']:.0f} ms, "
          f"p95 {r['switch_p95_ms']:.0f}, max {r['switch_max_ms']:.0f} (target ≤ {SWITCH_TARGET_MS})")
    print(f"consolidation shown in {r['consolidation_ms']:.0f} ms ({r['rows']:,} rows), scrolled to the end in "
          f"{r['scroll_end_ms']:.0f} ms, a jump through it {r['scroll_step_median_ms']:.0f} ms (median)")
    print(f"peak RSS {r['peak_rss_mb']:.0f} MB (target < {RSS_TARGET_MB})")
    ok = r["switch_median_ms"] <= SWITCH_TARGET_MS and r["peak_rss_mb"] < RSS_TARGET_MB
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
