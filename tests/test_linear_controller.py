"""The Linear Regression lab's controller alone (no panel, no view): it owns the data and its
run, the requests for new data, a saved run's replay, and hands out frames."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from core.errors import ConfigError, DataError, LabError
from core.linreg import SEED_PRESET, least_squares, make_points
from gui.labs.linear.state import LinearState


@pytest.fixture
def controller(qtbot):
    from gui.labs.linear.controller import LinearController

    c = LinearController()
    yield c
    c.tasks.shutdown()


def line_points(n=50, slope=2.0, intercept=1.0, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    return make_points(x, slope * x + intercept + rng.normal(0, 0.1, n))


def test_it_starts_on_the_seeds_run(controller):
    c = controller
    assert c.source == "seed" and c.points.n == SEED_PRESET.n and c.gd.config == SEED_PRESET.config
    assert c.gd.iteration == 0 and c.drawn.size == SEED_PRESET.n
    schedule, computed, iteration = c.position()
    assert schedule.shape == (0, 6) and (computed, iteration) == (0, 0)
    f = c.run_frame()
    assert (f.iteration, f.last, f.count) == (0, 0, 1)
    assert f.loss[1] == pytest.approx([np.log10(c.gd.loss)])
    assert f.log_jstar == pytest.approx(np.log10(c.ols.loss))
    xs, ys = f.line
    assert ys == pytest.approx(c.gd.intercept + c.gd.slope * xs)
    assert xs[0] < c.points.x.min() and xs[1] > c.points.x.max()
    p = c.points_frame()
    assert len(p.x) == SEED_PRESET.n and np.array_equal(p.y, c.points.y)


def test_new_data_is_installed_at_once_and_a_refusal_changes_nothing(qtbot, controller):
    c = controller
    serial = c.serial
    pts = line_points()
    with qtbot.waitSignal(c.run_replaced) as sig:
        assert c.new_data(pts, "external") is True
    assert sig.args == [True] and c.serial == serial + 1
    assert c.points is pts and c.source == "external" and c.gd.iteration == 0
    assert c.ols.slope == pytest.approx(least_squares(pts).slope)
    gd, serial = c.gd, c.serial
    far = replace(c.gd.config, start=(1e200, 1e200))  # J overflows there on any data
    with qtbot.assertNotEmitted(c.run_replaced):
        with pytest.raises(ConfigError) as info:
            c.new_data(line_points(seed=1), "external", config=far)
        with pytest.raises(DataError):
            c.set_points([1.0], [2.0], "external")  # one point is no data set
    assert info.value.code == "start_too_far" and c.gd is gd and c.points is pts and c.serial == serial


def test_edits_and_the_generator_go_on_from_the_current_line(qtbot, controller, monkeypatch):
    from gui.labs.linear import controller as module

    c = controller
    c.gd.step(40)
    line = (c.gd.intercept, c.gd.slope)
    with qtbot.waitSignal(c.run_replaced) as sig:
        c.add_point(150.0, 200.0)
    assert sig.args == [False] and c.source == "edited" and c.points.n == SEED_PRESET.n + 1
    assert c.gd.iteration == 0 and (c.gd.intercept, c.gd.slope) == line and c.gd.config.start == line
    c.generate(300, 1.5, -20.0, 2.0, 9)
    assert c.source == "synthetic" and c.points.n == 300 and (c.gd.intercept, c.gd.slope) == line
    with pytest.raises(DataError):
        c.generate(10**7, 1.0, 0.0, 1.0, 0)  # beyond the points the lab takes
    # the plot may show a sample: a drawn point's index is mapped to the data's
    monkeypatch.setattr(module, "MAX_DRAWN", 100)
    c.new_data(line_points(3000), "external")
    assert c.drawn.size == 100 and len(c.points_frame().x) == 100
    j = int(c.drawn[7])
    c.move_point(7, 5.0, 100.0)
    assert (c.points.x[j], c.points.y[j]) == (5.0, 100.0) and c.points.n == 3000
    c.remove_point(7)
    assert c.points.n == 2999 and 100.0 not in c.points.y


def test_big_data_is_prepared_on_a_worker_and_the_latest_request_wins(qtbot, controller):
    c = controller
    c.async_points = 100
    old = c.gd
    with qtbot.waitSignal(c.preparing) as sig:
        assert c.new_data(line_points(150), "external") is None
    assert sig.args == [150] and c.is_computing() and c.gd is old
    second = line_points(200, slope=-3.0)
    c.new_data(second, "csv", path="/data/second.csv")  # supersedes the first
    # settings chosen while it is prepared apply to the new run as well
    c.set_config(replace(c.gd.config, lr=2e-5))
    with qtbot.waitSignal(c.prepared, timeout=20000) as sig:
        pass
    run = sig.args[0]
    assert not c.is_computing() and c.points is second and run is c.run
    assert c.source == "csv" and c.csv_path == "/data/second.csv" and c.gd.config.lr == 2e-5
    assert c.stab == c.gd.stability()
    # a failure of the latest request is reported with it; the run on screen stays
    gd = c.gd
    far = replace(c.gd.config, start=(1e200, 1e200))
    with qtbot.waitSignal(c.prepare_failed, timeout=20000) as sig:
        c.new_data(line_points(300, seed=3), "external", config=far)
    exc, req = sig.args
    assert isinstance(exc, LabError) and exc.code == "start_too_far" and req.points.n == 300
    assert c.gd is gd and not c.is_computing()


def test_small_data_replaces_big_data_on_its_way(qtbot, controller):
    c = controller
    c.async_points = 100
    c.new_data(line_points(150), "external")
    small = line_points(20)
    assert c.new_data(small, "external") is True and not c.is_computing()
    qtbot.wait(300)  # the big one's result comes, and is dropped
    assert c.points is small


def test_settings_and_the_start(controller):
    c = controller
    assert c.valley.cause == "none"  # the seed's ×10000 intercept rate makes up for x in 100–200
    assert c.set_config(replace(c.gd.config, lr=1e-5, intercept_lr_scale=1.0)) is False
    assert c.gd.config.lr == 1e-5 and c.stab == c.gd.stability()
    assert c.valley.cause == "offset" and c.valley == c.gd.valley()  # at ×1: x lies far from 0
    assert c.set_config(c.settings(0.5, 1.0, True, 500, 0.0)) is True  # standardized: other coordinates
    assert c.gd.config.start == (1.0, 1.0) and c.valley.cause == "none"
    before = c.gd.config
    with pytest.raises(ConfigError):
        c.set_config(replace(before, lr=-1.0))
    assert c.gd.config == before
    o0, o1 = c.gd.internal_optimum
    c.choose_start(o0 + 1.0, o1 - 2.0)
    assert c.gd.internal_theta == pytest.approx((o0 + 1.0, o1 - 2.0)) and c.gd.iteration == 0
    with pytest.raises(ConfigError):
        c.choose_start(0.0, 1e200)
    assert c.gd.internal_theta == pytest.approx((o0 + 1.0, o1 - 2.0))


def saved_state(computed=700, iteration=650):
    """A synthetic data set's run whose rate was 3e-5 up to iteration 300 and 5e-5 after it."""
    from gui.labs.linear.state import schedule_table

    earlier = replace(SEED_PRESET.config, lr=3e-5)
    return LinearState(source="synthetic", n=400, seed=4, lr=5e-5, schedule=schedule_table(((300, earlier),)),
                       computed=computed, iteration=iteration)


