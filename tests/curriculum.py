"""Shared helpers for the curriculum's tests: reading workbooks, and opening them in Voila."""
from __future__ import annotations

import json
import re
from pathlib import Path

from support import serious_axe_violations

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)\s]+)\)")
WORKBOOKS = sorted(p.name for p in (ROOT / "workbooks").glob("[0-9]*.ipynb"))
NOTE_SECTIONS = ("## Objectives", "## Timing", "## Set-up", "## Prompts", "## Common confusions",
                 "## Debrief questions", "## Which mistake to watch for")
NEVER_SAID = ("league table of", "rank the teams", "best team", "worst team", "within the normal range",
              "normal for the sector", "per member of staff")


def notebook(name: str, folder: str = "workbooks") -> dict:
    return json.loads((ROOT / folder / name).read_text(encoding="utf-8"))


def markdown(name: str, folder: str = "workbooks") -> str:
    return "\n".join("".join(c["source"]) for c in notebook(name, folder)["cells"] if c["cell_type"] == "markdown")


def stored_html(name: str, folder: str = "workbooks") -> list[str]:
    out = []
    for cell in notebook(name, folder)["cells"]:
        for o in cell.get("outputs", []):
            html = o.get("data", {}).get("text/html")
            if html:
                out.append("".join(html))
    return out


def stored_text(name: str, folder: str = "workbooks") -> str:
    parts = []
    for cell in notebook(name, folder)["cells"]:
        for o in cell.get("outputs", []):
            parts.append("".join(o.get("text", "")))
            parts.append("".join(o.get("data", {}).get("text/plain", "")))
            parts.append("".join(o.get("data", {}).get("text/html", "")))
    return "\n".join(parts)


def relative_links(text: str) -> list[str]:
    return [link.split("#")[0] for link in LINK.findall(text) if not link.startswith(("http", "#", "mailto:")) and link.split("#")[0]]


def open_walkthrough(voila_server, page, name: str, folder: str = "workbooks"):
    """Serve ``folder`` read-only as `make walkthrough` does and open ``name`` in the page."""
    server = voila_server(ROOT / folder, mode="readonly")
    page.goto(server.url + f"/voila/render/{name}", timeout=90_000)
    return server


def assert_clean_and_inviting(page, figures: int | None = None) -> None:
    """No error or traceback on the page, the invitation to come and listen, no serious axe-core
    violation, and (optionally) ``figures`` captioned figures each with a real text alternative."""
    page.get_by_text("Key points").first.wait_for(timeout=60_000)
    text = page.inner_text("body")
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0, "an error or stderr is shown"
    assert "Traceback" not in text
    assert "come and listen" in text.lower()
    if figures is not None:
        imgs = page.locator("figure.demand-figure img")
        assert imgs.count() == figures
        alts = [imgs.nth(i).get_attribute("alt") for i in range(imgs.count())]
        assert all(a and len(a) > 20 for a in alts), f"every figure has a real text alternative: {alts}"
    assert not (found := serious_axe_violations(page)), "\n".join(found)
