"""Children's faces are masked in the copy; everything else keeps its pixels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from harrier.sharecheck.check import check_photo
from harrier.sharecheck.faces import mask_region

from .photos import camera_exif, picture

CHILD = "images/1_1_0_20170103213335661.jpg.chip.jpg"  # UTKFace, labelled age 1 (as in tests/image_content)
ADULT = "images/26_0_2_20170103181248536.jpg.chip.jpg"  # labelled age 26


def changed(a: np.ndarray, b: np.ndarray, box: list[int]) -> tuple[float, np.ndarray]:
    """Mean absolute change inside box, and the change outside it."""
    x, y, w, h = box
    diff = np.abs(a.astype(int) - b.astype(int))
    inside = diff[y:y + h, x:x + w].mean()
    outside = diff.copy()
    outside[y:y + h, x:x + w] = 0
    return float(inside), outside


@pytest.mark.parametrize("how", ["blur", "pixelate", "emoji"])
def test_mask_changes_only_the_box(how: str) -> None:
    im = picture((320, 240))
    before = np.asarray(im).copy()
    mask_region(im, (40, 40, 140, 130), how)  # type: ignore[arg-type]
    inside, outside = changed(before, np.asarray(im), [40, 40, 100, 90])
    assert inside > 5 and outside.max() == 0


def test_fake_child_face_masked_adult_only_with_mask_all(tmp_path: Path) -> None:
    src = tmp_path / "family.png"
    picture((320, 240)).save(src)
    faces = [([30, 30, 60, 60], 0.93), ([200, 100, 60, 60], 0.04)]
    orig = np.asarray(Image.open(src).convert("RGB"))
    rep = check_photo(src, tmp_path / "out", find_faces=lambda _im: faces)
    assert [f.masked for f in rep.faces] == [True, False]
    out = np.asarray(Image.open(rep.out_path or "").convert("RGB"))
    inside, outside = changed(orig, out, rep.faces[0].mask_box or [])
    assert inside > 5 and outside.max() == 0  # PNG: not one pixel outside the child's face changed
    rep = check_photo(src, tmp_path / "all", find_faces=lambda _im: faces, mask_all=True, mask="pixelate")
    assert [f.masked for f in rep.faces] == [True, True]


def test_real_child_face_is_masked_and_adult_is_not(faces_dir: Path, tmp_path: Path) -> None:
    scene = picture((1000, 700))
    scene.paste(Image.open(faces_dir / CHILD).convert("RGB"), (100, 300))
    scene.paste(Image.open(faces_dir / ADULT).convert("RGB"), (650, 250))
    src = tmp_path / "scene.png"
    scene.save(src)
    rep = check_photo(src, tmp_path / "out")
    assert rep.error is None and len(rep.faces) == 2, rep
    child, adult = sorted(rep.faces, key=lambda f: f.box[0])
    assert child.minor_likelihood >= 0.5 and child.masked
    assert adult.minor_likelihood < 0.5 and not adult.masked and adult.mask_box is None
    cx, cy = child.box[0] + child.box[2] / 2, child.box[1] + child.box[3] / 2
    assert 100 <= cx <= 300 and 300 <= cy <= 500  # in the photo's own pixels: the centre of the pasted crop
    orig = np.asarray(scene)
    out = np.asarray(Image.open(rep.out_path or "").convert("RGB"))
    inside, outside = changed(orig, out, child.mask_box or [])
    assert inside > 5 and outside.max() == 0
    ax, ay, aw, ah = adult.box
    assert (out[ay:ay + ah, ax:ax + aw] == orig[ay:ay + ah, ax:ax + aw]).all()


def test_real_child_face_in_a_jpeg_within_reencoding_noise(faces_dir: Path, tmp_path: Path) -> None:
    scene = picture((800, 600))
    scene.paste(Image.open(faces_dir / CHILD).convert("RGB"), (300, 200))
    src = tmp_path / "scene.jpg"
    scene.save(src, "JPEG", quality=95)
    rep = check_photo(src, tmp_path / "out", mask="emoji")
    assert rep.error is None and rep.faces and rep.faces[0].masked
    orig = np.asarray(Image.open(src).convert("RGB"))
    out = np.asarray(Image.open(rep.out_path or "").convert("RGB"))
    inside, outside = changed(orig, out, rep.faces[0].mask_box or [])
    assert inside > 20
    assert outside.mean() < 1.5  # JPEG re-encoding at quality 95 moves pixels a little, nothing more


def test_face_boxes_are_in_the_oriented_photo(faces_dir: Path, tmp_path: Path) -> None:
    shown = picture((600, 800))  # portrait as displayed
    shown.paste(Image.open(faces_dir / CHILD).convert("RGB"), (200, 300))
    src = tmp_path / "portrait.jpg"
    # Stored landscape with EXIF orientation 6 (rotate 90 degrees clockwise to show), as phones write it.
    shown.transpose(Image.Transpose.ROTATE_90).save(src, "JPEG", quality=95, exif=camera_exif(orientation=6))
    rep = check_photo(src, tmp_path / "out")
    assert rep.error is None and "EXIF Orientation" in rep.removed
    with Image.open(rep.out_path or "") as out:
        assert out.size == (600, 800)
    child = next(f for f in rep.faces if f.masked)
    cx, cy = child.box[0] + child.box[2] / 2, child.box[1] + child.box[3] / 2
    assert 200 <= cx <= 400 and 300 <= cy <= 500
