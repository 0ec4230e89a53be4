"""core.concepts: activations and derivatives, softmax with temperature, cross-entropy, chain rule."""

import math
import subprocess
import sys
import warnings

import numpy as np
import pytest

try:  # the extra nn: the comparisons with torch (marked torch) skip without it, the rest run
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = F = None

from core.concepts import (
    ACTIVATIONS,
    CHAIN_EDGES,
    LEAKY_SLOPE,
    activation,
    backward_steps,
    chain_autograd,
    chain_forward,
    cross_entropy,
    cross_entropy_from_logits,
    derivative,
    naive_broken,
    saturated_ranges,
    saturation,
    softmax_gradient,
    softmax_naive,
    softmax_stable,
)
from core.errors import ConfigError
from tests.conftest import REPO

TORCH_ACTIVATIONS = {
    "sigmoid": lambda t: torch.sigmoid(t),
    "tanh": lambda t: torch.tanh(t),
    "relu": lambda t: torch.relu(t),
    "leaky_relu": lambda t: F.leaky_relu(t, LEAKY_SLOPE),
    "gelu": lambda t: F.gelu(t),  # exact erf form (approximate="none")
}
# ±50, dense around 0, and 0 itself: ours takes torch's side at the ReLU kinks
X_RANGE = np.concatenate([np.linspace(-50, 50, 1001), np.linspace(-3, 3, 601), [-1e-9, 1e-9]])


def torch_value_and_grad(name, x):
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = TORCH_ACTIVATIONS[name](t)
    y.sum().backward()
    return y.detach().numpy(), t.grad.numpy()


# --------------------------------------------------------------------------- activations


