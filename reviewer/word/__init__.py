"""Writing Word documents the people around the conference work in, and reading back what they
changed: the draft with every comment as a native Word comment, the consolidation as an editable
table, and the drafting committee's answers from it. python-docx is loaded only here and in
``reviewer.docx.comments`` (opening a draft stays on the fast lxml path)."""
from __future__ import annotations

from reviewer.word.answers import AnswerPlan, import_answers, plan_answers, plan_notes, read_table

__all__ = ["AnswerPlan", "export_annotated", "export_report", "export_table", "import_answers", "plan_answers",
           "plan_notes", "read_table"]


def export_annotated(*args, **kwargs):
    """The draft with every comment as a native Word comment: :func:`reviewer.word.annotated.export_annotated`."""
    # deferred: python-docx is loaded only when a Word file is written
    from reviewer.word.annotated import export_annotated as export

    return export(*args, **kwargs)


def export_table(*args, **kwargs):
    """The consolidation as an editable Word table: :func:`reviewer.word.table.export_table`."""
    # deferred: python-docx is loaded only when a Word file is written
    from reviewer.word.table import export_table as export

    return export(*args, **kwargs)


def export_report(*args, **kwargs):
    """The secretariat's narrative report: :func:`reviewer.word.report.export_report`."""
    # deferred: python-docx is loaded only when a Word file is written
    from reviewer.word.report import export_report as export

    return export(*args, **kwargs)
