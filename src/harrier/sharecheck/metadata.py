"""What a photo file says besides its pixels, and a clean copy that says nothing.

Stripping field by field misses what the stripper does not know about (maker notes, vendor XMP, MPF previews), so
the copy is a fresh encode of the pixels carrying no metadata except the ICC colour profile (colours only, no
names or places). Reading comes first, so that the report can name every field that was left behind.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from PIL import ExifTags, Image, ImageOps, IptcImagePlugin

# Fields worth a plain-language sentence; every other removed field is still listed by name.
LOCATION_EXIF = {"GPSInfo"}
LOCATION_XMP = re.compile(r"(?i)(^exif:GPS|:(City|State|Country|CountryCode|Location|LocationCreated|LocationShown|"
                          r"Sublocation|ProvinceState|CountryName|WorldRegion|GPS\w*)$)")
SERIAL_EXIF = {"BodySerialNumber", "LensSerialNumber", "CameraSerialNumber", "SerialNumber", "ImageUniqueID",
               "InternalSerialNumber"}
SERIAL_XMP = re.compile(r"(?i)SerialNumber$|:ImageUniqueID$|:DocumentID$|:InstanceID$")
NAME_EXIF = {"Artist", "CameraOwnerName", "XPAuthor", "Copyright", "OwnerName", "XPComment", "XPSubject",
             "ImageDescription", "UserComment"}
NAME_XMP = re.compile(r"(?i)^(dc:creator|dc:rights|photoshop:Author|photoshop:AuthorsPosition|photoshop:Credit|"
                      r"xmpRights:Owner|Iptc4xmpCore:CreatorContactInfo|aux:OwnerName|xmpRights:\w+|"
                      r"plus:\w*(Owner|Creator|Licensor)\w*|mwg-rs:Regions|MP:RegionInfo|dc:description)$")
IPTC_NAMES = {  # record 2 datasets (IPTC IIM 4.2): the ones phones and editors actually write
    5: "ObjectName", 25: "Keywords", 55: "DateCreated", 60: "TimeCreated", 80: "By-line", 85: "By-lineTitle",
    90: "City", 92: "Sub-location", 95: "Province-State", 100: "Country-PrimaryLocationCode",
    101: "Country-PrimaryLocationName", 105: "Headline", 110: "Credit", 115: "Source", 116: "CopyrightNotice",
    118: "Contact", 120: "Caption-Abstract", 122: "Writer-Editor",
}
IPTC_LOCATION = {"City", "Sub-location", "Province-State", "Country-PrimaryLocationCode",
                 "Country-PrimaryLocationName"}
IPTC_PEOPLE = {"By-line", "CopyrightNotice", "Contact", "Writer-Editor", "Credit"}
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XMP_MAX = 2_000_000  # bytes; a larger packet is reported whole rather than parsed
SUPPORTED = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp", "HEIF": ".heic"}


@dataclass
class Found:
    """Metadata found in one photo: every field by name, plus which of them were sensitive."""

    fields: list[str] = field(default_factory=list)  # e.g. "EXIF GPSInfo", "XMP photoshop:City", "PNG text: Author"
    location: list[str] = field(default_factory=list)
    serials: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    thumbnail: bool = False
    orientation: int = 1

    def add(self, name: str, kind: str | None = None) -> None:
        if name not in self.fields:
            self.fields.append(name)
        if kind is not None:
            bucket = getattr(self, kind)
            if name not in bucket:
                bucket.append(name)


def _tag_name(tag: int, table: dict[int, str]) -> str:
    return table.get(tag) or f"0x{tag:04X}"


def _read_exif(im: Image.Image, found: Found) -> None:
    try:
        exif = im.getexif()
    except Exception:  # noqa: BLE001 - a broken EXIF block is still a block we drop
        found.add("EXIF (unreadable block)")
        return
    ifd_tags = {int(t) for t in ExifTags.IFD if int(t) > 0}
    for tag, value in exif.items():
        name = _tag_name(tag, ExifTags.TAGS)
        if tag == ExifTags.Base.Orientation:
            found.orientation = int(value or 1) if isinstance(value, int) else 1
        if tag in ifd_tags and tag != ExifTags.IFD.GPSInfo:
            continue  # pointers to sub-IFDs: their tags are listed below instead
        found.add(f"EXIF {name}", _exif_kind(name))
    for sub in (ExifTags.IFD.Exif, ExifTags.IFD.Interop, ExifTags.IFD.GPSInfo):
        try:
            tags = exif.get_ifd(sub)
        except Exception:  # noqa: BLE001 - a sub-IFD pointing nowhere
            continue
        if sub == ExifTags.IFD.GPSInfo:
            if tags:
                found.add("EXIF GPSInfo", "location")
            continue
        for tag in tags:
            name = _tag_name(tag, ExifTags.TAGS)
            found.add(f"EXIF {name}", _exif_kind(name))
    try:
        ifd1 = exif.get_ifd(ExifTags.IFD.IFD1)
    except Exception:  # noqa: BLE001
        ifd1 = {}
    if ifd1:  # IFD1 describes the embedded thumbnail: a small copy of the photo, possibly from before an edit
        found.add("EXIF thumbnail")
        found.thumbnail = True


def _exif_kind(name: str) -> str | None:
    if name in LOCATION_EXIF:
        return "location"
    if name in SERIAL_EXIF:
        return "serials"
    if name in NAME_EXIF:
        return "names"
    return None


def xmp_properties(packet: bytes | str) -> list[tuple[str, str]] | None:
    """(``prefix:name``, text) for the attributes and child elements of every rdf:Description in an XMP packet;
    ``None`` when it is not parsed (entity tricks, oversize, malformed): the caller reports the packet whole."""
    data = packet.encode("utf-8", "replace") if isinstance(packet, str) else bytes(packet)
    if len(data) > _XMP_MAX or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    prefixes: dict[str, str] = {}
    props: list[tuple[str, str]] = []
    try:
        parser = ET.iterparse(io.BytesIO(data[max(data.find(b"<"), 0):].rstrip(b"\x00")), events=("start-ns",))
        for _, (prefix, uri) in parser:
            prefixes.setdefault(uri, prefix)
        for desc in parser.root.iter(f"{{{_RDF}}}Description"):
            props += [(_qname(a, prefixes), v) for a, v in desc.attrib.items() if not a.startswith(f"{{{_RDF}}}")]
            props += [(_qname(c.tag, prefixes), " ".join(t.strip() for t in c.itertext() if t.strip()))
                      for c in desc]
    except ET.ParseError:
        return None
    return props


def xmp_fields(packet: bytes | str) -> list[str]:
    """The property names (``prefix:name``) in an XMP packet (:func:`xmp_properties`); [] when not parsed."""
    return list(dict.fromkeys(n for n, _ in xmp_properties(packet) or [] if n))


def png_text_kind(key: str) -> str | None:
    """What a PNG text chunk's key says it holds: "location", "names" or nothing sensitive."""
    low = key.lower()
    if any(w in low for w in ("location", "gps", "city", "place")):
        return "location"
    if any(w in low for w in ("author", "artist", "owner", "copyright", "creator")):
        return "names"
    return None


