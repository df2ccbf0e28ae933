"""Rueda pages: what participants and organisers see, and what another person's ids cannot reach."""

import pytest
from django.urls import reverse

from panal.networks import services
from panal.networks.models import Meeting, MeetingRequest, RequestStatus

from .builders import join, make_rueda

pytestmark = pytest.mark.django_db


@pytest.fixture
def rueda(reference_data):
    return make_rueda()


@pytest.fixture
def organiser(make_user):
    return make_user(email="organiza@sercotec.cl", role="agency_staff", agency_code="sercotec")


def test_a_signed_in_person_of_the_registry_joins_from_the_rueda_page(client, rueda):
    from .builders import make_person_user

    user, _ = make_person_user("nueva@example.cl", first_names="Nora", last_names="Vidal")
    client.force_login(user)
    page = client.get(reverse("networks:detail", args=[rueda.pk]))
    assert "Inscribirme en la rueda" in page.content.decode()
    response = client.post(
        reverse("networks:detail", args=[rueda.pk]),
        {
            "enterprise": "",
            "role": "comprador",
            "sectors": "011101",
            "offer": "",
            "need": "Miel",
            "available_slots": ["1", "2"],
        },
    )
    assert response.status_code == 302
    assert rueda.participants.get().name == "Nora Vidal"


def test_participants_request_and_accept_through_the_pages(client, rueda):
    buyer = join(rueda, "compra@example.cl", "comprador", name=("Bruno", "Compra"))
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Vende"))
    client.force_login(seller.user)
    page = client.get(reverse("networks:participants", args=[rueda.pk]))
    assert "Solicitar reunión con Bruno Compra" in page.content.decode()
    client.post(reverse("networks:request", args=[rueda.pk, buyer.pk]), {"message": "Vendemos miel"})
    sent = MeetingRequest.objects.get()
    client.force_login(buyer.user)
    assert "Vendemos miel" in client.get(reverse("networks:requests", args=[rueda.pk])).content.decode()
    client.post(reverse("networks:respond", args=[rueda.pk, sent.pk]), {"answer": "accept"})
    sent.refresh_from_db()
    assert sent.status == RequestStatus.ACCEPTED


def test_another_participant_cannot_answer_my_request_by_its_number(client, rueda):
    buyer = join(rueda, "compra@example.cl", "comprador")
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Vende"))
    intruder = join(rueda, "intrusa@example.cl", "comprador", name=("Irma", "Intrusa"))
    sent = services.request_meeting(requester=seller, receiver_id=buyer.pk)
    client.force_login(intruder.user)
    client.post(reverse("networks:respond", args=[rueda.pk, sent.pk]), {"answer": "accept"})
    sent.refresh_from_db()
    assert sent.status == RequestStatus.PENDING


def test_participant_pages_are_closed_to_non_participants_and_organiser_pages_to_other_agencies(
    client, rueda, make_user
):
    outsider = make_user(email="otro@corfo.cl", role="agency_staff", agency_code="corfo")
    client.force_login(outsider)
    for name in ("participants", "requests", "agenda", "follow_up", "manage", "board"):
        assert client.get(reverse(f"networks:{name}", args=[rueda.pk])).status_code == 403, name
    assert client.post(reverse("networks:schedule", args=[rueda.pk])).status_code == 403
    assert client.get(reverse("networks:table_signs", args=[rueda.pk])).status_code == 403
    assert client.get(reverse("networks:manage", args=[999_999_999])).status_code == 404


