"""Safe image decoding: the one way every image detector opens bytes.

Platform media is untrusted input. This module
- opens only an allowlist of raster formats (Pillow also knows EPS, which runs Ghostscript, and dozens of
  rarely-fuzzed legacy decoders: none of them belongs in a moderation pipeline),
- checks the pixel count from the header *before* decoding, so a decompression bomb is refused cheaply with
  a clear reason instead of exhausting memory,
- turns every decoder failure (truncated, zero-byte, fuzzed, unknown format) into :class:`ImageDecodeError`,
  which detectors report as an ``image.decode_error`` signal rather than crash a scan,
- applies EXIF orientation, keeps the first frame of animations and counts the frames,
- uses JPEG draft mode (DCT-domain downscaling by 1/2, 1/4, 1/8) when the caller only needs a small image:
  decoding a 12-MP JPEG at 1/8 scale is several times faster than a full decode.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from harrier.model.signals import register_kind

# The signal every media detector emits when the decoder refuses a file: registered once, here, beside the
# errors it reports.
DECODE_ERROR = register_kind(
    "image.decode_error", ["media"],
    "The media bytes could not be decoded as an image (truncated, corrupt, bomb, unsupported).",
    score="fact (1.0)", severity_hint="low").name

DEFAULT_MAX_PIXELS = 64_000_000  # 8000 x 8000: above any phone camera, far below a bomb's billions
MAX_FRAMES_COUNTED = 10_000  # counting frames walks the file; a hostile GIF could claim millions

# Raster formats Harrier accepts. HEIF appears only when the optional pillow-heif opener is installed.
# (MPO, the multi-picture JPEG of some cameras, is opened by the JPEG plugin.)
ALLOWED_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "GIF", "AVIF", "HEIF", "BMP", "TIFF")

try:  # optional extra `harrier[heic]`: HEIC/HEIF photos from iPhones
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:  # pragma: no cover - depends on the install
    HEIF_SUPPORTED = False

Image.init()
_OPEN_FORMATS = tuple(f for f in ALLOWED_FORMATS if f in Image.OPEN)


class ImageDecodeError(Exception):
    """The bytes are not an image Harrier will decode. ``reason`` is short and fit for a signal's evidence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DecodedImage:
    image: Image.Image  # RGB, EXIF orientation applied, first frame; possibly reduced when draft_used
    width: int  # original width as stored (before orientation and draft)
    height: int
    format: str  # Pillow format name: JPEG, PNG, WEBP, GIF, AVIF, HEIF, ...
    frames: int  # 1 for a still image
    draft_used: bool  # True when JPEG draft mode decoded a reduced image
    mode: str = "RGB"  # the original mode (RGBA, P, L, CMYK...), before conversion
    has_alpha: bool = False


def _open(src: str | Path | bytes) -> Image.Image:
    if isinstance(src, bytes | bytearray | memoryview):
        data = bytes(src)
        if not data:
            raise ImageDecodeError("empty file (0 bytes)")
        fp: io.BytesIO | Path = io.BytesIO(data)
    else:
        fp = Path(src)
        try:
            size = fp.stat().st_size
        except OSError as e:
            raise ImageDecodeError(f"cannot read file: {e.strerror or e}") from e
        if size == 0:
            raise ImageDecodeError("empty file (0 bytes)")
    try:
        with warnings.catch_warnings():
            # We enforce our own limit below with a clearer message; Pillow's warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(fp, formats=_OPEN_FORMATS)
    except Image.DecompressionBombError as e:
        raise ImageDecodeError(f"decompression bomb refused: {e}") from e
    except UnidentifiedImageError as e:
        raise ImageDecodeError("unknown or unsupported image format") from e
    except OSError as e:
        if "runcated" in str(e):
            raise ImageDecodeError(f"truncated file: {e}") from e
        raise ImageDecodeError(f"cannot open image: {e}") from e
    except Exception as e:  # noqa: BLE001 - any parser failure on hostile bytes is a decode error
        raise ImageDecodeError(f"cannot open image: {type(e).__name__}: {e}") from e


def open_checked(src: str | Path | bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """Open (header only, pixels not decoded) with the format allowlist and the pixel limit checked.
    For readers that need the metadata or the raw mode (alpha) rather than an RGB image. Caller closes."""
    im = _open(src)
    width, height = im.size
    if width <= 0 or height <= 0:
        im.close()
        raise ImageDecodeError(f"invalid dimensions {width}x{height}")
    if width * height > max_pixels:
        im.close()
        raise ImageDecodeError(
            f"decompression bomb refused: {width}x{height} = {width * height:,} pixels exceeds the limit "
            f"of {max_pixels:,}"
        )
    return im


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001 - broken EXIF means "no orientation", not a broken image
        return 1


def _count_frames(im: Image.Image) -> int:
    try:
        n = int(getattr(im, "n_frames", 1) or 1)
    except Exception:  # noqa: BLE001 - a corrupt later frame must not lose the first one
        return 1
    finally:
        with contextlib.suppress(Exception):
            im.seek(0)
    return min(n, MAX_FRAMES_COUNTED)


def load_image(
    path_or_bytes: str | Path | bytes,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    draft_size: tuple[int, int] | None = None,
) -> DecodedImage:
    """Decode an image safely. ``draft_size`` = the smallest (width, height) the caller needs, in display
    orientation; JPEGs are then decoded at the smallest DCT scale that is still at least that big."""
    im = open_checked(path_or_bytes, max_pixels=max_pixels)
    try:
        fmt = im.format or "unknown"
        width, height = im.size
        orientation = _orientation(im)
        frames = _count_frames(im) if getattr(im, "is_animated", False) else 1
        mode = im.mode
        has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in im.info)

        draft_used = False
        if draft_size is not None and fmt in ("JPEG", "MPO") and mode in ("RGB", "L", "YCbCr", "CMYK"):
            dw, dh = draft_size
            if orientation in (5, 6, 7, 8):  # stored rotated by 90 degrees: the draft request is too
                dw, dh = dh, dw
            res = im.draft(mode if mode != "CMYK" else "CMYK", (max(1, dw), max(1, dh)))
            draft_used = res is not None and im.size != (width, height)

        try:
            im.load()
        except Image.DecompressionBombError as e:
            raise ImageDecodeError(f"decompression bomb refused: {e}") from e
        except OSError as e:
            msg = str(e)
            if "truncated" in msg:
                raise ImageDecodeError(f"truncated file: {msg}") from e
            raise ImageDecodeError(f"corrupt image data: {msg}") from e

        out: Image.Image = im
        if orientation != 1:
            try:
                out = ImageOps.exif_transpose(im) or im
            except Exception:  # noqa: BLE001 - keep the unrotated pixels rather than fail the image
                out = im
        if out.mode != "RGB":
            if out.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
                # high bit depth greyscale: scale to 8 bits first, convert("RGB") would clip to white
                out = out.convert("F").point(lambda v: v / 256.0).convert("L")
            out = out.convert("RGB")
        elif out is im:
            out = im.copy()  # detach from the file handle
        return DecodedImage(out, width, height, fmt, frames, draft_used, mode, has_alpha)
    except ImageDecodeError:
        raise
    except MemoryError as e:
        raise ImageDecodeError("out of memory while decoding") from e
    except Exception as e:  # noqa: BLE001 - hostile bytes reach many code paths; none may crash a scan
        raise ImageDecodeError(f"corrupt image data: {type(e).__name__}: {e}") from e
    finally:
        im.close()
