"""core.imageio: safe photo loading. Every image is made inside the test (no binary fixtures)."""

import struct
import zlib

import cv2
import numpy as np
import pytest

from core.errors import LabError
from core.imageio import (
    MAX_PIXELS,
    ImageLoadError,
    LoadedImage,
    decode_image,
    exif_orientation,
    image_header_size,
    load_image,
)

# ---------------------------------------------------------------- helpers


def encode(ext, img, params=()):
    ok, buf = cv2.imencode(ext, img, list(params))
    assert ok
    return buf.tobytes()


def png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def craft_png(width, height, depth, color_type, rows=None):
    """A PNG made by hand: cv2 cannot write gray+alpha, and bombs need a lying IHDR."""
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0))
    body = b"" if rows is None else png_chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + r for r in rows)))
    return b"\x89PNG\r\n\x1a\n" + ihdr + body + png_chunk(b"IEND", b"")


def exif_segment(orientation, order="MM"):
    """An APP1 Exif segment whose IFD0 holds only the orientation tag."""
    e = ">" if order == "MM" else "<"
    tiff = order.encode() + struct.pack(e + "HI", 42, 8)
    tiff += struct.pack(e + "H", 1) + struct.pack(e + "HHIHH", 0x0112, 3, 1, orientation, 0)
    tiff += struct.pack(e + "I", 0)
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def with_exif(jpeg, orientation, order="MM"):
    return jpeg[:2] + exif_segment(orientation, order) + jpeg[2:]


def corners_image():
    """40 x 80 gray picture: red block top-left, blue block top-right (survive JPEG)."""
    img = np.full((40, 80, 3), 128, np.uint8)
    img[:12, :12] = (0, 0, 255)
    img[:12, -12:] = (255, 0, 0)
    return img


def corner_colour(bgr, corner):
    h, w = bgr.shape[:2]
    y = 3 if corner[0] == "T" else h - 4
    x = 3 if corner[1] == "L" else w - 4
    b, g, r = (int(v) for v in bgr[y, x])
    if r > 200 and b < 60 and g < 60:
        return "red"
    if b > 200 and r < 60 and g < 60:
        return "blue"
    return "other"


def error_of(excinfo):
    err = excinfo.value
    assert isinstance(err, ImageLoadError) and isinstance(err, LabError)
    return err.code, err.details


def assert_bgr8(loaded, h, w):
    assert isinstance(loaded, LoadedImage)
    assert loaded.bgr.shape == (h, w, 3)
    assert loaded.bgr.dtype == np.uint8
    assert loaded.bgr.flags["C_CONTIGUOUS"]


@pytest.fixture
def picture():
    rng = np.random.default_rng(7)
    return rng.integers(0, 256, (23, 37, 3), dtype=np.uint8)


# ---------------------------------------------------------------- good files


def test_png_loads_exactly(tmp_path, picture):
    f = tmp_path / "p.png"
    f.write_bytes(encode(".png", picture))
    loaded = load_image(f)
    assert_bgr8(loaded, 23, 37)
    assert np.array_equal(loaded.bgr, picture)
    assert loaded.path == str(f)
    assert loaded.source_size == (37, 23)
    assert (loaded.orientation, loaded.bit_depth, loaded.had_alpha, loaded.channels) == (1, 8, False, 3)


@pytest.mark.parametrize("ext", [".bmp", ".tiff"])
def test_lossless_formats_load_exactly(tmp_path, picture, ext):
    f = tmp_path / ("p" + ext)
    f.write_bytes(encode(ext, picture))
    loaded = load_image(f)
    assert_bgr8(loaded, 23, 37)
    assert np.array_equal(loaded.bgr, picture)


def test_webp_lossless_and_lossy(tmp_path, picture):
    f = tmp_path / "p.webp"
    f.write_bytes(encode(".webp", picture, [cv2.IMWRITE_WEBP_QUALITY, 101]))
    assert np.array_equal(load_image(f).bgr, picture)
    flat = np.full((23, 37, 3), (30, 120, 210), np.uint8)
    f.write_bytes(encode(".webp", flat, [cv2.IMWRITE_WEBP_QUALITY, 90]))
    loaded = load_image(f)
    assert_bgr8(loaded, 23, 37)
    assert np.abs(loaded.bgr.astype(int) - flat).max() <= 6


