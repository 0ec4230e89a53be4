"""Extreme but finite data: decided at the door (make_points, make_labeled, the learners), never
NaN or inf in what the GUI plots or says, and never NaN or inf into LAPACK."""

import math

import numpy as np
import pytest

from core import datasets2d as ds
from core import numeric
from core.errors import ConfigError, DataError, NumericError
from core.linreg import (
    SEED_PRESET,
    GDConfig,
    LinearGD,
    Moments,
    StopReason,
    least_squares,
    make_points,
    stability,
    synthetic_points,
)
from core.logreg import LogisticGD, LogRegConfig, decompose, design, l2_strength, newton, solve_reference


def line(n=200, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, n)
    return x, 1.5 * x + 0.3 + rng.normal(0, 0.1, n)


def two_classes(n=300, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] + X[:, 1] + rng.normal(0, 0.7, n) > 0).astype(int)
    return X, y


def assert_all_finite(*values):
    for v in values:
        assert np.isfinite(v).all(), values


# ---------------------------------------------------------------- the linear lab's door


@pytest.mark.parametrize("scale", [1e160, 1e200, 1e300, -1e200])
@pytest.mark.parametrize("column", ["x", "y"])
def test_values_whose_squares_overflow_are_refused_with_the_column(scale, column):
    x, y = line()
    xs, ys = (x * scale, y) if column == "x" else (x, y * scale)
    with pytest.raises(DataError) as err:
        make_points(xs, ys)
    assert err.value.code == "values_too_large"
    d = err.value.details
    assert d["column"] == column and abs(d["value"]) > d["limit"] == numeric.LARGEST
    assert 1 <= abs(d["value"]) / d["factor"] < 10  # a power of ten that brings it near 1


@pytest.mark.parametrize("scale", [1e-160, 1e-300, 5e-320])
@pytest.mark.parametrize("column", ["x", "y"])
def test_values_whose_squares_underflow_are_refused_not_called_constant(scale, column):
    x, y = line()
    xs, ys = (x * scale, y) if column == "x" else (x, y * scale)
    with pytest.raises(DataError) as err:
        make_points(xs, ys)
    assert err.value.code == "values_too_small"  # the old test said "constant_x" for 1e-300 data
    assert err.value.details["column"] == column and np.isfinite(err.value.details["factor"])


def test_y_all_zero_is_fine():
    x, _ = line()
    ols = least_squares(make_points(x, np.zeros_like(x)))
    assert ols.slope == 0 and ols.intercept == 0 and ols.loss == 0


@pytest.mark.parametrize("offset, spread", [(1e12, 0.5), (1e12, 0.05), (-3e9, 1e-3), (1e100, 1e87)])
def test_a_huge_offset_with_a_small_spread_is_accepted_and_exact(offset, spread):
    """The old test (ptp ≤ 1e-12·max|x|) refused 1e12 + U(0, 0.5); the spread is what counts."""
    rng = np.random.default_rng(3)
    u = rng.uniform(0, 1, 300)
    x = offset + spread * u
    y = 2.0 * (x - offset) / spread + rng.normal(0, 0.01, 300)  # y in units of the spread
    p = make_points(x, y)
    ols = least_squares(p)
    # the reference: the same fit on the exactly centred values
    xc = p.x - p.x.mean()
    k = np.dot(xc, p.y - p.y.mean()) / np.dot(xc, xc)
    assert ols.slope == pytest.approx(k, rel=1e-9)
    assert ols.slope * spread == pytest.approx(2.0, rel=1e-2)
    for standardize in (False, True):
        for scale in (1e-6, 1.0, 1e4, 1e6):
            st = stability(p, GDConfig(intercept_lr_scale=scale, standardize=standardize))
            assert_all_finite(st.lambda_max, st.lambda_min, st.max_stable_lr, st.condition)
            assert st.max_stable_lr > 0 and st.lambda_min > 0 and st.condition >= 1


def test_condition_number_of_a_huge_offset_is_the_true_one_not_inf():
    """eigvalsh on [[1, 1e12], [1e12, 1e24 + v]] loses λmin entirely; the closed form does not."""
    x = 1e12 + np.linspace(0.0, 1.0, 101)
    p = make_points(x, x)
    st = stability(p, GDConfig())
    m = Moments.of(p.x, p.y)
    assert st.lambda_min * st.lambda_max == pytest.approx(m.sxx, rel=1e-9)  # det = Sxx
    assert math.isfinite(st.condition) and st.condition == pytest.approx(st.lambda_max**2 / m.sxx, rel=1e-9)


