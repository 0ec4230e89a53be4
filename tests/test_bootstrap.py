"""scripts/bootstrap.py, the one set-up for every OS: the venv's interpreter on Windows and
elsewhere, and pip running again only when pyproject.toml or the extras change."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.source_tree


@pytest.fixture(scope="module")
def bootstrap():
    spec = importlib.util.spec_from_file_location("bootstrap", REPO / "scripts" / "bootstrap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("os_name, venv, expected", [
    ("nt", PureWindowsPath(r"C:\Users\李雷\ml-basics-lab\.venv"),
     PureWindowsPath(r"C:\Users\李雷\ml-basics-lab\.venv\Scripts\python.exe")),
    ("posix", PurePosixPath("/home/li/ml-basics-lab/.venv"), PurePosixPath("/home/li/ml-basics-lab/.venv/bin/python")),
])
def test_venv_python_on_each_os(bootstrap, os_name, venv, expected):
    assert bootstrap.venv_python(venv, os_name) == expected


def test_the_stamp_follows_pyproject_and_the_extras(bootstrap):
    a = bootstrap.wanted_stamp(b"[project]\nversion = '1'\n", ("nn", "test"), None)
    assert a == bootstrap.wanted_stamp(b"[project]\nversion = '1'\n", ("test", "nn"), None)
    assert a != bootstrap.wanted_stamp(b"[project]\nversion = '2'\n", ("nn", "test"), None)
    assert a != bootstrap.wanted_stamp(b"[project]\nversion = '1'\n", ("test",), None)
    assert a != bootstrap.wanted_stamp(b"[project]\nversion = '1'\n", ("nn", "test"), bootstrap.TORCH_CPU_INDEX)


def test_needs_install(bootstrap, tmp_path):
    stamp = tmp_path / ".mlbl-installed"
    assert bootstrap.needs_install(stamp, "abc")  # none yet
    stamp.write_text("abc\n", encoding="utf-8")
    assert not bootstrap.needs_install(stamp, "abc")
    assert bootstrap.needs_install(stamp, "def")
    stamp.write_bytes(b"\xff\xfe\x00")  # damaged
    assert bootstrap.needs_install(stamp, "abc")


def test_commands(bootstrap):
    py = PureWindowsPath(r"C:\x\.venv\Scripts\python.exe")
    cmd = bootstrap.install_command(py, ("nn", "test"), None)
    assert cmd[:3] == [str(py), "-m", "pip"] and cmd[-2:] == ["-e", ".[nn,test]"]
    cpu = bootstrap.install_command(py, ("nn",), bootstrap.TORCH_CPU_INDEX)
    assert cpu[-2:] == ["--extra-index-url", "https://download.pytorch.org/whl/cpu"]
    assert bootstrap.install_command(py, (), None)[-1] == "."
    assert bootstrap.run_command(py, "test", ["-k", "x"])[1:] == ["-m", "pytest", "-k", "x"]
    run = bootstrap.run_command(py, "run", ["--lang", "zh_CN"], root=Path("/r"))
    assert run == [str(py), str(Path("/r") / "main.py"), "--lang", "zh_CN"]


@pytest.mark.parametrize("os_name, interpreter", [("nt", ("Scripts", "python.exe")), ("posix", ("bin", "python"))])
def test_setup_creates_once_and_installs_again_only_on_change(bootstrap, tmp_path, monkeypatch, os_name, interpreter):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    calls = []

    def fake_run(cmd, **kwargs):
        calls.append(cmd)
        if cmd[1:3] == ["-m", "venv"]:  # what `python -m venv` makes on that OS
            python = Path(cmd[3]).joinpath(*interpreter)
            python.parent.mkdir(parents=True)
            python.touch()
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(bootstrap.subprocess, "run", fake_run)
    expected = tmp_path / ".venv" / Path(*interpreter)
    assert bootstrap.setup(tmp_path, ("nn", "test"), None, os_name) == expected
    assert calls[0] == [sys.executable, "-m", "venv", str(tmp_path / ".venv")]
    assert calls[1][:3] == [str(expected), "-m", "pip"] and len(calls) == 2
    assert bootstrap.setup(tmp_path, ("nn", "test"), None, os_name) == expected
    assert len(calls) == 2, "nothing changed: pip must not run again"
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\nversion = '2'\n", encoding="utf-8")
    bootstrap.setup(tmp_path, ("nn", "test"), None, os_name)
    assert len(calls) == 3 and calls[2][1:3] == ["-m", "pip"]
    bootstrap.setup(tmp_path, ("test",), None, os_name)  # without the extra nn
    assert len(calls) == 4 and calls[3][-1] == ".[test]"


def test_a_failed_install_writes_no_stamp(bootstrap, tmp_path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    python = bootstrap.venv_python(tmp_path / ".venv")
    python.parent.mkdir(parents=True)
    python.touch()
    monkeypatch.setattr(bootstrap.subprocess, "run", lambda cmd, **kw: subprocess.CompletedProcess(cmd, 1))
    assert bootstrap.setup(tmp_path, ("test",), None) is None
    assert not (tmp_path / ".venv" / bootstrap.STAMP_NAME).exists()
    assert "pip could not install" in capsys.readouterr().err


def test_bad_use_says_how(bootstrap, capsys):
    assert bootstrap.main(["--gpu", "run"]) == 1
    assert "unknown option --gpu" in capsys.readouterr().err
    assert bootstrap.main([]) == 2
    assert "bootstrap.py run" in capsys.readouterr().err


def test_the_shell_and_powershell_wrappers_only_call_bootstrap():
    for name, command in (("run.sh", "run"), ("test.sh", "test"), ("run.ps1", "run"), ("test.ps1", "test")):
        text = (REPO / "scripts" / name).read_text(encoding="utf-8")
        assert f"bootstrap.py\" {command}" in text or f"$bootstrap {command}" in text, name
        assert "pip" not in text and ".venv" not in text, name


def test_no_filtering_of_this_machines_index_warnings():
    for path in (REPO / "scripts").iterdir():
        if path.suffix in (".sh", ".py", ".ps1"):
            assert "is ignored: it is neither" not in path.read_text(encoding="utf-8"), path.name
