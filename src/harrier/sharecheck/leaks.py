"""The values behind the sensitive metadata fields (place names, camera, serial numbers, names), so that the
share-check page can say in plain words what a photo would give away ("the city 'Utrecht'"), not only which
fields it carried. Coordinates are only noted as present: the page never shows or maps them."""

from __future__ import annotations

from PIL import ExifTags, Image, IptcImagePlugin

from harrier.sharecheck.metadata import (
    IPTC_LOCATION,
    IPTC_NAMES,
    IPTC_PEOPLE,
    LOCATION_XMP,
    NAME_XMP,
    png_text_kind,
    xmp_properties,
)

KINDS = ("gps", "place", "camera", "serial", "name")
MAX_VALUES = 5  # per kind: enough to recognise, short enough to read
MAX_CHARS = 80
_SERIAL_TAGS = {ExifTags.Base.BodySerialNumber, ExifTags.Base.LensSerialNumber, ExifTags.Base.ImageUniqueID}
_NAME_TAGS = {ExifTags.Base.Artist, ExifTags.Base.Copyright, ExifTags.Base.CameraOwnerName, ExifTags.Base.XPAuthor}


def _text(value: object) -> str:
    if isinstance(value, bytes):  # XP* tags are UTF-16LE ("J\0a\0..."); the rest ASCII/UTF-8, maybe NUL-padded
        utf16 = len(value) >= 2 and value[1:2] == b"\x00"
        value = value.decode("utf-16-le" if utf16 else "utf-8", "replace")
    s = " ".join(str(value).replace("\x00", " ").split())
    return s[:MAX_CHARS]


def _add(out: dict[str, list[str]], kind: str, value: object) -> None:
    s = _text(value)
    if s and s not in out[kind] and len(out[kind]) < MAX_VALUES:
        out[kind].append(s)


def _exif(im: Image.Image, out: dict[str, list[str]]) -> None:
    try:
        exif = im.getexif()
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:  # noqa: BLE001 - unreadable EXIF: metadata.read_metadata already reports the block
        return
    if gps.get(ExifTags.GPS.GPSLatitude) is not None or gps.get(ExifTags.GPS.GPSLongitude) is not None:
        out["gps"].append("latitude/longitude")
    camera = " ".join(_text(exif.get(t, "")) for t in (ExifTags.Base.Make, ExifTags.Base.Model)).strip()
    if camera:
        _add(out, "camera", camera)
    for tags in (exif, sub):
        for tag, value in tags.items():
            if tag in _SERIAL_TAGS:
                _add(out, "serial", value)
            elif tag in _NAME_TAGS:
                _add(out, "name", value)


def _xmp(packet: bytes | str, out: dict[str, list[str]]) -> None:
    for name, value in xmp_properties(packet) or []:
        if "GPS" in name:
            if not out["gps"]:
                out["gps"].append("latitude/longitude")
        elif LOCATION_XMP.search(name):
            _add(out, "place", value)
        elif NAME_XMP.search(name) and name not in ("mwg-rs:Regions", "MP:RegionInfo"):
            _add(out, "name", value)


def _iptc(im: Image.Image, out: dict[str, list[str]]) -> None:
    try:
        iptc = IptcImagePlugin.getiptcinfo(im) or {}
    except Exception:  # noqa: BLE001
        return
    for (record, dataset), value in iptc.items():
        name = IPTC_NAMES.get(dataset, "") if record == 2 else ""
        values = value if isinstance(value, list) else [value]
        for v in values:
            if name in IPTC_LOCATION:
                _add(out, "place", v)
            elif name in IPTC_PEOPLE:
                _add(out, "name", v)


def leak_values(im: Image.Image) -> dict[str, list[str]]:
    """kind ("gps", "place", "camera", "serial", "name") -> the values an opened image carries, shortened."""
    out: dict[str, list[str]] = {k: [] for k in KINDS}
    _exif(im, out)
    xmp = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")
    if xmp:
        _xmp(xmp, out)
    if im.format in ("JPEG", "MPO"):
        _iptc(im, out)
        if im.info.get("comment"):
            _add(out, "name", im.info["comment"])
    for key, value in (getattr(im, "text", None) or {}).items() if im.format == "PNG" else ():
        kind = None if key == "XML:com.adobe.xmp" else png_text_kind(key)
        if kind:
            _add(out, {"location": "place", "names": "name"}[kind], value)
    return out
