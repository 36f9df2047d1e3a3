"""How the printed documents phrase a comment: "Tổ 1, Tổ 3 cùng đề nghị bổ sung …" from "Bổ sung …",
"đề nghị sửa thành: “…”" from proposed wording typed with its own lead-in, an instruction ("Thêm một đoạn
về …") told as what to do rather than quoted as wording, and the label "Đề xuất:" only where the text
does not say it already. Strings go through ``_`` and are written within ``speaking("vi")``."""
from __future__ import annotations

import re

from reviewer.i18n import _

# A text that opens with the request itself ("Đề nghị bổ sung …") is said as "Tổ 2 đề nghị bổ sung …";
# one that opens with what to do ("Bổ sung …", "Làm rõ …") as "Tổ 2 đề nghị bổ sung …", "… làm rõ …".
_ASKS = re.compile(r"(?:đề nghị|kiến nghị)\b[\s:,]*", re.IGNORECASE)
_ACTION = re.compile(r"(?:bổ sung|thêm|sửa|bỏ|lược bỏ|làm rõ|thay|điều chỉnh|xem xét|nghiên cứu|viết lại|gộp|tách|"
                     r"đưa|nêu rõ|nêu|cập nhật|rà soát|chuyển)\b", re.IGNORECASE)
_QUOTES = ("“”", '""', "«»")
# Proposed wording typed with its own lead-in: the report says "đề nghị sửa thành" itself
# ("Sửa thành:", "Viết gọn lại:"); one that says what to do with quoted words ("Thay cụm từ “A” bằng “B”")
# is an instruction, told as "đề nghị thay cụm từ …" rather than quoted as wording.
_LEAD_IN = re.compile(r"(?:đề nghị\s+)?(?:sửa|viết|thay|chỉnh)[^:“\"]{0,30}?(?:\s+(?:thành|là|bằng))?\s*:\s*|"
                      r"(?:đề nghị\s+)?(?:sửa|viết|thay)(?:\s+lại)?\s+(?:thành|là|bằng)\s+", re.IGNORECASE)


def _verbs(kind: str, together: bool) -> str:
    """The sentence of a comment (or of a cluster) whose text does not open with a request."""
    if together:
        return {"sua_doi": _("{groups} all proposed amending: {text}"),
                "bo_sung": _("{groups} all proposed adding: {text}"),
                "de_nghi_bo": _("{groups} all proposed removing: {text}"),
                "cau_hoi": _("{groups} all asked for clarification: {text}")}.get(
            kind, _("{groups} made the same comment: {text}"))
    return {"sua_doi": _("{groups} proposed amending: {text}"), "bo_sung": _("{groups} proposed adding: {text}"),
            "de_nghi_bo": _("{groups} proposed removing: {text}"),
            "cau_hoi": _("{groups} asked for clarification: {text}")}.get(kind, _("{groups} commented: {text}"))


def sentence(groups: list[str], kind: str, text: str, *, together: bool) -> str:
    """"Tổ 1, Tổ 3, Tổ 6 cùng đề nghị bổ sung …" (``together``), "Tổ 2 góp ý: …": the comment's first line
    told of its groups."""
    names = ", ".join(groups)
    asks = _ASKS.match(text)
    if asks and text[asks.end():]:
        rest = text[asks.end():]
    elif _ACTION.match(text):
        rest = text[:1].lower() + text[1:]
    else:
        return _verbs(kind, together).format(groups=names, text=text)
    asked = _("{groups} all proposed {rest}") if together else _("{groups} proposed {rest}")
    return asked.format(groups=names, rest=rest)


def wording(proposal: str) -> str:
    """"đề nghị sửa thành: “…”", the proposed wording quoted once (not again when typed with its quotes)."""
    text = " ".join(line.strip() for line in proposal.split("\n") if line.strip())
    lead_in = _LEAD_IN.match(text)
    if lead_in and text[lead_in.end():]:
        text = text[lead_in.end():]
    elif _ACTION.match(text):  # "Thêm một đoạn về …", "Thay cụm từ “A” bằng “B”": what to do, not wording
        return _("proposed {instruction}").format(instruction=text[:1].lower() + text[1:])
    bare = text.rstrip(".")  # “…”. typed with a full stop after its quotes
    for left, right in _QUOTES:
        if len(bare) > 2 and bare[0] == left and bare[-1] == right and left not in bare[1:-1]:
            text = bare[1:-1].strip()
    return _("proposed wording: “{wording}”").format(wording=text)


def proposal_needs_label(proposal: str) -> bool:
    """Whether a proposal is printed after "Đề xuất:": not when it opens with its own request or lead-in
    ("Đề nghị sửa thành: …", "Sửa thành: …", "Bổ sung …")."""
    text = proposal.strip()
    return not (_ASKS.match(text) or _LEAD_IN.match(text) or _ACTION.match(text))
