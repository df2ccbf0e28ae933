"""With STAFF_REQUIRE_OTP (production's default) staff and administrators pass a TOTP second factor after their
e-mail and password before reaching anything; applicants are not asked."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.usefixtures("reference_data")
PASSWORD = "clave-segura-123"


@pytest.fixture(autouse=True)
def otp_required(settings):
    settings.STAFF_REQUIRE_OTP = True


def code_for(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def login(client, email):
    return client.post("/cuenta/ingresar/", {"username": email, "password": PASSWORD})


def test_staff_enrol_a_totp_app_then_reach_the_back_office(client, make_user):
    make_user(email="funcionaria@sercotec.cl", role="agency_staff", agency_code="sercotec", password=PASSWORD)
    assert login(client, "funcionaria@sercotec.cl").status_code == 302
    blocked = client.get("/registro/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/cuenta/segundo-factor/")
    assert client.get("/api/v1/applications/staff/list").status_code == 403
    setup = client.get(blocked["Location"])
    assert "Escanee este código" in setup.content.decode()
    assert client.get("/cuenta/segundo-factor/qr.svg")["Content-Type"] == "image/svg+xml"
    device = TOTPDevice.objects.get()
    wrong = client.post(blocked["Location"], {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and client.get("/registro/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing
    device.throttle_reset()
    done = client.post(blocked["Location"], {"token": code_for(device)})
    assert done.status_code == 302 and done["Location"] == "/registro/"
    assert client.get("/registro/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_second_login_asks_only_for_the_code(client, make_user):
    user = make_user(email="admin@goreohiggins.cl", role="administrator", password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="Panal", confirmed=True)
    login(client, "admin@goreohiggins.cl")
    page = client.get("/cuenta/segundo-factor/").content.decode()
    assert "Escanee" not in page and "6 dígitos" in page
    assert client.get("/cuenta/segundo-factor/qr.svg").status_code == 404  # no key is shown again
    client.post("/cuenta/segundo-factor/?next=/privacidad/solicitudes/", {"token": code_for(device)})
    assert client.get("/privacidad/solicitudes/").status_code == 200


def test_applicants_are_not_asked_for_a_second_factor(client, make_user):
    make_user(email="ana@example.cl", role="applicant", password=PASSWORD)
    login(client, "ana@example.cl")
    assert client.get("/mis-datos/").status_code == 302
    assert client.get("/mis-datos/")["Location"] == "/mis-datos/editar/"
