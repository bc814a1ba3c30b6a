"""The people-centred sample data (datasets/gen_people.py) keeps every property a lesson uses.

Each test reads the committed CSV files as a workbook would; one regenerates them and
compares byte for byte, so a change to the script cannot quietly change a lesson.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "datasets"
PROFESSIONALS = ["GP", "hospital", "police", "other professional"]


def _load_generator():
    spec = importlib.util.spec_from_file_location("gen_people", DATASETS / "gen_people.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_people", module)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def _committed_seed() -> int:
    """The seed the committed files were made with: make_datasets.py's SEED if it names one."""
    maker = DATASETS / "make_datasets.py"
    if maker.is_file():
        found = re.search(r"^SEED\s*(?::\s*int)?\s*=\s*(\d+)", maker.read_text(encoding="utf-8"), re.M)
        if found:
            return int(found.group(1))
    return gen.DEFAULT_SEED


def _read(key: str, folder: Path = DATASETS) -> pd.DataFrame:
    return pd.read_csv(folder / gen.FILES[key], dtype={"person_id": str, "staff_id": str})


def _counts(history: pd.DataFrame) -> dict:
    """The count rules of helpers.case_summary, written out independently."""
    activity = history["activity"]
    admissions = history[activity == "admission"]
    return {
        "activity_records": len(history),
        "staff": history["staff_id"].nunique(),
        "teams": history["team"].nunique(),
        "assessments": int((activity == "assessment").sum()),
        "referrals": int((activity == "referral").sum()),
        "admissions": len(admissions),
        "days_in_hospital": int(admissions["days"].sum()),
        "support_plans": int((activity == "support plan").sum()),
    }


# --- reproducibility ---------------------------------------------------------------------

def test_regenerating_gives_the_committed_files_byte_for_byte(tmp_path):
    written = gen.write(tmp_path, _committed_seed())
    assert sorted(p.name for p in written) == sorted(gen.FILES.values())
    for path in written:
        committed = DATASETS / path.name
        assert committed.is_file(), f"{path.name} is not committed: run python datasets/gen_people.py"
        assert path.read_bytes() == committed.read_bytes(), (
            f"{path.name} differs from what the script makes now: regenerate it")


def test_a_different_seed_changes_the_data_but_not_the_published_counts(tmp_path):
    gen.write(tmp_path, 7)
    other = _read("case_history", tmp_path)
    assert _counts(other) == gen.PUBLISHED
    assert (tmp_path / gen.FILES["front_door"]).read_bytes() != (DATASETS / gen.FILES["front_door"]).read_bytes()


# --- one man's ten months ----------------------------------------------------------------

def test_case_history_matches_the_published_counts_exactly():
    history = _read("case_history")
    assert set(history.columns) == set(gen.CASE_COLUMNS)
    assert history["person_id"].nunique() == 1
    assert _counts(history) == gen.PUBLISHED == {
        "activity_records": 179, "staff": 91, "teams": 20, "assessments": 12, "referrals": 11,
        "admissions": 6, "days_in_hospital": 81, "support_plans": 7}


def test_case_summary_gives_the_published_counts():
    helpers = pytest.importorskip("helpers")
    summary = helpers.case_summary(_read("case_history"))
    for key, value in gen.PUBLISHED.items():
        assert summary[key] == value, key
    assert summary["times_story_told"] == gen.TIMES_STORY_TOLD
    assert summary["first_asked_what_matters"] is None


def test_nobody_asked_what_mattered_and_the_story_count_is_planted_and_documented():
    history = _read("case_history")
    assert history["asked_what_matters"].dtype == bool and not history["asked_what_matters"].any()
    assert int(history["told_story"].sum()) == gen.TIMES_STORY_TOLD
    readme = (DATASETS / "README_people.md").read_text(encoding="utf-8")
    assert f"{gen.TIMES_STORY_TOLD} times" in readme


def test_case_history_spans_ten_months_in_a_realistic_order():
    history = _read("case_history")
    dates = pd.to_datetime(history["date"])
    assert dates.is_monotonic_increasing
    months = (dates.max().year - dates.min().year) * 12 + dates.max().month - dates.min().month + 1
    assert months == 10
    # every admission is followed by a discharge before the next admission
    events = history[history["activity"].isin(["admission", "discharge"])]["activity"].tolist()
    assert events == ["admission", "discharge"] * 6
    # the days recorded on each admission match the dates of its discharge
    admitted = dates[history["activity"] == "admission"].tolist()
    discharged = dates[history["activity"] == "discharge"].tolist()
    stays = [(out - came).days for came, out in zip(admitted, discharged)]
    assert stays == history.loc[history["activity"] == "admission", "days"].astype(int).tolist()
    # pass the parcel: the first assessment comes before any support plan
    first = {a: dates[history["activity"] == a].min() for a in ("assessment", "referral", "support plan")}
    assert first["assessment"] <= first["support plan"]


