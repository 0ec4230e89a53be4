"""core.race without Qt: the racers move together and equal independent runs."""

import numpy as np

from core.linreg import GDConfig, LinearGD, synthetic_points
from core.optim import OptimConfig
from core.race import Race, arrival


def configs():
    return [GDConfig(lr=5e-5, intercept_lr_scale=1e4, max_iters=800, start=(1.0, 1.0)),
            GDConfig(lr=5e-6, intercept_lr_scale=1e4, max_iters=800, start=(1.0, 1.0),
                     optimizer=OptimConfig("momentum", lr=5e-6)),
            GDConfig(lr=0.5, max_iters=800, start=(1.0, 1.0), optimizer=OptimConfig("adam", lr=0.5)),
            GDConfig(lr=5e-5, intercept_lr_scale=1e4, max_iters=800, start=(1.0, 1.0),
                     optimizer=OptimConfig("sgd", lr=5e-5, batch_size=16))]


def test_arrival_is_the_first_iteration_within_the_tolerance():
    losses = np.array([10.0, 5.0, 2.0, 1.01, 1.5, 1.0001, 1.0])
    assert arrival(losses, 1.0, 1e-3) == 5  # J − J* ≤ 1e-3·9
    assert arrival(losses, 1.0, 1e-6) == 6
    assert arrival(losses[:5], 1.0, 1e-3) is None


def test_the_racers_equal_independent_runs_forward_back_and_with_a_budget():
    pts = synthetic_points(300, 0.43, 73, 5.3, 1)
    race = Race(pts, configs())
    for _ in range(30):
        race.step(10, time_budget=0.0005)  # as the player does: a slice of time per frame
    race.step_back(7)
    race.seek(race.iteration)
    for i in (race.iteration, 123, 0):
        race.seek(i)
        for run, cfg in zip(race.runs, configs()):
            ref = LinearGD(pts, cfg)
            ref.step(i)
            assert run.iteration == ref.iteration == i
            assert (run.intercept, run.slope, run.loss) == (ref.intercept, ref.slope, ref.loss)
    standings = race.standings()
    assert [s.rule for s in standings] == ["gd", "momentum", "adam", "sgd"]
