"""core.metrics: the confusion matrix and what is read from it (no Qt)."""

import numpy as np
import pytest

from core.metrics import accuracy_of, cell_members, confused_pairs, confusion_matrix, row_rates, worse_direction


def test_rows_are_true_columns_predicted():
    cm = confusion_matrix(np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2]), 3)
    assert cm.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert cm.dtype == np.int64 and cm.sum() == 6
    assert accuracy_of(cm) == pytest.approx(4 / 6)


def test_a_class_with_no_point_is_a_zero_row_and_empty_data_a_zero_matrix():
    cm = confusion_matrix(np.array([0, 0]), np.array([0, 2]), 4)
    assert cm.shape == (4, 4) and cm[1].sum() == 0 and cm[0, 2] == 1
    rates = row_rates(cm)
    assert rates[0].tolist() == [0.5, 0.0, 0.5, 0.0] and rates[1].sum() == 0.0
    empty = confusion_matrix(np.array([], dtype=int), np.array([], dtype=int), 2)
    assert empty.tolist() == [[0, 0], [0, 0]] and accuracy_of(empty) == 0.0


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        confusion_matrix(np.array([0, 1]), np.array([0]), 2)
    with pytest.raises(ValueError):
        confusion_matrix(np.array([0, 3]), np.array([0, 1]), 3)
    with pytest.raises(ValueError):
        confusion_matrix(np.array([0, 1]), np.array([-1, 1]), 2)


def test_it_matches_a_loop_on_random_labels():
    rng = np.random.default_rng(0)
    t, p = rng.integers(0, 5, 1000), rng.integers(0, 5, 1000)
    loop = np.zeros((5, 5), dtype=np.int64)
    for a, b in zip(t, p):
        loop[a, b] += 1
    assert np.array_equal(confusion_matrix(t, p, 5), loop)
    assert np.allclose(row_rates(loop).sum(axis=1), 1.0)


def test_the_most_confused_pairs_count_both_directions():
    cm = np.array([[50, 3, 9, 0],
                   [8, 40, 0, 1],
                   [2, 0, 30, 6],
                   [0, 1, 5, 20]])
    # 0↔1: 3 + 8; 0↔2: 9 + 2; 2↔3: 6 + 5; 1↔3: 1 + 1; the diagonal never counts
    assert confused_pairs(cm, 4) == [(11, 2, 3), (11, 0, 2), (11, 0, 1), (2, 1, 3)]
    assert confused_pairs(cm, 1) == [(11, 2, 3)]
    assert worse_direction(cm, 0, 1) == (1, 0) and worse_direction(cm, 0, 2) == (0, 2)
    assert worse_direction(np.array([[0, 2], [2, 0]]), 0, 1) == (0, 1)  # a tie: a taken for b


def test_the_members_of_a_cell_are_its_points_in_order():
    t = np.array([0, 1, 1, 2, 1, 0])
    p = np.array([0, 2, 1, 2, 2, 2])
    assert cell_members(t, p, 1, 2).tolist() == [1, 4]
    assert cell_members(t, p, 2, 0).tolist() == []
    cm = confusion_matrix(t, p, 3)
    assert all(len(cell_members(t, p, i, j)) == cm[i, j] for i in range(3) for j in range(3))
    with pytest.raises(ValueError):
        cell_members(t, p[:3], 0, 0)
