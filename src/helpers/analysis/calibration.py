"""One team's calibration rounds, before against after: which demands moved, and the "?" answers.

A team answers the calibration sample twice, into its own study (``Study.add_calibration``):
"before", ahead of classifying its own demands, and "after", in the last days of the study. What
is worth a conversation is which demands moved and why, and where the team now writes "?" with a
reason where it used to guess. The reference answer and its reason sit beside a demand only where
the team's latest answer differs from it, to start that conversation: it is never a score, there
is no percentage, and one team is never set beside another.

>>> from helpers.core.study import Study
>>> import pandas as pd
>>> sample = pd.DataFrame({"source_id": ["C1", "C2", "C3"],
...                        "verbatim": ["is he still coming?", "leak in the bathroom", "thanks, he was great"]})
>>> reference = pd.DataFrame({"source_id": ["C1", "C2", "C3"], "classification": ["failure", "value", "not demand"],
...                           "reason": ["Chasing: failure.", "A new leak.", "A compliment."]})
>>> s = Study.scratch(name="Alder")
>>> _ = s.add_calibration("before", {"C1": "value", "C2": "value", "C3": "?"}, by="Sam")
>>> _ = s.add_calibration("after", {"C1": "failure", "C2": "value", "C3": "?"}, by="Sam")
>>> result = calibration(s, sample=sample, reference=reference)
>>> result.moved[["source_id", "moved"]].values.tolist()
[['C1', 'value to failure']]
>>> result.unsure
{'before': ['C3'], 'after': ['C3']}
>>> print(result.message)
Alder: 1 demand moved between the before and after rounds, and 1 was answered "?" before and 1 after. ...
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from helpers.core.study import CALIBRATION_STAGES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Calibration", "calibration", "answer_words", "sample_words", "RECORD_HOW"]

#: How a team records a round, in the words every "not yet" message uses.
RECORD_HOW = ("Record a round with the calibration form, helpers.calibration_round(study): the before round in "
              "workbook 5, before the team classifies its own demands; the after round in workbook 11, in the "
              "last days of the study.")


def answer_words(classification) -> str:
    """An answer as people say it: "?" for unsure, "no answer" for none.

    >>> [answer_words(c) for c in ("value", "unsure", None)]
    ['value', '?', 'no answer']
    """
    if not isinstance(classification, str) or not classification:
        return "no answer"
    return "?" if classification == "unsure" else classification


def _texts(given, default: str, what: str) -> "pd.DataFrame":
    """A table given as a frame, or a CSV path; the sample file of that name by default."""
    import pandas as pd

    from helpers.core import datasets

    if given is None:
        given = datasets.path(default)
    frame = given.copy() if isinstance(given, pd.DataFrame) else pd.read_csv(given, dtype=str, keep_default_na=False)
    if "source_id" not in frame.columns:
        raise ValueError(f"The {what} needs a source_id column; it has: {', '.join(map(str, frame.columns))}.")
    frame["source_id"] = frame["source_id"].astype(str).str.strip()
    return frame


def sample_words(sample=None) -> "pd.DataFrame":
    """The calibration sample: ``source_id`` and ``verbatim``, from a frame or a CSV, by default
    ``datasets/calibration_sample.csv``.

    >>> sample_words().iloc[0].tolist()[0]
    'CAL01'
    """
    words = _texts(sample, "calibration_sample.csv", "calibration sample")
    if "verbatim" not in words.columns:
        raise ValueError(f"The calibration sample needs a verbatim column; it has: {', '.join(map(str, words.columns))}.")
    return words[["source_id", "verbatim"]].fillna("")


@dataclass
class Calibration:
    """One team's rounds on the calibration sample.

    ``team`` (the study's name); ``table``, a row per sample demand in the sample's order:
    ``source_id``, ``verbatim``, ``before`` and ``after`` (the classifications, None where there
    is no answer), ``moved`` ("value to failure"..., empty when it did not), ``demand_type`` and
    ``note`` (the team's, latest first, masked), ``reference`` and ``reason`` (only where the
    team's latest answer differs from the reference); ``rounds``, for each stage recorded, who
    saved it, when and how many answers; ``notes``, anything left out and why.
    """

    team: str
    table: Any
    rounds: dict
    notes: list[str] = field(default_factory=list)

    @property
    def stages(self) -> list[str]:
        """The stages recorded, in order ("before", "after")."""
        return [s for s in CALIBRATION_STAGES if s in self.rounds]

    @property
    def moved(self) -> "pd.DataFrame":
        """The demands whose answer moved between the two rounds."""
        return self.table[self.table["moved"] != ""]

    @property
    def unsure(self) -> dict[str, list[str]]:
        """For each stage recorded, the demands answered "?" (unsure)."""
        return {s: self.table.loc[self.table[s] == "unsure", "source_id"].tolist() for s in self.stages}

    @property
    def message(self) -> str:
        """What there is to look at, in one or two plain sentences."""
        if not self.rounds:
            return f"No calibration round is recorded in {self.team} yet. {RECORD_HOW}"
        if self.stages == ["before"]:
            r = self.rounds["before"]
            return (f"{self.team}: the before round is in ({r['answers']} answers, saved on {r['day']} by {r['by']}). The "
                    "after round is still to come, in the last days of the study (workbook 11); then this shows which "
                    "demands moved, and why is the conversation to have.")
        if self.stages == ["after"]:
            return (f"{self.team}: the after round is in, but no before round was recorded, so there is nothing to set "
                    "it against. Look at the \"?\" answers and at the demands where the reference differs.")
        n, unsure = len(self.moved), self.unsure
        return (f"{self.team}: {n} demand{'s' * (n != 1)} moved between the before and after rounds, and "
                f"{len(unsure['before'])} {'was' if len(unsure['before']) == 1 else 'were'} answered \"?\" before and "
                f"{len(unsure['after'])} after. Ask the team to explain each movement in its own words; fewer \"?\" is "
                "not the goal.")


def calibration(study, sample=None, reference=None) -> Calibration:
    """One team's calibration rounds compared, before against after (see :class:`Calibration`).

    ``sample``: the sample's words (a frame or CSV with ``source_id`` and ``verbatim``; by default
    ``datasets/calibration_sample.csv``); ``reference``: the reference answers (``source_id``,
    ``classification``, ``reason``; by default ``datasets/calibration_answers.csv``, read each
    time; ``False`` for none). The team's own types and notes pass the personal-data masking.
    """
    import pandas as pd

    from helpers.core.personal_data import mask
    from helpers.core.vocabulary import normalise_classification

    team = str(study.info.get("name") or "This study")
    words = sample_words(sample)
    rounds, notes, chosen, more = {}, [], {}, {}
    for entry in study.entries("calibration"):
        stage = entry.data.get("stage")
        if stage in chosen:  # only after merging studies: a study refuses a second round at one stage
            more[stage] = more.get(stage, 1) + 1
            continue
        chosen[stage] = {str(a.get("source_id")): a for a in entry.data.get("answers", [])}
        when = pd.Timestamp(entry.at)
        rounds[stage] = {"by": entry.by, "day": f"{when.day} {when:%b %Y}", "answers": len(chosen[stage])}
    notes += [f"{n} {stage} rounds came together when studies were merged; this shows the first." for stage, n in more.items()]

    ids = list(words["source_id"])
    known = set(ids)
    extra = list(dict.fromkeys(s for answers in chosen.values() for s in answers if s not in known))
    if extra:
        notes.append(f"{len(extra)} answers are for demands not in the sample ({', '.join(extra[:5])}"
                     f"{', ...' if len(extra) > 5 else ''}): they are listed last, without words.")
        ids += extra
    verbatim = dict(zip(words["source_id"], words["verbatim"]))

    def of(stage, sid, key):
        value = chosen.get(stage, {}).get(sid, {}).get(key)
        return value if isinstance(value, str) and value else None

    ref = None
    if reference is not False and rounds:
        ref = _texts(reference, "calibration_answers.csv", "reference answers").set_index("source_id")
    rows = []
    for sid in ids:
        before, after = of("before", sid, "classification"), of("after", sid, "classification")
        moved = f"{answer_words(before)} to {answer_words(after)}" if before and after and before != after else ""
        kind = of("after", sid, "demand_type") or of("before", sid, "demand_type")
        said = [f"{stage}: {n}" for stage in CALIBRATION_STAGES if (n := of(stage, sid, "note"))]
        answer = reason = None
        if ref is not None and sid in ref.index and (after or before):
            answer = normalise_classification(ref.at[sid, "classification"])
            if answer == (after or before):
                answer = None  # the team reads it as the reference does: nothing to set beside it
            elif "reason" in ref.columns:
                reason = str(ref.at[sid, "reason"])
        rows.append({"source_id": sid, "verbatim": str(verbatim.get(sid, "")), "before": before, "after": after,
                     "moved": moved, "demand_type": kind, "note": "; ".join(said) or None, "reference": answer,
                     "reason": reason})
    table = pd.DataFrame(rows, columns=["source_id", "verbatim", "before", "after", "moved", "demand_type", "note",
                                        "reference", "reason"], dtype=object)
    for column in ("demand_type", "note"):  # the team's own words leave the study masked
        table[column] = mask(table[column].tolist()).texts
    return Calibration(team=team, table=table, rounds=rounds, notes=notes)
