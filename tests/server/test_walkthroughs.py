"""Read-only walkthroughs, proved by trying: the served API refuses, code sent over the
kernel websocket does not run, every workbook renders without errors and ends with the
invitation to come and listen, and nothing in the tree changes after a full session.

The server is started exactly as ``make walkthrough`` starts it (helpers.serve).
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import time
import uuid

import pytest

from support import ROOT, free_port, serious_axe_violations, start_server, until

WORKBOOKS = sorted(p for p in (ROOT / "workbooks").glob("*.ipynb"))
INVITATION = "come and listen"
SERVED = [rel for rel in __import__("helpers.serve").serve.CURRICULUM if rel.startswith("workbooks/")]


def notebook_title(path) -> str:
    """A notebook's first heading, as the landing page and the page's title show it."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown").splitlines()
    return next(line[2:].replace("*", "").strip() for line in lines if line.startswith("# "))


def tree_digest() -> dict[str, str]:
    """Every file git knows or would add (tracked and untracked, not ignored), hashed."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    out = {}
    for raw in listed:
        if not raw:
            continue
        rel = raw.decode()
        if "__pycache__" in rel or ".ipynb_checkpoints" in rel:
            continue
        path = ROOT / rel
        if path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    # The ignored studies folder is a team's own data: it must not change either.
    studies = ROOT / "studies"
    if studies.is_dir():
        for path in sorted(studies.rglob("*")):
            if path.is_file():
                out[str(path.relative_to(ROOT))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory):
    """One walkthrough server for the module, as `make walkthrough` runs it."""
    from helpers import serve

    logs = tmp_path_factory.mktemp("walkthrough-logs")
    port = free_port()
    # Every visit here keeps its kernel for the idle timeout: more than one visitor's share of the cap.
    cmd, env, _ = serve.walkthrough_command(port=port, folder=tmp_path_factory.mktemp("walkthrough") / "served",
                                            max_kernels=60)
    server = start_server("voila-walkthrough", cmd, port, env, logs)
    yield server
    server.stop()


@pytest.mark.browser
def test_the_jupyter_api_is_refused(walkthrough, page):
    for path in ["/api/contents", "/api/contents/datasets/repairs_demands.csv", "/api/kernels", "/api/sessions",
                 "/api/terminals", "/lab", "/tree", "/edit/README.md", "/files/README.md",
                 "/voila/files/src/helpers/session.py", "/voila/files/README.md"]:
        response = page.request.get(walkthrough.url + path)
        assert response.status in (403, 404, 405), f"GET {path} answered {response.status}"
    response = page.request.post(walkthrough.url + "/api/kernels", data="{}")
    assert response.status in (403, 404, 405), f"POST /api/kernels answered {response.status}"


@pytest.mark.browser
def test_code_sent_over_the_kernel_websocket_does_not_run(walkthrough, page, tmp_path):
    import websocket  # websocket-client, installed with Jupyter

    page.goto(f"{walkthrough.url}/voila/render/{SERVED[0]}")
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    kernel = config["kernelId"]
    marker = tmp_path / f"ran-{uuid.uuid4().hex}"
    ws = websocket.create_connection(f"ws://127.0.0.1:{walkthrough.port}/api/kernels/{kernel}/channels", timeout=10)

    def message(msg_type, content):
        return json.dumps({"header": {"msg_id": uuid.uuid4().hex, "username": "test", "session": uuid.uuid4().hex,
                                      "msg_type": msg_type, "version": "5.3", "date": ""},
                           "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"})

    code = f"open({str(marker)!r}, 'w').write('executed')"
    ws.send(message("kernel_info_request", {}))  # proves the channel is live, so the test is not vacuous
    ws.send(message("execute_request", {"code": code, "silent": False, "store_history": False,
                                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
    replies = []
    ws.settimeout(1)
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        try:
            replies.append(json.loads(ws.recv()))
        except Exception:
            pass
    ws.close()
    assert not marker.exists(), "code sent over the websocket ran in the walkthrough's kernel"
    kinds = [r.get("msg_type") for r in replies]
    assert "kernel_info_reply" in kinds, f"the kernel channel did not answer at all: {kinds}"
    assert "execute_reply" not in kinds and "execute_input" not in kinds


@pytest.mark.browser
@pytest.mark.parametrize("notebook", [ROOT / rel for rel in SERVED], ids=[rel[10:] for rel in SERVED])
def test_every_workbook_renders_read_only_without_errors(walkthrough, page, notebook, artefacts_dir, browser_log):
    response = page.goto(f"{walkthrough.url}/voila/render/workbooks/{notebook.name}", timeout=120_000)
    assert response.ok
    # Voila renders cells as they run; wait for the last one and for the kernel's outputs to settle.
    page.wait_for_function("() => !document.querySelector('#loading') || getComputedStyle(document.querySelector('#loading')).display === 'none'",
                           timeout=120_000)
    page.wait_for_timeout(1500)
    text = page.inner_text("body")
    assert "Traceback" not in text and "Error" not in page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0, \
        "an error or warning is shown to the visitor"
    assert INVITATION in text.lower(), "the last screen must invite leaders to come and listen with a team"
    assert page.title() == notebook_title(notebook), "the page's title is the workbook's, not its file name"
    assert not (found := serious_axe_violations(page)), "\n".join(found)
    page.screenshot(path=str(artefacts_dir / f"{notebook.stem}.png"), full_page=True)




def test_a_visit_to_every_workbook_changes_nothing_in_the_tree(walkthrough):
    # Voila runs each notebook in full for a visit: after one of each, no project file,
    # dataset or study has changed.
    import urllib.request

    before = tree_digest()
    for rel in SERVED:
        with urllib.request.urlopen(f"{walkthrough.url}/voila/render/{rel}", timeout=180) as resp:
            assert resp.status == 200, rel
    after = tree_digest()
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert not changed, f"files changed during a read-only walkthrough session: {changed[:10]}"


def _visit(server, path: str = "/") -> str:
    """The kernel a visit was given (the page's own config names it)."""
    import urllib.request

    with urllib.request.urlopen(server.url + path, timeout=120) as resp:
        assert resp.status == 200
        page = resp.read().decode()
    found = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S)
    assert found, f"{path} was served without a kernel"
    return json.loads(found.group(1))["kernelId"]


