"""The Neural Network lab never freezes, never lies, never clips (issue 10): each test here
drives the lab as a user would and fails on the fault it names."""

import errno
import re

import numpy as np
import pytest

torch = pytest.importorskip("torch")  # the extra nn: these tests skip without it
from PySide6.QtWidgets import QApplication, QMessageBox

import core.mlp as mlp
from core.fashion import load_bundled
from core.idx import write_idx

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


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


def train(qtbot, panel, epochs=1):
    panel.epochs_spin.setValue(epochs)
    with qtbot.waitSignal(panel.training_finished, timeout=120000) as done:
        panel.start_button.click()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    return done.args[0]


def can_act(panel) -> bool:
    return panel.start_button.isEnabled() and panel.open_button.isEnabled() and not panel.is_busy()


# ---------------------------------------------------------------- 1. never freeze


def test_a_torch_error_mid_run_is_said_and_the_lab_can_act_again(qtbot, panel, monkeypatch):
    real = mlp.train

    def failing(*args, **kwargs):
        steps = real(*args, **kwargs)
        yield next(steps)
        raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(mlp, "train", failing)
    assert train(qtbot, panel, epochs=3) == "failed"
    assert "ran out of memory" in panel.message() and "2.00 GiB" in panel.message()
    assert can_act(panel) and not panel.pause_button.isEnabled() and not panel.stop_button.isEnabled()
    assert panel.progress_label.text() == "Training failed"
    monkeypatch.setattr(mlp, "train", real)
    assert train(qtbot, panel) == "finished"  # Start works again


