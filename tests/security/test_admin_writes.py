"""Hole 10: the admin wrote around the services (raising an activity's capacity skipped the waitlist and wrote no
audit entry; calls and agency staff were edited the same way). Every admin write goes through the owning service,
or the model is read-only there."""

import pytest
from django.contrib import admin
from django.contrib.admin.options import ModelAdmin
from django.test import RequestFactory

from panal.core.models import AuditEntry
from panal.events.models import Registration

pytestmark = pytest.mark.django_db


def _overrides(model_admin, name: str) -> bool:
    return getattr(type(model_admin), name) is not getattr(ModelAdmin, name)


def test_every_admin_is_read_only_or_writes_through_a_service(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    around = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if model._meta.app_label == "axes":
            continue  # django-axes' own records: deleting one is how an administrator lifts a lockout
        writes = model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
        if writes and not _overrides(model_admin, "save_model"):
            around.append(f"{label}: save_model")
        if writes and model_admin.inlines and not _overrides(model_admin, "save_related"):
            around.append(f"{label}: inlines")
        if model_admin.has_delete_permission(request) and not (
            _overrides(model_admin, "delete_model") and _overrides(model_admin, "delete_queryset")
        ):
            around.append(f"{label}: delete")
    assert around == []


def test_raising_capacity_in_the_admin_moves_the_waitlist_and_is_audited(admin_client, make_activity, register):
    activity = make_activity(capacity=1)
    for n in range(4):
        register(activity, f"persona{n}@example.cl")
    url = f"/admin/events/activity/{activity.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "starts_at_0": activity.starts_at.astimezone().strftime("%Y-%m-%d"),
            "starts_at_1": activity.starts_at.astimezone().strftime("%H:%M:%S"),
            "ends_at_0": activity.ends_at.astimezone().strftime("%Y-%m-%d"),
            "ends_at_1": activity.ends_at.astimezone().strftime("%H:%M:%S"),
            "capacity": 3,
        }
    )
    data.pop("starts_at", None)
    data.pop("ends_at", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    statuses = list(Registration.objects.filter(activity=activity).order_by("id").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "confirmed", "waitlisted"]  # the waiting people first, in order
    assert AuditEntry.objects.filter(action="events.activity.updated", object_id=str(activity.pk)).exists()
    assert AuditEntry.objects.filter(action="events.registration.promoted").count() == 2


def test_calls_are_read_only_in_the_admin(admin_client, reference_data):
    from panal.catalog.models import Call

    call = Call.objects.first()
    if call is None:
        pytest.skip("no calls in the reference data")
    response = admin_client.post(f"/admin/catalog/call/{call.pk}/change/", {"title": "Cambiada"})
    assert response.status_code == 403
    call.refresh_from_db()
    assert call.title != "Cambiada"
