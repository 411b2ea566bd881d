from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from harrier.detect import models


def test_bundled_models_resolve_to_files_inside_their_wheels() -> None:
    for name in ("age", "face_landmarks", "nudity", "faces"):
        m = models.resolve(name)
        assert m.source == "bundled" and m.path.is_file()
        assert "site-packages" in str(m.path) or "dist-packages" in str(m.path)
        info = m.info()
        assert info["version"].startswith(m.spec.distribution + "==")
        assert len(info["sha256"]) == 64 and info["licence"]


def test_age_model_sha256_matches_the_wheels_own_manifest() -> None:
    age = models.resolve("age")
    manifest = json.loads((age.path.parent / "manifest.json").read_text())
    assert age.sha256 == manifest["models"]["age"]["artifact"]["sha256"]


def test_session_is_created_once_per_process() -> None:
    a = models.session("nudity")
    assert models.session("nudity") is a
    assert a.get_session_options().intra_op_num_threads == models.ort_threads()


def test_user_supplied_model_by_env_var_and_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "my-age.onnx"
    copy.write_bytes(models.resolve("age").path.read_bytes())
    monkeypatch.setenv(models.env_var("age"), str(copy))
    m = models.resolve("age")
    assert (m.source, m.path) == ("env", copy.resolve())
    assert m.version == "user:" + m.sha256[:12] and "user-supplied" in m.licence
    assert models.resolve("age", path=copy).source == "argument"

    from harrier.detect.image.faces import FaceAgeEstimator

    est = FaceAgeEstimator()  # picks the env model up
    assert est.age_model.source == "env"
    assert est.model_info()[-1]["path"] == str(copy.resolve())


def test_missing_or_broken_user_model_fails_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(models.ModelNotFoundError, match="no file"):
        models.resolve("age", path=tmp_path / "absent.onnx")
    with pytest.raises(models.ModelNotFoundError, match="unknown model"):
        models.resolve("no-such-model")
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"not a model")
    monkeypatch.setenv("HARRIER_MODEL_NUDITY", str(junk))
    with pytest.raises(ValueError, match="could not be loaded"):
        models.session("nudity")


def test_yuface_library_model_runs() -> None:
    import yuface

    confs, boxes, _ = yuface.detect(np.zeros((120, 160, 3), dtype=np.uint8))
    assert len(confs) == 0 and models.info("faces")["name"] == "faces"
    Image.new("RGB", (4, 4))  # Pillow stays importable next to OpenCV/dlib (wheel ABI clash guard)
