"""The checks themselves, one function per mistake, reading the tallies of :mod:`._state`.

Each function returns the findings for its mistake; :func:`run` calls them in order. The
thresholds and word lists they name live in :mod:`._rules`.
"""
from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

from helpers.analysis import _rules as R
from helpers.analysis._state import StudyReader

__all__ = ["CODES", "Finding", "Context", "saturation_state", "run"]


#: Every code a finding can carry, with its mistake number.
CODES = {
    "M1-only-analysts": 1, "M1-no-manager": 1,
    "M2-typology-before-demand": 2, "M2-big-other": 2, "M2-progress-box": 2,
    "M3-existing-categories": 3,
    "M4-chasing-as-value": 4, "M4-rule-language": 4,
    "M5-no-briefing": 5, "M5-no-verdict": 5,
    "M6-failure-to-value": 6, "M6-softened-rename": 6, "M6-low-failure-share": 6,
    "M7-transactional-fields": 7, "M7-distress-language": 7, "M7-service-type-unset": 7,
    "M8-long-past": 8, "M8-plan-too-big": 8,
    "M9-no-next-step": 9, "M9-solution-steps": 9,
    "M0-verbatim-quality": 0, "M0-mixed-type": 0, "M0-plan-coverage": 0, "M0-unsure-backlog": 0,
    "M0-calibration": 0,
}
# Where a code's workbook differs from its mistake's.
_WORKBOOK = {"M5-no-verdict": 8, "M7-service-type-unset": 3, "M0-verbatim-quality": 4, "M0-plan-coverage": 7}


@dataclass
class Finding:
    """One thing the checks noticed. Read ``message`` first; ``evidence`` holds the counts."""

    code: str
    mistake: int
    severity: str
    message: str
    evidence: dict = field(default_factory=dict)
    workbook: int | None = None
    acknowledged: str | None = None

    def __str__(self) -> str:
        ack = f" (You recorded why: {self.acknowledged})" if self.acknowledged else ""
        return f"{self.severity.capitalize()} [{self.code}]: {self.message}{ack}"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


class Context:
    """What every check reads: the reader's tallies plus a few sums worked out once."""

    def __init__(self, reader, calibration):
        self.r = reader
        self.t = t = reader.tally
        self.is_study = isinstance(reader, StudyReader)
        self.calibration = calibration
        self.n = t.n
        self.days = sorted(d for d in t.days if d is not None)
        self.enough = self.n >= R.ENOUGH_DEMANDS or len(self.days) >= R.ENOUGH_DAYS
        self.value = t.cls.get("value", 0)
        self.failure = t.cls.get("failure", 0)
        self.unsure = t.cls.get("unsure", 0)
        self.classified = sum(c for k, c in t.cls.items() if k is not None)
        # consolidated types: name -> Counter of classifications, and the first day heard
        self.uses: dict[str, Counter] = {}
        for (k, c), count in t.type_cls.items():
            if k is not None:
                self.uses.setdefault(reader.type_name.get(k, k), Counter())[c] += count
        self.first_day: dict[str, str] = {}
        for k, d in t.type_day:
            if d is not None and k is not None:
                name = reader.type_name.get(k, k)
                self.first_day[name] = min(d, self.first_day.get(name, d))
        self.typed = sum(sum(c.values()) for c in self.uses.values())
        self.origin = reader.origin  # live type name -> origin
        self.flags = Counter({bit: sum(n for (f, _), n in t.flag_cls.items() if f & bit)
                              for bit in (R.BLANK, R.CODE, R.AGENT, R.JARGON, R.DISTRESS, R.CHASING)})
        self.same_as_type = sum(t.short.get((k, R.norm(reader.type_name.get(k, k))), 0)
                                for k in {k for k, _ in t.type_cls if k is not None})
        self.no_words = sum(n for (f, _), n in t.flag_cls.items() if f & R.NO_WORDS) + self.same_as_type
        # in an export, a column of a few texts repeated row after row is the system's category,
        # not what people said
        worded = sum(c for text, c in t.texts.items() if text is not None)
        self.distinct_texts = sum(1 for text in t.texts if text is not None)
        self.texts_are_categories = worded >= R.ENOUGH_DEMANDS and self.distinct_texts <= R.CATEGORY_TEXTS_SHARE * worded

    def examples(self, name: str, k: int = 3) -> list[dict]:
        ids = heapq.nsmallest(k, self.t.examples[name])
        texts = self.r.texts(ids)
        return [{"id": i if self.is_study else self.r.frame_ids[i - 1], "verbatim": texts.get(i)} for i in ids]

    def finding(self, code: str, severity: str, message: str, **evidence) -> Finding:
        mistake = CODES[code]
        return Finding(code, mistake, severity, message, evidence,
                       _WORKBOOK.get(code, R.WORKBOOK[mistake]), self.r.acks.get(code))


