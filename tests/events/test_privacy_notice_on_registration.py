"""Ley 21.719 Art. 14 ter: the Semana registration form shows the privacy notice, and the version it showed is kept
with the registration (a privacy receipt keyed to it); registering the same e-mail again does not add another."""

from panal.core import notices
from panal.events.models import Registration
from panal.privacy.models import NoticeReceipt
from panal.privacy.selectors import notice_shown_with

FORM = {"name": "Ana Pérez", "email": "ana@example.cl", "rut": "12.345.678-5", "commune": "06101"}


def test_the_registration_form_shows_the_notice_and_the_registration_keeps_its_version(client, make_activity):
    activity = make_activity(capacity=5)
    page = client.get(f"/semana/actividades/{activity.pk}/").content.decode()
    assert "Aviso de privacidad" in page and f"versión {notices.version('semana')}" in page
    assert "se guardan 2 años" in page and 'href="/privacidad/"' in page
    assert page.index("Aviso de privacidad") < page.index('<form method="post"')  # read before sending
    client.post(f"/semana/actividades/{activity.pk}/", FORM)
    registration = Registration.objects.get()
    assert notice_shown_with(registration, "semana") == notices.version("semana") != ""
    client.post(f"/semana/actividades/{activity.pk}/", FORM)  # the same person again: nothing new is stored
    assert Registration.objects.count() == 1 and NoticeReceipt.objects.count() == 1


def test_a_refused_registration_stores_no_notice(client, make_activity):
    activity = make_activity()
    client.post(f"/semana/actividades/{activity.pk}/", {**FORM, "email": "ana@"})
    assert not Registration.objects.exists() and not NoticeReceipt.objects.exists()
