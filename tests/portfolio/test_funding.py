from datetime import date

import pytest

from panal.catalog.selectors import get_call
from panal.core.errors import DomainError
from panal.portfolio import services
from panal.portfolio.models import AgreementTransfer, CallBudget


@pytest.fixture
def fndr(reference_data):
    source = services.create_funding_source(
        code="fndr-2024", name="FNDR 2024", kind="fndr", agency_code="gore-06", year=2024, amount_clp=1_000_000_000
    )
    agreement = services.create_agreement(
        number="GORE-CORFO-2024-01",
        source=source,
        recipient_code="corfo",
        amount_clp=300_000_000,
        signed_on=date(2024, 3, 1),
        starts_on=date(2024, 3, 1),
        ends_on=date(2025, 12, 31),
        instrument_codes=["corfo-par", "corfo-activa-inversion"],
    )
    return source, agreement


def test_agreement_takes_money_from_the_fndr(fndr):
    source, agreement = fndr
    source.refresh_from_db()
    assert source.allocated_clp == 300_000_000 and source.available_clp == 700_000_000
    assert agreement.grantor.code == "gore-06" and agreement.recipient.code == "corfo"


def test_agreement_above_the_fndr_balance_is_refused(fndr):
    source, _ = fndr
    with pytest.raises(DomainError, match=r"quedan \$700\.000\.000"):
        services.create_agreement(
            number="GORE-X",
            source=source,
            recipient_code="sercotec",
            amount_clp=700_000_001,
            signed_on="2024-03-01",
            starts_on="2024-03-01",
            ends_on="2024-12-31",
        )


def test_transfers_never_exceed_the_agreement(fndr):
    _, agreement = fndr
    services.record_transfer(agreement=agreement, amount_clp=200_000_000, transferred_on=date(2024, 4, 1))
    with pytest.raises(DomainError) as exc:
        services.record_transfer(agreement=agreement, amount_clp=100_000_001, transferred_on=date(2024, 5, 1))
    assert exc.value.field == "amount_clp" and "$100.000.000" in exc.value.message
    agreement.refresh_from_db()
    assert agreement.transferred_clp == 200_000_000
    assert AgreementTransfer.objects.filter(agreement=agreement).count() == 1


def test_transfer_reversal(fndr):
    _, agreement = fndr
    t = services.record_transfer(agreement=agreement, amount_clp=50_000_000, transferred_on=date(2024, 4, 1))
    services.reverse_transfer(transfer=t, reason="Transferencia duplicada")
    agreement.refresh_from_db()
    assert agreement.transferred_clp == 0
    with pytest.raises(DomainError):
        services.reverse_transfer(transfer=t, reason="de nuevo")


def test_call_funded_through_agreement_only_for_its_instruments(fndr):
    source, agreement = fndr
    par = get_call("corfo-par")
    services.fund_call(call=par, source=source, agreement=agreement, amount_clp=120_000_000)
    assert CallBudget.objects.get(call=par).budget_clp == 120_000_000
    with pytest.raises(DomainError, match="no financia el instrumento"):
        services.fund_call(call=get_call("sercotec-crece"), source=source, agreement=agreement, amount_clp=1_000)
    with pytest.raises(DomainError, match="a través de un convenio"):
        services.fund_call(call=par, source=source, amount_clp=1_000)
    with pytest.raises(DomainError, match="no alcanza"):
        services.fund_call(call=par, source=source, agreement=agreement, amount_clp=180_000_001)


def test_project_of_fndr_call_carries_source_and_agreement(fndr, builders):
    source, agreement = fndr
    par = get_call("corfo-par")
    services.fund_call(call=par, source=source, agreement=agreement, amount_clp=120_000_000)
    project = builders.project(par, amount=4_000_000, enterprise=builders.enterprise())
    assert project.funding_source == source and project.agreement == agreement and project.agency.code == "corfo"
