"""Files for the exercises and the walkthroughs (all fictitious).

- the calibration sample (verbatims only), its reference answers, and four teams' answers
  as action CSVs for `helpers.Study.replay`;
- a study captured only by analysts and a consultant ("whose study is it?");
- the event log of a team that feared failure demand;
- demands with personal details planted in them, and the list of what was planted;
- three teams' studies of the same repairs service, differing the way real teams differ.

Action CSVs have the columns at, by, action, args (JSON): see Study.replay.
"""
from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import gen_repairs as R
from gen_repairs import DEMAND_COLUMNS, STILL, fmt_dt, iso, write_actions, write_csv

SERVICE = "Housing repairs, Northbrook Homes"
PURPOSE = "Fix my home, right first time, at a time that suits me"

# ---------------------------------------------------------------------------------------
# teams working apart name the same demand in their own words (issue 28): each team's wording
# for the generator's type names, applied as its study is written. Value or failure stays as it
# was, so every lesson holds; a type a team did not reword is one anybody would name that way.

OWN_WORDS = {
    "Alder": {STILL: "Are they still coming today?", "Repair didn't last / it's come back": "Repair failed again",
              "Water coming in / leak": "Water leak", "No heating or hot water": "No heat or hot water",
              "Nobody turned up": "Missed visit", "Card through the door but I was in": "Carded, but I was home",
              "When will my repair be done?": "Waiting on a repair date",
              "He needs to come back (follow-on work)": "Return visit needed",
              "Text says complete but it isn't": "Marked done, not done",
              "Promised call-back never came": "Call back not made",
              "Put through to the wrong line": "Sent to the wrong department", "Given a date I can't do": "Date doesn't suit",
              "Asked to repeat my details": "Having to repeat myself",
              "Is this my responsibility?": "Tenant or landlord repair?",
              "Operative needs access details": "Access details for the operative",
              "Communal repair (lift, entry door, lights)": "Communal area repair",
              "Reporting for an elderly relative": "Family reporting for a tenant",
              "Contractor says ring the council, council says ring the contractor": "Bounced between us and Brantwell",
              "Reported online, heard nothing": "Online report ignored", "Complaint about how I've been treated": "Complaint",
              "No power or electrics not working": "Electrical fault", "Wrong trade sent": "Wrong trade",
              "Can't secure my home (door, lock, window)": "Home not secure",
              "Councillor chasing for a resident": "Councillor enquiry",
              "Copy of a safety certificate": "Gas certificate copy"},
    "Birch": {STILL: "Where's the operative?", R.IN_SLOT_TYPE: "Checking today's appointment",
              "Repair didn't last / it's come back": "Repeat fault", "Damp and mould": "Mould",
              "Water coming in / leak": "Leak into the home", "No power or electrics not working": "Electrics off",
              "Nobody turned up": "Operative didn't come", "When will my repair be done?": "How long for my repair?",
              "Rearranging an appointment": "Moving my appointment",
              "Kitchen or bathroom fitting broken": "Kitchen or bathroom fitting",
              "Text says complete but it isn't": "Job closed, not fixed",
              "Promised call-back never came": "Still waiting for a call", "No heating or hot water": "Heating off",
              "Wanted rent, got put through to repairs": "Rent call, wrong queue",
              "Is this my responsibility?": "Tenant responsibility?",
              "Card through the door but I was in": "No-access card, tenant in",
              "Reporting for an elderly relative": "Third party reporting",
              "He needs to come back (follow-on work)": "Follow-on job",
              "Contractor says ring the council, council says ring the contractor": "Contractor and council passing the buck",
              "Reported online, heard nothing": "No reply to online report",
              "Complaint about how I've been treated": "Complaint about treatment",
              "Can't secure my home (door, lock, window)": "Security repair",
              "Councillor chasing for a resident": "Member enquiry"},
    "Cedar": {STILL: "Chasing today's visit", R.IN_SLOT_TYPE: "Appointment check, slot not over",
              "Repair didn't last / it's come back": "It's gone wrong again", "Damp and mould": "Damp",
              "Boiler replacement": "New boiler wanted", "Rearranging an appointment": "Changing my appointment",
              "Put through to the wrong line": "Transferred to us by mistake", "Nobody turned up": "No-show",
              "When will my repair be done?": "No date for the repair yet", "Compliment": "Thank you",
              "Water coming in / leak": "Leak coming through", "Card through the door but I was in": "Carded while in",
              "No heating or hot water": "Heating and hot water",
              "Text says complete but it isn't": "Closed on the system, not fixed",
              "Is this my responsibility?": "Who repairs this?", "Operative needs access details": "Operative needs a way in",
              "He needs to come back (follow-on work)": "Needs a follow-on",
              "Reported online, heard nothing": "Online report, no response",
              "Complaint about how I've been treated": "Complaint about how treated",
              "Promised call-back never came": "No call back as promised", "Wrong trade sent": "Wrong trade sent out",
              "Councillor chasing for a resident": "Councillor chasing",
              "Copy of a safety certificate": "Certificate request"},
    "Hazel": {STILL: "Waiting in for today's visit", R.IN_SLOT_TYPE: "Asking about today's slot",
              "Repair didn't last / it's come back": "Came back after the repair", "Damp and mould": "Mould or damp",
              "Boiler replacement": "Boiler needs replacing", "Is this my responsibility?": "Whose repair is it?",
              "Reported online, heard nothing": "Web report, no answer",
              "Kitchen or bathroom fitting broken": "Kitchen or bathroom repair", "Compliment": "Praise for the operative",
              "Nobody turned up": "Nobody came out", "Promised call-back never came": "Call back didn't happen",
              "Water coming in / leak": "Water getting in", "No heating or hot water": "No heating",
              "Text says complete but it isn't": "Says completed, still broken",
              "Wanted rent, got put through to repairs": "Rent enquiry misrouted",
              "Card through the door but I was in": "Card through door, was in",
              "Given a date I can't do": "Appointment date no good",
              "Reporting for an elderly relative": "Relative reporting",
              "He needs to come back (follow-on work)": "Second visit needed",
              "Contractor says ring the council, council says ring the contractor": "Council and contractor pass it back",
              "Complaint about how I've been treated": "Complaint about staff attitude",
              "Can't secure my home (door, lock, window)": "Can't secure the home",
              "Councillor chasing for a resident": "Councillor casework"},
    "analysts": {STILL: "Appointment chase (same day)", "When will my repair be done?": "Job progress chase",
                 "Water coming in / leak": "Leak - new report", "Toilet, sink or drain blocked": "Blockage",
                 "Given a date I can't do": "Appointment unsuitable - rebook", "No heating or hot water": "Heating fault",
                 "Text says complete but it isn't": "Job closed incorrectly",
                 "Repair didn't last / it's come back": "Repeat repair",
                 "Complaint about how I've been treated": "Complaint - staff conduct",
                 "Card through the door but I was in": "No access disputed", "Nobody turned up": "Missed appointment",
                 "Damp and mould": "Damp/mould", "Wanted rent, got put through to repairs": "Misdirected - rent",
                 "Surveyor never came": "Survey not attended", "Operative needs access details": "Contractor access query",
                 "He needs to come back (follow-on work)": "Follow-on work",
                 "No power or electrics not working": "Electrical fault",
                 "Contractor says ring the council, council says ring the contractor": "Handoff failure - contractor/council",
                 "Roof or gutters": "Roofing", "Reporting for an elderly relative": "Third-party report"},
    "feared": {STILL: "Still waiting for operative", "Water coming in / leak": "Leak reported",
               "Toilet, sink or drain blocked": "Blocked drain, toilet or sink",
               "Promised call-back never came": "No call back", "He needs to come back (follow-on work)": "Follow-on visit",
               "Reported online, heard nothing": "Online report not picked up",
               "When will my repair be done?": "Repair not done yet", "No heating or hot water": "Heating or hot water",
               "Text says complete but it isn't": "Shown complete but isn't",
               "Contractor says ring the council, council says ring the contractor": "Contractor/council confusion",
               "Roof or gutters": "Roof", "Repair didn't last / it's come back": "Recall", "Damp and mould": "Damp",
               "Can't secure my home (door, lock, window)": "Security", "Given a date I can't do": "Appointment not suitable",
               "Asked to repeat my details": "Repeat details", "Is this my responsibility?": "Responsibility query"},
    "North": {STILL: "Is the operative still coming?", "When will my repair be done?": "Waiting for a repair date",
              "Water coming in / leak": "Leak or water coming through", "No heating or hot water": "Heating or hot water off",
              "Nobody turned up": "Operative didn't turn up",
              "He needs to come back (follow-on work)": "Job needs a second visit",
              "Repair didn't last / it's come back": "Same fault back again",
              "Promised call-back never came": "Nobody rang me back",
              "Text says complete but it isn't": "Closed as done but not done", "Roof or gutters": "Roof and gutter problems",
              "Card through the door but I was in": "Card left but I was home",
              "Given a date I can't do": "Offered a date I can't make",
              "Reported online, heard nothing": "Reported online, no reply",
              "Can't secure my home (door, lock, window)": "Door, lock or window won't secure",
              "Complaint about how I've been treated": "Unhappy with how I was treated",
              "Contractor says ring the council, council says ring the contractor": "Passed between council and contractor",
              "Operative needs access details": "Operative asking for a key or code",
              "Kitchen or bathroom fitting broken": "Broken kitchen or bathroom fitting",
              "No power or electrics not working": "Electrics not working",
              "Reporting for an elderly relative": "Calling on behalf of a parent",
              "Wrong trade sent": "Wrong tradesperson came",
              "Wanted rent, got put through to repairs": "Rent call put through to us",
              "Wanted council tax, got put through to repairs": "Council tax call put through to us",
              "Asked to repeat my details": "Giving details all over again", "Surveyor never came": "Still no surveyor",
              "Is this my responsibility?": "Is it mine or yours to fix?", "Operative left a mess": "Mess left after the job",
              "Silent or dropped call": "Call dropped",
              "Councillor chasing for a resident": "Councillor on a resident's behalf",
              "Communal repair (lift, entry door, lights)": "Block repairs (lift, door, lights)",
              "Contractor confirming jobs": "Contractor checking a job"},
    "Central": {STILL: "Are you still coming?", "When will my repair be done?": "When's it getting fixed?",
                "Repair didn't last / it's come back": "Fixed but broke again",
                "He needs to come back (follow-on work)": "Operative has to come back",
                "Water coming in / leak": "Water leaking in", "Nobody turned up": "Operative never showed",
                "No heating or hot water": "Heating or hot water not working",
                "Card through the door but I was in": "Said I was out but I was in", "Damp and mould": "Mould in the home",
                "Communal repair (lift, entry door, lights)": "Lift, lights or door in the block",
                "Can't secure my home (door, lock, window)": "Can't lock up",
                "Given a date I can't do": "Date offered doesn't suit",
                "Toilet, sink or drain blocked": "Blocked toilet, sink or drain",
                "Text says complete but it isn't": "Told it's done, it isn't",
                "Wanted rent, got put through to repairs": "Rent, wrong line",
                "Wanted council tax, got put through to repairs": "Council tax, wrong line",
                "Operative needs access details": "Contractor asking for access",
                "Is this my responsibility?": "Whose job is it to fix?", "Roof or gutters": "Roof or guttering",
                "Surveyor never came": "Surveyor didn't come",
                "Contractor says ring the council, council says ring the contractor": "Sent back and forth",
                "Reported online, heard nothing": "Web form, nothing back",
                "Asked to repeat my details": "Asked for my details again",
                "Promised call-back never came": "Promised a call, none came",
                "Kitchen or bathroom fitting broken": "Kitchen or bathroom broken", "Silent or dropped call": "Silent call",
                "Complaint about how I've been treated": "Complaint about staff",
                "Contractor confirming jobs": "Contractor confirming a job",
                "Job cancelled without telling me": "Job cancelled, nobody told me",
                "Reporting for an elderly relative": "Ringing for an older relative",
                "Wrong trade sent": "Wrong trade turned up", "No power or electrics not working": "No power"},
    "Estate": {"He needs to come back (follow-on work)": "Waiting for the second visit",
               "Promised call-back never came": "Never rang back", "When will my repair be done?": "Repair still outstanding",
               "Damp and mould": "Mould and damp", STILL: "Waiting in today, no sign of anyone",
               "Repair didn't last / it's come back": "Went wrong again after the repair", "Water coming in / leak": "Leak",
               "Text says complete but it isn't": "Job closed but not finished",
               "Reporting for an elderly relative": "Ringing for mum or dad", "Wrong trade sent": "Sent the wrong person",
               "Reported online, heard nothing": "Did it online, heard nothing back",
               "Is this my responsibility?": "Is it down to me?",
               "Communal repair (lift, entry door, lights)": "Block door, lift or lights",
               "Given a date I can't do": "Can't do the date they gave", "Nobody turned up": "Nobody came",
               "Wanted council tax, got put through to repairs": "Council tax, not repairs",
               "No power or electrics not working": "Power off",
               "Card through the door but I was in": "Card left, was in all day",
               "Wanted rent, got put through to repairs": "Rent, not repairs",
               "Contractor says ring the council, council says ring the contractor": "Council and contractor both say ring the other",
               "Complaint about how I've been treated": "Wants to complain", "Silent or dropped call": "Phone went dead",
               "Asked to repeat my details": "Had to give details again",
               "Can't secure my home (door, lock, window)": "Door won't lock",
               "Surveyor never came": "No sign of the surveyor"},
}


