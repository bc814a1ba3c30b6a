"""Housing repairs sample data: the listening study and the same fortnight seen other ways.

Everything here is invented: Northbrook Homes (the landlord), Brantwell Property Services
(its repairs contractor), the listeners, the residents and their words. `make_demands` is
the generator the teams' studies in gen_exercises.py reuse. Only the standard library is
used, with one `random.Random` per file so that changing one file never shifts another.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import math
import random
import re
from pathlib import Path

import gen_repairs_phrases as P

# ---------------------------------------------------------------------------------------
# small shared helpers

DEMAND_COLUMNS = ["id", "received_at", "channel", "verbatim", "classification", "demand_type",
                  "captured_by", "captured_role", "contact_id", "source_id", "notes"]

BASELINE_DAYS = [dt.date(2026, 3, 2) + dt.timedelta(days=d) for d in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)]
AFTER_DAYS = [dt.date(2026, 5, 11) + dt.timedelta(days=d) for d in range(5)]

ROLE = {
    "Sandra Okafor": "Head of Repairs",
    "Gareth Pryce": "Contact Centre Manager",
    "Jo Hartley": "Contact Centre Team Leader",
    "Priya Nair": "Customer Service Adviser",
    "Tom Willis": "Customer Service Adviser",
    "Marcus Bell": "Repairs Supervisor",
    "Nadia Brooks": "Digital Services Officer",
    "Kevin Doyle": "Reception Officer",
    "Aisha Rahman": "Housing Officer",
    "Helen Marsh": "Member Enquiries Officer",
    "Dean Moss": "Customer Liaison Officer, Brantwell",
}
KIND = {  # for the README and the listeners file: who can change the system, who does the work
    "Sandra Okafor": "manager", "Gareth Pryce": "manager", "Jo Hartley": "manager",
    "Marcus Bell": "manager", "Priya Nair": "front line", "Tom Willis": "front line",
    "Nadia Brooks": "front line", "Kevin Doyle": "front line", "Aisha Rahman": "front line",
    "Helen Marsh": "front line", "Dean Moss": "front line",
}
STYLE = {
    "Sandra Okafor": "plain", "Gareth Pryce": "shorthand", "Jo Hartley": "reported",
    "Priya Nair": "quote", "Tom Willis": "lower", "Marcus Bell": "plain",
    "Nadia Brooks": "plain", "Kevin Doyle": "lower", "Aisha Rahman": "plain",
    "Helen Marsh": "plain", "Dean Moss": "reported",
}
PHONE_LISTENERS = ["Sandra Okafor", "Priya Nair", "Gareth Pryce", "Tom Willis", "Jo Hartley",
                   "Marcus Bell"]

CHANNELS = {"phone": 0.62, "web form": 0.14, "email": 0.09, "reception": 0.06,
            "housing officer's mobile": 0.03, "councillor casework": 0.02,
            "contractor's line": 0.04}

# (value, failure, not about a repair, unsure) for demands other than the "still coming" calls,
# which are planned day by day (see still_per_day). "Not about a repair" holds operatives,
# contractors and silent calls (not customer demand) and the wrong doors (failure: see WRONG_DOOR)
CLASS_WEIGHTS = {
    "phone": (0.355, 0.51, 0.105, 0.03),
    "web form": (0.66, 0.29, 0.01, 0.04),
    "email": (0.42, 0.51, 0.03, 0.04),
    "reception": (0.45, 0.43, 0.07, 0.05),
    "housing officer's mobile": (0.36, 0.55, 0.02, 0.07),
    "councillor casework": (0.1, 0.88, 0.0, 0.02),
    "contractor's line": (0.08, 0.82, 0.07, 0.03),
}

VALUE_WEIGHTS = {
    "Water coming in / leak": 16, "No heating or hot water": 14,
    "Toilet, sink or drain blocked": 9, "No power or electrics not working": 6,
    "Can't secure my home (door, lock, window)": 6, "Roof or gutters": 3.5,
    "Communal repair (lift, entry door, lights)": 5, "Is this my responsibility?": 3.5,
    "Reporting for an elderly relative": 2.5, "Damp and mould": 9,
    "Kitchen or bathroom fitting broken": 5,
}
FAILURE_WEIGHTS = {
    "When will my repair be done?": 12, "Nobody turned up": 9,
    "Card through the door but I was in": 6, "Text says complete but it isn't": 5,
    "He needs to come back (follow-on work)": 8, "Repair didn't last / it's come back": 7,
    "Wrong trade sent": 3, "Surveyor never came": 4, "Given a date I can't do": 5,
    "Reported online, heard nothing": 3, "Promised call-back never came": 6,
    "Contractor says ring the council, council says ring the contractor": 3,
    "Asked to repeat my details": 2.5, "Complaint about how I've been treated": 3,
}
FAILURE_BY_CHANNEL = {
    "web form": {"Reported online, heard nothing": 6, "When will my repair be done?": 3,
                 "Repair didn't last / it's come back": 3, "Text says complete but it isn't": 2,
                 "Nobody turned up": 2, "Card through the door but I was in": 2,
                 "He needs to come back (follow-on work)": 2, "Given a date I can't do": 2,
                 "Surveyor never came": 1, "Complaint about how I've been treated": 1},
    "email": {"Reported online, heard nothing": 4, "When will my repair be done?": 3,
              "Repair didn't last / it's come back": 2, "Complaint about how I've been treated": 3,
              "Asked to repeat my details": 1, "Surveyor never came": 2,
              "Text says complete but it isn't": 2, "Nobody turned up": 2,
              "Contractor says ring the council, council says ring the contractor": 1,
              "Promised call-back never came": 2},
    "councillor casework": {"Councillor chasing for a resident": 1},
    "contractor's line": {"Card through the door but I was in": 3, "Given a date I can't do": 3,
                          "He needs to come back (follow-on work)": 3, "Nobody turned up": 2,
                          "Contractor says ring the council, council says ring the contractor": 3,
                          "Wrong trade sent": 2, "Asked to repeat my details": 1},
}
VALUE_BY_CHANNEL = {
    "councillor casework": {"Communal repair (lift, entry door, lights)": 3, "Damp and mould": 2},
    "housing officer's mobile": {"Damp and mould": 5, "Is this my responsibility?": 3,
                                 "Reporting for an elderly relative": 2, "Water coming in / leak": 2,
                                 "Communal repair (lift, entry door, lights)": 2},
}
WRONG_RENT, WRONG_CTAX = P.WRONG_DOOR
NOT_REPAIRS_WEIGHTS = {
    "phone": {"Operative needs access details": 4, WRONG_RENT: 3, WRONG_CTAX: 2,
              "Contractor confirming jobs": 1.5, "Silent or dropped call": 1.5},
    "reception": {WRONG_RENT: 3, WRONG_CTAX: 2},
    "email": {"Contractor confirming jobs": 1, WRONG_RENT: 1},
}
WRONG_DOOR_NOTES = ["switchboard sent them to us - F (front door)", "F - wrong line, the council's front door",
                    "put through wrongly by switchboard = F", "F: council front door sent caller here"]
GAS = "Smell of gas"


def gas_notes(channel: str) -> tuple[str, str]:
    """The team's note and the reference note on a gas smell: value (a first report), but an
    emergency handled safety first, whichever door it came in by."""
    if channel in ("web form", "email"):
        return ("EMERGENCY sent by " + channel + ", read next morning: rang back at once, told to ring "
                "the gas emergency line 0800 111 999",
                "Value (a first report) and an emergency: safety first, the person is told to ring the gas "
                "emergency line, 0800 111 999, straight away. Teaching point: a " + channel + " is a door that "
                "must never take a gas report; it waited unread. The form should say so before anyone types.")
    return ("EMERGENCY - safety first: told to ring the gas emergency line 0800 111 999 now, "
            "windows open, no switches",
            "Value (a first report) and an emergency: safety first, the caller is told to ring the gas "
            "emergency line, 0800 111 999, at once (windows open, no switches or flames) before anything else.")
TAIL = [  # (type, classification, first day index, rows in all): the long tail of types
    ("Smoke alarm beeping", "value", 0, 6), ("Fence or gate broken", "value", 1, 5),
    ("Mice or rats getting in", "value", 2, 3), ("Scaffolding left up", "failure", 2, 3),
    (GAS, "value", 2, 2), ("Operative left a mess", "failure", 3, 4),
    ("Grab rail or adaptation", "value", 3, 3), ("Job cancelled without telling me", "failure", 4, 3),
    ("Can I do my own improvements?", "value", 4, 3), ("Charged for a repair", "failure", 5, 2),
    ("Letter went to the wrong address", "failure", 5, 2),
    ("Tree or overgrown garden", "value", 5, 1),
]
IN_SLOT_TYPE = "Checking appointment (still in slot)"
STILL = "Is someone still coming today?"
NOBODY = "Nobody turned up"

PHONE_HOURS = {8: 3.0, 9: 3.2, 10: 2.6, 11: 2.0, 12: 1.8, 13: 1.6, 14: 1.6, 15: 1.5,
               16: 1.3, 17: 1.0}
HOURS = {
    "web form": {h: w for h, w in zip(range(6, 24), [1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 5, 6, 6, 5, 3])},
    "email": {h: w for h, w in zip(range(7, 23), [2, 3, 4, 4, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3, 3, 2])},
    "reception": {9: 3, 10: 3, 11: 2, 12: 2, 13: 2, 14: 2, 15: 2, 16: 1},
    "housing officer's mobile": {h: 1 for h in range(9, 18)},
    "councillor casework": {h: 1 for h in range(9, 17)},
    "contractor's line": {h: 1 for h in range(8, 18)},
}


def fmt_dt(day: dt.date, minute: int) -> str:
    """'dd/mm/yyyy HH:MM', the way a UK sheet writes it."""
    return f"{day:%d/%m/%Y} {minute // 60:02d}:{minute % 60:02d}"


def iso(day: dt.date, minute: int) -> str:
    return f"{day:%Y-%m-%d}T{minute // 60:02d}:{minute % 60:02d}:00"


def write_csv(path: Path, header: list[str], rows: list) -> Path:
    """Write rows (dicts or sequences) with Unix line ends, so reruns are byte-identical."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        for row in rows:
            out.writerow([row.get(c, "") for c in header] if isinstance(row, dict) else row)
    return path


