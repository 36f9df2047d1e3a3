"""Decide which paragraphs of a draft are section headings, as a reader of the draft would.

Word heading styles and outline levels are taken at their word. Most Vietnamese drafts
have none: headings there are "Normal" paragraphs that open with a section number and
look like titles (bold, capitals, short, no closing full stop). Numbered body sentences
("1. Tập trung lãnh đạo ..." in a list of tasks) look alike but for that evidence, so
each numbered paragraph is weighed on its own and then against its siblings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.docx.reader import BodyItem, ParaFacts
from reviewer.docx.section_numbers import RANK, WORD_KINDS, Numbered, parse_number
from reviewer.textnorm import fold

_NAMED_PARTS = {"mo dau", "dat van de", "ket luan", "phan mo dau", "phan ket luan", "loi noi dau",
                "loi mo dau", "tong quan", "phan noi dung", "kien nghi", "kien nghi, de xuat", "de xuat, kien nghi"}
# "Nơi nhận:" opens the closing block only when the recipients' list follows, not in a sentence
# such as "Nơi nhận văn bản xác định ...".
_CLOSING = re.compile(r"^(?:nơi nhận|noi nhan)\s*:\s*(?:$|[-–+•]|như trên|nhu tren)", re.I)
_DOC_TYPES = re.compile(
    r"^(?:dự thảo\s+)?(báo cáo|kế hoạch|tờ trình|nghị quyết|nghị định|quyết định|thông tư|chương trình|"
    r"đề án|hướng dẫn|quy chế|quy định|điều lệ|thông báo|chỉ thị|kết luận|đề cương|luật|pháp lệnh|"
    r"công văn|dự án|phương án|báo cáo chính trị|biên bản|đơn|văn bản|hợp đồng|giấy|tờ khai)\b", re.I)
# A contents line ends in its page number: "I. KẾT QUẢ ........ 3", "I. KẾT QUẢ<tab>3".
_TOC_LINE = re.compile(r"(?:\t|\.{3,}|…+)\s*\d{1,4}\s*$")
_NOT_TITLE_WORDS = _NAMED_PARTS | {"muc luc"}
_NOT_TITLE = re.compile(r"^(căn cứ|kính gửi|thực hiện|theo|xét|số\s*:|v/v|\(|-|\*)", re.I)
_SENTENCE_END = (".", ";", ",", "…")
# Lines of the header block (national motto, Party name), the enacting formula ("QUYẾT ĐỊNH:"),
# the recitals and the signature block ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"): never a section,
# whatever style or outline level the author gave them.
_MOTTO = re.compile(r"cộng\s+h[oò]à\s+xã\s+hội\s+chủ\s+nghĩa|độc\s+lập\s*[-–]\s*tự\s+do|đảng\s+cộng\s+sản\s+việt\s+nam",
                    re.I)
_SIGNATURE = re.compile(r"^(?:T/M|K/T|T/L|TM\.|KT\.|TL\.|Q\.)\s*[^\W\d_]")
_NEVER = re.compile(_SIGNATURE.pattern + r"|(?i:^(?:quyết\s+định|nghị\s+định|quyết\s+nghị|chỉ\s+thị|nghị\s+quyết|"
                    r"thông\s+tư)\s*:$|^(?:căn\s+cứ|kính\s+gửi|xét\s+đề\s+nghị|v/v|số\s*:))")
_BULLET = re.compile(r"^[-–—+•*·▪●○]")
_FIRST_SENTENCE = re.compile(r"[.;](?=\s|$)")

# Lengths are in characters of the title after its number.
STRONG_MAX = 400  # a bold title can run long ("2. Công tác kiểm tra, giám sát, ...:" 330+)
PLAIN_MAX = 300  # an unemphasised title line
RUNIN_LEAD_MAX = 160
ARTICLE_TITLE_MAX = 200  # a run-in article ("Điều 1. Phê duyệt ...") is titled by its first sentence
LEAD_IN_MIN = 120  # an unemphasised line this long ending in ":" introduces a list


@dataclass(slots=True)
class Heading:
    item: int  # index into the body items
    kind: str
    number: str
    title: str
    joined: tuple[int, ...] = ()  # further items whose text completes the title
    rest: str = ""  # run-in content following the title in the same paragraph


@dataclass(slots=True)
class Layout:
    title: str
    headings: list[Heading]
    closing_start: int | None  # first item of the closing block, if any
    title_items: tuple[int, ...] = ()


def _kind_of(num: Numbered | None, facts: ParaFacts) -> tuple[str, Numbered | None]:
    # A typed number says more about nesting than the style: authors reuse "Heading 8" for
    # "Chương I" but keep typing "Chương II" in Normal. Unnumbered styled headings keep the level.
    if num is not None:
        return num.kind, num
    if facts.outline_level is not None:
        return f"outline:{facts.outline_level}", None
    return "", None


def rank(kind: str) -> float:
    if kind.startswith("outline:"):
        # Styled headings sit between the word markers (Phần, Chương, Mục) and bare numbers.
        return 2.5 + int(kind[8:]) / 100
    if kind.startswith("auto:"):
        return 9.5 + int(kind[5:]) / 100
    return RANK.get(kind, 9.9)


_BARE_LABEL = {"decimal": "arabic", "decimalZero": "arabic", "upperRoman": "roman", "lowerLetter": "letter",
               "upperLetter": "upper"}


def _number_of(facts: ParaFacts) -> Numbered | None:
    if facts.label and facts.label_fmt != "bullet":
        parsed = parse_number(facts.label + " x")
        if parsed is not None:
            return Numbered(parsed.kind, parsed.number, facts.text, True)
        if facts.label.isalnum() and facts.label_fmt in _BARE_LABEL:  # "1", "I", "a" drawn without punctuation
            return Numbered(_BARE_LABEL[facts.label_fmt], facts.label, facts.text, True)
        return Numbered(f"auto:{facts.label_level}", facts.label, facts.text, True)
    return parse_number(facts.text)


def _letters_at_least(text: str, n: int) -> bool:
    """Whether ``text`` holds ``n`` letters; stops counting there (headings are asked of every paragraph)."""
    for ch in text:
        if ch.isalpha():
            n -= 1
            if n <= 0:
                return True
    return n <= 0


def _emphasised(f: ParaFacts) -> bool:
    return f.bold >= 0.75 or (f.caps and _letters_at_least(f.text, 4))


def _strip_title(text: str) -> str:
    text = text.strip().rstrip(":：").strip()
    # Form templates number lines of dots ("……… 2 ………"): no letters, no title.
    return text if any(ch.isalpha() for ch in text) else ""


def _runin_lead(rest: str) -> tuple[str, str] | None:
    """("Title", "content") for a paragraph such as "5. Về thu ngân sách: tổng thu ..."."""
    pos = rest.find(": ")
    if pos <= 0 or pos > RUNIN_LEAD_MAX:
        return None
    lead, content = rest[:pos], rest[pos + 2:].strip()
    if not content or any(ch in lead for ch in ".;"):
        return None
    return lead, content


class _Verdict:
    # ARTICLE: "Điều N." opening a sentence; a section only when the articles around it count on.
    YES, RUNIN, WEAK, ARTICLE, NO = "yes", "runin", "weak", "article", "no"


def _reads_as_body(f: ParaFacts, rest: str) -> bool:
    """Whether a paragraph that Word calls a heading (style or outline level) reads as body text.

    The level is evidence, not proof: offices apply heading styles by hand and copy paragraphs
    with their outline level, so a 700-character sentence led by a dash can carry one.
    """
    emph = _emphasised(f)
    length = len(rest)
    if _BULLET.match(f.text) or f.label_fmt == "bullet":
        return not emph or length > RUNIN_LEAD_MAX
    if length > STRONG_MAX:
        return True
    ends = rest.endswith(_SENTENCE_END) and not rest.endswith("...")
    return not emph and (length > PLAIN_MAX or (ends and length > 150))


def _article_parts(rest: str) -> tuple[str, str]:
    """(title, text) of an article written as a sentence: its lead before ": ", else its first
    sentence, else its opening words (the whole sentence then stays in the text)."""
    lead = _runin_lead(rest)
    if lead is not None:
        return lead
    m = _FIRST_SENTENCE.search(rest)
    if m is not None and m.start() <= ARTICLE_TITLE_MAX:
        return rest[:m.start()].strip(), rest[m.end():].strip()
    if len(rest) <= ARTICLE_TITLE_MAX:
        return rest.rstrip(" .;"), ""
    return rest[:ARTICLE_TITLE_MAX].rsplit(" ", 1)[0].rstrip(" ,;:") + " …", rest


def _judge(f: ParaFacts, num: Numbered, kind: str) -> tuple[str, str, str]:
    """(verdict, title, run-in rest) for one numbered paragraph, on its own evidence."""
    rest = num.rest.strip()
    body = f.paragraph.body
    # A contents line ends in its page number: only then is the search, unanchored, worth its cost.
    if f.is_toc or (body.rstrip()[-1:].isdigit() and _TOC_LINE.search(body)):
        return _Verdict.NO, "", ""
    if f.outline_level is not None:  # a Word heading style or outline level
        if not _reads_as_body(f, rest):
            return _Verdict.YES, _strip_title(rest), ""
        if not num.number:  # the style was its only claim to be a heading
            return _Verdict.NO, "", ""
    emph = _emphasised(f)
    ends = rest.endswith(_SENTENCE_END) and not rest.endswith("...")
    length = len(rest)
    if kind in WORD_KINDS:
        # "Phần thứ nhất bao gồm ...", "Chương II của Luật ...", "Phụ lục kèm theo ..." are sentences.
        titled = emph or f.align == "center" or not rest or not rest[0].islower()
        if not titled:
            return _Verdict.NO, "", ""
        sentence = (length > 250 and not emph) or (ends and length > 100 and not emph)
        if kind == "article" and (sentence or (not emph and (not num.strict or ends))):
            # "Điều 1. Phê duyệt Kế hoạch ..." in a decision, or "Điều 5. Luật Đất đai quy định ..."
            # citing one: the sequence of articles around it tells (_settle_articles).
            title, text = _article_parts(rest)
            return _Verdict.ARTICLE, _strip_title(title), text
        if sentence:
            return _Verdict.NO, "", ""
        return _Verdict.YES, _strip_title(rest), ""
    if not rest:
        return (_Verdict.YES if emph else _Verdict.WEAK), "", ""
    if emph and length <= STRONG_MAX and not (ends and length > 150):
        return _Verdict.YES, _strip_title(rest), ""
    lead = _runin_lead(rest)
    if lead is not None:
        return (_Verdict.YES if _lead_is_bold(f, lead[0]) else _Verdict.RUNIN), lead[0], lead[1]
    lead_in = rest.endswith(":") and length > LEAD_IN_MIN  # "... như sau:" introduces a list
    if not ends and not lead_in and length <= PLAIN_MAX and not _is_list_style(f) and _strip_title(rest):
        return _Verdict.WEAK, _strip_title(rest), ""
    return _Verdict.NO, "", ""


def _is_list_style(f: ParaFacts) -> bool:
    return f.style_name.lower().startswith("list")


def _lead_is_bold(f: ParaFacts, lead: str) -> bool:
    bold = total = 0
    target = len(lead) + 6  # the number in front of the lead
    for text, is_bold in f.run_texts:
        n = len(text)
        if total >= target:
            break
        if is_bold:
            bold += min(n, target - total)
        total += n
    return total > 0 and bold >= 0.8 * min(total, target)


def _title_line(f: ParaFacts) -> bool:
    """A short emphasised line that can carry a part's or the document's title."""
    emphasised = f.bold >= 0.6 or f.caps or f.align == "center"
    return (_letters_at_least(f.text, 2) and len(f.text) <= 250 and emphasised
            and parse_number(f.text) is None and not _NOT_TITLE.match(f.text)
            and (len(f.text) > 30 or fold(f.text).strip(" .:") not in _NOT_TITLE_WORDS))


def find_headings(items: list[BodyItem]) -> list[Heading]:
    facts = [(i, it.facts) for i, it in enumerate(items) if it.facts is not None and it.facts.text]
    verdicts: list[tuple[int, str, str, Numbered, str, str]] = []
    last_upper: str | None = None
    for i, f in facts:
        num = _number_of(f)
        kind, num = _kind_of(num, f)
        if not kind:
            if len(f.text) > 30:
                continue
            folded = fold(f.text).strip(" .:")
            if folded in _NAMED_PARTS and _emphasised(f):
                verdicts.append((i, _Verdict.YES, "named", Numbered("named", "", f.text), f.text, ""))
            continue
        if num is None:  # a styled heading without a number
            if _NEVER.match(f.text) or _MOTTO.search(f.text):
                continue
            num = Numbered(kind, "", f.text)
        verdict, title, rest = _judge(f, num, kind)
        if kind == "upper" and verdict != _Verdict.NO:
            # A lone capital ("Q. CHÁNH VĂN PHÒNG", "K.T.") is an abbreviation unless it
            # starts or continues the A., B., C. sequence.
            letter = num.number[0]
            if letter != "A" and (last_upper is None or ord(letter) != ord(last_upper) + 1):
                verdict = _Verdict.NO
            else:
                last_upper = letter
        verdicts.append((i, verdict, kind, num, title, rest))
    _named_beside_top_kind(verdicts)
    _settle_articles(verdicts)
    decided = _vote(verdicts, _next_texts(items))
    heads: list[Heading] = []
    by_item = {i: f for i, f in facts}
    used: set[int] = set()
    for i, kind, num, title, rest in decided:
        if i in used:
            continue
        joined: list[int] = []
        if kind in ("part", "appendix", "chapter", "muc") or (kind.startswith("outline:") and not title):
            # "PHẦN THỨ NHẤT" then its title on the next line(s): one heading.
            own = bool(title)
            limit = 1 if own else 3
            j = _next_text(items, i)
            while len(joined) < limit and j in by_item and (
                    not _decided_at(decided, j) or (not own and not joined)):
                g = by_item[j]
                if joined and kind in ("chapter", "muc") and not _continues(by_item[joined[-1]], g):
                    break  # "Chương I" / "QUY ĐỊNH CHUNG" / "Phạm vi điều chỉnh": an article's title
                if not (_title_line(g) or (not own and not joined and _plain_title_line(g))):
                    break
                joined.append(j)
                title = f"{title} {g.text}".strip() if title else g.text
                j = _next_text(items, j)
            if kind in ("chapter", "muc") and own and joined:
                joined, title = [], num.rest.strip()
        used.update(joined)
        heads.append(Heading(i, kind, num.number, _strip_title(title), tuple(joined), rest))
    return heads


def _plain_title_line(f: ParaFacts) -> bool:
    """A short line under a bare "Chương I" / "PHẦN THỨ NHẤT" that can be its title even without
    emphasis (files converted from old fonts often lost bold): no number, no closing full stop."""
    text = f.text
    return (len(text) <= 200 and _letters_at_least(text, 2) and text[0].isupper()
            and not text.endswith((".", ";", ",")) and parse_number(text) is None
            and not _NOT_TITLE.match(text) and not _NEVER.match(text))


def _continues(prev: ParaFacts, f: ParaFacts) -> bool:
    """Whether ``f`` carries on the title line ``prev``: it starts in lower case, or both are capitals."""
    first = next((ch for ch in f.text if ch.isalpha()), "")
    return f.align == prev.align and (first.islower() or (prev.text.isupper() and f.text.isupper()))


def _settle_articles(verdicts: list) -> None:
    """An article written as a sentence is a section when the articles before or after it count
    on from it ("Điều 1." ... "Điều 2." ... "Điều 3." of a decision); a lone "Điều 5. Luật ... quy
    định" inside other text is a citation."""
    arts = [n for n, v in enumerate(verdicts) if v[2] == "article" and v[1] != _Verdict.NO]
    nums = [_article_number(verdicts[n][3].number) for n in arts]
    for k, n in enumerate(arts):
        v = verdicts[n]
        if v[1] != _Verdict.ARTICLE:
            continue
        counted = nums[k] is not None and (
            (k > 0 and nums[k - 1] is not None and nums[k] == nums[k - 1] + 1)
            or (k + 1 < len(arts) and nums[k + 1] == nums[k] + 1))
        verdicts[n] = (v[0], _Verdict.YES if counted else _Verdict.NO, *v[2:])