def test_organiser_schedules_publishes_and_sees_the_board_and_the_figures(client, rueda, organiser):
    buyer = join(rueda, "compra@example.cl", "comprador", name=("Bruno", "Compra"))
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Vende"))
    services.request_meeting(requester=seller, receiver_id=buyer.pk)
    services.request_meeting(requester=buyer, receiver_id=seller.pk)  # mutual: accepted for both
    client.force_login(organiser)
    client.post(reverse("networks:schedule", args=[rueda.pk]), {"time_limit": "5"})
    page = client.get(reverse("networks:manage", args=[rueda.pk])).content.decode()
    assert "Agenda preliminar" in page and "brecha demostrada 0,0 %" in page.replace("0.0", "0,0")
    client.post(reverse("networks:publish", args=[rueda.pk]))
    meeting = Meeting.objects.get()
    board = client.get(reverse("networks:board", args=[rueda.pk]), {"bloque": meeting.slot.number}).content.decode()
    assert f"<td>{meeting.table}</td>" in board and "Vera Vende · Bruno Compra" in board
    partial = client.get(
        reverse("networks:board", args=[rueda.pk]), {"bloque": meeting.slot.number}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert partial.startswith('<div id="board"') and "Vera Vende · Bruno Compra" in partial
    signs = client.get(reverse("networks:table_signs", args=[rueda.pk]))
    assert signs["Content-Type"] == "application/pdf"
    client.post(reverse("networks:check_in", args=[rueda.pk, buyer.pk]))
    buyer.refresh_from_db()
    assert buyer.checked_in_at is not None
    client.force_login(seller.user)
    agenda = client.get(reverse("networks:agenda", args=[rueda.pk])).content.decode()
    assert meeting.table in agenda and "Bruno Compra" in agenda
    ics = client.get(reverse("networks:agenda_file", args=[rueda.pk, "ics"]))
    assert ics.content.startswith(b"BEGIN:VCALENDAR")
    assert client.get(reverse("networks:agenda_file", args=[rueda.pk, "exe"])).status_code == 404


def test_a_follow_up_answer_with_a_nonsense_id_or_amount_changes_nothing(client, rueda, organiser):
    from panal.networks.models import FollowUp

    buyer = join(rueda, "compra@example.cl", "comprador", name=("Bruno", "Compra"))
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Vende"))
    services.request_meeting(requester=seller, receiver_id=buyer.pk)
    services.request_meeting(requester=buyer, receiver_id=seller.pk)
    services.schedule_rueda(actor=organiser, rueda_id=rueda.pk, time_limit=5)
    services.set_meeting_status(actor=organiser, meeting_id=Meeting.objects.get().pk, status="held")
    FollowUp.objects.update(due_on="2000-01-01")
    mine = FollowUp.objects.get(participant=buyer, wave=3)
    theirs = FollowUp.objects.get(participant=seller, wave=3)
    client.force_login(buyer.user)
    url = reverse("networks:follow_up", args=[rueda.pk])
    for data in (
        {"follow_up": "1\x00", "sale": "on", "amount_clp": "5"},
        {"follow_up": mine.pk, "sale": "on", "amount_clp": "1e99"},
        {"follow_up": mine.pk, "sale": "on", "amount_clp": "-5"},
        {"follow_up": theirs.pk, "sale": "on", "amount_clp": "5"},
    ):
        assert client.post(url, data).status_code == 302
    assert FollowUp.objects.filter(answered_at__isnull=False).count() == 0
    client.post(url, {"follow_up": mine.pk, "quotation": "on", "amount_clp": "1200000"})
    mine.refresh_from_db()
    assert (mine.quotation, mine.sale, mine.amount_clp) == (True, False, 1_200_000)


def test_organiser_configures_a_rueda_from_the_list_and_bad_times_are_explained(client, reference_data, make_user):
    from datetime import timedelta

    from django.utils import timezone

    from panal.catalog.selectors import get_agency
    from panal.events.models import Activity, Edition
    from panal.networks.models import Rueda
    from panal.territory.selectors import get_commune, get_region

    day = timezone.localdate() + timedelta(days=30)
    edition = Edition.objects.create(
        slug="conf", year=day.year, region=get_region("06"), name="Semana", starts_on=day, ends_on=day
    )
    start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())).replace(hour=9)
    activity = Activity.objects.create(
        edition=edition,
        title="Rueda por configurar",
        type="rueda",
        agency=get_agency("sercotec"),
        objective="redes",
        audience="mipymes",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        commune=get_commune("06101"),
    )
    client.force_login(make_user(email="organiza@sercotec.cl", role="agency_staff", agency_code="sercotec"))
    listing = client.get(reverse("networks:list")).content.decode()
    assert "Configurar «Rueda por configurar»" in listing
    url = reverse("networks:create", args=[activity.pk])
    form = {
        "starts_at": f"{day:%d-%m-%Y} 10:00",
        "ends_at": f"{day:%d-%m-%Y} 09:00",
        "slot_minutes": "20",
        "breaks": "",
        "tables": "10",
        "request_deadline": f"{day - timedelta(days=2):%d-%m-%Y} 18:00",
    }
    assert "debe ser posterior al inicio" in client.post(url, form).content.decode()
    form.update({"ends_at": f"{day:%d-%m-%Y} 12:00", "breaks": "11:00-11:20"})
    assert client.post(url, form).status_code == 302
    rueda = Rueda.objects.get()
    assert rueda.slots.count() == 5  # six 20-minute blocks from 10:00 to 12:00, less the one the break takes
    client.force_login(make_user(email="otro@corfo.cl", role="agency_staff", agency_code="corfo"))
    assert "Configurar" not in client.get(reverse("networks:list")).content.decode()
