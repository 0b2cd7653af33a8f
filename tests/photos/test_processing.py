"""Every way an upload can be refused, and what normalising does to a good one (pure functions, no database)."""

import io
import tracemalloc

import pytest
from PIL import Image

from photos.processing import (
    MAX_EDGE,
    THUMB_EDGE,
    PhotoLimits,
    PhotoRejected,
    open_checked,
    process_photo,
)
from tests.fixtures.photos import GPS_IFD, jpeg_bytes, png_bytes, upload, webp_bytes

LIMITS = PhotoLimits(max_bytes=20 * 1024 * 1024, max_pixels=40_000_000)


def rejection(data, name="photo.jpg", limits=LIMITS) -> str:
    with pytest.raises(PhotoRejected) as caught:
        process_photo(upload(name, data), name=name, limits=limits)
    return caught.value.message


def test_an_empty_file_is_refused_by_name():
    message = rejection(b"", name="empty.jpg")
    assert message.startswith("“empty.jpg”")
    assert "empty" in message


def test_a_text_file_named_jpg_is_refused_whatever_its_extension():
    message = rejection(b"Patient notes, not a photo.\n" * 20, name="notes.jpg")
    assert "“notes.jpg”" in message
    assert "not a JPEG, PNG or WebP image" in message


def test_a_truncated_jpeg_is_refused_as_damaged():
    data = jpeg_bytes(800, 600)
    message = rejection(data[: len(data) // 2], name="cut.jpg")
    assert "“cut.jpg”" in message
    assert "damaged or incomplete" in message


def test_a_truncated_png_is_refused_as_damaged():
    data = png_bytes(400, 300)
    assert "damaged or incomplete" in rejection(data[: len(data) - 40], name="cut.png")


def test_an_svg_is_refused_with_its_own_explanation():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
    message = rejection(svg, name="logo.jpg")
    assert "SVG drawing, not a photo" in message


def test_heic_is_explained_since_this_pillow_cannot_read_it():
    # The start of an iPhone HEIC file: an ISO-BMFF ftyp box with the heic brand.
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    message = rejection(heic, name="IMG_0001.HEIC")
    assert "HEIC photos" in message
    assert "not supported here" in message
    assert "JPEG" in message


def test_a_14000_by_14000_png_is_refused_from_its_header_before_decoding():
    buffer = io.BytesIO()
    Image.new("1", (14000, 14000)).save(buffer, "PNG")  # 196 megapixels in ~24 kB on disk
    data = buffer.getvalue()
    assert len(data) < 100_000
    tracemalloc.start()
    with pytest.raises(PhotoRejected) as caught:
        open_checked(data, name="huge.png", limits=LIMITS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "too many pixels" in caught.value.message
    assert "196 megapixels" in caught.value.message
    assert "40 megapixels" in caught.value.message
    assert peak < 5_000_000  # nothing was decoded (the pixels alone would be 196 MB)


def test_an_image_over_the_clinic_pixel_cap_but_under_pillows_bomb_limit_is_refused():
    data = png_bytes(2000, 1000, mode="1")
    message = rejection(data, name="wide.png", limits=PhotoLimits(max_bytes=LIMITS.max_bytes, max_pixels=1_000_000))
    assert "2000 × 1000 px" in message
    assert "limit is 1 megapixels" in message


def test_pillows_decompression_bomb_warning_counts_as_an_error():
    # 100 megapixels: above Pillow's warning threshold (~89 Mpx), below its hard error (~179 Mpx).
    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, "PNG")
    generous = PhotoLimits(max_bytes=LIMITS.max_bytes, max_pixels=500_000_000)
    assert "too many pixels" in rejection(buffer.getvalue(), name="bomb.png", limits=generous)


def test_a_file_over_the_size_cap_is_refused_with_both_sizes():
    data = jpeg_bytes(800, 600)
    message = rejection(data, name="big.jpg", limits=PhotoLimits(max_bytes=1024, max_pixels=40_000_000))
    assert "“big.jpg”" in message
    assert f"the file is {round(len(data) / 1024)} kB; the limit is 1 kB per photo" in message


def test_the_size_limit_reads_in_megabytes_at_the_default_cap():
    message = rejection(b"x" * (2 * 1024 * 1024 + 1), name="scan.png", limits=PhotoLimits(max_bytes=2 * 1024 * 1024))
    assert "the file is just over the limit of 2 MB per photo" in message
    assert "the file is 3.5 MB; the limit is 2 MB per photo" in rejection(
        b"x" * (7 * 512 * 1024), name="scan.png", limits=PhotoLimits(max_bytes=2 * 1024 * 1024)
    )


def test_a_gif_is_not_an_allowed_format():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(buffer, "GIF")
    assert "not a JPEG, PNG or WebP image" in rejection(buffer.getvalue(), name="anim.gif")


@pytest.mark.parametrize(
    ("data", "fmt"),
    [(jpeg_bytes(), "JPEG"), (png_bytes(), "PNG"), (webp_bytes(), "WEBP"), (png_bytes(mode="RGBA"), "PNG")],
)
def test_jpeg_png_and_webp_are_accepted_and_stored_as_jpeg(data, fmt):
    result = process_photo(data, name="ok", limits=LIMITS)
    assert result.source_format == fmt
    assert Image.open(io.BytesIO(result.image)).format == "JPEG"
    assert Image.open(io.BytesIO(result.thumbnail)).format == "JPEG"


def test_transparency_is_flattened_onto_white():
    data = png_bytes(100, 100, mode="RGBA", color=(255, 0, 0, 0))
    result = process_photo(data, name="clear.png", limits=LIMITS)
    assert Image.open(io.BytesIO(result.image)).convert("RGB").getpixel((50, 50)) >= (250, 250, 250)


def test_no_gps_and_no_exif_survive_in_the_stored_files():
    data = jpeg_bytes(800, 600, gps=True, orientation=1)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD), "the test image must carry GPS"
    result = process_photo(data, name="gps.jpg", limits=LIMITS)
    for stored in (result.image, result.thumbnail):
        image = Image.open(io.BytesIO(stored))
        assert not image.getexif()
        assert not image.getexif().get_ifd(GPS_IFD)
        assert "exif" not in image.info and "icc_profile" not in image.info and "xmp" not in image.info
        assert b"Exif\x00\x00" not in stored
        assert b"PhoneMaker" not in stored


def test_exif_orientation_6_turns_a_landscape_jpeg_into_a_portrait_photo():
    data = jpeg_bytes(800, 600, orientation=6)  # stored landscape, "rotate 90° clockwise to display"
    result = process_photo(data, name="rotated.jpg", limits=LIMITS)
    image = Image.open(io.BytesIO(result.image))
    assert (result.width, result.height) == image.size == (600, 800)
    # The dark block stored top-left is top-right once rotated clockwise.
    assert max(image.getpixel((580, 20))) < 60
    assert min(image.getpixel((20, 20))) > 100


def test_a_large_photo_is_reduced_to_the_long_edge_limit_with_a_thumbnail():
    result = process_photo(jpeg_bytes(5000, 3000), name="big.jpg", limits=LIMITS)
    assert max(result.width, result.height) <= MAX_EDGE
    assert max(result.width, result.height) >= 1536
    thumb = Image.open(io.BytesIO(result.thumbnail))
    assert max(thumb.size) == THUMB_EDGE


def test_the_original_is_kept_only_when_the_clinic_setting_says_so():
    data = jpeg_bytes(gps=True)
    assert process_photo(data, name="a.jpg", limits=LIMITS).original is None
    kept = process_photo(data, name="a.jpg", limits=PhotoLimits(keep_original=True))
    assert kept.original == data
    assert kept.original_suffix == ".jpg"
