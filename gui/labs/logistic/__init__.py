"""The Logistic Regression lab, in rooms: state.py (every choice, Qt-free), controller.py (the run
and its tasks, the lab's state, frames), controls.py (the control column), views.py (the map, the
curves, the confusion matrix), texts.py (its sentences), legacy_settings.py (the old QSettings) and
panel.py (a thin assembly binding the controls to the controller)."""
