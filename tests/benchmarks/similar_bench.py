"""Benchmark: suggesting clusters of similar comments (issue 16).

    .venv/bin/python -m tests.benchmarks.similar_bench [--comments 5000] [--sections 400] [--runs 5]

5,000 comments on 400 sections from 8 groups: a third are paraphrases of the hand-labelled comments of
``tests/store/similar_cases.py`` (words dropped, accents typed or not), a tenth plain agreement, the rest
varied sentences from the vocabulary of the storage benchmark. Measured (median of ``--runs`` after a
warm-up):

1. ``reviewer.store.similar.cluster_items`` on the comments in memory (the comparing and clustering);
2. ``reviewer.store.similar.similar_comments`` on a database holding them (what ``reviewer similar`` and
   the window do: reading the comments and the stored decisions, then clustering);
3. for scale, one section holding 500 comments (a draft whose comments all landed on one heading).

Exit status 1 when (2) takes longer than 2 s.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reviewer.textnorm import fold
from tests.benchmarks.exchange_bench import WORDS
from tests.store.similar_cases import CASES

TARGET_S = 2.0
SEED = 16
GROUPS = [f"Tổ {n}" for n in range(1, 9)]


def _paraphrase(rng: random.Random, text: str) -> str:
    words = text.split()
    if len(words) > 6:
        del words[rng.randrange(len(words))]
    out = " ".join(words)
    return fold(out) if rng.random() < 0.3 else out


def make_comments(rng: random.Random, n_comments: int, n_sections: int) -> list[dict]:
    out = []
    for i in range(n_comments):
        roll = rng.random()
        proposal = ""
        if roll < 0.1:
            kind, text = "nhat_tri", rng.choice(("Nhất trí với dự thảo.", "nhat tri", "Tổ nhất trí cao với dự thảo."))
        elif roll < 0.43:
            _s, _g, kind, text, proposal, _label = rng.choice(CASES)
            kind = "gop_y" if kind == "nhat_tri" else kind
            text = _paraphrase(rng, text)
        else:
            kind = rng.choice(("gop_y", "sua_doi", "bo_sung", "cau_hoi"))
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 40))]
            text = " ".join(words).capitalize() + "."
        out.append({"section": f"s{i % n_sections}", "group": rng.choice(GROUPS), "kind": kind, "text": text,
                    "proposal": proposal})
    return out


def _median(fn, runs: int) -> tuple[float, object]:
    result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _store_with(tmp: Path, comments: list[dict], n_sections: int):
    from reviewer.model import Document, Paragraph, Run, Section
    from reviewer.store import Store

    sections = [Section(f"s{i}", f"{i + 1}.", f"Mục {i + 1}", 1, None, [Paragraph([Run(f"Nội dung mục {i + 1}.")])])
                for i in range(n_sections)]
    store = Store(tmp / "similar.sqlite3")
    draft = store.register_draft(Document("Dự thảo báo cáo", sections))
    store.add_comments([{"draft_id": draft["id"], "section_id": c["section"], "group": c["group"], "kind": c["kind"],
                         "text": c["text"], "proposal": c["proposal"]} for c in comments])
    return store, draft["id"]


def main(argv: list[str] | None = None) -> int:
    from reviewer.store.similar import Item, cluster_items, similar_comments

    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.similar_bench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--sections", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    comments = make_comments(rng, args.comments, args.sections)
    items = [Item(f"c{i}", c["section"], c["group"], c["kind"], c["text"], c["proposal"])
             for i, c in enumerate(comments)]
    pure_s, clusters = _median(lambda: cluster_items(items), args.runs)
    in_clusters = sum(len(k.comments) for k in clusters)
    print(f"{args.comments:,} comments on {args.sections:,} sections, {len(GROUPS)} groups: "
          f"{len(clusters):,} clusters suggested ({in_clusters:,} comments in them)")
    print(f"  cluster_items (in memory):            {pure_s * 1000:8.0f} ms")
    with tempfile.TemporaryDirectory(prefix="reviewer-similar-") as tmp:
        store, draft_id = _store_with(Path(tmp), comments, args.sections)
        with store:
            store_s, stored = _median(lambda: similar_comments(store, draft_id), args.runs)
    print(f"  similar_comments (from the database): {store_s * 1000:8.0f} ms  (target < {TARGET_S * 1000:.0f} ms)")
    one = [Item(f"c{i}", "s0", c["group"], c["kind"], c["text"], c["proposal"]) for i, c in enumerate(comments[:500])]
    one_s, _ = _median(lambda: cluster_items(one), max(1, args.runs // 2))
    print(f"  500 comments on one section:          {one_s * 1000:8.0f} ms")
    problems = []
    if len(stored) != len(clusters):
        problems.append(f"the database gave {len(stored)} clusters, memory {len(clusters)}")
    if store_s > TARGET_S:
        problems.append(f"similar_comments took {store_s:.2f} s > {TARGET_S:.0f} s")
    for p in problems:
        print(f"FAIL: {p}")
    print("FAILED" if problems else "OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
