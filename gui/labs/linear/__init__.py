"""The Linear Regression lab, in rooms: state.py (every choice, Qt-free), controller.py (the data,
its run and their tasks, frames), views.py (data, loss surface, loss curves), controls.py (the
control column), texts.py (its sentences), panel.py (controls bound to them)."""
