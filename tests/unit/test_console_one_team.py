"""The console never sets teams side by side on failure demand or the checks' findings.

A team's failure share and findings are shown for one chosen team at a time (the private view);
the page for the wall is one team's own: its types, what it learned, what is still open, with no
failure share and no findings. Every public method and view of the console is called here on the
sample studies (one of them with findings) and what it shows is read for every team's figures.
"""
import html
import inspect
import re

import pandas as pd
import pytest

from helpers.analysis.checks import check_study
from helpers.analysis.predictability import classification_counts, failure_share
from helpers.teaching import console

SHARE_WORDS = re.compile(r"failure[^.<]*\d\s*%|\d\s*%[^.<]*failure", re.I)


@pytest.fixture(scope="module")
def board():
    return console.Console(console.sample_studies())


@pytest.fixture(scope="module")
def facts(board):
    """Each team's failure share as shown ("64%"), its findings' messages, and those with their codes."""
    out = []
    for study in board.studies:
        findings = list(check_study(study))
        messages = [f.message for f in findings]
        out.append({"share": f"{failure_share(classification_counts(study.demands())):.0%}",
                    "messages": messages, "findings": messages + [f.code for f in findings]})
    for i, f in enumerate(out):  # what tells this team's findings apart (two teams can share a message)
        f["own"] = set(f["findings"]).difference(*(g["findings"] for j, g in enumerate(out) if j != i))
    assert sum(bool(f["own"]) for f in out) >= 2, "the sample should have teams with findings of their own"
    assert len({f["share"] for f in out}) == len(out), "each team's share should be told apart"
    return out


def _text(shown) -> str:
    if isinstance(shown, tuple):
        return " ".join(map(_text, shown))
    if isinstance(shown, pd.DataFrame):
        return shown.to_html() + " " + " ".join(map(str, shown.attrs.values()))
    return html.unescape(shown._repr_html_() if hasattr(shown, "_repr_html_") else str(shown))


def _everything_shown(board, folder):
    """(method, team chosen or None, what it shows) for every public method and view of the console."""
    for name, method in inspect.getmembers(board, inspect.ismethod):
        if name.startswith("_") and name != "_repr_html_":
            continue
        params = inspect.signature(method).parameters
        if name == "choose":
            for kind in ({"wall": False}, {"wall": True}, {"calibration": True}):
                pick, view = method(**kind).children
                yield name, None, view.value  # nothing until a team is chosen
                for _, i in pick.options[1:]:
                    pick.value = i
                    yield name, i, html.unescape(view.value)
        elif "team" in params:
            for i in range(len(board.studies)):
                if "path" in params:
                    method(i, folder / f"{name}-{i}.html")
                    yield name, i, html.unescape((folder / f"{name}-{i}.html").read_text())
                else:
                    yield name, i, _text(method(i))
        else:
            yield name, None, _text(method())


def test_no_page_or_table_shows_more_than_one_teams_failure_share_or_findings(board, facts, tmp_path):
    seen = set()
    for name, chosen, text in _everything_shown(board, tmp_path):
        seen.add(name)
        shown = {i for i, f in enumerate(facts) if f["share"] in text or any(x in text for x in f["own"])}
        assert shown <= ({chosen} if chosen is not None else set()), f"{name}({chosen}) shows teams {shown}"
        if chosen is None:
            assert not re.search(r"\d\s*%", text), f"{name}() shows a percentage across teams"
    assert {"summary", "typologies", "calibration", "private_view", "wall_page", "export_wall", "choose"} <= seen
    assert not {"failure share", "findings"} & set(board.summary().columns)


def test_the_private_view_shows_one_chosen_teams_share_and_findings(board, facts):
    with pytest.raises(ValueError, match="Choose one team"):
        board.private_view()
    with pytest.raises(ValueError, match="no team 'Nobody'"):
        board.private_view("Nobody")
    with_findings = next(i for i, f in enumerate(facts) if f["findings"])
    name = board.summary().loc[with_findings, "team"]
    page = html.unescape(board.private_view(name, figure=False).html)
    assert f"failure demand {facts[with_findings]['share']}" in page
    assert all(message in page for message in facts[with_findings]["messages"])
    assert "never show one team another team's failure share" in page


def test_the_wall_page_is_the_teams_own_types_and_learning_with_no_share_or_findings(board, facts):
    with pytest.raises(ValueError, match="Choose one team"):
        board.wall_page()
    for i, study in enumerate(board.studies):
        page = html.unescape(board.wall_page(i).html)
        assert all(name in page for name in study.types()["name"])  # its types, in its customers' words
        assert all(text in page for text in study.reflections()["text"])  # what it learned
        assert "Still open" in page and "Download the wall page" in page and "a person must read" in page
        assert facts[i]["share"] not in page and not SHARE_WORDS.search(page)
        assert not any(x in page for f in facts for x in f["findings"])
        others = [n for j, n in enumerate(board.summary()["team"]) if j != i]
        assert not any(f"<h2>{n}</h2>" in page for n in others)  # one team's page, never another's


def test_the_calibration_view_is_one_teams_rounds_and_no_other_teams_names_or_answers():
    teams = console.sample_calibration()
    names = list(teams.summary()["team"])
    for i, study in enumerate(teams.studies):
        page = html.unescape(teams.calibration(i)._repr_html_())
        assert names[i] in page and "Which demands moved" in page
        assert not any(n in page for j, n in enumerate(names) if j != i)
        assert not re.search(r"\d\s*%", page), "no percentage per team"
        # its own notes are shown, and none another team wrote
        own = {n for n in study.calibration_rounds()["note"] if isinstance(n, str)}
        others = {n for j, s in enumerate(teams.studies) if j != i
                  for n in s.calibration_rounds()["note"] if isinstance(n, str)} - own
        assert all(n in page for n in own) and not any(n in page for n in others)


def test_a_role_with_a_comma_is_shown_whole():
    teams = console.sample_calibration()
    page = html.unescape(teams.private_view(0, figure=False).html)
    assert "Customer Liaison Officer, Brantwell" in page
    assert "Customer Liaison Officer, Brantwell, " not in page and ", Customer Liaison Officer" not in page
