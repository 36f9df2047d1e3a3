"""The outline's count tooltip says where the groups stand on a section (issue 16): "2/4 groups agreed"."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from reviewer.store.similar import similar_comments  # noqa: E402
from tests.ui.helpers import make_window, open_sample  # noqa: E402


def test_the_count_tooltip_tallies_the_groups_that_agreed(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path / "r.sqlite3")
    try:
        open_sample(qtbot, window)
        session = window.session
        forestry = next(s.id for s in session.document.sections if s.heading == "3.2. Lâm nghiệp")
        session.add_comment(section_id=forestry, group="Tổ 4", text="Nhất trí.", kind="nhat_tri")
        session.add_comment(section_id=forestry, group="Tổ 1", text="Nhất trí với dự thảo.", kind="nhat_tri")
        session.add_comment(section_id=forestry, group="Tổ 2", text="Bổ sung diện tích rừng trồng mới.")
        groups = len(session.store.groups())
        tip = window.tree_model.index_of(forestry).siblingAtColumn(1).data(Qt.ItemDataRole.ToolTipRole)
        assert tip.endswith(f"\n2/{groups} groups agreed: Tổ 1, Tổ 4")
    finally:
        window.close()
        window.session.store.close()


def test_the_consolidation_footer_shows_the_stance_and_similar_comments_of_one_section(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path / "r.sqlite3")
    try:
        open_sample(qtbot, window)
        session = window.session
        forestry = next(s.id for s in session.document.sections if s.heading == "3.2. Lâm nghiệp")
        session.add_comment(section_id=forestry, group="Tổ 4", text="Nhất trí.", kind="nhat_tri")
        session.add_comment(section_id=forestry, group="Tổ 2", text="Đề nghị bổ sung số liệu diện tích rừng trồng mới.")
        session.add_comment(section_id=forestry, group="Tổ 5", text="bo sung so lieu dien tich rung trong moi")
        farming = next(s.id for s in session.document.sections if s.heading == "a) Trồng trọt")
        session.add_comment(section_id=farming, group="Tổ 1", text="Về trồng trọt.")
        window.tabs.setCurrentWidget(window.consolidation)
        view = window.consolidation
        combo = view.filters["section"]
        combo.setCurrentIndex(combo.findData(forestry))
        groups = len({c.group for c in session.comments()})  # the groups with comments on the draft
        qtbot.waitUntil(lambda: f"1/{groups} groups agreed: Tổ 4" in view.counts.text())
        suggestion = "Tổ 2, Tổ 5 made the same point: “Đề nghị bổ sung số liệu diện tích rừng trồng mới.”"
        assert suggestion in view.similar.text() and view.similar.isVisible()
        assert '<a href="confirm:0">Confirm</a>' in view.similar.text()

        view.similar.linkActivated.emit("confirm:0")  # the secretariat confirms the suggestion
        qtbot.waitUntil(lambda: "— confirmed · " in view.similar.text())
        [cluster] = similar_comments(session.store, session.draft_id)
        assert cluster.confirmed and cluster.groups == ["Tổ 2", "Tổ 5"]
        view.similar.linkActivated.emit("split:0")  # then splits it: never suggested again
        qtbot.waitUntil(lambda: not view.similar.isVisible())
        assert similar_comments(session.store, session.draft_id) == []

        session.add_comment(section_id=forestry, group="Tổ 6", text="Đề nghị bổ sung số liệu diện tích rừng trồng mới")
        qtbot.waitUntil(lambda: "Tổ 2, Tổ 6 made the same point" in view.similar.text())
        combo.setCurrentIndex(0)  # every section: no per-section notes
        qtbot.waitUntil(lambda: not view.similar.isVisible())
        assert "groups agreed" not in view.counts.text()
    finally:
        window.close()
        window.session.store.close()
