"""Demo portfolio for `make run`: funding sources, two FNDR agreements, the shipped 2024 calls funded, and a seeded
set of sample projects over the registry's sample beneficiaries, with instalments, expense reports, refunds and a few
closures. Everything is marked `is_sample` and labelled «dato de ejemplo» on every page that shows it.

A demo that obeys its own rules: each call's awards go only to sample beneficiaries the eligibility engine finds
`eligible` for that call (ages at its opening), so a call whose rules the registry cannot answer (a group's firms,
the emergency register) gets no sample awards rather than awards to people who fail them. Each project's objective
is drawn from its instrument's objectives, so the figures by objective differ between instruments.

The applications app may later create real projects through `services.create_project_from_award`; this generator
does not depend on it."""

import random
from datetime import date, timedelta

from django.db import transaction

from panal.catalog.models import OBJECTIVES
from panal.catalog.selectors import calls as catalog_calls
from panal.catalog.selectors import rules_for_call
from panal.core.errors import DomainError
from panal.eligibility.engine import ELIGIBLE, evaluate
from panal.registry.selectors import iter_profiles, search_enterprises, search_people

from . import selectors, services
from .models import Agreement, FundingSource, Project

SEED = 20240601
SOURCES = [
    # code, name, kind, agency, amount
    ("demo-fndr-2024", "FNDR O'Higgins 2024 (ejemplo)", "fndr", "gore-06", 3_000_000_000),
    ("demo-sercotec-2024", "Presupuesto Sercotec O'Higgins 2024 (ejemplo)", "sectorial", "sercotec", 1_500_000_000),
    ("demo-corfo-2024", "Presupuesto Corfo O'Higgins 2024 (ejemplo)", "sectorial", "corfo", 800_000_000),
    ("demo-indespa-2024", "Presupuesto Indespa O'Higgins 2024 (ejemplo)", "sectorial", "indespa", 300_000_000),
    ("demo-sernameg-2024", "Presupuesto SernamEG 2024 (ejemplo)", "sectorial", "sernameg", 300_000_000),
]
AGREEMENTS = [
    # number, recipient, amount, instruments
    ("DEMO-GORE-CORFO-2024", "corfo", 900_000_000, ["corfo-par", "corfo-activa-inversion"]),
    (
        "DEMO-GORE-SERCOTEC-2024",
        "sercotec",
        400_000_000,
        ["sercotec-cooperativas-creacion", "sercotec-cooperativas-fortalecimiento", "sercotec-crece"],
    ),
]
SECTORAL_FOR = {
    "sercotec": "demo-sercotec-2024",
    "corfo": "demo-corfo-2024",
    "indespa": "demo-indespa-2024",
    "sernameg": "demo-sernameg-2024",
}
CALL_BUDGET = 250_000_000
PROJECTS_PER_CALL = (10, 22)