def test_jpeg_loads_close_to_original(tmp_path):
    img = corners_image()
    f = tmp_path / "p.jpg"
    f.write_bytes(encode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 95]))
    loaded = load_image(f)
    assert_bgr8(loaded, 40, 80)
    assert np.abs(loaded.bgr.astype(int) - img).mean() < 3
    assert corner_colour(loaded.bgr, "TL") == "red" and corner_colour(loaded.bgr, "TR") == "blue"


def test_gif_loads(tmp_path):
    img = corners_image()
    f = tmp_path / "p.gif"
    f.write_bytes(encode(".gif", img))
    loaded = load_image(f)
    assert_bgr8(loaded, 40, 80)
    assert corner_colour(loaded.bgr, "TL") == "red"


def test_decode_image_from_bytes(picture):
    loaded = decode_image(encode(".png", picture))
    assert loaded.path == ""
    assert np.array_equal(loaded.bgr, picture)


def test_non_ascii_path_loads(tmp_path, picture):
    folder = tmp_path / "仪表照片"
    folder.mkdir()
    f = folder / "压力表_读数.png"
    f.write_bytes(encode(".png", picture))
    loaded = load_image(str(f))
    assert np.array_equal(loaded.bgr, picture)
    assert loaded.path == str(f)


def test_appended_data_after_eoi_still_loads():
    # Motion photos and some phones append data after the JPEG's EOI marker.
    jpeg = encode(".jpg", corners_image())
    loaded = decode_image(jpeg + b"\x00\x00\x00\x18ftypmp42" + bytes(200))
    assert_bgr8(loaded, 40, 80)


# ---------------------------------------------------------------- conversions


def test_sixteen_bit_png_scales_to_eight_bit():
    values = np.array([[0, 128, 129, 257 * 100, 257 * 100 + 128, 65535]], np.uint16)
    loaded = decode_image(encode(".png", values))
    assert loaded.bit_depth == 16 and loaded.channels == 1
    expected = np.array([0, 0, 1, 100, 100, 255], np.uint8)
    assert np.array_equal(loaded.bgr[0, :, 0], expected)
    assert np.array_equal(loaded.bgr[..., 0], loaded.bgr[..., 2])


def test_sixteen_bit_colour_png_keeps_channel_order():
    img = np.zeros((2, 2, 3), np.uint16)
    img[..., 2] = 65535  # red in BGR
    loaded = decode_image(encode(".png", img))
    assert loaded.bit_depth == 16
    assert loaded.bgr[0, 0].tolist() == [0, 0, 255]


def test_rgba_png_composites_over_white():
    img = np.zeros((1, 3, 4), np.uint8)
    img[0, 0] = (10, 20, 30, 0)  # fully transparent
    img[0, 1] = (10, 20, 30, 255)  # opaque
    img[0, 2] = (0, 100, 200, 128)  # half
    loaded = decode_image(encode(".png", img))
    assert loaded.had_alpha and loaded.channels == 4
    assert loaded.bgr[0, 0].tolist() == [255, 255, 255]
    assert loaded.bgr[0, 1].tolist() == [10, 20, 30]
    expected = [round(c * 128 / 255 + 255 * 127 / 255) for c in (0, 100, 200)]
    assert loaded.bgr[0, 2].tolist() == expected


def test_sixteen_bit_rgba_composites_over_white():
    img = np.zeros((1, 2, 4), np.uint16)
    img[0, 0] = (0, 0, 0, 0)
    img[0, 1] = (257 * 40, 257 * 50, 257 * 60, 65535)
    loaded = decode_image(encode(".png", img))
    assert (loaded.bit_depth, loaded.had_alpha) == (16, True)
    assert loaded.bgr[0].tolist() == [[255, 255, 255], [40, 50, 60]]


def test_gray_alpha_png_composites_over_white():
    rows = [bytes([100, 0, 200, 255])]  # (gray, alpha) pairs
    loaded = decode_image(craft_png(2, 1, 8, 4, rows))
    assert loaded.had_alpha
    assert loaded.bgr[0].tolist() == [[255, 255, 255], [200, 200, 200]]


