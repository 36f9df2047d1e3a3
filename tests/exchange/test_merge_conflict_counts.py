"""One conflict is counted once, on every laptop, whatever packages brought its versions."""
from __future__ import annotations

import json

import pytest

from reviewer.cli import main
from reviewer.exchange import import_packages
from reviewer.store import MergeSummary
from tests.exchange.helpers import laptop, receive, send


@pytest.fixture
def one_conflict(tmp_path):
    """A and B edit the same comment at the same time; A then merges B's package and sends again."""
    a, draft = laptop(tmp_path, "a")
    b, _ = laptop(tmp_path, "b")
    comment = a.add_comment(draft_id=draft, section_id="s1", group="Tổ 1", text="bản gốc")
    receive(b, send(a, draft, tmp_path / "a0.gopy"))
    a.edit_comment(comment.id, text="A sửa")
    b.edit_comment(comment.id, text="B sửa")
    b_package = send(b, draft, tmp_path / "b.gopy")
    on_a = receive(a, b_package)
    a_package = send(a, draft, tmp_path / "a.gopy")  # carries both versions now
    yield tmp_path, draft, comment, on_a, a_package, b_package
    a.close()
    b.close()


def test_the_secretariat_counts_one_conflict_like_the_laptops(one_conflict):
    tmp_path, draft, comment, on_a, a_package, b_package = one_conflict
    assert on_a.conflicts == 1 and on_a.updated + on_a.unchanged == 1
    for name, paths in (("c1", [a_package, b_package]), ("c2", [b_package, a_package])):  # in either order
        c, _ = laptop(tmp_path, name)
        total = MergeSummary()
        for _path, summary in import_packages(c, paths):
            assert isinstance(summary, MergeSummary)
            total.add(summary)
        assert [x.id for x in c.conflicts(draft)] == [comment.id]
        assert total.conflicts == 1, name  # one comment in conflict, not one per package that carried it
        assert total.new == 1
        c.close()


def test_the_import_command_totals_one_conflict(one_conflict, capsys):
    tmp_path, _draft, _comment, _on_a, a_package, b_package = one_conflict
    db = tmp_path / "c.sqlite3"
    assert main(["--db", str(db), "package", "import", str(a_package), str(b_package), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["conflicts"] for f in data["files"]] == [1, 1]  # each file: its comment is in conflict
    assert data["total"]["conflicts"] == 1
