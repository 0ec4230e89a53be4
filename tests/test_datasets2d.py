"""core.datasets2d: the seed's data, presets, validation codes, CSV files, splits, features."""

import numpy as np
import pytest

from core.datasets2d import (
    FEATURE_NAMES_LINEAR,
    FEATURE_NAMES_POLY,
    MAX_CLASSES,
    MAX_POINTS,
    Labeled,
    blobs,
    circles,
    load_labeled_csv,
    make_labeled,
    moons,
    polynomial_features,
    seed_dataset,
    split_mask,
    xor,
)
from core.errors import DataError

PRESETS = {
    "circles": lambda n, noise, seed: circles(n, noise, seed),
    "moons": lambda n, noise, seed: moons(n, noise, seed),
    "xor": lambda n, noise, seed: xor(n, noise, seed),
    "blobs2": lambda n, noise, seed: blobs(2, n, noise, seed),
    "blobs3": lambda n, noise, seed: blobs(3, n, noise, seed),
}


def write(tmp_path, text, name="data.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --------------------------------------------------------------------------- seed data


def test_seed_dataset_equals_the_seed_tutorials_global_state_code():
    np.random.seed(1115)
    data_0 = np.random.multivariate_normal(mean=[3, 4], cov=[[3, 0], [0, 1]], size=100)
    data_1 = np.random.multivariate_normal(mean=[7, 6], cov=[[3, 0], [0, 2]], size=200)
    d = seed_dataset()
    np.testing.assert_array_equal(d.X, np.vstack([data_0, data_1]))
    np.testing.assert_array_equal(d.y, [0] * 100 + [1] * 200)
    assert d.labels == (0, 1)
    assert (d.n, d.k) == (300, 2)
    assert d.counts().tolist() == [100, 200]


def test_seed_dataset_first_points_are_pinned():
    X = seed_dataset().X
    np.testing.assert_allclose(X[0], [5.91545969650, 2.98803227767], rtol=1e-11)
    np.testing.assert_allclose(X[1], [4.04636741424, 1.86135700644], rtol=1e-11)


def test_labeled_arrays_are_read_only_copies():
    X = np.array([[0.0, 1.0], [2.0, 3.0]])
    y = np.array([0, 1])
    d = Labeled(X, y, (0, 1))
    X[0, 0] = 99.0
    assert d.X[0, 0] == 0.0
    assert d.X.dtype == np.float64 and d.y.dtype == np.int64
    with pytest.raises(ValueError):
        d.X[0, 0] = 1.0
    with pytest.raises(ValueError):
        d.y[0] = 1
    assert not seed_dataset().X.flags.writeable


# --------------------------------------------------------------------------- presets


@pytest.mark.parametrize("name", sorted(PRESETS))
@pytest.mark.parametrize("n", [3, 4, 101, 1000])
def test_presets_are_balanced_within_one_point(name, n):
    d = PRESETS[name](n, 0.2, 7)
    assert d.n == n and d.X.shape == (n, 2) and d.y.shape == (n,)
    counts = d.counts()
    assert counts.sum() == n
    assert counts.max() - counts.min() <= 1
    assert np.isfinite(d.X).all()
    assert d.labels == tuple(range(d.k))


def test_blobs_counts_for_every_class_count():
    for k in range(2, MAX_CLASSES + 1):
        assert blobs(k, k, 0.5, 1).counts().tolist() == [1] * k
        d = blobs(k, 100, 0.5, 1)
        assert d.k == k
        counts = d.counts()
        assert counts.sum() == 100 and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_are_deterministic_for_a_seed(name):
    a, b, c = PRESETS[name](200, 0.1, 5), PRESETS[name](200, 0.1, 5), PRESETS[name](200, 0.1, 6)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)


def test_blobs_centres_on_a_circle_of_radius_four_starting_at_ninety_degrees():
    d = blobs(4, 4000, 0.0, 0)
    centres = np.array([d.X[d.y == c].mean(axis=0) for c in range(4)])
    np.testing.assert_allclose(centres, [[0, 4], [-4, 0], [0, -4], [4, 0]], atol=1e-12)


def test_two_points_give_one_per_class():
    for make in (circles, moons, xor):
        assert make(2, 0.1, 0).counts().tolist() == [1, 1]


