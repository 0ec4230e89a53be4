#!/usr/bin/env bash
# Create .venv in the checkout (if needed) and install the app with its extras; nothing else.
# The work is done by scripts/bootstrap.py (the same on every OS); PYTHON chooses the Python.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "${PYTHON:-python3}" "$root/scripts/bootstrap.py" setup "$@"
