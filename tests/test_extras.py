"""Without the extra nn (torch) the app says exactly how to add it, in the window and the CLI
(exit 2, one line), for the way it was installed; downloads go to the app's data folder,
never the working directory (issue 11, items 2 and 5)."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import gui.extras as extras
from core.fashion import DOWNLOAD_SUBDIR, FILES, candidate_sources, load_fashion
from core.idx import write_idx
from tests.conftest import REPO, SOURCE_TREE

HIDE_TORCH = "import sys; sys.modules['torch'] = sys.modules['torchvision'] = None; "


def test_install_kind_from_the_environment_prefix(tmp_path):
    checkout = tmp_path / "clone"
    (checkout / "scripts").mkdir(parents=True)
    (checkout / "scripts" / "bootstrap.py").write_text("")
    (checkout / ".venv").mkdir()
    assert extras.install_kind(str(checkout / ".venv"), checkout) == "checkout"
    assert extras.install_kind(str(tmp_path / "other-venv"), checkout) == "pip"
    for prefix, kind in [
        ("/home/li/.local/share/pipx/venvs/ml-basics-lab", "pipx"),
        ("/home/li/.local/pipx/venvs/ml-basics-lab", "pipx"),
        ("C:\\Users\\Li\\pipx\\venvs\\ml-basics-lab", "pipx"),
        ("/home/li/.local/share/uv/tools/ml-basics-lab", "uv"),
        ("C:\\Users\\Li\\AppData\\Roaming\\uv\\tools\\ml-basics-lab", "uv"),
        ("/usr", "pip"),
        ("/home/li/venvs/tools/x", "pip"),  # a folder called tools is not uv's
    ]:
        if "\\" in prefix and os.name != "nt":
            from pathlib import PureWindowsPath

            prefix = str(PureWindowsPath(prefix).as_posix())
        assert extras.install_kind(prefix, checkout) == kind, prefix


def test_the_command_for_each_way_of_installing():
    reqs = ("torch>=2.4", "torchvision>=0.19")
    assert extras.add_nn_command("checkout", "posix", requirements=reqs) == "python3 scripts/bootstrap.py run"
    assert extras.add_nn_command("checkout", "nt", requirements=reqs) == "py -3 scripts\\bootstrap.py run"
    assert extras.add_nn_command("pipx", "posix", requirements=reqs) == \
        "pipx inject ml-basics-lab 'torch>=2.4' 'torchvision>=0.19'"
    assert extras.add_nn_command("pipx", "nt", requirements=reqs) == \
        'pipx inject ml-basics-lab "torch>=2.4" "torchvision>=0.19"'
    assert extras.add_nn_command("uv", "posix", source="/home/li/ml basics", requirements=reqs) == \
        "uv tool install --reinstall '/home/li/ml basics[nn]'"
    assert extras.add_nn_command("uv", "posix", source="", requirements=reqs) == \
        "uv tool install --reinstall 'ml-basics-lab[nn]'"
    assert extras.add_nn_command("pip", "posix", python="/opt/venv/bin/python", requirements=reqs) == \
        "/opt/venv/bin/python -m pip install 'torch>=2.4' 'torchvision>=0.19'"
    assert extras.add_nn_command("pip", "nt", python="C:\\Program Files\\Py\\python.exe", requirements=reqs) == \
        '"C:\\Program Files\\Py\\python.exe" -m pip install "torch>=2.4" "torchvision>=0.19"'
    for kind in ("checkout", "pipx", "uv", "pip"):
        assert "bash" not in extras.add_nn_command(kind, "nt", requirements=reqs)


@pytest.mark.source_tree
def test_the_extras_requirements_are_pyprojects():
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["nn"]
    assert tuple(r.replace(" ", "") for r in declared) == extras.FALLBACK_REQUIREMENTS
    assert extras.extra_requirements() == extras.FALLBACK_REQUIREMENTS


@pytest.mark.parametrize("command", [["train-mlp", "--subset", "--epochs", "1"], ["gradcheck"]])
def test_cli_without_torch_exits_2_with_one_line(command, tmp_path):
    code = HIDE_TORCH + "from gui.cli import main; sys.exit(main(sys.argv[1:]))"
    r = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, timeout=120,
                       cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO) if SOURCE_TREE else ""})
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert command[0] in lines[0] and "PyTorch" in lines[0]
    # the command that adds it, for this environment (here: the checkout's set-up or this pip)
    assert lines[0].endswith(extras.add_nn_command()), lines[0]
    assert "bash" not in lines[0] and list(tmp_path.iterdir()) == []


@pytest.fixture
def no_torch(monkeypatch):
    """The labs built as if torch were not installed."""
    for module in ("gui.labs.mlp.controller", "gui.labs.concepts_panel", "gui.labs.concepts_backprop"):
        monkeypatch.setattr(f"{module}.has_torch", lambda: False)
    # a plain pip environment, as in CI's installed wheel: its command holds ">=", which rich text escapes
    monkeypatch.setattr(extras, "install_kind", lambda *a, **k: "pip")


def test_neural_network_lab_without_torch_says_how_to_add_it(qtbot, app_language, no_torch):
    from gui.labs.mlp.panel import MLPPanel

    panel = MLPPanel()
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.data() is not None and not panel.is_busy(), timeout=30000)
    command = extras.add_nn_command()
    qtbot.waitUntil(lambda: panel.banner.kind() == "error", timeout=10000)
    assert command in panel.banner.message()
    assert "bash" not in panel.banner.message()
    # the data loads (no torch needed); nothing that needs torch can be pressed
    assert not panel.start_button.isEnabled() and not panel.open_button.isEnabled()
    assert not panel.download_button.isEnabled() and panel.folder_button.isEnabled()
    assert "PyTorch" in panel.device_label.text() and "loading" not in panel.device_label.text()
    panel.start_training()  # e.g. from the keyboard: the same sentence, no exception
    panel.download()
    assert "torchvision" in panel.banner.message() and command in panel.banner.message()
    assert panel.open_model(str(REPO / "nothing.pt")) and command in panel.banner.message()
    app_language.set_language("zh_CN")
    assert command in panel.banner.message() and "PyTorch" in panel.banner.message()
    assert not panel.banner.message().startswith("This lab")  # translated


def test_chain_rule_and_gradient_check_without_torch(qtbot, app_language, no_torch):
    from gui.labs.concepts_panel import ConceptsPanel

    panel = ConceptsPanel()
    qtbot.addWidget(panel)
    command = extras.add_nn_command()
    chain_text = html.unescape(panel.chain.check_pane.text())  # rich text: the command's ">" is "&gt;" there
    assert command in chain_text and "loading" not in chain_text
    page = panel.backprop
    with qtbot.waitSignal(page.gradcheck_finished, timeout=30000) as blocker:
        page.run_gradcheck()
    assert blocker.args[0] is not None and blocker.args[0]["autograd"] is None
    text = html.unescape(page.check_pane.text())
    assert "finite differences" in text and command in text and "failed" not in page.banner.message()


def _fake_fashion_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for key, stem in FILES.items():
        n = 20
        if key.endswith("images"):
            write_idx(folder / stem, rng.integers(0, 256, (n, 28, 28), dtype=np.uint8))
        else:
            write_idx(folder / stem, (np.arange(n) % 10).astype(np.uint8))


def test_download_goes_to_the_app_data_folder_not_the_working_directory(qtbot, app_language, monkeypatch,
                                                                        tmp_path):
    pytest.importorskip("torchvision")
    from gui.labs.mlp.panel import MLPPanel

    cwd, data = tmp_path / "started-here", tmp_path / "app-data"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("MLBL_DATA_DIR", str(data))
    roots = []

    def fake_download(root, train, download):  # torchvision's FashionMNIST, offline
        roots.append(root)
        _fake_fashion_files(Path(root) / DOWNLOAD_SUBDIR)

    import torchvision.datasets

    monkeypatch.setattr(torchvision.datasets, "FashionMNIST", fake_download)
    panel = MLPPanel()
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.data() is not None and not panel.is_busy(), timeout=30000)
    assert str(data) in panel.download_button.toolTip()
    panel.download()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=30000)
    assert roots == [str(data), str(data)] and list(cwd.iterdir()) == []
    assert panel.data().source == "downloaded" and panel.data().location == str(data / DOWNLOAD_SUBDIR)
    assert str(data / DOWNLOAD_SUBDIR) in panel.source_label.text()
    # the next start finds it there, from any working directory
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    assert load_fashion(downloads=data).source == "downloaded"


def test_the_download_folder_is_searched_before_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    sources = candidate_sources(None, tmp_path)
    assert [s for s, _ in sources][:2] == ["downloaded", "torchvision"]
    assert sources[0][1] == tmp_path / "FashionMNIST" / "raw"
