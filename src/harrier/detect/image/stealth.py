"""AUTOMATIC1111 "stealth pnginfo": generation parameters hidden in the least significant bits of pixels,
so they survive tools that strip PNG text chunks.

Format (sd-webui-stealth-pnginfo, also built into A1111 forks and NovelAI-style exporters): pixels are read
column by column (x outer, y inner). Mode *alpha*: one bit per pixel from the alpha LSB. Mode *rgb*: three
bits per pixel from the R, G and B LSBs. The stream is a 15-byte signature (``stealth_pnginfo`` /
``stealth_pngcomp`` for alpha, ``stealth_rgbinfo`` / ``stealth_rgbcomp`` for rgb), a 32-bit big-endian
length in *bits*, then the UTF-8 parameters, gzip-compressed for the ``comp`` signatures.

No library reads it outside the web UI's extension, so it is reimplemented here, vectorised: only the
first few hundred pixels are touched unless the signature matches.
"""

from __future__ import annotations

import gzip
import zlib

import numpy as np

SIG_BITS = 15 * 8
LEN_BITS = 32
MAX_PAYLOAD_BITS = 8 * 1_000_000  # parameters are a few KB; refuse to unpack a hostile length
ALPHA_SIGS = {b"stealth_pnginfo": False, b"stealth_pngcomp": True}
RGB_SIGS = {b"stealth_rgbinfo": False, b"stealth_rgbcomp": True}


def _lsb_stream(pixels: np.ndarray, channels: slice, nbits: int) -> np.ndarray:
    """The first ``nbits`` LSBs in column-major pixel order from the given channels."""
    h = pixels.shape[0]
    per_px = channels.stop - channels.start
    need_px = -(-nbits // per_px)
    need_cols = -(-need_px // h)
    sub = pixels[:, :need_cols, channels]  # (h, cols, c)
    flat = np.ascontiguousarray(sub.transpose(1, 0, 2)).reshape(-1) & 1
    return flat[:nbits].astype(np.uint8)


def _decode(pixels: np.ndarray, channels: slice, sigs: dict[bytes, bool]) -> tuple[str, str] | None:
    total_bits = pixels.shape[0] * pixels.shape[1] * (channels.stop - channels.start)
    if total_bits < SIG_BITS + LEN_BITS:
        return None
    sig = np.packbits(_lsb_stream(pixels, channels, SIG_BITS)).tobytes()
    if sig not in sigs:
        return None
    head = _lsb_stream(pixels, channels, SIG_BITS + LEN_BITS)
    length = int.from_bytes(np.packbits(head[SIG_BITS:]).tobytes(), "big")
    if length <= 0 or length > MAX_PAYLOAD_BITS or SIG_BITS + LEN_BITS + length > total_bits:
        return None
    bits = _lsb_stream(pixels, channels, SIG_BITS + LEN_BITS + length)[SIG_BITS + LEN_BITS :]
    data = np.packbits(bits).tobytes()
    if sigs[sig]:
        try:
            # bounded decompression: a gzip bomb in the LSBs must not exhaust memory
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            data = d.decompress(data, 4_000_000)
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile):
            return None
    return sig.decode(), data.decode("utf-8", errors="replace")


def read_stealth(pixels: np.ndarray) -> tuple[str, str] | None:
    """``pixels``: HxWx3 or HxWx4 uint8. Returns (signature, parameters text) or None."""
    if pixels.ndim != 3 or pixels.dtype != np.uint8:
        return None
    if pixels.shape[2] == 4:
        found = _decode(pixels, slice(3, 4), ALPHA_SIGS)
        if found:
            return found
    return _decode(pixels, slice(0, 3), RGB_SIGS)


def write_stealth(pixels: np.ndarray, text: str, *, mode: str = "alpha", compressed: bool = True) -> np.ndarray:
    """Embed parameters the way the A1111 extension does (used by tests to make fixtures)."""
    out = pixels.copy()
    payload = text.encode()
    if compressed:
        payload = gzip.compress(payload)
    kind = ("pngcomp" if compressed else "pnginfo") if mode == "alpha" else ("rgbcomp" if compressed else "rgbinfo")
    sig = f"stealth_{kind}".encode()
    bits = np.concatenate([
        np.unpackbits(np.frombuffer(sig, np.uint8)),
        np.unpackbits(np.frombuffer((len(payload) * 8).to_bytes(4, "big"), np.uint8)),
        np.unpackbits(np.frombuffer(payload, np.uint8)),
    ])
    channels = [3] if mode == "alpha" else [0, 1, 2]
    view = out.transpose(1, 0, 2)[:, :, channels].reshape(-1)  # column-major copy
    if len(bits) > len(view):
        raise ValueError("image too small for this payload")
    view[: len(bits)] = (view[: len(bits)] & 0xFE) | bits
    out_t = out.transpose(1, 0, 2).copy()
    out_t[:, :, channels] = view.reshape(out_t.shape[0], out_t.shape[1], len(channels))
    return np.ascontiguousarray(out_t.transpose(1, 0, 2))
