"""The patient's drawn signature: read from the browser's PNG data URL and checked (pure functions, Pillow only).

The signature pad (consents/static/consents/signature.js) sends what was drawn on its canvas as a
`data:image/png;base64,...` URL in a hidden field. The form reads it into bytes (`read_data_url`); the model's
validator (`validate_signature_png`) then checks the bytes: a real PNG, within the size limits, with some ink on it.
Each refusal says what to do, next to the signature box.
"""

from __future__ import annotations

import base64
import binascii
import io

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

DATA_URL_PREFIX = "data:image/png;base64,"
MAX_SIGNATURE_BYTES = 300 * 1024  # a canvas of signature strokes is a few tens of kilobytes
MAX_WIDTH, MAX_HEIGHT = 3000, 1500
MIN_WIDTH, MIN_HEIGHT = 100, 40
# A pixel darker than this (0 black, 255 white, on a white background) is ink; fewer ink pixels than MIN_INK is a
# blank box, or a tap that is no signature.
INK_LEVEL = 160
MIN_INK = 40

BLANK = "The signature box is empty: sign in it with a finger, a pen or the mouse, or choose to type your name."
NOT_PNG = "The signature could not be read. Clear the box and sign again."
TOO_LARGE = "The signature image is too large to keep. Clear the box and sign again."
WRONG_SIZE = "The signature image is not the size of the signature box. Clear the box and sign again."


def max_data_url_length() -> int:
    """The longest data URL a signature of MAX_SIGNATURE_BYTES makes (base64 writes 3 bytes as 4 characters)."""
    return len(DATA_URL_PREFIX) + 4 * (MAX_SIGNATURE_BYTES // 3 + 1)


def read_data_url(value: str) -> bytes:
    """The PNG bytes of a `data:image/png;base64,...` URL; ValidationError (code not_png or too_large) otherwise."""
    value = (value or "").strip()
    if len(value) > max_data_url_length():
        raise ValidationError(TOO_LARGE, code="too_large")
    if not value.startswith(DATA_URL_PREFIX):
        raise ValidationError(NOT_PNG, code="not_png")
    try:
        return base64.b64decode(value[len(DATA_URL_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(NOT_PNG, code="not_png") from None


def data_url(png: bytes) -> str:
    """The PNG as a data URL again, to show the signature on a page or in a PDF without a URL that serves it."""
    return DATA_URL_PREFIX + base64.b64encode(png).decode("ascii") if png else ""


def ink_pixels(image: Image.Image) -> int:
    """How many pixels hold ink, the image laid on white (a canvas is transparent where nothing was drawn)."""
    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    grey = Image.alpha_composite(white, rgba).convert("L")
    return sum(grey.histogram()[:INK_LEVEL])


def validate_signature_png(value: bytes) -> None:
    """A real PNG of a signature box's size, at most MAX_SIGNATURE_BYTES, with ink on it."""
    data = bytes(value or b"")
    if not data:
        raise ValidationError(BLANK, code="signature_blank")
    if len(data) > MAX_SIGNATURE_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != "PNG":
                raise ValidationError(NOT_PNG, code="not_png")
            width, height = probe.size
            # The header's size is checked before a pixel is decoded: a small file may claim a huge image.
            if width > MAX_WIDTH or height > MAX_HEIGHT:
                raise ValidationError(TOO_LARGE, code="too_large")
            if width < MIN_WIDTH or height < MIN_HEIGHT:
                raise ValidationError(WRONG_SIZE, code="wrong_size")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            ink = ink_pixels(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(NOT_PNG, code="not_png") from None
    if ink < MIN_INK:
        raise ValidationError(BLANK, code="signature_blank")


def normalised_png(value: bytes) -> bytes:
    """The signature re-encoded as a plain PNG (same pixels, no text chunks or other metadata), to keep and serve."""
    with Image.open(io.BytesIO(bytes(value))) as image:
        out = io.BytesIO()
        image.convert("RGBA").save(out, format="PNG", optimize=True)
        return out.getvalue()
