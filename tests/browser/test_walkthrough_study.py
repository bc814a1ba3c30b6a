"""A team's study, served read-only for its leaders as `make walkthrough STUDY=...` serves it: its
types are on the page, no planted personal detail is, no request leaves this machine (the
`page` fixture), and the study file is byte-for-byte the same afterwards."""
from __future__ import annotations

import pytest

from helpers import Study, serve
from helpers.core.personal_data import mask
from support import free_port, start_server

PLANTED = ["07700 900123", "jo.bloggs@example.com", "NE1 4XY", "14 Acacia Avenue", "Priya Patel"]
DETAILS = "ring 07700 900123 or jo.bloggs@example.com, 14 Acacia Avenue, NE1 4XY, my name is Priya Patel"
TYPES = {"Is someone still coming today?": "failure", "Water coming in / leak": "value",
         f"Call back: {DETAILS}": "failure", "Card through the door but I was in": "failure"}


def team_study(path):
    with Study.create(path, name="Our repairs line", service="Housing repairs") as study:
        for i, (kind, cls) in enumerate(TYPES.items()):
            for day in range(2, 7):
                study.record(f"{kind.split(':')[0].lower()} (day {day}) {DETAILS if day == 3 else ''}", classification=cls,
                             demand_type=kind, channel=("phone", "web form")[i % 2], received_at=f"2026-03-0{day}T10:{i}0")
        study.describe_type("Is someone still coming today?", failed_where=f"slot policy, {DETAILS}",
                            arises_from="any repair with an appointment")
        study.describe_type("Water coming in / leak", what_matters=f"someone comes today, {DETAILS}")
        study.add_front_line_verdict(f"Normal, {DETAILS}", by="Tom Willis", day="2026-03-03")
        study.add_reflection(f"So much chasing, {DETAILS}", by="Tom Willis")
        study.add_next_step("Follow ten repairs end to end", by="Tom Willis")


@pytest.mark.browser
def test_a_teams_study_is_shown_read_only_masked_and_unchanged(page, tmp_path, artefacts_dir):
    path = tmp_path / "our-repairs.study"
    team_study(path)
    files = {p: p.read_bytes() for p in (path, tmp_path / f"{path.name}-wal", tmp_path / f"{path.name}-shm") if p.exists()}
    port = free_port()
    cmd, env, url = serve.walkthrough_command(port=port, study=path)  # what `python -m helpers.serve walkthrough --study` runs
    server = start_server("voila-our-study", cmd, port, env, artefacts_dir)
    try:
        response = page.goto(url, timeout=120_000)
        assert response.ok
        page.wait_for_function("() => !document.querySelector('#loading') || "
                               "getComputedStyle(document.querySelector('#loading')).display === 'none'", timeout=120_000)
        page.wait_for_timeout(1000)
        text = page.inner_text("body")
        page.screenshot(path=str(artefacts_dir / "our-study.png"), full_page=True)
        for kind in TYPES:
            assert mask(kind).texts in text, f"type {kind!r} not on the page"
        markup = page.content()
        for detail in [*PLANTED, "Tom Willis"]:
            assert detail not in text and detail not in markup, f"{detail!r} is on the page"
        assert "Our repairs line" in text and "sample study" not in text
        assert "come and listen with the team for an hour" in text.lower()
        assert "from helpers" not in text, "code is shown"
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        images = page.locator("img.demand-figure, figure.demand-figure img")
        assert images.count() == 4 and all(len(images.nth(i).get_attribute("alt") or "") > 20 for i in range(4))
    finally:
        page.goto("about:blank")  # leave the page first, so its kernel connection is not cut from under it
        server.stop()
    for p, before in files.items():
        assert p.read_bytes() == before, f"{p.name} changed"
    assert sorted(tmp_path.iterdir()) == sorted(files), "files appeared or went beside the study"
