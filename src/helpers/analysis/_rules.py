"""The words and thresholds behind :func:`helpers.check_study` (kept apart so they can be read).

Every threshold a finding names lives here, so a message and its test quote one number.
The word lists are deliberately narrow: a cue that also turns up in ordinary value demand
("scared the ceiling will come down", "reporting for my elderly mum") would make the checks
cry wolf, and a team told off for doing the right thing stops listening.

>>> text_flags("is he still coming? been waiting in since 8") & CHASING > 0
True
>>> text_flags("water coming through the kitchen ceiling") == 0
True
>>> text_flags("Caller states tenant chasing P2 job") & AGENT > 0
True
>>> role_kind("Repairs team leader"), role_kind("Business analyst"), role_kind("call handler")
('manager', 'analyst', 'front line')
"""
from __future__ import annotations

import re

__all__ = ["ENOUGH_DEMANDS", "ENOUGH_DAYS", "LOW_SHARE", "LOW_SHARE_MIN", "BULK_TYPES", "HEARD_BEFORE_SHARE",
           "GREW_TYPES", "UNUSED_BOXES", "UNUSED_SHARE", "OTHER_NOTE", "OTHER_WARNING", "PROGRESS_BOX_MIN",
           "NO_WORDS_SHARE", "CATEGORY_TEXTS_SHARE", "UNCLASSIFIED_SHARE", "CHASING_MIN", "CHASING_SHARE",
           "RULE_MIN", "F2V_NOTE", "F2V_WARNING", "F2V_WARNING_SHARE", "DISTRESS_MIN", "DISTRESS_SHARE",
           "PEOPLE_FIELDS_SHARE", "PLAN_TOO_BIG", "POOR_WORDS_SHARE", "POOR_WORDS_MIN", "MIXED_MIN", "UNSURE_MIN",
           "UNSURE_SHARE", "CALIBRATION_MIN", "CALIBRATION_PERCENT", "CALIBRATION_KAPPA", "WORKBOOK", "AGENT",
           "JARGON", "CODE", "DISTRESS", "CHASING", "BLANK", "NO_WORDS", "text_flags", "text_infos",
           "has_rule_language", "norm", "role_kind", "is_other", "is_progress_box", "looks_like_code",
           "is_softened", "time_window"]

# ---------------------------------------------------------------- thresholds
#: Nothing is said before there is enough to say it: this many demands, or demand heard on
#: this many different days.
ENOUGH_DEMANDS = 100
ENOUGH_DAYS = 2
#: A failure share below this, of at least LOW_SHARE_MIN demands classified value or
#: failure, is a curious note (never a comparison with anyone else).
LOW_SHARE = 0.20
LOW_SHARE_MIN = 100
#: Mistake 2: this many types declared before the first demand makes a typology "in bulk".
BULK_TYPES = 5
#: ... unless at least this share of the demands was heard before the types were declared
#: (a paper-first team typing in the types it sorted from its sheets).
HEARD_BEFORE_SHARE = 0.20
#: ... and a typology has "grown" once this many types emerged during capture.
GREW_TYPES = 2
#: Unused boxes: at least this many declared types, and this share of them, never used.
UNUSED_BOXES = 3
UNUSED_SHARE = 0.30
#: A catch-all type ("Other") holding this share of the typed demand is a note; past
#: OTHER_WARNING, for a typology that did not emerge from the demand, a warning.
OTHER_NOTE = 0.15
OTHER_WARNING = 0.25
#: A "progress" box filing chasing as value: at least this many value demands in it.
PROGRESS_BOX_MIN = 5
#: Mistake 3: this share of demands without the person's own words means an export.
NO_WORDS_SHARE = 0.80
#: ... and in such an export a text column with at most this many different texts per demand
#: holds the system's categories, not people's words (a "descriptor": 50 texts over 924 rows).
CATEGORY_TEXTS_SHARE = 0.5
#: ... and an export nobody has classified: this share with no classification.
UNCLASSIFIED_SHARE = 0.80
#: Mistake 4: value demands whose words say chasing, at least this many and this share.
CHASING_MIN = 5
CHASING_SHARE = 0.05
#: Rule-language in reasons and notes: at least this many.
RULE_MIN = 2
#: Mistake 6: reclassifications from failure to value.
F2V_NOTE = 5
F2V_WARNING = 10
F2V_WARNING_SHARE = 0.80
#: Mistake 7: distress or safeguarding language in a transactional study.
DISTRESS_MIN = 5
DISTRESS_SHARE = 0.02
#: A study marked transactional by default whose demands record who made contact or a person.
PEOPLE_FIELDS_SHARE = 0.10
#: Mistake 8: a plan asking for this many demands or more.
PLAN_TOO_BIG = 2000
#: Verbatim quality: this share of the words that are agent notes, jargon or the type name.
POOR_WORDS_SHARE = 0.20
POOR_WORDS_MIN = 10
#: Types holding both value and failure demand: the smaller side has at least this many.
MIXED_MIN = 2
#: Unsure demands waiting to be settled: at least this many and this share of classified.
UNSURE_MIN = 10
UNSURE_SHARE = 0.10
#: Calibration: demands classified by two people, at least this many; discuss below these.
CALIBRATION_MIN = 20
CALIBRATION_PERCENT = 80.0
CALIBRATION_KAPPA = 0.60

