"""The back office shows stored structures as sentences: a call's subsidy tiers in pesos and UF, a second-factor
device without its secret key, an application's eligibility as its verdict."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from panal.catalog.models import Call

pytestmark = pytest.mark.django_db


def test_a_calls_subsidy_tiers_read_as_sentences_in_the_admin(admin_client, reference_data):
    call = Call.objects.first()
    if call is None:
        pytest.skip("no calls in the reference data")
    Call.objects.filter(pk=call.pk).update(subsidy_tiers=[{"sales_uf_max": 2400, "max_clp": 3500000, "share_pct": 80}])
    page = admin_client.get(f"/admin/catalog/call/{call.pk}/change/").content.decode()
    assert "Ventas hasta 2.400 UF: hasta $3.500.000 y el 80% del proyecto" in page
    assert "sales_uf_max" not in page and "share_pct" not in page  # the stored keys


def test_a_second_factor_device_page_does_not_show_its_secret_key(admin_client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="Teléfono", confirmed=True)
    listing = admin_client.get("/admin/otp_totp/totpdevice/").content.decode()
    assert "confirmado" in listing and "onfirmed<" not in listing  # a header or filter saying "confirmed"
    page = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert "Teléfono" in page
    assert device.key not in page
