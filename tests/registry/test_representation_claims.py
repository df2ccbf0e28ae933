"""A person registers the enterprise or cooperative they represent with a proving document; pending, it gives no
access (no representation, no applying for it); staff verify (enterprise and representation created) or reject."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from stdnum.cl import rut as rut_lib

from panal.core.errors import DomainError, PermissionDenied
from panal.core.models import AuditEntry
from panal.registry import selectors, services

pytestmark = pytest.mark.django_db

ENTERPRISE_RUT = "76.086.428-5"


def doc(name="vigencia.pdf", body=b"%PDF-1.4\n" + b"0" * 200):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def person_user(reference_data, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = make_user(email="repre@example.cl")
    body = "15555555"
    services.create_person(
        rut=f"{body}-{rut_lib.calc_check_digit(body)}", first_names="Ana", last_names="Soto", commune="06101", user=user
    )
    return user


def _claim(user, **kw):
    values = {
        "actor": user,
        "rut": ENTERPRISE_RUT,
        "legal_name": "Quesos del Valle SpA",
        "legal_form": "spa",
        "role": "representante_legal",
        "commune": "06101",
        "document": doc(),
    }
    return services.file_claim(**{**values, **kw})


def test_a_pending_claim_gives_no_access_until_staff_verify_it(person_user, make_user):
    claim = _claim(person_user)
    person = selectors.person_for_user(person_user)
    assert claim.state == "pending" and not selectors.enterprises_represented_by(person).exists()
    staff = make_user(email="reg@sercotec.cl", role="agency_staff", agency_code="sercotec")
    services.review_claim(claim=claim, actor=staff, verify=True)
    (enterprise,) = selectors.enterprises_represented_by(person)
    assert enterprise.legal_name == "Quesos del Valle SpA" and enterprise.rut == "76086428-5"
    assert AuditEntry.objects.filter(action="registry.claim.verified").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rut": "76.086.428-6"}, "RUT"),
        ({"document": doc("vigencia.pdf", b"MZ\x90\x00 not a pdf")}, "PDF, JPG o PNG"),
        ({"document": doc("script.exe")}, "PDF, JPG o PNG"),
        ({"legal_form": "persona_natural"}, "a su nombre"),
        ({"commune": ""}, "comuna"),
        ({"document": None}, "Adjunte"),
    ],
)
def test_bad_claims_are_refused_naming_the_field(person_user, change, message):
    with pytest.raises(DomainError, match=message):
        _claim(person_user, **change)


def test_one_pending_claim_per_rut_and_applicants_cannot_verify(person_user, make_user):
    claim = _claim(person_user)
    with pytest.raises(DomainError, match="pendiente"):
        _claim(person_user)
    with pytest.raises(PermissionDenied):
        services.review_claim(claim=claim, actor=make_user(email="otro@example.cl"), verify=True)


def test_rejection_needs_a_note_and_creates_nothing(person_user, make_user):
    claim = _claim(person_user)
    staff = make_user(email="reg2@sercotec.cl", role="agency_staff", agency_code="sercotec")
    with pytest.raises(DomainError, match="por qué"):
        services.review_claim(claim=claim, actor=staff, verify=False)
    services.review_claim(claim=claim, actor=staff, verify=False, note="El certificado está vencido.")
    assert selectors.get_enterprise_by_rut(ENTERPRISE_RUT) is None


def test_pages_file_and_verify_and_the_document_is_only_for_the_person_and_staff(client, person_user, make_user):
    client.force_login(person_user)
    response = client.post(
        reverse("registry:my_claims"),
        {
            "rut": ENTERPRISE_RUT,
            "legal_name": "Cooperativa Valle",
            "legal_form": "cooperativa",
            "role": "representante_legal",
            "commune": "06101",
            "document": doc(),
        },
    )
    assert response.status_code == 302
    from panal.registry.models import RepresentationClaim

    claim = RepresentationClaim.objects.get()
    assert "Pendiente de verificación" in client.get(reverse("registry:my_claims")).content.decode()
    assert client.get(reverse("registry:claim_document", args=[claim.pk])).status_code == 200
    client.force_login(make_user(email="curiosa@example.cl"))
    assert client.get(reverse("registry:claim_document", args=[claim.pk])).status_code == 403
    staff = make_user(email="reg3@sercotec.cl", role="agency_staff", agency_code="sercotec")
    client.force_login(staff)
    assert "Cooperativa Valle" in client.get(reverse("registry:claims_queue")).content.decode()
    client.post(reverse("registry:claim_review", args=[claim.pk]), {"decision": "verify"})
    claim.refresh_from_db()
    assert claim.state == "verified"


@pytest.fixture
def reviewer(make_user):
    return make_user(email="reg@sercotec.cl", role="agency_staff", agency_code="sercotec")


def test_the_person_who_claimed_is_emailed_once_when_staff_verify(
    person_user, reviewer, django_capture_on_commit_callbacks
):
    from django.core import mail

    claim = _claim(person_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_claim(claim=claim, actor=reviewer, verify=True)
    (message,) = mail.outbox
    assert message.to == ["repre@example.cl"]
    assert "Verificamos su representación de Quesos del Valle SpA" in message.subject
    assert "76.086.428-5" in message.body and "representante legal" in message.body
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        services.review_claim(claim=claim, actor=reviewer, verify=False, note="Otra vez.")
    assert len(mail.outbox) == 1


def test_a_rejection_email_gives_the_reason(client, person_user, reviewer, django_capture_on_commit_callbacks):
    from django.core import mail

    claim = _claim(person_user)
    mail.outbox.clear()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registry:claim_review", args=[claim.pk]),
            {"decision": "reject", "note": "El certificado de vigencia tiene más de 60 días."},
        )
    (message,) = mail.outbox
    assert message.to == ["repre@example.cl"] and "fue rechazada" in message.subject
    assert "Motivo: El certificado de vigencia tiene más de 60 días." in message.body


def test_no_email_leaves_before_the_review_commits(person_user, reviewer, django_capture_on_commit_callbacks):
    from django.core import mail
    from django.db import transaction

    claim = _claim(person_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.review_claim(claim=claim, actor=reviewer, verify=True)
        assert mail.outbox == []  # queued, not sent
    assert len(callbacks) == 1
    other = _claim(person_user, rut="77.777.777-7")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():  # noqa: PT012
        services.review_claim(claim=other, actor=reviewer, verify=True)
        raise RuntimeError("the request fails after the review")
    assert mail.outbox == []