def test_case_notes_are_written_in_practitioners_idiom():
    notes = " ".join(_read("case_history")["note"])
    for idiom in ("NFA", "Signposted to", "Care Act assessment", "MDT", "discharge to assess",
                  "D2A", "DNA (did not attend)", "Referred to", "MFFD", "section 42"):
        assert idiom.lower() in notes.lower(), idiom


def test_teams_span_health_social_care_police_housing_benefits_and_ambulance():
    teams = " ".join(_read("case_history")["team"]).lower()
    for kind in ("gp", "emergency", "adult social care", "policing", "housing options", "benefit",
                 "ambulance", "mental health", "drug and alcohol"):
        assert kind in teams, kind


# --- the redesigned comparator -----------------------------------------------------------

def test_comparator_is_asked_what_matters_in_the_first_week_by_one_worker():
    helpers = pytest.importorskip("helpers")
    other = _read("redesigned")
    paul = _read("case_history")
    dates = pd.to_datetime(other["date"])
    asked = dates[other["asked_what_matters"]]
    assert not asked.empty and (asked.min() - dates.min()).days <= 7
    summary = helpers.case_summary(other)
    assert summary["first_asked_what_matters"] == asked.min().date()
    # one worker holds it: most records are hers, and the case changes hands rarely
    worker_share = other["staff_id"].value_counts(normalize=True).iloc[0]
    assert worker_share >= 0.6
    hand_offs = int((other["team"] != other["team"].shift()).sum()) - 1
    paul_hand_offs = int((paul["team"] != paul["team"].shift()).sum()) - 1
    assert hand_offs * 5 <= paul_hand_offs
    assert len(other) * 5 <= len(paul)
    assert summary["times_story_told"] <= 2 and summary["assessments"] == 0
    assert other["person_id"].nunique() == 1 and other["person_id"].iloc[0] != paul["person_id"].iloc[0]


# --- the adult social care front door ----------------------------------------------------

def test_front_door_loads_without_a_mapping():
    helpers = pytest.importorskip("helpers")
    frame = helpers.load_demands(DATASETS / gen.FILES["front_door"])
    assert frame.attrs.get("missing", []) == []
    assert 270 <= len(frame) <= 330
    assert frame["received_at"].notna().all()
    assert set(frame["classification"]) <= {"value", "failure", "unsure", "not demand"}
    # day-first dates: March 2025, four weeks of office hours
    assert frame["received_at"].min() >= pd.Timestamp("2025-03-03 08:30")
    assert frame["received_at"].max() <= pd.Timestamp("2025-03-28 17:00")
    assert frame["received_at"].dt.day_of_week.max() <= 4


def test_front_door_has_the_canonical_columns_and_uk_times():
    raw = _read("front_door")
    assert list(raw.columns[:14]) == ["id", "received_at", "channel", "verbatim", "classification",
                                      "demand_type", "captured_by", "captured_role", "contact_id",
                                      "person_id", "contact_from", "what_matters", "source_id", "notes"]
    assert raw["received_at"].str.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d").all()
    assert raw["id"].tolist() == list(range(1, len(raw) + 1))
    assert raw["source_id"].is_unique


def test_front_door_shows_who_made_contact_and_service_asks_beside_needs():
    raw = _read("front_door")
    assert set(raw["contact_from"]) == {"self", "family", "GP", "hospital", "police", "other professional"}
    professional = raw["contact_from"].isin(PROFESSIONALS).mean()
    assert 0.25 <= professional <= 0.6
    about_someone = raw[raw["person_id"].notna()]
    assert about_someone["underlying_need"].notna().all() and about_someone["service_asked_for"].notna().all()
    verbatims = " | ".join(about_someone["verbatim"]).lower()
    assert "care package" in verbatims and ("can she have a carer" in verbatims or "can he have a carer" in verbatims)
    # the need beneath is never just the service asked for, reworded
    assert (about_someone["underlying_need"].str.lower() != about_someone["service_asked_for"].str.lower()).all()
    # one ask hides several needs: the lesson of the need table
    assert about_someone.groupby("service_asked_for")["underlying_need"].nunique().max() >= 3


