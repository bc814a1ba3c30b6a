"""The front door counted: who made contact, what they asked for, who came back, and after which decision.

In a people-centred service (adult social care, children's services, homelessness) a single
contact says little, so these tables look at the front door as a whole: who made contact,
the service asked for beside the need beneath it, **re-presentation** (the same person
coming back: the failure demand here, which needs ``person_id`` to link contacts) and
re-referral rates by the decision made at the front door (``helpers.people`` shows them).
A contact passed on to safeguarding (its notes say ``safeguarding: passed on``) is not a need
the front door meets, so the table of asks and needs leaves it out and says how many it left.

None of it ranks teams or staff. The re-referral comparison illustrates; it does not prove
cause: the groups differ before any decision is made, and the table says how.

>>> import pandas as pd
>>> door = pd.DataFrame({
...     "person_id": ["A1", "A2", "A1", "A3", "A1"],
...     "received_at": pd.to_datetime(["2025-03-03", "2025-03-03", "2025-03-10", "2025-03-11", "2025-03-20"]),
...     "contact_from": ["family", "GP", "self", "police", "hospital"],
...     "classification": ["value", "value", "failure", "value", "failure"],
... })
>>> who_made_contact(door)[["contact_from", "contacts"]].values.tolist()
[['self', 1], ['family', 1], ['GP', 1], ['hospital', 1], ['police', 1]]
>>> s = re_presentation_summary(door)
>>> s["people"], s["people_back"], s["later_contacts"], s["later_failure"]
(3, 1, 2, 2)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helpers.analysis.predictability import _CLASS_ORDER, _classes  # classifications read in the one vocabulary

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DECISIONS", "CONTACT_FROM_ORDER", "PROFESSIONALS", "SAFEGUARDING_NOTE", "who_made_contact",
           "passed_to_safeguarding", "asked_for_and_need",
           "re_presentations", "re_presentation_summary", "re_referral_rates", "contacts_of",
           "PLAIN_COLUMNS", "plain_columns"]

#: The decisions at a children's social care front door, from least to most help.
DECISIONS = ("screened out", "no further action", "assessed", "helped")

#: Who made contact, people first, then professionals (the order tables and charts use).
CONTACT_FROM_ORDER = ("self", "family", "GP", "hospital", "police", "other professional")
PROFESSIONALS = ("GP", "hospital", "police", "other professional")

#: The words in a contact's ``notes`` that say it was passed on to safeguarding the same day.
SAFEGUARDING_NOTE = "safeguarding: passed on"


def _need(frame, columns, what: str) -> None:
    missing = [c for c in columns if c not in frame]
    if missing:
        have = ", ".join(map(str, frame.columns)) or "none"
        raise ValueError(f"{what} needs the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                         f"this table has: {have}.")


def _text(series):
    """Text with blanks as missing, so an empty cell never counts as a category."""
    import pandas as pd

    out = series.astype("string").str.strip()
    return out.mask(out.eq(""), pd.NA)


def _ordered(values, order) -> list:
    """Known values in their natural order first, then any others alphabetically."""
    present = list(dict.fromkeys(values))
    return [v for v in order if v in present] + sorted(v for v in present if v not in order)


def who_made_contact(demands: "pd.DataFrame") -> "pd.DataFrame":
    """Contacts at the front door by who made them, with how each was classified.

    Columns: ``contact_from``, ``contacts``, ``share`` (of all contacts), ``professional``
    (true for a GP, hospital, police or other professional), then one column per
    classification found (``value``, ``failure``, ``unsure``, ``not demand``,
    ``undecided``). Rows: the person, family, then professionals; "not recorded" last.

    >>> import pandas as pd
    >>> t = who_made_contact(pd.DataFrame({"contact_from": ["GP", "self", "self", None],
    ...                                    "classification": ["value", "failure", "value", "value"]}))
    >>> t[["contact_from", "contacts", "failure"]].values.tolist()
    [['self', 2, 1], ['GP', 1, 0], ['not recorded', 1, 0]]
    """
    import pandas as pd

    _need(demands, ["contact_from"], "Who made contact")
    who = _text(demands["contact_from"]).fillna("not recorded")
    table = pd.crosstab(who, _classes(demands))
    order = _ordered(who, CONTACT_FROM_ORDER)
    if "not recorded" in order:
        order = [o for o in order if o != "not recorded"] + ["not recorded"]
    table = table.reindex(order)
    class_columns = _ordered(table.columns, _CLASS_ORDER)
    out = pd.DataFrame({"contact_from": order, "contacts": table.sum(axis=1).to_numpy().astype(int)})
    out["share"] = out["contacts"] / max(int(out["contacts"].sum()), 1)
    out["professional"] = out["contact_from"].isin(PROFESSIONALS)
    if "what_matters" in demands:
        heard = _text(demands["what_matters"]).notna().groupby(who).sum()
        out["what_matters_heard"] = [int(heard.get(w, 0)) for w in order]
    for column in class_columns:
        out[column] = table[column].to_numpy().astype(int)
    return out


def passed_to_safeguarding(demands: "pd.DataFrame") -> "pd.Series":
    """True for each contact whose ``notes`` say it was passed on to safeguarding (any case).

    >>> import pandas as pd
    >>> passed_to_safeguarding(pd.DataFrame({"notes": ["Safeguarding: passed on the same day", None, "seen"]})).tolist()
    [True, False, False]
    """
    import pandas as pd

    if "notes" not in demands:
        return pd.Series(False, index=demands.index)
    return _text(demands["notes"]).str.lower().str.contains(SAFEGUARDING_NOTE, regex=False).fillna(False).astype(bool)


def asked_for_and_need(demands: "pd.DataFrame", top: int | None = None) -> "pd.DataFrame":
    """The service asked for beside the need beneath it, one row per pairing, most frequent first.

    Columns: ``service_asked_for``, ``underlying_need``, ``contacts`` and, with a
    ``what_matters`` column, ``what_matters_heard`` (contacts where anyone heard it) and
    ``what_matters`` (the words most often heard; empty when none). ``attrs``: ``asks``,
    ``needs`` and ``needs_per_ask`` (different needs beneath each ask): one ask ("a care
    package") usually hides several needs, which is why the front door must ask what matters.
    Contacts passed on to safeguarding (``passed_to_safeguarding``) are left out: ``attrs``
    ``safeguarding`` counts them and ``safeguarding_words`` says so in a sentence.

    >>> import pandas as pd
    >>> t = asked_for_and_need(pd.DataFrame({
    ...     "service_asked_for": ["care package", "care package", "stairlift"],
    ...     "underlying_need": ["lonely since a bereavement", "falls at night", "falls at night"]}))
    >>> t.attrs["needs_per_ask"]
    {'care package': 2, 'stairlift': 1}
    """
    _need(demands, ["service_asked_for", "underlying_need"], "Comparing the service asked for with the need")
    safeguarding = passed_to_safeguarding(demands)
    frame = demands[~safeguarding]
    frame = frame.assign(service_asked_for=_text(frame["service_asked_for"]),
                         underlying_need=_text(frame["underlying_need"]))
    frame = frame.dropna(subset=["service_asked_for", "underlying_need"])
    out = (frame.groupby(["service_asked_for", "underlying_need"]).size().rename("contacts").reset_index()
           .sort_values(["contacts", "service_asked_for", "underlying_need"], ascending=[False, True, True], kind="stable")
           .reset_index(drop=True))
    out["contacts"] = out["contacts"].astype(int)
    if "what_matters" in frame:
        heard = frame.assign(what_matters=_text(frame["what_matters"])).dropna(subset=["what_matters"])
        common = (heard.groupby(["service_asked_for", "underlying_need"])["what_matters"]
                  .agg(lambda v: v.value_counts().sort_index().sort_values(ascending=False, kind="stable").index[0]))
        counts = heard.groupby(["service_asked_for", "underlying_need"]).size()
        keys = list(zip(out["service_asked_for"], out["underlying_need"]))
        out["what_matters_heard"] = [int(counts.get(k, 0)) for k in keys]
        out["what_matters"] = [common.get(k, "") for k in keys]
    per_ask = frame.groupby("service_asked_for")["underlying_need"].nunique()
    attrs = {"asks": int(frame["service_asked_for"].nunique()), "needs": int(frame["underlying_need"].nunique()),
             "needs_per_ask": {str(k): int(v) for k, v in per_ask.sort_values(ascending=False, kind="stable").items()},
             "safeguarding": int(safeguarding.sum()),
             "safeguarding_words": (f"{int(safeguarding.sum())} contact{'' if int(safeguarding.sum()) == 1 else 's'} "
                                    "passed on to safeguarding, not counted as a need here.")}
    if top is not None:
        out = out.head(top).reset_index(drop=True)
    out.attrs.update(attrs)
    return out


def _when(demands):
    import pandas as pd

    for column in ("received_at", "recorded_at"):
        if column in demands:
            values = demands[column]
            if pd.api.types.is_datetime64_any_dtype(values):
                return values
            # Text as a capture sheet is typed up: ISO first, else UK day-first.
            parsed = pd.to_datetime(values, errors="coerce", format="ISO8601")
            if parsed.isna().sum() > values.isna().sum():
                parsed = pd.to_datetime(values, errors="coerce", dayfirst=True, format="mixed")
            return parsed
    return pd.Series(pd.NaT, index=demands.index)


def re_presentations(demands: "pd.DataFrame") -> "pd.DataFrame":
    """Each person at the front door: how many times they came, over how long, through which doors.

    Columns: ``person_id``, ``contacts``, ``came_back`` (more than one contact), ``first``,
    ``last`` (when), ``days_between`` (first to last), ``from`` (who made contact each time,
    in order, joined by " then "), ``later_classifications`` (how the later contacts were
    classified). One row per person, those who came back most first. Contacts with no
    ``person_id`` cannot be linked and are left out (counted in ``attrs["unlinked"]``).

    >>> import pandas as pd
    >>> t = re_presentations(pd.DataFrame({"person_id": ["A1", "A2", "A1"],
    ...     "received_at": pd.to_datetime(["2025-03-03 09:00", "2025-03-04 10:00", "2025-03-17 11:00"]),
    ...     "contact_from": ["family", "self", "hospital"], "classification": ["value", "value", "failure"]}))
    >>> row = t.iloc[0]
    >>> row["person_id"], int(row["contacts"]), int(row["days_between"]), row["from"], row["later_classifications"]
    ('A1', 2, 14, 'family then hospital', 'failure')
    """
    import pandas as pd

    _need(demands, ["person_id"], "Counting people who came back")
    frame = pd.DataFrame({
        "person_id": _text(demands["person_id"]).to_numpy(),
        "at": _when(demands).to_numpy(),
        "from": (_text(demands["contact_from"]).fillna("not recorded") if "contact_from" in demands
                 else pd.Series("not recorded", index=demands.index)).to_numpy(),
        "classification": _classes(demands).to_numpy(),
        "order": range(len(demands)),
    })
    unlinked = int(frame["person_id"].isna().sum())
    frame = frame.dropna(subset=["person_id"]).sort_values(["person_id", "at", "order"], kind="stable")
    # One pass of grouped operations (not a loop per person), so a year's front door stays quick.
    grouped = frame.groupby("person_id", sort=False)
    first, last = grouped["at"].min(), grouped["at"].max()
    later = frame[grouped.cumcount() > 0].groupby("person_id", sort=False)["classification"].agg(", ".join)
    out = pd.DataFrame({
        "person_id": first.index.to_numpy(),
        "contacts": grouped.size().to_numpy(),
        "first": first.to_numpy(),
        "last": last.to_numpy(),
        "from": grouped["from"].agg(" then ".join).to_numpy(),
    })
    out.insert(2, "came_back", out["contacts"] > 1)
    span = (out["last"].dt.normalize() - out["first"].dt.normalize()).dt.days
    out.insert(5, "days_between", span.astype("Int64"))
    out["later_classifications"] = [later.get(person, "") for person in out["person_id"]]
    out = out.sort_values(["contacts", "first", "person_id"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
    out.attrs["unlinked"] = unlinked
    return out


def re_presentation_summary(demands: "pd.DataFrame") -> dict:
    """Re-presentation counted: ``people``, ``people_back`` (came more than once),
    ``contacts`` (linked to a person), ``later_contacts`` (every contact after a person's
    first), ``later_failure`` / ``later_unsure`` (of those, classified so),
    ``most_contacts`` (the most any one person made), ``unlinked`` (contacts with no person)."""
    table = re_presentations(demands)
    later = [c for cell in table["later_classifications"] for c in cell.split(", ") if c]
    return {
        "people": int(len(table)),
        "people_back": int(table["came_back"].sum()),
        "contacts": int(table["contacts"].sum()),
        "later_contacts": len(later),
        "later_failure": later.count("failure"),
        "later_unsure": later.count("unsure"),
        "most_contacts": int(table["contacts"].max()) if len(table) else 0,
        "unlinked": table.attrs["unlinked"],
    }


def re_referral_rates(referrals: "pd.DataFrame", within_days: int = 365, until: Any = None) -> "pd.DataFrame":
    """How often children come back after each front-door decision, and how they differed at the outset.

    A referral is **re-referred** when the same child (``person_id``) is referred again
    within ``within_days`` of its ``closed_on``. Only referrals followed up in full by
    ``until`` (default: the last ``received_on``) count, so recent ones are not wrongly
    counted as not returning. Columns: ``decision``, ``referrals``, ``re_referred``,
    ``rate``, the mean ``need_at_outset``, ``low_need_share`` (levels 1-2), ``need_on_return``
    and ``need_rise`` (for those who came back). Illustrative, not causal: compare
    ``need_at_outset`` before reading anything into ``rate``.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"person_id": ["C1", "C1", "C2", "C3"],
    ...     "received_on": ["2022-01-01", "2022-06-01", "2022-01-05", "2024-01-01"],
    ...     "closed_on": ["2022-01-02", "2022-07-01", "2022-02-01", "2024-01-02"],
    ...     "need_level": [1, 3, 4, 2],
    ...     "decision": ["screened out", "helped", "helped", "screened out"]})
    >>> t = re_referral_rates(r)
    >>> t[["decision", "referrals", "re_referred", "need_rise"]].values.tolist()
    [['screened out', 1, 1, 2.0], ['helped', 2, 0, nan]]
    """
    import pandas as pd

    _need(referrals, ["person_id", "received_on", "closed_on", "decision"], "Re-referral rates")
    frame = referrals.copy()
    for column in ("received_on", "closed_on"):
        parsed = pd.to_datetime(frame[column], errors="coerce", format="ISO8601")
        bad = parsed.isna() & frame[column].notna()
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise ValueError(f"Row {row + 2}, column {column!r}: {frame[column].iloc[row]!r} is not a date "
                             "(write it like 2025-03-31).")
        frame[column] = parsed
    frame["decision"] = _text(frame["decision"]).str.lower()
    frame["need_level"] = pd.to_numeric(frame["need_level"], errors="coerce") if "need_level" in frame else float("nan")
    frame = frame.sort_values(["person_id", "received_on"], kind="stable")
    frame["next_on"] = frame.groupby("person_id")["received_on"].shift(-1)
    frame["next_need"] = frame.groupby("person_id")["need_level"].shift(-1)
    end = pd.Timestamp(until) if until is not None else frame["received_on"].max()
    followed = frame[frame["closed_on"] + pd.Timedelta(days=within_days) <= end].copy()
    followed["back"] = (followed["next_on"] - followed["closed_on"]).dt.days.le(within_days)
    rows = []
    for decision in _ordered(followed["decision"].dropna(), DECISIONS):
        group = followed[followed["decision"] == decision]
        back = group[group["back"]]
        rows.append({
            "decision": decision,
            "referrals": int(len(group)),
            "re_referred": int(len(back)),
            "rate": float(group["back"].mean()) if len(group) else float("nan"),
            "need_at_outset": float(group["need_level"].mean()),
            "low_need_share": float(group["need_level"].le(2).mean()),
            "need_on_return": float(back["next_need"].mean()) if len(back) else float("nan"),
            "need_rise": float((back["next_need"] - back["need_level"]).mean()) if len(back) else float("nan"),
        })
    out = pd.DataFrame(rows, columns=["decision", "referrals", "re_referred", "rate", "need_at_outset", "low_need_share",
                                      "need_on_return", "need_rise"])
    out.attrs.update({"within_days": within_days, "until": end, "left_out": int(len(frame) - len(followed))})
    return out


#: Plain words for the columns of the tables here, for showing to people.
PLAIN_COLUMNS = {
    "contact_from": "Who made contact", "contacts": "Contacts", "share": "Share of contacts",
    "professional": "A professional?", "what_matters_heard": "What matters heard",
    "value": "Value", "failure": "Failure", "unsure": "Unsure", "not demand": "Not demand", "undecided": "Not yet classified",
    "service_asked_for": "Service asked for", "underlying_need": "The need beneath it",
    "what_matters": "What matters (most often heard)",
    "person_id": "Person", "came_back": "Came back?", "first": "First contact", "last": "Last contact",
    "days_between": "Days from first to last", "from": "Who made contact, in order",
    "later_classifications": "Later contacts classified as", "decision": "Decision", "referrals": "Referrals followed up",
    "re_referred": "Referred again", "rate": "Share referred again", "need_at_outset": "Mean need level at the outset",
    "low_need_share": "Share at need level 1 or 2", "need_on_return": "Mean need level on return",
    "need_rise": "Rise in need level on return",
}


def plain_columns(table: "pd.DataFrame", index: bool = True) -> "pd.DataFrame":
    """The table with its columns named in plain words (``PLAIN_COLUMNS``), shares as percentages
    and numbers rounded, ready to show to a team or a leader. With ``index=True`` the first
    column becomes the row labels, so no meaningless row numbers are shown.

    >>> import pandas as pd
    >>> plain_columns(pd.DataFrame({"contact_from": ["GP"], "share": [0.25]})).to_dict("index")
    {'GP': {'Share of contacts': '25%'}}
    """
    out = table.copy()
    for column in out.columns:
        if column in ("share", "rate", "low_need_share"):
            out[column] = [f"{v:.0%}" if v == v else "" for v in out[column]]
        elif column in ("need_at_outset", "need_on_return", "need_rise"):
            out[column] = [f"{v:.1f}" if v == v else "" for v in out[column]]
        elif column in ("first", "last"):
            out[column] = [v.strftime("%d/%m/%Y %H:%M") if hasattr(v, "strftime") and v == v else "" for v in out[column]]
        elif column in ("professional", "came_back"):
            out[column] = ["yes" if v else "no" for v in out[column]]
    out = out.rename(columns=PLAIN_COLUMNS)
    return out.set_index(out.columns[0]) if index and len(out.columns) > 1 else out


def contacts_of(demands: "pd.DataFrame", person_id: Any) -> "pd.DataFrame":
    """One person's contacts at the front door, in time order, in plain words.

    >>> import pandas as pd
    >>> door = pd.DataFrame({"person_id": ["A1", "A1"], "received_at": ["10/03/2025 09:00", "03/03/2025 11:00"],
    ...                      "verbatim": ["It's me again", "Mum needs help"], "classification": ["failure", "value"]})
    >>> contacts_of(door, "A1")["What was said"].tolist()
    ['Mum needs help', "It's me again"]
    """
    import pandas as pd

    _need(demands, ["person_id"], "Following one person")
    chosen = demands[_text(demands["person_id"]) == str(person_id)].copy()
    if chosen.empty:
        raise ValueError(f"Nobody with person_id {person_id!r} made contact in these demands.")
    chosen["_at"] = _when(chosen)
    chosen = chosen.sort_values("_at", kind="stable")
    columns = {"_at": "When", "contact_from": "Who made contact", "channel": "How", "verbatim": "What was said",
               "classification": "Classified as", "demand_type": "Type", "what_matters": "What matters", "notes": "Notes"}
    out = pd.DataFrame({label: chosen[column].to_numpy() for column, label in columns.items() if column in chosen})
    out["When"] = [v.strftime("%a %d %b %Y, %H:%M") if v == v else "not recorded" for v in out["When"]]
    return out.fillna("").reset_index(drop=True)
