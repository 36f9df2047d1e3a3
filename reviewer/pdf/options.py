"""What an export is asked for: the conference's print settings (stored as text in the database) and
the export options."""
# The definitions live in reviewer.export_options, which the Word documents share without reportlab.
from reviewer.export_options import (  # noqa: F401 (re-exported)
    LAYOUTS,
    Conference,
    ExportOptions,
    default_number_line,
    default_title,
    load_conference,
    parse_date,
)
