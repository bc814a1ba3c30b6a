"""What next: next steps written as studies, and a worksheet for following one demand's flow.

After demand comes capability, flow and system conditions (the Check map). The trap
(mistake 9) is to stop at a one-off analysis, or to jump to solutions: implement, train, buy
a system, set a target, an action list with due dates (which is guessing again, mistake 2).

>>> judge("Implement a new CRM by March and train all staff").kind
'solution'
>>> judge("Follow 10 repair requests end to end from the resident's first call").kind
'study'
>>> sorted(judge("Set a target to cut failure demand by 20%").cues)
['a percentage to hit', 'a target']
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

#: Kinds of next step that are studies, with a prompt each (shown by the form).
STUDY_PROMPTS = (
    ("Follow value demands end to end", "Follow __ of our main value demand (e.g. a repair request) from the person's first contact to their need being met: every step, hand-off and wait."),
    ("Measure capability from the person's side", "Measure the end-to-end time for __, case by case in time order, from first contact to need met, on a process behaviour chart."),
    ("Find the system conditions", "Find out why __ happens: which policy, measure, IT, structure or contract makes the work go this way."),
)

_SOLUTION = [
    (r"\bimplement\w*|\broll(?:ing)? out\b|\bintroduc\w+|\blaunch\w*|\bdeploy\w*", "implementing a solution"),
    (r"\btrain(?:ing|ed)?\b|\bre-?train\w*|\bupskill\w*", "training"),
    (r"\bbuy\w*|\bpurchas\w+|\bprocur\w+|\bcommission a new\b", "buying something"),
    (r"\bnew (?:it|crm|system|software|portal|app|platform)\b|\bchat ?bot\b|\bautomat\w+|\bself[- ]service\b", "a new system"),
    (r"\btargets?\b|\bkpis?\b|\bsla\b", "a target"),
    (r"\d+\s*%|\bper ?cent\b", "a percentage to hit"),
    (r"\baction plan\w*|\baction list\b|\bactions? log\b", "an action list"),
    (r"\bdue\b|\bdeadline\b|\bby (?:the )?(?:end of )?(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|q[1-4]|next week|next month|\d{1,2}[/-]\d{1,2})\b|\bowner:\s", "a due date"),
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
    cues = []
    for pattern, label in _SOLUTION:
        if re.search(pattern, lower) and label not in cues:
            cues.append(label)
    studies = any(re.search(p, lower) for p in _STUDY)
    if cues:
        msg = (f"This step reads like a solution ({', '.join(cues)}). Before deciding what to change, study how the "
               f"service responds: write it as something to follow, measure or find out, e.g. "
               f"'{STUDY_PROMPTS[0][1]}'")
        return Judgement("solution", cues, msg)
    if studies:
        return Judgement("study", [], "A study: it will show how the work really works before anything is changed.")
    return Judgement("unclear", [], "Say what you will follow, measure or find out, and for whom.")


def next_steps_form(study):
    """A form: write next steps as studies; each is saved with the study, and a step that jumps to
    a solution gets a quiet note (mistake 9) with a study-shaped rewrite to consider."""
    import ipywidgets as widgets

    prompts = widgets.HTML("<ul>" + "".join(f"<li><b>{html.escape(t)}</b>: {html.escape(p)}</li>" for t, p in STUDY_PROMPTS) + "</ul>")
    box = widgets.Textarea(placeholder="Our next step is to follow ... / measure ... / find out why ...",
                           layout=widgets.Layout(width="95%", height="5em"))
    add = widgets.Button(description="Save this next step", button_style="primary")
    note = widgets.HTML()
    listing = widgets.HTML()
    notice = widgets.HTML(f"<p><i>{html.escape(getattr(study, 'notice', '') or '')}</i></p>" if getattr(study, "is_scratch", False) else "")

    def show():
        steps = study.next_steps()
        if len(steps) == 0:
            listing.value = "<p>No next steps saved yet.</p>"
            return
        rows = []
        for _, s in steps.iterrows():
            j = judge(s["text"])
            tag = {"study": "a study", "solution": "reads like a solution", "unclear": "say what you will study"}[j.kind]
            done = " (done)" if s.get("completed_at") is not None and str(s.get("completed_at")) not in ("", "NaT", "None", "nan") else ""
            rows.append(f"<li>{html.escape(str(s['text']))} <small>[{tag}]{done}</small></li>")
        listing.value = "<p><b>Next steps saved with the study</b></p><ol>" + "".join(rows) + "</ol>"

    def save(_):
        try:
            text = box.value.strip()
            if not text:
                note.value = "<p>Write the step first.</p>"
                return
            study.add_next_step(text)
            j = judge(text)
            box.value = ""
            if j.kind == "solution":
                note.value = f"<div class='demand-card' style='border-left:4px solid #888;padding:4px 8px'><b>A note (mistake 9):</b> {html.escape(j.message)}</div>"
            else:
                note.value = f"<p>Saved. {html.escape(j.message)}</p>"
            show()
        except Exception as err:  # never a traceback in a widget
            note.value = f"<p><b>Not saved:</b> {html.escape(str(err))}. Your text is still in the box.</p>"

    add.on_click(save)
    show()
    return widgets.VBox([notice, prompts, box, add, note, listing])


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


def flow_worksheet(study, name: str = "flow: one value demand"):
    """Follow one value demand end to end: add its steps (who, hand-off, wait, what mattered); saved with the study."""
    import ipywidgets as widgets

    try:
        existing = study.worksheet(name) or {}
    except Exception:
        existing = {}
    steps: list[dict] = list(existing.get("steps", []))
    demand = widgets.Text(value=existing.get("demand", ""), description="Demand followed", style={"description_width": "initial"},
                          layout=widgets.Layout(width="95%"))
    step = widgets.Text(description="Step")
    who = widgets.Text(description="Who")
    hand_off = widgets.Checkbox(description="Handed to someone else")
    wait = widgets.FloatText(description="Wait (days)")
    mattered = widgets.Text(description="What mattered", style={"description_width": "initial"})
    add = widgets.Button(description="Add step and save", button_style="primary")
    status = widgets.HTML()
    table = widgets.HTML()

    def show():
        if not steps:
            table.value = "<p>No steps yet.</p>"
            return
        s = flow_summary(steps)
        rows = "".join(f"<tr><td>{i}</td><td>{html.escape(str(x['step']))}</td><td>{html.escape(str(x['who']))}</td>"
                       f"<td>{'yes' if x['hand_off'] else ''}</td><td>{x['wait_days']:g}</td><td>{html.escape(str(x['what_mattered']))}</td></tr>"
                       for i, x in enumerate(steps, 1))
        table.value = (f"<table><tr><th>#</th><th>Step</th><th>Who</th><th>Hand-off</th><th>Wait (days)</th><th>What mattered</th></tr>{rows}</table>"
                       f"<p>{s['steps']} steps, {s['hand_offs']} hand-offs, {s['days_waiting']:g} days waiting, "
                       f"{s['people_or_teams']} people or teams.</p>")

    def save(_):
        try:
            if not step.value.strip():
                status.value = "<p>Name the step first.</p>"
                return
            new = {"step": step.value.strip(), "who": who.value.strip(), "hand_off": bool(hand_off.value),
                   "wait_days": float(wait.value or 0), "what_mattered": mattered.value.strip()}
            study.save_worksheet(name, {"demand": demand.value.strip(), "steps": steps + [new]})
            steps.append(new)
            step.value = who.value = mattered.value = ""
            wait.value = 0
            hand_off.value = False
            status.value = "<p>Saved with the study.</p>"
            show()
        except Exception as err:
            status.value = f"<p><b>Not saved:</b> {html.escape(str(err))}. What you typed is still there.</p>"

    add.on_click(save)
    show()
    return widgets.VBox([demand, widgets.HBox([step, who]), widgets.HBox([hand_off, wait]), mattered, add, status, table])