def test_a_short_saved_run_is_replayed_at_once(qtbot, controller):
    st = saved_state()
    with qtbot.waitSignal(controller.run_replaced):
        assert controller.restore(st) is True
    expected = st.build_run()
    gd = controller.gd
    assert (gd.iteration, gd.history_length) == (650, 701) and not controller.is_replaying()
    for a, b in zip(gd.history(10**9), expected.history(10**9)):
        assert np.array_equal(a, b)
    schedule, computed, iteration = controller.position()
    assert schedule == st.schedule and (computed, iteration) == (700, 650)


def test_a_long_saved_run_is_replayed_on_a_worker(qtbot, controller):
    c = controller
    c.async_replay = 100
    st = saved_state()
    with qtbot.waitSignal(c.replaying) as sig:
        assert c.restore(st) is False
    assert sig.args == [700] and c.is_replaying()
    # meanwhile: the new data at its start, and the state says where it is going
    assert c.points.n == 400 and c.gd.iteration == 0
    schedule, computed, iteration = c.position()
    assert schedule == st.schedule and (computed, iteration) == (700, 650)
    with qtbot.waitSignal(c.replayed, timeout=20000):
        pass
    expected = st.build_run()
    assert (c.gd.iteration, c.gd.history_length) == (650, 701) and not c.is_replaying()
    for a, b in zip(c.gd.history(10**9), expected.history(10**9)):
        assert np.array_equal(a, b)
    assert c.position()[1:] == (700, 650)


