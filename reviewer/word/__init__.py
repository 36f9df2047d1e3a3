"""Writing Word documents the people around the conference work in, and reading back what they
changed: the draft with every comment as a native Word comment, the consolidation as an editable
table, and the drafting committee's answers from it. python-docx is loaded only here and in
``reviewer.docx.comments`` (opening a draft stays on the fast lxml path)."""
