#!/usr/bin/env bash
# Set up (if needed) and start ML Basics Lab. Extra arguments go to main.py.
# The work is done by scripts/bootstrap.py (the same on every OS); PYTHON chooses the Python.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "${PYTHON:-python3}" "$root/scripts/bootstrap.py" run "$@"
