"""The Word consolidation table of a revised draft names, per carried comment whose section was named otherwise
in the previous version, that section ("Bản trước: mục …")."""
from __future__ import annotations

import docx
import pytest

from reviewer.export_options import load_conference
from reviewer.word import export_table
from tests.pdf.test_revise_pdf import revised_store


@pytest.mark.parametrize("form", ["party", "statutory"])
def test_the_table_names_the_section_of_the_previous_version(tmp_path, form):
    store, new = revised_store(tmp_path / "reviews.sqlite3")
    out = tmp_path / f"{form}.docx"
    with store:
        export_table(store, new, out, conference=load_conference(store), form=form)
    rows = docx.Document(str(out)).tables[-1].rows
    where = {row.cells[0 if form == "statutory" else 1].text for row in rows[1:]}
    moved = [w for w in where if "Bản trước" in w]
    assert len(moved) == 1 and "Bản trước: mục PHẦN THỨ NHẤT, I.2. Tài chính, ngân sách, tín dụng" in moved[0]
    assert "I.3. Tài chính" in moved[0]  # its section now
