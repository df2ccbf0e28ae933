"""`panal purge-expired` anonymises what outlived its purpose; a dry run changes nothing; public figures and open data
are identical before and after."""

import io
import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from panal.events.models import Activity, Edition, Registration
from panal.identity.models import LoginAttempt
from panal.privacy.retention import purge_expired

pytestmark = pytest.mark.usefixtures("reference_data")
SANTIAGO = ZoneInfo("America/Santiago")


@pytest.fixture
def old_data(builders):
    from panal.catalog.selectors import get_agency
    from panal.territory.selectors import get_commune, get_region

    call = builders.call()
    builders.project(call, amount=3_500_000, person=builders.person(first_names="Anacleta"))
    builders.project(call, amount=5_000_000, enterprise=builders.cooperative())
    edition = Edition.objects.create(
        slug="s2022",
        year=2022,
        region=get_region("06"),
        name="Semana 2022",
        starts_on=datetime(2022, 11, 7).date(),
        ends_on=datetime(2022, 11, 11).date(),
    )
    start = datetime(2022, 11, 8, 10, tzinfo=SANTIAGO)
    activity = Activity.objects.create(
        edition=edition,
        title="Taller antiguo",
        description="—",
        type="taller",
        agency=get_agency("sercotec"),
        objective="ventas",
        audience="mipymes",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Biblioteca",
        commune=get_commune("06101"),
        registration_open=True,
    )
    Activity.objects.filter(pk=activity.pk).update(registration_open=True)
    for i in range(3):
        Registration.objects.create(
            activity=activity,
            name=f"Inscrita {i}",
            email=f"p{i}@example.cl",
            email_normalized=f"p{i}@example.cl",
            rut="12345678-5" if i == 0 else "",
            commune=get_commune("06101"),
            status="confirmed",
        )
    LoginAttempt.objects.create(result="ok", run="44444444-4", ip="10.0.0.1")
    LoginAttempt.objects.filter().update(created_at=timezone.now() - timedelta(days=400))
    return activity


def _public(client) -> dict:
    return {
        "grants": client.get("/api/v1/opendata/grants.json").json()["grants"],
        "csv": client.get("/cifras/proyectos.csv").content,
        "cifras": client.get("/cifras/").status_code,
        "semana": sorted(Registration.objects.values_list("activity_id", "status", "commune_id", "checked_in_at")),
    }


def test_purge_anonymises_expired_rows_and_keeps_every_public_figure(client, old_data):
    before = _public(client)
    out = io.StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert "inscripciones de la Semana: 3" in out.getvalue() and "simulación" in out.getvalue()
    assert Registration.objects.filter(name__startswith="Inscrita ").count() == 3  # dry run: nothing changed
    assert LoginAttempt.objects.count() == 1
    purge_expired(now=timezone.now())
    assert not Registration.objects.filter(name__startswith="Inscrita ").exists()
    assert not Registration.objects.exclude(rut="").exists()
    assert not Registration.objects.filter(email__endswith="@example.cl").exists()
    assert LoginAttempt.objects.count() == 0
    after = _public(client)
    assert after == before
    # Running it again finds nothing more.
    assert dict(purge_expired(now=timezone.now()))["inscripciones de la Semana"] == 0


