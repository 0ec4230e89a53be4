"""The Logistic Regression lab: decision boundaries and probability maps moving live.

A thin assembly of the control column (controls.py), the views (views.py) and the controller
(controller.py: the run, its tasks, the lab's state), binding the controls to the controller
and saying its events in words (texts.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar, Mapping

from PySide6.QtCore import QSettings, QTimer, Slot
from PySide6.QtWidgets import QTabWidget, QToolButton, QWidget

from core import datasets2d as ds
from core.errors import LabError
from core.logreg import LogisticGD, NewtonResult
from gui.labs.descent_lab import DescentLab
from gui.labs.logistic import texts
from gui.labs.logistic.controller import Edit, LogisticController
from gui.labs.logistic.controls import LogisticControls
from gui.labs.logistic.legacy_settings import state_from_settings
from gui.labs.logistic.state import PRESETS, LogisticState
from gui.labs.logistic.views import LabViews
from gui.labs.logistic_work import Numbers, PreparedRun
from gui.state import LabState
from gui.widgets.log_slider import format_number

TEXT_INTERVAL_S = 0.1
FORMULA_INTERVAL_S = 0.25  # the formula pane's numbers, while playing: 4 times a second


class LogisticRegressionPanel(DescentLab):
    """Gradient descent on the cross-entropy of one or many logistic models, animated."""

    key = "logistic"
    state_type: ClassVar[type[LabState] | None] = LogisticState

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = c = LogisticController(self.tasks, self)
        self._text_time = 0.0
        self._formula_time = 0.0
        self._quiet_load = ""  # a file read for the old settings: not a change of the user's
        self._build_ui()
        # each event of the controller to its slot, _on_controller_<event>
        for event in ("run_replaced", "preparing", "prepared", "prepare_failed", "restored", "restore_failed",
                      "reference_changed", "reference_failed", "numbers_changed"):
            getattr(c, event).connect(getattr(self, f"_on_controller_{event}"))
        c.refused.connect(self._show_error)
        self.controls.show_seed_settings()
        self._sync_enabled()
        self.retranslate_ui()
        self._on_controller_run_replaced(True)

    @property
    def _gd(self) -> LogisticGD:  # DescentLab's handlers step the controller's run
        return self.controller.gd

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.controls = k = LogisticControls(self)
        # the names the shared code, the tests and the benchmarks know the controls and views by
        self.preset_combo, self.classes_spin, self.n_slider = k.preset_combo, k.classes_spin, k.n_slider
        self.spread_slider, self.seed_spin, self.test_slider = k.spread_slider, k.seed_spin, k.test_slider
        self.add_class_combo, self.import_button, self.source_label = k.add_class_combo, k.import_button, k.source_label
        self.strategy_combo, self.poly_check, self.l2_check, self.c_slider = (
            k.strategy_combo, k.poly_check, k.l2_check, k.c_slider)
        self.lr_slider, self.iters_spin, self.tol_check, self.tol_slider = (
            k.lr_slider, k.iters_spin, k.tol_check, k.tol_slider)
        self.seed_start_check, self.seed_button = k.seed_start_check, k.seed_button
        self.show_models_check, self.confusion_combo = k.show_models_check, k.confusion_combo
        self.views = v = LabViews(self)
        mv, cv, self.confusion_view = v.map, v.curves, v.confusion
        self.points_vb, self.map_plot, self.map_image, self.boundary = mv.points_vb, mv.plot, mv.image, mv.boundary
        self.model_lines, self.train_scatter, self.legend = mv.model_lines, mv.train_scatter, mv.legend
        self.loss_plot, self.acc_plot = cv.loss_plot, cv.acc_plot
        self.loss_legend, self.acc_legend = cv.loss_legend, cv.acc_legend
        info = self._make_text_panes(equation_scale=1.35, info_lines=10)
        # the numbers table, or the formulas with the numbers of the model shown (a tab: typeset
        # when first shown, so start-up never imports ziamath); the exact answer's button beside them
        self.formula_view = v.formulas
        self.info_area = info
        self.info_tabs = QTabWidget(self)
        self.info_tabs.setDocumentMode(True)
        self.info_tabs.addTab(info, "")
        self.info_tabs.addTab(self.formula_view.area, "")
        self.jump_button = QToolButton(self)
        self.jump_button.setCheckable(True)
        self.info_tabs.setCornerWidget(self.jump_button)
        self._assemble(k.groups, v.grid(self.info_tabs), speed=300.0)
        self._cache_static([self.map_plot, self.loss_plot, self.acc_plot], [mv.train_scatter, mv.test_scatter])

        for event in ("generator_changed", "split_changed", "config_changed", "view_changed"):
            getattr(k, event).connect(getattr(self, f"_on_controls_{event}"))
        self.seed_button.clicked.connect(self.apply_seed_preset)
        self.add_class_combo.activated.connect(self._on_add_class_combo_activated)
        self.points_vb.sigRangeChanged.connect(self._on_points_vb_range_changed)
        self.points_vb.point_added.connect(self._on_points_vb_point_added)
        self.points_vb.point_moved.connect(self._on_points_vb_point_moved)
        self.points_vb.point_removed.connect(self._on_points_vb_point_removed)
        self.info_tabs.currentChanged.connect(self._on_info_tabs_current_changed)
        self.jump_button.toggled.connect(self._on_jump_button_toggled)
        self.map_tabs, self.contour_view = v.map_tabs, v.contour
        v.map_tabs.currentChanged.connect(self._on_map_tabs_current_changed)
        v.contour.axes_changed.connect(self._on_contour_view_axes_changed)
        v.contour.plot.getPlotItem().getViewBox().sigRangeChanged.connect(self._on_points_vb_range_changed)
        self.controller.contour.grid_changed.connect(self._on_contour_grid_changed)
        self._wire_player()

    def retranslate_ui(self) -> None:
        self.controls.retranslate_ui()
        self.views.set_words(self.controller)
        self.info_tabs.setTabText(0, texts.numbers_tab())
        self.info_tabs.setTabText(1, texts.formulas_tab())
        self.info_tabs.setTabToolTip(1, texts.formulas_tip())
        self._sync_jump_button()
        self._show_data()
        self.views.draw_confusion(self.controller, self.controls.confusion_of_test())
        self._refresh_views(force_text=True)

    def _show_data(self) -> None:
        """The legend, the 'click adds' list, the source line and the Data set box follow the data."""
        c = self.controller
        names = [texts.class_name(label) for label in c.data.labels]
        self.views.map.set_classes(names)
        self.controls.show_classes(names)
        columns = self.columns_sentence(c.data.columns) if c.source == "csv" else ""
        self.source_label.setText(texts.source_line(c, columns))
        self.controls.show_source(c.source, Path(c.csv_path).name)
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        self.controls.sync_enabled(self.controller.data.k, self.controller.data.n)

    # ------------------------------------------------------------------ the state
    def state(self) -> LogisticState:
        """Every choice, the user's points and where the run is; while one is restored, that one."""
        return self.controller.state(self.controls.choices(self.player.speed.value()))

    def set_state(self, state: LabState, blobs: Mapping[str, bytes] | None = None) -> None:
        """Show a state: its controls, its data, its run replayed to the saved iteration. A quick
        one here (LabError: the lab stays as it was); big data or a long replay on the lab's
        TaskRunner: is_busy() and the old run stays until it is in (refused: the controls too)."""
        if not isinstance(state, LogisticState):
            raise TypeError(f"not a LogisticState: {type(state).__name__}")
        run = self.controller.restore(state, self.controls.choices(self.player.speed.value()))
        self._show_controls(state)
        if run is not None:
            self.controller.install_restored(run, state)

    def _show_controls(self, state: LogisticState) -> None:
        self._applying_state = True  # its changes are neither requests nor the user's
        try:
            with self.controls.quiet():
                self.player.set_playing(False)
                self._steps_wanted = 0
                self.controls.show_state(state)
                self.player.speed.set_value(state.speed)
        finally:
            self._applying_state = False
        self._sync_enabled()

    @Slot(object)
    def _on_controller_restored(self, state: LogisticState) -> None:
        """The state's run is in: the class a click adds, and why the run stopped."""
        self.controls.show_add_class(state.add_class)
        if self._gd.stop_reason is not None:
            self._announce_stop(self._gd.stop_reason)
        self._sync_enabled()

    @Slot(object, object)
    def _on_controller_restore_failed(self, exc: BaseException, kept: LogisticState) -> None:
        self._show_controls(kept)  # those of the run still on screen
        self.controls.show_add_class(kept.add_class)
        self._show_data()
        self._on_controller_prepare_failed(exc, None)

    def restore_settings(self, s: QSettings) -> None:
        """The settings of versions before experiment files, as a state; a CSV file is read again."""
        found = state_from_settings(s)
        if found is None:
            return
        state, csv_path, columns = found
        self.set_state(state)
        if csv_path:
            self._quiet_load = csv_path
            self.load_csv(csv_path, self.columns_from_setting(columns))

    # ------------------------------------------------------------------ data
    def data(self) -> ds.Labeled:
        return self.controller.data

    def reference(self) -> NewtonResult | None:
        return self.controller.reference()

    def is_computing(self) -> bool:
        """True while new data, models or a state are prepared (the old run stays on screen)."""
        return self.controller.is_computing()

    def set_data(self, X: object, y: object, source: str = "external") -> bool | None:
        """Outside data; refused, the lab stays as it was (False). None: prepared on a worker."""
        result = self.controller.set_data(X, y, source, self.controls.split(), self.controls.config)
        if result is not False:
            self._user_changed()
        return result

    @Slot(int)
    def _on_controller_preparing(self, n_points: int) -> None:
        self.player.set_playing(False)
        self.player.setEnabled(False)
        self.banner.show_message("info", lambda: texts.computing(n_points))
        restoring = self.controller.restoring() is not None
        # a state's controls, shown while its run is computed, wait; the status bar stays the window's ("Opened …")
        self.column.setEnabled(not restoring)
        if not restoring:
            self.status_message.emit(texts.computing(n_points))

    @Slot(object, object)
    def _on_controller_prepare_failed(self, exc: BaseException, req: object) -> None:
        self.player.setEnabled(True)
        self.column.setEnabled(True)
        self.banner.clear_message()
        self._controls_from_run()
        if isinstance(exc, LabError):
            self._show_error(exc)
        elif getattr(req, "source", "") == "csv":
            self._show_file_failure(getattr(req, "path", ""), exc)
        else:
            error = str(exc) or type(exc).__name__
            self.banner.show_message("error", lambda: texts.prepare_failed(error))
            self.status_message.emit(texts.prepare_failed(error))

    @Slot(object)
    def _on_controller_prepared(self, run: PreparedRun) -> None:
        if run.source == "csv":
            self._report_loaded(run.data.n, run.csv_path)
        else:
            self.status_message.emit("")

    @Slot(bool)
    def _on_controller_run_replaced(self, refit: bool) -> None:
        self.views.show_run(self.controller, refit)
        self.player.setEnabled(True)
        self.column.setEnabled(True)
        self._show_data()
        self.banner.clear_message()
        self._refresh_views(force_text=True)

    def apply_seed_preset(self) -> None:
        """The seed's data and loop (the 'Seed settings' button)."""
        self.controls.show_seed_settings()
        self._sync_enabled()
        if self.controller.request_seed(self.controls.split()) is not False:
            self._user_changed()

    # ------------------------------------------------------------------ the user's changes
    @Slot(str)
    def _on_controls_generator_changed(self, which: str) -> None:
        self._sync_enabled()
        if self.controls.updating:
            return
        if self.preset_combo.currentData() in PRESETS:
            result = self._regenerate()
        elif which == "seed" and self.test_slider.value() > 0:
            # data from a file or edits: the seed only chooses which points are held out
            result = self.controller.resplit(self.controls.split(), self.controls.config)
        else:
            result = True  # the seed of data that holds no point out: nothing else changes
        if result is not False:
            self._user_changed()

    def _regenerate(self) -> bool | None:
        self.controls.show_preset()
        return self.controller.regenerate(self.controls.generator(), self.controls.split(), self.controls.config)

    @Slot()
    def _on_controls_split_changed(self) -> None:
        if self.controls.updating:
            return
        self._sync_enabled()
        c = self.controller
        if c.resplit(self.controls.split(), self.controls.config) is False:
            # refused (no training point left, say): the slider shows the split that runs
            self.controls.show_test_percent(round(100 * float(c.mask.mean())))
            self._sync_enabled()
            return
        self._user_changed()

    def _edit(self, edit: Callable[[], Edit]) -> None:
        c = self.controller
        # while new data is prepared, an edit of the data on screen would be lost
        if c.is_computing() or c.edit(edit(), self.controls.split(), self.controls.config) is False:
            X = c.data.X[c.drawn]
            self.points_vb.set_points(X[:, 0], X[:, 1])
            return
        self._user_changed()

    @Slot(float, float)
    def _on_points_vb_point_added(self, x: float, y: float) -> None:
        self._edit(lambda: self.controller.with_point(x, y, int(self.add_class_combo.currentData() or 0)))

    @Slot(int, float, float)
    def _on_points_vb_point_moved(self, i: int, x: float, y: float) -> None:
        self._edit(lambda: self.controller.with_point_moved(i, x, y))

    @Slot(int)
    def _on_points_vb_point_removed(self, i: int) -> None:
        self._edit(lambda: self.controller.without_point(i))

    @Slot()
    def _on_controls_config_changed(self) -> None:
        self._sync_enabled()
        if self.controls.updating:
            return
        change = self.controller.change_models(self.controls.config, self.controls.split())
        if change == "refused":
            self._controls_from_run()  # the boxes show the models that still run
        elif change == "set":
            self.banner.clear_message()
            self._refresh_views(force_text=True)
        if change not in ("refused", "restoring"):
            self._user_changed()

    def _controls_from_run(self) -> None:
        """Set the model's controls to the run on screen (after a change it refused)."""
        self.controls.show_config(self._gd.config, self.controller.data.k)
        self._sync_enabled()

    @Slot()
    def _on_controls_view_changed(self) -> None:
        self.views.draw_confusion(self.controller, self.controls.confusion_of_test())  # the same numbers
        self._refresh_views(force_text=True)
        self._user_changed()

    @Slot(int)
    def _on_add_class_combo_activated(self, _index: int) -> None:
        self._user_changed()

    # ------------------------------------------------------------------ the reference answer
    @Slot(object)
    def _on_controller_reference_failed(self, exc: BaseException) -> None:
        # no exact optimum to compare with: say why, instead of 'computing…' for ever
        why = texts.reason(exc)
        self.banner.show_message("error", lambda: texts.reference_failed(why))
        self.status_message.emit(texts.reference_failed(why))

    @Slot()
    def _on_controller_reference_changed(self) -> None:
        self._refresh_views(force_text=True)

    def separable_models(self) -> list[str]:
        """The names of the models whose classes the reference found separable (no optimum)."""
        return texts.separable_models(self.controller)

    # ------------------------------------------------------------------ DescentLab hooks
    def _diverged_message(self) -> Callable[[], str]:
        return texts.diverged(format_number(self._gd.config.lr), format_number(self._gd.max_stable_lr))

    def _steps_off_thread(self) -> bool:
        return self.controller.data.n >= self.controller.async_points

    def _load_file(self, path: str, columns: Sequence[int] | None = None) -> ds.Labeled:
        return ds.load_labeled_csv(path, columns)

    def _column_roles(self) -> tuple[str, ...]:
        return ("x1", "x2", "label")

    def _columns_template(self) -> str:
        return texts.columns_template()

    def _accept_loaded(self, data: ds.Labeled, path: str) -> bool | None:
        result = self.controller.request_data(data, "csv", self.controls.split(), self.controls.config(data.k), True,
                                              path=path)
        if path == self._quiet_load:  # the old settings' file, read again at start
            self._quiet_load = ""
        elif result is not False:
            self._user_changed()
        return result

    def _import_dialog(self) -> tuple[str, str]:
        return texts.import_dialog()

    def _on_run_reset(self) -> None:
        self.views.curves.user_range = False

    # ------------------------------------------------------------------ formulas, the exact answer
    def show_formulas(self, shown: bool) -> None:
        """Show the formula pane (True) or the numbers table (False): the tab's own switch."""
        self.info_tabs.setCurrentWidget(self.formula_view.area if shown else self.info_area)

    def formulas_shown(self) -> bool:
        return self.info_tabs.currentWidget() is self.formula_view.area

    @Slot(int)
    def _on_info_tabs_current_changed(self, _index: int) -> None:
        if self.formulas_shown():
            self._update_formulas()  # at once: the numbers of the model on screen

    def _update_formulas(self) -> None:
        self._formula_time = time.perf_counter()
        self.formula_view.draw(self.controller, self.controller.formula_frame())

    def show_exact(self, shown: bool) -> bool:
        """Show Newton's optimum instead of the descent's state (True), or the descent again.
        The history is untouched: the next step, step back, scrub or Play shows the descent
        again, going on from where it was (controller.showing_exact). False: no exact answer."""
        if self.player.is_playing():
            self.player.set_playing(False)
        done = self.controller.show_exact(shown)
        self._refresh_views(force_text=True)
        return done

    @Slot(bool)
    def _on_jump_button_toggled(self, checked: bool) -> None:
        if checked != self.controller.showing_exact:
            self.show_exact(checked)

    @Slot(bool)
    def _on_player_playing_changed(self, playing: bool) -> None:
        if playing and self.controller.showing_exact:  # Play plays the descent, from where it was
            self.controller.show_exact(False)
            self._refresh_views(force_text=True)
        super()._on_player_playing_changed(playing)

    def _sync_jump_button(self) -> None:
        """The button says what it does now, and is off while there is no exact answer."""
        shown = self.controller.showing_exact
        button = self.jump_button
        button.blockSignals(True)
        button.setChecked(shown)
        button.blockSignals(False)
        button.setText(texts.jump_button(shown))
        button.setToolTip(texts.jump_tip(shown))
        button.setEnabled(shown or self.controller.exact_weights() is not None)

    # ------------------------------------------------------------------ the loss contours
    def show_contours(self, shown: bool) -> None:
        """Show the loss-contour tab (True) or the map (False)."""
        self.map_tabs.setCurrentWidget(self.contour_view if shown else self.map_plot)

    @Slot(int)
    def _on_map_tabs_current_changed(self, _index: int) -> None:
        self._refresh_views()

    @Slot(int)
    def _on_contour_view_axes_changed(self, index: int) -> None:
        self.controller.contour.set_axes(index)
        self.contour_view.user_range = False  # the new plane's range fits its path
        self._refresh_views()

    @Slot()
    def _on_contour_grid_changed(self) -> None:
        if self.views.contour_shown():
            self.views.draw_contour(self.controller, self.player.is_playing())

    def start_demo(self, name: str = "seed") -> None:
        """Play a run from its start: the seed's two classes, or three blobs ('blobs3');
        "formulas": the seed's, with the formula pane shown; "contour": with the loss contours."""
        self.show_formulas(name == "formulas")
        self.show_contours(name == "contour")
        if name == "blobs3":
            self.controls.show_blobs3_demo()
            self._sync_enabled()
            self._regenerate()
        self._gd.reset()
        self.player.set_playing(True)

    # ------------------------------------------------------------------ drawing
    @Slot()
    def _on_points_vb_range_changed(self, *_: object) -> None:
        QTimer.singleShot(0, self, self._refresh_views)  # cancelled if the lab is deleted first

    def _refresh_views(self, force_text: bool = False) -> None:
        """One animation frame: map and boundaries, curves; numbers ~10 times a second."""
        f = self.views.draw(self.controller, self.controls.show_models())
        if self.views.contour_shown():
            self.views.draw_contour(self.controller, self.player.is_playing())
        self.player.show_position(f.iteration, f.last)
        now = time.perf_counter()
        if force_text or not self.player.is_playing() or now - self._text_time > TEXT_INTERVAL_S \
                or self._gd.stop_reason is not None:
            self._text_time = now
            # the per-point numbers need a prediction for every point: on the GUI thread for
            # small data, on the lab's TaskRunner for big data (the last ones stay till then)
            if not self.controller.update_numbers():
                self._update_info()  # else numbers_changed drew them and the info
            self.equation_label.set_text(texts.equation(self.controller))
            self._sync_jump_button()
        # the formulas' numbers while playing: 4 times a second (they are read, not watched);
        # paused, stepped or scrubbed: at once
        if self.formulas_shown() and (force_text or not self.player.is_playing()
                                      or now - self._formula_time > FORMULA_INTERVAL_S
                                      or self._gd.stop_reason is not None):
            self._update_formulas()

    @Slot(object)
    def _on_controller_numbers_changed(self, numbers: Numbers) -> None:
        self.views.draw_numbers(numbers, self.controller, self.controls.confusion_of_test())
        self._update_info()

    def _update_info(self) -> None:
        applies = self.controls.seed_start_applies(self.controller.data.k)
        self.info_label.set_text(texts.info_html(self.controller, applies))
