"""core.linreg.gradient: the gradient of J from the moments equals the direct sums and
J's finite differences, and it is the one LinearGD's step uses."""

import numpy as np
import pytest

from core.linreg import GDConfig, LinearGD, Moments, gradient, gradient_of, make_points, synthetic_points


def direct(x, y, b, k):
    r = b + k * x - y
    return float(np.mean(r)), float(np.mean(r * x))


@pytest.mark.parametrize("b, k", [(1.0, 1.0), (73.0, 0.43), (-5.0, 2.5), (0.0, 0.0)])
def test_gradient_equals_the_direct_sum(b, k):
    p = synthetic_points(500, 0.43, 73.0, 5.3, 7)
    d0, d1 = gradient(p, b, k)
    e0, e1 = direct(p.x, p.y, b, k)
    assert d0 == pytest.approx(e0, rel=1e-10, abs=1e-9)
    assert d1 == pytest.approx(e1, rel=1e-10, abs=1e-7)


def test_gradient_equals_finite_differences_of_the_loss():
    p = make_points([0.5, 1.0, 2.0, 3.5, 4.0], [1.0, 2.2, 2.9, 5.1, 5.0])

    def loss(b, k):
        return 0.5 * float(np.mean((b + k * p.x - p.y) ** 2))

    b, k, h = 0.3, -0.7, 1e-6
    d0, d1 = gradient(p, b, k)
    assert d0 == pytest.approx((loss(b + h, k) - loss(b - h, k)) / (2 * h), rel=1e-6)
    assert d1 == pytest.approx((loss(b, k + h) - loss(b, k - h)) / (2 * h), rel=1e-6)


def test_gradient_is_zero_at_the_least_squares_line():
    p = synthetic_points(200, -1.5, 4.0, 0.5, 3)
    m = Moments.of(p.x, p.y)
    k = m.beta
    b = m.y_mean - k * m.x_mean
    d0, d1 = gradient(p, b, k)
    assert abs(d0) < 1e-9 and abs(d1) < 1e-7


@pytest.mark.parametrize("standardize, scale", [(False, 1e4), (True, 1.0), (True, 3.0)])
def test_one_step_of_the_learner_is_theta_minus_rate_times_gradient(standardize, scale):
    p = synthetic_points(300, 0.43, 73.0, 5.3, 1)
    cfg = GDConfig(lr=5e-5 if not standardize else 0.1, intercept_lr_scale=scale, standardize=standardize,
                   max_iters=100, tol=0.0)
    gd = LinearGD(p, cfg)
    gd.step(5)
    c0, c1 = gd.internal_theta
    g0, g1 = gradient_of(gd.moments, c0, c1)
    n0, n1 = c0 - cfg.lr * scale * g0, c1 - cfg.lr * g1
    gd.step(1)
    b, k = gd.from_internal(n0, n1)
    assert gd.intercept == pytest.approx(b, rel=1e-13, abs=1e-13)
    assert gd.slope == pytest.approx(k, rel=1e-13, abs=1e-13)
    if not standardize:  # the run's coordinates are the data's: the very same bits
        assert (gd.intercept, gd.slope) == (n0, n1)