def test_front_door_words_are_each_contacts_own():
    raw = _read("front_door")
    assert raw["verbatim"].nunique() >= 0.8 * len(raw)
    # professionals write in their own shorthand, and no two notifications read the same
    professional = raw[raw["contact_from"].isin(PROFESSIONALS)]
    assert professional["verbatim"].is_unique
    police = raw.loc[raw["contact_from"] == "police", "verbatim"]
    assert len(police) >= 20 and police.is_unique
    # they vary in the officer's wording, the time and the place, not only in an age
    assert police.str.extract(r"\b([0-2]\d[0-5]\d)\b")[0].nunique() >= 8
    assert police.str.split(":").str[0].nunique() >= 4


SAFEGUARDING_WORDS = (r"\bDA\b|domestic|bruis|assault|pension|takes my money|bank card|hoarding|oxygen|no heating|"
                      r"without heat|without power|frightened of him|shouts at me")


def test_safeguarding_contacts_are_passed_on_and_left_out_of_the_need_table():
    helpers = pytest.importorskip("helpers")
    raw = _read("front_door")
    noted = raw["notes"].fillna("").str.contains("safeguarding: passed on", regex=False)
    worded = raw["verbatim"].str.contains(SAFEGUARDING_WORDS, regex=True)
    assert noted.sum() >= 15
    assert (noted == worded).all(), raw.loc[noted != worded, "verbatim"].tolist()
    # domestic abuse is never filed as confusion, and nobody claims to have heard what matters there
    assert not raw.loc[noted, "underlying_need"].str.contains("onfused").any()
    assert raw.loc[noted, "what_matters"].isna().all()
    table = helpers.people.asked_for_and_need(helpers.load_demands(DATASETS / gen.FILES["front_door"]))
    counted = raw[~noted].dropna(subset=["service_asked_for", "underlying_need"])
    assert table["contacts"].sum() == len(counted)
    assert not set(table["underlying_need"]) & set(raw.loc[noted, "underlying_need"])
    assert table.attrs["safeguarding"] == noted.sum()
    assert table.attrs["safeguarding_words"] == (f"{noted.sum()} contacts passed on to safeguarding, "
                                                 "not counted as a need here.")


def test_what_matters_is_heard_rarely_and_in_varied_words():
    raw = _read("front_door")
    heard = raw["what_matters"].dropna()
    assert 0.10 <= len(heard) / len(raw) <= 0.20
    assert heard.nunique() >= 20 and heard.value_counts().iloc[0] <= 4
    # heard least of all in professionals' referrals, never in a police notification
    share = raw["what_matters"].notna().groupby(raw["contact_from"].isin(PROFESSIONALS)).mean()
    assert share[True] < share[False] / 2
    assert raw.loc[raw["contact_from"] == "police", "what_matters"].isna().all()


MALE = r"\bmy (?:husband|dad|son|brother|grandad|uncle)\b|\bmale\b|\b\d\dM\b|\bolder man\b"
FEMALE = r"\bmy (?:wife|mum|daughter|sister|nan|aunt)\b|\bfemale\b|\b\d\dF\b|\bolder woman\b"
HIS = r"\b(?:he|him|his|he's|himself)\b"
HER = r"\b(?:she|her|she's|herself)\b"


def test_pronouns_agree_with_the_person_every_time():
    raw = _read("front_door")
    words = raw["verbatim"].where(raw["contact_from"] != "self", "")  # "near my son" says nothing of the caller
    male = words.str.contains(MALE, case=False) & ~words.str.contains(FEMALE, case=False)
    female = words.str.contains(FEMALE, case=False) & ~words.str.contains(MALE, case=False)
    assert male.sum() >= 40 and female.sum() >= 40
    told = raw["underlying_need"].fillna("") + " | " + raw["what_matters"].fillna("")
    assert not told[male].str.contains(HER, case=False).any(), raw.loc[male & told.str.contains(HER, case=False), "what_matters"]
    assert not told[female].str.contains(HIS, case=False).any(), raw.loc[female & told.str.contains(HIS, case=False), "what_matters"]
    family = raw["contact_from"] == "family"
    assert not raw.loc[male & family, "verbatim"].str.contains(HER, case=False).any()
    assert not raw.loc[female & family, "verbatim"].str.contains(HIS, case=False).any()
    # the same person is the same person whoever makes contact
    sex = pd.Series(pd.NA, index=raw.index, dtype="string").mask(male, "M").mask(female, "F")
    assert (sex.dropna().groupby(raw["person_id"]).nunique() == 1).all()
    heard = raw.dropna(subset=["what_matters"])
    assert heard["what_matters"].str.contains(HIS, case=False).any() and heard["what_matters"].str.contains(HER, case=False).any()


