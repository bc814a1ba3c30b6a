"""A team's JupyterLab (``make workshop``, and a seat's in the room) keeps a team's own files out of
the tracked tree, and has the workshop's settings: asked for as JupyterLab's launcher and settings
editor ask. The room's test makes a real Unix account, so it runs as root (as CI does)."""
from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request

import pytest

from room_support import Seat, need_root, running_room
from support import until


def call(server, path: str, method: str = "GET", body: dict | None = None) -> dict:
    request = urllib.request.Request(f"{server.url}{path}", method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"token {server.token}"})
    with urllib.request.urlopen(request, timeout=60) as resp:
        return json.loads(resp.read())


def test_scratch_work_lands_in_the_studies_folder_and_markdown_opens_as_a_page(lab_server, tmp_path, monkeypatch):
    for folder in ("workbooks", "exercises/plans", "notes"):
        (tmp_path / folder).mkdir(parents=True)
    monkeypatch.setenv("DEMAND_STUDIES_DIR", str(tmp_path / "studies"))  # git-ignored studies/ in the repository
    server = lab_server(extra=[f"--FileContentsManager.root_dir={tmp_path}"])

    # The launcher's "Notebook" and "Text File" with the file browser in a curriculum folder, and elsewhere.
    made = [call(server, "/api/contents/workbooks", "POST", {"type": "notebook"})["path"],
            call(server, "/api/contents/exercises/plans", "POST", {"type": "file", "ext": ".txt"})["path"],
            call(server, "/api/contents/notes", "POST", {"type": "notebook"})["path"]]
    assert made == ["studies/Untitled.ipynb", "studies/untitled.txt", "notes/Untitled.ipynb"]
    # The file browser's "New Folder" would look for it in workbooks/: it is refused, saying where folders go.
    with pytest.raises(urllib.error.HTTPError) as refused:
        call(server, "/api/contents/workbooks", "POST", {"type": "directory"})
    assert refused.value.code == 403 and "Folders of your own go in studies/" in json.loads(refused.value.read())["message"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if ".ipynb_checkpoints" not in p.parts) == [
        "exercises", "exercises/plans", "notes", "notes/Untitled.ipynb", "studies", "studies/Untitled.ipynb",
        "studies/untitled.txt", "workbooks"]

    # A Markdown file (the facilitator notes) opens as a page; no news, no update checks, nothing to ask about them.
    docs = call(server, "/lab/api/settings/@jupyterlab/docmanager-extension:plugin")["schema"]["properties"]
    assert docs["defaultViewers"]["default"] == {"markdown": "Markdown Preview"}
    news = call(server, "/lab/api/settings/@jupyterlab/apputils-extension:notification")["schema"]["properties"]
    assert news["fetchNews"]["default"] == "false" and news["checkForUpdates"]["default"] is False


def test_a_seat_in_the_room_keeps_its_scratch_notebook_in_its_teams_studies_and_reads_notes_as_pages(tmp_path):
    need_root("tests/server/test_lab_team_files.py")
    tag = secrets.token_hex(2)
    with running_room({f"west{tag}": 1}, f"facil{tag}", tmp_path) as room:
        user = f"west{tag}-1"
        seat = Seat(room["base"], user, room["cards"][user]["password"])
        seat.start()
        until(seat.ready, timeout=180, every=0.5)
        made = seat.api(f"/user/{user}/api/contents/workbooks", "POST", json={"type": "notebook"})
        assert made.status_code == 201 and made.json()["path"] == "studies/Untitled.ipynb", made.text
        assert (room["data"] / "studies" / f"west{tag}" / "Untitled.ipynb").is_file()  # the team's folder, outside the home
        docs = seat.api(f"/user/{user}/lab/api/settings/@jupyterlab/docmanager-extension:plugin").json()
        assert docs["schema"]["properties"]["defaultViewers"]["default"] == {"markdown": "Markdown Preview"}
