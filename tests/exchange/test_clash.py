"""Two versions that claim the same comment, device and revision but differ (a tampered package, or one
database copied to two laptops): both are kept, the comment is flagged, nothing is ever lost."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.exchange import import_packages
from reviewer.store import Store
from tests.exchange.helpers import comments_state, laptop, receive, rewrite_package, send

REPO = Path(__file__).resolve().parents[2]


def texts_kept(store: Store, comment_id: str) -> set[str]:
    return {v["text"] for v in store.versions(comment_id)}


@pytest.mark.parametrize("n", range(8))  # the clash's winner depends on the content: both orders occur
def test_a_package_claiming_this_laptops_revision_with_other_text_loses_nothing(tmp_path, n):
    a, draft = laptop(tmp_path, "a")
    c = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text=f"Nội dung gốc số {n}.")
    send(a, draft, tmp_path / "a.gopy")

    def tamper(data):
        data["comments"][0]["text"] = f"Nội dung bị sửa số {n}."

    tampered = rewrite_package(tmp_path / "a.gopy", tmp_path / "sua.gopy", comments=tamper)
    summary = receive(a, tampered)
    assert summary.conflicts == 1
    after = a.comment(c.id)
    assert after.conflict and after.revision == 1 and after.device == c.device
    assert texts_kept(a, c.id) == {f"Nội dung gốc số {n}.", f"Nội dung bị sửa số {n}."}
    states = [v["state"] for v in a.versions(c.id)]
    assert sorted(states) == ["current", "set_aside"]
    # Importing it again changes nothing more.
    before = comments_state(a, draft)
    again = receive(a, tampered)
    assert not again.changed and comments_state(a, draft) == before


def test_one_database_copied_to_two_laptops_converges_and_keeps_both_versions(tmp_path):
    a, draft = laptop(tmp_path, "a")
    c = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="Bản chung.")
    a.close()
    shutil.copyfile(tmp_path / "a.sqlite3", tmp_path / "b.sqlite3")  # the README warns against this
    a, b = Store(tmp_path / "a.sqlite3"), Store(tmp_path / "b.sqlite3")
    assert a.device_id == b.device_id
    a.edit_comment(c.id, text="Sửa trên máy A.")
    b.edit_comment(c.id, text="Sửa trên máy B.")
    pa, pb = send(a, draft, tmp_path / "a.gopy"), send(b, draft, tmp_path / "b.gopy")
    receive(a, pb)
    receive(b, pa)
    assert comments_state(a, draft) == comments_state(b, draft)
    for store in (a, b):
        assert texts_kept(store, c.id) == {"Bản chung.", "Sửa trên máy A.", "Sửa trên máy B."}
        assert store.comment(c.id).conflict
    # A third laptop that hears only from A still gets both (the set-aside version travels).
    third, _ = laptop(tmp_path, "c")
    receive(third, send(a, draft, tmp_path / "a2.gopy"))
    assert texts_kept(third, c.id) == {"Bản chung.", "Sửa trên máy A.", "Sửa trên máy B."}
    assert third.comment(c.id).conflict
    # And then from B: nothing new.
    before = comments_state(third, draft)
    receive(third, pb)
    assert comments_state(third, draft) == before


def test_a_history_version_claimed_with_other_text_is_kept_too(tmp_path):
    a, draft = laptop(tmp_path, "a")
    c = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="Lần một.")
    a.edit_comment(c.id, text="Lần hai.")
    send(a, draft, tmp_path / "a.gopy")

    def tamper(data):
        data["comments"][0]["history"][0]["text"] = "Lần một, bị sửa."

    receive(a, rewrite_package(tmp_path / "a.gopy", tmp_path / "sua.gopy", comments=tamper))
    assert texts_kept(a, c.id) == {"Lần một.", "Lần hai.", "Lần một, bị sửa."}
    assert a.comment(c.id).text == "Lần hai."


def test_comment_history_lists_every_version_kept(tmp_path):
    a, draft = laptop(tmp_path, "a")
    c = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="Một.")
    a.edit_comment(c.id, text="Hai.")
    send(a, draft, tmp_path / "a.gopy")

    def tamper(data):
        data["comments"][0]["text"] = "Hai (gói khác)."

    (_p, summary), = import_packages(a, [rewrite_package(tmp_path / "a.gopy", tmp_path / "x.gopy", comments=tamper)])
    a.close()

    def history(*args):
        return subprocess.run([sys.executable, "-m", "reviewer.cli", "comment", "history", c.id, *args, "--db",
                               str(tmp_path / "a.sqlite3")], capture_output=True, text=True, cwd=REPO)

    listed = json.loads(history("--json").stdout)
    assert [(v["text"], v["revision"]) for v in listed][:1] == [("Một.", 1)]
    assert {v["text"] for v in listed} == {"Một.", "Hai.", "Hai (gói khác)."}
    assert all({"text", "revision", "device", "state"} <= set(v) for v in listed)
    assert sorted(v["state"] for v in listed) == ["current", "previous", "set_aside"]
    text = history()
    assert text.returncode == 0 and "Hai (gói khác)." in text.stdout and "Một." in text.stdout
    unknown = subprocess.run([sys.executable, "-m", "reviewer.cli", "comment", "history", "khong-co", "--db",
                              str(tmp_path / "a.sqlite3")], capture_output=True, text=True, cwd=REPO)
    assert unknown.returncode == 2 and len(unknown.stderr.strip().splitlines()) == 1
