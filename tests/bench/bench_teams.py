"""Pick a team: showing a team's view (typology, saturation, discovery curve) against drawing the
same discovery curve with bare matplotlib, so a person switching team waits little longer than a
plain chart takes."""
from __future__ import annotations

from tests.bench import benchmark, timings


@benchmark("pick a team: one team's whole view vs a bare matplotlib step chart of the same curve", goal=3.0)
def team_view_vs_bare_chart(quick: bool):
    import io

    from matplotlib.figure import Figure

    from helpers.teaching import teams

    studies = list(teams.sample_teams().values())
    if quick:
        studies = studies[-1:]
    curves = [teams.team_summary(s)["saturation"].curve for s in studies]

    def ours():
        for study in studies:
            teams.team_view(study)

    def bare():
        for curve in curves:
            ax = Figure(figsize=(7.5, 3.8)).subplots()
            ax.step(curve["demands"], curve["distinct_types"], where="post")
            ax.figure.savefig(io.BytesIO(), format="png", dpi=96, bbox_inches="tight")

    ours(), bare()  # warm up imports and the replay cache
    repeat = 2 if quick else 5
    return timings(ours, repeat), timings(bare, repeat)
