from django.db.models import Prefetch, Q
from django.utils import timezone

from panal.core.pagecache import table_version
from panal.territory.selectors import communes, get_commune

from .criteria import Cond, Rule, parse_condition, rule_needs
from .models import Agency, AgencyStaff, Call, Criterion, Instrument


def agencies():
    return Agency.objects.order_by("short_name")


def get_agency(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def agencies_of(user) -> list[Agency]:
    """The agencies a staff account works for."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [m.agency for m in AgencyStaff.objects.filter(user=user).select_related("agency")]


# --- Instruments, calls and the rules the eligibility engine reads ---------------------------------------------------


def instruments():
    return Instrument.objects.select_related("agency", "co_agency").order_by("name")


def get_instrument(code: str) -> Instrument | None:
    return instruments().filter(code=code).first()


def calls(*, instrument_code: str | None = None, region: str | None = None):
    qs = Call.objects.select_related("instrument", "instrument__agency", "instrument__co_agency", "region")
    if instrument_code:
        qs = qs.filter(instrument__code=instrument_code)
    if region:
        qs = qs.filter(region_id=region)
    return qs.order_by("closes_at", "code")


def get_call(code: str) -> Call | None:
    return calls().filter(code=code).first()


def calls_with_criteria(*, instrument_code: str | None = None) -> list[Call]:
    """Calls with their own and their instrument's criteria and conditions prefetched (a handful of queries)."""
    conditions = Prefetch("criteria", queryset=Criterion.objects.prefetch_related("conditions"))
    return list(
        calls(instrument_code=instrument_code).prefetch_related(
            conditions, Prefetch("instrument__criteria", queryset=Criterion.objects.prefetch_related("conditions"))
        )
    )


def _rule(criterion: Criterion) -> Rule:
    branches: dict[int, list[Cond]] = {}
    for condition in criterion.conditions.all():
        branches.setdefault(condition.branch, []).append(
            parse_condition(condition.field, condition.op, condition.value)
        )
    parsed = tuple(tuple(branches[n]) for n in sorted(branches))
    return Rule(
        id=criterion.key,
        branches=parsed,
        pass_message=criterion.pass_message,
        fail_message=criterion.fail_message,
        hint=criterion.hint,
        source_url=criterion.source_url,
        verified=criterion.verified,
        needs=rule_needs(parsed),
        declaration=criterion.declaration,
        source_note=criterion.source_note,
    )


def _simple(rule_id, cond, pass_message, fail_message, hint, source, *, verified=True, note="") -> Rule:
    branches = ((cond,),)
    return Rule(
        rule_id, branches, pass_message, fail_message, hint, source, verified, rule_needs(branches), source_note=note
    )


def call_source(call: Call) -> str:
    """The first source of the call (or of its instrument): what a rule drawn from the call's data cites."""
    for found in (call.sources, [call.url] if call.url else [], call.instrument.sources):
        if found:
            return found[0]
    return ""


def province_names(codes) -> str:
    names = []
    for code in sorted(codes):
        commune = communes(province=code).first()
        names.append(commune.province.name if commune else code)
    return ", ".join(names)


def _commune_names(codes) -> str:
    return ", ".join((c.name if (c := get_commune(code)) else code) for code in sorted(codes))


def instrument_sources(instrument: Instrument) -> list[str]:
    """Every URL the instrument's page cites: its own sources, then its criteria's (a page never lists none)."""
    found = list(instrument.sources)
    for criterion in instrument.criteria.all():
        if criterion.source_url and criterion.source_url not in found:
            found.append(criterion.source_url)
    return found or ([instrument.url] if instrument.url else [])


def call_sources(call: Call) -> list[str]:
    """The call's sources, then its rules' and its instrument's: what its page lists under «Fuentes»."""
    found = list(call.sources) or ([call.url] if call.url else [])
    for rule in rules_for_call(call):
        if rule.source_url and rule.source_url not in found:
            found.append(rule.source_url)
    return found + [url for url in instrument_sources(call.instrument) if url not in found]


def focus_rules(call: Call) -> list[Rule]:
    """The call's territory and sector focus, as rules added to the instrument's."""
    source = call_source(call)
    # A referential call's focus is ours to state, not its bases': say so on every rule drawn from it.
    verified, note = not call.is_referential, call.rules_from
    region = call.region.name
    rules = [
        _simple(
            "region",
            Cond("region", "eq", call.region_id),
            f"Tu domicilio está en la Región de {region}.",
            f"Esta convocatoria es para quienes tienen domicilio en la Región de {region}.",
            "Revisa las convocatorias de la región donde vives o tienes tu negocio.",
            source,
        )
    ]
    if call.focus_provinces:
        names = province_names(call.focus_provinces)
        rules.append(
            _simple(
                "focalizacion-provincia",
                Cond("province", "in", frozenset(call.focus_provinces)),
                f"Tu domicilio está en la provincia focalizada ({names}).",
                f"Esta convocatoria está focalizada en la provincia de {names}.",
                "Revisa otras convocatorias abiertas para tu provincia.",
                source,
                verified=verified,
                note=note,
            )
        )
    if call.focus_communes:
        names = _commune_names(call.focus_communes)
        rules.append(
            _simple(
                "focalizacion-comuna",
                Cond("commune", "in", frozenset(call.focus_communes)),
                f"Tu comuna está entre las focalizadas ({names}).",
                f"Esta convocatoria es solo para las comunas de {names}.",
                "Revisa otras convocatorias abiertas para tu comuna.",
                source,
                verified=verified,
                note=note,
            )
        )
    if call.focus_activity_codes:
        rules.append(
            _simple(
                "focalizacion-sector",
                Cond("activity_code", "in", frozenset(call.focus_activity_codes)),
                "Tu actividad económica está entre los sectores focalizados.",
                "Tu actividad económica (código SII) no está entre los sectores focalizados de esta convocatoria.",
                "Revisa la lista de actividades focalizadas en las bases.",
                source,
                verified=verified,
                note=note,
            )
        )
    return rules


def rules_for_call(call: Call) -> list[Rule]:
    """Everything an applicant must meet for this call: the instrument's rules, the call's focus and own rules."""
    own = [_rule(c) for c in call.instrument.criteria.all()]
    extra = [_rule(c) for c in call.criteria.all()]
    # A criterion whose conditions were all removed decides nothing: it is left out, not counted as failing.
    return [r for r in own if r.branches] + focus_rules(call) + [r for r in extra if r.branches]


def call_reaches_commune(call: Call, commune_code: str) -> bool:
    """Whether someone living in this commune falls inside the call's territory (region and focus)."""
    if not commune_code.startswith(call.region_id):
        return False
    if call.focus_provinces and commune_code[:3] not in call.focus_provinces:
        return False
    return not (call.focus_communes and commune_code not in call.focus_communes)


def open_calls_for_commune(commune_code: str, *, now=None) -> list[Call]:
    """The calls open at `now` (default: now) that someone living in the commune falls inside, closing soonest first
    (one query: the region's open calls, then their focus checked here)."""
    now = now or timezone.now()
    found = calls(region=commune_code[:2]).filter(opens_at__lte=now, closes_at__gt=now)
    return [call for call in found if call_reaches_commune(call, commune_code)]


def catalogue(
    *,
    agency: str | None = None,
    objective: str | None = None,
    beneficiary: str | None = None,
    commune: str | None = None,
    open_now: bool = False,
    now=None,
) -> list[tuple[Instrument, list[Call]]]:
    """Instruments matching the filters, each with its calls (only the calls that match commune / open now)."""

    now = now or timezone.now()
    qs = instruments().prefetch_related(Prefetch("calls", queryset=Call.objects.select_related("region")))
    if agency:
        qs = qs.filter(Q(agency__code=agency) | Q(co_agency__code=agency))
    if objective:
        qs = qs.filter(**{f"obj_{objective}": True})
    if beneficiary:
        qs = qs.filter(**{f"for_{beneficiary}": True})
    found = []
    for instrument in qs:
        its_calls = sorted(instrument.calls.all(), key=lambda c: c.closes_at, reverse=True)
        if commune:
            its_calls = [c for c in its_calls if call_reaches_commune(c, commune)]
        if open_now:
            its_calls = [c for c in its_calls if c.status_at(now) == "open"]
        if (commune or open_now) and not its_calls:
            continue
        found.append((instrument, its_calls))
    return found


# catalog_version() changes whenever an instrument, call, criterion or condition is added, edited or removed (one
# small query; a condition's save touches its criterion).
catalog_version = table_version((Instrument, "updated_at"), (Call, "updated_at"), (Criterion, "updated_at"))