def _reworded(actions: list[tuple], team: str) -> list[tuple]:
    """A team's actions with every type name in its own words (see OWN_WORDS)."""
    words = OWN_WORDS[team]

    def say(name):
        return words.get(name, name)

    out = []
    for at, by, action, args in actions:
        args = dict(args)
        for key in ("demand_type", "into", "old", "new") + (("name",) if action == "describe_type" else ()):
            if key in args:
                args[key] = say(args[key])
        if "names" in args:
            args["names"] = [say(n) for n in args["names"]]
        if action == "add_calibration":
            args["answers"] = [{**a, "demand_type": say(a["demand_type"])} if "demand_type" in a else a
                               for a in args["answers"]]
        out.append((at, by, action, args))
    return out


# ---------------------------------------------------------------------------------------
# calibration: 36 verbatims every team classifies on its own

# source_id, verbatim, reference classification, reference type, contested, reason
CALIBRATION = [
    ("CAL01", "water coming through the bathroom ceiling from upstairs, it's dripping on the light",
     "value", "Water coming in / leak", False, "A new leak: what the service is there to fix."),
    ("CAL02", "the man was meant to come 8 till 1, it's half 12, is he still coming?",
     "failure", STILL, True, "Inside the slot by the rules, but she rings because nobody told her when: "
                             "failure designed in by the slot policy."),
    ("CAL03", "no heating since last night, I've got a 3 month old",
     "value", "No heating or hot water", False, "A first report of no heating."),
    ("CAL04", "got a text saying my repair's complete but nobody's been",
     "failure", "Text says complete but it isn't", False, "The job was closed without the work: failure."),
    ("CAL05", "wanted to pay my rent, got put through to repairs",
     "failure", R.WRONG_RENT, False,
     "Failure, for the council's front door: its switchboard sent her to the wrong place. A wrong door is "
     "never 'not demand'; note where it failed."),
    ("CAL06", "they came Tuesday to fix the leak and it's dripping again",
     "failure", "Repair didn't last / it's come back", False, "The same leak back: the first visit did not fix it."),
    ("CAL07", "is it me or you that fixes the garden fence?",
     "value", "Is this my responsibility?", True,
     "Advice on who repairs what is part of the service; some say the tenancy pack should have told her."),
    ("CAL08", "all day appointment, it's half 4, can you tell me if they're still coming?",
     "failure", STILL, True, "Still inside an 8-6 slot, but chasing: failure of the slot and of keeping her told."),
    ("CAL09", "operative on site, tenant's not answering, can you ring her",
     "not demand", "Operative needs access details", False, "Our own operative, not a customer's demand."),
    ("CAL10", "waited in 8 till 1 yesterday, nobody came, nobody rang",
     "failure", "Nobody turned up", False, "A missed appointment."),
    ("CAL11", "black mould in the baby's room, it's all up the wall",
     "value", "Damp and mould", False, "A first report of mould."),
    ("CAL12", "they painted over the mould in January and it's back",
     "failure", "Repair didn't last / it's come back", True,
     "The cause was never fixed: failure, though it reads like a new report of mould."),
    ("CAL13", "got a card saying no access but I was in all morning",
     "failure", "Card through the door but I was in", False, "A visit that did not happen."),
    ("CAL14", "when's my boiler being replaced? the surveyor said it's condemned",
     "failure", "When will my repair be done?", True, "Chasing a job we already have; some teams call it a new request."),
    ("CAL15", "lift's broken again in Wren Court, third time this month",
     "failure", "Repair didn't last / it's come back", True,
     "'Again, third time' means the fixes are not lasting; some teams file it as a communal repair."),
    ("CAL16", "letter says gas safety check Thursday, I'm at work, can I change it",
     "failure", "Given a date I can't do", True, "We chose the date without asking: failure. Many teams call rebooking value."),
    ("CAL17", "my dad's 88, his front door won't lock properly, I'm ringing for him",
     "value", "Reporting for an elderly relative", False, "A new report, made for someone else."),
    ("CAL18", "he needs to order a part, when's he coming back?",
     "failure", "He needs to come back (follow-on work)", False, "Not fixed on the first visit."),
    ("CAL19", "the contractor told me to ring you and you told me to ring them",
     "failure", "Contractor says ring the council, council says ring the contractor", False,
     "Passed between two organisations."),
    ("CAL20", "I reported the leak online on Monday and heard nothing",
     "failure", "Reported online, heard nothing", True,
     "No acknowledgement is a failure, whatever the target; some teams say two days is within it."),
    ("CAL21", "I want to complain, this is the fourth time I've rung about the damp",
     "failure", "Complaint about how I've been treated", False, "A complaint at the end of repeated chasing."),
    ("CAL22", "ringing to say thanks, the plumber was brilliant",
     "not demand", "Compliment", True, "Not a demand for the service to act; some teams count it as value."),
    ("CAL23", "the electric shower's stopped working, just clicks",
     "value", "No power or electrics not working", False, "A first report."),
    ("CAL24", "plumber came but it's an electrical fault, he said so himself",
     "failure", "Wrong trade sent", True, "The visit could not fix it; some teams log the electrical fault as a new report."),
    ("CAL25", "my housing officer said ring you and report the mould properly",
     "value", "Damp and mould", True, "First report to repairs: value; some call it failure because the officer saw it."),
    ("CAL26", "can I put up a shed in my garden, do I need permission?",
     "value", "Can I do my own improvements?", False, "A reasonable question for a landlord."),
    ("CAL27", "I've been promised a call back three times now",
     "failure", "Promised call-back never came", False, "A promise not kept."),
    ("CAL28", "the mould's back in the bedroom, you did it about a year ago",
     "failure", "Repair didn't last / it's come back", True,
     "A year on, on the same wall: failure if the cause was never found. Genuinely argued."),
    ("CAL29", "moved in on Monday, the oven doesn't work and the bath's cracked",
     "failure", "Home not ready when I moved in", True,
     "The home was let with faults: failure of the empty-homes work; many teams call it a new report."),
    ("CAL30", "toilet's blocked, it's the only one and there are 5 of us",
     "value", "Toilet, sink or drain blocked", False, "A first report."),
    ("CAL31", "is anyone coming today? nobody's told me a time, I've been in since 8",
     "failure", STILL, True, "Chasing inside the slot: failure the slot policy designs in."),
    ("CAL32", "the scaffolding's been up two months and nobody's working on it",
     "failure", "Scaffolding left up", False, "Work left unfinished."),
    ("CAL33", "neighbour's water coming through my ceiling again",
     "failure", "Repair didn't last / it's come back", True, "'Again' says the last visit did not stop it; teams argue."),
    ("CAL34", "had a break-in last night, back door won't lock",
     "value", "Can't secure my home (door, lock, window)", False, "A new, urgent repair."),
    ("CAL35", "councillor asking on behalf of a resident, leak reported 6 weeks ago",
     "failure", "Councillor chasing for a resident", False, "The resident went to a councillor after chasing."),
    ("CAL36", "can you send me a copy of my gas safety certificate?",
     "value", "Copy of a safety certificate", False, "A reasonable request about the home's safety."),
]

