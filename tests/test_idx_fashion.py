"""core.idx and core.fashion, continued: headers and sizes before bodies, empty sets, and
error details the messages can put into any language."""

import gzip
import struct
import tracemalloc

import numpy as np
import pytest

import core.fashion as fashion
from core.fashion import load_fashion, load_folder
from core.idx import MAX_BYTES, DatasetError, read_images, read_labels, write_idx

HEADER = struct.pack(">I", 2051) + struct.pack(">III", 4, 28, 28)
BODY = bytes(range(256)) * (4 * 28 * 28 // 256) + bytes(4 * 28 * 28 % 256)


def traced_peak(call):
    """Peak bytes Python and numpy allocate during `call` (what reading a body would show)."""
    tracemalloc.start()
    try:
        try:
            call()
        except DatasetError as exc:
            result = exc
        else:
            result = None
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_a_raw_file_larger_than_its_header_says_is_refused_before_its_body_is_read(tmp_path):
    f = tmp_path / "train-images-idx3-ubyte"
    with open(f, "wb") as fh:
        fh.write(HEADER + BODY)
        fh.truncate(64 * 2 ** 20)  # 64 MB, sparse: the body is never there to read
    peak, err = traced_peak(lambda: read_images(f))
    assert err.code == "idx_trailing_bytes" and err.details["expected"] == 4 * 784
    assert peak < 2 ** 20, peak


def test_a_raw_file_shorter_than_its_header_says_is_refused_before_its_body_is_read(tmp_path):
    f = tmp_path / "x"
    f.write_bytes(struct.pack(">I", 2051) + struct.pack(">III", 60000, 28, 28) + bytes(1000))
    peak, err = traced_peak(lambda: read_images(f))
    assert err.code == "idx_truncated" and err.details == {"path": str(f), "expected": 60000 * 784, "bytes": 1000}
    assert peak < 2 ** 20  # the 47 MB the header promises was never allocated


def test_a_header_promising_more_than_the_limit_is_refused_at_once(tmp_path):
    f = tmp_path / "x"
    f.write_bytes(struct.pack(">I", 2051) + struct.pack(">III", 1_000_000, 28, 28))
    peak, err = traced_peak(lambda: read_images(f))
    assert err.code == "file_too_large" and err.details == {"path": str(f), "bytes": 784_000_000, "limit": MAX_BYTES}
    assert peak < 2 ** 20


def test_gzip_is_decompressed_only_as_far_as_the_header_promises(tmp_path):
    f = tmp_path / "x.gz"
    f.write_bytes(gzip.compress(HEADER + BODY + bytes(64 * 2 ** 20)))  # 64 MB of trailing zeros, 64 KB packed
    peak, err = traced_peak(lambda: read_images(f))
    assert err.code == "idx_trailing_bytes"
    assert peak < 8 * 2 ** 20, peak


def test_gzip_short_or_damaged(tmp_path):
    f = tmp_path / "x.gz"
    f.write_bytes(gzip.compress(HEADER + BODY[:-10]))  # a whole gzip stream, ten bytes short
    with pytest.raises(DatasetError) as err:
        read_images(f)
    assert err.value.code == "idx_truncated" and err.value.details["bytes"] == 4 * 784 - 10
    packed = gzip.compress(HEADER + np.random.default_rng(0).integers(0, 256, 4 * 784, dtype=np.uint8).tobytes())
    f.write_bytes(packed[: len(packed) // 2])  # cut inside the deflate stream
    with pytest.raises(DatasetError) as err:
        read_images(f)
    assert err.value.code == "gzip_corrupt"
    f.write_bytes(packed[:-4] + b"\0\0\0\0")  # wrong length in the gzip trailer
    with pytest.raises(DatasetError) as err:
        read_images(f)
    assert err.value.code == "gzip_corrupt"


def test_good_files_still_read_exactly(tmp_path):
    imgs = np.random.default_rng(3).integers(0, 256, (7, 28, 28)).astype(np.uint8)
    for compress in (False, True):
        write_idx(tmp_path / "i", imgs, compress)
        assert np.array_equal(read_images(tmp_path / "i"), imgs)
    write_idx(tmp_path / "l", np.array([9, 0, 4]), True)
    assert read_labels(tmp_path / "l").tolist() == [9, 0, 4]
    write_idx(tmp_path / "empty", np.zeros((0, 28, 28)))
    assert read_images(tmp_path / "empty").shape == (0, 28, 28)  # a file may be empty; a set may not


def test_a_directory_is_not_an_idx_file(tmp_path):
    with pytest.raises(DatasetError) as err:
        read_images(tmp_path)
    assert err.value.code == "not_a_file"


# ---------------------------------------------------------------- sets


def folder_with(path, n_train, n_test):
    path.mkdir()
    rng = np.random.default_rng(0)
    write_idx(path / "train-images-idx3-ubyte", rng.integers(0, 256, (n_train, 28, 28)))
    write_idx(path / "train-labels-idx1-ubyte", np.arange(n_train) % 10)
    write_idx(path / "t10k-images-idx3-ubyte.gz", rng.integers(0, 256, (n_test, 28, 28)), True)
    write_idx(path / "t10k-labels-idx1-ubyte.gz", np.arange(n_test) % 10, True)
    return path


@pytest.mark.parametrize("n_train, n_test, empty", [(0, 5, "train"), (5, 0, "test"), (0, 0, "train")])
def test_an_empty_set_is_refused_when_it_is_loaded(tmp_path, n_train, n_test, empty):
    folder = folder_with(tmp_path / "fm", n_train, n_test)
    for load in (lambda: load_folder(folder), lambda: load_fashion(str(folder))):
        with pytest.raises(DatasetError) as err:
            load()
        assert err.value.code == "empty_set" and err.value.details == {"path": str(folder), "set": empty}


def test_no_dataset_names_the_folders_as_a_list(tmp_path, monkeypatch):
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fashion, "DEBIAN_DIR", tmp_path / "not-installed")
    with pytest.raises(DatasetError) as err:
        load_fashion(allow_bundled=False)
    assert err.value.code == "no_dataset"
    assert err.value.details["tried"] == ["data/FashionMNIST/raw", str(tmp_path / "not-installed")]


def test_the_messages_join_the_folders_and_translate_the_set_name(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from gui.messages import describe_error
    from tests.conftest import REPO

    tried = DatasetError("no_dataset", {"tried": ["data/FashionMNIST/raw", "/usr/share/datasets/fashion-mnist"]})
    mismatch = DatasetError("idx_count_mismatch", {"path": "/d", "set": "train", "images": 5, "labels": 4})
    empty = DatasetError("empty_set", {"path": "/d", "set": "test"})
    text = describe_error(tried)
    assert "data/FashionMNIST/raw, /usr/share/datasets/fashion-mnist" in text and "[" not in text and "'" not in text
    assert describe_error(mismatch) == "In /d the training set has 5 images but 4 labels."
    assert "the test set holds no images" in describe_error(empty)
    translator = QTranslator()
    assert translator.load(str(REPO / "resources" / "translations" / "mlbl_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        assert "data/FashionMNIST/raw、/usr/share/datasets/fashion-mnist" in describe_error(tried)
        assert "训练集" in describe_error(mismatch) and "train" not in describe_error(mismatch)
        assert "测试集" in describe_error(empty) and "test" not in describe_error(empty)
    finally:
        QCoreApplication.removeTranslator(translator)


# ---- found by the mutation run (scripts/mutation.sh)


class Trickle:
    """A stream that hands out at most 3 bytes a call, as a pipe or a gzip member may."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, n=-1):
        part = self.data[self.pos:self.pos + min(3, n if n >= 0 else 3)]
        self.pos += len(part)
        return part

    def readinto(self, view):
        part = self.read(len(view))
        view[:len(part)] = part
        return len(part)


def test_short_reads_are_joined_into_the_whole_file(tmp_path):
    import core.idx as idx

    images = np.arange(2 * 5 * 4, dtype=np.uint8).reshape(2, 5, 4)
    write_idx(tmp_path / "i.idx", images)
    data = (tmp_path / "i.idx").read_bytes()
    out = idx._parse(Trickle(data), tmp_path / "i.idx", idx.IMAGES_MAGIC, None)
    assert np.array_equal(out, images)


def test_a_labels_file_claiming_too_many_items_is_refused_by_its_header(tmp_path):
    import core.idx as idx

    p = tmp_path / "l.idx"
    p.write_bytes(struct.pack(">II", idx.LABELS_MAGIC, idx.MAX_ITEMS + 1))
    with pytest.raises(DatasetError) as err:
        read_labels(p)
    assert err.value.code == "idx_bad_shape" and err.value.details["shape"] == [idx.MAX_ITEMS + 1]


def test_fashion_labels_stop_at_9(tmp_path):
    write_idx(tmp_path / "l.idx", np.array([0, 9, 3], np.uint8))
    assert read_labels(tmp_path / "l.idx").tolist() == [0, 9, 3]
    write_idx(tmp_path / "bad.idx", np.array([0, 10], np.uint8))
    with pytest.raises(DatasetError) as err:
        read_labels(tmp_path / "bad.idx")
    assert err.value.code == "label_out_of_range" and err.value.details["value"] == 10


def test_write_idx_compresses_when_asked(tmp_path):
    labels = np.array([1, 2, 3], np.uint8)
    write_idx(tmp_path / "l.gz", labels, compress=True)
    assert (tmp_path / "l.gz").read_bytes()[:2] == b"\x1f\x8b"
    assert read_labels(tmp_path / "l.gz").tolist() == [1, 2, 3]


def _labels_header(n):
    return struct.pack(">II", 2049, n)


@pytest.mark.parametrize("name, data, code, details", [
    ("short", b"\x00\x00", "idx_truncated", {"bytes": 2}),
    ("magic", struct.pack(">II", 2051, 1) + b"\x00", "idx_bad_magic", {"found": 2051, "expected": 2049}),
    ("dims", struct.pack(">I", 2049) + b"\x00\x00", "idx_truncated", {"bytes": 6}),
    ("body", _labels_header(5) + b"\x00" * 3, "idx_truncated", {"expected": 5, "bytes": 3}),
    ("extra", _labels_header(2) + b"\x00" * 4, "idx_trailing_bytes", {"expected": 2, "bytes": 4}),
    ("gz-body", gzip.compress(_labels_header(5) + b"\x00" * 3), "idx_truncated", {"expected": 5, "bytes": 3}),
    ("gz-extra", gzip.compress(_labels_header(2) + b"\x00" * 4), "idx_trailing_bytes", {"expected": 2, "bytes": 3}),
])
def test_labels_refusals_carry_what_the_file_held(tmp_path, name, data, code, details):
    """The sentences show these numbers (mutation survivors: only the codes were checked)."""
    p = tmp_path / f"{name}.idx"
    p.write_bytes(data)
    with pytest.raises(DatasetError) as err:
        read_labels(p)
    assert err.value.code == code and err.value.details == {"path": str(p), **details}


@pytest.mark.parametrize("dims, code, details", [
    ((1, 5000, 2), "idx_bad_shape", {"shape": [1, 5000, 2]}),
    ((1_000_000, 4096, 4096), "file_too_large", {"bytes": 1_000_000 * 4096 * 4096, "limit": MAX_BYTES}),
])
def test_images_header_refusals(tmp_path, dims, code, details):
    p = tmp_path / "i.idx"
    p.write_bytes(struct.pack(">IIII", 2051, *dims))
    with pytest.raises(DatasetError) as err:
        read_images(p)
    assert err.value.code == code and err.value.details == {"path": str(p), **details}


def test_file_refusals_name_the_file(tmp_path):
    with pytest.raises(DatasetError) as err:
        read_labels(tmp_path / "none.idx")
    assert err.value.code == "file_not_found" and err.value.details == {"path": str(tmp_path / "none.idx")}
    with pytest.raises(DatasetError) as err:
        read_labels(tmp_path)
    assert err.value.code == "not_a_file" and err.value.details == {"path": str(tmp_path)}
    bad = tmp_path / "bad.gz"
    bad.write_bytes(b"\x1f\x8b" + b"\x00" * 30)
    with pytest.raises(DatasetError) as err:
        read_labels(bad)
    assert err.value.code == "gzip_corrupt" and err.value.details["path"] == str(bad)
    assert err.value.details["reason"]
