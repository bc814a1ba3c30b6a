"""The same fortnight three ways: computed from the sample data, honest about each source."""
import pandas as pd

from helpers.views import plots

from helpers.teaching import fortnight


def test_the_three_sources_say_different_things_about_the_same_fortnight():
    three = fortnight.same_fortnight()
    shares = three.table.attrs["failure_shares"]
    # The listening study hears 50-70% failure; the tick sheet's own F marks show far less.
    assert 0.5 <= shares["Listening study"] <= 0.7
    assert shares["Tick sheet"] < shares["Listening study"] / 2
    assert three.table.attrs["in_target"] > 0.8  # the job list looks good
    words = dict(zip(three.table["source"], three.table["customer's words"]))
    assert words == {"Listening study": True, "Tick sheet": False, "CRM export": False}
    assert "Progress update - V" in three.table.loc[1, "what it says"]
    assert "'Other'" in three.table.loc[1, "other"]


def test_frames_can_be_given_instead_of_the_samples():
    listening = pd.DataFrame({"classification": ["failure", "value", "value", None], "verbatim": ["a", "b", "c", "d"]})
    tick = pd.DataFrame({"classification": ["value", None], "demand_type": ["Progress update - V", "Other"]})
    crm = pd.DataFrame({"in_target": ["Y", "N"], "status": ["Completed", "Cancelled - duplicate"]})
    three = fortnight.same_fortnight(listening, tick, crm)
    assert three.table.loc[0, "what it says"].startswith("Failure demand: 1 of 3 classified")
    assert three.table.loc[2, "other"] == "1 jobs cancelled as duplicates"


def test_the_picture_is_three_panels_on_one_shared_scale_with_a_caption_and_a_text_alternative():
    three = fortnight.same_fortnight()
    ax = three.plot()
    panels = ax.figure.axes
    assert [p.get_title(loc="left") for p in panels] == ["Listening study", "Tick sheet", "CRM export"]
    assert all(len(p.patches) == 2 for p in panels)  # each source's own split, in its own panel
    assert all(p.get_ylim() == panels[0].get_ylim() for p in panels)  # one scale, so they can be compared
    shares = three.table.attrs["failure_shares"]
    assert [t.get_text() for t in panels[1].texts] == [f"{1 - shares['Tick sheet']:.0%}", f"{shares['Tick sheet']:.0%}"]
    alt = plots.describe(ax)
    assert alt.startswith("Three bar charts side by side") and f"failure demand {shares['Listening study']:.0%}" in alt
    assert "CRM export: jobs 'in target'" in alt and plots.caption(ax).notice
    html = fortnight.same_fortnight()._repr_html_()
    assert "what it cannot show" in html and "Tick sheet" in html


def test_three_axes_can_be_given_and_nothing_else():
    import matplotlib.pyplot as plt
    import pytest

    fig, axes = plt.subplots(1, 3, sharey=True)
    assert fortnight.same_fortnight().plot(ax=axes) is axes[0]
    with pytest.raises(ValueError, match="three panels"):
        fortnight.same_fortnight().plot(ax=axes[:2])
    with pytest.raises(ValueError, match="not 1"):
        fortnight.same_fortnight().plot(ax=axes[0])
    plt.close("all")
