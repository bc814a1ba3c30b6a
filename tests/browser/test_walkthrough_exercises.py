"""An exercise driven in a read-only Voila page, as a learner or a leader would meet it."""
from __future__ import annotations

import pandas as pd
import pytest

from support import ROOT, serious_axe_violations


@pytest.mark.browser
def test_spot_the_failure_demand_hides_the_reasoning_until_asked_then_explains(voila_server, page, artefacts_dir):
    reference = pd.read_csv(ROOT / "datasets" / "exercises/ex01_reference.csv", dtype=str)
    server = voila_server(ROOT / "exercises", mode="readonly")
    page.goto(server.url + "/voila/render/01_spot_the_failure_demand.ipynb", timeout=120_000)
    boxes = page.locator(".widget-checkbox input[type=checkbox]")
    boxes.first.wait_for(timeout=90_000)
    assert boxes.count() == len(reference)
    body = page.inner_text("body")
    assert not any(reason in body for reason in reference["reason"]), "a reason showed before the learner answered"
    assert "come and listen" in body.lower(), "the invitation to come and listen is missing"
    assert not (found := serious_axe_violations(page)), "\n".join(found)

    # Tick the first two contacts (a new fault, then a repeat call), then ask for the reasoning.
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Show the reasoning").click()
    page.get_by_text("Worth discussing").wait_for(timeout=30_000)
    shown = page.inner_text("body")
    first = reference.iloc[0]
    assert first["classification"] != "failure" and first["reason"] in shown  # ticked, the reference would not
    assert "You ticked it; the reference does not." in shown
    assert "Where you agreed, and why" in shown
    page.screenshot(path=str(artefacts_dir / "exercise_01.png"), full_page=True)
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "Traceback" not in shown
