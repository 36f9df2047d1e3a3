"""Benchmark: opening a large draft into the full outline costs at most 2x the floor.

    .venv/bin/python -m tests.benchmarks [--sizes 400,2000] [--runs 5] [--keep DIR] [--only outline|store]
                                                                                      (= make bench)

The storage benchmarks (``tests/benchmarks/store_bench.py``) run after the outline ones; ``--only`` runs one group.

Generates a 400-section draft (about 300 pages, with tables) and a 2,000-section one, then measures
opening them two ways:

* in-process: ``reviewer.docx.outline.read_document(path)`` against the floor (unzip word/document.xml,
  parse it with lxml, collect every paragraph's text; ``tests/benchmarks/floor.py``), medians after
  a warm-up, plus Python-heap peak (tracemalloc) of one read;
* whole processes: ``python -m reviewer.cli outline FILE --json`` and the ``reviewer`` console script
  against ``python floor.py FILE``, medians, with each child's peak RSS.

It also checks that the outline command does not load what it does not use (Qt, reportlab, the
database) and shows where start-up import time goes. Exits non-zero when the in-process ratio is
above 2.0, when the reader finds a different number of sections than were generated, or when the
command loads a forbidden module; everything is printed either way. When the ratio is above 2.0 a
profile of one read of the largest draft is printed as a hint.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks import floor as floor_module
from tests.benchmarks import shared
from tests.benchmarks.drafts import DraftInfo, frame, write_draft

MAX_RATIO = 2.0
MAX_PROCESS_RATIO = 1.5  # whole processes, side by side in one run
FORBIDDEN = ("PySide6", "shiboken6", "reportlab", "sqlite_utils", "sqlite3", "_sqlite3")
# Not forbidden, but worth knowing about when they show up in the outline command.
NOTABLE = ("docx", "PIL", "numpy", "platformdirs", "sqlite_fts4", "click", "tabulate")

CHECK_SCRIPT = r"""
import contextlib, io, json, sys
from reviewer.cli import main
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    rc = main(["outline", sys.argv[1], "--json"])
try:
    sections = [s for s in json.loads(buf.getvalue())["sections"] if s["id"] != "preamble"]
except ValueError:
    sections = None
tops = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps({"rc": rc, "sections": None if sections is None else len(sections),
                  "modules": len(sys.modules), "tops": tops}))
"""


@dataclass
class Row:
    info: DraftInfo
    found: int = 0
    floor_paras: int = 0
    floor_s: float = 0.0
    ours_s: float = 0.0
    floor_peak: float = 0.0  # MB, Python heap (tracemalloc)
    ours_peak: float = 0.0
    p_floor_s: float = 0.0
    p_module_s: float = 0.0
    p_console_s: float | None = None
    p_floor_rss: float = 0.0  # MB, child's peak RSS
    p_module_rss: float = 0.0
    p_console_rss: float | None = None
    cli_sections: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.info.sections:,} sections"

    @property
    def ratio(self) -> float:
        return self.ours_s / self.floor_s

    @property
    def p_ratio(self) -> float:
        return self.p_module_s / self.p_floor_s


# ---------------------------------------------------------------- measuring


def _count_sections(doc) -> int:
    return sum(1 for s in doc.sections if s.id != "preamble")


def _medians(fns: dict, runs: int) -> dict[str, float]:
    """Median seconds of each zero-argument function: one warm-up each, then interleaved runs."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()
    for _ in range(runs):
        for name, fn in fns.items():
            gc.collect()
            t0 = time.perf_counter()
            result = fn()
            times[name].append(time.perf_counter() - t0)
            del result
    return {name: statistics.median(ts) for name, ts in times.items()}


