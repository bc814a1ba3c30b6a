"""The facilitator notes: present, linked, self-contained, in our own words, and never ranking teams.

These are prose files, so the tests check what a facilitator relies on: every file is there,
every link in them leads somewhere, the nine-mistakes card prints on its own (no fonts,
scripts or links from outside), the hard conversations are all covered, nothing is copied
from the seed blog posts, and no sentence recommends a league table or a "normal range".
Each checker is tested on a bad example too, so it can be seen to fail.
"""
from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "facilitator_notes"

PLANS = [
    "plans/README.md",
    "plans/taster_90_minutes.md",
    "plans/half_day_introduction.md",
    "plans/full_day.md",
    "plans/leaders_listen.md",
    "plans/people_centred.md",
    "plans/study_daily_rhythm.md",
]
OUR_FILES = [
    "README.md",
    "contracting.md",
    "briefing_front_line.md",
    "briefing_listeners.md",
    "safeguarding.md",
    "hard_conversations.md",
    "evidence_of_learning.md",
    "nine_mistakes_card.html",
    *PLANS,
]
CARD = NOTES / "nine_mistakes_card.html"

HARD_PHRASES = [
    "it was within the slot",
    "customers are just impatient",
    "that's the contractor's fault",
    "we need more data",
    "let's action-plan each failure type",
    "can we set a target to cut failure demand?",
]

# Each of the nine mistakes, as the card must name it (in order).
NINE_MISTAKES = [
    "doing all the studying yourself",
    "guessing what the demands are",
    "using existing data",
    "being constrained by the existing rules",
    "not involving the people who receive demand",
    "fearing failure demand",
    "ignoring the type of service",
    "gathering too much data",
    "doing nothing else",
]


# ------------------------------------------------------------------ helpers (tested below)

def plain(text: str) -> str:
    """Lower case, straight quotes, single spaces: so line wrapping never hides a phrase."""
    text = re.sub(r"^\s*>[ \t]?", "", text, flags=re.M)  # a quoted script wraps over "> " lines
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).lower()


def words(text: str) -> list[str]:
    """The words of a text, for comparing wording (punctuation and case ignored)."""
    return re.findall(r"[a-z0-9]+", plain(text))


def ngrams(seq: list[str], n: int = 12) -> set[tuple[str, ...]]:
    return {tuple(seq[i:i + n]) for i in range(len(seq) - n + 1)}


def strip_tags(html: str) -> str:
    text = re.sub(r"<style.*?</style>", " ", html, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    return text.replace("&ndash;", "-").replace("&amp;", "&")


def fingerprint(run: tuple[str, ...]) -> str:
    """A one-way print of a run of words: enough to recognise the run, never to read it."""
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:16]


def fingerprints(text: str, n: int = 12) -> set[str]:
    """The prints of every run of ``n`` words in ``text``."""
    return {fingerprint(g) for g in ngrams(words(text), n)}


def copied_passages(text: str, source: str | set[str], n: int = 12) -> list[str]:
    """Runs of ``n`` or more words that ``text`` shares verbatim with ``source``: a text, or
    the :func:`fingerprints` of one (so a text we may not copy can still be checked against)."""
    prints = fingerprints(source, n) if isinstance(source, str) else source
    return sorted(" ".join(g) for g in ngrams(words(text), n) if fingerprint(g) in prints)


MD_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def broken_links(md_file: Path) -> list[str]:
    """Relative Markdown links in ``md_file`` whose target file does not exist."""
    text = md_file.read_text(encoding="utf-8")
    # Code blocks hold commands, not links.
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    bad = []
    for target in MD_LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            continue  # a URL with a scheme, or an anchor in the same file
        path = (md_file.parent / target.split("#", 1)[0]).resolve()
        if not path.exists():
            bad.append(target)
    return bad


FORBIDDEN = re.compile(r"\brank(s|ed|ing|ings)?\b|\bleague[- ]tables?\b|\bnormal range\b", re.I)
WARNING = re.compile(
    r"\b(never|not|no|nothing|nobody|don't|do not|doesn't|isn't|aren't|won't|cannot|can't|"
    r"avoid|against|refuse[sd]?|without|warn(s|ed|ing)?|instead of)\b",
    re.I,
)


