"""Checking and normalising one uploaded photo: pure functions over bytes, no request, no database, no disk.

`process_photo(data, name=..., limits=...)` either returns a `ProcessedPhoto` (the normalised JPEG, a thumbnail,
optionally the original bytes) or raises `PhotoRejected` with a message that names the file and says what to do.

What is checked, in this order, so that the cheap checks protect the expensive ones:
1. size: empty, or over the clinic's byte cap;
2. what the bytes are, never the file name or the browser's content type: Pillow may only open them as JPEG, PNG
   or WebP (no other decoder is even tried); HEIC and SVG get their own explanation;
3. the pixel count from the header, BEFORE any pixel is decoded (a 14000 x 14000 PNG of a few kB must not cost
   600 MB of memory); Pillow's own decompression-bomb warning counts as an error too;
4. a full decode, which rejects truncated or corrupt files.

Normalising: EXIF orientation applied, colour converted to sRGB RGB (alpha flattened onto white), every piece of
metadata dropped (EXIF with GPS, ICC, XMP, comments: the pixels are re-encoded into a fresh image), long edge at
most MAX_EDGE px, JPEG quality 85, and a THUMB_EDGE px thumbnail. JPEGs are decoded at a reduced scale with
`Image.draft` when they are much larger than needed, which is what keeps a 12-megapixel photo fast and small.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_EDGE = 2048
# JPEG draft decoding may land anywhere between DRAFT_MIN_EDGE and MAX_EDGE instead of resampling from full size.
DRAFT_MIN_EDGE = 1536
THUMB_EDGE = 400
JPEG_QUALITY = 85
THUMB_QUALITY = 80

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
FORMAT_SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# ISO-BMFF brands of HEIF/HEIC files (iPhone photos). This Pillow has no HEIF decoder (pillow-heif is not installed).
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}


@dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 40_000_000
    keep_original: bool = False

    @classmethod
    def from_settings(cls) -> PhotoLimits:
        from django.conf import settings

        return cls(
            max_bytes=settings.HARMONY_PHOTO_MAX_BYTES,
            max_pixels=settings.HARMONY_PHOTO_MAX_PIXELS,
            keep_original=settings.HARMONY_PHOTO_KEEP_ORIGINAL,
        )


@dataclass(frozen=True)
class ProcessedPhoto:
    image: bytes  # normalised JPEG, long edge <= MAX_EDGE, no metadata
    thumbnail: bytes  # JPEG, long edge <= THUMB_EDGE, no metadata
    width: int
    height: int
    source_format: str  # JPEG, PNG or WEBP, as decoded (never the extension)
    sha256: str  # of the uploaded bytes, to spot the same file uploaded twice
    original: bytes | None = None  # the uploaded bytes, only when the clinic keeps originals
    original_suffix: str = ""


class PhotoRejected(ValueError):
    """The file cannot become a clinical photo; `message` is written for the person who uploaded it."""

    def __init__(self, name: str, reason: str):
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")

    @property
    def message(self) -> str:
        return f"“{self.name}”: {self.reason}"


def _megabytes(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} kB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _too_big(size: int, limit: int) -> str:
    if _megabytes(size) == _megabytes(limit):
        return f"the file is just over the limit of {_megabytes(limit)} per photo. Export it at a smaller size."
    return f"the file is {_megabytes(size)}; the limit is {_megabytes(limit)} per photo. Export it at a smaller size."


def _looks_like_heif(head: bytes) -> bool:
    if head[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(head[0:4], "big")
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(box_size, len(head)), 4)}
    # An AVIF file shares the container; Pillow reads AVIF, so only HEVC-coded brands mean "HEIC".
    return bool(brands & HEIF_BRANDS) and not brands & {b"avif", b"avis"}


def _looks_like_svg(head: bytes) -> bool:
    text = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) and b"<svg" in text


def read_upload(fileobj, *, name: str, limits: PhotoLimits) -> bytes:
    """The uploaded bytes, refusing an empty or over-size file before reading more than the cap."""
    size = getattr(fileobj, "size", None)
    if size == 0:
        raise PhotoRejected(name, "the file is empty (0 bytes). Choose the photo again.")
    if size is not None and size > limits.max_bytes:
        raise PhotoRejected(name, _too_big(size, limits.max_bytes))
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read(limits.max_bytes + 1)
    if not data:
        raise PhotoRejected(name, "the file is empty (0 bytes). Choose the photo again.")
    if len(data) > limits.max_bytes:
        raise PhotoRejected(name, f"the file is larger than the limit of {_megabytes(limits.max_bytes)} per photo.")
    return data


def open_checked(data: bytes, *, name: str, limits: PhotoLimits) -> Image.Image:
    """Open the bytes as JPEG, PNG or WebP and check the pixel count from the header; nothing is decoded yet."""
    if not data:
        raise PhotoRejected(name, "the file is empty (0 bytes). Choose the photo again.")
    head = data[:4096]
    try:
        # Warnings are errors here: Pillow's DecompressionBombWarning must stop the upload, not just be logged.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own bomb check runs inside Image.open, before ours, for the most extreme sizes.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        count = f" ({int(found.group(1)) / 1e6:.0f} megapixels)" if found else ""
        raise PhotoRejected(
            name,
            f"the image has far too many pixels{count} to be processed safely; the limit is "
            f"{limits.max_pixels / 1e6:.0f} megapixels. Export it at a smaller size.",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if _looks_like_heif(head):
            raise PhotoRejected(
                name,
                "HEIC photos (the iPhone default) are not supported here. Export the photo as JPEG "
                "(on iPhone: Settings › Camera › Formats › Most Compatible) and upload it again.",
            ) from exc
        if _looks_like_svg(head):
            raise PhotoRejected(name, "this is an SVG drawing, not a photo. Upload a JPEG, PNG or WebP photo.") from exc
        raise PhotoRejected(
            name,
            "this is not a JPEG, PNG or WebP image (its contents could not be read as one, whatever the file "
            "name says). Export the photo as JPEG and try again.",
        ) from exc
    width, height = image.size
    if width < 1 or height < 1:
        raise PhotoRejected(name, "the image has no pixels.")
    if width * height > limits.max_pixels:
        raise PhotoRejected(
            name,
            f"the image is {width} × {height} px ({width * height / 1e6:.0f} megapixels); the limit is "
            f"{limits.max_pixels / 1e6:.0f} megapixels. Export it at a smaller size.",
        )
    return image


def _decode(image: Image.Image, *, name: str) -> Image.Image:
    """Decode the pixels (at a reduced JPEG scale when that still leaves enough), rejecting truncated files."""
    if image.format == "JPEG":
        width, height = image.size
        long_edge = max(width, height)
        if long_edge > MAX_EDGE:
            scale = DRAFT_MIN_EDGE / long_edge
            image.draft("RGB" if image.mode != "CMYK" else None, (int(width * scale), int(height * scale)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRejected(name, "the image has too many pixels to be processed safely.") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoRejected(
            name, "the file is damaged or incomplete (the image data stops early). Upload it again."
        ) from exc
    return image


_SRGB = None


def _to_srgb_rgb(image: Image.Image) -> Image.Image:
    """RGB pixels in sRGB; transparency is flattened onto white; a 16-bit image is scaled to 8 bits."""
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v * (1 / 256)).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    if icc and image.mode in ("RGB", "CMYK"):
        global _SRGB
        try:
            _SRGB = _SRGB or ImageCms.createProfile("sRGB")
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile is dropped: the pixels are shown as if they were sRGB already
    if image.mode != "RGB":
        image = image.convert("RGB")
    return image


def _fit(image: Image.Image, edge: int) -> Image.Image:
    width, height = image.size
    if max(width, height) <= edge:
        return image
    scale = edge / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode_jpeg(image: Image.Image, quality: int) -> bytes:
    # A fresh image carries no `info` (EXIF, ICC, XMP, comments) into the encoder: nothing but pixels leaves here.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=quality, optimize=False, progressive=False)
    return buffer.getvalue()


def normalise(image: Image.Image, *, name: str) -> tuple[bytes, bytes, int, int]:
    """(normalised JPEG, thumbnail JPEG, width, height) from an opened, checked image."""
    image = _decode(image, name=name)
    # Unreadable EXIF: keep the pixels as stored (the EXIF itself is dropped below anyway).
    with contextlib.suppress(OSError, ValueError, SyntaxError, KeyError, TypeError):
        image = ImageOps.exif_transpose(image)
    image = _to_srgb_rgb(image)
    image = _fit(image, MAX_EDGE)
    thumbnail = _fit(image, THUMB_EDGE)
    return _encode_jpeg(image, JPEG_QUALITY), _encode_jpeg(thumbnail, THUMB_QUALITY), image.width, image.height


def process_photo(fileobj_or_bytes, *, name: str, limits: PhotoLimits | None = None) -> ProcessedPhoto:
    """Validate and normalise one upload. Raises PhotoRejected with a message for the person uploading it."""
    limits = limits or PhotoLimits.from_settings()
    if isinstance(fileobj_or_bytes, bytes | bytearray):
        data = bytes(fileobj_or_bytes)
        if not data:
            raise PhotoRejected(name, "the file is empty (0 bytes). Choose the photo again.")
        if len(data) > limits.max_bytes:
            raise PhotoRejected(name, _too_big(len(data), limits.max_bytes))
    else:
        data = read_upload(fileobj_or_bytes, name=name, limits=limits)
    image = open_checked(data, name=name, limits=limits)
    source_format = image.format
    try:
        main, thumb, width, height = normalise(image, name=name)
    except MemoryError as exc:
        raise PhotoRejected(name, "the image is too large to process. Export it at a smaller size.") from exc
    finally:
        image.close()
    keep = limits.keep_original
    return ProcessedPhoto(
        image=main,
        thumbnail=thumb,
        width=width,
        height=height,
        source_format=source_format,
        sha256=hashlib.sha256(data).hexdigest(),
        original=data if keep else None,
        original_suffix=FORMAT_SUFFIX[source_format] if keep else "",
    )
