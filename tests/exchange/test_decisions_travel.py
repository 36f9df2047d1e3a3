"""The secretariat's decisions travel in packages: a confirmed cluster and the print settings reach every
laptop, an older package (without them) still imports, a damaged record refuses the package; and comments
that reach an older version of a draft through a package follow onto its revised version."""
from __future__ import annotations

import copy
import json

import pytest

from reviewer.docx import read_document
from reviewer.exchange import PackageError, import_packages, read_package_file
from reviewer.paths import sample_draft
from reviewer.store import Store
from reviewer.store import revise as rv
from reviewer.store.similar import confirm_cluster, confirmed_clusters
from tests.exchange.helpers import receive, rewrite_package, send
from tests.revision_edits import as_document, sections_of

SAME = ("Đề nghị bổ sung chỉ tiêu chuyển đổi số cấp xã.", "Bổ sung chỉ tiêu chuyển đổi số ở cấp xã.")


def _section(store: Store, draft: str) -> str:
    return next(s["id"] for s in store.sections(draft) if s["text"] and s["id"] != "preamble")


def test_a_confirmed_cluster_and_the_header_reach_the_other_laptop(pair, tmp_path):
    a, b, draft = pair
    section = _section(a, draft)
    ids = [c.id for c in a.add_comments([{"draft_id": draft, "section_id": section, "group": f"Tổ {n}", "text": t}
                                         for n, t in enumerate(SAME, 1)])]
    confirm_cluster(a, ids)
    a.set_conference(issuer_lines="ĐẢNG BỘ TỈNH AN PHÚ\nBAN THƯỜNG VỤ", signer_lines="T/M BAN THƯ KÝ\nTHƯ KÝ")
    package = send(a, draft, tmp_path / "a.gopy")
    summary = receive(b, package)
    assert summary.changed
    assert [sorted(k.comments) for k in confirmed_clusters(b, draft)] == [sorted(ids)]  # (written in one ms)
    assert b.conference() == {"issuer_lines": "ĐẢNG BỘ TỈNH AN PHÚ\nBAN THƯỜNG VỤ",
                              "signer_lines": "T/M BAN THƯ KÝ\nTHƯ KÝ"}
    assert not receive(b, package).changed  # the same package again changes nothing


def test_a_package_from_before_decisions_still_imports_and_a_damaged_one_is_refused(pair, tmp_path):
    a, b, draft = pair
    a.add_comment(draft_id=draft, section_id=_section(a, draft), group="Tổ 1", text="Góp ý.")
    a.set_conference(place="An Phú")
    package = send(a, draft, tmp_path / "a.gopy")
    assert "settings" in json.loads(read_payload(package))
    old = rewrite_package(package, tmp_path / "old.gopy", comments=lambda data: data.pop("settings"))
    assert receive(b, old).new == 1 and b.conference() == {}
    bad = rewrite_package(package, tmp_path / "bad.gopy",
                          comments=lambda data: data.__setitem__("settings", [{"key": "province", "value": "x"}]))
    with pytest.raises(PackageError, match="damaged"):
        read_package_file(bad)


def read_payload(path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read("comments.json")


def test_a_comment_sent_for_the_old_version_follows_onto_the_revised_one(tmp_path):
    doc = read_document(sample_draft())
    sections = sections_of(doc)
    with Store(tmp_path / "secretariat.sqlite3") as a, Store(tmp_path / "group.sqlite3") as b:
        v1 = a.register_draft(as_document(sections, "Dự thảo lần 1"))["id"]
        assert b.register_draft(as_document(sections, "Dự thảo lần 1"))["id"] == v1
        revised = copy.deepcopy(sections)
        next(s for s in revised if s["title"].startswith("Tài chính"))["number"] = "3."
        v2 = rv.revise_draft(a, v1, as_document(revised, "Dự thảo lần 2")).new_draft
        growth = next(s["id"] for s in sections if s["title"].startswith("Tăng trưởng kinh tế"))
        late = b.add_comment(draft_id=v1, section_id=growth, group="Tổ 5", text="Ý kiến gửi muộn.")
        package = send(b, v1, tmp_path / "to-5.gopy")
        [(_path, summary)] = import_packages(a, [str(package)])
        assert summary.new == 1
        copy_ = a.comment(rv.copy_id(late.id, v2))
        assert (copy_.draft, copy_.section, copy_.text) == (v2, growth, "Ý kiến gửi muộn.")
        assert import_packages(a, [str(package)])[0][1].new == 0  # again: nothing new, nothing carried twice
        assert len(a.comments(v2)) == 1
