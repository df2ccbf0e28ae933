"""A rueda from joining to follow-up, through the services: the rules a participant or organiser notices."""

from datetime import timedelta

import pytest
from django.core import mail

from panal.core.errors import DomainError, PermissionDenied
from panal.networks import selectors, services
from panal.networks.models import AgendaStatus, FollowUp, Meeting, RequestStatus

from .builders import join, make_person_user, make_rueda

pytestmark = pytest.mark.django_db


@pytest.fixture
def rueda(reference_data):
    return make_rueda()


@pytest.fixture
def organiser(make_user):
    return make_user(email="organiza@sercotec.cl", role="agency_staff", agency_code="sercotec")


def test_a_supplier_cannot_ask_another_supplier_unless_one_is_both(rueda):
    a = join(rueda, "a@example.cl", "proveedor")
    b = join(rueda, "b@example.cl", "proveedor", name=("Berta", "Soto"))
    c = join(rueda, "c@example.cl", "ambos", name=("Carla", "Díaz"))
    with pytest.raises(DomainError, match="Dos proveedores"):
        services.request_meeting(requester=a, receiver_id=b.pk)
    assert services.request_meeting(requester=a, receiver_id=c.pk).status == RequestStatus.PENDING


def test_nobody_asks_themself_or_someone_of_another_rueda(rueda, reference_data):
    a = join(rueda, "a@example.cl", "comprador")
    with pytest.raises(DomainError, match="sí mismo"):
        services.request_meeting(requester=a, receiver_id=a.pk)
    other = join(make_rueda(days_ahead=20), "x@example.cl", "proveedor", name=("Ximena", "Ruiz"))
    with pytest.raises(DomainError, match="no está en esta rueda"):
        services.request_meeting(requester=a, receiver_id=other.pk)


def test_asking_back_accepts_both_and_the_pair_weighs_double(rueda):
    buyer = join(rueda, "compra@example.cl", "comprador")
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Lagos"))
    first = services.request_meeting(requester=seller, receiver_id=buyer.pk, message="Vendemos envases")
    second = services.request_meeting(requester=buyer, receiver_id=seller.pk)
    first.refresh_from_db()
    assert (first.status, second.status) == (RequestStatus.ACCEPTED, RequestStatus.ACCEPTED)
    data, _ = services.build_instance(rueda)
    assert [(r["from"], r["to"], r["priority"]) for r in data["requests"]] == [(str(seller.pk), str(buyer.pk), 2)]


def test_the_same_request_twice_and_the_same_answer_twice_change_nothing(rueda):
    buyer = join(rueda, "compra@example.cl", "comprador")
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Lagos"))
    sent = services.request_meeting(requester=seller, receiver_id=buyer.pk)
    with pytest.raises(DomainError, match="Ya envió"):
        services.request_meeting(requester=seller, receiver_id=buyer.pk)
    services.respond_to_request(receiver=buyer, request_id=sent.pk, accept=True)
    services.respond_to_request(receiver=buyer, request_id=sent.pk, accept=True)
    with pytest.raises(DomainError, match="aceptada"):
        services.respond_to_request(receiver=buyer, request_id=sent.pk, accept=False)


def test_only_the_receiver_answers_a_request(rueda):
    buyer = join(rueda, "compra@example.cl", "comprador")
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Lagos"))
    sent = services.request_meeting(requester=seller, receiver_id=buyer.pk)
    with pytest.raises(DomainError, match="No tiene una solicitud"):
        services.respond_to_request(receiver=seller, request_id=sent.pk, accept=True)


def test_after_the_deadline_requests_are_refused_and_pending_ones_expire(rueda):
    buyer = join(rueda, "compra@example.cl", "comprador")
    seller = join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Lagos"))
    services.request_meeting(requester=seller, receiver_id=buyer.pk)
    late = rueda.request_deadline + timedelta(minutes=1)
    other = join(rueda, "otra@example.cl", "proveedor", name=("Olga", "Mena"))
    with pytest.raises(DomainError, match="plazo"):
        services.request_meeting(requester=other, receiver_id=buyer.pk, now=late)
    assert services.expire_pending_requests(rueda_id=rueda.pk, now=late) == 1
    assert selectors.requests_of(buyer)["received"][0].status == RequestStatus.EXPIRED


