"""Sample data for people-centred services (issue 4, section 4).

Writes five CSV files (all fictitious):

- ``people_case_history.csv``: one man's ten months across public services, matching the
  counts published for "Paul" (Seddon, *Beyond Command and Control*, 2019);
- ``people_case_history_redesigned.csv``: a man with similar needs in a redesigned service;
- ``people_front_door.csv``: an adult social care front door, in the canonical demand columns;
- ``people_children_referrals.csv``: children's social care referrals over three years;
- ``people_assessment_times.csv``: adult social care assessments against a local 28-day target (the Care Act
  sets no 28-day deadline).

``write(out_dir, seed)`` is called by ``datasets/make_datasets.py``; running this file on its own
regenerates the files beside it with ``DEFAULT_SEED``. Only the standard library is used, so the
output is the same byte for byte on every machine. datasets/README_people.md documents it all.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import random

DEFAULT_SEED = 20260302  # the same as make_datasets.SEED

PERSON_ID = "P-4471"  # the man whose ten months mirror the published counts
COMPARATOR_ID = "P-5208"  # a man with similar needs, helped by a redesigned service

# The published counts (Seddon 2019) the case history must match exactly.
PUBLISHED = {
    "activity_records": 179,
    "staff": 91,
    "teams": 20,
    "assessments": 12,
    "referrals": 11,
    "admissions": 6,
    "days_in_hospital": 81,
    "support_plans": 7,
}
# How many times the man had to tell his story again: planted by the script, documented.
TIMES_STORY_TOLD = 25

CASE_COLUMNS = ["person_id", "date", "team", "organisation", "staff_id", "role", "activity",
                "days", "note", "told_story", "asked_what_matters"]
FRONT_DOOR_COLUMNS = ["id", "received_at", "channel", "verbatim", "classification", "demand_type",
                      "captured_by", "captured_role", "contact_id", "person_id", "contact_from",
                      "what_matters", "source_id", "notes", "service_asked_for", "underlying_need"]
REFERRAL_COLUMNS = ["referral_id", "person_id", "received_on", "source", "need_level", "decision",
                    "closed_on"]
ASSESSMENT_COLUMNS = ["case_id", "first_contact_on", "allocated_on", "assessment_started_on",
                      "completed_on", "closed_and_reopened"]

FILES = {
    "case_history": "people_case_history.csv",
    "redesigned": "people_case_history_redesigned.csv",
    "front_door": "people_front_door.csv",
    "referrals": "people_children_referrals.csv",
    "assessments": "people_assessment_times.csv",
}


def _csv_text(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---------------------------------------------------------------------------------------------
# One man's ten months
# ---------------------------------------------------------------------------------------------
# The twenty teams he met, each with its organisation (all fictitious).
TEAMS = {
    "GP": ("GP practice", "Kellbrook Road Surgery"),
    "AMB": ("Ambulance service", "Kellbrook and Vale Ambulance Service"),
    "ED": ("Emergency department", "Kellbrook General Hospital"),
    "WARD": ("Acute medical wards", "Kellbrook General Hospital"),
    "DISCH": ("Integrated discharge team", "Kellbrook General Hospital"),
    "MHL": ("Mental health liaison team", "Kellbrook Mental Health Partnership"),
    "CMHT": ("Community mental health team", "Kellbrook Mental Health Partnership"),
    "CRISIS": ("Crisis and home treatment team", "Kellbrook Mental Health Partnership"),
    "ASCFD": ("Adult social care front door", "Kellbrook County Council"),
    "ASCL": ("Adult social care locality team", "Kellbrook County Council"),
    "REABLE": ("Reablement", "Kellbrook County Council"),
    "OT": ("Community occupational therapy", "Kellbrook County Council"),
    "SAFE": ("Safeguarding adults team", "Kellbrook County Council"),
    "HOUS": ("Housing options", "Kellbrook District Council"),
    "TEN": ("Tenancy services", "Valeside Homes (housing association)"),
    "HB": ("Housing benefit and council tax support", "Kellbrook District Council"),
    "DWP": ("Universal Credit and disability benefits", "National benefits service"),
    "POL": ("Response policing", "Kellbrook Constabulary"),
    "NPT": ("Neighbourhood policing team", "Kellbrook Constabulary"),
    "DA": ("Drug and alcohol service", "Kellbrook Recovery Partnership (charity)"),
}

# How many different people in each (team, role) wrote in his records: hospitals and ambulances
# rotate (a different face nearly every time), community teams hand the case on now and then.
STAFF_POOLS = {
    ("GP", "Care navigator"): 2, ("GP", "GP"): 3, ("GP", "Practice nurse"): 1,
    ("AMB", "Call handler"): 3, ("AMB", "Paramedic"): 4,
    ("ED", "Triage nurse"): 5, ("ED", "ED doctor"): 5,
    ("WARD", "Ward doctor"): 7, ("WARD", "Staff nurse"): 6, ("WARD", "Physiotherapist"): 2,
    ("WARD", "Occupational therapist"): 2,
    ("DISCH", "Discharge coordinator"): 3, ("DISCH", "Hospital social worker"): 2,
    ("MHL", "Liaison nurse"): 1, ("MHL", "Psychiatrist"): 1,
    ("CMHT", "Duty worker"): 1, ("CMHT", "Care coordinator"): 2,
    ("CRISIS", "Crisis nurse"): 3, ("CRISIS", "Support worker"): 2,
    ("ASCFD", "Contact officer"): 2, ("ASCFD", "Duty social worker"): 2,
    ("ASCL", "Social work assistant"): 1, ("ASCL", "Social worker"): 3,
    ("REABLE", "Reablement coordinator"): 2, ("REABLE", "Reablement support worker"): 5,
    ("OT", "Occupational therapist"): 1,
    ("SAFE", "Safeguarding practitioner"): 2,
    ("HOUS", "Housing options officer"): 3,
    ("TEN", "Income officer"): 1, ("TEN", "Tenancy officer"): 1,
    ("HB", "Benefits officer"): 2,
    ("DWP", "Work coach"): 1, ("DWP", "Health assessor"): 1, ("DWP", "Decision maker"): 1,
    ("POL", "Police constable"): 3,
    ("NPT", "PCSO"): 1, ("NPT", "Police constable"): 1,
    ("DA", "Recovery worker"): 2, ("DA", "Nurse prescriber"): 1,
}


def _paul_events() -> list[tuple]:
    """The ten months as (date, team, role, activity, note, days, told_story), in order.

    The counts are fixed by this script, not by chance: each assessment, referral, admission
    and support plan below is one row. told_story marks a row where he had to give his history
    again to someone new.
    """
    E = []

    def ev(date, team, role, activity, note, days=None, told=False):
        E.append((_d(date), team, role, activity, note, days, told))

    # January: a fall, a long lie, the first admission and discharge to assess.
    ev("2025-01-09", "GP", "Care navigator", "phone call",
       "Pt rang for appt re breathlessness and 'feeling low'. No appts today. Advised to ring at 8am or use 111.")
    ev("2025-01-10", "GP", "GP", "appointment",
       "Seen. COPD, increased SOB. Smokes 20/day. Drinking approx 40 units/wk. Low mood since losing job. Rescue pack issued.")
    ev("2025-01-10", "GP", "GP", "referral",
       "Referred to community mental health team (routine) re low mood.")
    ev("2025-01-14", "AMB", "Call handler", "phone call",
       "999 call from neighbour: male found on floor, cannot get up. Cat 3.")
    ev("2025-01-14", "AMB", "Paramedic", "visit",
       "On scene. Long lie approx 6 hrs. Alert, c/o R hip pain, smell of alcohol. History taken. Conveyed to ED.",
       told=True)
    ev("2025-01-14", "ED", "Triage nurse", "triage",
       "Triage cat 3. Fall at home, long lie. PMH COPD, alcohol excess. Hx taken from pt.", told=True)
    ev("2025-01-14", "ED", "ED doctor", "assessment",
       "Falls assessment. XR hip NAD. CK raised ?rhabdo from long lie. Full hx retaken. Refer medics.",
       told=True)
    ev("2025-01-14", "WARD", "Ward doctor", "admission",
       "Admitted to Ward 7 (AMU). IV fluids for raised CK. CIWA monitoring for alcohol withdrawal.", days=9)
    ev("2025-01-15", "WARD", "Ward doctor", "review",
       "Post-take ward round. CK improving. Continue fluids. PT/OT to see.")
    ev("2025-01-16", "WARD", "Physiotherapist", "review",
       "PT: mobilising with frame, unsteady. Falls risk high.")
    ev("2025-01-17", "WARD", "Occupational therapist", "assessment",
       "OT functional assessment. Kitchen assessment unsafe. Recommend POC on discharge and key safe. Hx taken.",
       told=True)
    ev("2025-01-17", "WARD", "Occupational therapist", "referral",
       "Referred to integrated discharge team: discharge to assess, pathway 1.")
    ev("2025-01-18", "WARD", "Staff nurse", "review",
       "Settled overnight. Asking when he can go home. Awaiting D2A.")
    ev("2025-01-19", "WARD", "Staff nurse", "review",
       "Weekend. Asked staff for 'a proper drink'. Withdrawal scores low. Eating well.")
    ev("2025-01-20", "DISCH", "Discharge coordinator", "phone call",
       "Pathway 1 referral received. Medically optimised. Awaiting reablement capacity.")
    ev("2025-01-21", "WARD", "Ward doctor", "review",
       "MFFD (medically fit for discharge). Awaiting package.")
    ev("2025-01-22", "DISCH", "Hospital social worker", "visit",
       "Seen on ward. Consents to reablement. Says he does not want 'carers in and out all day'. Plan D2A.")
    ev("2025-01-22", "DISCH", "Discharge coordinator", "referral",
       "Referral sent to reablement (D2A pathway 1). Start date 24/01.")
    ev("2025-01-23", "WARD", "Staff nurse", "discharge",
       "Discharged home by hospital transport. TTOs given. Key safe not yet fitted: neighbour has key.")
    ev("2025-01-24", "REABLE", "Reablement coordinator", "assessment",
       "Reablement initial assessment at home. Goals: washing and dressing, meal prep. Hx taken again.",
       told=True)
    ev("2025-01-24", "REABLE", "Reablement coordinator", "support plan",
       "Reablement support plan: 4 calls a day for up to 6 weeks. Goals: personal care, meals.")
    ev("2025-01-25", "REABLE", "Reablement support worker", "visit",
       "AM call. Pt in bed, declined wash. Breakfast made.")
    ev("2025-01-27", "REABLE", "Reablement support worker", "visit",
       "Lunch call. No answer at door. Rang office. Pt later found at the shop.")
    ev("2025-01-28", "GP", "Practice nurse", "letter",
       "Discharge summary received from Kellbrook General. Coded: fall, rhabdomyolysis. Med rec done.")
    ev("2025-01-29", "REABLE", "Reablement support worker", "visit",
       "Tea call 15 mins. Pt says he doesn't need this, just needs 'a bit of company and to sort the flat'.")
    ev("2025-01-30", "CMHT", "Duty worker", "letter",
       "Referral screened at MDT. Alcohol use primary: does not meet CMHT criteria. Signposted to drug and alcohol service. NFA.")
    ev("2025-01-31", "REABLE", "Reablement support worker", "visit",
       "AM call. Pt washed with prompting. Fridge empty, shopping list left for pt.")

    # February: benefits and rent slide while reablement winds down.
    ev("2025-02-04", "HB", "Benefits officer", "letter",
       "Housing benefit review form not returned. Claim suspended pending information.")
    ev("2025-02-05", "REABLE", "Reablement support worker", "visit",
       "Lunch call. Pt intoxicated, declined meal. Reported to coordinator.")
    ev("2025-02-10", "TEN", "Income officer", "letter",
       "Rent arrears £612. First arrears letter sent.")
    ev("2025-02-11", "REABLE", "Reablement support worker", "visit",
       "AM call. Pt declined. 'Don't need you lot.' Cancelled call logged.")
    ev("2025-02-12", "DA", "Recovery worker", "phone call",
       "Self-referral call (signposted by CMHT). Booked for assessment 03/03.")
    ev("2025-02-14", "REABLE", "Reablement coordinator", "review",
       "Reablement review. Declining many calls. Goals partly met. Ongoing needs unclear.")
    ev("2025-02-14", "REABLE", "Reablement coordinator", "referral",
       "Referred to adult social care locality team for Care Act assessment (ongoing needs).")
    ev("2025-02-18", "TEN", "Income officer", "phone call",
       "Rang re arrears. No answer. Voicemail left.")
    ev("2025-02-20", "ASCL", "Social work assistant", "phone call",
       "Referral received from reablement. On waiting list for allocation. Current wait approx 8 weeks.")
    ev("2025-02-24", "REABLE", "Reablement support worker", "visit",
       "Tea call. Pt low, says 'what's the point'. Passed to coordinator.")
    ev("2025-02-27", "REABLE", "Reablement coordinator", "phone call",
       "Rang GP surgery to share concern re low mood. Message left for GP.")

    # March: reablement closes; a second admission, delayed by waiting for a package of care.
    ev("2025-03-03", "DA", "Recovery worker", "appointment",
       "DNA (did not attend). Second appointment offered by letter.")
    ev("2025-03-03", "REABLE", "Reablement coordinator", "case closed",
       "Reablement ended (6 weeks). Closed to reablement. Ongoing needs with locality team waiting list.")
    ev("2025-03-05", "AMB", "Call handler", "phone call",
       "999 call from pt: 'can't breathe'. Cat 2.")
    ev("2025-03-05", "AMB", "Paramedic", "visit",
       "COPD exacerbation, sats 84% on air. Nebs given. History taken. Conveyed.", told=True)
    ev("2025-03-05", "ED", "Triage nurse", "triage",
       "Triage cat 2. SOB. Known COPD, alcohol. Hx from pt.", told=True)
    ev("2025-03-05", "WARD", "Ward doctor", "admission",
       "Admitted to Ward 12 (respiratory). Infective exacerbation of COPD. IV abx, steroids.", days=21)
    ev("2025-03-06", "WARD", "Ward doctor", "review",
       "Ward round. Improving slowly. Full history taken again for new team.", told=True)
    ev("2025-03-07", "WARD", "Staff nurse", "review",
       "Pt agitated overnight. CIWA score 14. Chlordiazepoxide started.")
    ev("2025-03-09", "WARD", "Staff nurse", "review",
       "Weekend. Sats 90% on 2L. Eating about half of meals.")
    ev("2025-03-10", "DA", "Recovery worker", "case closed",
       "Discharged from service after second DNA, as per policy. Can self-refer again.")
    ev("2025-03-11", "WARD", "Ward doctor", "review",
       "MFFD. Needs POC for discharge.")
    ev("2025-03-11", "DISCH", "Discharge coordinator", "phone call",
       "Pathway 1. Reablement closed 03/03. Locality team contacted: case not yet allocated.")
    ev("2025-03-13", "DISCH", "Hospital social worker", "visit",
       "Seen on ward. Says he wants to go home. Package of care needed: 2 calls/day. Sourcing.")
    ev("2025-03-14", "WARD", "Physiotherapist", "review",
       "PT: independent with stick on ward. Stairs practised.")
    ev("2025-03-17", "DISCH", "Discharge coordinator", "phone call",
       "No POC available in area. Brokerage chasing providers. Delayed discharge.")
    ev("2025-03-18", "HB", "Benefits officer", "phone call",
       "Call from hospital social worker re suspended HB. Review form re-sent to home address.")
    ev("2025-03-19", "WARD", "Staff nurse", "review",
       "Pt frustrated at delay. Asking staff 'why am I still here'.")
    ev("2025-03-21", "DISCH", "Discharge coordinator", "phone call",
       "Provider found. Start 26/03.")
    ev("2025-03-24", "WARD", "Ward doctor", "review",
       "Remains MFFD. Awaiting POC start.")
    ev("2025-03-26", "WARD", "Staff nurse", "discharge",
       "Discharged home with POC 2 calls/day (interim, pending Care Act assessment).")
    ev("2025-03-28", "GP", "GP", "phone call",
       "Post-discharge call. Inhalers reviewed. Mood low; declined talking therapies for now.")
    ev("2025-03-31", "GP", "Care navigator", "letter",
       "Discharge summary received. Task to GP: review inhalers and mood.")

    # April: police concern for welfare; seizure and third admission; drug and alcohol again.
    ev("2025-04-07", "HB", "Benefits officer", "letter",
       "Claim cancelled: information not provided. Overpayment to be recovered.")
    ev("2025-04-08", "TEN", "Income officer", "letter",
       "Arrears £903. Final warning letter before notice.")
    ev("2025-04-10", "POL", "Police constable", "welfare check",
       "Concern for welfare from neighbour: not seen for 3 days. Found intoxicated, no injuries. Hx taken.",
       told=True)
    ev("2025-04-10", "POL", "Police constable", "referral",
       "Adult concern notification submitted to adult social care.")
    ev("2025-04-11", "ASCFD", "Contact officer", "triage",
       "ACN from police screened. Already known: on locality waiting list. Info passed on. NFA at front door.")
    ev("2025-04-14", "ASCFD", "Duty social worker", "phone call",
       "Rang pt to check safety. No answer. Message left.")
    ev("2025-04-22", "AMB", "Call handler", "phone call",
       "999 call from care worker: pt fitting on arrival. Cat 1.")
    ev("2025-04-22", "AMB", "Paramedic", "visit",
       "Post-ictal. Reports stopping drinking 2 days ago. History taken. Conveyed.", told=True)
    ev("2025-04-22", "ED", "ED doctor", "review",
       "Alcohol withdrawal seizure. Pabrinex. Refer medics.")
    ev("2025-04-22", "WARD", "Ward doctor", "admission",
       "Admitted to AMU. Alcohol withdrawal seizure. Detox regime.", days=6)
    ev("2025-04-23", "WARD", "Staff nurse", "review",
       "Seen by alcohol liaison nurse. Advised to self-refer to community drug and alcohol service.")
    ev("2025-04-25", "WARD", "Ward doctor", "review",
       "Detox complete. MFFD.")
    ev("2025-04-24", "ASCL", "Social work assistant", "phone call",
       "Care provider rang: pt not home for calls. Checked: he is in hospital. Calls suspended. Still awaiting allocation.")
    ev("2025-04-28", "WARD", "Staff nurse", "discharge",
       "Discharged home. POC restarted 29/04.")
    ev("2025-04-29", "DA", "Recovery worker", "phone call",
       "Self-referral again after hospital. Previous episode closed 10/03 (DNA).")
    ev("2025-04-30", "DA", "Recovery worker", "assessment",
       "Comprehensive assessment. AUDIT 31. Full history taken (pt: 'I've been through all this').",
       told=True)

    # May: the Care Act assessment at last, and a care and support plan of time and task.
    ev("2025-05-06", "ASCL", "Social worker", "assessment",
       "Care Act assessment at home. Eligible needs: nutrition, maintaining home, personal care. Hx taken.",
       told=True)
    ev("2025-05-07", "DA", "Recovery worker", "support plan",
       "Recovery plan: weekly keywork, community detox to be considered.")
    ev("2025-05-09", "ASCL", "Social worker", "referral",
       "Referred to community OT: bathing, rails, perching stool.")
    ev("2025-05-12", "DWP", "Work coach", "phone call",
       "UC: fit note received. Work capability questionnaire sent.")
    ev("2025-05-13", "ASCL", "Social worker", "support plan",
       "Care and support plan: 1 call/day, 30 mins (meal and prompt). Direct payment declined.")
    ev("2025-05-14", "DA", "Recovery worker", "appointment",
       "Keywork session 1. Drinking approx 30 units/wk. Wants to cut down.")
    ev("2025-05-20", "TEN", "Tenancy officer", "letter",
       "Notice of seeking possession served: rent arrears £1,140 and reports of ASB.")
    ev("2025-05-20", "ASCL", "Social worker", "letter",
       "Financial assessment form sent.")
    ev("2025-05-26", "ASCL", "Social worker", "phone call",
       "Care provider reports pt declining calls most days. Will review.")
    ev("2025-05-21", "DA", "Recovery worker", "appointment",
       "Keywork session 2. Worried about 'lads from the estate' using the flat.")
    ev("2025-05-28", "DA", "Recovery worker", "appointment",
       "DNA (did not attend). Text sent.")

    # June: cuckooing, a head injury, a safeguarding enquiry and the loss of his home.
    ev("2025-06-02", "NPT", "PCSO", "visit",
       "Reports of ASB at address (visitors at night, noise). Words of advice given.")
    ev("2025-06-03", "OT", "Occupational therapist", "assessment",
       "Home assessment. Grab rails and perching stool recommended. Landlord permission needed.")
    ev("2025-06-05", "NPT", "Police constable", "phone call",
       "Liaised with Valeside Homes re ASB and possible cuckooing.")
    ev("2025-06-06", "POL", "Police constable", "welfare check",
       "Called by pt: says he was threatened by visitors. Minor injuries. Declined to give statement.")
    ev("2025-06-06", "POL", "Police constable", "referral",
       "Safeguarding adult referral: possible cuckooing and financial abuse.")
    ev("2025-06-09", "AMB", "Call handler", "phone call",
       "999 call from passer-by: man with head injury at bus stop.")
    ev("2025-06-09", "AMB", "Paramedic", "visit",
       "Head wound, GCS 14, intoxicated. History taken from pt. Conveyed.", told=True)
    ev("2025-06-09", "ED", "Triage nurse", "triage",
       "Head injury, fall. CT head requested. Hx taken again.", told=True)
    ev("2025-06-09", "ED", "ED doctor", "review",
       "CT head: no bleed. Unsteady, unsafe to go home. Refer medics.")
    ev("2025-06-09", "WARD", "Ward doctor", "admission",
       "Admitted to Ward 9 (frailty). Fall with head injury. Falls work-up.", days=18)
    ev("2025-06-09", "SAFE", "Safeguarding practitioner", "triage",
       "Police safeguarding referral screened. Pt admitted today. Criteria for section 42 enquiry met.")
    ev("2025-06-10", "ASCL", "Social worker", "phone call",
       "Provider reports pt in hospital again. Package suspended.")
    ev("2025-06-10", "WARD", "Ward doctor", "review",
       "Ward round. History retaken. Lying/standing BP. Medication review.", told=True)
    ev("2025-06-11", "WARD", "Physiotherapist", "review",
       "PT: needs frame. Falls risk high.")
    ev("2025-06-12", "WARD", "Staff nurse", "review",
       "Pt tearful. Says he cannot go back to the flat because of 'the lads'.")
    ev("2025-06-13", "DISCH", "Discharge coordinator", "referral",
       "Duty to refer to housing options (Homelessness Reduction Act): notice served, unsafe to return.")
    ev("2025-06-16", "SAFE", "Safeguarding practitioner", "enquiry",
       "Section 42 enquiry: seen on ward. Says visitors are 'mates', does not want police. Has capacity re this.")
    ev("2025-06-17", "WARD", "Ward doctor", "review",
       "MFFD. No safe discharge address.")
    ev("2025-06-18", "HOUS", "Housing options officer", "assessment",
       "Homelessness assessment by phone on ward. Threatened with homelessness: prevention duty accepted. Hx taken.",
       told=True)
    ev("2025-06-20", "HOUS", "Housing options officer", "support plan",
       "Personalised housing plan: pt to provide ID, bank statements, GP letter. Council to look for supported housing.")
    ev("2025-06-23", "WARD", "Staff nurse", "review",
       "Delayed discharge, no address. Pt bored, asking to leave.")
    ev("2025-06-23", "WARD", "Ward doctor", "review",
       "Remains MFFD. Delayed discharge: housing.")
    ev("2025-06-24", "DISCH", "Discharge coordinator", "phone call",
       "Chased housing options re accommodation for discharge.")
    ev("2025-06-26", "HOUS", "Housing options officer", "phone call",
       "No supported housing vacancy. Temporary accommodation (B&B, Eastgate) offered from 27/06.")
    ev("2025-06-27", "WARD", "Staff nurse", "discharge",
       "Discharged to temporary accommodation by taxi. No POC (new address out of area for provider).")

    # July: temporary accommodation; the system closes cases as he moves.
    ev("2025-07-01", "ASCL", "Social worker", "case closed",
       "Pt moved to TA. POC cancelled: provider does not cover Eastgate. Closed to locality team. NFA.")
    ev("2025-07-02", "SAFE", "Safeguarding practitioner", "case closed",
       "Section 42 enquiry concluded. Risk reduced as pt no longer at address. Closed to safeguarding.")
    ev("2025-07-03", "DA", "Recovery worker", "phone call",
       "Rang pt re missed sessions. Now in TA. Transferred to Eastgate hub.")
    ev("2025-07-08", "DA", "Nurse prescriber", "appointment",
       "Medical review for community detox. Not suitable while in unstable housing.")
    ev("2025-07-10", "HOUS", "Housing options officer", "letter",
       "Second request for documents (ID, bank statements).")
    ev("2025-07-14", "TEN", "Tenancy officer", "letter",
       "Tenancy ended. Former tenant arrears £1,380 passed to recovery.")
    ev("2025-07-16", "DWP", "Health assessor", "assessment",
       "Work capability assessment (telephone, 2 hrs). Pt distressed recounting history.", told=True)
    ev("2025-07-22", "GP", "GP", "phone call",
       "Telephone review. Mood low, drinking more since TA. Sertraline started.")
    ev("2025-07-24", "HOUS", "Housing options officer", "review",
       "PHP review. Documents still outstanding. Pt says he has already sent them.")
    ev("2025-07-29", "HB", "Benefits officer", "letter",
       "New claim for TA address: evidence requested (ID, tenancy agreement, income).")

    # August: an overdose, mental health liaison, the crisis team.
    ev("2025-08-05", "DWP", "Decision maker", "letter",
       "WCA outcome: limited capability for work. Mandatory reconsideration rights explained.")
    ev("2025-08-11", "POL", "Police constable", "welfare check",
       "Pt rang 999 saying he had taken tablets. Attended with ambulance. Door forced.")
    ev("2025-08-11", "AMB", "Call handler", "phone call",
       "999 call transferred from police: intentional OD. Cat 2.")
    ev("2025-08-11", "AMB", "Paramedic", "visit",
       "Reports 32 paracetamol 2 hrs ago with alcohol. History taken. Conveyed.", told=True)
    ev("2025-08-11", "ED", "Triage nurse", "triage",
       "Intentional OD. Paracetamol level sent. Hx taken.", told=True)
    ev("2025-08-11", "ED", "ED doctor", "review",
       "Parvolex started. Refer medics and mental health liaison.")
    ev("2025-08-11", "WARD", "Ward doctor", "admission",
       "Admitted to AMU. Paracetamol OD, on treatment. Alcohol withdrawal risk.", days=12)
    ev("2025-08-11", "MHL", "Liaison nurse", "assessment",
       "Mental health assessment. Full psychosocial history taken: pt says he has told it '10 times this year'.",
       told=True)
    ev("2025-08-11", "MHL", "Liaison nurse", "referral",
       "Referred to crisis and home treatment team for follow-up on discharge.")
    ev("2025-08-12", "MHL", "Psychiatrist", "review",
       "Psychiatric review. Low mood, hopelessness, alcohol dependence. Not detainable. Plan crisis team.")
    ev("2025-08-13", "WARD", "Staff nurse", "review",
       "Treatment complete. Bloods normal.")
    ev("2025-08-15", "WARD", "Ward doctor", "review",
       "MFFD pending crisis team and TA confirmation.")
    ev("2025-08-19", "WARD", "Staff nurse", "review",
       "TA room given up while in hospital. Housing options contacted.")
    ev("2025-08-21", "WARD", "Staff nurse", "review",
       "Pt asked what happens to his belongings at the B&B. Nobody knows.")
    ev("2025-08-20", "HOUS", "Housing options officer", "phone call",
       "Ward rang: TA placement lost during admission. New TA (Riverside hostel) from 23/08.")
    ev("2025-08-23", "WARD", "Staff nurse", "discharge",
       "Discharged to Riverside hostel. Crisis team aware.")
    ev("2025-08-24", "CRISIS", "Crisis nurse", "assessment",
       "Crisis team assessment at hostel. History retaken.", told=True)
    ev("2025-08-24", "CRISIS", "Crisis nurse", "support plan",
       "Crisis plan: daily visits for 7 days, safety plan, crisis line number given.")
    ev("2025-08-25", "CRISIS", "Support worker", "visit",
       "Visit. Pt in room, low, ate little. Meds checked.")
    ev("2025-08-26", "CRISIS", "Crisis nurse", "visit",
       "Visit. New worker, introduced self. Pt: 'another new face'.")
    ev("2025-08-27", "CRISIS", "Support worker", "visit",
       "Visit. Drinking today. Safety plan reviewed.")
    ev("2025-08-28", "CRISIS", "Crisis nurse", "phone call",
       "Phone contact instead of visit (staffing). Pt OK.")
    ev("2025-08-29", "CRISIS", "Crisis nurse", "visit",
       "Visit. Mood a little brighter. Plan to step down.")

    # September: handed from crisis team to CMHT; a sixth admission.
    ev("2025-09-01", "CRISIS", "Crisis nurse", "referral",
       "Referred to CMHT for care coordination.")
    ev("2025-09-02", "CRISIS", "Crisis nurse", "case closed",
       "Discharged from crisis team. GP informed by letter.")
    ev("2025-09-04", "GP", "Care navigator", "letter",
       "Crisis team discharge letter received and scanned.")
    ev("2025-09-10", "CMHT", "Duty worker", "phone call",
       "Referral received. Placed on waiting list for assessment.")
    ev("2025-09-15", "HOUS", "Housing options officer", "letter",
       "Prevention duty ended. Relief duty (56 days) started.")
    ev("2025-09-22", "CMHT", "Care coordinator", "assessment",
       "Initial assessment at hostel. History retaken in full.", told=True)
    ev("2025-09-24", "CMHT", "Care coordinator", "support plan",
       "Care plan (CPA): monthly contact, mood and alcohol. Interim care coordinator.")
    ev("2025-09-29", "AMB", "Call handler", "phone call",
       "999 call from hostel staff: resident breathless. Cat 2.")
    ev("2025-09-29", "AMB", "Paramedic", "visit",
       "COPD exacerbation. Sats 82%. History taken. Conveyed.", told=True)
    ev("2025-09-29", "ED", "Triage nurse", "triage",
       "SOB. Known COPD, alcohol, recent OD. Hx taken.", told=True)
    ev("2025-09-29", "ED", "ED doctor", "review",
       "Type 2 resp failure. NIV started. Refer medics.")
    ev("2025-09-29", "WARD", "Ward doctor", "admission",
       "Admitted to Ward 12 (respiratory). NIV.", days=15)
    ev("2025-09-30", "WARD", "Ward doctor", "review",
       "Ward round. Weaning off NIV.")

    # October: re-referred to adult social care; the same assessment again.
    ev("2025-10-01", "WARD", "Staff nurse", "review",
       "Off NIV. Eating and drinking. Sats 89% on air.")
    ev("2025-10-02", "WARD", "Occupational therapist", "referral",
       "D2A referral to adult social care (previous Care Act assessment 05/25, case closed 07/25).")
    ev("2025-10-03", "WARD", "Physiotherapist", "review",
       "PT: exercise tolerance poor. Frame.")
    ev("2025-10-06", "ASCFD", "Contact officer", "triage",
       "Hospital referral screened. Previous case closed 01/07. Needs new Care Act assessment. Passed to locality.")
    ev("2025-10-06", "ASCFD", "Duty social worker", "phone call",
       "Rang hostel to confirm address. Hostel unsure if room held.")
    ev("2025-10-07", "WARD", "Staff nurse", "review",
       "Pt says 'I've told you lot all this before'. Low.")
    ev("2025-10-08", "ASCL", "Social worker", "assessment",
       "Care Act assessment (2nd this year) on ward. History retaken.", told=True)
    ev("2025-10-09", "WARD", "Ward doctor", "review",
       "MFFD. Awaiting reablement start.")
    ev("2025-10-10", "DISCH", "Discharge coordinator", "phone call",
       "Reablement capacity confirmed from 14/10.")
    ev("2025-10-13", "CMHT", "Care coordinator", "letter",
       "Care coordinator changed (staff leaving). Pt informed by letter.")
    ev("2025-10-14", "WARD", "Staff nurse", "discharge",
       "Discharged to hostel with reablement (D2A).")
    ev("2025-10-15", "REABLE", "Reablement coordinator", "support plan",
       "Reablement support plan (second this year): 3 calls/day for up to 6 weeks.")
    ev("2025-10-16", "REABLE", "Reablement support worker", "visit",
       "AM call. Pt asleep, did not answer. Hostel staff let us in.")
    ev("2025-10-20", "HB", "Benefits officer", "phone call",
       "Pt rang: HB for hostel stopped? Advised evidence still outstanding.")
    ev("2025-10-21", "REABLE", "Reablement support worker", "visit",
       "Tea call. Pt says he 'just wants somewhere of his own'.")
    ev("2025-10-22", "HB", "Benefits officer", "letter",
       "Evidence still outstanding. Claim for hostel may be cancelled.")
    ev("2025-10-23", "NPT", "PCSO", "visit",
       "Hostel visit re reports of drinking in communal area. Words of advice.")
    ev("2025-10-27", "GP", "GP", "appointment",
       "Review after admission. Inhalers changed. Mood low. Signposted to talking therapies.")
    ev("2025-10-28", "DA", "Recovery worker", "phone call",
       "Eastgate hub: re-engagement call. Appointment offered 04/11.")
    ev("2025-10-30", "HOUS", "Housing options officer", "letter",
       "Relief duty ongoing. Remains in hostel. Main duty decision pending.")
    ev("2025-10-31", "REABLE", "Reablement support worker", "visit",
       "Lunch call. Pt in room. Declined lunch.")
    E.sort(key=lambda e: e[0])  # stable: same-day records keep the order written above
    return E


def _staff_for(rows: list[tuple], rng: random.Random) -> list[tuple[str, str]]:
    """Give each record a staff id: each (team, role) pool is worked through in blocks, so a
    worker holds the case for a stretch before it passes to the next."""
    by_pool: dict[tuple[str, str], list[int]] = {}
    for i, (_, team, role, *_rest) in enumerate(rows):
        by_pool.setdefault((team, role), []).append(i)
    missing = set(by_pool) ^ set(STAFF_POOLS)
    if missing:
        raise ValueError(f"staff pools and events disagree about these (team, role) pairs: {sorted(missing)}")
    numbers = list(range(1000, 10000))
    rng.shuffle(numbers)
    taken = iter(numbers)
    out: list[tuple[str, str] | None] = [None] * len(rows)
    for pool in sorted(by_pool):
        indices = by_pool[pool]
        size = STAFF_POOLS[pool]
        if size > len(indices):
            raise ValueError(f"pool {pool} has {size} staff but only {len(indices)} records")
        ids = [f"S{next(taken)}" for _ in range(size)]
        for k, i in enumerate(indices):
            out[i] = (ids[k * size // len(indices)], pool[1])
    return out  # type: ignore[return-value]


def case_history(seed: int = DEFAULT_SEED) -> list[dict]:
    """The 179 records of the man's ten months, as dicts in CASE_COLUMNS."""
    rng = random.Random(f"{seed}-case-history")
    events = _paul_events()
    staff = _staff_for(events, rng)
    rows = []
    for (date, team, role, activity, note, days, told), (staff_id, _role) in zip(events, staff):
        name, organisation = TEAMS[team]
        rows.append({"person_id": PERSON_ID, "date": date, "team": name, "organisation": organisation,
                     "staff_id": staff_id, "role": role, "activity": activity, "days": days,
                     "note": note, "told_story": told, "asked_what_matters": False})
    return rows


