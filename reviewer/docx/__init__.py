"""Reading a draft: a .docx (or, through LibreOffice, an old .doc) becomes a :class:`reviewer.model.Document`.

``open_draft`` is the entry point; the work is a single lxml pass over the body
(:mod:`~reviewer.docx.reader`), Word's styles and automatic numbering
(:mod:`~reviewer.docx.styles`, :mod:`~reviewer.docx.numbering`), typed section numbers
(:mod:`~reviewer.docx.section_numbers`), the decision of what is a heading
(:mod:`~reviewer.docx.headings`) and legacy Vietnamese fonts (:mod:`~reviewer.docx.legacy_fonts`).
"""
from reviewer.docx.convert import find_soffice
from reviewer.docx.package import Opening

__all__ = ["CLOSING_ID", "PREAMBLE_ID", "Opening", "find_soffice", "open_draft", "read_document"]
_OUTLINE = {"CLOSING_ID", "PREAMBLE_ID", "open_draft", "read_document"}


def __getattr__(name: str):
    # The reader proper loads on first use, so that a draft's Opening can begin before it does.
    if name in _OUTLINE:
        from reviewer.docx import outline  # deferred: see above

        return getattr(outline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