def test_a_change_while_replaying_wins(qtbot, controller):
    c = controller
    c.async_replay = 100
    c.restore(saved_state())
    c.set_config(replace(c.gd.config, lr=1e-5))  # the user's change, before the replay is in
    assert not c.is_replaying() and c.position()[1:] == (0, 0)
    with qtbot.assertNotEmitted(c.replayed, wait=500):
        pass
    assert c.gd.iteration == 0 and c.gd.history_length == 1 and c.gd.config.lr == 1e-5


def test_a_refused_state_changes_nothing(qtbot, controller):
    gd = controller.gd
    with qtbot.assertNotEmitted(controller.run_replaced):
        with pytest.raises(LabError) as info:
            controller.restore(LinearState(start_b=1e200, start_k=1e200))
    assert info.value.code == "start_too_far" and controller.gd is gd


def test_run_frames_follow_the_cursor(controller):
    c = controller
    c.gd.step(200)
    c.gd.seek(120)
    f = c.run_frame()
    b, k, losses = c.gd.history()
    assert (f.iteration, f.last, f.count) == (120, 200, 121)
    c0, c1 = c.gd.to_internal(b, k)
    assert np.array_equal(f.path[0], c0) and np.array_equal(f.path[1], c1)
    assert f.current == pytest.approx(c.gd.internal_theta) and f.optimum == pytest.approx(c.gd.internal_optimum)
    assert f.start == pytest.approx(c.gd.to_internal(1.0, 1.0))
    assert np.array_equal(f.loss[0], np.arange(121)) and f.loss[1] == pytest.approx(np.log10(losses))
    excess = losses - c.ols.loss
    assert f.excess[1] == pytest.approx(np.log10(excess[excess > 0]))
    assert f.span == (pytest.approx(min(losses.min(), excess[excess > 0].min())), pytest.approx(losses.max()))


def test_surface_frames_and_the_box_that_fits_the_path(controller):
    c = controller
    c.gd.step(100)
    box = c.surface_box()
    (b0, b1), (k0, k1) = box
    o0, o1 = c.gd.internal_optimum
    s0, s1 = c.gd.to_internal(*c.gd.config.start)
    for x, y in ((o0, o1), (s0, s1), c.gd.internal_theta):
        assert b0 < x < b1 and k0 < y < k1
    f = c.surface_frame(box)
    assert f.image.shape == (160, 160) and f.image.min() == 0.0 and f.image.max() == 1.0
    x, y, w, h = f.rect
    assert x < b0 and x + w > b1 and y < k0 and y + h > k1
    # the darkest band lies at the optimum
    i = int(np.argmin(np.abs(np.linspace(b0, b1, 160) - o0)))
    j = int(np.argmin(np.abs(np.linspace(k0, k1, 160) - o1)))
    assert f.image[i, j] == 0.0
    assert c.surface_frame(((1.0, 1.0), (0.0, 1.0))) is None  # an empty view
    assert c.surface_frame(((0.0, float("nan")), (0.0, 1.0))) is None
    assert c.surface_frame(((-1e3, 1e3), (1e150, 1e160))).image.max() == 1.0  # overflow: the top band


def test_the_settings_builder_keeps_the_runs_start(controller):
    controller.choose_start(*controller.gd.to_internal(5.0, -1.0))
    cfg = controller.settings(1e-4, 10.0, False, 900, 1e-9)
    assert (cfg.lr, cfg.intercept_lr_scale, cfg.standardize, cfg.max_iters, cfg.tol) == (1e-4, 10.0, False, 900, 1e-9)
    assert cfg.start == controller.gd.config.start and cfg.start == pytest.approx((5.0, -1.0))