def _m1(c: Context) -> list[Finding]:
    if not c.enough:
        return []
    seen: dict[str, set] = {}
    for by, role in c.t.listeners:
        if by and str(by).strip().lower() != "unknown":
            seen.setdefault(by, set()).add(R.role_kind(role or c.r.members.get(by)))
    # a listener recorded with several roles counts as the one most able to change things;
    # an analyst role counts only when nothing else was recorded
    roles = {by: next((k for k in ("manager", "front line", "analyst") if k in kinds), None)
             for by, kinds in seen.items()}
    if not roles or any(k is None for k in roles.values()):
        return []  # a listener without a recorded role could be anyone: say nothing
    kinds = Counter(roles.values())
    evidence = {"listeners": len(roles), "roles": dict(kinds)}
    if kinds.get("analyst", 0) == len(roles):
        return [c.finding(
            "M1-only-analysts", "warning",
            ("The only listener so far has" if len(roles) == 1 else f"All {len(roles)} listeners so far have")
            + " an analyst, improvement, consultant or facilitator role. The study is for the people who run the service to "
            "see it from the customer's side: invite the managers who can change the system, and the front line, to listen "
            "and to classify with you, rather than presenting findings to them.", **evidence)]
    if not kinds.get("manager"):
        managers = [n for n, role in c.r.members.items() if R.role_kind(role) == "manager"]
        also = (f" The team lists {_plural(len(managers), 'manager')} who {'has' if len(managers) == 1 else 'have'} "
                "not captured any demand yet." if managers else "")
        return [c.finding(
            "M1-no-manager", "note",
            f"None of the {_plural(len(roles), 'listener')} so far is a manager who can change the system "
            f"(after {_plural(c.n, 'demand')}).{also} An hour of a manager's listening is the strongest lever "
            "a study has: book one in.", managers_on_team=len(managers), **evidence)]
    return []


