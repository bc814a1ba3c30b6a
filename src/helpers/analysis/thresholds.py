"""The thresholds model, for commissioners: what turning people away costs later.

Managing demand by a threshold (only needs at or above level T get help) looks like a saving
this month. Some of the people turned away come back later, with greater needs that cost more
to meet, and are screened again. This model puts rough numbers on that, as **ranges**, with
every assumption shown and editable. It illustrates the mechanism; it does not prove cause
(people screened out differ from people helped at the outset) and it is no forecast. The
slider and the chart (``helpers.thresholds``) sit on top of this arithmetic.

>>> result = model(threshold=3)
>>> result.turned_away
55.0
>>> low, high = result.returned
>>> 18 < low < high < 23
True
>>> print(result.summary)  # doctest: +ELLIPSIS
With help only from need level 3, about 55 of every 100 referrals a month are turned away.
Within a year about 19 to 22 of them come back with greater needs...
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import accumulate

__all__ = ["LEVELS", "Assumptions", "ThresholdResult", "model"]

LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Assumptions:
    """Every number the model uses, each a (low, high) range where it is uncertain.

    The return rates lean on published children's social care studies (roughly a third of
    closed referrals re-referred within a year or two, more after "no further action");
    the costs are placeholders to replace with your own.
    """
    referrals_per_month: float = 100
    need_mix: tuple = (0.25, 0.30, 0.25, 0.15, 0.05)  # share of referrals at need levels 1-5
    return_rate_turned_away: tuple = (0.35, 0.40)     # come back within 12 months
    return_rate_helped: tuple = (0.20, 0.25)
    need_rise_on_return: tuple = (1.0, 2.0)           # levels higher, on average, when they return
    cost_of_help: tuple = (300, 800, 2500, 8000, 20000)  # £ per person helped, by need level
    cost_uncertainty: float = 0.3                      # +/- share on every cost
    cost_of_screening: tuple = (100, 200)              # £ per contact screened (each return is screened again)

    def check(self) -> "Assumptions":
        problems = []
        if len(self.need_mix) != 5 or abs(sum(self.need_mix) - 1) > 0.01:
            problems.append("need_mix must give five shares (levels 1 to 5) that add up to 1")
        for name in ("return_rate_turned_away", "return_rate_helped"):
            lo, hi = getattr(self, name)
            if not 0 <= lo <= hi <= 1:
                problems.append(f"{name} must be a range of shares between 0 and 1, low first")
        if len(self.cost_of_help) != 5 or any(c < 0 for c in self.cost_of_help):
            problems.append("cost_of_help must give five costs (levels 1 to 5), none negative")
        if self.referrals_per_month <= 0:
            problems.append("referrals_per_month must be more than 0")
        if problems:
            raise ValueError("The assumptions need a look: " + "; ".join(problems) + ".")
        return self

    def rows(self) -> list[tuple[str, str]]:
        """The assumptions in words, for showing beside the chart."""
        return [
            ("Referrals a month", f"{self.referrals_per_month:,.0f}"),
            ("Need levels 1-5 (share of referrals)", ", ".join(f"{s:.0%}" for s in self.need_mix)),
            ("Turned away who come back within a year", "{:.0%} to {:.0%}".format(*self.return_rate_turned_away)),
            ("Helped who come back within a year", "{:.0%} to {:.0%}".format(*self.return_rate_helped)),
            ("How much higher their need is when they return", "{:g} to {:g} levels".format(*self.need_rise_on_return)),
            ("Cost of help by need level 1-5",
             ", ".join(f"£{c:,.0f}" for c in self.cost_of_help) + f" (each +/- {self.cost_uncertainty:.0%})"),
            ("Cost of screening one contact", "£{:,.0f} to £{:,.0f}".format(*self.cost_of_screening)),
        ]


@dataclass
class ThresholdResult:
    threshold: int
    assumptions: Assumptions
    turned_away: float
    helped: float
    returned: tuple            # (low, high) people turned away who come back within a year
    saved_now: tuple           # (low, high) £ not spent this month
    cost_later: tuple          # (low, high) £ spent on the returns over the year
    by_month: list = field(default_factory=list)  # (month, cumulative returns low, high)

    @property
    def net(self) -> tuple:
        """Cost later minus saving now, (low, high): above zero means the threshold costs more.

        Each end is one consistent scenario (all the low assumptions together, then all the
        high ones), so the range is not widened by pairing a low saving with a high cost.
        """
        a, b = self.cost_later[0] - self.saved_now[0], self.cost_later[1] - self.saved_now[1]
        return (min(a, b), max(a, b))

    @property
    def summary(self) -> str:
        lo, hi = (round(x) for x in self.returned)
        net_lo, net_hi = self.net
        verdict = ("costs more within the year than it saves" if net_lo > 0 else
                   "saves money within the year" if net_hi < 0 else
                   "may cost more or less than it saves within the year: the range spans both")
        return (f"With help only from need level {self.threshold}, about {self.turned_away:.0f} of every "
                f"{self.assumptions.referrals_per_month:.0f} referrals a month are turned away. Within a year about "
                f"{lo} to {hi} of them come back with greater needs. On these assumptions the threshold {verdict} "
                f"(between {_money(net_lo)} and {_money(net_hi)} for one month's referrals, counting returns within the "
                f"first year only). Illustrative: change the assumptions to your own; the groups differ at the "
                f"outset, so this shows a mechanism, not proof.")

    def table(self):
        """The ranges as a small DataFrame (rows: what, low, high)."""
        import pandas as pd

        return pd.DataFrame([
            ("People turned away a month", self.turned_away, self.turned_away),
            ("Of them, back within a year", *self.returned),
            ("Saved this month (£)", *self.saved_now),
            ("Spent on them later (£)", *self.cost_later),
            ("Later cost minus saving (£)", *self.net),
        ], columns=["what", "low", "high"])


def _money(v: float) -> str:
    sign = "-" if v < 0 else ""
    v = abs(v)
    if v >= 100:  # two significant figures: anything finer would be false precision
        v = round(v, 1 - math.floor(math.log10(v)))
    return f"{sign}£{v:,.0f}"


def model(threshold: int = 3, assumptions: Assumptions | None = None, months: int = 12) -> ThresholdResult:
    """Run the model for one threshold (1 helps everyone; 5 helps only the highest need)."""
    import numpy as np

    if threshold not in LEVELS:
        raise ValueError(f"The threshold is a need level from 1 to 5; got {threshold!r}.")
    a = (assumptions or Assumptions()).check()
    n = a.referrals_per_month
    turned_away = sum(n * share for level, share in zip(LEVELS, a.need_mix) if level < threshold)
    helped = n - turned_away
    u = a.cost_uncertainty

    def cost_at(level: float, side: int) -> float:
        # Costs between whole levels are interpolated; above level 5 stays at level 5's cost.
        return float(np.interp(level, LEVELS, a.cost_of_help)) * (1 - u if side == 0 else 1 + u)

    saved = [sum(n * share * cost_at(level, side) for level, share in zip(LEVELS, a.need_mix) if level < threshold)
             for side in (0, 1)]
    returned = [turned_away * a.return_rate_turned_away[side] for side in (0, 1)]
    later = []
    for side in (0, 1):
        total = 0.0
        for level, share in zip(LEVELS, a.need_mix):
            if level < threshold:
                # Those who return: screened again, and helped if their need now meets the threshold.
                back = n * share * a.return_rate_turned_away[side]
                new_level = level + a.need_rise_on_return[side]
                total += back * a.cost_of_screening[side]
                if new_level >= threshold:
                    total += back * cost_at(new_level, side)
        later.append(total)
    # Returns spread over the year, more of them early (a simple declining curve).
    weights = [0.5 ** (m / 4) for m in range(1, months + 1)]
    scale = sum(weights)
    shares = accumulate(w / scale for w in weights)  # of the year's returns, by the end of each month
    by_month = [(m, returned[0] * share, returned[1] * share) for m, share in enumerate(shares, start=1)]
    return ThresholdResult(threshold, a, turned_away, helped, tuple(returned), tuple(saved), tuple(later), by_month)
