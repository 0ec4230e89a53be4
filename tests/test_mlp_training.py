"""core.mlp.train: numbers a user reads (accuracy, epochs), control between batches, a run
that stopped learning, the model kept after Stop, memory pre-flight, torch errors."""

import math

import numpy as np
import pytest
torch = pytest.importorskip("torch")  # the extra nn: these tests skip without it

import core.mlp as mlp
from core.fashion import load_bundled
from core.mlp import (
    BatchSnapshot,
    EpochSnapshot,
    MLPConfig,
    ModelError,
    StopSnapshot,
    TrainControl,
    build_model,
    evaluate,
    predict_proba,
    to_tensors,
    train,
)


@pytest.fixture(scope="module")
def subset():
    data = load_bundled()
    return data, (to_tensors(data.train_x[:3000], data.train_y[:3000], False),
                  to_tensors(data.test_x[:600], data.test_y[:600], False))


def constant_model(winner=3):
    """A network whose every prediction is `winner`: zero weights, one large output bias."""
    cfg = MLPConfig(hidden=(4,), lr=1e-30, epochs=1, seed=0)
    model = build_model(cfg)
    with torch.no_grad():
        for p in model.parameters():
            p.zero_()
        model.net[2].bias[winner] = 10.0
    return model


def tensors(labels, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 256, (len(labels), 28, 28)).astype(np.uint8)
    return to_tensors(x, np.asarray(labels), False)


def epoch_snaps(snaps):
    return [s for s in snaps if isinstance(s, EpochSnapshot)]


# ---------------------------------------------------------------- what the numbers mean


@pytest.mark.parametrize("labels, batch_size", [
    ([3] * 7 + [0] * 9, 8),  # two full batches
    ([3] * 7 + [5] * 9, 16),  # one batch
    ([3] * 6 + [1] * 9, 5),  # three batches of five
    ([3] * 12, 4),  # all right: exactly 1, never more
    ([0, 1, 2, 4, 5, 6, 7, 8], 2),  # all wrong
])
def test_train_accuracy_is_the_fraction_right_by_hand_count(labels, batch_size):
    model = constant_model(winner=3)
    cfg = MLPConfig(hidden=(4,), lr=1e-30, epochs=1, batch_size=batch_size)
    test_labels = [3, 3, 3, 0, 1, 2, 4, 5, 6, 7]
    snaps = list(train(model, tensors(labels), tensors(test_labels, seed=1), cfg, min_interval=0.0))
    (epoch,) = epoch_snaps(snaps)
    right = labels.count(3)
    assert 0.0 <= epoch.train_acc <= 1.0
    assert epoch.train_acc == pytest.approx(right / len(labels))  # equal batches: the mean of batch means
    assert epoch.test_acc == pytest.approx(3 / 10)
    # every prediction has the same logits (0, ..., 10 at class 3): the loss by hand too
    p3 = math.exp(10) / (math.exp(10) + 9)
    loss = (right * -math.log(p3) + (len(labels) - right) * -math.log((1 - p3) / 9)) / len(labels)
    assert epoch.train_loss == pytest.approx(loss, rel=1e-5, abs=1e-6)  # float32 logits
    assert epoch.confusion[:, 3].sum() == 10 and epoch.confusion.sum() == 10


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_a_rate_change_applies_to_the_very_next_batch(subset, optimizer):
    _, (tr, te) = subset
    cfg = MLPConfig(hidden=(32,), optimizer=optimizer, lr=0.05, epochs=1, batch_size=100)  # 30 batches
    model = build_model(cfg)
    control = TrainControl()
    frozen = None
    moved_before = False
    start = [p.detach().clone() for p in model.parameters()]
    seen = 0
    for snap in train(model, tr, te, cfg, control, min_interval=0.0):
        if not isinstance(snap, BatchSnapshot):
            continue
        seen = snap.batch
        now = [p.detach().clone() for p in model.parameters()]
        if snap.batch == 1:
            moved_before = any(not torch.equal(a, b) for a, b in zip(start, now))
            control.lr = 1e-30  # from the next batch on, steps are below float32 resolution
            frozen = now
        else:
            assert snap.epoch == 0 and snap.batch > 1
            for a, b in zip(frozen, now):
                torch.testing.assert_close(a, b, rtol=0, atol=1e-20)
    assert moved_before and seen == 30