def _qname(tag: str, prefixes: dict[str, str]) -> str:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return f"{prefixes.get(uri, uri)}:{local}"
    return tag


def _read_xmp(packet: bytes | str, found: Found) -> None:
    names = xmp_fields(packet)
    if not names:
        found.add("XMP packet")
        return
    for n in names:
        kind = ("location" if LOCATION_XMP.search(n) else "serials" if SERIAL_XMP.search(n)
                else "names" if NAME_XMP.search(n) else None)
        found.add(f"XMP {n}", kind)


def _read_iptc(im: Image.Image, found: Found) -> None:
    try:
        iptc = IptcImagePlugin.getiptcinfo(im)
    except Exception:  # noqa: BLE001
        iptc = None
        found.add("IPTC (unreadable block)")
    for (record, dataset) in iptc or {}:
        name = IPTC_NAMES.get(dataset, f"{record}:{dataset}") if record == 2 else f"{record}:{dataset}"
        found.add(f"IPTC {name}", "location" if name in IPTC_LOCATION else "names" if name in IPTC_PEOPLE else None)


def read_metadata(im: Image.Image) -> Found:
    """Every metadata field an opened (not necessarily loaded) image carries, by name."""
    found = Found()
    info = im.info
    if "exif" in info or im.format in ("JPEG", "MPO", "WEBP", "PNG", "HEIF"):
        _read_exif(im, found)
    xmp = info.get("xmp") or info.get("XML:com.adobe.xmp")
    if xmp:
        _read_xmp(xmp, found)
    if im.format in ("JPEG", "MPO"):
        _read_iptc(im, found)
        if info.get("comment"):
            found.add("JPEG comment", "names")
        for marker, segment in getattr(im, "applist", []):
            if marker == "APP2" and im.format == "MPO":
                found.add("MPO extra images (previews)")
            elif marker == "APP11" and (b"c2pa" in segment or b"jumb" in segment):
                # content credentials: their assertions can name the author, the device and where it was made
                found.add("C2PA manifest (content credentials)", "names")
    text = getattr(im, "text", None) if im.format == "PNG" else None
    for key in text or {}:
        if key == "XML:com.adobe.xmp":
            continue
        found.add(f"PNG text: {key}", png_text_kind(key))
    if getattr(im, "n_frames", 1) > 1 and im.format != "MPO":
        found.add("animation frames after the first")
    return found


