"""One photo through the share check: read its metadata, write a clean copy with children's faces masked, and
say in plain words what was removed and what to think about before posting."""

from __future__ import annotations

import io
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from harrier.sharecheck.caption import CaptionRisk, check_caption
from harrier.sharecheck.faces import MINOR_THRESHOLD, Mask, mask_faces
from harrier.sharecheck.leaks import leak_values
from harrier.sharecheck.metadata import SUPPORTED, Found, leftovers, load_clean, save_clean

FaceFinder = Callable[[Any], list[tuple[list[int], float]]]
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")


class FaceReport(BaseModel):
    box: list[int]
    minor_likelihood: float
    masked: bool
    mask_box: list[int] | None = None


class PhotoReport(BaseModel):
    path: str
    out_path: str | None = None
    format: str | None = None
    removed: list[str] = Field(default_factory=list)
    faces: list[FaceReport] = Field(default_factory=list)
    caption_risks: list[CaptionRisk] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list)
    error: str | None = None


def _advice(found: Found, faces: list[FaceReport], mask_all: bool) -> list[str]:
    out = []
    if found.location:
        out.append("The photo carried the place where it was taken (GPS or a place name). The copy has no location.")
    if found.serials:
        out.append("The photo carried your camera's or lens's serial number, which links it to your other photos. "
                   "The copy has none.")
    if found.names:
        out.append("The photo carried names or notes (owner, author, copyright, description or comment). The copy has "
                   "none.")
    if found.thumbnail:
        out.append("The photo carried a small preview copy of itself, which can still show what you cropped or "
                   "edited out. The copy has none.")
    if found.orientation != 1:
        out.append("The photo's rotation was applied to the pixels, so the copy looks the same without it.")
    if found.fields and not (found.location or found.serials or found.names or found.thumbnail):
        out.append("The photo carried other camera data (settings, dates); the copy has none of it.")
    masked = [f for f in faces if f.masked]
    kids = [f for f in faces if f.minor_likelihood >= MINOR_THRESHOLD]
    if kids:
        out.append(f"{len(kids)} face(s) look like a child's and {'were' if len(kids) > 1 else 'was'} masked in the "
                   "copy. Check the copy: a face the check missed (turned away, small, partly hidden) is not "
                   "masked.")
    if mask_all and len(masked) > len(kids):
        out.append("Adults' faces were masked too (--mask-all).")
    if not faces:
        out.append("No faces were found. Look at the photo yourself before sharing: faces seen from the side or "
                   "far away can be missed.")
    out.append("Things in the picture can also give away where you live or where your child goes to school: "
               "house numbers, street signs, school uniforms or logos, car number plates.")
    return out


def _heif_signature(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(32)
    except OSError:
        return b""


def _out_path(out_dir: Path, src: Path, fmt: str, taken: set[Path]) -> Path:
    ext = src.suffix if src.suffix.lower() in _EXTENSIONS.get(fmt, ()) else SUPPORTED[fmt]
    cand = out_dir / f"{src.stem}{ext}"
    n = 2
    while cand in taken or cand.resolve() == src.resolve():
        cand = out_dir / f"{src.stem}-{n}{ext}"
        n += 1
    taken.add(cand)
    return cand


_EXTENSIONS = {"JPEG": (".jpg", ".jpeg", ".jpe"), "PNG": (".png",), "WEBP": (".webp",),
               "HEIF": (".heic", ".heif", ".hif")}


@dataclass
class Checked:
    """One photo checked in memory: the report, the clean copy's bytes and what the page needs to redo the copy
    with other masks (the faces as found, so that the models run once per upload)."""

    report: PhotoReport
    clean: bytes | None = None
    faces: list[tuple[list[int], float]] = field(default_factory=list)
    found: Found | None = None
    details: dict[str, list[str]] = field(default_factory=dict)


def check_source(src: Path | bytes, name: str | None = None, *, mask: Mask = "blur", mask_all: bool = False,
                 caption: str | None = None, find_faces: FaceFinder | None = None,
                 faces: list[tuple[list[int], float]] | None = None, only: Collection[int] | None = None) -> Checked:
    """Check one photo (a file or its bytes) without writing anything: the clean copy comes back as bytes.
    ``faces`` skips the face models (already run on this photo), ``only`` picks the faces to mask by index."""
    from harrier.detect.image.decode import HEIF_SUPPORTED, ImageDecodeError, open_checked

    report = PhotoReport(path=name if name is not None else str(src) if isinstance(src, Path) else "photo")
    checked = Checked(report)
    if caption:
        report.caption_risks = check_caption(caption)
    head = src[:32] if isinstance(src, bytes) else _head(src)
    if _heif_signature(head) and not HEIF_SUPPORTED:
        report.error = ("HEIC/HEIF photo: not supported in this install (it needs the optional pillow-heif "
                        "package). Export it as JPEG from your phone or computer and check that.")
        return checked
    try:
        im = open_checked(src)
    except ImageDecodeError as e:
        report.error = f"not a readable photo: {e.reason}"
        return checked
    try:
        with im:
            fmt = "JPEG" if im.format == "MPO" else (im.format or "")
            if fmt not in SUPPORTED or (fmt == "HEIF" and not HEIF_SUPPORTED):
                report.error = f"{im.format} images are not supported by the share check (JPEG, PNG or WebP)"
                return checked
            checked.details = leak_values(im)
            clean = load_clean(im)
        report.format = fmt
        image = clean.image
        if faces is None:
            if find_faces is None:
                from harrier.sharecheck.faces import find_faces as default_finder

                find_faces = default_finder
            faces = find_faces(image)
        checked.faces = faces
        if faces and image.mode not in ("RGB", "RGBA", "L"):
            if image.mode == "CMYK":
                clean.icc_profile = None  # a CMYK profile would mis-colour the RGB pixels masking needs
            image = image.convert("RGBA" if "A" in image.mode or clean.transparency is not None else "RGB")
            clean.transparency = None
        marks = mask_faces(image, faces, mask, mask_all, only)
        report.faces = [FaceReport(**m.to_json()) for m in marks]
        buf = io.BytesIO()
        save_clean(image, fmt, buf, clean.icc_profile, clean.transparency)
        left = leftovers(buf.getvalue())
        if left:  # never hand back a copy that still carries something
            report.error = f"the clean copy still carried {', '.join(left)}; no copy was written"
            return checked
        checked.clean = buf.getvalue()
        checked.found = clean.found
        report.removed = clean.found.fields
        report.advice = _advice(clean.found, report.faces, mask_all)
    except Exception as e:  # noqa: BLE001 - one bad photo must not stop the others
        report.error = f"could not process the photo: {type(e).__name__}: {e}"
    return checked


def check_photo(path: Path, out_dir: Path, *, mask: Mask = "blur", mask_all: bool = False, caption: str | None = None,
                find_faces: FaceFinder | None = None, taken: set[Path] | None = None) -> PhotoReport:
    """Check one photo and write its clean copy into ``out_dir``. Never raises for a bad file: ``error`` says."""
    checked = check_source(path, mask=mask, mask_all=mask_all, caption=caption, find_faces=find_faces)
    report = checked.report
    if checked.clean is None or report.format is None:
        return report
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        out = _out_path(out_dir, path, report.format, taken if taken is not None else set())
        out.write_bytes(checked.clean)
        report.out_path = str(out)
    except OSError as e:
        report.error = f"could not write the clean copy: {e}"
    return report