def _m2(c: Context) -> list[Finding]:
    out = []
    if not c.enough or not c.typed:
        return out
    r = c.r
    if c.is_study:
        predefined = [t for t in r.types if t.origin == "predefined"]
        # without a record of when the list was made there is nothing to compare with
        declared = max((t.first_seen_at for t in predefined if t.first_seen_at), default=None)
        if len(predefined) >= R.BULK_TYPES and declared is not None:
            # by day: a team typing in the types it sorted from earlier days' sheets heard them first
            heard_before = sum(n for day, n in c.t.days.items() if day and day < declared[:10])
            emerged = sum(1 for t in r.types if t.origin == "emerged")
            in_predefined = sum(sum(u.values()) for name, u in c.uses.items() if c.origin.get(name) == "predefined")
            live_predefined = [t.name for t in predefined if t.merged_into is None]
            unused = [name for name in live_predefined if not sum(c.uses.get(name, Counter()).values())]
            received = c.t.people.get("received", 0)
            evidence = {"declared_before_first_demand": len(predefined), "declared_at": declared,
                        "demands_heard_before_declared": heard_before, "types_emerged_since": emerged,
                        "unused_boxes": unused[:10], "unused_count": len(unused),
                        "share_in_declared_types": round(in_predefined / c.typed, 3)}
            paper_first = heard_before >= R.HEARD_BEFORE_SHARE * c.n
            grew = emerged >= R.GREW_TYPES
            if not paper_first and not grew and in_predefined >= 0.9 * c.typed and received >= 0.8 * c.n:
                out.append(c.finding(
                    "M2-typology-before-demand", "warning",
                    f"{_plural(len(predefined), 'type')} were declared before the first demand was heard "
                    f"(we count {R.BULK_TYPES} or more as a list made in advance), and the typology has not grown "
                    f"since: {_pct(in_predefined, c.typed)} of {_plural(c.typed, 'typed demand')} went into those "
                    f"boxes and only {_plural(emerged, 'new type')} emerged (we would hope for at least {R.GREW_TYPES})"
                    + (f"; {_plural(len(unused), 'box', 'boxes')} never used" if unused else "") +
                    ". Categories decided in advance show what we expected, not what people ask. Try letting types "
                    "emerge from the words: sort a day's verbatims into piles and name each pile in the person's terms.",
                    **evidence))
            elif not paper_first and len(unused) >= R.UNUSED_BOXES and len(unused) >= R.UNUSED_SHARE * len(live_predefined):
                out.append(c.finding(
                    "M2-typology-before-demand", "note",
                    f"The study started from a list of {_plural(len(predefined), 'type')} declared before any demand, "
                    f"and {len(unused)} of them ({_pct(len(unused), len(live_predefined))}; we mention this from "
                    f"{R.UNUSED_SHARE:.0%}) have never been used after {_plural(c.n, 'demand')}. Boxes nobody needs "
                    "are a sign the list came from what we expected; consider dropping them and naming types from "
                    "the words heard.", **evidence))
    for name, u in c.uses.items():
        total = sum(u.values())
        share = total / c.typed
        if R.is_other(name) and share >= R.OTHER_NOTE:
            made_in_advance = (not c.is_study) or c.origin.get(name) in ("predefined", "imported")
            severe = share >= R.OTHER_WARNING and made_in_advance
            out.append(c.finding(
                "M2-big-other", "warning" if severe else "note",
                f"{name!r} holds {_pct(total, c.typed)} of the {_plural(c.typed, 'typed demand')} (we mention this "
                f"from {R.OTHER_NOTE:.0%}"
                + (f", and call it worth a look from {R.OTHER_WARNING:.0%} when the boxes were set in advance"
                   if made_in_advance else "") + "). "
                "A big catch-all means the boxes do not fit what people ask: read what is in it and name new types "
                "in the person's words.", type=name, demands=total, share=round(share, 3)))
        value = u.get("value", 0)
        if R.is_progress_box(name) and value >= R.PROGRESS_BOX_MIN and value >= 0.5 * total:
            out.append(c.finding(
                "M2-progress-box", "warning",
                f"{name!r} files {_plural(value, 'demand')} as value (we mention this once there are at least "
                f"{R.PROGRESS_BOX_MIN}). "
                "Someone asking how their job is progressing is chasing. Ask the causal question: is it caused by "
                "us not doing something, or not doing it right, for the person? Would it have happened if we had got "
                "it right first time? Through their eyes a chase is failure demand: reclassify these and name the "
                "types for what failed (e.g. 'Is someone still coming today?').",
                type=name, value_demands=value, demands=total))
    return out