def test_noise_free_shapes():
    c = circles(400, 0.0, 1)
    r = np.hypot(c.X[:, 0], c.X[:, 1])
    np.testing.assert_allclose(r[c.y == 0], 3.0)
    np.testing.assert_allclose(r[c.y == 1], 1.5)

    m = moons(400, 0.0, 1)
    assert m.X[:, 0].min() >= -3 - 1e-12 and m.X[:, 0].max() <= 3 + 1e-12
    assert m.X[:, 1].min() >= -1.5 - 1e-12 and m.X[:, 1].max() <= 1.5 + 1e-12
    outer = m.X[m.y == 0] / 2 + [0.5, 0.25]
    np.testing.assert_allclose(np.hypot(outer[:, 0], outer[:, 1]), 1.0)

    x = xor(1000, 0.0, 1)
    assert np.abs(x.X).max() <= 3.0
    np.testing.assert_array_equal(x.y, (x.X[:, 0] * x.X[:, 1] > 0).astype(int))


def test_xor_labels_come_from_the_clean_coordinates():
    d = xor(2000, 1.0, 3)
    wrong = d.y != (d.X[:, 0] * d.X[:, 1] > 0)
    assert 0 < wrong.mean() < 0.5


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_preset_validation(name):
    make = PRESETS[name]
    for n, code in [(1, "too_few_points"), (0, "too_few_points"), (MAX_POINTS + 1, "too_many_points")]:
        with pytest.raises(DataError) as e:
            make(n, 0.1, 0)
        assert e.value.code == code
    for noise in (-0.1, float("nan"), float("inf")):
        with pytest.raises(DataError) as e:
            make(10, noise, 0)
        assert e.value.code == "bad_noise"


def test_blobs_class_count_limits():
    with pytest.raises(DataError) as e:
        blobs(MAX_CLASSES + 1, 100, 0.5, 0)
    assert e.value.code == "too_many_classes" and e.value.details["limit"] == MAX_CLASSES
    with pytest.raises(DataError) as e:
        blobs(1, 100, 0.5, 0)
    assert e.value.code == "one_class"
    with pytest.raises(DataError) as e:
        blobs(4, 3, 0.5, 0)
    assert e.value.code == "too_few_points"


# --------------------------------------------------------------------------- make_labeled


def test_make_labeled_remaps_labels_in_sorted_order():
    d = make_labeled([[0, 0], [1, 1], [2, 2], [3, 3]], [5, -1, 5, 2])
    assert d.labels == (-1, 2, 5)
    assert all(type(v) is int for v in d.labels)
    assert d.y.tolist() == [2, 0, 2, 1]
    assert d.counts().tolist() == [1, 1, 2]
    d = make_labeled([[0, 0], [1, 1]], [1.0, 2.0])
    assert d.labels == (1, 2) and d.y.tolist() == [0, 1]


def test_make_labeled_copies():
    X = np.array([[0.0, 1.0], [2.0, 3.0]])
    d = make_labeled(X, [0, 1])
    X[0, 0] = 5
    assert d.X[0, 0] == 0.0 and not d.X.flags.writeable and not d.y.flags.writeable


@pytest.mark.parametrize(
    "X, y, kwargs, code, details",
    [
        ([["a", 1], [2, 3]], [0, 1], {}, "not_a_number", {}),
        ([[0, 0], [1, 1]], ["cat", "dog"], {}, "not_a_number", {}),
        ([1, 2, 3], [0, 1, 0], {}, "bad_shape", {}),
        ([[0, 0, 0], [1, 1, 1]], [0, 1], {}, "bad_shape", {}),
        ([[0, 0], [1, 1], [2, 2]], [0, 1], {}, "bad_shape", {"x": 3, "y": 2}),
        ([[0, 0]], [0], {}, "too_few_points", {"count": 1}),
        ([[0, 0], [1, np.inf], [2, np.nan]], [0, 1, 0], {}, "non_finite", {"index": 1}),
        ([[0, 0], [1, 1], [2, 2]], [0, 0.5, 1], {}, "label_not_integer", {"index": 1, "value": 0.5}),
        ([[0, 0], [1, 1], [2, 2]], [0, 1, np.nan], {}, "label_not_integer", {"index": 2}),
        (
            [[i, i] for i in range(7)], list(range(7)), {},
            "too_many_classes", {"count": 7, "limit": MAX_CLASSES},
        ),
        ([[0, 0], [1, 1]], [3, 3], {"min_classes": 2}, "one_class", {"count": 1}),
    ],
)
def test_make_labeled_errors(X, y, kwargs, code, details):
    with pytest.raises(DataError) as e:
        make_labeled(X, y, **kwargs)
    assert e.value.code == code
    for key, value in details.items():
        assert e.value.details[key] == value