def _article_number(number: str) -> int | None:
    digits = re.search(r"\d+", number)
    return int(digits.group()) if digits else None


def _next_text(items: list[BodyItem], i: int) -> int:
    """The next item after ``i`` that is not an empty paragraph."""
    i += 1
    while i < len(items) and items[i].facts is not None and not items[i].facts.text:
        i += 1
    return i


def _next_texts(items: list[BodyItem]) -> dict[int, int]:
    """Body paragraph with text -> the next one (tables in between count as body)."""
    out: dict[int, int] = {}
    last = None
    for i, item in enumerate(items):
        if item.facts is None:
            if item.block.kind == "table" and last is not None:
                out[last] = i
                last = None
            continue
        if not item.facts.text:
            continue
        if last is not None:
            out[last] = i
        last = i
    return out


def _named_beside_top_kind(verdicts: list) -> None:
    """"MỞ ĐẦU", "KẾT LUẬN" stand beside the draft's top numbered parts, not above them."""
    kinds = [v[2] for v in verdicts if v[2] != "named" and v[1] != _Verdict.NO]
    if not kinds:
        return
    top = min(kinds, key=rank)
    for n, v in enumerate(verdicts):
        if v[2] == "named":
            verdicts[n] = (v[0], v[1], top, Numbered(top, "", v[3].rest), v[4], v[5])


