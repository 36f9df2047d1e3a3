"""Nothing acknowledged is lost, and several processes share one database without errors.

Each test runs the repository's ``reviewer.store.store.Store`` in child processes (small scripts written to
``tmp_path``); the parent only reads the database afterwards with plain ``sqlite3`` and with ``Store``.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store import Store, database

REPO = Path(__file__).resolve().parents[2]

TEXT = ("Vòng {round}, góp ý số {n}: đề nghị bổ sung đánh giá về hạ tầng giao thông nông thôn; "
        "Ủy ban nhân dân tỉnh cần làm rõ nguyên nhân chậm giải ngân vốn đầu tư công{tail}.")


def comment_text(round_no: int, n: int) -> str:
    """Comments of different lengths, so WAL frames and index pages split at different places."""
    return TEXT.format(round=round_no, n=n, tail=" (nhắc lại)" * (n % 7))


WRITER = textwrap.dedent("""
    import sys
    from reviewer.store import Store

    TEXT = {text!r}

    def comment_text(round_no, n):
        return TEXT.format(round=round_no, n=n, tail=" (nhắc lại)" * (n % 7))

    path, draft_id, section_id, round_no = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = Store(path)
    print("ready", flush=True)
    n = 0
    while True:
        c = store.add_comment(draft_id=draft_id, section_id=section_id, group="Tổ " + str(round_no + 1),
                              text=comment_text(round_no, n), author="Thư ký tổ", supporters=n % 5)
        # Acknowledged only now: add_comment has returned, so its transaction is committed.
        sys.stdout.write(str(n) + " " + c.id + "\\n")
        sys.stdout.flush()
        n += 1
""")


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def prepare(path: Path) -> tuple[str, list[str]]:
    """A database with the sample draft registered: (draft id, ids of sections that have text)."""
    with Store(path) as store:
        d = store.register_draft(read_document(sample_draft()))
        return d["id"], [s["id"] for s in store.sections(d["id"]) if s["text"] and s["id"] != "preamble"]


def check_database(path: Path) -> None:
    """Opens cleanly, passes integrity and foreign-key checks, and the search index matches the comments."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        live = conn.execute("SELECT count(*) FROM comments WHERE NOT deleted").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM comment_search").fetchone()[0]
        unindexed = conn.execute("SELECT count(*) FROM comments c WHERE NOT c.deleted AND NOT EXISTS "
                                 "(SELECT 1 FROM comment_search s WHERE s.rowid = c.seq)").fetchone()[0]
        assert (indexed, unindexed) == (live, 0)
    finally:
        conn.close()