@pytest.mark.parametrize("x", [
    [5.0, 5.0, 5.0],
    [1e-140, 1e-140],
    [3e140, 3e140, 3e140],
])
def test_constant_x_at_any_scale(x):
    with pytest.raises(DataError, match="constant_x"):
        make_points(x, np.arange(len(x)))


@pytest.mark.parametrize("x", [
    1e12 + np.array([0.0, 1.220703125e-4, 2.44140625e-4, 0.0]),  # one and two units in the last place
    1.0 + np.array([0.0, 2.0**-52, 0.0, 2.0**-51]),
    np.array([1e-150, 1e-150 * (1 + 2.0**-52)]),
    -3e9 + 1e-5 * np.random.default_rng(0).uniform(0, 1, 100),  # about 6 units in the last place
])
def test_x_varying_only_in_its_last_digits_is_refused_with_centre_and_spread(x):
    with pytest.raises(DataError) as err:
        make_points(x, np.arange(len(x), dtype=float))
    assert err.value.code == "spread_too_small"
    assert set(err.value.details) == {"column", "spread", "center"}


@pytest.mark.parametrize("exponent", [-480, -300, -120, -1, 0, 3, 150, 330, 480])
def test_power_of_two_rescaling_is_exact(exponent):
    """2**k scaling only changes exponents: the fit of c·x against c·y is the fit of x and y, to
    the last bit, anywhere in the accepted range."""
    x, y = line()
    base = least_squares(make_points(x, y))
    c = 2.0**exponent
    scaled = least_squares(make_points(x * c, y * c))
    assert scaled.slope == base.slope
    assert scaled.intercept == base.intercept * c
    assert scaled.loss == base.loss * c * c


def test_moments_have_the_same_bits_as_the_direct_sums():
    p = SEED_PRESET.points()
    m = Moments.of(p.x, p.y)
    dx, dy = p.x - p.x.mean(), p.y - p.y.mean()
    assert m.sxx == float(np.dot(dx, dx)) / p.n and m.sxy == float(np.dot(dx, dy)) / p.n
    assert m.x_mean == float(np.mean(p.x)) and m.y_mean == float(np.mean(p.y))


def test_one_wild_outlier_runs_with_finite_numbers_everywhere():
    x, y = line()
    x = x.copy()
    x[7] = 1e150
    p = make_points(x, y)
    for cfg in (GDConfig(), GDConfig(standardize=True, lr=0.5), GDConfig(intercept_lr_scale=1e6)):
        st = stability(p, cfg)
        assert_all_finite(st.max_stable_lr, st.condition, st.lambda_min)
        gd = LinearGD(p, GDConfig(lr=0.5 * st.max_stable_lr, standardize=cfg.standardize,
                                  intercept_lr_scale=cfg.intercept_lr_scale, max_iters=500))
        gd.run()
        assert_all_finite(*gd.history())
    ols = least_squares(p)
    assert_all_finite(ols.slope, ols.intercept, ols.r2, ols.loss)
    std = LinearGD(p, GDConfig(lr=1.0, standardize=True, max_iters=100))
    std.run()
    assert std.slope == pytest.approx(ols.slope, rel=1e-6) and std.intercept == pytest.approx(ols.intercept, rel=1e-6)


def test_a_start_where_the_loss_overflows_is_refused_not_blamed_on_the_rate():
    p = SEED_PRESET.points()
    with pytest.raises(ConfigError) as err:
        LinearGD(p, GDConfig(start=(1e308, 1e308)))
    assert err.value.code == "start_too_far"
    gd = LinearGD(p, SEED_PRESET.config)
    with pytest.raises(ConfigError, match="start_too_far"):
        gd.set_start(0.0, 1e306)
    assert gd.config.start == SEED_PRESET.config.start  # the old start is kept
    gd.step(5)
    assert gd.iteration == 5


def test_new_data_on_which_the_current_line_overflows_restarts_from_a_finite_one():
    gd = LinearGD(SEED_PRESET.points(), GDConfig(start=(0.0, 1e150)))
    x, y = line()
    gd.set_points(make_points(x * 1e140, y))
    assert math.isfinite(gd.loss)


def test_intercept_rate_factor_has_a_range():
    for bad in (1e-7, 1e7):
        with pytest.raises(ConfigError, match="scale_out_of_range"):
            GDConfig(intercept_lr_scale=bad).validated()


