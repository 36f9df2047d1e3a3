"""Reading a draft: a .docx (or, through LibreOffice, an old .doc) becomes a :class:`reviewer.model.Document`.

``open_draft`` is the entry point; the work is a single lxml pass over the body
(:mod:`~reviewer.docx.reader`), Word's styles and automatic numbering
(:mod:`~reviewer.docx.styles`, :mod:`~reviewer.docx.numbering`), typed section numbers
(:mod:`~reviewer.docx.section_numbers`), the decision of what is a heading
(:mod:`~reviewer.docx.headings`) and legacy Vietnamese fonts (:mod:`~reviewer.docx.legacy_fonts`).
"""
from reviewer.docx.convert import find_soffice
from reviewer.docx.outline import CLOSING_ID, PREAMBLE_ID, open_draft, read_document

__all__ = ["CLOSING_ID", "PREAMBLE_ID", "find_soffice", "open_draft", "read_document"]
