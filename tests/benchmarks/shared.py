"""The data the speed targets are judged on: the drafts and comments of ``../shared/bench``.

Its generators are deterministic (the same seed and python-docx give the same bytes), so a figure
measured here is measured on what the targets were set on: a 400-section draft with styled headings,
comments of real length (about 230 characters, up to 630) from ten groups. Without that folder (a
clone on its own, as on CI) the benchmarks fall back to their own synthetic data and say so.
``REVIEWER_BENCH_DATA`` points to another copy.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

FOLDER = Path(os.environ.get("REVIEWER_BENCH_DATA") or Path(__file__).resolve().parents[3] / "shared" / "bench")
SEED = 20241022  # make_comments.py's default: the comments-5000.jsonl its README names


def available() -> bool:
    if not (FOLDER / "make_draft.py").is_file() or not (FOLDER / "make_comments.py").is_file():
        return False
    return importlib.util.find_spec("docx") is not None  # the draft generator writes with python-docx


def draft(out_dir: Path, sections: int = 400, *, plain: bool = False) -> Path:
    """``draft-N.docx`` (and its ``.sections.json``, the generator's ground truth) in ``out_dir``."""
    out = out_dir / f"draft-{sections}{'-plain' if plain else ''}.docx"
    if not out.exists():
        subprocess.run([sys.executable, str(FOLDER / "make_draft.py"), "--sections", str(sections), "--out", str(out),
                        *(["--plain-headings"] if plain else [])], check=True, stdout=subprocess.DEVNULL)
    return out


def _generator():
    spec = importlib.util.spec_from_file_location("shared_make_comments", FOLDER / "make_comments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def comments(n: int, sections: int = 400, seed: int = SEED) -> Iterator[dict]:
    """The generator's comments: uuid, section_index, group, author, kind (Vietnamese), text, created_at."""
    return _generator().generate(n, sections, seed)


def write_jsonl(path: Path, n: int, sections: int = 400, seed: int = SEED) -> Path:
    """The same comments as ``make_comments.py -n N --out PATH`` writes."""
    with path.open("w", encoding="utf-8") as f:
        for c in comments(n, sections, seed):
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    return path


def heading_ids(doc, draft_path: Path) -> list[str]:
    """Our section id of each heading the generator planned, in its order (``section_index``).

    The outline also holds the points ("a)") and the preamble; the planned headings are found in it
    by number and title, in order."""
    planned = json.loads(draft_path.with_suffix(".sections.json").read_text(encoding="utf-8"))["sections"]
    sections = doc.sections
    ids, at = [], 0
    for plan in planned:
        while at < len(sections) and (sections[at].number.strip(), sections[at].title) != (
                plan["number"], plan["title"]):
            at += 1
        if at == len(sections):
            raise SystemExit(f"the outline of {draft_path.name} lacks the planned heading {plan['number']} "
                             f"{plan['title']}")
        ids.append(sections[at].id)
        at += 1
    return ids


def comment_rows(draft_id: str, doc, draft_path: Path, n: int, seed: int = SEED) -> Iterator[dict]:
    """The generator's comments as rows for ``Store.add_comments`` on the registered draft."""
    from reviewer.vocab import parse_kind

    ids = heading_ids(doc, draft_path)
    for c in comments(n, len(ids), seed):
        yield {"draft_id": draft_id, "section_id": ids[c["section_index"]], "group": c["group"],
               "author": c["author"], "kind": parse_kind(c["kind"]) or "gop_y", "text": c["text"],
               "comment_id": c["uuid"]}