def test_acknowledged_comments_survive_sigkill(tmp_path):
    path = tmp_path / "reviews.sqlite3"
    draft_id, sections = prepare(path)
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(text=TEXT), encoding="utf-8")
    rng = random.Random(20241210)
    acknowledged: dict[str, str] = {}
    for round_no in range(5):
        proc = subprocess.Popen([sys.executable, str(script), str(path), draft_id, sections[round_no], str(round_no)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                env=child_env(), cwd=tmp_path)
        assert proc.stdout.readline() == "ready\n", proc.stderr.read()
        lines: list[str] = []
        reader = threading.Thread(target=lambda p=proc, out=lines: out.extend(iter(p.stdout.readline, "")))
        reader.start()
        time.sleep(rng.uniform(0.2, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=30)
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL, err
        assert err == ""
        # A line cut by the kill (no newline yet) was never acknowledged.
        this_round = {}
        for line in lines:
            if line.endswith("\n"):
                n, comment_id = line.split()
                this_round[comment_id] = comment_text(round_no, int(n))
        assert this_round, f"round {round_no}: the writer acknowledged nothing before it was killed"
        assert len(this_round) == len([ln for ln in lines if ln.endswith("\n")])  # no id acknowledged twice
        acknowledged.update(this_round)

        check_database(path)
        with Store(path) as store:
            stored = {c.id: c for c in store.comments(draft_id, include_deleted=True)}
        missing = [i for i in acknowledged if i not in stored]
        assert not missing, f"round {round_no}: {len(missing)} acknowledged comments lost"
        wrong = [i for i, text in acknowledged.items() if stored[i].text != text or stored[i].deleted]
        assert not wrong, f"round {round_no}: {len(wrong)} acknowledged comments changed"
        # At most the one comment being written when the process died is there without an acknowledgement.
        unacknowledged = {i for i, c in stored.items() if c.group == f"Tổ {round_no + 1}"} - set(this_round)
        assert len(unacknowledged) <= 1, f"round {round_no}: {len(unacknowledged)} comments nobody acknowledged"
    with Store(path) as store:
        assert {h["comment"] for h in store.search("vong 4 gop y", draft_id=draft_id)} & set(this_round)


CONCURRENT = textwrap.dedent("""
    import os, sys, time
    from reviewer.store import Store

    path, draft_id, go, worker, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    sections = sys.argv[6].split(",")
    store = Store(path)
    while not os.path.exists(go):
        time.sleep(0.001)
    ids = []
    for n in range(count):
        c = store.add_comment(draft_id=draft_id, section_id=sections[(n + worker) % len(sections)],
                              group="Tổ " + str(worker + 1), author="Đại biểu " + str(worker),
                              text="Tổ " + str(worker + 1) + " góp ý số " + str(n) + ": đề nghị tăng cường "
                                   "kiểm tra, giám sát việc thực hiện chuyển đổi số.")
        ids.append(c.id)
        if worker == 0:  # the window's side: searching and listing while the others write
            assert store.search("tang cuong kiem", draft_id=draft_id)
            assert store.search("chuyển đ")
            listed = store.comments(draft_id)
            assert len(listed) >= n + 1
            if n % 20 == 0:
                store.edit_comment(c.id, supporters=3, status="tiep_thu", response="Đã tiếp thu.")
        elif worker == 1 and n % 25 == 0:
            store.add_delegate("Đại biểu " + str(n), "Tổ 2", "dai_bieu")
    store.close()
    print(" ".join(ids))
""")


def test_three_processes_write_one_database_without_errors(tmp_path):
    path = tmp_path / "reviews.sqlite3"
    draft_id, sections = prepare(path)
    script = tmp_path / "concurrent.py"
    script.write_text(CONCURRENT, encoding="utf-8")
    go = tmp_path / "go"
    per_worker = 200
    procs = [subprocess.Popen([sys.executable, str(script), str(path), draft_id, str(go), str(w), str(per_worker),
                               ",".join(sections[:12])], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, encoding="utf-8", env=child_env(), cwd=tmp_path) for w in range(3)]
    time.sleep(0.5)  # let them import and open the database, then start them together
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        results.append((proc.returncode, out, err))
    for rc, _out, err in results:
        assert rc == 0 and err == "", err[-2000:]
        assert "locked" not in err
    written = [out.split() for _rc, out, _err in results]
    assert [len(ids) for ids in written] == [per_worker] * 3
    check_database(path)
    with Store(path) as store:
        listed = store.comments(draft_id)
        assert len(listed) == 3 * per_worker
        assert {c.id for c in listed} == {i for ids in written for i in ids}
        assert {c.group for c in listed} == {"Tổ 1", "Tổ 2", "Tổ 3"}
        assert sum(1 for c in listed if c.revision == 2) == per_worker // 20
        assert len(store.delegates()) == per_worker // 25
        assert len(store.search("gop y so 199", draft_id=draft_id, limit=500)) >= 3


# ---------------------------------------------------------------- several processes opening a new database


def test_a_migration_done_by_another_process_meanwhile_is_not_repeated(tmp_path):
    path = tmp_path / "reviews.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("BEGIN IMMEDIATE")  # the other process is migrating this new database
    outcome: dict = {}

    def open_store():
        try:
            Store(path).close()
            outcome["result"] = "ok"
        except Exception as exc:  # reported below
            outcome["result"] = exc

    opener = threading.Thread(target=open_store)
    opener.start()
    time.sleep(0.5)  # it has read user_version 0 and waits for the write lock
    for statement in database._statements(database.migrations()[0][1].read_text(encoding="utf-8")):
        other.execute(statement)
    other.execute("PRAGMA user_version = 1")
    other.execute("COMMIT")
    other.close()
    opener.join(timeout=60)
    assert outcome["result"] == "ok", outcome["result"]


OPENER = textwrap.dedent("""
    import os, sys, time
    from reviewer.store import Store

    path, go = sys.argv[1], sys.argv[2]
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.001)
    with Store(path) as store:
        store.add_group("Tổ " + sys.argv[3])
""")


def test_processes_opening_a_new_database_together_all_succeed(tmp_path):
    script = tmp_path / "opener.py"
    script.write_text(OPENER, encoding="utf-8")
    failures = []
    for attempt in range(5):
        path, go = tmp_path / f"new-{attempt}.sqlite3", tmp_path / f"go-{attempt}"
        procs = [subprocess.Popen([sys.executable, str(script), str(path), str(go), str(w)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, encoding="utf-8", env=child_env(), cwd=tmp_path)
                 for w in range(3)]
        for proc in procs:
            assert proc.stdout.readline() == "ready\n"
        go.touch()
        for proc in procs:
            _out, err = proc.communicate(timeout=120)
            if proc.returncode:
                failures.append(err.strip().splitlines()[-1])
    assert not failures, failures