def sentences(text: str) -> list[str]:
    """Split prose (Markdown or HTML text) into sentences, list items, headings and table cells."""
    text = plain(text)
    parts = re.split(r"(?<=[.!?;:])\s+|\|| (?=(?:[-*#>]|\d+\.) )", text)
    return [p.strip() for p in parts if p.strip()]


def league_table_sentences(text: str) -> list[str]:
    """Sentences that use ranking or "normal range" language without warning against it."""
    return [s for s in sentences(text) if FORBIDDEN.search(s) and not WARNING.search(s)]


def read_text(name: str) -> str:
    raw = (NOTES / name).read_text(encoding="utf-8")
    return strip_tags(raw) if name.endswith(".html") else raw


#: The prints of every run of 12 words in the three seed blog posts (their text is not ours
#: to copy into the repository; the file's header says how it was made).
SEED_PRINTS = ROOT / "tests" / "data" / "seed_blog_posts_12_word_prints.txt"


def seed_prints() -> set[str]:
    lines = SEED_PRINTS.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


# ------------------------------------------------------------------ the files are there

@pytest.mark.parametrize("name", OUR_FILES)
def test_each_file_exists_and_has_substance(name):
    path = NOTES / name
    assert path.is_file(), f"facilitator_notes/{name} is missing"
    text = read_text(name)
    assert len(words(text)) >= 150, f"facilitator_notes/{name} has fewer than 150 words: is it a stub?"


# ------------------------------------------------------------------ the nine-mistakes card

def test_card_is_self_contained_html_that_prints_to_a4():
    html = CARD.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    parser = _Tags()
    parser.feed(html)
    for tag in ("html", "head", "title", "style", "body"):
        assert tag in parser.tags, f"the card has no <{tag}>"
    assert html.rstrip().lower().endswith("</html>")
    # Nothing from outside: no scripts, no linked files, no fonts, no addresses at all.
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        assert tag not in parser.tags, f"the card has a <{tag}>: it must stand alone"
    assert not re.search(r"https?://", html, re.I), "the card contains an http(s) address"
    assert not re.search(r"@import|@font-face|url\(", html, re.I), "the card loads something from outside"
    assert not [a for a in parser.attrs if a[1] in {"src", "href"}], "the card refers to another file"
    css = "\n".join(parser.styles)
    page = re.search(r"@page\s*\{([^}]*)\}", css)
    assert page, "the card has no @page rule"
    assert re.search(r"size\s*:\s*A4\b", page.group(1), re.I), "the @page rule does not set size: A4"


def test_card_names_all_nine_mistakes_in_order():
    text = plain(strip_tags(CARD.read_text(encoding="utf-8")))
    positions = []
    for number, mistake in enumerate(NINE_MISTAKES, start=1):
        assert mistake in text, f"the card does not name mistake {number}, {mistake!r}"
        positions.append(text.index(mistake))
    assert positions == sorted(positions), "the card lists the nine mistakes out of order"
    # Each mistake also says what to do instead.
    assert plain(CARD.read_text(encoding="utf-8")).count("instead:") == 9


# ------------------------------------------------------------------ the hard conversations

