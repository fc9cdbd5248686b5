"""Files for upload tests: real and fake PDFs and images."""

import io

from PIL import Image

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXECUTABLE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def png_bytes(size=(40, 30), color=(20, 120, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def image_bomb_bytes() -> bytes:
    """A tiny PNG file that would decode to 400 million pixels."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)
