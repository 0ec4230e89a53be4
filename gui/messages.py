"""Translated sentences for core's error codes, shared by the windows and the CLI."""

from __future__ import annotations

import sys

from core.errors import LabError


class QCoreApplication:
    """Qt's translate() when Qt is loaded (the window), else the English source (the
    headless commands, which must not pay ~100 ms to load Qt for a sentence). Named so
    that pyside6-lupdate still collects every QCoreApplication.translate() call here."""

    @staticmethod
    def translate(context: str, text: str, disambiguation: str | None = None) -> str:
        qtcore = sys.modules.get("PySide6.QtCore")
        if qtcore is None or qtcore.QCoreApplication.instance() is None:
            return text
        return qtcore.QCoreApplication.translate(context, text, disambiguation)


_JOINED = {"model_beyond_limits", "seed_form_mismatch", "not_enough_memory", "no_dataset"}


def describe_error(error: LabError) -> str:
    """A sentence a user can act on, in the current language."""
    d = error.details
    path = d.get("path", "")
    texts = {
        "file_not_found": QCoreApplication.translate("Messages", "The file {path} does not exist."),
        "not_a_file": QCoreApplication.translate("Messages", "{path} is a folder or a device, not a file."),
        "file_too_large": QCoreApplication.translate("Messages", "The file {path} is too large ({bytes} bytes; the limit is {limit})."),
        "unreadable": QCoreApplication.translate("Messages", "The file {path} cannot be read: {reason}."),
        "not_text": QCoreApplication.translate("Messages", "{path} is not a text CSV file (it looks binary, or its encoding is not UTF-8, UTF-16 or GB18030)."),
        "no_data": QCoreApplication.translate("Messages", "{path} holds no data rows."),
        "missing_value": QCoreApplication.translate("Messages", "Line {line}, column {column} of {path} is empty: every row needs x and y."),
        "not_a_number": QCoreApplication.translate("Messages", "Line {line}, column {column} of {path} is not a number: “{value}”."),
        "non_finite": QCoreApplication.translate("Messages", "The data holds a value that is not finite (inf or NaN); remove it and try again."),
        "too_many_points": QCoreApplication.translate("Messages", "Too many points ({count}); the limit is {limit}."),
        "too_few_points": QCoreApplication.translate("Messages", "The data needs at least {minimum} points; there are {count}."),
        "too_many_rows": QCoreApplication.translate("Messages", "{path} has more than {limit} data rows; the lab reads at most {limit}. Keep a sample of the rows and try again."),
        "values_too_large": QCoreApplication.translate("Messages", "{column} holds a value as large as {value}; beyond ±{limit} the squares the lab computes overflow. Divide {column} by a power of ten (for example by {factor}) and load the data again."),
        "values_too_small": QCoreApplication.translate("Messages", "{column} holds only tiny values (the largest is {value}); below {limit} their squares underflow to zero. Multiply {column} by a power of ten (for example by {factor}) and load the data again."),
        "spread_too_small": QCoreApplication.translate("Messages", "{column} barely varies: its values differ by about {spread} around {center}, a difference lost in rounding at that size. Subtract {center} from {column}, or rescale it, and load the data again."),
        "column_not_found": QCoreApplication.translate("Messages", "{path} has no column named “{column}” (its columns: {available}). Name the columns in the header row, or choose which columns to use."),
        "column_out_of_range": QCoreApplication.translate("Messages", "{path} has {count} columns; there is no column {number}."),
        "bad_columns": QCoreApplication.translate("Messages", "Choose {expected} columns, in order; {given} were given."),
        "bad_parameter": QCoreApplication.translate("Messages", "The synthetic data's {name} must be a number from −{limit} to {limit} (got {value})."),
        "scale_out_of_range": QCoreApplication.translate("Messages", "The intercept's learning-rate factor must be between {low} and {high} (got {scale})."),
        "start_too_far": QCoreApplication.translate("Messages", "The loss at the starting point {start} is too large to compute: start nearer the data."),
        "newton_not_finite": QCoreApplication.translate("Messages", "Newton's method met a number too large to represent ({what}, step {iteration}): the data's scale is too extreme. Rescale the values and try again."),
        "newton_failed": QCoreApplication.translate("Messages", "Newton's method could not solve for its step ({reason}). Rescale the values, or add an L2 penalty, and try again."),
        "not_finite": QCoreApplication.translate("Messages", "A computation overflowed ({what}): rescale the values and try again."),
        "constant_x": QCoreApplication.translate("Messages", "Every point has the same x ({x}), so no line can be fitted: the slope is undefined."),
        "length_mismatch": QCoreApplication.translate("Messages", "x and y have different lengths ({x} and {y})."),
        "lr_not_positive": QCoreApplication.translate("Messages", "The learning rate must be a positive number (got {lr})."),
        "scale_not_positive": QCoreApplication.translate("Messages", "The intercept's learning-rate factor must be positive (got {scale})."),
        "bad_max_iters": QCoreApplication.translate("Messages", "The iteration cap must be between 1 and {limit} (got {max_iters})."),
        "bad_tolerance": QCoreApplication.translate("Messages", "The tolerance must be zero or positive (got {tol})."),
        "bad_start": QCoreApplication.translate("Messages", "The starting point must be finite (got {start})."),
        "bad_shape": QCoreApplication.translate("Messages", "The points must have two coordinates each, and one label per point."),
        "label_not_integer": QCoreApplication.translate("Messages", "Class labels must be whole numbers; point {index} has “{value}”."),
        "labels_not_whole": QCoreApplication.translate("Messages", "Class labels must be whole numbers (got values of type {dtype})."),
        "bad_label": QCoreApplication.translate("Messages", "Point {index} has the label {value}, but there are only {classes} classes (labels 0 to {classes} − 1)."),
        "bad_eps": QCoreApplication.translate("Messages", "The finite-difference step ε must be a small positive number (got {eps})."),
        "bad_classes": QCoreApplication.translate("Messages", "The number of classes must be from 2 to {limit} (got {classes})."),
        "bad_momentum": QCoreApplication.translate("Messages", "The momentum must be at least 0 and below 1 (got {momentum})."),
        "slice_not_binary": QCoreApplication.translate(
            "Messages", "A loss slice is drawn for one two-class sigmoid model only."),
        "bad_slice_axes": QCoreApplication.translate(
            "Messages", "A loss slice needs two different weights out of the model's {weights}."),
        "bad_steps": QCoreApplication.translate("Messages", "The number of steps must be from 1 to {limit} (got {steps})."),
        "missing_param": QCoreApplication.translate("Messages", "The network's weights are incomplete: {param} is missing."),
        "bad_range": QCoreApplication.translate("Messages", "The range must run from a smaller to a larger finite number (got {lo} to {hi})."),
        "bad_samples": QCoreApplication.translate("Messages", "The number of samples must be from 2 to 1,000,000 (got {n})."),
        "bad_class": QCoreApplication.translate("Messages", "Class {class} does not exist: there are {count} classes (0 to {count} − 1)."),
        "bad_edge": QCoreApplication.translate("Messages", "The computation graph has no edge {edge}."),
        "too_many_classes": QCoreApplication.translate("Messages", "There are {count} classes; the lab shows at most {limit}."),
        "one_class": QCoreApplication.translate("Messages", "Classification needs at least two classes; the data has {count}."),
        "bad_split": QCoreApplication.translate("Messages", "The test fraction must be between 0 and 0.9."),
        "bad_noise": QCoreApplication.translate("Messages", "The noise must be a number from 0 to {limit} (got {noise})."),
        "bad_l2": QCoreApplication.translate("Messages", "The L2 strength C must be a positive number (got {C})."),
        "bad_strategy": QCoreApplication.translate("Messages", "Unknown strategy “{strategy}”."),
        "bad_init_length": QCoreApplication.translate("Messages", "The starting weights need {expected} numbers (the weights, then the intercept); {given} were given."),
        "folder_not_found": QCoreApplication.translate("Messages", "The folder {path} does not exist."),
        "idx_missing": QCoreApplication.translate("Messages", "{path} has no {file} (or {file}.gz): a Fashion-MNIST folder holds four IDX files."),
        "idx_truncated": QCoreApplication.translate("Messages", "{path} is cut short: its header promises more data than the file holds."),
        "idx_trailing_bytes": QCoreApplication.translate("Messages", "{path} has bytes after the data its header describes; it is not a clean IDX file."),
        "idx_bad_magic": QCoreApplication.translate("Messages", "{path} is not the IDX file expected here (magic number {found}, expected {expected})."),
        "idx_bad_shape": QCoreApplication.translate("Messages", "{path} holds data of the wrong shape for Fashion-MNIST."),
        "idx_count_mismatch": QCoreApplication.translate("Messages", "In {path} the {set} set has {images} images but {labels} labels."),
        "label_out_of_range": QCoreApplication.translate("Messages", "{path} has a label {value}; Fashion-MNIST has {classes} classes."),
        "gzip_corrupt": QCoreApplication.translate("Messages", "{path} is a damaged gzip file: {reason}."),
        "no_dataset": QCoreApplication.translate("Messages", "No Fashion-MNIST data was found. Looked in: {tried}. Choose a folder that holds the four IDX files."),
        "empty_set": QCoreApplication.translate("Messages", "In {path} the {set} set holds no images; the lab needs at least one training image and one test image."),
        "model_unsafe": QCoreApplication.translate("Messages", "{path} was refused: it contains code, not only weights, and opening it could run that code."),
        "model_unreadable": QCoreApplication.translate("Messages", "{path} is not a model file that can be read (damaged or another format)."),
        "model_wrong_architecture": QCoreApplication.translate("Messages", "{path} holds a different network (its layers do not chain 784 inputs to 10 classes as this lab's do)."),
        "model_not_finite": QCoreApplication.translate("Messages", "{path} holds weights that are not finite (NaN or inf); it was not opened."),
        "bad_hidden": QCoreApplication.translate("Messages", "Hidden layers: one to four sizes from 1 to 8192 (got {hidden})."),
        "bad_activation": QCoreApplication.translate("Messages", "Unknown activation “{activation}”."),
        "bad_optimizer": QCoreApplication.translate("Messages", "Unknown optimizer “{optimizer}”."),
        "bad_batch_size": QCoreApplication.translate("Messages", "The batch size must be between 1 and 60000 (got {batch_size})."),
        "bad_epochs": QCoreApplication.translate("Messages", "The number of epochs must be between 1 and 1000 (got {epochs})."),
        "bad_beta": QCoreApplication.translate("Messages", "Adam's decay rate {name} must be at least 0 and below 1 (got {value})."),
        "bad_epsilon": QCoreApplication.translate("Messages", "The optimizer's ε must be a positive number no larger than 1 (got {eps})."),
        "bad_alpha": QCoreApplication.translate("Messages", "RMSProp's smoothing constant α must be at least 0 and below 1 (got {alpha})."),
        "bad_lr_decay": QCoreApplication.translate("Messages", "AdaGrad's learning-rate decay must be zero or positive (got {lr_decay})."),
        "bad_accumulator": QCoreApplication.translate("Messages", "AdaGrad's initial accumulator must be zero or positive (got {value})."),
        "bad_optim_batch_size": QCoreApplication.translate("Messages", "The batch size must be a whole number from 1 to {limit} (got {batch_size})."),
        "option_not_applicable": QCoreApplication.translate("Messages", "The {optimizer} optimizer does not use {option}; it applies to {applies}."),
        "empty_file": QCoreApplication.translate("Messages", "{path} is empty (0 bytes)."),
        "too_many_pixels": QCoreApplication.translate("Messages", "{path} claims {width}×{height} pixels, more than the {limit} this lab opens; it may be a decompression bomb. Use a smaller image."),
        "too_many_bytes": QCoreApplication.translate("Messages", "{path} would take {bytes} bytes of memory once decoded ({width}×{height} pixels, {channels} channels of {bits} bits), more than the {limit} this lab allows. Use a smaller or 8-bit image."),
        "not_an_image": QCoreApplication.translate("Messages", "{path} is not an image the lab can open (PNG, JPEG, BMP, WebP, TIFF or GIF)."),
        "unsupported_format": QCoreApplication.translate("Messages", "{path} is in a format the lab cannot read ({format}); save it as PNG or JPEG."),
        "corrupt_image": QCoreApplication.translate("Messages", "{path} is damaged or cut short and cannot be decoded."),
        "no_pixels": QCoreApplication.translate("Messages", "No pixels pass the colour thresholds: widen the hue range, lower the saturation or value floor, or switch between red and dark needle."),
        "mask_too_small": QCoreApplication.translate("Messages", "The mask is too small ({pixels} pixels; a needle needs at least {minimum}): widen the thresholds or use full resolution."),
        "no_needle": QCoreApplication.translate("Messages", "None of the {components} shapes in the mask looks like a needle (long, thin, pointing at the pivot): adjust the thresholds or click the pivot."),
        "fit_too_poor": QCoreApplication.translate("Messages", "The line fits the needle too poorly (confidence {confidence}): adjust the thresholds so the mask shows the needle alone."),
        "seed_fit_vertical": QCoreApplication.translate("Messages", "The seed's fit (y on x) cannot follow a vertical needle: every pixel has the same x. Choose total least squares."),
        "bad_hsv": QCoreApplication.translate("Messages", "The colour thresholds are out of range (hue 0–180, saturation and value 0–255)."),
        "bad_color": QCoreApplication.translate("Messages", "Unknown needle colour “{color}”: use red, dark or custom."),
        "bad_fit": QCoreApplication.translate("Messages", "Unknown fit method “{fit}”: use seed, tls or robust."),
        "bad_pivot": QCoreApplication.translate("Messages", "The pivot must be two finite numbers."),
        "calibration_needs_two": QCoreApplication.translate("Messages", "A calibration needs at least two marks (angle and value); it has {marks}."),
        "bad_calibration": QCoreApplication.translate("Messages", "The calibration marks must be finite and at different angles."),
        "no_training_points": QCoreApplication.translate("Messages", "Every point is in the test set: nothing is left to train on."),
        "bad_seed": QCoreApplication.translate("Messages", "The seed must be a whole number from 0 (got {seed})."),
        "bad_preset": QCoreApplication.translate("Messages", "Unknown data set “{preset}”."),
        "bad_turns": QCoreApplication.translate("Messages", "The spiral's turns must be between 0 and 10."),
        "bad_points": QCoreApplication.translate("Messages", "The number of points must be between 2 and {limit} (got {points})."),
        "temperature_not_positive": QCoreApplication.translate("Messages", "The temperature must be a positive number (got {temperature})."),
        "bad_logits": QCoreApplication.translate("Messages", "Softmax needs 2 to 10 finite logits."),
        "diverged": QCoreApplication.translate("Messages", "Diverged: the loss overflowed, so the learning rate is too high."),
        "model_bad_content": QCoreApplication.translate("Messages", "{path} is damaged or was not saved by this lab: its “{field}” is not what a model file holds. It was not opened."),
        "model_too_large": QCoreApplication.translate("Messages", "{path} describes {elements} weights, more than the {limit} of the largest network this lab builds; it was not opened."),
        "model_beyond_limits": QCoreApplication.translate("Messages", "{path} holds hidden layers of {hidden} units; the lab opens one to {layers} hidden layers of 1 to {limit} units each."),
        "seed_form_mismatch": QCoreApplication.translate("Messages", "The seed's last.pt form fits only its own network, Linear(784, 1024) → ReLU → Linear(1024, 10); this one has hidden layers of {hidden} units with {activation}. Save it in the lab's own form instead."),
        "not_enough_memory": QCoreApplication.translate("Messages", "Training hidden layers of {hidden} units with {optimizer} needs about {needed_mb} MB, more than the {limit_mb} MB this computer can spare. Use fewer or narrower layers, or SGD instead of Adam."),
        "save_failed": QCoreApplication.translate("Messages", "{path} could not be saved: {reason}. Nothing was changed on disk; free some space or choose another folder, and save again."),
        "unknown_dial_style": QCoreApplication.translate("Messages", "Unknown dial style “{style}”: use one of {allowed}."),
        "unknown_needle_color": QCoreApplication.translate("Messages", "Unknown needle colour “{needle_color}”: use one of {allowed}."),
        "dark_needle_on_dark_face": QCoreApplication.translate("Messages", "A dark needle on the {style} style would not show: draw a red needle on it, or choose another style."),
        "dial_size_out_of_range": QCoreApplication.translate("Messages", "A synthetic dial must be {minimum} to {maximum} pixels wide (got {size})."),
        "dial_parameter_invalid": QCoreApplication.translate("Messages", "A synthetic dial needs a finite angle and a blur and noise of zero or more (got angle {angle_deg}, blur {blur}, noise {noise})."),
        "jpeg_quality_out_of_range": QCoreApplication.translate("Messages", "The JPEG quality must be from {minimum} to {maximum} (got {jpeg_quality})."),
        "dial_count_out_of_range": QCoreApplication.translate("Messages", "The number of synthetic dials must be at least {minimum} (got {count})."),
        "bad_step_count": QCoreApplication.translate("Messages", "The number of training steps done must be a whole number, 0 or more (got {steps})."),
        "unsupported_lab": QCoreApplication.translate("Messages", "The {lab} lab cannot be written as a program yet; the Linear regression, Logistic regression, Neural Network and Dial reader labs can."),
        "unsupported_optimizer": QCoreApplication.translate("Messages", "The exported program runs plain gradient descent, but this run uses the {optimizer} optimizer, so it is not exported (the program would compute another run)."),
        "no_photo": QCoreApplication.translate("Messages", "The Dial reader lab shows no photo, so there is nothing to write as a program: open a photo or a sample first (a batch's files are not exported; open one of them)."),
        "unsupported_format": QCoreApplication.translate("Messages", "“{format}” is not a format the export writes: use py (a Python script) or ipynb (a Jupyter notebook)."),
        "not_an_experiment": QCoreApplication.translate("Messages", "{path} is not an ML Basics Lab experiment file."),
        "experiment_corrupt": QCoreApplication.translate("Messages", "{path} is damaged (truncated or altered), so it cannot be opened: {reason}."),
        "experiment_bad": QCoreApplication.translate("Messages", "{path} is not a valid experiment file: its contents are malformed ({reason})."),
        "experiment_future": QCoreApplication.translate("Messages", "{path} was written by a newer version of ML Basics Lab (file format {version}; this version reads up to {supported}). Update the app to open it."),
        "experiment_too_large": QCoreApplication.translate("Messages", "{path} is too large to be an experiment file, or holds a part that would inflate far beyond its size; it was not opened."),
        "experiment_empty": QCoreApplication.translate("Messages", "{path} holds no lab this version can open."),
        "not_a_state": QCoreApplication.translate("Messages", "The saved state of the {lab} lab is malformed."),
        "bad_version": QCoreApplication.translate("Messages", "The saved state of the {lab} lab has no valid version number ({version})."),
        "future_version": QCoreApplication.translate("Messages", "The saved state of the {lab} lab is from a newer version of the app (version {version}; this one reads up to {supported}). Update the app to open it."),
        "missing_migration": QCoreApplication.translate("Messages", "The saved state of the {lab} lab is from version {version}, which this app cannot convert."),
        "bad_value": QCoreApplication.translate("Messages", "The saved state of the {lab} lab has an invalid {field}: {value} (expected {expected}). Nothing was changed."),
    }
    template = texts.get(error.code)
    if template is None:
        return QCoreApplication.translate("Messages", "Unexpected problem: {code}").format(code=str(error))
    if error.code == "bad_hidden" and "limit" in d:  # the concepts lab's single hidden layer
        template = QCoreApplication.translate("Messages", "The hidden layer needs 1 to {limit} units (got {hidden}).")
    if d.get("poly"):  # the stricter limits of degree-2 features
        poly = {
            "values_too_large": QCoreApplication.translate("Messages", "With polynomial features (x1², x2², x1·x2), {column} must stay within ±{limit}, but it holds {value}. Divide {column} by a power of ten (for example by {factor}), or turn the polynomial features off."),
            "values_too_small": QCoreApplication.translate("Messages", "With polynomial features (x1², x2², x1·x2), {column} must reach {limit} in size, but its largest value is {value}. Multiply {column} by a power of ten (for example by {factor}), or turn the polynomial features off."),
            "spread_too_small": QCoreApplication.translate("Messages", "With polynomial features, {column} varies too little for its size (about {spread} around {center}): its square would keep only rounding. Subtract {center} from {column}, or turn the polynomial features off."),
        }
        template = poly.get(error.code, template)
    elif error.code == "values_too_small" and d.get("measure") == "spread":
        template = QCoreApplication.translate("Messages", "{column} varies by only {value}: below {limit}, the square of its spread underflows to zero. Multiply {column} by a power of ten (for example by {factor}) and load the data again.")
    if error.code == "corrupt_image" and d.get("reason") == "missing_data":
        template = QCoreApplication.translate("Messages", "{path} is damaged: part of its picture data is missing or garbled, so the decoder would fill it with grey. Use an undamaged copy.")
    if "line" in d and error.code == "non_finite":
        template = QCoreApplication.translate("Messages", "Line {line}, column {column} of {path} is not a finite number: “{value}”.")
    elif "line" not in d and error.code == "not_a_number":
        template = QCoreApplication.translate("Messages", "The data holds something that is not a number.")
    values = dict(d)
    values.setdefault("path", path)
    if error.code in ("idx_count_mismatch", "empty_set") and d.get("set") in ("train", "test"):
        values["set"] = {  # a code from core; the name of the set is the translation's
            "train": QCoreApplication.translate("Messages", "training", "the data set a network learns from"),
            "test": QCoreApplication.translate("Messages", "test", "the data set a network is scored on"),
        }[d["set"]]
    for key in ("hidden", "tried"):  # lists, joined with the language's own separator
        if error.code in _JOINED and isinstance(d.get(key), (list, tuple)):
            values[key] = QCoreApplication.translate("Messages", ", ", "separator between the items of a list").join(
                str(v) for v in d[key])
    if error.code == "seed_form_mismatch" and d.get("activation") in ("relu", "sigmoid", "tanh"):
        values["activation"] = {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh"}[d["activation"]]
    if error.code == "option_not_applicable" and isinstance(d.get("applies"), (list, tuple)):
        values["applies"] = QCoreApplication.translate("Messages", ", ", "separator between the items of a list").join(
            str(v) for v in d["applies"])
    if error.code in ("unknown_dial_style", "unknown_needle_color") and isinstance(d.get("allowed"), (list, tuple)):
        values["allowed"] = QCoreApplication.translate("Messages", ", ", "separator between the items of a list").join(
            str(v) for v in d["allowed"])
    if isinstance(d.get("lab"), str) and "PySide6.QtCore" in sys.modules:  # a lab's key: its name
        from gui.labs import LABS, tab_title

        if d["lab"] in LABS:
            values["lab"] = tab_title(d["lab"])
    if error.code == "bad_edge" and isinstance(d.get("edge"), (list, tuple)):
        values["edge"] = " → ".join(str(v) for v in d["edge"])
    if error.code in ("label_not_integer", "bad_label") and isinstance(d.get("index"), int):
        values["index"] = d["index"] + 1  # people count rows from 1
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


def describe_stop(reason: str) -> str:
    """Why a descent stopped, for the status line."""
    texts = {
        "max_iters": QCoreApplication.translate("Messages", "Stopped: reached the iteration cap."),
        "tolerance": QCoreApplication.translate("Messages", "Stopped: converged (the loss changes by less than the tolerance)."),
        "diverged": QCoreApplication.translate("Messages", "Stopped: diverged — the learning rate is too high."),
        "no_progress": QCoreApplication.translate("Messages", "Stopped at the iteration cap without learning: the loss is no lower than at the start (or than guessing the most common class). The learning rate does not suit the data's scale: try one near the largest stable rate, or rescale the data."),
    }
    return texts.get(reason, reason)


def describe_not_learning(cause: str) -> str:
    """Why a network training run is flagged not_learning (core.mlp's cause), for a banner."""
    if cause == "lr_too_low":
        return QCoreApplication.translate("Messages", "Not learning: the test accuracy is at chance level and the loss is no better than guessing. The learning rate is probably too low: raise it (SGD usually works at 0.1, Adam at 0.001) and start again.")
    return QCoreApplication.translate("Messages", "Not learning: the test accuracy is at chance level and the loss is no better than guessing. The learning rate is probably too high: lower it (SGD usually works at 0.1, Adam at 0.001) and start again.")