def test_make_labeled_one_class_is_fine_by_default():
    d = make_labeled([[0, 0], [1, 1]], [3, 3])
    assert d.k == 1 and d.labels == (3,)


def test_make_labeled_too_many_points():
    with pytest.raises(DataError) as e:
        make_labeled(np.zeros((MAX_POINTS + 1, 2)), np.zeros(MAX_POINTS + 1))
    assert e.value.code == "too_many_points"
    assert e.value.details == {"count": MAX_POINTS + 1, "limit": MAX_POINTS}


# --------------------------------------------------------------------------- CSV


def test_csv_good_file_with_minus_one_and_one(tmp_path):
    p = write(tmp_path, "x1,x2,label\n0.5,1.5,-1\n2,3,1\n4,5,1\n")
    d = load_labeled_csv(p)
    assert d.labels == (-1, 1)
    assert d.y.tolist() == [0, 1, 1]
    np.testing.assert_array_equal(d.X, [[0.5, 1.5], [2, 3], [4, 5]])


@pytest.mark.parametrize(
    "text, code",
    [
        ("x1,x2,label\n0,0,cat\n1,1,dog\n", "not_a_number"),
        ("0,0,1\n1,1,1.5\n2,2,2\n", "label_not_integer"),
        ("0,0,1\n1,1,1\n2,2,1\n", "one_class"),
        ("0,0,1\n1,nan,2\n2,2,1\n", "non_finite"),
    ],
)
def test_csv_errors_carry_the_path(tmp_path, text, code):
    p = write(tmp_path, text)
    with pytest.raises(DataError) as e:
        load_labeled_csv(p)
    assert e.value.code == code
    assert e.value.details["path"] == str(p)


def test_csv_label_not_integer_details(tmp_path):
    p = write(tmp_path, "0,0,1\n1,1,1.5\n")
    with pytest.raises(DataError) as e:
        load_labeled_csv(p)
    assert e.value.details["index"] == 1 and e.value.details["value"] == 1.5


# --------------------------------------------------------------------------- split


def test_split_fraction_unstratified():
    m = split_mask(1000, 0.2, 3)
    assert m.dtype == bool and m.shape == (1000,)
    assert m.sum() == 200
    np.testing.assert_array_equal(m, split_mask(1000, 0.2, 3))
    assert not np.array_equal(m, split_mask(1000, 0.2, 4))
    assert split_mask(10, 0.0, 0).sum() == 0
    assert split_mask(10, 0.9, 0).sum() == 9


def test_split_is_stratified_by_class():
    y = np.array([0] * 100 + [1] * 200 + [2] * 7)
    m = split_mask(y.size, 0.25, 11, y)
    assert [int(m[y == c].sum()) for c in range(3)] == [25, 50, 2]
    np.testing.assert_array_equal(m, split_mask(y.size, 0.25, 11, y))
    d = seed_dataset()
    m = split_mask(d.n, 0.3, 0, d.y)
    assert [int(m[d.y == c].sum()) for c in range(2)] == [30, 60]


def test_split_errors():
    for fraction in (-0.1, 0.95, float("nan")):
        with pytest.raises(DataError) as e:
            split_mask(10, fraction, 0)
        assert e.value.code == "bad_split"
    with pytest.raises(DataError) as e:
        split_mask(10, 0.2, 0, np.zeros(9))
    assert e.value.code == "bad_shape"


# --------------------------------------------------------------------------- features


def test_polynomial_features():
    F = polynomial_features(np.array([[2.0, 3.0], [-1.0, 0.5]]))
    np.testing.assert_array_equal(F, [[2, 3, 4, 9, 6], [-1, 0.5, 1, 0.25, -0.5]])
    assert len(FEATURE_NAMES_POLY) == F.shape[1] == 5
    assert FEATURE_NAMES_LINEAR == FEATURE_NAMES_POLY[:2]
    with pytest.raises(DataError) as e:
        polynomial_features(np.zeros((3, 3)))
    assert e.value.code == "bad_shape"
