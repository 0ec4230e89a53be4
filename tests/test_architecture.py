"""The shape STYLE.md asks for: core/ is Qt-free, torch stays out of start-up."""

import ast
import subprocess
import sys

from tests.conftest import REPO

FORBIDDEN_IN_CORE = {"PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "superqt", "gui", "qtpy"}


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_core_never_imports_qt_or_gui():
    files = sorted((REPO / "core").rglob("*.py"))
    assert files
    for f in files:
        bad = FORBIDDEN_IN_CORE.intersection(imported_modules(f))
        assert not bad, f"{f.relative_to(REPO)} imports {bad}"


def test_importing_core_loads_no_qt():
    code = (
        "import sys, pkgutil, importlib, importlib.util, core\n"
        "torch = importlib.util.find_spec('torch') is not None\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    if m.name != 'mlp' or torch: importlib.import_module('core.' + m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in %r]\n"
        "print(bad); sys.exit(1 if bad else 0)\n" % (FORBIDDEN_IN_CORE,)
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_window_starts_without_torch():
    code = (
        "import sys, os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from gui.app import create_application\n"
        "from gui.i18n import LanguageManager\n"
        "app = create_application()\n"
        "from gui.main_window import MainWindow\n"
        "w = MainWindow(LanguageManager(app), None); w.show(); app.processEvents()\n"
        "print([m for m in ('torch', 'torchvision') if m in sys.modules])\n"
        "print(sorted(m for m in sys.modules if m.startswith('gui.labs.') and m.endswith('_panel')))\n"
        "print([w.tabs.tabText(i) for i in range(w.tabs.count())])\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    torch, panels, tabs = r.stdout.strip().splitlines()[-3:]
    assert torch == "[]"
    # only the lab on show is imported; the others' tabs are labelled all the same
    assert panels == "['gui.labs.linear_panel']"
    assert tabs == str(["Linear regression", "Logistic regression", "Dial reader", "Neural network", "Concepts"])


def test_labs_use_the_shared_dialogs_plots_and_tasks():
    """File dialogs remember their folder, plots get honest axes and a working Export, and
    background work goes through the lab's TaskRunner: only if every lab uses the shared ones."""
    forbidden = {
        "QFileDialog.get": "gui.dialogs (remembers the folder per purpose)",
        "pg.PlotWidget(": "gui.widgets.plots.make_plot",
        ".addPlot(": "gui.widgets.plots.add_plot",
        ".addViewBox(": "gui.widgets.plots.add_view_box",
        "create_worker(": "the lab's TaskRunner (self.tasks.submit)",
        "thread_worker": "the lab's TaskRunner (self.tasks.submit)",
        "QThreadPool": "the lab's TaskRunner (each lab waits only for its own work)",
    }
    allowed = {"gui/dialogs.py", "gui/widgets/plots.py", "gui/tasks.py"}
    for f in sorted((REPO / "gui").rglob("*.py")):
        rel = f.relative_to(REPO).as_posix()
        if rel in allowed:
            continue
        text = f.read_text(encoding="utf-8")
        for needle, use in forbidden.items():
            assert needle not in text, f"{rel} uses {needle!r}: use {use}"


def test_no_translator_note_comments_in_gui():
    """pyside6-lupdate reads a `#:` comment as a note to the translator of the next tr():
    an ordinary comment written that way ends up in the .ts file and in Qt Linguist."""
    import tokenize

    found = []
    for f in sorted((REPO / "gui").rglob("*.py")):
        with f.open(encoding="utf-8") as fh:
            for tok in tokenize.generate_tokens(fh.readline):
                if tok.type == tokenize.COMMENT and tok.string.startswith("#:"):
                    found.append(f"{f.relative_to(REPO).as_posix()}:{tok.start[0]}: {tok.string}")
    assert not found, "comments starting with '#:' (write '# ' instead):\n" + "\n".join(found)


def test_lab_states_are_qt_free():
    """gui/state.py and every lab's state module (gui/labs/*state*.py, gui/labs/*/state.py)
    import no Qt: the CLI and tests build, compare and write states without a window."""
    files = [REPO / "gui" / "state.py", *sorted((REPO / "gui" / "labs").rglob("*state*.py"))]
    code = ("import sys, importlib\n"
            "for name in %r: importlib.import_module(name)\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'superqt', 'shiboken6')]\n"
            "print(bad); sys.exit(1 if bad else 0)\n"
            % ([".".join(f.relative_to(REPO).with_suffix("").parts) for f in files],))
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_pyqtgraph_is_imported_without_cudas_runtime_which_stays_importable():
    """CUDA's runtime bindings (there with PyPI's CUDA torch) cost ~0.15 s at start through
    pyqtgraph's unused RawImageWidget; they are skipped, and torch can still import them."""
    code = ("import sys, importlib.util\n"
            "from gui.app import import_pyqtgraph\n"
            "pg = import_pyqtgraph()\n"
            "assert 'cuda.bindings.runtime' not in sys.modules, 'loaded or left hidden'\n"
            "if importlib.util.find_spec('cuda') is not None and importlib.util.find_spec('cuda.bindings') is not None:\n"
            "    import cuda.bindings.runtime\n"
            "print(pg.__name__)\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "pyqtgraph", r.stdout + r.stderr


def test_benchmarks_use_the_labs_public_api():
    """bench/ drives the labs as tests do, through public names: a private slot renamed in a
    refactor broke three benchmarks silently (nothing runs them in the suite)."""
    offenders = []
    for f in sorted((REPO / "bench").glob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
                offenders.append(f"{f.name}:{node.lineno} .{node.attr}")
    assert not offenders, offenders
