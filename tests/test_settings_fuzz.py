"""Every value read from the settings is checked: a hostile value in the file (an integer
seed of 1e20, start_b = 1e300, text where a number belongs) falls back to its default,
and the app still starts. It used to exit at start, every time, until the file was deleted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from gui.labs import LABS
from gui.settings import read, read_pair

HOSTILE = ["100000000000000000000", "1e300", "-1e300", "nan", "", "abc", "-1", "1, 2, 3"]


@pytest.fixture
def settings_file(tmp_path):
    return str(tmp_path / "fuzz.ini")


def make_window(app_language, qtbot, settings):
    from gui.main_window import MainWindow

    w = MainWindow(app_language, settings)
    w.ask_before_closing = False
    qtbot.addWidget(w)
    for key in LABS:
        w.select_tab(key)
    return w


# keys of labs that no longer write settings (their state goes to the session file) but still
# read what older versions wrote (restore_settings: the migration of those keys to a state)
LEGACY_KEYS = {
    "linear": ["n", "slope", "intercept", "noise", "seed", "source", "csv_path", "csv_columns", "lr", "lr_scale",
               "standardize", "max_iters", "tol_enabled", "tol", "start_b", "start_k", "speed"],
    "logistic": ["preset", "classes", "n", "spread", "seed", "test_percent", "source", "csv_path", "csv_columns",
                 "strategy", "poly", "l2", "C", "lr", "max_iters", "tol_enabled", "tol", "seed_start",
                 "show_models", "confusion", "speed"],
    "dial": ["color", "h1", "h2", "s_min", "v_min", "dark_auto", "dark_v_max", "fit", "seed_resize", "direction",
             "min_value", "max_value", "path"],
    "concepts": ["page", "activations/shown", "activations/focus", "activations/range", "activations/eps",
                 "activations/cursor", "softmax/count", "softmax/logits", "softmax/scale", "softmax/temperature",
                 "softmax/true_class", "chain/a", "chain/b", "backprop/preset", "backprop/points", "backprop/noise",
                 "backprop/data_seed", "backprop/hidden", "backprop/activation", "backprop/lr", "backprop/momentum",
                 "backprop/init_seed"],
    "mlp": ["folder", "hidden", "activation", "optimizer", "lr", "batch", "epochs", "normalize", "seeded", "seed"],
}


def lab_keys(qtbot, app_language, path) -> dict[str, list[str]]:
    """Every key each lab writes, found by letting the labs save themselves, and the keys
    older versions wrote that a lab still reads (LEGACY_KEYS)."""
    s = QSettings(path, QSettings.Format.IniFormat)
    w = make_window(app_language, qtbot, s)
    for panel in w.panels.values():
        panel.save_settings(s)
    s.sync()
    keys = {}
    for lab in LABS:
        s.beginGroup(lab)
        keys[lab] = sorted(set(s.allKeys()) | set(LEGACY_KEYS.get(lab, ())))
        s.endGroup()
    for panel in w.panels.values():
        panel.shutdown()
    return keys


def test_every_key_of_every_lab_survives_every_hostile_value(qtbot, app_language, settings_file, capfd):
    keys = lab_keys(qtbot, app_language, settings_file)
    assert sum(len(v) for v in keys.values()) >= 60
    s = QSettings(settings_file, QSettings.Format.IniFormat)
    w = make_window(app_language, qtbot, None)
    tried = 0
    for lab, names in keys.items():
        panel = w.panels[lab]
        for name in names:
            for value in HOSTILE:
                good = s.value(f"{lab}/{name}")
                s.setValue(f"{lab}/{name}", value)
                panel.restore_settings(s)  # pytest-qt fails the test on any exception in a slot
                s.setValue(f"{lab}/{name}", good)
                tried += 1
        qtbot.waitUntil(lambda p=panel: not p.is_busy(), timeout=60000)
    assert tried >= 60 * len(HOSTILE)
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("value", HOSTILE)
def test_the_app_starts_with_every_value_hostile_at_once(qtbot, app_language, settings_file, value, capfd):
    keys = lab_keys(qtbot, app_language, settings_file)
    s = QSettings(settings_file, QSettings.Format.IniFormat)
    for lab, names in keys.items():
        for name in names:
            s.setValue(f"{lab}/{name}", value)
    s.setValue("window/last_tab", value)
    s.setValue("language", value)
    s.sync()
    w = make_window(app_language, qtbot, QSettings(settings_file, QSettings.Format.IniFormat))
    w.show()
    qtbot.waitExposed(w)
    for panel in w.panels.values():
        qtbot.waitUntil(lambda p=panel: not p.is_busy(), timeout=60000)
    assert "Traceback" not in capfd.readouterr().err  # no lab needed the last line of defence


@pytest.mark.parametrize("raw, default, expect", [
    ("7", 3, 7), ("1e20", 3, 3), ("100000000000000000000", 3, 3), ("2147483648", 3, 3), ("-5", 3, -5),
    ("true", 3, 3), ("nan", 0.5, 0.5), ("inf", 0.5, 0.5), ("1e300", 0.5, 1e300), ("0.25", 0.5, 0.25),
    ("yes", False, True), ("maybe", False, False), ("", True, False),
])
def test_read_checks_types_and_finiteness(tmp_path, raw, default, expect):
    s = QSettings(str(tmp_path / "r.ini"), QSettings.Format.IniFormat)
    s.setValue("k", raw)
    assert read(s, "k", default) == expect


def test_read_checks_ranges_and_choices(tmp_path):
    s = QSettings(str(tmp_path / "r.ini"), QSettings.Format.IniFormat)
    s.setValue("seed", "1000000")
    assert read(s, "seed", 0, lo=0, hi=999_999) == 0
    s.setValue("lr", "1e300")
    assert read(s, "lr", 0.1, lo=1e-5, hi=1.0) == 0.1
    s.setValue("fit", "magic")
    assert read(s, "fit", "tls", choices=("seed", "tls", "robust")) == "tls"
    s.setValue("h1", ["10", "5"])
    assert read_pair(s, "h1", (0, 10), 0, 180) == (0, 10)  # low above high
    s.setValue("h1", ["3", "9"])
    assert read_pair(s, "h1", (0, 10), 0, 180) == (3, 9)
