"""Where each group stands on each section: agreed without remarks, commented, or silent.

A group agreed without remarks on a section when every comment of its there (not deleted) is of kind
"nhat_tri"; it commented when any is of another kind. "4/6 tổ nhất trí": 4 groups agreed, 6 exist.
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


def tally_stances(rows: Iterable[tuple[str, str, str]], groups: int) -> dict[str, Stance]:
    """Each section's stance from ``(section, group, kind)`` of its comments (not deleted)."""
    kinds: dict[str, dict[str, set[str]]] = {}
    for section, group, kind in rows:
        kinds.setdefault(section, {}).setdefault(group, set()).add(kind)
    out = {}
    for section, by_group in kinds.items():
        names = sorted(by_group, key=natural_key)
        out[section] = Stance([g for g in names if by_group[g] == {"nhat_tri"}],
                              [g for g in names if by_group[g] != {"nhat_tri"}],
                              max(groups, len(names)))
    return out


def section_stances(store, draft_id: str) -> dict[str, Stance]:
    """The stance of every section of a draft that has comments, against the groups the store knows."""
    store.draft(draft_id)
    rows = store.db.execute("SELECT section_id, group_name, kind FROM comments WHERE draft_id = ? AND NOT deleted",
                            [draft_id])
    return tally_stances(rows, len(store.groups()))


def agreement_counts(store, draft_id: str) -> dict[str, int]:
    """Agreement-only comments (kind "nhat_tri", not deleted) per section: counted, never clustered."""
    store.draft(draft_id)
    return dict(store.db.execute("SELECT section_id, count(*) FROM comments WHERE draft_id = ? AND NOT deleted AND "
                                 "kind = 'nhat_tri' GROUP BY section_id", [draft_id]).fetchall())