def redesigned_history(seed: int = DEFAULT_SEED) -> list[dict]:
    """A man with similar needs helped by a redesigned neighbourhood team: a what-matters
    conversation in the first week, one worker throughout, few hand-offs."""
    rng = random.Random(f"{seed}-redesigned")
    numbers = rng.sample(range(1000, 10000), 8)
    worker, gp, da, amb, ed, ward, nurse, ten = (f"S{n}" for n in numbers)
    team = ("Neighbourhood help team", "Kellbrook Together (council, NHS and charity partners)")
    gp_t = TEAMS["GP"]
    rows: list[dict] = []

    def ev(date, who, role, activity, note, where=team, days=None, told=False, asked=False):
        rows.append({"person_id": COMPARATOR_ID, "date": _d(date), "team": where[0],
                     "organisation": where[1], "staff_id": who, "role": role, "activity": activity,
                     "days": days, "note": note, "told_story": told, "asked_what_matters": asked})

    w = "Neighbourhood worker"
    ev("2025-01-08", gp, "GP", "phone call",
       "Rang neighbourhood team: 57, COPD, drinking, low mood, struggling at home after a fall. Asked them to visit.", where=gp_t)
    ev("2025-01-09", worker, w, "visit",
       "Sat with him for 2 hrs. What matters: staying in his flat, seeing his daughter again, getting his breath back, "
       "'not having strangers in and out'. A good life: walking to the allotment, a bit of work.", asked=True)
    ev("2025-01-10", worker, w, "phone call",
       "Rang Valeside Homes with his permission: arrears plan agreed, repairs to step. No notice.")
    ev("2025-01-13", worker, w, "visit",
       "Shopping together. Fitted key safe with him. Sorted inhalers with pharmacy.")
    ev("2025-01-15", worker, w, "visit",
       "Joint visit with drug and alcohol nurse at his flat (he chose the time). Cutting down plan he wrote himself.",)
    ev("2025-01-15", da, "Nurse prescriber", "visit",
       "Joint visit with neighbourhood worker. Home detox plan agreed.", where=TEAMS["DA"])
    ev("2025-01-20", worker, w, "visit",
       "Helped him fill in the housing benefit review together. Posted it.")
    ev("2025-01-27", worker, w, "visit",
       "Walk to the allotment society. Put his name down.")
    ev("2025-02-05", worker, w, "phone call", "Check-in. Detox going OK. Eating.")
    ev("2025-02-12", worker, w, "visit",
       "Rang his daughter together (his idea). Arranged to meet at a cafe.")
    ev("2025-02-24", ten, "Tenancy officer", "visit",
       "Visit with neighbourhood worker. Arrears plan on track. Step repair booked.", where=TEAMS["TEN"])
    ev("2025-03-04", worker, w, "review",
       "Looked back at what matters with him: breath better, drinking down, seeing daughter. Wants some work.", asked=True)
    ev("2025-03-18", worker, w, "visit", "Job centre with him. Part-time allotment shop role suggested.")
    ev("2025-04-02", worker, w, "phone call", "Check-in. Started two mornings a week at the allotment shop.")
    ev("2025-05-07", amb, "Paramedic", "visit",
       "Chest infection. Worker's details in his notes; rang worker. Conveyed.", where=TEAMS["AMB"])
    ev("2025-05-07", ed, "Triage nurse", "triage",
       "SOB, known COPD. Hx taken.", where=TEAMS["ED"], told=True)
    ev("2025-05-07", ward, "Ward doctor", "admission",
       "Admitted short stay. Oral abx. Neighbourhood worker visited same day and shared what matters.",
       where=TEAMS["WARD"], days=3)
    ev("2025-05-07", worker, w, "visit", "Visited on ward. Fed cat, brought clothes. Shared his plan with ward.")
    ev("2025-05-10", nurse, "Staff nurse", "discharge",
       "Discharged home. Worker collecting him.", where=TEAMS["WARD"])
    ev("2025-05-10", worker, w, "visit", "Took him home. Shopping in. Rescue pack checked.")
    ev("2025-05-19", gp, "GP", "appointment", "Review with worker present. Inhaler technique. Mood better.", where=gp_t)
    ev("2025-06-11", worker, w, "visit", "Coffee at the allotment shop. Doing well. Less contact agreed.")
    ev("2025-07-16", worker, w, "phone call", "Check-in. Met daughter twice. Drinking 'a few cans at weekends'.")
    ev("2025-08-20", worker, w, "review",
       "What matters now: more hours at the shop, a holiday with daughter. Agreed to step back.", asked=True)
    ev("2025-09-24", worker, w, "phone call", "Check-in. Fine. Knows how to reach us.")
    ev("2025-10-29", worker, w, "phone call", "Ten-month call. Still at home, working, no further admissions.")
    return rows


