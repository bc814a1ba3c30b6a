"""Helpers for studying the demand on a public service.

Every notebook in the workbook imports this package. It stays light to import:
the names below are loaded on first use, so a notebook or a Voila page starts fast.

>>> import helpers
>>> helpers.session.mode() in {"lab", "readonly", "capture"}
True
"""
from __future__ import annotations

import importlib
import sys
import types

# public name -> module that defines it (loaded lazily on first use)
_EXPORTS = {
    "DemandDataError": "errors",
    "StudyError": "errors",
    "load_demands": "loader",
    "Study": "study",
    "merge_studies": "study",
    "studies_dir": "session",
    "saturation": "saturation",
    "check_study": "checks",
    "xmr": "predictability",
    "case_summary": "cases",
    "agreement": "agreement",
    "find_personal_data": "personal_data",
    "redact": "personal_data",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:  # (no typing import: it costs more than the package)
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module 'helpers' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


class _Package(types.ModuleType):
    """``helpers.saturation`` and ``helpers.agreement`` are functions named like their modules.

    Importing a submodule normally sets the package attribute to the module, which would
    hide the function; this keeps the function (the module stays in ``sys.modules``).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == name:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
