"""Group classification in the browser: keypress to the next demand on screen, against a
minimal in-memory labeller (``labeller_baseline.py``) on the same page, driven by the same
keys in the same run; and the keystrokes a typical sequence of demands takes.

Both widgets run in the capture app's setting: standalone Voila in capture mode, ours
writing every classification to the study file (SQLite, synchronous=FULL) before the next
demand appears. Latency is measured inside the page, from the keydown event to the moment
the next text is in the DOM, so Playwright's polling does not count.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from tests.bench import benchmark

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from support import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start_server  # noqa: E402

# A repairs line on a typical morning: types come back, new ones appear now and then.
TYPICAL = [
    ("Report a leak", "v"), ("Is someone coming today?", "f"), ("Report a leak", "v"),
    ("Is someone coming today?", "f"), ("Change my appointment", "v"), ("Report a leak", "v"),
    ("It's leaking again", "f"), ("Is someone coming today?", "f"), ("Report a leak", "v"),
    ("Where is my repair?", "f"), ("Is someone coming today?", "f"), ("Report no heating", "v"),
    ("It's leaking again", "f"), ("Report a leak", "v"), ("Wrong part brought", "f"),
    ("Is someone coming today?", "f"), ("Change my appointment", "v"), ("Report no heating", "v"),
    ("Where is my repair?", "f"), ("Is someone coming today?", "f"),
]

_RESULTS: dict = {}

_OBSERVE = """
([selectors]) => {
  window.__marks = []; window.__down = null;
  window.addEventListener("keydown", () => { window.__down = performance.now(); }, true);
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    let last = el.textContent;
    new MutationObserver(() => {
      if (el.textContent === last) return;
      last = el.textContent;
      if (window.__down !== null) { window.__marks.push(performance.now() - window.__down); window.__down = null; }
    }).observe(el, { childList: true, characterData: true, subtree: true });
  }
}
"""


def _notebook(folder: Path, texts: list[str]) -> Path:
    cells = [
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from helpers.core.study import Study\n"
        "from helpers.core.session import capture_study_path\n"
        "from helpers.teaching.capture import classify_together\n"
        "study = Study.open(capture_study_path())\n"
        "classify_together(study, by='Team')",
        "from tests.bench.labeller_baseline import MinimalLabeller\n"
        f"MinimalLabeller({texts!r})",
    ]
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
                     "outputs": [], "source": src} for i, src in enumerate(cells)],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = folder / "bench_group.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def _press_and_wait(page, key: str, count: int) -> None:
    page.keyboard.press(key)
    page.wait_for_function(f"window.__marks.length >= {count}", timeout=30_000)


def _run(quick: bool) -> dict:
    from playwright.sync_api import sync_playwright

    from helpers import serve
    from helpers.core.study import Study

    n = 10 if quick else 50
    warm = 3
    typical = TYPICAL[: 8 if quick else len(TYPICAL)]
    folder = Path(tempfile.mkdtemp(prefix="demand-bench-capture-"))
    study_path = folder / "bench.study"
    texts = [f"Demand {i}: you said you'd be here this morning and it's gone twelve" for i in range(n + warm)]
    study = Study.create(study_path, name="Bench")
    for text in texts + [f"Typical {i}: what the person said" for i in range(len(typical))]:
        study.record(text, captured_by="Bench")
    study.close()
    nb = _notebook(folder, texts)
    port = free_port()
    server = start_server("voila-bench-capture", serve.voila_command(nb, port=port), port,
                          serve.voila_env("capture", study_path), folder)
    ours, base, keys = [], [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(server.url + "/", timeout=180_000)
            page.locator(".dc-group .dc-words").filter(has_text="Demand 0:").wait_for(timeout=180_000)
            page.locator(".ml-item").filter(has_text="Demand 0:").wait_for(timeout=60_000)
            page.evaluate(_OBSERVE, [[".dc-group .dc-words", ".ml-item"]])
            marks = 0
            # Interleave blocks so that drift in the machine's load falls on both alike.
            done = {"ours": 0, "base": 0}
            block = 5
            while done["ours"] < n + warm or done["base"] < n + warm:
                for which, root in (("ours", ".dc-group"), ("base", ".ml-root")):
                    page.locator(root).focus()
                    for _ in range(min(block, n + warm - done[which])):
                        marks += 1
                        _press_and_wait(page, "v" if marks % 2 else "f", marks)
                        took = page.evaluate("window.__marks[window.__marks.length - 1]") / 1000
                        if done[which] >= warm:
                            (ours if which == "ours" else base).append(took)
                        done[which] += 1
            # Keystrokes for a typical sequence, as a person would go about it: a number for a
            # type on the quick list, else T and the whole name of a new type, then the
            # classification key.
            page.locator(".dc-group").focus()
            for wanted, cls_key in typical:
                page.wait_for_timeout(700)  # the team talks; the quick list catches up
                quick_list = [t.split(" ", 1)[1].strip() for t in page.locator(".dc-group .dc-quick li").all_inner_texts()]
                if wanted in quick_list:
                    presses = [str(quick_list.index(wanted) + 1)]
                else:  # a new type: its name, typed in full
                    presses = ["t", *("Space" if c == " " else c for c in wanted), "Enter"]
                presses.append(cls_key)
                item_before = page.locator(".dc-group .dc-words").inner_text()
                for p in presses:
                    page.keyboard.press(p)
                page.wait_for_function("(before) => document.querySelector('.dc-group .dc-words').textContent !== before",
                                       arg=item_before, timeout=30_000)
                keys.append(len(presses))
            browser.close()
    finally:
        server.stop()
    with Study.open(study_path, readonly=True) as s:
        frame = s.demands()
    got = frame[frame["verbatim"].str.startswith("Typical")]["demand_type"].tolist()
    expected = [w for w, _ in typical]
    shutil.rmtree(folder, ignore_errors=True)
    seen, repeat, new = set(), [], []
    for (wanted, _), k in zip(typical, keys):
        (repeat if wanted in seen else new).append(k)
        seen.add(wanted)
    return {"ours": ours, "base": base, "keys": keys, "repeat": repeat, "new": new,
            "types_ok": got == expected}


def _results(quick: bool) -> dict:
    if quick not in _RESULTS:
        _RESULTS[quick] = _run(quick)
    return _RESULTS[quick]


@benchmark("group classification: keypress to next demand, written to disk, vs in-memory labeller",
           goal=1.2, stats=("median", "p95"))
def keypress_to_next(quick: bool):
    r = _results(quick)
    return {"ours": r["ours"], "baseline": r["base"],
            "note": f"{len(r['ours'])} demands each, same page, same keys"}


@benchmark("group classification: keystrokes per classified demand, typical sequence")
def keystrokes(quick: bool):
    r = _results(quick)
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    note = "" if r["types_ok"] else "the study's types did not match the sequence: check the driver"
    return {"rows": [
        {"row": f"all {len(r['keys'])} demands", "value": f"{mean(r['keys']):.1f} keys", "note": note},
        {"row": f"a type heard before ({len(r['repeat'])})", "value": f"{mean(r['repeat']):.1f} keys"},
        {"row": f"a new type ({len(r['new'])})", "value": f"{mean(r['new']):.1f} keys (mostly its name)"},
    ]}
