"""Find and mask personal data in verbatims before anything is shared.

Verbatims are people's own words, so they carry names, phone numbers, addresses and worse.
:func:`find_personal_data` looks for the details that follow a pattern and :func:`redact`
replaces each with its kind in brackets, so the sentence still reads: "my name is [NAME],
ring me on [PHONE]". The team's own texts (a type's name, what matters) can carry a phone
number as easily, so every text that leaves a study (the share-back, the console's wall
page, an export) goes through one step, :func:`mask`, which masks it all and counts it.

What the patterns look for (the ``kind`` of each find):

==================  ======================================================================
``PHONE``           UK phone numbers, mobiles and landlines, +44 and 0044 forms too
``EMAIL``           email addresses, also spoken ones ("jo dot bloggs at gmail dot com")
``POSTCODE``        UK postcodes, any case, with or without the space
``NI_NUMBER``       National Insurance numbers, with or without spaces
``DATE_OF_BIRTH``   a date said to be a birth date ("DOB 12/03/1984", "born on 3rd March 1984")
``NAME``            a name given in a sentence ("my name is ...", "this is ...", "speaking to
                    ...", "my mum, ...") or after a title (Mr, Mrs, Ms, Miss, Dr...)
``ADDRESS``         a house number with a street ("14 Elm Road", "flat 3, 22 Castle Street")
``CARD_NUMBER``     a payment card number (which should never be written down)
``BANK_DETAILS``    a sort code, or a bank account number said to be one
``REFERENCE``       an account, reference, claim, tenancy or NHS number said to be one
==================  ======================================================================

Public lines are nobody's personal data, so :data:`PUBLIC_NUMBERS` (the gas emergency line
0800 111 999, and 999, 111, 101 and 112) are left as they are: a note telling a caller to
ring the gas emergency line is a safety instruction everyone should read.

Patterns cannot catch everything: a child's first name on its own ("Ellie's inhaler"), a
member of staff's first name ("Dave the plumber"), a health detail or a disclosure of
domestic abuse has no pattern, so a person must read every text before it is shared, as
:data:`READ_BEFORE_SHARING` says at the end of what :func:`mask` says.

>>> redact("my name is Sandra Jones, ring me on 07700 900123")
'my name is [NAME], ring me on [PHONE]'
>>> redact("ring 0800 111 999 now, or call me on 07700 900123")
'ring 0800 111 999 now, or call me on [PHONE]'
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Union

if TYPE_CHECKING:  # pandas is imported inside the functions so `import helpers` stays fast
    import pandas as pd

__all__ = ["READ_BEFORE_SHARING", "KINDS", "PUBLIC_NUMBERS", "find_personal_data", "redact", "summarise", "check_before_sharing",
           "Masked", "mask"]

Texts = Union[str, "pd.Series", Iterable[Any]]

#: The sentence every export and share-back shows beside what was found.
READ_BEFORE_SHARING = (
    "Patterns cannot catch everything: a child's first name on its own, a member of "
    "staff's first name, a health detail or a disclosure of domestic abuse can get "
    "through, so a person must read every text before it is shared."
)

#: Each kind of find, with the words used for it in a summary (singular, plural).
KINDS: dict[str, tuple[str, str]] = {
    "EMAIL": ("email address", "email addresses"),
    "CARD_NUMBER": ("card number", "card numbers"),
    "NI_NUMBER": ("National Insurance number", "National Insurance numbers"),
    "DATE_OF_BIRTH": ("date of birth", "dates of birth"),
    "BANK_DETAILS": ("bank detail", "bank details"),
    "REFERENCE": ("account or reference number", "account or reference numbers"),
    "PHONE": ("phone number", "phone numbers"),
    "POSTCODE": ("postcode", "postcodes"),
    "ADDRESS": ("house number and street", "house numbers and streets"),
    "NAME": ("name", "names"),
}

#: Public emergency and non-emergency lines, digits only: nobody's personal number, and a note
#: telling a caller to ring the gas emergency line is a safety instruction to keep, not mask.
PUBLIC_NUMBERS = frozenset({"0800111999", "999", "111", "101", "112"})

# --- building blocks --------------------------------------------------------------------

# Common words that follow "this is", "I'm", "it's", "speaking to"... and are not names.
# Checked case-insensitively, so "it's Leaking" and "this is The third time" are not names.
_COMMON = """
a about across after again against all almost already also always am an and another any
anyone anything are around as asking at away back bad be because been before being below
best better between big both but by can cannot cant can't could did didnt didn't do does
doesnt doesn't doing done dont don't down during each either else even ever every
everyone everything far few for from fine full gone good got had has have having he her
here hers him his home how i if in into is isnt isn't it its it's just last least less
like little long lot lots made many may maybe me mine more most much must my myself near
need needs never new next no nobody none nor not nothing now of off oft often ok okay old
on once one only or other our ours out over own past please quite rather really right
same she should since so some someone something soon still such sure than thank thanks
that the their them then there these they this those though through till to today
tomorrow too under until up upon us very was we well were what when where whether which
while who whom whose why will with within without would yes yet you your yours yesterday
tonight morning afternoon evening night week weekend weeks month months year years day
days hour hours minute minutes mins min time times first second third fourth fifth
again also sorry afraid ringing calling phoning chasing waiting trying going getting
coming looking leaking dripping broken stuck told said says saying asked asks ask
wondering worried sick fed ill unwell poorly disabled deaf blind pregnant elderly
disgusted furious angry upset confused unhappy happy glad fuming desperate alone
scared frightened stressed tired exhausted homeless stuck late early due overdue
supposed meant able unable about around outside inside behind downstairs upstairs
mum mom dad nan gran grandad grandma mother father son daughter husband wife partner
brother sister aunt auntie uncle baby kids children neighbour neighbours tenant landlord
landlady carer friend family council councils housing repairs repair tax benefit benefits
universal credit gas water electric electricity british english scottish welsh irish
polish asian black white muslim christian catholic jewish hindu sikh nhs gp hospital
ambulance police fire dwp hmrc ofgem bt sky virgin octopus eon edf npower thames
severn anglian yorkshire northumbrian southern mould damp leak heating boiler council's
flat house bungalow maisonette estate block tower road street lane avenue close
contractor contractors plumber electrician engineer operative officer manager team
department office customer services reception online website email letter phone
number address postcode reference ref account bill payment direct debit standing order
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday christmas easter
ok okay hello hi hiya morning afternoon yeah yep nope not spelt spelled wrong
misspelled incorrect correct down listed showing different changed missing common
unusual onto into across along off opposite outside beside feet foot ft metres meters
miles yards inches cm mm north south east west notice fraud urgent complaint
citizens advice shelter age mind macmillan barclays lloyds natwest halifax santander
hsbc nationwide tesco asda amazon royal mail post office jobcentre openreach bank holiday
ramadan eid diwali ridiculous unacceptable disgusting appalling shocking outrageous
lettings revenues allocations voids estates name names dob ring rang call phone text
live lives living lived moved staying please pls cheers
""".split()
# A capitalised word followed by one of these is an organisation: "this is Kirklees Council".
_ORGANISATION = re.compile(
    r"\s+(?:Council|Housing|Homes|Services|Water|Gas|Energy|Trust|Hospital|Surgery|Team|Ltd"
    r"|Limited|Association|School|College|University|Police|Partnership|Group|Centre)\b")
# Names that are also months or days are left out of the stop-list after the strongest
# cues ("my name is April Jones"), so these are kept apart.
_STOP_ALL = frozenset(_COMMON)
_STOP_STRONG = _STOP_ALL - {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday"}


def _letter_classes() -> tuple[str, str, str]:
    """Character classes for upper-case, lower-case and any letters (with combining accents),
    in any script of the Basic Multilingual Plane: ``re`` has no ``\\p{Lu}``, and names are not
    only ASCII ("Siobhán Ní Bhriain")."""
    import unicodedata

    categories = [unicodedata.category(chr(code)) for code in range(0x10000)]
    classes = []
    for wanted in (("Lu", "Lt"), ("Ll",), ("Lu", "Lt", "Ll", "Lm", "Lo", "Mn", "Mc")):
        runs: list[list[int]] = []
        for code, category in enumerate(categories):
            if category in wanted:
                if runs and runs[-1][1] == code - 1:
                    runs[-1][1] = code
                else:
                    runs.append([code, code])
        classes.append("".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs))
    return tuple(classes)


_UP, _LO, _AL = _letter_classes()
_MARKS = "\u0300-\u036f"  # combining accents, which may follow a name's last letter
# A capitalised name: Joan, O'Brien, McDonald, Smith-Jones, Siobhán, Zoë (two letters or more).
_CAP = rf"[{_UP}][{_AL}'’\-]*[{_LO}][{_MARKS}]*"
# A name in any case, for after the strongest cues ("my name is john smith").
_ANY = rf"[{_AL}][{_AL}'’\-]*[{_AL}]"
# After a title, a capitalised name or one typed in capitals ("MRS PATEL").
_TITLED = rf"[{_UP}][{_AL}'’\-]*[{_AL}]"
_INITIAL = rf"(?:[{_UP}]\.?\s)?"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?!\d)"
    rf"|\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}\.?,?\s+(?:\d{{4}}|'?\d{{2}})(?!\d)"
    rf"|{_MONTH}\.?\s+\d{{1,2}}{_ORD},?\s+\d{{4}}(?!\d)"
    r"|(?:19|20)\d{2}(?!\d))"
)

_RELATIONS = (
    r"mum|mother|mom|dad|father|son|daughter|husband|wife|partner|neighbour|neighbor"
    r"|nan|nana|nanna|gran|granny|grandma|grandad|granddad|grandfather|grandmother"
    r"|grandson|granddaughter|brother|sister|aunt|auntie|aunty|uncle|cousin|carer|friend"
    r"|tenant|landlord|landlady|lodger|ex|boyfriend|girlfriend|fiance|fiancee|stepson"
    r"|stepdaughter|nephew|niece|social\s+worker|support\s+worker|next\s+of\s+kin"
)

# A house number ("22 ", "flat 3, 22 ", "number 9 "), and the words that end a street's name.
_HOUSE = (r"(?<![\w/£$.,:\-])(?:(?i:flat|apartment|apt|unit|room)\s*\d{1,4}[A-Za-z]?,?\s+)?"
          r"(?:(?i:number|no\.?)\s*)?\d{1,4}[A-Za-z]?,?\s+")
_STREETS = "road|rd|street|st|avenue|ave|lane|crescent|cres|gardens|gdns|grove|terrace|mews|boulevard"
_PLACES = ("Close|Drive|Way|Court|Place|Walk|Hill|Park|Square|Row|Rise|View|Vale|Green|Parade|Mount|House|Estate"
           "|Croft|Fold|Gate|Wharf|Yard|Heights|Ct|Dr|Pl|Sq")

Span = tuple[int, int]


_DRIVE = re.compile(rf"(?<![{_AL}])(?!(?:Mrs?|Ms|Mx|Dr|Miss)\b)[{_UP}][{_LO}]+\s+$")


def _name_check(stop: frozenset[str], group: str, whole: bool = True, titled: bool = False,
                weak: bool = False):
    """Cut a name at its first common word ("this is Sandra From..." keeps "Sandra");
    drop it when the first word is common ("it's Monday"). Done in Python, on the few
    candidates, because a stop-list inside the regex slows every text down."""

    def check(m: re.Match[str]) -> Span | None:
        if titled and m.group("title")[:2].lower() == "dr" and _DRIVE.search(
            m.string, max(0, m.start() - 30), m.start()
        ):
            return None  # "Midway Dr. Crossing ...": a Drive after a street's name
        kept = initial = 0
        for token in re.finditer(r"\S+", m.group(group)):
            word = token.group().lower().rstrip(".")
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            if len(word) == 1:  # an initial: "Mrs J. Smith"
                initial = token.end()
                continue
            if word in stop or (weak and not kept and word.endswith("ing")):
                break  # "I'm Demanding", "I am Reporting" are not names
            kept, initial = token.end(), 0
        if titled and initial:  # "Mr A", "Mrs P next door"
            kept = max(kept, initial)
        if not kept or (weak and _ORGANISATION.match(m.string, m.start(group) + kept)):
            return None
        begin = m.start() if whole else m.start(group)
        return begin, m.start(group) + kept

    return check


def _street_check(m: re.Match[str]) -> Span | None:
    """"3 hours on the road" is not an address: no common word in a street's name."""
    words = m.group("street").split()
    if words[0] == "The":  # "1 The Crescent"
        words = words[1:]
    return None if any(word.lower() in _STOP_ALL for word in words) else m.span()