# where each team parts from the reference: source_id -> (classification, type, note)
TEAMS = {
    "Alder": {"members": {"Sandra Okafor": "Head of Repairs", "Priya Nair": "Customer Service Adviser",
                          "Dean Moss": "Customer Liaison Officer, Brantwell"},
              "differs": {"CAL05": ("failure", "Put through to the wrong line", None),
                          "CAL15": ("value", "Communal repair (lift, entry door, lights)", None),
                          "CAL22": ("value", "Compliment", None),
                          "CAL25": ("failure", "Asked to repeat my details", None),
                          "CAL28": ("value", "Damp and mould", None)}},
    "Birch": {"members": {"Gareth Pryce": "Contact Centre Manager", "Tom Willis": "Customer Service Adviser",
                          "Kevin Doyle": "Reception Officer"},
              "differs": {"CAL02": ("value", "Checking appointment (still in slot)", "inside 8-1 slot"),
                          "CAL08": ("value", "Checking appointment (still in slot)", "slot runs to 6"),
                          "CAL12": ("value", "Damp and mould", None),
                          "CAL16": ("value", "Rearranging an appointment", None),
                          "CAL24": ("value", "No power or electrics not working", None),
                          "CAL28": ("unsure", "", "same mould or new? check history"),
                          "CAL29": ("value", "Kitchen or bathroom fitting broken", None),
                          "CAL33": ("value", "Water coming in / leak", None)}},
    "Cedar": {"members": {"Marcus Bell": "Repairs Supervisor", "Jo Hartley": "Contact Centre Team Leader",
                          "Nadia Brooks": "Digital Services Officer"},
              "differs": {"CAL05": ("failure", "Put through to the wrong line", None),
                          "CAL14": ("value", "Boiler replacement", None),
                          "CAL22": ("value", "Compliment", None),
                          "CAL16": ("value", "Rearranging an appointment", None),
                          "CAL25": ("unsure", "Damp and mould", "HO saw it already?"),
                          "CAL31": ("value", "Checking appointment (still in slot)", "still before 1")}},
    "Hazel": {"members": {"Aisha Rahman": "Housing Officer", "Helen Marsh": "Member Enquiries Officer",
                          "Lena Ford": "Area Housing Manager"},
              "differs": {"CAL02": ("value", "Checking appointment (still in slot)", None),
                          "CAL07": ("failure", "Is this my responsibility?", "tenancy pack should say"),
                          "CAL14": ("value", "Boiler replacement", None),
                          "CAL20": ("unsure", "Reported online, heard nothing", "within 2 day target?"),
                          "CAL22": ("value", "Compliment", None),
                          "CAL28": ("value", "Damp and mould", None),
                          "CAL29": ("value", "Kitchen or bathroom fitting broken", None),
                          "CAL33": ("unsure", "", "neighbour's leak - ours?")}},
}