def _alive(server, kernel_id: str) -> bool:
    """Whether the kernel's process still runs (its connection file carries its id)."""
    return any(kernel_id in " ".join(p.cmdline()) for p in server.kernels())


def test_a_preheated_server_fills_every_pool_at_once_without_losing_a_kernel(voila_server):
    # Preheat starts a kernel per workbook at the same moment; every one must come up, every
    # page must then be served with a kernel of its own, and none may die on the way.
    server = voila_server(ROOT / "workbooks", preheat=True)
    until(lambda: len(server.kernels()) >= len(WORKBOOKS), 240, every=1)
    assert len(server.kernels()) >= len(WORKBOOKS), "not every workbook's pool filled"
    given = [_visit(server, f"/voila/render/{notebook.name}") for notebook in WORKBOOKS]
    assert len(set(given)) == len(WORKBOOKS), "two visits were given one kernel"
    assert all(_alive(server, kernel) for kernel in given), "a visitor's kernel died"


def test_preheat_2_keeps_two_warm_kernels_for_a_room_that_opens_one_workbook_at_once(voila_server):
    import subprocess
    import sys

    server = voila_server(ROOT / "workbooks" / "01_start_here.ipynb", preheat=2)
    # The start-up check's visit takes one pooled kernel (it is served the notebook): wait for
    # the pool to fill again beside it.
    until(lambda: len(server.kernels()) >= 3, 120)
    warm = {p.pid for p in server.kernels()}
    given = [_visit(server) for _ in range(2)]
    assert len(set(given)) == 2 and all(_alive(server, kernel) for kernel in given)
    assert {p.pid for p in server.kernels() if any(k in " ".join(p.cmdline()) for k in given)} <= warm, \
        "the two visitors were not given kernels that were already warm"
    # The command line says it the same way (python tasks.py walkthrough --preheat 2).
    helped = subprocess.run([sys.executable, "-m", "helpers.serve", "walkthrough", "--help"],
                            capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert "--preheat [KERNELS]" in helped
    refused = subprocess.run([sys.executable, "-m", "helpers.serve", "walkthrough", "--preheat", "two"],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert refused.returncode == 2 and "a number of kernels, like 1 or 2, not 'two'" in refused.stderr


def test_a_kernel_just_taken_from_the_pool_is_not_culled_before_the_page_connects(voila_server):
    # A pooled kernel waits, idle, longer than the idle timeout; the visitor who takes it must
    # get a full timeout to connect (Voila's culler killed it at once: the page never worked).
    # A kernel taken and then abandoned is still culled.
    server = voila_server(ROOT / "workbooks" / "05_classify_together.ipynb", preheat=True,
                          cull_idle=4, cull_interval=1)
    until(lambda: len(server.kernels()) >= 1, 120)
    time.sleep(8)  # the pooled kernel has finished the notebook and sat idle past the timeout
    taken = _visit(server)
    time.sleep(2.5)  # two culling passes
    assert _alive(server, taken), "the visitor's kernel was culled at once"
    until(lambda: not _alive(server, taken), 30)
    assert not _alive(server, taken), "an abandoned kernel must still be culled"


@pytest.mark.browser
def test_a_room_server_with_a_token_turns_away_visitors_without_it(voila_server, page, browser_log):
    # Voila's own listing page asks for /api/kernels, which the standalone server refuses by
    # design (404); its widget plugins then complain that there is no kernel. Nothing else may.
    browser_log.allowed_console_errors += ["status of 404 (Not Found)", "The model for kernel id  does not exist"]
    server = voila_server(ROOT / "workbooks", extra=["--Voila.token=room-42"])
    assert page.request.get(server.url + "/", max_redirects=0).status in (302, 401, 403)
    response = page.goto(server.url + "/?token=room-42")
    assert response.ok
    page.get_by_text("capture_app").first.wait_for(timeout=30_000)  # the listing, offline (no CDN)
    response = page.goto(server.url + "/voila/render/capture_app.ipynb")
    assert response.ok  # the token is remembered for the visit


def _get(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=180) as resp:
            return resp.status, resp.read().decode(errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")


def test_the_curriculum_list_is_every_notebook_the_project_keeps_and_nothing_else():
    from helpers import serve

    tracked = subprocess.run(["git", "ls-files", "workbooks/*.ipynb", "exercises/*.ipynb"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    assert sorted(serve.CURRICULUM) == sorted(t for t in tracked if t != "workbooks/capture_app.ipynb")


def test_a_notebook_saved_in_the_workbooks_folder_is_neither_listed_nor_served(tmp_path, artefacts_dir):
    # A team's scratch notebook in workbooks/ (run against its study) must never reach the leaders.
    import shutil

    from helpers import serve

    source = tmp_path / "project"
    for folder in ("workbooks", "exercises", "facilitator_notes"):
        shutil.copytree(ROOT / folder, source / folder)
    shutil.copy(source / SERVED[1], source / "workbooks" / "12_our_scratch.ipynb")
    port = free_port()
    cmd, env, url = serve.walkthrough_command(port=port, source=source, folder=tmp_path / "served")
    server = start_server("voila-curriculum", cmd, port, env, artefacts_dir)
    try:
        status, listing = _get(server.url + "/")
        assert status == 200 and "12_our_scratch" not in listing
        for rel in serve.CURRICULUM:
            assert f'href="/voila/render/{rel}"' in listing, f"{rel} is not on the landing page"
        for path in ["/voila/render/workbooks/12_our_scratch.ipynb", "/voila/api/contents/workbooks/12_our_scratch.ipynb",
                     "/voila/files/workbooks/12_our_scratch.ipynb", "/voila/render/workbooks/capture_app.ipynb",
                     "/voila/render/tests/fixtures/hello.ipynb", "/voila/render/../workbooks/12_our_scratch.ipynb"]:
            assert _get(server.url + path)[0] in (403, 404), f"{path} was served"
        _, names = _get(server.url + "/voila/api/contents/workbooks")
        assert sorted(item["path"] for item in json.loads(names)["content"]) == SERVED
        status, page = _get(server.url + "/voila/render/" + SERVED[1])
        assert status == 200 and "jupyter-config-data" in page  # a listed one is served (and ran)
    finally:
        server.stop()


def test_every_relative_link_on_the_walkthrough_pages_resolves(walkthrough):
    # Links between workbooks, to the exercises and to the facilitator notes. A notebook is checked
    # through the contents API (what the render page opens) rather than run 20 times over.
    from urllib.parse import urljoin, urlsplit

    from curriculum import markdown, relative_links
    from helpers import serve

    checked = {}
    for rel in serve.CURRICULUM:
        page = f"{walkthrough.url}/voila/render/{rel}"
        for link in relative_links(markdown(rel.split("/")[1], rel.split("/")[0])):
            target = urlsplit(urljoin(page, link)).path
            assert target.startswith("/voila/render/"), f"{rel}: {link} leaves the walkthroughs"
            path = target.removeprefix("/voila/render/")
            if path not in checked:
                url = walkthrough.url + ("/voila/api/contents/" + path + "?content=0" if path.endswith(".ipynb") else target)
                checked[path] = _get(url)[0]
            assert checked[path] == 200, f"{rel}: {link} answered {checked[path]}"
    assert any(p.startswith("facilitator_notes/") for p in checked) and any(p.startswith("exercises/") for p in checked)


def test_a_busy_server_holds_no_more_kernels_than_its_cap_and_says_try_again(tmp_path, artefacts_dir):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from helpers import serve

    cmd, _, _ = serve.walkthrough_command(port=1, folder=tmp_path / "defaults")
    assert "--MappingKernelManager.cull_idle_timeout=300" in cmd  # an idle view's kernel goes after 5 minutes
    assert f"--WalkthroughKernelManager.max_kernels={serve.WALKTHROUGH_KERNELS}" in cmd
    port = free_port()
    cmd, env, _ = serve.walkthrough_command(port=port, folder=tmp_path / "served", max_kernels=3)
    server = start_server("voila-capped", cmd, port, env, artefacts_dir)
    most, done = [0], threading.Event()

    def watch():
        while not done.is_set():
            most[0] = max(most[0], len(server.kernels()))
            time.sleep(0.1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: _get(f"{server.url}/voila/render/{SERVED[0]}"), range(40)))
    finally:
        done.set()
        watcher.join()
        server.stop()
    statuses = [status for status, _ in answers]
    assert set(statuses) <= {200, 503} and 200 in statuses and 503 in statuses, statuses
    assert most[0] <= 3, f"the server held {most[0]} kernels (cap 3)"
    busy = next(body for status, body in answers if status == 503)
    assert "try again in a minute" in busy and "<title>" in busy and "Traceback" not in busy


@pytest.mark.browser
def test_the_landing_page_lists_the_workbooks_by_title_and_opens_one_from_the_keyboard(walkthrough, page):
    from helpers import serve

    page.goto(walkthrough.url + "/")
    assert page.title() == "Studying demand: the workbooks"
    links = page.locator("main a[href*='/voila/render/']")
    assert links.all_inner_texts() == [notebook_title(ROOT / rel) for rel in serve.CURRICULUM]
    assert "What is this workbook for" in page.inner_text("main")  # each with its first question
    assert not (found := serious_axe_violations(page)), "\n".join(found)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == notebook_title(ROOT / SERVED[0])
    with page.expect_navigation(timeout=120_000):
        page.keyboard.press("Enter")
    assert page.url.endswith("/voila/render/" + SERVED[0]) and page.title() == notebook_title(ROOT / SERVED[0])


@pytest.mark.browser
def test_read_only_pages_hide_what_a_team_does_in_its_own_jupyterlab(walkthrough, page):
    page.goto(f"{walkthrough.url}/voila/render/workbooks/07_have_we_seen_enough.ipynb", timeout=120_000)
    page.wait_for_function("() => !document.querySelector('#loading') || getComputedStyle(document.querySelector('#loading')).display === 'none'",
                           timeout=120_000)
    text = page.inner_text("body")
    assert "Key points" in text and INVITATION in text.lower()  # the page itself is there
    assert "Doing this with your own study" not in text and "study.acknowledge" not in text

