"""core.descent's shared stop rules and run loop, by hand-made loss sequences (found by the
mutation run: the tolerance rule and the rise rule for small losses were reached by no test)."""

from dataclasses import replace

import numpy as np
import pytest

from core.descent import DIVERGE_RISES, DescentRun, StopReason
from core.linreg import SEED_PRESET, LinearGD
from core.logreg import LogisticGD, LogRegConfig
from core import datasets2d as ds


def judge_all(losses, tol=0.0):
    """The verdicts of DescentRun.judge on a loss sequence, one per new loss."""
    run = DescentRun()
    run._rises = 0
    return [run.judge(prev, loss, tol) for prev, loss in zip(losses, losses[1:])]


def test_small_losses_that_keep_rising_diverge():
    # a logistic loss lives near 0.7: its rises are far below 1 but still a divergence
    assert judge_all([0.70, 0.71, 0.72, 0.73]) == [None, None, StopReason.DIVERGED]
    assert DIVERGE_RISES == 3


def test_a_fall_resets_the_count_of_rises():
    assert judge_all([0.5, 0.6, 0.7, 0.65, 0.7, 0.8]) == [None, None, None, None, None]


def test_equal_losses_are_not_rises():
    assert judge_all([0.5, 0.5, 0.5, 0.5]) == [None, None, None]


@pytest.mark.parametrize("tol", [1e-6, 0.01, 0.5])
def test_a_fall_within_the_tolerance_stops_the_run(tol):
    loss = 0.4
    assert judge_all([loss + 0.9 * tol * loss, loss], tol) == [StopReason.TOLERANCE]
    assert judge_all([loss + 1.1 * tol * loss, loss], tol) == [None]
    assert judge_all([loss + 1e-9, loss], 0.0) == [None]  # tol 0: no tolerance rule


def test_a_logistic_run_with_a_tolerance_stops_before_its_cap():
    gd = LogisticGD(ds.blobs(2, 200, 2.0, 0), LogRegConfig(lr=0.3, max_iters=3000, tol=1e-4))  # overlapping
    gd.run()
    assert gd.stop_reason is StopReason.TOLERANCE and gd.iteration < 3000
    losses = gd.history()[:, 0]
    assert losses[-2] - losses[-1] <= 1e-4 * losses[-1]
    assert all(a - b > 1e-4 * b for a, b in zip(losses[:-2], losses[1:-1]))  # not one step earlier


def test_run_stops_at_max_seconds():
    gd = LinearGD(SEED_PRESET.points(), replace(SEED_PRESET.config, lr=1e-9, max_iters=2_000_000))
    assert gd.run(max_seconds=0.05) is None
    assert 0 < gd.iteration < 2_000_000


def test_a_fork_is_refused_after_a_step_and_a_seek():
    run = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    run.step(20)
    fork = run.fork()
    run.step(3)
    run.seek(run.iteration)
    fork.step(5)
    assert not run.adopt(fork)
    assert run.iteration == 23


def test_stepping_after_a_step_back_replays_then_computes():
    """Back 5, forward 3 replays stored states; forward 10 more replays 2 and computes 8
    (mutation survivors of the second, independent sample: the replay arithmetic)."""
    gd = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    gd.step(10)
    loss10 = gd.history()[2].copy()
    assert gd.step_back(5) == 5 and gd.iteration == 5
    assert gd.step(3) == 3 and gd.iteration == 8 and gd.history_length == 11
    assert gd.step(10) == 10 and gd.iteration == 18 and gd.history_length == 19
    assert np.array_equal(gd.history()[2][:11], loss10)  # the replayed states are the stored ones


def test_the_cap_holds_for_a_run_a_new_setting_and_a_fork():
    cfg = replace(SEED_PRESET.config, max_iters=20)
    gd = LinearGD(SEED_PRESET.points(), cfg)
    assert gd.step(30) == 20 and gd.stop_reason is StopReason.MAX_ITERS
    gd.set_config(replace(cfg, lr=1e-5))  # a new setting at the cap: nothing left to compute
    assert gd.stop_reason is None
    assert gd.step(1) == 0 and gd.stop_reason is StopReason.MAX_ITERS

    run = LinearGD(SEED_PRESET.points(), cfg)
    run.step(15)
    fork = run.fork()
    assert fork.step(100) == 5 and fork.stop_reason is StopReason.MAX_ITERS
    assert run.adopt(fork) and run.iteration == 20 and run.stop_reason is StopReason.MAX_ITERS


def test_a_fork_is_refused_after_a_step_of_a_fresh_run_and_after_another_forks_adoption():
    run = LinearGD(SEED_PRESET.points(), SEED_PRESET.config)
    fork = run.fork()
    run.step(3)
    fork.step(2)
    assert not run.adopt(fork) and run.iteration == 3

    run.step(2)
    old = run.fork()
    run.seek(run.iteration)
    new = run.fork()
    new.step(3)
    assert run.adopt(new) and run.iteration == 8
    old.step(3)
    assert not run.adopt(old) and run.iteration == 8
