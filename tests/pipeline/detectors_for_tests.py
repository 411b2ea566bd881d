"""Small real detectors used to test the pipeline's mechanics (importable by worker processes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from harrier.detect.base import CommentInput, DetectorInput, MediaInput, PostInput
from harrier.detect.post import PostFusionDetector
from harrier.model.signals import Evidence, Signal, register_kind

register_kind("testpipe.blob_size", ["media"], "test: byte size of the blob, scaled", score="0..1 feature")
register_kind("testpipe.caption_len", ["post"], "test: caption length", score="0..1 feature")
register_kind("testpipe.under_long_caption", ["comment"], "test: comment under a post with a long caption")

CALLS: list[int] = []


class BlobSize:
    name: ClassVar[str] = "testpipe.blob"
    version: ClassVar[str] = "1"
    subject_type: ClassVar[str] = "media"
    stage: ClassVar[int] = 1

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        out = []
        for m in batch:
            assert isinstance(m, MediaInput)
            CALLS.append(1)
            if m.path is None:
                continue
            size = m.path.stat().st_size
            out.append(Signal(subject=("media", m.media_id), kind="testpipe.blob_size", score=min(1.0, size / 100),
                              detector=f"{self.name}@{self.version}", evidence=[Evidence(kind="feature", value=size)]))
        return out


class CaptionLength:
    name: ClassVar[str] = "testpipe.caption"
    version: ClassVar[str] = "1"
    subject_type: ClassVar[str] = "post"
    stage: ClassVar[int] = 2

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        out = []
        for p in batch:
            assert isinstance(p, PostInput)
            media_score = max((s.score for s in p.media_signals), default=0.0)
            score = min(1.0, len(p.post.caption or "") / 20 + media_score / 10)
            out.append(Signal(subject=("post", p.post.id), kind="testpipe.caption_len", score=score,
                              detector=f"{self.name}@{self.version}"))
        return out


class UnderLongCaption:
    name: ClassVar[str] = "testpipe.thread"
    version: ClassVar[str] = "1"
    subject_type: ClassVar[str] = "comment"
    stage: ClassVar[int] = 3

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        out = []
        for c in batch:
            assert isinstance(c, CommentInput)
            s = max((s.score for s in c.post_signals if s.kind == "testpipe.caption_len"), default=0.0)
            if s >= 0.5:
                out.append(Signal(subject=("comment", c.comment.id), kind="testpipe.under_long_caption",
                                  score=s, detector=f"{self.name}@{self.version}",
                                  evidence=[Evidence(kind="signal", ref=["post", c.comment.post_id],
                                                     note=f"parent text: {c.parent_text}")]))
        return out


class CaptionLengthV2(CaptionLength):
    version: ClassVar[str] = "2"


# --- for the rescan tests: real post fusion and comment detectors over a test image-age detector ------------

class ImageAgeBlind:
    """Every image looks adult (0.02), as an age model that cannot see children would say."""

    name: ClassVar[str] = "testpipe.age"
    version: ClassVar[str] = "1"
    subject_type: ClassVar[str] = "media"
    stage: ClassVar[int] = 1

    def _score(self, data: bytes) -> float:
        return 0.02

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        out = []
        for m in batch:
            assert isinstance(m, MediaInput)
            if m.path is not None:
                out.append(Signal(subject=("media", m.media_id), kind="image.minor_likelihood",
                                  score=self._score(m.path.read_bytes()), detector=f"{self.name}@{self.version}"))
        return out


class ImageAge(ImageAgeBlind):
    """Bytes starting with b"child" show a child."""

    version: ClassVar[str] = "2"

    def _score(self, data: bytes) -> float:
        return 0.95 if data.startswith(b"child") else 0.02


class PostFusionWithoutImages(PostFusionDetector):
    """An earlier post fusion that did not yet read its media's age estimates."""

    version: ClassVar[str] = "0.9.0"

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        return super().detect([replace(p, media_signals=()) if isinstance(p, PostInput) else p for p in batch])


# --- for the poison-batch tests --------------------------------------------------------------------------

register_kind("testpipe.comment_len", ["comment"], "test: comment length", score="0..1 feature")
POISON = "\U0001f4a5"
BROKEN = [True]  # the detector's bug; a test "fixes" it by clearing the flag


class CommentLength:
    """Scores comment length; while BROKEN, raises on a comment containing POISON (a bug one input triggers)."""

    name: ClassVar[str] = "testpipe.length"
    version: ClassVar[str] = "1"
    subject_type: ClassVar[str] = "comment"
    stage: ClassVar[int] = 3

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        out = []
        for c in batch:
            assert isinstance(c, CommentInput)
            if BROKEN[0] and POISON in c.comment.text:
                raise ValueError(f"cannot measure {c.comment.id}")
            out.append(Signal(subject=("comment", c.comment.id), kind="testpipe.comment_len",
                              score=min(1.0, len(c.comment.text) / 100), detector=f"{self.name}@{self.version}"))
        return out
