import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _post(client, **fields):
    data = {"email": "nueva@example.cl", "password1": "panal-abeja-2026", "password2": "panal-abeja-2026"}
    data.update(fields)
    return client.post(reverse("accounts:signup"), data)


def test_anyone_can_create_an_applicant_account_and_is_logged_in(client):
    response = _post(client, email="Nueva@Example.cl")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nueva@example.cl")
    assert user.groups.filter(name="applicant").exists()
    assert not user.is_staff
    assert client.session["_auth_user_id"] == str(user.pk)


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
    assert response.status_code == 400
    assert "Ya existe una cuenta" in response.content.decode()
    assert get_user_model().objects.count() == 1
