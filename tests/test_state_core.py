"""gui/state.py (Qt-free) and core/experiment.py: states check every value, migrate old
versions, refuse future ones; experiment files round-trip and refuse junk, truncated,
future-version and hostile files (issue 12)."""

from __future__ import annotations

import io
import json
import math
import zipfile
from dataclasses import FrozenInstanceError, dataclass
from typing import Any, ClassVar, Mapping

import numpy as np
import pytest

from core.errors import SaveError
from core.experiment import (
    MANIFEST,
    MAX_MEMBERS,
    Experiment,
    ExperimentError,
    read_experiment,
    write_experiment,
)
from gui.state import INLINE_VALUES, LabState, Migration, StateError, Table, choice, flag, integer, number, numbers, table, text


def _v1_to_v2(d: dict[str, Any]) -> dict[str, Any]:
    d = dict(d)
    d["lr"] = d.pop("rate", 0.1)  # version 1 called it rate
    return d


@dataclass(frozen=True)
class DemoState(LabState):
    KEY: ClassVar[str] = "demo"
    VERSION: ClassVar[int] = 2
    MIGRATIONS: ClassVar[Mapping[int, Migration]] = {1: _v1_to_v2}

    lr: float = number(0.1, lo=1e-9, hi=10.0)
    iters: int = integer(100, lo=1, hi=1000)
    source: str = choice("seed", "seed", "csv", "edited")
    on: bool = flag(False)
    name: str = text("", max_len=20)
    hidden: tuple[int, ...] = numbers((64,), lo=1, hi=4096, whole=True)
    start: float | None = number(None, lo=-1e6, hi=1e6, optional=True)
    points: Table = table(columns=2, max_rows=2_000_000, limit=1e100)


def test_defaults_round_trip_and_equality():
    s = DemoState()
    assert DemoState.from_dict(s.to_dict()) == s
    pts = Table(np.arange(10.0).reshape(5, 2))
    s2 = s.replace(points=pts, lr=0.5, hidden=(3, 4), start=2.0, on=True, name="我的")
    d = json.loads(json.dumps(s2.to_dict(), allow_nan=False))  # plain JSON, no NaN
    back = DemoState.from_dict(d)
    assert back == s2 and back != s and back.points.array.flags.writeable is False
    assert d["version"] == 2 and d["points"] == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]
    with pytest.raises(FrozenInstanceError):
        s2.lr = 1.0  # type: ignore[misc]


def test_big_tables_go_to_blobs_and_come_back():
    rng = np.random.default_rng(1)
    big = Table(rng.normal(size=(INLINE_VALUES, 2)))
    s = DemoState(points=big)
    blobs: dict[str, bytes] = {}
    d = s.to_dict(blobs)
    assert d["points"] == "blob:demo/points.npy" and list(blobs) == ["demo/points.npy"]
    assert DemoState.from_dict(d, blobs=blobs) == s
    with pytest.raises(StateError) as e:
        DemoState.from_dict(d, blobs={})  # the member is missing
    assert e.value.details["field"] == "points"
    with pytest.raises(StateError):  # a pickled object array is never loaded
        bad = io.BytesIO()
        np.save(bad, np.array([{"x": 1}], dtype=object), allow_pickle=True)
        DemoState.from_dict(d, blobs={"demo/points.npy": bad.getvalue()})


@pytest.mark.parametrize("field, value", [
    ("lr", float("nan")), ("lr", math.inf), ("lr", 0.0), ("lr", 11.0), ("lr", "0.1"), ("lr", True), ("lr", None),
    ("iters", 1.5), ("iters", 0), ("iters", 10**30), ("iters", "7"),
    ("source", "web"), ("source", 1),
    ("on", 1), ("on", "true"),
    ("name", "x" * 21), ("name", 3),
    ("hidden", [0]), ("hidden", [1.5]), ("hidden", "64"), ("hidden", list(range(1, 100))),
    ("start", float("nan")),
    ("points", [[1, 2, 3]]), ("points", [[1, float("inf")]]), ("points", [[1e200, 0]]), ("points", "abc"),
    ("points", [[1, "x"]]),
])
def test_a_bad_value_is_refused_naming_its_field_or_defaulted_when_lenient(field, value):
    d = DemoState().to_dict()
    d[field] = value
    with pytest.raises(StateError) as e:
        DemoState.from_dict(d)
    assert e.value.code == "bad_value" and e.value.details["field"] == field and e.value.details["lab"] == "demo"
    assert getattr(DemoState.from_dict(d, strict=False), field) == getattr(DemoState(), field)
    with pytest.raises(StateError):
        DemoState().replace(**{field: value})


def test_versions_migrate_and_the_future_is_refused():
    old = {"version": 1, "rate": 0.5, "iters": 7}
    s = DemoState.from_dict(old)
    assert s.lr == 0.5 and s.iters == 7
    assert DemoState.from_dict({"version": 2}) == DemoState()  # missing fields: defaults
    assert DemoState.from_dict({"version": 2, "unknown": 1}) == DemoState()
    for bad, code in [({"version": 3}, "future_version"), ({"version": 0}, "bad_version"),
                      ({"version": "2"}, "bad_version"), ({}, "bad_version"), ([1], "not_a_state"),
                      ({"version": True}, "bad_version")]:
        with pytest.raises(StateError) as e:
            DemoState.from_dict(bad, strict=False)  # even leniently: nothing to read
        assert e.value.code == code, bad

    @dataclass(frozen=True)
    class Gap(LabState):
        KEY: ClassVar[str] = "gap"
        VERSION: ClassVar[int] = 3
        MIGRATIONS: ClassVar[Mapping[int, Migration]] = {2: lambda d: d}
        x: float = number(1.0)

    with pytest.raises(StateError) as e:
        Gap.from_dict({"version": 1})
    assert e.value.code == "missing_migration"