def _py_peak(fn) -> float:
    """Peak MB of Python allocations during one call (lxml's C tree is not traced)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak / 2**20


# Children are started from a small helper process: Linux carries a parent's peak RSS over into its
# children's ru_maxrss (through fork and exec), so spawning them from this big process would report
# its size instead of theirs.
SPAWN_SCRIPT = r"""
import json, os, subprocess, sys, time
job = json.loads(sys.stdin.read())
out = {name: {"times": [], "rss": 0, "error": None} for name in job["cmds"]}
for i in range(job["runs"] + 1):
    for name, cmd in job["cmds"].items():
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=job["cwd"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        err = proc.stderr.read()
        proc.stderr.close()
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0 and out[name]["error"] is None:
            out[name]["error"] = f"exit {code}: " + err.decode("utf-8", "replace").strip()[-600:]
        out[name]["rss"] = max(out[name]["rss"], usage.ru_maxrss)
        if i or not job["warmup"]:
            out[name]["times"].append(elapsed)
print(json.dumps(out))
"""


def _process_medians(cmds: dict[str, list[str]], cwd: Path, runs: int, problems: list[str], *,
                     warmup: bool = True) -> tuple[dict[str, float], dict[str, float]] | None:
    """Median seconds and peak RSS MB per command: one warm-up each, then interleaved runs."""
    job = json.dumps({"cmds": cmds, "cwd": str(cwd), "runs": runs, "warmup": warmup})
    proc = subprocess.run([sys.executable, "-S", "-c", SPAWN_SCRIPT], input=job, capture_output=True, text=True)
    if proc.returncode != 0:
        problems.append(f"the process timer failed: {proc.stderr.strip()[-600:]}")
        return None
    out = json.loads(proc.stdout)
    errors = [f"{name}: {r['error']}" for name, r in out.items() if r["error"]]
    if errors:
        problems.extend(errors)
        return None
    return ({name: statistics.median(r["times"]) for name, r in out.items()},
            {name: r["rss"] / 1024 for name, r in out.items()})


def measure(info: DraftInfo, tmp: Path, floor_script: Path, runs: int, problems: list[str]) -> Row:
    from reviewer.docx import read_document

    row = Row(info)
    path = str(info.path)
    doc = read_document(path)
    row.found = _count_sections(doc)
    del doc
    row.floor_paras = len(floor_module.floor(path))
    med = _medians({"floor": lambda: floor_module.floor(path), "ours": lambda: read_document(path)}, runs)
    row.floor_s, row.ours_s = med["floor"], med["ours"]
    row.floor_peak = _py_peak(lambda: floor_module.floor(path))
    row.ours_peak = _py_peak(lambda: read_document(path))

    cmds = {"floor": [sys.executable, str(floor_script), path],
            "python -m reviewer.cli": [sys.executable, "-m", "reviewer.cli", "outline", path, "--json"]}
    console = Path(sys.executable).with_name("reviewer")
    if console.exists():
        cmds["reviewer (console script)"] = [str(console), "outline", path, "--json"]
    else:
        row.notes.append(f"console script {console} not found: not measured")
    measured = _process_medians(cmds, tmp, runs, problems)
    if measured is not None:
        med, rss = measured
        row.p_floor_s, row.p_module_s = med["floor"], med["python -m reviewer.cli"]
        row.p_floor_rss, row.p_module_rss = rss["floor"], rss["python -m reviewer.cli"]
        if "reviewer (console script)" in med:
            row.p_console_s = med["reviewer (console script)"]
            row.p_console_rss = rss["reviewer (console script)"]
    return row


def module_check(path: Path, tmp: Path, problems: list[str]) -> dict | None:
    """Run the outline command's path in a child and look at what it imported."""
    proc = subprocess.run([sys.executable, "-c", CHECK_SCRIPT, str(path)], cwd=tmp, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        problems.append(f"module check failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def import_times(tmp: Path, top: int = 6) -> tuple[float, list[tuple[float, str]], float]:
    """(ms to import the outline command's modules, the heaviest modules they pull in, bare start-up ms)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "import reviewer.cli, reviewer.docx.outline"],
                          cwd=tmp, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    entries: list[tuple[float, int, str]] = []  # (cumulative ms, depth, module), children before parents
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line[len("import time:"):].split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        entries.append((int(cumulative) / 1000, depth, name.strip()))
    ours = [i for i, (_ms, depth, name) in enumerate(entries) if depth == 0 and name.startswith("reviewer")]
    total = sum(entries[i][0] for i in ours)
    # Modules other than reviewer.* imported directly by a reviewer module (not already counted).
    start = max([i for i, (_ms, depth, name) in enumerate(entries)
                 if depth == 0 and not name.startswith("reviewer")] + [-1]) + 1
    pulled = []
    for i in range(start, len(entries)):
        ms, depth, name = entries[i]
        parent = next((e[2] for e in entries[i + 1:] if e[1] == depth - 1), "")
        if not name.startswith("reviewer") and parent.startswith("reviewer"):
            pulled.append((ms, name))
    bare = _process_medians({"bare": [sys.executable, "-c", "pass"]}, tmp, 5, [])
    return total, sorted(pulled, reverse=True)[:top], bare[0]["bare"] * 1000 if bare else float("nan")


def profile_hint(path: Path, top: int = 15) -> str:
    from reviewer.docx import read_document

    prof = cProfile.Profile()
    prof.enable()
    read_document(path)
    prof.disable()
    text = []
    for key, n, what in (("cumulative", top, "cumulative time"), ("tottime", 8, "own time")):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).strip_dirs().sort_stats(key).print_stats(n)
        lines = out.getvalue().splitlines()
        first = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
        text.append(f"  top {n} by {what} (under cProfile, which slows the run):")
        text.extend("  " + ln for ln in lines[first:] if ln.strip())
    return "\n".join(text)


# ---------------------------------------------------------------- reporting


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f}"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def print_tables(rows: list[Row], runs: int) -> None:
    print(f"\nIn-process (median of {runs} after a warm-up; peak = Python heap by tracemalloc, "
          "lxml's tree not included)")
    head = (f"{'draft':<14} {'sections':>8} {'found':>6} {'paragraphs':>10} {'floor ms':>9} {'ours ms':>9} "
            f"{'ratio':>6} {'peak MB floor':>13} {'peak MB ours':>12}")
    print(head)
    print("-" * len(head))
    for r in rows:
        mark = "" if r.found == r.info.sections else "  FAIL"
        flag = "  FAIL" if r.ratio > MAX_RATIO else ""
        print(f"{r.label:<14} {r.info.sections:>8,} {r.found:>6,}{mark} {r.floor_paras:>10,} "
              f"{_ms(r.floor_s):>9} {_ms(r.ours_s):>9} {r.ratio:>6.2f} {_mb(r.floor_peak):>13} "
              f"{_mb(r.ours_peak):>12}{flag}")

    print(f"\nWhole process (median of {runs} after a warm-up; peak = the child's max RSS)")
    head = (f"{'draft':<14} {'floor ms':>9} {'-m cli ms':>10} {'ratio':>6} {'console ms':>11} {'ratio':>6} "
            f"{'RSS MB floor':>12} {'RSS MB -m cli':>13} {'RSS MB console':>14} {'JSON sections':>13}")
    print(head)
    print("-" * len(head))
    for r in rows:
        if not r.p_floor_s:
            print(f"{r.label:<14} (not measured: see problems below)")
            continue
        console_ratio = f"{r.p_console_s / r.p_floor_s:>6.2f}" if r.p_console_s else f"{'-':>6}"
        warn = f"  over {MAX_PROCESS_RATIO}x" if r.p_ratio > MAX_PROCESS_RATIO else ""
        cli = "-" if r.cli_sections is None else f"{r.cli_sections:,}"
        print(f"{r.label:<14} {_ms(r.p_floor_s):>9} {_ms(r.p_module_s):>10} {r.p_ratio:>6.2f} "
              f"{_ms(r.p_console_s):>11} {console_ratio} {_mb(r.p_floor_rss):>12} {_mb(r.p_module_rss):>13} "
              f"{_mb(r.p_console_rss):>14} {cli:>13}{warn}")
        for note in r.notes:
            print(f"  note: {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="400,2000", help="section counts of the generated drafts")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (default 5)")
    parser.add_argument("--keep", type=Path, help="write the drafts into this folder and keep them")
    parser.add_argument("--only", choices=("outline", "store", "ui", "exchange", "pdf", "word", "limits", "similar",
                                           "revise", "uiscale"),
                        help="run one group: the outline benchmark, the storage one (store_bench.py), the limits "
                             "one or the window one (ui_bench.py)")
    args = parser.parse_args(argv)
    rc = 0
    if args.only in (None, "outline"):
        rc |= outline_main(args)
    if args.only in (None, "store"):
        from tests.benchmarks import store_bench

        rc |= store_bench.run(args)
    if args.only in (None, "exchange"):
        from tests.benchmarks import exchange_bench

        print("\nExchange (exchange_bench.py)")
        rc |= exchange_bench.main([])
    if args.only in (None, "pdf"):
        from tests.benchmarks import pdf_bench

        print("\nPDF export (pdf_bench.py)")
        rc |= pdf_bench.main([])
    if args.only in (None, "word"):
        from tests.benchmarks import word_table_bench

        print("\nWord table export (word_table_bench.py)")
        rc |= word_table_bench.main([])
        from tests.benchmarks import word_annotated_bench

        print("\nThe draft with every comment as a Word comment, and read back (word_annotated_bench.py)")
        rc |= word_annotated_bench.main([])
    if args.only in (None, "similar"):
        from tests.benchmarks import similar_bench

        print("\nSimilar comments (similar_bench.py)")
        rc |= similar_bench.main([])
    if args.only in (None, "revise"):
        from tests.benchmarks import revise_bench, taken_up_bench

        print("\nRevised drafts: carrying comments (revise_bench.py), proposals taken up (taken_up_bench.py)")
        rc |= revise_bench.main([])
        rc |= taken_up_bench.main([])
    if args.only in (None, "limits"):
        from tests.benchmarks import limits_bench

        print("\nWhat the limits let through, as whole processes (limits_bench.py)")
        rc |= limits_bench.main([])
    if args.only in (None, "ui"):
        from tests.benchmarks import ui_bench

        print("\nWindow (ui_bench.py)")
        rc |= ui_bench.main()
    if args.only in (None, "uiscale"):
        from tests.benchmarks import ui_scale_bench

        print("\nThe window on a province's database (ui_scale_bench.py)")
        rc |= ui_scale_bench.main([])
    return rc


def outline_main(args: argparse.Namespace) -> int:
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    started = time.perf_counter()
    failures: list[str] = []
    problems: list[str] = []

    with tempfile.TemporaryDirectory(prefix="reviewer-bench-") as tmp_name:
        tmp = Path(tmp_name)
        out_dir = args.keep or tmp
        out_dir.mkdir(parents=True, exist_ok=True)
        floor_script = tmp / "floor.py"
        shutil.copyfile(floor_module.__file__, floor_script)

        print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPUs; drafts in {out_dir}")
        shared_frame = frame()
        drafts: list[DraftInfo] = []
        for n in sizes:
            t0 = time.perf_counter()
            info = write_draft(out_dir / f"draft-{n}-sections.docx", n, frame=shared_frame)
            drafts.append(info)
            print(f"  generated {info.path.name}: {info.sections:,} sections, {info.paragraphs:,} body paragraphs, "
                  f"{info.tables} tables, about {info.pages:,} pages, document.xml {info.xml_bytes / 2**20:.1f} MB, "
                  f"{info.path.stat().st_size / 2**20:.1f} MB zipped ({time.perf_counter() - t0:.1f} s)")

        floors = {info.path: floor_script for info in drafts}
        if shared.available():
            # The draft the target is judged on, against the judges' own floor process.
            path = shared.draft(out_dir, 400)
            stats = json.loads(path.with_suffix(".sections.json").read_text(encoding="utf-8"))["stats"]
            info = DraftInfo(path, stats["sections"] + stats["points"],  # the "a)" points are sections too
                             stats["top_level_paragraphs"], stats["tables"], 314, stats["document_xml_bytes"])
            drafts.append(info)
            floors[info.path] = shared.FOLDER / "tools" / "floor_parse.py"
            print(f"  judged draft {path.name} (../shared/bench): {stats['sections']} headings and "
                  f"{stats['points']} points, document.xml {info.xml_bytes / 2**20:.1f} MB")
        else:
            print("  ../shared/bench not found: the judged 400-section draft is not measured")
        rows = []
        for info in drafts:
            print(f"  measuring {info.path.name} ...", flush=True)
            try:
                rows.append(measure(info, tmp, floors[info.path], args.runs, problems))
            except Exception as exc:  # report it with the rest instead of stopping here
                problems.append(f"{info.path.name}: reading failed: {type(exc).__name__}: {exc}")

        checks = {}
        for r in rows:
            checks[r.info.path.name] = check = module_check(r.info.path, tmp, problems)
            if check is not None:
                r.cli_sections = check["sections"]
        print_tables(rows, args.runs)

        for r in rows:
            if r.found != r.info.sections:
                failures.append(f"{r.info.path.name}: the reader found {r.found:,} sections, "
                                f"{r.info.sections:,} were generated")
            if r.ratio > MAX_RATIO:
                failures.append(f"{r.info.path.name}: in-process ratio {r.ratio:.2f} > {MAX_RATIO}")
        print()
        for r in rows:
            check = checks[r.info.path.name]
            if check is None:
                continue
            bad = [m for m in check["tops"] if m in FORBIDDEN]
            notable = [m for m in check["tops"] if m in NOTABLE]
            print(f"Outline command's imports ({r.info.path.name}): {check['modules']} modules; "
                  f"forbidden: {', '.join(bad) or 'none'}; also loaded: {', '.join(notable) or 'nothing notable'}")
            if bad:
                failures.append(f"the outline command loaded {', '.join(bad)} ({r.info.path.name})")
            if check["rc"] != 0:
                failures.append(f"reviewer.cli.main(['outline', {r.info.path.name!r}, '--json']) "
                                f"returned {check['rc']}")
            if check["sections"] != r.info.sections:
                failures.append(f"reviewer outline --json listed {check['sections']} sections in "
                                f"{r.info.path.name}, {r.info.sections:,} were generated")

        total, heavy, bare = import_times(tmp)
        print(f"Start-up: bare interpreter {bare:.0f} ms; importing reviewer.cli + reviewer.docx.outline "
              f"{total:.0f} ms "
              "(python -X importtime), heaviest modules they pull in: "
              + ", ".join(f"{name} {ms:.0f} ms" for ms, name in heavy))

        over = [r for r in rows if r.ratio > MAX_RATIO]
        if over:
            biggest = max((r.info for r in rows), key=lambda d: d.sections)
            print(f"\nProfile hint: one read_document of {biggest.path.name}")
            print(profile_hint(biggest.path))

    failures.extend(problems)
    for r in rows:
        if r.p_floor_s and r.p_ratio > MAX_PROCESS_RATIO:
            failures.append(f"{r.info.path.name}: whole `reviewer outline --json` process {r.p_ratio:.2f}x the floor "
                            f"process (target {MAX_PROCESS_RATIO})")
    for f in failures:
        print(f"FAIL: {f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nBenchmark process max RSS {rss:,.0f} MB; total time {time.perf_counter() - started:.0f} s; "
          + ("FAILED" if failures else "OK"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
