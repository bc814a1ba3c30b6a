"""The errors a person may meet, each saying what was wrong and what to do."""
from __future__ import annotations

__all__ = ["DemandDataError", "StudyError"]


class DemandDataError(ValueError):
    """A file of demands (or a table in one) that cannot be taken as it is.

    The message names the file, the row as the person sees it in Excel (the header
    is row 1) and the column, and says what was expected. Nothing is half-loaded.

    >>> err = DemandDataError("expected a date like 03/04/2026", file="sheet.csv", row=7, column="Date")
    >>> print(err)
    sheet.csv, row 7, column 'Date': expected a date like 03/04/2026
    >>> err.row
    7
    """

    def __init__(self, message: str, *, file=None, row: int | None = None, column: str | None = None):
        self.file = None if file is None else str(file)
        self.row = row
        self.column = column
        self.reason = message
        where = [text for text, given in ((self.file, file), (f"row {row}", row), (f"column {column!r}", column))
                 if given is not None]
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
        #: the message for a person using the forms, without code (``import_sheet`` words it so)
        self.plain = str(self)


class StudyError(RuntimeError):
    """Something a study cannot do as asked (a read-only study, a file that is not a study...)."""