def test_joining_needs_a_registry_person_and_some_availability(rueda, make_user):
    stranger = make_user(email="sinregistro@example.cl")
    with pytest.raises(PermissionDenied, match="vinculada a una persona del registro"):
        services.join_rueda(user=stranger, rueda_id=rueda.pk, role="comprador", available_slots=[1])
    user, _ = make_person_user("p@example.cl")
    with pytest.raises(DomainError, match="al menos un bloque"):
        services.join_rueda(user=user, rueda_id=rueda.pk, role="comprador", available_slots=[])
    with pytest.raises(DomainError, match="«999999» no existe"):
        services.join_rueda(user=user, rueda_id=rueda.pk, role="comprador", available_slots=[1], sectors=["999999"])


def test_breaks_leave_no_meeting_and_blocks_follow_the_slot_length(rueda):
    from zoneinfo import ZoneInfo

    starts = [f"{s.starts_at.astimezone(ZoneInfo('America/Santiago')):%H:%M}" for s in selectors.slots(rueda)]
    # 10:00–12:00 in 20-minute blocks; the 11:00–11:20 break holds none.
    assert starts == ["10:00", "10:20", "10:40", "11:20", "11:40"]


def _accepted_pair(rueda, buyer_email="compra@example.cl", seller_email="vende@example.cl", **seller_fields):
    buyer = join(rueda, buyer_email, "comprador", name=("Bruno", "Compra"))
    seller = join(rueda, seller_email, "proveedor", name=("Vera", "Vende"), **seller_fields)
    sent = services.request_meeting(requester=seller, receiver_id=buyer.pk, message="Hola")
    services.respond_to_request(receiver=buyer, request_id=sent.pk, accept=True)
    return buyer, seller


