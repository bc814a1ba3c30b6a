"""Where the workbook is running, and where studies live.

Three modes:

- ``"lab"``: a person's own JupyterLab, or any plain kernel. Studies can be created.
- ``"readonly"``: a Voila walkthrough for leaders. Nothing is written to disk; notebooks
  get ``Study.scratch()`` studies that say so.
- ``"capture"``: the capture app started by ``make capture STUDY=...``, writing to the one
  study the server's environment names.

The mode comes from ``DEMAND_MODE``, set by ``make walkthrough`` and ``make capture``; under
Voila without it (``VOILA_BASE_URL`` is set), it is read-only: the safe default.
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["MODES", "ROOT", "mode", "is_readonly", "studies_dir", "capture_study_path"]

MODES = ("lab", "readonly", "capture")

#: The repository root (src/helpers/session.py -> the folder holding src/).
ROOT = Path(__file__).resolve().parents[3]


def mode() -> str:
    """Return ``"lab"``, ``"readonly"`` or ``"capture"`` (``DEMAND_MODE``, in any case)."""
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
    """The one study the capture app writes to, from ``$DEMAND_STUDY``: only the server's
    environment sets it (``make capture STUDY=...``), never a URL or a widget."""
    raw = os.environ.get("DEMAND_STUDY", "").strip()
    if not raw:
        raise RuntimeError(
            "The capture app was started without a study. Start it with "
            "'make capture STUDY=path/to/your.study' (or 'python tasks.py capture path/to/your.study')."
        )
    return Path(raw).expanduser().resolve()
