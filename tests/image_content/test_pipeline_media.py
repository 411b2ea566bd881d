"""image.content inside the real pipeline: store blobs -> worker process -> signals in the store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from harrier.detect import registry
from harrier.pipeline import make_executor, run_detector
from harrier.store import tables as t
from harrier.store.signals import fresh_signals

from .helpers import ADULT, CHILD, jpeg_bytes, landscape, scene_with_faces


def test_image_content_runs_in_a_worker_and_stores_signals(store, faces_dir: Path) -> None:
    scene = store.blobs.put_bytes(jpeg_bytes(scene_with_faces(faces_dir, [(CHILD, (100, 300)),
                                                                               (ADULT, (650, 250))])))
    land = store.blobs.put_bytes(jpeg_bytes(landscape()))
    broken = store.blobs.put_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    now = datetime.now(UTC)
    with store.session() as s:
        s.execute(insert(t.Account), [{"id": "u1", "handle": "u1"}])
        s.execute(insert(t.Post), [{"id": "p1", "author_id": "u1", "created_at": now},
                                   {"id": "p2", "author_id": "u1", "created_at": now}])
        s.execute(insert(t.Media), [
            {"id": "m1", "post_id": "p1", "position": 0, "type": "image", "sha256": scene},
            {"id": "m2", "post_id": "p2", "position": 0, "type": "image", "sha256": scene},  # re-post
            {"id": "m3", "post_id": "p2", "position": 1, "type": "image", "sha256": land},
            {"id": "m4", "post_id": "p2", "position": 2, "type": "image", "sha256": broken},
        ])
    spec = next(s for s in registry.DETECTORS if s.name == "image.content")
    ex = make_executor(1)  # a real worker process: models load there
    try:
        run_detector(store, spec, "r1", ex)
    finally:
        ex.shutdown()
    with store.sessions() as s:
        sigs = fresh_signals(s, "media")
    got = {(x.subject[1], x.kind) for x in sigs if x.detector == spec.ident}
    assert got == {("m1", "image.minor_likelihood"), ("m2", "image.minor_likelihood"),
                   ("m4", "image.decode_error")}
    ml = next(x for x in sigs if x.subject[1] == "m1" and x.kind == "image.minor_likelihood")
    assert ml.score > 0.9 and sum(1 for e in ml.evidence if e.kind == "face") == 2
