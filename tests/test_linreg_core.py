"""core.linreg: gradient descent against the closed form and the seed's own loop."""

from dataclasses import replace

import numpy as np
import pytest

from core.errors import ConfigError, DataError
from core.linreg import (
    DIVERGE_RISES,
    MAX_ITERS,
    MAX_NOISE,
    MAX_POINTS,
    SEED_PRESET,
    GDConfig,
    LinearGD,
    Moments,
    StopReason,
    least_squares,
    load_points_csv,
    loss_grid,
    make_points,
    stability,
    synthetic_points,
)


def seed_loop(x, y, iters=3000, k=1.0, b=1.0, lr=0.00005, scale=10000):
    """The seed's loop from section 1.1, verbatim but for the plotting."""
    size = x.shape[0]
    for _ in range(iters):
        y_pred = k * x + b
        k = k - (lr / size) * np.dot(y_pred - y, x.T)
        b = b - scale * (lr / size) * np.sum(y_pred - y)
    return k, b


def direct_loss(x, y, b, k):
    return 0.5 * np.mean((b + k * x - y) ** 2)


# ---------------------------------------------------------------- exact answer

def test_least_squares_matches_polyfit_and_r2():
    p = synthetic_points(500, -1.7, 12.0, 4.0, seed=3, x_low=-5, x_high=20)
    ols = least_squares(p)
    k, b = np.polyfit(p.x, p.y, 1)
    assert ols.slope == pytest.approx(k, rel=1e-12)
    assert ols.intercept == pytest.approx(b, rel=1e-12)
    resid = p.y - (b + k * p.x)
    r2 = 1 - resid.var() / p.y.var()
    assert ols.r2 == pytest.approx(r2, rel=1e-12)
    assert ols.loss == pytest.approx(0.5 * np.mean(resid**2), rel=1e-10)


def test_moment_form_of_loss_equals_the_definition():
    p = synthetic_points(300, 0.4, 70, 5, seed=1)
    m = Moments.of(p.x, p.y)
    for b, k in [(1, 1), (72, 0.43), (-50, 2.0), (300, -1)]:
        assert m.loss(b, k) == pytest.approx(direct_loss(p.x, p.y, b, k), rel=1e-12)
    bs, ks = np.linspace(-10, 100, 7), np.linspace(0, 1, 5)
    grid = loss_grid(p, bs, ks)
    assert grid.shape == (7, 5)
    assert grid[3, 2] == pytest.approx(direct_loss(p.x, p.y, bs[3], ks[2]), rel=1e-12)


# ---------------------------------------------------------------- descent

def test_gd_converges_to_closed_form_on_well_conditioned_data():
    p = synthetic_points(2000, 2.5, -1.0, 0.7, seed=7, x_low=-1, x_high=1)
    gd = LinearGD(p, GDConfig(lr=0.5, max_iters=20000, tol=0.0, start=(0.0, 0.0)))
    gd.run()
    ols = least_squares(p)
    assert gd.slope == pytest.approx(ols.slope, abs=1e-6)
    assert gd.intercept == pytest.approx(ols.intercept, abs=1e-6)
    assert gd.loss == pytest.approx(ols.loss, rel=1e-9)


def test_gd_reproduces_the_seeds_loop_exactly():
    p = SEED_PRESET.points()
    gd = LinearGD(p, SEED_PRESET.config)
    assert gd.run() is StopReason.MAX_ITERS
    assert gd.iteration == 3000
    k, b = seed_loop(p.x, p.y)
    assert gd.slope == pytest.approx(k, rel=1e-9)
    assert gd.intercept == pytest.approx(b, rel=1e-9)
    # and after 3000 iterations the seed's loop has reached scikit-learn's answer
    ols = least_squares(p)
    assert gd.slope == pytest.approx(ols.slope, rel=1e-6)
    assert gd.intercept == pytest.approx(ols.intercept, rel=1e-6)


def test_seed_preset_data_is_on_the_seeds_scale():
    p = SEED_PRESET.points()
    ols = least_squares(p)
    assert 100 <= p.x.min() and p.x.max() <= 200
    assert ols.slope == pytest.approx(0.431, abs=0.02)
    assert ols.intercept == pytest.approx(73.0, abs=3)
    assert ols.r2 == pytest.approx(0.848, abs=0.03)


