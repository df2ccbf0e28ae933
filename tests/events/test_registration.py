"""Registration without an account: capacity, waitlist, duplicates, bad input, cancellation and promotion."""

from datetime import timedelta

import pytest
from django.utils import timezone

from panal.core.errors import DomainError, NotFound
from panal.events import selectors, services
from panal.events.models import Registration


def statuses(activity):
    return list(Registration.objects.filter(activity=activity).order_by("id").values_list("email", "status"))


def test_registrations_beyond_capacity_go_to_the_waitlist_in_order(make_activity, register):
    activity = make_activity(capacity=2)
    results = [register(activity, f"p{i}@example.cl") for i in range(4)]
    assert [r.registration.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.position for r in results] == [None, None, 1, 2]
    assert all(r.created for r in results)


def test_unlimited_activity_confirms_everyone(make_activity, register):
    activity = make_activity(capacity=None)
    assert {register(activity, f"p{i}@example.cl").registration.status for i in range(5)} == {"confirmed"}


def test_same_email_twice_gets_the_existing_registration_back(make_activity, register):
    activity = make_activity(capacity=5)
    first = register(activity, "Ana.Perez@Example.cl")
    again = register(activity, "  ana.perez@example.CL ", name="Ana Pérez otra vez")
    assert again.created is False
    assert again.registration.pk == first.registration.pk
    assert again.registration.code == first.registration.code
    assert Registration.objects.filter(activity=activity).count() == 1


def test_same_email_in_the_waitlist_gets_its_position_back(make_activity, register):
    activity = make_activity(capacity=1)
    register(activity, "a@example.cl")
    waiting = register(activity, "b@example.cl")
    again = register(activity, "B@example.cl")
    assert (again.created, again.registration.status, again.position) == (False, "waitlisted", 1)
    assert again.registration.pk == waiting.registration.pk


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"email": "no-es-un-correo"}, "email", "no es válido"),
        ({"email": ""}, "email", "Ingrese su correo"),
        ({"rut": "12.345.678-9"}, "rut", "dígito verificador"),
        ({"rut": "abc"}, "rut", "formato"),
        ({"name": "   "}, "name", "Ingrese su nombre"),
        ({"commune": "Springfield"}, "commune", "No encontramos la comuna"),
    ],
)
def test_bad_input_is_refused_with_a_spanish_message_and_changes_nothing(make_activity, fields, field, words):
    activity = make_activity(capacity=3)
    data = {"name": "Persona", "email": "persona@example.cl", **fields}
    with pytest.raises(DomainError) as refused:
        services.register(activity_id=activity.pk, **data)
    assert refused.value.field == field
    assert words in refused.value.message
    assert Registration.objects.count() == 0


def test_valid_rut_and_commune_are_stored_in_canonical_form(make_activity, register):
    activity = make_activity()
    result = register(activity, "rut@example.cl", rut="12.345.678-5", commune="marchigue", organization="Coop. Sur")
    registration = Registration.objects.get(pk=result.registration.pk)
    assert registration.rut == "12345678-5"
    assert registration.commune_id == "06204"
    assert registration.organization == "Coop. Sur"


def test_someone_registered_before_closing_gets_their_registration_back(make_activity, register, make_user):
    activity = make_activity(capacity=5)
    first = register(activity, "ana@example.cl").registration
    services.update_activity(
        actor=make_user(email="admin@example.cl", role="administrator"),
        activity_id=activity.pk,
        registration_open=False,
    )
    again = register(activity, "ana@example.cl")
    assert (again.created, again.registration.pk) == (False, first.pk)


def test_registration_is_refused_when_closed(make_activity, register):
    activity = make_activity(registration_open=False)
    with pytest.raises(DomainError, match="está cerrada"):
        register(activity, "tarde@example.cl")
    assert Registration.objects.count() == 0


def test_registration_is_refused_for_a_past_activity(make_activity, past_edition, register):
    activity = make_activity(on_edition=past_edition)
    with pytest.raises(DomainError, match="ya se realizó"):
        register(activity, "tarde@example.cl")
    assert Registration.objects.count() == 0


def test_registration_for_an_activity_that_does_not_exist(reference_data):
    with pytest.raises(NotFound, match="No existe la actividad número 999999"):
        services.register(activity_id=999999, name="Ana", email="ana@example.cl")


def test_cancelling_a_confirmed_seat_promotes_the_first_in_the_waitlist(make_activity, register):
    activity = make_activity(capacity=2)
    first = register(activity, "a@example.cl").registration
    register(activity, "b@example.cl")
    register(activity, "c@example.cl")  # waitlist 1
    register(activity, "d@example.cl")  # waitlist 2

    cancelled, changed = services.cancel_registration(code=first.code)
    assert changed and cancelled.status == "cancelled"
    assert statuses(activity) == [
        ("a@example.cl", "cancelled"),
        ("b@example.cl", "confirmed"),
        ("c@example.cl", "confirmed"),
        ("d@example.cl", "waitlisted"),
    ]
    promoted = Registration.objects.get(email="c@example.cl")
    assert promoted.promoted_at is not None
    d = Registration.objects.get(email="d@example.cl")
    assert selectors.waitlist_position(d) == 1


def test_cancelling_a_waitlisted_registration_promotes_nobody(make_activity, register):
    activity = make_activity(capacity=1)
    register(activity, "a@example.cl")
    waiting = register(activity, "b@example.cl").registration
    register(activity, "c@example.cl")
    services.cancel_registration(code=waiting.code)
    assert statuses(activity) == [
        ("a@example.cl", "confirmed"),
        ("b@example.cl", "cancelled"),
        ("c@example.cl", "waitlisted"),
    ]


