"""People-centred views: the front door, people coming back, two journeys, re-referrals by decision."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # tests only

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.analysis import cases
from helpers.core import datasets
from helpers.teaching import people
from helpers.views import plots


@pytest.fixture(scope="module")
def front_door():
    return helpers.load_demands(datasets.path("people_front_door.csv"))


@pytest.fixture(scope="module")
def referrals():
    return pd.read_csv(datasets.path("people_children_referrals.csv"))


# --- who made contact ------------------------------------------------------------------

def test_who_made_contact_counts_by_hand_and_orders_people_before_professionals():
    door = pd.DataFrame({
        "contact_from": ["police", "family", " family ", "GP", "", None, "neighbour"],
        "classification": ["value", "failure", "value", "Unsure", "value", None, "not demand"],
    })
    t = who_made_contact = people.who_made_contact(door)
    assert t["contact_from"].tolist() == ["family", "GP", "police", "neighbour", "not recorded"]
    assert t["contacts"].tolist() == [2, 1, 1, 1, 2]
    row = t.set_index("contact_from")
    assert row.loc["family", "value"] == 1 and row.loc["family", "failure"] == 1
    assert row.loc["GP", "unsure"] == 1
    assert row.loc["not recorded", "undecided"] == 1
    assert row.loc["GP", "professional"] and not row.loc["family", "professional"]
    assert t["share"].sum() == pytest.approx(1.0)
    assert who_made_contact is t


def test_who_made_contact_on_the_sample_matches_a_plain_count(front_door):
    t = people.who_made_contact(front_door).set_index("contact_from")
    expected = front_door["contact_from"].value_counts()
    for who, n in expected.items():
        assert t.loc[who, "contacts"] == n
    assert t["contacts"].sum() == len(front_door)
    professionals = front_door["contact_from"].isin(["GP", "hospital", "police", "other professional"]).sum()
    assert t.loc[t["professional"], "contacts"].sum() == professionals


def test_who_made_contact_says_which_column_is_missing():
    with pytest.raises(ValueError, match="contact_from.*has: verbatim"):
        people.who_made_contact(pd.DataFrame({"verbatim": ["hello"]}))


# --- asked for and the need beneath ------------------------------------------------------

def test_asked_for_and_need_pairs_what_matters_and_counts_how_often_it_was_heard():
    door = pd.DataFrame({
        "service_asked_for": ["a home", "a home", "a home", "stairlift", None],
        "underlying_need": ["falls at night", "falls at night", "lonely", "stairs", "x"],
        "what_matters": ["keeping the dog", None, "", "sleeping upstairs", "y"],
    })
    t = people.asked_for_and_need(door)
    assert t[["service_asked_for", "underlying_need", "contacts"]].values.tolist() == [
        ["a home", "falls at night", 2], ["a home", "lonely", 1], ["stairlift", "stairs", 1]]
    assert t["what_matters_heard"].tolist() == [1, 0, 1]
    assert t["what_matters"].tolist() == ["keeping the dog", "", "sleeping upstairs"]
    assert t.attrs["needs_per_ask"] == {"a home": 2, "stairlift": 1}
    assert (t.attrs["asks"], t.attrs["needs"]) == (2, 3)
    assert len(people.asked_for_and_need(door, top=1)) == 1


def test_asked_for_and_need_leaves_out_contacts_passed_on_to_safeguarding():
    door = pd.DataFrame({
        "service_asked_for": ["care package", "(none asked: a notification)", "care package", "care package"],
        "underlying_need": ["lonely", "at risk of harm at home", "lonely", "at risk of harm at home"],
        "notes": [None, "Safeguarding: passed on the same day.", "seen", "safeguarding: passed on"],
    })
    t = people.asked_for_and_need(door)
    assert t[["service_asked_for", "underlying_need", "contacts"]].values.tolist() == [["care package", "lonely", 2]]
    assert t.attrs["safeguarding"] == 2
    assert t.attrs["safeguarding_words"] == "2 contacts passed on to safeguarding, not counted as a need here."
    assert people.asked_for_and_need(door.iloc[:2]).attrs["safeguarding_words"].startswith("1 contact passed on")
    assert people.asked_for_and_need(door.drop(columns="notes"))["contacts"].sum() == 4  # no notes: nothing to leave out
    assert people.passed_to_safeguarding(door).tolist() == [False, True, False, True]


def test_the_sample_need_table_leaves_safeguarding_out_and_what_matters_is_rarely_heard(front_door):
    t = people.asked_for_and_need(front_door)
    passed_on = people.passed_to_safeguarding(front_door)
    assert t.attrs["safeguarding"] == int(passed_on.sum()) > 0
    kept = front_door[~passed_on]
    assert t["contacts"].sum() == kept[["service_asked_for", "underlying_need"]].dropna().shape[0]
    assert t["contacts"].is_monotonic_decreasing
    assert t["what_matters_heard"].sum() == kept["what_matters"].notna().sum()
    # a front door rarely hears what matters, professionals' referrals least of all
    assert t["what_matters_heard"].sum() < 0.2 * t["contacts"].sum()
    who = people.who_made_contact(front_door).set_index("contact_from")
    rate = who["what_matters_heard"] / who["contacts"]
    assert rate[list(people.PROFESSIONALS)].max() < rate[["self", "family"]].min()


# --- re-presentation -----------------------------------------------------------------------

def test_re_presentations_by_hand():
    door = pd.DataFrame({
        "person_id": ["A2", "A1", None, "A1", "A1", "A3"],
        "received_at": ["05/03/2025 10:00", "03/03/2025 16:00", "04/03/2025", "20/03/2025 09:00",
                        "10/03/2025 11:00", "06/03/2025"],  # as typed up: day first
        "contact_from": ["self", "family", "GP", "hospital", None, "police"],
        "classification": ["value", "value", "not demand", "failure", "unsure", "value"],
    })
    t = people.re_presentations(door)
    first = t.iloc[0]
    assert first["person_id"] == "A1" and first["contacts"] == 3 and first["came_back"]
    assert first["days_between"] == 17  # 3 March to 20 March, by calendar day
    assert first["from"] == "family then not recorded then hospital"
    assert first["later_classifications"] == "unsure, failure"
    assert t["person_id"].tolist() == ["A1", "A2", "A3"]
    assert t.attrs["unlinked"] == 1
    s = people.re_presentation_summary(door)
    assert s == {"people": 3, "people_back": 1, "contacts": 5, "later_contacts": 2, "later_failure": 1,
                 "later_unsure": 1, "most_contacts": 3, "unlinked": 1}


def test_re_presentation_on_the_sample_front_door(front_door):
    s = people.re_presentation_summary(front_door)
    per_person = front_door["person_id"].dropna().value_counts()
    assert s["people_back"] == int((per_person > 1).sum())
    assert s["later_contacts"] == int((per_person - 1).sum())
    # The data dictionary: every later contact is failure or unsure.
    assert s["later_failure"] + s["later_unsure"] == s["later_contacts"]
    assert s["unlinked"] == int(front_door["person_id"].isna().sum())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A1", "A2", "A3", "A4"]), st.integers(0, 30),
                          st.sampled_from(["value", "failure", "unsure"])), min_size=1, max_size=25))
def test_re_presentation_counts_add_up(rows):
    door = pd.DataFrame({
        "person_id": [p for p, _, _ in rows],
        "received_at": [pd.Timestamp("2025-03-01") + pd.Timedelta(days=d) for _, d, _ in rows],
        "classification": [c for _, _, c in rows],
    })
    s = people.re_presentation_summary(door)
    assert s["contacts"] == len(rows)
    assert s["people"] + s["later_contacts"] == len(rows)
    assert s["people_back"] <= s["later_contacts"]
    t = people.re_presentations(door)
    assert (t["days_between"] >= 0).all()
    assert t["contacts"].is_monotonic_decreasing


# --- two journeys --------------------------------------------------------------------------

def test_compare_cases_counts_both_histories_in_plain_words():
    ten_months = pd.read_csv(datasets.path("people_case_history.csv"))
    redesigned = pd.read_csv(datasets.path("people_case_history_redesigned.csv"))
    t = people.compare_cases({"as it is": ten_months, "redesigned": redesigned})
    a, b = cases.case_summary(ten_months), cases.case_summary(redesigned)
    assert t.loc["Staff involved", "as it is"] == str(a["staff"])
    assert t.loc["Days in hospital", "redesigned"] == str(b["days_in_hospital"])
    assert t.loc["First asked what matters to him", "as it is"] == "never"
    assert t.loc["First asked what matters to him", "redesigned"] == b["first_asked_what_matters"].strftime("%-d %B %Y")
    assert list(t.index) == list(people.CASE_LABELS.values())


def test_compare_cases_needs_a_history():
    with pytest.raises(ValueError, match="at least one case history"):
        people.compare_cases({})


def test_two_journeys_share_dates_and_keep_their_captions():
    a = cases.journey(pd.read_csv(datasets.path("people_case_history.csv")))
    b = cases.journey(pd.read_csv(datasets.path("people_case_history_redesigned.csv")))
    top, bottom = people.plot_two_journeys(a, b, titles=("As it is", None))
    assert top.get_title() == "As it is" and bottom.get_title().startswith("Journey of P-5208")
    assert top.get_xlim() == bottom.get_xlim()
    assert "nobody asked what mattered" in plots.caption(top).notice
    assert "first asked what mattered" in plots.caption(bottom).notice
    assert len(top.get_yticklabels()) == len(a.attrs["teams"])
    plt.close("all")


# --- re-referrals by decision -------------------------------------------------------------

def test_re_referral_rates_by_hand():
    r = pd.DataFrame({
        "person_id": ["C1", "C1", "C1", "C2", "C2", "C3", "C4"],
        "received_on": ["2022-01-01", "2022-03-01", "2023-06-01", "2022-02-01", "2023-04-01", "2022-05-01", "2024-06-01"],
        "closed_on": ["2022-01-10", "2022-04-01", "2023-06-05", "2022-03-01", "2023-04-02", "2022-05-02", "2024-06-02"],
        "need_level": [1, 2, 4, 2, 3, 5, 1],
        "decision": ["screened out", "screened out", "helped", "No further action", "helped", "helped", "screened out"],
    })
    t = people.re_referral_rates(r).set_index("decision")
    # C1's first: back on 1 March (within a year). C1's second: back 1 June 2023, 426 days after closing: no.
    assert t.loc["screened out", "referrals"] == 2 and t.loc["screened out", "re_referred"] == 1
    assert t.loc["screened out", "need_at_outset"] == pytest.approx(1.5)
    assert t.loc["screened out", "need_rise"] == pytest.approx(1.0)
    # C2: closed 1 March 2022, back 1 April 2023 (396 days): not within the year.
    assert t.loc["no further action", "re_referred"] == 0
    # Closed within a year of the data's end (1 June 2024): left out.
    # C1's third (closed 5 June 2023) and C4's have no full year of follow-up: left out.
    assert t.loc["helped", "referrals"] == 2 and t.loc["helped", "re_referred"] == 0
    assert list(t.index) == ["screened out", "no further action", "helped"]
    assert t.attrs["left_out"] == 2


def test_re_referral_rates_reproduce_the_published_sample_figures(referrals):
    # datasets/README_people.md: 37.4% screened out, 32.2% NFA, 28.1% assessed, 22.1% helped.
    t = people.re_referral_rates(referrals).set_index("decision")
    assert list(t.index) == list(people.DECISIONS)
    assert [round(100 * t.loc[d, "rate"], 1) for d in people.DECISIONS] == [37.4, 32.2, 28.1, 22.1]
    assert t.loc["screened out", "need_at_outset"] < t.loc["helped", "need_at_outset"] - 1.5
    assert t.loc["screened out", "need_rise"] > t.loc["helped", "need_rise"]


def test_a_later_end_counts_more_referrals(referrals):
    base = people.re_referral_rates(referrals)
    shorter = people.re_referral_rates(referrals, until="2024-09-30")
    assert shorter["referrals"].sum() < base["referrals"].sum()
    assert shorter.attrs["until"] == pd.Timestamp("2024-09-30")


def test_re_referral_rates_name_a_bad_date():
    r = pd.DataFrame({"person_id": ["C1"], "received_on": ["first of May"], "closed_on": ["2022-05-02"],
                      "decision": ["helped"]})
    with pytest.raises(ValueError, match="Row 2, column 'received_on'"):
        people.re_referral_rates(r)


def test_re_referral_plot_caption_says_it_is_not_causal(referrals):
    ax = people.plot_re_referrals(people.re_referral_rates(referrals))
    notice = plots.caption(ax).notice
    assert "does not prove" in notice and "differed" in notice
    assert "screened out: 37%" in plots.describe(ax)
    assert len(ax.patches) == 4
    plt.close("all")


def test_who_made_contact_plot_stacks_each_classification(front_door):
    table = people.who_made_contact(front_door)
    ax = people.plot_who_made_contact(table)
    professionals = int(table.loc[table["professional"], "contacts"].sum())
    assert plots.caption(ax).notice.startswith(f"{professionals} of {len(front_door)}")
    widths = {}
    for bar in ax.patches:
        y = round(bar.get_y() + bar.get_height() / 2)
        widths[y] = widths.get(y, 0) + bar.get_width()
    assert sorted(widths.values()) == sorted(table["contacts"].tolist())
    plt.close("all")


# --- showing and following ------------------------------------------------------------------

def test_what_matters_heard_by_who_made_contact(front_door):
    t = people.who_made_contact(front_door).set_index("contact_from")
    heard = front_door.dropna(subset=["what_matters"])["contact_from"].value_counts()
    for who in t.index:
        assert t.loc[who, "what_matters_heard"] == heard.get(who, 0)


def test_plain_columns_rename_and_format_for_people(referrals):
    t = people.plain_columns(people.re_referral_rates(referrals))
    assert "Share referred again" in t and "decision" not in t
    assert t.index.name == "Decision" and t.index[0] == "screened out"
    assert t.loc["screened out", "Share referred again"] == "37%"
    assert t.loc["screened out", "Mean need level at the outset"] == "1.8"
    flat = people.plain_columns(people.re_referral_rates(referrals), index=False)
    assert flat["Decision"].tolist() == list(people.DECISIONS)


def test_their_words_finds_the_notes_where_he_says_what_matters():
    ten_months = pd.read_csv(datasets.path("people_case_history.csv"))
    words = people.their_words(ten_months)
    notes = " ".join(words["note"])
    # datasets/README_people.md: he says what matters more than once, and nobody picks it up.
    assert "a bit of company and to sort the flat" in notes and "somewhere of his own" in notes
    assert not words["asked_what_matters"].astype(str).str.lower().eq("true").any()
    assert words["date"].tolist() == sorted(words["date"])
    unrelated = ten_months[~ten_months.index.isin(words.index)]
    assert len(words) < len(ten_months) and len(unrelated) > 0


def test_contacts_of_one_person_in_time_order(front_door):
    table = people.re_presentations(front_door)
    person = table["person_id"].iloc[0]
    rows = people.contacts_of(front_door, person)
    assert len(rows) == table["contacts"].iloc[0]
    expected = front_door[front_door["person_id"] == person].sort_values("received_at")["verbatim"].tolist()
    assert rows["What was said"].tolist() == expected
    with pytest.raises(ValueError, match="Nobody with person_id 'Z9'"):
        people.contacts_of(front_door, "Z9")


def test_person_picker_shows_the_chosen_persons_contacts(front_door):
    box = people.person_picker(front_door)
    choose, out = box.children
    back = people.re_presentations(front_door)
    assert len(choose.options) == int(back["came_back"].sum())
    first = people.contacts_of(front_door, choose.value)["What was said"].iloc[0]
    assert first.replace("'", "&#x27;").split(",")[0] in out.value or first.split(",")[0] in out.value
    other = choose.options[-1][1]
    choose.value = other
    last_words = people.contacts_of(front_door, other)["What was said"].iloc[-1]
    import html
    assert html.escape(last_words) in out.value


def test_person_picker_says_when_nobody_came_back():
    box = people.person_picker(pd.DataFrame({"person_id": ["A1", "A2"], "received_at": ["2025-03-03", "2025-03-04"]}))
    assert "Nobody came back" in box.value


def test_captioned_all_keeps_every_parts_caption():
    a = cases.journey(pd.read_csv(datasets.path("people_case_history.csv")))
    b = cases.journey(pd.read_csv(datasets.path("people_case_history_redesigned.csv")))
    top, bottom = people.plot_two_journeys(a, b)
    notices = (plots.caption(top).notice, plots.caption(bottom).notice)
    shown = people.captioned_all([top, bottom])
    assert shown.notice == " ".join(notices)
    assert shown.alt.startswith("Part 1 of 2: Timeline of 179 records") and "Part 2 of 2: Timeline of 26 records" in shown.alt
    assert "<figcaption>" in shown.html and "nobody asked what mattered" in shown.html
    assert not plt.get_fignums()  # closed after showing, so it is not drawn twice


def test_figures_are_laid_out_when_drawn_so_a_kept_image_costs_no_layout(front_door):
    # Laying a figure out measures every label, as drawing does; in a walkthrough the image is
    # usually kept from an earlier visit (helpers.views.figures), so the layout waits for the drawing.
    a = cases.journey(pd.read_csv(datasets.path("people_case_history.csv")))
    b = cases.journey(pd.read_csv(datasets.path("people_case_history_redesigned.csv")))
    for fig in (people.plot_two_journeys(a, b)[0].figure,
                people.plot_who_made_contact(people.who_made_contact(front_door)).figure):
        assert fig.subplotpars.left == matplotlib.rcParams["figure.subplot.left"], "laid out before drawing"
        fig.canvas.draw()
        # The teams' long names push the plot right once the figure is drawn.
        assert fig.subplotpars.left > matplotlib.rcParams["figure.subplot.left"], "never laid out"
        plt.close(fig)