def test_any_other_error_is_said_too(qtbot, panel, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (64x784 and 783x64)")
        yield

    monkeypatch.setattr(mlp, "train", broken)
    assert train(qtbot, panel) == "failed"
    assert "Training failed: mat1 and mat2" in panel.message() and can_act(panel)


def test_a_network_too_big_for_memory_is_refused_before_anything_is_allocated(qtbot, panel, monkeypatch):
    monkeypatch.setattr(mlp, "memory_limit", lambda dev=None: 512 * 1024 ** 2)
    built = []
    monkeypatch.setattr(mlp, "build_model", lambda cfg: built.append(cfg))
    panel.hidden_edit.setText("8192,8192,8192,8192")
    panel.start_button.click()
    assert not panel.is_training() and built == []
    assert "MB" in panel.message() and "8192" in panel.message() and can_act(panel)


def test_a_data_folder_with_no_images_is_refused_with_a_message(qtbot, panel, tmp_path):
    before = panel.data()
    for name, array in (("train-images-idx3-ubyte", np.zeros((0, 28, 28))), ("train-labels-idx1-ubyte", np.zeros(0)),
                        ("t10k-images-idx3-ubyte", np.zeros((0, 28, 28))), ("t10k-labels-idx1-ubyte", np.zeros(0))):
        write_idx(tmp_path / name, array.astype(np.uint8))
    panel.load_data(str(tmp_path))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert panel.data() is before and "holds no images" in panel.message() and can_act(panel)


def test_pause_and_resume_clicked_at_once_then_stop_always_stops(qtbot, panel):
    panel.epochs_spin.setValue(200)
    for attempt in range(6):
        with qtbot.waitSignal(panel.training_finished, timeout=60000) as stopped:
            panel.start_button.click()
            qtbot.waitUntil(lambda: len(panel.controller.run.batch_losses) > 0, timeout=30000)
            for _ in range(10):  # far faster than 50 ms apart
                panel.pause_button.click()
                panel.pause_button.click()
            assert not panel.pause_button.isChecked()
            panel.pause_button.click()  # and once more paused: Stop must still get through
            panel.stop_button.click()
        assert stopped.args == ["stopped"], attempt
        qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
        assert not panel.pause_button.isChecked() and panel.pause_button.text() == "Pause" and can_act(panel)


# ---------------------------------------------------------------- 2, 3. never lie


def test_after_open_model_every_view_describes_the_opened_model(qtbot, panel, tmp_path):
    net = mlp.build_model(mlp.MLPConfig(hidden=(32,)))
    metrics = [{"epoch": e, "train_loss": 1.0 - e / 10, "train_acc": 0.5, "test_loss": 0.9, "test_acc": 0.6 + e / 100}
               for e in range(3)]
    mlp.save_model(tmp_path / "other.pt", net, mlp.MLPConfig(hidden=(32,), epochs=3), metrics)
    assert train(qtbot, panel) == "finished"
    assert len(panel.controller.run.batch_losses) == 157
    with qtbot.waitSignal(panel.model_opened, timeout=30000):
        panel.open_model(str(tmp_path / "other.pt"))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    x, _ = panel.batch_raw.getData()
    assert panel.controller.run.batch_losses == [] and (x is None or len(x) == 0)  # no losses of the previous run
    ex, ey = panel.epochs_view.test_acc.getData()
    assert list(ex) == [1, 2, 3] and list(ey) == pytest.approx([0.6, 0.61, 0.62])
    assert "other.pt" in panel.progress_label.text() and "batch 157" not in panel.progress_label.text()
    assert panel.export_curves(str(tmp_path / "c.csv"))
    lines = (tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + 3 and lines[1].startswith("1,1,1.0,")
    assert not panel.export_curves(str(tmp_path / "b.csv"), batches=True)
    assert "no batch losses" in panel.message() and not (tmp_path / "b.csv").exists()
    # the confusion matrix is the opened model's, scored on the data in use
    probs = mlp.predict_proba(net, panel.data().test_x, False)
    cm = np.bincount(panel.data().test_y * 10 + probs.argmax(axis=1), minlength=100).reshape(10, 10)
    assert np.array_equal(panel.controller.run.scores.confusion, cm) and panel.confusion.item(0, 0).text() == str(cm[0, 0])


def test_after_stop_the_views_show_the_model_that_is_kept_and_saved(qtbot, panel, tmp_path):
    panel.epochs_spin.setValue(3)
    with qtbot.waitSignal(panel.training_finished, timeout=120000) as stopped:
        panel.start_button.click()
        qtbot.waitUntil(lambda: len(panel.controller.run.batch_losses) > 157 + 20, timeout=60000)  # into the second epoch
        panel.stop_button.click()
    assert stopped.args == ["stopped"]
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)
    last = panel.controller.run.metrics[-1]
    assert last.get("partial") and 0 < last["batches_done"] < 157 and 1 < last["epochs_completed"] < 2
    data = panel.data()
    probs = mlp.predict_proba(panel.controller.run.model, data.test_x, False)
    pred = probs.argmax(axis=1)
    assert float(np.mean(pred == data.test_y)) == pytest.approx(last["test_acc"])
    cm = np.bincount(data.test_y * 10 + pred, minlength=100).reshape(10, 10)
    assert np.array_equal(panel.controller.run.scores.confusion, cm)
    ex, _ = panel.epochs_view.test_acc.getData()
    assert ex[-1] == pytest.approx(last["epochs_completed"])  # drawn where it stands, between epochs 1 and 2
    assert f"{last['test_acc']:.4f}" in panel.progress_label.text()
    assert panel.save(str(tmp_path / "kept.pt"))
    model, _, metrics = mlp.load_model(tmp_path / "kept.pt")
    assert np.allclose(mlp.predict_proba(model, data.test_x, False), probs, atol=1e-6)
    assert metrics[-1]["test_acc"] == last["test_acc"]


def test_epochs_are_counted_from_1_everywhere(qtbot, panel):
    statuses = []
    panel.status_message.connect(statuses.append)
    assert train(qtbot, panel, epochs=2) == "finished"
    ex, _ = panel.epochs_view.train_loss.getData()
    assert list(ex) == [1, 2]
    epoch_lines = [s for s in statuses if s.startswith("Epoch")]
    assert epoch_lines[0].startswith("Epoch 1: test accuracy") and epoch_lines[-1].startswith("Epoch 2:")
    assert "2 epochs" in panel.progress_label.text()
    assert panel.controller.run.metrics[-1]["epoch"] == 1  # the file keeps core's 0-based index (the seed's epoch:1)


def test_the_epoch_legend_tells_train_from_test_and_the_best_epoch_is_labelled(qtbot, panel):
    assert train(qtbot, panel, epochs=2) == "finished"
    view = panel.epochs_view
    names = [label.text for _, label in view.legend.items]
    assert names == ["train loss", "test loss", "train accuracy", "test accuracy"]
    for train_curve, test_curve in ((view.train_loss, view.test_loss), (view.train_acc, view.test_acc)):
        a, b = train_curve.opts, test_curve.opts
        assert a["symbol"] != b["symbol"]
        assert pg_color(a["pen"]) != pg_color(b["pen"]) and pg_color(a["symbolBrush"]) != pg_color(b["symbolBrush"])
    best = int(np.argmax([r["test_acc"] for r in panel.controller.run.metrics])) + 1
    assert view.best_line.isVisible() and view.best_line.value() == best
    assert view.best_line.label.format == f"best test accuracy (epoch {best})"


def pg_color(spec):
    import pyqtgraph as pg

    if hasattr(spec, "color"):
        return spec.color().getRgb()[:3]
    return pg.mkColor(spec).getRgb()[:3]


def test_save_is_enabled_while_paused_and_saves_the_paused_model(qtbot, panel, tmp_path):
    panel.epochs_spin.setValue(50)
    panel.start_button.click()
    qtbot.waitUntil(lambda: len(panel.controller.run.batch_losses) > 20, timeout=30000)
    assert not panel.save_button.isEnabled()
    panel.pause_button.click()
    assert panel.save_button.isEnabled()
    assert panel.save(str(tmp_path / "paused.pt"))
    saved, _, _ = mlp.load_model(tmp_path / "paused.pt")
    with panel.controller.step_lock:  # the weights as they stand: the same as the file's while paused
        now = {k: v.clone() for k, v in panel.controller.run.model.state_dict().items()}
    assert all(torch.equal(now[k], v) for k, v in saved.state_dict().items())
    with qtbot.waitSignal(panel.training_finished, timeout=30000):
        panel.stop_button.click()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=10000)