@pytest.fixture
def old_registry_and_applications(builders, make_user):
    """A call whose period is long over: a not-selected application (with answers, a document, a reconsideration and
    a clarification) by a self-declared person, an awarded one, a draft never sent; an unverified declared record
    nothing uses; a rejected and a verified representation claim with their documents."""
    from django.core.files.base import ContentFile

    from panal.applications.models import Application, Clarification, Document, StatusChange
    from panal.applications.models_applicant import Reconsideration
    from panal.registry.models import Person, RepresentationClaim
    from panal.territory.selectors import get_commune

    call = builders.call()
    declared = Person.objects.create(
        declared_rut="12345678-5", first_names="Delia", last_names="Declarada", user=make_user(email="d@example.cl")
    )
    lonely = Person.objects.create(
        declared_rut="11111111-1", first_names="Olvido", last_names="Nunca", user=make_user(email="o@example.cl")
    )
    answers = {"nombre_negocio": "Amasandería Delia", "telefono": "+56 9 1111 2222"}
    budget = [{"item": "Horno", "amount_clp": 1_000_000}]
    rejected = Application.objects.create(
        call=call, person=declared, state="rejected", folio="T-1", answers=answers, budget=budget,
        eligibility={"status": "eligible", "criteria": [{"text": "Tiene 41 años"}]}, score=55,
    )  # fmt: skip
    awarded = Application.objects.create(
        call=call, person=builders.person(), state="awarded", folio="T-2", answers=answers, budget=budget, score=80
    )
    draft = Application.objects.create(call=call, person=builders.person(first_names="Borradora"), answers=answers)
    for application in (rejected, draft):
        Document.objects.create(
            application=application, question="cedula", file=ContentFile(b"%PDF-1.4", name="cedula.pdf"),
            original_name="cedula.pdf", content_type="application/pdf", size=8, sha256="0" * 64,
        )  # fmt: skip
    change = StatusChange.objects.create(
        application=rejected, transition="reject", from_state="evaluated", to_state="rejected", reason="—"
    )
    Reconsideration.objects.create(
        application=rejected, notified_change=change, text="Mi negocio sí cumple", deadline=call.closes_at.date(),
        filed_by=declared.user,
    )  # fmt: skip
    Clarification.objects.create(application=rejected, question="¿Dirección?", answer="Calle Falsa 123")
    claims = {}
    for state in ("rejected", "verified"):
        claims[state] = RepresentationClaim.objects.create(
            user=declared.user, person=declared, rut="76543210-3", legal_name="Delia SpA", legal_form="spa",
            role="representante", commune=get_commune("06101"), state=state, reviewed_at=timezone.now(),
            document=ContentFile(b"%PDF-1.4", name="poder.pdf"), document_name="poder.pdf", sha256="1" * 64,
        )  # fmt: skip
    return {"call": call, "rejected": rejected, "awarded": awarded, "draft": draft, "lonely": lonely, "claims": claims}


def test_purge_erases_stale_registry_claims_and_unawarded_applications_and_keeps_every_public_figure(
    client, old_registry_and_applications
):
    from panal.applications.models import Application, Clarification, Document
    from panal.applications.models_applicant import Reconsideration
    from panal.applications.selectors import published_rows
    from panal.registry.models import Person, RepresentationClaim

    built = old_registry_and_applications
    later = timezone.now() + timedelta(days=11 * 365)  # past every period of this call and these records
    before = {**_public(client), "results": published_rows(built["call"])}
    files = [built["claims"]["rejected"].document.path, built["claims"]["verified"].document.path]
    files += [d.file.path for d in Document.objects.all()]
    dry = dict(purge_expired(now=later, dry_run=True))
    assert dry["fichas declaradas sin verificar"] == 1 and dry["borradores de postulación nunca enviados"] == 1
    assert dry["postulaciones no adjudicadas (respuestas y documentos)"] == 1
    assert Application.objects.count() == 3 and Document.objects.count() == 2  # a dry run changes nothing

    done = dict(purge_expired(now=later))
    assert done == dry
    rejected = Application.objects.get(pk=built["rejected"].pk)
    assert (rejected.answers, rejected.budget, rejected.eligibility) == ({}, [], {"status": "eligible"})
    assert (rejected.folio, rejected.state, rejected.score) == ("T-1", "rejected", 55)
    assert Reconsideration.objects.get().text == "—" and Clarification.objects.get().answer == "—"
    assert Application.objects.get(pk=built["awarded"].pk).answers["nombre_negocio"] == "Amasandería Delia"
    assert not Application.objects.filter(pk=built["draft"].pk).exists()
    assert not Document.objects.exists()
    # The declared person who applied stays (the application needs it); the one nothing used is gone.
    assert Person.objects.filter(pk=built["rejected"].person_id).exists()
    assert not Person.objects.filter(pk=built["lonely"].pk).exists()
    assert list(RepresentationClaim.objects.values_list("state", "document")) == [("verified", "")]
    assert not any(os.path.exists(path) for path in files)

    assert {**_public(client), "results": published_rows(built["call"])} == before
    again = dict(purge_expired(now=later))
    assert sum(again[label] for label in dry) == 0


def test_the_periods_the_purge_applies_are_the_ones_the_records_of_processing_publish():
    from panal.applications import retention as applications
    from panal.privacy.records import activity
    from panal.registry import retention as registry

    assert activity("postulaciones").retention_days == applications.SUBMITTED_DAYS
    assert "12 meses" in activity("postulaciones").retention and applications.DRAFT_DAYS == 365
    assert "2 años" in activity("registro").retention and registry.DECLARED_DAYS == 2 * 365
    assert "1 año desde la revisión" in activity("registro").retention and registry.CLAIM_DAYS == 365
