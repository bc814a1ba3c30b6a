"""`make workshop`: the address JupyterLab prints opens workbook 1."""
import os
import re
import urllib.request

from helpers import serve
from support import free_port, start_server, until


def test_the_address_printed_opens_workbook_1(artefacts_dir):
    port, token = free_port(), "demand-test-token"
    cmd = serve.lab_command(port=port, token=token, browser=False)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(artefacts_dir / "jupyter-config"),
               JUPYTERLAB_WORKSPACES_DIR=str(artefacts_dir / "lab-workspaces"))
    server = start_server("jupyterlab-workshop", cmd, port, env, artefacts_dir, path=f"/api?token={token}")
    try:
        until(lambda: f"127.0.0.1:{port}/lab" in server.log(), 30)
        printed = re.findall(rf"http://127\.0\.0\.1:{port}/\S+", server.log())
        assert printed and printed[0].startswith(f"http://127.0.0.1:{port}/lab/tree/workbooks/01_start_here.ipynb"), printed
        # (the printed address logs in with its token; a client without JavaScript says the token in a header)
        request = urllib.request.Request(printed[0].split("?")[0], headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=60) as resp:
            assert resp.status == 200 and b"JupyterLab" in resp.read()
    finally:
        server.stop()