# the "before" round (Study.add_calibration), where it differs from the team's answers at the end
# (its "after" round, the answers above): source_id -> (classification, note). Chasing inside the
# slot read by the rules, and guesses that became a "?" with a reason, or the other way round.
BEFORE = {
    "Alder": {"CAL02": ("value", "still inside the slot"), "CAL08": ("value", None), "CAL16": ("value", None),
              "CAL20": ("unsure", "within the 2 day target?"), "CAL33": ("unsure", None)},
    "Birch": {"CAL31": ("value", "slot not over yet"), "CAL13": ("unsure", "maybe they knocked quietly"),
              "CAL27": ("unsure", None), "CAL35": ("value", "councillor enquiry"), "CAL28": ("value", None)},
    "Cedar": {"CAL02": ("value", None), "CAL08": ("value", None), "CAL06": ("unsure", "new leak or the same?"),
              "CAL21": ("value", "complaints are a service"), "CAL12": ("value", None)},
    "Hazel": {"CAL08": ("value", "slot runs to 6"), "CAL31": ("value", None), "CAL24": ("value", None),
              "CAL13": ("unsure", None), "CAL04": ("unsure", "maybe done by another trade")},
}


def calibration(out: Path) -> list[Path]:
    written = [
        write_csv(out / "calibration_sample.csv", ["source_id", "verbatim"],
                  [(s, v) for s, v, *_ in CALIBRATION]),
        write_csv(out / "calibration_answers.csv", ["source_id", "classification", "demand_type", "contested", "reason"],
                  [(s, c, t, "yes" if k else "no", why) for s, _, c, t, k, why in CALIBRATION]),
    ]
    for n, (team, spec) in enumerate(TEAMS.items()):
        members = list(spec["members"])
        start = dt.datetime(2026, 2, 24 + (n % 2), 10 if n < 2 else 14, 0)
        actions = [(start.isoformat(), members[0], "create",
                    {"name": f"Calibration - {team} team", "service": SERVICE, "service_type": "transactional",
                     "purpose": PURPOSE, "team": spec["members"]})]
        after = []  # the team's answers at the end: the same as the demands it records below
        for sid, _, cls, kind, _, _ in CALIBRATION:
            cls_, kind_, note = spec["differs"].get(sid, (cls, kind, None))
            after.append({"source_id": sid, "classification": cls_, **({"demand_type": kind_} if kind_ else {}),
                          **({"note": note} if note else {})})
        before = [{"source_id": a["source_id"], "classification": BEFORE[team][a["source_id"]][0],
                   **({"note": BEFORE[team][a["source_id"]][1]} if BEFORE[team][a["source_id"]][1] else {})}
                  if a["source_id"] in BEFORE[team] else {"source_id": a["source_id"], "classification": a["classification"]}
                  for a in after]
        actions.append(((start + dt.timedelta(minutes=2)).isoformat(), members[0], "add_calibration",
                        {"stage": "before", "answers": before}))
        for i, (sid, verbatim, cls, kind, _, _) in enumerate(CALIBRATION):
            who = members[i % len(members)]
            cls_, kind_, note = spec["differs"].get(sid, (cls, kind, None))
            args = {"verbatim": verbatim, "classification": cls_, "captured_by": who, "source_id": sid}
            if kind_:
                args["demand_type"] = kind_
            if note:
                args["notes"] = note
            at = start + dt.timedelta(minutes=5 + 2 * i)
            actions.append((at.isoformat(), who, "record", args))
        actions.append(((start + dt.timedelta(days=21)).isoformat(), members[0], "add_calibration",
                        {"stage": "after", "answers": after}))
        written.append(write_actions(out / f"actions_calibration_{team.lower()}.csv", _reworded(actions, team)))
    return written


