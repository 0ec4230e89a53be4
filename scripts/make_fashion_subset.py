"""Make the bundled Fashion-MNIST subset from the real data.

    .venv/bin/python scripts/make_fashion_subset.py [FOLDER]

Reads the four IDX files (default: Debian's /usr/share/datasets/fashion-mnist), takes a
stratified sample of 1,000 training and 200 test images per class (10,000 / 2,000), and
writes resources/fashion/subset.npz (compressed, about 5 MB).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.fashion import DEBIAN_DIR, SUBSET, load_folder, stratified_subset  # noqa: E402


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEBIAN_DIR
    data = load_folder(folder)
    tr = stratified_subset(data.train_y, 1000, seed=0)
    te = stratified_subset(data.test_y, 200, seed=1)
    SUBSET.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(SUBSET, train_x=data.train_x[tr], train_y=data.train_y[tr].astype(np.uint8),
                        test_x=data.test_x[te], test_y=data.test_y[te].astype(np.uint8))
    print(f"wrote {SUBSET} ({SUBSET.stat().st_size / 1e6:.2f} MB): {len(tr)} train, {len(te)} test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