def _sections(md: str) -> dict[str, str]:
    """Level-2 headings of a Markdown file and the text beneath each."""
    parts = re.split(r"^## (.+)$", md, flags=re.M)
    return {plain(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.mark.parametrize("phrase", HARD_PHRASES)
def test_hard_conversations_cover_each_phrase_with_a_script_and_the_reasoning(phrase):
    sections = _sections((NOTES / "hard_conversations.md").read_text(encoding="utf-8"))
    matching = [body for heading, body in sections.items() if phrase in heading]
    assert matching, f"hard_conversations.md has no section headed with {phrase!r}"
    body = matching[0]
    assert "**What to say**" in body, f"the section on {phrase!r} has no script ('What to say')"
    assert "**Why**" in body, f"the section on {phrase!r} does not give the reasoning ('Why')"
    assert body.count("> ") >= 2, f"the section on {phrase!r} has no words to say"


# ------------------------------------------------------------------ what each note must cover

MUST_COVER = {
    "README.md": ["make workshop", "make test", "conda env create -f environment.yml",
                  "conda activate demand-workbook", "python tasks.py workshop", "make walkthrough",
                  "token", "helpers.merge_studies", "network share", "capture sheet",
                  "typing-up template", "flip chart"],
    "contracting.md": ["we can't take people off the phones", "sponsor", "personally listen",
                       "unions", "hr", "data protection impact assessment", "dpia", "telephony"],
    "briefing_front_line.md": ["not performance monitoring", "read everything we write",
                               "was today normal?"],
    "briefing_listeners.md": ["never write card or bank details", "every demand", "question mark",
                              "chasing job"],
    "safeguarding.md": ["never studied live without explicit consent", "safeguarding lead",
                        "disclosure", "debrief"],
    "plans/study_daily_rhythm.md": ["end-of-day debrief", "30 minutes", "typology session",
                                    "front line see the findings first", "team presents to leaders"],
    "plans/people_centred.md": ["five to ten people's journeys", "emotional load"],
    "plans/leaders_listen.md": ["what surprised you?", "never instead of it"],
    "evidence_of_learning.md": ["calibration sample", "before", "after", "reflections",
                                "customers' terms"],
}


@pytest.mark.parametrize("name", sorted(MUST_COVER))
def test_each_note_covers_what_a_facilitator_needs(name):
    text = plain(read_text(name))
    missing = [phrase for phrase in MUST_COVER[name] if phrase not in text]
    assert not missing, f"facilitator_notes/{name} does not mention: {missing}"


def _timing_minutes(md: str) -> list[tuple[int, str]]:
    """(minutes, row) for each row of the first table whose header has a 'minutes' column."""
    for table in re.findall(r"((?:^\|.*\|\s*$\n?)+)", md, flags=re.M):
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in table.strip().splitlines()]
        header = [c.lower() for c in rows[0]]
        if "minutes" in header:
            col = header.index("minutes")
            return [(int(r[col]), " ".join(r).lower()) for r in rows[2:] if r[col].isdigit()]
    return []


@pytest.mark.parametrize("name, total", [
    ("plans/taster_90_minutes.md", 90),
    ("plans/half_day_introduction.md", 210),
    ("plans/leaders_listen.md", 90),
])
def test_plan_timings_add_up_and_include_30_minutes_of_listening(name, total):
    rows = _timing_minutes((NOTES / name).read_text(encoding="utf-8"))
    assert sum(m for m, _ in rows) == total, f"{name}: the timings add up to {sum(m for m, _ in rows)}, not {total}"
    listening = [m for m, row in rows if "listening" in row and "getting ready" not in row]
    assert listening and max(listening) >= 30, f"{name} has no block of 30 minutes or more of listening"


def test_the_end_of_day_debrief_agenda_fills_exactly_30_minutes():
    md = (NOTES / "plans/study_daily_rhythm.md").read_text(encoding="utf-8")
    section = md.split("## The end-of-day debrief", 1)[1].split("\n## ", 1)[0]
    rows = _timing_minutes(section)
    assert len(rows) >= 5, "the debrief agenda should have at least five fixed items"
    assert sum(m for m, _ in rows) == 30
    agenda = " ".join(row for _, row in rows)
    for item in ("how are you", "was today normal", "unsure", "types"):
        assert item in agenda, f"the debrief agenda has no item on {item!r}"


# ------------------------------------------------------------------ links

def _markdown_files() -> list[Path]:
    return sorted(NOTES.glob("*.md")) + sorted(NOTES.glob("plans/*.md"))


def test_every_relative_link_in_the_notes_leads_to_a_file():
    files = _markdown_files()
    assert len(files) >= 8
    broken = {str(f.relative_to(ROOT)): broken_links(f) for f in files}
    broken = {k: v for k, v in broken.items() if v}
    assert not broken, f"links to files that do not exist: {broken}"


def test_the_link_check_catches_a_broken_link(tmp_path):
    note = tmp_path / "note.md"
    (tmp_path / "there.md").write_text("x", encoding="utf-8")
    note.write_text("See [there](there.md), [the web](https://example.org), [top](#top), "
                    "[gone](workbooks/01_start_here.md#objectives) and\n```\n[not a link](nowhere.md)\n```\n",
                    encoding="utf-8")
    assert broken_links(note) == ["workbooks/01_start_here.md#objectives"]


# ------------------------------------------------------------------ our own words

def test_nothing_is_copied_from_the_seed_blog_posts():
    source = seed_prints()
    copied = {name: copied_passages(read_text(name), source) for name in OUR_FILES}
    copied = {k: v[:3] for k, v in copied.items() if v}
    assert not copied, f"12 or more words in a row copied from the seed blog posts: {copied}"


def test_the_copy_check_catches_a_copied_sentence():
    source = ("Listening to demand means writing down what people say, in their own words, "
              "before anyone sorts it into boxes. Then the team reads it together.")
    sentence = source.split(". ")[0]
    pasted = f"Our notes say this. {sentence.upper()} And then go on."
    assert copied_passages(pasted, source) == copied_passages(pasted, fingerprints(source))
    assert copied_passages(pasted, fingerprints(source))
    assert not copied_passages("A sentence of our own that says something about demand in many words.", source)


def test_the_seed_post_prints_are_those_of_the_posts():
    """One print per run of 12 words of the three posts (about 3,300 words), made the way the
    check reads text: the page heading the blog repeats above each post is found in any case."""
    prints = seed_prints()
    assert len(prints) >= 3000 and all(re.fullmatch(r"[0-9a-f]{16}", p) for p in prints)
    heading = "Showing posts with label failure demand. Show all posts\n" * 2
    assert copied_passages(f"A note of ours. {heading.upper()}", prints)
    assert not copied_passages(" ".join(["listen"] * 12 + ["to", "demand"] * 6), prints)


# ------------------------------------------------------------------ no league tables

@pytest.mark.parametrize("name", OUR_FILES)
def test_no_league_table_or_normal_range_language(name):
    offending = league_table_sentences(read_text(name))
    assert not offending, (f"facilitator_notes/{name} uses ranking or 'normal range' language "
                           f"without warning against it: {offending}")


@pytest.mark.parametrize("text, flagged", [
    ("Rank the teams by failure share each Friday.", True),
    ("Publish a league table of the teams.", True),
    ("Their failure share is within the normal range for councils.", True),
    ("We ranked every team.", True),
    ("Never rank teams.", False),
    ("Nothing ranks teams, and no figure is shown per person.", False),
    ("Do not publish a league table.", False),
    ("A frank conversation about demand.", False),
])
def test_the_league_table_check_tells_warnings_from_recommendations(text, flagged):
    assert bool(league_table_sentences(text)) is flagged


# ------------------------------------------------------------------ the instructions work

def test_the_readme_printables_snippet_runs_and_the_template_loads(tmp_path, monkeypatch):
    readme = (NOTES / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "printables" in b]
    assert blocks, "the README no longer shows how to make the printables"
    monkeypatch.chdir(tmp_path)
    exec(compile(blocks[0], "facilitator_notes/README.md", "exec"), {})
    sheet = (tmp_path / "capture-sheet.html").read_text(encoding="utf-8")
    assert "@page" in sheet and "What they said" in sheet

    import helpers

    frame = helpers.load_demands(tmp_path / "typing-up-template.xlsx")
    assert "verbatim" in frame.columns and len(frame) == 1  # the example row the notes say to delete


@pytest.mark.browser
def test_the_card_prints_on_exactly_one_a4_page(page, artefacts_dir):
    # set_content, not file://: the guarded page then fails the test on any outside request.
    page.set_content(CARD.read_text(encoding="utf-8"))
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    (artefacts_dir / "nine_mistakes_card.pdf").write_bytes(pdf)
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == 1, f"the card prints on {len(pages)} pages, not one"
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box, "no page size found in the printed card"
    width, height = (float(v) for v in box.groups())
    # A4 is 210 x 297 mm, 595 x 842 points.
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, f"the printed page is {width} x {height} points, not A4"