# ---------------------------------------------------------------------------------------------
# The adult social care front door
# ---------------------------------------------------------------------------------------------
# Each situation is one template that carries everything about a kind of contact: who makes
# it, the words they might use, the service asked for, the need beneath it as the team came to
# understand it, what matters to the person in words a listener might hear, and the value type.
# Words are filled from slots and from the person's own pronouns, so a contact about a husband
# says "he" throughout, and no two police notifications read the same. Safeguarding contacts
# (domestic abuse, danger at home, self-neglect with a risk of fire) are passed on the same day:
# their notes say so and they are not a need the front door counts.
SAFEGUARDING_NOTE = "safeguarding: passed on"

_PRONOUNS = {
    "M": {"he": "he", "him": "him", "his": "his", "hes": "he's", "He": "He", "His": "His", "Hes": "He's",
          "sex": "male", "Sex": "Male", "MF": "M", "man": "man", "partner": "wife"},
    "F": {"he": "she", "him": "her", "his": "her", "hes": "she's", "He": "She", "His": "Her", "Hes": "She's",
          "sex": "female", "Sex": "Female", "MF": "F", "man": "woman", "partner": "husband"},
}
# Whom a relative rings about: an older relative (never a spouse, where the words speak of a
# partner who died), a husband or wife (the caller is the other one), or a grown-up child.
_RELATIVES = {
    "elder": {"M": ["dad", "grandad", "uncle", "brother"], "F": ["mum", "nan", "aunt", "sister"]},
    "spouse": {"M": ["husband"], "F": ["wife"]},
    "young": {"M": ["son"], "F": ["daughter"]},
}
# Words that change from one contact to the next (a person's age, relative and the like stay theirs).
_SLOTS = {
    "loss": ["{his} {partner} died", "the funeral", "{his} {partner} passed in the autumn", "{his} sister died",
             "losing {his} {partner} at Christmas", "{his} best friend next door died"],
    "when": ["last night", "on Sunday", "twice this week", "this morning", "over the weekend", "on Tuesday night"],
    "area": ["Leeds", "Bristol", "Scotland", "Spain", "the other side of the county", "Manchester"],
    "time": ["0240", "0315", "2350", "0410", "0130", "0505", "2310", "0055", "0225", "0340", "0150", "2240"],
    "place": ["the bus station", "the petrol station on the ring road", "the Co-op car park", "the canal towpath",
              "the retail park", "the 24-hour garage", "Kellbrook market square", "the hospital car park",
              "the railway station", "the park by the river", "the taxi rank", "the supermarket car park"],
    "finder": ["a taxi driver", "a passer-by", "officers on patrol", "a bus driver", "staff at the garage",
               "a neighbour", "a delivery driver"],
    "dressed": ["in nightclothes", "in slippers and a dressing gown", "without a coat", "in pyjamas", "barefoot"],
    "acn": ["ACN:", "Adult concern notification:", "Concern for welfare:", "Vulnerable adult report:",
            "Police notification (ACN):", "ACN submitted:"],
    "outcome": ["Returned home by officers.", "Taken home, no family present.", "Returned home; neighbour sat with them.",
                "Conveyed home. No carers known.", "Returned home, family informed by phone.", "Taken home, GP to be told."],
    "abuser": ["adult son", "grandson", "partner", "son-in-law", "nephew", "lodger"],
    "risk": ["medium", "high", "standard"],
    "ward": ["Ward 4", "Ward 7", "Ward 9", "Ward 12", "AMU", "the frailty unit", "Ward 21", "Ward 15"],
    "x": ["x2", "x3", "x4"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "the weekend"],
    "n": ["4", "5", "6", "7", "9"],
    "weeks": ["three", "four", "five", "six", "seven"],
}


