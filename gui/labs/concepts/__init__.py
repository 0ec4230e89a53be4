"""The Concepts lab's rooms (gui/labs/concepts_panel.py and its pages still hold the panel)."""
