"""Taken up?: the proposed wording found again in the new version's section, on real text of the sample draft.

The thresholds' measurements are in tests/benchmarks/taken_up_bench.py; these cases pin each behaviour."""
from __future__ import annotations

import pytest

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.store.taken_up import TAKEN_UP, score, taken_up, wording
from tests.benchmarks.taken_up_bench import strip_accents

SECTIONS = {s.title: s.text for s in read_document(sample_draft()).sections}
GROWTH = SECTIONS["Tăng trưởng kinh tế và các chỉ tiêu chủ yếu"]
EDUCATION = SECTIONS["Giáo dục và đào tạo"]
# Real proposals: the sample comments' proposed wording, and a sentence of the draft's own kind.
BREAKTHROUGH = "Tập trung thực hiện 3 khâu đột phá, trong đó ưu tiên hạ tầng giao thông kết nối."
STORM = ("Đánh giá đầy đủ tác động của cơn bão số 3 (Yagi) đến sản xuất nông nghiệp, thu nhập của người dân "
         "và kết quả khắc phục hậu quả sau bão.")


def with_sentence(host: str, sentence: str) -> str:
    first, _sep, rest = host.partition("\n")
    return f"{first} {sentence}\n{rest}"


def test_the_wording_is_what_the_proposal_quotes_or_says_after_a_short_instruction():
    assert wording(f"Sửa thành: “{BREAKTHROUGH}”") == BREAKTHROUGH
    assert wording(f"Đề nghị sửa lại như sau: {STORM}").strip() == STORM
    long_head = "Bổ sung nội dung về phát triển hạ tầng giao thông kết nối vùng: cần nêu rõ"
    assert wording(long_head) == long_head  # a colon in a sentence is not an instruction


@pytest.mark.parametrize(("proposal", "inserted"), [
    (f"Sửa thành: “{BREAKTHROUGH}”", BREAKTHROUGH), (f"Sửa thành: “{BREAKTHROUGH}”", strip_accents(BREAKTHROUGH)),
    (STORM, STORM), (STORM, strip_accents(STORM))])
def test_a_proposal_put_in_the_new_text_verbatim_or_without_accents_is_taken_up(proposal, inserted):
    assert taken_up(proposal, with_sentence(GROWTH, inserted), GROWTH) is True


def test_a_lightly_reworded_proposal_is_taken_up_a_rewritten_one_is_not():
    reworded = STORM.replace("đầy đủ", "toàn diện").replace(" sau bão", "")  # two words changed, two dropped
    new, old = score(STORM, with_sentence(GROWTH, reworded), GROWTH)
    assert TAKEN_UP <= new < 1.0 and old < 0.5
    assert taken_up(STORM, with_sentence(GROWTH, reworded), GROWTH) is True
    rewritten = "Cơn bão Yagi gây thiệt hại lớn; tỉnh đã huy động mọi nguồn lực để khôi phục sản xuất."
    assert taken_up(STORM, with_sentence(GROWTH, rewritten), GROWTH) is False


def test_a_proposal_not_in_the_new_text_is_not_taken_up():
    assert taken_up(STORM, with_sentence(GROWTH, BREAKTHROUGH), GROWTH) is False
    assert taken_up(STORM, EDUCATION, EDUCATION) is False


def test_changing_one_figure_of_a_sentence_the_new_version_kept_is_not_taken_up():
    sentence = GROWTH.split(". ")[0]
    assert "7,2%" in sentence
    proposal = sentence.replace("7,2%", "7,5%")
    new, old = score(proposal, GROWTH, GROWTH)
    assert new > TAKEN_UP and new == old  # as alike as ever: the new version did not change it
    assert taken_up(proposal, GROWTH, GROWTH) is False
    assert taken_up(proposal, GROWTH.replace("7,2%", "7,5%"), GROWTH) is True  # the figure was changed


def test_no_proposal_gives_none_and_short_wording_must_be_there_word_for_word():
    assert taken_up("", GROWTH, GROWTH) is None
    assert taken_up("  ", GROWTH, GROWTH) is None
    assert taken_up("kinh tế số", GROWTH + " Phát triển kinh tế số.", GROWTH) is True
    assert taken_up("kinh tế số", GROWTH, GROWTH) is False
