"""The comment vocabulary shared by storage, exchange and export: stable codes, translated labels."""
from __future__ import annotations

import re

from reviewer.i18n import _
from reviewer.textnorm import fold

KINDS = ("gop_y", "sua_doi", "bo_sung", "de_nghi_bo", "cau_hoi", "nhat_tri")
STATUSES = ("moi", "tiep_thu", "tiep_thu_mot_phan", "giai_trinh", "khong_tiep_thu")
ROLES = ("to_truong", "thu_ky", "dai_bieu", "ban_thu_ky")


def kind_label(code: str) -> str:
    return {
        "gop_y": _("comment"),
        "sua_doi": _("proposed amendment"),
        "bo_sung": _("proposed addition"),
        "de_nghi_bo": _("proposed deletion"),
        "cau_hoi": _("question"),
        "nhat_tri": _("agrees with the draft"),
    }.get(code, code)


def status_label(code: str) -> str:
    return {
        "moi": _("new"),
        "tiep_thu": _("accepted"),
        "tiep_thu_mot_phan": _("partly accepted"),
        "giai_trinh": _("explained"),
        "khong_tiep_thu": _("not accepted"),
    }.get(code, code)


def role_label(code: str) -> str:
    return {"to_truong": _("group leader"), "thu_ky": _("group secretary"), "dai_bieu": _("delegate"),
            "ban_thu_ky": _("conference secretariat")}.get(code, code)


# What a secretary may type in a spreadsheet or on the command line, folded: the code itself,
# the Vietnamese name with or without accents, or the English label.
_KIND_WORDS = {
    "gop_y": ("gop y", "y kien", "y kien khac", "khac", "comment", "other"),
    "sua_doi": ("sua doi", "de nghi sua doi", "sua", "amend", "amendment", "proposed amendment"),
    "bo_sung": ("bo sung", "de nghi bo sung", "addition", "add", "proposed addition"),
    "de_nghi_bo": ("de nghi bo", "bo", "xoa", "luoc bo", "de nghi luoc bo", "delete", "deletion", "proposed deletion"),
    "cau_hoi": ("cau hoi", "hoi", "question"),
    "nhat_tri": ("nhat tri", "nhat tri voi du thao", "thong nhat", "dong y", "tan thanh", "agree", "agrees",
                 "agrees with the draft"),
}
_STATUS_WORDS = {
    "moi": ("moi", "new"),
    "tiep_thu": ("tiep thu", "accepted", "accept"),
    "tiep_thu_mot_phan": ("tiep thu mot phan", "partly accepted", "partial"),
    "giai_trinh": ("giai trinh", "explained", "explain"),
    "khong_tiep_thu": ("khong tiep thu", "not accepted", "rejected"),
}
_ROLE_WORDS = {
    "to_truong": ("to truong", "group leader", "leader"),
    "thu_ky": ("thu ky", "thu ky to", "group secretary", "secretary"),
    "dai_bieu": ("dai bieu", "delegate"),
    "ban_thu_ky": ("ban thu ky", "ban thu ky hoi nghi", "secretariat", "conference secretariat"),
}


def _lookup(value: str, table: dict[str, tuple[str, ...]]) -> str | None:
    key = " ".join(fold(value).replace("_", " ").replace("-", " ").split())
    for code, words in table.items():
        if key == code.replace("_", " ") or key in words:
            return code
    return None


def parse_kind(value: str) -> str | None:
    return _lookup(value, _KIND_WORDS)


def parse_status(value: str) -> str | None:
    return _lookup(value, _STATUS_WORDS)


def parse_role(value: str) -> str | None:
    return _lookup(value, _ROLE_WORDS)


AGREEMENT = "nhat_tri"
AGREEMENT_ONLY_MAX = 300  # characters: a longer "nhất trí" says more than that it agrees
# What a request sounds like, accents aside: "Nhất trí, đề nghị bổ sung …" asks for something.
_REQUEST = re.compile(r"\b(?:de nghi|kien nghi|de xuat|bo sung|sua|dieu chinh|lam ro|thay vi|thay the|xem xet|"
                      r"can nhac|luu y|them)\b")
# A second sentence (or a colon's elaboration) after the agreement: "… dự thảo. Bảng số liệu thiếu …".
_MORE = re.compile(r"[.!…;:]\s+\S")


def agreement_only(kind: str, text: str, quote: str = "", proposal: str = "") -> bool:
    """A comment that only agrees with the draft ("Tổ 3 nhất trí với nội dung dự thảo."): counted, not
    listed, in the consolidated documents, and never clustered: one sentence of agreement. A "nhất trí"
    that goes on (a second sentence, a quote, proposed wording, a question, a request) is a comment like
    any other: what it says must reach the drafting committee."""
    if kind != AGREEMENT or quote or proposal or "?" in text or len(text) > AGREEMENT_ONLY_MAX:
        return False
    return _MORE.search(text.strip()) is None and _REQUEST.search(fold(text)) is None