def _decided_at(decided, j: int) -> bool:
    return any(d[0] == j for d in decided)


def _vote(verdicts, next_text: dict[int, int]):
    """Settle weak and run-in candidates by their siblings (same kind under the same parent).

    Weak candidates (plain, short, no full stop) lose when their group holds at least as many
    body sentences as headings, and when most of them have no text of their own before the
    next sibling: that is a list ("1. Hoàn thiện thể chế" / "2. Cải cách thủ tục ..."), not sections.
    """
    accepted = {v[0] for v in verdicts if v[1] == _Verdict.YES}
    weak = {v[0] for v in verdicts if v[1] == _Verdict.WEAK}
    for _ in range(2):
        groups: dict[tuple, list] = {}
        stack: list[tuple[str, int]] = []
        for v in verdicts:
            i, kind = v[0], v[2]
            scope_stack = _pop_for(stack, kind)
            parent = scope_stack[-1][1] if scope_stack else -1
            if scope_stack and scope_stack[-1][0] == "article" and i in weak:
                # Clauses and points of an article (khoản, điểm) are its text, not sections.
                weak.discard(i)
            groups.setdefault((kind, parent), []).append(v)
            if i in accepted or i in weak:
                stack = scope_stack + [(kind, i)]
        for members in groups.values():
            yes = sum(1 for m in members if m[0] in accepted)
            no = sum(1 for m in members if m[1] == _Verdict.NO)
            maybe_weak = [m for m in members if m[0] in weak]
            ids = {m[0] for m in members}
            bodyless = sum(1 for m in maybe_weak if next_text.get(m[0]) in ids)
            if maybe_weak and (no and no >= yes + len(maybe_weak) or 2 * bodyless >= len(maybe_weak)):
                weak.difference_update(m[0] for m in maybe_weak)
            for m in members:
                if m[1] == _Verdict.RUNIN and yes + len(maybe_weak) > no:
                    accepted.add(m[0])
    keep = accepted | weak
    return [(v[0], v[2], v[3], v[4], v[5]) for v in verdicts if v[0] in keep]