#: The workbook to turn to for each mistake (DESIGN.md's curriculum).
WORKBOOK = {1: 3, 2: 5, 3: 5, 4: 6, 5: 3, 6: 6, 7: 9, 8: 7, 9: 11, 0: 5}

# ---------------------------------------------------------------- flags on a text
AGENT = 1        # a third-person agent note ("caller states...")
JARGON = 2       # the organisation's shorthand (P2, SOR, job no...)
CODE = 4         # a system code rather than words (REP-0042, "NOISE - RESIDENTIAL")
DISTRESS = 8     # distress or safeguarding language
CHASING = 16     # chasing, checking, repeating
BLANK = 32       # no words at all
#: Not the person's own words: nothing, a code, an agent's note or shorthand.
NO_WORDS = BLANK | CODE | AGENT | JARGON

_ASIDE_ONE_ROW = re.compile(r"\[[^\]\x00]*\]")
_CODE_RE = re.compile(r"^[\sA-Z0-9/&().,:_-]{2,}$|^[A-Za-z]{1,5}[-/ ]?\d{2,}$")
# Patterns are matched against lower-cased text (faster than IGNORECASE), and only when the
# text holds one of their trigger words: one set lookup instead of a regex scan for most texts.
_AGENT = re.compile(
    r"^\s*(?:the\s+)?(?:caller|cust(?:omer)?|tenant|resident|client|c/o|t/t|cllr|member)\b[\s:,-]*"
    r"(?:is\s+|has\s+|was\s+|had\s+)?"
    r"(?:say|said|state|stating|want|ask|call|rang|ring|report|chas|advis|request|enquir|query|quer|complain|"
    r"unhappy|inform|would|wish|need|rais|phon|contact|confirm|not\b|upset|angry)"
    r"|\b(?:advised\s+(?:cust|caller|tenant|resident|to\b)|cust\b|c/o\b|t/t\b|"
    r"(?:caller|customer|tenant) (?:states|stated|advised)\b)")
_JARGON = re.compile(
    r"\b(?:sor|p[1-4]|w/?o|job\s*(?:no|ref|number)|wo\s?\d+|eta|f/u|nfa|n/a card|no access card|"
    r"follow[- ]on raised|job raised|jobs raised|raised (?:a |an )?(?:p[1-4]|emergency|urgent|routine) job|"
    r"sla|ref\s*no|appt|cx|cnx|c/b)\b")
_DISTRESS = re.compile(
    r"\b(?:suicid\w*|kill (?:myself|himself|herself)|end (?:it all|my life)|self[- ]harm\w*|overdos\w*|"
    r"abus(?:e|ed|ive|ing)|domestic violence|violent partner|(?:he|she) (?:hits|hit|beats) me|"
    r"safeguard\w*|not coping|can'?t cope|cannot cope|at risk|vulnerable adult|neglect\w*|"
    r"social worker|mental health|dementia|carer (?:has )?(?:left|gone|not)|homeless\w*|"
    r"sleeping rough|evict\w*|no food|starving|bailiffs?|desperate)\b")
