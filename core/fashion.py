"""Fashion-MNIST: where the data comes from, and loading it as arrays in memory.

Sources, in order: a folder the user chose; the FASHION_MNIST_DIR environment variable;
./data/FashionMNIST/raw (torchvision's layout); /usr/share/datasets/fashion-mnist
(Debian's dataset-fashion-mnist); and the bundled stratified subset (10,000 training and
2,000 test images, made from the real data by scripts/make_fashion_subset.py), so the lab
works out of the box.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.idx import DatasetError, read_images, read_labels

CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
TORCHVISION_DIR = Path("data/FashionMNIST/raw")
SUBSET = Path(__file__).resolve().parent.parent / "resources" / "fashion" / "subset.npz"


@dataclass(frozen=True)
class FashionData:
    """Images (n, 28, 28) uint8 and labels (n,) int64, and where they came from."""

    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    source: str  # "folder", "env", "torchvision", "debian" or "bundled"
    location: str

    @property
    def is_full(self) -> bool:
        return self.source != "bundled"


def find_file(folder: Path, stem: str) -> Path | None:
    """`stem` or `stem.gz` in folder (also torchvision's and Kaggle's dotted names)."""
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx"), stem.replace("-idx", ".idx") + ".gz"):
        p = folder / name
        if p.is_file():
            return p
    return None


def has_idx_files(folder: Path) -> bool:
    return folder.is_dir() and all(find_file(folder, stem) for stem in FILES.values())


def load_folder(folder: str | os.PathLike[str], source: str = "folder") -> FashionData:
    """The four IDX files of a folder, every one checked (see core.idx)."""
    f = Path(folder)
    if not f.is_dir():
        raise DatasetError("folder_not_found", {"path": str(f)})
    paths = {}
    for key, stem in FILES.items():
        p = find_file(f, stem)
        if p is None:
            raise DatasetError("idx_missing", {"path": str(f), "file": stem})
        paths[key] = p
    train_x = read_images(paths["train_images"])
    train_y = read_labels(paths["train_labels"])
    test_x = read_images(paths["test_images"])
    test_y = read_labels(paths["test_labels"])
    data = FashionData(train_x, train_y, test_x, test_y, source, str(f))
    check_sets(data)
    return data


def check_sets(data: FashionData) -> None:
    """Both sets usable: as many labels as images, 28×28 images, and at least one of each.
    `set` in the errors is a code ("train" or "test") that the message translates."""
    for x, y, key in ((data.train_x, data.train_y, "train"), (data.test_x, data.test_y, "test")):
        if x.shape[0] != y.shape[0]:
            raise DatasetError("idx_count_mismatch", {"path": data.location, "set": key, "images": int(x.shape[0]),
                                                      "labels": int(y.shape[0])})
        if x.ndim != 3 or x.shape[1:] != (28, 28):
            raise DatasetError("idx_bad_shape", {"path": data.location, "shape": list(x.shape)})
        if x.shape[0] == 0:  # an empty set would leave the lab with nothing to train on or score
            raise DatasetError("empty_set", {"path": data.location, "set": key})


def load_bundled() -> FashionData:
    """The stratified subset shipped with the app."""
    if not SUBSET.is_file():
        raise DatasetError("file_not_found", {"path": str(SUBSET)})
    with np.load(SUBSET, allow_pickle=False) as z:
        data = FashionData(z["train_x"], z["train_y"].astype(np.int64), z["test_x"], z["test_y"].astype(np.int64),
                           "bundled", str(SUBSET))
    check_sets(data)
    return data


def candidate_sources(chosen: str | None = None) -> list[tuple[str, Path]]:
    """(source, folder) in the order they are tried."""
    out: list[tuple[str, Path]] = []
    if chosen:
        out.append(("folder", Path(chosen)))
    env = os.environ.get("FASHION_MNIST_DIR")
    if env:
        out.append(("env", Path(env)))
    out.append(("torchvision", TORCHVISION_DIR))
    out.append(("debian", DEBIAN_DIR))
    return out


def load_fashion(chosen: str | None = None, allow_bundled: bool = True) -> FashionData:
    """The first source that has the data. A chosen or configured folder that exists but is
    broken raises (the user asked for it); absent defaults are skipped."""
    for source, folder in candidate_sources(chosen):
        if source in ("folder", "env"):
            return load_folder(folder, source)
        if has_idx_files(folder):
            return load_folder(folder, source)
    if allow_bundled:
        return load_bundled()
    # the folders as a list of strings: the message joins them with the language's separator
    raise DatasetError("no_dataset", {"tried": [str(f) for _, f in candidate_sources(chosen)]})


def stratified_subset(y: np.ndarray, per_class: int, seed: int) -> np.ndarray:
    """Indices of `per_class` examples of every class, in a shuffled order."""
    rng = np.random.default_rng(seed)
    picks = [rng.choice(np.flatnonzero(y == c), size=per_class, replace=False) for c in np.unique(y)]
    idx = np.concatenate(picks)
    rng.shuffle(idx)
    return idx
