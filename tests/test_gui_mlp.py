"""The Neural Network lab: training on the worker, pause/resume/stop/close, files, views."""

import numpy as np
import pytest
torch = pytest.importorskip("torch")  # the extra nn: these tests skip without it
from PySide6.QtWidgets import QMessageBox

from core.fashion import load_bundled
from core.idx import write_idx


@pytest.fixture
def window(main_window):
    main_window.select_tab("mlp")
    return main_window


@pytest.fixture
def panel(qtbot, window):
    p = window.panels["mlp"]
    qtbot.waitUntil(lambda: p.data() is not None and not p.is_busy(), timeout=30000)
    if p.data().is_full:  # keep the tests quick: the bundled subset
        p.controller.use_data(load_bundled())
    p.hidden_edit.setText("64")
    p.epochs_spin.setValue(1)
    return p


def test_torch_loads_on_the_loader_worker(qtbot, main_window):
    from gui.labs.mlp.panel import MLPPanel

    fresh = MLPPanel()  # built without touching core.mlp (torch) on this thread
    qtbot.addWidget(fresh)
    assert not fresh.controller.torch_loaded and "loading PyTorch" in fresh.device_label.text() and fresh.is_busy()
    qtbot.waitUntil(lambda: not fresh.is_busy(), timeout=30000)
    assert fresh.controller.torch_loaded and fresh.device_label.text() in ("Device: CPU", "Device: CUDA")
    assert fresh.data() is not None and fresh.start_button.isEnabled()


def test_training_runs_on_the_worker_and_fills_every_view(qtbot, panel):
    with qtbot.waitSignal(panel.training_finished, timeout=120000) as finished:
        panel.start_button.click()
        assert panel.is_training() and not panel.start_button.isEnabled()
    assert finished.args == ["finished"]
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    assert len(panel.controller.run.metrics) == 1 and panel.controller.run.metrics[0]["test_acc"] > 0.6
    tensors = panel.controller.tensors[1]
    assert np.mean(panel.controller.run.scores.probs.argmax(axis=1) == panel.data().test_y) == pytest.approx(
        panel.controller.run.metrics[0]["test_acc"])
    x, _ = panel.batch_raw.getData()
    assert len(x) == 157  # every batch of the 10,000-image subset
    assert int(panel.confusion.item(0, 0).text()) > 100
    assert "↔" in panel.pairs_label.text()
    assert panel.save_button.isEnabled() and panel.has_unsaved_model()
    with qtbot.waitSignal(panel.training_finished, timeout=120000):  # a second run reuses the tensors
        panel.start_button.click()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    assert panel.controller.tensors[1] is tensors
    panel.normalize_check.setChecked(True)  # other inputs: converted afresh
    with qtbot.waitSignal(panel.training_finished, timeout=120000):
        panel.start_button.click()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    assert panel.controller.tensors[1] is not tensors and panel.controller.tensors[0][1] is True


def test_pause_resume_and_stop(qtbot, panel):
    panel.epochs_spin.setValue(50)
    panel.start_button.click()
    qtbot.waitUntil(lambda: len(panel.controller.run.batch_losses) > 0, timeout=30000)
    panel.pause_button.setChecked(True)
    qtbot.wait(300)
    seen = len(panel.controller.run.batch_losses)
    qtbot.wait(500)
    assert len(panel.controller.run.batch_losses) <= seen + 200  # at most what was in flight
    panel.pause_button.setChecked(False)
    qtbot.waitUntil(lambda: len(panel.controller.run.batch_losses) > seen + 200, timeout=30000)
    with qtbot.waitSignal(panel.training_finished, timeout=30000) as stopped:
        panel.stop_button.click()
    assert stopped.args == ["stopped"]
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    assert panel.controller.run.model is not None and all(bool(torch.isfinite(p).all()) for p in panel.controller.run.model.parameters())


def test_learning_rate_changes_mid_run(qtbot, panel):
    panel.epochs_spin.setValue(20)
    panel.start_button.click()
    qtbot.waitUntil(lambda: len(panel.controller.run.batch_losses) > 0, timeout=30000)
    panel.lr_slider.set_value(0.01)
    assert panel.controller.run.control.lr == 0.01
    panel.stop_training()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=30000)


def test_closing_mid_training_stops_cleanly(qtbot, window, panel, monkeypatch):
    panel.epochs_spin.setValue(50)
    panel.start_button.click()
    qtbot.waitUntil(lambda: len(panel.controller.run.batch_losses) > 0, timeout=30000)
    window.ask_before_closing = True
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    window.close()
    assert window.isVisible()  # the unsaved model kept the window open
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    assert not window.isVisible()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=5000)  # the worker had already ended


