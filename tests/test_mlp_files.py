"""core.mlp model files: hostile files are refused with a typed error before anything big
is built; saving fails loudly and cleanly; the seed form is only written for the seed's net."""

import io
import os
import struct
import subprocess
import sys
import zipfile
from collections import OrderedDict

import pytest
torch = pytest.importorskip("torch")  # the extra nn: these tests skip without it

import core.mlp as mlp
from core.errors import LabError, SaveError
from core.mlp import MLPConfig, ModelError, build_model, load_model, save_model

ROW = {"epoch": 0, "train_loss": 1.0, "train_acc": 0.5, "test_loss": 1.1, "test_acc": 0.6, "seconds": 1.0}


def seed_state(hidden=1024):
    g = torch.Generator().manual_seed(0)
    return OrderedDict([("net.0.weight", torch.randn(hidden, 784, generator=g) * 0.01),
                        ("net.0.bias", torch.zeros(hidden)),
                        ("net.2.weight", torch.randn(10, hidden, generator=g) * 0.01),
                        ("net.2.bias", torch.zeros(10))])


def small_state():
    return seed_state(hidden=8)


def lab(state=None, **changes):
    payload = {"format": mlp.LAB_FORMAT, "version": 1, "state_dict": small_state() if state is None else state,
               "config": {"hidden": (8,), "activation": "relu", "optimizer": "sgd", "lr": 0.1, "batch_size": 64,
                          "epochs": 5, "normalize": False, "seed": 0},
               "metrics": [dict(ROW)]}
    for key, value in changes.items():
        if key.startswith("config_"):
            payload["config"][key[7:]] = value
        elif value is KeyError:
            del payload[key]
        else:
            payload[key] = value
    return payload