def _m3(c: Context) -> list[Finding]:
    if not c.enough or not c.n:
        return []
    no_words = min(c.no_words, c.n)
    codes = [name for name in c.uses if R.looks_like_code(name)]
    sample_types = sorted(c.uses, key=lambda k: -sum(c.uses[k].values()))[:5]
    evidence = {"demands": c.n, "without_own_words": no_words, "blank": c.flags[R.BLANK],
                "same_as_category": c.same_as_type,
                "agent_notes_or_codes": c.flags[R.AGENT] + c.flags[R.JARGON] + c.flags[R.CODE],
                "categories": len(c.uses), "system_style_codes": len(codes), "example_categories": sample_types,
                "different_texts": c.distinct_texts}
    if no_words >= R.NO_WORDS_SHARE * c.n:
        what = ("categories, chosen before anyone listened or by an existing system" if c.uses else "no words at all")
        return [c.finding(
            "M3-existing-categories", "warning",
            f"{_pct(no_words, c.n)} of the {_plural(c.n, 'demand')} have none of the person's own words (we call "
            f"this worth a look from {R.NO_WORDS_SHARE:.0%}): only {what}"
            + (f", such as {', '.join(repr(t) for t in sample_types[:3])}" if sample_types else "") +
            ". Existing data like this cannot show what people asked for in their terms, what matters to them, or "
            "which contacts were caused by a failure (chasing, repeats). Use it to plan where and when to listen, "
            "then listen and write down what people say.", **evidence)]
    if not c.typed or c.typed < R.UNCLASSIFIED_SHARE * c.n:
        return []
    came_with_data = (not c.is_study) or sum(
        sum(u.values()) for name, u in c.uses.items() if c.origin.get(name) == "imported") >= R.UNCLASSIFIED_SHARE * c.typed
    unclassified = c.n - c.classified
    if came_with_data and unclassified >= R.UNCLASSIFIED_SHARE * c.n:
        coded = (f" {len(codes)} of the {len(c.uses)} categories look like system codes." if codes else "")
        return [c.finding(
            "M3-existing-categories", "note",
            f"These {_plural(c.n, 'demand')} arrived with categories already attached ({len(c.uses)} of them, such as "
            f"{', '.join(repr(t) for t in sample_types[:3])}) and {_pct(unclassified, c.n)} are not classified as value "
            f"or failure (we mention this from {R.UNCLASSIFIED_SHARE:.0%}): an export from an existing system. "
            + (f"Its text column holds only {c.distinct_texts} different texts over {_plural(c.n, 'demand')}: more "
               f"of the system's categories, not what people said.{coded} Use it to plan where and when to listen, "
               "then listen and write down what people say; treat the categories as "
               if c.texts_are_categories else
               f"The words are real ({_plural(c.n - no_words, 'demand')} carry the person's own words), but the "
               f"categories were chosen by someone else's system for its own purposes.{coded} Read the words, classify "
               "them value or failure through the person's eyes, and let your own types emerge; treat the categories as ")
            + "what the system records, not as what people asked for.", unclassified=unclassified, **evidence)]
    return []


def _m4(c: Context) -> list[Finding]:
    out = []
    chasing = len(c.t.examples["chasing"])
    if c.enough and c.value and chasing >= R.CHASING_MIN and chasing >= R.CHASING_SHARE * c.value:
        out.append(c.finding(
            "M4-chasing-as-value", "note",
            f"{_plural(chasing, 'demand')} classified as value ({_pct(chasing, c.value)} of value demand; we mention "
            f"this once there are at least {R.CHASING_MIN} such demands, {R.CHASING_SHARE:.0%} of value demand) use "
            "words of chasing, checking or repeating "
            "('still coming', 'heard nothing', 'again', 'when will'). Ask the causal question of each: is it caused "
            "by us not doing something, or not doing it right, for the person? Would it have happened if we had got "
            "it right first time? If we caused it, it is failure demand, even when it arrived inside the rules (the "
            "slot, the target).",
            demands=chasing, value_demands=c.value, examples=c.examples("chasing")))
    reasons = [(eid, text) for eid, (_, after, text) in sorted(c.r.reclass.items())
               if eid not in c.r.undone and after != "failure" and R.has_rule_language(text)]
    notes = len(c.t.examples["note_rule"])
    if len(reasons) + notes >= R.RULE_MIN:
        shown = [t for _, t in reasons[:3]]
        shown += [c.r.notes_by_id.get(i) for i in heapq.nsmallest(3 - len(shown), c.t.examples["note_rule"])]
        out.append(c.finding(
            "M4-rule-language", "note",
            f"{_plural(len(reasons) + notes, 'reason or note', 'reasons and notes')} for demands kept out of failure "
            f"lean on the organisation's rules ('within SLA', 'inside the slot', 'contractor's fault'; we mention this "
            f"once there are at least {R.RULE_MIN}). The rules are "
            "the system's, not the person's. Ask the causal question from their side: is it caused by us not doing "
            "something, or not doing it right, for the person? Would it have happened if we had got it right first "
            "time? A contact inside the slot can still be failure demand the system could design out.",
            reasons=len(reasons), notes=notes, examples=shown))
    return out


