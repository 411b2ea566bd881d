"""Safe decoding: every malformed input becomes ImageDecodeError with a clear reason, never a crash."""

from __future__ import annotations

import io

import pytest
from PIL import Image, features

from harrier.detect.image.decode import HEIF_SUPPORTED, ImageDecodeError, load_image


def _jpeg(size=(640, 480), color=(200, 30, 30), exif: Image.Exif | None = None) -> bytes:
    buf = io.BytesIO()
    im = Image.new("RGB", size, color)
    im.paste((20, 20, 220), (0, 0, size[0] // 2, size[1] // 4))
    im.save(buf, "JPEG", quality=90, exif=exif if exif is not None else Image.Exif())
    return buf.getvalue()


def test_zero_byte_file(tmp_path):
    p = tmp_path / "empty.jpg"
    p.write_bytes(b"")
    with pytest.raises(ImageDecodeError, match="empty"):
        load_image(p)


def test_truncated_jpeg_is_an_error_not_a_partial_image():
    data = _jpeg()
    with pytest.raises(ImageDecodeError, match="truncated|corrupt"):
        load_image(data[: len(data) // 2])


def test_unknown_bytes_and_wrong_extension(tmp_path):
    with pytest.raises(ImageDecodeError, match="unknown"):
        load_image(b"this is not an image at all" * 10)
    p = tmp_path / "photo.gif"  # a JPEG named .gif decodes by content
    p.write_bytes(_jpeg())
    assert load_image(p).format == "JPEG"


def test_postscript_is_refused_not_rendered():
    # Pillow can hand EPS to Ghostscript; the allowlist must refuse it before any interpreter runs
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    with pytest.raises(ImageDecodeError, match="unknown"):
        load_image(eps)


def test_decompression_bomb_refused_from_header():
    buf = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buf, "PNG")  # tiny file, 144 Mpx
    with pytest.raises(ImageDecodeError, match="decompression bomb"):
        load_image(buf.getvalue())
    with pytest.raises(ImageDecodeError, match="exceeds the limit"):
        load_image(_jpeg((400, 300)), max_pixels=100_000)


def test_animated_gif_first_frame_and_count():
    frames = [Image.new("RGB", (40, 30), (i * 40, 0, 0)) for i in range(5)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=50)
    d = load_image(buf.getvalue())
    assert d.frames == 5 and d.format == "GIF" and d.image.mode == "RGB"
    assert d.image.getpixel((5, 5))[0] < 10  # the first (black-red 0) frame


def test_exif_orientation_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise on display
    d = load_image(_jpeg((640, 480), exif=exif))
    assert (d.width, d.height) == (640, 480)  # as stored
    assert d.image.size == (480, 640)  # as displayed


def test_draft_mode_reduces_large_jpeg_but_not_below_request():
    d = load_image(_jpeg((1600, 1200)), draft_size=(256, 256))
    assert d.draft_used
    assert d.image.size[0] >= 256 and d.image.size[1] >= 256 and d.image.size[0] < 1600
    full = load_image(_jpeg((1600, 1200)))
    assert not full.draft_used and full.image.size == (1600, 1200)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"] + (["AVIF"] if features.check("avif") else [])
                         + (["HEIF"] if HEIF_SUPPORTED else []))
def test_formats(fmt):
    buf = io.BytesIO()
    Image.new("RGBA" if fmt == "PNG" else "RGB", (64, 48), (10, 200, 30)).save(buf, fmt)
    d = load_image(buf.getvalue())
    assert d.format == fmt and d.image.mode == "RGB" and d.image.size == (64, 48)


def test_high_bit_depth_greyscale():
    buf = io.BytesIO()
    Image.new("I;16", (20, 20), 40000).save(buf, "PNG")
    d = load_image(buf.getvalue())
    assert d.image.getpixel((1, 1))[0] == 40000 // 256
