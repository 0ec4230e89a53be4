"""The Neural Network lab's science that used to sit in its panel, tested without Qt:
one's own photo as a Fashion-MNIST image, and a model scored on a test set."""

import numpy as np
import pytest

from core.fashion import to_fashion_image


def test_a_dark_object_on_a_light_photo_becomes_a_light_object_on_black():
    photo = np.full((200, 120, 3), 240, dtype=np.uint8)
    photo[50:150, 30:90] = (20, 40, 60)  # a dark object in the middle
    small = to_fashion_image(photo)
    assert small.shape == (28, 28) and small.dtype == np.uint8
    assert small[0, 0] < 30 and small[14, 14] > 200  # inverted: black background, light object


def test_a_light_object_on_black_is_kept_as_it_is():
    photo = np.zeros((56, 56, 3), dtype=np.uint8)
    photo[14:42, 14:42] = 255
    small = to_fashion_image(photo)
    assert small[0, 0] == 0 and small[14, 14] == 255 and small[7:21, 7:21].min() == 255


@pytest.mark.torch
def test_score_model_matches_predict_proba():
    pytest.importorskip("torch")
    import core.mlp as mlp

    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (50, 28, 28), dtype=np.uint8)
    y = np.arange(50) % 10
    net = mlp.build_model(mlp.MLPConfig(hidden=(8,), seed=0))
    score = mlp.score_model(net, x, y, False)
    pred = mlp.predict_proba(net, x, False).argmax(axis=1)
    assert score.confusion.shape == (10, 10) and score.confusion.sum() == 50
    assert np.trace(score.confusion) == int((pred == y).sum()) and score.accuracy == pytest.approx(np.mean(pred == y))
    assert all(score.confusion[t, p] >= 1 for t, p in zip(y, pred))
    assert score.first.shape == (8, 784) and np.array_equal(score.first, net.net[0].weight.detach().numpy())