def test_save_and_open_both_forms(qtbot, panel, tmp_path):
    with qtbot.waitSignal(panel.training_finished, timeout=120000):
        panel.start_button.click()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    acc = panel.controller.run.metrics[-1]["test_acc"]
    assert panel.save(str(tmp_path / "m.pt")) and not panel.has_unsaved_model()
    # a 64-unit net in the seed's form would be a file the seed's class cannot load: refused
    assert not panel.save(str(tmp_path / "last.pt"), seed_form=True)
    assert "seed" in panel.message() and not (tmp_path / "last.pt").exists()
    import core.mlp as mlp

    seed_net = mlp.build_model(mlp.MLPConfig(hidden=(1024,)))
    mlp.save_model(tmp_path / "last.pt", seed_net, None, [], seed_form=True)
    assert set(torch.load(tmp_path / "last.pt", weights_only=True)) == {"net.0.weight", "net.0.bias", "net.2.weight",
                                                                        "net.2.bias"}
    panel.hidden_edit.setText("1024")
    with qtbot.waitSignal(panel.model_opened, timeout=30000) as opened:  # read and scored on a worker
        assert panel.open_model(str(tmp_path / "m.pt"))
        assert not panel.open_button.isEnabled()
    assert opened.args == [True]
    assert panel.hidden_edit.text() == "64" and panel.controller.run.metrics[-1]["test_acc"] == acc
    assert f"test accuracy {acc:.4f}" in panel.message()
    with qtbot.waitSignal(panel.model_opened, timeout=30000) as opened:
        assert panel.open_model(str(tmp_path / "last.pt"))
    assert opened.args == [True]
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=30000)


def test_bad_model_and_bad_data_keep_what_was_there(qtbot, panel, tmp_path):
    (tmp_path / "bad.pt").write_bytes(b"garbage")
    model = panel.controller.run.model
    with qtbot.waitSignal(panel.model_opened, timeout=30000) as opened:
        panel.open_model(str(tmp_path / "bad.pt"))
    assert opened.args == [False] and "not a model file" in panel.message() and panel.controller.run.model is model
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    before = panel.data()
    folder = tmp_path / "idx"
    folder.mkdir()
    write_idx(folder / "train-images-idx3-ubyte", np.zeros((3, 28, 28)))
    panel.load_data(str(folder))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert panel.data() is before and "four IDX files" in panel.message()


def test_classify_your_own_image(qtbot, panel, tmp_path):
    import cv2

    with qtbot.waitSignal(panel.training_finished, timeout=120000):
        panel.start_button.click()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    trouser = load_bundled().test_x[load_bundled().test_y == 1][0]
    photo = cv2.resize(255 - trouser, (200, 200), interpolation=cv2.INTER_CUBIC)  # dark on light, like a photo
    cv2.imwrite(str(tmp_path / "t.png"), photo)
    probs = panel.classify_file(str(tmp_path / "t.png"))
    assert probs is not None and probs.shape == (10,) and int(probs.argmax()) == 1
    (tmp_path / "x.png").write_text("not an image")
    assert panel.classify_file(str(tmp_path / "x.png")) is None and "not an image" in panel.message()


def test_download_fails_offline_with_a_message(qtbot, panel, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    before = panel.data()

    def offline(*a, **k):
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz: no network")

    import torchvision.datasets

    monkeypatch.setattr(torchvision.datasets, "FashionMNIST", offline)
    panel.download()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert "download failed" in panel.message() and panel.data() is before


def test_gallery_and_weights_draw_when_shown(qtbot, panel):
    with qtbot.waitSignal(panel.training_finished, timeout=120000):
        panel.start_button.click()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    panel.inside.setCurrentIndex(1)

    def labels():
        return [label.text for label in panel.gallery_view.labels if label.text]

    assert len(labels()) == 24 and all(t.count("<table") == 6 for t in labels())  # three bars each
    panel.mistakes_check.setChecked(True)
    wrong = labels()
    assert wrong and all(t.index('bgcolor="#d62728"') < t.find("#9a9a9a") for t in wrong)  # first bar red
    assert all('bgcolor="#2ca02c"' not in t.split("</table></td>")[0] for t in wrong)
    # the epoch plot frames whole epochs, even after one, counted from 1
    (x0, x1), _ = panel.epoch_plot.getPlotItem().viewRange()
    assert 0 < x0 < 1 < 2 < x1 < 3
    panel.inside.setCurrentIndex(2)
    assert "units 1–32 of 64" in panel.weights_label.text()
    panel.weights_page_slider.setValue(1)
    assert "units 33–64 of 64" in panel.weights_label.text()


def _drop(panel, path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    panel.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier))