# ---------------------------------------------------------------------------------------
# studies replayed from the repairs generator

def _record_args(row: dict, *, cls=True, kind=True, translate=None) -> dict:
    args = {"verbatim": row["verbatim"], "channel": row["channel"], "captured_by": row["listener"],
            "received_at": iso(row["date"], row["minute"]), "contact_id": row["contact_id"],
            "source_id": row["source_id"]}
    if translate:
        args["verbatim"] = translate
    if cls and row["cls"]:
        args["classification"] = row["cls"]
    if kind and row.get("type"):
        args["demand_type"] = row["type"]
    if row.get("notes"):
        args["notes"] = row["notes"]
    return args


def _at(day: dt.date, minute: int) -> str:
    return iso(day, min(minute, 23 * 60 + 59))


ANALYST_SPEAK = {
    STILL: ["Cust chasing appt", "Progress chase - appt today", "Chasing ETA of operative today"],
    "When will my repair be done?": ["Chasing job", "Progress chase - no appt", "Chaser re outstanding job"],
    "Water coming in / leak": ["Leak reported", "Report of leak - plumbing"],
    "No heating or hot water": ["No heating/HW reported", "Heating fault"],
    "Nobody turned up": ["Missed appt - contractor", "Appt not attended"],
    "Damp and mould": ["D&M report", "Damp/mould enquiry"],
}


def analysts_study(out: Path, seed: int) -> Path:
    rng = random.Random(seed * 1000 + 31)
    team = {"Rachel Stone": "Performance Analyst", "Imran Shah": "Business Intelligence Analyst",
            "Dominic Fry": "Consultant, Meridian Improvement Partners"}
    for name, role in team.items():
        R.ROLE.setdefault(name, role)
    days = [dt.date(2026, 1, 19) + dt.timedelta(days=d) for d in range(3)]
    rows = R.make_demands(rng, days, [52, 47, 45], still_per_day=[7, 6, 5], tail=[], in_slot_value_days=0,
                          channels={"phone": 0.85, "web form": 0.15}, pairs_per_day=1, opens_per_day=0.5,
                          phone_listeners=["Rachel Stone", "Imran Shah", "Dominic Fry"],
                          door_listeners={"web form": ["Imran Shah"]})
    rows = R.number(rows, prefix="AN-")
    actions = [("2026-01-19T08:45:00", "Dominic Fry", "create",
                {"name": "Repairs demand analysis", "service": SERVICE, "service_type": "transactional",
                 "purpose": "Quantify avoidable contact in the repairs contact centre", "team": team})]
    for row in rows:
        phrases = ANALYST_SPEAK.get(row["type"])
        translate = rng.choice(phrases) if phrases and rng.random() < 0.45 else None
        actions.append((_at(row["date"], row["minute"] + 20), row["listener"], "record",
                        _record_args(row, translate=translate)))
    actions.append(("2026-01-21T17:30:00", "Dominic Fry", "add_reflection",
                    {"text": "Avoidable contact at 61% of classified calls; findings deck for the leadership team on Friday."}))
    actions.append(("2026-01-21T17:40:00", "Dominic Fry", "add_next_step",
                    {"text": "Implement an appointment reminder text and a target to cut avoidable contact by 20%"}))
    return write_actions(out / "actions_analysts_study.csv", _reworded(actions, "analysts"))


FEARED_REASONS = {
    STILL: ["inside the 8-1 slot", "still within the slot", "customer rang too early"],
    "When will my repair be done?": ["within SLA", "still within the 28-day target", "within SLA"],
    "He needs to come back (follow-on work)": ["contractor's issue not ours", "follow-on is normal process"],
    "Nobody turned up": ["contractor's issue not ours"],
    "Card through the door but I was in": ["contractor's issue not ours", "no access is the tenant's responsibility"],
    "Wrong trade sent": ["contractor's issue not ours"],
    "Reported online, heard nothing": ["within SLA", "customer rang too early"],
    "Surveyor never came": ["within SLA"],
}


