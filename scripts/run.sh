#!/usr/bin/env bash
# Set up (if needed) and start ML Basics Lab. Extra arguments go to main.py.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
exec "$root/.venv/bin/python" "$root/main.py" "$@"