def saved(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def expanded_state(hidden, extra=None):
    """A state dict whose big tensors are expand()ed views of one row: a few KB on disk."""
    state = OrderedDict([("net.0.weight", torch.zeros(784).expand(hidden, 784)),
                         ("net.0.bias", torch.zeros(1).expand(hidden)),
                         ("net.2.weight", torch.zeros(1).expand(10, hidden)),
                         ("net.2.bias", torch.zeros(10))])
    if extra:
        state.update(extra)
    return state


def declared_bigger_than_stored():
    """A zip whose pickle declares a 2-gigaelement storage for a 784-element record."""
    z = zipfile.ZipFile(io.BytesIO(saved({"net.0.weight": torch.zeros(784)})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as w:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith("data.pkl"):
                data = data.replace(b"M\x10\x03", b"J" + struct.pack("<i", 2_000_000_000))
            w.writestr(name, data)
    return out.getvalue()


def sparse_state():
    state = small_state()
    state["net.2.bias"] = torch.zeros(10).to_sparse()
    return state


# (name, file bytes, expected code, expected "field" detail or None)
HOSTILE = [
    ("empty", lambda: b"", "empty_file", None),
    ("text", lambda: b"this is not a model\n", "model_unreadable", None),
    ("truncated", lambda: saved(seed_state())[:1_000_000], "model_unreadable", None),
    ("zip without a pickle", lambda: _zip({"a.txt": b"hello"}), "model_unreadable", None),
    ("declared larger than stored", declared_bigger_than_stored, "model_unreadable", None),
    ("a list", lambda: saved([1, 2, 3]), "model_bad_content", "state_dict"),
    ("a bare tensor", lambda: saved(torch.zeros(3)), "model_bad_content", "state_dict"),
    ("lab form, state dict a list", lambda: saved(lab(state=[1, 2])), "model_bad_content", "state_dict"),
    ("lab form, no state dict", lambda: saved(lab(state_dict=KeyError)), "model_bad_content", "state_dict"),
    ("integer keys", lambda: saved({0: torch.zeros(3)}), "model_bad_content", "state_dict"),
    ("value not a tensor", lambda: saved({**small_state(), "net.0.bias": [0.0] * 8}), "model_bad_content",
     "net.0.bias"),
    ("integer tensor", lambda: saved({**small_state(), "net.2.bias": torch.zeros(10, dtype=torch.int64)}),
     "model_bad_content", "net.2.bias"),
    ("sparse tensor", lambda: saved(sparse_state()), "model_bad_content", "net.2.bias"),
    ("config a list", lambda: saved(lab(config=[1, 2])), "model_bad_content", "config"),
    ("config lr a string", lambda: saved(lab(config_lr="0.1")), "model_bad_content", "config.lr"),
    ("config lr negative", lambda: saved(lab(config_lr=-1.0)), "model_bad_content", "config.lr"),
    ("config batch size 0", lambda: saved(lab(config_batch_size=0)), "model_bad_content", "config.batch_size"),
    ("config epochs a float", lambda: saved(lab(config_epochs=2.5)), "model_bad_content", "config.epochs"),
    ("config activation unknown", lambda: saved(lab(config_activation="gelu")), "model_bad_content",
     "config.activation"),
    ("config normalize an int", lambda: saved(lab(config_normalize=1)), "model_bad_content", "config.normalize"),
    ("config hidden disagrees", lambda: saved(lab(config_hidden=(9,))), "model_bad_content", "config.hidden"),
    ("config seed a string", lambda: saved(lab(config_seed="0")), "model_bad_content", "config.seed"),
    ("metrics a dict", lambda: saved(lab(metrics={"epoch": 0})), "model_bad_content", "metrics"),
    ("metrics not dicts", lambda: saved(lab(metrics=[1, 2])), "model_bad_content", "metrics[0]"),
    ("metrics value a string", lambda: saved(lab(metrics=[dict(ROW), {**ROW, "test_acc": "0.6"}])),
     "model_bad_content", "metrics[1]"),
    ("metrics row without test_acc", lambda: saved(lab(metrics=[{"epoch": 0}])), "model_bad_content",
     "metrics[0]"),
    ("metrics key not a string", lambda: saved(lab(metrics=[{**ROW, 3: 1.0}])), "model_bad_content", "metrics[0]"),
    ("version 2", lambda: saved(lab(version=2)), "model_bad_content", "version"),
    ("version a string", lambda: saved(lab(version="1")), "model_bad_content", "version"),
    ("another format", lambda: saved(lab(format="someone-else/v1")), "model_bad_content", "format"),
    ("300,000 hidden units from expand()", lambda: saved(expanded_state(300_000)), "model_too_large", None),
    ("200,000 hidden units: under the element cap, over the width cap", lambda: saved(expanded_state(200_000)),
     "model_beyond_limits", None),
    ("a huge tensor under a key the net has not", lambda: saved(expanded_state(8, {
        "junk": torch.zeros(1).expand(4_000_000_000)})), "model_too_large", None),
    ("five hidden layers", lambda: saved(_chain(16, 16, 16, 16, 16)), "model_beyond_limits", None),
    ("a hidden layer of width 0", lambda: saved(_chain(0)), "model_beyond_limits", None),
    ("extra key", lambda: saved({**small_state(), "net.4.bias": torch.zeros(10)}), "model_wrong_architecture",
     None),
    ("bias of the wrong length", lambda: saved({**small_state(), "net.0.bias": torch.zeros(9)}),
     "model_wrong_architecture", None),
    ("3-D weight", lambda: saved({**small_state(), "net.0.weight": torch.zeros(8, 784, 1)}),
     "model_wrong_architecture", None),
    ("not 784 inputs", lambda: saved(seed_state() | {"net.0.weight": torch.zeros(1024, 100)}),
     "model_wrong_architecture", None),
    ("not finite", lambda: saved({**small_state(), "net.2.bias": torch.full((10,), float("inf"))}),
     "model_not_finite", None),
]


def _zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _chain(*hidden):
    widths = [784, *hidden, 10]
    state = OrderedDict()
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        state[f"net.{2 * i}.weight"] = torch.zeros(b, a)
        state[f"net.{2 * i}.bias"] = torch.zeros(b)
    return state


@pytest.mark.parametrize("name, make, code, field", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_model_files_are_refused_before_a_network_is_built(tmp_path, monkeypatch, name, make, code,
                                                                      field):
    f = tmp_path / "hostile.pt"
    f.write_bytes(make())
    built = []
    real = mlp.MLP

    def watched(hidden, activation="relu"):
        built.append(hidden)
        if sum(hidden) > mlp.MAX_HIDDEN * mlp.MAX_LAYERS or len(hidden) > mlp.MAX_LAYERS:
            raise AssertionError(f"built a network beyond the cap: {hidden}")
        return real(hidden, activation)

    monkeypatch.setattr(mlp, "MLP", watched)
    with pytest.raises(ModelError) as err:
        load_model(f)
    assert isinstance(err.value, LabError)
    assert err.value.code == code, err.value
    assert err.value.details["path"] == str(f)
    if field is not None:
        assert err.value.details["field"] == field
    if code not in ("model_not_finite",):
        assert built == []  # refused from the file's structure, before any network existed


def test_every_refusal_has_a_sentence(tmp_path):
    pytest.importorskip("PySide6")
    from gui.messages import describe_error

    for i, (name, make, _code, _field) in enumerate(HOSTILE):
        f = tmp_path / f"{i}.pt"
        f.write_bytes(make())
        with pytest.raises(ModelError) as err:
            load_model(f)
        text = describe_error(err.value)
        assert str(f) in text and "{" not in text and "Unexpected problem" not in text, (name, text)


def test_an_expanded_300000_unit_file_stays_small_in_memory(tmp_path):
    # The 2 KB file that opened as 300,000 hidden units took 3 GB; measured in a child process.
    f = tmp_path / "wide.pt"
    f.write_bytes(saved(expanded_state(300_000)))
    assert f.stat().st_size < 10_000
    # the high-water mark of the child's own address space (VmHWM): ru_maxrss would start
    # at pytest's own size, inherited across fork and exec, and hide what loading took
    script = f"""
import sys
sys.path.insert(0, {os.getcwd()!r})
from core.mlp import ModelError, load_model

def hwm():
    line = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
    return int(line.split()[1])

before = hwm()
try:
    load_model({str(f)!r})
except ModelError as exc:
    print(exc.code, (hwm() - before) // 1024)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    code, grown_mb = out.stdout.split()
    assert code == "model_too_large" and int(grown_mb) < 100, out.stdout + out.stderr


def test_directory_and_missing(tmp_path):
    with pytest.raises(ModelError) as err:
        load_model(tmp_path)
    assert err.value.code == "not_a_file"
    with pytest.raises(ModelError) as err:
        load_model(tmp_path / "absent.pt")
    assert err.value.code == "file_not_found"


def test_widest_allowed_files_still_open(tmp_path):
    # the cap itself is allowed: 8192 units (from expand(), so the file stays small)
    f = tmp_path / "wide.pt"
    f.write_bytes(saved(expanded_state(8192)))
    model, cfg, metrics = load_model(f)
    assert cfg.hidden == (8192,) and metrics == []
    f.write_bytes(saved(_chain(16, 16, 16, 16)))
    assert load_model(f)[1].hidden == (16, 16, 16, 16)


def test_lab_form_without_config_or_metrics_opens_with_defaults(tmp_path):
    f = tmp_path / "m.pt"
    f.write_bytes(saved(lab(config=None, metrics=KeyError)))
    _, cfg, metrics = load_model(f)
    assert cfg == MLPConfig(hidden=(8,)) and metrics == []
    f.write_bytes(saved(lab(config_future_option=3)))  # a later version's extra setting is ignored
    assert load_model(f)[1].hidden == (8,)


# ---------------------------------------------------------------- saving


def test_save_failure_is_typed_and_leaves_the_old_file(tmp_path, monkeypatch):
    cfg = MLPConfig(hidden=(8,))
    model = build_model(cfg)
    f = tmp_path / "m.pt"
    save_model(f, model, cfg, [ROW])
    before = f.read_bytes()

    def full_disk(obj, fh, *a, **k):
        fh.write(b"PK\x03\x04 half a zip")
        raise RuntimeError("[enforce fail at inline_container.cc:672] . PytorchStreamWriter failed writing file "
                           "data/0: file write failed")

    monkeypatch.setattr(torch, "save", full_disk)
    with pytest.raises(SaveError) as err:
        save_model(f, model, cfg, [ROW])
    assert err.value.code == "save_failed" and err.value.details["path"] == str(f)
    assert "file write failed" in err.value.details["reason"]
    assert f.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["m.pt"]

    def os_error(obj, fh, *a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(torch, "save", os_error)
    with pytest.raises(SaveError) as err:
        save_model(f, model, cfg, seed_form=False)
    assert err.value.details["reason"] == "No space left on device"
    assert f.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["m.pt"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE: checked on Linux")
def test_save_to_a_really_full_disk(tmp_path):
    # The kernel refuses the write (EFBIG under a file-size limit, as ENOSPC on a full disk).
    script = f"""
import resource, signal, sys
sys.path.insert(0, {os.getcwd()!r})
from core.errors import SaveError
from core.mlp import MLPConfig, build_model, save_model
model = build_model(MLPConfig())
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    save_model({str(tmp_path / "last.pt")!r}, model, MLPConfig())
except SaveError as exc:
    print(exc.code)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "save_failed", out.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_saved_model_has_the_users_mode(tmp_path):
    save_model(tmp_path / "m.pt", build_model(MLPConfig(hidden=(8,))), MLPConfig(hidden=(8,)))
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "m.pt").stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize("hidden, activation", [((64,), "relu"), ((1024,), "tanh"), ((1024, 10), "relu"),
                                                ((1023,), "relu"), ((2048,), "sigmoid")])
def test_seed_form_is_refused_for_other_architectures(tmp_path, hidden, activation):
    cfg = MLPConfig(hidden=hidden, activation=activation)
    with pytest.raises(ModelError) as err:
        save_model(tmp_path / "last.pt", build_model(cfg), cfg, seed_form=True)
    assert err.value.code == "seed_form_mismatch"
    assert err.value.details == {"path": str(tmp_path / "last.pt"), "hidden": list(hidden), "activation": activation}
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ModelError):
        mlp.check_seed_form(cfg)
    save_model(tmp_path / "m.pt", build_model(cfg), cfg)  # the lab's own form takes any architecture


def test_seed_form_of_the_seeds_architecture_loads_in_the_seeds_class(tmp_path):
    cfg = MLPConfig()
    mlp.check_seed_form(cfg)
    model = build_model(cfg)
    save_model(tmp_path / "last.pt", model, cfg, seed_form=True)
    seed = torch.nn.Sequential(torch.nn.Linear(784, 1024), torch.nn.ReLU(), torch.nn.Linear(1024, 10))
    seed.load_state_dict({k[4:]: v for k, v in torch.load(tmp_path / "last.pt", weights_only=True).items()})
    x = torch.rand(2, 784)
    assert torch.allclose(seed(x), model(x))
    assert not mlp.is_seed_architecture(torch.nn.Linear(784, 10))
