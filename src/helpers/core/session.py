"""Where the workbook is running, and where studies live.

Three modes:

- ``"lab"``: a person's own JupyterLab, or any plain kernel. Studies can be created.
- ``"readonly"``: a Voila walkthrough for leaders. Nothing is written to disk; notebooks
  get ``Study.scratch()`` studies that say so.
- ``"capture"``: the capture app started by ``make capture STUDY=...``; the one study it
  writes to comes from the server's environment (``DEMAND_STUDY``), never from a URL.

The mode comes from ``DEMAND_MODE``, set by ``make walkthrough`` and ``make capture`` for
their Voila servers. Under Voila without it (``VOILA_BASE_URL`` is set for every Voila
kernel), the mode is read-only: the safe default.

>>> import os
>>> os.environ["DEMAND_MODE"] = "readonly"
>>> mode()
'readonly'
>>> del os.environ["DEMAND_MODE"]
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["MODES", "ROOT", "mode", "is_readonly", "studies_dir", "capture_study_path"]

MODES = ("lab", "readonly", "capture")

#: The repository root (src/helpers/session.py -> the folder holding src/).
ROOT = Path(__file__).resolve().parents[3]


def mode() -> str:
    """Return ``"lab"``, ``"readonly"`` or ``"capture"``.

    >>> import os
    >>> os.environ["DEMAND_MODE"] = "Capture "
    >>> mode()
    'capture'
    >>> os.environ["DEMAND_MODE"] = "party"
    >>> mode()
    Traceback (most recent call last):
    ...
    ValueError: DEMAND_MODE is 'party', which is not a mode of the workbook. Use one of: lab, readonly, capture.
    >>> del os.environ["DEMAND_MODE"]
    """
    raw = os.environ.get("DEMAND_MODE", "").strip().lower()
    if raw:
        if raw not in MODES:
            raise ValueError(
                f"DEMAND_MODE is {os.environ['DEMAND_MODE']!r}, which is not a mode of the "
                f"workbook. Use one of: {', '.join(MODES)}."
            )
        return raw
    if os.environ.get("VOILA_BASE_URL") is not None:
        return "readonly"
    return "lab"


def is_readonly() -> bool:
    """True in a read-only walkthrough, where nothing may be written."""
    return mode() == "readonly"


def studies_dir(create: bool = False) -> Path:
    """The folder that holds the team's studies.

    ``$DEMAND_STUDIES_DIR`` if set, else ``studies/`` at the repository root (ignored by
    git: a team's data is theirs and may be personal). With ``create=True`` the folder is
    made if missing, except in read-only mode, which never writes.

    >>> import os
    >>> os.environ["DEMAND_STUDIES_DIR"] = "/tmp/my-studies"
    >>> studies_dir().as_posix()
    '/tmp/my-studies'
    >>> del os.environ["DEMAND_STUDIES_DIR"]
    >>> studies_dir().name
    'studies'
    """
    raw = os.environ.get("DEMAND_STUDIES_DIR", "").strip()
    folder = Path(raw).expanduser() if raw else ROOT / "studies"
    if create:
        if is_readonly():
            raise PermissionError(
                "This is a read-only walkthrough, so no study folder is created. "
                "Use Study.scratch() to try things out in memory."
            )
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def capture_study_path() -> Path:
    """The one study the capture app writes to, from ``$DEMAND_STUDY``.

    Only the server's environment sets it (``make capture STUDY=...``); a URL or a widget
    never can.

    >>> import os
    >>> os.environ["DEMAND_STUDY"] = "/tmp/repairs.study"
    >>> capture_study_path().name
    'repairs.study'
    >>> del os.environ["DEMAND_STUDY"]
    """
    raw = os.environ.get("DEMAND_STUDY", "").strip()
    if not raw:
        raise RuntimeError(
            "The capture app was started without a study. Start it with "
            "'make capture STUDY=path/to/your.study' (or 'python tasks.py capture path/to/your.study')."
        )
    return Path(raw).expanduser().resolve()
