"""Find the sample data, whatever folder a notebook runs in.

>>> path("README.md").name
'README.md'
>>> path("no_such_file.csv")
Traceback (most recent call last):
...
FileNotFoundError: There is no sample file 'no_such_file.csv' in the datasets folder. ...
"""
from __future__ import annotations

import os
from pathlib import Path

from helpers.core.session import ROOT

__all__ = ["folder", "available", "path"]


def folder() -> Path:
    """The datasets folder: ``$DEMAND_DATASETS_DIR`` if set, else ``datasets/`` at the root."""
    raw = os.environ.get("DEMAND_DATASETS_DIR", "").strip()
    return Path(raw).expanduser() if raw else ROOT / "datasets"


def available() -> list[str]:
    """The sample files there are, by name."""
    base = folder()
    if not base.is_dir():
        return []
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def path(name: str) -> Path:
    """The full path of the sample file ``name`` (e.g. ``"repairs_demands.csv"``)."""
    base = folder()
    target = base / name
    if not target.is_file():
        names = [n for n in available() if not n.endswith(".py")]
        shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
        raise FileNotFoundError(
            f"There is no sample file {name!r} in the datasets folder. "
            f"It has: {shown or 'nothing yet'}."
        )
    return target
