"""Translated sentences for core's error codes, shared by the windows and the CLI."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.errors import LabError


def _t(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def describe_error(error: LabError) -> str:
    """A sentence a user can act on, in the current language."""
    d = error.details
    path = d.get("path", "")
    texts = {
        "file_not_found": _t("The file {path} does not exist."),
        "not_a_file": _t("{path} is a folder or a device, not a file."),
        "file_too_large": _t("The file {path} is too large ({bytes} bytes; the limit is {limit})."),
        "unreadable": _t("The file {path} cannot be read: {reason}."),
        "not_text": _t("{path} is not a text CSV file (it looks binary or is not UTF-8)."),
        "no_data": _t("{path} holds no data rows."),
        "missing_value": _t("Line {line}, column {column} of {path} is empty: every row needs x and y."),
        "not_a_number": _t("Line {line}, column {column} of {path} is not a number: “{value}”."),
        "non_finite": _t("The data holds a value that is not finite (inf or NaN); remove it and try again."),
        "too_many_points": _t("Too many points ({count}); the limit is {limit}."),
        "too_few_points": _t("Linear regression needs at least 2 points; there are {count}."),
        "constant_x": _t("Every point has the same x ({x}), so no line can be fitted: the slope is undefined."),
        "length_mismatch": _t("x and y have different lengths ({x} and {y})."),
        "lr_not_positive": _t("The learning rate must be a positive number (got {lr})."),
        "scale_not_positive": _t("The intercept's learning-rate factor must be positive (got {scale})."),
        "bad_max_iters": _t("The iteration cap must be between 1 and {limit} (got {max_iters})."),
        "bad_tolerance": _t("The tolerance must be zero or positive (got {tol})."),
        "bad_start": _t("The starting point must be finite (got {start})."),
    }
    template = texts.get(error.code)
    if template is None:
        return _t("Unexpected problem: {code}").format(code=str(error))
    if "line" in d and error.code == "non_finite":
        template = _t("Line {line}, column {column} of {path} is not a finite number: “{value}”.")
    elif "line" not in d and error.code == "not_a_number":
        template = _t("The data holds something that is not a number.")
    values = dict(d)
    values.setdefault("path", path)
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


def describe_stop(reason: str) -> str:
    """Why a descent stopped, for the status line."""
    texts = {
        "max_iters": _t("Stopped: reached the iteration cap."),
        "tolerance": _t("Stopped: converged (the loss changes by less than the tolerance)."),
        "diverged": _t("Stopped: diverged — the learning rate is too high."),
    }
    return texts.get(reason, reason)