_CHASING = re.compile(
    r"\bstill (?:coming|waiting|not|no\b|nobody|no ?one|hasn'?t|haven'?t|isn'?t)|"
    r"\bheard nothing\b|\bnot heard (?:back|anything)\b|\bnever heard\b|\bno (?:reply|response|update|call ?back|news)\b|"
    r"\bagain\b|\balready (?:told|reported|rang|sent|phoned|called|given|explained)\b|"
    r"\bwhen will\b|\bwhere (?:is|are|'?s) (?:he|she|they|the|my|it|someone|anyone)\b|"
    r"\bnobody (?:came|turned up|come|has been|rang|called|'?s been|showed)|"
    r"\bno ?one (?:came|turned up|has been|rang|called|showed)|"
    r"\b(?:didn'?t|never|hasn'?t|haven'?t|did not|has not) "
    r"(?:turn(?:ed)? up|come|came|show(?:ed)? up|call(?:ed)? back|ring|rang|rung)\b|"
    r"\bchas(?:e|ed|ing)\b|\bpromised\b|\bsaid (?:they|he|she|you)(?:'d| would| were)\b|"
    r"\b(?:second|2nd|third|3rd|fourth|4th|fifth) (?:time|call)\b|\bno[- ]show\b|\bnothing since\b|"
    r"\b(?:nobody|no ?one|no-one)'?s (?:been|rung|called|turned up|come|here|contacted)\b|\bnever (?:showed|did|knocked)\b|"
    r"\b(?:anyone|anybody|someone) (?:actually )?coming\b|\bwhere (?:he|she|they) (?:is|are)\b|\bwaiting (?:in )?since\b|"
    r"\bis (?:he|she|anyone|someone|the \w+) (?:still )?coming\b|\bare (?:they|you) (?:still )?coming\b|"
    r"\bhow (?:much )?long(?:er)?\b|\bany (?:news|update)\b|\bcome back\b|\bcame back\b|\bback again\b")
_RULE = re.compile(
    r"\bwithin (?:the )?(?:sla|target|timescales?|the slot|slot|the window|window|policy|(?:our|the) (?:standard|procedure))\b|"
    r"\b(?:inside|in) the (?:\d+\s*-\s*\d+ |8-1 |am |pm |morning |afternoon )?(?:slot|window|target|sla|timescale)\b|"
    r"\b(?:in|on) target\b|\bnot (?:yet )?(?:due|overdue|late)\b|\bwithin \d+ ?(?:hours|days|working days)\b|"
    r"\bcontractor'?s? (?:fault|issue|problem|responsibility|error)\b|\bnot our (?:fault|issue|problem|error)\b|"
    r"\b(?:rang|called|phoned) (?:too )?(?:early|soon)\b|\bas per (?:policy|procedure|process)\b|\bpolicy (?:says|is)\b|"
    r"\bsla\b")
_AGENT_WORDS = frozenset({"caller", "cust", "customer", "tenant", "resident", "client", "c/o", "t/t", "cllr", "member",
                          "advised", "states", "stated"})
_JARGON_WORDS = frozenset({"sor", "p1", "p2", "p3", "p4", "w/o", "wo", "job", "eta", "f/u", "nfa", "n/a", "raised", "sla",
                           "ref", "appt", "cx", "cnx", "c/b", "access"})
_DISTRESS_WORDS = frozenset({"suicide", "suicidal", "kill", "end", "self", "harm", "harming", "overdose", "overdosed",
                             "abuse", "abused", "abusive", "abusing", "domestic", "violent", "hits", "hit", "beats",
                             "safeguarding", "safeguard", "safeguarded", "coping", "cope", "can't", "cant", "risk",
                             "vulnerable", "neglect", "neglected", "neglecting", "social", "mental", "dementia", "carer",
                             "homeless", "homelessness", "rough", "evict", "evicted", "eviction", "evicting", "food",
                             "starving", "bailiff", "bailiffs", "desperate"})
_CHASING_WORDS = frozenset({"still", "heard", "never", "reply", "response", "update", "news", "back", "again", "already",
                            "when", "where", "where's", "wheres", "nobody", "nobody's", "nobodys", "noone", "noone's", "one",
                            "one's", "didn't", "didnt", "hasn't", "hasnt", "haven't", "havent", "not", "chase", "chased",
                            "chasing", "promised", "said", "second", "2nd", "third", "3rd", "fourth", "4th", "fifth", "show",
                            "nothing", "anyone", "anybody", "someone", "waiting", "coming", "long", "longer"})
_RULE_WORDS = frozenset({"within", "inside", "in", "on", "target", "due", "overdue", "late", "contractor", "contractor's",
                         "contractors", "our", "early", "soon", "per", "policy", "sla"})
_ALL_WORDS = _AGENT_WORDS | _JARGON_WORDS | _DISTRESS_WORDS | _CHASING_WORDS
# Everything but letters, digits, apostrophes and slashes separates words.
_SEPARATOR_CHARS = ".,;:!?()[]{}\"<>-_=+*&^%$#@~|\t\n\r"
_SEPARATORS = str.maketrans({c: " " for c in _SEPARATOR_CHARS} | {"\u2019": "'", "\u2018": "'"})
_BYTE_SEPARATORS = bytes(32 if chr(b) in _SEPARATOR_CHARS else b for b in range(256))
_CACHE: dict = {}
_CACHE_LIMIT = 200_000


