"""Similar comments (issue 16): clustering quality on a hand-labelled set, the traps it must avoid, the
secretariat's confirm/split decisions kept in the store, stances per section and ``reviewer similar``."""
from __future__ import annotations

import itertools
import json

import pytest

from reviewer.cli import main
from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store import Store, ValidationError
from reviewer.store.similar import (
    THRESHOLD,
    Item,
    cluster_items,
    confirm_cluster,
    confirmed_clusters,
    similar_comments,
    similarity,
    split_cluster,
)
from reviewer.store.stances import section_stances
from tests.store.similar_cases import CASES


def _items(cases=CASES) -> list[Item]:
    return [Item(f"c{i}", s, g, k, t, p) for i, (s, g, k, t, p, _label) in enumerate(cases)]


def test_labelled_set_pairwise_precision_and_recall():
    items = _items()
    labels = {item.id: (case[0], case[5]) for item, case in zip(items, CASES, strict=True)}
    truth = {frozenset(p) for p in itertools.combinations(labels, 2)
             if labels[p[0]][1] is not None and labels[p[0]] == labels[p[1]]}
    found = {frozenset(p) for k in cluster_items(items) for p in itertools.combinations(k.comments, 2)}
    precision = len(truth & found) / len(found)
    recall = len(truth & found) / len(truth)
    print(f"pairwise precision {precision:.3f}, recall {recall:.3f} ({len(found)} pairs found, {len(truth)} true)")
    assert precision >= 0.9 and recall >= 0.8


def item(text, *, group="Tổ 1", kind="gop_y", proposal="", section="s1", id=None) -> Item:
    return Item(id or f"{group}:{text}", section, group, kind, text, proposal)


def test_a_subset_is_not_a_duplicate():
    plain = item("Nhất trí với dự thảo")
    more = item("Nhất trí với dự thảo, đề nghị bổ sung đánh giá công tác cán bộ", group="Tổ 2")
    assert similarity(plain, more) < THRESHOLD
    assert cluster_items([plain, more]) == []


def test_accents_case_and_word_order_aside():
    a = item("Đề nghị bổ sung nội dung về chuyển đổi số trong các cơ quan")
    b = item("CHUYEN DOI SO trong cac co quan: de nghi bo sung noi dung", group="Tổ 4")
    [cluster] = cluster_items([a, b])
    assert cluster.comments == [a.id, b.id] and cluster.groups == ["Tổ 1", "Tổ 4"]


def test_different_proposals_stay_apart():
    a = item("Đề nghị sửa chỉ tiêu tăng trưởng.", kind="sua_doi", proposal="Tăng trưởng đạt 7,5%")
    b = item("Đề nghị sửa chỉ tiêu tăng trưởng.", kind="sua_doi", proposal="Tăng trưởng đạt 8%", group="Tổ 2")
    c = item("Đề nghị sửa chỉ tiêu tăng trưởng", kind="sua_doi", proposal="tăng trưởng đạt 7,5%", group="Tổ 3")
    d = item("Đề nghị sửa “phát triển nhanh” thành “phát triển nhanh, bền vững”.", kind="sua_doi", group="Tổ 4")
    e = item("Đề nghị sửa “phát triển nhanh” thành “phát triển toàn diện”.", kind="sua_doi", group="Tổ 5")
    f = item("Đề nghị bỏ nội dung về nông thôn mới nâng cao.", kind="de_nghi_bo", group="Tổ 6")
    g = item("Đề nghị bổ sung nội dung về nông thôn mới nâng cao.", kind="bo_sung", group="Tổ 2")
    assert [k.comments for k in cluster_items([a, b, c, d, e, f, g])] == [[a.id, c.id]]


def test_agreement_is_counted_not_clustered_and_one_group_alone_is_no_cluster():
    agree = [item("Nhất trí với dự thảo.", kind="nhat_tri", group=f"Tổ {n}") for n in range(1, 4)]
    same_group = [item("Bổ sung giải pháp giảm nghèo bền vững", id="x1"),
                  item("Bổ sung giải pháp giảm nghèo bền vững.", id="x2")]
    assert cluster_items(agree + same_group) == []


