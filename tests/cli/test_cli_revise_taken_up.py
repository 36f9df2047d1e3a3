"""`reviewer draft revise --json` says, per carried comment, whether its proposed wording was taken up."""
from __future__ import annotations

import json
from pathlib import Path

import docx

from reviewer.paths import sample_draft
from tests.cli.test_cli_comments import ok, reviewer

BREAKTHROUGH = "Tập trung thực hiện 3 khâu đột phá, trong đó ưu tiên hạ tầng giao thông kết nối."


def edited_sample(path: Path, after: str, sentence: str) -> Path:
    """The sample draft with ``sentence`` added at the end of the paragraph that holds ``after``."""
    document = docx.Document(str(sample_draft()))
    paragraph = next(p for p in document.paragraphs if after in p.text)
    paragraph.add_run(" " + sentence)
    document.save(str(path))
    return path


def test_revise_json_says_which_proposals_now_stand_in_the_new_text(tmp_path):
    db = tmp_path / "reviews.sqlite3"
    old = ok(reviewer("draft", "add", sample_draft(), db=db)).split()[-1]
    sections = json.loads(ok(reviewer("outline", sample_draft(), "--json")))["sections"]
    growth = next(s for s in sections if s["title"].startswith("Tăng trưởng kinh tế"))
    first_paragraph = growth["text"].split("\n")[0]
    figure = first_paragraph.split(". ")[0].replace("7,2%", "7,5%")  # the sentence stays as it was
    comments = [("Đề nghị nêu rõ khâu đột phá", ["--proposal", f"Sửa thành: “{BREAKTHROUGH}”"]),
                ("Cập nhật số liệu", ["--proposal", figure]),
                ("Bổ sung về bão số 3", ["--proposal", "Thêm một đoạn về thiệt hại do bão số 3 và kết quả khắc phục."]),
                ("Nhất trí", [])]
    ids = {ok(reviewer("comment", "add", "--draft", old, "--section", growth["id"], "--group", "Tổ 1", "--text",
                       text, *extra, db=db)).split()[-1]: text for text, extra in comments}
    new_file = edited_sample(tmp_path / "v2.docx", first_paragraph[-40:], BREAKTHROUGH)

    result = json.loads(ok(reviewer("draft", "revise", old, new_file, "--json", db=db)))
    listed = {c["id"]: c for c in json.loads(ok(reviewer("comment", "list", "--draft", result["draft"], "--json",
                                                         db=db)))}
    taken = {listed[c["id"]]["text"]: c["taken_up"] for c in result["comments"] if c["id"] in listed
             and listed[c["id"]]["text"] in ids.values()}
    assert taken == {"Đề nghị nêu rõ khâu đột phá": True, "Cập nhật số liệu": False, "Bổ sung về bão số 3": False,
                     "Nhất trí": None}
    assert {listed[c]["status"] for c in listed} == {"moi"}  # a hint only: no status was set
