"""Is a next step a study or a jump to a solution? And a followed demand's flow, counted.

After demand comes capability, flow and system conditions (the Check map). The trap
(mistake 9) is to stop at a one-off analysis, or to jump to solutions: implement, train, buy
a system, set a target, an action list with due dates (which is guessing again, mistake 2).
The checks and the exercises read steps here; the forms are in ``helpers.nextsteps``.

>>> judge("Implement a new CRM by March and train all staff").kind
'solution'
>>> judge("Follow 10 repair requests end to end from the resident's first call").kind
'study'
>>> sorted(judge("Set a target to cut failure demand by 20%").cues)
['a percentage to hit', 'a target']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["STUDY_PROMPTS", "Judgement", "judge", "FLOW_FIELDS", "flow_summary"]

#: Kinds of next step that are studies, with a prompt each (shown by the form).
STUDY_PROMPTS = (
    ("Follow value demands end to end", "Follow __ of our main value demand (e.g. a repair request) from the person's "
     "first contact to their need being met: every step, hand-off and wait."),
    ("Measure capability from the person's side", "Measure the end-to-end time for __, case by case in time order, from "
     "first contact to need met, on a process behaviour chart."),
    ("Find the system conditions",
     "Find out why __ happens: which policy, measure, IT, structure or contract makes the work go this way."),
)

_SOLUTION = [
    (r"\bimplement\w*|\broll(?:ing)? out\b|\bintroduc\w+|\blaunch\w*|\bdeploy\w*", "implementing a solution"),
    (r"\btrain(?:ing|ed)?\b|\bre-?train\w*|\bupskill\w*", "training"),
    (r"\bbuy\w*|\bpurchas\w+|\bprocur\w+|\bcommission a new\b", "buying something"),
    (r"\bnew (?:it|crm|system|software|portal|app|platform)\b|\bchat ?bot\b|\bautomat\w+|\bself[- ]service\b", "a new system"),
    (r"\btargets?\b|\bkpis?\b|\bsla\b", "a target"),
    (r"\d+\s*%|\bper ?cent\b", "a percentage to hit"),
    (r"\baction plan\w*|\baction list\b|\bactions? log\b", "an action list"),
    (r"\bdue\b|\bdeadline\b|\bby (?:the )?(?:end of )?(?:january|february|march|april|may|june|july|august|september|"
     r"october|november|december|monday|tuesday|wednesday|thursday|friday|q[1-4]|next week|next month|"
     r"\d{1,2}[/-]\d{1,2})\b|\bowner:\s", "a due date"),
    (r"\brestructur\w+|\brecruit\w*|\bhire\b|\boutsourc\w+", "reorganising"),
]
_STUDY = [
    r"\bfollow\w*\b", r"\bstudy\w*\b|\bstudies\b", r"\bobserv\w+", r"\blisten\w*", r"\bend[- ]to[- ]end\b",
    r"\bmeasure\w*\b", r"\bmap(?:ping)? the flow\b|\bflow\b", r"\bfind out\b|\bunderstand\w*\b|\bwhy\b|\blearn\w*\b",
    r"\bcapability\b", r"\bsystem conditions?\b", r"\bgo and see\b|\bsit with\b",
]


@dataclass
class Judgement:
    kind: str                      # "study", "solution" or "unclear"
    cues: list = field(default_factory=list)
    message: str = ""


def judge(text: str) -> Judgement:
    """Is this next step a study, or a jump to a solution? Says which words suggest it."""
    lower = str(text or "").lower()
    cues = [label for pattern, label in _SOLUTION if re.search(pattern, lower)]
    if cues:
        msg = (f"This step reads like a solution ({', '.join(cues)}). Before deciding what to change, study how the "
               f"service responds: write it as something to follow, measure or find out, e.g. "
               f"'{STUDY_PROMPTS[0][1]}'")
        return Judgement("solution", cues, msg)
    if any(re.search(p, lower) for p in _STUDY):
        return Judgement("study", [], "A study: it will show how the work really works before anything is changed.")
    return Judgement("unclear", [], "Say what you will follow, measure or find out, and for whom.")


FLOW_FIELDS = ("step", "who", "hand_off", "wait_days", "what_mattered")


def flow_summary(steps: list[dict]) -> dict:
    """Count a followed demand's flow: steps, hand-offs, days waiting.

    >>> flow_summary([{"step": "call", "who": "contact centre", "hand_off": False, "wait_days": 0},
    ...               {"step": "job raised", "who": "planner", "hand_off": True, "wait_days": 3}])
    {'steps': 2, 'hand_offs': 1, 'days_waiting': 3.0, 'people_or_teams': 2}
    """
    waits = 0.0
    for s in steps:
        try:
            waits += float(s.get("wait_days") or 0)
        except (TypeError, ValueError):
            raise ValueError(f"Step {s.get('step')!r}: the wait should be a number of days, not {s.get('wait_days')!r}.")
    return {"steps": len(steps), "hand_offs": sum(bool(s.get("hand_off")) for s in steps),
            "days_waiting": waits, "people_or_teams": len({str(s.get("who", "")).strip().lower() for s in steps if s.get("who")})}