def test_grayscale_becomes_three_equal_channels():
    gray = np.arange(24, dtype=np.uint8).reshape(4, 6) * 10
    loaded = decode_image(encode(".png", gray))
    assert loaded.channels == 1 and not loaded.had_alpha
    assert_bgr8(loaded, 4, 6)
    for c in range(3):
        assert np.array_equal(loaded.bgr[..., c], gray)


# ---------------------------------------------------------------- EXIF orientation

# Where the stored top-left (red) and top-right (blue) blocks must end up when shown upright.
ORIENTATIONS = {
    1: ("TL", "TR", False),
    2: ("TR", "TL", False),
    3: ("BR", "BL", False),
    4: ("BL", "BR", False),
    5: ("TL", "BL", True),
    6: ("TR", "BR", True),
    7: ("BR", "TR", True),
    8: ("BL", "TL", True),
}


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_exif_orientation_is_applied(tmp_path, orientation):
    jpeg = encode(".jpg", corners_image(), [cv2.IMWRITE_JPEG_QUALITY, 95])
    f = tmp_path / "o.jpg"
    f.write_bytes(with_exif(jpeg, orientation))
    loaded = load_image(f)
    red, blue, swapped = ORIENTATIONS[orientation]
    assert loaded.orientation == orientation
    assert loaded.source_size == (80, 40)
    assert loaded.bgr.shape == ((80, 40, 3) if swapped else (40, 80, 3))
    assert loaded.bgr.flags["C_CONTIGUOUS"]
    assert corner_colour(loaded.bgr, red) == "red"
    assert corner_colour(loaded.bgr, blue) == "blue"


def test_orientation_six_is_exactly_a_clockwise_turn():
    jpeg = encode(".jpg", corners_image())
    upright = decode_image(jpeg).bgr  # same entropy data, so the same pixels
    turned = decode_image(with_exif(jpeg, 6)).bgr
    assert np.array_equal(turned, np.rot90(upright, k=-1))
    assert np.array_equal(decode_image(with_exif(jpeg, 3)).bgr, upright[::-1, ::-1])
    assert np.array_equal(decode_image(with_exif(jpeg, 8)).bgr, np.rot90(upright, k=1))


def test_exif_orientation_reader():
    jpeg = encode(".jpg", corners_image())
    assert exif_orientation(jpeg) == 1
    assert exif_orientation(with_exif(jpeg, 6, "MM")) == 6
    assert exif_orientation(with_exif(jpeg, 8, "II")) == 8
    assert exif_orientation(with_exif(jpeg, 42)) == 1  # out of range: ignored
    assert exif_orientation(b"not a jpeg") == 1
    assert exif_orientation(with_exif(jpeg, 6)[:12]) == 1  # cut inside the segment


def test_png_has_no_exif_orientation(picture):
    assert decode_image(encode(".png", picture)).orientation == 1


# ---------------------------------------------------------------- header sizes


@pytest.mark.parametrize(
    "ext, params",
    [
        (".png", []),
        (".jpg", []),
        (".jpg", [cv2.IMWRITE_JPEG_PROGRESSIVE, 1]),
        (".bmp", []),
        (".gif", []),
        (".webp", [cv2.IMWRITE_WEBP_QUALITY, 101]),  # VP8L
        (".webp", [cv2.IMWRITE_WEBP_QUALITY, 80]),  # VP8
        (".tiff", []),
    ],
)
def test_header_size_of_encoded_files(picture, ext, params):
    assert image_header_size(encode(ext, picture, params)) == (37, 23)


def test_header_size_of_webp_kinds_is_what_they_claim():
    lossy = encode(".webp", np.zeros((5, 9, 3), np.uint8), [cv2.IMWRITE_WEBP_QUALITY, 80])
    assert lossy[12:16] == b"VP8 " and image_header_size(lossy) == (9, 5)
    vp8x = b"RIFF" + struct.pack("<I", 22) + b"WEBP" + b"VP8X" + struct.pack("<I", 10)
    vp8x += b"\x10\x00\x00\x00" + (3999).to_bytes(3, "little") + (2999).to_bytes(3, "little")
    assert image_header_size(vp8x) == (4000, 3000)