def test_every_field_needs_a_check_and_defaults_are_immutable():
    @dataclass(frozen=True)
    class NoCheck(LabState):
        x: float = 1.0

    with pytest.raises(TypeError):
        NoCheck().to_dict() and NoCheck.from_dict({"version": 1})
    with pytest.raises(ValueError):
        choice("x", "a", "b")


def test_table_compares_by_value():
    a = Table([[1.0, 2.0]])
    assert a == Table(np.array([[1.0, 2.0]])) and hash(a) == hash(Table([[1.0, 2.0]]))
    assert a != Table([[1.0, 2.5]]) and a != Table([[1.0], [2.0]])
    assert len(Table((), 3)) == 0 and Table((), 3).shape == (0, 3)
    src = np.array([[1.0, 2.0]])
    t = Table(src)
    src[0, 0] = 9.0
    assert t.array[0, 0] == 1.0  # a copy: the lab's own array can change later


# --------------------------------------------------------------------------- files


def _experiment(**labs) -> Experiment:
    s = DemoState(lr=0.25, points=Table(np.ones((INLINE_VALUES, 2))))
    blobs: dict[str, bytes] = {}
    return Experiment(labs={"demo": s.to_dict(blobs), **labs}, blobs=blobs, current="demo", app_version="9.9")


def test_file_round_trip(tmp_path):
    path = tmp_path / "实验.mlbl"
    e = _experiment()
    write_experiment(path, e)
    back = read_experiment(path)
    assert back.labs == e.labs and back.blobs == e.blobs and back.current == "demo" and back.app_version == "9.9"
    assert DemoState.from_dict(back.labs["demo"], blobs=back.blobs).lr == 0.25
    assert list(tmp_path.iterdir()) == [path]  # no temporary left


def test_a_failed_save_keeps_the_old_file(tmp_path):
    path = tmp_path / "x.mlbl"
    write_experiment(path, _experiment())
    before = path.read_bytes()
    with pytest.raises(SaveError):
        write_experiment(path, Experiment(labs={"demo": {"version": 1, "lr": float("nan")}}))
    with pytest.raises(SaveError):
        write_experiment(path, Experiment(labs={}, blobs={"../evil": b""}))
    assert path.read_bytes() == before


def _zip(members: dict[str, bytes], compress=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compress) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _manifest(**over) -> bytes:
    m = {"format": "ml-basics-lab-experiment", "version": 1, "labs": {"demo": {"version": 2}}, **over}
    return json.dumps(m).encode()


@pytest.mark.parametrize("data, code", [
    (b"", "not_an_experiment"),
    (b"hello, world\n", "not_an_experiment"),
    (_zip({"other.json": b"{}"}), "not_an_experiment"),
    (_zip({MANIFEST: b"{not json"}), "experiment_corrupt"),
    (_zip({MANIFEST: b'{"format": "ml-basics-lab-experiment", "version": NaN}'}), "experiment_corrupt"),
    (_zip({MANIFEST: json.dumps({"format": "something-else", "version": 1}).encode()}), "not_an_experiment"),
    (_zip({MANIFEST: _manifest(version=2)}), "experiment_future"),
    (_zip({MANIFEST: _manifest(version="1")}), "experiment_bad"),
    (_zip({MANIFEST: _manifest(labs=[1])}), "experiment_bad"),
    (_zip({MANIFEST: _manifest(labs={"demo": 3})}), "experiment_bad"),
    (_zip({MANIFEST: b"[" * 100 + b"]" * 100}), "experiment_bad"),
    (_zip({MANIFEST: _manifest(labs={"demo": json.loads("[" * 50 + "]" * 50)})}), "experiment_bad"),
    (_zip({MANIFEST: _manifest(), "blobs/demo/bomb.npy": b"\0" * (60 * 1024 * 1024)}), "experiment_too_large"),
    (_zip({MANIFEST: _manifest(), **{f"blobs/demo/{i}": b"" for i in range(MAX_MEMBERS)}}), "experiment_too_large"),
])
def test_junk_and_hostile_files_are_refused(tmp_path, data, code):
    path = tmp_path / "bad.mlbl"
    path.write_bytes(data)
    with pytest.raises(ExperimentError) as e:
        read_experiment(path)
    assert e.value.code == code and e.value.details["path"] == str(path)


def test_truncated_and_altered_files_are_refused(tmp_path):
    path = tmp_path / "x.mlbl"
    write_experiment(path, _experiment())
    data = path.read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 30):
        (tmp_path / "cut.mlbl").write_bytes(data[:cut])
        with pytest.raises(ExperimentError) as e:
            read_experiment(tmp_path / "cut.mlbl")
        assert e.value.code in ("not_an_experiment", "experiment_corrupt")
    # one byte of the stored blob changed: its CRC no longer matches
    i = data.index(b"\x93NUMPY") + 20
    (tmp_path / "flip.mlbl").write_bytes(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:])
    with pytest.raises(ExperimentError) as e:
        read_experiment(tmp_path / "flip.mlbl")
    assert e.value.code == "experiment_corrupt"


def test_missing_and_odd_paths(tmp_path):
    with pytest.raises(ExperimentError) as e:
        read_experiment(tmp_path / "none.mlbl")
    assert e.value.code == "file_not_found"
    with pytest.raises(ExperimentError) as e:
        read_experiment(tmp_path)
    assert e.value.code == "not_a_file"
