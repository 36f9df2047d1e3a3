"""Similar comments: near-duplicates made by several groups on the same section, suggested as clusters
for the secretariat to confirm or split.

Two comments are similar when their texts, folded (accents, case and "đ" aside) and with their words
sorted (word order aside), score at least :data:`THRESHOLD` with difflib's ratio. The ratio is symmetric
in length: "Nhất trí với dự thảo" against "Nhất trí với dự thảo, đề nghị bổ sung …" scores low, where a
subset measure (rapidfuzz's token_set_ratio) would call them identical. Gates keep apart what reads
alike but asks for different things: proposed wording (the proposal, else a quoted passage of the text)
that differs, different figures, and different kinds of proposal (folded, "bỏ" and "bổ" are one word).
A cluster is made by complete linkage (every two members similar), so chains of half-alike comments
never merge, and is suggested only when it spans two groups or more. Agreement-only comments
(``vocab.agreement_only``) are counted by :mod:`reviewer.store.stances`, never clustered.

The secretariat's decisions are kept (tables ``comment_clusters`` and ``comment_cluster_members``): a
confirmed cluster is reported as it is; a split one keeps its members from being suggested together again.
"""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from reviewer.i18n import _
from reviewer.store import decisions
from reviewer.store.database import write
from reviewer.store.records import NotFoundError, ValidationError
from reviewer.textnorm import fold
from reviewer.vocab import agreement_only

THRESHOLD = 0.70  # text, sorted folded words: chosen on the labelled set of tests/store/test_similar.py
WORD_MARGIN = 0.25  # below THRESHOLD - this, the share of words in common rules out a match
WORDING_THRESHOLD = 0.85  # proposed wording, folded, in its own order
_PROPOSAL_KINDS = frozenset({"sua_doi", "bo_sung", "de_nghi_bo"})
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"[“\"«]([^”\"»]{3,})[”\"»]")
# Words that paraphrases add or drop without changing the point: courtesy ("đề nghị Ban soạn thảo"),
# hedges ("cần", "nên", "xem xét") and glue words.
_FILLER = frozenset(
    "de nghi ban soan thao can nen xem xet them cho va cua cac nhung mot la thi o trong ve voi duoc "
    "phan noi dung muc nay do".split())


@dataclass(slots=True)
class Item:
    """What clustering needs of a comment."""

    id: str
    section: str
    group: str
    kind: str
    text: str
    proposal: str = ""


@dataclass(slots=True)
class Cluster:
    section: str
    comments: list[str]  # ids, in the order the comments were written
    groups: list[str] = field(default_factory=list)  # in the order of their first member
    confirmed: bool = False
    id: str | None = None  # the stored decision's id (confirmed clusters)

    def to_json(self) -> dict:
        return {"section": self.section, "comments": list(self.comments), "confirmed": self.confirmed}


# ---------------------------------------------------------------- comparing


@dataclass(slots=True)
class _Key:
    item: Item
    words: str  # folded, fillers dropped, sorted
    vocabulary: frozenset[str]  # the same words, once each
    wording: str  # proposed wording, folded, in order ("" when none)
    numbers: frozenset[str]


def _key(item: Item) -> _Key:
    folded = fold(item.text)
    words = [w for w in _WORD.findall(folded) if w not in _FILLER] or _WORD.findall(folded)
    wording = item.proposal or " ".join(_QUOTED.findall(item.text))
    return _Key(item, " ".join(sorted(words)), frozenset(words), " ".join(_WORD.findall(fold(wording))),
                frozenset(_NUMBER.findall(item.text + " " + item.proposal)))


def _ratio(a: str, b: str, least: float) -> float:
    if not a or not b:
        return 0.0
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < least:
        return 0.0  # the length alone keeps the ratio below ``least``
    m = SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < least or m.quick_ratio() < least:
        return 0.0
    return m.ratio()