def test_the_seeds_form_is_refused_before_a_file_is_asked_for(qtbot, panel, monkeypatch):
    from gui import dialogs

    asked = []
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: asked.append(a) or ("", ""))
    assert train(qtbot, panel) == "finished"
    panel.save_seed_button.click()
    assert asked == [] and "Linear(784, 1024)" in panel.message() and "64" in panel.message()
    assert "ReLU" in panel.message() and "relu" not in panel.message()


def test_a_run_that_stopped_learning_says_so(qtbot, panel):
    panel.hidden_edit.setText("1024")
    panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData("adam"))
    panel.lr_slider.set_value(1.0)
    assert train(qtbot, panel) == "not_learning"
    assert "Not learning" in panel.message() and "too high" in panel.message()
    assert "Training finished" not in panel.message() and "Not learning" in panel.progress_label.text()


# ---------------------------------------------------------------- 9. language switch


def test_switching_language_leaves_no_chinese_in_code_built_text(qtbot, window, panel, app_language, tmp_path):
    import cv2

    statuses = []
    window.statusBar().messageChanged.connect(statuses.append)
    app_language.set_language("zh_CN")
    assert train(qtbot, panel, epochs=2) == "finished"
    bag = load_bundled().test_x[load_bundled().test_y == 8][0]
    cv2.imwrite(str(tmp_path / "bag.png"), cv2.resize(255 - bag, (120, 120)))
    assert panel.classify_file(str(tmp_path / "bag.png")) is not None
    assert CJK.search(panel.progress_label.text()) and CJK.search(window.statusBar().currentMessage())
    left = panel.own_view.plot.getAxis("left")
    assert all(CJK.search(t) for _, t in left._tickLevels[0])
    app_language.set_language("en")
    texts = [panel.progress_label.text(), window.statusBar().currentMessage(), panel.pairs_label.text(),
             panel.cell_label.text(), panel.message(), panel.activation_combo.currentText(),
             panel.epochs_view.best_line.label.format,
             *[t for _, t in left._tickLevels[0]],
             *[label.text for _, label in panel.epochs_view.legend.items],
             *[panel.confusion.horizontalHeaderItem(i).text() for i in range(10)]]
    panel.inside.setCurrentIndex(1)
    texts += [label.text for label in panel.gallery_view.labels]
    left_over = [t for t in texts if CJK.search(t)]
    assert not left_over, left_over
    assert "Bag" in [t for _, t in left._tickLevels[0]]


