"""The PDF names a section out of context (the summary, the table form) with its parents' numbers."""
from __future__ import annotations

import pytest

from reviewer.docx import read_document
from reviewer.paths import sample_draft
from reviewer.pdf.export import export_pdf
from reviewer.pdf.options import Conference, ExportOptions
from reviewer.store import Store

pypdf = pytest.importorskip("pypdf")


def test_the_summary_and_the_table_name_sections_in_full(tmp_path):
    store = Store(tmp_path / "r.sqlite3")
    draft = store.register_draft(read_document(sample_draft()))["id"]
    farming = next(s["id"] for s in store.sections(draft) if s["number"] == "a)" and s["title"] == "Trồng trọt")
    store.add_comment(draft_id=draft, section_id=farming, group="Tổ 1", text="Bổ sung diện tích lúa.")
    store.add_comment(draft_id=draft, section_id=farming, group="Tổ 2", kind="nhat_tri", text="Nhất trí.")
    full = "PHẦN THỨ NHẤT, I.3.1.a) Trồng trọt"
    for layout in ("sections", "table"):
        out = tmp_path / f"{layout}.pdf"
        export_pdf(store, draft, out, conference=Conference(), options=ExportOptions(layout=layout))
        reader = pypdf.PdfReader(str(out))
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        overview = text[:text.index("Groups that agreed")]
        assert f"{full} 1 1 2" in overview  # the table of sections by groups
        assert f"- {full}: Tổ 2." in text  # the groups that only agreed
        if layout == "table":
            assert text.count(full) == 3  # and each row of the table (agreement is counted, not a row)
            assert any(getattr(item, "title", "") == full for item in reader.outline[-1])
    store.close()
