"""Reads of the Semana: agenda queries with seat counts, registrations, who may manage what."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from panal.catalog.selectors import agencies_of
from panal.core import roles
from panal.core.pagecache import table_version

from .models import Activity, Edition, Registration, RegistrationStatus


def editions() -> QuerySet[Edition]:
    return Edition.objects.select_related("region").order_by("-starts_on", "id")


def get_edition(slug: str) -> Edition | None:
    return Edition.objects.select_related("region").filter(slug=slug).first()


def default_edition(today: date | None = None) -> Edition | None:
    """The edition the agenda opens on: the next one still to come (or running); otherwise the latest."""
    today = today or timezone.localdate()
    upcoming = Edition.objects.filter(ends_on__gte=today).order_by("starts_on", "id").first()
    return upcoming or Edition.objects.order_by("-starts_on", "id").first()


def with_counts(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waitlisted_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    )


def activities(
    *,
    edition: Edition | None = None,
    year: int | None = None,
    day: date | None = None,
    commune: str | None = None,
    type: str | None = None,  # noqa: A002
    agency: str | None = None,
    objective: str | None = None,
    audience: str | None = None,
    q: str | None = None,
) -> QuerySet[Activity]:
    """The agenda, filtered; every activity carries `confirmed_count` and `waitlisted_count`."""
    qs = Activity.objects.select_related("agency", "commune", "commune__province", "edition")
    if edition is not None:
        qs = qs.filter(edition=edition)
    if year is not None:
        qs = qs.filter(edition__year=year)
    if day is not None:
        qs = qs.filter(starts_at__date=day)
    if commune:
        qs = qs.filter(commune_id=commune)
    if type:
        qs = qs.filter(type=type)
    if agency:
        qs = qs.filter(agency__code=agency)
    if objective:
        qs = qs.filter(objective=objective)
    if audience:
        qs = qs.filter(audience=audience)
    if q:
        for word in q.split()[:8]:
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(venue__icontains=word)
                | Q(commune__name__icontains=word)
                | Q(agency__short_name__icontains=word)
            )
    return with_counts(qs).order_by("starts_at", "id")


def upcoming_in_commune(commune_code: str, *, now=None, limit: int = 10) -> list[Activity]:
    """Activities in the commune that have not ended yet, soonest first (one query)."""
    now = now or timezone.now()
    return list(
        Activity.objects.select_related("agency")
        .filter(commune_id=commune_code, ends_at__gt=now)
        .order_by("starts_at", "id")[:limit]
    )


# What a public row of the agenda shows (the API's list): read as plain values, no model instances.
ROW_FIELDS = (
    "id",
    "title",
    "type",
    "edition__year",
    "edition__slug",
    "agency__code",
    "agency__short_name",
    "objective",
    "audience",
    "commune_id",
    "commune__name",
    "venue",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_open",
)


def activity_rows(*, limit: int, offset: int = 0, **filters) -> tuple[list[dict], int]:
    """One page of the agenda (filters as in `activities`) as dicts with `confirmed_count` and `waitlisted_count`,
    and how many activities match in all. One query, two when the page is full or past the first."""
    qs = activities(**filters)
    rows = list(qs.values(*ROW_FIELDS, "confirmed_count", "waitlisted_count")[offset : offset + limit])
    if len(rows) < limit and (rows or offset == 0):
        return rows, offset + len(rows)
    return rows, qs.order_by().count()


# Changes when an activity is added, edited or removed, and when a registration is added, promoted or cancelled:
# what the agenda's seat counts are drawn from (one query).
agenda_version = table_version(
    (Activity, "updated_at"), (Registration, "id", "promoted_at", "cancelled_at"), (Edition, "id")
)

# Changes when an activity is added, edited or removed (what lists of activities without seat counts show).
activities_version = table_version((Activity, "updated_at"))


def get_activity(activity_id: int) -> Activity | None:
    return (
        with_counts(Activity.objects.select_related("agency", "commune", "commune__province", "edition"))
        .filter(pk=activity_id)
        .first()
    )


def seats_left(activity: Activity) -> int | None:
    if activity.capacity is None:
        return None
    return max(activity.capacity - activity.confirmed_count, 0)


def get_registration(code: str) -> Registration | None:
    code = str(code or "").strip()
    if not code:
        return None
    return (
        Registration.objects.select_related("activity", "activity__edition", "activity__commune")
        .filter(code=code)
        .first()
    )


def checkin_window(activity) -> tuple:
    """From `EVENTS_CHECKIN_OPENS_MINUTES_BEFORE` minutes before the start until the end."""

    return activity.starts_at - timedelta(minutes=settings.EVENTS_CHECKIN_OPENS_MINUTES_BEFORE), activity.ends_at


def checkin_closed_reason(activity, now) -> str | None:
    """Why check-in is not possible at `now` (None when it is), in the words the door staff read."""

    opens, closes = checkin_window(activity)
    if now < opens:
        return (
            "El registro de asistencia de esta actividad se abre el "
            f"{timezone.localtime(opens):%d-%m-%Y a las %H:%M}, antes de que empiece; aún no se puede registrar."
        )
    if now > closes:
        return (
            f"La actividad terminó el {timezone.localtime(closes):%d-%m-%Y a las %H:%M}: ya no se registra asistencia "
            "(los certificados son solo para quienes llegaron durante la actividad)."
        )
    return None


def attended_in_window(registration) -> bool:
    if registration.checked_in_at is None:
        return False
    opens, closes = checkin_window(registration.activity)
    return opens <= registration.checked_in_at <= closes


def get_certificate(code: str) -> Registration | None:
    code = str(code or "").strip().upper()
    if not code:
        return None
    found = (
        Registration.objects.select_related("activity", "activity__agency", "activity__edition", "activity__commune")
        .filter(certificate_code=code, checked_in_at__isnull=False)
        .first()
    )
    return found if found is not None and attended_in_window(found) else None


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return Registration.objects.filter(
        activity_id=registration.activity_id, status=RegistrationStatus.WAITLISTED, id__lte=registration.id
    ).count()


def attendance(activity: Activity, *, q: str | None = None) -> QuerySet[Registration]:
    """Registrations of one activity for its organisers: confirmed first, then waitlist, then cancelled."""
    qs = Registration.objects.filter(activity=activity).select_related("commune")
    if q:
        for word in q.split()[:6]:
            qs = qs.filter(Q(name__icontains=word) | Q(email_normalized__icontains=word.lower()) | Q(code=word))
    rank = Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(status_rank=rank).order_by("status_rank", "name", "id")


def present_count(activity: Activity) -> int:
    return Registration.objects.filter(activity=activity, checked_in_at__isnull=False).count()


# --- Who may manage what -------------------------------------------------------------------------------------


def manageable_agency_ids(user) -> set[int] | None:
    """None = every agency (administrators); otherwise the ids of the agencies the user works for."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR):
        return None

    return {agency.pk for agency in agencies_of(user)}


def can_manage_activity(user, activity: Activity) -> bool:
    allowed = manageable_agency_ids(user)
    return allowed is None or activity.agency_id in allowed


def can_use_back_office(user) -> bool:
    allowed = manageable_agency_ids(user)
    return allowed is None or bool(allowed)


def manageable_activities(user) -> QuerySet[Activity]:
    allowed = manageable_agency_ids(user)
    qs = Activity.objects.select_related("agency", "commune", "edition")
    if allowed is not None:
        qs = qs.filter(agency_id__in=allowed)
    return with_counts(qs).order_by("-edition__starts_on", "starts_at", "id")