def _pop_for(stack: list[tuple[str, int]], kind: str) -> list[tuple[str, int]]:
    """The open headings that remain when a heading of ``kind`` starts."""
    kinds = [k for k, _ in stack]
    if kind in kinds:
        return stack[: kinds.index(kind)]
    r = rank(kind)
    out = list(stack)
    while out and rank(out[-1][0]) >= r:
        out.pop()
    return out


def find_layout(items: list[BodyItem], core_title: str = "") -> tuple[str, list[Heading], int | None, set[int]]:
    """The document title, the headings, where the closing block starts, and the title's items."""
    heads = find_headings(items)
    first = next((h.item for h in heads if h.number), len(items))
    title, title_items = _document_title(items, first)
    opening = _opening_end(items, first)
    heads = [h for h in heads if h.item not in title_items and h.item > opening]
    closing = _closing_start(items, heads)
    if closing is not None:
        # Only appendix parts may follow the signature block.
        heads = [h for h in heads if h.item < closing or h.kind in _AFTER_CLOSING]
    if not title and heads and heads[0].kind in ("appendix", "part") and heads[0].title:
        title = f"{heads[0].number} {heads[0].title}".strip()  # an appendix issued on its own
    if not title:
        title = core_title.strip()
    return title, heads, closing, title_items


