"""The Neural Network lab's rooms: state.py (Qt-free), controller.py (the data, the model and
its tasks; emits frames), views.py (draw the frames), texts.py (its sentences) and panel.py
(assembles the controls and views and binds them to the controller)."""
