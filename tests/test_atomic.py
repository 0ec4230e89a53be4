"""core.atomic: every file the app writes appears whole or not at all, with the user's mode."""

import os
import subprocess
import sys
import time

import pytest

from core.atomic import (
    STALE_SECONDS,
    TEMP_PREFIX,
    atomic_open,
    atomic_path,
    atomic_write,
    atomic_write_bytes,
    atomic_write_text,
    sweep_stale,
)
from core.errors import LabError, SaveError


def names(folder):
    return sorted(p.name for p in folder.iterdir())


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def make_old(path, age=STALE_SECONDS + 60):
    path.write_bytes(b"left by a crash")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_bytes_text_and_stream_round_trip(tmp_path):
    atomic_write_bytes(tmp_path / "a.bin", b"\x00\x01\xff")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01\xff"
    atomic_write_text(tmp_path / "r.csv", "a,b\r\n1,2\n", encoding="utf-8-sig")
    assert (tmp_path / "r.csv").read_bytes() == b"\xef\xbb\xbfa,b\r\n1,2\n"  # BOM, newlines as given
    with atomic_open(tmp_path / "s.csv", "w", encoding="utf-8") as fh:
        import csv

        csv.writer(fh).writerows([["角度", 1.5], ["x", 2]])
    assert (tmp_path / "s.csv").read_bytes().decode("utf-8") == "角度,1.5\r\nx,2\r\n"
    atomic_write(tmp_path / "f.bin", lambda fh: fh.write(b"abc"))
    assert (tmp_path / "f.bin").read_bytes() == b"abc"
    assert names(tmp_path) == ["a.bin", "f.bin", "r.csv", "s.csv"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_new_files_get_the_users_mode_not_0600(tmp_path, mask):
    old = os.umask(mask)
    try:
        atomic_write_bytes(tmp_path / "m.bin", b"x")
        atomic_write_text(tmp_path / "m.txt", "x")
        with atomic_path(tmp_path / "m.png") as tmp:
            tmp.write_bytes(b"png")
    finally:
        os.umask(old)
    for name in ("m.bin", "m.txt", "m.png"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~mask


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "model.pt"
    target.write_bytes(b"the old model")

    def half_then_fail(fh):
        fh.write(b"half of a new mod")
        raise OSError(28, "No space left on device")

    with pytest.raises(SaveError) as err:
        atomic_write(target, half_then_fail)
    assert isinstance(err.value, LabError)
    assert err.value.code == "save_failed"
    assert err.value.details == {"path": str(target), "reason": "No space left on device"}
    assert target.read_bytes() == b"the old model"
    assert names(tmp_path) == ["model.pt"]


def test_runtime_error_of_a_writer_is_a_save_error_too(tmp_path):
    def torch_like(fh):
        raise RuntimeError("[enforce fail at inline_container.cc:672] . unexpected pos 64 vs 0\nmore")

    with pytest.raises(SaveError) as err:
        atomic_write(tmp_path / "x.pt", torch_like)
    assert err.value.details["reason"].startswith("[enforce fail") and "\n" not in err.value.details["reason"]
    assert names(tmp_path) == []


def test_other_exceptions_propagate_unchanged_and_still_clean_up(tmp_path):
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with atomic_open(tmp_path / "x.csv", "w") as fh:
            fh.write("partial")
            raise Boom()
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "y.bin", lambda fh: (_ for _ in ()).throw(KeyboardInterrupt()))
    assert names(tmp_path) == []


def test_failed_rename_removes_the_temp(tmp_path):
    (tmp_path / "dir.csv").mkdir()  # a folder in the way: os.replace fails
    with pytest.raises(SaveError) as err:
        atomic_write_text(tmp_path / "dir.csv", "a\n")
    assert err.value.details["path"] == str(tmp_path / "dir.csv")
    assert names(tmp_path) == ["dir.csv"] and not any((tmp_path / "dir.csv").iterdir())


def test_unwritable_folder_is_a_save_error(tmp_path):
    with pytest.raises(SaveError) as err:
        atomic_write_bytes(tmp_path / "absent" / "x.bin", b"x")
    assert err.value.code == "save_failed" and "No such file" in err.value.details["reason"]


def test_path_writer_that_fails_leaves_nothing(tmp_path):
    (tmp_path / "plot.png").write_bytes(b"old picture")
    with pytest.raises(SaveError):
        with atomic_path(tmp_path / "plot.png") as tmp:
            assert tmp.parent == tmp_path and tmp.name.startswith(TEMP_PREFIX) and tmp.suffix == ".png"
            tmp.write_bytes(b"half")
            raise OSError("the picture could not be written")
    assert names(tmp_path) == ["plot.png"] and (tmp_path / "plot.png").read_bytes() == b"old picture"


def test_stale_temps_of_this_app_are_swept_and_fresh_ones_kept(tmp_path):
    ours_old = make_old(tmp_path / f"{TEMP_PREFIX}0123456789abcdef-model.pt")
    legacy_old = make_old(tmp_path / ".saving-ab12_x9z.pt")  # what mkstemp left before
    ours_fresh = tmp_path / f"{TEMP_PREFIX}fedcba9876543210-readings.csv"
    ours_fresh.write_bytes(b"another save in progress")
    users_old = [make_old(tmp_path / n) for n in (".saving-notes.txt", "readings.csv.tmp", "model.pt.tmp",
                                                  f"{TEMP_PREFIX}xyz-model.pt", "mlbl-tmp-0123456789abcdef-a")]
    atomic_write_bytes(tmp_path / "model.pt", b"new")
    left = names(tmp_path)
    assert ours_old.name not in left and legacy_old.name not in left
    assert ours_fresh.name in left and all(p.name in left for p in users_old)
    assert (tmp_path / "model.pt").read_bytes() == b"new"


def test_sweep_only_touches_regular_files(tmp_path):
    folder = tmp_path / f"{TEMP_PREFIX}0123456789abcdef-folder"
    folder.mkdir()
    then = time.time() - 3600
    os.utime(folder, (then, then))
    assert sweep_stale(tmp_path) == [] and folder.is_dir()
    assert sweep_stale(tmp_path / "absent") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE and SIGXFSZ are POSIX; checked on Linux")
def test_a_real_write_limit_is_a_save_error_and_leaves_no_temp(tmp_path):
    # A file-size limit makes the kernel refuse writes (EFBIG) as a full disk does (ENOSPC),
    # without root or a mount; run in a child so the limit does not reach the test process.
    script = f"""
import resource, signal, sys
sys.path.insert(0, {os.getcwd()!r})
from core.atomic import atomic_write_bytes
from core.errors import SaveError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    atomic_write_bytes({str(tmp_path / "big.bin")!r}, bytes(1_000_000))
except SaveError as exc:
    print(exc.code, exc.details["reason"])
"""
    (tmp_path / "big.bin").write_bytes(b"old")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.startswith("save_failed File too large"), out.stderr
    assert names(tmp_path) == ["big.bin"] and (tmp_path / "big.bin").read_bytes() == b"old"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_save_killed_midway_leaves_the_old_file_and_its_temp_is_swept_later(tmp_path):
    import signal

    target = tmp_path / "model.pt"
    target.write_bytes(b"the old model")
    script = f"""
import sys, time
sys.path.insert(0, {os.getcwd()!r})
from core.atomic import atomic_write

def slow(fh):
    fh.write(b"x" * 100_000)
    fh.flush()
    print("writing", flush=True)
    time.sleep(60)

atomic_write({str(target)!r}, slow)
"""
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "writing"
        os.kill(child.pid, signal.SIGKILL)  # as kill -9: no cleanup runs
    finally:
        child.wait(timeout=30)
        child.stdout.close()
    left = [p for p in tmp_path.iterdir() if p.name != "model.pt"]
    assert len(left) == 1 and left[0].name.startswith(TEMP_PREFIX) and left[0].name.endswith("-model.pt")
    assert target.read_bytes() == b"the old model"
    atomic_write_bytes(tmp_path / "other.csv", b"a\n")  # a fresh leftover may be a save in progress: kept
    assert left[0].exists()
    then = time.time() - STALE_SECONDS - 1
    os.utime(left[0], (then, then))
    atomic_write_bytes(target, b"the new model")  # the next save in that folder sweeps it
    assert names(tmp_path) == ["model.pt", "other.csv"] and target.read_bytes() == b"the new model"