def _document_title(items: list[BodyItem], first_heading: int) -> tuple[str, set[int]]:
    lines = [(i, items[i].facts) for i in range(min(first_heading, len(items)))
             if items[i].facts is not None and items[i].facts.text]
    for i, f in lines:
        if f.is_title_style:
            return f.text, {i}
    for pos, (i, f) in enumerate(lines):
        m = _DOC_TYPES.match(f.text)
        if not m or len(f.text) > 200 or not (f.bold >= 0.5 or f.caps or f.align == "center"):
            continue
        used = {i}
        parts = [f.text]
        above = {fold(h.text) for _, h in lines[:pos]}
        for j, g in lines[pos + 1: pos + 4]:
            if j != _next_text(items, max(used)) or not _title_line(g) or g.align != f.align:
                break
            if fold(g.text) in above or (g.text.isupper() and not parts[-1].isupper()):
                # The issuing body named again over the enacting words ("ỦY BAN NHÂN DÂN TỈNH" /
                # "QUYẾT ĐỊNH:"): a subtitle in lower case does not return to capitals.
                break
            used.add(j)
            parts.append(g.text)
        return _compose_title(parts), used
    return "", set()


_ENACTING = re.compile(r"^(?:quyết\s+định|nghị\s+định|quyết\s+nghị|chỉ\s+thị|nghị\s+quyết|thông\s+tư|"
                       r"ban\s+hành|kết\s+luận)\s*:$", re.I)


