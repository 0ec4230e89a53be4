"""Refresh the translation catalogue from the sources, then compile it.

    .venv/bin/python scripts/update_translations.py

pyside6-lupdate collects every tr()/translate() string from gui/ into
resources/translations/mlbl_zh_CN.ts (keeping the translations already there and dropping
strings no longer used); translate the entries marked unfinished (Qt Linguist:
`pyside6-linguist`, or any editor), run this again, and pyside6-lrelease writes the .qm the
app loads. tests/test_i18n.py fails while any entry is unfinished or the .qm is stale.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ["zh_CN"]


def tool(name: str) -> str:
    """The PySide6 tool next to this interpreter (falls back to PATH)."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gui").rglob("*.py"))


def lupdate(ts: Path) -> None:
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none", "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def main() -> int:
    for lang in LANGUAGES:
        ts = TS_DIR / f"mlbl_{lang}.ts"
        lupdate(ts)
        lrelease(ts, ts.with_suffix(".qm"))
        unfinished = ts.read_text(encoding="utf-8").count('type="unfinished"')
        print(f"{ts.relative_to(ROOT)}: {unfinished} unfinished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
