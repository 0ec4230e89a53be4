"""core.idx, core.fashion and core.mlp: strict IDX reading, sources, training, model files."""

import gzip
import os
import pickle
import struct

import numpy as np
import pytest
torch = pytest.importorskip("torch")  # the extra nn: these tests skip without it

from core.fashion import CLASSES, has_idx_files, load_bundled, load_fashion, load_folder
from core.idx import DatasetError, read_images, read_labels, write_idx
from core.mlp import (
    MLP,
    EpochSnapshot,
    MLPConfig,
    ModelError,
    StopSnapshot,
    TrainControl,
    build_model,
    load_model,
    predict_proba,
    save_model,
    to_tensors,
    train,
)

DEBIAN = "/usr/share/datasets/fashion-mnist"


def make_folder(path, n_train=60, n_test=20, compress=True):
    rng = np.random.default_rng(0)
    path.mkdir(parents=True, exist_ok=True)
    write_idx(path / "train-images-idx3-ubyte" if not compress else path / "train-images-idx3-ubyte.gz",
              rng.integers(0, 256, (n_train, 28, 28)), compress)
    write_idx(path / ("train-labels-idx1-ubyte" + (".gz" if compress else "")), np.arange(n_train) % 10, compress)
    write_idx(path / ("t10k-images-idx3-ubyte" + (".gz" if compress else "")), rng.integers(0, 256, (n_test, 28, 28)),
              compress)
    write_idx(path / ("t10k-labels-idx1-ubyte" + (".gz" if compress else "")), np.arange(n_test) % 10, compress)
    return path


# ---------------------------------------------------------------- IDX

def test_idx_round_trip_raw_and_gzip(tmp_path):
    imgs = np.random.default_rng(1).integers(0, 256, (5, 28, 28)).astype(np.uint8)
    for compress in (False, True):
        f = tmp_path / f"i{compress}"
        write_idx(f, imgs, compress)
        assert np.array_equal(read_images(f), imgs)
    write_idx(tmp_path / "l", np.array([0, 9, 3]))
    assert read_labels(tmp_path / "l").tolist() == [0, 9, 3]


@pytest.mark.parametrize("damage, code", [
    ("missing", "file_not_found"),
    ("truncated", "idx_truncated"),
    ("header_only", "idx_truncated"),
    ("trailing", "idx_trailing_bytes"),
    ("magic", "idx_bad_magic"),
    ("gzip", "gzip_corrupt"),
    ("huge", "idx_bad_shape"),
])
def test_idx_rejections(tmp_path, damage, code):
    f = tmp_path / "x"
    imgs = np.zeros((4, 28, 28), np.uint8)
    blob = struct.pack(">I", 2051) + struct.pack(">III", 4, 28, 28) + imgs.tobytes()
    if damage == "truncated":
        f.write_bytes(blob[:-100])
    elif damage == "header_only":
        f.write_bytes(blob[:6])
    elif damage == "trailing":
        f.write_bytes(blob + b"\0\0")
    elif damage == "magic":
        f.write_bytes(struct.pack(">I", 2049) + blob[4:])
    elif damage == "gzip":
        f.write_bytes(gzip.compress(blob)[:40])
    elif damage == "huge":  # a header promising 100 million images must not allocate
        f.write_bytes(struct.pack(">I", 2051) + struct.pack(">III", 100_000_000, 28, 28) + b"\0" * 100)
    with pytest.raises(DatasetError) as err:
        read_images(f if damage != "missing" else tmp_path / "nope")
    assert err.value.code == code


def test_labels_out_of_range(tmp_path):
    write_idx(tmp_path / "l", np.array([0, 12]))
    with pytest.raises(DatasetError, match="label_out_of_range"):
        read_labels(tmp_path / "l")


# ---------------------------------------------------------------- sources

def test_folder_and_mismatch(tmp_path):
    folder = make_folder(tmp_path / "fm")
    data = load_folder(folder)
    assert data.train_x.shape == (60, 28, 28) and data.test_y.shape == (20,) and data.source == "folder"
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.arange(19) % 10, True)
    with pytest.raises(DatasetError) as err:
        load_folder(folder)
    assert err.value.code == "idx_count_mismatch" and err.value.details["set"] == "test"
    os.remove(folder / "train-images-idx3-ubyte.gz")
    with pytest.raises(DatasetError, match="idx_missing"):
        load_folder(folder)
    with pytest.raises(DatasetError, match="folder_not_found"):
        load_folder(tmp_path / "absent")


