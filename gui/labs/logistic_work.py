"""The Logistic lab's work that grows with the data, kept free of widgets so it can run on the
lab's TaskRunner: preparing a data set for the screen (the run, its design matrix, the split,
the points drawn) and the per-point numbers of a state (predictions, confusion matrices).

A million points took 5.6 s to set up and 15 s to switch to one-vs-one with polynomial
features, all on the GUI thread; here that work is a function of immutable inputs, run on a
worker for big data (the old state stays on screen until the new one is ready).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core import datasets2d as ds
from core.logreg import (
    Decomposition,
    LogisticGD,
    LogRegConfig,
    design,
    predict_from_logits,
)
from core.metrics import confusion_matrix
from gui.widgets.points_view import drawn_sample

# data at least this large is prepared on a worker thread (smaller data takes a few ms)
ASYNC_POINTS = 20_000
# at most this many points are drawn (a sample, said so on screen); every point trains
MAX_DRAWN = 10_000


@dataclass(frozen=True, eq=False)
class PreparedRun:
    """A data set ready for the screen: nothing in it is computed on the GUI thread."""

    data: ds.Labeled
    mask: np.ndarray  # True: a test point
    source: str
    csv_path: str
    gd: LogisticGD
    A_points: np.ndarray  # design(data.X, poly), for the predictions of every point
    drawn: np.ndarray  # the indices of the points drawn on the map (all, or a sample)
    balance: np.ndarray  # (models, 2) points on each model's positive and negative side


def prepare_state(data: ds.Labeled, mask: np.ndarray | None, split: tuple[float, int], config: LogRegConfig,
                  start: np.ndarray | None, source: str, csv_path: str) -> PreparedRun:
    """Everything a data set needs before it is shown. `mask` None: split off `split`'s
    fraction of the points (stratified, seeded) for testing. Raises LabError (or anything
    else that goes wrong) without touching the lab."""
    if mask is None:
        fraction, seed = split
        mask = np.zeros(data.n, dtype=bool) if fraction <= 0 else ds.split_mask(data.n, fraction, seed, data.y)
    gd = LogisticGD(data, config, mask, start_weights=start)
    A = design(data.X, config.poly)
    return PreparedRun(data, mask, source, csv_path, gd, A, drawn_sample(data.n, MAX_DRAWN), gd.decomposition.balance())


@dataclass(frozen=True, eq=False)
class Numbers:
    """What the per-point predictions of one state show: misclassified drawn points and the
    confusion matrices (rows true, columns predicted) of the training and the test points."""

    key: tuple
    pred_drawn: np.ndarray
    wrong_drawn: np.ndarray
    wrong_total: int
    confusion_train: np.ndarray
    confusion_test: np.ndarray


def numbers_of(key: tuple, A: np.ndarray, W: np.ndarray, dec: Decomposition, y: np.ndarray, mask: np.ndarray,
               drawn: np.ndarray) -> Numbers:
    """The predictions of weights W on every point, summed up (O(n); a worker's job for big data)."""
    pred = predict_from_logits(A @ W, dec)
    wrong = pred != y
    train, test = confusion_matrix(y[~mask], pred[~mask], dec.k), confusion_matrix(y[mask], pred[mask], dec.k)
    return Numbers(key, pred[drawn], wrong[drawn], int(wrong.sum()), train, test)
