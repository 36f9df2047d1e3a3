"""Where each group stands on each section: agreed without remarks, commented, or silent.

A group agreed without remarks on a section when every comment of its there (not deleted) only agrees
(``vocab.agreement_only``: one sentence of "nhất trí", nothing asked); it commented when any says more.
"4/6 tổ nhất trí": 4 groups agreed, 6 exist.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reviewer.i18n import _
from reviewer.textnorm import natural_key


@dataclass(slots=True)
class Stance:
    agreed: list[str] = field(default_factory=list)  # groups, natural order
    commented: list[str] = field(default_factory=list)
    groups: int = 0  # groups that exist (of the conference, or that commented anywhere); 0: not counted

    def tally(self) -> str:
        """"4/6 groups agreed" (in the current language), "" when no group agreed; "groups agreed"
        when the groups are not counted (a print of chosen groups only)."""
        if not self.agreed:
            return ""
        if not self.groups:
            return _("groups agreed")
        return _("{agreed}/{groups} groups agreed").format(agreed=len(self.agreed), groups=self.groups)


# Whether a comment row only agrees, in SQL (the rule itself is Python's, called for "nhất trí" rows only).
AGREES = "CASE WHEN {c}kind = 'nhat_tri' THEN agreement_only({c}kind, {c}text, {c}quote, {c}proposal) ELSE 0 END"


def tally_stances(rows: Iterable[tuple[str, str, object]], groups: int) -> dict[str, Stance]:
    """Each section's stance from ``(section, group, agrees only)`` of its comments (not deleted)."""
    agrees: dict[str, dict[str, bool]] = {}
    for section, group, only in rows:
        by_group = agrees.setdefault(section, {})
        by_group[group] = by_group.get(group, True) and bool(only)
    out = {}
    for section, by_group in agrees.items():
        names = sorted(by_group, key=natural_key)
        out[section] = Stance([g for g in names if by_group[g]], [g for g in names if not by_group[g]],
                              max(groups, len(names)))
    return out


def section_stances(store, draft_id: str) -> dict[str, Stance]:
    """The stance of every section of a draft that has comments, against the groups the store knows."""
    store.draft(draft_id)
    rows = store.db.execute(f"SELECT DISTINCT section_id, group_name, {AGREES.format(c='')} FROM comments "
                            "WHERE draft_id = ? AND NOT deleted", [draft_id])
    return tally_stances(rows, len(store.groups()))


def agreement_counts(store, draft_id: str) -> dict[str, int]:
    """Agreement-only comments (not deleted) per section: counted, never clustered."""
    store.draft(draft_id)
    return dict(store.db.execute(f"SELECT section_id, count(*) FROM comments WHERE draft_id = ? AND NOT deleted AND "
                                 f"{AGREES.format(c='')} GROUP BY section_id", [draft_id]).fetchall())