def test_synthetic_data_checks_its_inputs_with_the_right_codes():
    with pytest.raises(DataError, match="bad_noise"):  # was "non_finite"
        synthetic_points(100, 1, 0, -1, 0)
    with pytest.raises(DataError, match="bad_seed"):  # was numpy's ValueError
        synthetic_points(100, 1, 0, 1, -1)
    with pytest.raises(DataError, match="bad_parameter"):
        synthetic_points(100, 1e300, 0, 1, 0)


# ---------------------------------------------------------------- the classification labs' door


@pytest.mark.parametrize("scale, code", [(1e200, "values_too_large"), (1e-300, "values_too_small")])
def test_make_labeled_refuses_unsquarable_features(scale, code):
    X, y = two_classes()
    with pytest.raises(DataError) as err:
        ds.make_labeled(X * np.array([1.0, scale]), y)
    assert err.value.code == code and err.value.details["column"] == "x2"


def test_generated_data_cannot_leave_the_range_either():
    with pytest.raises(DataError, match="bad_noise"):
        ds.blobs(3, 300, 1e308, 0)
    with pytest.raises(DataError, match="bad_seed"):
        ds.moons(100, 0.1, -1)
    with pytest.raises(DataError, match="bad_seed"):
        ds.split_mask(10, 0.2, -3)


def test_polynomial_features_are_checked_too():
    X, y = two_classes()
    d = ds.make_labeled(X * 1e100, y)  # fine for a linear model
    gd = LogisticGD(d, LogRegConfig(max_iters=10))
    assert 0 < gd.max_stable_lr < math.inf
    with pytest.raises(DataError) as err:
        LogisticGD(d, LogRegConfig(poly=True))  # x1² would be 1e200
    assert err.value.code == "values_too_large" and err.value.details["column"] == "x1"
    assert err.value.details["poly"] and err.value.details["limit"] == numeric.POLY_LARGEST
    tiny = ds.make_labeled(X * 1e-100, y)
    with pytest.raises(DataError) as err:
        LogisticGD(tiny, LogRegConfig(poly=True))  # x1² would be 1e-200
    assert err.value.code == "values_too_small" and err.value.details["poly"]


def test_polynomial_features_of_offset_data_are_refused_not_called_separable():
    """(1e12 + x)² − its mean keeps x only to ~1e-4: Newton found "separable" directions in
    the rounding. The door now says the squares would keep only rounding."""
    X, y = two_classes()
    d = ds.make_labeled(X + 1e12, y)
    assert solve_reference(d, LogRegConfig()).converged  # linear features: fine
    with pytest.raises(DataError) as err:
        solve_reference(d, LogRegConfig(poly=True))
    assert err.value.code == "spread_too_small" and err.value.details["poly"]
    with pytest.raises(DataError, match="spread_too_small"):
        LogisticGD(d, LogRegConfig(poly=True))
    near = ds.make_labeled(X * 1e3 + 1e5, y)  # a spread 1e-2 of the size: the squares keep it
    assert solve_reference(near, LogRegConfig(poly=True, l2_C=1.0)).converged


def test_a_spread_whose_square_underflows_is_refused_as_too_small():
    x = 1e-148 + 1e-160 * np.linspace(0, 1, 50)  # relative spread 3e-13 is fine; the spread itself is not
    with pytest.raises(DataError) as err:
        make_points(x, np.linspace(0, 1, 50))
    assert err.value.code == "values_too_small" and err.value.details["measure"] == "spread"


@pytest.mark.parametrize("scale", [1e-140, 1e-20, 1e20, 1e140])
def test_logistic_quantities_stay_finite_across_scales(scale):
    X, y = two_classes()
    d = ds.make_labeled(X * scale, y)
    for strategy in ("ovr", "softmax"):
        gd = LogisticGD(d, LogRegConfig(lr=0.1, max_iters=50, strategy=strategy))
        assert 0 < gd.max_stable_lr < math.inf
        gd.run()
        assert_all_finite(gd.history()[:, :2], gd.weights)


def test_newton_solves_a_huge_offset_the_raw_hessian_cannot():
    """Newton on 1e12 + x: the raw Hessian's condition is ~1e48; on standardised features it is
    ~1, and the optimum maps back to the raw features' units."""
    X, y = two_classes()
    ref = solve_reference(ds.make_labeled(X, y), LogRegConfig())
    d = ds.make_labeled(X + 1e12, y)
    res = solve_reference(d, LogRegConfig())
    assert res.converged and not res.separable
    assert res.weights[:2, 0] == pytest.approx(ref.weights[:2, 0], rel=1e-3)
    pred = (design(d.X, False) @ res.weights)[:, 0] >= 0
    pred_ref = (design(X, False) @ ref.weights)[:, 0] >= 0
    assert np.mean(pred == pred_ref) > 0.98


