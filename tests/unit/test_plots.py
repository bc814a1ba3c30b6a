"""The house plot style: one theme, fixed class colours, never colour alone, captions everywhere."""
from __future__ import annotations

import ast
import colorsys
import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # tests only: library code never picks a backend (it breaks Voila)

import matplotlib.colors as mcolors
import matplotlib.patches
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.views import plots
from helpers.analysis.agreement import agreement
from helpers.analysis.cases import journey
from helpers.analysis.predictability import (
    capability,
    daily_volumes,
    daily_xmr,
    failure_per_value,
    time_of_day,
    type_by_day,
    weekday_pattern,
    xmr,
)
from helpers.analysis.saturation import saturation

SRC = Path(__file__).resolve().parents[2] / "src" / "helpers"
MINE = ["views/plots.py", "analysis/saturation.py", "analysis/predictability.py", "analysis/cases.py", "analysis/agreement.py"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def sample_demands():
    rng = np.random.default_rng(5)
    rows = []
    kinds = {"Report a leak": "value", "Book a repair": "value", "Are you still coming?": "failure",
             "Wrong part fitted": "failure", "Odd one": "unsure", "Operative needs access": "not demand"}
    names = list(kinds)
    for day in pd.bdate_range("2026-03-02", periods=10):
        for _ in range(int(rng.integers(15, 30)) + (10 if day.weekday() == 0 else 0)):
            kind = names[int(rng.choice(6, p=[0.3, 0.25, 0.25, 0.1, 0.05, 0.05]))]
            minute = int(rng.integers(8 * 60, 18 * 60)) if kind != "Are you still coming?" else int(rng.integers(11 * 60, 13 * 60))
            rows.append({"received_at": day + pd.Timedelta(minutes=minute), "demand_type": kind,
                         "classification": kinds[kind], "source_id": str(len(rows))})
    return pd.DataFrame(rows)


def sample_history():
    return pd.DataFrame({
        "person_id": ["P1"] * 5,
        "date": ["2026-01-05", "2026-01-09", "2026-02-01", "2026-02-12", "2026-03-01"],
        "team": ["GP", "Social care", "Hospital", "Social care", "Housing"],
        "staff_id": ["S1", "S2", "S3", "S2", "S4"],
        "activity": ["referral", "assessment", "admission", "support plan", "visit"],
        "days": [None, None, 5, None, None],
        "told_story": [False, True, True, False, False],
        "asked_what_matters": [False, False, False, False, True],
    })


def sample_jobs():
    rng = np.random.default_rng(2)
    starts = pd.date_range("2026-01-05", periods=25, freq="D")
    return pd.DataFrame({"job_id": [f"J{i}" for i in range(25)], "first_contact_on": starts,
                         "fixed_on": starts + pd.to_timedelta(rng.integers(1, 30, 25), unit="D")})


def every_view():
    """(name, function drawing into ax) for every plot function."""
    demands = sample_demands()
    daily = daily_volumes(demands)
    jobs = capability(sample_jobs())
    days = demands["received_at"].dt.date
    return [
        ("classification mix", lambda ax: plots.plot_classification_mix(demands, ax=ax)),
        ("discovery", lambda ax: plots.plot_discovery(saturation(demands["demand_type"], units=days), ax=ax)),
        ("xmr", lambda ax: plots.plot_xmr(xmr([5, 6, 7, 5, 6, 30]), ax=ax)),
        ("moving ranges", lambda ax: plots.plot_moving_ranges(xmr([5, 6, 7, 5, 6, 30]), ax=ax)),
        ("daily volumes", lambda ax: plots.plot_daily_volumes(daily, ax=ax)),
        ("daily xmr", lambda ax: plots.plot_xmr(daily_xmr(daily), ax=ax)),
        ("failure share", lambda ax: plots.plot_failure_share(daily, ax=ax)),
        ("weekday pattern", lambda ax: plots.plot_weekday_pattern(weekday_pattern(daily), ax=ax)),
        ("type by day", lambda ax: plots.plot_type_by_day(type_by_day(demands, "Are you still coming?"), ax=ax)),
        ("time of day", lambda ax: plots.plot_time_of_day(time_of_day(demands), ax=ax)),
        ("capability", lambda ax: plots.plot_capability(jobs, ax=ax, target=10)),
        ("end-to-end distribution", lambda ax: plots.plot_end_to_end_distribution(jobs, ax=ax, target=10)),
        ("failure per value", lambda ax: plots.plot_failure_per_value(failure_per_value(demands), ax=ax)),
        ("journey", lambda ax: plots.plot_journey(journey(sample_history()), ax=ax)),
        ("agreement", lambda ax: plots.plot_agreement(agreement(demands, demands.assign(classification="value")), ax=ax)),
    ]


VIEWS = every_view()


@pytest.mark.parametrize("name, draw", VIEWS, ids=[v[0] for v in VIEWS])
def test_every_view_draws_into_the_given_axes_with_plain_labels_and_a_caption(name, draw):
    fig, ax = plt.subplots()
    returned = draw(ax)
    assert returned is ax
    assert ax.get_title(), f"{name}: no title"
    assert ax.get_xlabel() or ax.get_ylabel(), f"{name}: no axis label"
    for text in (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()):
        assert "_" not in text, f"{name}: a column name leaked into {text!r}"
    caption = plots.caption(ax)
    assert caption is not None and caption.notice and caption.alt, f"{name}: no caption"
    assert plots.describe(ax) == caption.alt
    assert "normal range" not in caption.notice
    fig.canvas.draw()  # it renders


def test_views_make_their_own_figure_without_ax():
    for name, draw in VIEWS[::3]:
        ax = draw(None)
        assert ax.figure is not None, name
        assert plots.caption(ax).notice, name


def test_theme_is_the_one_colour_blind_safe_palette():
    palette = plots.theme(force=True)
    assert palette == list(plots.OKABE_ITO)
    cycle = [mcolors.to_hex(c) for c in matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]]
    assert cycle[:3] == [c.lower() for c in plots.OKABE_ITO[:3]]
    assert plots.theme() == palette  # calling again changes nothing


