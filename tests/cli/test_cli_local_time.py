"""What the command line prints for people shows times in local time, day first ("13:11 02/12/2026");
JSON keeps the ISO stamps, and says which comments are in conflict. Run in-process through main()."""
from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reviewer.cli import main
from reviewer.paths import sample_draft

LOCAL = timezone(timedelta(hours=7))  # TZ below: UTC+7, as in Vietnam, so local and UTC differ
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
SECTION = "PHẦN THỨ NHẤT I."


@pytest.fixture(autouse=True)
def vietnam_time(monkeypatch):
    monkeypatch.setenv("TZ", "ICT-7")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def run(capsys):
    def run(*args: str | Path) -> str:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    return run


def shown(stamp: str) -> str:
    """An ISO stamp as the reader in UTC+7 expects to see it."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(LOCAL).strftime("%H:%M %d/%m/%Y")


def test_comment_list_and_history_show_local_time_json_keeps_iso(run, tmp_path):
    db = tmp_path / "a.sqlite3"
    draft = run("draft", "add", sample_draft(), "--db", db).split()[-1]
    comment = run("comment", "add", "--draft", draft, "--section", SECTION, "--group", "Tổ 1", "--text", "Ý kiến",
                  "--db", db).split()[-1]
    run("comment", "edit", comment, "--text", "Ý kiến đã sửa", "--db", db)

    [data] = json.loads(run("comment", "list", "--draft", draft, "--json", "--db", db))
    assert ISO.match(data["created_at"]) and ISO.match(data["updated_at"])
    assert data["conflict"] is False

    listing = run("comment", "list", "--draft", draft, "--db", db)
    assert f"Tổ 1 · comment · {shown(data['updated_at'])}" in listing
    assert not ISO.search(listing)

    history = run("comment", "history", comment, "--db", db)
    versions = json.loads(run("comment", "history", comment, "--json", "--db", db))
    assert len(versions) == 2 and all(ISO.match(v["updated_at"]) for v in versions)
    for v in versions:
        assert f"Revision {v['revision']} " in history
        assert shown(v["updated_at"]) in history
    assert not ISO.search(history)
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", history)  # the old "2026-12-02 06:11", in UTC


def test_draft_list_shows_when_the_draft_was_added(run, tmp_path):
    db = tmp_path / "a.sqlite3"
    run("draft", "add", sample_draft(), "--db", db)
    [draft] = json.loads(run("draft", "list", "--json", "--db", db))
    assert ISO.match(draft["created_at"])
    listing = run("draft", "list", "--db", db)
    assert f"added {shown(draft['created_at'])})" in listing
    assert not ISO.search(listing)


def test_conflict_is_flagged_in_json_and_marked_in_text(run, tmp_path):
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    draft = run("draft", "add", sample_draft(), "--db", a).split()[-1]
    clashing = run("comment", "add", "--draft", draft, "--section", SECTION, "--group", "Tổ 1", "--text", "Gốc",
                   "--db", a).split()[-1]
    quiet = run("comment", "add", "--draft", draft, "--section", SECTION, "--group", "Tổ 1", "--text", "Khác",
                "--db", a).split()[-1]
    run("package", "export", "--draft", draft, "-o", tmp_path / "1.gopy", "--db", a)
    run("package", "import", tmp_path / "1.gopy", "--db", b)
    # Both laptops change the same revision of one comment: b learns of a's change second.
    run("comment", "edit", clashing, "--text", "Sửa trên máy A", "--db", a)
    run("comment", "edit", clashing, "--text", "Sửa trên máy B", "--db", b)
    run("package", "export", "--draft", draft, "-o", tmp_path / "2.gopy", "--db", a)
    run("package", "import", tmp_path / "2.gopy", "--db", b)

    data = {c["id"]: c for c in json.loads(run("comment", "list", "--draft", draft, "--json", "--db", b))}
    assert data[clashing]["conflict"] is True
    assert data[quiet]["conflict"] is False

    lines = run("comment", "list", "--draft", draft, "--db", b).splitlines()
    [flagged] = [line for line in lines if clashing in line]
    [calm] = [line for line in lines if quiet in line]
    assert flagged.startswith(f"⚠ [{clashing}]") and "changed on two laptops at once" in flagged
    assert calm.startswith(f"  [{quiet}]") and "⚠" not in calm


def test_exchange_folder_report_shows_local_times(run, tmp_path):
    a, b, folder = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3", tmp_path / "exchange"
    folder.mkdir()
    draft = run("draft", "add", sample_draft(), "--db", a).split()[-1]
    run("comment", "add", "--draft", draft, "--section", SECTION, "--group", "Tổ 1", "--text", "Ý kiến", "--db", a)
    run("sync", "--folder", folder, "--db", a)
    report = json.loads(run("sync", "--folder", folder, "--json", "--db", b))
    [device] = report["received"]["devices"]
    [group] = report["received"]["groups"]
    assert ISO.match(device["exported_at"]) and ISO.match(device["received_at"]) and ISO.match(group["last_received"])

    text = run("sync", "--folder", folder, "--db", b)
    assert f"sent {shown(device['exported_at'])}" in text
    assert f"last received {shown(group['last_received'])}" in text
    assert not ISO.search(text)


def test_conference_date_shown_as_it_is_typed(run, tmp_path):
    db = tmp_path / "a.sqlite3"
    run("conference", "set", "--date", "27/11/2026", "--db", db)
    assert json.loads(run("conference", "show", "--json", "--db", db))["date"] == "2026-11-27"
    assert "date: 27/11/2026\n" in run("conference", "show", "--db", db)


def test_sync_names_every_group_a_laptop_brought(run, tmp_path):
    a, b, folder = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3", tmp_path / "shared"
    folder.mkdir()
    draft = run("draft", "add", sample_draft(), "--db", a).split()[-1]
    for group in ("Tổ 1", "Tổ 4", "Tổ 4"):
        run("comment", "add", "--draft", draft, "--section", SECTION, "--group", group, "--text", f"Ý kiến {group}",
            "--db", a)
    run("sync", "--folder", folder, "--db", a)
    text = run("sync", "--folder", folder, "--db", b)
    laptop = next(line for line in text.splitlines() if line.startswith("Laptop "))
    assert "Tổ 1 (1), Tổ 4 (2)" in laptop
