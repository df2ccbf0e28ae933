"""Ruedas change through the networks pages and services (agenda, waitlist, audit), so the admin only lists."""

from django.contrib import admin

from panal.core.admin_base import ReadOnlyAdmin

from .models import FollowUp, Meeting, MeetingRequest, Participant, Rueda


@admin.register(Rueda)
class RuedaAdmin(ReadOnlyAdmin):
    list_display = ("activity", "starts_at", "tables", "slot_minutes", "agenda_status", "objective", "upper_bound")
    list_filter = ("agenda_status", "is_sample")
    raw_id_fields = ("activity",)


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ("name", "rueda", "kind", "role", "checked_in_at")
    list_filter = ("role", "kind")
    search_fields = ("name",)
    raw_id_fields = ("rueda", "user", "person", "enterprise", "commune")
    filter_horizontal = ()


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ("requester", "receiver", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("rueda", "requester", "receiver")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("participant_a", "participant_b", "slot", "table", "status")
    list_filter = ("status",)
    raw_id_fields = ("rueda", "request", "participant_a", "participant_b", "slot")


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "participant", "wave", "due_on", "answered_at", "quotation", "sale", "amount_clp")
    list_filter = ("wave", "sale")
    raw_id_fields = ("meeting", "participant")