def test_one_learning_rate_is_why_the_seed_needed_two():
    """Without the ×10000 intercept rate the seed's 3000 steps barely move the intercept."""
    p = SEED_PRESET.points()
    ols = least_squares(p)
    one_rate = LinearGD(p, replace(SEED_PRESET.config, intercept_lr_scale=1.0))
    one_rate.run()
    assert abs(one_rate.intercept - ols.intercept) > 50
    st1 = stability(p, replace(SEED_PRESET.config, intercept_lr_scale=1.0))
    st2 = stability(p, SEED_PRESET.config)
    st3 = stability(p, replace(SEED_PRESET.config, intercept_lr_scale=1.0, standardize=True))
    assert st1.condition > 1e5 and st2.condition < 1e3 and st3.condition == pytest.approx(1.0)


def test_largest_stable_rate_is_the_boundary():
    p = synthetic_points(400, 1.0, 5.0, 1.0, seed=2, x_low=0, x_high=10)
    cfg = GDConfig(lr=1e-3, max_iters=5000, tol=0.0)
    lr_max = stability(p, cfg).max_stable_lr
    h = Moments.of(p.x, p.y).hessian()
    assert lr_max == pytest.approx(2 / np.linalg.eigvalsh(h).max(), rel=1e-12)
    below = LinearGD(p, replace(cfg, lr=0.98 * lr_max))
    assert below.run() is StopReason.MAX_ITERS
    above = LinearGD(p, replace(cfg, lr=1.05 * lr_max))
    assert above.run() is StopReason.DIVERGED


def test_divergence_is_caught_within_a_few_steps_and_keeps_finite_state():
    p = SEED_PRESET.points()
    gd = LinearGD(p, replace(SEED_PRESET.config, lr=1e-3))  # 16× the largest stable rate
    assert gd.run() is StopReason.DIVERGED
    assert gd.iteration <= DIVERGE_RISES + 2
    b, k, losses = gd.history()
    assert np.isfinite(b).all() and np.isfinite(k).all() and np.isfinite(losses).all()
    assert np.isfinite(gd.loss)


def test_overflow_to_inf_stops_with_last_finite_state():
    p = synthetic_points(100, 1.0, 0.0, 0.1, seed=0)
    gd = LinearGD(p, GDConfig(lr=5.0, intercept_lr_scale=1e5, max_iters=100000, tol=0.0))
    gd.step(10**5)
    assert gd.stop_reason is StopReason.DIVERGED
    assert np.isfinite(gd.loss) and np.isfinite(gd.slope)


def test_standardize_reports_original_units_and_same_optimum():
    p = SEED_PRESET.points()
    ols = least_squares(p)
    gd = LinearGD(p, GDConfig(lr=1.0, standardize=True, max_iters=200, tol=0.0))
    gd.run()
    assert gd.slope == pytest.approx(ols.slope, rel=1e-9)
    assert gd.intercept == pytest.approx(ols.intercept, rel=1e-9)
    c0, c1 = gd.internal_theta
    mu, sigma = p.x.mean(), p.x.std()
    # round trip: standardized coefficients back to the original units
    assert c1 / sigma == pytest.approx(gd.slope, rel=1e-12)
    assert c0 - c1 * mu / sigma == pytest.approx(gd.intercept, rel=1e-9)
    # the start (1, 1) is the same line in both coordinate systems
    fresh = LinearGD(p, GDConfig(lr=1.0, standardize=True))
    assert (fresh.intercept, fresh.slope) == (1.0, 1.0)
    assert fresh.loss == pytest.approx(direct_loss(p.x, p.y, 1.0, 1.0), rel=1e-12)


def test_switching_standardize_mid_run_keeps_the_line():
    p = SEED_PRESET.points()
    gd = LinearGD(p, SEED_PRESET.config)
    gd.step(50)
    before = (gd.intercept, gd.slope, gd.loss)
    gd.set_config(replace(gd.config, standardize=True, lr=0.5, intercept_lr_scale=1.0))
    assert (gd.intercept, gd.slope) == pytest.approx(before[:2], rel=1e-12)
    gd.step(100)
    assert gd.loss < before[2]


