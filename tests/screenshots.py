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
        window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible())
        window.resize(1400, 860)
        section = next(s.id for s in window.session.document.sections if s.heading.startswith("1. Tăng trưởng"))
        window.select_section(section)
        window.panel.editor.set_quote("tăng 8,4% so với năm 2023")
        window.panel.editor.text.setPlainText("Đề nghị làm rõ cơ cấu vốn đầu tư: ngân sách nhà nước, "
                                              "doanh nghiệp và khu vực dân cư.")
        app.processEvents()
        window.grab().save(str(OUT / "window-review.png"))
        window.panel.editor.reset()
        window.tabs.setCurrentIndex(1)
        app.processEvents()
        window.grab().save(str(OUT / "window-consolidation.png"))
        pdf_pages(window.session)
        print("wrote", *sorted(p.name for p in OUT.glob("*.png")))
        app.quit()

    QTimer.singleShot(3000, snap)
    return ui_app.run()


if __name__ == "__main__":
    sys.exit(main())
