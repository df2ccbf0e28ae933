"""Writes on the money side of the portfolio: funding sources, FNDR agreements, their transfers and call budgets.

Re-exported by `services.py`; every function locks the rows whose balance it changes and refuses, with a Spanish
message naming the field, anything that would break `allocated ≤ amount` or `transferred ≤ agreement amount`.
"""

from datetime import date

from django.db import transaction

from panal.catalog.selectors import get_agency, instruments
from panal.core import audit
from panal.core.errors import DomainError
from panal.core.money import clean_clp, format_clp

from .models import SOURCE_KINDS, Agreement, AgreementTransfer, CallBudget, CallFunding, FundingSource


def clean_date(value, field: str, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise DomainError(f"{label} debe ser una fecha con formato AAAA-MM-DD.", field=field) from exc


def _agency(code: str, field: str):
    agency = get_agency(code)
    if agency is None:
        raise DomainError(f"La institución «{code}» no existe.", field=field)
    return agency


@transaction.atomic
def create_funding_source(
    *, code: str, name: str, kind: str, agency_code: str, year: int, amount_clp, is_sample: bool = False, actor=None
) -> FundingSource:
    if kind not in SOURCE_KINDS:
        raise DomainError("El tipo de fuente debe ser «sectorial» o «fndr».", field="kind")
    amount = clean_clp(amount_clp, "amount_clp")
    if FundingSource.objects.filter(code=code).exists():
        raise DomainError(f"Ya existe una fuente de financiamiento con el código «{code}».", field="code")
    source = FundingSource.objects.create(
        code=code,
        name=name,
        kind=kind,
        agency=_agency(agency_code, "agency"),
        year=int(year),
        amount_clp=amount,
        is_sample=is_sample,
    )
    audit.record(actor=actor, action="portfolio.source.created", obj=source, after={"amount_clp": amount})
    return source


def _allocate_from_source(source: FundingSource, amount: int) -> FundingSource:
    source = FundingSource.objects.select_for_update().get(pk=source.pk)
    if source.allocated_clp + amount > source.amount_clp:
        raise DomainError(
            f"La fuente «{source.name}» no tiene saldo suficiente: quedan {format_clp(source.available_clp)} "
            f"y se piden {format_clp(amount)}.",
            field="amount_clp",
        )
    source.allocated_clp += amount
    source.save(update_fields=["allocated_clp"])
    return source


@transaction.atomic
def create_agreement(
    *,
    number: str,
    source: FundingSource,
    recipient_code: str,
    amount_clp,
    signed_on,
    starts_on,
    ends_on,
    instrument_codes=(),
    grantor_code: str | None = None,
    is_sample: bool = False,
    actor=None,
) -> Agreement:
    """A convenio that moves part of an FNDR source to an agency, for the instruments it names."""

    number = str(number or "").strip()
    if not number:
        raise DomainError("El número de convenio es obligatorio.", field="number")
    if Agreement.objects.filter(number=number).exists():
        raise DomainError(f"Ya existe el convenio número «{number}».", field="number")
    if source.kind != "fndr":
        raise DomainError("Los convenios se financian con una fuente FNDR.", field="source")
    amount = clean_clp(amount_clp, "amount_clp", label="El monto del convenio")
    starts = clean_date(starts_on, "starts_on", "El inicio de vigencia")
    ends = clean_date(ends_on, "ends_on", "El término de vigencia")
    if ends < starts:
        raise DomainError("El término de vigencia no puede ser anterior a su inicio.", field="ends_on")
    found = list(instruments().filter(code__in=list(instrument_codes)))
    missing = sorted(set(instrument_codes) - {i.code for i in found})
    if missing:
        raise DomainError(f"Instrumentos desconocidos: {', '.join(missing)}.", field="instrument_codes")
    source = _allocate_from_source(source, amount)
    agreement = Agreement.objects.create(
        number=number,
        source=source,
        grantor=_agency(grantor_code, "grantor") if grantor_code else source.agency,
        recipient=_agency(recipient_code, "recipient"),
        amount_clp=amount,
        signed_on=clean_date(signed_on, "signed_on", "La fecha de firma"),
        starts_on=starts,
        ends_on=ends,
        is_sample=is_sample,
    )
    agreement.instruments.set(found)
    audit.record(actor=actor, action="portfolio.agreement.created", obj=agreement, after={"amount_clp": amount})
    return agreement


@transaction.atomic
def record_transfer(
    *, agreement: Agreement, amount_clp, transferred_on, reference: str = "", actor=None
) -> AgreementTransfer:
    """The GORE pays part of an agreement; the total transferred never exceeds the agreement's amount."""
    amount = clean_clp(amount_clp, "amount_clp", label="El monto de la transferencia")
    when = clean_date(transferred_on, "transferred_on", "La fecha de la transferencia")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    left = agreement.amount_clp - agreement.transferred_clp
    if amount > left:
        raise DomainError(
            f"La transferencia de {format_clp(amount)} supera lo que queda por transferir del convenio "
            f"{agreement.number} ({format_clp(left)}).",
            field="amount_clp",
        )
    transfer = AgreementTransfer.objects.create(
        agreement=agreement, amount_clp=amount, transferred_on=when, reference=reference, created_by=_user(actor)
    )
    agreement.transferred_clp += amount
    agreement.save(update_fields=["transferred_clp"])
    audit.record(actor=actor, action="portfolio.transfer.recorded", obj=agreement, after={"amount_clp": amount})
    return transfer


@transaction.atomic
def reverse_transfer(*, transfer: AgreementTransfer, reason: str, on=None, actor=None) -> AgreementTransfer:
    if not (reason or "").strip():
        raise DomainError("Indique el motivo de la corrección.", field="reason")
    if transfer.reverses_id or AgreementTransfer.objects.filter(reverses=transfer).exists():
        raise DomainError("Esta transferencia ya es una corrección o ya fue revertida.", field="transfer")
    agreement = Agreement.objects.select_for_update().get(pk=transfer.agreement_id)
    reversal = AgreementTransfer.objects.create(
        agreement=agreement,
        amount_clp=-transfer.amount_clp,
        transferred_on=clean_date(on or date.today(), "on", "La fecha"),
        reference=f"Revierte {transfer.pk}",
        reverses=transfer,
        created_by=_user(actor),
    )
    agreement.transferred_clp -= transfer.amount_clp
    agreement.save(update_fields=["transferred_clp"])
    audit.record(actor=actor, action="portfolio.transfer.reversed", obj=agreement, reason=reason)
    return reversal


@transaction.atomic
def fund_call(
    *, call, source: FundingSource, amount_clp, agreement: Agreement | None = None, actor=None
) -> CallFunding:
    """Assign money to a call from a source (through an agreement for FNDR money); raises the call's budget."""
    amount = clean_clp(amount_clp, "amount_clp")
    if source.kind == "fndr" and agreement is None:
        raise DomainError("El dinero FNDR llega a una convocatoria a través de un convenio.", field="agreement")
    if agreement is not None:
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.source_id != source.pk:
            raise DomainError("El convenio no se financia con esa fuente.", field="agreement")
        if not agreement.instruments.filter(pk=call.instrument_id).exists():
            raise DomainError(
                f"El convenio {agreement.number} no financia el instrumento «{call.instrument}».", field="agreement"
            )
        left = agreement.amount_clp - agreement.allocated_clp
        if amount > left:
            raise DomainError(
                f"El convenio {agreement.number} no alcanza: quedan {format_clp(left)} sin asignar y se piden "
                f"{format_clp(amount)}.",
                field="amount_clp",
            )
        agreement.allocated_clp += amount
        agreement.save(update_fields=["allocated_clp"])
    else:
        _allocate_from_source(source, amount)
    budget = _locked_budget(call)
    if not CallFunding.objects.filter(call=call).exists():
        budget.budget_clp = 0  # registered funding lines replace the budget the catalogue declares
    if budget.budget_clp + amount < budget.awarded_clp:
        raise DomainError(
            f"El financiamiento registrado ({format_clp(budget.budget_clp + amount)}) es menor que lo ya adjudicado "
            f"en la convocatoria ({format_clp(budget.awarded_clp)}).",
            field="amount_clp",
        )
    funding = CallFunding.objects.select_for_update().filter(call=call, source=source, agreement=agreement).first()
    if funding is None:
        funding = CallFunding.objects.create(call=call, source=source, agreement=agreement, amount_clp=amount)
    else:
        funding.amount_clp += amount
        funding.save(update_fields=["amount_clp"])
    budget.budget_clp += amount
    budget.save(update_fields=["budget_clp"])
    audit.record(actor=actor, action="portfolio.call.funded", obj=funding, after={"amount_clp": amount})
    return funding


def _locked_budget(call) -> CallBudget:
    CallBudget.objects.get_or_create(call=call, defaults={"budget_clp": call.budget_clp})
    return CallBudget.objects.select_for_update().get(call=call)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
