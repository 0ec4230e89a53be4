"""The Dial Reader lab's old module path: the panel is gui/labs/dial/panel.py."""

from gui.labs.dial.panel import DialReaderPanel as DialReaderPanel  # noqa: F401
