"""ML Basics Lab. `python main.py` starts the app; `python main.py --help` lists the headless commands."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gui.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