def _m5(c: Context) -> list[Finding]:
    if not c.is_study or not c.enough:
        return []
    out = []
    if not c.r.entries.get("briefing"):
        out.append(c.finding(
            "M5-no-briefing", "note",
            f"No briefing of the front line is recorded, and {_plural(c.n, 'demand')} have been heard. Tell the "
            "people who take the demand what the study is and why ('this isn't monitoring you; you can read "
            "everything we write'), then record it with add_briefing.", demands=c.n, briefings=0))
    if len(c.days) >= R.ENOUGH_DAYS and not c.r.entries.get("verdict"):
        out.append(c.finding(
            "M5-no-verdict", "note",
            f"Demand has been heard on {_plural(len(c.days), 'day')} and no front-line verdict is recorded. At the end "
            "of each day ask the front line 'was today normal?' and what they make of what was heard; record it with "
            "add_front_line_verdict.", days=len(c.days), verdicts=0))
    return out


def _m6(c: Context) -> list[Finding]:
    out = []
    live = [(eid, v) for eid, v in sorted(c.r.reclass.items()) if eid not in c.r.undone]
    f2v = [v for _, v in live if v[0] == "failure" and v[1] == "value"]
    v2f = [v for _, v in live if v[0] == "value" and v[1] == "failure"]
    if len(f2v) >= R.F2V_NOTE and len(f2v) > len(v2f):
        share = len(f2v) / (len(f2v) + len(v2f))
        severe = len(f2v) >= R.F2V_WARNING and share >= R.F2V_WARNING_SHARE
        ruled = sum(1 for v in f2v if R.has_rule_language(v[2]))
        out.append(c.finding(
            "M6-failure-to-value", "warning" if severe else "note",
            f"{_plural(len(f2v), 'reclassification')} moved demand from failure to value, against "
            f"{len(v2f)} the other way ({share:.0%} of the moves between the two; we call this worth a look once there are "
            f"at least {R.F2V_WARNING} such moves, {R.F2V_WARNING_SHARE:.0%} of the moves)"
            + (f", {ruled} with reasons that quote the rules" if ruled else "") +
            ". Changes that make the numbers kinder are a sign of fearing failure demand. Failure demand is for "
            "learning, never a target: look at these together, through the person's eyes.",
            failure_to_value=len(f2v), value_to_failure=len(v2f), with_rule_reasons=ruled,
            example_reasons=[v[2] for v in f2v if v[2]][:3]))
    soft = [(old, new) for eid, (old, new) in sorted(c.r.renames.items())
            if eid not in c.r.undone and R.is_softened(old, new)]
    if soft:
        listing = ", ".join(f"{o!r} to {n!r}" for o, n in soft[:3])
        out.append(c.finding(
            "M6-softened-rename", "note",
            f"{_plural(len(soft), 'rename')} took the failure out of a type's name ({listing}). A kinder name can hide "
            "what went wrong for the person: name the type in their words and for what failed.",
            renames=[list(p) for p in soft]))
    decided = c.value + c.failure
    if decided >= R.LOW_SHARE_MIN and c.failure < R.LOW_SHARE * decided:
        out.append(c.finding(
            "M6-low-failure-share", "note",
            f"{_pct(c.failure, decided)} of the {_plural(decided, 'demand')} classified value or failure are failure "
            f"demand (we mention this when it is below {R.LOW_SHARE:.0%}, once at least {R.LOW_SHARE_MIN} are classified). "
            "It may be "
            "right; it is worth a curious look, not a verdict: are chasing, repeat and 'same problem again' contacts "
            "being classified through the person's eyes, and are all the doors being heard?",
            failure=c.failure, value=c.value))
    return out