def test_a_wrong_door_is_failure_never_not_demand():
    raw = _read("front_door")
    wrong = raw[raw["verbatim"].str.contains("blue badge|council tax", case=False)]
    assert wrong["verbatim"].str.contains("blue badge", case=False).any()
    assert (wrong["classification"] == "failure").all()
    assert wrong["notes"].str.contains("Wrong door").all()
    not_demand = raw[raw["classification"] == "not demand"]
    assert len(not_demand) >= 3 and not_demand["person_id"].isna().all()


def test_front_door_failure_demand_is_re_presentation():
    raw = _read("front_door")
    people = raw[raw["person_id"].notna()]
    repeated = people["person_id"].value_counts()
    assert (repeated >= 2).sum() >= 40 and repeated.max() >= 3
    later = people[people.duplicated("person_id")]  # second and later contacts
    assert set(later["classification"]) <= {"failure", "unsure"}
    failures = raw[raw["classification"] == "failure"]
    explained = failures["notes"].fillna("").str.contains("Known to us|Wrong door")
    assert (failures["person_id"].isin(later["person_id"]) | explained).all()
    classified = raw[raw["classification"].isin(["value", "failure"])]
    share = (classified["classification"] == "failure").mean()
    assert 0.3 <= share <= 0.5


def test_front_door_plants_no_personal_identifiers():
    raw = _read("front_door")
    text = " ".join(raw[["verbatim", "notes", "what_matters"]].fillna("").to_numpy().ravel())
    assert not re.search(r"\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b", text)  # phone numbers
    assert not re.search(r"\S+@\S+\.\w+", text)  # email addresses
    assert not re.search(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", text)  # postcodes
    assert "my name is" not in text.lower()
    helpers = pytest.importorskip("helpers")
    assert helpers.find_personal_data(raw["verbatim"]).empty


# --- children's social care referrals ----------------------------------------------------

def _rereferral_rates(referrals: pd.DataFrame) -> pd.Series:
    """Share of closed referrals followed by another referral of the same child within a year,
    counting only referrals whose year of follow-up ends inside the data."""
    frame = referrals.copy()
    frame["received_on"] = pd.to_datetime(frame["received_on"])
    frame["closed_on"] = pd.to_datetime(frame["closed_on"])
    frame = frame.sort_values(["person_id", "received_on"])
    frame["next"] = frame.groupby("person_id")["received_on"].shift(-1)
    end = frame["received_on"].max()
    followed = frame[frame["closed_on"] + pd.Timedelta(days=365) <= end]
    back = (followed["next"] - followed["closed_on"]).dt.days.le(365)
    return back.groupby(followed["decision"]).mean()


@pytest.mark.parametrize("where", ["committed", "seed 3"])
def test_screened_out_children_come_back_more_often_within_published_ranges(where, tmp_path):
    if where == "committed":
        referrals = _read("referrals")
    else:
        gen.write(tmp_path, 3)
        referrals = _read("referrals", tmp_path)
    rates = _rereferral_rates(referrals)
    assert 0.35 <= rates["screened out"] <= 0.40
    assert 0.20 <= rates["helped"] <= 0.25
    assert rates["screened out"] > rates["no further action"] > rates["helped"]


def test_referrals_cover_two_years_and_groups_differ_at_the_outset():
    referrals = _read("referrals")
    received = pd.to_datetime(referrals["received_on"])
    assert (received.max() - received.min()).days >= 2 * 365
    assert set(referrals["decision"]) == {"screened out", "no further action", "assessed", "helped"}
    assert referrals["need_level"].between(1, 5).all()
    assert (pd.to_datetime(referrals["closed_on"]) >= received).all()
    assert referrals["referral_id"].is_unique
    need = referrals.groupby("decision")["need_level"]
    assert need.mean()["helped"] - need.mean()["screened out"] >= 1.5
    low = referrals["need_level"].le(2).groupby(referrals["decision"]).mean()
    assert low["screened out"] >= 0.7 and low["helped"] <= 0.3


def test_children_screened_out_come_back_with_greater_need():
    referrals = _read("referrals").sort_values(["person_id", "received_on"])
    referrals["next_need"] = referrals.groupby("person_id")["need_level"].shift(-1)
    back = referrals.dropna(subset=["next_need"])
    rise = (back["next_need"] - back["need_level"]).groupby(back["decision"]).mean()
    assert rise["screened out"] >= 0.8
    assert rise["screened out"] > rise["helped"]


# --- assessment times against a 28-day target --------------------------------------------

def _assessments() -> pd.DataFrame:
    frame = _read("assessments")
    for column in ("first_contact_on", "allocated_on", "assessment_started_on", "completed_on"):
        frame[column] = pd.to_datetime(frame[column])
    frame["recorded"] = (frame["completed_on"] - frame["allocated_on"]).dt.days
    frame["end_to_end"] = (frame["completed_on"] - frame["first_contact_on"]).dt.days
    return frame


def test_recorded_times_fall_off_a_cliff_just_before_day_28():
    frame = _assessments()
    recorded = frame["recorded"]
    just_inside = recorded.between(25, 28).sum()
    just_outside = recorded.between(29, 32).sum()
    assert just_inside >= 8 * max(just_outside, 1)
    assert just_inside >= 3 * recorded.between(17, 20).sum()  # bunched, not merely spread
    assert (recorded <= 28).mean() >= 0.85


def test_true_end_to_end_time_is_much_longer_and_has_no_cliff():
    frame = _assessments()
    e2e = frame["end_to_end"]
    assert e2e.median() >= 2 * frame["recorded"].median()
    assert (e2e <= 28).mean() <= 0.1
    assert e2e.between(21, 28).sum() <= 1.5 * e2e.between(29, 36).sum()
    # the hidden waiting list: first contact to allocation, never on the target clock
    waits = (frame["allocated_on"] - frame["first_contact_on"]).dt.days
    assert waits.median() >= 28


def test_close_and_reopen_restarts_the_clock():
    frame = _assessments()
    assert frame["closed_and_reopened"].dtype == bool
    reopened = frame[frame["closed_and_reopened"]]
    assert 0.08 <= len(reopened) / len(frame) <= 0.25
    assert (reopened["recorded"] <= 28).all()
    ordered = ["first_contact_on", "allocated_on", "assessment_started_on", "completed_on"]
    for earlier, later in zip(ordered, ordered[1:]):
        assert (frame[earlier] <= frame[later]).all(), (earlier, later)


# --- documentation -----------------------------------------------------------------------

def test_readme_documents_every_file_and_column():
    readme = (DATASETS / "README_people.md").read_text(encoding="utf-8")
    for key, name in gen.FILES.items():
        assert name in readme, name
        for column in _read(key).columns:
            assert f"`{column}`" in readme, (name, column)
    for source in ("Beyond Command and Control", "Hood", "fictitious"):
        assert source in readme


def test_readme_figures_are_the_data_s_own():
    readme = " ".join((DATASETS / "README_people.md").read_text(encoding="utf-8").split())
    front = _read("front_door")
    back = int((front["person_id"].value_counts() >= 2).sum())
    referrals = _read("referrals")
    rates = _rereferral_rates(referrals)
    frame = _assessments()
    recorded = frame["recorded"]
    expected = [
        f"{len(front)} rows", f"{back} people come back",
        f"{front['verbatim'].nunique()} different wordings among the {len(front)} contacts",
        f"in {front['what_matters'].notna().sum()} of the {len(front)} contacts",
        f"in {front['what_matters'].nunique()} different wordings",
        f"{front['notes'].fillna('').str.contains('safeguarding: passed on').sum()} contacts passed on to safeguarding",
        f"{len(referrals):,} referrals of {referrals['person_id'].nunique():,} fictitious children",
        f"({rates['screened out']:.1%})", f"({rates['helped']:.1%})",
        f"{len(frame)} adult social care", f"{recorded.between(25, 28).sum()} cases completed on days 25 to 28",
        f"{recorded.between(29, 32).sum()} on days 29 to 32", f"{(recorded <= 28).mean():.0%} \"in target\"",
        f"{int(frame['closed_and_reopened'].sum())} cases ({frame['closed_and_reopened'].mean():.0%}) closed and reopened",
        f"median {int(frame['end_to_end'].median())} days",
        f"{len(_read('redesigned'))} records",
    ]
    for text in expected:
        assert text in readme, text
