"""``image.content``: what an image shows — faces with estimated ages, exposed body parts — as signals.

Stage 1, subject media. Every image gets the face/age pass and the nudity pass (nudity at the model's own 320 px
input, so running it everywhere costs ~25 ms and no image is skipped on a guess). Emits:

- ``image.minor_likelihood``: the largest per-face probability of being under 18 (face boxes + ages as evidence);
- ``image.nudity``: the most confident exposed intimate area (every body-part detection as evidence);
- ``image.sexualised_minor_risk``: both at once — minor_likelihood x nudity — the highest-severity route;
- ``image.decode_error`` for bytes that are not a decodable image.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from PIL import Image

from harrier.detect.base import DetectorInput, MediaInput
from harrier.detect.image.decode import DECODE_ERROR
from harrier.model.signals import Evidence, Signal, register_kind

NAME = "image.content"
VERSION = "1.0.0"
DRAFT_SIZE = (360, 360)  # JPEG draft decode: the smallest side stays >= 360, the face pass wants <= 480
MODEL_SIZE = 480  # longest side handed to the models
NUDITY_SIGNAL_MIN = 0.3  # an exposed intimate area below this is noise on benign photos
MINOR_FOR_RISK = 0.5
RISK_SIGNAL_MIN = 0.1

register_kind("image.minor_likelihood", ["media"],
              "Probability that the image shows a person under 18: the largest per-face P(age < 18) from the "
              "packaged age network. Evidence: face boxes [x, y, w, h], estimated ages, per-face probabilities.",
              severity_hint="medium")
register_kind("image.nudity", ["media"],
              "Exposed intimate body parts (NudeNet 320n detector): score = most confident exposed "
              "breast/genitalia/buttocks/anus. Evidence: every body-part detection (exposed and covered) with box.",
              severity_hint="high")
register_kind("image.sexualised_minor_risk", ["media"],
              "An image that both likely shows a minor and shows exposed intimate areas: "
              "minor_likelihood x nudity. The highest-severity image route in policy.",
              severity_hint="critical")


@dataclass
class ContentResult:
    faces: list[Any] = field(default_factory=list)  # faces.Face
    face_note: str | None = None
    minor_likelihood: float | None = None  # None: no face found
    nudity: list[Any] = field(default_factory=list)  # nudity.Detection
    nudity_score: float = 0.0

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "faces": [f.to_json() for f in self.faces],
            "minor_likelihood": None if self.minor_likelihood is None else round(self.minor_likelihood, 4),
            "nudity": [n.to_json() for n in self.nudity],
            "nudity_score": round(self.nudity_score, 4),
        }
        if self.face_note:
            d["face_note"] = self.face_note
        return d


class ContentAnalyser:
    """Faces/age and nudity models together; one per process."""

    def __init__(self) -> None:
        from harrier.detect.image.faces import estimator
        from harrier.detect.image.nudity import NudityDetector

        self.faces = estimator()
        self.nudity = NudityDetector()

    def model_info(self) -> list[dict[str, Any]]:
        return [*self.faces.model_info(), self.nudity.model_info()]

    def analyse(self, image: Image.Image) -> ContentResult:
        from harrier.detect.image.nudity import nudity_score, suppress_faces

        work = image
        if max(image.size) > MODEL_SIZE:
            work = image.copy()
            work.thumbnail((MODEL_SIZE, MODEL_SIZE), Image.Resampling.BILINEAR, reducing_gap=2.0)
        sx, sy = image.size[0] / work.size[0], image.size[1] / work.size[1]
        fr = self.faces.analyse(work)
        dets = self.nudity.detect(work)
        dets = suppress_faces(dets, [f.box for f in fr.faces])  # both in `work` pixels here
        for f in fr.faces:  # report boxes in the coordinates of the image we were given
            f.box = [round(f.box[0] * sx), round(f.box[1] * sy), round(f.box[2] * sx), round(f.box[3] * sy)]
        dets = [type(d)(d.label, d.score, [round(d.box[0] * sx), round(d.box[1] * sy), round(d.box[2] * sx),
                                           round(d.box[3] * sy)], d.suppressed) for d in dets]
        return ContentResult(faces=fr.faces, face_note=fr.note,
                             minor_likelihood=fr.minor_likelihood if fr.faces else None,
                             nudity=dets, nudity_score=nudity_score(dets))


def content_signals(subject: tuple[str, str], res: ContentResult, detector: str,
                    scale: tuple[float, float] = (1.0, 1.0),
                    model_info: dict[str, dict[str, Any]] | None = None) -> list[Signal]:
    """Signals for one analysed image. ``scale`` maps analysed-image boxes back to original pixels;
    ``model_info`` (name -> models.info) adds which model file said so (version + sha256) to the evidence."""
    sx, sy = scale

    def model_ev(name: str) -> list[Evidence]:
        m = (model_info or {}).get(name)
        if not m:
            return []
        return [Evidence(kind="model", field=name, value=m["version"], ref=m["sha256"][:16], note=m["source"])]

    def box(b: list[int]) -> list[float]:
        return [round(b[0] * sx), round(b[1] * sy), round(b[2] * sx), round(b[3] * sy)]

    out: list[Signal] = []
    ml = res.minor_likelihood
    face_ev = [Evidence(kind="face", box=box(f.box), value=None if f.age is None else round(f.age, 1),
                        note=f"P(under 18)={f.minor_probability:.3f}; face confidence={f.confidence:.2f}"
                        + ("; whole image treated as the face" if f.whole_image else ""))
               for f in res.faces]
    if ml is not None:
        ev = list(face_ev)
        if res.face_note:
            ev.append(Evidence(kind="metadata", field="face_fallback", note=res.face_note))
        ev += model_ev("age")
        out.append(Signal(subject=subject, kind="image.minor_likelihood", score=round(ml, 4), detector=detector,
                          evidence=ev))
    nud = res.nudity_score
    det_ev = [Evidence(kind="detection", field=d.label, value=round(d.score, 3), box=box(d.box),
                       note=f"not counted: {d.suppressed}" if d.suppressed else "exposed intimate area" if d.sexual
                       else ("exposed" if d.exposed else "covered"))
              for d in res.nudity if not d.label.startswith("FACE_")]
    if nud >= NUDITY_SIGNAL_MIN:
        out.append(Signal(subject=subject, kind="image.nudity", score=round(nud, 4), detector=detector,
                          evidence=det_ev + model_ev("nudity")))
        if ml is not None and ml >= MINOR_FOR_RISK and ml * nud >= RISK_SIGNAL_MIN:
            out.append(Signal(
                subject=subject, kind="image.sexualised_minor_risk", score=round(ml * nud, 4), detector=detector,
                evidence=[Evidence(kind="feature", field="minor_likelihood", value=round(ml, 4)),
                          Evidence(kind="feature", field="nudity", value=round(nud, 4)),
                          *face_ev, *[e for e in det_ev if e.note == "exposed intimate area"]]))
    return out


class ImageContentDetector:
    name: ClassVar[str] = NAME
    version: ClassVar[str] = VERSION
    subject_type: ClassVar[str] = "media"
    stage: ClassVar[int] = 1

    def __init__(self) -> None:
        self.analyser = ContentAnalyser()
        self.model_info = {m["name"]: m for m in self.analyser.model_info()}

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        from harrier.detect.image.decode import ImageDecodeError, load_image

        ident = f"{NAME}@{VERSION}"
        out: list[Signal] = []
        for item in batch:
            if not isinstance(item, MediaInput) or item.type != "image" or item.path is None:
                continue
            subject = ("media", item.media_id)
            try:
                decoded = load_image(item.path, draft_size=DRAFT_SIZE)
            except ImageDecodeError as e:
                out.append(Signal(subject=subject, kind=DECODE_ERROR, score=1.0, detector=ident,
                                  evidence=[Evidence(kind="metadata", field="decode", value=e.reason)]))
                continue
            img = decoded.image
            # Draft mode decoded a reduced image: report boxes in the original's pixels.
            ow, oh = (decoded.height, decoded.width) if _rotated(img, decoded) else (decoded.width, decoded.height)
            res = self.analyser.analyse(img)
            out.extend(content_signals(subject, res, ident, (ow / img.size[0], oh / img.size[1]), self.model_info))
        return out


def _rotated(img: Image.Image, decoded: Any) -> bool:
    """EXIF orientation swapped width and height (the decoder reports stored dimensions)."""
    iw, ih = img.size
    return (iw >= ih) != (decoded.width >= decoded.height) and decoded.width != decoded.height
