"""Scripted revisions of a draft with a known correct place for every comment.

Works on sections as the store lists them (dicts with id, number, title, level, parent, text). A
revision edits words in sentences, deletes, inserts and moves paragraphs, deletes and inserts sections,
renames and renumbers headings; a section keeps its id while the path of titles above it is unchanged
(as the reader's ids do). Every comment's truth is the section its passage (or, without a quote, its
section) ended up in, None when deleted; ``survives`` says whether the quote is still there word for word.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from reviewer.model import Document, Paragraph, Section

FILLER = ("nâng cao chất lượng hiệu quả công tác quản lý nhà nước trên địa bàn tỉnh trong thời gian tới "
          "tiếp tục đẩy mạnh cải cách thủ tục hành chính chuyển đổi số phát triển kinh tế xã hội bền vững").split()


@dataclass
class Truth:
    comment: dict
    section: str | None  # the correct section in the new version, None: the passage or section is gone
    survives: bool       # the quote is still in that section word for word (always True without a quote)


def make_comments(sections: list[dict], n: int, rng: random.Random, *, quoted: float = 0.8) -> list[dict]:
    """Comments on random sections; most quote 3–20 words of one paragraph of their section."""
    with_text = [s for s in sections if s["text"].split()]
    out = []
    for i in range(n):
        s = rng.choice(with_text if rng.random() < quoted else sections)
        c = {"id": f"c{i}", "section": s["id"], "quote": "", "quote_start": None, "quote_end": None, "para": None}
        if s in with_text and rng.random() < quoted:
            paragraphs = [j for j, p in enumerate(s["text"].split("\n")) if len(p.split()) >= 3]
            if paragraphs:
                j = rng.choice(paragraphs)
                lines = s["text"].split("\n")
                spans = [m.span() for m in re.finditer(r"\S+", lines[j])]
                size = rng.randint(3, min(20, len(spans)))
                first = rng.randint(0, len(spans) - size)
                offset = sum(len(line) + 1 for line in lines[:j])
                start, end = offset + spans[first][0], offset + spans[first + size - 1][1]
                c.update(quote=" ".join(s["text"][start:end].split()), quote_start=start, quote_end=end, para=j)
        out.append(c)
    return out


def revise(sections: list[dict], comments: list[dict], rng: random.Random, *, rate: float = 1.0,
           renumber: bool = True) -> tuple[list[dict], list[Truth]]:
    """A revised version of ``sections`` and the truth for each comment. ``rate`` scales how much changes."""
    work = [{**s, "paras": [[p, (s["id"], j)] for j, p in enumerate(s["text"].split("\n")) if s["text"]],
             "old": s["id"], "renamed": False} for s in sections]
    counter = 0

    def chance(p: float) -> bool:
        return rng.random() < p * rate

    for s in work:
        for para in s["paras"]:
            words = para[0].split()
            if words and chance(0.25):  # a word or two rewritten
                for _ in range(rng.randint(1, 2)):
                    words[rng.randrange(len(words))] = rng.choice(FILLER)
                para[0] = " ".join(words)
        if s["paras"] and chance(0.05):
            s["paras"].pop(rng.randrange(len(s["paras"])))
        if chance(0.1):
            s["paras"].insert(rng.randint(0, len(s["paras"])), [" ".join(rng.sample(FILLER, 12)), None])
        if s["title"] and chance(0.04):
            s["title"] += " " + rng.choice(FILLER)
            s["renamed"] = True
        if renumber and s["number"] and chance(0.1):
            s["number"] = s["number"].replace("1", "2", 1) if "1" in s["number"] else s["number"] + "1"
    for s in work:  # moved paragraphs
        if s["paras"] and chance(0.04):
            dest = rng.choice(work)
            dest["paras"].append(s["paras"].pop(rng.randrange(len(s["paras"]))))
    deleted = {s["id"] for s in work if s["parent"] is not None and chance(0.03)}
    parent_of = {s["id"]: s["parent"] for s in work}
    kept = []
    for s in work:
        if s["id"] in deleted:
            continue
        parent = s["parent"]
        while parent in deleted:
            parent = parent_of[parent]
        s["parent"], s["moved_up"] = parent, parent != parent_of[s["id"]]
        kept.append(s)
        if chance(0.03):
            counter += 1
            kept.append({"id": f"new{counter}", "number": "", "title": " ".join(rng.sample(FILLER, 5)),
                         "level": s["level"], "parent": s["parent"], "old": None, "renamed": True, "moved_up": False,
                         "paras": [[" ".join(rng.sample(FILLER, 15)), None]]})
    new_id: dict[str, str] = {}
    for s in kept:  # in document order: a parent's new id is known before its children's
        path_changed = s["renamed"] or s.get("moved_up") or (s["parent"] is not None
                                                             and new_id[s["parent"]] != s["parent"])
        if s["old"] is None or path_changed:
            counter += 1
            new_id[s["id"]] = f"r{counter}"
        else:
            new_id[s["id"]] = s["id"]
    new = [{"id": new_id[s["id"]], "number": s["number"], "title": s["title"], "level": s["level"],
            "parent": new_id[s["parent"]] if s["parent"] is not None else None,
            "text": "\n".join(p[0] for p in s["paras"])} for s in kept]
    where = {p[1]: new_id[s["id"]] for s in kept for p in s["paras"] if p[1] is not None}
    text_of = {s["id"]: " ".join(s["text"].split()) for s in new}
    section_of = {s["id"]: new_id[s["id"]] for s in kept if s["old"] is not None}
    truths = []
    for c in comments:
        if c["quote"]:
            place = where.get((c["section"], c["para"]))
            truths.append(Truth(c, place, place is not None and " ".join(c["quote"].split()) in text_of[place]))
        else:
            truths.append(Truth(c, section_of.get(c["section"]), True))
    return new, truths


@dataclass
class Score:
    total: int = 0
    wrong: int = 0          # carried automatically to a wrong section (or carried although the passage is gone)
    surviving: int = 0      # comments whose passage (or section) survives
    placed: int = 0         # ... of which carried automatically to the right section
    review: int = 0
    unplaced: int = 0

    def add(self, truths: list[Truth], placements) -> None:
        by_id = {p.comment_id: p for p in placements}
        for t in truths:
            p = by_id[t.comment["id"]]
            self.total += 1
            self.review += p.state == "review"
            self.unplaced += p.state == "unplaced"
            if p.state == "carried" and (t.section is None or p.section != t.section):
                self.wrong += 1
            if t.section is not None and t.survives:
                self.surviving += 1
                self.placed += p.state == "carried" and p.section == t.section

    def line(self) -> str:
        return (f"{self.total} comments: {100 * self.wrong / max(1, self.total):.2f} % wrong automatic placements, "
                f"{100 * self.placed / max(1, self.surviving):.1f} % of {self.surviving} surviving placed "
                f"automatically; {self.review} in review, {self.unplaced} unplaced")


def as_document(sections: list[dict], title: str) -> Document:
    """A draft made of these sections (each line of a text a paragraph), as the reader would give it."""
    return Document(title=title, source_name=f"{title}.docx", sections=[
        Section(s["id"], s["number"], s["title"], s["level"], s["parent"],
                [Paragraph(text=line) for line in s["text"].split("\n") if s["text"]]) for s in sections])


def sections_of(doc: Document) -> list[dict]:
    return [{"id": s.id, "number": s.number, "title": s.title, "level": s.level, "parent": s.parent,
             "text": s.text} for s in doc.sections]