def _t(who, weight, verbatims, service, need, matters, demand_type, groups=("elder",), safeguarding=False,
       kinds=("chase", "back", "story"), again=()):
    """One situation at the front door (see the comment above)."""
    return {"who": who, "weight": weight, "verbatims": verbatims, "service": service, "need": need,
            "matters": matters, "type": demand_type, "groups": groups, "safeguarding": safeguarding,
            "kinds": kinds, "again": again}


_CARE = ("chase", "back", "story", "poc", "readmit")
SITUATIONS = [
    # --- family and friends ---------------------------------------------------------------
    _t("family", 8, ["I need a care package for my {rel}, {hes} not coping since {loss}",
                     "Can {he} have a carer? My {rel}'s not eating properly since {loss}",
                     "my {rel} needs carers, {hes} forgetting {his} tablets and {hes} been on {his} own since {loss}",
                     "we need someone to go in to my {rel}, I work full time and {hes} not coping since {loss}",
                     "my {rel} won't admit it but the house is a state since {loss}, {he} needs help"],
       "care package", "Grieving and alone; stopped eating and looking after the house",
       ["Keeping {his} own routines", "{His} garden, and the neighbours {he} knows", "Not being a burden on the family",
        "Company at teatime, the loneliest part of {his} day"], "Not coping at home since a loss", kinds=_CARE),
    _t("family", 7, ["my {rel} needs to go in a home, {hes} had another fall {when}",
                     "can you find my {rel} a care home, we're at our wits' end, {hes} fallen {when}",
                     "my {rel} can't stay on {his} own any more, {he} needs a home",
                     "my {rel} was on the floor {when}, {he} can't be on {his} own",
                     "{He} was on the floor all night {when}, I found {him} in the morning, my {rel} needs a home"],
       "residential care", "Falls at night, frightened of lying on the floor alone",
       ["Keeping {his} dog", "Not lying on the floor all night again", "Staying near {his} friends at the club",
        "Being in {his} own chair in {his} own front room"], "Falling at home", groups=("elder", "spouse"), kinds=_CARE),
    _t("family", 6, ["I need respite, I haven't slept properly in weeks, my {rel}'s up all night",
                     "can my {rel} go in for respite, I'm exhausted, {hes} up and down all night",
                     "I look after my {rel}, {hes} up all night with {his} dementia, is there any help",
                     "I'm my {rel}'s carer and I can't do this on my own any more, I need a break",
                     "my {rel} has Parkinson's and I do everything for {him}, I put my back out {when}"],
       "respite", "Carer worn out; the person's nights getting worse",
       ["Staying together at home", "{His} {partner} still being the one who looks after {him}",
        "Keeping {his} Thursdays at the lunch club", "{His} {partner} getting a full night's sleep"],
       "Carer can't cope", groups=("spouse",), kinds=_CARE),
    _t("family", 8, ["my {rel}'s memory is going, can someone assess {him}",
                     "my {rel} keeps getting lost, {he} needs a social worker",
                     "{His} memory's bad, {he} left the gas on {when}, who do I speak to about my {rel}",
                     "my {rel} doesn't know what day it is any more, I need someone to see {him}",
                     "my {rel} rang me twenty times {when}, {he} thinks someone's been in the house"],
       "social worker", "Memory getting worse; unsafe with the cooker",
       ["Staying in the house {hes} lived in for fifty years", "{His} cat, and {his} own front door",
        "Not being moved somewhere strange", "Seeing {his} grandchildren on Sundays"],
       "Memory getting worse", groups=("elder", "spouse"), kinds=_CARE),
    _t("family", 4, ["can you sort meals on wheels for my {rel}", "my {rel} needs meals delivering, {hes} lost loads of weight",
                     "my {rel} isn't cooking any more, can {he} get meals",
                     "my {rel}'s eyes have gone and {he} can't see the cooker, can {he} have meals brought in"],
       "meals service", "Stopped cooking since eyesight went; losing weight",
       ["Eating what {he} likes, not what's on a menu", "Company at lunchtime", "Still making {his} own cup of tea"],
       "Not eating properly"),
    _t("family", 4, ["can my {rel} have someone to do {his} shopping", "my {rel} needs help with shopping and cleaning, I live in {area}",
                     "my {rel} won't go out since {his} fall, can someone do {his} shopping",
                     "I'm in {area} and my {rel} has stopped going out, is there anyone who can help with {his} shopping"],
       "shopping and cleaning", "Anxious about going out since a fall",
       ["Getting out to the shops again", "Choosing {his} own food", "Not feeling {hes} a nuisance"],
       "Lost confidence going out"),
    _t("family", 6, ["we want my {rel} home from hospital with carers four times a day",
                     "my {rel} needs a care package before {he} comes out of hospital",
                     "the ward says my {rel}'s ready to come home but who's going to help {him}",
                     "they're sending my {rel} home tomorrow and there's nothing in place"],
       "care package", "Worried about managing after a long stay in hospital",
       ["Going home to {his} own bed", "Being home for {his} birthday",
        "Not going into a home 'for a few weeks' and never coming out"],
       "Coming home from hospital", groups=("elder", "spouse"), kinds=_CARE),
    _t("family", 3, ["my {rel} needs supported living, {hes} 19 and I'm not well",
                     "we need a placement for our {rel}, {hes} autistic and college has finished",
                     "can my {rel} have day services now {hes} left school",
                     "my {rel} has left college and sits in {his} room all day, what is there for {him}"],
       "supported living / day service", "Young adult leaving school with nothing to do in the day",
       ["Friends {his} own age", "Something to get up for in the morning", "A job, even a few hours a week"],
       "Young adult moving on from school", groups=("young",)),
    _t("family", 2, ["I think my {rel}'s being taken advantage of, {his} grandson has {his} bank card and {hes} frightened",
                     "my {rel}'s lodger is taking {his} pension and shouting at {him}, {hes} scared to say anything",
                     "my {rel} had bruises on {his} arm {when} and says {he} fell but I don't believe it"],
       "someone to step in", "At risk of harm from someone close; money being taken", [],
       "Someone being harmed at home", safeguarding=True),
    # --- the person themselves -------------------------------------------------------------
    _t("self", 5, ["I need a carer to help me get washed", "can I have someone to help me in the bath, I can't get my leg over",
                   "I want help with washing, I've not had a proper wash for weeks",
                   "I can't get in the bath since my hip, can someone come and help me",
                   "I need a hand with a shower, I've been making do with a flannel"],
       "home care", "Can't get in or out of the bath safely",
       ["Washing myself, not having a stranger do it", "A proper bath on a Sunday, like always",
        "Not asking my son to help me wash"], "Can't manage washing", kinds=_CARE),
    _t("self", 4, ["I need a stairlift, I can't get up to bed", "can you put a stairlift in, I'm sleeping in the chair",
                   "sleeping downstairs in the chair cos of the stairs, need a lift",
                   "my knees won't do the stairs any more, can I get a stairlift"],
       "stairlift", "Can't manage the stairs, sleeping in a chair",
       ["Sleeping in my own bed again", "Getting upstairs to the bathroom", "Not having to move out of the house"],
       "Can't get about the house"),
    _t("self", 3, ["I want a rail by the front step", "need a grab rail, nearly went over at the door",
                   "can I get a rail put in for the steps", "the back step's lethal, I need something to hold on to"],
       "rail", "Unsafe on the step, stopped going out",
       ["Getting to the shops on my own", "Putting the bins out myself", "Getting to the bus for the market"],
       "Can't get about the house"),
    _t("self", 4, ["I need a pendant alarm", "can I have one of them alarms round my neck", "want a careline alarm in case I fall",
                   "my daughter says I should get an alarm, I've had a couple of falls"],
       "pendant alarm", "Frightened of falling with nobody knowing",
       ["Feeling safe on my own at night", "Staying in my own home", "Not worrying my daughter"], "Falling at home"),
    _t("self", 5, ["I need a social worker", "I've just come out of hospital and there's no one, I need help",
                   "I want to speak to a social worker about my situation",
                   "can I have a social worker, I don't know who else to ring",
                   "I moved here to be near my son and now he's gone abroad, I don't know anyone"],
       "social worker", "Isolated and low since moving; worried about money",
       ["Someone to talk to", "Sorting the money out", "Getting to know people round here"], "Struggling and alone"),
    _t("self", 2, ["can I get a key safe fitted", "need a key safe so the nurses can get in",
                   "the nurses come at all hours and I can't get to the door, can I have a key box"],
       "key safe", "Can't get to the door in time for the district nurses",
       ["Not having to rush to the door", "Not leaving the door on the latch"], "Can't get about the house"),
    _t("self", 3, ["I need a wheelchair", "can I have a wheelchair, I can't walk far now",
                   "I need one of them scooters, I've not been out since Christmas",
                   "can I get a wheelchair so my son can take me out"],
       "wheelchair", "Can't walk to the shop or the bus any more",
       ["Getting to church on Sundays", "Going round the market", "Seeing the sea again this summer"],
       "Can't get about outside"),
    _t("self", 1, ["my son's moved back in and he takes my money, I'm frightened of him",
                   "I don't feel safe at home, my grandson shouts at me and takes my pension"],
       "someone to step in", "At risk of harm from someone close; money being taken", [],
       "Someone being harmed at home", safeguarding=True),
    # --- GPs ------------------------------------------------------------------------------
    _t("GP", 4, ["Please assess for package of care. {age}yo {MF}, lives alone, recurrent falls, poor oral intake.",
                 "Request social care assessment: frail {age}yo {MF}, lives alone, family concerned. ?POC",
                 "Pt ({age}{MF}) struggling with ADLs after a fall, requesting OT and care assessment please."],
       "assessment / care package", "Frail, living alone, falling and not eating",
       ["{He} told me {he} just wants to stay in {his} own home"], "Getting frailer, not coping at home", kinds=_CARE),
    _t("GP", 2, ["Please assess: {age}yo {MF}, memory clinic dx Alzheimer's, lives alone, missing meals.",
                 "{age}{MF}, mixed dementia, family report wandering at night. Please assess for support."],
       "assessment", "Memory getting worse, missing meals, alone", [], "Memory getting worse", kinds=_CARE),
    _t("GP", 2, ["Please review: carer breakdown risk, {partner} caring 24/7 for pt ({age}{MF}) with Parkinson's.",
                 "{partner} of {age}yo {MF} pt with dementia attending surgery exhausted. Carer's assessment and respite please."],
       "carer's assessment / respite", "Carer worn out; the person's needs rising", [], "Carer can't cope", kinds=_CARE),
    _t("GP", 1, ["{age}yo {MF} with advanced COPD, housebound, daughter doing all care. Needs support.",
                 "Housebound {age}{MF}, COPD on home oxygen, daughter giving up work to care. Please assess."],
       "care package", "Housebound with breathing; daughter doing all the care", [],
       "Getting frailer, not coping at home", kinds=_CARE),
    # --- hospitals --------------------------------------------------------------------------
    _t("hospital", 7, ["D2A referral: MFFD {ward}, {age}{MF}, needs POC {x} daily on discharge.",
                       "Pathway 1 referral. Pt ({age}{MF}) medically optimised, requires reablement. TTOs ready.",
                       "D2A: #NOF post-op day {n}, {age}{MF}, mobile with frame, needs POC {x} daily.",
                       "Referral for reablement on discharge: {age}{MF}, lives alone, stairs to flat, PT recommends support {x} daily.",
                       "{ward}: pt ({age}{MF}) MFFD since {day}, delayed awaiting assessment. Urgent please.",
                       "Discharge referral, {ward}: {age}{MF} requires double-handed care {x} daily, hoist."],
       "care package on discharge", "Needs help at home after a hospital stay",
       ["{He} keeps asking the nurses when {he} can go home to {his} dog"], "Coming home from hospital", kinds=_CARE),
    _t("hospital", 2, ["Pathway 3 referral: ?residential placement for {age}{MF}, family unable to support. {ward}.",
                       "{ward}: {age}yo {MF}, MFFD, MDT feel cannot return home, ?24-hour care."],
       "residential placement", "Cannot manage at home after a long stay; family can't support", [],
       "Coming home from hospital", kinds=_CARE),
    # --- the police -------------------------------------------------------------------------
    _t("police", 4, ["{acn} {sex} {age} found {dressed} at {place} at {time} by {finder}. Confused. {outcome}",
                     "{acn} {sex} in {his} {decade}s found at {place} at {time}, {dressed}, unable to give address. {outcome}",
                     "{acn} {sex} {age} reported missing by neighbour, found at {place} at {time}, confused. {outcome}"],
       "(none asked: a notification)", "Confused and getting lost at night", [], "Confused and getting lost",
       groups=("elder", "spouse")),
    _t("police", 2, ["{acn} {sex} {age} has called police {n} times this week reporting intruders, none found. ?confusion.",
                     "{acn} repeat calls from {sex} {age} reporting people in the house at night; nothing found. Appears confused."],
       "(none asked: a notification)", "Frightened and confused at night, living alone", [],
       "Confused and frightened at night", groups=("elder", "spouse")),
    _t("police", 1, ["Officers attended sudden death of {his} {partner} {when}. {Sex} {age} now alone, appears unable to manage.",
                     "{acn} officers attended {when} after {sex} {age} found {his} {partner} deceased at home. Now alone, struggling to manage."],
       "(none asked: a notification)", "Newly bereaved; the partner did all the caring", [],
       "Not coping at home since a loss", groups=("elder", "spouse")),
    _t("police", 3, ["{acn} domestic incident at {time}, {sex} {age} assaulted by {abuser} who lives at the address. DASH {risk} risk.",
                     "Officers attended at {time} after neighbour heard shouting. {Sex} {age} with bruising, says {abuser} "
                     "'gets angry when he's had a drink'. DASH completed ({risk}).",
                     "{acn} DA: {sex} {age}, {abuser} controlling {his} money and medication. Disclosed to officers at {time} welfare check."],
       "(none asked: a notification)", "At risk of harm from someone at home", [], "Someone being harmed at home",
       safeguarding=True, groups=("elder", "spouse"),
       again=[("back", "{acn} further DA incident at the same address at {time}, {sex} {age}, {abuser} still living there. "
                       "Previous ACN passed to ASC."),
              ("back", "Repeat DA call at {time}: {sex} {age} again reports {abuser} threatening {him}. DASH {risk}.")]),
    _t("police", 2, ["{acn} {sex} {age} found by officers on the floor at home at {time}, no heating, little food, declined ambulance.",
                     "{acn} {sex} {age}, house without power for days, very cold, taken to ED at {time}.",
                     "{acn} welfare check at {time}: {sex} {age} living without heat or water, refusing all help."],
       "(none asked: a notification)", "In danger at home: no heat or food, refusing help", [],
       "Someone in danger at home", safeguarding=True, groups=("elder", "spouse"),
       again=[("back", "{acn} second welfare check at {time}, {sex} {age} at same address, still no heating. Previous ACN passed to ASC.")]),
    # --- other professionals ----------------------------------------------------------------
    _t("other professional", 2, ["Housing officer: tenant ({age}{MF}) hoarding, fire risk, won't engage. Can ASC assess?",
                                 "Fire service safe and well visit: {sex} {age} smoking in bed, uses home oxygen. Referral for support.",
                                 "Fire service: hoarding to ceiling height, exits blocked, {sex} {age} refusing help."],
       "assessment", "Self-neglect with a risk of fire", [], "Someone in danger at home", safeguarding=True),
    _t("other professional", 2, ["Pharmacist: customer ({age}{MF}) keeps getting blister packs wrong, confused. Please can someone visit.",
                                 "Pharmacy: {sex} {age} has been in three times this week for the same prescription, seems muddled."],
       "assessment", "Muddled with medicines, living alone", [], "Memory getting worse"),
    _t("other professional", 2, ["District nurse: pt's legs not healing, not managing personal care, needs carers.",
                                 "DN: {age}{MF} with leg ulcers, unable to wash or dress, no family nearby. Requesting care."],
       "home care", "Can't wash or dress with leg ulcers",
       ["{He} wants to be well enough for {his} granddaughter's wedding"], "Can't manage washing", kinds=_CARE),
    _t("other professional", 1, ["Foodbank volunteer: older {man} coming in, no food, says electric is off. Can someone help?",
                                 "Foodbank: {sex} in {his} {decade}s, third visit, no gas or electric. Can someone help?"],
       "assessment", "No money, no food, no power", [], "Struggling and alone"),
]