def test_cancelling_twice_is_not_an_error_and_changes_nothing_more(make_activity, register):
    activity = make_activity(capacity=1)
    first = register(activity, "a@example.cl").registration
    register(activity, "b@example.cl")
    services.cancel_registration(code=first.code)
    again, changed = services.cancel_registration(code=first.code)
    assert (again.status, changed) == ("cancelled", False)
    assert statuses(activity) == [("a@example.cl", "cancelled"), ("b@example.cl", "confirmed")]


def test_a_cancellation_code_that_does_not_exist_is_refused(make_activity, register):
    activity = make_activity(capacity=1)
    register(activity, "a@example.cl")
    with pytest.raises(NotFound, match="No existe una inscripción con el código «nada-que-ver»"):
        services.cancel_registration(code="nada-que-ver")
    assert statuses(activity) == [("a@example.cl", "confirmed")]


def test_after_cancelling_the_same_email_can_register_again(make_activity, register):
    activity = make_activity(capacity=3)
    first = register(activity, "a@example.cl").registration
    services.cancel_registration(code=first.code)
    again = register(activity, "a@example.cl")
    assert again.created and again.registration.pk != first.pk and again.registration.status == "confirmed"


def test_cancelling_after_the_activity_ended_is_refused(make_activity, register):
    activity = make_activity(capacity=3)
    registration = register(activity, "a@example.cl").registration
    later = activity.ends_at + timedelta(minutes=1)
    with pytest.raises(DomainError, match="ya se realizó"):
        services.cancel_registration(code=registration.code, now=later)
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


def test_more_seats_move_the_waitlist(make_activity, register, make_user):
    admin = make_user(email="admin@example.cl", role="administrator")
    activity = make_activity(capacity=1)
    for i in range(3):
        register(activity, f"p{i}@example.cl")
    services.update_activity(actor=admin, activity_id=activity.pk, capacity=2)
    assert [s for _, s in statuses(activity)] == ["confirmed", "confirmed", "waitlisted"]


def test_seats_cannot_drop_below_those_already_confirmed(make_activity, register, make_user):
    admin = make_user(email="admin@example.cl", role="administrator")
    activity = make_activity(capacity=3)
    for i in range(3):
        register(activity, f"p{i}@example.cl")
    with pytest.raises(DomainError, match="Ya hay 3 personas confirmadas") as refused:
        services.update_activity(actor=admin, activity_id=activity.pk, capacity=2)
    assert refused.value.field == "capacity"
    activity.refresh_from_db()
    assert activity.capacity == 3


def test_registration_times_are_the_servers(make_activity, register):
    activity = make_activity()
    before = timezone.now()
    registration = register(activity, "a@example.cl").registration
    assert before <= registration.created_at <= timezone.now()


def test_a_rut_known_to_the_registry_links_the_registration(make_activity, register):
    from panal.registry.services import create_enterprise, create_person

    person = create_person(rut="12.345.678-5", first_names="Ana", last_names="Pérez")
    enterprise = create_enterprise(rut="76.086.428-5", legal_name="Cooperativa Apícola Ltda.")
    activity = make_activity(capacity=5)
    by_person = register(activity, "ana@example.cl", rut="12345678-5").registration
    by_enterprise = register(activity, "coop@example.cl", rut="76086428-5").registration
    unknown = register(activity, "otra@example.cl", rut="11.111.111-1").registration
    assert (by_person.person_id, by_person.enterprise_id) == (person.pk, None)
    assert (by_enterprise.person_id, by_enterprise.enterprise_id) == (None, enterprise.pk)
    assert by_enterprise.organization == "Cooperativa Apícola Ltda."
    assert (unknown.person_id, unknown.enterprise_id, unknown.rut) == (None, None, "11111111-1")


def test_same_email_again_hits_the_constraint_and_gets_the_existing_one(make_activity, register):
    activity = make_activity(capacity=5)
    winner = register(activity, "ana@example.cl").registration
    again = register(activity, "ANA@example.cl")
    assert (again.created, again.registration.pk) == (False, winner.pk)
    assert Registration.objects.filter(activity=activity).count() == 1
    from panal.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="events.registration.created").count() == 1  # the refused row left no trace


def test_a_registration_stores_its_audit_entry_and_its_email_in_the_outbox(make_activity, register):
    """On PostgreSQL the locked part is one SQL statement (events/register_sql.py), on SQLite the ORM: either way the
    rows are the same, and what the caller is given is what was stored."""
    from panal.core.models import AuditEntry
    from panal.events.models import Notification

    activity = make_activity(capacity=1, title="Taller de costos")
    before = timezone.now()
    seated = register(activity, "ana@example.cl", name="Ana  Pérez", rut="12.345.678-5")
    waiting = register(activity, "luis@example.cl", name="Luis")
    for result, status, position in ((seated, "confirmed", None), (waiting, "waitlisted", 1)):
        given = result.registration
        stored = Registration.objects.get(pk=given.pk)
        assert (given.status, stored.status, result.position) == (status, status, position)
        assert (stored.code, stored.email_normalized, stored.created_at) == (
            given.code,
            given.email_normalized,
            given.created_at,
        )
        assert before <= stored.created_at <= timezone.now()
        entry = AuditEntry.objects.get(action="events.registration.created", object_id=str(given.pk))
        assert (entry.object_type, entry.actor_id, entry.actor_label) == ("events.registration", None, "sistema")
        assert (entry.object_repr, entry.before, entry.after) == (
            f"{stored.name} · Taller de costos",
            None,
            {"status": status},
        )
        assert list(Notification.objects.filter(registration=stored).values_list("kind", "sent_at")) == [(status, None)]
    assert Registration.objects.get(pk=seated.registration.pk).rut == "12345678-5"
