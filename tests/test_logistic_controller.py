"""The Logistic Regression lab's controller alone (no panel, no view): it owns the run, the
requests for new ones, Newton's optimum and the per-point numbers, and hands out frames."""

from __future__ import annotations

import numpy as np
import pytest

from core import datasets2d as ds
from core.errors import LabError
from core.logreg import LogRegConfig


@pytest.fixture
def controller(qtbot):
    from gui.labs.logistic.controller import LogisticController

    c = LogisticController()
    yield c
    c.tasks.shutdown()


def blobs(k=3, n_each=40, seed=0):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal((4 * np.cos(2 * np.pi * c / k), 4 * np.sin(2 * np.pi * c / k)), 0.5, (n_each, 2))
                   for c in range(k)])
    return ds.make_labeled(X, np.repeat(np.arange(k), n_each), min_classes=2)


def request(data, config=None, mask=None, split=(0.0, 0), refit=True):
    from gui.labs.logistic.controller import Request

    return Request(data, mask, split, config or LogRegConfig(lr=0.5, max_iters=500), None, "external", "", refit)


def test_it_starts_on_the_seeds_run_and_solves_its_optimum(qtbot, controller):
    assert controller.source == "seed" and controller.data.n == 300 and controller.gd.config.lr == 0.1
    assert controller.gd.config.init == (1.0, 1.0, 1.0) and controller.own_start() is None
    qtbot.waitUntil(lambda: controller.reference() is not None, timeout=10000)
    assert controller.reference_error is None and np.isfinite(controller.reference_loss)
    f = controller.curves_frame()
    assert f.loss_test is None and f.iteration == 0 and f.last == 0
    assert f.reference_loss == controller.reference_loss


def test_small_data_is_installed_at_once_and_a_refusal_changes_nothing(qtbot, controller):
    serial = controller.serial
    with qtbot.waitSignal(controller.run_replaced) as sig:
        assert controller.request(request(blobs())) is True
    assert sig.args == [True] and controller.serial == serial + 1 and not controller.same_points
    assert controller.data.k == 3 and controller.gd.decomposition.models == 3
    gd = controller.gd
    everything_held_out = np.ones(controller.data.n, dtype=bool)
    with pytest.raises(LabError) as info:
        controller.request(request(controller.data, mask=everything_held_out))
    assert info.value.code == "no_training_points" and controller.gd is gd
    # other models on the same points: the points stay (the scatters are not rebuilt)
    with qtbot.waitSignal(controller.run_replaced) as sig:
        controller.request(request(controller.data, LogRegConfig(lr=0.5, strategy="softmax"), controller.mask,
                                   refit=False))
    assert sig.args == [False] and controller.same_points and controller.gd.config.strategy == "softmax"


def test_big_data_is_prepared_on_a_worker_and_the_latest_request_wins(qtbot, controller):
    controller.async_points = 100
    old = controller.gd
    with qtbot.waitSignal(controller.preparing) as sig:
        assert controller.request(request(blobs(3, 50))) is None
    assert sig.args == [150] and controller.is_computing() and controller.gd is old
    controller.request(request(blobs(4, 50)))  # supersedes the first
    assert controller.retarget(LogRegConfig(lr=0.05, max_iters=500)) is False  # a rate: applied when in
    with qtbot.waitSignal(controller.prepared, timeout=20000):
        pass
    assert not controller.is_computing() and controller.data.k == 4 and controller.gd.config.lr == 0.05
    # a failure of the latest request is reported with it; the run on screen stays
    gd = controller.gd
    with qtbot.waitSignal(controller.prepare_failed, timeout=20000) as sig:
        controller.request(request(controller.data, mask=np.ones(controller.data.n, dtype=bool)))
    exc, req = sig.args
    assert isinstance(exc, LabError) and exc.code == "no_training_points" and req.data is controller.data
    assert controller.gd is gd and not controller.is_computing()


def test_numbers_count_every_point_and_follow_the_run(qtbot, controller):
    controller.request(request(blobs(), split=(0.25, 1)))
    assert controller.mask.sum() == 30
    controller.gd.step(200)
    with qtbot.waitSignal(controller.numbers_changed) as sig:
        assert controller.update_numbers() is True
    numbers = sig.args[0]
    assert numbers is controller.numbers()
    assert numbers.confusion_train.sum() == 90 and numbers.confusion_test.sum() == 30
    assert np.trace(numbers.confusion_train) >= 85
    assert controller.update_numbers() is False  # the same state: nothing to count
    controller.gd.step(1)
    with qtbot.waitSignal(controller.numbers_changed):
        controller.update_numbers()
    f = controller.curves_frame()
    assert f.loss_test is not None and f.iteration == 201 and len(f.iterations) == len(f.loss_train)


def test_map_frames(qtbot, controller):
    controller.request(request(blobs(), LogRegConfig(lr=0.5, strategy="ovr")))
    controller.gd.step(100)
    view = ((-6.0, 6.0), (-6.0, 6.0))
    frame = controller.map_frame(view, models=True)
    assert frame is not None and frame.rgb.shape == (200, 200, 3) and frame.rgb.dtype == np.uint8
    x, y, w, h = frame.rect
    assert x < -6.0 and x + w > 6.0 and y < -6.0 and y + h > 6.0
    assert len(frame.boundary[0]) > 0 and [c for c, _, _ in frame.model_lines] == [0, 1, 2]
    assert controller.map_frame(view, models=False).model_lines == ()
    assert controller.map_frame(((1.0, 1.0), (0.0, 1.0)), models=False) is None  # an empty view
    assert controller.map_frame(((0.0, float("nan")), (0.0, 1.0)), models=False) is None
    key = controller.frame_key()
    controller.gd.step(1)
    assert controller.frame_key() != key