def test_epoch_numbering_is_documented_and_consistent(subset):
    _, (tr, te) = subset
    cfg = MLPConfig(hidden=(16,), epochs=2)
    snaps = list(train(build_model(cfg), tr, te, cfg, start_epoch=3, min_interval=3600))
    epochs = epoch_snaps(snaps)
    assert [e.epoch for e in epochs] == [3, 4]  # 0-based indices, as the seed's `epoch:0` line
    assert [e.epochs_completed for e in epochs] == [4.0, 5.0]
    assert all(not e.partial and e.batches_done == e.batches == 47 for e in epochs)
    assert snaps[-1] == StopSnapshot("finished", 4, 47) and snaps[-1].epochs_completed == 5.0


# ---------------------------------------------------------------- not learning


@pytest.mark.parametrize("optimizer, lr, hidden", [("adam", 1.0, (1024,)), ("sgd", 1e6, (256,)), ("sgd", 10.0, (256,)),
                                                   ("momentum", 5.0, (256,))])
def test_a_run_that_stopped_learning_says_so(subset, optimizer, lr, hidden):
    _, (tr, te) = subset
    cfg = MLPConfig(hidden=hidden, optimizer=optimizer, lr=lr, epochs=2)
    snaps = list(train(build_model(cfg), tr, te, cfg, min_interval=3600))
    last_epoch = epoch_snaps(snaps)[-1]
    assert last_epoch.test_acc < 0.2
    assert last_epoch.not_learning and last_epoch.cause == "lr_too_high"
    assert snaps[-1].reason == "not_learning" and snaps[-1].cause == "lr_too_high"


def test_a_healthy_run_is_not_flagged(subset):
    _, (tr, te) = subset
    cfg = MLPConfig(hidden=(256,), epochs=2)
    snaps = list(train(build_model(cfg), tr, te, cfg, min_interval=3600))
    assert not any(e.not_learning for e in epoch_snaps(snaps))
    assert snaps[-1].reason == "finished" and snaps[-1].cause == ""


def test_a_rate_far_too_low_is_named(subset):
    _, (tr, te) = subset
    cfg = MLPConfig(hidden=(64,), lr=1e-7, epochs=2)
    snaps = list(train(build_model(cfg), tr, te, cfg, min_interval=3600))
    assert snaps[-1].reason == "not_learning" and snaps[-1].cause == "lr_too_low"


@pytest.mark.parametrize("acc, loss, first, peak, steps, verdict", [
    (0.10, 2.31, 2.30, 2.35, 1000, "lr_too_low"),  # flat at guessing
    (0.16, 2.81, 2.30, 5e4, 1000, "lr_too_high"),  # Adam at lr 1
    (0.10, 3e16, 2.30, 4e33, 1000, "lr_too_high"),  # SGD at lr 1e6
    (0.10, math.nan, 2.30, 3.0, 1000, "lr_too_high"),
    (0.10, 2.31, 2.30, 2.35, 10, ""),  # too few steps to tell
    (0.45, 2.31, 2.30, 2.35, 1000, ""),  # above chance: learning
    (0.15, 1.90, 2.30, 2.35, 1000, ""),  # the loss is falling
])
def test_learning_verdict(acc, loss, first, peak, steps, verdict):
    assert mlp.learning_verdict(acc, loss, first, peak, steps) == verdict


# ---------------------------------------------------------------- the model kept after Stop


def test_stop_mid_epoch_scores_the_weights_it_keeps(subset):
    data, (tr, te) = subset
    cfg = MLPConfig(hidden=(64,), epochs=3)
    model = build_model(cfg)
    control = TrainControl()
    snaps = []
    for snap in train(model, tr, te, cfg, control, min_interval=0.0, keep_probs=True, partial_on_stop=True):
        snaps.append(snap)
        if isinstance(snap, BatchSnapshot) and snap.epoch == 1 and snap.batch == 12:
            control.stop = True
    partial, stop = snaps[-2], snaps[-1]
    assert stop == StopSnapshot("stopped", 1, 12) and stop.epochs_completed == pytest.approx(1 + 12 / 47)
    assert isinstance(partial, EpochSnapshot) and partial.partial and partial.epoch == 1
    assert (partial.batches_done, partial.batches) == (12, 47)
    assert partial.epochs_completed == pytest.approx(1 + 12 / 47)
    assert 0 <= partial.train_acc <= 1 and partial.confusion.sum() == 600
    loss, acc, cm = evaluate(model, *te)  # the model the run leaves is the one scored
    assert partial.test_loss == pytest.approx(loss) and partial.test_acc == acc
    assert np.array_equal(partial.confusion, cm)
    assert np.allclose(partial.probs, predict_proba(model, data.test_x[:600], normalize=False), atol=1e-6)
    assert [e.partial for e in epoch_snaps(snaps)] == [False, True]