@dataclass
class Cleaned:
    image: Image.Image  # orientation applied, metadata-free; the pixels the face pass and the writer use
    found: Found
    format: str
    icc_profile: bytes | None
    transparency: Any = None


def load_clean(im: Image.Image) -> Cleaned:
    """Read the metadata of an opened image, then decode its first frame with the orientation applied and detach
    the pixels from every metadata ``info`` entry (Pillow's writers copy some, e.g. the JPEG comment)."""
    found = read_metadata(im)
    fmt = "JPEG" if im.format == "MPO" else (im.format or "")
    icc = im.info.get("icc_profile")
    im.seek(0)
    im.load()
    out = ImageOps.exif_transpose(im) if found.orientation != 1 else im.copy()
    transparency = im.info.get("transparency") if out.mode in ("P", "L", "RGB") else None
    out.info = {}
    if hasattr(out, "text"):
        out.text = {}  # type: ignore[attr-defined]
    return Cleaned(out, found, fmt, icc, transparency)


def save_clean(image: Image.Image, fmt: str, path: Path | IO[bytes], icc_profile: bytes | None = None,
               transparency: Any = None) -> None:
    """Encode the pixels into ``path`` (a file or a stream) with nothing but the ICC profile (and PNG
    transparency)."""
    img = image
    img.info = {}
    params: dict[str, Any] = {}
    if icc_profile:
        params["icc_profile"] = icc_profile
    if fmt == "JPEG":
        if img.mode not in ("RGB", "L", "CMYK"):
            img = img.convert("RGB")
        params.update(quality=95, exif=b"")
    elif fmt == "WEBP":
        params.update(quality=95, exif=b"", xmp=b"")
    elif fmt == "PNG":
        if transparency is not None and img.mode in ("P", "L", "RGB"):
            params["transparency"] = transparency
    elif fmt == "HEIF":
        params.update(quality=95)
    img.save(path, fmt, **params)


def leftovers(src: Path | bytes) -> list[str]:
    """Re-read a written copy (a file or its bytes): the fields it still carries (empty when the strip worked). A
    self-check, so that a writer that starts copying metadata on its own (a Pillow upgrade) cannot leak silently."""
    with Image.open(io.BytesIO(src) if isinstance(src, bytes) else src) as im:
        return read_metadata(im).fields
