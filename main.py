"""ML Basics Lab. `python main.py` starts the app; `python main.py --help` lists the headless commands."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gui import cli  # noqa: E402


def main() -> int:
    """Run the command (the app by default) and leave. A background task may still be running
    at that point (the window closed while torch was being imported, or during a training
    step): ending the interpreter under it printed torch's finalizer errors or aborted in C++
    ("terminate called without an active exception"). Everything the app keeps has been
    saved by then, so the process ends at once instead of tearing the interpreter down
    beneath those threads."""
    status = cli.main()
    tasks = sys.modules.get("gui.tasks")  # only where a command used background tasks (Qt)
    if tasks is not None and tasks.live_threads():
        import logging
        import os

        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    return status


if __name__ == "__main__":
    sys.exit(main())