# Coming back: the same person re-presents because what happened last time did not meet the
# need. Each: (kind, words); the kinds a situation allows keep the words true to the need.
RETURNS = {
    "family": [("chase", "It's me again about my {rel}, you said someone would ring back and nobody has"),
               ("back", "my {rel}'s worse since I rang, you gave me a list of agencies and none of them have anyone"),
               ("back", "I rang before about my {rel} and got told {he} didn't meet the criteria, well {hes} worse now"),
               ("story", "we were told to ring the carers' centre about my {rel}, they said to ring you"),
               ("chase", "still waiting for my {rel}'s assessment, it's been {weeks} weeks, how long is it"),
               ("chase", "nobody's told us what's happening with my {rel}, do we just wait"),
               ("poc", "the carers aren't turning up at the times you said, my {rel} was in bed till eleven {when}"),
               ("readmit", "my {rel}'s back in hospital now, this is exactly what I said would happen"),
               ("story", "I've explained all this about my {rel} {n} times now to different people"),
               ("story", "the OT said ring you, you said ring the OT, who is it for my {rel}"),
               ("poc", "the carer came to my {rel} once and then nothing, nobody told us why"),
               ("back", "we got a letter saying my {rel}'s case is closed but nothing's changed")],
    "self": [("chase", "I rang {when} and nobody's got back to me"),
             ("back", "you sent me a leaflet but I can't get to those places"),
             ("back", "I was told I'm not eligible but I'm no better"),
             ("chase", "when's the OT coming, I was told two weeks, it's been {weeks}"),
             ("back", "the agency you gave me don't cover my area"),
             ("story", "I've been passed round three teams and told the story every time"),
             ("poc", "the carer only has fifteen minutes, there's no time to help me shower"),
             ("chase", "I'm ringing again because I've heard nothing since I rang {when}")],
    "GP": [("back", "Re-referral: {age}{MF} seen by ASC {weeks} weeks ago, signposted, now worse. Please assess."),
           ("chase", "Second request: pt ({age}{MF}) still awaiting assessment, deteriorating."),
           ("chase", "Third GP contact re this pt ({age}{MF}). Family ringing surgery daily."),
           ("back", "Pt ({age}{MF}) was screened out last month, now not eating, please reconsider.")],
    "hospital": [("poc", "Readmission: {age}{MF}, previously D2A {weeks} weeks ago, POC broke down. New referral."),
                 ("readmit", "Re-referral: known to ASC, closed after reablement, readmitted to {ward} with a fall."),
                 ("poc", "Pt ({age}{MF}) readmitted, family report carers not attending. Please review before discharge."),
                 ("readmit", "Known to ASC. {age}{MF} readmitted via ED {when}, no care in place."),
                 ("chase", "Second request, {ward}: pt ({age}{MF}) still awaiting social care assessment, MFFD {n} days."),
                 ("story", "{ward}: family say they have given the history to four teams already. Please can one person take this.")],
    "police": [("back", "{acn} further concern for welfare at the same address at {time}, {sex} {age}, third this month."),
               ("back", "Repeat ACN: {sex} {age} known to ASC, officers called again {when}. Previous ACN NFA'd."),
               ("poc", "{acn} {sex} {age} found on the floor by officers at {time}, no carers attending.")],
    "other professional": [("back", "Housing officer again: tenant ({age}{MF}) still not managing, previous referral NFA."),
                           ("back", "District nurse re-referral: {age}{MF} previously signposted, still not managing."),
                           ("chase", "Care navigator chasing: referral for {age}{MF} sent {weeks} weeks ago, nothing heard.")],
}
RETURN_TYPES = {
    "chase": "Chasing: has anyone looked at it yet?",
    "back": "Back again: what we did didn't meet the need",
    "readmit": "Back again via hospital: readmitted",
    "story": "Telling the story again",
    "poc": "Care not working as arranged",
}
_NOT_CARE = "Not a request for help with someone's care"
_WRONG_DOOR = "Wrong door: failure demand, because we made the right door hard to find"
# Contacts that are not about anyone's care, and wrong doors: a caller put through to us who
# wanted another service is failure (we made the right door hard to find), never "not demand".
OTHER_CONTACTS = [
    ("other professional", "not demand", "Provider invoice query", _NOT_CARE,
     ["Care provider ringing about an invoice for last month", "Home care agency chasing payment of February's invoice"]),
    ("other professional", "not demand", "Internal query", _NOT_CARE,
     ["Colleague from the learning disability team asking for a case number",
      "Finance colleague checking which team holds a case"]),
    ("other professional", "not demand", "Provider capacity call", _NOT_CARE,
     ["Agency ringing to say they have capacity in the north of the county",
      "Care agency letting us know they can take two new packages in Eastgate"]),
    ("self", "failure", "Put through to the wrong door", _WRONG_DOOR,
     ["Rang the wrong number, wanted the council tax team",
      "I wanted council tax, the number on the website brought me here"]),
    ("self", "failure", "Put through to the wrong door", _WRONG_DOOR,
     ["Blue badge query put through by the switchboard: wants to know where to send the form",
      "I'm trying to renew my blue badge, the switchboard put me through to you"]),
]
LISTENERS = [
    ("Anita Shah", "Head of adult social care"),
    ("Gareth Bowen", "Front door team manager"),
    ("Lorraine Pike", "Contact officer"),
    ("Tom Ellery", "Duty social worker"),
    ("Rukhsana Begum", "Occupational therapist"),
]