def test_source_order(tmp_path, monkeypatch):
    chosen = make_folder(tmp_path / "chosen")
    env = make_folder(tmp_path / "env", n_train=30)
    monkeypatch.setenv("FASHION_MNIST_DIR", str(env))
    assert load_fashion(str(chosen)).source == "folder"
    assert load_fashion().source == "env" and load_fashion().train_x.shape[0] == 30
    monkeypatch.setenv("FASHION_MNIST_DIR", str(tmp_path / "broken"))
    with pytest.raises(DatasetError):  # a configured folder that is broken is an error, not skipped
        load_fashion()
    monkeypatch.delenv("FASHION_MNIST_DIR")
    monkeypatch.chdir(tmp_path)  # no ./data/FashionMNIST/raw here
    data = load_fashion()
    assert data.source in ("debian", "bundled")


def test_bundled_subset_is_stratified():
    data = load_bundled()
    assert data.train_x.shape == (10000, 28, 28) and data.test_x.shape == (2000, 28, 28)
    assert np.bincount(data.train_y).tolist() == [1000] * 10
    assert np.bincount(data.test_y).tolist() == [200] * 10
    assert len(CLASSES) == 10


# ---------------------------------------------------------------- training

def small_data():
    data = load_bundled()
    return (to_tensors(data.train_x[:3000], data.train_y[:3000], False),
            to_tensors(data.test_x[:1000], data.test_y[:1000], False))


def test_training_on_the_subset_reaches_a_sane_accuracy():
    tr, te = small_data()
    model = build_model(MLPConfig(epochs=2))
    snaps = list(train(model, tr, te, MLPConfig(epochs=2), min_interval=0.0))
    epochs = [s for s in snaps if isinstance(s, EpochSnapshot)]
    assert len(epochs) == 2 and epochs[-1].test_acc > 0.65
    assert epochs[-1].train_loss < epochs[0].train_loss
    assert snaps[-1] == StopSnapshot("finished", 1, 47)
    assert epochs[-1].confusion.sum() == 1000 and np.trace(epochs[-1].confusion) / 1000 == pytest.approx(
        epochs[-1].test_acc)


def test_snapshots_are_throttled_but_carry_every_batch():
    tr, te = small_data()
    cfg = MLPConfig(epochs=1)
    snaps = list(train(build_model(cfg), tr, te, cfg, min_interval=3600))
    batches = [s for s in snaps if hasattr(s, "losses")]
    assert len(batches) == 1 and len(batches[0].losses) == 47


def test_seeded_runs_repeat_exactly():
    tr, te = small_data()
    cfg = MLPConfig(epochs=1, seed=3)
    a, b = build_model(cfg), build_model(cfg)
    list(train(a, tr, te, cfg))
    list(train(b, tr, te, cfg))
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


def test_stop_and_learning_rate_change_via_control():
    tr, te = small_data()
    cfg = MLPConfig(epochs=3)
    control = TrainControl()
    model = build_model(cfg)
    out = []
    for snap in train(model, tr, te, cfg, control, min_interval=0.0):
        out.append(snap)
        if len(out) == 5:
            control.lr = 0.01
        if len(out) == 10:
            control.stop = True
    assert isinstance(out[-1], StopSnapshot) and out[-1].reason == "stopped"


def test_divergence_keeps_finite_weights():
    tr, te = small_data()
    cfg = MLPConfig(epochs=1, lr=1e37)  # float32 weights overflow to inf, the loss to NaN
    model = build_model(cfg)
    snaps = list(train(model, tr, te, cfg))
    assert snaps[-1].reason == "diverged"
    assert all(bool(torch.isfinite(p).all()) for p in model.parameters())


@pytest.mark.parametrize("field, value, code", [("lr", 0.0, "lr_not_positive"), ("hidden", (), "bad_hidden"),
                                               ("activation", "gelu", "bad_activation"), ("batch_size", 0, "bad_batch_size")])
def test_bad_configuration(field, value, code):
    from dataclasses import replace

    with pytest.raises(ModelError) as err:
        replace(MLPConfig(), **{field: value}).validated()
    assert err.value.code == code


# ---------------------------------------------------------------- files

class SeedFashion(torch.nn.Module):
    """The seed's own module, verbatim."""

    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(28 * 28, 1024), torch.nn.ReLU(), torch.nn.Linear(1024, 10))

    def forward(self, x):
        return self.net(x.view(x.shape[0], -1))


