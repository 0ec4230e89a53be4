"""Export as code for the Dial Reader lab (gui/export_dial.py): the script and the notebook read
the experiment's photo, written beside them, with the experiment's settings, and print as
their last line the JSON object `read-dial --experiment FILE` prints for the same file.

The program repeats core.dial's stages with the same OpenCV and numpy calls, so its numbers
are compared to RTOL = 1e-9 relative (WORST collects the differences; all 0 when this was
written). The scripts run in a subprocess with the app (core, gui), Qt and matplotlib made
unimportable; once with a stand-in matplotlib that records the drawing calls."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.experiment import Experiment, read_experiment, write_experiment
from gui.cli import main
from gui.export_code import LABS, ExportError, export_experiment, export_refusal, write_export
from gui.labs.dial.state import DialState
from gui.state import Table
from tests.conftest import REPO

RTOL = 1e-9
UNCOMPARED = ("path", "decode_seconds", "pipeline_seconds")
PHOTOS = REPO / "resources" / "samples" / "photos"
SHARED = Path("/work/shared/dials")

# Runs a script with the app, Qt and matplotlib unimportable: it stands on numpy and OpenCV alone.
NO_APP = r"""
import importlib.abc, runpy, sys
REFUSED = {"core", "gui", "main", "PySide6", "shiboken6", "pyqtgraph", "superqt", "matplotlib"}
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in REFUSED:
            raise ModuleNotFoundError(f"No module named {name!r} (refused)", name=name)
        return None
sys.meta_path.insert(0, Refuse())
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""

# Runs a script with a stand-in matplotlib whose pyplot records each call (on stderr).
FAKE_PLT = r"""
import runpy, sys, types
calls = []
pyplot = types.ModuleType("matplotlib.pyplot")
pyplot.__getattr__ = lambda name: (lambda *a, **k: calls.append(name))
matplotlib = types.ModuleType("matplotlib")
matplotlib.pyplot = pyplot
sys.modules.update({"matplotlib": matplotlib, "matplotlib.pyplot": pyplot})
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
print("PLOT CALLS " + ",".join(calls), file=sys.stderr)
"""


def photo(name: str) -> Path:
    path = PHOTOS / name
    if not path.is_file():
        pytest.skip("the bundled photos are not installed here")
    return path


