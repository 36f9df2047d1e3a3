"""The secretariat's decisions (clusters of similar comments, the printed header) merge to the same outcome
on every laptop, whatever order they arrive in."""
from __future__ import annotations

import time

import pytest

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store import Store, ValidationError, decisions
from reviewer.store.database import write
from reviewer.store.similar import confirm_cluster, confirmed_clusters, split_cluster

TEXTS = ("Đề nghị bổ sung chỉ tiêu về chuyển đổi số cấp xã.", "Bổ sung chỉ tiêu chuyển đổi số ở cấp xã.",
         "Đề nghị bổ sung chỉ tiêu chuyển đổi số cho các xã.", "Làm rõ nguyên nhân tăng trưởng chậm.")


@pytest.fixture
def laptops(tmp_path):
    """Two databases holding the same draft and the same four comments (as after an exchange)."""
    doc = read_document(sample_draft())
    stores = [Store(tmp_path / f"{name}.sqlite3") for name in ("secretariat", "group")]
    ids = []
    for store in stores:
        draft = store.register_draft(doc)
        section = next(s["id"] for s in store.sections(draft["id"]) if s["text"] and s["id"] != "preamble")
        added = store.add_comments([{"draft_id": draft["id"], "section_id": section, "group": f"Tổ {n + 1}",
                                     "text": text, "comment_id": f"c{n}"} for n, text in enumerate(TEXTS)])
        ids = [c.id for c in added]
    yield stores[0], stores[1], draft["id"], ids
    for store in stores:
        store.close()


def _send(source: Store, target: Store, draft_id: str) -> int:
    clusters = decisions.check_clusters(decisions.cluster_records(source, draft_id))
    settings = decisions.check_settings(decisions.setting_records(source))
    with write(target.db):
        return decisions.merge_clusters(target, draft_id, clusters) + decisions.merge_settings(target, settings)


def _clusters(store: Store, draft_id: str) -> list[list[str]]:
    return [k.comments for k in confirmed_clusters(store, draft_id)]


def test_a_confirmed_cluster_and_its_split_travel(laptops):
    a, b, draft, ids = laptops
    cluster = confirm_cluster(a, ids[:3])
    assert _send(a, b, draft) == 1
    assert _clusters(b, draft) == [ids[:3]] == _clusters(a, draft)
    assert _send(a, b, draft) == 0  # the same package again changes nothing
    split_cluster(b, cluster_id=cluster)
    assert _clusters(b, draft) == []
    assert _send(b, a, draft) == 1
    assert _clusters(a, draft) == []
    assert _send(a, b, draft) == 0


def test_two_laptops_deciding_at_once_end_with_the_same_clusters(laptops):
    a, b, draft, ids = laptops
    confirm_cluster(a, ids[:2])
    time.sleep(0.005)  # later by the clock (neither laptop has seen the other's decision)
    confirm_cluster(b, ids[1:3])  # the comment they share belongs to this one
    _send(a, b, draft)
    _send(b, a, draft)
    assert _clusters(a, draft) == _clusters(b, draft) == [ids[1:3]]


def test_settings_travel_removal_included_and_the_latest_wins(laptops):
    a, b, draft, _ids = laptops
    a.set_conference(issuer_lines="ĐẢNG BỘ TỈNH AN PHÚ\nBAN THƯỜNG VỤ", place="An Phú")
    assert _send(a, b, draft) == 2
    assert b.conference() == {"issuer_lines": "ĐẢNG BỘ TỈNH AN PHÚ\nBAN THƯỜNG VỤ", "place": "An Phú"}
    b.set_conference(place="Phú Yên")  # later on the group's laptop
    _send(a, b, draft)  # the secretariat's older place does not come back
    assert b.conference()["place"] == "Phú Yên"
    time.sleep(0.005)  # later still by the clock: the two laptops have not seen each other's change
    a.set_conference(place=None)  # removed
    _send(a, b, draft)
    assert "place" not in b.conference() and "place" not in a.conference()
    _send(b, a, draft)
    assert a.conference() == b.conference()


def test_a_change_made_here_follows_what_it_replaces_even_within_a_millisecond(laptops):
    a, b, draft, ids = laptops
    for n in range(20):  # faster than the clock's millisecond
        a.set_conference(place=f"Nơi {n}")
        _send(a, b, draft)
        b.set_conference(place=f"Chỗ {n}")
        _send(b, a, draft)
        assert a.conference()["place"] == b.conference()["place"] == f"Chỗ {n}"
    first = confirm_cluster(a, ids[:2])
    again = confirm_cluster(a, ids[1:3])
    assert _clusters(a, draft) == [ids[1:3]]
    split_cluster(a, cluster_id=again)
    assert _clusters(a, draft) == [ids[:2]] and first


def test_stamps_step_past_a_clock_behind_another_laptops():
    assert decisions.stamp_after("2999-01-01T00:00:00.000Z") == "2999-01-01T00:00:00.001Z"
    assert decisions.stamp_after("", "2000-01-01T00:00:00.000Z") > "2026"


def test_a_record_a_package_could_carry_is_checked():
    good = {"id": "k1", "section": "s1", "state": "confirmed", "created_at": "t", "updated_at": "t",
            "device": "d", "members": ["c1", "c2"]}
    assert decisions.check_clusters([good])[0]["members"] == ["c1", "c2"]
    for bad in ({**good, "state": "maybe"}, {**good, "members": ["c1"]}, {**good, "id": 7}, "cluster"):
        with pytest.raises(ValidationError):
            decisions.check_clusters([bad])
    with pytest.raises(ValidationError):
        decisions.check_settings([{"key": "province", "value": "x", "updated_at": "t", "device": "d"}])
    with pytest.raises(ValidationError):
        decisions.check_settings([{"key": "place", "value": "x" * 100_000, "updated_at": "t", "device": "d"}])
    assert decisions.check_settings([{"key": "place", "value": None, "updated_at": "t", "device": "d"}])[0][
        "value"] is None


def test_saving_the_settings_unchanged_does_not_undo_the_secretariats_elsewhere(laptops):
    a, b, draft, _ids = laptops
    a.set_conference(place="An Phú")
    b.set_conference(place=None, title=None)  # the group's laptop saves its blank dialog before receiving anything
    _send(b, a, draft)
    assert a.conference()["place"] == "An Phú"
    _send(a, b, draft)
    assert b.conference()["place"] == "An Phú"
