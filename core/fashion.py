"""Fashion-MNIST: where the data comes from, and loading it as arrays in memory.

Sources, in order: a folder the user chose; the FASHION_MNIST_DIR environment variable;
the app's own download (FashionMNIST/raw under the folder the caller names: the GUI's data
folder); ./data/FashionMNIST/raw (where the seed's torchvision call puts it; read, never
written); /usr/share/datasets/fashion-mnist
(Debian's dataset-fashion-mnist); and the bundled stratified subset (10,000 training and
2,000 test images, made from the real data by scripts/make_fashion_subset.py), so the lab
works out of the box.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.idx import DatasetError, read_images, read_labels

log = logging.getLogger(__name__)

CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
TORCHVISION_DIR = Path("data/FashionMNIST/raw")
DOWNLOAD_SUBDIR = Path("FashionMNIST/raw")  # below torchvision's root
SUBSET = Path(__file__).resolve().parent.parent / "resources" / "fashion" / "subset.npz"


@dataclass(frozen=True)
class FashionData:
    """Images (n, 28, 28) uint8 and labels (n,) int64, and where they came from."""

    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    source: str  # "folder", "env", "downloaded", "torchvision", "debian" or "bundled"
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
    log.info("reading Fashion-MNIST from %s (%s)", folder, source)
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
    log.info("reading the bundled Fashion-MNIST subset %s", SUBSET)
    if not SUBSET.is_file():
        raise DatasetError("file_not_found", {"path": str(SUBSET)})
    with np.load(SUBSET, allow_pickle=False) as z:
        data = FashionData(z["train_x"], z["train_y"].astype(np.int64), z["test_x"], z["test_y"].astype(np.int64),
                           "bundled", str(SUBSET))
    check_sets(data)
    return data


def candidate_sources(chosen: str | None = None, downloads: Path | None = None) -> list[tuple[str, Path]]:
    """(source, folder) in the order they are tried; `downloads` is torchvision's root of
    the app's own download."""
    out: list[tuple[str, Path]] = []
    if chosen:
        out.append(("folder", Path(chosen)))
    env = os.environ.get("FASHION_MNIST_DIR")
    if env:
        out.append(("env", Path(env)))
    if downloads is not None:
        out.append(("downloaded", Path(downloads) / DOWNLOAD_SUBDIR))
    out.append(("torchvision", TORCHVISION_DIR))
    out.append(("debian", DEBIAN_DIR))
    return out


def _first_source(chosen: str | None, downloads: Path | None) -> tuple[str, Path] | None:
    """The first (source, folder) load_fashion reads: a chosen or configured folder as it
    is (broken, it raises when read), else the first default folder with the four files."""
    for source, folder in candidate_sources(chosen, downloads):
        if source in ("folder", "env") or has_idx_files(folder):
            return source, folder
    return None


def load_fashion(chosen: str | None = None, allow_bundled: bool = True,
                 downloads: Path | None = None) -> FashionData:
    """The first source that has the data. A chosen or configured folder that exists but is
    broken raises (the user asked for it); absent defaults are skipped."""
    first = _first_source(chosen, downloads)
    if first is not None:
        return load_folder(first[1], first[0])
    if allow_bundled:
        return load_bundled()
    # the folders as a list of strings: the message joins them with the language's separator
    raise DatasetError("no_dataset", {"tried": [str(f) for _, f in candidate_sources(chosen, downloads)]})


def stratified_subset(y: np.ndarray, per_class: int, seed: int) -> np.ndarray:
    """Indices of `per_class` examples of every class, in a shuffled order."""
    rng = np.random.default_rng(seed)
    picks = [rng.choice(np.flatnonzero(y == c), size=per_class, replace=False) for c in np.unique(y)]
    idx = np.concatenate(picks)
    rng.shuffle(idx)
    return idx


def locate_source(source: str, location: str = "", downloads: Path | None = None) -> tuple[str, str, bool]:
    """Where load_source reads the data a saved experiment names, without reading it:
    (source, location, fell_back), the location a folder or, for "bundled", the subset's
    file. Exported programs read from there too."""
    if source == "bundled":
        return "bundled", str(SUBSET), False
    if source == "folder" and location:
        folder = Path(location)
        # partly there counts too: reading it says what is missing
        if folder.is_dir() and any(find_file(folder, s) for s in FILES.values()):
            return "folder", str(folder), False
    elif source != "auto":
        for name, folder in candidate_sources(None, downloads):
            if name == source and has_idx_files(folder):
                return source, str(folder), False
    first = _first_source(None, downloads)
    found, where = first if first is not None else ("bundled", SUBSET)
    return found, str(where), source != "auto" and found != source


def load_source(source: str, location: str = "", downloads: Path | None = None) -> tuple[FashionData, bool]:
    """The data a saved experiment names ("bundled", "folder" with its path, "env",
    "downloaded", "torchvision", "debian", or "auto": the first found), and whether it fell
    back to the first source found because the named one is not on this computer. A named
    folder that is there but broken raises, as when the user chooses it."""
    found, where, fell_back = locate_source(source, location, downloads)
    return (load_bundled() if found == "bundled" else load_folder(where, found)), fell_back


def to_fashion_image(bgr: np.ndarray) -> np.ndarray:
    """One's own photo (an (h, w, 3) uint8 BGR array, core.imageio's) as the network sees a
    Fashion-MNIST image: 28×28 uint8 grey, a light object on black. A photo whose top and
    bottom rows are light on average (a dark object on a light background) is inverted."""
    import cv2  # on first use: importing this module stays light

    gray = cv2.cvtColor(np.ascontiguousarray(bgr, dtype=np.uint8), cv2.COLOR_BGR2GRAY)
    if float(gray[0, :].mean() + gray[-1, :].mean()) / 2 > 127:
        gray = 255 - gray
    return cv2.resize(gray, (28, 28), interpolation=cv2.INTER_AREA)
