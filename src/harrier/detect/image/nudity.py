"""Nudity: exposed and covered body parts, from NudeNet's bundled ``320n.onnx`` detector (YOLOv8n, 18 classes).

Only the detector's ONNX file is used (through :mod:`harrier.detect.models`); NudeNet's own Python wrapper reads
images with OpenCV and post-processes 2,100 candidate boxes in a Python loop, and its GPL NudeNetClassifier is not
used at all. Pre-processing matches NudeNet's: RGB, scaled to 1/255, image at the top-left of a black canvas, longest
side = ``INPUT_SIZE``. The canvas is only rounded up to a multiple of 32 rather than made square (the graph takes
any height/width), which skips the work on padding for landscape/portrait photos.

Harrier never needs nude images to test this: the tests check that benign images (shapes, landscapes, portraits)
come back with nothing exposed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from harrier.detect import models

INPUT_SIZE = 320  # the model's training size; larger inputs cost quadratically more (bench/images.py)
CANDIDATE_THRESHOLD = 0.2  # NudeNet's own candidate threshold
REPORT_THRESHOLD = 0.25  # detections below this are not reported at all (NudeNet's NMS score threshold)
NMS_IOU = 0.45

LABELS: tuple[str, ...] = (
    "FEMALE_GENITALIA_COVERED", "FACE_FEMALE", "BUTTOCKS_EXPOSED", "FEMALE_BREAST_EXPOSED",
    "FEMALE_GENITALIA_EXPOSED", "MALE_BREAST_EXPOSED", "ANUS_EXPOSED", "FEET_EXPOSED", "BELLY_COVERED",
    "FEET_COVERED", "ARMPITS_COVERED", "ARMPITS_EXPOSED", "FACE_MALE", "BELLY_EXPOSED", "MALE_GENITALIA_EXPOSED",
    "ANUS_COVERED", "FEMALE_BREAST_COVERED", "BUTTOCKS_COVERED",
)
# Exposed intimate areas: what makes an image sexual nudity. Bare feet, armpits, belly or a male chest are
# reported as detections but are not nudity on their own (beach and sports photos).
SEXUAL_EXPOSED: frozenset[str] = frozenset({
    "FEMALE_BREAST_EXPOSED", "FEMALE_GENITALIA_EXPOSED", "MALE_GENITALIA_EXPOSED", "BUTTOCKS_EXPOSED",
    "ANUS_EXPOSED",
})
# Intimate areas covered by clothing (underwear, swimwear): context for reviewers, never a nudity score.
INTIMATE_COVERED: frozenset[str] = frozenset({
    "FEMALE_GENITALIA_COVERED", "FEMALE_BREAST_COVERED", "BUTTOCKS_COVERED", "ANUS_COVERED",
})


@dataclass(frozen=True)
class Detection:
    label: str
    score: float
    box: list[int]  # [x, y, width, height] in original-image pixels
    suppressed: str | None = None  # why this detection does not count (kept so a reviewer can see it)

    @property
    def exposed(self) -> bool:
        return self.label.endswith("_EXPOSED")

    @property
    def sexual(self) -> bool:
        return self.label in SEXUAL_EXPOSED

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"label": self.label, "score": round(self.score, 4), "box": self.box,
                             "exposed": self.exposed, "sexual": self.sexual}
        if self.suppressed:
            d["suppressed"] = self.suppressed
        return d


def nudity_score(detections: list[Detection]) -> float:
    """The image's nudity score: the most confident exposed intimate area (0 when there is none)."""
    return max((d.score for d in detections if d.sexual and not d.suppressed), default=0.0)


FACE_OVERLAP = 0.4  # share of a detection's box covered by one face box above which it is that face