def test_seed_last_pt_opens_and_the_lab_saves_that_form(tmp_path):
    seed = SeedFashion()
    torch.save(seed.state_dict(), tmp_path / "last.pt")  # what the seed's notebook writes
    model, cfg, metrics = load_model(tmp_path / "last.pt")
    assert cfg.hidden == (1024,) and cfg.activation == "relu" and metrics == []
    x = torch.rand(3, 1, 28, 28)
    assert torch.allclose(model(x), seed(x))
    save_model(tmp_path / "back.pt", model, cfg, seed_form=True)
    again = SeedFashion()
    again.load_state_dict(torch.load(tmp_path / "back.pt", weights_only=True))
    assert torch.allclose(again(x), seed(x))


def test_lab_form_keeps_hyperparameters_and_metrics(tmp_path):
    cfg = MLPConfig(hidden=(64, 32), activation="tanh", optimizer="adam", lr=0.001, epochs=2)
    model = build_model(cfg)
    row = {"epoch": 0, "train_loss": 1.25, "train_acc": 0.4, "test_loss": 1.5, "test_acc": 0.5, "seconds": 2.0}
    save_model(tmp_path / "m.pt", model, cfg, [row])
    loaded, cfg2, metrics = load_model(tmp_path / "m.pt")
    assert cfg2 == cfg and metrics == [row]
    assert [p.name for p in tmp_path.iterdir()] == ["m.pt"]  # no temporary file left
    x = torch.rand(2, 784)
    assert torch.allclose(loaded(x), model(x))


def test_bad_model_files(tmp_path):
    other = torch.nn.Sequential(torch.nn.Linear(784, 10))
    torch.save(other.state_dict(), tmp_path / "other.pt")
    with pytest.raises(ModelError, match="model_wrong_architecture"):
        load_model(tmp_path / "other.pt")
    (tmp_path / "junk.pt").write_bytes(b"not a model at all")
    with pytest.raises(ModelError, match="model_unreadable"):
        load_model(tmp_path / "junk.pt")
    nan = SeedFashion()
    with torch.no_grad():
        nan.net[0].weight[0, 0] = float("nan")
    torch.save(nan.state_dict(), tmp_path / "nan.pt")
    with pytest.raises(ModelError, match="model_not_finite"):
        load_model(tmp_path / "nan.pt")

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned > " + str(tmp_path / "pwned"),))

    with open(tmp_path / "evil.pt", "wb") as fh:
        pickle.dump(Evil(), fh)
    with pytest.raises(ModelError) as err:
        load_model(tmp_path / "evil.pt")
    assert err.value.code == "model_unsafe"
    assert not (tmp_path / "pwned").exists()
    with pytest.raises(ModelError, match="file_not_found"):
        load_model(tmp_path / "absent.pt")


def test_epoch_snapshots_carry_the_test_probabilities_of_their_evaluation():
    data = load_bundled()
    tr, te = to_tensors(data.train_x[:640], data.train_y[:640], False), to_tensors(data.test_x[:300], data.test_y[:300], False)
    cfg = MLPConfig(hidden=(32,), epochs=1)
    model = build_model(cfg)
    epoch = next(s for s in train(model, tr, te, cfg, keep_probs=True) if isinstance(s, EpochSnapshot))
    assert epoch.probs.shape == (300, 10)
    assert np.allclose(epoch.probs, predict_proba(model, data.test_x[:300], normalize=False), atol=1e-6)
    assert np.mean(epoch.probs.argmax(axis=1) == data.test_y[:300]) == pytest.approx(epoch.test_acc)
    assert next(s for s in train(model, tr, te, cfg) if isinstance(s, EpochSnapshot)).probs is None


def test_predict_proba():
    data = load_bundled()
    p = predict_proba(MLP(), data.test_x[:4], normalize=False)
    assert p.shape == (4, 10) and np.allclose(p.sum(axis=1), 1)


@pytest.mark.skipif(not has_idx_files(__import__("pathlib").Path(DEBIAN)) and not os.environ.get("CI"),
                    reason="Fashion-MNIST is not installed here (Debian's dataset-fashion-mnist); CI installs it")
def test_one_epoch_on_the_full_data():
    data = load_folder(DEBIAN, "debian")
    cfg = MLPConfig(epochs=1)
    tr = to_tensors(data.train_x, data.train_y, False)
    te = to_tensors(data.test_x, data.test_y, False)
    epochs = [s for s in train(build_model(cfg), tr, te, cfg, min_interval=3600) if isinstance(s, EpochSnapshot)]
    assert epochs[0].test_acc >= 0.82
