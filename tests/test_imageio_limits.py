"""core.imageio, continued: decoded-size budgets read from headers, bounded conversion,
EXIF orientation beyond JPEG, and JPEGs that lost scan data but kept their end marker.
Every file is made in the test."""

import os
import struct
import tracemalloc
import zlib

import cv2
import numpy as np
import pytest

import core.imageio as imageio
from core.imageio import MAX_DECODED_BYTES, ImageLoadError, decode_image, exif_orientation, image_header, load_image
from tests.test_imageio import corner_colour, corners_image, craft_png, encode, png_chunk

EXPECTED_TURN = {  # the upright picture for each EXIF orientation, written out independently
    1: lambda a: a,
    2: lambda a: a[:, ::-1],
    3: lambda a: a[::-1, ::-1],
    4: lambda a: a[::-1],
    5: lambda a: a.swapaxes(0, 1),
    6: lambda a: np.rot90(a, k=-1),
    7: lambda a: a[::-1, ::-1].swapaxes(0, 1),
    8: lambda a: np.rot90(a, k=1),
}


def photo(h, w, seed=0):
    """A smooth picture with noise: compresses like a photo, not like flat colour."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    img = np.dstack([128 + 100 * np.sin(x / 17.0 + c) * np.cos(y / 23.0 - c) for c in range(3)])
    return np.clip(img + rng.normal(0, 12, img.shape), 0, 255).astype(np.uint8)


def tiff_file(pixels_rgb, orientation=1, bits=8, sample_format=1):
    """A minimal uncompressed RGB TIFF; BitsPerSample (3 values) sits at an offset, as usual."""
    h, w = pixels_rgb.shape[:2]
    data = np.ascontiguousarray(pixels_rgb).astype("<u2" if bits == 16 else np.uint8).tobytes()
    entries = [(256, 3, 1, w), (257, 3, 1, h), (258, 3, 3, None), (259, 3, 1, 1), (262, 3, 1, 2),
               (273, 4, 1, None), (274, 3, 1, orientation), (277, 3, 1, 3), (278, 3, 1, h), (279, 4, 1, len(data)),
               (339, 3, 1, sample_format)]
    bits_at = 8 + 2 + 12 * len(entries) + 4
    out = b"II" + struct.pack("<HI", 42, 8) + struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        value = {258: bits_at, 273: bits_at + 6}.get(tag, value)
        field = struct.pack("<H", value).ljust(4, b"\0") if (kind == 3 and count == 1) else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, count) + field
    return out + struct.pack("<I", 0) + struct.pack("<HHH", bits, bits, bits) + data


def tiff_exif(orientation, order="MM"):
    e = ">" if order == "MM" else "<"
    return (order.encode() + struct.pack(e + "HI", 42, 8) + struct.pack(e + "H", 1)
            + struct.pack(e + "HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(e + "I", 0))


def png_with_exif(img, orientation, where="before", prefix=b"", order="MM"):
    png = encode(".png", img)
    chunk = png_chunk(b"eXIf", prefix + tiff_exif(orientation, order))
    if where == "before":
        return png[:33] + chunk + png[33:]  # right after IHDR
    return png[:-12] + chunk + png[-12:]  # after the image data, before IEND


def webp_with_exif(img, orientation, prefix=b""):
    """An extended (VP8X) WebP: a lossless bitstream and an EXIF chunk."""
    bitstream = encode(".webp", img, [cv2.IMWRITE_WEBP_QUALITY, 101])[12:]
    h, w = img.shape[:2]
    vp8x = b"VP8X" + struct.pack("<I", 10) + bytes([0x08, 0, 0, 0]) + (w - 1).to_bytes(3, "little") + \
        (h - 1).to_bytes(3, "little")
    payload = prefix + tiff_exif(orientation)
    exif = b"EXIF" + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) % 2 else b"")
    body = b"WEBP" + vp8x + bitstream + exif
    return b"RIFF" + struct.pack("<I", len(body)) + body


def variants():
    """(label, bytes) of every format and sample layout the lab opens."""
    pic = photo(23, 37)
    rgba = np.dstack([pic, np.arange(23 * 37, dtype=np.uint8).reshape(23, 37)])
    palette_trns = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 3, 0, 0, 0))
                    + png_chunk(b"PLTE", bytes([255, 0, 0, 0, 255, 0])) + png_chunk(b"tRNS", bytes([128]))
                    + png_chunk(b"IDAT", zlib.compress(b"\x00\x00\x01")) + png_chunk(b"IEND", b""))
    return [
        ("png", encode(".png", pic)),
        ("png gray", encode(".png", pic[:, :, 0])),
        ("png rgba", encode(".png", rgba)),
        ("png 16-bit rgba", encode(".png", rgba.astype(np.uint16) * 257)),
        ("png gray+alpha", craft_png(2, 1, 8, 4, [bytes([100, 0, 200, 255])])),
        ("png palette+tRNS", palette_trns),
        ("jpeg", encode(".jpg", pic)),
        ("jpeg progressive", encode(".jpg", pic, [cv2.IMWRITE_JPEG_PROGRESSIVE, 1])),
        ("jpeg gray", encode(".jpg", pic[:, :, 0])),
        ("bmp", encode(".bmp", pic)),
        ("bmp 32-bit", encode(".bmp", rgba)),
        ("gif", encode(".gif", pic)),
        ("webp lossless", encode(".webp", pic, [cv2.IMWRITE_WEBP_QUALITY, 101])),
        ("webp lossy", encode(".webp", pic, [cv2.IMWRITE_WEBP_QUALITY, 80])),
        ("webp alpha", encode(".webp", rgba, [cv2.IMWRITE_WEBP_QUALITY, 101])),
        ("tiff", encode(".tiff", pic)),
        ("tiff 16-bit", tiff_file(pic[:, :, ::-1].astype(np.uint16) * 257, bits=16)),
    ]


VARIANTS = variants()


@pytest.fixture
def no_decoder(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the decoder must not run: the header alone decides")

    monkeypatch.setattr(cv2, "imdecode", refuse)


# ---------------------------------------------------------------- limits from the header


@pytest.mark.parametrize("label, data", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_the_header_promise_covers_what_the_decoder_returns(label, data):
    header = image_header(data)
    decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    assert header.pixels == decoded.shape[0] * decoded.shape[1]
    assert header.decoded_bytes >= decoded.nbytes  # never an under-estimate
    assert decode_image(data, max_decoded_bytes=header.decoded_bytes).bgr.dtype == np.uint8


@pytest.mark.parametrize("label, data", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_a_callers_limits_are_enforced_from_the_header_before_decoding(no_decoder, label, data, tmp_path):
    header = image_header(data)
    with pytest.raises(ImageLoadError) as err:
        decode_image(data, "x", max_pixels=header.pixels - 1)
    assert err.value.code == "too_many_pixels"
    assert err.value.details == {"path": "x", "width": header.width, "height": header.height,
                                 "limit": header.pixels - 1}
    with pytest.raises(ImageLoadError) as err:
        decode_image(data, "x", max_decoded_bytes=header.decoded_bytes - 1)
    assert err.value.code == "too_many_bytes" and err.value.details["bytes"] == header.decoded_bytes
    assert err.value.details["limit"] == header.decoded_bytes - 1
    f = tmp_path / "f.img"
    f.write_bytes(data)
    with pytest.raises(ImageLoadError) as err:
        load_image(f, max_decoded_bytes=header.decoded_bytes - 1)
    assert err.value.code == "too_many_bytes"


def test_a_16_bit_rgba_png_under_the_pixel_limit_is_refused_by_its_bytes(no_decoder):
    # a 955 KB file like this (9000 × 9000, 16-bit RGBA) once peaked at 5.7 GB
    with pytest.raises(ImageLoadError) as err:
        decode_image(craft_png(9000, 9000, 16, 6), "deep.png")
    d = err.value.details
    assert err.value.code == "too_many_bytes"
    assert (d["width"], d["height"], d["channels"], d["bits"]) == (9000, 9000, 4, 16)
    assert d["bytes"] == 9000 * 9000 * 8 and d["limit"] == MAX_DECODED_BYTES
    assert image_header(craft_png(9000, 9000, 8, 2)).decoded_bytes == 9000 * 9000 * 3  # 8-bit RGB: allowed


def test_tiff_samples_the_lab_cannot_convert_are_refused_before_decoding(no_decoder):
    pic = photo(4, 5)
    with pytest.raises(ImageLoadError) as err:
        decode_image(tiff_file(pic, sample_format=3), "float.tif")
    assert err.value.code == "unsupported_format" and err.value.details["format"] == "tiff"
    assert image_header(tiff_file(pic, bits=16)).sample_bytes == 2  # BitsPerSample read at its offset


# ---------------------------------------------------------------- conversion


@pytest.mark.parametrize("depth", [8, 16])
def test_alpha_and_depth_conversion_is_exact_everywhere(depth):
    rng = np.random.default_rng(depth)
    top = 255 if depth == 8 else 65535
    img = rng.integers(0, top + 1, (37, 41, 4)).astype(np.uint8 if depth == 8 else np.uint16)
    loaded = decode_image(encode(".png", img))
    c, a = img[..., :3].astype(np.float64), img[..., 3:].astype(np.float64)
    expected = np.rint((c * a + top * (top - a)) / top / top * 255)  # over white, then to 8 bits
    assert np.array_equal(loaded.bgr, expected.astype(np.uint8))
    opaque = decode_image(encode(".png", img[..., :3])).bgr
    assert np.array_equal(opaque, np.rint(img[..., :3] / (top / 255)).astype(np.uint8))


def test_conversion_peak_stays_near_the_result():
    h, w = 1500, 2000
    img = np.zeros((h, w, 4), np.uint16)
    img[..., 0] = np.arange(w, dtype=np.uint16)[None, :] * 30
    img[..., 3] = 40000
    data = encode(".png", img)
    tracemalloc.start()
    try:
        loaded = decode_image(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    result = h * w * 3
    assert loaded.bgr.shape == (h, w, 3)
    # numpy's arrays are traced (the decoder's own buffer is not): the result and strips of a few MB,
    # not several float copies of the whole picture
    assert peak < result + 48 * 2 ** 20, peak / 2 ** 20


# ---------------------------------------------------------------- EXIF orientation


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("where, prefix, order", [("before", b"", "MM"), ("after", b"", "II"),
                                                  ("before", b"Exif\x00\x00", "MM")])
def test_png_exif_orientation_is_applied(orientation, where, prefix, order):
    img = corners_image()
    data = png_with_exif(img, orientation, where, prefix, order)
    assert exif_orientation(data) == orientation
    loaded = decode_image(data)
    assert loaded.orientation == orientation and loaded.source_size == (80, 40)
    assert np.array_equal(loaded.bgr, EXPECTED_TURN[orientation](img))
    assert loaded.bgr.flags["C_CONTIGUOUS"]


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("prefix", [b"", b"Exif\x00\x00"])
def test_webp_exif_orientation_is_applied(orientation, prefix):
    img = corners_image()
    data = webp_with_exif(img, orientation, prefix)
    assert exif_orientation(data) == orientation
    loaded = decode_image(data)
    assert loaded.orientation == orientation and loaded.source_size == (80, 40)
    assert np.array_equal(loaded.bgr, EXPECTED_TURN[orientation](img))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_tiff_orientation_is_applied_once(orientation):
    img = corners_image()
    data = tiff_file(img[:, :, ::-1], orientation)
    loaded = decode_image(data)
    assert loaded.orientation == orientation and loaded.source_size == (80, 40)
    assert np.array_equal(loaded.bgr, EXPECTED_TURN[orientation](img))


@pytest.mark.parametrize("orientation", [6, 8])
def test_a_turned_16_bit_alpha_png_is_converted_and_turned(orientation):
    img = np.zeros((40, 80, 4), np.uint16)
    img[:12, :12] = (0, 0, 65535, 65535)  # red, opaque
    img[:12, -12:] = (65535, 0, 0, 65535)  # blue
    img[12:, :, 3] = 0  # transparent: white
    loaded = decode_image(png_with_exif(img, orientation))
    red, blue = {6: ("TR", "BR"), 8: ("BL", "TL")}[orientation]
    assert loaded.bgr.shape == (80, 40, 3)
    assert corner_colour(loaded.bgr, red) == "red" and corner_colour(loaded.bgr, blue) == "blue"


# ---------------------------------------------------------------- JPEGs that lost scan data


def cut(data, start_fraction, length_fraction):
    """The JPEG with a stretch of its scan data removed; its header and end marker kept."""
    sos = data.find(b"\xff\xda")
    body = len(data) - sos
    a = sos + 40 + int((body - 60) * start_fraction)
    b = min(len(data) - 2, a + max(1, int(body * length_fraction)))
    return data[:a] + data[b:]


JPEG_KINDS = {
    "baseline": lambda img: encode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90]),
    "progressive": lambda img: encode(".jpg", img, [cv2.IMWRITE_JPEG_PROGRESSIVE, 1]),
    "gray": lambda img: encode(".jpg", img[:, :, 1]),
    "restart markers": lambda img: encode(".jpg", img, [cv2.IMWRITE_JPEG_RST_INTERVAL, 3]),
}


@pytest.mark.parametrize("kind", JPEG_KINDS)
@pytest.mark.parametrize("start, length", [(0.2, 0.05), (0.5, 0.3), (0.8, 0.1), (0.05, 0.01)])
def test_a_jpeg_cut_mid_scan_that_kept_its_end_marker_is_corrupt(kind, start, length):
    data = JPEG_KINDS[kind](photo(240, 320))
    assert decode_image(data).bgr.shape == (240, 320, 3)
    damaged = cut(data, start, length)
    assert damaged.endswith(b"\xff\xd9")
    with pytest.raises(ImageLoadError) as err:
        decode_image(damaged, "cut.jpg")
    assert err.value.code == "corrupt_image"
    assert err.value.details == {"path": "cut.jpg", "format": "jpeg", "reason": "missing_data"}


def test_grey_fill_is_caught_even_where_the_decoders_messages_cannot_be_read(monkeypatch):
    monkeypatch.setattr(imageio, "_damage_reported", lambda lines: False)  # as on Windows
    data = JPEG_KINDS["baseline"](photo(240, 320))
    damaged = cut(data, 0.5, 0.3)
    grey = cv2.imdecode(np.frombuffer(damaged, np.uint8), cv2.IMREAD_UNCHANGED)
    assert (grey[-8:, -8:] == 128).all()  # what libjpeg makes of the missing part
    with pytest.raises(ImageLoadError) as err:
        decode_image(damaged)
    assert err.value.details["reason"] == "missing_data"
    # a whole picture whose last block really is mid-grey still opens
    for kind in ("baseline", "progressive"):
        flat = JPEG_KINDS[kind](corners_image())
        assert decode_image(flat).bgr.shape == (40, 80, 3)
    assert decode_image(encode(".jpg", np.full((33, 47), 128, np.uint8))).bgr.shape == (33, 47, 3)


def test_a_jpeg_claiming_far_more_pixels_than_its_data_holds_is_refused_before_decoding(no_decoder):
    data = bytearray(encode(".jpg", photo(200, 200), [cv2.IMWRITE_JPEG_QUALITY, 95]))
    assert len(data) < 60_000
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 10900, 10900)  # 356 MB of pixels, within both limits
    with pytest.raises(ImageLoadError) as err:
        decode_image(bytes(data), "claims.jpg")
    assert err.value.details == {"path": "claims.jpg", "format": "jpeg", "reason": "missing_data"}


def test_a_jpeg_missing_a_restart_interval_is_refused_before_decoding(no_decoder):
    data = JPEG_KINDS["restart markers"](photo(240, 320))
    rst = [i for i in range(data.find(b"\xff\xda"), len(data) - 1) if data[i] == 0xFF and 0xD0 <= data[i + 1] <= 0xD7]
    assert len(rst) > 10
    damaged = data[: rst[4]] + data[rst[5] :]  # one interval and its marker gone: the sequence skips
    with pytest.raises(ImageLoadError) as err:
        decode_image(damaged)
    assert err.value.details["reason"] == "missing_data"
    with pytest.raises(ImageLoadError):
        decode_image(data[: rst[-1]] + data[-2:])  # the last intervals gone: too few markers


def test_decoder_messages_are_kept_off_stderr_and_other_output_passes(capfd):
    data = JPEG_KINDS["baseline"](photo(120, 160))
    with pytest.raises(ImageLoadError):
        decode_image(cut(data, 0.5, 0.2))
    with imageio._libjpeg_messages() as lines:
        os.write(2, b"a line from someone else\n")
    err = capfd.readouterr().err
    assert "Corrupt JPEG" not in err and "a line from someone else" in err and lines == []


def test_the_new_refusals_read_as_sentences(no_decoder):
    from gui.messages import describe_error

    with pytest.raises(ImageLoadError) as err:
        decode_image(craft_png(9000, 9000, 16, 6), "deep.png")
    text = describe_error(err.value)
    assert "deep.png" in text and "9000×9000" in text and "16 bits" in text and "{" not in text
    data = bytearray(encode(".jpg", photo(64, 64)))
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 10900, 10900)
    with pytest.raises(ImageLoadError) as err:
        decode_image(bytes(data), "claims.jpg")
    assert "claims.jpg is damaged: part of its picture data is missing" in describe_error(err.value)
