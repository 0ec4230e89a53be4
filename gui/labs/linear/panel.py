"""The Linear Regression lab: gradient descent fitting a line, live, beside the exact answer.

A thin assembly: the control column (controls.py), the views (views.py) and the controller
(controller.py), which owns the data, its run and the lab's tasks. The panel binds the
controls to the controller, draws its frames and says what happens (texts.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Mapping

from PySide6.QtCore import QSettings, Slot
from PySide6.QtWidgets import QGridLayout, QTabWidget, QWidget

from core.errors import LabError
from core.linreg import SEED_PRESET, LinearGD, Points, load_points_csv
from gui.labs.descent_lab import DescentLab
from gui.labs.linear import texts
from gui.labs.linear.controller import LinearController, PreparedRun, Request
from gui.labs.linear.controls import DataBox, DescentBox, OptimizerBox, RaceBox, short_rule_names
from gui.labs.linear.legacy_settings import state_from_settings
from gui.labs.linear.state import LinearState, race_optim
from gui.labs.linear.views import RACE_COLOURS, DataView, FormulaView, LossView, RaceLayer, RaceReadout, SurfaceView
from gui.state import LabState

TEXT_INTERVAL_S = 0.08
FORMULA_INTERVAL_S = 0.25  # the formula pane's numbers, while playing: 4 times a second


class LinearRegressionPanel(DescentLab):
    """Gradient descent on J(θ0, θ1) = 1/(2m)·Σ(θ0 + θ1·x − y)², animated."""

    key = "linear"
    state_type: ClassVar[type[LabState] | None] = LinearState
    STEP_BUDGET_S = 0.003  # steps are cheap here; the frame is mostly drawing
    RACE_BUDGET_S = 0.002  # racing: several runs to draw, the steps shared among them

    @property
    def step_budget_s(self) -> float:  # type: ignore[override]
        return self.RACE_BUDGET_S if self.controller.racing() else self.STEP_BUDGET_S

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = LinearController(self.tasks, self)
        self._text_time = 0.0
        self._formula_time = 0.0
        self._updating_controls = False
        self._quiet_load = ""  # a file read for the old settings: not a change of the user's
        self._build_ui()
        c = self.controller
        c.run_replaced.connect(self._on_controller_run_replaced)
        c.preparing.connect(self._on_controller_busy)
        c.replaying.connect(self._on_controller_busy)
        c.prepared.connect(self._on_controller_prepared)
        c.prepare_failed.connect(self._on_controller_prepare_failed)
        c.replayed.connect(self._on_controller_replayed)
        c.replay_failed.connect(self._on_controller_failed)
        self._apply_preset_controls()
        self.race_group.show_rows(c.race_rows(), c.racing())
        self.retranslate_ui()
        self._on_controller_run_replaced(True)

    @property
    def _gd(self) -> Any:  # DescentLab's handlers step the controller's run, or its race
        race = self.controller.race
        return race if race is not None else self.controller.gd

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.data_group = d = DataBox(self)
        self.n_slider, self.slope_slider, self.intercept_slider = d.n_slider, d.slope_slider, d.intercept_slider
        self.noise_slider, self.seed_spin, self.preset_button = d.noise_slider, d.seed_spin, d.preset_button
        self.import_button, self.source_label = d.import_button, d.source_label
        self.descent_group = g = DescentBox(self)
        self.lr_slider, self.scale_slider, self.standardize_check = g.lr_slider, g.scale_slider, g.standardize_check
        self.iters_spin, self.tol_check, self.tol_slider = g.iters_spin, g.tol_check, g.tol_slider
        self.start_label = g.start_label
        self.optimizer_group = OptimizerBox(self)
        self.optimizer_combo = self.optimizer_group.combo
        self.race_group = RaceBox(RACE_COLOURS, self)
        self.race_check = self.race_group.race_check
        self._race_row: int | None = None  # the race row the update-rule box edits (None: the run's rule)
        self.residuals_check, self.exact_button, self.explain_check = d.residuals_check, g.exact_button, g.explain_check

        # --- the plots (views drawing the controller's frames), by the names the tests know
        self.data_view = dv = DataView()
        self.surface_view = sv = SurfaceView(self.controller.surface_frame)
        self.loss_view = lv = LossView()
        self.points_vb, self.data_plot, self.scatter, self.fit_line = dv.points_vb, dv.plot, dv.scatter, dv.fit_line
        self.surface_vb, self.surface_plot, self.surface_image = sv.vb, sv.plot, sv.image
        self.path_item, self.start_marker, self.ols_marker = sv.path_item, sv.start_marker, sv.ols_marker
        self.current_marker, self.loss_plot = sv.current_marker, lv.plot
        self.data_legend, self.loss_legend = dv.legend, lv.legend

        info = self._make_text_panes(equation_scale=1.5, info_lines=12)
        # the numbers table, or the formulas with the numbers of the iteration shown (a tab:
        # typeset when first shown, so start-up never imports ziamath)
        self.formula_view = FormulaView()
        self.info_tabs = QTabWidget(self)
        self.info_tabs.setDocumentMode(True)
        self.info_area = info
        self.info_tabs.addTab(info, "")
        self.info_tabs.addTab(self.formula_view.area, "")
        self.race_readout = RaceReadout()
        self.info_tabs.addTab(self.race_readout, "")
        self.race_layer = RaceLayer(self.surface_plot, self.loss_plot, self.loss_legend)
        grid = QGridLayout()
        grid.addWidget(self.data_plot, 0, 0)
        grid.addWidget(self.surface_plot, 0, 1)
        grid.addWidget(self.loss_plot, 1, 0)
        grid.addWidget(self.info_tabs, 1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        self._assemble([self.data_group, self.descent_group, self.optimizer_group, self.race_group], grid, speed=200.0)
        self._cache_static([self.data_plot, self.surface_plot, self.loss_plot], [self.scatter, self.surface_image])

        # --- wiring
        self.data_group.generator_changed.connect(self._on_generator_changed)
        self.preset_button.clicked.connect(self.apply_seed_preset)
        self.descent_group.settings_changed.connect(self._on_config_changed)
        self.optimizer_group.rule_changed.connect(self._on_config_changed)
        self.race_group.race_changed.connect(self._on_race_group_race_changed)
        self.race_group.row_selected.connect(self._on_race_group_row_selected)
        self.points_vb.point_added.connect(self._on_points_vb_point_added)
        self.points_vb.point_moved.connect(self._on_points_vb_point_moved)
        self.points_vb.point_removed.connect(self._on_points_vb_point_removed)
        self.surface_vb.start_chosen.connect(self._on_surface_vb_start_chosen)
        self.surface_vb.sigRangeChangedManually.connect(self._on_surface_vb_range_changed_manually)
        self.surface_vb.fit_requested.connect(self._on_surface_vb_fit_requested)
        self.info_tabs.currentChanged.connect(self._on_info_tabs_current_changed)
        self.residuals_check.toggled.connect(self._on_residuals_check_toggled)
        self.exact_button.clicked.connect(self._on_exact_button_clicked)
        self._wire_player()
        # after DescentLab's own handlers: the step is taken, then the pane is opened on it
        self.player.step_requested.connect(self._on_player_step_explained)
        self.player.step_back_requested.connect(self._on_player_step_explained)

    def retranslate_ui(self) -> None:
        self.data_group.retranslate()
        self.descent_group.retranslate()
        self.optimizer_group.retranslate()
        self.race_group.retranslate()
        self.race_readout.retranslate()
        self.info_tabs.setTabText(2, texts.race_tab())
        self.data_view.retranslate()
        self.surface_view.retranslate(self.controller.gd.config.standardize)
        self.loss_view.retranslate()
        self.formula_view.retranslate()
        self.info_tabs.setTabText(0, texts.numbers_tab())
        self.info_tabs.setTabText(1, texts.formulas_tab())
        self.info_tabs.setTabToolTip(1, texts.formulas_tip())
        self._update_source_label()
        self._refresh_views()

    # ------------------------------------------------------------------ the formula pane
    def show_formulas(self, shown: bool) -> None:
        """Show the formula pane (True) or the numbers table (False): the tab's own switch."""
        self.info_tabs.setCurrentWidget(self.formula_view.area if shown else self.info_area)

    def formulas_shown(self) -> bool:
        return self.info_tabs.currentWidget() is self.formula_view.area

    @Slot(int)
    def _on_info_tabs_current_changed(self, _index: int) -> None:
        if self.formulas_shown():
            self._update_formulas()  # at once: the numbers of the iteration on screen

    def _update_formulas(self) -> None:
        self._formula_time = time.perf_counter()
        self.formula_view.draw_step(self.controller.step_frame())
        self.formula_view.draw(self.controller.formula_frame())

    # ------------------------------------------------------------------ the gradient step made visible
    @Slot(bool)
    def _on_residuals_check_toggled(self, shown: bool) -> None:
        """Residual segments on the data plot (a choice of this session: the lab's state has no field for it)."""
        self.data_view.show_residuals(shown)
        self.data_view.draw_residuals(self.controller.step_frame().line)

    @Slot()
    def _on_player_step_explained(self) -> None:
        if self.explain_check.isChecked() and not self.formulas_shown():
            self.show_formulas(True)  # draws the numbers of the iteration now shown

    @Slot()
    def _on_exact_button_clicked(self) -> None:
        self.jump_to_exact()

    def jump_to_exact(self) -> None:
        """Show the least-squares answer: the run starts there (see LinearController.jump_to_exact)."""
        try:
            self.controller.jump_to_exact()
        except LabError as exc:
            self._show_error(exc)
            return
        self.player.set_playing(False)
        self._steps_wanted = 0
        self.player.setEnabled(not self.controller.is_computing())
        self.banner.clear_message()
        self._refresh_views(force_text=True)
        self._user_changed()

    # ------------------------------------------------------------------ the state
    def state(self) -> LinearState:
        """Every choice, the user's points, and where the run is."""
        return self.controller.state(*self.data_group.generator(), tol=float(self.tol_slider.value()),
                                     surface_view=self.surface_view.zoom(), speed=float(self.player.speed.value()))

    def set_state(self, state: LabState, blobs: Mapping[str, bytes] | None = None) -> None:
        """Show a state: its data and settings, and its run replayed to the saved iteration
        (a long run on the lab's worker). A failure (LabError) leaves the lab as it was."""
        if not isinstance(state, LinearState):
            raise TypeError(f"not a LinearState: {type(state).__name__}")
        self._applying_state = self._updating_controls = True
        try:
            replayed = self.controller.restore(state)  # raises with the lab untouched
            self.player.set_playing(False)
            self._steps_wanted = 0
            self.data_group.show_generator(state.n, state.slope, state.intercept, state.noise, state.seed)
            self.descent_group.show_config(state.config(), state.tol_enabled, state.tol)
            self._race_row = None
            self.optimizer_combo.setEnabled(True)
            self.optimizer_group.show_config(state.optim())
            self.race_group.show_rows(state.race_table(), state.race)
            self.race_group.table.clearSelection()
            if state.race:
                self._edit_first_racer()
            self.player.speed.set_value(state.speed)
            self.surface_view.zoom_to(state.surface_view)
            if replayed and self._gd.stop_reason is not None:  # else said when the replay is in
                self._announce_stop(self._gd.stop_reason)
        finally:
            self._applying_state = self._updating_controls = False

    def restore_settings(self, s: QSettings) -> None:
        """The settings of versions before experiment files, as a state. The file a CSV came
        from is read again, if it is there."""
        old = state_from_settings(s, self.columns_from_setting)
        if old is None:
            return
        try:
            self.set_state(old.state)
        except LabError:  # a start where J overflows on this data: the start the seed used
            self.set_state(old.state.replace(start_b=1.0, start_k=1.0))
        if old.csv_path and Path(old.csv_path).is_file():
            self._quiet_load = old.csv_path
            self.load_csv(old.csv_path, old.csv_columns)

    # ------------------------------------------------------------------ data
    def points(self) -> Points:
        return self.controller.points

    def is_loading(self) -> bool:
        """True while a file is read, or its points are prepared on the lab's worker."""
        return super().is_loading() or self.controller.is_computing()

    def receive(self, payload: object) -> bool:
        """(x, y) from another lab: the dial lab's needle pixels, as the seed fitted them."""
        x, y = payload  # type: ignore[misc]
        return self.set_points(x, y, source="external")  # type: ignore[has-type]

    def set_points(self, x: object, y: object, source: str = "external") -> bool:
        """The one entry point for outside data (a CSV, the dial lab's pointer pixels): False,
        and why on screen, when refused; big data is accepted and prepared on a worker."""
        return self._change(lambda: self.controller.set_points(x, y, source))

    def apply_seed_preset(self) -> None:
        """The seed's settings and data of its scale (the 'Seed settings' button)."""
        self._apply_preset_controls()
        self._change(self.controller.seed_preset)

    def _change(self, act: Callable[[], bool | None], undo: Callable[[], None] | None = None) -> bool:
        """A change of the data the user asked for, all or nothing: False (and why, on screen,
        and `undo`) when it is refused, else the state changed."""
        computing = self.controller.is_computing()
        try:
            act()
        except LabError as exc:
            self._show_error(exc)
            if undo is not None:
                undo()
            return False
        if computing and not self.controller.is_computing():  # a file on its way lost to this change
            self.status_message.emit("")
        self._user_changed()
        return True

    def _apply_preset_controls(self) -> None:
        self._updating_controls = True
        try:
            p = SEED_PRESET
            self.data_group.show_generator(p.n, p.slope, p.intercept, p.noise, p.seed)
            self.descent_group.show_config(p.config, tol_enabled=False)
            self.optimizer_group.show_config(p.config.optimizer)
        finally:
            self._updating_controls = False

    @Slot()
    def _on_generator_changed(self) -> None:
        if not self._updating_controls:
            self._change(lambda: self.controller.generate(*self.data_group.generator()))

    @Slot(float, float)
    def _on_points_vb_point_added(self, x: float, y: float) -> None:
        self._change(lambda: self.controller.add_point(x, y), self.data_view.restore_points)

    @Slot(int, float, float)
    def _on_points_vb_point_moved(self, i: int, x: float, y: float) -> None:
        self._change(lambda: self.controller.move_point(i, x, y), self.data_view.restore_points)

    @Slot(int)
    def _on_points_vb_point_removed(self, i: int) -> None:
        self._change(lambda: self.controller.remove_point(i), self.data_view.restore_points)

    @Slot(bool)
    def _on_controller_run_replaced(self, reset: bool) -> None:
        # new data moves the optimum: the surface follows it; the data plot re-fits only on
        # a new data set, never while a point is being dragged under the mouse
        self.player.setEnabled(True)
        if self.surface_view.standardized != self.controller.gd.config.standardize:  # drawn in the run's coordinates
            self.surface_view.label(self.controller.gd.config.standardize)
        self.data_view.set_points(self.controller.points_frame(), refit=reset)
        self.banner.clear_message()
        self._update_source_label()
        self.surface_view.user_range = False
        self.surface_view.dirty = True
        self.loss_view.user_range = False
        self._refresh_views(force_text=True)
        self._fit_surface(force=True)

    @Slot(int)
    def _on_controller_busy(self, _points_or_iterations: int) -> None:
        self.player.set_playing(False)
        self.player.setEnabled(False)

    @Slot(object)
    def _on_controller_prepared(self, run: PreparedRun) -> None:
        if run.source != "csv":
            self.status_message.emit("")
            return
        self._report_loaded(run.points.n, run.csv_path)
        self._file_in(run.csv_path)

    def _file_in(self, path: str) -> None:
        if path == self._quiet_load:  # the old settings' file, read again at start
            self._quiet_load = ""
        else:
            self._user_changed()

    @Slot(object, object)
    def _on_controller_prepare_failed(self, exc: BaseException, req: Request) -> None:
        if req.source == "csv" and not isinstance(exc, LabError):
            self.player.setEnabled(True)
            self._show_file_failure(req.path, exc)
        else:
            self._on_controller_failed(exc)
        self.data_view.restore_points()

    @Slot()
    def _on_controller_replayed(self) -> None:
        self.player.setEnabled(True)
        self._fit_surface(force=True)
        self._refresh_views(force_text=True)
        if self._gd.stop_reason is not None:
            self._announce_stop(self._gd.stop_reason)

    @Slot(object)
    def _on_controller_failed(self, exc: BaseException) -> None:
        """A failure on the worker: ours said in words, another in its own (no sentence fits it)."""
        self.player.setEnabled(True)
        if isinstance(exc, LabError):
            self._show_error(exc)
            return
        error = str(exc) or type(exc).__name__
        self.banner.show_message("error", lambda: error)
        self.status_message.emit(error)

    def _update_source_label(self) -> None:
        c = self.controller
        columns = self.columns_sentence(c.points.columns) if c.source == "csv" else ""
        self.source_label.setText(texts.source_line(c.source, c.points.n, c.csv_path, columns, c.drawn.size))

    # ------------------------------------------------------------------ descent settings
    @Slot()
    def _on_config_changed(self) -> None:
        if self._updating_controls:
            return
        if self._race_row is not None and self.controller.racing():  # the box edits a racer's row
            row = self.race_group.rows().array[self._race_row]
            self.race_group.set_row_rule(self._race_row, self.optimizer_group.config(float(row[2])))
            return
        c, g = self.controller, self.descent_group
        try:
            moved = c.set_config(c.settings(float(g.lr_slider.value()), float(g.scale_slider.value()),
                                            g.standardize_check.isChecked(), int(g.iters_spin.value()), g.tolerance(),
                                            self.optimizer_group.config(float(g.lr_slider.value()))))
        except LabError as exc:
            self._show_error(exc)
            return
        self.player.setEnabled(not c.is_computing())  # a replay on its way gave way to the user's change
        self.banner.clear_message()
        if moved:  # the surface is drawn in the descent's coordinates, and those just changed
            self.surface_view.user_range = False
            self.surface_view.label(c.gd.config.standardize)
            self._fit_surface(force=True)
        self._refresh_views(force_text=True)
        self._user_changed()

    @Slot(float, float)
    def _on_surface_vb_start_chosen(self, c0: float, c1: float) -> None:
        try:
            self.controller.choose_start(c0, c1)
        except LabError as exc:  # a point so far out that J overflows there
            self._show_error(exc)
            return
        self.player.set_playing(False)
        self.player.setEnabled(not self.controller.is_computing())
        self.banner.clear_message()
        self._refresh_views(force_text=True)
        self._user_changed()

    # ------------------------------------------------------------------ the loss surface
    def _fit_surface(self, force: bool = False) -> None:
        """Show the start, the path and the optimum (see SurfaceView.fit)."""
        self.surface_view.fit(self.controller.surface_box, self.controller.gd.internal_theta, force)

    @Slot()
    def _on_surface_vb_range_changed_manually(self, *_: object) -> None:
        self._user_changed()  # the view stays where the user put it (SurfaceView.user_range)

    @Slot()
    def _on_surface_vb_fit_requested(self) -> None:
        self.surface_view.user_range = False
        self._fit_surface(force=True)
        self._user_changed()

    # ------------------------------------------------------------------ drawing
    def _refresh_views(self, force_text: bool = False) -> None:
        """Draw the state at the cursor: one animation frame."""
        frame = self.controller.run_frame()
        step = self.controller.step_frame()
        race = self.controller.race_frame(standings=False)
        self.data_view.draw(frame)
        self.data_view.draw_residuals(step.line)
        self.surface_view.draw(frame)
        self.surface_view.draw_step(step)
        self.loss_view.draw(frame)
        self.race_layer.draw(race)
        if race is not None:
            self.loss_view.fit_race(race)
        racing = race is not None
        for item in (self.path_item, self.current_marker, self.fit_line, self.surface_view.step_item,
                     self.surface_view.arrow_item, self.loss_view.loss_curve, self.loss_view.excess_curve):
            if item.isVisible() == racing and (racing or item not in (self.surface_view.step_item,
                                                                      self.surface_view.arrow_item)):
                item.setVisible(not racing)  # racing: the racers are drawn, the lab's run is the clock
        if race is not None:
            clock = self._gd
            self.player.show_position(race.iteration, clock.history_length - 1)
        else:
            self.player.show_position(frame.iteration, frame.last)
        # numbers are read, not watched: while playing, refresh them ~12 times a second
        gd = self.controller.gd
        now = time.perf_counter()
        if force_text or not self.player.is_playing() or now - self._text_time > TEXT_INTERVAL_S \
                or gd.stop_reason is not None:
            self._text_time = now
            self._update_text()
            if race is not None or self.race_readout.rowCount():
                self.race_readout.draw(self.controller.race_frame(), short_rule_names())
        cfg = gd.config
        self.formula_view.set_form(cfg.standardize, cfg.intercept_lr_scale)  # typeset before it is shown
        # the formulas' numbers while playing: 4 times a second (they are read, not watched);
        # paused, stepped or scrubbed: at once
        if self.formulas_shown() and (force_text or not self.player.is_playing()
                                      or now - self._formula_time > FORMULA_INTERVAL_S
                                      or gd.stop_reason is not None):
            self._update_formulas()
        if self.player.is_playing():
            self._fit_surface()  # only when the point has left the view
        self.surface_view.redraw()  # when its view changed

    # ------------------------------------------------------------------ the optimizer race
    @Slot()
    def _on_race_group_race_changed(self) -> None:
        if self._updating_controls:
            return
        on = self.race_check.isChecked()
        was = self.controller.racing()
        try:
            self.controller.set_race(on, self.race_group.rows())
        except LabError as exc:
            self._show_error(exc)
            return
        if not on:
            self._race_row = None
            self.race_group.table.clearSelection()
            self.optimizer_combo.setEnabled(True)
            self.optimizer_group.show_config(self.controller.gd.config.optimizer)
        elif not was:
            self.info_tabs.setCurrentWidget(self.race_readout)
            self._edit_first_racer()
        self.surface_view.user_range = False
        self._fit_surface(force=True)
        self._refresh_views(force_text=True)
        self._user_changed()

    def _edit_first_racer(self) -> None:
        """The update-rule box edits a racer's row while racing, never the lab's own run (the clock)."""
        ticked = [i for i, row in enumerate(self.race_group.rows().array) if row[1] > 0]
        self.race_group.table.selectRow(ticked[0] if ticked else 0)
        self._on_race_group_row_selected(ticked[0] if ticked else 0)

    @Slot(int)
    def _on_race_group_row_selected(self, index: int) -> None:
        """The update-rule box edits the selected racer's hyperparameters (its rule is the row's)."""
        if not self.controller.racing():
            return
        self._race_row = index
        self.optimizer_group.show_config(race_optim(self.race_group.rows().array[index]))
        self.optimizer_combo.setEnabled(False)

    def _update_text(self) -> None:
        c = self.controller
        race = c.race
        if race is not None:  # the lab's own run is only the clock: say what races instead
            self.equation_label.set_text(texts.race_equation(len(race.runs), race.iteration, c.ols))
        else:
            self.equation_label.set_text(texts.equation(c.gd, c.ols))
        self.start_label.setText(texts.start_text(c.gd))
        self.info_label.set_text(texts.numbers(c.gd, c.ols, c.stab, c.valley))

    def valley_hint(self) -> str:
        """Why the surface the descent sees is a narrow valley, and what fixes it ("" if it is not)."""
        return texts.valley_hint(self.controller.valley, self.controller.gd.config)

    # ------------------------------------------------------------------ DescentLab hooks
    def _diverged_message(self) -> Callable[[], str]:
        return texts.diverged(self.controller.gd.config.lr, self.controller.stab.max_stable_lr)

    def _no_progress_message(self) -> Callable[[], str]:
        c = self.controller
        return texts.no_progress(c.gd.config.lr, c.stab.max_stable_lr, c.valley, lambda: c.gd.config.standardize)

    def _load_file(self, path: str, columns: Sequence[int] | None = None) -> Points:
        return load_points_csv(path, columns)

    def _column_roles(self) -> tuple[str, ...]:
        return ("x", "y")

    def _columns_template(self) -> str:
        return texts.columns_template()

    def _accept_loaded(self, points: Points, path: str) -> bool | None:
        done = self.controller.new_data(points, "csv", path=path)  # raises with the lab untouched
        if done is None:
            return None  # prepared on a worker: said when it is in (_on_controller_prepared)
        self._file_in(path)
        return True

    def _import_dialog(self) -> tuple[str, str]:
        return texts.import_dialog()

    def _on_run_reset(self) -> None:
        self.loss_view.user_range = False
        self.surface_view.user_range = False
        self._fit_surface(force=True)

    def start_demo(self, name: str = "") -> None:
        """Play the current run from its start (the screenshot command's demo); "formulas":
        with the formula pane shown; "race": the seed's data, gradient descent, momentum,
        RMSProp and Adam racing (state.RACE_DEFAULTS)."""
        if name == "race":
            self.set_state(LinearState(race=True))
            self.info_tabs.setCurrentWidget(self.race_readout)
            self.column.ensureWidgetVisible(self.race_group)  # its help line says why Adam needs no hack
            self.player.speed.set_value(600)  # Adam arrives after ~1,400 iterations
            self._gd.reset()
            self._fit_surface(force=True)
            self.player.set_playing(True)
            return
        self.show_formulas(name == "formulas")
        self._gd.reset()
        self._fit_surface(force=True)
        self.player.set_playing(True)