def test_header_size_jpeg_skips_app_segments():
    jpeg = with_exif(encode(".jpg", corners_image()), 6)
    jpeg = jpeg[:2] + b"\xff\xe2" + struct.pack(">H", 300) + bytes(298) + jpeg[2:]
    assert image_header_size(jpeg) == (80, 40)  # stored size, before orientation


def test_header_size_crafted_bmp_variants():
    top_down = b"BM" + bytes(12) + struct.pack("<Iii", 40, 640, -480) + bytes(28)
    assert image_header_size(top_down) == (640, 480)
    os2 = b"BM" + bytes(12) + struct.pack("<IHH", 12, 320, 200) + bytes(4)
    assert image_header_size(os2) == (320, 200)


def test_header_size_crafted_tiff_both_byte_orders_and_bigtiff():
    def classic(order, w, h, width_type):
        e = "<" if order == b"II" else ">"
        entries = [(256, width_type, w), (257, 4, h)]
        out = order + struct.pack(e + "HI", 42, 8) + struct.pack(e + "H", len(entries))
        for tag, kind, value in entries:
            field = struct.pack(e + ("H" if kind == 3 else "I"), value).ljust(4, b"\x00")
            out += struct.pack(e + "HHI", tag, kind, 1) + field
        return out + struct.pack(e + "I", 0)

    assert image_header_size(classic(b"II", 1200, 800, 3)) == (1200, 800)
    assert image_header_size(classic(b"MM", 1200, 800, 3)) == (1200, 800)
    assert image_header_size(classic(b"MM", 70000, 5, 4)) == (70000, 5)
    big = b"II" + struct.pack("<HHHQ", 43, 8, 0, 16) + struct.pack("<Q", 2)
    big += struct.pack("<HHQQ", 256, 16, 1, 5000) + struct.pack("<HHQQ", 257, 4, 1, 4000)
    assert image_header_size(big) == (5000, 4000)


def test_header_size_gif_and_png_crafted():
    assert image_header_size(b"GIF89a" + struct.pack("<HH", 300, 200) + bytes(10)) == (300, 200)
    assert image_header_size(craft_png(100000, 100000, 8, 2)) == (100000, 100000)


@pytest.mark.parametrize(
    "data", [b"", b"hello world", b"%PDF-1.7\n", b"PK\x03\x04" + bytes(40), b"\x89PNG\r\n\x1a\n"]
)
def test_header_size_unknown_or_short_is_none(data):
    assert image_header_size(data) is None


# ---------------------------------------------------------------- bombs and limits


def test_png_bomb_is_refused_before_decoding(tmp_path, monkeypatch):
    def no_decoding(*args, **kwargs):
        raise AssertionError("the decoder must not run")

    monkeypatch.setattr(cv2, "imdecode", no_decoding)
    f = tmp_path / "bomb.png"
    f.write_bytes(craft_png(100000, 100000, 8, 2))
    with pytest.raises(ImageLoadError) as excinfo:
        load_image(f)
    assert error_of(excinfo) == (
        "too_many_pixels",
        {"path": str(f), "width": 100000, "height": 100000, "limit": MAX_PIXELS},
    )


def test_jpeg_bomb_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(cv2, "imdecode", lambda *a, **k: pytest.fail("decoded"))
    jpeg = bytearray(encode(".jpg", corners_image()))
    sof = next(i for i in range(2, len(jpeg) - 1) if jpeg[i] == 0xFF and jpeg[i + 1] in (0xC0, 0xC2))
    jpeg[sof + 5 : sof + 9] = struct.pack(">HH", 65000, 65000)
    with pytest.raises(ImageLoadError) as excinfo:
        decode_image(bytes(jpeg), "bomb.jpg")
    code, details = error_of(excinfo)
    assert code == "too_many_pixels" and details["width"] == 65000 and details["path"] == "bomb.jpg"


def test_max_pixels_is_configurable(picture):
    data = encode(".png", picture)
    with pytest.raises(ImageLoadError) as excinfo:
        decode_image(data, max_pixels=37 * 23 - 1)
    assert error_of(excinfo)[0] == "too_many_pixels"
    assert decode_image(data, max_pixels=37 * 23).bgr.shape == (23, 37, 3)