def write_actions(path: Path, actions: list[tuple[str, str, str, dict]]) -> Path:
    """An action CSV for helpers.Study.replay: at, by, action, args (JSON)."""
    return write_csv(path, ["at", "by", "action", "args"],
                     [(at, by, act, json.dumps(args, ensure_ascii=False)) for at, by, act, args in actions])


def pick(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def spoken_time(minute: int, rng: random.Random) -> str:
    """How a caller says the time: 'gone 12', 'half 4', 'nearly 1'."""
    h, m = divmod(minute, 60)
    h12 = h if h <= 12 else h - 12
    nxt = 1 if h12 == 12 else h12 + 1
    if m < 10:
        return rng.choice([f"gone {h12}", f"{h12} o'clock"])
    if m < 23:
        return rng.choice([f"quarter past {h12}", f"gone {h12}"])
    if m < 38:
        return rng.choice([f"half {h12}", f"{h12}.{m:02d}"])
    if m < 51:
        return rng.choice([f"quarter to {nxt}", f"nearly {nxt}"])
    return f"nearly {nxt}"


def fill(text: str, rng: random.Random, minute: int = 720, slot: str = "AM") -> str:
    fillers = {
        "room": P.ROOMS, "day": P.DAYS, "ago": P.AGO, "weeks": P.WEEKS, "month": P.MONTHS,
        "trade": P.TRADES, "thing": P.THINGS, "block": P.BLOCKS, "slot": P.SLOTS[slot],
    }

    def one(match: re.Match) -> str:
        key = match.group(1)
        if key == "now":
            return spoken_time(minute, rng)
        return rng.choice(fillers[key])
    return re.sub(r"\{(\w+)\}", one, text)


def words(text: str) -> int:
    return len(text.split())


VISIT_ENDINGS = (" Please can someone come out.", " I'm home most days.", " Photos attached.")
TYPED_ENDINGS = [""] * 12 + [VISIT_ENDINGS[0], " Thanks.", " Thank you", " Please call me back.",
                             " Regards", " Can you let me know asap", *VISIT_ENDINGS[1:]]
QUESTION_WORDS = ("can", "is", "do", "does", "what", "when", "how", "who", "why", "should", "any", "where")


def ending_fits(ending: str, text: str, cls: str, emergency: bool = False) -> bool:
    """A web form's sign-off only where a resident would write it: none on an emergency, and
    "please come out" kinds only on a report of a fault, not on a question or a chase."""
    if emergency:
        return False
    if ending not in VISIT_ENDINGS:
        return True
    first = text.removeprefix("Hi, ").split(" ", 1)[0].lower()
    return cls == "value" and "?" not in text and first not in QUESTION_WORDS


def style(text: str, listener: str, channel: str, rng: random.Random, cls: str,
          endings: list[str] = TYPED_ENDINGS, emergency: bool = False) -> str:
    """Write the demand the way this listener (or, for web forms, the resident) writes."""
    how = STYLE.get(listener, "plain")
    if channel in ("web form", "email"):
        how = "typed"
    # a typo now and then: listeners write fast
    if rng.random() < 0.09:
        for right, wrong in P.MISSPELL.items():
            if re.search(rf"\b{right}\b", text):
                text = re.sub(rf"\b{right}\b", wrong, text, count=1)
                break
        else:
            tokens = text.split()
            long = [i for i, t in enumerate(tokens) if t.isalpha() and len(t) >= 6]
            if long:
                i = rng.choice(long)
                t = tokens[i]
                j = rng.randrange(1, len(t) - 2)
                tokens[i] = t[:j] + t[j + 1] + t[j] + t[j + 2:]
                text = " ".join(tokens)
    if how == "shorthand":
        for full, short in P.SHORTHAND.items():
            if rng.random() < 0.6:
                text = re.sub(rf"\b{full}\b", short, text)
    elif how == "lower":
        text = text.lower().rstrip(".?!")
    elif how == "quote" and cls in ("value", "failure") and rng.random() < 0.45:
        text = f'"{text}"'
    elif how == "reported" and cls in ("value", "failure") and rng.random() < 0.4:
        text = rng.choice(["says ", "cust says ", "T says ", "caller: "]) + text
    elif how == "typed":
        text = text[0].upper() + text[1:]
        if text[-1] not in ".?!":
            text += "."
        extra = rng.choice(endings)  # drawn even when it does not fit, so later draws stay put
        if not ending_fits(extra, text, cls, emergency):
            extra = ""
        if channel == "email" and rng.random() < 0.3 and not text.startswith("I "):
            text = "Hi, " + text[0].lower() + text[1:]
        if words(text + extra) <= 25:
            text += extra
    if how != "typed" and how != "lower" and text[0].islower() and rng.random() < 0.5:
        text = text[0].upper() + text[1:]
    if channel == "housing officer's mobile" and rng.random() < 0.5:
        pre = rng.choice(["rang my mobile - ", "on my mobile: ", "at the door on my visit: "])
        if words(pre + text) <= 25:
            text = pre + text
    # bracketed asides about how the person was
    if channel in ("phone", "reception", "contractor's line"):
        aside = None
        if cls == "failure" and rng.random() < 0.09:
            aside = rng.choice(P.ASIDES_FAILURE)
        elif rng.random() < 0.02:
            aside = rng.choice(P.ASIDES_ANY)
        if aside and words(text) + words(aside) <= 25:
            text = f"{text} {aside}" if rng.random() < 0.8 else f"{aside} {text}"
    return text


def draw_minute(rng: random.Random, hours: dict) -> int:
    h = pick(rng, hours)
    return h * 60 + rng.randrange(60)


def clipped_normal(rng: random.Random, mean: float, sd: float, lo: int, hi: int) -> int:
    for _ in range(50):
        x = int(round(rng.gauss(mean, sd)))
        if lo <= x <= hi:
            return x
    return max(lo, min(hi, int(mean)))


def slot_from_text(text: str, default: str) -> str:
    t = text.lower()
    if "all day" in t or "8 till 6" in t or "8-6" in t or "since this morning" in t:
        return "ALL"
    if "12" in t or "afternoon" in t or "six" in t:
        return "PM"
    return default


SLOT_NAMES = {"AM": "AM 8-1", "PM": "PM 12-6", "ALL": "All day 8-6"}


# ---------------------------------------------------------------------------------------
# the generator


class Cycler:
    """Draw phrasings from a bank without replacement, reshuffling when it runs out,
    so every hand-written phrasing gets used before any is used again."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.decks: dict[str, list] = {}

    def draw(self, key: str, bank: list):
        deck = self.decks.get(key)
        if not deck:
            deck = list(bank)
            self.rng.shuffle(deck)
            self.decks[key] = deck
        return deck.pop()


def _still(rng, cyc, day_i, kind=None, after=False):
    """One "is someone still coming?" demand: when it comes and what it says."""
    if after:
        text, lo, hi = cyc.draw("still_after", STILL_AFTER)
        minute = rng.randrange(lo, hi + 1)
        return minute, fill(text, rng, minute, "AM"), "chosen 2h", "today"
    kind = kind or pick(rng, {"AM": 0.47, "PM": 0.37, "ANY": 0.16})
    if kind == "AM":
        minute = clipped_normal(rng, 12 * 60 + 25, 32, 11 * 60 + 20, 13 * 60 + 40)
        text = cyc.draw("still_am", P.STILL_AM)
        return minute, fill(text, rng, minute, "AM"), "AM", "today"
    if kind == "PM":
        minute = clipped_normal(rng, 16 * 60 + 55, 32, 16 * 60, 17 * 60 + 59)
        slot = rng.choice(["PM", "ALL"])
        text = cyc.draw("still_pm", P.STILL_PM)
        text = fill(text, rng, minute, slot)
        return minute, text, slot_from_text(text, slot), "today"
    minute = draw_minute(rng, {8: 3, 9: 3, 10: 2, 11: 1, 14: 1, 15: 1})
    text = fill(cyc.draw("still_any", P.STILL_ANY), rng, minute, "ALL")
    return minute, text, "ALL", "today"


STILL_AFTER = [  # (what they say, from, to): only said when it makes sense on the clock
    ("I chose 10 till 12, it's {now}, is he still coming?", 11 * 60 + 40, 12 * 60 + 20),
    ("picked the 2 till 4 window, he's not here yet, is he running late?", 15 * 60 + 40, 16 * 60 + 20),
    ("booked myself the 8 till 10 slot, nobody yet, just checking", 9 * 60 + 40, 10 * 60 + 15),
    ("the time I picked has gone, is someone still coming?", 10 * 60 + 5, 16 * 60 + 30),
    ("can you check the engineer's on his way, my window ends at 12", 11 * 60 + 30, 11 * 60 + 59),
    ("my window was 12 till 2, it's {now}, no one yet", 13 * 60 + 45, 14 * 60 + 30),
    ("chose 4 till 6 so I'd be back from work, is he still coming?", 17 * 60 + 30, 17 * 60 + 59),
]


def _nobody(rng, cyc, channel):
    """One "nobody came" demand: always after the slot it was for has ended."""
    if channel in ("web form", "email"):
        kind = pick(rng, {"today_pm": 0.6, "yesterday": 0.4})
    else:
        kind = pick(rng, {"today_am": 0.62, "yesterday": 0.38})
    if kind == "today_am":
        minute = rng.randrange(13 * 60 + 5, 15 * 60 + 50)
        text = fill(cyc.draw("nobody_am", P.NOBODY_TODAY_AM), rng, minute, "AM")
        return minute, text, "AM", "today"
    if kind == "today_pm":
        minute = rng.randrange(18 * 60 + 5, 22 * 60 + 30)
        text = fill(cyc.draw("nobody_pm", P.NOBODY_TODAY_PM), rng, minute, "PM")
        return minute, text, slot_from_text(text, "PM"), "today"
    hours = PHONE_HOURS if channel not in HOURS else HOURS[channel]
    minute = rng.randrange(8 * 60, 10 * 60 + 40) if channel == "phone" else draw_minute(rng, hours)
    text = fill(cyc.draw("nobody_yday", P.NOBODY_YESTERDAY), rng, minute, "PM")
    return minute, text, slot_from_text(text, rng.choice(["PM", "ALL"])), "yesterday"


def _allowed(weights: dict, channels: dict) -> dict:
    """Keep only the doors this study listens at (falling back to its own doors)."""
    kept = {k: w for k, w in weights.items() if k in channels}
    return kept or dict(channels)


def make_demands(rng: random.Random, dates: list[dt.date], per_day: list[int], *,
                 still_per_day: list[int], channels: dict = CHANNELS,
                 class_weights: dict = CLASS_WEIGHTS, tail: list = TAIL,
                 value_weights: dict = VALUE_WEIGHTS, failure_weights: dict = FAILURE_WEIGHTS,
                 in_slot_value_days: int = 0, pairs_per_day: float = 3.5,
                 opens_per_day: float = 1.4, phone_listeners: list[str] = PHONE_LISTENERS,
                 door_listeners: dict | None = None, after_change: bool = False) -> list[dict]:
    """Demands heard over `dates`, one dict each, in time order.

    Each dict carries the team's view (`classification`, `demand_type`, `notes`) and the
    facilitator's (`ref_class`, `ref_type`, `contested`, `ref_note`, `slot`, `slot_day`,
    `planted`). `still_per_day` fixes the number of "still coming?" calls each day, so the
    daily series behaves as the lessons need.
    """
    cyc = Cycler(rng)
    door_listeners = door_listeners or {
        "web form": ["Nadia Brooks", "Jo Hartley"], "email": ["Nadia Brooks", "Jo Hartley"],
        "reception": ["Kevin Doyle"], "housing officer's mobile": ["Aisha Rahman"],
        "councillor casework": ["Helen Marsh"], "contractor's line": ["Dean Moss"],
    }
    tail_plan: dict[int, list[tuple[str, str]]] = {}
    for name, cls, first, count in tail:
        if first >= len(dates):
            continue
        days = [first] + [rng.randrange(first, len(dates)) for _ in range(count - 1)]
        for d in days:
            tail_plan.setdefault(d, []).append((name, cls))
    rows: list[dict] = []
    unsure_deck = Cycler(rng)
    for d, day in enumerate(dates):
        day_rows: list[dict] = []
        n_still = still_per_day[d]
        tails = tail_plan.get(d, [])
        n_ordinary = per_day[d] - n_still - len(tails)
        for _ in range(n_still):
            channel = pick(rng, _allowed({"phone": 0.86, "contractor's line": 0.09,
                                          "housing officer's mobile": 0.05}, channels))
            minute, text, slot, slot_day = _still(rng, cyc, d, after=after_change)
            row = dict(channel=channel, minute=minute, text=text, cls="failure", type=STILL,
                       ref_class="failure", ref_type=STILL, slot=slot, slot_day=slot_day)
            inside = (slot == "AM" and minute < 13 * 60) or (slot == "ALL" and minute >= 16 * 60)
            if d < in_slot_value_days and inside and channel == "phone" and rng.random() < 0.95:
                # the team's first days: "they're still inside the slot, so it's value"
                am = slot == "AM"
                row.update(cls="value", type=IN_SLOT_TYPE, contested=True,
                           notes=rng.choice(["still in the 8-1 slot so V", "inside slot - V",
                                             "V - slot not over yet", "in slot, just checking = V",
                                             "within the slot so V"] if am else
                                            ["all day slot runs to 6 so V", "still within the slot - V",
                                             "in slot till 6 = V"]),
                           ref_note=("Inside the slot by the rules, but the resident is chasing because "
                                     "nobody told them when: failure the slot policy designs in."),
                           planted="inside the slot")
            day_rows.append(row)
        for name, cls in tails:
            channel = pick(rng, _allowed({"phone": 0.7, "web form": 0.15, "email": 0.1, "reception": 0.05}, channels))
            bank = P.VALUE.get(name) or P.FAILURE[name]
            hours = PHONE_HOURS if channel == "phone" else HOURS[channel]
            minute = draw_minute(rng, hours)
            row = dict(channel=channel, minute=minute, text=fill(cyc.draw(name, bank), rng, minute),
                       cls=cls, type=name, ref_class=cls, ref_type=name, planted="long tail")
            if name == GAS:
                row["notes"], row["ref_note"] = gas_notes(channel)
            day_rows.append(row)
        for _ in range(n_ordinary):
            channel = pick(rng, channels)
            cls = pick(rng, dict(zip(("value", "failure", "not demand", "unsure"), class_weights[channel])))
            hours = PHONE_HOURS if channel == "phone" else HOURS[channel]
            row = dict(channel=channel, cls=cls, ref_class=cls)
            if cls == "value":
                kind = pick(rng, VALUE_BY_CHANNEL.get(channel, value_weights))
                minute = draw_minute(rng, hours)
                text = fill(cyc.draw(kind, P.VALUE[kind]), rng, minute)
            elif cls == "failure":
                kind = pick(rng, FAILURE_BY_CHANNEL.get(channel, failure_weights))
                if kind == NOBODY:
                    minute, text, slot, slot_day = _nobody(rng, cyc, channel)
                    row.update(slot=slot, slot_day=slot_day)
                else:
                    minute = draw_minute(rng, hours)
                    text = fill(cyc.draw(kind, P.FAILURE[kind]), rng, minute)
            elif cls == "not demand":
                kind = pick(rng, NOT_REPAIRS_WEIGHTS.get(channel, {"Silent or dropped call": 1}))
                if channel not in ("phone", "reception", "email") and "phone" in channels:
                    channel = row["channel"] = "phone"
                    hours = PHONE_HOURS
                minute = draw_minute(rng, hours)
                bank = P.WRONG_DOOR.get(kind) or P.NOT_DEMAND[kind]
                text = fill(cyc.draw(kind, bank), rng, minute)
                if kind in P.WRONG_DOOR:  # failure, for the council's front door
                    what = "rent" if kind == WRONG_RENT else "council tax"
                    row.update(cls="failure", ref_class="failure", planted="wrong department", reported=True,
                               notes=WRONG_DOOR_NOTES[len(day_rows) % len(WRONG_DOOR_NOTES)],
                               ref_note=(f"Failure, and where it failed: the council's front door (its switchboard "
                                         f"options) sent a {what} question to repairs. We made the right door hard "
                                         f"to find; a wrong door is never 'not demand'."))
            else:
                item = unsure_deck.draw("unsure", P.UNSURE)
                text, team_type, note, rc, rt, contested, rnote = item
                minute = draw_minute(rng, hours)
                kind = team_type
                row.update(ref_class=rc, ref_type=rt, contested=contested, ref_note=rnote,
                           notes=note, planted="unsure")
            row.update(minute=minute, text=text, type=kind)
            row.setdefault("ref_type", kind)
            day_rows.append(row)
        # contacts that open as a new report and turn out to be failure
        n_opens = int(opens_per_day) + (1 if rng.random() < opens_per_day % 1 else 0)
        candidates = [r for r in day_rows if r["cls"] == "value" and r["channel"] in ("phone", "reception")
                      and "planted" not in r]
        for row in rng.sample(candidates, min(n_opens, len(candidates))):
            text, kind = cyc.draw("opens", P.OPENS_AS_VALUE)
            row.update(text=fill(text, rng, row["minute"]), cls="failure", type=kind, ref_class="failure",
                       ref_type=kind, planted="opened as value",
                       notes=rng.choice(["started as new report, same job -> F", "opened as new job, is the old one",
                                         "thought new repair - same as before so F", "began V, turned out F"]))
        day_rows.sort(key=lambda r: r["minute"])
        # contacts that carry a second demand
        n_pairs = int(pairs_per_day) + (1 if rng.random() < pairs_per_day % 1 else 0)
        firsts = [r for r in day_rows if r["channel"] in ("phone", "reception", "housing officer's mobile")
                  and r["cls"] in ("value", "failure") and r.get("planted") is None]
        for row in rng.sample(firsts, min(n_pairs, len(firsts))):
            if row["cls"] == "value":
                kind = pick(rng, {"When will my repair be done?": 3, "Promised call-back never came": 1,
                                  "He needs to come back (follow-on work)": 1, "Is this my responsibility?": 1.5})
            else:
                kind = pick(rng, {k: w for k, w in value_weights.items() if k != "Reporting for an elderly relative"})
            cls = "value" if kind in P.VALUE else "failure"
            bank = P.VALUE.get(kind) or P.FAILURE[kind]
            body = fill(cyc.draw(kind, bank), rng, row["minute"])
            second = dict(channel=row["channel"], minute=row["minute"], cls=cls, type=kind,
                          ref_class=cls, ref_type=kind, planted="second demand in contact",
                          text=rng.choice(P.ALSO) + body, pair_of=id(row))
            if words(second["text"]) > 25:
                second["text"] = body
            row["pair_key"] = id(row)
            day_rows.insert(day_rows.index(row) + 1, second)
        # listeners and their way of writing
        prev_listener = None  # a second demand of one contact keeps its first one's listener
        for row in day_rows:
            ch = row["channel"]
            if ch == "phone":
                block = min(4, max(0, (row["minute"] - 480) // 120))
                listener = phone_listeners[(d * 2 + block) % len(phone_listeners)]
            else:
                pool = door_listeners[ch]
                listener = pool[d % len(pool)]
            if "pair_of" in row:
                listener = prev_listener
            prev_listener = listener
            row["listener"] = listener
            # a wrong door is the listener's summary, not the caller's words: never quoted as said
            voice = "not demand" if row.get("reported") else row["cls"]
            row["verbatim"] = style(row["text"], listener, ch, rng, voice, emergency=row["type"] == GAS)
            row["date"] = day
            row["day_index"] = d
        rows.extend(day_rows)
    return rows


def number(rows: list[dict], prefix: str = "") -> list[dict]:
    """Give ids, contact ids and source ids (sheet, listener's initials, line) in time order."""
    contact = 0
    lines: dict[tuple, int] = {}
    for i, row in enumerate(rows, start=1):
        row["id"] = i
        if "pair_of" not in row:
            contact += 1
        row["contact_id"] = f"{prefix}C{contact:05d}"
        initials = "".join(w[0] for w in row["listener"].split()[:2])
        key = (row["day_index"], initials)
        lines[key] = lines.get(key, 0) + 1
        row["source_id"] = f"{prefix}D{row['day_index'] + 1:02d}-{initials}-{lines[key]:03d}"
    return rows


def demand_record(row: dict) -> dict:
    return {
        "id": row["id"], "received_at": fmt_dt(row["date"], row["minute"]), "channel": row["channel"],
        "verbatim": row["verbatim"], "classification": row["cls"], "demand_type": row["type"] or "",
        "captured_by": row["listener"], "captured_role": ROLE[row["listener"]],
        "contact_id": row["contact_id"], "source_id": row["source_id"], "notes": row.get("notes", ""),
    }


# ---------------------------------------------------------------------------------------
# the reference typology: what failed and where (the facilitator's hypotheses)

TYPOLOGY = [
    # name, classification, what matters (value) / what failed and where (failure), where, arises from
    ("Water coming in / leak", "value", "Stop the water today; one visit that finds the cause.", "", ""),
    ("No heating or hot water", "value", "Warm and washed today, especially with children or illness.", "", ""),
    ("Toilet, sink or drain blocked", "value", "Working toilet today; no sewage left waiting.", "", ""),
    ("No power or electrics not working", "value", "Safe power today.", "", ""),
    ("Can't secure my home (door, lock, window)", "value", "Feel safe tonight.", "", ""),
    ("Roof or gutters", "value", "Keep the weather out; fixed before the next rain.", "", ""),
    ("Communal repair (lift, entry door, lights)", "value", "Get in and out safely; know when it will be fixed.", "", ""),
    ("Is this my responsibility?", "value", "A clear answer first time.", "", ""),
    ("Reporting for an elderly relative", "value", "Someone else can report it and be kept informed.", "", ""),
    ("Damp and mould", "value", "The cause found and fixed, not painted over; children's health.", "", ""),
    ("Kitchen or bathroom fitting broken", "value", "Fixed at a time that suits, in one visit.", "", ""),
    ("Smoke alarm beeping", "value", "Safe, and a quiet night.", "", ""),
    ("Fence or gate broken", "value", "Children and pets kept safe.", "", ""),
    ("Mice or rats getting in", "value", "The way in found and blocked.", "", ""),
    ("Grab rail or adaptation", "value", "Stay independent at home.", "", ""),
    ("Can I do my own improvements?", "value", "A clear yes or no.", "", ""),
    (GAS, "value", "Safe now: told at once to ring the gas emergency line, 0800 111 999; no gas report ever "
                   "left waiting in a web form.", "", ""),
    ("Tree or overgrown garden", "value", "Light and safety.", "", ""),
    ("Question about planned works", "value", "Know when the work is coming.", "", ""),
    ("Copy of a safety certificate", "value", "Proof the home is safe.", "", ""),
    ("Booking my appointment", "value", "A time that suits.", "", ""),
    ("Asbestos worry", "value", "Know whether it is safe.", "", ""),
    ("Changing the time I chose", "value", "Move it without fuss.", "", ""),
    (STILL, "failure",
     "Slot policy: four- to ten-hour slots (AM 8-1, PM 12-6, all day) and no word on the day, so residents ring "
     "to find out; the contractor's schedule is not shared with the contact centre.",
     "slot policy; contractor interface", "any repair with an appointment"),
    ("When will my repair be done?", "failure",
     "Jobs are raised with no date agreed; the routine 28-day target, not the resident, sets when; nobody "
     "tells residents what happens next.", "our service (priorities and scheduling)", "any reported repair"),
    (NOBODY, "failure",
     "Contractor runs over and drops the last jobs of the day with no call; long slots hide it until the slot ends.",
     "contractor interface; slot policy", "any repair with an appointment"),
    ("Card through the door but I was in", "failure",
     "Job closure rules: a 'no access' closes the job inside target, so a quick card costs the operative nothing.",
     "job closure rules", "any repair with an appointment"),
    ("Text says complete but it isn't", "failure",
     "Job closure rules: the job closes when the operative leaves and a follow-on is a new job, so the text goes "
     "out while the repair is unfinished.", "job closure rules", "any repair"),
    ("He needs to come back (follow-on work)", "failure",
     "Diagnosis and fix split across visits; vans not stocked for the common jobs; parts ordered after the "
     "visit; schedule-of-rates codes pay per visit.", "contractor interface; schedule of rates", "leaks, heating, doors"),
    ("Repair didn't last / it's come back", "failure",
     "Work done to the job code, not to the cause: mould painted over, washers swapped, blockages cleared but "
     "not traced.", "schedule of rates; first visit", "leaks, damp and mould, blockages"),
    ("Wrong trade sent", "failure",
     "Call handlers must choose a trade and code by script before anyone has seen the problem.",
     "our service (diagnosis at first contact)", "any reported repair"),
    ("Surveyor never came", "failure",
     "Inspections sit in a separate diary with no appointment given to the resident.",
     "our service (inspections)", "damp and mould, roofs, structural"),
    ("Given a date I can't do", "failure",
     "The system offers a date; nobody asks the resident when suits them.", "slot policy", "any repair"),
    ("Reported online, heard nothing", "failure",
     "Web forms land in a shared mailbox, are re-keyed by hand, and no acknowledgement goes out.",
     "our service (web channel)", "any reported repair"),
    ("Promised call-back never came", "failure",
     "The contact centre promises a call that depends on someone in another team making it.",
     "our service; contractor interface", "chasing"),
    ("Contractor says ring the council, council says ring the contractor", "failure",
     "Two organisations, two systems, no shared view of the job.", "contractor interface", "any repair"),
    ("Asked to repeat my details", "failure",
     "Details do not travel with the job between council, contractor and surveyor.", "contractor interface",
     "any repair"),
    ("Complaint about how I've been treated", "failure",
     "Earlier failures not put right; the complaint is the end of a chain of chasing.", "arises from other failures",
     "chasing"),
    ("Councillor chasing for a resident", "failure",
     "The resident gave up on the front door and went to their councillor.", "arises from other failures",
     "chasing"),
    ("Scaffolding left up", "failure", "Scaffold hire is a separate job that nobody owns once the work is done.",
     "contractor interface", "roof or gutters"),
    ("Operative left a mess", "failure", "Making good is not in the job code.", "schedule of rates", "any repair"),
    ("Job cancelled without telling me", "failure",
     "Duplicate checks cancel the live job and nobody tells the resident.", "job closure rules", "any repair"),
    ("Charged for a repair", "failure", "Recharge policy applied without looking at the cause.",
     "our service (recharge policy)", "doors, locks, windows"),
    ("Letter went to the wrong address", "failure", "Contact details not updated across systems.",
     "our service (records)", "any repair"),
    ("Operative needs access details", "not demand", "", "", ""),
    (WRONG_RENT, "failure",
     "The switchboard's options (and the number on rent letters) do not get people to the rent team, so they "
     "reach repairs and are passed on: we made the right door hard to find.",
     "the council's front door (switchboard options)", "rent questions"),
    (WRONG_CTAX, "failure",
     "The switchboard's options do not get people to council tax, so they reach repairs and are passed on.",
     "the council's front door (switchboard options)", "council tax questions"),
    ("Contractor confirming jobs", "not demand", "", "", ""),
    ("Silent or dropped call", "not demand", "", "", ""),
    ("Compliment", "not demand", "", "", ""),
]


# ---------------------------------------------------------------------------------------
# the files

BASE_PER_DAY = [120, 104, 102, 99, 94, 123, 106, 101, 98, 95]
BASE_STILL = [19, 15, 14, 13, 12, 20, 16, 14, 13, 12]
AFTER_PER_DAY = [99, 90, 88, 86, 82]
AFTER_STILL = [4, 2, 3, 2, 1]
OFFERED = [628, 497, 471, 458, 433, 641, 512, 483, 466, 441]
OFFERED_AFTER = [552, 437, 421, 409, 389]


def baseline_rows(seed: int) -> list[dict]:
    rng = random.Random(seed * 1000 + 1)
    rows = make_demands(rng, BASELINE_DAYS, BASE_PER_DAY, still_per_day=BASE_STILL, in_slot_value_days=5)
    return number(rows)


def after_rows(seed: int) -> list[dict]:
    rng = random.Random(seed * 1000 + 2)
    fw = dict(FAILURE_WEIGHTS)
    fw.update({"Nobody turned up": 4, "Given a date I can't do": 0.6, "Card through the door but I was in": 3.5})
    vw = dict(VALUE_WEIGHTS)
    vw["Changing the time I chose"] = 2.5
    cw = dict(CLASS_WEIGHTS)
    cw["phone"] = (0.42, 0.45, 0.10, 0.03)
    rows = make_demands(rng, AFTER_DAYS, AFTER_PER_DAY, still_per_day=AFTER_STILL, tail=[],
                        value_weights=vw, failure_weights=fw, class_weights=cw, after_change=True)
    return number(rows, prefix="A")


def write_study(out: Path, seed: int) -> list[Path]:
    rows = baseline_rows(seed)
    after = after_rows(seed)
    written = [write_csv(out / "repairs_demands.csv", DEMAND_COLUMNS, [demand_record(r) for r in rows])]
    ref_cols = ["id", "source_id", "classification", "demand_type", "contested", "planted", "slot",
                "slot_day", "note"]
    written.append(write_csv(out / "repairs_reference.csv", ref_cols, [
        {"id": r["id"], "source_id": r["source_id"], "classification": r["ref_class"],
         "demand_type": r["ref_type"], "contested": "yes" if r.get("contested") else "no",
         "planted": r.get("planted", ""), "slot": SLOT_NAMES.get(r.get("slot"), ""),
         "slot_day": r.get("slot_day", "") if r.get("slot") else "", "note": r.get("ref_note", "")}
        for r in rows]))
    written.append(write_csv(out / "repairs_typology_reference.csv",
                             ["demand_type", "classification", "what_matters", "what_failed_where",
                              "failed_where", "arises_from"],
                             [{"demand_type": n, "classification": c,
                               "what_matters": w if c == "value" else "",
                               "what_failed_where": w if c != "value" else "",
                               "failed_where": f, "arises_from": a} for n, c, w, f, a in TYPOLOGY]))
    listeners = {}
    for r in rows:
        info = listeners.setdefault(r["listener"], {"doors": set(), "days": set(), "demands": 0})
        info["doors"].add(r["channel"])
        info["days"].add(r["day_index"])
        info["demands"] += 1
    written.append(write_csv(out / "repairs_listeners.csv", ["name", "role", "kind", "doors", "days_listened"], [
        {"name": n, "role": ROLE[n], "kind": KIND[n], "doors": "; ".join(sorted(i["doors"])),
         "days_listened": len(i["days"])} for n, i in sorted(listeners.items())]))
    # the line's own figures: every call, not just the sample heard
    rng = random.Random(seed * 1000 + 3)
    tel = []
    for period, days, offered in (("baseline", BASELINE_DAYS, OFFERED), ("after change", AFTER_DAYS, OFFERED_AFTER)):
        for day, off in zip(days, offered):
            rate = (0.21 if day.weekday() == 0 else 0.13) if period == "baseline" else (0.12 if day.weekday() == 0 else 0.07)
            abandoned = int(round(off * (rate + rng.uniform(-0.02, 0.02))))
            wait = int((240 if day.weekday() == 0 else 150) * (1 if period == "baseline" else 0.6) + rng.randrange(-25, 25))
            tel.append({"date": f"{day:%d/%m/%Y}", "weekday": f"{day:%A}", "period": period, "offered": off,
                        "answered": off - abandoned, "abandoned": abandoned, "average_wait_seconds": wait})
    written.append(write_csv(out / "repairs_telephony.csv", ["date", "weekday", "period", "offered", "answered",
                                                              "abandoned", "average_wait_seconds"], tel))
    daily = []
    for period, rs in (("baseline", rows), ("after change", after)):
        by_day: dict = {}
        for r in rs:
            c = by_day.setdefault(r["date"], {"value": 0, "failure": 0, "still": 0, "n": 0})
            c["n"] += 1
            if r["ref_class"] in ("value", "failure"):
                c[r["ref_class"]] += 1
            if r["ref_type"] == STILL:
                c["still"] += 1
        for day, c in sorted(by_day.items()):
            daily.append({"date": f"{day:%d/%m/%Y}", "weekday": f"{day:%A}", "period": period,
                          "demands_sampled": c["n"], "value": c["value"], "failure": c["failure"],
                          "still_coming": c["still"]})
    written.append(write_csv(out / "repairs_daily_counts.csv", ["date", "weekday", "period", "demands_sampled",
                                                                 "value", "failure", "still_coming"], daily))
    written += write_ticksheet(out, seed, rows, tel)
    written += write_crm(out, seed)
    written.append(write_end_to_end(out, seed))
    return written


# ---------------------------------------------------------------------------------------
# the same fortnight as a tick sheet

TICK_BOXES = [  # (box as printed on the sheet, what the sheet files it as)
    ("Repair request - Plumbing", "V"), ("Repair request - Heating", "V"),
    ("Repair request - Electrical", "V"), ("Repair request - Joinery", "V"),
    ("Repair request - Roofing", "V"), ("Repair request - Communal", "V"),
    ("Damp/Condensation", "V"), ("Aids & adaptations", "V"), ("Asbestos enquiry", "V"),
    ("Right to repair", "V"), ("Progress update - V", "V"), ("Appointment change", "V"),
    ("Missed appointment", "F"), ("Recall", "F"), ("Complaint", "F"), ("Other", ""),
]
TICK_MAP = {
    "Water coming in / leak": ["Repair request - Plumbing"],
    "Toilet, sink or drain blocked": ["Repair request - Plumbing"],
    "No heating or hot water": ["Repair request - Heating"],
    "No power or electrics not working": ["Repair request - Electrical"],
    "Smoke alarm beeping": ["Repair request - Electrical"],
    "Can't secure my home (door, lock, window)": ["Repair request - Joinery"],
    "Kitchen or bathroom fitting broken": ["Repair request - Joinery", "Repair request - Plumbing"],
    "Fence or gate broken": ["Repair request - Joinery"],
    "Roof or gutters": ["Repair request - Roofing"],
    "Communal repair (lift, entry door, lights)": ["Repair request - Communal"],
    "Damp and mould": ["Damp/Condensation"],
    "Grab rail or adaptation": ["Aids & adaptations"],
    "Reporting for an elderly relative": ["Repair request - Plumbing", "Repair request - Heating",
                                          "Repair request - Joinery"],
    STILL: ["Progress update - V"], IN_SLOT_TYPE: ["Progress update - V"],
    "When will my repair be done?": ["Progress update - V"],
    "He needs to come back (follow-on work)": ["Progress update - V"],
    "Promised call-back never came": ["Progress update - V", "Other"],
    "Surveyor never came": ["Progress update - V"],
    "Text says complete but it isn't": ["Progress update - V", "Recall"],
    "Reported online, heard nothing": ["Progress update - V", "Repair request - Plumbing"],
    "Given a date I can't do": ["Appointment change"],
    NOBODY: ["Missed appointment"],
    "Card through the door but I was in": ["Missed appointment", "Other", "Appointment change"],
    "Repair didn't last / it's come back": ["Recall", "Repair request - Plumbing", "Repair request - Heating"],
    "Complaint about how I've been treated": ["Complaint"],
}


def write_ticksheet(out: Path, seed: int, rows: list[dict], tel: list[dict]) -> list[Path]:
    """Every answered call of the fortnight ticked into a box fixed in advance: no words."""
    rng = random.Random(seed * 1000 + 4)
    ticks = []
    for day, t in zip(BASELINE_DAYS, tel):
        phone = [r for r in rows if r["date"] == day and r["channel"] == "phone"]
        for _ in range(t["answered"]):
            r = rng.choice(phone)
            minute = max(480, min(1079, r["minute"] + rng.randrange(-20, 21)))
            busy = minute < 600 or day.weekday() == 0
            boxes = TICK_MAP.get(r["ref_type"])
            if boxes is None or rng.random() < (0.12 if busy else 0.05):
                box = "Other"
            else:
                box = rng.choice(boxes)
            ticks.append((day, minute, box))
    ticks.sort(key=lambda x: (x[0], x[1]))
    marks = dict(TICK_BOXES)
    out_rows = [{"id": i, "received_at": fmt_dt(d, m), "channel": "phone", "demand_type": b,
                 "classification": marks[b]} for i, (d, m, b) in enumerate(ticks, start=1)]
    return [
        write_csv(out / "repairs_ticksheet.csv", ["id", "received_at", "channel", "demand_type", "classification"],
                  out_rows),
        write_csv(out / "repairs_ticksheet_boxes.csv", ["box", "printed_as", "order"],
                  [{"box": b, "printed_as": m, "order": i} for i, (b, m) in enumerate(TICK_BOXES, start=1)]),
    ]


# ---------------------------------------------------------------------------------------
# the same fortnight as the repairs system sees it

SOR = [  # code, description, trade, weight, usual priority
    ("PL1040", "Tap - renew washer/cartridge", "Plumbing", 8, "Routine"),
    ("PL1100", "Trace and repair leak", "Plumbing", 10, "Urgent"),
    ("PL1120", "Burst pipe - make safe", "Plumbing", 3, "Emergency"),
    ("PL2110", "Clear blockage to WC", "Drainage", 6, "Emergency"),
    ("PL2140", "Clear blockage to sink/bath waste", "Drainage", 5, "Urgent"),
    ("DR2200", "Clear external drain/gully", "Drainage", 3, "Urgent"),
    ("HT3010", "Boiler - no heating/hot water, diagnose", "Heating", 10, "Emergency"),
    ("HT3040", "Radiator valve - renew", "Heating", 3, "Routine"),
    ("HT3080", "Boiler - renew pump (follow-on)", "Heating", 2, "Urgent"),
    ("EL4020", "Investigate loss of power", "Electrical", 4, "Emergency"),
    ("EL4060", "Renew socket outlet", "Electrical", 3, "Routine"),
    ("EL4110", "Extractor fan - repair/renew", "Electrical", 3, "Routine"),
    ("EL4150", "Smoke detector - renew", "Electrical", 2, "Urgent"),
    ("JN5030", "Ease and adjust door", "Joinery", 4, "Routine"),
    ("JN5060", "Renew lock/cylinder", "Joinery", 3, "Urgent"),
    ("JN5090", "Board up window/door", "Joinery", 2, "Emergency"),
    ("JN5120", "Kitchen unit door/hinge - repair", "Joinery", 4, "Routine"),
    ("JN5150", "Window - repair handle/hinge", "Joinery", 3, "Routine"),
    ("RF6010", "Clear and repair gutters", "Roofing", 3, "Routine"),
    ("RF6030", "Renew slipped tiles/slates", "Roofing", 2, "Urgent"),
    ("DM7010", "Mould wash and treat", "Damp", 5, "Routine"),
    ("DM7050", "Damp inspection - surveyor", "Damp", 3, "Routine"),
    ("CM8010", "Communal lighting - repair", "Communal", 2, "Urgent"),
    ("CM8040", "Door entry system - repair", "Communal", 2, "Urgent"),
    ("GN9910", "Plastering - make good after works", "General", 2, "Routine"),
    ("GN9990", "Pre-inspection - surveyor", "General", 2, "Routine"),
]
TARGET_DAYS = {"Emergency": 1, "Urgent": 7, "Routine": 28}
JOB_NOTES = {  # the call handler's shorthand on the job, by schedule-of-rates code
    "PL1040": ["TAP DRIPPING K/SINK", "BATH TAP WON'T TURN OFF"], "PL1100": ["LEAK UNDER K/SINK", "LEAK THRU CEILING FROM BATH", "TNT SAYS STILL LEAKING"],
    "PL1120": ["BURST PIPE AIRING CUPBD", "WATER INGRESS - ATTEND"], "PL2110": ["WC BLOCKED", "WC BLOCKED - ONLY TOILET"],
    "PL2140": ["SINK BLOCKED", "BATH NOT DRAINING", "BLOCKED AGAIN PER TNT"], "DR2200": ["GULLY O/FLOWING", "MANHOLE LIFTING"],
    "HT3010": ["NO HTG/HW", "BOILER F28", "NO HW - VULNERABLE"], "HT3040": ["RAD VALVE LEAKING", "RAD COLD BED 2"],
    "HT3080": ["PUMP REQ - F/ON", "PUMP ORDERED"], "EL4020": ["NO POWER", "TRIPPING"], "EL4060": ["SOCKET LOOSE", "SOCKET SCORCHED"],
    "EL4110": ["BATHROOM FAN U/S", "FAN NOISY"], "EL4150": ["SMOKE DET BEEPING", "SMOKE DET U/S"],
    "JN5030": ["DOOR DROPPED", "DOOR STICKING"], "JN5060": ["LOCK U/S", "KEY SNAPPED IN LOCK"],
    "JN5090": ["BOARD UP AFTER BREAK IN", "WINDOW SMASHED"], "JN5120": ["CUPBD DOOR OFF", "DRAWER RUNNERS"],
    "JN5150": ["WINDOW HANDLE", "WINDOW WON'T SHUT"], "RF6010": ["GUTTER O/FLOWING", "DOWNPIPE LOOSE"],
    "RF6030": ["SLIPPED TILES", "ROOF LEAK TOP BED"], "DM7010": ["MOULD BED 1", "MOULD RETURNED", "MOULD - WASH + TREAT"],
    "DM7050": ["DAMP INSP REQ", "DAMP - SURVEYOR TO INSPECT"], "CM8010": ["LANDING LIGHTS OUT", "STAIR LIGHTS"],
    "CM8040": ["ENTRY DOOR NOT LOCKING", "BUZZER U/S"], "GN9910": ["MAKE GOOD CEILING", "MAKE GOOD AFTER LEAK"],
    "GN9990": ["INSPECT", "PRE-INSPECTION REQ"],
}


def write_crm(out: Path, seed: int) -> list[Path]:
    """Jobs raised in the fortnight, as the repairs system exports them (no resident's words)."""
    rng = random.Random(seed * 1000 + 5)
    export_day = dt.date(2026, 4, 17)  # five weeks on: most jobs closed
    jobs = []
    history: dict[str, list[str]] = {}  # trade -> properties with a job of that trade already
    follow_ons: list[tuple[dt.date, str, str]] = []
    job_no = 48210
    for d, day in enumerate(BASELINE_DAYS):
        n = 182 if day.weekday() == 0 else rng.randrange(150, 172)
        todays = [(None, None)] * n + [(p, t) for (fd, p, t) in follow_ons if fd == day]
        for prop, ftrade in todays:
            follow = prop is not None
            if follow:
                cands = [s for s in SOR if s[2] == ftrade] or SOR
                code, desc, trade, _, priority = rng.choice(cands)
                priority = "Routine" if priority == "Emergency" else priority
                channel = "Operative"
                minute = rng.randrange(14 * 60, 18 * 60)
            else:
                code, desc, trade, _, priority = rng.choices(SOR, weights=[s[3] for s in SOR])[0]
                if rng.random() < 0.2:
                    priority = rng.choice(["Emergency", "Urgent", "Routine"])
                channel = pick(rng, {"Phone": 0.74, "Web": 0.15, "Email": 0.07, "Housing officer": 0.04})
                minute = draw_minute(rng, PHONE_HOURS)
                seen = history.get(trade, [])
                # a resident reporting the same problem again gets a brand new job
                if seen and rng.random() < 0.13:
                    prop = rng.choice(seen)
                else:
                    prop = f"NBH{rng.randrange(10000, 24000):05d}"
            history.setdefault(trade, []).append(prop)
            raised = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
            target = raised + dt.timedelta(days=TARGET_DAYS[priority])
            r = rng.random()
            if not follow and r < 0.05 and channel in ("Web", "Email", "Phone"):
                status, closed = "Cancelled - duplicate", raised + dt.timedelta(hours=rng.randrange(2, 72))
            elif r < 0.13:
                status = "No access"
                closed = raised + dt.timedelta(days=rng.uniform(0.1, TARGET_DAYS[priority] * 0.9))
            elif r < 0.24:
                status = "Follow-on raised"
                closed = raised + dt.timedelta(days=rng.uniform(0.1, TARGET_DAYS[priority] * 0.95))
                fday = closed.date() + dt.timedelta(days=rng.randrange(0, 3))
                while fday.weekday() >= 5:
                    fday += dt.timedelta(days=1)
                follow_ons.append((fday, prop, trade if rng.random() < 0.6 else rng.choice(["General", "Plumbing", "Joinery"])))
            else:
                late = rng.random() < 0.06
                span = TARGET_DAYS[priority]
                days = rng.uniform(span * 1.05, span * 2.2) if late else min(span * 0.98, rng.expovariate(1 / (span * 0.35)))
                status, closed = "Completed", raised + dt.timedelta(days=max(0.05, days))
                if priority == "Routine" and closed.date() > export_day:
                    status, closed = rng.choice(["Open", "Open", "Awaiting materials"]), None
            if closed is not None and closed.date() > export_day:
                status, closed = "Open", None
            if closed is not None:  # operatives close jobs in working hours
                closed = dt.datetime.combine(closed.date(), dt.time(rng.randrange(8, 18), rng.randrange(60)))
                closed = max(closed, raised + dt.timedelta(minutes=40))
            in_target = "" if closed is None or status.startswith("Cancelled") else ("Y" if closed <= target else "N")
            note = rng.choice(JOB_NOTES[code])
            if follow:
                note = "F/ON " + rng.choice(["PART REQ", "2 MAN JOB", "MAKE GOOD", "DIFF TRADE REQ", "SCAFF REQ"])
            jobs.append({
                "job_id": f"JB{len(jobs):06d}", "received_at": fmt_dt(day, minute), "channel": channel,
                "demand_type": desc, "sor_code": code, "trade": trade, "priority": priority,
                "target_date": f"{target:%d/%m/%Y}", "status": status,
                "closed_at": "" if closed is None else f"{closed:%d/%m/%Y %H:%M}", "in_target": in_target,
                "property_ref": prop, "job_notes": note,
            })
    jobs.sort(key=lambda j: (dt.datetime.strptime(j["received_at"], "%d/%m/%Y %H:%M"), j["job_id"]))
    for j in jobs:  # the system numbers jobs in the order they are logged
        job_no += rng.randrange(1, 4)
        j["job_id"] = f"JB{job_no:06d}"
    cols = ["job_id", "received_at", "channel", "demand_type", "sor_code", "trade", "priority", "target_date",
            "status", "closed_at", "in_target", "property_ref", "job_notes"]
    return [write_csv(out / "repairs_crm_export.csv", cols, jobs)]


def write_end_to_end(out: Path, seed: int) -> Path:
    """Half a year of repairs from the resident's first contact to fixed, beside the
    system's per-job 'in target' flag, which stays green while jobs are split."""
    rng = random.Random(seed * 1000 + 6)
    start = dt.date(2026, 1, 5)
    rows = []
    job_no = 31000
    for week in range(26):
        for _ in range(20):
            first = start + dt.timedelta(days=7 * week + rng.randrange(5))
            jobs = rng.choices([1, 2, 3, 4, 5], weights=[55, 25, 12, 6, 2])[0]
            when = first
            all_in = True
            for j in range(jobs):
                priority = rng.choices(["Emergency", "Urgent", "Routine"], weights=[15, 30, 55])[0] if j == 0 else \
                    rng.choices(["Urgent", "Routine"], weights=[30, 70])[0]
                span = TARGET_DAYS[priority]
                late = rng.random() < 0.05
                took = rng.uniform(span * 1.05, span * 1.8) if late else min(span * 0.97, rng.expovariate(1 / (span * 0.4)))
                all_in = all_in and not late
                when = when + dt.timedelta(days=max(0, math.ceil(took)))
                if j < jobs - 1:  # the wait before the follow-on job is even raised
                    when += dt.timedelta(days=rng.randrange(1, 10))
            job_no += rng.randrange(3, 30)
            rows.append({"job_id": f"JB{job_no:06d}", "first_contact_on": first, "fixed_on": when,
                         "jobs_raised": jobs, "in_target": all_in})
    rows.sort(key=lambda r: (r["first_contact_on"], r["job_id"]))
    return write_csv(out / "repairs_end_to_end.csv", ["job_id", "first_contact_on", "fixed_on", "jobs_raised", "in_target"],
                     [{**r, "first_contact_on": f"{r['first_contact_on']:%d/%m/%Y}",
                       "fixed_on": f"{r['fixed_on']:%d/%m/%Y}", "in_target": str(r["in_target"])} for r in rows])


def write(out_dir: Path, seed: int) -> list[Path]:
    return write_study(Path(out_dir), seed)
