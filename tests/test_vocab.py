"""The words secretaries type for kinds and statuses, accents, case and spacing aside."""
import pytest

from reviewer.vocab import parse_kind, parse_status


@pytest.mark.parametrize(("typed", "kind"), [
    ("Góp ý", "gop_y"), ("Ý kiến khác", "gop_y"), ("Sửa đổi", "sua_doi"), ("Bổ sung", "bo_sung"),
    ("Lược bỏ", "de_nghi_bo"), ("Đề nghị bỏ", "de_nghi_bo"), ("Thống nhất", "nhat_tri"), ("NHẤT TRÍ", "nhat_tri"),
    ("Đồng ý", "nhat_tri"), ("Câu hỏi", "cau_hoi"), ("nhat_tri", "nhat_tri"), ("Proposed amendment", "sua_doi"),
    ("Lu\u031bo\u031b\u0323c bo\u0309", "de_nghi_bo"),
])
def test_kinds_as_typed(typed, kind):
    assert parse_kind(typed) == kind


def test_unknown_words_are_not_guessed():
    assert parse_kind("Khen thưởng") is None
    assert parse_status("Tiếp thu một phần") == "tiep_thu_mot_phan"
    assert parse_status("đã xong") is None
