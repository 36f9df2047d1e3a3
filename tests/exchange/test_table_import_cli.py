"""``reviewer comment import`` run as a real process against hostile and very large files: one
translated line and exit code 2 for a refusal, nothing imported, and bounded time and memory."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewer.exchange.table_import import MAX_FILE_BYTES, MAX_ROWS

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "du-thao-bao-cao-2024.docx"
MEMORY_CEILING = 400 * 2**20  # a 4 GB laptop runs the window, a browser and Word at the same time
# Runs the command as its child and prints the child's peak memory: the test process's own
# RUSAGE_CHILDREN would also count every earlier subprocess of the test session.
PEAK = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
        "sys.stderr.write('peak %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def run(*args: str | Path, home: Path, stdin: bytes = b"") -> tuple[int, str, str, int, float]:
    """(exit code, stdout, stderr, peak memory of the command in bytes, seconds)."""
    env = dict(os.environ, REVIEWER_LANG="en", PYTHONIOENCODING="utf-8", REVIEWER_HOME=str(home))
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "reviewer.cli", *map(str, args)],
                            cwd=REPO, env=env, input=stdin, capture_output=True, timeout=120, check=False)
    seconds = time.monotonic() - started
    stderr, _, peak = result.stderr.decode("utf-8").rpartition("peak ")
    rss = int(peak) * (1 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB elsewhere
    return result.returncode, result.stdout.decode("utf-8"), stderr, rss, seconds


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("import-cli")
    db, home = folder / "reviews.sqlite3", folder / "home"
    code, out, err, _rss, _s = run("draft", "add", SAMPLE, "--db", db, home=home)
    assert code == 0, err
    with sqlite3.connect(db) as conn:
        sections = conn.execute("SELECT id, text FROM sections WHERE text != ''").fetchall()
    return {"db": db, "home": home, "draft": out.strip(), "sections": sections}


def comments(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM comments").fetchone()[0]


def import_file(setup: dict, path: Path | str, stdin: bytes = b"") -> tuple[int, str, str, int, float]:
    return run("comment", "import", "--draft", setup["draft"], path, "--db", setup["db"], home=setup["home"],
               stdin=stdin)


def refused(result: tuple[int, str, str, int, float]) -> str:
    code, out, err, _rss, _seconds = result
    assert code == 2 and out == "", (code, out, err)
    assert "Traceback" not in err and err.count("\n") == 1 and err.startswith("reviewer: "), err
    return err


def test_deep_nesting_and_huge_numbers_give_one_line_and_import_nothing(setup, tmp_path):
    deep = tmp_path / "sau.json"
    deep.write_bytes(b"[" * 100_000)
    huge = tmp_path / "so.jsonl"
    huge.write_text(json.dumps({"section": "I.1.", "group": "Tổ 1", "text": "Ý kiến"})[:-1]
                    + ', "supporters": ' + "9" * 100_000 + "}\n", encoding="utf-8")
    before = comments(setup["db"])
    assert "“sau.json”, line 1: The JSON on this line is nested too deeply." in refused(import_file(setup, deep))
    message = refused(import_file(setup, huge))
    assert "“so.jsonl”, line 1:" in message and "too large" in message and "digits" not in message
    assert comments(setup["db"]) == before


def test_oversized_file_is_refused_before_it_is_read(setup, tmp_path):
    sparse = tmp_path / "lon.csv"
    with sparse.open("wb") as f:  # 1 GiB that takes no disk space: reading it would take seconds and memory
        f.truncate(2**30)
    before = comments(setup["db"])
    result = import_file(setup, sparse)
    message = refused(result)
    assert f"“lon.csv” is larger than {MAX_FILE_BYTES // 2**20} MB" in message
    assert result[3] < 150 * 2**20 and result[4] < 15, result[3:]
    print(f"\nrefusal of a 1 GiB file: {result[3] / 2**20:.0f} MB peak, {result[4]:.1f} s")
    # Standard input has no size: it is read no further than the limit.
    data = "Mục;Tổ;Nội dung\nI.1.;Tổ 1;Ý kiến\n".encode() + (b" " * 1023 + b"\n") * (MAX_FILE_BYTES // 1024)
    message = refused(import_file(setup, "-", stdin=data))
    assert "“standard input” is larger than" in message
    assert comments(setup["db"]) == before


def _file_at_the_limits(sections: list[tuple[str, str]]) -> bytes:
    """MAX_FILE_BYTES of comments, nearly MAX_ROWS of them, in Vietnamese with an emoji each: a Python
    string holding an emoji takes 4 bytes a character, the most memory the text can cost."""
    words = " ".join(text for _id, text in sections).split()
    rows, size, i = ["Mục;Tổ;Đại biểu;Nội dung;Tán thành\n"], 0, 0
    per_row = MAX_FILE_BYTES // MAX_ROWS + 25
    while True:
        section, _text = sections[i % len(sections)]
        start = (i * 37) % (len(words) - 200)
        text = "👍 " + " ".join(words[start:start + 200])
        row = f"{section};Tổ {i % 20 + 1};Đại biểu {i % 300};"
        row += text.encode()[:per_row - len(row.encode()) - 5].decode("utf-8", "ignore").replace(";", ",") + ";3\n"
        if size + len(row.encode()) > MAX_FILE_BYTES - 200:
            break
        rows.append(row)
        size += len(row.encode())
        i += 1
    data = "".join(rows).encode()
    return data + b"\n" * (MAX_FILE_BYTES - len(data))  # blank lines up to the last byte allowed


def test_a_file_at_the_limits_imports_in_bounded_memory_and_time(setup, tmp_path):
    data = _file_at_the_limits(setup["sections"])
    assert len(data) == MAX_FILE_BYTES
    rows = data.count(b";3\n")
    assert MAX_ROWS * 0.9 < rows <= MAX_ROWS
    path = tmp_path / "tong-hop.csv"
    path.write_bytes(data)
    before = comments(setup["db"])

    # Refused at its last row: everything was read and checked, nothing is written.
    bad = tmp_path / "dong-cuoi-sai.csv"
    bad.write_bytes(data.rstrip(b"\n")[:-2] + b";-1\n")
    code, out, err, rss, seconds = import_file(setup, bad)
    assert f"line {rows + 1}:" in refused((code, out, err, rss, seconds)) and comments(setup["db"]) == before
    assert rss < MEMORY_CEILING, (rss, seconds)

    code, out, err, rss, seconds = import_file(setup, path)
    assert code == 0 and "Traceback" not in err, err
    assert out == f"Imported {rows:,} comments.\n"  # thousands apart, as people read them
    assert comments(setup["db"]) == before + rows
    assert rss < MEMORY_CEILING, (rss, seconds)
    print(f"\nimport of {len(data):,} bytes, {rows:,} rows: {rss / 2**20:.0f} MB peak, {seconds:.1f} s")