def test_file_too_large(tmp_path, picture):
    f = tmp_path / "big.png"
    data = encode(".png", picture)
    f.write_bytes(data)
    with pytest.raises(ImageLoadError) as excinfo:
        load_image(f, max_bytes=100)
    assert error_of(excinfo) == ("file_too_large", {"path": str(f), "bytes": len(data), "limit": 100})


# ---------------------------------------------------------------- bad files


def test_missing_file(tmp_path):
    f = tmp_path / "nope.png"
    with pytest.raises(ImageLoadError) as excinfo:
        load_image(f)
    assert error_of(excinfo) == ("file_not_found", {"path": str(f)})


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(ImageLoadError) as excinfo:
        load_image(tmp_path)
    assert error_of(excinfo) == ("not_a_file", {"path": str(tmp_path)})


def test_empty_file(tmp_path):
    f = tmp_path / "empty.jpg"
    f.write_bytes(b"")
    with pytest.raises(ImageLoadError) as excinfo:
        load_image(f)
    assert error_of(excinfo) == ("empty_file", {"path": str(f)})
    with pytest.raises(ImageLoadError) as excinfo:
        decode_image(b"")
    assert error_of(excinfo)[0] == "empty_file"


@pytest.mark.parametrize(
    "content",
    [
        "gauge reading: 3.2 bar\n".encode(),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(40),
        b"BMW 320i service log, 2021-04-01\n",
    ],
)
def test_not_an_image(tmp_path, content):
    f = tmp_path / "renamed.png"
    f.write_bytes(content)
    with pytest.raises(ImageLoadError) as excinfo:
        load_image(f)
    assert error_of(excinfo) == ("not_an_image", {"path": str(f)})


def test_heic_is_reported_as_unsupported():
    heic = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00mif1heic" + bytes(32)
    with pytest.raises(ImageLoadError) as excinfo:
        decode_image(heic, "IMG_0001.HEIC")
    assert error_of(excinfo) == ("unsupported_format", {"path": "IMG_0001.HEIC", "format": "heic"})


@pytest.mark.parametrize("ext", [".jpg", ".png", ".webp", ".bmp", ".gif", ".tiff"])
def test_truncated_file_is_corrupt(tmp_path, ext):
    data = encode(ext, corners_image())
    f = tmp_path / ("half" + ext)
    f.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageLoadError) as excinfo:
        load_image(f)
    code, details = error_of(excinfo)
    assert code == "corrupt_image" and details["path"] == str(f)


def test_jpeg_missing_only_its_end_marker_is_corrupt():
    data = encode(".jpg", corners_image())
    assert data.endswith(b"\xff\xd9")
    with pytest.raises(ImageLoadError) as excinfo:
        decode_image(data[:-2])
    assert error_of(excinfo)[0] == "corrupt_image"
    assert decode_image(data + bytes(64)).bgr.shape == (40, 80, 3)  # zero padding is fine


def test_png_garbage_after_valid_header_is_corrupt():
    header = craft_png(16, 16, 8, 2)[:33]  # signature + IHDR
    rng = np.random.default_rng(1)
    with pytest.raises(ImageLoadError) as excinfo:
        decode_image(header + rng.integers(0, 256, 500, dtype=np.uint8).tobytes())
    assert error_of(excinfo)[0] == "corrupt_image"


def test_png_with_broken_pixel_data_is_corrupt():
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
    broken = b"\x89PNG\r\n\x1a\n" + ihdr + png_chunk(b"IDAT", b"not zlib at all") + png_chunk(b"IEND", b"")
    with pytest.raises(ImageLoadError) as excinfo:
        decode_image(broken, "broken.png")
    assert error_of(excinfo) == ("corrupt_image", {"path": "broken.png", "format": "png", "reason": "decoder"})


def test_zero_sized_header_is_corrupt():
    with pytest.raises(ImageLoadError) as excinfo:
        decode_image(craft_png(0, 10, 8, 2))
    assert error_of(excinfo)[0] == "corrupt_image"


def test_corrupt_file_leaves_opencv_quiet_and_log_level_restored(capfd):
    before = cv2.utils.logging.getLogLevel()
    data = encode(".bmp", corners_image())
    with pytest.raises(ImageLoadError):
        decode_image(data[: len(data) // 2])
    assert cv2.utils.logging.getLogLevel() == before
    assert "imdecode" not in capfd.readouterr().err
