"""What only agrees with the draft (counted, not listed) and what says more (printed like any comment)."""
from __future__ import annotations

import pytest

from reviewer.vocab import agreement_only


@pytest.mark.parametrize("text", [
    "Tổ thống nhất với nội dung của mục này.",
    "Về cơ bản nhất trí với bố cục và nội dung dự thảo.",
    "Nhất trí cao với đánh giá về nền kinh tế và công tác cán bộ.",  # "nền", "cán" are no requests
    "TỔ 3 NHẤT TRÍ",
])
def test_one_sentence_of_agreement_only_agrees(text):
    assert agreement_only("nhat_tri", text)


@pytest.mark.parametrize("text", [
    "Về cơ bản nhất trí với bố cục và nội dung dự thảo. Bảng số liệu kèm theo thiếu cột so sánh với cùng kỳ.",
    "Nhất trí, đề nghị bổ sung số liệu năm 2024",
    "Nhat tri, de nghi lam ro nguyen nhan",  # typed without accents
    "Nhất trí; lưu ý thống nhất cách viết hoa",
    "Nhất trí nhưng chỉ tiêu này có khả thi không?",
    "Thống nhất: tỷ lệ nên đặt ở mức 7,2% thay vì 4,8%",
    "Nhất trí " + "rất cao " * 50,  # longer than an agreement
])
def test_an_agreement_that_goes_on_says_more(text):
    assert not agreement_only("nhat_tri", text)


def test_only_the_agreement_kind_and_nothing_quoted_or_proposed():
    plain = "Tổ thống nhất với nội dung của mục này."
    assert not agreement_only("gop_y", plain)
    assert not agreement_only("nhat_tri", plain, quote="tăng trưởng 7,2%")
    assert not agreement_only("nhat_tri", plain, proposal="tăng trưởng 7,5%")