def test_tolerance_stop():
    p = synthetic_points(200, 1.0, 0.0, 1.0, seed=0, x_low=-1, x_high=1)
    gd = LinearGD(p, GDConfig(lr=0.5, tol=1e-8, max_iters=100000))
    assert gd.run() is StopReason.TOLERANCE
    assert gd.iteration < 1000


def test_history_back_seek_and_replay():
    p = SEED_PRESET.points()
    gd = LinearGD(p, SEED_PRESET.config)
    gd.step(100)
    state_100 = (gd.intercept, gd.slope)
    assert gd.step_back(40) == 40 and gd.iteration == 60
    gd.seek(10)
    assert gd.iteration == 10 and gd.history_length == 101
    b, k, _ = gd.history()
    assert len(b) == 11
    gd.step(90)  # replays stored iterations
    assert (gd.intercept, gd.slope) == state_100
    assert gd.step_back(1000) == 100 and gd.iteration == 0
    gd.reset()
    assert gd.history_length == 1 and (gd.intercept, gd.slope) == (1.0, 1.0)


def test_changing_the_rate_mid_run_drops_the_future_and_goes_on():
    p = SEED_PRESET.points()
    gd = LinearGD(p, SEED_PRESET.config)
    gd.step(100)
    gd.seek(50)
    gd.set_config(replace(gd.config, lr=1e-5))
    assert gd.history_length == 51
    gd.step(10)
    assert gd.iteration == 60 and gd.history_length == 61


def test_new_data_continues_from_current_line_and_start_click():
    p = SEED_PRESET.points()
    gd = LinearGD(p, SEED_PRESET.config)
    gd.step(30)
    line = (gd.intercept, gd.slope)
    gd.set_points(synthetic_points(100, 0.5, 60, 2, seed=9))
    assert gd.iteration == 0 and (gd.intercept, gd.slope) == line
    gd.set_start(50.0, 0.2)
    assert (gd.intercept, gd.slope) == (50.0, 0.2) and gd.config.start == (50.0, 0.2)


def test_iteration_cap():
    p = SEED_PRESET.points()
    gd = LinearGD(p, replace(SEED_PRESET.config, max_iters=123))
    assert gd.run() is StopReason.MAX_ITERS and gd.iteration == 123
    assert gd.step(5) == 0


@pytest.mark.parametrize("lr", [0.0, -0.1, float("nan"), float("inf")])
def test_bad_learning_rates_are_rejected(lr):
    with pytest.raises(ConfigError) as err:
        GDConfig(lr=lr).validated()
    assert err.value.code == "lr_not_positive"


# ---------------------------------------------------------------- data and CSV

def test_make_points_rejects_bad_data():
    with pytest.raises(DataError, match="too_few_points"):
        make_points([1.0], [2.0])
    with pytest.raises(DataError, match="constant_x"):
        make_points([3, 3, 3], [1, 2, 3])
    with pytest.raises(DataError, match="non_finite"):
        make_points([1, 2, np.nan], [1, 2, 3])
    with pytest.raises(DataError, match="length_mismatch"):
        make_points([1, 2, 3], [1, 2])
    with pytest.raises(DataError, match="too_many_points"):
        synthetic_points(MAX_POINTS + 1, 1, 0, 1, 0)


def test_points_are_read_only_copies():
    x = np.array([1.0, 2.0, 3.0])
    p = make_points(x, [1, 2, 3])
    x[0] = 99
    assert p.x[0] == 1.0
    with pytest.raises(ValueError):
        p.x[0] = 5


@pytest.mark.parametrize(
    "text, code",
    [
        ("x,y\n1,2\n3,abc\n", "not_a_number"),
        ("1,2\n3,\n", "missing_value"),
        ("1,2\n3\n", "missing_value"),
        ("1,2\n3,inf\n", "non_finite"),
        ("1,2\nnan,4\n", "non_finite"),
        ("1,2\n", "too_few_points"),
        ("5,1\n5,2\n5,3\n", "constant_x"),
        ("x,y\n", "no_data"),
        ("", "no_data"),
    ],
)
def test_csv_errors(tmp_path, text, code):
    f = tmp_path / "d.csv"
    f.write_text(text)
    with pytest.raises(DataError) as err:
        load_points_csv(f)
    assert err.value.code == code
    if code in ("not_a_number", "missing_value", "non_finite"):
        assert err.value.details["line"] >= 2 or code == "missing_value"
        assert err.value.details["path"] == str(f)