def text_flags(text) -> int:
    """The flags (a bit mask) a verbatim raises."""
    return text_infos([text])[0][0]


def text_infos(texts) -> list:
    """Each verbatim's flags and normalised words (see :func:`norm`; None for a long text,
    which is never a type's name). Repeated texts are looked up, not read again; the others
    are lower-cased and split in one pass, which is what makes a 100,000-demand check quick."""
    out = [None] * len(texts)
    todo_at, todo = [], []
    cache = _CACHE
    for i, text in enumerate(texts):
        if not isinstance(text, str):  # None and NaN have no words
            out[i] = (BLANK, "") if text is None or text != text else _classify([str(text)])[0]
        elif text in cache:
            out[i] = cache[text]
        else:
            todo_at.append(i)
            todo.append(text)
    if todo:
        found = _classify(todo)
        room = _CACHE_LIMIT - len(cache)
        for i, text, info in zip(todo_at, todo, found):
            out[i] = info
            if room > 0:
                cache[text] = info
                room -= 1
    return out


def _classify(texts: list) -> list:
    big = "\x00".join(texts)
    if big.count("\x00") != len(texts) - 1:  # a text holding the separator itself: one by one
        return [_classify([t.replace("\x00", " ")])[0] for t in texts]
    if "[" in big:
        big = _ASIDE_ONE_ROW.sub(" ", big)
    plains = big.split("\x00")
    lower = big.lower()
    if not lower.isascii():
        lower = lower.replace("\u2019", "'").replace("\u2018", "'")
    lowers = lower.split("\x00")
    spaced = lower.encode("utf-8", "surrogatepass").translate(_BYTE_SEPARATORS).decode("utf-8", "surrogatepass").split("\x00")
    out = []
    for plain, low, words_text in zip(plains, lowers, spaced):
        tokens = words_text.split()
        if not tokens:
            out.append((BLANK, ""))
            continue
        flags = 0
        if len(plain) <= 14 or plain.isupper():
            plain = plain.strip()
            if (len(plain) <= 12 or plain.isupper()) and _CODE_RE.match(plain) and any(c.isalpha() for c in plain):
                flags |= CODE
        # a pattern is tried only when one of its trigger words is there
        hits = _ALL_WORDS.intersection(tokens)
        if hits:
            if not _AGENT_WORDS.isdisjoint(hits) and _AGENT.search(low):
                flags |= AGENT
            if not _JARGON_WORDS.isdisjoint(hits) and _JARGON.search(low):
                flags |= JARGON
            if not _DISTRESS_WORDS.isdisjoint(hits) and _DISTRESS.search(low):
                flags |= DISTRESS
            if not _CHASING_WORDS.isdisjoint(hits) and _CHASING.search(low):
                flags |= CHASING
        # the words in one line, for comparing with a type name (long texts never equal one)
        out.append((flags, " ".join(tokens) if len(words_text) <= 160 else None))
    return out


def has_rule_language(text) -> bool:
    """Does a reason or note lean on the organisation's rules ("within SLA", "inside the slot")?

    >>> has_rule_language("still inside the 8-1 slot so value"), has_rule_language("same leak again")
    (True, False)
    """
    if not text or not isinstance(text, str):
        return False
    lower = text.lower()
    return not _RULE_WORDS.isdisjoint(lower.translate(_SEPARATORS).split()) and _RULE.search(lower) is not None


def norm(text) -> str:
    """Lower case, words only, one space between: for comparing a verbatim with a type name.

    >>> norm("Is someone coming today?") == norm("is someone  coming today")
    True
    """
    if not isinstance(text, str):
        return ""
    return _classify([text.replace("\x00", " ")])[0][1] or ""


# ---------------------------------------------------------------- roles (never people)
_ANALYST_RE = re.compile(
    r"analyst|improvement|consultan|facilitat|transformation|insight|performance|business partner|"
    r"researcher|data (?:officer|scientist|team)|systems thinking|lean|change (?:team|lead|manager)|"
    r"project (?:officer|manager)|programme|coach|intern", re.IGNORECASE)
_MANAGER_RE = re.compile(
    r"manager|head of|director|team leader|team lead|supervisor|service lead|chief|leader|lead\b|"
    r"executive|principal|assistant director|operations lead|owner", re.IGNORECASE)


