"""Benchmark: merging comment packages (issues 6 and 17).

    .venv/bin/python -m tests.benchmarks.exchange_bench [--packages 30] [--comments 500] [--runs 3]
    .venv/bin/python -m tests.benchmarks.exchange_bench --scale        # a province: 200 x 2,500

Thirty laptops (one per group, "Tổ 1" … "Tổ 30") each send a package of 500 comments on the same
draft. With ``../shared/bench`` there (the data the targets are judged on), the draft is its
400-heading ``make_draft.py`` draft and the comments come from its ``make_comments.py`` (Vietnamese,
~230 characters on average), with a quote from the section on two in five, proposals, statuses and
responses; without it, the short synthetic comments of ``store_bench.CommentMaker`` on a synthetic
draft. One or two earlier versions on a fifth of the comments, a tombstone on one in twenty. The
packages are made with ``reviewer.exchange.package.pack`` (the code that writes real packages), one
at a time, and saved as files. ``--scale``: 200 units' packages of 2,500 comments (500,000).

Measured, each run into a fresh empty database (medians of ``--runs``):

1. **whole process**: ``reviewer --db X package import --json FILES…``, what a user waits for, with
   its peak resident memory (``os.wait4``); then the same command again (nothing new, checked);
2. **in-process** (not with ``--scale``): ``reviewer.exchange.package.import_packages`` on the files,
   each read, checked in full and merged in its own durable transaction (``synchronous=FULL``),
   then again.

For comparison, ``Store.add_comments`` of the same comments (current versions only) in one
transaction per package, and the same passes through ``reviewer.exchange.folder.sync_once`` on a
folder holding the files.

Exit status 1 when a target is missed (whole process: first pass 1.5 s, nothing new 0.5 s; with
``--scale`` 60 s and 1 GB), or when anything is wrong.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

TARGET_FIRST_PASS_S = 1.5  # whole process, 30 packages of 500 comments into an empty database
TARGET_SECOND_PASS_S = 0.5  # the same files again: nothing new
TARGET_SCALE_S = 60.0  # 200 packages of 2,500 comments, one process
TARGET_SCALE_MB = 1024
SEED = 6
SHARED_SECTIONS = 400

WORDS = ("đề nghị bổ sung làm rõ đánh giá kết quả phát triển kinh tế xã hội hạ tầng giao thông nông nghiệp "
         "chuyển đổi số cải cách hành chính xây dựng Đảng chính quyền cơ sở vùng sâu vùng xa nguồn lực thực hiện "
         "chỉ tiêu nghị quyết tăng trưởng thu ngân sách đầu tư công giảm nghèo bền vững văn hóa giáo dục y tế "
         "quốc phòng an ninh cán bộ đảng viên trách nhiệm người đứng đầu").split()
KINDS = ("gop_y", "sua_doi", "bo_sung", "de_nghi_bo", "cau_hoi", "nhat_tri")


def sentence(rng: random.Random, low: int, high: int) -> str:
    target = rng.randint(low, high)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < target:
        words.append(rng.choice(WORDS))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def make_draft(rng: random.Random, n_sections: int = 400) -> tuple[dict, list[dict]]:
    import hashlib

    sections = []
    for i in range(n_sections):
        top = i % 10 == 0
        sections.append({"id": f"muc-{i}", "number": f"{i // 10 + 1}." if top else f"{i // 10 + 1}.{i % 10}.",
                         "title": sentence(rng, 20, 60).rstrip("."), "level": 1 if top else 2,
                         "parent": None if top else f"muc-{i - i % 10}", "text": sentence(rng, 200, 900)})
    fingerprint = hashlib.sha256(b"bench-draft").hexdigest()
    draft = {"id": fingerprint[:12], "fingerprint": fingerprint, "title": "Dự thảo Báo cáo chính trị (benchmark)",
             "file_name": "du-thao.docx"}
    return draft, sections


def make_states(maker, group: str, device: str, n: int, rng: random.Random) -> list:
    from reviewer.store import CommentState, Version

    states = []
    for i in range(n):
        row = maker.make()
        stamp = f"2026-11-27T08:{i // 60 % 60:02d}:{i % 60:02d}.000Z"
        revisions = 1 + (rng.random() < 0.2) + (rng.random() < 0.05)
        versions = []
        for r in range(1, revisions + 1):
            text = row["text"] if r == revisions else maker.make()["text"]
            versions.append(Version(revision=r, device=device, group=group, author=row["author"], kind=row["kind"],
                                    text=text, quote=row["quote"], proposal=row["proposal"],
                                    supporters=row["supporters"], status=row["status"], response=row["response"],
                                    updated_at=stamp, deleted=False, section=row["section_id"]))
        if rng.random() < 0.05:
            last = versions[-1]
            versions.append(Version(**{**{f: getattr(last, f) for f in last.__slots__}, "revision": last.revision + 1,
                                       "deleted": True}))
        states.append(CommentState(id=str(uuid.UUID(int=rng.getrandbits(128))), created_at=stamp, current=versions[-1],
                                   history=versions[:-1], quote_start=row.get("quote_start"),
                                   quote_end=row.get("quote_end")))
    return states


class SharedCommentMaker:
    """Comments of real length and shape from ``../shared/bench/make_comments.py`` (the generator the
    targets are judged on: 1-6 Vietnamese sentences, ~230 characters on average), with a quote taken
    from the section's text on two in five, a proposal on one in four and a status as in
    ``store_bench.CommentMaker`` (the generator writes neither)."""

    def __init__(self, module, sections: list[dict], headings: list[dict], seed: int):
        from reviewer.vocab import parse_kind

        self.rng = random.Random(seed)
        self.sections = sections
        self.headings = headings  # the generator's section_index -> a section of the outline
        self.source = module.generate(10**9, len(headings), seed)
        self.parse_kind = parse_kind

    def make(self) -> dict:
        from tests.benchmarks.store_bench import PROPOSALS, STATUSES, pick_quote

        r = self.rng
        c = next(self.source)
        section = self.headings[c["section_index"]]
        body = section["text"]
        quote = pick_quote(r, body)
        # Where the quote is, as the sending laptop's store located it (a package carries it).
        start = body.find(quote) if quote else -1
        proposal = ""
        if r.random() < 0.25:
            proposal = r.choice(PROPOSALS).format(t=" ".join(c["text"].split()[:4]),
                                                   u=" ".join(c["text"].split()[4:9]))
        status = r.choice(STATUSES)
        return {"section_id": section["id"], "group": c["group"], "author": c["author"],
                "kind": self.parse_kind(c["kind"]) or _SHARED_KINDS.get(c["kind"], "gop_y"),
                "text": c["text"], "quote": quote, "proposal": proposal,
                "quote_start": start if start >= 0 else None, "quote_end": start + len(quote) if start >= 0 else None,
                "supporters": r.choice((0, 0, 0, 1, 2, 3, 5, 8)), "status": status,
                "response": "" if status == "moi" else f"Ban biên tập {r.choice(('đã tiếp thu', 'xin giải trình'))}."}


_SHARED_KINDS = {"Lược bỏ": "de_nghi_bo", "Thống nhất": "nhat_tri", "Ý kiến khác": "gop_y"}


def load_shared(folder: Path | None):
    """(make_comments module, draft, sections, headings) from the shared benchmark data, or None
    when it is not there (CI without ../shared): then the synthetic comments are used."""
    import importlib.util

    if folder is None or not (folder / "make_comments.py").is_file():
        return None
    try:
        import docx  # noqa: F401  (make_draft.py needs python-docx)
    except ImportError:
        return None
    from reviewer.docx import open_draft
    from reviewer.store.records import fingerprint

    spec = importlib.util.spec_from_file_location("shared_make_comments", folder / "make_comments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "draft-400.docx"
        subprocess.run([sys.executable, str(folder / "make_draft.py"), "--sections", str(SHARED_SECTIONS),
                        "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
        doc = open_draft(out)
        planned = json.loads(out.with_suffix(".sections.json").read_text(encoding="utf-8"))["sections"]
    sections = [{"id": s.id, "number": s.number, "title": s.title, "level": s.level, "parent": s.parent,
                 "text": s.text} for s in doc.sections]
    # The generator's section_index counts the planned headings in order; the outline also has the
    # points ("a)", "b)") and the preamble: match the planned ones by number and title, in order.
    headings, at = [], 1
    for plan in planned:
        while at < len(sections) and (sections[at]["number"].strip(), sections[at]["title"]) != (
                plan["number"], plan["title"]):
            at += 1
        headings.append(sections[min(at, len(sections) - 1)])
        at += 1
    draft = {"id": fingerprint(doc)[:12], "fingerprint": fingerprint(doc), "title": doc.title,
             "file_name": "draft-400.docx"}
    return module, draft, sections, headings


def unit_names(n: int) -> list[str]:
    """One group per package: "Tổ 1".."Tổ 30" for a conference, units' names for a province."""
    if n <= 30:
        return [f"Tổ {i + 1}" for i in range(n)]
    kinds = ("Đảng bộ xã", "Đảng bộ phường", "Đảng bộ thị trấn", "Chi bộ", "Đảng ủy")
    return [f"{kinds[i % len(kinds)]} số {i + 1}" for i in range(n)]


