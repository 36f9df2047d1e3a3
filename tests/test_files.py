"""Every file the app writes: atomic, through symbolic links, never over a device, a pipe or a folder,
with the mode the user's umask gives, and no temporary file left behind by a killed export."""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewer.files import STALE_SECONDS, WriteError, umask, write_atomic, write_bytes_atomic

ROOT = Path(__file__).resolve().parents[1]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_new_file_is_written_whole_with_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        assert umask() == 0o027
        write_bytes_atomic(tmp_path / "a.pdf", b"%PDF-1.4 one")
    finally:
        os.umask(old)
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF-1.4 one"
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "a.gopy"
    target.write_bytes(b"old")
    target.chmod(0o604)
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o604


def test_a_symbolic_link_is_followed_and_stays_a_link(tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "report.pdf").write_bytes(b"old")
    link = tmp_path / "report.pdf"
    link.symlink_to(usb / "report.pdf")
    write_bytes_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(usb / "report.pdf")
    assert (usb / "report.pdf").read_bytes() == b"new"
    assert leftovers(tmp_path) == [] and leftovers(usb) == []


def test_a_dangling_link_creates_its_target(tmp_path):
    (tmp_path / "usb").mkdir()
    link = tmp_path / "report.pdf"
    link.symlink_to(tmp_path / "usb" / "new.pdf")
    write_bytes_atomic(link, b"data")
    assert link.is_symlink() and (tmp_path / "usb" / "new.pdf").read_bytes() == b"data"


@pytest.mark.parametrize("kind", ["fifo", "device", "link-to-device", "folder"])
def test_a_target_that_is_not_a_regular_file_is_refused_and_left_alone(tmp_path, kind):
    if kind == "fifo":
        target = tmp_path / "pipe.pdf"
        os.mkfifo(target)
        is_still = stat.S_ISFIFO
    elif kind in ("device", "link-to-device"):
        # A device node of our own (the null device's numbers): never the system's, which a
        # regression would replace.
        device = tmp_path / "null"
        try:
            os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except (PermissionError, AttributeError):
            pytest.skip("cannot make a device node here (needs root on Linux)")
        target = device
        if kind == "link-to-device":
            target = tmp_path / "null.pdf"
            target.symlink_to(device)
        is_still = stat.S_ISCHR
    else:
        target = tmp_path / "folder.pdf"
        target.mkdir()
        is_still = stat.S_ISDIR
    with pytest.raises(WriteError) as err:
        write_bytes_atomic(target, b"data")
    assert "\n" not in str(err.value) and str(target) in str(err.value)
    assert is_still(os.stat(target).st_mode)
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def fail(fh):
        fh.write(b"half")
        raise RuntimeError("layout failed")

    with pytest.raises(RuntimeError):
        write_atomic(target, fail)
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_stale_temporaries_of_ours_are_removed_on_the_next_write(tmp_path):
    stale = tmp_path / ".a.pdf.k2j4h5g6.part"
    fresh = tmp_path / ".a.pdf.abcdefgh.part"  # another export to the same file, still running
    foreign = tmp_path / ".a.pdf.someone-else.part"
    for p in (stale, fresh, foreign):
        p.write_bytes(b"")
    old = time.time() - STALE_SECONDS - 60
    os.utime(stale, (old, old))
    os.utime(foreign, (old, old))
    write_bytes_atomic(tmp_path / "a.pdf", b"data")
    assert not stale.exists() and fresh.exists() and foreign.exists()


def run_cli(*args, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reviewer.cli", *map(str, args), "--db", str(db)],
                          capture_output=True, text=True, cwd=ROOT)


@pytest.fixture
def sample_db(tmp_path):
    from reviewer.docx import read_document
    from reviewer.paths import sample_draft
    from reviewer.store import Store

    db = tmp_path / "r.sqlite3"
    with Store(db) as store:
        draft = store.register_draft(read_document(sample_draft()))
        section = next(s["id"] for s in store.sections(draft["id"]) if s["number"])
        store.add_comment(draft_id=draft["id"], section_id=section, group="Tổ 1", text="Đề nghị bổ sung số liệu.")
    return db, draft["id"]


@pytest.mark.parametrize("command", [("export", "pdf"), ("package", "export")])
def test_the_command_line_refuses_a_pipe_and_writes_through_a_link(tmp_path, sample_db, command):
    db, draft = sample_db
    pipe = tmp_path / "out.bin"
    os.mkfifo(pipe)
    result = run_cli(*command, "--draft", draft, "-o", pipe, db=db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "not an ordinary file" in result.stderr
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    (tmp_path / "usb").mkdir()
    link = tmp_path / "link.bin"
    link.symlink_to(tmp_path / "usb" / "real.bin")
    result = run_cli(*command, "--draft", draft, "-o", link, db=db)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and (tmp_path / "usb" / "real.bin").stat().st_size > 100


def test_sigterm_during_a_pdf_export_leaves_no_temporary_file(tmp_path, sample_db):
    from reviewer.store import Store

    db, draft = sample_db
    with Store(db) as store:
        sections = [s["id"] for s in store.sections(draft)]
        text = "Đề nghị làm rõ nguyên nhân chậm tiến độ giải ngân vốn đầu tư công, nêu giải pháp cụ thể. " * 6
        store.add_comments([{"draft_id": draft, "section_id": sections[n % len(sections)], "group": f"Tổ {n % 9 + 1}",
                             "text": text} for n in range(6000)])
    out = tmp_path / "pdf"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "export", "pdf", "--draft", draft, "-o",
                             str(out / "tong-hop.pdf"), "--db", str(db)], cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not leftovers(out) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert leftovers(out), "the export never started writing"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM
    assert list(out.iterdir()) == []