def _m7(c: Context) -> list[Finding]:
    if not c.is_study or not c.enough:
        return []
    out = []
    kind = c.r.info.get("service_type")
    people = c.t.people
    if kind == "people-centred":
        used = [f for f in ("person", "from", "matters") if people.get(f)]
        if not used:
            out.append(c.finding(
                "M7-transactional-fields", "warning",
                f"This is a people-centred study, but none of its {_plural(c.n, 'demand')} records who the person is "
                "(person_id), who made contact (contact_from) or what matters to them. Without these you cannot see "
                "people coming back, how many times they told their story, or what a good outcome would be: add "
                "them as you capture.", demands=c.n, person_id=0, contact_from=0, what_matters=0))
        elif "person" not in used:
            out.append(c.finding(
                "M7-transactional-fields", "note",
                f"This is a people-centred study, but none of its {_plural(c.n, 'demand')} links to a person "
                "(person_id), so people coming back (the failure demand of these services) cannot be seen.",
                demands=c.n, person_id=0, contact_from=people.get("from", 0), what_matters=people.get("matters", 0)))
    distress = c.flags[R.DISTRESS]
    if kind != "people-centred" and distress >= R.DISTRESS_MIN and distress >= R.DISTRESS_SHARE * c.n:
        out.append(c.finding(
            "M7-distress-language", "note",
            f"{_plural(distress, 'demand')} ({_pct(distress, c.n)}; we mention this once there are at least "
            f"{R.DISTRESS_MIN} such demands, {R.DISTRESS_SHARE:.0%} of all demand) speak of distress or safety in a "
            "study set up as transactional. If people "
            "come to this service when life has gone off the rails, it may need studying as a people-centred "
            "service (workbook 9). Any safeguarding disclosure follows your protocol now, whatever the study says.",
            demands=distress, examples=c.examples("distress")))
    with_people = max(people.get("person", 0), people.get("from", 0))
    if not kind:
        out.append(c.finding(
            "M7-service-type-unset", "note",
            "The study does not say whether the service is transactional or people-centred. Set it with "
            "set_service_type: a people-centred service needs different questions (who made contact, what matters).",
            service_type=None))
    elif kind == "transactional" and not c.r.service_type_set and with_people >= R.PEOPLE_FIELDS_SHARE * c.n:
        out.append(c.finding(
            "M7-service-type-unset", "note",
            f"The study is transactional only by default, yet {_pct(with_people, c.n)} of its demands record a "
            f"person or who made contact (we mention this from {R.PEOPLE_FIELDS_SHARE:.0%}). If this is a "
            "people-centred service, say so with set_service_type('people-centred'); if it is transactional, "
            "set that too, so the question is answered.", service_type=kind, with_person_or_contact=with_people))
    return out


def saturation_state(c: Context):
    """The verdict, point and days helpers.saturation gives on the study, from the tallies:
    the new types of each day and the demands of each type, judged by the same assess()."""
    from helpers.analysis.saturation import assess

    days = sorted({d for (k, d) in c.t.type_day if d is not None and k is not None})
    new = Counter(c.first_day.values())
    found = assess([new[d] for d in days], [sum(u.values()) for u in c.uses.values()])
    return found.verdict, found.point, len(days)


def _m8(c: Context) -> list[Finding]:
    out = []
    # an export spans whatever dates it spans: "capture went on too long" is about a team's own study
    verdict, point, n_units = saturation_state(c) if c.enough and c.is_study else ("not yet", None, 0)
    c.saturation = (verdict, point)
    if verdict == "long past":
        from helpers.analysis.saturation import DEFAULT_THRESHOLD

        s, r = point
        out.append(c.finding(
            "M8-long-past", "note",
            f"After the first {_plural(s, 'day')} of listening, the next {_plural(r, 'day')} brought no more than "
            f"{DEFAULT_THRESHOLD:.0%} new types, so the types have looked stable since day {s + r}; capture has gone "
            f"on for another {_plural(n_units - s - r, 'day')} since then. There can be good reasons; if so, record "
            "them with acknowledge('M8-long-past', reason). If not, ask: have we learned what we need? It may be time "
            "to act on it.", saturation_point=[s, r], days=n_units, days_after=n_units - s - r))
    planned = (c.r.plan or {}).get("demands_planned")
    if planned and planned >= R.PLAN_TOO_BIG:
        out.append(c.finding(
            "M8-plan-too-big", "note",
            f"The plan asks for {planned:,} demands (we mention this from {R.PLAN_TOO_BIG:,}). A study is enough when "
            "the team has learned what it needs and the types look stable, often after a few hundred demands over "
            "a week or two: plan days, times and doors to cover instead, and check as you go.",
            demands_planned=planned))
    return out


