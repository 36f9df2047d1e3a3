"""What the window opens at start: the file given, the last draft, else the bundled sample, whose sample
comments go into a new database only."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from reviewer.paths import sample_draft  # noqa: E402
from reviewer.ui.app import _what_to_open  # noqa: E402


class Settings(dict):
    def get(self, key):
        return super().get(key, [])


def test_the_sample_comments_never_go_among_a_conferences_drafts(tmp_path):
    assert _what_to_open(None, Settings()) == (sample_draft(), True)  # a new database: a guided first look
    # Drafts merged from packages or added on the command line: the sample opens, its comments stay out.
    assert _what_to_open(None, Settings(), has_drafts=True) == (sample_draft(), False)
    last = tmp_path / "du-thao-lan-2.docx"
    last.write_bytes(b"PK")
    assert _what_to_open(None, Settings({"recent/drafts": [str(tmp_path / "gone.docx"), str(last)]})) == (last, False)
    assert _what_to_open(str(last), Settings(), has_drafts=False) == (last, False)
