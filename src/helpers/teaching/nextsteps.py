"""What next: a form for next steps written as studies, and a worksheet for following one demand's flow.

Only the forms live here; reading a step's words (``judge``) and counting a flow
(``flow_summary``) are in ``analysis.nextsteps`` and named here too, so
``helpers.nextsteps.judge(...)`` keeps working.
"""
from __future__ import annotations

import html

from helpers.analysis.nextsteps import FLOW_FIELDS, STUDY_PROMPTS, Judgement, flow_summary, judge
from helpers.views.safe import guarded

__all__ = ["STUDY_PROMPTS", "Judgement", "judge", "next_steps_form", "FLOW_FIELDS", "flow_summary", "flow_worksheet"]


def next_steps_form(study):
    """A form: write next steps as studies; each is saved with the study, and a step that jumps to
    a solution gets a quiet note (mistake 9) with a study-shaped rewrite to consider."""
    import ipywidgets as widgets

    items = "".join(f"<li><b>{html.escape(t)}</b>: {html.escape(p)}</li>" for t, p in STUDY_PROMPTS)
    prompts = widgets.HTML(f"<ul>{items}</ul>")
    box = widgets.Textarea(placeholder="Our next step is to follow ... / measure ... / find out why ...",
                           layout=widgets.Layout(width="95%", height="5em"))
    add = widgets.Button(description="Save this next step", button_style="primary")
    note = widgets.HTML()
    listing = widgets.HTML()
    scratch = getattr(study, "is_scratch", False)
    notice = widgets.HTML(f"<p><i>{html.escape(getattr(study, 'notice', '') or '')}</i></p>" if scratch else "")

    def show():
        steps = study.next_steps()
        if len(steps) == 0:
            listing.value = "<p>No next steps saved yet.</p>"
            return
        rows = []
        for _, s in steps.iterrows():
            j = judge(s["text"])
            tag = {"study": "a study", "solution": "reads like a solution", "unclear": "say what you will study"}[j.kind]
            done = " (done)" if str(s.get("completed_at")) not in ("", "NaT", "None", "nan") else ""
            rows.append(f"<li>{html.escape(str(s['text']))} <small>[{tag}]{done}</small></li>")
        listing.value = "<p><b>Next steps saved with the study</b></p><ol>" + "".join(rows) + "</ol>"

    @guarded(note, lead="Not saved", advice="Your text is still in the box.")
    def save(_):
        text = box.value.strip()
        if not text:
            note.value = "<p>Write the step first.</p>"
            return
        study.add_next_step(text)
        j = judge(text)
        box.value = ""
        if j.kind == "solution":
            note.value = (f"<div class='demand-card' style='border-left:4px solid #888;padding:4px 8px'>"
                          f"<b>A note (mistake 9):</b> {html.escape(j.message)}</div>")
        else:
            note.value = f"<p>Saved. {html.escape(j.message)}</p>"
        show()

    add.on_click(save)
    show()
    return widgets.VBox([notice, prompts, box, add, note, listing])


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
                       f"<td>{'yes' if x['hand_off'] else ''}</td><td>{x['wait_days']:g}</td>"
                       f"<td>{html.escape(str(x['what_mattered']))}</td></tr>"
                       for i, x in enumerate(steps, 1))
        table.value = (f"<table><tr><th>#</th><th>Step</th><th>Who</th><th>Hand-off</th><th>Wait (days)</th>"
                       f"<th>What mattered</th></tr>{rows}</table>"
                       f"<p>{s['steps']} steps, {s['hand_offs']} hand-offs, {s['days_waiting']:g} days waiting, "
                       f"{s['people_or_teams']} people or teams.</p>")

    @guarded(status, lead="Not saved", advice="What you typed is still there.")
    def save(_):
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

    add.on_click(save)
    show()
    return widgets.VBox([demand, widgets.HBox([step, who]), widgets.HBox([hand_off, wait]), mattered, add, status, table])
