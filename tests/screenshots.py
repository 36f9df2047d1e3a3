"""Take the README's screenshots of the real window on the bundled sample (``make screenshots``).

Run under Xvfb (the Makefile uses xvfb-run when it is installed) or offscreen.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "screenshots"


def pdf_pages(session) -> None:
    """One page of each PDF layout, as a secretariat clerk would see it printed."""
    import shutil
    import subprocess

    from reviewer.pdf import ExportOptions, export_pdf, load_conference

    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: PDF pages not rendered")
        return
    tmp = Path(tempfile.mkdtemp(prefix="reviewer-pdf-"))
    for layout, page in (("sections", 2), ("table", 3)):
        pdf = tmp / f"{layout}.pdf"
        result = export_pdf(session.store, session.draft_id, pdf, conference=load_conference(session.store),
                            options=ExportOptions(layout=layout))
        page = min(page, result.pages)
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                        str(OUT / f"pdf-{layout}")], check=True)


def main() -> int:
    os.environ["REVIEWER_HOME"] = tempfile.mkdtemp(prefix="reviewer-shots-")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from reviewer.ui import app as ui_app
    from reviewer.ui.settings import Settings

    settings = Settings()
    settings.set("identity/name", "Nguyễn Thị Lan")
    settings.set("identity/group", "Tổ 2")
    settings.set("ui/language", "vi")
    settings.sync()
    OUT.mkdir(parents=True, exist_ok=True)

    def snap() -> None:
        from PySide6.QtWidgets import QPlainTextEdit

        from reviewer.textnorm import find_passage
        from reviewer.ui.table_model import COLUMNS

        window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible())
        window.showNormal()
        window.resize(1366, 740)  # a delegate's laptop, less the window frame and the panel
        session = window.session
        sections = session.document.sections
        growth = next(s for s in sections if s.heading.startswith("1. Tăng trưởng"))
        quote = "vượt kế hoạch đề ra"
        start, end = find_passage(growth.text, quote)
        session.add_comment(section_id=growth.id, group="Tổ 2", author="Trần Văn Bình", kind="sua_doi",
                            text="Đề nghị nêu rõ chỉ tiêu nào vượt, chỉ tiêu nào chưa đạt.", quote=quote,
                            quote_start=start, quote_end=end)
        window.select_section(growth.id)
        # A comment begun here, then the reader moved on: the editor still names its own section.
        window.panel.editor.text.setPlainText("Đề nghị làm rõ cơ cấu vốn đầu tư: ngân sách nhà nước, "
                                              "doanh nghiệp và khu vực dân cư.")
        window.next_section()
        window.select_section(growth.id)
        window.next_section()
        app.processEvents()
        window.grab().save(str(OUT / "window-review.png"))
        window.panel.editor.load({})
        # The secretariat types a two-line response in the consolidation table.
        window.tabs.setCurrentIndex(1)
        view = window.consolidation
        app.processEvents()
        index = view.proxy.index(0, COLUMNS.index("response"))
        view.table.setCurrentIndex(index)
        view.table.edit(index)
        app.processEvents()
        editor = next((e for e in view.table.findChildren(QPlainTextEdit) if e.isVisible()), None)
        if editor is not None:
            editor.setPlainText("Tiếp thu: đã bổ sung số liệu so sánh với cùng kỳ.\n"
                                "Giải trình thêm về chỉ tiêu thu ngân sách tại mục 2.")
        app.processEvents()
        window.grab().save(str(OUT / "window-consolidation.png"))
        if editor is not None:
            view.table.closeEditor(editor, view.table.itemDelegate().EndEditHint.RevertModelCache)
        pdf_pages(session)
        print("wrote", *sorted(p.name for p in OUT.glob("*.png")))
        app.quit()

    QTimer.singleShot(3000, snap)
    return ui_app.run()


if __name__ == "__main__":
    sys.exit(main())
