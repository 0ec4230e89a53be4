"""Fill translations into the catalogue from a JSON file, then compile it.

    .venv/bin/python scripts/fill_translations.py zh.json [--lang zh_CN] [--replace]

zh.json maps English sources to translations: {"Open": "打开", ...}, or, where the same
source needs different words in two contexts, "Context|Source" keys. Only unfinished
entries are filled unless --replace is given (then finished ones with that source change
too). Prints what it could not place; run scripts/update_translations.py first so the new
sources are in the catalogue.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import update_translations  # noqa: E402


def fill(ts: Path, table: dict[str, str], replace: bool) -> tuple[int, set[str]]:
    tree = ET.parse(ts)
    used: set[str] = set()
    count = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                continue
            key = f"{name}|{source}" if f"{name}|{source}" in table else source
            if key not in table:
                continue
            unfinished = translation.get("type") == "unfinished"
            if unfinished or replace:
                translation.text = table[key]
                translation.attrib.pop("type", None)
                used.add(key)
                count += 1
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return count, set(table) - used


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("table", type=Path)
    ap.add_argument("--lang", default="zh_CN")
    ap.add_argument("--replace", action="store_true", help="also change finished translations")
    args = ap.parse_args()
    table = json.loads(args.table.read_text(encoding="utf-8"))
    ts = update_translations.TS_DIR / f"mlbl_{args.lang}.ts"
    count, unused = fill(ts, table, args.replace)
    update_translations.main()  # normalises the file and compiles the .qm
    print(f"filled {count} entries")
    for key in sorted(unused):
        print(f"not placed: {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