def test_csv_error_names_line_and_column(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text("x,y\n1,2\n3,4\n5,oops\n")
    with pytest.raises(DataError) as err:
        load_points_csv(f)
    assert err.value.details == {"path": str(f), "line": 4, "column": 2, "value": "oops"}


def test_csv_binary_missing_and_folder(tmp_path):
    f = tmp_path / "img.csv"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(DataError, match="not_text"):
        load_points_csv(f)
    with pytest.raises(DataError, match="file_not_found"):
        load_points_csv(tmp_path / "nope.csv")
    with pytest.raises(DataError, match="not_a_file"):
        load_points_csv(tmp_path)


def test_csv_good_forms(tmp_path):
    f = tmp_path / "数据.csv"  # a non-ASCII path
    f.write_text("\ufeffx;y\n# comment\n1;2\n\n2;4.5\n3;1e1\n", encoding="utf-8")
    p = load_points_csv(f)
    assert p.x.tolist() == [1, 2, 3] and p.y.tolist() == [2, 4.5, 10]


def test_the_runs_coordinates_and_its_surface():
    """Standardized, the descent runs on θ′ = (b + k·μ, k·σ), where J − J* is a round bowl."""
    from core.linreg import valley

    p = SEED_PRESET.points()
    gd = LinearGD(p, replace(SEED_PRESET.config, standardize=True))
    b, k = np.array([1.0, 70.0]), np.array([1.0, 0.4])
    c0, c1 = gd.to_internal(b, k)
    assert np.allclose(gd.from_internal(c0, c1), (b, k))
    o0, o1 = gd.internal_optimum
    ols = least_squares(p)
    assert gd.from_internal(o0, o1) == pytest.approx((ols.intercept, ols.slope))
    ex = gd.excess_grid(np.array([o0 - 2, o0, o0 + 2]), np.array([o1 - 2, o1, o1 + 2]))
    assert ex[1, 1] == pytest.approx(0, abs=1e-9) and ex[0, 1] == pytest.approx(ex[1, 0]) == pytest.approx(2.0)
    # where it overflows: inf, never NaN
    huge = gd.excess_grid(np.array([1e200]), np.array([-1e200, 0.0]))
    assert np.isinf(huge).all()
    # the valley's cause follows the settings
    assert gd.valley().cause == "factor" and gd.valley().condition == pytest.approx(1e4)
    assert valley(p, replace(SEED_PRESET.config, standardize=True, intercept_lr_scale=1.0)).cause == "none"
    raw = valley(p, replace(SEED_PRESET.config, intercept_lr_scale=1.0))
    assert raw.cause == "offset" and raw.best_factor == pytest.approx(float(np.mean(p.x ** 2)))
    assert raw.condition_at_best < 200
    assert gd.stability() == stability(p, gd.config)


# ---- found by the mutation run (scripts/mutation.sh): values the user reads, checked directly


@pytest.mark.parametrize("scale", [1e-3, 0.2, 1.0, 30.0])
def test_r2_matches_its_formula_whatever_the_size_of_y(scale):
    """R² = 1 − SS_res/SS_tot, also when y varies by less than 1 (a test only on large y let
    R² read 1.0 for every small-y data set)."""
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 1, 50)
    y = scale * (0.5 * x + rng.normal(0, 0.2, 50))
    fit = least_squares(make_points(x, y))
    slope, intercept = np.polyfit(x, y, 1)
    resid = y - (slope * x + intercept)
    r2 = 1 - np.sum(resid**2) / np.sum((y - y.mean()) ** 2)
    assert 0.1 < r2 < 0.9
    assert fit.r2 == pytest.approx(r2, rel=1e-9)
    assert fit.slope == pytest.approx(slope, rel=1e-9)
    assert fit.loss == pytest.approx(0.5 * np.mean(resid**2), rel=1e-9)


