"""Per-module table of a mutmut run: killed / survived / timeout / no tests / not run, and kill rate.

    python scripts/mutation_table.py MUT_DIR [MODULE ...]
    python scripts/mutation_table.py --pick MUT_DIR MODULE LIMIT [survivors]

--pick prints the names of a module's mutants to run: all of them when the module has at most
LIMIT, otherwise LIMIT drawn at random with a fixed seed (the same sample on every run; MUT_SEED=x draws
another);
mutants that already have a result are left out, so an interrupted run resumes. With
"survivors", it prints every mutant that survived or timed out instead (to re-run them after
adding tests).

Reads mutmut's own result files (MUT_DIR/mutants/core/<module>.py.meta). The kill rate is
(killed + timeout) / (mutants that were run), mutmut's own definition; "no tests" counts
mutants in functions that no core test reaches, reported apart rather than hidden.
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3}
TIMEOUT = {24, -24, 36, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}


def classify(code: int | None) -> str:
    """mutmut's exit code of one mutant as a column of the table."""
    if code is None:
        return "not run"
    if code in KILLED:
        return "killed"
    if code in TIMEOUT:
        return "timeout"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    return "other"


def module_counts(mut_dir: Path, module: str) -> Counter[str]:
    """How many of a module's mutants fell in each column."""
    meta = mut_dir / "mutants" / "core" / f"{module}.py.meta"
    if not meta.exists():
        return Counter()
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    return Counter(classify(c) for c in codes.values())


def pick(mut_dir: Path, module: str, limit: int, survivors: bool) -> list[str]:
    """The module's mutants in the sample that still need running (or that survived)."""
    meta = mut_dir / "mutants" / "core" / f"{module}.py.meta"
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    if survivors:  # every one that survived, in the sample or run before it
        return sorted(n for n, c in codes.items() if classify(c) in ("survived", "timeout"))
    names = sorted(codes)
    if len(names) > limit:
        seed = os.environ.get("MUT_SEED", "")  # another seed: an independent sample
        names = sorted(random.Random(f"mutation-{module}{'-' + seed if seed else ''}").sample(names, limit))
    return [n for n in names if codes[n] is None]


def main(argv: list[str]) -> None:
    if argv[0] == "--pick":
        print("\n".join(pick(Path(argv[1]), argv[2], int(argv[3]), argv[4:] == ["survivors"])))
        return
    mut_dir = Path(argv[0])
    modules = argv[1:] or sorted(p.name[:-8] for p in (mut_dir / "mutants" / "core").glob("*.py.meta"))
    cols = ["killed", "survived", "timeout", "no tests", "not run", "other"]
    print("| module | " + " | ".join(cols) + " | total | kill rate |")
    print("|---|" + "---:|" * (len(cols) + 2))
    total: Counter[str] = Counter()
    for m in modules:
        c = module_counts(mut_dir, m)
        total += c
        run = c["killed"] + c["timeout"] + c["survived"]
        rate = f"{100 * (c['killed'] + c['timeout']) / run:.1f} %" if run else "-"
        print(f"| core/{m}.py | " + " | ".join(str(c[k]) for k in cols) + f" | {sum(c.values())} | {rate} |")
    run = total["killed"] + total["timeout"] + total["survived"]
    rate = f"{100 * (total['killed'] + total['timeout']) / run:.1f} %" if run else "-"
    print("| **all** | " + " | ".join(str(total[k]) for k in cols) + f" | {sum(total.values())} | {rate} |")


if __name__ == "__main__":
    main(sys.argv[1:])