def test_value_and_failure_keep_their_colours_and_the_rest_are_quieter():
    colours = plots.CLASS_COLOURS
    assert colours["value"] == "#0072B2" and colours["failure"] == "#D55E00"
    assert len(set(colours.values())) == len(colours)

    def saturation_of(colour):
        return colorsys.rgb_to_hsv(*mcolors.to_rgb(colour))[1]

    for quiet in ("unsure", "not demand", "undecided"):
        assert saturation_of(colours[quiet]) < 0.1 < saturation_of(colours["value"])
    assert set(plots.CLASS_COLOURS) == set(plots.CLASS_HATCHES) == set(plots.CLASS_LABELS) == set(plots.CLASS_ORDER)
    # other categories never borrow the value or failure colour
    assert not {colours["value"], colours["failure"]} & set(plots.OTHER_COLOURS)


def test_never_colour_alone_bars_carry_hatching_and_labels():
    ax = plots.plot_classification_mix({"value": 10, "failure": 6, "unsure": 2, "not demand": 1})
    patches = ax.patches
    assert [p.get_hatch() or "" for p in patches] == [plots.CLASS_HATCHES[k] for k in ("value", "failure", "unsure", "not demand")]
    assert [mcolors.to_hex(p.get_facecolor()) for p in patches[:2]] == ["#0072b2", "#d55e00"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Value demand", "Failure demand", "Unsure", "Not customer demand"]
    assert {t.get_text() for t in ax.texts} >= {"10", "6", "2", "1"}
    assert "38%" in plots.caption(ax).notice  # 6 of 16 value-or-failure


def test_time_of_day_shades_the_appointment_slots_and_colours_by_class():
    demands = sample_demands()
    ax = plots.plot_time_of_day(time_of_day(demands))
    extents = set()
    for patch in ax.patches:  # axvspan gives a Rectangle (or a Polygon in older matplotlib)
        if isinstance(patch, matplotlib.patches.Rectangle):
            extents.add((round(patch.get_x(), 2), round(patch.get_x() + patch.get_width(), 2)))
        elif isinstance(patch, matplotlib.patches.Polygon):
            xs = np.asarray(patch.get_xy())[:, 0]
            extents.add((round(float(xs.min()), 2), round(float(xs.max()), 2)))
    assert (8, 13) in extents and (12, 18) in extents
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "morning slot, 8am to 1pm" in texts and "afternoon slot, 12 noon to 6pm" in texts
    lines = {line.get_label(): mcolors.to_hex(line.get_color()) for line in ax.get_lines()}
    assert lines["Are you still coming? (failure)"] == "#d55e00"
    assert lines["Report a leak (value)"] == "#0072b2"
    # two failure types share the colour, so they differ by dash pattern too
    styles = {line.get_label(): line.get_linestyle() for line in ax.get_lines()}
    assert styles["Are you still coming? (failure)"] != styles["Wrong part fitted (failure)"]
    assert "Are you still coming?" in plots.describe(ax)


def test_slots_can_be_switched_off_or_replaced():
    profile = time_of_day(sample_demands())
    ax = plots.plot_time_of_day(profile, slots=False)
    assert not any("slot" in t.get_text() for t in ax.texts)
    ax = plots.plot_time_of_day(profile, slots={"all-day slot, 8am to 6pm": (8, 18)})
    assert any("all-day slot" in t.get_text() for t in ax.texts)


def test_xmr_plot_marks_signals_and_provisional_limits():
    chart = xmr(pd.Series([5, 6, 5, 6, 5, 6, 30], index=pd.bdate_range("2026-03-02", periods=7)), label="Calls a day")
    ax = plots.plot_xmr(chart)
    assert ax.get_ylabel() == "Calls a day"
    assert ax.get_xticklabels()[0].get_text() == "Mon 02 Mar"
    assert sum(t.get_text() == "signal" for t in ax.texts) == chart.data["signal"].sum()
    assert "provisional" in plots.caption(ax).notice
    assert "(provisional)" in plots.describe(ax)


def test_a_chart_shown_as_a_cells_result_says_its_message_once():
    import html

    import helpers
    from helpers.core import datasets

    daily = pd.read_csv(datasets.path("repairs_daily_counts.csv"))
    chart = helpers.xmr(daily["failure"], label="Failure demands a day")
    page = chart._repr_html_()
    assert chart.message and page.count(html.escape(chart.message)) == 1
    assert "<figcaption>" in page


def test_capability_plot_shows_the_target_as_a_line_and_the_share_within():
    jobs = capability(sample_jobs())
    ax = plots.plot_capability(jobs, target=10)
    assert any("Target: 10 days" == line.get_label() for line in ax.get_lines())
    share = f"{(jobs['days'] <= 10).mean():.0%}"
    assert share in plots.caption(ax).notice


def test_caption_can_be_set_and_describe_falls_back_to_the_title():
    fig, ax = plt.subplots()
    ax.set_title("Something")
    assert plots.caption(ax) is None
    assert plots.describe(ax) == "A chart: Something."
    plots.caption(ax, notice="Look at Monday.")
    plots.caption(ax, alt="Bars.")
    assert (plots.caption(ax).notice, plots.describe(ax)) == ("Look at Monday.", "Bars.")
    assert str(plots.caption(ax)) == "Look at Monday."


def test_library_code_never_chooses_a_backend():
    for name in MINE:
        tree = ast.parse((SRC / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "use":
                owner = node.func.value
                assert not (isinstance(owner, ast.Name) and owner.id in {"matplotlib", "mpl"}), f"{name} calls matplotlib.use"


def test_importing_the_modules_stays_light():
    code = (
        "import sys, helpers.views.plots, helpers.views.reports, helpers.analysis.cases\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'seaborn', 'numpy') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def _run(code: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MPLBACKEND="agg")
    env["PYTHONPATH"] = str(SRC.parent) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_the_theme_is_seaborns_own_without_importing_seaborn():
    # theme() writes seaborn's settings out so a walkthrough's first figure does not wait for
    # seaborn (and scipy); this keeps it the same as what seaborn itself would set.
    code = (
        "import json, sys, matplotlib as mpl, matplotlib.colors as mc\n"
        "from helpers import plots\n"
        "def snap():\n"
        "    d = {k: v for k, v in mpl.rcParams.items() if k != 'image.cmap'}\n"
        "    d['axes.prop_cycle'] = [mc.to_hex(c) for c in d['axes.prop_cycle'].by_key()['color']]\n"
        "    return {k: str(v) for k, v in d.items()}\n"
        "plots.theme(force=True)\n"
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots(); ax.bar(['a'], [1]); fig.canvas.draw()\n"
        "assert 'seaborn' not in sys.modules and 'scipy' not in sys.modules, 'seaborn imported'\n"
        "ours = snap()\n"
        "mpl.rcdefaults()\n"
        "import seaborn as sns\n"
        "sns.set_theme(context='notebook', style='whitegrid', palette=list(plots.OKABE_ITO), rc={\n"
        "    'axes.titlesize': 'large', 'axes.titleweight': 'bold', 'axes.spines.top': False,\n"
        "    'axes.spines.right': False, 'figure.figsize': (9, 4.8), 'hatch.linewidth': 0.8,\n"
        "    'legend.frameon': False})\n"
        "theirs = snap()\n"
        "print(json.dumps(sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))))\n"
    )
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", f"differs from seaborn's theme: {done.stdout}"


def test_no_plot_ranks_teams():
    # the agreement grid keeps each team's answers in the house order, not sorted by count
    a = pd.DataFrame({"source_id": ["1", "2", "3"], "classification": ["not demand", "not demand", "value"]})
    ax = plots.plot_agreement(agreement(a, a))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["value", "failure", "not demand"]
