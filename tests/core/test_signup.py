from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _post(client, **fields):
    data = {"email": "nueva@example.cl", "password1": "panal-abeja-2026", "password2": "panal-abeja-2026"}
    data.update(fields)
    return client.post(reverse("accounts:signup"), data)


def test_anyone_can_create_an_applicant_account_and_activates_it_from_the_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, email="Nueva@Example.cl")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup_sent")
    user = get_user_model().objects.get(email="nueva@example.cl")
    assert user.groups.filter(name="applicant").exists()
    assert not user.is_staff and not user.is_active
    assert "_auth_user_id" not in client.session
    link = next(line for line in mailoutbox[0].body.splitlines() if "/cuenta/activar/" in line).strip()
    response = client.get(urlparse(link).path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and client.session["_auth_user_id"] == str(user.pk)
    # the link works once
    client.logout()
    assert client.get(urlparse(link).path).status_code == 400


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": "no-es-correo"}, "email", "correo válido"),
        ({"password2": "otra-cosa-123"}, "password2", "no coinciden"),
        ({"password1": "123456789012", "password2": "123456789012"}, "password1", "numérica"),
        ({"password1": "corta", "password2": "corta"}, "password1", "corta"),
    ],
)
def test_bad_signup_names_the_field_and_creates_nothing(client, fields, field, message):
    response = _post(client, **fields)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in e for e in errors), errors
    assert not get_user_model().objects.exists()


def test_an_email_already_registered_cannot_sign_up_again(client, make_user):
    make_user(email="nueva@example.cl")
    response = _post(client)
    assert response.status_code == 302  # the same answer as for a new address (tests/security/test_signup_oracle.py)
    assert get_user_model().objects.count() == 1
