"""The consolidated PDF: ``export_pdf(store, draft_id, path, conference=..., options=...)``.

:mod:`~reviewer.pdf.options` says what is asked for, :mod:`~reviewer.pdf.story` assembles the
document from the store, :mod:`~reviewer.pdf.layout` and :mod:`~reviewer.pdf.text` lay it out.
"""
from reviewer.pdf.export import ExportCancelled, ExportError, ExportResult, export_pdf
from reviewer.pdf.options import LAYOUTS, Conference, ExportOptions, load_conference, parse_date

__all__ = ["LAYOUTS", "Conference", "ExportCancelled", "ExportError", "ExportOptions", "ExportResult", "export_pdf",
           "load_conference", "parse_date"]
