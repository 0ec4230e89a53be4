"""core.numeric's refusals carry the numbers their sentences show (found by the mutation run:
tests checked the code of each refusal but not its details, so a wrong factor or a lost value
passed)."""

import numpy as np
import pytest

from core import numeric
from core.errors import DataError


def refusal(fn, *args, **kwargs) -> DataError:
    with pytest.raises(DataError) as info:
        fn(*args, **kwargs)
    return info.value


def test_too_small_names_the_size_the_limit_and_a_factor_that_brings_it_near_one():
    e = refusal(numeric.check_magnitude, np.array([0.0, -3.25e-200, 1e-201]), "x")
    assert e.code == "values_too_small"
    assert e.details == {"column": "x", "value": 3.25e-200, "limit": numeric.SMALLEST, "factor": 1e200}
    assert 1.0 <= e.details["value"] * e.details["factor"] < 10.0  # the advice works


def test_too_large_names_the_value_where_it_is_and_a_round_factor():
    e = refusal(numeric.check_magnitude, np.array([1.0, -3.2e200, 5.0]), "y", poly=True)
    assert e.details == {"column": "y", "value": -3.2e200, "index": 1, "limit": numeric.LARGEST,
                         "factor": 1e200, "poly": True}


def test_the_limits_themselves_are_accepted():
    assert numeric.check_magnitude(np.array([numeric.SMALLEST, 0.0]), "x").magnitude == numeric.SMALLEST
    assert numeric.check_magnitude(np.array([-numeric.LARGEST]), "x").magnitude == numeric.LARGEST
    # a magnitude just past a limit is refused
    refusal(numeric.check_magnitude, np.array([numeric.SMALLEST * (1 - 2**-50)]), "x")
    refusal(numeric.check_magnitude, np.array([numeric.LARGEST * (1 + 2**-50)]), "x")


def test_the_factor_for_the_tiniest_values_stays_a_float():
    e = refusal(numeric.check_magnitude, np.array([5e-310]), "x")  # subnormal
    assert e.details["factor"] == 1e300


def test_constant_column_names_its_value():
    e = refusal(numeric.check_spread, np.full(5, 2.5), "x1")
    assert e.code == "constant_x" and e.details == {"column": "x1", "x": 2.5}


def test_spread_below_smallest_names_the_spread_and_a_factor():
    values = np.array([0.0, 1e-160, 2e-160, 3e-160])
    std = float(np.std(values))
    e = refusal(numeric.check_spread, values, "x")
    assert e.code == "values_too_small"
    assert e.details == {"column": "x", "value": float(f"{std:.4g}"), "limit": numeric.SMALLEST,
                         "factor": 1e160, "measure": "spread"}


def test_spread_too_small_names_the_centre_and_spread():
    values = 1e12 + np.array([0.0, 1e-4, 2e-4, 3e-4])
    e = refusal(numeric.check_spread, values, "x", poly=True)
    assert e.code == "spread_too_small"
    assert e.details["column"] == "x" and e.details["poly"] is True
    assert e.details["center"] == pytest.approx(1e12, rel=1e-9)
    assert e.details["spread"] == pytest.approx(float(np.std(values)), rel=1e-3)


@pytest.mark.parametrize("seed", [0, 1, 2**31, numeric.MAX_SEED, np.uint32(7)])
def test_every_seed_a_spin_box_offers_is_accepted(seed):
    assert numeric.check_seed(seed) == int(seed)


@pytest.mark.parametrize("seed", [-1, numeric.MAX_SEED + 1, True, 2.5, "3"])
def test_a_bad_seed_is_refused_with_its_value(seed):
    e = refusal(numeric.check_seed, seed)
    assert e.code == "bad_seed" and e.details == {"seed": seed, "limit": numeric.MAX_SEED}


@pytest.mark.parametrize("values", [np.array([1.0, 2.0, 4.0]), np.array([-3e100, 1e100, 2e99]),
                                    1e12 + np.array([0.0, 1e-3, 3e-3])])
def test_column_scale_matches_the_direct_formulas(values):
    s = numeric.column_scale(values)
    top = float(np.max(np.abs(values)))
    assert s.magnitude == top
    assert s.mean == pytest.approx(float(np.mean(values)), rel=1e-12)
    assert s.std == pytest.approx(float(np.std(values)), rel=1e-6)
    assert s.relative_spread == pytest.approx(float(np.std(values)) / top, rel=1e-6)
    assert 0.5 <= top / 2.0**s.exponent < 1.0
