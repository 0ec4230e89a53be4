"""gui/widgets/confusion.py: the shared confusion-matrix view draws what it is given."""

import numpy as np
import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def view(qtbot):
    from gui.widgets.confusion import ConfusionView

    v = ConfusionView(rates_option=True)
    qtbot.addWidget(v)
    return v


def test_counts_rows_true_columns_predicted_and_the_shading(view):
    cm = np.array([[5, 1, 0], [0, 3, 2], [4, 0, 0]])
    view.set_matrix(cm, ["a", "b", "c"], ["→ a", "→ b", "→ c"])
    assert view.cells() == [["5", "1", "0"], ["0", "3", "2"], ["4", "0", "0"]]
    t = view.table
    assert [t.horizontalHeaderItem(j).text() for j in range(3)] == ["→ a", "→ b", "→ c"]
    assert [t.verticalHeaderItem(i).text() for i in range(3)] == ["a", "b", "c"]
    assert t.item(1, 1).background().color().green() > t.item(1, 1).background().color().red()  # right: green
    assert t.item(2, 0).background().color().red() > t.item(2, 0).background().color().green()  # wrong: red
    assert t.item(0, 2).background().color().name() == "#ffffff"  # nothing: white
    assert view.matrix() is not None and view.matrix()[2, 0] == 4
    view.set_matrix(np.array([[1234, 0], [0, 1]]), ["0", "1"])
    assert view.cells()[0][0] == "1,234"  # big counts are grouped


def test_rates_and_a_new_class_count(view):
    view.set_matrix(np.array([[3, 1], [0, 0]]), ["0", "1"])
    view.show_rates(True)
    assert view.cells() == [["0.75", "0.25"], ["0.00", "0.00"]]
    view.show_rates(False)
    view.set_matrix(np.eye(4, dtype=int), ["w", "x", "y", "z"])
    assert len(view.cells()) == 4 and view.cells()[3][3] == "1"
    view.set_matrix(None, ["w", "x"])
    assert view.cells() == [["", ""], ["", ""]]
    with pytest.raises(ValueError):
        view.set_matrix(np.zeros((3, 3)), ["a", "b"])


def test_its_axis_labels_follow_the_language(view, app_language):
    view.set_title("anything the lab says")
    assert view.true_label.text() == "↓ true class" and view.predicted_label.text() == "predicted class →"
    assert app_language.set_language("zh_CN")
    assert view.true_label.text() == "↓ 真实类别" and view.predicted_label.text() == "预测类别 →"
    assert view.rates_check.text() == "显示比例（每行之和为 1）"
    assert app_language.set_language("en")
    assert view.true_label.text() == "↓ true class"


@pytest.fixture
def nn_view(qtbot):
    from gui.widgets.confusion import ConfusionView

    v = ConfusionView(rates_option=True, pairs=True, examples=3, whole_rows=True)
    qtbot.addWidget(v)
    return v


def samples():
    """Nine 28×28 'images', each filled with its index, their classes and predictions."""
    from core.metrics import confusion_matrix

    y_true = np.array([0, 0, 1, 1, 1, 1, 1, 2, 2])
    y_pred = np.array([0, 1, 0, 0, 0, 0, 1, 2, 1])
    images = np.repeat(np.arange(9, dtype=np.uint8), 28 * 28).reshape(9, 28, 28)
    return confusion_matrix(y_true, y_pred, 3), (images, y_true, y_pred)


def test_the_most_confused_pairs_and_the_images_of_a_cell(qtbot, nn_view):
    cm, given = samples()
    images = given[0]
    nn_view.set_empty_text("Train first.")
    assert nn_view.pairs_label.text() == "Train first." and nn_view.examples.shown() == 0
    nn_view.set_matrix(cm, ["a", "b", "c"], samples=given)
    # a ↔ b: 1 + 4 mistakes; b ↔ c: 0 + 1; a ↔ c: none
    assert nn_view.pairs_label.text() == "Most confused: a ↔ b (5); b ↔ c (1); a ↔ c (0)"
    # by default the larger direction of the most confused pair: b taken for a, 4 images, the first 3
    assert nn_view.cell_label.text() == "True b, predicted a: 4 test images (the first 3)"
    assert nn_view.examples.shown() == 3
    assert all(np.array_equal(nn_view.examples.images[n].image, images[i]) for n, i in enumerate([2, 3, 4]))
    # a click on a cell shows that cell's images (here one: the rest of the row is empty)
    t = nn_view.table
    nn_view.show()
    qtbot.waitExposed(nn_view)
    qtbot.mouseClick(t.viewport(), Qt.MouseButton.LeftButton, pos=t.visualItemRect(t.item(2, 1)).center())
    assert nn_view.chosen_cell == (2, 1) and nn_view.cell_label.text() == "True c, predicted b: 1 test images"
    assert nn_view.examples.shown() == 1 and np.array_equal(nn_view.examples.images[0].image, images[8])
    nn_view.set_matrix(cm, ["a", "b", "c"], samples=given)  # the next epoch: the chosen cell stays
    assert nn_view.cell_label.text().startswith("True c, predicted b")
    nn_view.set_matrix(None, ["a", "b", "c"])
    assert nn_view.pairs_label.text() == "Train first." and nn_view.cell_label.text() == ""
    assert nn_view.examples.shown() == 0


def test_whole_rows_and_names_on_two_lines(nn_view):
    names = [f"class {i}" for i in range(10)]
    nn_view.set_matrix(np.eye(10, dtype=int), names, [n.replace(" ", "\n") for n in names])
    t = nn_view.table
    header = t.horizontalHeader()
    assert header.sizeHint().height() >= 2 * header.fontMetrics().height()  # both lines of a name
    assert t.minimumSizeHint().height() >= header.sizeHint().height() + 10 * t.verticalHeader().minimumSectionSize()


def test_the_table_alone_has_no_pairs_nor_images(view):
    cm, given = samples()
    view.set_matrix(cm, ["a", "b", "c"], samples=given)
    assert view.examples is None and view.pairs_label.isHidden() and view.cell_label.isHidden()
    view.set_matrix(np.eye(10, dtype=int), [str(i) for i in range(10)])
    assert view.table.minimumSizeHint().height() < view.table.sizeHint().height()  # it may shrink in its lab


def test_the_pairs_read_in_chinese(nn_view, app_language):
    cm, given = samples()
    assert app_language.set_language("zh_CN")
    nn_view.set_matrix(cm, ["甲", "乙", "丙"], samples=given)
    assert nn_view.pairs_label.text().startswith("最容易混淆：甲 ↔ 乙（5 张）；")
    assert nn_view.cell_label.text() == "真实为乙、预测为甲的测试图像：4 张（显示前 3 张）"
    assert app_language.set_language("en")
    assert nn_view.pairs_label.text().startswith("Most confused: 甲 ↔ 乙 (5)")  # redone in the new language
