"""The Dial Reader lab: state.py (every user choice), controller.py (the image, the reading,
the tasks and the batch), views.py, controls.py and batch.py (widgets that draw), texts.py
(its sentences) and panel.py (the LabPanel that assembles them)."""
