"""Hole 15: uploads were checked by their first bytes only (`%PDF-` followed by HTML was accepted). A file is now
checked by parsing it (a PDF opens, an image decodes) and uploads are only ever served as attachments, nosniff."""

import io

import pytest
from PIL import Image

from panal.core.uploads import InvalidUpload, attachment_response, check_content
from tests.applications.conftest import real_pdf

POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def _png(size=(4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("ext", "data"),
    [
        ("pdf", POLYGLOT),
        ("pdf", b"%PDF-1.7\n" + b"0" * 5000),
        ("png", b"\x89PNG\r\n\x1a\n<html>no es una imagen</html>"),
        ("png", _png()[:40]),  # a truncated image
        ("jpg", b"\xff\xd8\xff\xe0<html></html>"),
        ("docx", b"PK\x03\x04<html></html>"),
    ],
)
def test_a_file_that_only_starts_like_its_type_is_refused(ext, data):
    with pytest.raises(InvalidUpload):
        check_content(ext, io.BytesIO(data))


def test_real_files_of_each_type_are_accepted():
    check_content("pdf", io.BytesIO(real_pdf()))
    check_content("png", io.BytesIO(_png()))


def test_a_decompression_bomb_image_is_refused_before_decoding():
    with pytest.raises(InvalidUpload, match="megapíxeles"):
        check_content("png", io.BytesIO(_png((10_000, 5_000))))


@pytest.mark.django_db
def test_an_application_refuses_a_pdf_html_polyglot(complete_draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from panal.applications import services
    from panal.core.errors import DomainError

    application, user = complete_draft()
    with pytest.raises(DomainError) as refused:
        services.upload_document(
            application=application, actor=user, question="id_card", file=SimpleUploadedFile("cedula.pdf", POLYGLOT)
        )
    assert refused.value.field == "id_card" and "no es un PDF" in refused.value.message


def test_uploads_are_served_as_sandboxed_attachments_never_sniffed():
    response = attachment_response(io.BytesIO(POLYGLOT), filename="../../cedula.pdf")
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="cedula.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