def feared_failure(out: Path, seed: int) -> Path:
    rng = random.Random(seed * 1000 + 32)
    team = {"Paul Denton": "Repairs Operations Manager", "Karen Lowe": "Customer Service Adviser",
            "Steve Ingram": "Contract Manager", "Amir Patel": "Customer Service Adviser"}
    for name, role in team.items():
        R.ROLE.setdefault(name, role)
    days = [dt.date(2026, 2, 2) + dt.timedelta(days=d) for d in range(3)]
    fw = dict(R.FAILURE_WEIGHTS)
    rows = R.make_demands(rng, days, [58, 52, 50], still_per_day=[9, 8, 7], tail=[], failure_weights=fw,
                          phone_listeners=["Karen Lowe", "Amir Patel", "Paul Denton"], pairs_per_day=1,
                          opens_per_day=0.5,
                          door_listeners={"web form": ["Karen Lowe"], "email": ["Karen Lowe"],
                                          "reception": ["Amir Patel"], "housing officer's mobile": ["Paul Denton"],
                                          "councillor casework": ["Paul Denton"], "contractor's line": ["Steve Ingram"]})
    rows = R.number(rows, prefix="FF-")
    early = [r for r in rows if r["day_index"] <= 1]
    if not any(r.get("type") == "Complaint about how I've been treated" for r in early):
        # every team hears a complaint in its first two days; make sure this one does
        row = next(r for r in early if r["cls"] == "failure" and r["type"] == "Promised call-back never came")
        row.update(type="Complaint about how I've been treated", ref_type="Complaint about how I've been treated",
                   verbatim="I want to make a complaint, nobody ever rings back")
    for row in rows:  # this team called complaints "Complaint"
        if row.get("type") == "Complaint about how I've been treated":
            row["type"] = "Complaint"
        if row.get("type") == R.IN_SLOT_TYPE:
            row["type"], row["cls"] = STILL, "failure"
    actions = [("2026-02-02T08:30:00", "Paul Denton", "create",
                {"name": "Repairs demand study", "service": SERVICE, "service_type": "transactional",
                 "purpose": PURPOSE, "team": team})]
    by_day: dict[int, list] = {}
    for row in rows:
        actions.append((_at(row["date"], row["minute"] + 2), row["listener"], "record", _record_args(row)))
        by_day.setdefault(row["day_index"], []).append(row)
    # the end-of-day reviews: failure quietly becomes value, with reasons from the rules
    for d, day_rows in sorted(by_day.items()):
        at = dt.datetime.combine(days[d], dt.time(17, 15))
        failures = [r for r in day_rows if r["cls"] == "failure" and r["type"] in FEARED_REASONS]
        for row in rng.sample(failures, min(len(failures), 12 + 2 * d)):
            at += dt.timedelta(minutes=1)
            actions.append((at.isoformat(timespec="seconds"), rng.choice(["Paul Denton", "Steve Ingram"]), "reclassify",
                            {"id": row["id"], "classification": "value",
                             "reason": rng.choice(FEARED_REASONS[row["type"]])}))
        values = [r for r in day_rows if r["cls"] == "value"]
        for row in rng.sample(values, 1):
            at += dt.timedelta(minutes=1)
            actions.append((at.isoformat(timespec="seconds"), "Karen Lowe", "reclassify",
                            {"id": row["id"], "classification": "failure",
                             "reason": "she'd rung twice already about this"}))
        if d == 1:
            at += dt.timedelta(minutes=2)
            actions.append((at.isoformat(timespec="seconds"), "Paul Denton", "rename_type",
                            {"old": "Complaint", "new": "Feedback"}))
            at += dt.timedelta(minutes=1)
            actions.append((at.isoformat(timespec="seconds"), "Paul Denton", "rename_type",
                            {"old": "Nobody turned up", "new": "Appointment query"}))
    actions.append(("2026-02-04T17:50:00", "Paul Denton", "add_reflection",
                    {"text": "Once you take out what's within SLA and the contractor's issues, failure demand is lower than we thought."}))
    return write_actions(out / "actions_feared_failure.csv", _reworded(actions, "feared"))


# ---------------------------------------------------------------------------------------
# planted personal details (exercise 5): only in their own file, never in the studies

# verbatim, [(kind, planted text, can a pattern find it?)]
PERSONAL = [
    ("my number's 07700 900461, ring me when he's on his way", [("phone number", "07700 900461", True)]),
    ("call me on 0113 496 0732 after 3, the leak's worse", [("phone number", "0113 496 0732", True)]),
    ("email me the appointment at kerry.walsh77@example.com please",
     [("email address", "kerry.walsh77@example.com", True)]),
    ("my name is Janet Pullman, flat 4, nobody came yesterday",
     [("name ('my name is')", "Janet Pullman", True), ("address", "flat 4", False)]),
    ("it's 14 Cobden Way, NB4 7QT, the boiler's gone again",
     [("address", "14 Cobden Way", False), ("postcode", "NB4 7QT", True)]),
    ("Dave the plumber never came back with the part", [("staff name", "Dave", False)]),
    ("the lad from Brantwell, Kyle, left a card, I was in", [("staff name", "Kyle", False)]),
    ("my little girl Amelia has asthma and there's mould in her room",
     [("child's name", "Amelia", False), ("health detail", "asthma", False)]),
    ("I'm on dialysis three times a week, I can't wait in all day", [("health detail", "on dialysis", False)]),
    ("just out of hospital after my heart op and the heating's off",
     [("health detail", "heart op", False)]),
    ("my ex kicked the door in, I've got a non-molestation order, don't tell him where I am",
     [("domestic abuse disclosure", "my ex kicked the door in ... non-molestation order", False)]),
    ("postcode's NB12 3LR if that helps, the lift's broken", [("postcode", "NB12 3LR", True)]),
    ("it's Mrs Ola Adeyemi, 22 Harrow House, still no hot water",
     [("name (no 'my name is')", "Ola Adeyemi", False), ("address", "22 Harrow House", False)]),
    ("my son Tyler is autistic and the beeping alarm is awful for him",
     [("child's name", "Tyler", False), ("health detail", "autistic", False)]),
    ("ring my daughter Sharon on 07700 900218, I'm deaf",
     [("name", "Sharon", False), ("phone number", "07700 900218", True), ("health detail", "deaf", False)]),
    ("I'm 6 months pregnant and there's black mould in the bedroom", [("health detail", "pregnant", False)]),
    ("my NI number's QQ 12 34 56 C, they said you need it", [("National Insurance number", "QQ 12 34 56 C", True)]),
    ("Sandra on the phones said she'd ring me back, she never did", [("staff name", "Sandra", False)]),
    ("send it to marcus_t@example.org not the old address", [("email address", "marcus_t@example.org", True)]),
    ("I'm 84 and on oxygen, please come today", [("health detail", "on oxygen", False), ("age", "84", False)]),
    ("my name's Gary Lomax and I've rung four times about the damp",
     [("name ('my name's')", "Gary Lomax", True)]),
]


