"""Generated test photos carrying the metadata a phone or camera writes (no real photos: shapes and gradients)."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image, ImageDraw, PngImagePlugin, TiffImagePlugin

GPS, EXIF = ExifTags.IFD.GPSInfo, ExifTags.IFD.Exif
XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'photoshop:City="Utrecht" exif:GPSLatitude="52,5.3N">'
    '<dc:creator><rdf:Seq><rdf:li>Jane Parent</rdf:li></rdf:Seq></dc:creator>'
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def picture(size: tuple[int, int] = (320, 240)) -> Image.Image:
    """A gradient with a few shapes."""
    w, h = size
    grad = np.linspace([40, 90, 160], [220, 200, 120], w)[None, :, :].repeat(h, axis=0).astype(np.uint8)
    im = Image.fromarray(grad)
    d = ImageDraw.Draw(im)
    d.rectangle((w // 8, h // 6, w // 3, h // 2), fill=(200, 40, 40))
    d.ellipse((w // 2, h // 3, w - 20, h - 20), fill=(30, 160, 70))
    return im


def _with_thumbnail(exif: bytes, thumb: bytes) -> bytes:
    """Pillow writes IFD0 and its sub-IFDs but no IFD1: append one pointing at a JPEG thumbnail, as cameras do."""
    assert exif.startswith(b"Exif\x00\x00")
    tiff = bytearray(exif[6:])
    e = "<" if tiff[:2] == b"II" else ">"
    ifd0 = struct.unpack(e + "I", tiff[4:8])[0]
    n = struct.unpack(e + "H", tiff[ifd0:ifd0 + 2])[0]
    next_ptr = ifd0 + 2 + 12 * n
    ifd1 = len(tiff) + (len(tiff) % 2)
    tiff += b"\x00" * (ifd1 - len(tiff))
    struct.pack_into(e + "I", tiff, next_ptr, ifd1)
    data_at = ifd1 + 2 + 3 * 12 + 4
    entries = [(0x0103, 3, 1, 6), (0x0201, 4, 1, data_at), (0x0202, 4, 1, len(thumb))]
    tiff += struct.pack(e + "H", len(entries))
    for tag, typ, count, value in entries:
        tiff += struct.pack(e + "HHI", tag, typ, count) + (struct.pack(e + "HH", value, 0) if typ == 3
                                                          else struct.pack(e + "I", value))
    tiff += struct.pack(e + "I", 0) + thumb
    return b"Exif\x00\x00" + bytes(tiff)


def camera_exif(orientation: int = 1) -> bytes:
    """EXIF as a phone writes it: GPS, camera and lens serial numbers, artist and owner names, a thumbnail."""
    r = TiffImagePlugin.IFDRational
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme"
    exif[ExifTags.Base.Model] = "Phone 3"
    exif[ExifTags.Base.Artist] = "Jane Parent"
    exif[ExifTags.Base.Orientation] = orientation
    sub = exif.get_ifd(EXIF)
    sub[ExifTags.Base.BodySerialNumber] = "SN-0012345"
    sub[ExifTags.Base.LensSerialNumber] = "LENS-998"
    sub[ExifTags.Base.CameraOwnerName] = "Jane Parent"
    sub[ExifTags.Base.DateTimeOriginal] = "2026:06:01 10:00:00"
    gps = exif.get_ifd(GPS)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (r(52), r(5), r(30))
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (r(5), r(7), r(12))
    buf = io.BytesIO()
    picture((80, 60)).save(buf, "JPEG", quality=70)
    return _with_thumbnail(exif.tobytes(), buf.getvalue())


def write_jpeg(path: Path, im: Image.Image | None = None, orientation: int = 1) -> Path:
    (im or picture()).save(path, "JPEG", quality=92, exif=camera_exif(orientation), xmp=XMP.encode(),
                           comment=b"Jane's phone")
    return path


def write_png(path: Path, im: Image.Image | None = None) -> Path:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Parent")
    info.add_text("Location", "52.09 N, 5.12 E")
    info.add_itxt("Description", "at home")
    (im or picture()).save(path, "PNG", pnginfo=info)
    return path


def write_webp(path: Path, im: Image.Image | None = None) -> Path:
    (im or picture()).save(path, "WEBP", quality=90, xmp=XMP.encode(), exif=camera_exif())
    return path


def with_iptc(jpeg: bytes, city: str = "Utrecht", byline: str = "Jane Parent") -> bytes:
    """Insert an APP13 Photoshop/IPTC segment (City, By-line) after SOI, as photo editors write it."""
    def dataset(num: int, value: str) -> bytes:
        v = value.encode()
        return b"\x1c\x02" + bytes([num]) + struct.pack(">H", len(v)) + v

    iptc = dataset(90, city) + dataset(80, byline)
    iptc += b"\x00" * (len(iptc) % 2)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + segment + jpeg[2:]
