"""The formula pane (gui/widgets/formula.py) and the Linear lab's Formulas tab: the numbers
are the learner's at the iteration shown, the symbols are typeset once (lazily, with a plain
text fallback), the words follow the language."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from core.linreg import Moments, gradient
from gui.labs.linear import texts
from gui.widgets import formula
from tests.conftest import REPO


@pytest.fixture
def panel(main_window):
    return main_window.panels["linear"]


def shown(panel):
    """The frame whose numbers the pane shows."""
    frame = panel.formula_view.frame()
    assert frame is not None
    return frame


def assert_is_the_learners(panel):
    """The pane shows the learner's own numbers at its cursor, and the next θ is the one the
    learner computes when it steps from there."""
    gd = panel.learner()
    f = shown(panel)
    assert f.iteration == gd.iteration
    assert f.theta == gd.internal_theta
    assert f.loss == gd.loss
    p = gd.points
    assert f.loss == pytest.approx(float(Moments.of(p.x, p.y).loss(gd.intercept, gd.slope)), rel=1e-12)
    assert f.mse == 2 * f.loss
    assert f.mse == pytest.approx(float(np.mean((gd.intercept + gd.slope * p.x - p.y) ** 2)), rel=1e-9)
    if not gd.config.standardize:
        assert f.grad == gradient(p, gd.intercept, gd.slope)
    # the text on screen says these numbers
    pane = panel.formula_view.pane
    assert texts.num(f.loss, 8) in pane.numbers("loss")
    assert texts.num(f.mse, 8) in pane.numbers("mse")
    assert texts.num(f.grad[0]) in pane.numbers("grad0")
    assert texts.num(f.grad[1]) in pane.numbers("grad1")
    assert texts.num(f.next_theta[0], 8) in pane.numbers("upd0")
    assert texts.num(f.next_theta[1], 8) in pane.numbers("upd1")
    assert f"{f.iteration:,}" in pane.header.text()
    return f


def step_and_check_next(panel, qtbot, f, exact):
    gd = panel.learner()
    qtbot.mouseClick(panel.player.step_button, Qt.MouseButton.LeftButton)
    assert gd.iteration == f.iteration + 1
    if exact:
        assert gd.internal_theta == f.next_theta
        assert (gd.intercept, gd.slope) == f.next_line
    else:
        assert gd.intercept == pytest.approx(f.next_line[0], rel=1e-13)
        assert gd.slope == pytest.approx(f.next_line[1], rel=1e-13)


def test_the_numbers_are_the_learners_after_steps_back_and_scrub(qtbot, panel):
    panel.show_formulas(True)
    for _ in range(4):
        qtbot.mouseClick(panel.player.step_button, Qt.MouseButton.LeftButton)
    f = assert_is_the_learners(panel)
    assert f.iteration == 4
    assert f.rates == (5e-5 * 1e4, 5e-5)  # the seed's loop: the intercept's rate is ×10000
    step_and_check_next(panel, qtbot, f, exact=True)
    assert_is_the_learners(panel)
    qtbot.mouseClick(panel.player.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.player.back_button, Qt.MouseButton.LeftButton)
    f = assert_is_the_learners(panel)
    assert f.iteration == 3
    step_and_check_next(panel, qtbot, f, exact=True)
    panel.player.timeline.setValue(1)  # scrub
    f = assert_is_the_learners(panel)
    assert f.iteration == 1
    step_and_check_next(panel, qtbot, f, exact=True)


def test_the_rate_factor_and_standardized_x_are_shown_as_the_learner_applies_them(qtbot, panel):
    panel.show_formulas(True)
    panel.standardize_check.setChecked(True)
    panel.scale_slider.set_value(3.0)
    panel.lr_slider.set_value(0.1)
    for _ in range(3):
        qtbot.mouseClick(panel.player.step_button, Qt.MouseButton.LeftButton)
    f = assert_is_the_learners(panel)
    assert f.standardize and f.rates == (0.1 * 3.0, 0.1)
    gd = panel.learner()
    assert (f.mu, f.sigma) == (pytest.approx(float(np.mean(gd.points.x))), pytest.approx(float(np.std(gd.points.x))))
    pane = panel.formula_view.pane
    assert pane.row("upd0").formula.plain.startswith("θ₀ := θ₀ − s·α")
    assert "z" in pane.row("model").formula.plain
    assert "σ" in pane.note.text()
    step_and_check_next(panel, qtbot, f, exact=False)
    panel.scale_slider.set_value(1.0)
    assert pane.row("upd0").formula.plain == "θ₀ := θ₀ − α·∂J/∂θ₀"


def test_the_tab_shows_and_hides_the_pane(qtbot, panel):
    area, pane = panel.formula_view.area, panel.formula_view.pane
    assert not pane.isVisible() and not panel.formulas_shown()
    bar = panel.info_tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert panel.formulas_shown() and area.isVisible() and pane.isVisible()
    assert not panel.info_label.isVisible()
    assert shown(panel).iteration == panel.learner().iteration  # drawn at once
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert not pane.isVisible() and panel.info_label.isVisible()


def test_while_playing_the_numbers_change_a_few_times_a_second_and_at_once_on_pause(qtbot, panel, monkeypatch):
    view = panel.formula_view
    draws, frames = [], []
    draw = view.draw
    monkeypatch.setattr(view, "draw", lambda f: (draws.append(f.iteration), draw(f)))
    panel.player.advance_requested.connect(lambda _n: frames.append(1))
    panel.player.speed.set_value(200)
    panel.player.set_playing(True)  # the Numbers tab: the hidden pane is not drawn
    qtbot.waitUntil(lambda: len(frames) > 10, timeout=5000)
    assert draws == []
    panel.show_formulas(True)
    frames.clear()
    draws.clear()
    qtbot.waitUntil(lambda: len(frames) > 40, timeout=10000)
    assert 1 <= len(draws) < len(frames) / 3
    panel.player.set_playing(False)
    assert_is_the_learners(panel)


def test_the_typeset_formulas_are_cached_and_new_numbers_typeset_nothing(qtbot, panel, monkeypatch):
    monkeypatch.setattr(formula, "_cache", {})
    panel.show_formulas(True)
    pane = panel.formula_view.pane
    for key in pane.keys():
        row = pane.row(key)
        assert row.typeset_shown, key
        assert not row.pixmap().isNull() and row.pixmap().width() > 20
    count = formula.typeset_count
    assert count >= len(pane.keys())  # typeset on first show (the cache was empty)
    for _ in range(3):
        qtbot.mouseClick(panel.player.step_button, Qt.MouseButton.LeftButton)
    panel.show_formulas(False)
    panel.show_formulas(True)
    assert_is_the_learners(panel)
    assert formula.typeset_count == count
    panel.scale_slider.set_value(1.0)  # θ0's update loses its s: one new formula
    assert formula.typeset_count == count + 1
    panel.scale_slider.set_value(1e4)  # back: from the cache
    assert formula.typeset_count == count + 1


def test_a_missing_ziamath_shows_plain_text(qtbot, monkeypatch):
    monkeypatch.setattr(formula, "_cache", {})
    monkeypatch.setattr(formula, "_ziamath_failed", False)
    monkeypatch.setitem(sys.modules, "ziamath", None)  # import ziamath raises ImportError
    pane = formula.FormulaPane([formula.Formula("a", r"\frac{1}{2}", "1/2")])
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitExposed(pane)
    row = pane.row("a")
    assert not row.typeset_shown and row.symbols.text() == "1/2"


def test_a_formula_ziamath_fails_on_shows_plain_text(qtbot, monkeypatch):
    ziamath = pytest.importorskip("ziamath")
    monkeypatch.setattr(formula, "_cache", {})

    class Broken:
        def __init__(self, *a, **k):
            raise ValueError("no such command")

    monkeypatch.setattr(ziamath, "Latex", Broken)
    pane = formula.FormulaPane([formula.Formula("a", r"\nosuch", "plain")])
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitExposed(pane)
    assert not pane.row("a").typeset_shown and pane.row("a").symbols.text() == "plain"


class Marking(QTranslator):
    """Translates the Linear lab's words to «word»: a language whose words are seen to change."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: N802
        return f"«{source}»" if context == "LinearRegressionPanel" else ""

    def isEmpty(self):  # noqa: N802 (an empty translator sends no LanguageChange)
        return False


