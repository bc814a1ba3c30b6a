"""The room (``python tasks.py room``): seconds to start every seat's server together through the
hub, and the memory each seat costs with workbook 5 open and run (goal: at most 0.35 GB, which
the facilitator notes' "0.3 GB per participant plus 1 GB" rests on). The room makes accounts, so
these rows run as root; otherwise they say so."""
from __future__ import annotations

import json
import os
import secrets
import sys
import tempfile
from pathlib import Path

from tests.bench import benchmark

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from support import ROOT  # noqa: E402

WORKBOOK = "workbooks/05_classify_together.ipynb"
GOAL_GB = 0.35


def _pss(uids: set[int]) -> float:
    """Memory of every process the seats run (servers and kernels), in GB (proportional set
    sizes, so pages shared between processes count once)."""
    import psutil

    total = 0
    for p in psutil.process_iter(["uids"]):
        try:
            if p.info["uids"] and p.info["uids"].real in uids:
                total += p.memory_full_info().pss
        except psutil.Error:
            pass
    return total / 1e9


@benchmark("room")
def room(quick: bool):
    if os.geteuid() != 0:
        return {"rows": [{"row": "not run", "value": "-", "note": "the room makes accounts: run make bench as root"}]}
    import pwd

    from helpers.serve import room as room_mod
    from server.test_room import Seat, running_room

    seats = 2 if quick else 10
    team = f"bench{secrets.token_hex(2)}"
    cells = ["".join(c["source"]) for c in json.loads((ROOT / WORKBOOK).read_text())["cells"] if c["cell_type"] == "code"]
    logs = Path(tempfile.gettempdir()) / "demand-bench-room"  # the room's log, for when a row fails
    logs.mkdir(exist_ok=True)
    with running_room({team: seats}, f"f{team}", logs) as started:
        users = sorted(started["cards"])
        seconds = room_mod.start_seats({**started, "seats": users})
        errors = []
        for user in users:  # each seat logs in with its card, opens workbook 5 and runs it
            seat = Seat(started["base"], user, started["cards"][user]["password"])
            seat.start()
            _, ws = seat.kernel(WORKBOOK)
            errors += [out for out in (seat.execute(ws, cell) for cell in cells) if "ERROR" in out]
            ws.close()
        gb = _pss({pwd.getpwnam(u).pw_uid for u in users}) / seats
    note = f"goal at most {GOAL_GB} GB: {'met' if gb <= GOAL_GB else 'MISSED'}"
    return {"rows": [
        {"row": f"seconds to start {seats} seats together", "value": f"{seconds:.1f} s", "note": f"{seconds / seats:.1f} s a seat"},
        {"row": "memory per seat with workbook 5 open and run", "value": f"{gb:.2f} GB",
         "note": note + (f"; errors in workbook 5: {errors[:1]}" if errors else "")},
    ]}
