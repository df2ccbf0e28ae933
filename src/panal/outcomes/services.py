"""Every write of the outcomes app: observations, decision snapshots, follow-up surveys and their answers.

`record_observation` is the entry point other apps use to add a value to the panel (the networks app records
`redes_nuevos_clientes` from its rueda follow-up this way); see docs/outcomes.md.
"""

import hashlib
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from panal.core import audit, notices
from panal.core.errors import DomainError, NotFound
from panal.core.rut import InvalidRut, normalize_rut
from panal.registry import bulkdb

from .indicators import DIGITAL_ITEMS, ITEMS, MANAGEMENT_ITEMS
from .models import DecisionSnapshot, FollowUp, Observation, PanelVersion, SnapshotEntry
from .results import refresh_call_results

CONSENT_NOTICE = "encuestas"  # the privacy notice the survey shows (privacy.notices); its version is stored
SOURCE_APPLICATION, SOURCE_SURVEY, SOURCE_DEMO = "postulacion", "encuesta", "demo"


def clean_item_value(item: str, value) -> Decimal:
    """The value of an item in its stored form; DomainError naming the item when it is unknown or out of range."""
    if item not in ITEMS:
        raise DomainError(f"El dato «{item}» no es un indicador conocido.", field="item")
    if isinstance(value, bool):
        value = int(value)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(f"«{item}» debe ser un número.", field=item) from None
    if not number.is_finite():
        raise DomainError(f"«{item}» debe ser un número.", field=item)
    low, high = ITEMS[item]
    if number < low or (high is not None and number > high):
        top = f" y {high}" if high is not None else " o más"
        raise DomainError(f"«{item}» debe estar entre {low}{top}.", field=item)
    if abs(number) >= Decimal(10) ** 14:
        raise DomainError(f"«{item}» es demasiado grande.", field=item)
    return number.quantize(Decimal("0.01"))


def _rut(value) -> str:
    try:
        return normalize_rut(str(value))
    except InvalidRut as exc:
        raise DomainError(str(exc), field="rut") from None


def bump_versions(*, ruts=None, calls=None) -> None:
    """Mark the results of the calls these firms applied to (or these calls) as stale, and queue their refresh."""

    call_ids = {c.pk if hasattr(c, "pk") else c for c in calls or ()}
    if ruts is not None:
        ruts = list(ruts)
        if len(ruts) > 500:  # a whole import: match through the snapshot table instead of a huge IN list
            call_ids |= set(DecisionSnapshot.objects.values_list("call_id", flat=True))
        else:
            call_ids |= set(
                SnapshotEntry.objects.filter(rut__in=ruts).values_list("snapshot__call_id", flat=True).distinct()
            )
    for call_id in sorted(call_ids):
        version, created = PanelVersion.objects.get_or_create(call_id=call_id)
        if not created:
            PanelVersion.objects.filter(pk=version.pk).update(version=F("version") + 1)
        refresh_call_results.enqueue(call_id)


@transaction.atomic
def record_observation(*, rut, year: int, item: str, value, source: str, is_demo: bool = False) -> Observation:
    """Add (or correct) one item of one firm in one year from one source; the calls it belongs to are refreshed.

    `value` None deletes that source's value. Idempotent: the same call twice leaves one row."""
    rut = _rut(rut)
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
        raise DomainError("El año debe ser un número entre 1990 y 2100.", field="year")
    if not source or len(source) > 40:
        raise DomainError("Indique la fuente del dato (hasta 40 caracteres).", field="source")
    key = {"rut": rut, "year": year, "item": item, "source": source}
    if value is None or value == "":
        Observation.objects.filter(**key).delete()
        bump_versions(ruts=[rut])
        return None
    number = clean_item_value(item, value)
    observation, _ = Observation.objects.update_or_create(**key, defaults={"value": number, "is_demo": is_demo})
    bump_versions(ruts=[rut])
    return observation


def _write_items(*, rut: str, year: int, values: dict, source: str) -> int:
    """Upsert one firm's items of one year and source in one statement. A baseline is written inside every
    submission's transaction: item by item it cost a savepoint, a read and a write each."""
    rows = [
        Observation(rut=rut, year=year, item=item, source=source, value=clean_item_value(item, value))
        for item, value in values.items()
        if value is not None and value != ""
    ]
    if rows:
        Observation.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["rut", "year", "item", "source"],
            update_fields=["value", "recorded_at"],
        )
    return len(rows)


# --- baseline from the application form -------------------------------------------------------------------------

# Application-form question key → panel item (the questions are in applications/shipped_forms.py).
BASELINE_QUESTIONS = {
    "base_ventas_clp": "ventas_clp",
    "base_compras_clp": "compras_clp",
    "base_trabajadoras_mujeres": "trabajadoras_mujeres",
    "base_trabajadores_hombres": "trabajadores_hombres",
    "base_remuneraciones_clp": "remuneraciones_clp",
}


def baseline_values(answers: dict) -> dict:

    out = {item: answers.get(key) for key, item in BASELINE_QUESTIONS.items() if answers.get(key) is not None}
    for item in (*DIGITAL_ITEMS, *MANAGEMENT_ITEMS):
        answer = answers.get(f"base_{item}")
        if answer in ("si", "no"):
            out[item] = 1 if answer == "si" else 0
    return out


