"""Council tax and benefits: a smaller second transactional study (all fictitious).

One ordinary week in June, well away from the annual-billing weeks of March, at Northbrook
Borough Council's revenues and benefits service. Most failure demand is letter-driven: a
reminder sent to someone who pays by direct debit, a request for documents already sent,
a change to support nobody explained.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from gen_repairs import DEMAND_COLUMNS, Cycler, fmt_dt, pick, style, words, write_csv

ENDINGS = [""] * 12 + [" Thanks.", " Thank you", " Please call me back.", " Regards", " Many thanks",
                      " Please reply by email.", " I need this sorted."]

DAYS = [dt.date(2026, 6, 8) + dt.timedelta(days=d) for d in range(5)]
PER_DAY = [72, 61, 58, 57, 52]
ROLE = {
    "Linda Hughes": "Revenues and Benefits Manager",
    "Rob Aziz": "Customer Services Team Leader",
    "Callum Reid": "Customer Adviser",
    "Fiona Grant": "Benefits Assessor",
    "Joy Mensah": "Post Room Officer",
    "Ben Harper": "Council Tax Officer",
}
CHANNELS = {"phone": 0.55, "web form": 0.14, "email": 0.11, "letter": 0.1, "reception": 0.1}
LISTENERS = {"phone": ["Callum Reid", "Linda Hughes", "Rob Aziz", "Ben Harper"],
             "web form": ["Ben Harper"], "email": ["Fiona Grant"], "letter": ["Joy Mensah"],
             "reception": ["Rob Aziz", "Fiona Grant"]}
CLASS = {"phone": (0.36, 0.55, 0.06, 0.03), "web form": (0.62, 0.33, 0.0, 0.05),
         "email": (0.42, 0.52, 0.02, 0.04), "letter": (0.3, 0.66, 0.0, 0.04),
         "reception": (0.45, 0.47, 0.04, 0.04)}

VALUE = {
    "Moving home": (10, [
        "I'm moving out on the 30th, who do I tell for council tax?",
        "just moved into {street}, need to set up council tax",
        "we've moved in with my partner, need to close my old account",
        "moving to another area end of the month, what do I need to do",
        "bought a house in the borough, need to register for council tax",
        "my tenant's moved out, the flat's empty from Friday",
        "moved in last week, got the keys on Monday",
        "I'm leaving the property, can you send a final bill",
        "new tenancy started yesterday, how do I get a bill",
        "moving from my mum's into my own flat, first time paying",
        "selling my late dad's house, who pays while it's empty?",
        "moved across town, same council, do I need to do anything",
        "landlord says I need to tell you I've moved in",
        "student moving out of halls into a house share, do I pay?",
    ]),
    "Set up or change a direct debit": (9, [
        "want to pay by direct debit instead of cash",
        "can I change my payment date to the 15th, that's when I get paid",
        "need to change the bank account the direct debit comes from",
        "can I spread it over 12 months instead of 10",
        "I'd like to set up a direct debit please",
        "changed banks, new details for my council tax",
        "can the direct debit come out on the 1st instead",
        "want to switch from the card payments to direct debit",
        "can I pay weekly, monthly is hard for me",
        "set up DD please, sick of remembering each month",
        "new account number for the direct debit, old bank closed",
    ]),
    "Single person discount": (6, [
        "my partner's moved out, can I get the single person discount",
        "I live on my own now, husband passed away in April",
        "son's gone to uni, it's just me now, is there a discount?",
        "lodger moved out so I'm on my own, need the 25 percent off",
        "how do I apply for single occupancy",
        "split up with my partner, he's left, I'm on my own",
        "only me in the house since my daughter moved out",
        "does my 17 year old count as an adult for the discount",
    ]),
    "New claim for help with council tax or rent": (7, [
        "lost my job last week, can I get help with council tax",
        "how do I claim council tax support, I'm on universal credit now",
        "I've been told I might get help with my rent, how do I apply",
        "hours cut at work, can I get any help paying",
        "just started universal credit, do I need to claim council tax separately?",
        "I'm a carer for my mum, can I get a reduction",
        "first time claiming anything, don't know where to start",
        "pensioner, my husband died, can I get help with the bill",
        "been signed off sick, money's tight, is there help with council tax",
        "want to apply for the hardship fund, struggling with everything",
    ]),
    "Change of circumstances": (6, [
        "my wages have gone up, do I need to tell you for my support",
        "my son's moved back in, he works full time",
        "started a new job Monday, need to report it",
        "my partner's moved in, what happens to my claim",
        "I've started getting PIP, does that change anything",
        "my daughter turned 18 last month",
        "went from part time to full time hours",
        "my rent's gone up, need to tell housing benefit",
        "baby was born last week, does it affect my claim",
    ]),
    "Paying my bill": (5, [
        "want to pay this month's council tax by card",
        "can I pay the rest of the year in one go",
        "how much do I owe for the year, want to clear it",
        "paying the balance off, can you take a card payment",
        "I want to pay what's left on my account",
        "can I pay at the post office with the barcode",
    ]),
    "Exemption or disregard": (3, [
        "my house is empty while it's being repaired after the fire",
        "I'm a full time student, do I need to pay",
        "my mum's gone into a care home, what happens with her council tax",
        "my brother has a severe mental impairment, is he disregarded",
        "the property's uninhabitable, the ceiling came down",
    ]),
}
FAILURE = {
    "Reminder though I pay by direct debit": (10, [
        "got a reminder but I pay by direct debit, it comes out every month",
        "why have I had a final notice? my direct debit's set up",
        "reminder letter says I've missed a payment, the bank statement says I haven't",
        "letter says I'm in arrears, the DD went out on the 1st",
        "you've sent me a reminder but the money's left my account",
        "I set up a direct debit in April and now I've got a reminder",
        "had a reminder and it says I've lost the right to pay monthly",
        "why did the direct debit stop? I never cancelled it",
        "you didn't take the payment then sent me a reminder for it",
        "reminder for £142, I've paid every month on time",
        "the DD didn't go out and now I'm being chased for it",
        "got a letter saying pay the full year now, I pay by DD",
        "second reminder this year and I've never missed",
        "paid on the phone last week and still got a reminder",
    ]),
    "Summons: but I've been paying": (5, [
        "got a court summons, I've been paying every month",
        "why am I being summonsed? I set up an arrangement with you",
        "summons came today with £90 costs added, I didn't get a reminder",
        "I rang to arrange payment and now there's a summons",
        "the summons is for my old address, I moved out in March",
        "letter from the magistrates court about council tax, I don't understand it",
        "I'm terrified, got a summons, I'm on benefits",
        "why are there costs on my account? I've paid it",
    ]),
    "Asked for documents I already sent": (8, [
        "letter says send payslips, I sent them three weeks ago",
        "you've asked for my bank statements again, I brought them in",
        "I uploaded everything online and you've written asking for it again",
        "why do you need proof of my rent again, I sent the tenancy agreement",
        "claim's suspended for missing evidence, I sent it all in",
        "brought my documents to reception last week, now a letter says you never got them",
        "third time I've sent my ID for this claim",
        "letter wants my partner's wages, he doesn't live here, I told you",
        "asked for the childcare receipts again, I emailed them",
        "you've lost my documents, I posted them recorded delivery",
    ]),
    "Why has my support changed?": (7, [
        "my council tax support's gone down and nobody's told me why",
        "letter says I've been overpaid housing benefit, I don't understand",
        "why has my bill gone up in the middle of the year",
        "my support stopped, I haven't changed anything",
        "the letter says my entitlement has changed, what does it mean?",
        "you say I owe £600 overpayment, how?",
        "my housing benefit's been cut, I can't pay my rent now",
        "new bill came and my discount has disappeared",
        "letter says my claim is cancelled, why?",
        "don't understand the calculation on my award letter",
    ]),
    "Bill in the wrong name after moving": (4, [
        "bill's still in my ex's name, I told you he moved out",
        "got a bill for my old flat, I moved out in February",
        "the bill has my late husband's name on it, it's upsetting",
        "you've billed me and the new tenant for the same flat",
        "my name's spelt wrong and the bill went to the old address",
        "I told you I'd moved and you've billed me for both houses",
    ]),
    "Chasing my claim": (6, [
        "applied for council tax support 6 weeks ago, heard nothing",
        "how long does a claim take? it's been a month",
        "rang last week and was told someone would look at my claim",
        "my claim's been with you since April, I'm getting into debt",
        "is anyone dealing with my housing benefit claim?",
        "I was told a decision in 14 days, it's been 5 weeks",
        "landlord's threatening to evict me, where's my housing benefit",
        "my claim is still pending on the website",
    ]),
    "Chasing a refund": (3, [
        "I was told I'd get a refund when I moved, still nothing",
        "you owe me £210 from last year, when will it be paid",
        "overpaid by direct debit after I moved, where's my money",
        "refund was promised in 10 days, that was a month ago",
    ]),
    "Direct debit taken wrong": (3, [
        "you've taken my direct debit twice this month",
        "the direct debit came out for the wrong amount",
        "money taken from my account after I closed the council tax",
        "you took the payment a week early and I went overdrawn",
    ]),
    "Promised call-back never came": (3, [
        "the man said he'd ring me back about the bill, never did",
        "was told a supervisor would call me back yesterday",
        "still waiting for the call back about my claim",
        "I left a message on the benefits line, nobody rang back",
    ]),
}
NOT_DEMAND = {
    "Repairs call put through wrongly": [
        "caller wanted repairs, leak in the kitchen, transferred",
        "asking when the plumber's coming, wrong department",
        "housing repairs query, put through to us by mistake",
    ],
    "Enforcement agent checking an account": [
        "enforcement agent ringing to check a balance",
        "bailiff company confirming an account is still live",
    ],
    "Silent or dropped call": [
        "silent call, rang off",
        "caller cut off before saying anything",
    ],
}
UNSURE = [
    ("I want to appeal my band, my neighbour's is lower", "", "? valuation office not us",
     "value", "Question about my band", True,
     "Value, but for the Valuation Office Agency: teams split on whether to count it here."),
    ("can I pay less this month, I've got a big bill for my car", "Paying my bill", "? arrangement",
     "value", "Paying my bill", False, "Value: asking how to pay is what the service is for."),
    ("got a letter about the electoral register, is that you?", "", "? not council tax",
     "not demand", "Another council service", True,
     "Not demand on council tax, though the council sent the letter: some teams call it failure of a confusing letter."),
    ("the bill says band D, it's a one bedroom flat", "", "? band query or our error",
     "value", "Question about my band", True,
     "Value: a banding question; it becomes failure only if we billed the wrong band."),
    ("you sent a letter saying ring this number, so I'm ringing", "", "? we told them to ring",
     "failure", "Why has my support changed?", True,
     "A letter that can only be understood by ringing us is a failure of the letter."),
    ("my neighbour's house has been empty for two years, is anyone paying?", "", "? reporting someone",
     "value", "Reporting an empty home", True,
     "Value for the council; teams argue whether it belongs in this study."),
]

TYPOLOGY_NOTES = {
    "Reminder though I pay by direct debit": (
        "Recovery letters run on a batch before payments are matched; a late instalment sends the whole year due.",
        "our service (recovery timetable); bank interface"),
    "Summons: but I've been paying": (
        "Summons batches follow reminders automatically; arrangements made by phone are not on the account in time.",
        "our service (recovery rules)"),
    "Asked for documents I already sent": (
        "Evidence arrives by post, upload and reception, indexed separately; the claim waits on a checklist.",
        "our service (document handling)"),
    "Why has my support changed?": (
        "Award letters show a calculation, not a reason; changes from DWP data arrive without explanation.",
        "our service (letters); DWP data"),
    "Bill in the wrong name after moving": (
        "Moves are processed in a queue; the bill run goes out before the move is keyed.",
        "our service (processing queue)"),
    "Chasing my claim": ("Claims wait for evidence and for an assessor; nobody tells the claimant where it is.",
                         "our service (assessment queue)"),
    "Chasing a refund": ("Refunds need a second sign-off and wait for a weekly run.", "our service (refund rules)"),
    "Direct debit taken wrong": ("Instalments recalculated after a change are sent to the bank without warning.",
                                 "our service; bank interface"),
    "Promised call-back never came": ("The front line promises a call that the back office must make.",
                                      "our service (hand-offs)"),
}


def _streets(rng: random.Random) -> str:
    return rng.choice(["Cobden Way", "the new flats on Mill Lane", "Tanner Row", "a flat in town",
                       "Orchard Close", "the estate by the park"])


def write(out_dir: Path, seed: int) -> list[Path]:
    rng = random.Random(seed * 1000 + 21)
    cyc = Cycler(rng)
    unsure = Cycler(rng)
    rows = []
    for d, day in enumerate(DAYS):
        for _ in range(PER_DAY[d]):
            channel = pick(rng, CHANNELS)
            cls = pick(rng, dict(zip(("value", "failure", "not demand", "unsure"), CLASS[channel])))
            row = {"channel": channel, "cls": cls, "ref_class": cls, "day": day, "d": d}
            if cls in ("value", "failure"):
                bank = VALUE if cls == "value" else FAILURE
                kind = pick(rng, {k: w for k, (w, _) in bank.items()})
                text = cyc.draw(kind, bank[kind][1]).replace("{street}", _streets(rng))
                row.update(kind=kind, ref_type=kind, text=text)
            elif cls == "not demand":
                kind = pick(rng, {"Repairs call put through wrongly": 3, "Enforcement agent checking an account": 1,
                                  "Silent or dropped call": 1})
                if channel not in ("phone", "reception"):
                    row["channel"] = channel = "phone"
                row.update(kind=kind, ref_type=kind, text=cyc.draw(kind, NOT_DEMAND[kind]))
                if kind.startswith("Repairs"):
                    row.update(contested=True, ref_note="Not demand on council tax; for the council as a whole, "
                                                        "reaching the wrong line is failure.")
            else:
                text, team_type, note, rc, rt, contested, rnote = unsure.draw("u", UNSURE)
                row.update(kind=team_type, text=text, notes=note, ref_class=rc, ref_type=rt,
                           contested=contested, ref_note=rnote)
            if channel == "letter":
                minute = rng.randrange(9 * 60, 11 * 60)  # the post is opened in the morning
            elif channel in ("web form", "email"):
                minute = rng.randrange(7 * 60, 23 * 60)
            elif channel == "reception":
                minute = rng.randrange(9 * 60, 16 * 60 + 30)
            else:
                minute = rng.choices(range(8, 18), weights=[3, 3, 2.5, 2, 2, 2, 1.6, 1.5, 1.3, 1])[0] * 60 + rng.randrange(60)
            row["minute"] = minute
            rows.append(row)
    rows.sort(key=lambda r: (r["d"], r["minute"]))
    lines: dict = {}
    out = []
    for i, row in enumerate(rows, start=1):
        pool = LISTENERS[row["channel"]]
        block = min(3, max(0, (row["minute"] - 480) // 150))
        listener = pool[(row["d"] + block) % len(pool)]
        channel = "web form" if row["channel"] == "letter" else row["channel"]  # letters read like typed text
        verbatim = style(row["text"], listener, channel, rng, row["cls"], endings=ENDINGS)
        if row["channel"] == "letter" and words(verbatim) <= 22:
            verbatim = rng.choice(["Letter: ", "Letter - ", "By post: "]) + verbatim
        initials = "".join(w[0] for w in listener.split())
        lines[(row["d"], initials)] = lines.get((row["d"], initials), 0) + 1
        row.update(id=i, listener=listener, verbatim=verbatim,
                   source_id=f"CT-D{row['d'] + 1:02d}-{initials}-{lines[(row['d'], initials)]:03d}")
        out.append({"id": i, "received_at": fmt_dt(row["day"], row["minute"]), "channel": row["channel"],
                    "verbatim": verbatim, "classification": row["cls"], "demand_type": row.get("kind", ""),
                    "captured_by": listener, "captured_role": ROLE[listener], "contact_id": f"CT{i:05d}",
                    "source_id": row["source_id"], "notes": row.get("notes", "")})
    written = [write_csv(Path(out_dir) / "counciltax_demands.csv", DEMAND_COLUMNS, out)]
    written.append(write_csv(Path(out_dir) / "counciltax_reference.csv",
                             ["id", "source_id", "classification", "demand_type", "contested", "note"],
                             [{"id": r["id"], "source_id": r["source_id"], "classification": r["ref_class"],
                               "demand_type": r["ref_type"], "contested": "yes" if r.get("contested") else "no",
                               "note": r.get("ref_note", "")} for r in rows]))
    typology = []
    for name in VALUE:
        typology.append({"demand_type": name, "classification": "value", "letter_driven": "no"})
    for name in FAILURE:
        what, where = TYPOLOGY_NOTES[name]
        typology.append({"demand_type": name, "classification": "failure", "what_failed_where": what,
                         "failed_where": where,
                         "letter_driven": "yes" if name in ("Reminder though I pay by direct debit",
                                                             "Summons: but I've been paying",
                                                             "Asked for documents I already sent",
                                                             "Why has my support changed?",
                                                             "Bill in the wrong name after moving") else "no"})
    extra = {r["ref_type"]: r["ref_class"] for r in rows} | {"Silent or dropped call": "not demand"}
    for name, cls in sorted(extra.items()):
        if name not in VALUE and name not in FAILURE:
            typology.append({"demand_type": name, "classification": cls, "letter_driven": "no"})
    written.append(write_csv(Path(out_dir) / "counciltax_typology_reference.csv",
                             ["demand_type", "classification", "what_failed_where", "failed_where", "letter_driven"],
                             typology))
    return written