def test_stop_at_an_epochs_end_adds_no_partial_and_without_the_option_none(subset):
    _, (tr, te) = subset
    cfg = MLPConfig(hidden=(16,), epochs=3)
    for option, stop_at, expected in ((True, 47, [False]), (False, 12, [False])):
        control = TrainControl()
        model = build_model(cfg)
        snaps = []
        for snap in train(model, tr, te, cfg, control, min_interval=0.0, partial_on_stop=option):
            snaps.append(snap)
            if isinstance(snap, (BatchSnapshot, EpochSnapshot)) and snap.epoch == (0 if option else 1) and \
                    getattr(snap, "batch", 47) == stop_at:
                control.stop = True
        assert [e.partial for e in epoch_snaps(snaps)] == expected
        assert snaps[-1].reason == "stopped"


def test_divergence_mid_epoch_scores_the_finite_weights_it_restores(subset):
    _, (tr, te) = subset
    cfg = MLPConfig(hidden=(32,), epochs=1, batch_size=16)  # 188 batches: a finite copy after 100
    model = build_model(cfg)
    control = TrainControl()
    snaps = []
    for snap in train(model, tr, te, cfg, control, min_interval=0.0, partial_on_stop=True):
        snaps.append(snap)
        if isinstance(snap, BatchSnapshot) and snap.batch == 150:
            control.lr = 1e37
    partial, stop = snaps[-2], snaps[-1]
    assert stop.reason == "diverged" and (stop.epoch, stop.batch) == (0, 100)
    assert partial.partial and partial.batches_done == 100
    assert all(bool(torch.isfinite(p).all()) for p in model.parameters())
    loss, acc, _ = evaluate(model, *te)
    assert partial.test_loss == pytest.approx(loss) and partial.test_acc == acc


# ---------------------------------------------------------------- memory and torch errors


def test_memory_preflight_refuses_what_would_not_fit(monkeypatch, subset):
    _, (tr, te) = subset
    monkeypatch.setattr(mlp, "memory_limit", lambda dev=None: 2 * 1024 ** 3)
    huge = MLPConfig(hidden=(8192,) * 4, optimizer="adam")
    with pytest.raises(ModelError) as err:
        mlp.check_memory(huge)
    d = err.value.details
    assert err.value.code == "not_enough_memory" and d["hidden"] == [8192] * 4 and d["optimizer"] == "adam"
    assert d["needed_mb"] > 4 * 208_000_000 * 4 / 2 ** 20 and d["limit_mb"] == 2048
    with pytest.raises(ModelError, match="not_enough_memory"):  # train() checks before its first step
        next(train(build_model(MLPConfig(hidden=(8,))), tr, te, huge))
    mlp.check_memory(MLPConfig(hidden=(8192,), optimizer="sgd"))  # the width cap itself, with SGD: allowed


def test_memory_estimate_grows_with_what_it_holds():
    sgd, mom, adam = (mlp.memory_needed(MLPConfig(hidden=(4096, 4096), optimizer=o))
                      for o in ("sgd", "momentum", "adam"))
    params = 784 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 10 + 10
    assert 3 * 4 * params < sgd < mom < adam and adam - mom == mom - sgd == 4 * params
    assert mlp.memory_needed(MLPConfig(batch_size=60000)) > mlp.memory_needed(MLPConfig(batch_size=64))
    assert mlp.memory_limit() >= mlp.MEMORY_FRACTION * min(mlp.FALLBACK_MEMORY, mlp._physical_memory() or 1 << 62)


def test_a_torch_error_inside_a_step_propagates_unchanged(subset):
    _, (tr, te) = subset
    cfg = MLPConfig(hidden=(16,), epochs=1)
    model = build_model(cfg)
    boom = RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
    calls = []
    real = model.forward

    def forward(x):
        calls.append(1)
        if len(calls) == 3:
            raise boom
        return real(x)

    model.forward = forward
    with pytest.raises(RuntimeError) as err:
        list(train(model, tr, te, cfg, min_interval=0.0))
    assert err.value is boom


def test_divergence_names_its_cause(subset):
    _, (tr, te) = subset
    cfg = MLPConfig(hidden=(16,), epochs=1, lr=1e37)
    snaps = list(train(build_model(cfg), tr, te, cfg))
    assert snaps[-1].reason == "diverged" and snaps[-1].cause == "lr_too_high"
    assert (snaps[-1].epoch, snaps[-1].batch) == (0, 0)  # the weights left are the starting ones