def test_history_upto_returns_that_many_states():
    """The start marker reads history(upto=0): one state, the start, not the whole run."""
    gd = LinearGD(synthetic_points(40, 2.0, 1.0, 0.5, 3, 0.0, 1.0), GDConfig(lr=0.1, tol=0.0, start=(4.0, -3.0)))
    gd.step(10)
    b, k, loss = gd.history(upto=0)
    assert (b.tolist(), k.tolist()) == ([4.0], [-3.0]) and len(loss) == 1
    b, k, loss = gd.history(upto=3)
    assert len(b) == len(k) == len(loss) == 4
    assert len(gd.history()[0]) == 11 and len(gd.history(upto=99)[0]) == 11


def test_a_time_budget_stops_a_long_step_early_and_the_run_goes_on():
    """The GUI asks for "as many steps as fit in a few ms": the budget must bound the step."""
    gd = LinearGD(synthetic_points(40, 2.0, 1.0, 0.5, 3, 0.0, 1.0),
                  GDConfig(lr=1e-6, tol=0.0, max_iters=1_000_000))
    done = gd.step(1_000_000, time_budget=0.002)
    assert 0 < done < 1_000_000 and gd.stop_reason is None
    assert gd.iteration == done and gd.history_length == done + 1
    more = gd.step(10)
    assert more == 10 and gd.iteration == done + 10


def test_two_points_are_enough_for_a_synthetic_line():
    p = synthetic_points(2, 1.0, 0.0, 0.0, 1)
    assert p.n == 2
    with pytest.raises(DataError) as e:
        synthetic_points(1, 1.0, 0.0, 0.0, 1)
    assert e.value.details == {"count": 1, "minimum": 2}


def test_a_converged_run_without_tolerance_ends_at_the_cap_not_diverged():
    """With tol = 0 the loss settles on one float and repeats: equal losses are not rises."""
    gd = LinearGD(synthetic_points(30, 2.0, 1.0, 0.5, 4, 0.0, 1.0),
                  GDConfig(lr=0.5, standardize=True, tol=0.0, max_iters=5000))
    gd.run()
    _, _, loss = gd.history()
    assert gd.stop_reason is StopReason.MAX_ITERS and gd.iteration == 5000
    assert np.count_nonzero(np.diff(loss[-100:]) == 0) > 50  # it did sit on one value


def test_refusals_carry_their_values():
    cases = [
        (lambda: make_points([1.0, 2.0], [1.0, "a"]), "not_a_number", None),
        (lambda: make_points([1.0], [2.0]), "too_few_points", {"count": 1, "minimum": 2}),
        (lambda: make_points(np.zeros(5), np.zeros(5), max_points=4), "too_many_points", {"count": 5, "limit": 4}),
        (lambda: synthetic_points(MAX_POINTS + 1, 1.0, 0.0, 1.0, 1), "too_many_points",
         {"count": MAX_POINTS + 1, "limit": MAX_POINTS}),
        (lambda: synthetic_points(10, 1.0, 0.0, -1.0, 1), "bad_noise", {"noise": -1.0, "limit": MAX_NOISE}),
    ]
    for make, code, details in cases:
        with pytest.raises(DataError) as e:
            make()
        assert e.value.code == code
        if details is not None:
            assert e.value.details == details
        else:
            assert set(e.value.details) == {"reason"}


@pytest.mark.parametrize("change, code, details", [
    ({"lr": 0.0}, "lr_not_positive", {"lr": 0.0}),
    ({"max_iters": 0}, "bad_max_iters", None),
    ({"tol": -1.0}, "bad_tolerance", {"tol": -1.0}),
    ({"start": (float("nan"), 0.0)}, "bad_start", None),
])
def test_config_refusals_carry_their_values(change, code, details):
    with pytest.raises(ConfigError) as e:
        replace(GDConfig(), **change).validated()
    assert e.value.code == code
    if details is not None:
        assert e.value.details == details
    elif code == "bad_max_iters":
        assert e.value.details == {"max_iters": 0, "limit": MAX_ITERS}
    else:
        assert "start" in e.value.details


def test_a_file_with_one_row_is_refused_with_its_count_not_a_crash(tmp_path):
    f = tmp_path / "one.csv"
    f.write_text("height,weight\n1.5,60\n")
    with pytest.raises(DataError) as e:
        load_points_csv(f)
    assert e.value.code == "too_few_points"
    assert e.value.details == {"count": 1, "minimum": 2, "path": str(f)}
