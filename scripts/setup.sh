#!/usr/bin/env bash
# Create .venv in the repo root (if needed) and install the app with its test tools.
# Re-running is cheap: pip runs only when pyproject.toml changed since the last install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
py="${PYTHON:-python3.11}"
command -v "$py" >/dev/null 2>&1 || py=python3
if ! "$py" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 13) else 1)'; then
    echo "ML Basics Lab needs Python 3.11 or 3.12 (found: $("$py" --version 2>&1))." >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv ..." >&2
    "$py" -m venv .venv
fi
stamp=.venv/.mlbl-installed
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installing dependencies into .venv (the first time takes a few minutes: torch is large) ..." >&2
    # pip warns about every local index folder that lacks a package: keep only real messages
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    echo "$want" > "$stamp"
fi
