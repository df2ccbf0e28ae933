"""Ley 21.719 Art. 14 ter: the review-and-send step shows the privacy notice of applications, and the version shown is
kept with the submitted application (a privacy receipt keyed to it); a refused submission keeps nothing."""

import pytest
from django.urls import reverse

from panal.applications import services
from panal.core import notices
from panal.privacy.models import NoticeReceipt
from panal.privacy.selectors import notice_shown_with

pytestmark = pytest.mark.django_db


def test_the_review_step_shows_the_notice_and_the_submission_keeps_its_version(client, complete_draft, make_user):
    application, user = complete_draft()
    staff = make_user(email="bases@sercotec.cl", role="agency_staff", agency_code="sercotec")
    services.publish_terms(call=application.call, actor=staff, bases_summary="Para mujeres.", declaration="Declaro.")
    client.force_login(user)
    url = reverse("applications:review", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Aviso de privacidad" in page and f"versión {notices.version('postulaciones')}" in page
    assert page.index("Aviso de privacidad") < page.index("Enviar postulación")
    assert client.post(url).status_code == 400  # declaration not signed: refused, nothing kept
    assert not NoticeReceipt.objects.exists()
    assert client.post(url, {"accept_terms": "1", "terms_version": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.state != "draft"
    assert notice_shown_with(application, "postulaciones") == notices.version("postulaciones") != ""