def role_kind(role) -> str | None:
    """'analyst' (studies on others' behalf), 'manager' (can change the system),
    'front line', or None when no role is recorded."""
    if not isinstance(role, str) or not role.strip():
        return None
    if _ANALYST_RE.search(role):
        return "analyst"
    if _MANAGER_RE.search(role):
        return "manager"
    return "front line"


# ---------------------------------------------------------------- type names
_OTHER_RE = re.compile(r"^\s*(?:other|others|misc|miscellaneous|general|general enquir\w*|other enquir\w*|"
                       r"various|unknown|n/?a|uncategori[sz]ed|not listed|anything else)\b", re.IGNORECASE)
_PROGRESS_RE = re.compile(r"\bprogress\b|\bchas(?:e|ed|ing|er)\b|\bstill (?:coming|waiting)\b|\bwhere(?:'s| is)\b|"
                          r"\bfollow[- ]?up\b|\bupdate on\b|\bstatus (?:of|update|check|query|enquiry)\b|"
                          r"\bprogress update\b|\bjob status\b", re.IGNORECASE)
_FAILURE_NAME_RE = re.compile(r"complain\w*|chas\w*|fail\w*|error|mistake|missed|late\b|wrong|never|nobody|no[- ]show|"
                              r"broken promise|delay\w*|not (?:done|fixed|come|turned)|again|repeat\w*|didn'?t|"
                              r"hasn'?t|still|escalat\w*|dissatisf\w*|unhappy|poor", re.IGNORECASE)
_SOFT_NAME_RE = re.compile(r"feedback|enquir\w*|quer\w*|update|request|comment|contact|information|follow[- ]?up|"
                           r"general|customer (?:care|journey)|communication|experience|insight|other", re.IGNORECASE)


def is_other(name) -> bool:
    """A catch-all box ("Other", "Misc", "General enquiry")."""
    return isinstance(name, str) and _OTHER_RE.match(name) is not None


def is_progress_box(name) -> bool:
    """A box for progress-chasing ("Progress update", "Chasing a job")."""
    return isinstance(name, str) and _PROGRESS_RE.search(name) is not None


def looks_like_code(name) -> bool:
    """A system-style category or code ("NOISE - RESIDENTIAL", "SOR 1234", "P2")."""
    if not isinstance(name, str) or not name.strip():
        return False
    text = name.strip()
    return (_CODE_RE.match(text) is not None and any(c.isalpha() for c in text)
            and (text.upper() == text or any(c.isdigit() for c in text)))


def is_softened(old, new) -> bool:
    """A rename that takes the failure out of a name ("Complaint" to "Feedback").

    >>> is_softened("Complaint", "Feedback"), is_softened("Chasing", "Is someone coming today?")
    (True, False)
    """
    if not isinstance(old, str) or not isinstance(new, str):
        return False
    return (_FAILURE_NAME_RE.search(old) is not None and _FAILURE_NAME_RE.search(new) is None
            and _SOFT_NAME_RE.search(new) is not None)


# ---------------------------------------------------------------- times of day in a plan
_NAMED_TIMES = {"morning": (0, 12), "am": (0, 12), "lunchtime": (12, 14), "lunch": (12, 14),
                "afternoon": (12, 17), "pm": (12, 24), "evening": (17, 24), "after four": (16, 24),
                "early": (0, 10), "late": (16, 24)}
_RANGE_RE = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*(?:-|–|to|till|until)\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?",
                       re.IGNORECASE)


def time_window(spec) -> tuple[float, float] | None:
    """Hours (start, end) a planned time covers, or None when it cannot be read.

    >>> time_window("09:00-11:00"), time_window("Monday morning"), time_window("8am-1pm")
    ((9.0, 11.0), (0, 12), (8.0, 13.0))
    """
    if not isinstance(spec, str):
        return None
    match = _RANGE_RE.search(spec)
    if match:
        h1, m1, ap1, h2, m2, ap2 = match.groups()
        start = int(h1) + int(m1 or 0) / 60
        end = int(h2) + int(m2 or 0) / 60
        if (ap1 or "").lower() == "pm" and start < 12:
            start += 12
        if (ap2 or "").lower() == "pm" and end < 12:
            end += 12
        if end <= start and not ap2 and end < 12:
            end += 12  # "12-6" means noon to six
        return (start, end) if 0 <= start < end <= 24 else None
    lower = spec.lower()
    for name in sorted(_NAMED_TIMES, key=len, reverse=True):
        if re.search(rf"\b{name}\b", lower):
            return _NAMED_TIMES[name]
    return None