def _m9(c: Context) -> list[Finding]:
    if not c.is_study:
        return []
    from helpers.analysis.nextsteps import judge

    out = []
    verdict = getattr(c, "saturation", ("not yet", None))[0]
    saturated = verdict in ("enough", "long past") or any(v in ("enough", "long past") for v in c.r.saturation_checks)
    shared = c.r.entries.get("share", 0)
    if saturated and shared and not c.r.next_steps:
        out.append(c.finding(
            "M9-no-next-step", "note",
            "The types look stable and the findings have been shared, but no next step is recorded. A study of "
            "demand is the start: next, follow value demands end to end, measure capability from the person's side, "
            "and find what makes the work go this way (add_next_step).", shares=shared, next_steps=0))
    judged = [(text, judge(text)) for text in c.r.next_steps]
    solutions = [(text, j.cues) for text, j in judged if j.kind == "solution"]
    if solutions:
        cues = sorted({cue for _, cs in solutions for cue in cs})
        out.append(c.finding(
            "M9-solution-steps", "note",
            ("The next step recorded reads" if len(judged) == 1 else
             f"{len(solutions)} of the {len(judged)} next steps recorded {'reads' if len(solutions) == 1 else 'read'}")
            + f" as a jump to a solution ({', '.join(cues)}). "
            "Before deciding what to change, study how the service responds: write each as something to follow, "
            "measure or find out (e.g. 'follow ten repair requests end to end from the first call').",
            steps=len(judged), solutions=len(solutions), examples=[t for t, _ in solutions[:3]], cues=cues))
    return out


def _m0(c: Context, m3_warned: bool) -> list[Finding]:
    if not c.enough:
        return _calibration(c)  # twenty demands classified twice are enough to talk about
    out = []
    words = c.n - c.flags[R.BLANK]
    poor = c.flags[R.AGENT] + c.flags[R.JARGON] + c.same_as_type
    if not m3_warned and words and poor >= R.POOR_WORDS_MIN and poor >= R.POOR_WORDS_SHARE * words:
        out.append(c.finding(
            "M0-verbatim-quality", "note",
            f"{_pct(poor, words)} of the {_plural(words, 'verbatim')} read as an agent's note, the organisation's "
            f"shorthand or the type's own name (we mention this from {R.POOR_WORDS_SHARE:.0%}). Write what the person "
            "said, in their words ('you said you'd be here this morning and it's gone twelve'), not 'caller chasing'.",
            agent_notes=c.flags[R.AGENT], jargon=c.flags[R.JARGON], same_as_type=c.same_as_type,
            examples=c.examples("agent") or c.examples("jargon")))
    mixed = [{"type": name, "value": u["value"], "failure": u["failure"]}
             for name, u in sorted(c.uses.items()) if min(u["value"], u["failure"]) >= R.MIXED_MIN]
    if mixed:
        out.append(c.finding(
            "M0-mixed-type", "note",
            f"{_plural(len(mixed), 'type')} {'holds' if len(mixed) == 1 else 'hold'} both value and failure demand "
            f"(we mention this once a type has at least {R.MIXED_MIN} of each), e.g. {mixed[0]['type']!r}. A value "
            "type and a failure type are never one type: split it, or settle the classification together.", types=mixed))
    plan = c.r.plan or {}
    if plan and len(c.days) >= R.ENOUGH_DAYS:
        heard_doors = [ch for ch in c.t.channels if ch]
        doors = [d for d in plan.get("doors") or [] if not any(
            R.norm(d) and (R.norm(d) in R.norm(h) or R.norm(h) in R.norm(d)) for h in heard_doors)]
        days = [d for d in plan.get("days") or [] if d <= c.days[-1] and not c.t.days.get(d)]
        times = []
        for spec in plan.get("times") or []:
            window = R.time_window(spec)
            # an hour heard (h to h+1) that overlaps the planned window covers it
            if window and not any(h is not None and h < window[1] and h + 1 > window[0] for h in c.t.hours):
                times.append(spec)
        if doors or days or times:
            parts = [f"{one if len(items) == 1 else one + 's'} {', '.join(repr(str(i)) for i in items)}"
                     for items, one in ((doors, "the door"), (days, "the day"), (times, "the time")) if items]
            out.append(c.finding(
                "M0-plan-coverage", "note",
                f"The plan includes {'; '.join(parts)}, not heard so far (days count once they have passed). "
                "Failure demand often differs by door and time: listen there before deciding the types are stable.",
                doors=doors, days=days, times=times))
    if c.unsure >= R.UNSURE_MIN and c.unsure >= R.UNSURE_SHARE * c.classified:
        out.append(c.finding(
            "M0-unsure-backlog", "note",
            f"{_plural(c.unsure, 'demand')} ({_pct(c.unsure, c.classified)} of those classified; we mention this "
            f"once there are at least {R.UNSURE_MIN}, {R.UNSURE_SHARE:.0%} of those classified) are marked unsure. "
            "Settle them together at the daily debrief: "
            "the argument is where the learning happens.", unsure=c.unsure, classified=c.classified))
    out += _calibration(c)
    return out