def _fund_calls(calls, sources, agreements) -> None:
    for call in calls:
        if selectors.call_fundings(call).exists():
            continue
        if call.funding_source == "fndr":
            agreement = next(a for a in agreements if a.instruments.filter(pk=call.instrument_id).exists())
            services.fund_call(call=call, source=sources["demo-fndr-2024"], agreement=agreement, amount_clp=CALL_BUDGET)
        else:
            code = SECTORAL_FOR.get(call.funding_source, "demo-sercotec-2024")
            services.fund_call(call=call, source=sources[code], amount_clp=CALL_BUDGET // 2)
        if call.instrument.code.startswith("sercotec-cooperativas"):
            sercotec_gore = next(a for a in agreements if a.recipient.code == "sercotec")
            services.fund_call(
                call=call, source=sources["demo-fndr-2024"], agreement=sercotec_gore, amount_clp=160_000_000
            )


def _candidates(call, people, firms, coops, profiles: dict) -> list:
    """The sample beneficiaries the engine finds eligible for `call`, in registry order."""

    rules = rules_for_call(call)
    pool = [("persona", p) for p in people] + [("empresa", f) for f in firms] + [("cooperativa", c) for c in coops]
    return [
        who
        for kind, who in pool
        if (profile := profiles.get((kind, who.pk))) is not None
        and evaluate(profile, call, rules=rules)["status"] == ELIGIBLE
    ]


def _objective(rng, instrument) -> str:

    return rng.choice([key for key in OBJECTIVES if getattr(instrument, f"obj_{key}")] or ["productividad"])


def _amount(rng, call) -> int:
    top = call.subsidy_max_clp or call.instrument.subsidy_max_clp or 5_000_000
    low = call.subsidy_min_clp or call.instrument.subsidy_min_clp or top // 3
    low = -(-low // 10_000) * 10_000  # round amounts, as awards are
    return rng.randrange(low, top + 1, 10_000) if top > low else top


def _execute(rng, project, awarded_on) -> None:
    """Instalments, an expense report with an item or two rejected, a refund, sometimes closure."""
    paid_on = awarded_on + timedelta(days=rng.randint(20, 60))
    first = project.awarded_clp if rng.random() < 0.4 else (project.awarded_clp * 6 // 10) // 1000 * 1000
    services.disburse(project=project, amount_clp=first, paid_on=paid_on, reference="Cuota 1 (ejemplo)")
    if first < project.awarded_clp and rng.random() < 0.7:
        services.disburse(
            project=project,
            amount_clp=project.awarded_clp - first,
            paid_on=paid_on + timedelta(days=rng.randint(60, 120)),
            reference="Cuota 2 (ejemplo)",
        )
    project.refresh_from_db()
    if rng.random() < 0.6:
        received = project.executed_clp
        rejected = (received * rng.choice([0, 0, 5, 10]) // 100) // 1000 * 1000
        items = [
            {"description": "Maquinaria y equipos", "amount_clp": received - rejected, "approved": True},
        ]
        if rejected:
            items.append(
                {
                    "description": "Gastos sin respaldo",
                    "amount_clp": rejected,
                    "approved": False,
                    "reason": "Boleta sin detalle (ejemplo)",
                }
            )
        reviewed = paid_on + timedelta(days=rng.randint(150, 240))
        services.record_expense_report(
            project=project, submitted_on=reviewed - timedelta(days=10), reviewed_on=reviewed, items=items
        )
        if rejected:
            services.record_refund(project=project, amount_clp=rejected, refunded_on=reviewed + timedelta(days=20))
        if rng.random() < 0.5:
            services.close_project(project=project, closed_on=reviewed + timedelta(days=30), note="Cierre (ejemplo)")


@transaction.atomic
def load_demo() -> str:

    if Project.objects.filter(is_sample=True).exists():
        count = Project.objects.filter(is_sample=True).count()
        return f"cartera: la cartera de ejemplo ya estaba cargada ({count} proyectos)."
    people = list(search_people().filter(is_sample=True, commune__isnull=False).order_by("id"))
    firms = list(
        search_enterprises().filter(is_sample=True, commune__isnull=False, cooperative__isnull=True).order_by("id")
    )
    coops = list(
        search_enterprises(cooperatives_only=True).filter(is_sample=True, commune__isnull=False).order_by("id")
    )
    calls = [c for c in catalog_calls(region="06") if c.year == 2024]
    if not (people or firms or coops) or not calls:
        return "cartera: faltan beneficiarios o convocatorias de ejemplo (cargue primero el registro y el catálogo)."
    sources = {}
    for code, name, kind, agency, amount in SOURCES:
        sources[code] = FundingSource.objects.filter(code=code).first() or services.create_funding_source(
            code=code, name=name, kind=kind, agency_code=agency, year=2024, amount_clp=amount, is_sample=True
        )
    agreements = []
    for number, recipient, amount, instruments in AGREEMENTS:
        agreements.append(
            Agreement.objects.filter(number=number).first()
            or services.create_agreement(
                number=number,
                source=sources["demo-fndr-2024"],
                recipient_code=recipient,
                amount_clp=amount,
                signed_on=date(2024, 2, 15),
                starts_on=date(2024, 3, 1),
                ends_on=date(2025, 12, 31),
                instrument_codes=instruments,
                is_sample=True,
            )
        )
        services.record_transfer(agreement=agreements[-1], amount_clp=amount // 2, transferred_on=date(2024, 3, 15))
    _fund_calls(calls, sources, agreements)
    profiles = {(kind, pk): profile for kind, pk, profile in iter_profiles()}
    rng = random.Random(SEED)
    created, without = 0, []
    for call in calls:
        pool = _candidates(call, people, firms, coops, profiles)
        if not pool:
            without.append(call.instrument.name)
            continue
        chosen = rng.sample(pool, min(len(pool), rng.randint(*PROJECTS_PER_CALL)))
        for i, who in enumerate(chosen):
            awarded_on = call.closes_at.date() + timedelta(days=rng.randint(30, 75))
            is_person = who in people
            try:
                project = services.create_project_from_award(
                    call=call,
                    person=who if is_person else None,
                    enterprise=None if is_person else who,
                    amount_clp=_amount(rng, call),
                    own_contribution_clp=rng.randrange(0, 1_000_001, 50_000),
                    awarded_on=awarded_on,
                    starts_on=awarded_on + timedelta(days=15),
                    ends_on=awarded_on + timedelta(days=380),
                    title=f"Proyecto de ejemplo {i + 1}: {call.instrument.name}",
                    objective=_objective(rng, call.instrument),
                    source_key=f"demo:{call.code}:{i}",
                    is_sample=True,
                )
            except DomainError:  # the call's budget is used up: stop awarding in it (nothing was written)
                break
            created += 1
            if rng.random() < 0.85:
                _execute(rng, project, awarded_on)
    skipped = (
        f" Sin adjudicaciones de ejemplo (nadie del registro cumple sus requisitos): {', '.join(without)}."
        if without
        else ""
    )
    return (
        f"cartera: {created} proyectos de ejemplo en {len(calls)} convocatorias 2024, con desembolsos y rendiciones."
        + skipped
    )