def suppress_faces(detections: list[Detection], face_boxes: list[list[int]]) -> list[Detection]:
    """Mark exposed-body-part detections that are really a face. The 320n model fires on close-up faces:
    8 of the 99 benign face crops in the shared fixtures got FEMALE_GENITALIA/BREAST_EXPOSED (0.42-0.74) for a
    box that is the face. A detection mostly covered by a face from the face detector is therefore not
    counted; a real body-part box with a small face inside it is barely covered and still counts."""
    out = []
    for d in detections:
        x, y, w, h = d.box
        area = max(1, w * h)
        for fx, fy, fw, fh in face_boxes:
            iw = max(0, min(x + w, fx + fw) - max(x, fx))
            ih = max(0, min(y + h, fy + fh) - max(y, fy))
            if d.exposed and iw * ih >= FACE_OVERLAP * area:
                d = Detection(d.label, d.score, d.box, f"{iw * ih / area:.0%} of the box is a detected face")
                break
        out.append(d)
    return out


def _nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> list[int]:
    """Greedy non-maximum suppression over xywh boxes. Hand-written (a dozen numpy lines) so that this module
    needs no OpenCV; it reproduces cv2.dnn.NMSBoxes, which NudeNet uses."""
    x1, y1 = boxes[:, 0], boxes[:, 1]
    x2, y2 = x1 + boxes[:, 2], y1 + boxes[:, 3]
    area = boxes[:, 2] * boxes[:, 3]
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    while order.size:
        i = int(order[0])
        keep.append(i)
        rest = order[1:]
        iw = np.clip(np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]), 0, None)
        ih = np.clip(np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]), 0, None)
        inter = iw * ih
        union = area[i] + area[rest] - inter
        order = rest[inter / np.maximum(union, 1e-9) <= iou]
    return keep


class NudityDetector:
    def __init__(self, model_path: str | None = None, input_size: int = INPUT_SIZE) -> None:
        self.model = models.resolve("nudity", model_path)
        self._session = models.session("nudity", model_path)
        self._input = self._session.get_inputs()[0].name
        self.input_size = input_size

    def model_info(self) -> dict[str, Any]:
        return self.model.info()

    def _prepare(self, image: Image.Image) -> tuple[np.ndarray, float]:
        w, h = image.size
        scale = self.input_size / max(w, h)
        nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
        small = image.convert("RGB").resize((nw, nh), Image.Resampling.BILINEAR, reducing_gap=2.0)
        cw, ch = -(-nw // 32) * 32, -(-nh // 32) * 32
        canvas = np.zeros((ch, cw, 3), dtype=np.float32)
        canvas[:nh, :nw] = np.asarray(small, dtype=np.float32) * np.float32(1 / 255.0)
        return np.ascontiguousarray(canvas.transpose(2, 0, 1)[None]), scale

    def detect(self, image: Image.Image) -> list[Detection]:
        """Body-part detections (score >= REPORT_THRESHOLD) for one image, most confident first."""
        x, scale = self._prepare(image)
        out = self._session.run(None, {self._input: x})[0][0].T  # [candidates, 4 + classes]
        cls_scores = out[:, 4:]
        best = cls_scores.argmax(axis=1)
        score = cls_scores[np.arange(len(out)), best]
        mask = score >= CANDIDATE_THRESHOLD
        if not mask.any():
            return []
        cxcywh, best, score = out[mask, :4], best[mask], score[mask]
        boxes = np.column_stack([cxcywh[:, 0] - cxcywh[:, 2] / 2, cxcywh[:, 1] - cxcywh[:, 3] / 2,
                                 cxcywh[:, 2], cxcywh[:, 3]]) / scale
        w, h = image.size
        boxes[:, 0] = boxes[:, 0].clip(0, w)
        boxes[:, 1] = boxes[:, 1].clip(0, h)
        boxes[:, 2] = np.minimum(boxes[:, 2], w - boxes[:, 0])
        boxes[:, 3] = np.minimum(boxes[:, 3], h - boxes[:, 1])
        dets = []
        for i in _nms(boxes, score, NMS_IOU):
            if score[i] >= REPORT_THRESHOLD:
                dets.append(Detection(LABELS[int(best[i])], float(score[i]), [int(v) for v in boxes[i]]))
        return sorted(dets, key=lambda d: -d.score)
