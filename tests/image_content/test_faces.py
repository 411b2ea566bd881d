from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from harrier.detect.image.faces import estimator

from .helpers import ADULT, CHILD, landscape, scene_with_faces, shapes


@pytest.fixture(scope="module")
def est():
    return estimator()


def test_child_crop_scores_far_above_adult_crop(est, faces_dir: Path) -> None:
    child = est.analyse(Image.open(faces_dir / CHILD).convert("RGB"))
    adult = est.analyse(Image.open(faces_dir / ADULT).convert("RGB"))
    assert len(child.faces) == 1 and len(adult.faces) == 1
    assert child.minor_likelihood > 0.9 and child.faces[0].age < 8
    assert adult.minor_likelihood < 0.1 and adult.faces[0].age > 18


def test_faces_in_a_scene_are_found_where_they_are(est, faces_dir: Path) -> None:
    im = scene_with_faces(faces_dir, [(CHILD, (100, 300)), (ADULT, (650, 250))])
    res = est.analyse(im)
    assert len(res.faces) == 2
    by_x = sorted(res.faces, key=lambda f: f.box[0])
    for face, (px, py) in zip(by_x, [(100, 300), (650, 250)], strict=True):
        x, y, w, h = face.box
        assert px - 20 <= x <= px + 100 and py - 20 <= y <= py + 100 and 80 <= w <= 260
    assert by_x[0].minor_probability > 0.9 > 0.1 > by_x[1].minor_probability
    assert res.minor_likelihood == by_x[0].minor_probability


def test_no_faces_in_shapes_or_landscapes(est) -> None:
    for seed in range(6):
        assert est.analyse(shapes(seed)).faces == []
    assert est.analyse(landscape()).faces == []


def test_tight_face_crop_falls_back_to_the_whole_image_and_says_so(est, faces_dir: Path) -> None:
    im = Image.open(faces_dir / CHILD).convert("RGB")
    w, h = im.size
    tight = im.crop((int(w * 0.275), int(h * 0.22), int(w * 0.725), int(h * 0.66))).resize((270, 264))
    res = est.analyse(tight)
    assert len(res.faces) == 1 and res.faces[0].whole_image
    assert res.faces[0].box == [0, 0, 270, 264]
    assert res.note and "whole image" in res.note
    assert res.minor_likelihood > 0.5
