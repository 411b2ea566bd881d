"""AI provenance: conformance on the reference files (those shipped in tests/fixtures/provenance and, where a
licence forbids shipping, the full folder outside the repository), plus markers built here from benign pixels."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from harrier.detect.base import MediaInput
from harrier.detect.image.c2pa_reader import markers_from_store
from harrier.detect.image.provenance import read_provenance, verdict
from harrier.detect.image.provenance_cli import expected_verdict
from harrier.detect.image.provenance_detector import ProvenanceDetector
from harrier.detect.image.stealth import read_stealth, write_stealth

A1111 = ("a lighthouse on a cliff at dusk\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, "
         "Seed: 1234, Size: 512x512, Model hash: abcdef1234, Model: landscapes_v1, Version: v1.6.0")


def _manifest(base):
    with (base / "manifest.csv").open(newline="") as f:
        return base, list(csv.DictReader(f))


@pytest.fixture(params=["shipped", "full"])
def reference(request, fixtures):
    """(folder, least number of files): the 10 shipped files, and the full set of 13 with the 3 that may not be
    shipped (Stable Diffusion watermark samples, IPTC reference image; skipped when HARRIER_PROVENANCE_DIR and
    ../shared/fixtures/provenance are both absent)."""
    if request.param == "shipped":
        return fixtures / "provenance", 10
    return request.getfixturevalue("restricted_provenance"), 13


def test_every_manifest_file_gets_expected_verdict_and_marker(reference):
    base, rows = _manifest(reference[0])
    assert len(rows) >= reference[1]
    for r in rows:
        p = read_provenance(base / r["file"])
        assert p.ai_generated == expected_verdict(r["expected_ai_generated"]), r["file"]
        types = {m.type for m in p.markers}
        if r["marker_type"] == "none":
            assert not [m for m in p.markers if m.strength in ("ai", "hint")], r["file"]
            assert p.ai_generated != "yes"
        else:
            assert r["marker_type"] in types, (r["file"], types)


def test_no_markerless_file_is_called_ai(reference):
    base, rows = _manifest(reference[0])
    for r in rows:
        p = read_provenance(base / r["file"])
        if p.ai_generated == "yes":
            assert any(m.strength == "ai" for m in p.markers)


def test_c2pa_details(fixtures):
    base = fixtures / "provenance" / "c2pa"
    firefly = read_provenance(base / "c2pa-node__ingredient-with-data-types.jpg")
    assert firefly.generator == "Adobe Firefly"
    dst = [m for m in firefly.markers if m.field.endswith("digitalSourceType")]
    assert dst and dst[0].value.endswith("/trainedAlgorithmicMedia")
    assert any(m.field == "validation_state" and m.value == "Valid" for m in firefly.markers)
    algorithmic = read_provenance(base / "c2pa-rs__C.jpg")  # algorithmicMedia is not trained AI
    assert algorithmic.ai_generated == "no"
    assert any(m.value.endswith("/algorithmicMedia") and m.strength == "not_ai" for m in algorithmic.markers)
    tampered = read_provenance(base / "c2pa-rs__XCA.jpg")
    assert any(m.type == "c2pa-invalid" and "Invalid" in m.value for m in tampered.markers)


def test_invalid_manifest_ai_claim_is_only_a_hint():
    store = {"active_manifest": "m", "validation_state": "Invalid",
             "validation_status": [{"code": "assertion.dataHash.mismatch"}],
             "manifests": {"m": {"claim_generator": "Gen/1", "assertions": [{"label": "c2pa.actions.v2", "data": {
                 "actions": [{"action": "c2pa.created", "digitalSourceType":
                              "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}]}}]}}}
    assert verdict(markers_from_store(store))[0] == "unknown"
    store["validation_state"] = "Valid"
    store["validation_status"] = []
    assert verdict(markers_from_store(store))[0] == "yes"


def test_ingredient_manifest_source_type_counts():
    ai = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
    store = {"active_manifest": "a", "validation_state": "Valid", "manifests": {
        "a": {"claim_generator": "Editor/2", "assertions": [{"label": "c2pa.actions", "data": {
            "actions": [{"action": "c2pa.opened"}]}}]},
        "b": {"claim_generator": "Gen/1", "assertions": [{"label": "c2pa.actions.v2", "data": {
            "actions": [{"action": "c2pa.created", "digitalSourceType": ai, "softwareAgent": "Some Model"}]}}]}}}
    v, g = verdict(markers_from_store(store))
    assert v == "yes" and g == "Some Model"


def test_remote_manifest_is_unverifiable_never_a_verdict(tmp_path):
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description xmlns:dcterms="http://purl.org/dc/terms/" '
           'dcterms:provenance="https://cai-manifests.example/abc.c2pa"/></rdf:RDF></x:xmpmeta>')
    p = tmp_path / "remote.jpg"
    Image.new("RGB", (64, 64), (9, 9, 9)).save(p, "JPEG", xmp=xmp.encode())
    res = read_provenance(p)
    assert res.ai_generated == "unknown"
    assert any(m.type == "c2pa-remote" and "unverifiable offline" in m.value for m in res.markers)


@pytest.mark.parametrize(("term", "want"), [("trainedAlgorithmicMedia", "yes"),
                                            ("compositeWithTrainedAlgorithmicMedia", "yes"),
                                            ("algorithmicMedia", "no"), ("digitalCapture", "no")])
def test_iptc_xmp_digital_source_type(tmp_path, term, want):
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
           f'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/{term}"/>'
           '</rdf:RDF></x:xmpmeta>')
    p = tmp_path / "x.jpg"
    Image.new("RGB", (64, 64), (9, 90, 9)).save(p, "JPEG", xmp=xmp.encode())
    res = read_provenance(p)
    assert res.ai_generated == want
    assert any(m.type == "iptc-xmp" and m.value.endswith(term) for m in res.markers)


def test_a1111_parameters_in_jpeg_exif_usercomment(tmp_path):
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\x00" + A1111.encode("utf-16-be")
    p = tmp_path / "a1111.jpg"
    Image.new("RGB", (64, 64), (50, 60, 70)).save(p, "JPEG", exif=exif)
    res = read_provenance(p)
    assert res.ai_generated == "yes"
    assert "landscapes_v1" in (res.generator or "")
    assert any(m.type == "exif" and m.field == "UserComment" for m in res.markers)


@pytest.mark.parametrize(("chunks", "generator"), [
    ({"Software": "NovelAI", "Source": "Stable Diffusion XL C1E1DE52",
      "Comment": json.dumps({"steps": 28, "sampler": "k_euler", "uc": "lowres"})}, "NovelAI"),
    ({"parameters": json.dumps({"Prompt": "a cat", "Fooocus V2 Expansion": "x", "steps": 30}),
      "fooocus_scheme": "fooocus"}, "Fooocus"),
    ({"invokeai_metadata": json.dumps({"positive_prompt": "a boat", "steps": 30})}, "InvokeAI"),
    ({"Description": "a red bicycle --ar 3:2 Job ID: 1a2b3c4d-1111-2222-3333-444455556666"}, "Midjourney"),
])
def test_generator_text_chunks(tmp_path, chunks, generator):
    info = PngImagePlugin.PngInfo()
    for k, v in chunks.items():
        info.add_text(k, v, zip=k == "Comment")
    p = tmp_path / "gen.png"
    Image.new("RGB", (32, 32), (1, 2, 3)).save(p, "PNG", pnginfo=info)
    res = read_provenance(p)
    assert res.ai_generated == "yes" and generator in (res.generator or ""), res


def test_ordinary_software_fields_are_not_ai(tmp_path):
    exif = Image.Exif()
    exif[0x0131] = "Adobe Photoshop 25.0 (Macintosh)"
    exif[0x010F] = "Canon"
    p = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 64), (50, 60, 70)).save(p, "JPEG", exif=exif)
    assert read_provenance(p).ai_generated == "no"


@pytest.mark.parametrize(("mode", "compressed"), [("alpha", True), ("alpha", False), ("rgb", True)])
def test_a1111_stealth_pnginfo(tmp_path, mode, compressed):
    rng = np.random.default_rng(1)
    px = rng.integers(0, 256, (96, 80, 4 if mode == "alpha" else 3), dtype=np.uint8)
    px = write_stealth(px, A1111, mode=mode, compressed=compressed)
    p = tmp_path / "stealth.png"
    Image.fromarray(px).save(p, "PNG")
    res = read_provenance(p)
    assert res.ai_generated == "yes"
    m = next(m for m in res.markers if m.type == "stealth-pnginfo")
    assert m.value == A1111
    # plain noise has no signature
    assert read_stealth(rng.integers(0, 256, (96, 80, 4), dtype=np.uint8)) is None


def test_stealth_gzip_bomb_is_bounded():
    px = write_stealth(np.zeros((700, 700, 4), np.uint8), "A" * 50_000_000, mode="alpha", compressed=True)
    found = read_stealth(px)
    assert found is not None and len(found[1]) <= 4_000_000


def test_sd_watermark_confidence_and_lossy_copy(restricted_provenance, tmp_path):
    src = restricted_provenance / "sd_watermark" / "compvis_98a889ef_00001.png"
    res = read_provenance(src)
    wm = next(m for m in res.markers if m.type == "invisible-watermark")
    assert wm.confidence is not None and wm.confidence > 0.9 and "136/136" in wm.value
    # the same pixels flipped: the watermark's block layout is gone, nothing must be claimed
    flipped = tmp_path / "flipped.png"
    Image.open(src).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(flipped)
    assert read_provenance(flipped).ai_generated == "no"


def test_unreadable_file_reports_error(tmp_path):
    p = tmp_path / "bad.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
    res = read_provenance(p)
    assert res.error and res.ai_generated == "no"


def test_detector_signals(fixtures, tmp_path):
    base = fixtures / "provenance"
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0garbage")
    batch = [MediaInput("m1", "p1", "image", base / "sd_metadata" / "sd-parsers__ComfyUI_img2img_cropped.png", None),
             MediaInput("m2", "p1", "image", base / "negatives" / "c2pa-rs__IMG_0003.jpg", None),
             MediaInput("m3", "p2", "image", bad, None)]
    sigs = ProvenanceDetector().detect(batch)
    by = {(s.subject[1], s.kind): s for s in sigs}
    ai = by[("m1", "image.ai_generated")]
    assert ai.score == 1.0 and ai.detector == "image.provenance@1.0.0"
    assert any(e.field == "png-text:workflow" for e in ai.evidence)
    assert ("m2", "image.ai_generated") not in by
    assert ("m3", "image.decode_error") in by


def test_cli_json_lines(fixtures):
    base = fixtures / "provenance"
    files = [str(base / "sd_metadata" / "sd-parsers__AUTOMATIC1111_automatic1111_cropped.png"),
             str(base / "negatives" / "c2pa-rs__sample1.png")]
    out = subprocess.run([sys.executable, "-m", "harrier.cli", "image", "provenance", *files, "--json"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    recs = [json.loads(line) for line in out]
    assert [r["path"] for r in recs] == files
    assert recs[0]["ai_generated"] == "yes" and recs[1]["ai_generated"] == "no"
    assert {"type", "field", "value"} <= set(recs[0]["markers"][0])


def test_eval_provenance_cli(reference):
    r = subprocess.run([sys.executable, "-m", "harrier.cli", "eval", "provenance",
                        str(reference[0])], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "verdict accuracy 1.000" in r.stderr


def test_png_text_after_idat(tmp_path):
    # Some writers put text chunks after the image data; Pillow only sees them after a full load
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (3, 3, 3)).save(buf, "PNG")
    data = buf.getvalue()
    import struct
    import zlib

    payload = b"parameters\x00" + A1111.encode()
    chunk = struct.pack(">I", len(payload)) + b"tEXt" + payload
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + payload) & 0xFFFFFFFF)
    iend = data.rindex(b"IEND") - 4
    p = tmp_path / "late.png"
    p.write_bytes(data[:iend] + chunk + data[iend:])
    assert read_provenance(p).ai_generated == "yes"
