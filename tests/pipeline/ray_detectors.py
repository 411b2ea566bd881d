"""A real detector whose Ray worker process dies mid-scan (imported by the Ray workers of test_ray_engine.py)."""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence

from harrier.detect.base import DetectorInput
from harrier.detect.text.detectors import CommentTextDetector
from harrier.model.signals import Signal

KILL_MARKER = "HARRIER_TEST_KILL_MARKER"  # env: a file path; the first process to create it is killed


class DiesOnceCommentDetector(CommentTextDetector):
    """``text.comment`` itself (same name and version, same signals), except that the first worker process to reach
    its second batch SIGKILLs itself in the middle of it: a batch in flight, earlier ones already committed."""

    calls = 0

    def detect(self, batch: Sequence[DetectorInput]) -> list[Signal]:
        self.calls += 1
        marker = os.environ.get(KILL_MARKER)
        if marker and self.calls == 2:
            try:
                fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)  # exactly one death per test run
            except FileExistsError:
                pass
            else:
                os.write(fd, str(os.getpid()).encode())
                os.close(fd)
                os.kill(os.getpid(), signal.SIGKILL)
        return super().detect(batch)
