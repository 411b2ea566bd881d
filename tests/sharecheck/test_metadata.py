"""The clean copy carries no location, serial numbers, names or thumbnail, and the report names what went."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ExifTags, Image, IptcImagePlugin

from harrier.sharecheck.check import check_photo
from harrier.sharecheck.metadata import read_metadata, xmp_fields

from .photos import GPS, XMP, camera_exif, picture, with_iptc, write_jpeg, write_png, write_webp


def no_faces(_image: Image.Image) -> list[tuple[list[int], float]]:
    return []


def test_jpeg_loses_gps_serials_names_and_thumbnail(tmp_path: Path) -> None:
    src = write_jpeg(tmp_path / "beach.jpg")
    with Image.open(src) as im:  # the fixture really carries what we strip
        assert im.getexif().get_ifd(ExifTags.IFD.GPSInfo) and im.getexif().get_ifd(ExifTags.IFD.IFD1)
    rep = check_photo(src, tmp_path / "out", find_faces=no_faces)
    assert rep.error is None and rep.out_path == str(tmp_path / "out" / "beach.jpg")
    for name in ("EXIF GPSInfo", "EXIF BodySerialNumber", "EXIF LensSerialNumber", "EXIF Artist",
                 "EXIF CameraOwnerName", "EXIF thumbnail", "XMP photoshop:City", "XMP dc:creator", "JPEG comment"):
        assert name in rep.removed, name
    with Image.open(rep.out_path) as out:
        exif = out.getexif()
        assert dict(exif) == {}
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and not exif.get_ifd(ExifTags.IFD.Exif)
        assert not exif.get_ifd(ExifTags.IFD.IFD1)
        assert "exif" not in out.info and "xmp" not in out.info and "comment" not in out.info
        assert read_metadata(out).fields == []
        assert out.format == "JPEG" and out.size == (320, 240)
    raw = Path(rep.out_path).read_bytes()
    assert b"Jane" not in raw and b"SN-0012345" not in raw and b"Utrecht" not in raw
    assert any("location" in a for a in rep.advice) and any("serial number" in a for a in rep.advice)


def test_orientation_is_applied_to_the_pixels(tmp_path: Path) -> None:
    src = write_jpeg(tmp_path / "turned.jpg", orientation=6)  # stored landscape, shown portrait
    rep = check_photo(src, tmp_path / "out", find_faces=no_faces)
    with Image.open(rep.out_path) as out:
        assert out.size == (240, 320) and ExifTags.Base.Orientation not in out.getexif()


def test_png_text_chunks_are_stripped(tmp_path: Path) -> None:
    src = write_png(tmp_path / "drawing.png")
    rep = check_photo(src, tmp_path / "out", find_faces=no_faces)
    assert rep.error is None
    assert {"PNG text: Author", "PNG text: Location", "PNG text: Description"} <= set(rep.removed)
    with Image.open(rep.out_path) as out, Image.open(src) as orig:
        assert out.format == "PNG" and not out.text and read_metadata(out).fields == []
        assert out.tobytes() == orig.convert(out.mode).tobytes()  # lossless: the pixels are the same
    assert b"Jane" not in Path(rep.out_path).read_bytes()


def test_webp_xmp_and_exif_are_stripped(tmp_path: Path) -> None:
    src = write_webp(tmp_path / "park.webp")
    with Image.open(src) as im:
        assert im.info.get("xmp")
    rep = check_photo(src, tmp_path / "out", find_faces=no_faces)
    assert {"XMP photoshop:City", "XMP dc:creator", "EXIF GPSInfo", "EXIF BodySerialNumber"} <= set(rep.removed)
    with Image.open(rep.out_path) as out:
        assert out.format == "WEBP" and "xmp" not in out.info and "exif" not in out.info
        assert read_metadata(out).fields == []


def test_not_an_image_and_heic_are_reported_not_raised(tmp_path: Path) -> None:
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a photo")
    rep = check_photo(bad, tmp_path / "out", find_faces=no_faces)
    assert rep.error and "not a readable photo" in rep.error and rep.out_path is None
    heic = tmp_path / "phone.heic"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    from harrier.detect.image.decode import HEIF_SUPPORTED

    rep = check_photo(heic, tmp_path / "out", find_faces=no_faces)
    assert rep.error
    if not HEIF_SUPPORTED:
        assert "HEIC" in rep.error and "pillow-heif" in rep.error


def test_same_names_do_not_overwrite_each_other(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    taken: set[Path] = set()
    r1 = check_photo(write_png(tmp_path / "a" / "x.png"), tmp_path / "out", find_faces=no_faces, taken=taken)
    r2 = check_photo(write_png(tmp_path / "b" / "x.png"), tmp_path / "out", find_faces=no_faces, taken=taken)
    assert r1.out_path != r2.out_path and Path(r2.out_path or "").name == "x-2.png"


def test_xmp_with_entities_is_not_parsed() -> None:
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaa">]><x:xmpmeta xmlns:x="adobe:ns:meta/">&a;</x:xmpmeta>'
    assert xmp_fields(bomb) == []
    assert xmp_fields("<broken") == []


def test_jpeg_iptc_place_and_byline_are_stripped(tmp_path: Path) -> None:
    plain = tmp_path / "plain.jpg"
    picture().save(plain, "JPEG", quality=90)
    src = tmp_path / "edited.jpg"
    src.write_bytes(with_iptc(plain.read_bytes()))
    with Image.open(src) as im:
        assert IptcImagePlugin.getiptcinfo(im)  # the fixture really carries IPTC
    rep = check_photo(src, tmp_path / "out", find_faces=no_faces)
    assert {"IPTC City", "IPTC By-line"} <= set(rep.removed)
    assert any("location" in a for a in rep.advice)
    with Image.open(rep.out_path or "") as out:
        assert not IptcImagePlugin.getiptcinfo(out) and read_metadata(out).fields == []
    assert b"Utrecht" not in Path(rep.out_path or "").read_bytes()


def test_transparency_survives(tmp_path: Path) -> None:
    rgba = picture().convert("RGBA")
    rgba.putalpha(128)
    pal = picture().convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    rgba.save(tmp_path / "rgba.png")
    pal.save(tmp_path / "pal.png", transparency=0)
    for name in ("rgba.png", "pal.png"):
        rep = check_photo(tmp_path / name, tmp_path / "out", find_faces=no_faces)
        with Image.open(rep.out_path or "") as out, Image.open(tmp_path / name) as orig:
            assert out.mode == orig.mode and out.info.get("transparency") == orig.info.get("transparency")
            assert out.convert("RGBA").tobytes() == orig.convert("RGBA").tobytes()
    faces = [([20, 20, 60, 60], 0.9)]
    rep = check_photo(tmp_path / "pal.png", tmp_path / "masked", find_faces=lambda _im: faces, mask="pixelate")
    assert rep.error is None and rep.faces[0].masked


def test_heic_location_serials_and_names_are_stripped_and_it_stays_heic(tmp_path: Path) -> None:
    """A phone's HEIC (the `heic` extra, pillow-heif): GPS, serial and owner in its EXIF, a city in its XMP."""
    from harrier.detect.image.decode import HEIF_SUPPORTED

    if not HEIF_SUPPORTED:
        pytest.skip("pillow-heif is not installed (`pip install harrier[heic]`)")
    src = tmp_path / "phone.heic"
    picture().save(src, "HEIF", quality=90, exif=camera_exif(), xmp=XMP.encode())
    with Image.open(src) as im:
        assert im.format == "HEIF" and im.getexif().get_ifd(GPS)
    rep = check_photo(src, tmp_path / "out", find_faces=no_faces)
    assert rep.error is None, rep.error
    assert {"EXIF GPSInfo", "EXIF BodySerialNumber"} <= set(rep.removed)
    with Image.open(rep.out_path) as out:
        assert out.format == "HEIF" and not out.getexif().get_ifd(GPS) and not out.info.get("xmp")
        assert read_metadata(out).fields == []


def test_c2pa_content_credentials_are_named_and_left_out(tmp_path: Path) -> None:
    """A JPEG with a C2PA manifest (the c2pa-rs sample shipped in tests/fixtures, Apache/MIT)."""
    src = Path(__file__).parents[1] / "fixtures" / "provenance" / "c2pa" / "c2pa-rs__C.jpg"
    rep = check_photo(src, tmp_path / "out", find_faces=no_faces)
    assert rep.error is None and "C2PA manifest (content credentials)" in rep.removed
    data = Path(rep.out_path).read_bytes()
    assert b"c2pa" not in data and b"jumb" not in data
