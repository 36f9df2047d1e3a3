"""Where the window proposes to save: a name that says which draft and day, never an existing file."""
from __future__ import annotations

import datetime

import pytest

pytest.importorskip("PySide6")

from reviewer.ui import places  # noqa: E402


def test_a_second_export_never_proposes_the_first_one_s_name(tmp_path):
    day = datetime.date(2026, 12, 2)
    title = "Báo cáo kết quả thực hiện nhiệm vụ năm 2024, phương hướng, nhiệm vụ năm 2025"
    first = places.suggested_path(tmp_path, "Tổng hợp ý kiến", title, ".pdf", today=day)
    assert first.name == "Tong-hop-y-kien_Bao-cao-ket-qua-thuc-hien-nhiem-vu-nam-2024_2026-12-02.pdf"
    first.write_bytes(b"%PDF")
    second = places.suggested_path(tmp_path, "Tổng hợp ý kiến", title, ".pdf", today=day)
    assert second.name == first.stem + " (2).pdf"
    other = places.suggested_path(tmp_path, "Tổ 2", "Dự thảo Kế hoạch đầu tư công", ".gopy", today=day)
    assert other.name == "To-2_Du-thao-Ke-hoach-dau-tu-cong_2026-12-02.gopy"
    # A print of one group (a unit of a province: a long name) says whose it is.
    unit = places.suggested_path(tmp_path, "Tổng hợp ý kiến", title, ".pdf", today=day,
                                 who="Đảng bộ xã Quảng Điền số 12")
    assert unit.name == "Tong-hop-y-kien_Dang-bo-xa-Quang-Dien-so-12_Bao-cao-ket-qua-thuc-hien-nhiem-vu-nam-2024_" \
                        "2026-12-02.pdf"


def test_the_folder_proposed_is_the_last_one_saved_to_if_it_still_exists(tmp_path):
    class Settings(dict):
        def get(self, key):
            return super().get(key, "")

        def set(self, key, value):
            self[key] = value

    settings = Settings()
    assert places.save_folder(settings) == places.documents_folder()
    places.remember_folder(settings, tmp_path / "a.pdf")
    assert places.save_folder(settings) == tmp_path
    settings["export/folder"] = str(tmp_path / "gone")
    assert places.save_folder(settings) == places.documents_folder()


def test_a_dialog_to_open_a_draft_starts_beside_the_draft_not_in_the_programs_samples(tmp_path):
    from reviewer.paths import sample_draft
    from reviewer.ui import places
    from reviewer.ui.settings import Settings

    settings = Settings()
    mine = tmp_path / "du-thao.docx"
    mine.write_bytes(b"")
    assert places.open_folder(settings, mine) == tmp_path
    assert places.open_folder(settings, sample_draft()) != sample_draft().parent
    places.remember_folder(settings, mine, "open/folder")
    assert places.open_folder(settings, sample_draft()) == tmp_path
    assert places.open_folder(settings, None) == tmp_path