def _opening_end(items: list[BodyItem], first_heading: int) -> int:
    """The last item of the opening that holds no section: the header block (issuing body beside
    the national motto, number, place and date) and, in a legal document, everything up to the
    enacting words ("QUYẾT ĐỊNH:", "NGHỊ ĐỊNH:") that follow the recitals."""
    end = -1
    for i in range(min(first_heading, len(items))):
        facts = items[i].facts
        text = facts.text if facts is not None else (_first_cell_text(items[i].block)
                                                     if items[i].block.kind == "table" else "")
        if _MOTTO.search(text) or (facts is not None and _ENACTING.match(text)):
            end = i
    return end


def _compose_title(parts: list[str]) -> str:
    head = parts[0]
    if len(parts) == 1:
        return head[0] + head[1:].lower() if head.isupper() and len(head) < 20 else head
    rest = " ".join(parts[1:])
    if head.isupper() and len(head.split()) <= 4 and not rest.isupper():
        # "BÁO CÁO" over "Kết quả thực hiện ..." reads "Báo cáo kết quả thực hiện ...".
        head = head[0] + head[1:].lower()
        first = rest.split(" ", 1)[0]
        if not first.isupper():
            rest = rest[0].lower() + rest[1:]
    return f"{head} {rest}"


_AFTER_CLOSING = ("appendix", "part", "outline:0")


def _closing_start(items: list[BodyItem], heads: list[Heading]) -> int | None:
    """The "Nơi nhận:" block that closes the draft: the first one after which the draft's
    numbering does not go on (a sample form inside the text has its own "Nơi nhận:")."""
    after = heads[0].item if heads else 0
    for i in range(after, len(items)):
        item = items[i]
        if item.facts is not None:
            text = item.facts.text
        elif item.block.kind == "table":
            text = _first_cell_text(item.block)
        else:
            continue
        if not (text[:9].lower().startswith(("nơi nhận", "noi nhan")) and _CLOSING.match(text)):
            continue
        before = {h.kind for h in heads if h.item < i}
        if not any(h.item > i and h.kind in before and h.kind not in _AFTER_CLOSING for h in heads):
            return i
    return _signature_start(items, heads)



def _signature_start(items: list[BodyItem], heads: list[Heading]) -> int | None:
    """Without "Nơi nhận:", the signature block ("TM. CHÍNH PHỦ", "KT. CHỦ TỊCH") after the last
    section closes the draft."""
    last = max((h.item for h in heads if h.kind not in _AFTER_CLOSING), default=-1)
    if last < 0:
        return None
    for i in range(last + 1, len(items)):
        item = items[i]
        if item.facts is not None:
            texts = [item.facts.text]
        elif item.block.kind == "table":
            texts = [b.text.lstrip() for row in item.block.rows[:2] for cell in row for b in cell[:1]]
        else:
            continue
        if any(_SIGNATURE.match(t) for t in texts):
            return i
    return None


def _first_cell_text(table) -> str:
    for row in table.rows:
        for cell in row:
            for block in cell:
                if block.text.strip():
                    return block.text.lstrip()
            return ""
    return ""