def test_organiser_schedules_publishes_and_both_get_their_agenda_by_mail(
    rueda, organiser, django_capture_on_commit_callbacks
):
    buyer, seller = _accepted_pair(rueda)
    result = services.schedule_rueda(actor=organiser, rueda_id=rueda.pk, time_limit=5)
    assert (len(result.meetings), result.objective, result.upper_bound) == (1, 1, 1)
    rueda.refresh_from_db()
    assert rueda.agenda_status == AgendaStatus.PRELIMINARY
    meeting = Meeting.objects.get()
    assert [m.other_name for m in selectors.agenda_of(buyer)] == [seller.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(actor=organiser, rueda_id=rueda.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["compra@example.cl", "vende@example.cl"]
    assert meeting.table in mail.outbox[0].body
    with pytest.raises(DomainError, match="ya está publicada"):
        services.schedule_rueda(actor=organiser, rueda_id=rueda.pk)


def test_after_publishing_a_move_or_a_no_show_notifies_both(rueda, organiser, django_capture_on_commit_callbacks):
    _accepted_pair(rueda)
    services.schedule_rueda(actor=organiser, rueda_id=rueda.pk, time_limit=5)
    services.publish_agenda(actor=organiser, rueda_id=rueda.pk)
    meeting = Meeting.objects.get()
    mail.outbox.clear()
    target = 5 if meeting.slot.number != 5 else 4
    with django_capture_on_commit_callbacks(execute=True):
        services.move_meeting(actor=organiser, meeting_id=meeting.pk, slot_number=target, table="Mesa 3")
    assert len(mail.outbox) == 2 and all("cambió de horario o de mesa" in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_meeting_status(actor=organiser, meeting_id=meeting.pk, status="no_show")
    assert len(mail.outbox) == 4 and "no se presentó" in mail.outbox[-1].body


def test_a_move_into_a_block_someone_is_not_available_is_refused(rueda, organiser):
    _accepted_pair(rueda, slots=[1, 2])
    services.schedule_rueda(actor=organiser, rueda_id=rueda.pk, time_limit=5)
    meeting = Meeting.objects.get()
    with pytest.raises(DomainError, match="no está disponible"):
        services.move_meeting(actor=organiser, meeting_id=meeting.pk, slot_number=5, table="Mesa 1")
    with pytest.raises(DomainError, match="no tiene la"):
        services.move_meeting(actor=organiser, meeting_id=meeting.pk, slot_number=1, table="Mesa 99")


def test_staff_of_another_agency_cannot_schedule(rueda, make_user):
    _accepted_pair(rueda)
    outsider = make_user(email="otro@corfo.cl", role="agency_staff", agency_code="corfo")
    with pytest.raises(PermissionDenied):
        services.schedule_rueda(actor=outsider, rueda_id=rueda.pk)


def test_a_held_meeting_asks_both_at_3_and_12_months_and_outcomes_can_read_the_answers(rueda, organiser):
    buyer, seller = _accepted_pair(rueda)
    services.schedule_rueda(actor=organiser, rueda_id=rueda.pk, time_limit=5)
    meeting = Meeting.objects.get()
    services.set_meeting_status(actor=organiser, meeting_id=meeting.pk, status="held")
    assert FollowUp.objects.filter(meeting=meeting).count() == 4
    item = FollowUp.objects.get(participant=seller, wave=3)
    with pytest.raises(DomainError, match="se responde desde"):
        services.answer_follow_up(participant=seller, follow_up_id=item.pk, quotation=True, sale=False)
    later = meeting.slot.starts_at + timedelta(days=100)
    with pytest.raises(DomainError, match="monto"):
        services.answer_follow_up(
            participant=seller, follow_up_id=item.pk, quotation=False, sale=False, amount_clp=5, now=later
        )
    with pytest.raises(DomainError, match="No tiene un seguimiento"):
        services.answer_follow_up(participant=buyer, follow_up_id=item.pk, quotation=True, sale=True, now=later)
    services.answer_follow_up(
        participant=seller, follow_up_id=item.pk, quotation=True, sale=True, amount_clp=3_500_000, now=later
    )
    rows = selectors.reported_business(rueda_id=rueda.pk)
    assert [(r["person_id"], r["wave_months"], r["sale"], r["amount_clp"]) for r in rows] == [
        (seller.person_id, 3, True, 3_500_000)
    ]
    stats = selectors.stats(rueda)
    assert (stats["meetings_held"], stats["sales"], stats["sales_amount_clp"]) == (1, 1, 3_500_000)


def test_suggestions_explain_each_point(rueda):
    buyer = join(rueda, "compra@example.cl", "comprador", sectors=["011101"], need="Envases de vidrio para conservas")
    join(rueda, "vende@example.cl", "proveedor", name=("Vera", "Lagos"), sectors=["011101"], offer="Envase de vidrio")
    join(rueda, "nada@example.cl", "proveedor", name=("Nadia", "Ríos"), offer="Asesoría contable")
    found = selectors.suggestions(buyer)
    assert [s.participant.name for s in found] == ["Vera Lagos"]
    assert found[0].score == 3 + 2
    assert any("comparten la actividad SII 011101" in r for r in found[0].reasons)
    assert any("ofrece lo que usted busca (envase, vidrio)" in r for r in found[0].reasons)


def test_the_agenda_pdf_and_ics_name_the_meeting(rueda, organiser):
    from icalendar import Calendar
    from pypdf import PdfReader

    from panal.networks import documents

    buyer, seller = _accepted_pair(rueda)
    services.schedule_rueda(actor=organiser, rueda_id=rueda.pk, time_limit=5)
    calendar = Calendar.from_ical(documents.agenda_ics(buyer))
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [f"Reunión con {seller.name} · {Meeting.objects.get().table}"]
    import io

    text = PdfReader(io.BytesIO(documents.agenda_pdf(buyer))).pages[0].extract_text()
    assert seller.name in text
    signs = PdfReader(io.BytesIO(documents.table_signs_pdf(rueda)))
    assert len(signs.pages) == rueda.tables
