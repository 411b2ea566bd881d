"""Metadata bench/fuzz_images.py found that stalled or broke the provenance reader: a hostile XMP packet (quadratic
regex backtracking, 10-35 s an image) and a text chunk of deeply nested JSON (RecursionError out of a reader that
promises never to raise on bad input)."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image, PngImagePlugin

from harrier.detect.image.metadata import xmp_markers
from harrier.detect.image.provenance import read_provenance

AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def _xmp(body: str) -> str:
    return f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{body}</x:xmpmeta>"


@pytest.mark.parametrize("body", [
    "a" * 200_000,  # a run of word characters: each start position scanned the whole run for a prefix
    "DigitalSourceType" + " " * 200_000,  # whitespace after the name: every split of it retried
    "DigitalSourceType " * 12_000,  # each occurrence scanned to the end of the packet for rdf:resource
], ids=["word-run", "spaces", "repeated-name"])
def test_hostile_xmp_is_read_in_linear_time(body):
    t0 = time.process_time()
    assert xmp_markers(_xmp(body)) == []
    assert time.process_time() - t0 < 2.0  # before the fix: minutes for the first two, ~35 s for the third


def test_bounded_xmp_patterns_still_read_real_packets():
    packet = _xmp(f'<rdf:Description Iptc4xmpExt:DigitalSourceType="{AI}"/>'
                  f'<Iptc4xmpExt:DigitalSourceType\n    rdf:resource="{AI}"/>'
                  "<Iptc4xmpExt:DigitalSourceType> http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture "
                  "</Iptc4xmpExt:DigitalSourceType>")
    assert [(m.value.rsplit("/", 1)[-1], m.strength) for m in xmp_markers(packet)] == [
        ("trainedAlgorithmicMedia", "ai"), ("trainedAlgorithmicMedia", "ai"), ("digitalCapture", "not_ai")]


def test_deeply_nested_json_in_a_text_chunk_is_no_json(tmp_path):
    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", "[" * 100_000 + "]" * 100_000)
    info.add_text("prompt", "{\"a\":" * 100_000)
    path = tmp_path / "deep.png"
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (40, 90, 200)).save(buf, "PNG", pnginfo=info)
    path.write_bytes(buf.getvalue())
    p = read_provenance(path)  # raised RecursionError before the fix
    assert p.error is None
    assert {m.field for m in p.markers} >= {"parameters"}  # the chunk is still reported, as a hint at most
    assert p.ai_generated in ("no", "unknown")