def test_confusion_cells_show_their_images_and_a_dropped_photo_is_classified(qtbot, panel, tmp_path):
    import cv2

    with qtbot.waitSignal(panel.training_finished, timeout=120000):
        panel.start_button.click()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    assert panel.inside.currentIndex() == 0
    # by default the most confused pair's larger direction, with its images
    assert "predicted" in panel.cell_label.text()
    cm = panel.controller.run.scores.confusion.copy()
    np.fill_diagonal(cm, 0)
    i, j = np.unravel_index(cm.argmax(), cm.shape)
    assert f"True {panel.class_name(i)}, predicted {panel.class_name(j)}: {cm[i, j]} " in panel.cell_label.text()
    panel.confusion.cellClicked.emit(1, 1)  # trousers taken for trousers
    assert panel.cell_label.text().startswith("True Trouser, predicted Trouser:")
    examples = panel.confusion_view.examples
    test_x, test_y = load_bundled().test_x, load_bundled().test_y
    pred = panel.controller.run.scores.probs.argmax(axis=1)
    members = np.flatnonzero((test_y == 1) & (pred == 1))
    assert len(members) > 12 and examples.shown() == 12  # the first twelve of the cell
    assert all(np.array_equal(examples.images[n].image, test_x[members[n]]) for n in range(12))

    bag = test_x[test_y == 8][0]
    cv2.imwrite(str(tmp_path / "bag.jpg"), cv2.resize(255 - bag, (120, 120)))
    _drop(panel, tmp_path / "bag.jpg")
    assert panel.inside.currentIndex() == 3 and int(panel.own_view.probs.argmax()) == 8
    (tmp_path / "notes.txt").write_text("hello")
    before = panel.data()
    _drop(panel, tmp_path / "notes.txt")  # a stray file: treated as a data folder, refused
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert panel.data() is before and "IDX" in panel.message()


def test_curves_export_as_csv_and_png(qtbot, panel, tmp_path):
    import csv

    import cv2

    with qtbot.waitSignal(panel.training_finished, timeout=120000):
        panel.start_button.click()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    assert panel.export_button.isEnabled()
    assert panel.export_curves(str(tmp_path / "epochs.csv"))
    assert (tmp_path / "epochs.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    rows = list(csv.DictReader(open(tmp_path / "epochs.csv", encoding="utf-8-sig")))
    assert len(rows) == 1 and float(rows[0]["test_acc"]) == pytest.approx(panel.controller.run.metrics[0]["test_acc"])
    assert rows[0]["epoch"] == "1"  # 1-based, as on screen
    assert panel.export_curves(str(tmp_path / "batches.csv"), batches=True)
    assert (tmp_path / "batches.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(open(tmp_path / "batches.csv", encoding="utf-8-sig")))
    assert rows[0] == ["batch", "loss"] and len(rows) == 1 + 157
    assert float(rows[1][1]) == pytest.approx(panel.controller.run.batch_losses[0])
    assert panel.export_curves(str(tmp_path / "curves.png"))
    picture = cv2.imread(str(tmp_path / "curves.png"))
    assert picture is not None and picture.shape[1] > 400 and picture.std() > 10
    # each plot's own Export… (right-click) writes its curves' numbers under their names
    panel.epochs_view.export(str(tmp_path / "epoch_plot.csv"))
    rows = list(csv.reader(open(tmp_path / "epoch_plot.csv", encoding="utf-8-sig")))
    metrics = panel.controller.run.metrics[0]
    assert rows[0] == ["epoch", "train loss", "test loss", "train accuracy", "test accuracy"] and len(rows) == 2
    assert rows[1][0] == "1" and [float(v) for v in rows[1][1:]] == [
        metrics[k] for k in ("train_loss", "test_loss", "train_acc", "test_acc")]
    panel.batch_view.export(str(tmp_path / "batch_plot.csv"))
    rows = list(csv.reader(open(tmp_path / "batch_plot.csv", encoding="utf-8-sig")))
    assert rows[0] == ["batch", "loss", "moving average over 50 batches"] and len(rows) == 1 + 157
    losses = panel.controller.run.batch_losses
    assert [float(r[1]) for r in rows[1:]] == pytest.approx(losses) and rows[49][2] == ""
    assert float(rows[50][2]) == pytest.approx(np.mean(losses[:50]))  # batch 49 (from 0): the first 50
    assert not panel.export_curves(str(tmp_path / "missing" / "c.csv"))
    assert "c.csv" in panel.message() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
