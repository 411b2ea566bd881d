"""Wellness by default: media leaves the server blurred and greyscale unless a reviewer reveals one item.

Reveals use short-lived signed tokens (itsdangerous) bound to the reviewer and the media item, so a revealed
URL cannot be reused by someone else or after a minute, and nothing about a reveal survives a page load.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from PIL import Image, ImageDraw, ImageFilter, ImageOps
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from harrier.review.tables import Exposure, OrgSetting

Image.MAX_IMAGE_PIXELS = 60_000_000  # refuse decompression bombs outright
MAX_SIDE = 720  # served images are downscaled: reviewers never need full resolution to decide
REVEAL_TTL_S = 60
ORG_DEFAULTS: dict[str, Any] = {"blur_strength": 70, "greyscale": True}


@dataclass(frozen=True)
class WellnessSettings:
    blur_strength: int  # 0..100; 0 = no blur
    greyscale: bool


def org_defaults(session: Session) -> dict[str, Any]:
    row = session.get(OrgSetting, "wellness")
    return {**ORG_DEFAULTS, **(row.value if row else {})}


def set_org_defaults(session: Session, blur_strength: int, greyscale: bool, by: str) -> None:
    value = {"blur_strength": max(0, min(100, blur_strength)), "greyscale": bool(greyscale)}
    row = session.get(OrgSetting, "wellness")
    if row is None:
        session.add(OrgSetting(key="wellness", value=value, updated_by=by, updated_at=datetime.now(UTC)))
    else:
        row.value, row.updated_by, row.updated_at = value, by, datetime.now(UTC)


def effective(session: Session, blur_strength: int | None, greyscale: bool | None) -> WellnessSettings:
    d = org_defaults(session)
    return WellnessSettings(
        blur_strength=int(d["blur_strength"] if blur_strength is None else blur_strength),
        greyscale=bool(d["greyscale"] if greyscale is None else greyscale),
    )


# --- images -------------------------------------------------------------------------------------------------


def _open(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))  # JPEG: decode at reduced scale, much faster
    img = ImageOps.exif_transpose(img)
    img.thumbnail((MAX_SIDE, MAX_SIDE))
    return img.convert("RGB")


def placeholder(text: str = "media unavailable", size: tuple[int, int] = (480, 320)) -> bytes:
    img = Image.new("L", size, 200)
    d = ImageDraw.Draw(img)
    d.text((16, size[1] // 2 - 6), text, fill=80)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def render(data: bytes, settings: WellnessSettings | None) -> bytes:
    """Downscaled JPEG; blurred and greyscale per ``settings`` (None = revealed: original colours, sharp)."""
    try:
        img = _open(data)
    except Exception:  # any undecodable or hostile file becomes a neutral placeholder, never an error page
        return placeholder()
    if settings is not None:
        if settings.greyscale:
            img = img.convert("L")
        if settings.blur_strength > 0:
            # radius scales with the image so "70" hides detail equally on small and large images
            radius = max(img.size) * settings.blur_strength / 100 * 0.06
            img = img.filter(ImageFilter.GaussianBlur(radius))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def image_size(path: str) -> tuple[int, int] | None:
    """Original pixel size (header only), used to place face boxes over the served image."""
    try:
        with Image.open(path) as img:
            w, h = img.size
            if img.getexif().get(0x0112) in (5, 6, 7, 8):  # rotated by EXIF: exif_transpose swaps sides
                w, h = h, w
            return w, h
    except Exception:
        return None


# --- reveal tokens and the exposure counter -----------------------------------------------------------------


class RevealTokens:
    def __init__(self, secret: str) -> None:
        self._s = URLSafeTimedSerializer(secret, salt="harrier.media.reveal")

    def issue(self, media_id: str, user_id: int) -> str:
        return self._s.dumps({"m": media_id, "u": user_id})

    def check(self, token: str, media_id: str, user_id: int, max_age: int = REVEAL_TTL_S) -> bool:
        try:
            data = self._s.loads(token, max_age=max_age)
        except (BadSignature, SignatureExpired):
            return False
        return data.get("m") == media_id and data.get("u") == user_id


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def bump_exposure(session: Session, user_id: int, reveals: int = 0, cases_viewed: int = 0) -> None:
    day = today()
    res = session.execute(
        update(Exposure).where(Exposure.user_id == user_id, Exposure.day == day)
        .values(reveals=Exposure.reveals + reveals, cases_viewed=Exposure.cases_viewed + cases_viewed)
    )
    if res.rowcount == 0:
        try:
            with session.begin_nested():
                session.add(Exposure(user_id=user_id, day=day, reveals=reveals, cases_viewed=cases_viewed))
        except IntegrityError:  # another request created today's row first: add to it
            bump_exposure(session, user_id, reveals, cases_viewed)


def exposure_today(session: Session, user_id: int) -> tuple[int, int]:
    row = session.execute(
        select(Exposure.reveals, Exposure.cases_viewed).where(Exposure.user_id == user_id, Exposure.day == today())
    ).first()
    return (row[0], row[1]) if row else (0, 0)