def cli_experiment(capsys, file: Path) -> dict:
    status = main(["read-dial", "--experiment", str(file), "--json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    return json.loads(out)


def run_script(path: Path, runner: str = NO_APP) -> tuple[subprocess.CompletedProcess, dict | None]:
    r = subprocess.run([sys.executable, "-I", "-c", runner, str(path)], cwd=path.parent, capture_output=True,
                       text=True, timeout=300)
    last = r.stdout.strip().splitlines()[-1] if r.returncode == 0 and r.stdout.strip() else ""
    return r, (json.loads(last) if last else None)


def max_rel(a: object, b: object) -> float:
    """The largest relative difference between two JSON values, non-numbers compared exactly."""
    if isinstance(b, list):
        assert isinstance(a, list) and len(a) == len(b), (a, b)
        return max((max_rel(x, y) for x, y in zip(a, b)), default=0.0)
    if isinstance(b, float):
        assert isinstance(a, float), (a, b)
        return abs(a - b) / max(abs(b), 1e-300)
    assert a == b and type(a) is type(b), (a, b)
    return 0.0


WORST: list[float] = []


def compare(got: dict, want: dict, photo_file: Path) -> None:
    assert list(got) == list(want)  # the same keys, in read-dial's order
    assert got["path"] == str(photo_file)
    d = max((max_rel(got[k], want[k]) for k in want if k not in UNCOMPARED), default=0.0)
    WORST.append(d)
    print(f"largest relative difference, exported program vs read-dial --experiment: {d:.3g}")
    assert d <= RTOL, (d, got, want)


# --------------------------------------------------------------------------- experiments to export


def saved_by_cli(capsys, folder: Path, image: Path, *options: str) -> Path:
    file = folder / "cli.mlbl"
    assert main(["read-dial", str(image), *options, "--save-experiment", str(file)]) == 0
    capsys.readouterr()
    return file


def state_file(folder: Path, state: DialState, blobs: dict[str, bytes] | None = None) -> Path:
    file = folder / "state.mlbl"
    write_experiment(file, Experiment(labs={"dial": state.to_dict()}, blobs=blobs or {}, current="dial"))
    return file


def synthetic(angle: float, **kw) -> np.ndarray:
    from core.dial_synth import make_dial

    return make_dial(angle, **kw)[0]


def encoded(ext: str, img: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(ext, img)
    assert ok
    return buf.tobytes()


def photo_form(folder: Path, form: str) -> Path:
    """A synthetic dial as a file the lab decodes in its own way: alpha, 16 bits, grey, EXIF-turned."""
    from tests.test_imageio import with_exif

    img = synthetic(130.0)
    if form == "rgba_png":  # a transparent corner composited over white
        rgba = cv2.cvtColor(img, cv2.COLOR_BGR2BGRA)
        rgba[:60, :60, 3] = 40
        data, suffix = encoded(".png", rgba), ".png"
    elif form == "png16":
        low = np.random.default_rng(1).integers(0, 256, img.shape)  # low bytes that round up or down
        data, suffix = encoded(".png", (img.astype(np.uint16) * 256 + low).astype(np.uint16)), ".png"
    elif form == "grey_png":
        data, suffix = encoded(".png", cv2.cvtColor(synthetic(200.0, needle_color="dark"), cv2.COLOR_BGR2GRAY)), ".png"
    elif form.startswith("exif"):
        data, suffix = with_exif(encoded(".jpg", np.ascontiguousarray(np.rot90(img, k=1))), int(form[-1])), ".jpg"
    else:
        raise AssertionError(form)
    path = folder / f"表盘 {form}{suffix}"
    path.write_bytes(data)
    return path


def make_case(name: str, capsys, folder: Path) -> Path:
    if name == "red_default":  # the seed's red, the face's centre as the pivot, no scale
        return saved_by_cli(capsys, folder, photo("red_19_oil_pressure_red.jpg"))
    if name == "custom_hsv":
        return saved_by_cli(capsys, folder, photo("red_22_autometer_oil_orangered.jpg"),
                            "--hsv", "0,20,150,180,60,60", "--calib", "0:0,180:50")
    if name == "pivot_dark":  # a clicked pivot, the automatic dark threshold (the face still found)
        return saved_by_cli(capsys, folder, photo("dark_01_intel_gauge1.jpg"), "--color", "dark",
                            "--pivot", "200,210", "--calib", "225:0,315:100")
    if name == "calibrated_ccw_robust":  # a value scale of three marks, counterclockwise
        return saved_by_cli(capsys, folder, photo("red_20_fuel_pressure_oblique.jpg"),
                            "--calib", "225:0,-45:200,270:100", "--ccw", "--fit", "robust")
    if name == "seed_resize_seed_fit":  # the seed's 250×250 copy and y-on-x fit, a chosen dark threshold
        return saved_by_cli(capsys, folder, photo("dark_03_jis_pressure_0001.png"), "--color", "dark",
                            "--dark-vmax", "90", "--seed-resize", "--fit", "seed")
    if name == "pivot_red_seed_resize":
        return saved_by_cli(capsys, folder, photo("red_21_marsh_setpointer.jpg"), "--pivot", "210.5,200.25",
                            "--seed-resize", "--calib", "230:0,310:10")
    if name == "sample":  # a bundled sample named by the state, no photo member
        return state_file(folder, DialState(sample="synthetic_ticks_037.png", origin="sample", min_angle=225.0,
                                            max_angle=315.0, max_value=10.0, hue1_lo=0, hue1_hi=15, hue2_lo=170,
                                            hue2_hi=160, color="custom"))
    if name == "pasted":  # a pasted picture: the PNG of its pixels; marks that make no scale
        data = encoded(".png", synthetic(300.0, style="plain"))
        return state_file(folder, DialState(photo="dial/photo.png", origin="clipboard", min_angle=90.0,
                                            max_angle=90.0, fit="robust"), {"dial/photo.png": data})
    if name == "distractor":  # a longer red bar beside the needle: the one aimed at the pivot is chosen
        img = np.full((300, 300, 3), 255, np.uint8)
        cv2.line(img, (150, 150), (215, 95), (0, 0, 230), 5)
        cv2.line(img, (40, 30), (260, 30), (0, 0, 230), 5)
        path = folder / "distractor.png"
        path.write_bytes(encoded(".png", img))
        return saved_by_cli(capsys, folder, path, "--pivot", "150,150", "--calib", "225:0,315:100")
    if name in ("rgba_png", "png16", "grey_png", "exif6", "exif3", "exif8"):
        options = ["--color", "dark"] if name == "grey_png" else []
        return saved_by_cli(capsys, folder, photo_form(folder, name), *options, "--calib", "225:0,315:100")
    raise AssertionError(name)


CASES = ["red_default", "custom_hsv", "pivot_dark", "calibrated_ccw_robust", "seed_resize_seed_fit",
         "pivot_red_seed_resize", "sample", "pasted", "distractor", "rgba_png", "png16", "grey_png", "exif6", "exif3", "exif8"]


def export_and_run(file: Path, folder: Path, name: str = "dial", runner: str = NO_APP) -> tuple[dict, Path, str]:
    e = read_experiment(file)
    exported = export_experiment("dial", e.labs["dial"], e.blobs, "py", name=name)
    [photo_name] = exported.files
    written = write_export(folder / f"{name}.py", exported)
    assert written == [folder / f"{name}.py", folder / photo_name]
    r, got = run_script(folder / f"{name}.py", runner)
    assert r.returncode == 0 and got is not None, r.stderr[-3000:]
    return got, folder / photo_name, r.stderr


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("case", CASES)
def test_the_script_prints_what_read_dial_prints_for_the_same_file(case, capsys, tmp_path):
    file = make_case(case, capsys, tmp_path)
    want = cli_experiment(capsys, file)
    out = tmp_path / "export 导出"
    out.mkdir()
    got, photo_file, _ = export_and_run(file, out)
    compare(got, want, photo_file)
    e = read_experiment(file)
    state = DialState.from_dict(e.labs["dial"], blobs=e.blobs)
    if state.photo:  # the photo beside the script is the experiment's, byte for byte
        assert photo_file.read_bytes() == e.blobs[state.photo]
    if case in ("custom_hsv", "calibrated_ccw_robust", "sample"):
        assert got["reading"] is not None
    if case == "pasted":
        assert got["reading"] is None and got["fit"] == "robust"
    if case == "distractor":
        assert abs(got["angle_deg"] - 40.2) < 1.0 and got["pivot_source"] == "user"
    if case.startswith("exif"):  # turned upright as the lab turns it
        assert got["image_size"] == want["image_size"]


@pytest.mark.parametrize("case", ["rgba_png", "png16", "grey_png", "exif6", "exif3", "exif8", "red_default"])
def test_the_script_decodes_the_photo_pixel_for_pixel_as_the_lab_does(case, capsys, tmp_path, monkeypatch):
    import runpy

    from gui.labs.dial.photos import state_photo

    file = make_case(case, capsys, tmp_path)
    e = read_experiment(file)
    state = DialState.from_dict(e.labs["dial"], blobs=e.blobs)
    lab_image, _ = state_photo(state, e.blobs, "")
    exported = export_experiment("dial", e.labs["dial"], e.blobs, "py", name="px")
    write_export(tmp_path / "px.py", exported)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    names = runpy.run_path(str(tmp_path / "px.py"), run_name="__main__")
    capsys.readouterr()
    assert names["img"].dtype == np.uint8 and names["img"].shape == lab_image.bgr.shape
    assert np.array_equal(names["img"], lab_image.bgr)


def test_every_bundled_sample_reads_the_same_from_its_script(capsys, tmp_path):
    """The samples as the lab's combo opens them: the state names the sample, with no photo member."""
    from gui.labs.dial.photos import bundled_samples

    samples = bundled_samples()
    if not samples:
        pytest.skip("the bundled samples are not installed here")
    compared = 0
    for i, sample in enumerate(samples):
        folder = tmp_path / str(i)
        folder.mkdir()
        state = DialState(sample=sample.name, origin="sample", color="dark" if "dark" in sample.name else "red",
                          min_angle=225.0, max_angle=315.0)
        file = state_file(folder, state)
        status = main(["read-dial", "--experiment", str(file), "--json"])
        out, _ = capsys.readouterr()
        if status != 0:  # a sample the pipeline cannot read with these settings
            continue
        got, photo_file, _ = export_and_run(file, folder)
        compare(got, want=json.loads(out.strip().splitlines()[-1]), photo_file=photo_file)
        assert photo_file.read_bytes() == sample.read_bytes()
        compared += 1
    assert compared >= len(samples) // 2


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared dial photos are not here")
def test_every_shared_photo_reads_the_same_from_its_script(capsys, tmp_path):
    photos = sorted(p for p in SHARED.iterdir() if p.suffix.lower() in (".jpg", ".png"))
    assert photos
    compared = 0
    for i, path in enumerate(photos):
        folder = tmp_path / str(i)
        folder.mkdir()
        options = ["--color", "dark"] if path.name.startswith("dark") else []
        file = folder / "d.mlbl"
        status = main(["read-dial", str(path), *options, "--calib", "225:0,315:100", "--save-experiment", str(file)])
        capsys.readouterr()
        if status != 0:  # a photo the pipeline cannot read: nothing to compare
            continue
        want = cli_experiment(capsys, file)
        got, photo_file, _ = export_and_run(file, folder)
        compare(got, want, photo_file)
        compared += 1
    assert compared >= len(photos) // 2


def test_the_script_reads_like_the_seed_and_imports_no_app(capsys, tmp_path):
    file = make_case("red_default", capsys, tmp_path)
    e = read_experiment(file)
    text = export_experiment("dial", e.labs["dial"], e.blobs, "py").text
    tree = ast.parse(text)
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported == {"json", "math", "os", "time", "cv2", "numpy", "matplotlib"}
    for piece in ("def extract_red(image):", "red_lower1 = np.array([0, 43, 46])",
                  "red_lower2 = np.array([156, 43, 46])", "mask = cv2.add(mask1, mask2)",
                  "Y = h - pts[:, 1]", "cv2.IMREAD_UNCHANGED", "np.fromfile(PHOTO", "def find_face(image):",
                  "from matplotlib import pyplot as plt", "print(json.dumps(result))", "提取红色"):
        assert piece in text, piece
    assert "np.polyfit" not in text and "extract_dark" not in text and "MARKS" not in text  # only what it uses
    seed = make_case("seed_resize_seed_fit", capsys, tmp_path)
    e = read_experiment(seed)
    text = export_experiment("dial", e.labs["dial"], e.blobs, "py").text
    for piece in ("work = cv2.resize(img, (250, 250))", "k, b = np.polyfit(X, Y, 1)", "def extract_dark(image, v_max):",
                  "V_MAX = 90"):
        assert piece in text, piece
    assert "def extract_red" not in text and "thresholds = [" not in text


def test_the_script_draws_when_matplotlib_is_there(capsys, tmp_path):
    file = make_case("calibrated_ccw_robust", capsys, tmp_path)
    want = cli_experiment(capsys, file)
    got, photo_file, err = export_and_run(file, tmp_path, runner=FAKE_PLT)
    compare(got, want, photo_file)
    calls = err.strip().splitlines()[-1].removeprefix("PLOT CALLS ").split(",")
    assert {"imshow", "scatter", "plot", "show"} <= set(calls) and calls.count("show") == 4


@pytest.mark.parametrize("case", ["pivot_dark", "sample"])
def test_the_notebook_validates_and_its_cells_print_the_same(case, capsys, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    file = make_case(case, capsys, tmp_path)
    want = cli_experiment(capsys, file)
    e = read_experiment(file)
    exported = export_experiment("dial", e.labs["dial"], e.blobs, "ipynb", name="nb")
    nb = nbformat.reads(exported.text, as_version=4)
    nbformat.validate(nb)
    assert [c.cell_type for c in nb.cells] == ["markdown"] + ["markdown", "code"] * 9
    markdown = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "extract_red" in markdown and "cv2.imread('clock.png')" in markdown
    assert export_experiment("dial", e.labs["dial"], e.blobs, "ipynb", name="nb").text == exported.text
    write_export(tmp_path / "nb.ipynb", exported)
    monkeypatch.chdir(tmp_path)  # a notebook runs in its own folder, where the photo is
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # no pictures: the numbers alone
    namespace: dict = {"__name__": "__main__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for cell in nb.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, "<cell>", "exec"), namespace)
    compare(json.loads(out.getvalue().strip().splitlines()[-1]), want, Path(next(iter(exported.files))))


@pytest.mark.parametrize("state", [DialState(), DialState(batch_files="a.png\nb.png", color="dark")])
def test_a_state_without_a_photo_is_refused_with_a_clear_message(state, capsys, tmp_path):
    from gui.messages import describe_error

    assert "dial" in LABS
    refusal = export_refusal("dial", state)
    assert refusal is not None and refusal.code == "no_photo"
    with pytest.raises(ExportError) as info:
        export_experiment("dial", state.to_dict(), {}, "py")
    assert info.value.code == "no_photo"
    message = describe_error(info.value)
    assert "shows no photo" in message and "open a photo" in message
    file = state_file(tmp_path, state)
    assert main(["export", str(file), "--out", str(tmp_path / "x.py")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "shows no photo" in err
    assert not (tmp_path / "x.py").exists() and not list(tmp_path.glob("x_photo*"))
    assert export_refusal("dial", DialState(sample="synthetic_ticks_037.png", origin="sample")) is None
    assert export_refusal("concepts", None) is not None and export_refusal("mlp", None) is not None


def test_a_photo_with_no_needle_stops_the_script_with_the_reason(capsys, tmp_path):
    blank = np.full((200, 200, 3), 200, np.uint8)
    file = state_file(tmp_path, DialState(photo="dial/photo.png", origin="clipboard"),
                      {"dial/photo.png": encoded(".png", blank)})
    assert main(["read-dial", "--experiment", str(file), "--json"]) == 2
    assert "No pixels pass the colour thresholds" in capsys.readouterr().err
    e = read_experiment(file)
    write_export(tmp_path / "d.py", export_experiment("dial", e.labs["dial"], e.blobs, "py", name="d"))
    r, got = run_script(tmp_path / "d.py")
    assert r.returncode == 1 and got is None
    assert r.stderr.strip().splitlines()[-1] == ("no reading: no pixels pass the colour thresholds: widen the hue "
                                                 "range, lower the saturation or value floor, or switch between "
                                                 "red and dark needle")


def test_main_py_export_writes_dial_scripts_and_notebooks(capsys, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    file = make_case("custom_hsv", capsys, tmp_path)
    assert main(["export", str(file), "--out", str(tmp_path / "a.py")]) == 0
    assert main(["export", str(file), "--format", "ipynb", "--out", str(tmp_path / "b.ipynb"), "--lab", "dial"]) == 0
    err = capsys.readouterr().err
    assert f"wrote {tmp_path / 'a.py'}, {tmp_path / 'a_photo.jpg'}" in err
    assert f"wrote {tmp_path / 'b.ipynb'}, {tmp_path / 'b_photo.jpg'}" in err
    ast.parse((tmp_path / "a.py").read_text(encoding="utf-8"))
    nbformat.validate(nbformat.read(str(tmp_path / "b.ipynb"), as_version=4))


def test_exporting_a_dial_experiment_loads_no_qt(capsys, tmp_path):
    file = make_case("red_default", capsys, tmp_path)
    code = ("import sys\n"
            "from gui.cli import main\n"
            f"assert main(['export', {str(file)!r}, '--out', {str(tmp_path / 'x.py')!r}]) == 0\n"
            f"assert main(['export', {str(file)!r}, '--format', 'ipynb', '--out', {str(tmp_path / 'x.ipynb')!r}]) == 0\n"
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'pyqtgraph', 'superqt'})\n"
            "print(bad)\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_the_window_exports_the_dial_lab_and_says_why_not_without_a_photo(qtbot, main_window, capsys, tmp_path):
    from gui.messages import describe_error

    main_window.select_tab("dial")
    p = main_window.panels["dial"]
    p.open_path(str(photo("red_20_fuel_pressure_oblique.jpg")))
    qtbot.waitUntil(lambda: not p.is_busy() and p.result() is not None, timeout=20000)
    p.set_calibration(225.0, 0.0, 315.0, 200.0)
    qtbot.waitUntil(lambda: p.result() is not None and p.result().reading is not None, timeout=5000)
    main_window.file_menu.aboutToShow.emit()
    assert main_window.export_script_action.isEnabled() and main_window.export_notebook_action.isEnabled()
    # Copy as command: the photo's file and the settings, spelled out
    assert main_window.copy_command_action.isEnabled()
    command = main_window.copy_command_action.toolTip()
    assert " read-dial " in command and "red_20_fuel_pressure_oblique.jpg" in command and \
        "--calib 225.0:0.0,315.0:200.0" in command
    assert main_window.export_code("py", str(tmp_path / "lab.py"))
    assert (tmp_path / "lab_photo.jpg").read_bytes() == photo("red_20_fuel_pressure_oblique.jpg").read_bytes()
    r, got = run_script(tmp_path / "lab.py")
    assert r.returncode == 0, r.stderr
    result = p.result()
    assert got["angle_deg"] == pytest.approx(result.angle_deg, rel=RTOL)
    assert got["reading"] == pytest.approx(result.reading, rel=RTOL)
    assert got["confidence"] == pytest.approx(result.confidence, rel=RTOL)
    # nothing open: disabled, and the tooltip says why
    p.set_state(DialState(), {})
    main_window.file_menu.aboutToShow.emit()
    assert not main_window.export_script_action.isEnabled() and not main_window.export_notebook_action.isEnabled()
    tip = main_window.export_script_action.toolTip()
    assert tip == describe_error(ExportError("no_photo", {"lab": "dial", "files": 0})) and "shows no photo" in tip
    assert not main_window.copy_command_action.isEnabled()
    assert main_window.copy_command_action.toolTip().startswith("Open a photo first")


def test_copy_as_command_checks_the_photo_file_still_holds_the_picture_on_screen(qtbot, main_window, tmp_path):
    """read-dial reads the photo's file: a file changed since the lab read it would give
    another reading, so the window gives no such line (the saved experiment's instead)."""
    from PySide6.QtWidgets import QApplication

    main_window.select_tab("dial")
    p = main_window.panels["dial"]
    file = tmp_path / "gauge.jpg"
    file.write_bytes(photo("red_20_fuel_pressure_oblique.jpg").read_bytes())
    p.open_path(str(file))
    qtbot.waitUntil(lambda: not p.is_busy() and p.result() is not None, timeout=20000)
    clipboard = QApplication.clipboard()
    clipboard.setText("")
    main_window.copy_command_action.trigger()
    assert " read-dial " in clipboard.text() and "gauge.jpg" in clipboard.text()
    assert p.command_inputs() == {str(file.absolute()): file.read_bytes()}
    # the file is replaced by another photo: no read-dial line for it, and the status says why
    file.write_bytes(photo("red_19_oil_pressure_red.jpg").read_bytes())
    clipboard.setText("")
    main_window.copy_command_action.trigger()
    assert clipboard.text() == ""
    assert "gauge.jpg has changed since the lab read it" in main_window.statusBar().currentMessage()
    # saved, the experiment (which holds the picture's bytes) is what the command reads
    assert main_window.save_experiment(str(tmp_path / "dial.mlbl"))
    main_window.copy_command_action.trigger()
    assert "--experiment" in clipboard.text() and "dial.mlbl" in clipboard.text()
