"""The thresholds model: honest arithmetic, ranges not points, every assumption visible."""
from dataclasses import replace

import pytest

from helpers.teaching import thresholds as t


def test_helping_everyone_turns_nobody_away():
    r = t.model(1)
    assert r.turned_away == 0 and r.returned == (0, 0) and r.net == (0, 0)


def test_a_higher_threshold_turns_more_away_and_more_come_back():
    results = [t.model(level) for level in t.LEVELS]
    away = [r.turned_away for r in results]
    assert away == sorted(away) and away[-1] == 95  # only level 5 helped: 95 of 100 turned away
    assert all(r.returned[0] <= r.returned[1] for r in results)


def test_returns_follow_the_assumed_rates_exactly():
    a = t.Assumptions(referrals_per_month=200, return_rate_turned_away=(0.3, 0.5))
    r = t.model(3, a)
    assert r.turned_away == pytest.approx(110)          # 55% of 200
    assert r.returned == pytest.approx((33, 55))
    assert r.by_month[-1][1:] == pytest.approx((33, 55))  # all returns fall within the year
    lows = [lo for _, lo, _ in r.by_month]
    assert lows == sorted(lows)


def test_dearer_later_help_raises_the_cost_of_the_threshold():
    cheap = t.model(3)
    dear = t.model(3, replace(t.Assumptions(), cost_of_help=(300, 800, 5000, 16000, 40000)))
    assert dear.cost_later[0] > cheap.cost_later[0] and dear.net[1] > cheap.net[1]


def test_summary_speaks_in_ranges_and_says_it_is_illustrative():
    text = t.model(3).summary
    assert "about 19 to 22" in text and "Illustrative" in text and "not proof" in text


def test_every_assumption_is_shown_in_words():
    rows = dict(t.Assumptions().rows())
    assert rows["Turned away who come back within a year"] == "35% to 40%"
    assert len(rows) == 7


@pytest.mark.parametrize("bad, message", [
    ({"need_mix": (0.5, 0.5, 0.5, 0, 0)}, "add up to 1"),
    ({"return_rate_turned_away": (0.5, 0.2)}, "low first"),
    ({"referrals_per_month": 0}, "more than 0"),
])
def test_impossible_assumptions_are_explained(bad, message):
    with pytest.raises(ValueError, match=message):
        t.model(3, t.Assumptions(**bad))


def test_threshold_must_be_a_need_level():
    with pytest.raises(ValueError, match="1 to 5"):
        t.model(7)


def test_the_explorer_follows_the_slider_and_never_fails_loudly():
    box = t.explorer()
    slider = box.children[0]
    words = box.children[4]
    assert "need level 3" in words.value
    slider.value = 4
    assert "need level 4" in words.value and "about 80 of every 100" in words.value
    low, high = box.children[1].children
    low.value, high.value = 0.9, 0.1  # the wrong way round is sorted, not an error
    assert "That does not work" not in words.value


def test_the_explorers_chart_is_redrawn_as_an_image_with_a_text_alternative():
    import ipywidgets

    box = t.explorer()
    slider, chart = box.children[0], box.children[-1]
    before = chart.value
    assert "need level 3" in before and "<img src=\"data:image/png;base64," in before
    slider.value = 4
    assert chart.value != before
    assert 'alt="Band chart: with help only from need level 4' in chart.value
    # Never an Output widget: drawn into while Voila runs the cell, it made the executor talk to
    # the kernel mid-cell, and about one visit in fifty never got the cell's reply.
    assert not any(isinstance(w, ipywidgets.Output) for w in _all_widgets(box))


def _all_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)


def test_the_explorer_says_so_in_the_page_when_its_chart_cannot_be_drawn(monkeypatch):
    # In a walkthrough a callback's traceback goes nowhere a leader can see: the page must say.
    box = t.explorer()
    slider, words = box.children[0], box.children[4]
    monkeypatch.setattr(t, "plot", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no fonts <here>")))
    slider.value = 2
    assert "The explorer could not redraw" in words.value and "no fonts &lt;here&gt;" in words.value
    monkeypatch.undo()
    slider.value = 4
    assert "need level 4" in words.value and "could not redraw" not in words.value