def write_packages(folder: Path, n_packages: int, n_comments: int, shared=None) -> list[Path]:
    """The packages, one group each, written with ``reviewer.exchange.package.pack``; one at a time
    (a province's 500,000 comments are never all in memory)."""
    from reviewer.exchange.package import pack
    from tests.benchmarks.store_bench import CommentMaker

    rng = random.Random(SEED)
    if shared is not None:
        module, draft, sections, headings = shared
    else:
        draft, sections = make_draft(rng)
    paths = []
    maker = None if shared is not None else CommentMaker(sections, seed=SEED)
    for p, group in enumerate(unit_names(n_packages)):
        if shared is not None:
            maker = SharedCommentMaker(module, sections, headings, seed=SEED * 1000 + p)
        device = f"{rng.getrandbits(128):032x}"
        built = pack(draft, sections, make_states(maker, group, device, n_comments, rng), device_id=device,
                     device_group=group, exported_at=f"2026-11-27T09:{p // 60:02d}:{p % 60:02d}.000Z")
        path = folder / f"{device}-{draft['id']}.gopy"
        path.write_bytes(built.data)
        paths.append(path)
    return paths


def one_run(paths: list[Path], tmp: Path, problems: list[str]) -> dict[str, float]:
    from reviewer.exchange import import_packages, read_package_file
    from reviewer.store import MergeSummary, Store

    out = {}
    with tempfile.TemporaryDirectory(dir=tmp) as d:
        store = Store(Path(d) / "secretariat.sqlite3")
        t0 = time.perf_counter()
        first = import_packages(store, paths)
        out["first"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        second = import_packages(store, paths)
        out["second"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        for p in paths:
            read_package_file(p)
        out["read"] = time.perf_counter() - t0
        bad = [str(r) for _p, r in first + second if not isinstance(r, MergeSummary)]
        if bad:
            problems.append("refused: " + bad[0])
        else:
            total = len(store.comments(store.drafts()[0]["id"], include_deleted=True))
            expected = sum(s.new + s.deleted for _p, s in first)
            if total != expected or total != len(paths) * int(paths and len(read_package_file(paths[0]).comments)):
                problems.append(f"the database holds {total} comments, {expected} were new")
            if any(s.changed for _p, s in second):
                problems.append("the second pass changed the database")
            out["comments"] = total
        store.close()
    return out


def floor_run(paths: list[Path], tmp: Path) -> dict[str, float]:
    """The store's own ``add_comments`` of the same comments (current versions only), one
    transaction per package: what adding them costs without any exchange."""
    from reviewer.exchange import read_package_file
    from reviewer.store import Store

    packages = [read_package_file(p) for p in paths]
    with tempfile.TemporaryDirectory(dir=tmp) as d:
        store = Store(Path(d) / "floor.sqlite3")
        draft = packages[0].draft
        draft_id = store.exchange.register_draft(title=draft.title, fingerprint=draft.fingerprint,
                                                      sections=draft.sections)["id"]
        t0 = time.perf_counter()
        for package in packages:
            store.add_comments([{"draft_id": draft_id, "section_id": c.current.section, "group": c.current.group,
                                 "text": c.current.text, "author": c.current.author, "kind": c.current.kind,
                                 "quote": c.current.quote, "proposal": c.current.proposal,
                                 "supporters": c.current.supporters, "status": c.current.status,
                                 "response": c.current.response} for c in package.comments])
        elapsed = time.perf_counter() - t0
        store.close()
    return {"floor": elapsed}


def sync_run(paths: list[Path], tmp: Path, problems: list[str]) -> dict[str, float]:
    import shutil

    from reviewer.exchange import SyncState, sync_once
    from reviewer.store import Store

    out = {}
    with tempfile.TemporaryDirectory(dir=tmp) as d:
        folder = Path(d) / "exchange"
        folder.mkdir()
        for p in paths:
            shutil.copyfile(p, folder / p.name)
        store = Store(Path(d) / "laptop.sqlite3")
        state = SyncState()
        t0 = time.perf_counter()
        first = sync_once(store, folder, state=state)
        out["sync_first"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = sync_once(store, folder)  # no state: every file is read again
        out["sync_second"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        quiet = sync_once(store, folder, state=state)  # the window's timer: nothing changed
        out["sync_quiet"] = time.perf_counter() - t0
        if len(first.merged) != len(paths) or first.refused or len(first.written) != 1:
            problems.append(f"sync: {len(first.merged)} merged, {first.refused[:1]} refused, "
                            f"{first.written} written")
        if again.changed or again.written or quiet.merged or quiet.written:
            problems.append("sync: a second pass changed something")
        store.close()
    return out


def reviewer_command() -> list[str]:
    """The ``reviewer`` command as a user runs it (the installed script beside this Python)."""
    script = Path(sys.executable).with_name("reviewer")
    return [str(script)] if script.exists() else [sys.executable, "-c",
                                                  "import sys; from reviewer.cli import main; sys.exit(main())"]


def timed_process(argv: list[str], out: Path) -> tuple[float, float, int]:
    """(seconds, peak resident memory in MB, exit status) of one whole process; its stdout goes to ``out``."""
    with open(out, "wb") as stdout, open(out.with_suffix(".err"), "wb") as stderr:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def process_run(paths: list[Path], tmp: Path, problems: list[str], expected: int) -> dict[str, float]:
    """``reviewer --db X package import FILES…`` as whole processes: into an empty database, then again."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(dir=tmp) as d:
        db = Path(d) / "secretariat.sqlite3"
        for name in ("proc_first", "proc_second"):
            argv = [*reviewer_command(), "--db", str(db), "package", "import", "--json", *map(str, paths)]
            report = Path(d) / f"{name}.json"
            out[name], out[name + "_mb"], status = timed_process(argv, report)
            if status != 0:
                problems.append(f"{name}: exit status {status}: "
                                + report.with_suffix(".err").read_text(errors="replace")[-300:])
                continue
            total = json.loads(report.read_text(encoding="utf-8"))["total"]
            if name == "proc_first" and total["new"] + total["deleted"] != expected:
                problems.append(f"{name}: {total['new'] + total['deleted']} comments new, {expected} expected")
            if name == "proc_second" and total["changed"]:
                problems.append("the second whole-process pass changed the database")
    return out


def run(args) -> int:
    problems: list[str] = []
    started = time.perf_counter()
    if args.scale:
        args.packages, args.comments = 200, 2500
    shared = None if args.synthetic else load_shared(args.shared)
    with tempfile.TemporaryDirectory(prefix="reviewer-exchange-bench-") as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "packages"
        source.mkdir()
        t0 = time.perf_counter()
        paths = write_packages(source, args.packages, args.comments, shared)
        size = sum(p.stat().st_size for p in paths)
        n = args.packages * args.comments
        print(f"Python {sys.version.split()[0]}; {args.packages} packages of {args.comments} comments, "
              + ("realistic (../shared/bench generator)" if shared else "synthetic (no ../shared/bench)")
              + f", {size / 2**20:.1f} MB in all, made in {time.perf_counter() - t0:.1f} s")
        procs = [process_run(paths, tmp, problems, n) for _ in range(args.runs)]
        runs = [] if args.scale else [one_run(paths, tmp, problems) for _ in range(args.runs)]
        syncs = [] if args.scale else [sync_run(paths, tmp, problems) for _ in range(max(1, args.runs // 2))]
        floors = [] if args.scale else [floor_run(paths, tmp) for _ in range(max(1, args.runs // 2))]

    def med(rows, key):
        return statistics.median(r[key] for r in rows if key in r)

    def peak(rows, key):
        return max(r[key] for r in rows if key in r)

    print(f"\nMedian of {args.runs} runs, each into a fresh database (other work on this machine shares the CPU):")
    if procs and any("proc_first" in r for r in procs):
        print(f"  whole `reviewer package import` process, first pass:  {med(procs, 'proc_first') * 1000:7.0f} ms, "
              f"peak {peak(procs, 'proc_first_mb'):.0f} MB")
        print(f"  whole `reviewer package import` process, nothing new: {med(procs, 'proc_second') * 1000:7.0f} ms, "
              f"peak {peak(procs, 'proc_second_mb'):.0f} MB")
    if runs:
        first, second, read = med(runs, "first"), med(runs, "second"), med(runs, "read")
        print(f"  in-process first pass  (empty database):   {first * 1000:7.0f} ms  ({n / first:,.0f} comments/s; "
              f"reading and checking the files is {read * 1000:.0f} ms of it)")
        print(f"  in-process second pass (nothing changes):  {second * 1000:7.0f} ms")
        print(f"  for comparison, Store.add_comments of the same comments (no history, no checks of a file), "
              f"one transaction per package: {med(floors, 'floor') * 1000:.0f} ms")
        print(f"  exchange folder, first pass:    {med(syncs, 'sync_first') * 1000:7.0f} ms (also writes this "
              f"laptop's package of {n:,} comments)")
        print(f"  exchange folder, again:         {med(syncs, 'sync_second') * 1000:7.0f} ms (every file read again)")
        print(f"  exchange folder, timer tick:    {med(syncs, 'sync_quiet') * 1000:7.1f} ms (nothing changed)")
    failures = list(problems)
    targets = ((TARGET_SCALE_S, None) if args.scale else (TARGET_FIRST_PASS_S, TARGET_SECOND_PASS_S))
    if procs and any("proc_first" in r for r in procs):
        if med(procs, "proc_first") > targets[0]:
            failures.append(f"whole-process first pass {med(procs, 'proc_first'):.2f} s > {targets[0]} s")
        if targets[1] is not None and med(procs, "proc_second") > targets[1]:
            failures.append(f"whole-process second pass {med(procs, 'proc_second'):.2f} s > {targets[1]} s")
        if args.scale and peak(procs, "proc_first_mb") > TARGET_SCALE_MB:
            failures.append(f"peak memory {peak(procs, 'proc_first_mb'):.0f} MB > {TARGET_SCALE_MB} MB")
    for f in failures:
        print(f"FAIL: {f}")
    print(f"\nTotal time {time.perf_counter() - started:.0f} s; " + ("FAILED" if failures else "OK"))
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.exchange_bench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--packages", type=int, default=30)
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", action="store_true",
                        help="a province: 200 packages of 2,500 comments from 200 units, one run (a few minutes)")
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "bench",
                        help="the shared benchmark generator (default ../shared/bench)")
    parser.add_argument("--synthetic", action="store_true", help="the short synthetic comments, even with --shared")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
