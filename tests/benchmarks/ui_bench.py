"""Window benchmarks: start-up to a usable window, and switching sections in a large reviewed draft.

    .venv/bin/python -m tests.benchmarks.ui_bench
"""
from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.drafts import frame, write_draft

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TARGET_MS = 1500
SWITCH_TARGET_MS = 50


def startup(runs: int = 5) -> tuple[float, float]:
    """Median (reported by the app, wall clock) ms from process start to the sample shown, offscreen."""
    reported, wall = [], []
    for _ in range(runs + 1):
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REVIEWER_HOME=home, REVIEWER_LANG="vi")
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-m", "reviewer.cli", "--exit-when-ready"], cwd=ROOT, env=env,
                                 capture_output=True, text=True, timeout=120)
            elapsed = 1000 * (time.perf_counter() - t0)
            m = re.match(r"ready (\d+) ms", out.stdout)
            if out.returncode or not m:
                raise SystemExit(f"start-up failed: {out.stdout}{out.stderr}")
            reported.append(float(m.group(1)))
            wall.append(elapsed)
    return statistics.median(reported[1:]), statistics.median(wall[1:])


def switching(n_sections: int = 400, n_comments: int = 5000, samples: int = 100) -> tuple[float, float, int]:
    """Median and 95th percentile ms to show a section and its comments, in a draft with many comments."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from reviewer.docx import read_document
    from reviewer.store import Store
    from reviewer.ui.main_window import MainWindow
    from reviewer.ui.session import Identity, ReviewSession
    from reviewer.ui.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REVIEWER_HOME"] = tmp
        path = Path(tmp) / "draft.docx"
        write_draft(path, n_sections, frame=frame())
        doc = read_document(path)
        store = Store(Path(tmp) / "review.sqlite3")
        draft = store.register_draft(doc)
        rng = random.Random(7)
        ids = [s.id for s in doc.sections]
        groups = [f"Tổ {n}" for n in range(1, 13)]
        words = ("đề nghị làm rõ bổ sung số liệu đánh giá tăng trưởng nguyên nhân hạn chế giải pháp nhiệm vụ "
                 "trách nhiệm người đứng đầu cải cách hành chính chuyển đổi số ngân sách đầu tư công").split()
        rows = [{"draft_id": draft["id"], "section_id": rng.choice(ids), "group": rng.choice(groups),
                 "author": f"Đại biểu {n % 97}", "kind": rng.choice(["gop_y", "sua_doi", "bo_sung", "cau_hoi"]),
                 "text": " ".join(rng.choice(words) for _ in range(rng.randint(12, 60))).capitalize() + "."}
                for n in range(n_comments)]
        store.add_comments(rows)
        session = ReviewSession(store)
        session.set_identity(Identity("Nguyễn Văn A", "Tổ 3"))
        window = MainWindow(session, Settings())
        window.resize(1400, 860)
        window.show()
        session.open_document(doc, path)
        app.processEvents()
        times = []
        for sid in rng.sample(ids, min(samples, len(ids))):
            t0 = time.perf_counter()
            window.select_section(sid)
            app.processEvents()
            times.append(1000 * (time.perf_counter() - t0))
        window.close()
        store.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(times)


def main() -> int:
    problems = []
    reported, wall = startup()
    print(f"Start-up to a usable window with the sample (offscreen, median of 5): {reported:.0f} ms as the app "
          f"reports it, {wall:.0f} ms wall clock for the whole process (target {STARTUP_TARGET_MS} ms)")
    if wall > STARTUP_TARGET_MS:
        problems.append(f"start-up {wall:.0f} ms > {STARTUP_TARGET_MS} ms")
    median, p95, n = switching()
    print(f"Switching sections, 400-section draft with 5,000 comments ({n} switches): median {median:.1f} ms, "
          f"95th percentile {p95:.1f} ms (target {SWITCH_TARGET_MS} ms)")
    if median > SWITCH_TARGET_MS:
        problems.append(f"section switch {median:.1f} ms > {SWITCH_TARGET_MS} ms")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
