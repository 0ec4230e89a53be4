"""The Neural Network lab's sentences: the controller's notes (gui/labs/mlp/controller.py)
in words, and the names of classes and data sources.

Every string is translated in the context "MLPPanel", the class that said them before the
lab was split into rooms, so the catalogue's Chinese translations still apply. Functions,
not stored text: the panel calls them again when the language changes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.fashion import CLASSES
from gui.extras import add_nn_command, missing_nn_sentence
from gui.labs.mlp.controller import Note
from gui.messages import describe_error, describe_not_learning
from gui.widgets.log_slider import format_number


def class_name(c: int) -> str:
    """A Fashion-MNIST class in the current language."""
    names = (QCoreApplication.translate("MLPPanel", "T-shirt/top"), QCoreApplication.translate("MLPPanel", "Trouser"),
             QCoreApplication.translate("MLPPanel", "Pullover"), QCoreApplication.translate("MLPPanel", "Dress"),
             QCoreApplication.translate("MLPPanel", "Coat"), QCoreApplication.translate("MLPPanel", "Sandal"),
             QCoreApplication.translate("MLPPanel", "Shirt"), QCoreApplication.translate("MLPPanel", "Sneaker"),
             QCoreApplication.translate("MLPPanel", "Bag"), QCoreApplication.translate("MLPPanel", "Ankle boot"))
    return names[c] if 0 <= c < len(names) else CLASSES[c]


def source_name(source: str, location: str, in_use: str | None) -> str:
    """A data source in words ("the chosen folder" names its path when it is not the one in
    use, `in_use` being the location of the data in use)."""
    if source == "folder" and location and in_use != location:
        return location
    names = {"folder": QCoreApplication.translate("MLPPanel", "the chosen folder"),
             "env": QCoreApplication.translate("MLPPanel", "FASHION_MNIST_DIR"),
             "downloaded": QCoreApplication.translate("MLPPanel", "the app's download ({path})").format(path=location),
             "torchvision": QCoreApplication.translate("MLPPanel", "./data/FashionMNIST/raw"),
             "debian": QCoreApplication.translate("MLPPanel", "Debian's dataset-fashion-mnist"),
             "bundled": QCoreApplication.translate("MLPPanel", "the bundled subset")}
    return names.get(source, source)


def no_torch_sentence(error: str) -> str:
    """Why the network cannot train: torch is missing, or installed and broken (`error`)."""
    if error:
        return QCoreApplication.translate(
            "MLPPanel", "PyTorch is installed but could not be loaded ({error}), so the network cannot train. "
                        "Reinstall the app's extra “nn” with: {command}").format(error=error, command=add_nn_command())
    return missing_nn_sentence("the_lab")


def banner_text(note: Note) -> str:
    """A banner note in words."""
    v, code = note.values, note.code
    if code == "lab_error":
        return describe_error(v["exc"])
    if code == "no_torch":
        return no_torch_sentence(v.get("error", ""))
    if code == "no_torchvision":
        return missing_nn_sentence("download")
    if code == "load_failed":
        return QCoreApplication.translate("MLPPanel", "Could not load the data: {error}").format(error=v["error"])
    if code == "fell_back":
        (wanted, wanted_at), (found, found_at) = v["wanted"], v["found"]
        return QCoreApplication.translate(
            "MLPPanel",
            "The data the experiment was saved with ({wanted}) is not on this computer; using {found} instead.").format(
            wanted=source_name(wanted, wanted_at, v["in_use"]), found=source_name(found, found_at, v["in_use"]))
    if code == "download_failed":
        return QCoreApplication.translate(
            "MLPPanel", "The download failed ({reason}). Without a network, install Debian's dataset-fashion-mnist "
                        "or choose a folder with the four IDX files; the data in use stays.").format(reason=v["reason"])
    if code == "not_learning":
        return describe_not_learning(v["cause"])
    if code == "diverged":
        return QCoreApplication.translate(
            "MLPPanel", "Diverged: the loss became NaN, so the learning rate is too high. The last finite weights "
                        "were kept; lower the rate and start again.")
    if code == "stopped":
        return QCoreApplication.translate("MLPPanel", "Stopped; the model trained so far is kept.")
    if code == "finished":
        return QCoreApplication.translate("MLPPanel", "Training finished.")
    if code == "out_of_memory":
        return QCoreApplication.translate(
            "MLPPanel", "Training ran out of memory ({error}). Use fewer or narrower hidden layers, or a smaller "
                        "batch, and start again.").format(error=v["error"])
    if code == "training_failed":
        return QCoreApplication.translate("MLPPanel", "Training failed: {error}").format(error=v["error"])
    if code == "opened":
        return QCoreApplication.translate("MLPPanel", "Opened {name}: test accuracy {acc}").format(
            name=v["name"], acc=v["acc"])
    if code == "open_failed":
        return QCoreApplication.translate("MLPPanel", "Could not open {path}: {error}").format(
            path=v["path"], error=v["error"])
    if code == "no_model":
        return QCoreApplication.translate("MLPPanel", "Train or open a model first.")
    if code == "not_while_training":
        return QCoreApplication.translate("MLPPanel", "Not while the network trains: stop it first.")
    if code == "model_kept":
        return QCoreApplication.translate(
            "MLPPanel", "This experiment holds a trained model; it is kept, and can be used once PyTorch is added. "
                        "{how}").format(how=missing_nn_sentence("the_lab"))
    if code == "no_batch_losses":
        return QCoreApplication.translate(
            "MLPPanel", "There are no batch losses to export: an opened model's file holds only its per-epoch figures.")
    raise KeyError(code)


def progress_text(note: Note) -> str:
    """The line beside the progress bar, in words."""
    v, code = note.values, note.code
    if code == "starting":
        return QCoreApplication.translate("MLPPanel", "Starting …")
    if code == "batch":
        return QCoreApplication.translate(
            "MLPPanel", "epoch {e} / {n}, batch {b} / {bs} · {rate} samples/s · about {eta} s left").format(**v)
    if code == "diverged":
        return QCoreApplication.translate("MLPPanel", "Diverged; the model kept has {e} epochs of training").format(**v)
    if code == "stopped":
        return QCoreApplication.translate("MLPPanel", "Stopped after {e} epochs of training; test accuracy {acc}").format(
            **v)
    if code == "not_learning":
        return QCoreApplication.translate("MLPPanel", "Not learning: test accuracy {acc} after {e} epochs").format(**v)
    if code == "finished":
        return QCoreApplication.translate("MLPPanel", "Finished: {e} epochs, test accuracy {acc}").format(**v)
    if code == "failed":
        return QCoreApplication.translate("MLPPanel", "Training failed")
    if code == "opened_scored":
        return QCoreApplication.translate(
            "MLPPanel", "Opened {name}: {e} epochs recorded; test accuracy {acc} on the data in use").format(**v)
    if code == "opened":
        return QCoreApplication.translate("MLPPanel", "Opened {name}: {e} epochs recorded").format(**v)
    if code == "restored":
        return QCoreApplication.translate(
            "MLPPanel", "Restored: {e} epochs of training; test accuracy {acc} on the data in use").format(**v)
    raise KeyError(code)


def status_text(note: Note) -> str:
    """A status-bar line, in words."""
    v, code = note.values, note.code
    if code == "lab_error":
        return describe_error(v["exc"])
    if code == "loading":
        return QCoreApplication.translate("MLPPanel", "Loading Fashion-MNIST …")
    if code == "downloading":
        return QCoreApplication.translate("MLPPanel", "Downloading Fashion-MNIST …")
    if code == "lr_now":
        return QCoreApplication.translate("MLPPanel", "Learning rate now {lr}").format(lr=format_number(v["lr"]))
    if code == "epoch_partial":
        return QCoreApplication.translate("MLPPanel", "Epoch {e}, after {b} of {n} batches: test accuracy {acc}").format(
            **v)
    if code == "epoch":
        return QCoreApplication.translate("MLPPanel", "Epoch {e}: test accuracy {acc}").format(**v)
    if code == "failed":
        return QCoreApplication.translate("MLPPanel", "Training failed")
    if code == "saved":
        return QCoreApplication.translate("MLPPanel", "Saved {path}").format(**v)
    if code == "opened":
        return QCoreApplication.translate("MLPPanel", "Opened {name}").format(**v)
    if code == "looks_like":
        return QCoreApplication.translate("MLPPanel", "Looks like: {name} ({p})").format(
            name=class_name(v["best"]), p=v["p"])
    raise KeyError(code)


def unsaved_model_question(replacing: bool) -> str:
    """Asked before the window closes, or before an opened experiment replaces the model."""
    if replacing:
        return QCoreApplication.translate(
            "MLPPanel", "The trained model has not been saved. Save it before the experiment replaces it?")
    return QCoreApplication.translate("MLPPanel", "The trained model has not been saved. Save it before quitting?")


def curve_filters() -> list[str]:
    """Export curves' file types: per-epoch CSV, every batch loss CSV, a picture of both plots."""
    return [QCoreApplication.translate("MLPPanel", "Per-epoch curves (*.csv)"),
            QCoreApplication.translate("MLPPanel", "Every batch loss (*.csv)"),
            QCoreApplication.translate("MLPPanel", "Picture of both plots (*.png)")]


def busy_opening(name: str) -> str:
    return QCoreApplication.translate("MLPPanel", "Busy: wait for the current job, then open {name}.").format(name=name)


def drop_refusal() -> str:
    return QCoreApplication.translate("MLPPanel", "Drop a folder (or its four IDX files), or one image to classify.")
