"""Uploaded files: checked by parsing them, never by their first bytes only, and always served as attachments.

`%PDF-` followed by HTML passed a check of the first bytes, and a browser sniffing it could render it as a page
of Panal's origin. Now a PDF must open in pypdf with at least one page, an image must decode in Pillow (within a
pixel budget: no decompression bombs), and an Office file must be a sound ZIP with its main part inside and a
bounded inflated size. `attachment_response` serves any stored upload with `Content-Disposition: attachment`,
`X-Content-Type-Options: nosniff` and a sandboxing CSP, whatever its declared type.

pypdf and Pillow are imported by the checks that use them, when a file is uploaded, not when a process starts.
"""

import io
import logging
import zipfile
from pathlib import PurePath

from django.http import FileResponse

MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; a decompression bomb declares far more
MAX_OFFICE_INFLATED = 200 * 1024 * 1024
OFFICE_MAIN_PART = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}


class InvalidUpload(ValueError):
    """The file is not what its name says; the message is Spanish and names the kind expected."""


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader  # noqa: PLC0415 (loaded when used: heavy)
    from pypdf.errors import PyPdfError  # noqa: PLC0415 (loaded when used: heavy)

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a broken upload is our Spanish message, not a log line
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
        pages = 0
    if pages < 1:
        raise InvalidUpload("no es un PDF que se pueda abrir")


def _check_image(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 (loaded when used: heavy)

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise InvalidUpload("es una imagen demasiado grande (más de 40 megapíxeles)")
            image.load()  # decodes every pixel: a truncated or forged image fails here
    except InvalidUpload:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise InvalidUpload("no es una imagen que se pueda abrir") from None


def _check_office(data: bytes, ext: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InvalidUpload(f"no es un archivo {ext.upper()} que se pueda abrir") from None
    if OFFICE_MAIN_PART[ext] not in names or "[Content_Types].xml" not in names:
        raise InvalidUpload(f"no es un archivo {ext.upper()} que se pueda abrir")
    if inflated > MAX_OFFICE_INFLATED:
        raise InvalidUpload(f"es un {ext.upper()} que descomprimido pesa más de 200 MB")


def check_content(ext: str, file) -> None:
    """Parse the file as the type its extension names; InvalidUpload (Spanish, "no es …") if it is not."""
    ext = ext.lower()
    data = _read_all(file)
    if ext == "pdf":
        _check_pdf(data)
    elif ext in ("jpg", "jpeg", "png"):
        _check_image(data)
    elif ext in OFFICE_MAIN_PART:
        _check_office(data, ext)
    else:
        raise InvalidUpload(f"es de un tipo que Panal no acepta ({ext.upper() or 'sin extensión'})")


def attachment_response(file, *, filename: str) -> FileResponse:
    """Serve an upload so no browser renders it as a page of ours: a download, never sniffed, sandboxed."""
    response = FileResponse(file, as_attachment=True, filename=PurePath(filename).name or "archivo")
    response["Content-Type"] = "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
