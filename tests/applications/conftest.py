"""Factories for the applications tests: calls with forms, applicants linked to a registry person, staff."""

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from stdnum.cl import rut as rut_lib

from panal.applications.shipped_forms import FORMS

CHILE = ZoneInfo("America/Santiago")
_counter = itertools.count(1)

SEED_BUDGET = [
    {"category": "gestion", "description": "Curso de marketing digital", "amount": 400000},
    {"category": "inversion", "description": "Horno industrial", "amount": 3100000},
]
ANSWERS = {
    "business_name": "Amasandería Doña Rosa",
    "sector": "alimentos",
    "description": "Pan amasado y empanadas para vecinos y ferias.",
    "customers": "Vecinos de la población y ferias de Rancagua.",
}


def new_rut() -> str:
    body = str(20_000_000 + next(_counter) * 7919)
    return f"{body}-{rut_lib.calc_check_digit(body)}"


@pytest.fixture
def make_call(reference_data, make_user):
    from panal.applications.services import set_form
    from panal.catalog.services import create_call

    def make(
        *,
        opens_at=None,
        closes_at=None,
        budget_clp=None,
        places=None,
        code=None,
        prefix="ABEJA",
        year=2026,
        with_requirements=False,
    ):
        now = timezone.now()
        code = code or f"abeja-test-{next(_counter)}"
        call = create_call(
            code=code,
            instrument_code="capital-abeja-emprende",
            title=f"Capital Abeja Emprende prueba {code}",
            year=year,
            region_code="06",
            opens_at=opens_at or now - timedelta(days=10),
            closes_at=closes_at or now + timedelta(days=10),
            funding_source="sercotec",
            budget_clp=budget_clp,
            places=places,
            subsidy_min_clp=3500000,
            subsidy_max_clp=3500000,
        )
        from panal.applications.models import ApplicationForm

        if ApplicationForm.objects.filter(folio_prefix=prefix, call__region_id="06", call__year=year).exists():
            prefix = f"{prefix}{next(_counter)}"
        shipped = FORMS["capital-abeja-emprende"]
        admin = make_user(email=f"admin{next(_counter)}@panal.cl", role="administrator")
        set_form(
            call=call,
            actor=admin,
            folio_prefix=prefix,
            sections=shipped["sections"],
            rubric=shipped["rubric"],
            admissibility=shipped["admissibility"] if with_requirements else None,
        )
        return call

    return make


@pytest.fixture
def make_applicant(make_user):
    from panal.registry.services import create_person

    def make(email=None, *, sex="F", birth_date=date(1990, 5, 4), has_activity_start=False, commune="06101"):
        email = email or f"postulante{next(_counter)}@example.cl"
        user = make_user(email=email, role="applicant")
        create_person(
            rut=new_rut(),
            first_names="Rosa",
            last_names=f"Pérez {next(_counter)}",
            email=email,
            birth_date=birth_date,
            sex=sex,
            nationality="CL",
            commune=commune,
            has_activity_start=has_activity_start,
            activity_start_date=None,
            user=user,
        )
        return user

    return make


def real_pdf(size=2000) -> bytes:
    """A PDF that opens (one blank page), about `size` bytes long: uploads are parsed, not sniffed."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Subject": "0" * max(0, size - 600)})  # the padding inside the file, not after %%EOF
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_file(name="cedula.pdf", size=2000):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, real_pdf(size), content_type="application/pdf")


@pytest.fixture
def complete_draft(make_call, make_applicant):
    """A draft with every required answer, the budget and the ID document: ready to submit."""
    from panal.applications import services

    def make(call=None, user=None, now=None):
        call = call or make_call()
        user = user or make_applicant()
        application = services.start_application(call=call, actor=user, now=now)
        services.save_draft(application=application, actor=user, answers=ANSWERS, budget=SEED_BUDGET, now=now)
        services.upload_document(application=application, actor=user, question="id_card", file=pdf_file(), now=now)
        application.refresh_from_db()
        return application, user

    return make


def chile(*args) -> datetime:
    return datetime(*args, tzinfo=CHILE)


@pytest.fixture(autouse=True)
def _media_in_tmp_and_fast_passwords(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
