"""Word-wrapped text that wraps long file names and paths too, instead of widening the window.

A word-wrapped QLabel asks its layout for the width of its longest unbreakable run. A
path or a file name of a hundred characters has no space, so the label asked for its
whole width: a lab's column grew to 725 px, or the window past the screen. `breakable`
puts zero-width spaces (line-break chances that draw nothing) into such runs; the text
reads the same, and `plain()` takes them out again for anything that is not drawn.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QWidget

ZWSP = "\u200b"  # a zero-width space: where a line may break

# a run the line breaker cannot split: no space, no CJK (which breaks between any two characters)
_RUN = re.compile(r"[^\s\u2e80-\u9fff\u3000-\u303f\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+")
# markup a label may hold (tags and entities): left whole, a break inside one would show the markup
_MARKUP = re.compile(r"(<[^>]*>|&[#\w]+;)")


def breakable(text: str, longest: int = 32) -> str:
    """`text` with line-break chances inside runs longer than `longest` characters without a
    space (paths, file names): after / \\ _ - . and, failing those, every `longest` characters.
    Tags and entities of rich text are left as they are."""
    def split(run: str) -> str:
        if len(run) <= longest:
            return run
        run = re.sub(r"([/\\_\-.])", "\\1" + ZWSP, run)
        return ZWSP.join(part if len(part) <= longest else ZWSP.join(
            part[i:i + longest] for i in range(0, len(part), longest)) for part in run.split(ZWSP))

    pieces = _MARKUP.split(plain(text))
    return "".join(piece if i % 2 else _RUN.sub(lambda m: split(m.group(0)), piece)
                   for i, piece in enumerate(pieces))


def plain(text: str) -> str:
    """`text` without the line-break chances `breakable` put in."""
    return text.replace(ZWSP, "")


class WrapLabel(QLabel):
    """A word-wrapped label whose long file names and paths wrap too (see the module)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(breakable(text))

    def plain_text(self) -> str:
        """The text as set, without the line-break chances."""
        return plain(self.text())
