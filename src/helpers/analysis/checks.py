"""A second pair of eyes on a study: the nine ways to get it wrong, noticed quietly.

``check_study(study_or_frame)`` returns a list of :class:`Finding`. Each has a stable
``code`` (e.g. "M2-typology-before-demand"), the ``mistake`` it is about (1-9, or 0 for
cross-cutting ones such as the quality of the words), a ``severity`` ("note" or
"warning": a warning only where the evidence is near-conclusive), a plain ``message`` that
names its threshold and says what to do, the ``evidence`` (counts and a few example
demands), the ``workbook`` to turn to and, when the team has recorded why it accepts a
finding with ``Study.acknowledge(code, reason)``, that reason as ``acknowledged``.

The checks never cry wolf. Nothing is said before there is enough to say it (100 demands,
or demand heard on two days, unless a check needs less); managers listening is right and
never a finding; a low failure share is at most a curious note, never "normal" or "low for
the sector"; nothing is counted per member of staff (mistake 1 counts roles, not output).

>>> from helpers import Study
>>> study = Study.scratch(name="Repairs", team={"Priya": "improvement analyst"})
>>> study.user = "Priya"
>>> for day in ("2026-03-02", "2026-03-03"):
...     _ = study.record("water coming through my ceiling", classification="value",
...                      demand_type="Leak", received_at=f"{day}T09:00:00")
>>> [(f.code, f.severity) for f in check_study(study) if f.mistake == 1]
[('M1-only-analysts', 'warning')]

A :class:`Monitor` keeps the findings up to date during live capture, reading only what
is new since it last looked:

>>> monitor = Monitor(study)
>>> study.add_member("Sam", "repairs manager")
>>> _ = study.record("my toilet is blocked", classification="value", demand_type="Blocked toilet",
...                  captured_by="Sam", received_at="2026-03-03T10:00:00")
>>> [f.code for f in monitor.refresh() if f.mistake == 1]
[]
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.analysis._mistakes import CODES, Context, Finding, run as _run, saturation_state
from helpers.analysis._state import FrameReader, StudyReader
from helpers.core.study import Study

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Finding", "check_study", "Monitor", "findings_table", "CODES"]


def check_study(study_or_frame, *, calibration=None) -> list[Finding]:
    """Look at a study (or a frame from ``load_demands``) for the nine classic mistakes.

    Returns a list of :class:`Finding` (empty when there is nothing to say). A frame gives
    only what its columns allow: the checks that need the team, the plan or the event log
    are left out. ``calibration`` may be a :func:`helpers.agreement` result (or a list of
    them) to include in the calibration check.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"verbatim": [None] * 120, "demand_type": ["NOISE - RESIDENTIAL"] * 120})
    >>> [(f.code, f.severity) for f in check_study(frame)]
    [('M3-existing-categories', 'warning')]
    """
    if isinstance(study_or_frame, Study):
        return _run(Context(StudyReader(study_or_frame).refresh(), calibration))
    import pandas as pd  # only for a frame: the capture path stays light

    if isinstance(study_or_frame, pd.DataFrame):
        return _run(Context(FrameReader(study_or_frame), calibration))
    raise TypeError(f"check_study needs a Study or a DataFrame from load_demands; it was given a "
                    f"{type(study_or_frame).__name__}.")


class Monitor:
    """Findings kept up to date during live capture, cheaply: after one more ``record()``,
    ``refresh()`` costs a small fraction of a full :func:`check_study`, and gives the same findings.

    >>> from helpers import Study
    >>> Monitor(Study.scratch()).refresh()
    []
    """

    def __init__(self, study: Study, *, calibration=None):
        self.study = study
        self.calibration = calibration
        self._reader = StudyReader(study)
        self.findings: list[Finding] = []
        #: The saturation verdict and point as :func:`helpers.saturation` would give them on
        #: the study (with days as units), from the same tallies: cheap to keep up to date.
        self.saturation: dict = {"verdict": "not yet", "saturation_point": None, "days": 0}

    def refresh(self) -> list[Finding]:
        """The findings now (also kept as ``.findings``; ``.saturation`` is refreshed too)."""
        self._reader.refresh()
        context = Context(self._reader, self.calibration)
        self.findings = _run(context)
        verdict, point, days = saturation_state(context)
        self.saturation = {"verdict": verdict, "saturation_point": point, "days": days}
        return self.findings


def findings_table(findings) -> "pd.DataFrame":
    """The findings as a table: code, mistake, severity, message, workbook, acknowledged.

    >>> findings_table([]).columns.tolist()
    ['code', 'mistake', 'severity', 'message', 'workbook', 'acknowledged']
    """
    import pandas as pd

    cols = ["code", "mistake", "severity", "message", "workbook", "acknowledged"]
    return pd.DataFrame([[getattr(f, k) for k in cols] for f in findings], columns=cols)
