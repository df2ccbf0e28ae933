"""Starting a draft runs the eligibility engine first: a failing criterion stops it with the reason and what would
change it; an unknown one asks for the missing data before any form."""

import pytest
from django.urls import reverse

from panal.applications import services
from panal.applications.models import Application
from panal.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_man_is_stopped_at_the_start_of_a_women_only_fund_with_the_reason(make_call, make_applicant, security_log):
    call, user = make_call(), make_applicant(sex="M")
    with pytest.raises(services.NotEligibleError) as refused:
        services.start_application(call=call, actor=user)
    assert refused.value.code == "ineligible"
    assert "mujer" in refused.value.message.lower()
    assert not Application.objects.filter(call=call).exists()
    # The refusal is recorded in the security log (rate-limited), not as an audit row: that table holds what happened.
    assert security_log("applications.refused.start_application") == 1
    assert not AuditEntry.objects.filter(action="applications.refused.start_application").exists()


def test_unknown_sex_asks_for_the_data_before_the_form(make_call, make_applicant):
    call, user = make_call(), make_applicant(sex="")
    with pytest.raises(services.NotEligibleError) as refused:
        services.start_application(call=call, actor=user)
    assert refused.value.code == "incomplete"
    assert "sexo" in refused.value.message
    assert not Application.objects.filter(call=call).exists()


def test_start_page_shows_the_failing_reason_and_no_start_button(client, make_call, make_applicant):
    call, user = make_call(), make_applicant(sex="M")
    client.force_login(user)
    page = client.get(reverse("applications:start", args=[call.code])).content.decode()
    assert "No puede postular a esta convocatoria" in page
    assert "Comenzar mi postulación" not in page
    posted = client.post(reverse("applications:start", args=[call.code]))
    assert posted.status_code == 400
    assert not Application.objects.filter(call=call).exists()


def test_start_page_links_to_complete_the_missing_data(client, make_call, make_applicant):
    call, user = make_call(), make_applicant(sex="")
    client.force_login(user)
    page = client.get(reverse("applications:start", args=[call.code])).content.decode()
    assert "Antes de comenzar necesitamos unos datos" in page
    assert reverse("registry:my_data_edit") in page


def test_an_eligible_woman_starts_her_draft(client, make_call, make_applicant):
    call, user = make_call(), make_applicant(sex="F")
    client.force_login(user)
    assert "Comenzar mi postulación" in client.get(reverse("applications:start", args=[call.code])).content.decode()
    response = client.post(reverse("applications:start", args=[call.code]))
    assert response.status_code == 302
    assert Application.objects.filter(call=call, person__user=user).exists()


def test_header_and_home_lead_to_the_wizard(client, db):
    page = client.get("/").content.decode()
    assert page.count(reverse("eligibility:wizard")) >= 2  # the header and the home's call to action
