"""Ley 21.719 Art. 14 ter: the rueda participation form shows the privacy notice, and the version shown is kept with
the participation (a privacy receipt keyed to it)."""

import pytest
from django.urls import reverse

from panal.core import notices
from panal.privacy.models import NoticeReceipt
from panal.privacy.selectors import notice_shown_with

from .builders import make_person_user, make_rueda

pytestmark = pytest.mark.django_db
JOIN = {"enterprise": "", "role": "comprador", "sectors": "011101", "offer": "", "need": "Miel"}


def test_the_join_form_shows_the_notice_and_the_participation_keeps_its_version(client, reference_data):
    rueda = make_rueda()
    user, _ = make_person_user("nueva@example.cl", first_names="Nora", last_names="Vidal")
    client.force_login(user)
    page = client.get(reverse("networks:detail", args=[rueda.pk])).content.decode()
    assert "Aviso de privacidad" in page and f"versión {notices.version('ruedas')}" in page
    assert page.index("Aviso de privacidad") < page.index("Inscribirme en la rueda")
    refused = client.post(reverse("networks:detail", args=[rueda.pk]), {**JOIN, "available_slots": []})
    assert refused.status_code == 200 and not NoticeReceipt.objects.exists()
    client.post(reverse("networks:detail", args=[rueda.pk]), {**JOIN, "available_slots": ["1", "2"]})
    participant = rueda.participants.get()
    assert notice_shown_with(participant, "ruedas") == notices.version("ruedas") != ""
