import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from panal.core.audit import history, record
from panal.core.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


def test_create_user_command_gives_the_role_and_prints_a_generated_password(reference_data, capsys):
    call_command("create_user", "--email", "Analista@Sercotec.cl", "--role", "agency_staff", "--agency", "sercotec")
    out = capsys.readouterr().out
    user = get_user_model().objects.get(email="analista@sercotec.cl")
    assert user.groups.filter(name="agency_staff").exists()
    assert user.is_staff and not user.is_superuser
    assert list(user.agency_memberships.values_list("agency__code", flat=True)) == ["sercotec"]
    assert "Contraseña generada" in out
    password = out.split(": ")[-1].strip()
    assert user.check_password(password)


def test_agency_staff_without_agency_is_refused_and_nothing_is_created(reference_data):
    with pytest.raises(CommandError, match="--agency"):
        call_command("create_user", "--email", "x@corfo.cl", "--role", "agency_staff")
    assert not get_user_model().objects.filter(email="x@corfo.cl").exists()


def test_unknown_agency_is_refused_naming_the_valid_ones(reference_data):
    with pytest.raises(CommandError, match="no existe; use una de: .*sercotec"):
        call_command("create_user", "--email", "x@corfo.cl", "--role", "agency_staff", "--agency", "nasa")
    assert not get_user_model().objects.filter(email="x@corfo.cl").exists()


def test_same_email_twice_is_refused(make_user):
    make_user(email="ana@example.cl")
    with pytest.raises(CommandError, match="Ya existe una cuenta"):
        call_command("create_user", "--email", "ANA@example.cl", "--role", "applicant")


def test_people_log_in_with_their_email(client, make_user):
    make_user(email="ana@example.cl", password="clave-segura-123")
    response = client.post(reverse("accounts:login"), {"username": "ana@example.cl", "password": "clave-segura-123"})
    assert response.status_code == 302
    assert client.get(reverse("pages:home")).context["user"].email == "ana@example.cl"


def test_repeated_failed_logins_lock_the_account_even_with_the_right_password(client, make_user):
    make_user(email="ana@example.cl", password="clave-segura-123")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "ana@example.cl", "password": "equivocada"})
    response = client.post(reverse("accounts:login"), {"username": "ana@example.cl", "password": "clave-segura-123"})
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_spanish_email_with_a_working_link(client, make_user):
    make_user(email="ana@example.cl")
    response = client.post(reverse("accounts:password_reset"), {"email": "ana@example.cl"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "contraseña nueva" in message.subject
    link = next(line for line in message.body.splitlines() if "/cuenta/recuperar/" in line)
    path = link.split("testserver", 1)[1]
    page = client.get(path, follow=True)
    assert "Nueva contraseña" in page.content.decode()
    assert page.context["validlink"] is True


def test_applicants_cannot_enter_the_admin_but_administrators_can(client, make_user):
    client.force_login(make_user(email="ana@example.cl"))
    assert client.get("/admin/").status_code == 302
    client.logout()
    client.force_login(make_user(email="jefa@panal.cl", role="administrator"))
    assert client.get("/admin/").status_code == 200


def test_audit_log_is_append_only(make_user):
    user = make_user(email="ana@example.cl")
    entry = record(actor=user, action="test.changed", obj=user, before={"a": 1}, after={"a": 2}, reason="prueba")
    entry.reason = "otra"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == "prueba"
    actions = [e.action for e in history(object_type="core.user", object_id=user.pk)]
    assert actions == ["core.account.created", "test.changed"]


def test_audit_log_is_readable_in_the_admin_but_not_editable(client, make_user):
    client.force_login(make_user(email="jefa@panal.cl", role="administrator"))
    assert client.get("/admin/core/auditentry/").status_code == 200
    assert client.get("/admin/core/auditentry/add/").status_code == 403
