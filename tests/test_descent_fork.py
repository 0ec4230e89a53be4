"""A run's fork computes the next states on another thread without touching the run (its own
small history, from the run's last state); adopting it appends those states, bit for bit
what stepping the run itself gives, and is refused when the run was changed meanwhile."""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np
import pytest

from core import datasets2d as ds
from core.descent import StopReason
from core.linreg import SEED_PRESET, LinearGD
from core.logreg import LogisticGD, LogRegConfig


def logistic(**kw):
    return LogisticGD(ds.blobs(3, 300, 1.0, 0), LogRegConfig(lr=0.3, max_iters=200, **kw))


def test_a_fork_stepped_elsewhere_and_adopted_equals_stepping_the_run():
    a, b = logistic(), logistic()
    a.step(7)
    b.step(7)
    for _ in range(4):
        fork = b.fork()
        before = b.history().copy()
        t = threading.Thread(target=fork.step, args=(13,))
        t.start()
        t.join()
        assert np.array_equal(b.history(), before, equal_nan=True)  # the run itself did not move
        assert b.adopt(fork)
        a.step(13)
    assert a.iteration == b.iteration == 59
    assert np.array_equal(a.history(), b.history(), equal_nan=True)
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.model_losses, b.model_losses)


def test_adopting_is_refused_after_the_run_changed():
    run = logistic()
    run.step(10)
    for change in (lambda r: r.seek(3), lambda r: r.step_back(1), lambda r: r.reset(), lambda r: r.step(1),
                   lambda r: r.set_config(replace(r.config, lr=0.01))):
        fork = run.fork()
        fork.step(5)
        change(run)
        at = run.iteration
        assert not run.adopt(fork)
        assert run.iteration == at


def test_the_cap_and_the_stop_reasons_hold_across_forks():
    run = logistic()
    while run.stop_reason is None:
        fork = run.fork()
        fork.step(37)
        assert run.adopt(fork)
    assert run.iteration == 200 and run.stop_reason is StopReason.MAX_ITERS
    fork = run.fork()
    assert fork.step(5) == 0
    # learning nothing is judged on the whole run, not on the fork's own first state
    still = LogisticGD(ds.seed_dataset(), LogRegConfig(lr=1e-4, max_iters=5, init=(1.0, 1.0, 1.0)))
    fork = still.fork()
    fork.step(5)
    assert still.adopt(fork) and still.stop_reason is StopReason.NO_PROGRESS
    # divergence is carried over
    wild = LogisticGD(ds.seed_dataset(), LogRegConfig(lr=100.0, max_iters=500))
    while wild.stop_reason is None:
        fork = wild.fork()
        fork.step(2)
        assert wild.adopt(fork)
    assert wild.stop_reason is StopReason.DIVERGED and np.isfinite(wild.weights).all()


def test_linear_runs_fork_too():
    a = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    b = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    for n in (1, 50, 700):
        fork = b.fork()
        fork.step(n)
        assert b.adopt(fork)
        a.step(n)
    assert np.array_equal(a.history()[0], b.history()[0]) and np.array_equal(a.history()[2], b.history()[2])


def test_a_reset_of_a_big_run_reuses_its_first_state():
    """Reset re-evaluated every point for the state the history already holds (seconds on a
    million points, on the GUI thread)."""
    run = logistic()
    first = run.history()[0].copy()
    run.step(20)
    calls = []
    real = run._obj.evaluate
    run._obj.evaluate = lambda W: calls.append(1) or real(W)
    run.reset()
    assert calls == [] and run.iteration == 0 and run.history_length == 1
    assert np.array_equal(run.history()[0], first, equal_nan=True)


@pytest.mark.parametrize("n", [1, 3])
def test_a_fork_of_a_fresh_run(n):
    run = logistic()
    fork = run.fork()
    assert fork.step(n) == n
    assert run.adopt(fork) and run.iteration == n and run.history_length == n + 1


# ---- found by the mutation run (scripts/mutation.sh)


def test_a_fork_longer_than_the_runs_spare_room_is_adopted_whole():
    """A worker may compute thousands of states at once: the run grows to take them all."""
    a = LinearGD(SEED_PRESET.points(), replace(SEED_PRESET.config, max_iters=5000))
    b = LinearGD(SEED_PRESET.points(), replace(SEED_PRESET.config, max_iters=5000))
    fork = b.fork()
    assert fork.step(3000) == 3000
    assert b.adopt(fork)
    a.step(3000)
    assert b.iteration == a.iteration == 3000
    for x, y in zip(a.history(), b.history()):
        assert np.array_equal(x, y)


def test_a_fork_is_refused_after_any_number_of_changes():
    """Every change moves the version on: a seek then a new setting cannot bring it back to
    the fork's, so the fork's stale states are never adopted."""
    run = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    run.step(20)
    fork = run.fork()
    run.seek(10)
    run.set_config(replace(SEED_PRESET.config, lr=1e-5))
    fork.step(5)
    assert not run.adopt(fork)
    assert run.iteration == 10 and run.history_length == 11


def test_step_back_by_default_is_one_iteration():
    run = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    run.step(5)
    assert run.step_back() == 1 and run.iteration == 4
    assert run.step_back(0) == 0 and run.iteration == 4
    assert run.step_back(10) == 4 and run.iteration == 0


def test_a_fork_is_refused_after_a_reset_or_a_seek_alone():
    """A new data set (the history restarts) or the timeline dragged while a worker computes:
    the fork's states belong to the old history and are not adopted."""
    run = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    fork = run.fork()
    run.set_points(SEED_PRESET.points())
    fork.step(5)
    assert not run.adopt(fork) and run.history_length == 1

    run = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    fork = run.fork()
    run.seek(0)
    fork.step(5)
    assert not run.adopt(fork) and run.history_length == 1

    run = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    run.step(4)
    fork = run.fork()
    run.seek(2)
    run.set_points(SEED_PRESET.points())
    fork.step(5)
    assert not run.adopt(fork) and run.history_length == 1

    run = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    run.step(10)
    fork = run.fork()
    run.step_back(1)
    run.seek(3)
    fork.step(5)
    assert not run.adopt(fork) and run.iteration == 3
