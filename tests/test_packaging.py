"""The wheel built from the checkout holds every module and resource the app needs, and
declares torch only as the extra nn (issue: a wheel without gui/labs died on start)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.source_tree
# the only upper caps, each with the evidence pyproject.toml gives beside it
DOCUMENTED_CAPS = {"PySide6-Essentials": "none_dealloc"}


def _checkout_files() -> list[str]:
    """The files a fresh clone would have (plus new, not yet committed ones): git's list."""
    r = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("git is needed to list the checkout's files")
    return [f for f in r.stdout.splitlines() if (REPO / f).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """A wheel built, without network, from a copy of the checkout (so no build/ is left here)."""
    src = tmp_path_factory.mktemp("src")
    for name in _checkout_files():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                        "--quiet", "-w", str(out), str(src)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    (path,) = out.glob("ml_basics_lab-*.whl")
    with zipfile.ZipFile(path) as z:
        yield z


def test_every_module_and_resource_of_the_checkout_is_in_the_wheel(wheel):
    names = set(wheel.namelist())
    wanted = [f for f in _checkout_files()
              if f.split("/")[0] in ("core", "gui", "resources") and "__pycache__" not in f]
    missing = [f for f in wanted if f not in names]
    assert not missing, f"not in the wheel: {missing}"
    # the ones that were missing before, by name
    for name in ("main.py", "gui/labs/__init__.py", "gui/widgets/plots.py", "resources/translations/mlbl_zh_CN.qm",
                 "resources/fashion/subset.npz", "resources/samples/photos/truth.csv",
                 "resources/samples/dials/truth.csv", "resources/icons/ml-basics-lab.svg",
                 "resources/icons/hicolor/256x256/apps/ml-basics-lab.png"):
        assert name in names, name
    assert not [n for n in names if n.startswith(("tests/", "scripts/", "bench/"))]


def test_metadata_torch_only_in_the_extra_and_no_caps(wheel):
    (meta_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    meta = Parser().parsestr(wheel.read(meta_name).decode("utf-8"))
    requires = meta.get_all("Requires-Dist")
    plain = [r for r in requires if "extra ==" not in r]
    assert not [r for r in plain if r.lower().startswith("torch")], plain
    assert any(r.startswith("torch") and 'extra == "nn"' in r for r in requires), requires
    assert any(r.startswith("torchvision") and 'extra == "nn"' in r for r in requires), requires
    capped = {r.split(">")[0].split("<")[0] for r in requires if "<" in r.split(";")[0]}
    assert capped <= set(DOCUMENTED_CAPS), f"upper caps without a stated reason: {capped}"
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    for name, evidence in DOCUMENTED_CAPS.items():
        assert evidence in pyproject, f"the cap on {name} needs its evidence in pyproject.toml"
    assert meta["Requires-Python"] == ">=3.11"
    from gui.version import app_version

    assert meta["Version"] == app_version()
    (entry_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    entries = wheel.read(entry_name).decode("utf-8")
    assert "[gui_scripts]" in entries and "ml-basics-lab = main:main" in entries


def test_version_is_read_from_the_one_place(tmp_path):
    from gui import version

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "ml-basics-lab"\nversion = "9.8.7"\n', encoding="utf-8")
    assert version.app_version(pyproject) == "9.8.7"
    # another project's pyproject (or none) falls back on the installed metadata
    pyproject.write_text('[project]\nname = "other"\nversion = "1.0"\n', encoding="utf-8")
    assert version.app_version(pyproject) != "1.0"
    assert version.app_version(tmp_path / "absent.toml") != "9.8.7"
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "--version"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == f"ml-basics-lab {version.app_version()}"


def test_the_suite_collects_without_torch():
    """Every test module imports without torch, as in CI's installed-wheel run (a module that
    imported torch at the top stopped that whole run with a collection error)."""
    hide = ("import sys; sys.modules['torch'] = sys.modules['torchvision'] = None; import pytest; "
            "sys.exit(pytest.main(['--collect-only', '-q', '-p', 'no:cacheprovider', 'tests']))")
    r = subprocess.run([sys.executable, "-c", hide], cwd=REPO, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