def personal_data(out: Path, seed: int) -> list[Path]:
    rng = random.Random(seed * 1000 + 33)
    day = dt.date(2026, 3, 16)
    clean = [r for r in R.make_demands(rng, [day], [24], still_per_day=[3], tail=[], pairs_per_day=0,
                                       opens_per_day=0) if r["cls"] in ("value", "failure")][:20]
    planted = list(PERSONAL)
    rng.shuffle(planted)
    rows, found = [], []
    slots = sorted(rng.sample(range(len(clean) + len(planted)), len(planted)))
    ci = pi = 0
    for i in range(len(clean) + len(planted)):
        listener = rng.choice(["Priya Nair", "Tom Willis", "Jo Hartley"])
        minute = 9 * 60 + 7 * i + rng.randrange(5)
        if pi < len(planted) and slots[pi] == i:
            verbatim, finds = planted[pi]
            pi += 1
            cls = "failure" if re.search(r"never|again|nobody|rung|card|on his way|back", verbatim) else "value"
            for kind, text, catchable in finds:
                found.append({"id": i + 1, "kind": kind, "planted": text, "pattern_can_find": "yes" if catchable else "no"})
        else:
            row = clean[ci]
            ci += 1
            verbatim, cls = row["verbatim"], row["cls"]
        rows.append({"id": i + 1, "received_at": fmt_dt(day, minute), "channel": "phone", "verbatim": verbatim,
                     "classification": cls, "demand_type": "", "captured_by": listener,
                     "captured_role": R.ROLE[listener], "contact_id": f"PD{i + 1:03d}",
                     "source_id": f"PD-{i + 1:03d}", "notes": ""})
    return [write_csv(out / "personal_data_demands.csv", DEMAND_COLUMNS, rows),
            write_csv(out / "personal_data_planted.csv", ["id", "kind", "planted", "pattern_can_find"], found)]


# ---------------------------------------------------------------------------------------
# three teams' studies of the same service

FINAL_TYPES_DAY2 = None  # filled per team below


def team_paper_first(out: Path, seed: int) -> Path:
    """North area: listens on paper, types up sheets after each session, classifies V/F/?
    on the sheet, and declares its types after sorting the first two days' sheets."""
    rng = random.Random(seed * 1000 + 41)
    team = {"Lena Ford": "Area Housing Manager", "Priya Nair": "Customer Service Adviser",
            "Marcus Bell": "Repairs Supervisor", "Kevin Doyle": "Reception Officer"}
    R.ROLE.setdefault("Lena Ford", "Area Housing Manager")
    days = [dt.date(2026, 3, 16) + dt.timedelta(days=d) for d in range(5)]
    rows = R.make_demands(rng, days, [66, 58, 57, 55, 52], still_per_day=[10, 8, 8, 7, 7], tail=R.TAIL[:6],
                          phone_listeners=["Lena Ford", "Priya Nair", "Marcus Bell"], pairs_per_day=2,
                          door_listeners={"web form": ["Priya Nair"], "email": ["Priya Nair"],
                                          "reception": ["Kevin Doyle"], "housing officer's mobile": ["Lena Ford"],
                                          "councillor casework": ["Lena Ford"], "contractor's line": ["Marcus Bell"]})
    rows = R.number(rows, prefix="N-")
    for row in rows:
        if row.get("type") == R.IN_SLOT_TYPE:
            row["type"], row["cls"] = STILL, "failure"
    actions = [("2026-03-13T15:00:00", "Lena Ford", "create",
                {"name": "North area repairs demand", "service": SERVICE, "service_type": "transactional",
                 "purpose": PURPOSE, "team": team}),
               ("2026-03-13T15:20:00", "Lena Ford", "set_plan",
                {"doors": sorted(R.CHANNELS), "days": [d.isoformat() for d in days],
                 "times": ["08:00-10:00", "10:00-12:00", "12:00-14:00", "14:00-16:00", "16:00-18:00"],
                 "demands_planned": 300}),
               ("2026-03-16T08:30:00", "Lena Ford", "add_briefing",
                {"text": "We're listening to understand the service from the resident's side, not to check on you. "
                         "You can read every sheet we write.", "day": "2026-03-16"})]
    demand_ids = {}
    for d, day in enumerate(days):
        day_rows = [r for r in rows if r["day_index"] == d]
        # sheets typed up after each session, in batches: lunchtime, mid-afternoon, end of day
        at = dt.datetime.combine(day, dt.time(8, 0))
        for block_end, typing in ((12 * 60, dt.time(12, 30)), (15 * 60, dt.time(15, 30)), (24 * 60, dt.time(17, 0))):
            batch = [r for r in day_rows if (r["minute"] < block_end) and r["id"] not in demand_ids]
            at = max(at, dt.datetime.combine(day, typing))
            for row in batch:
                at += dt.timedelta(seconds=rng.randrange(40, 110))
                demand_ids[row["id"]] = len(demand_ids) + 1
                actions.append((at.isoformat(timespec="seconds"), row["listener"], "record",
                                _record_args(row, kind=d >= 2)))
        at = max(at + dt.timedelta(minutes=5), dt.datetime.combine(day, dt.time(17, 40)))
        if d == 1:
            # the sheets sorted into piles on the table, then the piles typed in as types
            seen = [r for r in rows if r["day_index"] <= 1]
            sorted_as = {r["id"]: (r["ref_type"] if r["cls"] == "unsure" else r.get("type")) for r in seen}
            names = []
            for r in seen:
                if sorted_as[r["id"]] and sorted_as[r["id"]] not in names:
                    names.append(sorted_as[r["id"]])
            actions.append((at.isoformat(timespec="seconds"), "Lena Ford", "add_types", {"names": names}))
            for r in seen:
                if sorted_as[r["id"]]:
                    at += dt.timedelta(seconds=20)
                    args = {"id": demand_ids[r["id"]], "demand_type": sorted_as[r["id"]]}
                    if r["cls"] == "unsure":
                        args.update(classification=r["ref_class"], reason="settled at the debrief")
                    actions.append((at.isoformat(timespec="seconds"), "Priya Nair", "reclassify", args))
        at += dt.timedelta(minutes=5)
        actions.append((at.isoformat(timespec="seconds"), "Kevin Doyle", "add_front_line_verdict",
                        {"text": "Normal day" if d != 3 else "Busier than usual: the lift at Fenwick House was out",
                         "day": day.isoformat()}))
    actions.append(("2026-03-20T17:55:00", "Lena Ford", "add_reflection",
                    {"text": "Most of what we hear is residents chasing; the slot is the thing to study next."}))
    actions.append(("2026-03-20T18:00:00", "Lena Ford", "add_next_step",
                    {"text": "Follow twenty repairs end to end from first call to fixed, to see where the waiting happens"}))
    return write_actions(out / "actions_team_paper_first.csv", _reworded(actions, "North"))