# ---------------------------------------------------------------- 10-13. views


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768)])
def test_plots_keep_their_height_on_every_inner_tab_and_the_gallery_scrolls(qtbot, window, panel, size):
    window.resize(*size)
    assert train(qtbot, panel) == "finished"
    heights = []
    for i in range(panel.inside.count()):
        panel.inside.setCurrentIndex(i)
        qtbot.wait(20)
        QApplication.processEvents()
        heights.append((panel.batch_plot.height(), panel.epoch_plot.height()))
    assert len(set(heights)) == 1, heights
    assert min(heights[0]) >= 150
    panel.inside.setCurrentIndex(1)
    QApplication.processEvents()
    scroll = panel.gallery_view.scroll_area
    needs = panel.gallery_view.view.width() > scroll.viewport().width()
    assert scroll.horizontalScrollBar().maximum() > 0 if needs else True
    assert panel.gallery_view.view.width() >= 6 * 110  # each cell wide enough for a full class name


def test_own_image_bars_are_horizontal_with_whole_names_that_do_not_overlap(qtbot, panel, app_language, tmp_path):
    import cv2
    from PySide6.QtGui import QFontMetrics

    assert train(qtbot, panel) == "finished"
    bag = load_bundled().test_x[load_bundled().test_y == 8][0]
    cv2.imwrite(str(tmp_path / "bag.png"), cv2.resize(255 - bag, (120, 120)))
    for language in ("en", "zh_CN"):
        app_language.set_language(language)
        probs = panel.classify_file(str(tmp_path / "bag.png"))
        QApplication.processEvents()
        view = panel.own_view
        assert np.allclose(view.bars.opts["width"], probs) and list(view.bars.opts["y"]) == list(range(10))
        axis = view.plot.getAxis("left")
        names = [t for _, t in axis._tickLevels[0]]
        assert names == [panel.class_name(i) for i in range(10)]
        fm = QFontMetrics(axis.style.get("tickFont") or QApplication.font())
        assert axis.width() >= max(fm.horizontalAdvance(n) for n in names)  # whole names beside the bars
        row_px = view.plot.getViewBox().height() / 10.2
        assert row_px >= fm.height()  # one name per row, none on another


def test_the_gallery_shows_whole_class_names(qtbot, panel):
    assert train(qtbot, panel) == "finished"
    panel.inside.setCurrentIndex(1)
    names = {panel.class_name(i) for i in range(10)}
    shown = [n for label in panel.gallery_view.labels
             for n in re.findall(r"<td>(?:<b>)?(.+?)(?:</b>)? \d\.\d\d</td>", label.text)]
    assert len(shown) == 72 and set(shown) <= names and any(len(n) > 8 for n in shown)
    # and the pictures above them (the captions once took the cells' whole height)
    QApplication.processEvents()
    assert all(img.isVisible() and img.sceneBoundingRect().height() >= 40 for img in panel.gallery_view.images)


def test_confusion_axes_are_named_and_the_weights_have_a_colour_scale(qtbot, panel, app_language):
    assert train(qtbot, panel) == "finished"
    view = panel.confusion_view
    assert view.true_label.isVisible() and "true" in view.true_label.text()
    assert "predicted" in view.predicted_label.text()
    panel.inside.setCurrentIndex(2)
    bar = panel.weights_view.color_bar
    first = panel.controller.run.scores.first
    lim = float(np.abs(first).max())
    assert bar.levels() == pytest.approx((-lim, lim)) and bar.axis.labelText == "weight" and not bar.axis.autoSIPrefix
    assert all(img.levels is not None and tuple(img.levels) == pytest.approx((-lim, lim))
               for img in panel.weights_view.images)
    app_language.set_language("zh_CN")
    assert CJK.search(view.true_label.text()) and CJK.search(view.predicted_label.text())
    assert CJK.search(bar.axis.labelText)