def _calibration(c: Context) -> list[Finding]:
    results = []
    pairs = []
    for bucket in c.t.shared_sources().values():
        # each person's first answer for this demand, in the order they gave them
        answers = {}
        for _, (who, answer) in sorted(bucket.items()):
            if answer and who not in answers:
                answers[who] = answer
        given = list(answers.values())[:8]
        pairs += [(given[i], given[j]) for i in range(len(given)) for j in range(i + 1, len(given))]
    if len(pairs) >= R.CALIBRATION_MIN:
        from helpers.analysis.agreement import cohens_kappa

        counts, answers = Counter(pairs), sorted({x for pair in pairs for x in pair})
        kappa = cohens_kappa([[counts[a, b] for b in answers] for a in answers])
        percent = 100 * sum(a == b for a, b in pairs) / len(pairs)
        results.append((len(pairs), percent, kappa, "demands classified by two people in this study"))
    given = c.calibration
    if given is not None:
        for item in (given if isinstance(given, (list, tuple)) else [given]):
            # each pair of teams (an agreement of three or more has its pairs in .pairs)
            for pair in item.pairs.itertuples() if getattr(item, "pairs", None) is not None else [item]:
                a, b = (pair.team_a, pair.team_b) if hasattr(pair, "team_a") else pair.names[:2]
                if getattr(pair, "compared", 0) >= R.CALIBRATION_MIN:
                    results.append((pair.compared, float(pair.percent), float(pair.kappa), f"{a} and {b}"))
    out = []
    for compared, percent, kappa, who in results:
        if percent < R.CALIBRATION_PERCENT or kappa < R.CALIBRATION_KAPPA:  # NaN kappa: one answer throughout
            k = "undefined" if kappa != kappa else f"{kappa:.2f}"
            out.append(c.finding(
                "M0-calibration", "note",
                f"On {_plural(compared, 'demand')} ({who}) the classifications agree {percent:.0f}% of the time, kappa "
                f"{k} (we mention this below {R.CALIBRATION_PERCENT:.0f}% agreement or a kappa below "
                f"{R.CALIBRATION_KAPPA}). Talk "
                "through the ones you answered differently before trusting the failure share.",
                compared=compared, percent=round(percent, 1), kappa=None if kappa != kappa else round(kappa, 3)))
    return out


def run(c: Context) -> list[Finding]:
    out = _m1(c) + _m2(c)
    m3 = _m3(c)
    # in this order: _m8 works out the saturation that _m9 reads
    out += m3 + _m4(c) + _m5(c) + _m6(c) + _m7(c) + _m8(c) + _m9(c)
    return out + _m0(c, any(f.severity == "warning" for f in m3))
