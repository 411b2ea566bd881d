"""Find faces with the project's face/age models (``harrier.detect.image.faces``) and mask them.

Only children's faces are masked unless the parent asks for all: a masked adult is not what a parent sharing a
family photo wants, a recognisable child in a public post is what the check exists for.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from PIL import Image, ImageDraw, ImageFilter

MINOR_THRESHOLD = 0.5  # the same operating point as the image.sexualised_minor_risk route (content.MINOR_FOR_RISK)
MASK_PAD = 0.25  # grow the detector's box by this fraction per side: its box is tight and leaves hair, ears, chin
PIXEL_BLOCKS = 8  # a pixelated face is at most 8 blocks across: too coarse to recognise or to un-pixelate
Mask = Literal["blur", "pixelate", "emoji"]
EMOJI_FILL = (255, 204, 77)


@dataclass
class FaceMark:
    box: list[int]  # [x, y, w, h] as detected, in the oriented photo's pixels
    minor_likelihood: float
    masked: bool
    mask_box: list[int] | None = None  # [x, y, w, h] of the area actually changed

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"box": self.box, "minor_likelihood": round(self.minor_likelihood, 4),
                             "masked": self.masked}
        if self.mask_box is not None:
            d["mask_box"] = self.mask_box
        return d


def find_faces(image: Image.Image) -> list[tuple[list[int], float]]:
    """(box, P(under 18)) for every face, from the shared estimator (models load once per process)."""
    from harrier.detect.image.faces import estimator

    res = estimator().analyse(image.convert("RGB"))
    return [(list(f.box), float(f.minor_probability)) for f in res.faces]


def padded_box(box: list[int], size: tuple[int, int], pad: float = MASK_PAD) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the face box grown by ``pad`` per side, clipped to the image."""
    x, y, w, h = box
    px, py = round(w * pad), round(h * pad)
    return max(0, x - px), max(0, y - py), min(size[0], x + w + px), min(size[1], y + h + py)


def mask_region(image: Image.Image, rect: tuple[int, int, int, int], how: Mask) -> None:
    """Mask ``rect`` of ``image`` in place; pixels outside it are not touched."""
    left, top, right, bottom = rect
    w, h = right - left, bottom - top
    if w <= 0 or h <= 0:
        return
    region = image.crop(rect)
    if how == "pixelate":
        step = max(1, max(w, h) // PIXEL_BLOCKS)
        small = region.resize((max(1, w // step), max(1, h // step)), Image.Resampling.BOX)
        region = small.resize((w, h), Image.Resampling.NEAREST)
    elif how == "blur":
        # Pixelate first, then blur: a Gaussian alone at a radius that still looks natural can be partly undone.
        step = max(1, max(w, h) // (PIXEL_BLOCKS * 2))
        region = region.resize((max(1, w // step), max(1, h // step)), Image.Resampling.BOX).resize((w, h))
        region = region.filter(ImageFilter.GaussianBlur(radius=max(2, max(w, h) // 10)))
    else:  # emoji: a solid sticker over the whole box (a disc would leave the corners, and with them the hair)
        draw = ImageDraw.Draw(region)
        fill: Any = EMOJI_FILL if region.mode in ("RGB", "RGBA") else 200
        if region.mode == "RGBA":
            fill = (*EMOJI_FILL, 255)
        draw.rectangle((0, 0, w - 1, h - 1), fill=fill)
    image.paste(region, (left, top))


def mask_faces(image: Image.Image, faces: list[tuple[list[int], float]], how: Mask = "blur",
               mask_all: bool = False, only: Collection[int] | None = None) -> list[FaceMark]:
    """Mask children's faces (and adults' with ``mask_all``) in place; one mark per face. ``only`` (indices into
    ``faces``) overrides both: the parent's own choice on the share-check page."""
    marks = []
    for i, (box, p) in enumerate(faces):
        masked = (i in only) if only is not None else (mask_all or p >= MINOR_THRESHOLD)
        mark = FaceMark(box=box, minor_likelihood=p, masked=masked)
        if masked:
            rect = padded_box(box, image.size)
            mask_region(image, rect, how)
            mark.mask_box = [rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1]]
        marks.append(mark)
    return marks