@pytest.mark.torch
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_and_derivative_match_torch_autograd(name):
    value, grad = torch_value_and_grad(name, X_RANGE)
    np.testing.assert_allclose(activation(name, X_RANGE), value, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(derivative(name, X_RANGE), grad, rtol=1e-12, atol=1e-14)
    assert activation(name, X_RANGE).dtype == np.float64


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_derivative_matches_central_differences_away_from_kinks(name):
    x = np.linspace(-6, 6, 241) + 0.013  # never exactly 0
    h = 1e-6
    fd = (activation(name, x + h) - activation(name, x - h)) / (2 * h)
    np.testing.assert_allclose(derivative(name, x), fd, atol=1e-8)


def test_kinks_take_torchs_side():
    assert derivative("relu", 0.0) == 0.0
    assert derivative("leaky_relu", 0.0) == LEAKY_SLOPE
    assert derivative("relu", [-1.0, 2.0]).tolist() == [0.0, 1.0]
    assert activation("leaky_relu", -2.0) == pytest.approx(-0.02)


def test_sigmoid_derivative_is_y_times_one_minus_y():
    x = np.linspace(-20, 20, 401)
    y = activation("sigmoid", x)
    np.testing.assert_array_equal(derivative("sigmoid", x), y * (1 - y))
    assert derivative("sigmoid", 0.0) == 0.25
    assert activation("sigmoid", 0.0) == 0.5


def test_huge_inputs_give_no_overflow_warning_and_exact_limits():
    x = np.array([-1e308, -1000.0, -50.0, 50.0, 1000.0, 1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
            for name in ACTIVATIONS:
                assert np.isfinite(activation(name, x)).all(), name
                assert np.isfinite(derivative(name, x)).all(), name
            s = activation("sigmoid", x)
    assert s[0] == 0.0 and s[-1] == 1.0 and 0 < s[2] < 1e-21
    assert activation("gelu", 1000.0) == 1000.0 and activation("gelu", -1000.0) == 0.0


def test_unknown_activation():
    for call in (activation, derivative, saturation):
        with pytest.raises(ConfigError) as e:
            call("swish", [0.0])
        assert e.value.code == "bad_activation" and e.value.details["activation"] == "swish"


# --------------------------------------------------------------------------- saturation


def test_sigmoid_saturates_for_large_magnitude_only():
    ranges = saturated_ranges("sigmoid", -10, 10)
    assert len(ranges) == 2
    (lo1, hi1), (lo2, hi2) = ranges
    assert lo1 == -10 and hi2 == 10
    # σ(1 − σ) = 0.01 at x = ±ln(σ/(1 − σ)) with σ = (1 + √0.96)/2
    s = (1 + math.sqrt(0.96)) / 2
    edge = math.log(s / (1 - s))
    assert hi1 == pytest.approx(-edge, abs=0.011) and lo2 == pytest.approx(edge, abs=0.011)
    x = np.array([-8.0, -1.0, 0.0, 1.0, 8.0])
    assert saturation("sigmoid", x).tolist() == [True, False, False, False, True]


def test_tanh_relu_leaky_gelu_saturation():
    edge = math.atanh(math.sqrt(0.99))  # 1 − tanh² = 0.01
    (lo1, hi1), (lo2, hi2) = saturated_ranges("tanh", -10, 10)
    assert hi1 == pytest.approx(-edge, abs=0.011) and lo2 == pytest.approx(edge, abs=0.011)
    assert saturated_ranges("relu", -10, 10) == [(-10.0, 0.0)]  # dead for x ≤ 0
    assert saturated_ranges("relu", 1, 10) == []
    assert saturated_ranges("leaky_relu", -10, 10) == []  # slope 0.01 is not below 0.01
    assert saturated_ranges("leaky_relu", -10, 10, eps=0.02) == [(-10.0, 0.0)]
    gelu = saturated_ranges("gelu", -10, 10)
    assert gelu[0][0] == -10 and -3.2 < gelu[0][1] < -2.9
    assert all(hi < 0 for _, hi in gelu)  # GELU never saturates for x > 0
    assert any(lo < -0.75 < hi for lo, hi in gelu)  # where GELU' changes sign


def test_saturation_validation():
    for lo, hi in [(1, 1), (2, 1), (float("nan"), 1), (0, float("inf"))]:
        with pytest.raises(ConfigError) as e:
            saturated_ranges("tanh", lo, hi)
        assert e.value.code == "bad_range"
    with pytest.raises(ConfigError) as e:
        saturated_ranges("tanh", -1, 1, n=1)
    assert e.value.code == "bad_samples"
    for eps in (0.0, -1.0, float("nan")):
        with pytest.raises(ConfigError) as e:
            saturation("tanh", [0.0], eps)
        assert e.value.code == "bad_eps"


# --------------------------------------------------------------------------- softmax


@pytest.mark.torch
@pytest.mark.parametrize("temperature", [0.05, 0.5, 1.0, 2.0, 10.0])
def test_stable_softmax_matches_torch(temperature):
    rng = np.random.default_rng(3)
    for size in (2, 5, 10):
        z = rng.normal(0, 4, size)
        expected = torch.softmax(torch.tensor(z) / temperature, dim=0).numpy()
        np.testing.assert_allclose(softmax_stable(z, temperature), expected, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(softmax_naive(z, temperature), expected, rtol=1e-12, atol=1e-300)
        assert softmax_stable(z, temperature).sum() == pytest.approx(1.0, abs=1e-15)
        assert not naive_broken(z, temperature)


def test_naive_softmax_overflows_where_the_stable_one_does_not():
    z = [1000.0, 0.0, 0.0]
    naive = softmax_naive(z)
    assert math.isnan(naive[0])  # e^1000 = inf, inf/inf = NaN
    assert naive_broken(z)
    np.testing.assert_array_equal(softmax_stable(z), [1.0, 0.0, 0.0])
    # the same logits at a high temperature are harmless even written naively
    assert not naive_broken(z, 10.0)
    # and a small temperature breaks moderate logits
    assert naive_broken([10.0, 0.0], 0.01)
    assert np.isfinite(softmax_stable([10.0, 0.0], 0.01)).all()


def test_tiny_temperature_and_huge_logits_stay_finite():
    for z in ([1e6, -1e6, 0.0], [-1e6, 1e6], [1e6, 1e6, -1e6], [1e300, -1e300]):
        p = softmax_stable(z, 1e-6)
        assert np.isfinite(p).all()
        assert p.sum() == pytest.approx(1.0, abs=1e-15)
        g = softmax_gradient(z, 0, 1e-6)
        assert np.isfinite(g).all()
    assert softmax_stable([1e6, 1e6, -1e6], 1e-6).tolist() == [0.5, 0.5, 0.0]
    assert cross_entropy_from_logits([1e6, -1e6, 0.0], 0, 1e-6) == 0.0
    assert cross_entropy_from_logits([1e6, -1e6, 0.0], 2, 1e-6) == pytest.approx(1e12)
    assert naive_broken([1e6, -1e6, 0.0], 1e-6)
    # every term finite (e^709 < max float) but their sum is not: each naive p is 0
    z = [709.0] * 10
    assert np.isfinite(softmax_naive(z)).all() and softmax_naive(z).sum() == 0 and naive_broken(z)


@pytest.mark.torch
@pytest.mark.parametrize("temperature", [0.1, 1.0, 3.0])
def test_cross_entropy_and_its_gradient_match_torch(temperature):
    rng = np.random.default_rng(7)
    for size in (2, 4, 10):
        z = rng.normal(0, 3, size)
        for k in (0, size - 1):
            t = torch.tensor(z, requires_grad=True)
            ce = F.cross_entropy((t / temperature)[None], torch.tensor([k]))
            ce.backward()
            assert cross_entropy_from_logits(z, k, temperature) == pytest.approx(float(ce.detach()), rel=1e-12)
            g = softmax_gradient(z, k, temperature)
            np.testing.assert_allclose(g, t.grad.numpy(), rtol=1e-10, atol=1e-15)
            assert g.sum() == pytest.approx(0.0, abs=1e-12)
            p = softmax_stable(z, temperature)
            assert cross_entropy(p, k) == pytest.approx(-math.log(p[k]))
            assert g[k] == pytest.approx((p[k] - 1) / temperature)  # the seed's p_k − 1


def test_cross_entropy_from_probabilities_shows_the_underflow():
    # the naive route: p_1 underflows to 0, so −ln p_1 is infinite; from logits it is 1000
    assert cross_entropy(softmax_stable([1000.0, 0.0]), 1) == math.inf
    assert cross_entropy_from_logits([1000.0, 0.0], 1) == pytest.approx(1000.0)
    assert math.isnan(cross_entropy(softmax_naive([1000.0, 0.0]), 0))


@pytest.mark.parametrize("temperature", [0.0, -1.0, float("nan"), float("inf")])
def test_temperature_must_be_positive(temperature):
    for call in (softmax_naive, softmax_stable):
        with pytest.raises(ConfigError) as e:
            call([1.0, 2.0], temperature)
        assert e.value.code == "temperature_not_positive"
    with pytest.raises(ConfigError) as e:
        cross_entropy_from_logits([1.0, 2.0], 0, temperature)
    assert e.value.code == "temperature_not_positive"


@pytest.mark.parametrize("z", [[1.0], list(range(11)), [[1.0, 2.0], [3.0, 4.0]], [1.0, float("nan")],
                               [float("inf"), 0.0], ["a", "b"], []])
def test_bad_logits(z):
    for call in (softmax_naive, softmax_stable, naive_broken):
        with pytest.raises(ConfigError) as e:
            call(z)
        assert e.value.code == "bad_logits"


def test_bad_class():
    for k in (-1, 3):
        with pytest.raises(ConfigError) as e:
            cross_entropy_from_logits([1.0, 2.0, 3.0], k)
        assert e.value.code == "bad_class" and e.value.details == {"class": k, "count": 3}
        with pytest.raises(ConfigError):
            softmax_gradient([1.0, 2.0, 3.0], k)


# --------------------------------------------------------------------------- chain rule

AB = [(0.0, 0.0), (2.0, 3.0), (-1.5, 0.25), (10.0, -4.0), (1e3, -1e3)]


@pytest.mark.parametrize("a, b", AB)
def test_chain_values_follow_the_seeds_formulas(a, b):
    v = chain_forward(a, b)
    assert (v.c, v.d, v.e) == (a + b, b + 1, (a + b) * (b + 1))
    assert (v.de_dc, v.de_dd) == (v.d, v.c)
    assert (v.dc_da, v.dc_db, v.dd_db) == (1.0, 1.0, 1.0)
    assert v.de_da == b + 1
    assert v.de_db == pytest.approx(a + 2 * b + 1, abs=1e-12)


@pytest.mark.torch
@pytest.mark.parametrize("a, b", AB)
def test_chain_matches_torch_autograd(a, b):
    v = chain_forward(a, b)
    da, db = chain_autograd(a, b)
    assert da == pytest.approx(v.de_da, abs=1e-12)
    assert db == pytest.approx(v.de_db, abs=1e-12)


def test_backward_steps_accumulate_b_from_both_paths():
    v = chain_forward(2.0, 3.0)  # c = 5, d = 4, e = 20
    steps = backward_steps(v)
    assert [(s.src, s.dst) for s in steps] == list(CHAIN_EDGES)
    by_edge = {(s.src, s.dst): s for s in steps}
    assert by_edge[("e", "c")].local == 4.0 and by_edge[("e", "c")].upstream == 1.0
    assert by_edge[("e", "d")].local == 5.0
    assert by_edge[("c", "a")].upstream == 4.0 and by_edge[("c", "a")].accumulated == 4.0 == v.de_da
    into_b = [s for s in steps if s.dst == "b"]
    assert [s.src for s in into_b] == ["c", "d"]
    assert [s.contribution for s in into_b] == [4.0, 5.0]  # via c: d·1, via d: c·1
    assert [s.accumulated for s in into_b] == [4.0, 9.0]  # = a + 2b + 1 after both
    assert into_b[-1].accumulated == v.de_db == 2.0 + 2 * 3.0 + 1
    for s in steps:
        assert s.contribution == s.upstream * s.local


def test_chain_rejects_non_finite_inputs():
    for a, b in [(float("nan"), 1.0), (1.0, float("inf"))]:
        with pytest.raises(ConfigError) as e:
            chain_forward(a, b)
        assert e.value.code == "bad_value"


def test_importing_the_concepts_cores_loads_no_torch():
    code = "import sys, core.concepts, core.backprop; print('torch' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"
