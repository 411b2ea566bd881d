"""Stable Diffusion's invisible watermark (``invisible-watermark``'s ``dwtDct`` method), decode only.

Why not the ``invisible-watermark`` package itself: its wheel depends on torch, onnxruntime and
opencv-python (over 2 GB with CUDA wheels) for its RivaGAN method, which Harrier does not need. The
``dwtDct`` decoder is twenty lines of numpy + PyWavelets, reproduced here from imwatermark 0.2.0
(maxDct.py, MIT licence) and checked bit-for-bit against it on the shared fixtures.

The embedder (``EmbedMaxDct`` with scales [0, 36, 36]) works on the U channel of YUV only (its loop is
``range(2)`` and channel 0 has scale 0): one-level Haar DWT, approximation band cut into 4x4 blocks,
bit ``i % n`` goes into block i by quantising the block's largest AC-position coefficient to
``(k + 0.25) * 36`` for 0 or ``(k + 0.75) * 36`` for 1.

The upstream decoder thresholds each bit's mean vote at 0.5. That fails on images whose blocks are
dominated by clipped or flat areas (one of the CompVis reference samples decodes as 84/136 bits with
it). We also compute a *soft* score per block, ``-sin(2*pi*v/36)`` (+1 at the 0.75 phase, -1 at 0.25),
and its correlation with each known payload. Without a mark the correlation is ~N(0, 1/sqrt(n-1));
with the mark it is close to 1, so a threshold of 0.6 on the 136-bit payload (7 standard deviations)
separates them; it is reported as the confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SCALE = 36.0
BLOCK = 4
MIN_PIXELS = 256 * 256  # the encoder refuses smaller images, so there is nothing to find

# Known payloads: CompVis/Stability SD 1.x/2.x scripts embed the bytes "StableDiffusionV1"; SDXL's
# reference code (generative-models) embeds a fixed 48-bit pattern.
SD_V1 = "StableDiffusionV1"
SDXL_BITS = "101100111110110010010000011110111011000110011110"
PAYLOADS: dict[str, tuple[np.ndarray, float]] = {
    # name -> (bits, correlation threshold). 48 bits -> null sd 0.146: 0.8 is 5.5 sd.
    SD_V1: (np.unpackbits(np.frombuffer(SD_V1.encode(), np.uint8)).astype(np.float64), 0.6),
    "SDXL": (np.array([int(c) for c in SDXL_BITS], dtype=np.float64), 0.8),
}
GENERATOR = {SD_V1: "Stable Diffusion (CompVis/Stability reference scripts)", "SDXL": "Stable Diffusion XL"}


@dataclass(frozen=True)
class WatermarkResult:
    payload: str  # which known payload matched
    decoded: str  # what the plain (hard-threshold) decoder reads, as upstream would print it
    bits_agree: int  # hard bits equal to the payload
    bits_total: int
    confidence: float  # correlation of soft scores with the payload, clipped to [0, 1]
    generator: str


def _u_channel(rgb: np.ndarray) -> np.ndarray:
    """U of OpenCV's COLOR_BGR2YUV on 8-bit input (BT.601 weights, rounded and clipped like OpenCV)."""
    f = rgb.astype(np.float32)
    y = 0.299 * f[..., 0] + 0.587 * f[..., 1] + 0.114 * f[..., 2]
    return np.clip(np.rint(0.492 * (f[..., 2] - y) + 128.0), 0, 255)


def _block_values(rgb: np.ndarray) -> np.ndarray:
    import pywt

    r, c = rgb.shape[:2]
    u = _u_channel(rgb[: r // 4 * 4, : c // 4 * 4])
    ca, _ = pywt.dwt2(u, "haar")
    rows, cols = ca.shape[0] // BLOCK, ca.shape[1] // BLOCK
    blocks = ca[: rows * BLOCK, : cols * BLOCK].reshape(rows, BLOCK, cols, BLOCK).transpose(0, 2, 1, 3)
    blocks = blocks.reshape(rows * cols, BLOCK * BLOCK)
    pos = np.argmax(np.abs(blocks[:, 1:]), axis=1) + 1
    return np.abs(blocks[np.arange(len(blocks)), pos])


def _per_bit(values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    idx = np.arange(len(values)) % n
    count = np.bincount(idx, minlength=n).astype(np.float64)
    count[count == 0] = 1
    hard = np.bincount(idx, (np.mod(values, SCALE) > 0.5 * SCALE).astype(np.float64), n) / count
    soft = np.bincount(idx, -np.sin(2 * np.pi * values / SCALE), n) / count
    return hard, soft


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    d = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return 0.0 if d == 0 else float((a * b).sum() / d)


def detect_sd_watermark(rgb: np.ndarray) -> WatermarkResult | None:
    """``rgb``: HxWx3 uint8 at the original resolution. Returns the best matching known payload or None."""
    if rgb.ndim != 3 or rgb.shape[0] * rgb.shape[1] < MIN_PIXELS:
        return None
    values = _block_values(rgb)
    best: WatermarkResult | None = None
    for name, (bits, threshold) in PAYLOADS.items():
        n = len(bits)
        if len(values) < n:
            continue
        hard, soft = _per_bit(values, n)
        corr = _corr(soft, bits)
        if corr < threshold:
            continue
        hard_bits = (hard * 255 > 127).astype(np.uint8)  # upstream's exact rule
        decoded = (
            np.packbits(hard_bits).tobytes().decode("latin-1") if n % 8 == 0 and name == SD_V1
            else "".join(map(str, hard_bits))
        )
        res = WatermarkResult(name, decoded, int((hard_bits == bits).sum()), n, round(min(1.0, corr), 3),
                              GENERATOR[name])
        if best is None or res.confidence > best.confidence:
            best = res
    return best