def _person_words(rng: random.Random, situation: dict) -> dict:
    """What stays the same about a person in every contact: pronouns, relative, age, who harms them."""
    sex = rng.choice("MF")
    group = rng.choice(situation["groups"])
    age = rng.randint(19, 24) if group == "young" else rng.randint(66, 94)
    rel = rng.choice(_RELATIVES[group][sex])
    return {**_PRONOUNS[sex], "rel": rel, "age": str(age), "decade": str(age // 10 * 10),
            "abuser": rng.choice(_SLOTS["abuser"])}


def _fill(rng: random.Random, template: str, words: dict) -> str:
    """The template's slots filled afresh (two passes: a slot's words may hold pronouns), the person's own kept."""
    mapping = {**{k: rng.choice(v) for k, v in _SLOTS.items()}, **words}
    text = template.format_map(mapping).format_map(mapping)
    return text[0].upper() + text[1:] if template[0] == "{" else text


def _unheard(rng: random.Random, templates: list[str], words: dict, used: set[str]) -> str:
    """Words for a contact not yet heard in the sample, where the template has words to spare: people rarely say the same thing twice."""
    text = ""
    for _ in range(40):
        text = _fill(rng, rng.choice(templates), words)
        if text not in used:
            break
    used.add(text)
    return text


def _nth(n: int) -> str:
    return f"{n}{'nd' if n == 2 else 'rd' if n == 3 else 'th'}"


def front_door(seed: int = DEFAULT_SEED) -> list[dict]:
    """About 300 contacts heard at an adult social care front door over four weeks."""
    rng = random.Random(f"{seed}-front-door")
    days = [_d("2025-03-03") + dt.timedelta(days=k) for k in range(28)]
    days = [d for d in days if d.weekday() < 5]
    channel_for = {"self": ["phone"] * 8 + ["web form", "email"], "family": ["phone"] * 7 + ["email", "web form"],
                   "GP": ["email", "secure email", "phone"], "hospital": ["secure email"] * 3 + ["phone"],
                   "police": ["secure email"], "other professional": ["phone", "email", "secure email"]}
    people: list[dict] = []
    contacts: list[dict] = []
    person_numbers = rng.sample(range(10000, 99999), 400)
    for n in range(210):
        situation = rng.choices(SITUATIONS, weights=[s["weight"] for s in SITUATIONS])[0]
        day = rng.choices(range(len(days)), weights=[1.4 if days[i].weekday() == 0 else 1.0 for i in range(len(days))])[0]
        person = {"person_id": f"A{person_numbers[n]}", "situation": situation, "first_day": day,
                  "known_before": not situation["safeguarding"] and rng.random() < 0.2,
                  "words": _person_words(rng, situation)}
        people.append(person)
        contacts.append({"day": day, "person": person, "visit": 0})
    # Re-presentation: about a third come back within the four weeks, some more than once. A
    # safeguarding concern comes back only as another notification from the same door.
    for person in people:
        situation = person["situation"]
        if situation["safeguarding"] and not situation["again"]:
            continue
        day, visit = person["first_day"], 0
        chance = 0.5 if situation["who"] in ("police", "hospital", "family") else 0.38
        while visit < 3 and rng.random() < chance:
            day += rng.randint(2, 8)
            if day >= len(days):
                break
            visit += 1
            contacts.append({"day": day, "person": person, "visit": visit})
            chance *= 0.6
    for k in range(9):
        contacts.append({"day": rng.randrange(len(days)), "person": None, "visit": 0, "other": k})
    # Times: office hours, busier in the morning; sort into the order they were heard.
    for c in contacts:
        hour = rng.choices(range(8, 17), weights=[3, 10, 10, 9, 7, 7, 8, 6, 4])[0]
        minute = hour * 60 + rng.randrange(30 if hour == 8 else 0, 60)  # the lines open at 08:30
        c["time"] = dt.datetime.combine(days[c["day"]], dt.time(minute // 60, minute % 60))
    contacts.sort(key=lambda c: (c["time"], c["person"]["person_id"] if c["person"] else ""))
    # Listeners worked in sessions: one listener per half-day.
    session_listener = {}
    for day in range(len(days)):
        for half in (0, 1):
            session_listener[(day, half)] = LISTENERS[rng.randrange(len(LISTENERS))]

    rows: list[dict] = []
    heard: set[str] = set()
    for number, c in enumerate(contacts, start=1):
        listener, role = session_listener[(c["day"], 0 if c["time"].hour < 13 else 1)]
        row = {"received_at": c["time"].strftime("%d/%m/%Y %H:%M"), "captured_by": listener, "captured_role": role,
               "contact_id": f"C{number:04d}", "source_id": f"FD-{number:04d}", "what_matters": None}
        rows.append(row)
        if c["person"] is None:
            who, classification, kind, note, variants = OTHER_CONTACTS[c["other"] % len(OTHER_CONTACTS)]
            row.update({"channel": "phone", "verbatim": variants[c["other"] // len(OTHER_CONTACTS)],
                        "classification": classification, "demand_type": kind, "person_id": None,
                        "contact_from": who, "notes": note, "service_asked_for": None, "underlying_need": None})
            continue
        person = c["person"]
        situation, words = person["situation"], person["words"]
        row.update({"person_id": person["person_id"], "service_asked_for": situation["service"],
                    "underlying_need": situation["need"]})
        if c["visit"] == 0:
            who = situation["who"]
            row["verbatim"] = _unheard(rng, situation["verbatims"], words, heard)
            # A front door rarely hears what matters, least of all in a professional's referral.
            chance = 0.25 if who in ("self", "family") else 0.08
            if person["known_before"]:
                row.update({"classification": "failure", "demand_type": RETURN_TYPES["back"],
                            "notes": "Known to us: closed last month after signposting. Same need, now worse."})
            else:
                row.update({"classification": "value", "demand_type": situation["type"], "notes": None})
                if rng.random() < 0.05 and not situation["safeguarding"]:
                    row.update({"classification": "unsure",
                                "notes": "? Known to the OT team already (different need). Settle at debrief."})
        else:
            if situation["again"]:
                who, (kind, template) = situation["who"], rng.choice(situation["again"])
            else:
                # A return may come from someone else about the same person (the GP, then the hospital).
                who = situation["who"] if rng.random() < 0.6 else rng.choice(["family", "GP", "hospital", "self"])
                options = [o for o in RETURNS[who] if o[0] in situation["kinds"]]
                if not options:
                    who = situation["who"]
                    options = [o for o in RETURNS[who] if o[0] in situation["kinds"]]
                kind, template = rng.choice(options)
            row["verbatim"] = _unheard(rng, [template], words, heard)
            chance = 0.08 if who in ("self", "family") else 0.0
            row.update({"classification": "failure", "demand_type": RETURN_TYPES[kind],
                        "notes": f"Back again ({_nth(c['visit'] + 1)} contact in the study)."})
            if rng.random() < 0.06 and not situation["safeguarding"]:
                row.update({"classification": "unsure",
                            "notes": row["notes"] + " ? New need or the same one worse: settle at debrief."})
        if situation["safeguarding"]:
            row["notes"] = f"{SAFEGUARDING_NOTE} to the safeguarding adults team the same day." + (
                f" {row['notes']}" if row["notes"] else "")
        elif situation["matters"] and rng.random() < chance:
            row["what_matters"] = _fill(rng, rng.choice(situation["matters"]), words)
        row.update({"channel": rng.choice(channel_for[who]), "contact_from": who})
    for i, row in enumerate(rows, start=1):
        row["id"] = i
    return rows


# ---------------------------------------------------------------------------------------------
# Children's social care referrals
# ---------------------------------------------------------------------------------------------
# Planted re-referral rates within a year of closure, by decision (see README_people.md).
REREFERRAL_TARGET = {"screened out": 0.375, "no further action": 0.32, "assessed": 0.28, "helped": 0.225}
REFERRALS_START = _d("2022-04-01")
REFERRALS_END = _d("2025-03-31")  # last day of the data: follow-up ends here


def _decide(need: int, rng: random.Random) -> str:
    weights = {1: [70, 22, 6, 2], 2: [45, 30, 17, 8], 3: [18, 24, 30, 28], 4: [5, 10, 30, 55], 5: [2, 3, 20, 75]}[need]
    return rng.choices(["screened out", "no further action", "assessed", "helped"], weights=weights)[0]


def _closed(received: dt.date, decision: str, rng: random.Random) -> dt.date:
    span = {"screened out": (0, 2), "no further action": (4, 21), "assessed": (20, 45), "helped": (60, 300)}[decision]
    return received + dt.timedelta(days=rng.randint(*span))


def children_referrals(seed: int = DEFAULT_SEED) -> list[dict]:
    """Three years of referrals to a children's social care front door, with re-referrals."""
    rng = random.Random(f"{seed}-children")
    sources = ["police", "school", "health", "family or self", "local authority services", "anonymous", "other"]
    source_weights = {1: [40, 18, 14, 10, 6, 7, 5], 2: [34, 20, 18, 10, 8, 5, 5], 3: [28, 22, 22, 10, 10, 3, 5],
                      4: [25, 22, 25, 8, 14, 1, 5], 5: [30, 15, 30, 5, 17, 0, 3]}
    span = (REFERRALS_END - REFERRALS_START).days
    queue: list[tuple[dt.date, str, int]] = []
    child_numbers = rng.sample(range(100000, 999999), 1400)
    for n in range(1400):
        received = REFERRALS_START + dt.timedelta(days=rng.randrange(span - 30))
        need = rng.choices([1, 2, 3, 4, 5], weights=[24, 30, 24, 14, 8])[0]
        queue.append((received, f"C{child_numbers[n]}", need))
    queue.sort()
    # Error diffusion keeps each group's re-referral rate at its target while who comes back
    # stays random: a running deficit raises the next case's chance.
    owed = {d: 0.0 for d in REREFERRAL_TARGET}
    rows: list[dict] = []
    while queue:
        queue.sort()
        received, child, need = queue.pop(0)
        decision = _decide(need, rng)
        closed = _closed(received, decision, rng)
        rows.append({"person_id": child, "received_on": received, "need": need, "decision": decision,
                     "closed_on": closed, "source": rng.choices(sources, weights=source_weights[need])[0]})
        followed_up = closed + dt.timedelta(days=365) <= REFERRALS_END
        target = REREFERRAL_TARGET[decision]
        if followed_up:
            owed[decision] += target
            back = rng.random() < min(max(owed[decision] + 0.5 * rng.random() - 0.25, 0.0), 1.0)
            if back:
                owed[decision] -= 1
        else:
            back = rng.random() < target
        if back:
            again = closed + dt.timedelta(days=rng.randint(20, 365))
            if again <= REFERRALS_END:
                # Screened out or closed with no action: more often back with greater need.
                rise = {"screened out": [0.25, 0.35, 0.4], "no further action": [0.3, 0.4, 0.3],
                        "assessed": [0.4, 0.4, 0.2], "helped": [0.55, 0.35, 0.1]}[decision]
                step = rng.choices([0, 1, 2], weights=rise)[0]
                queue.append((again, child, min(need + step, 5)))
        elif followed_up and rng.random() < 0.15:
            later = closed + dt.timedelta(days=rng.randint(400, 700))
            if later <= REFERRALS_END:
                queue.append((later, child, need))
    rows.sort(key=lambda r: (r["received_on"], r["person_id"]))
    out = []
    for i, r in enumerate(rows, start=1):
        out.append({"referral_id": f"R{i:05d}", "person_id": r["person_id"], "received_on": r["received_on"],
                    "source": r["source"], "need_level": r["need"], "decision": r["decision"],
                    "closed_on": r["closed_on"]})
    return out


# ---------------------------------------------------------------------------------------------
# Assessment completion times against a local 28-day target (the Care Act sets none)
# ---------------------------------------------------------------------------------------------
TARGET_DAYS = 28


def assessment_times(seed: int = DEFAULT_SEED) -> list[dict]:
    """A year of Care Act assessments measured from allocation against a local 28-day target.

    The natural time to complete an assessment is smooth; the recorded one bunches just inside
    28 days because late cases are rushed or closed and reopened (restarting the clock), and
    the clock only starts at allocation, after an unmeasured wait from first contact.
    """
    rng = random.Random(f"{seed}-assessments")
    start = _d("2024-04-01")
    rows = []
    for n in range(520):
        first = start + dt.timedelta(days=rng.randrange(365))
        wait = int(rng.gammavariate(1.6, 30)) + rng.randint(1, 5)  # the hidden waiting list
        allocated = first + dt.timedelta(days=wait)
        natural = max(3, int(round(rng.lognormvariate(3.3, 0.45))))  # median about 27 days
        started = allocated + dt.timedelta(days=min(natural - 1, rng.randint(1, 10)))
        reopened = False
        recorded = natural
        if natural > TARGET_DAYS:
            roll = rng.random()
            if roll < 0.5:  # rushed through just inside the target
                recorded = rng.randint(24, TARGET_DAYS)
            elif roll < 0.85:  # closed and reopened: the clock restarts at the reopening
                reopened = True
            # else: the breach is recorded honestly
        elif 14 <= natural < 24 and rng.random() < 0.3:
            recorded = rng.randint(24, TARGET_DAYS)  # work slides to the deadline
        completed = allocated + dt.timedelta(days=recorded)
        if reopened:
            restart = rng.randint(natural - TARGET_DAYS + 1, natural - 10)
            allocated = allocated + dt.timedelta(days=restart)  # the clock the system shows
            started = max(started, allocated + dt.timedelta(days=rng.randint(0, 3)))
        rows.append({"first_contact_on": first, "allocated_on": allocated, "assessment_started_on": started,
                     "completed_on": completed, "closed_and_reopened": reopened})
    rows.sort(key=lambda r: (r["first_contact_on"], r["allocated_on"], r["completed_on"]))
    return [{"case_id": f"CA{i:04d}", **r} for i, r in enumerate(rows, start=1)]


# ---------------------------------------------------------------------------------------------
def write(out_dir: pathlib.Path, seed: int = DEFAULT_SEED) -> list[pathlib.Path]:
    """Write the people-centred sample files into ``out_dir``; return the paths written."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = {
        "case_history": (CASE_COLUMNS, case_history(seed)),
        "redesigned": (CASE_COLUMNS, redesigned_history(seed)),
        "front_door": (FRONT_DOOR_COLUMNS, front_door(seed)),
        "referrals": (REFERRAL_COLUMNS, children_referrals(seed)),
        "assessments": (ASSESSMENT_COLUMNS, assessment_times(seed)),
    }
    paths = []
    for key, (columns, rows) in made.items():
        path = out_dir / FILES[key]
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(_csv_text(columns, rows))
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in write(pathlib.Path(__file__).resolve().parent, DEFAULT_SEED):
        print(p.name)
