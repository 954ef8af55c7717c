"""Hostile image files, for the tests of logo validation: decompression bombs (tiny files
whose header claims a huge image), truncated and corrupted images, polyglots, and a
hypothesis strategy that mixes them with ordinary images."""

import io
import struct
import zlib

from hypothesis import strategies as st
from PIL import Image

# A script that a polyglot hides after or inside an image.
PAYLOAD = b"<script>alert('logo')</script>"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(width: int = 30000, height: int = 30000, body_bytes: int = 58_000) -> bytes:
    """A PNG whose header claims width by height pixels, with a few KB of compressed zeros
    as data (like the 58 KB file of the issue): decoding it would take gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * body_bytes * 100, 9)[:body_bytes]
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def gif_bomb(width: int = 65535, height: int = 65535) -> bytes:
    """A GIF whose logical screen and one frame claim width by height pixels."""
    return (
        b"GIF89a"
        + struct.pack("<HHBBB", width, height, 0, 0, 0)
        + b"\x2c"
        + struct.pack("<HHHHB", 0, 0, width, height, 0)
        + b"\x02\x02\x44\x01\x00\x3b"
    )


def image_bytes(size=(16, 16), image_format: str = "PNG", mode: str = "RGB") -> bytes:
    output = io.BytesIO()
    image = Image.new(mode, size, "#2a6" if mode in ("RGB", "RGBA") else 128)
    image.save(output, format=image_format)
    return output.getvalue()


FORMATS = {
    "PNG": ("RGB", "RGBA", "L", "P", "1"),
    "JPEG": ("RGB", "L"),
    "WEBP": ("RGB", "RGBA"),
    "GIF": ("P", "L"),
    "BMP": ("RGB", "L"),
    "TIFF": ("RGB", "L"),
}

ordinary_images = st.builds(
    image_bytes,
    size=st.tuples(st.integers(1, 300), st.integers(1, 300)),
    image_format=st.sampled_from(sorted(FORMATS)),
) | st.sampled_from(sorted(FORMATS)).flatmap(
    lambda image_format: st.builds(
        image_bytes,
        size=st.tuples(st.integers(1, 40), st.integers(1, 40)),
        image_format=st.just(image_format),
        mode=st.sampled_from(FORMATS[image_format]),
    )
)


@st.composite
def truncated_images(draw):
    data = draw(ordinary_images)
    return data[: draw(st.integers(0, max(len(data) - 1, 0)))]


@st.composite
def corrupted_images(draw):
    data = bytearray(draw(ordinary_images))
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


bombs = st.one_of(
    st.builds(
        png_bomb,
        width=st.integers(4097, 2**31 - 1),
        height=st.integers(1, 2**31 - 1),
        body_bytes=st.integers(0, 2000),
    ),
    st.builds(
        png_bomb,
        width=st.integers(1, 2**31 - 1),
        height=st.integers(4097, 2**31 - 1),
        body_bytes=st.integers(0, 2000),
    ),
    st.builds(gif_bomb, width=st.integers(4097, 65535), height=st.integers(1, 65535)),
)


@st.composite
def polyglots(draw):
    """An image with a script after its end, in place of its end, or in front of it."""
    data = draw(ordinary_images)
    where = draw(st.sampled_from(["after", "before", "middle"]))
    if where == "after":
        return data + PAYLOAD
    if where == "before":
        return PAYLOAD + data
    middle = draw(st.integers(0, len(data)))
    return data[:middle] + PAYLOAD + data[middle:]


hostile_images = st.one_of(
    ordinary_images,
    truncated_images(),
    corrupted_images(),
    bombs,
    polyglots(),
    st.binary(max_size=256),
    st.sampled_from(
        [b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff", b"RIFF\x00\x00\x00\x00WEBP"]
    ).flatmap(lambda magic: st.binary(max_size=128).map(lambda tail, magic=magic: magic + tail)),
)