def test_the_words_follow_the_language(qtbot, app_language, panel):
    panel.show_formulas(True)
    pane = panel.formula_view.pane
    english = pane.row("mse").caption.text()
    assert "np.mean((y_pred - Y) ** 2)" in english and "2·J" in english
    assert panel.info_tabs.tabText(1) == "Formulas"
    assert app_language.set_language("zh_CN")  # retranslate runs: the words are Chinese, the code is not
    chinese = pane.row("mse").caption.text()
    assert "均方误差" in chinese and "<code>np.mean((y_pred - Y) ** 2)</code>" in chinese
    assert panel.info_tabs.tabText(1) == "公式"
    app_language.set_language("en")
    marking = Marking()
    QCoreApplication.installTranslator(marking)
    try:
        qtbot.waitUntil(lambda: panel.info_tabs.tabText(1) == "«Formulas»")
        assert pane.row("mse").caption.text() == f"«{english}»"
        assert pane.header.text().startswith("<b>«The numbers at iteration")
        assert "«the seed's printed loss»" in pane.numbers("mse")
        assert pane.row("loss").formula.tex.startswith(r"J(\theta)")  # the symbols hold no words
    finally:
        QCoreApplication.removeTranslator(marking)
    qtbot.waitUntil(lambda: panel.info_tabs.tabText(1) == "Formulas")
    assert pane.row("mse").caption.text() == english


def test_ziamath_is_imported_when_the_pane_is_first_shown_not_at_start_up():
    code = (
        "import sys, os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from gui.app import create_application\n"
        "from gui.i18n import LanguageManager\n"
        "app = create_application()\n"
        "from gui.main_window import MainWindow\n"
        "w = MainWindow(LanguageManager(app), None); w.show(); app.processEvents()\n"
        "print('ziamath' in sys.modules, 'ziafont' in sys.modules)\n"
        "p = w.panels['linear']; p.show_formulas(True); app.processEvents()\n"
        "print('ziamath' in sys.modules, p.formula_view.pane.row('loss').typeset_shown)\n"
        "w.ask_before_closing = False; w.close()\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    at_start, after = r.stdout.strip().splitlines()[-2:]
    assert at_start == "False False"
    assert after == "True True"


def test_numbers_are_written_as_math():
    assert texts.num(-4.12e-5) == "−4.12e−5"
    assert texts.num(1.01071234) == "1.0107"
    assert texts.factor(-18.53) == "(−18.53)"
    assert texts.factor(2.0) == "2"
    assert texts.num(float("inf")) == "∞"


def test_a_diverged_run_is_shown_without_a_crash(qtbot, panel):
    panel.show_formulas(True)
    panel.lr_slider.set_value(5.0)
    panel.player.speed.set_value(100000)
    panel.player.set_playing(True)
    qtbot.waitUntil(lambda: not panel.player.is_playing(), timeout=10000)
    assert panel.learner().stop_reason is not None
    f = assert_is_the_learners(panel)
    assert f.iteration == panel.learner().iteration
