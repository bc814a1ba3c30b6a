"""Run every registered benchmark and print one table of ratios: ``python -m tests.bench [--quick] [-k NAME]``."""
from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from pathlib import Path

from tests.bench import REGISTRY, stat


def _fmt(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--quick", action="store_true", help="small inputs, to check the harness")
    parser.add_argument("-k", default="", help="only rows whose name contains this")
    args = parser.parse_args(argv)

    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        importlib.import_module(f"tests.bench.{path.stem}")

    rows, failures = [], 0
    for bench in REGISTRY:
        if args.k and args.k.lower() not in bench.name.lower():
            continue
        print(f"running: {bench.name}", file=sys.stderr, flush=True)
        try:
            result = bench.func(args.quick)
        except Exception:
            failures += 1
            traceback.print_exc()
            rows.append((bench.name, "error", "", "", "", ""))
            continue
        if isinstance(result, dict) and "rows" in result:
            for extra in result["rows"]:
                rows.append((f"{bench.name}: {extra['row']}", str(extra["value"]), "", "", "", extra.get("note", "")))
            continue
        if isinstance(result, dict):
            ours, base, note = result["ours"], result["baseline"], result.get("note", "")
        else:
            (ours, base), note = result, ""
        for which in bench.stats:
            o, b = stat(ours, which), stat(base, which)
            ratio = o / b if b > 0 else float("inf")
            met = "" if bench.goal is None else ("yes" if ratio <= bench.goal else "NO")
            goal = "" if bench.goal is None else f"<= {bench.goal:g}x"
            rows.append((f"{bench.name} [{which}]", _fmt(o), _fmt(b), f"{ratio:.2f}x", goal, met or note))
    header = ("benchmark", "ours", "baseline", "ratio", "goal", "met")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(6)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    print(f"\n{len(rows)} rows{' (quick)' if args.quick else ''}; {failures} failed to run.")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