def _score(a: _Key, b: _Key) -> float:
    """How alike two comments are (0..1), 0 when a gate keeps them apart."""
    if a.item.kind in _PROPOSAL_KINDS and b.item.kind in _PROPOSAL_KINDS and a.item.kind != b.item.kind:
        return 0.0
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return 0.0
    if a.wording and b.wording and _ratio(a.wording, b.wording, WORDING_THRESHOLD) < WORDING_THRESHOLD:
        return 0.0
    # Sharing few words, two texts cannot score high: this cheap look saves most of difflib's work.
    shared = len(a.vocabulary & b.vocabulary)
    if 2 * shared / (len(a.vocabulary) + len(b.vocabulary) or 1) < THRESHOLD - WORD_MARGIN:
        return 0.0
    return _ratio(a.words, b.words, THRESHOLD)


def similarity(a: Item, b: Item) -> float:
    """The score :func:`cluster_items` compares with :data:`THRESHOLD` (for tests and tuning)."""
    return _score(_key(a), _key(b))


def cluster_items(items: Iterable[Item], *, apart: Iterable[Iterable[str]] = ()) -> list[Cluster]:
    """Suggested clusters of similar comments, section by section, in the order of the items (each
    cluster's members too). ``apart``: sets of ids never to be suggested together (split clusters)."""
    by_section: dict[str, list[_Key]] = {}
    for item in items:
        if not agreement_only(item.kind, item.text, "", item.proposal):
            by_section.setdefault(item.section, []).append(_key(item))
    kept_apart: dict[str, set[int]] = {}
    for n, ids in enumerate(apart):
        for cid in ids:
            kept_apart.setdefault(cid, set()).add(n)
    out = []
    for section, keys in by_section.items():
        out += _section_clusters(section, keys, kept_apart)
    return out


def _section_clusters(section: str, keys: list[_Key], kept_apart: dict[str, set[int]]) -> list[Cluster]:
    n = len(keys)
    edges = []
    for i in range(n):
        for j in range(i + 1, n):
            if kept_apart.get(keys[i].item.id, set()) & kept_apart.get(keys[j].item.id, set()):
                continue
            score = _score(keys[i], keys[j])
            if score >= THRESHOLD:
                edges.append((score, i, j))
    if not edges:
        return []
    linked = {(i, j) for _s, i, j in edges}
    member: list[int] = list(range(n))  # cluster number of each key
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # Strongest pairs first; two clusters merge only when every pair across them is similar.
    for _s, i, j in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        a, b = member[i], member[j]
        if a == b or not all((min(x, y), max(x, y)) in linked for x in members[a] for y in members[b]):
            continue
        for x in members[b]:
            member[x] = a
        members[a] += members.pop(b)
    out = []
    for group in sorted(members.values(), key=min):
        if len(group) < 2:
            continue
        group.sort()
        names = list(dict.fromkeys(keys[i].item.group for i in group))
        if len(names) >= 2:
            out.append(Cluster(section, [keys[i].item.id for i in group], names))
    return out


# ---------------------------------------------------------------- the store's clusters


def confirmed_clusters(store, draft_id: str, *, section_id: str | None = None) -> list[Cluster]:
    """The confirmed clusters of a draft (or of one of its sections), members not deleted, in the order of
    their sections and first members; a cluster left with fewer than two members is not listed."""
    comments = {c.id: c for c in store.comments(draft_id, section_id=section_id)}
    order = {cid: n for n, cid in enumerate(comments)}
    found: dict[str, Cluster] = {}
    # A comment confirmed into several clusters (on two laptops, or again later) belongs to the latest.
    rows = store.db.execute(
        "SELECT k.id, k.section_id, m.comment_id FROM comment_clusters k "
        "JOIN comment_cluster_members m ON m.cluster_id = k.id WHERE k.draft_id = ? AND k.state = 'confirmed' "
        "ORDER BY k.updated_at DESC, k.device_id DESC, k.id", [draft_id])
    placed: set[str] = set()
    for cluster_id, section, comment_id in rows:
        if comment_id in comments and comment_id not in placed:
            placed.add(comment_id)
            found.setdefault(cluster_id, Cluster(section, [], confirmed=True, id=cluster_id)).comments.append(
                comment_id)
    out = []
    for cluster in found.values():
        if len(cluster.comments) < 2:
            continue
        cluster.comments.sort(key=order.__getitem__)
        cluster.groups = list(dict.fromkeys(comments[c].group for c in cluster.comments))
        out.append(cluster)
    return sorted(out, key=lambda k: order[k.comments[0]])