def test_gallery_and_weights_are_updated_in_place_not_rebuilt(qtbot, panel):
    panel.inside.setCurrentIndex(1)
    gallery = list(panel.gallery_view.images)
    assert train(qtbot, panel, epochs=2) == "finished"
    first_pixels = panel.gallery_view.images[0].image.copy()
    assert panel.gallery_view.images == gallery and all(a is b for a, b in zip(panel.gallery_view.images, gallery))
    assert len(panel.gallery_view.view.ci.items) == 2 * 24  # a box and a label per image, never more
    assert first_pixels.std() > 0  # a real test image was put in
    panel.inside.setCurrentIndex(2)
    weights = list(panel.weights_view.images)
    before = weights[0].image.copy()
    panel.weights_page_slider.setValue(1)
    assert all(a is b for a, b in zip(panel.weights_view.images, weights))
    assert not np.array_equal(weights[0].image, before)  # units 33–64 now
    assert len(panel.weights_view.view.ci.items) == 32 + 1  # 32 boxes and the colour bar, never more


# ---------------------------------------------------------------- 15. a full disk


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"),
                                     RuntimeError("PytorchStreamWriter failed writing file data/0: file write failed")])
def test_a_save_to_a_full_disk_says_so_keeps_the_model_and_the_window(qtbot, window, panel, monkeypatch, tmp_path,
                                                                      failure):
    from gui import dialogs

    assert train(qtbot, panel) == "finished"
    model = panel.controller.run.model

    def full(*a, **k):
        raise failure

    monkeypatch.setattr(torch, "save", full)
    assert not panel.save(str(tmp_path / "m.pt"))
    assert "could not be saved" in panel.message() and panel.controller.run.model is model and panel.has_unsaved_model()
    assert list(tmp_path.iterdir()) == []
    window.ask_before_closing = True
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: (str(tmp_path / "quit.pt"), ""))
    panel.banner.clear_message()
    window.close()
    assert window.isVisible() and "could not be saved" in panel.message() and panel.controller.run.model is model
    window.ask_before_closing = False


# ---------------------------------------------------------------- 16. Chinese built in code


def test_activation_names_are_display_names_and_chinese_lists_use_full_width_punctuation(qtbot, panel, app_language):
    assert [panel.activation_combo.itemText(i) for i in range(3)] == ["ReLU", "Sigmoid", "Tanh"]
    assert [panel.activation_combo.itemData(i) for i in range(3)] == ["relu", "sigmoid", "tanh"]
    assert train(qtbot, panel) == "finished"
    app_language.set_language("zh_CN")
    text = panel.pairs_label.text()
    assert "；" in text and "（" in text and "张）" in text and not re.search(r"[;()]", text), text
    source = panel.source_label.text()
    assert "。 " not in source and not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", source), source


@pytest.mark.parametrize("best", [1, 3, 5])
def test_the_best_epoch_label_stays_inside_the_plot_when_the_plot_is_narrow(qtbot, best):
    """At 1024×700 in Chinese the label read leftwards over the y axis when the best epoch was
    in the middle: it goes to the side of the line that has room for it."""
    from gui.labs.mlp.views import EpochView

    view = EpochView()
    qtbot.addWidget(view)
    view.resize(330, 260)
    view.show()
    qtbot.waitExposed(view)
    rows = [{"epoch": i, "train_loss": 1.0 / (i + 1), "test_loss": 1.0 / (i + 1), "train_acc": 0.5 + i / 20,
             "test_acc": 0.9 if i == best - 1 else 0.6} for i in range(5)]
    view.show_rows(rows)
    qtbot.wait(50)
    vb = view.item.getViewBox()
    room, label = vb.sceneBoundingRect(), view.best_line.label.sceneBoundingRect()
    assert view.best_line.value() == best and room.width() / 2 < label.width() < room.width()
    assert room.left() - 1 <= label.left() and label.right() <= room.right() + 1, (room, label)
    view.resize(700, 260)  # wider: the label follows the plot's size
    qtbot.waitUntil(lambda: vb.sceneBoundingRect().width() > room.width() + 100)
    room, label = vb.sceneBoundingRect(), view.best_line.label.sceneBoundingRect()
    assert room.left() - 1 <= label.left() and label.right() <= room.right() + 1, (room, label)
