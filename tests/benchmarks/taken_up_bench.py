"""Measurements behind reviewer.store.taken_up's thresholds, on real text.

    .venv/bin/python -m tests.benchmarks.taken_up_bench [--corpus ../shared/corpus/vi]

Proposal sentences (10-40 words): the sample comments' proposed wording, sentences of the corpus pair's
final version that its draft does not have, sentences of an unrelated plan of the same province. Each is put
into real sections (the bundled sample draft's, the corpus draft's): verbatim, without accents in capitals,
lightly reworded (two words changed, one dropped), reworded more (a third of the words), or not at all; and
one word of a sentence the section keeps is changed (the old sentence kept: not taken up). Prints each
case's scores and how many count as taken up. Exit status 1 when a verbatim or unaccented insertion is
missed, or a "not at all" case counts as taken up.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import unicodedata
from pathlib import Path

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store.samples import SAMPLE_COMMENTS
from reviewer.store.taken_up import TAKEN_UP, score, taken_up, wording, words

PAIR = ("vbai__DU THAO BC CCHC NAM 2025.docx", "vbai__BAO CAO CCHC NAM 2025.docx")
UNRELATED = "vbai__Du thao KH CCHC gđ 2026-2030 17.3s.docx"
FILLER = "nâng cao chất lượng hiệu quả quản lý nhà nước tiếp tục đẩy mạnh cải cách chuyển đổi số bền vững".split()


def sentences(text: str, low: int = 10, high: int = 40) -> list[str]:
    parts = re.split(r"(?<=[.;!?])\s+|\n+", text)
    return [p.strip() for p in parts if low <= len(p.split()) <= high]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def reword(sentence: str, rng: random.Random, share: float) -> str:
    w = sentence.split()
    n = max(1, round(len(w) * share))
    for i in rng.sample(range(len(w)), n):
        w[i] = rng.choice(FILLER)
    if share < 0.2 and len(w) > 1:
        w.pop(rng.randrange(len(w)))
    return " ".join(w)


def insert(host: str, sentence: str, rng: random.Random) -> str:
    cuts = [m.end() for m in re.finditer(r"[.;]\s+|\n", host)] or [len(host)]
    at = rng.choice(cuts)
    return host[:at] + sentence + " " + host[at:]


def proposals(corpus: Path | None) -> list[str]:
    out = [wording(p) for *_x, p, _s in SAMPLE_COMMENTS if p]
    out += sentences(" ".join(s.text for s in read_document(sample_draft()).sections))[::9]
    if corpus is not None:
        draft = " ".join(s.text for s in read_document(corpus / PAIR[0]).sections)
        final = [s for s in sentences(" ".join(x.text for x in read_document(corpus / PAIR[1]).sections))
                 if s not in draft]
        out += final[:50]
        out += sentences(" ".join(s.text for s in read_document(corpus / UNRELATED).sections))[::7][:40]
    return [p for p in out if len(p.split()) >= 3]


def hosts(corpus: Path | None) -> list[str]:
    out = [s.text for s in read_document(sample_draft()).sections if len(s.text.split()) >= 50]
    if corpus is not None:
        out += [s.text for s in read_document(corpus / PAIR[0]).sections if len(s.text.split()) >= 50][:20]
    return out


def measure(corpus: Path | None) -> int:
    rng = random.Random(14)
    props, texts = proposals(corpus), hosts(corpus)
    print(f"{len(props)} proposals, {len(texts)} sections, threshold {TAKEN_UP}")
    cases = {"verbatim": lambda p: p, "without accents, in capitals": strip_accents,
             "reworded (a word in ten changed, one dropped)": lambda p: reword(p, rng, 0.1),
             "reworded more (a third of the words)": lambda p: reword(p, rng, 0.34)}
    failed = False
    by_case: dict[str, list[float]] = {}
    for name, make in cases.items():
        scores, hits = [], 0
        for p in props:
            host = rng.choice([t for t in texts if " ".join(words(p)) not in " ".join(words(t))])
            new = insert(host, make(p), rng)
            scores.append(score(p, new, host)[0])
            hits += bool(taken_up(p, new, host))
        by_case[name] = scores
        print(f"  {name}: score min {min(scores):.2f}, median {statistics.median(scores):.2f}; "
              f"taken up {100 * hits / len(props):.1f} %")
        failed |= name in ("verbatim", "without accents, in capitals") and hits < len(props)
    nots, hits = [], 0
    for p in props:
        for host in rng.sample(texts, min(10, len(texts))):
            if " ".join(words(p)) in " ".join(words(host)):
                continue
            nots.append(score(p, host, host)[0])
            hits += bool(taken_up(p, host, host))
    nots.sort()
    print(f"  not at all ({len(nots)}): score max {nots[-1]:.2f}, 95th percentile {nots[int(0.95 * len(nots))]:.2f}; "
          f"taken up {100 * hits / len(nots):.1f} %")
    failed |= hits > 0
    by_case["not at all"] = nots
    print("  share at or above each threshold (the score alone, before the comparison with the old section):")
    for t in (0.7, 0.75, 0.8, 0.85, 0.9):
        shares = (f"{n} {100 * sum(x >= t for x in v) / len(v):.1f} %" for n, v in by_case.items())
        print(f"    {t}: " + "; ".join(shares))
    kept, gains = 0, []
    for host in texts:
        for s in sentences(host)[:3]:
            changed = reword(s, rng, 0.05)
            new_score, old_score = score(changed, host, host)
            gains.append(new_score - old_score)
            kept += bool(taken_up(changed, host, host))
    print(f"  the old sentence kept, a proposal changing it ({len(gains)}): gain max {max(gains):.2f}; "
          f"taken up {100 * kept / max(1, len(gains)):.1f} %")
    failed |= kept > 0
    if corpus is not None:
        old = {s.id: s.text for s in read_document(corpus / PAIR[0]).sections}
        new_sections = read_document(corpus / PAIR[1]).sections
        found = total = 0
        for s in new_sections:
            if s.id not in old:
                continue
            for sentence in sentences(s.text):
                if " ".join(sentence.split()) not in " ".join(old[s.id].split()):
                    total += 1
                    found += bool(taken_up(sentence, s.text, old[s.id]))
        print(f"  corpus pair, the final version's new sentences in their section: {found}/{total} taken up")
    print("FAIL" if failed else "OK")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[3] / "shared/corpus/vi")
    args = parser.parse_args(argv)
    return measure(args.corpus if args.corpus.is_dir() else None)


if __name__ == "__main__":
    sys.exit(main())