def similar_comments(store, draft_id: str, *, section_id: str | None = None) -> list[Cluster]:
    """Confirmed clusters and suggested ones (among the comments in no confirmed cluster) of a draft, or of
    one of its sections, in the order of their first members."""
    confirmed = confirmed_clusters(store, draft_id, section_id=section_id)
    taken = {cid for k in confirmed for cid in k.comments}
    apart: dict[str, list[str]] = {}
    for cluster_id, comment_id in store.db.execute(
            "SELECT m.cluster_id, m.comment_id FROM comment_clusters k JOIN comment_cluster_members m "
            "ON m.cluster_id = k.id WHERE k.draft_id = ? AND k.state = 'split'", [draft_id]):
        apart.setdefault(cluster_id, []).append(comment_id)
    items = [Item(c.id, c.section, c.group, c.kind, c.text, c.proposal)
             for c in store.comments(draft_id, section_id=section_id)]
    order = {item.id: n for n, item in enumerate(items)}
    suggested = cluster_items((i for i in items if i.id not in taken), apart=apart.values())
    return sorted(confirmed + suggested, key=lambda k: order[k.comments[0]])


def _members(store, comment_ids: Iterable[str]) -> tuple[str, str, list[str]]:
    ids = list(dict.fromkeys(comment_ids))
    if len(ids) < 2:
        raise ValidationError(_("A cluster needs at least two comments."))
    comments = [store.comment(cid, include_deleted=False) for cid in ids]
    drafts = {c.draft for c in comments}
    sections = {c.section for c in comments}
    if len(drafts) > 1 or len(sections) > 1:
        raise ValidationError(_("The comments of a cluster must be on the same section."))
    return drafts.pop(), sections.pop(), ids


def _record(store, draft_id: str, section_id: str, state: str, ids: list[str]) -> str:
    cluster_id = uuid.uuid4().hex
    # After every record holding one of these comments: the newest holds a comment (confirmed_clusters).
    now = decisions.stamp_after(*(r[0] for r in store.db.execute(
        "SELECT k.updated_at FROM comment_clusters k JOIN comment_cluster_members m ON m.cluster_id = k.id "
        "WHERE m.comment_id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])))
    store.db.execute("INSERT INTO comment_clusters (id, draft_id, section_id, state, created_at, device_id, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [cluster_id, draft_id, section_id, state, now, store.device_id, now])
    store.db.conn.executemany("INSERT INTO comment_cluster_members (cluster_id, comment_id) VALUES (?, ?)",
                              [(cluster_id, cid) for cid in ids])
    return cluster_id


def confirm_cluster(store, comment_ids: Iterable[str]) -> str:
    """Confirm these comments (of one section) as one cluster; returns its id. A comment leaves any other
    confirmed cluster it was in: the latest cluster holds it (confirmed_clusters), so records never change
    and travel to other laptops as they are (reviewer.store.decisions)."""
    draft_id, section_id, ids = _members(store, comment_ids)
    if any(agreement_only(c.kind, c.text, c.quote, c.proposal) for c in map(store.comment, ids)):
        raise ValidationError(_("Comments that only agree with the draft are counted, not clustered."))
    with write(store.db):
        return _record(store, draft_id, section_id, "confirmed", ids)


def split_cluster(store, *, cluster_id: str | None = None, comment_ids: Iterable[str] = ()) -> str:
    """Keep comments from being suggested together again: a confirmed cluster (``cluster_id``) is
    undone, or a suggestion (its ``comment_ids``) is set aside. Returns the id of the split record."""
    if cluster_id is not None:
        with write(store.db):
            seen = store.db.execute("SELECT updated_at FROM comment_clusters WHERE id = ?", [cluster_id]).fetchone()
            changed = store.db.execute("UPDATE comment_clusters SET state = 'split', updated_at = ?, device_id = ? "
                                       "WHERE id = ?", [decisions.stamp_after(*(seen or ())), store.device_id,
                                                        cluster_id])
            if not changed.rowcount:
                raise NotFoundError(_("No cluster with id “{id}” in this database.").format(id=cluster_id))
        return cluster_id
    draft_id, section_id, ids = _members(store, comment_ids)
    with write(store.db):
        return _record(store, draft_id, section_id, "split", ids)