LIVE_ALIASES = {  # the rough names a live team types at first, consolidated at debriefs
    STILL: (["Where's the engineer?", "Still coming?"], 1),
    "When will my repair be done?": (["Chasing a date"], 2),
    "Repair didn't last / it's come back": (["Same problem again"], 3),
    "Water coming in / leak": (["Leak"], 1),
    "No heating or hot water": (["No heating", "No hot water"], 2),
    "Card through the door but I was in": (["Card but in"], 4),
}


def team_live(out: Path, seed: int) -> Path:
    """Central: captures live on laptops, types whatever name comes to mind, and
    consolidates at each day's debrief (renames, merges, settles the unsure ones)."""
    rng = random.Random(seed * 1000 + 42)
    team = {"Gareth Pryce": "Contact Centre Manager", "Tom Willis": "Customer Service Adviser",
            "Jo Hartley": "Contact Centre Team Leader", "Dean Moss": "Customer Liaison Officer, Brantwell"}
    days = [dt.date(2026, 3, 16) + dt.timedelta(days=d) for d in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)]
    rows = R.make_demands(rng, days, [44, 39, 38, 37, 35, 45, 39, 37, 36, 34],
                          still_per_day=[7, 6, 5, 5, 5, 8, 6, 5, 5, 4], tail=R.TAIL,
                          channels={"phone": 0.8, "web form": 0.12, "contractor's line": 0.08},
                          phone_listeners=["Gareth Pryce", "Tom Willis", "Jo Hartley"], pairs_per_day=1.5,
                          door_listeners={"web form": ["Jo Hartley"], "contractor's line": ["Dean Moss"]})
    rows = R.number(rows, prefix="C-")
    actions = [("2026-03-16T08:15:00", "Gareth Pryce", "create",
                {"name": "Central repairs demand (live)", "service": SERVICE, "service_type": "transactional",
                 "purpose": PURPOSE, "team": team}),
               ("2026-03-16T08:25:00", "Gareth Pryce", "add_briefing",
                {"text": "Two weeks of listening with you, not at you; the notes are on the shared screen all day.",
                 "day": "2026-03-16"})]
    n = 0
    used_aliases: set[str] = set()
    for d, day in enumerate(days):
        day_rows = [r for r in rows if r["day_index"] == d]
        unsure = []
        for row in day_rows:
            if row.get("type") == R.IN_SLOT_TYPE:
                row["type"], row["cls"] = STILL, "failure"
            final = row.get("type")
            alias, until = LIVE_ALIASES.get(final, ([], 0))
            kind = final
            if alias and d < until and row["cls"] != "unsure":
                kind = alias[row["id"] % len(alias)]
            n += 1
            args = _record_args(row)
            if kind:
                args["demand_type"] = kind
            actions.append((_at(day, row["minute"] + 1 + rng.randrange(2)), row["listener"], "record", args))
            if row["cls"] == "unsure":
                unsure.append((n, row))
            elif kind != final:
                used_aliases.add(kind)
        at = dt.datetime.combine(day, dt.time(17, 35))
        for num, row in unsure:  # settle the unsure ones together
            at += dt.timedelta(minutes=1)
            actions.append((at.isoformat(timespec="seconds"), "Jo Hartley", "reclassify",
                            {"id": num, "classification": row["ref_class"], "demand_type": row["ref_type"],
                             "reason": "talked through at the debrief"}))
        for final, (alias, until) in LIVE_ALIASES.items():
            names = [a for a in alias if a in used_aliases]
            if d == until - 1 and names:
                at += dt.timedelta(minutes=1)
                actions.append((at.isoformat(timespec="seconds"), "Gareth Pryce", "merge_types",
                                {"names": names, "into": final}))
        if d == 4:
            for name, cls, what, where, arises in R.TYPOLOGY:
                if cls == "failure" and name in (STILL, "Card through the door but I was in",
                                                 "Text says complete but it isn't"):
                    at += dt.timedelta(minutes=2)
                    actions.append((at.isoformat(timespec="seconds"), "Tom Willis", "describe_type",
                                    {"name": name, "failed_where": where, "arises_from": arises}))
        at += dt.timedelta(minutes=3)
        actions.append((at.isoformat(timespec="seconds"), "Tom Willis", "add_front_line_verdict",
                        {"text": "Normal" if d not in (5,) else "Monday after the storm: more leaks than usual",
                         "day": day.isoformat()}))
    actions.append(("2026-03-27T17:50:00", "Gareth Pryce", "add_next_step",
                    {"text": "Study what happens between the call and the operative arriving, for the AM slot"}))
    return write_actions(out / "actions_team_live.csv", _reworded(actions, "Central"))


def team_small(out: Path, seed: int) -> Path:
    """The estate team: two housing officers and their manager, three days, side doors."""
    rng = random.Random(seed * 1000 + 43)
    team = {"Aisha Rahman": "Housing Officer", "Sam Okoro": "Housing Officer",
            "Lena Ford": "Area Housing Manager"}
    R.ROLE.setdefault("Sam Okoro", "Housing Officer")
    days = [dt.date(2026, 3, 23) + dt.timedelta(days=d) for d in range(3)]
    rows = R.make_demands(rng, days, [26, 24, 23], still_per_day=[2, 2, 1], tail=[], pairs_per_day=0.5,
                          opens_per_day=0.3, channels={"housing officer's mobile": 0.6, "reception": 0.4},
                          door_listeners={"housing officer's mobile": ["Aisha Rahman", "Sam Okoro"],
                                          "reception": ["Lena Ford"]})
    rows = R.number(rows, prefix="E-")
    actions = [("2026-03-23T08:45:00", "Lena Ford", "create",
                {"name": "Estate team: repairs we hear about", "service": SERVICE, "service_type": "transactional",
                 "purpose": PURPOSE, "team": team})]
    for row in rows:
        if row.get("type") == R.IN_SLOT_TYPE:
            row["type"], row["cls"] = STILL, "failure"
        actions.append((_at(row["date"], row["minute"] + 3), row["listener"], "record", _record_args(row)))
    actions.append(("2026-03-25T16:30:00", "Lena Ford", "add_reflection",
                    {"text": "Residents tell us at the door what they've given up ringing about."}))
    return write_actions(out / "actions_team_small.csv", _reworded(actions, "Estate"))


def write(out_dir: Path, seed: int) -> list[Path]:
    out = Path(out_dir)
    written = calibration(out)
    written.append(analysts_study(out, seed))
    written.append(feared_failure(out, seed))
    written += personal_data(out, seed)
    written.append(team_paper_first(out, seed))
    written.append(team_live(out, seed))
    written.append(team_small(out, seed))
    return written
