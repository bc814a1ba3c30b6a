"""Helpers for studying the demand on a public service.

Every notebook in the workbook imports this package. The package is in layers, and imports
only go down: ``serve`` (the commands), ``teaching`` (the workbooks' widgets and forms),
``views`` (plots, captions, cards), ``analysis`` (the numbers and the checks) and ``core``
(errors, places, the one vocabulary, tables and the Study).

It stays light to import: the names below are loaded on first use, so a notebook or a Voila
page starts fast. A notebook may also name a module by its short name
(``from helpers import plots, exercises``).

>>> import helpers
>>> helpers.session.mode() in {"lab", "readonly", "capture"}
True
"""
from __future__ import annotations

import importlib

# public name -> module that defines it (loaded on first use)
_EXPORTS = {
    "DemandDataError": "core.errors",
    "StudyError": "core.errors",
    "load_demands": "core.loader",
    "Study": "core.study",
    "merge_studies": "core.study",
    "list_studies": "core.study",
    "import_sheet": "core.sheets",
    "ImportResult": "core.sheets",
    "studies_dir": "core.session",
    "saturation": "views.reports",
    "check_study": "views.reports",
    "xmr": "views.reports",
    "agreement": "views.reports",
    "calibration": "views.reports",
    "calibration_round": "teaching.calibration",
    "case_summary": "analysis.cases",
    "find_personal_data": "core.personal_data",
    "redact": "core.personal_data",
    "team_summary": "teaching.summary",
    "type_wall": "teaching.summary",
    "pick_study": "teaching.setup",
    "debrief": "teaching.daily",
    "sheet_form": "teaching.daily",
}

# a module's short name, as notebooks write it -> where it lives
_MODULES = {
    "session": "core.session", "datasets": "core.datasets", "study": "core.study",
    "loader": "core.loader", "tabular": "core.tabular", "errors": "core.errors", "sheets": "core.sheets",
    "predictability": "analysis.predictability", "cases": "analysis.cases",
    "personal_data": "core.personal_data", "checks": "analysis.checks",
    "plots": "views.plots", "figures": "views.figures", "checkmap": "views.checkmap",
    "printables": "views.printables",
    "capture": "teaching.capture", "console": "teaching.console", "exercises": "teaching.exercises",
    "feedback": "teaching.feedback", "fortnight": "teaching.fortnight", "lessons": "teaching.lessons",
    "nextsteps": "teaching.nextsteps", "people": "teaching.people", "setup": "teaching.setup", "daily": "teaching.daily",
    "shareback": "teaching.shareback", "summary": "teaching.summary", "targets": "teaching.targets", "teams": "teaching.teams",
    "thresholds": "teaching.thresholds",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    elif name in _MODULES:
        value = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    else:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | set(_MODULES))