@pytest.mark.parametrize("strategy, C", [("ovr", None), ("ovr", 1.0), ("softmax", 1.0), ("ovo", 0.5)])
def test_newton_on_standardised_features_is_the_same_optimum(strategy, C):
    """Standardising inside Newton changes the coordinates, not the objective (penalty included)."""
    d = ds.blobs(3, 300, 1.5, seed=2)
    cfg = LogRegConfig(strategy=strategy, l2_C=C)
    res = solve_reference(d, cfg)
    A = design(d.X, False)
    dec = decompose(d.y, 3, strategy)
    from core.logreg import Objective

    _, G = Objective(A, dec, l2_strength(dec, C)).loss_grad(res.weights)
    assert np.abs(G).max() < 1e-8


def test_newton_never_hands_nan_or_inf_to_lapack(monkeypatch):
    X, y = two_classes()
    d = ds.make_labeled(X, y)
    A = design(d.X, False)
    dec = decompose(d.y, 2, "ovr")
    calls = []
    real = np.linalg.lstsq
    monkeypatch.setattr(np.linalg, "lstsq", lambda *a, **k: calls.append(a) or real(*a, **k))
    A_bad = A.copy()
    A_bad[3, 0] = np.inf
    with pytest.raises(NumericError) as err:
        newton(A_bad, dec, l2_strength(dec, None))
    assert err.value.code == "newton_not_finite" and not calls
    from core import logreg

    with pytest.raises(NumericError):
        logreg._solve(np.array([[1.0, np.nan], [0.0, 1.0]]), np.ones(2), 1)
    assert not calls


def test_a_start_where_the_logistic_loss_overflows_is_refused():
    X, y = two_classes()
    d = ds.make_labeled(X * 1e5, y)
    with pytest.raises(ConfigError, match="start_too_far"):
        LogisticGD(d, LogRegConfig(init=(1e306, 1e306, 0.0)))


# ---------------------------------------------------------------- a run that stopped learning


def test_logistic_run_that_learns_nothing_says_so():
    """x near 1e12 with the seed's rate: the weights jump to ~1e11 and the loss sits far above
    the start; at the cap the run says it made no progress instead of 'max_iters'."""
    X, y = two_classes()
    y = np.random.default_rng(5).permutation(y)  # not separable: nothing to learn from x anyway
    d = ds.make_labeled(X + 1e12, y)
    gd = LogisticGD(d, LogRegConfig(lr=0.1, max_iters=300))
    assert gd.run() is StopReason.NO_PROGRESS
    loss0 = gd.history()[0, 0]
    assert gd.metrics.loss >= loss0 and gd.metrics.accuracy <= gd.baseline[1]
    gd.step_back(10)
    assert gd.stop_reason is None  # a reason belongs to the end of the run only


def test_runs_that_learn_keep_max_iters():
    d = ds.seed_dataset()
    assert LogisticGD(d, LogRegConfig(lr=0.1, max_iters=3000, init=(1, 1, 1))).run() is StopReason.MAX_ITERS
    assert LogisticGD(d, LogRegConfig(lr=0.1, max_iters=300)).run() is StopReason.MAX_ITERS
    p = SEED_PRESET.points()
    assert LinearGD(p, SEED_PRESET.config).run() is StopReason.MAX_ITERS


def test_baseline_is_the_constant_models_loss_and_the_commonest_class():
    d = ds.seed_dataset()  # 100 of class 0, 200 of class 1
    gd = LogisticGD(d, LogRegConfig())
    null, chance = gd.baseline
    assert chance == pytest.approx(2 / 3)
    assert null == pytest.approx(-(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3)))


def test_linear_run_with_a_rate_far_too_small_says_so():
    p = SEED_PRESET.points()
    for tol in (0.0, 1e-12):  # at the cap, or when the loss "converges" by not moving
        gd = LinearGD(p, GDConfig(lr=1e-30, max_iters=200, tol=tol))
        assert gd.run() is StopReason.NO_PROGRESS
    ols = least_squares(p)
    at_optimum = LinearGD(p, GDConfig(lr=1e-30, max_iters=200, tol=0.0, start=(ols.intercept, ols.slope)))
    assert at_optimum.run() is StopReason.MAX_ITERS  # nothing left to learn is not a stall
    at_optimum = LinearGD(p, GDConfig(lr=1e-30, max_iters=200, start=(ols.intercept, ols.slope)))
    assert at_optimum.run() is StopReason.TOLERANCE