# ---------------------------------------------------------------- the store


@pytest.fixture
def filled(tmp_path):
    doc = read_document(sample_draft())
    with Store(tmp_path / "r.sqlite3") as store:
        draft = store.register_draft(doc)
        sid = next(s.id for s in doc.sections if s.number == "1.")
        other = next(s.id for s in doc.sections if s.number == "2.")

        def add(group, text, kind="gop_y", section=sid):
            return store.add_comment(draft_id=draft["id"], section_id=section, group=group, text=text, kind=kind).id

        ids = {
            "a": add("Tổ 1", "Đề nghị đánh giá rõ nguyên nhân tăng trưởng kinh tế chưa đạt chỉ tiêu."),
            "b": add("Tổ 3", "Cần đánh giá rõ nguyên nhân tăng trưởng kinh tế chưa đạt chỉ tiêu đề ra."),
            "c": add("Tổ 2", "Nhất trí với dự thảo.", "nhat_tri"),
            "d": add("Tổ 4", "Nhất trí", "nhat_tri"),
            "e": add("Tổ 5", "Bổ sung số liệu thu hút đầu tư trực tiếp nước ngoài."),
            "f": add("Tổ 6", "bo sung so lieu thu hut dau tu truc tiep nuoc ngoai"),
            "g": add("Tổ 2", "Nhất trí", "nhat_tri", other),
        }
        for n in range(1, 7):
            store.add_group(f"Tổ {n}")
        yield store, draft["id"], sid, ids


def test_suggestions_then_confirm_and_split(filled):
    store, draft_id, sid, ids = filled
    got = [(k.comments, k.confirmed) for k in similar_comments(store, draft_id)]
    assert got == [([ids["a"], ids["b"]], False), ([ids["e"], ids["f"]], False)]

    cluster_id = confirm_cluster(store, [ids["b"], ids["a"]])
    [confirmed] = confirmed_clusters(store, draft_id)
    assert (confirmed.id, confirmed.comments, confirmed.groups) == (cluster_id, [ids["a"], ids["b"]], ["Tổ 1", "Tổ 3"])
    assert [(k.comments, k.confirmed) for k in similar_comments(store, draft_id)] == [
        ([ids["a"], ids["b"]], True), ([ids["e"], ids["f"]], False)]

    split_cluster(store, comment_ids=[ids["e"], ids["f"]])  # a suggestion set aside stays aside
    split_cluster(store, cluster_id=cluster_id)  # a confirmed cluster undone is not suggested again
    assert similar_comments(store, draft_id) == []

    with pytest.raises(ValidationError):
        confirm_cluster(store, [ids["c"], ids["d"]])  # agreement is counted, not clustered
    with pytest.raises(ValidationError):
        confirm_cluster(store, [ids["a"], ids["g"]])  # two sections


def test_a_deleted_member_leaves_its_cluster(filled):
    store, draft_id, _sid, ids = filled
    confirm_cluster(store, [ids["a"], ids["b"]])
    store.delete_comment(ids["b"])
    assert confirmed_clusters(store, draft_id) == []


def test_stances_per_section(filled):
    store, draft_id, sid, ids = filled
    stance = section_stances(store, draft_id)[sid]
    assert (stance.agreed, stance.commented, stance.groups) == (["Tổ 2", "Tổ 4"], ["Tổ 1", "Tổ 3", "Tổ 5", "Tổ 6"], 6)
    assert stance.tally() == "2/6 groups agreed"


def test_cli_similar_json(filled, capsys):
    store, draft_id, _sid, ids = filled
    confirm_cluster(store, [ids["e"], ids["f"]])
    path = str(store.path)
    assert main(["--db", path, "similar", "--draft", draft_id, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == [{"section": _sid, "comments": [ids["a"], ids["b"]], "confirmed": False},
                    {"section": _sid, "comments": [ids["e"], ids["f"]], "confirmed": True}]
    assert main(["--db", path, "similar", "--draft", draft_id]) == 0
    out = capsys.readouterr().out
    assert "Tổ 1, Tổ 3 (suggested)" in out and "Tổ 5, Tổ 6 (confirmed)" in out and ": 3" in out
