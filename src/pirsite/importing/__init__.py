"""`pirsite import`: historical records from VERIS JSON, CSV or XLSX exports, never
inventing a value (what the source does not say is `unknown`), never overwriting a file,
with a dry run and a report of what was mapped, left unknown, defaulted and dropped."""

from .draft import Draft, Gap, SourceError, WriteError
from .report import render_report
from .run import FORMATS, ImportReport, Outcome, run_import

__all__ = [
    "FORMATS",
    "Draft",
    "Gap",
    "ImportReport",
    "Outcome",
    "SourceError",
    "WriteError",
    "render_report",
    "run_import",
]