def record_baseline(*, rut, call_year: int, answers: dict) -> int:
    """The baseline row of an applicant: what the form said about the year before the call. Answers the form
    does not have are ignored; a bad value is skipped, never a reason to refuse the submission. The rows are written
    in a savepoint of their own (a failure undoes them, not the caller's submission), opened only when there is
    something to write."""
    rut = _rut(rut)
    values = {}
    for item, value in baseline_values(answers).items():
        try:
            values[item] = clean_item_value(item, value)
        except DomainError:
            continue
    if not values:
        return 0
    with transaction.atomic():
        written = _write_items(rut=rut, year=call_year - 1, values=values, source=SOURCE_APPLICATION)
        if written:
            bump_versions(ruts=[rut])
    return written


# --- decision snapshots ----------------------------------------------------------------------------------------


@transaction.atomic
def write_snapshot(*, call, rows: list[dict], cutoff=None, origin: str, is_demo: bool = False, actor=None):
    """Freeze a call's decisions: rows of {rut, score, admissible, funded, amount_clp}. Rank follows the score
    (admissible applicants only); the cutoff is the one given or the lowest funded score. Writing a second
    snapshot for the same call is refused: a snapshot is immutable."""
    if DecisionSnapshot.objects.filter(call=call).exists():
        raise DomainError(
            f"Las decisiones de «{call.code}» ya están registradas y no se modifican.", field="call", code="exists"
        )
    if cutoff is None:
        funded_scores = [r["score"] for r in rows if r["funded"] and r.get("score") is not None]
        cutoff = min(funded_scores) if funded_scores else None
    snapshot = DecisionSnapshot.objects.create(call=call, cutoff=cutoff, origin=origin, is_demo=is_demo)
    ranked = sorted(
        (r for r in rows if r["admissible"] and r.get("score") is not None), key=lambda r: (-r["score"], r["rut"])
    )
    ranks = {r["rut"]: n for n, r in enumerate(ranked, start=1)}
    bulkdb.insert_rows(  # one prepared statement: a 100,000-applicant call is written in about a second
        SnapshotEntry,
        [
            {
                "snapshot_id": snapshot.pk,
                "rut": r["rut"],
                "score": r.get("score"),
                "rank": ranks.get(r["rut"]),
                "admissible": r["admissible"],
                "funded": r["funded"],
                "amount_clp": r.get("amount_clp"),
            }
            for r in rows
        ],
    )
    audit.record(
        actor=actor,
        action="outcomes.snapshot.written",
        obj=snapshot,
        after={"call": call.code, "rows": len(rows), "cutoff": str(cutoff) if cutoff is not None else None},
    )
    bump_versions(calls=[call.pk])
    return snapshot


# --- follow-up surveys -----------------------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1, day=min(day.day, 28))


@transaction.atomic
def schedule_followups(*, snapshot: DecisionSnapshot, decided_on: date | None = None) -> int:
    """A 12- and a 24-month survey for every admissible applicant, funded or not (idempotent)."""
    if snapshot.is_demo:
        return 0
    decided_on = decided_on or timezone.localdate()
    ruts = list(snapshot.entries.filter(admissible=True).values_list("rut", flat=True))
    existing = set(FollowUp.objects.filter(call=snapshot.call).values_list("rut", "wave"))
    new = [
        FollowUp(call=snapshot.call, rut=rut, wave=wave, due_on=_add_months(decided_on, wave))
        for rut in ruts
        for wave in (12, 24)
        if (rut, wave) not in existing
    ]
    FollowUp.objects.bulk_create(new, batch_size=2000)
    return len(new)


def issue_link_token(followup: FollowUp) -> str:
    """A new personal link token (the previous link stops working); only its digest is kept."""
    token = secrets.token_urlsafe(24)
    FollowUp.objects.filter(pk=followup.pk).update(token_digest=hashlib.sha256(token.encode()).hexdigest())
    return token


def followup_for_token(token: str) -> FollowUp:
    if not token or len(token) > 100 or "\x00" in token:
        raise NotFound("El enlace no es válido o ya no está vigente.", field="token")
    digest = hashlib.sha256(token.encode()).hexdigest()
    followup = FollowUp.objects.select_related("call", "call__instrument").filter(token_digest=digest).first()
    if followup is None:
        raise NotFound("El enlace no es válido o ya no está vigente.", field="token")
    return followup


@transaction.atomic
def record_consent(*, token: str, accepted: bool, now=None) -> FollowUp:
    followup = followup_for_token(token)
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if followup.consent is not None:
        return followup  # a double click: the first answer stands
    followup.consent = bool(accepted)
    followup.consent_at = now or timezone.now()
    followup.consent_text_version = notices.version(CONSENT_NOTICE)
    followup.save(update_fields=["consent", "consent_at", "consent_text_version"])
    audit.record(
        actor=None, action="outcomes.followup.consent_answered", obj=followup, after={"accepted": followup.consent}
    )
    return followup


@transaction.atomic
def answer_survey(*, token: str, values: dict, now=None) -> FollowUp:
    """Store a consenting respondent's answers about the last 12 months as rows of the panel (source "encuesta"),
    in the year of the wave: the call's year + 1 (12 months) or + 2 (24 months)."""
    now = now or timezone.now()
    followup = FollowUp.objects.select_for_update().get(pk=followup_for_token(token).pk)
    if followup.consent is not True:
        raise DomainError("Primero debe aceptar participar en la encuesta.", field="consent")
    if followup.answered_at is not None:
        return followup
    cleaned = {item: clean_item_value(item, v) for item, v in values.items() if v is not None and v != ""}
    year = followup.call.year + followup.wave // 12
    _write_items(rut=followup.rut, year=year, values=cleaned, source=SOURCE_SURVEY)
    followup.answered_at = now
    followup.save(update_fields=["answered_at"])
    bump_versions(calls=[followup.call_id])
    return followup
