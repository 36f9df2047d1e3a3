"""Benchmark: what the worst files the limits let through cost, as whole processes.

    .venv/bin/python -m tests.benchmarks.limits_bench

Each case is a file on disk and a fresh ``reviewer package import`` (or ``comment import``) process;
reported are its peak resident memory (the child's ``ru_maxrss``), its time and its exit code:

* a real package just under the unpacked limit (comments of a few hundred characters);
* the costliest JSON the limits let through: as many values as allowed, in the shapes that cost most
  once parsed (an object of distinct keys, a list of distinct strings, a list of empty lists);
* a package of 8,500 comments of 50,000 characters (500 MB of JSON in a 3 MB file): refused up front;
* a package of whitespace (511 KB that inflate to hundreds of MB): refused up front;
* a CSV file at the table import's size limit.

Exit status 1 when any case passes 400 MB of peak memory.
"""
from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT_MB = 400


def _zip(path: Path, manifest: dict, comments: bytes) -> Path:
    manifest["comments"]["sha256"] = hashlib.sha256(comments).hexdigest()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        zf.writestr("comments.json", comments)
    return path


def _manifest(count: int) -> dict:
    return {"format": "draft-reviewer-comments", "format_version": 1, "app": {"name": "bench", "version": "0"},
            "exported_at": "2026-12-01T08:00:00.000Z", "device": {"id": "b" * 32, "group": "Tổ 1"},
            "scope": {"group": None},
            "draft": {"id": "d", "fingerprint": "f" * 64, "title": "Dự thảo", "file_name": "du-thao.docx",
                      "sections": [{"id": "s1", "number": "I.", "title": "Kinh tế", "level": 1, "parent": None,
                                    "text": "Tăng trưởng kinh tế ước đạt 7,2%."}]},
            "comments": {"count": count, "tombstones": 0, "sha256": ""}}


def _comment(n: int, text: str) -> dict:
    return {"id": f"c{n:08d}", "section": "s1", "group": f"Tổ {n % 10 + 1}", "author": "Nguyễn Văn An",
            "kind": "gop_y", "text": text, "quote": "", "quote_start": None, "quote_end": None, "proposal": "",
            "supporters": 0, "status": "moi", "response": "", "created_at": "2026-12-01T08:00:00.000Z",
            "updated_at": "2026-12-01T08:00:00.000Z", "device": "b" * 32, "revision": 1, "deleted": False,
            "resolved": 0, "history": []}


def _payload(comments: list[dict]) -> bytes:
    return json.dumps({"comments": comments}, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def real_package(folder: Path, limit: int) -> Path:
    base = ("Đề nghị làm rõ nguyên nhân chậm tiến độ giải ngân vốn đầu tư công, nêu giải pháp cụ thể cho "
            "từng dự án trọng điểm của tỉnh trong năm 2025. ")
    one = len(_payload([_comment(0, f"0 {base * 2}")]))
    n = int(limit * 0.97) // one
    return _zip(folder / "real.gopy", _manifest(n), _payload([_comment(i, f"{i} {base * 2}") for i in range(n)]))


def costly_json_package(folder: Path, shape: str, values: int, limit: int) -> Path:
    """A package whose comments.json is the costliest JSON to parse that the limits let through: one
    object of distinct keys, a list of distinct strings, or a list of empty lists."""
    n = values - 10
    if shape == "keys":
        body = "{" + ",".join(f'"{i:x}":0' for i in range(n)) + "}"
    elif shape == "strings":
        body = "[" + ",".join(f'"{i:x}"' for i in range(n)) + "]"
    else:
        body = "[" + ",".join("[]" for _ in range(n // 2)) + "]"
    data = body.encode()[:limit]
    return _zip(folder / f"{shape}.gopy", _manifest(0), data)


def huge_text_package(folder: Path) -> Path:
    text = "Đề nghị " + "x" * 49_990
    comments = [_comment(i, text) for i in range(8_500)]
    return _zip(folder / "huge.gopy", _manifest(len(comments)), _payload(comments))


def whitespace_package(folder: Path) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(_manifest(0)))
        zf.writestr("comments.json", b" " * (500 * 2**20), compresslevel=9)
    (folder / "spaces.gopy").write_bytes(buf.getvalue())
    return folder / "spaces.gopy"


def csv_file(folder: Path, limit: int, rows: int) -> Path:
    """As much as the table import takes: the size limit, or the row limit if that comes first."""
    text = "Đề nghị làm rõ nguyên nhân chậm tiến độ giải ngân vốn đầu tư công. " * 5
    row = f"Tài chính, ngân sách, tín dụng;Tổ 1;Nguyễn Văn An;{text}\n"
    n = min(int(limit * 0.97) // len(row.encode()), rows - 1)
    path = folder / "y-kien.csv"
    path.write_text("Mục;Tổ;Đại biểu;Nội dung\n" + row * n, encoding="utf-8")
    return path


_MEASURE = ("import json, resource, subprocess, sys, time; t = time.perf_counter(); "
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(json.dumps([resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t, "
            "p.returncode, (p.stderr or p.stdout).strip().splitlines()[-1:]]))")


def run(command: list[str]) -> tuple[float, float, int, str]:
    """(peak MB, seconds, exit code, last line it printed) of one ``reviewer`` process, measured by a
    wrapper process of its own (a process's ru_maxrss of its children is the largest of them all)."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "reviewer.cli", *command],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    kb, seconds, code, last = json.loads(out.stdout)
    return kb / 1024, seconds, code, last[0][:110] if last else ""


def main(argv: list[str] | None = None) -> int:
    from reviewer.exchange import package, table_import

    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "r.sqlite3"
        cases = [
            ("package: whitespace bomb", ["package", "import", str(whitespace_package(folder))]),
            ("package: 8,500 comments of 50,000 chars", ["package", "import", str(huge_text_package(folder))]),
            *((f"package: {package.MAX_VALUES:,} values ({shape})",
               ["package", "import", str(costly_json_package(folder, shape, package.MAX_VALUES,
                                                             package.MAX_UNPACKED_BYTES))])
              for shape in ("keys", "strings", "lists")),
            (f"package: real, {package.MAX_UNPACKED_BYTES // 2**20} MiB of JSON",
             ["package", "import", str(real_package(folder, package.MAX_UNPACKED_BYTES))]),
        ]
        limit = table_import.MAX_FILE_BYTES
        if limit:
            subprocess.run([sys.executable, "-m", "reviewer.cli", "draft", "add", str(ROOT / "resources" / "samples"
                                                                                    / "du-thao-bao-cao-2024.docx"),
                            "--db", str(db)], check=True, capture_output=True, cwd=ROOT)
            draft = subprocess.run([sys.executable, "-m", "reviewer.cli", "draft", "list", "--json", "--db", str(db)],
                                   capture_output=True, text=True, cwd=ROOT, check=True)
            draft_id = json.loads(draft.stdout)[0]["id"]
            cases.append((f"CSV: {limit // 2**20} MiB", ["comment", "import", "--draft", draft_id,
                                                          str(csv_file(folder, limit, table_import.MAX_ROWS))]))
        print(f"{'case':45} {'peak MB':>8} {'time s':>7} {'exit':>4}  outcome")
        for label, command in cases:
            peak, seconds, code, line = run([*command, "--db", str(db)])
            print(f"{label:45} {peak:8.0f} {seconds:7.1f} {code:4}  {line}")
            if peak > LIMIT_MB:
                failures += 1
        print(f"(limit {LIMIT_MB} MB of peak memory per process)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