def _reference_check(m: re.Match[str]) -> Span | None:
    """A reference has at least four digits ("job number 12" is not one), and is not a
    year or a span of years ("council tax 2024-25")."""
    value = m.group("v")
    if sum(c.isdigit() for c in value) < 4 or _YEARS.fullmatch(value):
        return None
    return m.span("v")


_YEARS = re.compile(r"(?:19|20)\d\d(?:[/\-](?:19|20)?\d\d)?")


def _spoken_email_check(m: re.Match[str]) -> Span | None:
    """"the website at example dot com" is a website, not somebody's email."""
    first = re.match(r"[a-z0-9_]+", m.group(), re.I).group().lower()
    if first in _STOP_ALL or first in {"website", "site", "web", "page", "portal", "app"}:
        return None
    return m.span()


def _phone_check(m: re.Match[str]) -> Span | None:
    """A public line ("0800 111 999", "+44 800 111 999") is not a personal phone number."""
    digits = re.sub(r"\D", "", m.group())
    return None if re.sub(r"^(?:00)?440?", "0", digits) in PUBLIC_NUMBERS else m.span()


# Each kind: one or more patterns. A named group "v" marks the part to mask when the
# pattern needs its context ("DOB 12/03/1984" masks the date, not "DOB"). The kinds are
# listed in order of precedence for overlapping finds.
_PATTERNS: dict[str, list[tuple[str, int]]] = {
    "EMAIL": [
        (r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+", 0),
        # spoken: "jo dot bloggs at gmail dot com"
        (r"(?<![A-Za-z0-9])[a-z0-9_]+(?:\s+(?:dot|underscore)\s+[a-z0-9]+)*\s+at\s+"
         r"[a-z0-9\-]+\s+dot\s+(?:com|co\s+dot\s+uk|org(?:\s+dot\s+uk)?|net|uk)"
         r"(?![A-Za-z0-9])", re.I, _spoken_email_check),
    ],
    "CARD_NUMBER": [
        (r"(?<![\d])(?:\d{4}[ \-]?){3}\d{4}(?:[ \-]?\d{3})?(?![\d])", 0),
        (r"(?<![\d])\d{4}[ \-]?\d{6}[ \-]?\d{5}(?![\d])", 0),
    ],
    "NI_NUMBER": [
        # Any two letters, not only those HMRC issues: the published example QQ 12 34 56 C and
        # mistyped numbers must be masked too (a false mask costs little, a leak a lot).
        (r"(?<![A-Za-z0-9])[A-Z]{2}"
         r"[ \-]?\d{2}[ \-]?\d{2}[ \-]?\d{2}[ \-]?[A-D](?![A-Za-z0-9])", re.I),
    ],
    "DATE_OF_BIRTH": [
        (r"(?<![A-Za-z])(?:d\.?o\.?b|date\s+of\s+birth|birth\s*date|born|birthday|b'?day)"
         r"(?:'s)?(?![A-Za-z])[\s:.\-–,]*(?:(?:is|was|on|of|in)\s+)?(?:the\s+)?"
         rf"(?P<v>{_DATE})", re.I),
    ],
    "BANK_DETAILS": [
        (r"(?<![A-Za-z])sort[\s\-]?code[\s:.,\-]*(?:is\s+)?(?P<v>\d{2}[\s\-–]?\d{2}[\s\-–]?"
         r"\d{2}(?:[\s,]+(?:and\s+)?(?:the\s+)?(?:account|acc|a/c)\s*(?:number|no\.?)?"
         r"[\s:]*(?:is\s+)?\d{6,10})?)(?!\d)", re.I),
        (r"(?<![A-Za-z])bank\s+(?:account|acc|a/c)\s*(?:number|no\.?)?[\s:]*(?:is\s+)?"
         r"(?P<v>\d{6,10})(?!\d)", re.I),
    ],
    "REFERENCE": [
        (r"(?<![A-Za-z])(?:(?:account|acc|a/c|reference|ref|tenancy|claim|case|customer|nhs"
         r"|job|booking|crime)\s*(?:number|no\.?|num|ref(?:erence)?|#|id)?"
         r"|(?:rent|payment|order)\s*(?:number|no\.?|num|ref(?:erence)?|#|id))"
         r"[\s:.#]*(?:is\s+|was\s+)?"
         r"(?P<v>[A-Z]{0,3}[/\-]?\d[\d/\-]*(?:\s\d{3,})*[A-Z]?)"
         r"(?![A-Za-z0-9])", re.I, _reference_check),
    ],
    "PHONE": [
        (r"(?<![\w+/])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?\(?|\(?0)(?=[1-9])"
         r"(?:[ \-.()]{0,2}\d){9,10}(?!\d)", 0, _phone_check),
    ],
    "POSTCODE": [
        (r"(?<![A-Za-z0-9])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)[ \t]?"
         r"(?!(?-i:1st|2nd|3rd|[04-9]th)(?![A-Za-z0-9]))"
         r"\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])", re.I),
    ],
    "ADDRESS": [
        # "14 elm road", "flat 3, 22 Castle Street", "number 9 St Mary's Rd"
        (rf"{_HOUSE}(?P<street>(?:[{_AL}][{_AL}'’\-]*\s+){{1,3}})(?i:{_STREETS})\b\.?", 0, _street_check),
        (rf"{_HOUSE}(?:{_CAP}\s+){{1,3}}(?:{_PLACES})\b", 0, None),
    ],
    "NAME": [
        # after a title: "Mrs Patel", "Dr A. Okafor", "it's Mr John O'Brien"
        (rf"(?<![{_AL}\-])(?P<title>(?i:mrs|mr|ms|mx|dr)\.?|Miss|Mister|Councillor|Cllr\.?)"
         rf"\s+(?P<n>{_INITIAL}{_TITLED}(?: {_TITLED}){{0,2}}|[{_UP}]\.?(?![\w&'’]))", 0,
         _name_check(_STOP_STRONG, "n", titled=True)),
        (rf"(?<![{_AL}])(?i:mrs|mr)\.?\s+(?P<n>[{_LO}][{_LO}{_MARKS}'’\-]+[{_LO}])", 0,
         _name_check(_STOP_ALL, "n")),
        # after the strongest cues a name may be written in any case
        (rf"(?<![{_AL}'’])(?i:my\s+name\s+is|my\s+name['’]?s|my\s+names|name['’]s|name\s+is"
         r"|name\s*:|(?:sur|first|full|last|maiden)\s*name\s+(?:is|['’]s)|i['’]?m\s+called"
         r"|i\s+am\s+called)[\s,:]+"
         rf"(?P<v>{_INITIAL}{_ANY}(?: {_INITIAL}{_ANY}){{0,2}})", 0,
         _name_check(_STOP_STRONG, "v", whole=False)),
        # after weaker cues only a capitalised word that is not a common one
        (rf"(?<![{_AL}'’])(?i:(?:this|that)\s+is|is\s+this|it['’]?s|it\s+is|i['’]?m|i\s+am"
         r"|(?:speak|speaking|spoke|spoken|talk|talking|talked)\s+(?:to|with)"
         r"|(?:calling|ringing|phoning)\s+"
         r"(?:for|about)|on\s+behalf\s+of|(?:ask|asked|asking)\s+for|(?:someone|somebody"
         r"|a\s+lady|a\s+man|a\s+woman|a\s+guy|a\s+girl|a\s+boy|bloke|person|child|baby"
         r")\s+(?:called|named)"
         r"|(?:is|['’]s)\s+called|(?:my|her|his|their|our)\s+(?:" + _RELATIONS + r")"
         r"(?:['’]s\s+name\s+is|\s+is\s+called|,)?)[\s,:]+"
         rf"(?P<v>{_INITIAL}{_CAP}(?: {_CAP}){{0,2}})", 0,
         _name_check(_STOP_ALL, "v", whole=False, weak=True)),
    ],
}

# A cheap pattern that every match of the pattern in the same place needs: a first pass with it
# picks the few texts worth the full pattern. Run on the lower-cased texts (lower-case words are
# found much faster than with re.I), except where marked "as written" (False).
_NEEDLES: dict[str, list[tuple[str, bool]]] = {
    "EMAIL": [("@", True), (" dot ", True)],
    "CARD_NUMBER": [(r"\d\d", True)] * 2,
    "NI_NUMBER": [(r"\d\d", True)],
    "DATE_OF_BIRTH": [(r"born|birth|d\.?o\.?b|b'?day", True)],
    "BANK_DETAILS": [("sort|bank", True)] * 2,
    "REFERENCE": [(r"account|acc|a/c|ref|tenancy|rent|claim|case|customer|tax|payment|nhs"
                   r"|job|order|booking|crime", True)],
    "PHONE": [(r"\d\d", True)],
    "POSTCODE": [(r"\d[abd-hjlnp-uw-z]{2}", True)],
    "ADDRESS": [(_STREETS, True), (f"(?:{_PLACES})", False)],
    "NAME": [(r"mr|ms|mx|dr|miss|mister|councillor|cllr", True), ("mr", True),
             ("name|called", True), (rf"[\s,:]{_CAP}", False)],
}
assert all(len(_NEEDLES[k]) == len(v) for k, v in _PATTERNS.items())

_PRIORITY = {kind: rank for rank, kind in enumerate(_PATTERNS)}

# Joined between texts so one regex pass covers them all; no pattern can match "\x00".
_SEP = "\n\x00\n"
# Spaces other than " " (a non-breaking space from a web page or a word processor, a thin
# space): the patterns read them as spaces, or "07700&nbsp;900123" on a page would get through.
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


@functools.cache
def _compiled() -> list[tuple[str, re.Pattern[str], Any]]:
    """(kind, pattern, check or None, whether it marks a part "v" to mask, needle,
    whether the needle runs on the lower-cased texts)."""
    out = []
    for kind, patterns in _PATTERNS.items():
        for (source, flags, *check), (needle, lower) in zip(patterns, _NEEDLES[kind]):
            pattern = re.compile(source, flags)
            out.append((kind, pattern, check[0] if check else None, "v" in pattern.groupindex, re.compile(needle), lower))
    return out


def _matches(pattern: re.Pattern[str], check: Any, has_v: bool, blob: str):
    """Yield (start, end) of each find of one pattern in the joined texts."""
    if check is not None:
        # A check may cut a find short or turn it down; search again from there, so text the
        # pattern took but the check did not keep is still looked at ("Mr A Street Mr B").
        m = pattern.search(blob)
        while m is not None:
            span = check(m)
            if span is not None:
                yield span
            m = pattern.search(blob, span[1] if span is not None else m.start() + 1)
    else:
        for m in pattern.finditer(blob):
            yield m.span("v" if has_v else 0)


# --- input handling ---------------------------------------------------------------------

def _as_texts(texts: Texts) -> tuple[str, list[Any], list[str | None]]:
    """Return (what was given, index labels, the texts as str or None for a blank)."""
    import pandas as pd

    if isinstance(texts, str):
        return "str", [0], [texts]
    if isinstance(texts, pd.DataFrame):
        raise TypeError(
            "find_personal_data and redact take one column of texts, not a whole table. "
            "Pass the column, for example frame['verbatim']."
        )
    if isinstance(texts, pd.Series):
        labels, values, given = list(texts.index), list(texts.array), "series"
    elif isinstance(texts, (bytes, dict)) or not hasattr(texts, "__iter__"):
        raise TypeError(
            f"Expected a text, a list of texts or a pandas Series of texts, "
            f"but got {type(texts).__name__}."
        )
    else:
        values = list(texts)
        labels, given = list(range(len(values))), "list"
    # a number typed into a verbatim column (a phone number read as int) is text too
    cleaned = [v if isinstance(v, str) else None if v is None or pd.isna(v) else str(v) for v in values]
    return given, labels, cleaned


def _scan(texts: list[str | None]) -> list[list[tuple[int, int, str]]]:
    """Every find in each text as (start, end, kind), sorted by start, without overlaps."""
    import numpy as np

    lengths = [0 if t is None else len(t) for t in texts]
    blob = _SEP.join("" if t is None else t.replace("\x00", " ") for t in texts)
    if _SPACES.search(blob):  # one character for one, so every position stays where it was
        blob = _SPACES.sub(" ", blob)
    offsets = np.zeros(len(texts), dtype=np.int64)
    offsets[1:] = np.cumsum(np.asarray(lengths[:-1], dtype=np.int64) + len(_SEP))

    lowered = blob.lower()
    if len(lowered) != len(blob):  # a rare letter whose lower case is longer: no needles
        lowered = None
    raw: list[tuple[int, int, int, str]] = []  # (blob start, blob end, priority, kind)
    needled: dict[tuple[str, bool], Any] = {}  # needle -> the texts it found
    for kind, pattern, check, has_v, needle, lower in _compiled():
        rank = _PRIORITY[kind]
        if lowered is None:
            raw.extend((*span, rank, kind) for span in _matches(pattern, check, has_v, blob))
            continue
        key = (needle.pattern, lower)
        if key not in needled:
            hits = np.fromiter((m.start() for m in needle.finditer(lowered if lower else blob)),
                               dtype=np.int64)
            needled[key] = np.unique(np.searchsorted(offsets, hits, side="right") - 1)
        # the full pattern runs only over the texts the needle found, joined the same way
        owners = needled[key]
        if not len(owners):
            continue
        sub_texts = [blob[offsets[i]:offsets[i] + lengths[i]] for i in owners]
        sub_offsets = np.zeros(len(owners), dtype=np.int64)
        sub_offsets[1:] = np.cumsum(np.asarray([len(t) for t in sub_texts[:-1]],
                                               dtype=np.int64) + len(_SEP))
        spans = list(_matches(pattern, check, has_v, _SEP.join(sub_texts)))
        if not spans:
            continue
        sub_starts = np.fromiter((b for b, _ in spans), dtype=np.int64, count=len(spans))
        which = np.searchsorted(sub_offsets, sub_starts, side="right") - 1
        shift = offsets[owners[which]] - sub_offsets[which]
        raw.extend((b + int(d), e + int(d), rank, kind) for (b, e), d in zip(spans, shift))

    finds: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    if not raw:
        return finds
    starts = np.fromiter((r[0] for r in raw), dtype=np.int64, count=len(raw))
    owner = np.searchsorted(offsets, starts, side="right") - 1
    # Precedence: the higher-ranked kind wins an overlap, then the longer find.
    order = sorted(range(len(raw)), key=lambda i: (raw[i][2], raw[i][0] - raw[i][1]))
    for i in order:
        begin, end, _, kind = raw[i]
        which = int(owner[i])
        begin -= int(offsets[which])
        end -= int(offsets[which])
        taken = finds[which]
        if all(end <= b or begin >= e for b, e, _ in taken):
            taken.append((begin, end, kind))
    for taken in finds:
        taken.sort()
    return finds


# --- public API -------------------------------------------------------------------------

def _frame(labels: list[Any], values: list[str | None], found: list[list[tuple[int, int, str]]]):
    """The finds as the DataFrame :func:`find_personal_data` documents."""
    import pandas as pd

    rows = [(labels[i], kind, begin, end, values[i][begin:end])
            for i, spans in enumerate(found) for begin, end, kind in spans]
    frame = pd.DataFrame(rows, columns=["text_index", "kind", "start", "end", "match"])
    if not rows:  # keep sensible types on an empty result
        frame = frame.astype({"kind": "object", "start": "int64", "end": "int64",
                              "match": "object"})
    return frame


def find_personal_data(texts: Texts) -> "pd.DataFrame":
    """Find what looks like personal data in each text.

    ``texts`` is one text, a list of texts or a pandas Series (blanks are skipped). The
    result has a row per find: ``text_index`` (the position in the list, or the Series'
    index label), ``kind`` (see :data:`KINDS`), ``start`` and ``end`` (character
    positions, as in Python slicing) and ``match`` (the text found).

    >>> finds = find_personal_data(["this is Mrs Patel at 14 Elm Road, LS6 2QT",
    ...                             "no hot water since Tuesday"])
    >>> finds[["text_index", "kind", "match"]]
       text_index      kind      match
    0           0      NAME  Mrs Patel
    1           0   ADDRESS  14 Elm Road
    2           0  POSTCODE    LS6 2QT
    """
    _, labels, values = _as_texts(texts)
    return _frame(labels, values, _scan(values))


def _redact_one(text: str, found: list[tuple[int, int, str]]) -> str:
    pieces, last = [], 0
    for begin, end, kind in found:
        pieces += [text[last:begin], f"[{kind}]"]
        last = end
    return "".join(pieces) + text[last:]


def _redacted(texts: Texts, given: str, values: list[str | None],
              found: list[list[tuple[int, int, str]]]) -> Any:
    """The texts with each find replaced, given back in the shape they came in."""
    masked = [v if v is None or not f else _redact_one(v, f) for v, f in zip(values, found)]
    if given == "str":
        return masked[0]
    if given == "series":
        import pandas as pd

        original = list(texts.array)  # keep NaN and None exactly as they were
        out = [o if m is None else m for o, m in zip(original, masked)]
        textual = texts.dtype == object or pd.api.types.is_string_dtype(texts.dtype)
        return pd.Series(out, index=texts.index, name=texts.name,
                         dtype=texts.dtype if textual else object)
    return masked


def redact(texts: Texts) -> Any:
    """Return the texts with each find replaced by its kind in brackets.

    Gives back what it was given: a text for a text, a list for a list, and a Series with
    the same index and name for a Series. Blanks stay blank.

    >>> redact("it's Mrs Okafor, flat 3, 22 Castle Street, my email is jo@example.com")
    "it's [NAME], [ADDRESS], my email is [EMAIL]"
    >>> redact(["DOB 12/03/1984", "I'm ringing about the leak again", None])
    ['DOB [DATE_OF_BIRTH]', "I'm ringing about the leak again", None]
    >>> redact("My name is Siobhán Ní Bhriain")
    'My name is [NAME]'
    """
    given, _, values = _as_texts(texts)
    return _redacted(texts, given, values, _scan(values))


def _listing(finds: "pd.DataFrame") -> str:
    """How many of each kind, in words: "2 phone numbers and 1 name"."""
    counts = finds["kind"].value_counts()
    parts = []
    for kind in [k for k in KINDS if k in counts.index] + [k for k in counts.index if k not in KINDS]:
        n = int(counts[kind])
        one, many = KINDS.get(kind, (kind.lower(), kind.lower()))
        parts.append(f"{n} {one if n == 1 else many}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def summarise(finds: "pd.DataFrame", n_texts: int) -> str:
    """Say in plain English what :func:`find_personal_data` found, then
    :data:`READ_BEFORE_SHARING`.

    >>> import pandas as pd
    >>> print(summarise(find_personal_data(["ring me on 07700 900123"]), n_texts=1))
    Checked 1 text and found 1 thing that looks like personal data, in 1 text:
    1 phone number. Patterns cannot catch everything: ...
    """
    checked = f"Checked {n_texts} text{'s' * (n_texts != 1)} and "
    if len(finds) == 0:
        head = f"{checked}found nothing that looks like personal data."
    else:
        n_finds, n_with = len(finds), finds["text_index"].nunique()
        head = (
            f"{checked}found {n_finds} thing{'s' * (n_finds != 1)} that "
            f"look{'s' * (n_finds == 1)} like personal data, in {n_with} "
            f"text{'s' * (n_with != 1)}: {_listing(finds)}."
        )
    return f"{head} {READ_BEFORE_SHARING}"


def check_before_sharing(texts: Texts) -> str:
    """Say what personal data the texts hold, by kind, and that a person must read them all
    before they are shared: to look before masking (:func:`mask` masks and counts in one step).

    >>> print(check_before_sharing(["my name is Sandra, ring me on 07700 900123",
    ...                             "is someone still coming today, slot was 8-1"]))
    Checked 2 texts and found 2 things that look like personal data, in 1 text:
    1 phone number and 1 name. Patterns cannot catch everything: ...
    >>> print(check_before_sharing("no hot water since Tuesday"))
    Checked 1 text and found nothing that looks like personal data.
    Patterns cannot catch everything: ...
    """
    _, _, values = _as_texts(texts)
    return summarise(find_personal_data(texts), n_texts=len(values))


@dataclass(frozen=True)
class Masked:
    """What :func:`mask` gives back.

    ``texts``: the texts masked, in the shape they were given (a page for a page);
    ``found``: every find across all of them (the columns of :func:`find_personal_data`);
    ``sentence``: one plain sentence counting everything masked, then
    :data:`READ_BEFORE_SHARING`. Printing it prints the sentence.
    """

    texts: Any
    found: "pd.DataFrame"
    sentence: str

    def __str__(self) -> str:
        return self.sentence


# A page's markup (tags, comments, and style or script blocks whole): ours, not people's words.
_MARKUP = re.compile(r"(<style\b.*?</style\s*>|<script\b.*?</script\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I)


def mask(texts: Texts, html: bool = False) -> Masked:
    """Mask every text that is about to leave a study, and count what was masked.

    ``texts`` is what :func:`redact` takes; with ``html=True``, one HTML page, whose text
    between the tags is masked (attributes are left as they are: keep people's words out of them).

    >>> done = mask(["ring 07700 900123", "my name is Zoë Smith", None])
    >>> done.texts
    ['ring [PHONE]', 'my name is [NAME]', None]
    >>> print(done)
    Masked 2 things in 3 texts that look like personal data: 1 phone number and 1 name.
    Patterns cannot catch everything: ...
    >>> print(mask("<h1>Leak</h1><p>ring 07700&nbsp;900123</p>", html=True).texts)
    <h1>Leak</h1><p>ring [PHONE]</p>
    """
    if html:
        import html as markup

        pieces = _MARKUP.split(str(texts))  # text, tag, text, tag, ..., text: only texts are masked
        values = [markup.unescape(piece) for piece in pieces[0::2]]
        labels, found = list(range(len(values))), _scan(values)
        pieces[0::2] = [piece if not spans else markup.escape(_redact_one(text, spans), quote=False)
                        for piece, text, spans in zip(pieces[0::2], values, found)]
        out, where = "".join(pieces), "on this page"
    else:
        given, labels, values = _as_texts(texts)
        found = _scan(values)
        out = _redacted(texts, given, values, found)
        where = f"in {len(values)} text{'s' * (len(values) != 1)}"
    finds = _frame(labels, values, found)
    if len(finds):
        n = len(finds)
        head = (f"Masked {n} thing{'s' * (n != 1)} {where} that look{'s' * (n == 1)} like personal "
                f"data: {_listing(finds)}.")
    else:
        head = f"Found nothing {where} that looks like personal data."
    return Masked(out, finds, f"{head} {READ_BEFORE_SHARING}")
